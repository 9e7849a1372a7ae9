package bench

import (
	"strings"
	"unicode"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// DigitSentences is a synthetic, deterministic extractor: one project_count event per
// sentence that holds a digit (of any script), counted by the sentence's position. It stands
// in for the engine where a measurement or a test needs articles that produce events at a
// realistic rate (two to five per sample article) without depending on the rules. It is safe
// for concurrent use.
type DigitSentences struct{}

// DigitSentencesVersion is the extractor version DigitSentences writes into its events.
const DigitSentencesVersion = "synthetic-digit-sentences-1"

// Version implements extractor.Extractor.
func (DigitSentences) Version() string { return DigitSentencesVersion }

// Extract returns the events of a; it fails only on an invalid article.
func (DigitSentences) Extract(a *news.Article) ([]news.Event, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	var out []news.Event
	start := 0
	text := a.Text + "\n"
	for i, r := range text {
		if r != '.' && r != '\n' && r != '؟' && r != '?' && r != '!' {
			continue
		}
		end := min(i, len(a.Text))
		if sent := a.Text[start:end]; strings.IndexFunc(sent, unicode.IsDigit) >= 0 {
			ev := news.Event{
				Type:       news.TypeProjectCount,
				Lang:       a.Lang,
				Article:    news.ArticleRef{ID: a.ID, URL: a.URL, Source: a.Source},
				Status:     news.StatusDone,
				Evidence:   news.Evidence{Text: sent, Start: start, End: end},
				Confidence: 0.5,
				Extractor:  news.Extractor{Version: DigitSentencesVersion},
				Count:      int64(len(out) + 1),
				Qualifier:  news.QualExact,
			}
			if a.Published != nil {
				ev.Article.Published = a.Published.UTC().Format("2006-01-02T15:04:05Z07:00")
			}
			ev.ID = news.EventID(a.ID, ev.Type, ev.Key())
			out = append(out, ev)
		}
		start = i + len(string(r))
	}
	return out, nil
}
