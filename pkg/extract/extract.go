// Package extract is the extraction engine: one Article in, its events out, as spec/events.md
// defines them. It is pure and deterministic: the same article and engine version always give
// byte-identical events. It knows nothing of NATS or files.
//
// Per article the engine normalises the text with the language pack (keeping a map back to the
// original bytes), splits sentences, finds cue phrases (rules/<lang>.yaml) and gazetteer names
// in one Aho-Corasick pass each, reads numbers, money and dates, and then applies the rules of
// each event type (visit.go, count.go, agreement.go). Events describing one happening are
// merged; each carries its evidence sentence with byte offsets into Article.Text.
package extract

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/gazetteer"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/text"
	"github.com/tinkhabar/tinkhabar/pkg/text/fa"
	"github.com/tinkhabar/tinkhabar/pkg/text/vi"
)

// baseVersion is bumped by hand when the engine's code changes behaviour; the rule and
// gazetteer data are hashed into the full version (Engine.Version).
const baseVersion = "0.1.0"

//go:embed rules/*.yaml
var embeddedRules embed.FS

// Options changes where the engine's data comes from. The zero value uses the embedded data.
type Options struct {
	// RulesDir, when set, holds fa.yaml and/or vi.yaml replacing the embedded rule files.
	RulesDir string
	// GazetteerDir, when set, holds gazetteer YAML files replacing the embedded ones.
	GazetteerDir string
}

// Engine extracts events from articles. It is safe for concurrent use.
type Engine struct {
	version string
	gaz     *gazetteer.Gazetteer
	langs   map[string]*language
}

// language is what the engine holds per language: its pack, its cue lexicon and the small
// word tables of the rules, built once.
type language struct {
	pack   text.Pack
	lex    *lexicon
	tables tables
}

// tables are per-language word lists of the rules (see their functions for what each holds).
type tables struct {
	bodyHeads []bodyHead
	bodyStops map[string]bool
	kindStops map[string]bool
	offices   []string
}

func newTables(lang string) tables {
	return tables{bodyHeads: bodyHeads(lang), bodyStops: bodyStops(lang), kindStops: kindStops(lang), offices: officeWords(lang)}
}

// New builds an engine from the embedded default rules and gazetteer.
func New() (*Engine, error) { return NewWithOptions(Options{}) }

// NewWithOptions builds an engine, reading rule or gazetteer overrides from disk when asked.
func NewWithOptions(opt Options) (*Engine, error) {
	faPack, viPack := fa.New(), vi.New()
	norms := map[string]gazetteer.Normalizer{news.LangFa: fa.Canonical, news.LangVi: vi.Canonical}
	var (
		gaz *gazetteer.Gazetteer
		err error
	)
	if opt.GazetteerDir != "" {
		gaz, err = gazetteer.Load(os.DirFS(opt.GazetteerDir), norms)
	} else {
		gaz, err = gazetteer.Default(norms)
	}
	if err != nil {
		return nil, fmt.Errorf("loading gazetteer: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(gaz.Version()))
	e := &Engine{gaz: gaz, langs: map[string]*language{}}
	for _, l := range []struct {
		code string
		pack text.Pack
	}{{news.LangFa, faPack}, {news.LangVi, viPack}} {
		data, err := readRules(opt.RulesDir, l.code)
		if err != nil {
			return nil, err
		}
		h.Write(data)
		pack := l.pack
		fold := func(s string) string { return pack.Normalize(s).Fold }
		lex, err := loadLexicon(l.code+".yaml", data, fold)
		if err != nil {
			return nil, err
		}
		e.langs[l.code] = &language{pack: pack, lex: lex, tables: newTables(l.code)}
	}
	e.version = baseVersion + "+" + hex.EncodeToString(h.Sum(nil)[:4])
	return e, nil
}

func readRules(dir, lang string) ([]byte, error) {
	if dir != "" {
		p := filepath.Join(dir, lang+".yaml")
		data, err := os.ReadFile(p)
		if err == nil {
			return data, nil
		}
		if !os.IsNotExist(err) {
			return nil, fmt.Errorf("reading rules %s: %w", p, err)
		}
	}
	data, err := fs.ReadFile(embeddedRules, "rules/"+lang+".yaml")
	if err != nil {
		return nil, fmt.Errorf("reading embedded rules for %s: %w", lang, err)
	}
	return data, nil
}

// Version is the extractor version written into every event (news.Extractor): the engine's
// own version and a digest of its rule and gazetteer data.
func (e *Engine) Version() string { return e.version }

// Gazetteer is the gazetteer the engine resolves names with.
func (e *Engine) Gazetteer() *gazetteer.Gazetteer { return e.gaz }

// Extract returns the events of one article, ordered by evidence position, type and key. It
// fails only when the article itself is unusable (news.ErrInvalidArticle); an article with no
// events gives nil. An article without an id gets news.ArticleID of its canonical URL (or URL).
func (e *Engine) Extract(a *news.Article) ([]news.Event, error) {
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	l := e.langs[a.Lang]
	d := e.analyse(a, l)
	defer d.t.Release() // nothing of the normalised text outlives the call
	var evs []news.Event
	evs = append(evs, d.visits()...)
	evs = append(evs, d.counts()...)
	evs = append(evs, d.agreements()...)
	if len(evs) == 0 {
		return nil, nil
	}
	articleID := a.ID
	if articleID == "" {
		u := a.CanonicalURL
		if u == "" {
			u = a.URL
		}
		articleID = news.ArticleID(u)
	}
	ref := news.ArticleRef{ID: articleID, URL: cmp.Or(a.CanonicalURL, a.URL), Source: a.Source}
	if a.Published != nil {
		ref.Published = a.Published.UTC().Format(time.RFC3339)
	}
	for i := range evs {
		ev := &evs[i]
		ev.Lang = a.Lang
		ev.Article = ref
		ev.Extractor = news.Extractor{Version: e.version}
		ev.ID = news.EventID(articleID, ev.Type, ev.Key())
		ev.SummaryEn = news.Summary(ev)
	}
	slices.SortStableFunc(evs, func(x, y news.Event) int {
		return cmp.Or(cmp.Compare(x.Evidence.Start, y.Evidence.Start),
			cmp.Compare(typeRank(x.Type), typeRank(y.Type)),
			cmp.Compare(x.Key(), y.Key()))
	})
	return evs, nil
}

func typeRank(t string) int { return slices.Index(news.Types, t) }
