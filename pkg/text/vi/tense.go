package vi

import (
	"unicode/utf8"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Tense is the time reference that Vietnamese aspect words give a clause. Vietnamese verbs
// do not inflect; these preverbal words carry tense.
type Tense uint8

const (
	NoTense Tense = iota // no marker
	Past                 // đã, vừa, vừa qua
	Ongoing              // đang
	Future               // sẽ, sắp, dự kiến, dự định, chuẩn bị, tới đây, theo kế hoạch
)

func (t Tense) String() string {
	switch t {
	case Past:
		return "past"
	case Ongoing:
		return "ongoing"
	case Future:
		return "future"
	}
	return "none"
}

// TenseMarker is one aspect word (or phrase) found in a Fold string.
type TenseMarker struct {
	text.Span
	Tense Tense
}

// TenseMarkers finds the aspect markers in fold (lower-case normalised text, such as a
// sentence of Text.Fold), in order, as whole words:
//   - Future: «sẽ», «sắp», «dự kiến», «dự định», «chuẩn bị», «tới đây», «theo kế hoạch»;
//   - Ongoing: «đang», except «đang chuẩn bị», «đang dự kiến» and «đang lên kế hoạch», which
//     are one Future marker (preparing is not doing);
//   - Past: «đã», «vừa» (also «vừa qua»), except «vừa» after «và» or «nhỏ» («nhỏ và vừa»:
//     small and medium) and «vừa … vừa …» (both … and …: two or more «vừa» in fold).
//
// Spans are byte offsets in fold.
func TenseMarkers(fold string) []TenseMarker {
	var out []TenseMarker
	var prev [2]wordAt // the two words before the current one
	vua := 0           // «vừa» markers: two or more are «vừa … vừa …» (both … and …)
	for w := range words(fold) {
		add := func(t Tense, start int) {
			out = append(out, TenseMarker{Span: text.Span{Start: start, End: w.end}, Tense: t})
		}
		switch w.w {
		case "sẽ", "sắp":
			add(Future, w.start)
		case "kiến", "định":
			if prev[1].w == "dự" && prev[1].end+1 == w.start {
				start := prev[1].start
				if n := len(out); n > 0 && out[n-1].Tense == Ongoing && prev[0].w == "đang" && prev[0].end+1 == prev[1].start {
					out, start = out[:n-1], prev[0].start
				}
				add(Future, start)
			}
		case "bị":
			if prev[1].w == "chuẩn" && prev[1].end+1 == w.start {
				start := prev[1].start
				if n := len(out); n > 0 && out[n-1].Tense == Ongoing && prev[0].w == "đang" && prev[0].end+1 == prev[1].start {
					out, start = out[:n-1], prev[0].start
				}
				add(Future, start)
			}
		case "hoạch":
			if prev[1].w == "kế" && prev[1].end+1 == w.start && prev[0].end+1 == prev[1].start {
				switch prev[0].w {
				case "theo":
					add(Future, prev[0].start)
				case "lên":
					if n := len(out); n > 0 && out[n-1].Tense == Ongoing && out[n-1].End+1 == prev[0].start {
						out[n-1].Tense, out[n-1].End = Future, w.end
					}
				}
			}
		case "đây":
			if prev[1].w == "tới" && prev[1].end+1 == w.start {
				add(Future, prev[1].start)
			}
		case "đang":
			add(Ongoing, w.start)
		case "đã":
			add(Past, w.start)
		case "vừa":
			if prev[1].w != "và" && prev[1].w != "nhỏ" {
				add(Past, w.start)
				vua++
			}
		case "qua":
			if n := len(out); n > 0 && prev[1].w == "vừa" && out[n-1].End == prev[1].end && prev[1].end+1 == w.start {
				out[n-1].End = w.end
			}
		}
		prev[0], prev[1] = prev[1], w
	}
	if vua >= 2 {
		kept := out[:0]
		for _, m := range out {
			if m.End-m.Start != len("vừa") || fold[m.Start:m.End] != "vừa" {
				kept = append(kept, m)
			}
		}
		out = kept
	}
	return out
}

// TenseOf is the tense of the first marker in fold, or NoTense.
func TenseOf(fold string) Tense {
	if m := TenseMarkers(fold); len(m) > 0 {
		return m[0].Tense
	}
	return NoTense
}

type wordAt struct {
	w          string
	start, end int
}

// words yields the words (runs of letters) of s with their offsets.
func words(s string) func(yield func(wordAt) bool) {
	return func(yield func(wordAt) bool) {
		start := -1
		for i := 0; i <= len(s); {
			r, size := rune(' '), 1
			if i < len(s) {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if isLetter(r) || isMark(r) {
				if start < 0 {
					start = i
				}
			} else if start >= 0 {
				if !yield(wordAt{s[start:i], start, i}) {
					return
				}
				start = -1
			}
			i += size
		}
	}
}
