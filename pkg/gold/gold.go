// Package gold holds gold corpora (spec/corpus.md): articles annotated by hand with the events
// a careful reader finds in them, the reader for their JSON Lines files, and the scorer that
// compares an extractor's events with them (precision, recall, F1 and argument accuracy).
package gold

import (
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// Article is one line of a gold corpus: the raw article fields and the gold events.
type Article struct {
	ID        string     `json:"id"`
	Lang      string     `json:"lang"`
	Source    string     `json:"source"`
	URL       string     `json:"url"`
	Published *time.Time `json:"published"` // nil when the corpus gives null
	Title     string     `json:"title"`
	Text      string     `json:"text"`
	Events    []Event    `json:"events"`
	Notes     string     `json:"notes,omitempty"`

	// File and Line say where the article was read (Line counts from 1); they are not part
	// of the corpus format.
	File string `json:"-"`
	Line int    `json:"-"`
}

// NewsArticle is the article as the extractor receives it: the gold id is kept as the article
// id, and the events and notes are left out.
func (a Article) NewsArticle() news.Article {
	var published *time.Time
	if a.Published != nil {
		t := *a.Published
		published = &t
	}
	return news.Article{
		ID:        a.ID,
		URL:       a.URL,
		Source:    a.Source,
		Lang:      a.Lang,
		Title:     a.Title,
		Text:      a.Text,
		Published: published,
	}
}

// Event is an event in the flat shape of a gold corpus (spec/corpus.md). Predicted events are
// brought to the same shape with FromEvent, so gold and predictions compare field by field.
// An empty string or zero number is an argument not given.
type Event struct {
	Type string `json:"type"`

	// visit (Location and CurrentID also on project counts)
	Location     string `json:"location,omitempty"`
	CurrentID    string `json:"current_id,omitempty"`
	VisitorName  string `json:"visitor_name,omitempty"`
	VisitorRole  string `json:"visitor_role,omitempty"`
	VisitorOrg   string `json:"visitor_org,omitempty"`
	DurationDays int    `json:"duration_days,omitempty"`

	// project_count (Count is also an agreement's number of documents)
	Count       int64       `json:"count,omitempty"`
	Qualifier   string      `json:"qualifier,omitempty"`
	ProjectKind string      `json:"project_kind,omitempty"`
	Investment  *news.Money `json:"investment,omitempty"`

	// agreement: Parties is non-nil on every agreement (possibly empty) and nil otherwise.
	Parties       []string     `json:"parties,omitzero"`
	AgreementKind string       `json:"agreement_kind,omitempty"`
	KindText      string       `json:"kind_text,omitempty"`
	Topic         string       `json:"topic,omitempty"`
	Period        *news.Period `json:"period,omitempty"`

	// every type
	Date   string `json:"date,omitempty"` // ISO date at its precision: YYYY-MM-DD, YYYY-MM or YYYY
	Status string `json:"status,omitempty"`

	// Evidence is the sentence a predicted event rests on (FromEvent); gold events have none.
	Evidence string `json:"evidence,omitempty"`
}

// FromEvent flattens an extracted event to the gold shape. It is the one place where the wire
// event and the gold format meet. An agreement always gets a non-nil Parties.
func FromEvent(e news.Event) Event {
	g := Event{
		Type:          e.Type,
		DurationDays:  e.DurationDays,
		Count:         e.Count,
		Qualifier:     e.Qualifier,
		ProjectKind:   e.ProjectKind,
		AgreementKind: e.AgreementKind,
		KindText:      e.KindText,
		Topic:         e.Topic,
		Status:        e.Status,
		Evidence:      e.Evidence.Text,
	}
	if e.Location != nil {
		g.Location = e.Location.ID
		g.CurrentID = e.Location.CurrentID
	}
	if e.Visitor != nil {
		g.VisitorName = e.Visitor.Name
		g.VisitorRole = e.Visitor.Role
		g.VisitorOrg = e.Visitor.Org
	}
	if e.Investment != nil {
		m := *e.Investment
		g.Investment = &m
	}
	if e.Type == news.TypeAgreement || e.Parties != nil {
		g.Parties = make([]string, 0, len(e.Parties))
		for _, p := range e.Parties {
			g.Parties = append(g.Parties, p.ID)
		}
	}
	if e.Period != nil {
		p := *e.Period
		g.Period = &p
	}
	if e.Date != nil {
		g.Date = e.Date.Value
	}
	return g
}
