// Package news holds tinkhabar's wire types: the raw Article published on ARTICLES, the Event
// published on EVENTS (and its CloudEvents envelope), and the content-derived identifiers of
// both. It follows spec/events.md (contract v1) field for field; nothing here knows about NATS.
package news

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Languages tinkhabar understands.
const (
	LangFa = "fa"
	LangVi = "vi"
)

// How an article reached the archive.
const (
	ViaFeed   = "feed"
	ViaPage   = "page"
	ViaImport = "import"
)

// Article is one raw article as published on ARTICLES. Text is the body as published (not
// normalised), paragraphs separated by "\n\n". Published is nil when unknown.
type Article struct {
	ID           string     `json:"id"`
	URL          string     `json:"url,omitempty"`
	CanonicalURL string     `json:"canonical_url,omitempty"`
	Source       string     `json:"source"`
	Lang         string     `json:"lang"`
	Title        string     `json:"title,omitempty"`
	Lead         string     `json:"lead,omitempty"`
	Text         string     `json:"text"`
	Authors      []string   `json:"authors,omitempty"`
	Published    *time.Time `json:"published,omitempty"`
	Fetched      *time.Time `json:"fetched,omitempty"`
	Via          string     `json:"via,omitempty"`
	ContentHash  string     `json:"content_hash,omitempty"`
}

// ErrInvalidArticle is wrapped by every error Validate returns.
var ErrInvalidArticle = errors.New("invalid article")

// Validate checks what the extractor and the bus rely on: a language tinkhabar knows, a
// source and id usable as subject tokens, and a body. It does not check the text itself.
func (a *Article) Validate() error {
	switch {
	case a.Lang != LangFa && a.Lang != LangVi:
		return fmt.Errorf("%w: lang %q is not %q or %q", ErrInvalidArticle, a.Lang, LangFa, LangVi)
	case a.Text == "":
		return fmt.Errorf("%w: empty text", ErrInvalidArticle)
	}
	if a.ID != "" && !IsToken(a.ID) {
		return fmt.Errorf("%w: id %q is not a [a-z0-9_-]+ token", ErrInvalidArticle, a.ID)
	}
	if a.Source != "" && !IsToken(a.Source) {
		return fmt.Errorf("%w: source %q is not a [a-z0-9_-]+ token", ErrInvalidArticle, a.Source)
	}
	return nil
}

// ArticleID derives the stable article id from a canonical URL: "a_" and the first 16 hex
// digits of its SHA-256. The same URL always gives the same id.
func ArticleID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return "a_" + hex.EncodeToString(sum[:8])
}

// ContentHash is the value of Article.ContentHash for a body text: "sha256:" and its hex digest.
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// IsToken reports whether s is a valid subject token of the contract: non-empty, only
// lower-case ASCII letters, digits, '_' and '-'.
func IsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
