// Package fa is the Persian language pack: it normalises Persian news text (keeping a map back
// to the original bytes), splits it into sentences, and finds the numbers, money amounts and
// dates in it, resolving Solar Hijri and relative dates against the publication time.
//
// # Normalisation
//
// Normalize makes the spellings of one word alike, so that a phrase matches however an article
// writes it:
//
//   - Arabic letter forms become Persian: ي ى ئ → ی, ك → ک, ۀ ة → ه, أ إ → ا (but أ after ی is ی,
//     so «هیأت» = «هیئت»), ؤ → و.
//   - Persian (۰-۹) and Arabic-Indic (٠-٩) digits become ASCII; ٫ → '.', ٬ → ',', ٪ → '%'.
//   - Tatweel, short vowels and other diacritics are left out; ا with a combining maddah is آ.
//   - The zero-width non-joiner is left out (so are ZWJ, ZWSP, BOM, bidi controls and the soft
//     hyphen), and the affixes Persian writes with a ZWNJ, a space or nothing are glued to their
//     word: the prefixes «می», «نمی», «بی» to the next word, the suffixes «ها», «های», «هایی»,
//     «هاست», «هایش»…, «تر», «ترین» to the previous one, «اند», «ام», «ای», «ایم», «اید» to a
//     previous word ending in «ه», and «یک/دو/سه/چهار/پنج» to «شنبه». So «می‌شود», «می شود» and
//     «میشود» are all «میشود»; «پروژه‌های», «پروژه های» and «پروژههای» are all «پروژههای».
//     Two exceptions: after «ه», a ZWNJ and a lone «ی» (the ezafe «توسعه‌ی») are left out like
//     «ۀ»; a ZWNJ before «است» becomes a space («شده‌است» = «شده است»).
//   - Every kind of white space becomes one space; a run with one line break becomes "\n", with
//     two or more "\n\n" (paragraphs stay visible); leading and trailing space is dropped.
//
// Normalize is idempotent: Normalize(Normalize(s).Norm).Norm == Normalize(s).Norm.
//
// # Dates
//
// Dates are resolved in Asia/Tehran. A Solar date without a year takes the Solar year (the
// publication's, the one before or the one after) that puts it closest to the local publication
// date, preferring a year that agrees with a weekday written next to it. At month precision a
// Solar month is given as the Gregorian month in which it begins (Azar 1404 → 2025-11), at year
// precision as the Gregorian year in which it begins (1404 → 2025). Every Jalali↔Gregorian
// conversion goes through github.com/yaa110/go-persian-calendar.
package fa

import (
	"sync"
	"time"
	_ "time/tzdata" // Asia/Tehran must resolve on machines without a zoneinfo database

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Pack is the Persian language pack. It is immutable after New and safe for concurrent use.
type Pack struct {
	zone      *time.Location
	lex       map[string]*lexEntry
	lexFilter *[1 << 10]uint64 // see lexKey
	toks      sync.Pool        // *[]tok, reused between calls
}

var _ text.Pack = (*Pack)(nil)

// New builds the pack and its word tables.
func New() *Pack {
	p := &Pack{zone: tehran(), lex: buildLexicon()}
	p.lexFilter = buildLexFilter(p.lex)
	p.toks.New = func() any { s := make([]tok, 0, 1024); return &s }
	return p
}

// tehran is Asia/Tehran, or a fixed UTC+03:30 if the zone database cannot be read (Iran has not
// observed daylight saving time since 2022).
func tehran() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tehran"); err == nil {
		return loc
	}
	return time.FixedZone("+0330", 3*3600+30*60)
}

// Lang is "fa".
func (p *Pack) Lang() string { return "fa" }

// Zone is Asia/Tehran.
func (p *Pack) Zone() *time.Location { return p.zone }

// Normalize returns the normalised view of orig (see the package documentation).
func (p *Pack) Normalize(orig string) *text.Text { return Normalize(orig) }

// tokens tokenises t.Norm into a pooled slice; the caller gives it back with release.
func (p *Pack) tokens(norm string) *[]tok {
	buf := p.toks.Get().(*[]tok)
	*buf = p.tokenize(norm, (*buf)[:0])
	return buf
}

func (p *Pack) release(buf *[]tok) {
	if cap(*buf) <= 1<<16 {
		p.toks.Put(buf)
	}
}
