package bus

import (
	"fmt"
	"strings"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// UnknownSource is the source token of an article published without a source. Every subject
// needs a source token, and "unknown" says plainly where the article's origin was lost.
const UnknownSource = "unknown"

// Subjects builds the subjects of contract v1 (spec/events.md), with an optional prefix in
// front of every subject. The zero value has no prefix. A prefix is one or more dot-separated
// tokens ("acme" or "acme.prod"), never a wildcard.
type Subjects struct {
	prefix string // "" or "<prefix>."
}

// NewSubjects returns the subjects under prefix ("" for none). It fails when the prefix is
// not a sequence of dot-separated subject tokens.
func NewSubjects(prefix string) (Subjects, error) {
	if prefix == "" {
		return Subjects{}, nil
	}
	for tok := range strings.SplitSeq(prefix, ".") {
		if !isSubjectToken(tok) {
			return Subjects{}, fmt.Errorf("subject prefix %q: token %q is empty or has a wildcard, space or control character", prefix, tok)
		}
	}
	return Subjects{prefix: prefix + "."}, nil
}

// Prefix returns the prefix without its trailing dot ("" for none).
func (s Subjects) Prefix() string { return strings.TrimSuffix(s.prefix, ".") }

// Article is the subject of a raw article: articles.<lang>.<source>.<article_id>. The article
// must have passed PrepareArticle.
func (s Subjects) Article(lang, source, articleID string) string {
	return s.prefix + "articles." + lang + "." + source + "." + articleID
}

// Event is the subject of an event: events.<type>.<lang>.<source>.<event_id>, where source is
// the source of the event's article.
func (s Subjects) Event(typ, lang, source, eventID string) string {
	return s.prefix + "events." + typ + "." + lang + "." + source + "." + eventID
}

// Dead is the subject of a message parked by stage: dead.<stage>.<source>.
func (s Subjects) Dead(stage, source string) string {
	return s.prefix + "dead." + stage + "." + source
}

// Job is the subject of a fetch job of kind ("feed" or "page") for source: jobs.<kind>.<source>.
func (s Subjects) Job(kind, source string) string {
	return s.prefix + "jobs." + kind + "." + source
}

// ArticlesAll is the wildcard subject of every article.
func (s Subjects) ArticlesAll() string { return s.prefix + "articles.>" }

// EventsAll is the wildcard subject of every event.
func (s Subjects) EventsAll() string { return s.prefix + "events.>" }

// DeadAll is the wildcard subject of every parked message.
func (s Subjects) DeadAll() string { return s.prefix + "dead.>" }

// JobsAll is the wildcard subject of every fetch job.
func (s Subjects) JobsAll() string { return s.prefix + "jobs.>" }

// EventsFilter is the subject filter for events of one type, language and source; an empty
// argument matches any value ("" "fa" "" gives events.*.fa.*.*).
func (s Subjects) EventsFilter(typ, lang, source string) string {
	return s.prefix + "events." + orStar(typ) + "." + orStar(lang) + "." + orStar(source) + ".*"
}

// ArticleTokens returns the tokens of an article subject: lang, source and id. ok is false for
// a subject that is not an article subject under these Subjects.
func (s Subjects) ArticleTokens(subject string) (lang, source, id string, ok bool) {
	rest, found := strings.CutPrefix(subject, s.prefix+"articles.")
	if !found {
		return "", "", "", false
	}
	toks := strings.Split(rest, ".")
	if len(toks) != 3 {
		return "", "", "", false
	}
	return toks[0], toks[1], toks[2], true
}

// CheckEventTokens reports whether an event can be published on its subject: the type, the
// language, the source and the id must each be a contract token.
func CheckEventTokens(typ, lang, source, id string) error {
	for _, f := range [...]struct{ name, v string }{{"type", typ}, {"lang", lang}, {"source", source}, {"id", id}} {
		if !news.IsToken(f.v) {
			return fmt.Errorf("event %s %q is not a [a-z0-9_-]+ token", f.name, f.v)
		}
	}
	return nil
}

func orStar(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// isSubjectToken reports whether tok can be one token of a literal subject.
func isSubjectToken(tok string) bool {
	if tok == "" {
		return false
	}
	for _, r := range tok {
		if r == '*' || r == '>' || r == '.' || r <= ' ' || r == 0x7f {
			return false
		}
	}
	return true
}
