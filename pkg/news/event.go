package news

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
)

// Event types of contract v1.
const (
	TypeVisit        = "visit"
	TypeProjectCount = "project_count"
	TypeAgreement    = "agreement"
)

// Types lists the event types in a fixed order.
var Types = []string{TypeVisit, TypeProjectCount, TypeAgreement}

// Statuses.
const (
	StatusPlanned = "planned"
	StatusOngoing = "ongoing"
	StatusDone    = "done"
)

// Count qualifiers.
const (
	QualExact   = "exact"
	QualAtLeast = "at_least"
	QualAbout   = "about"
)

// Date precisions and calendars.
const (
	PrecisionDay   = "day"
	PrecisionMonth = "month"
	PrecisionYear  = "year"

	CalendarPersian   = "persian"
	CalendarGregorian = "gregorian"
)

// Agreement kinds.
const (
	KindStrategic   = "strategic_cooperation"
	KindCooperation = "cooperation"
	KindMoU         = "mou"
	KindContract    = "contract"
)

// Event is the data object of one event on EVENTS (spec/events.md). Fields that belong to
// one type only are left empty on the others and omitted from the JSON. The JSON encoding of
// an Event is deterministic: the same value always gives the same bytes.
type Event struct {
	ID         string     `json:"id"`
	Type       string     `json:"type"`
	Lang       string     `json:"lang"`
	Article    ArticleRef `json:"article"`
	Date       *Date      `json:"date,omitempty"`
	Location   *Location  `json:"location,omitempty"`
	Status     string     `json:"status,omitempty"`
	Evidence   Evidence   `json:"evidence"`
	Confidence float64    `json:"confidence"`
	Extractor  Extractor  `json:"extractor"`

	// visit
	Visitor      *Visitor `json:"visitor,omitempty"`
	DurationDays int      `json:"duration_days,omitempty"`

	// project_count (Count is also an agreement's number of documents)
	Count       int64  `json:"count,omitempty"`
	Qualifier   string `json:"qualifier,omitempty"`
	ProjectKind string `json:"project_kind,omitempty"`
	Investment  *Money `json:"investment,omitempty"`

	// agreement: Parties is non-nil (possibly empty) on every agreement.
	Parties       []Party `json:"parties,omitzero"`
	AgreementKind string  `json:"agreement_kind,omitempty"`
	KindText      string  `json:"kind_text,omitempty"`
	Topic         string  `json:"topic,omitempty"`
	Period        *Period `json:"period,omitempty"`

	// SummaryEn is a one-line English summary built from the fields above, for readers who do
	// not read the article's language.
	SummaryEn string `json:"summary_en,omitempty"`
}

// ArticleRef names the article an event was found in.
type ArticleRef struct {
	ID        string `json:"id"`
	URL       string `json:"url,omitempty"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
}

// Date is a date found in the text. Value is an ISO date at Precision: "2025-12-01",
// "2025-12" or "2025". Text is the phrase as written; Calendar the calendar it was written in.
type Date struct {
	Value     string `json:"value"`
	Precision string `json:"precision"`
	Text      string `json:"text,omitempty"`
	Calendar  string `json:"calendar"`
}

// Location is a place id of spec/locations.md with its names.
type Location struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Native    string `json:"native,omitempty"`
	Country   string `json:"country"`
	Level     string `json:"level"`
	CurrentID string `json:"current_id,omitempty"`
}

// Evidence is the sentence an event rests on; Start and End are byte offsets into
// Article.Text, and Text == Article.Text[Start:End].
type Evidence struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Extractor identifies the extractor that produced an event.
type Extractor struct {
	Version string `json:"version"`
}

// Visitor is who travels: Name as written, Role one of the contract's role ids, RoleText the
// role as written, Org an organisation id when known.
type Visitor struct {
	Name     string `json:"name,omitempty"`
	Role     string `json:"role"`
	RoleText string `json:"role_text,omitempty"`
	Org      string `json:"org,omitempty"`
}

// Money is an amount stated for counted projects. Amount is in units of Currency (IRR, IRT,
// VND or USD), Text the phrase as written.
type Money struct {
	Amount    int64  `json:"amount"`
	Currency  string `json:"currency"`
	Text      string `json:"text,omitempty"`
	Qualifier string `json:"qualifier,omitempty"`
}

// Party is one side of an agreement: an organisation, location or "name:" id, its name as
// written, and a kind ("government", "company", "ministry", "university", "other").
type Party struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Kind string `json:"kind,omitempty"`
}

// Period is an agreement's period in Gregorian years; zero fields are not stated.
type Period struct {
	From    int `json:"from,omitempty"`
	To      int `json:"to,omitempty"`
	Horizon int `json:"horizon,omitempty"`
}

// Key returns the arguments that identify the happening an event describes, per type: the
// location of a visit, the count of a project count, the sorted party ids (or the count) of an
// agreement. Two events of one article with the same type and key are the same happening.
func (e *Event) Key() string {
	switch e.Type {
	case TypeVisit:
		if e.Location != nil {
			return e.Location.ID
		}
		return ""
	case TypeProjectCount:
		return strconv.FormatInt(e.Count, 10)
	case TypeAgreement:
		ids := make([]string, 0, len(e.Parties))
		for _, p := range e.Parties {
			ids = append(ids, p.ID)
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		if len(ids) == 0 {
			return "count:" + strconv.FormatInt(e.Count, 10)
		}
		return strings.Join(ids, ",")
	}
	return ""
}

// EventID derives the stable event id from the article id, the type and the key arguments
// (Event.Key): "e_" and the first 16 hex digits of a SHA-256 over the three.
func EventID(articleID, typ, key string) string {
	h := sha256.New()
	h.Write([]byte(articleID))
	h.Write([]byte{0})
	h.Write([]byte(typ))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return "e_" + hex.EncodeToString(h.Sum(nil)[:8])
}
