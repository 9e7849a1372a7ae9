package export

import (
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// ArticleRow is one archived article as a row of an articles Parquet file. Column names and
// types are documented in docs/export-schema.md; an empty string is written as null.
// Timestamps are UTC with microsecond precision.
type ArticleRow struct {
	ArticleID    string     `parquet:"article_id"`
	Source       string     `parquet:"source,dict"`
	Lang         string     `parquet:"lang,dict"`
	URL          string     `parquet:"url,optional"`
	CanonicalURL string     `parquet:"canonical_url,optional"`
	Title        string     `parquet:"title,optional"`
	Lead         string     `parquet:"lead,optional"`
	Text         string     `parquet:"text"`
	Authors      []string   `parquet:"authors,list"`
	Published    *time.Time `parquet:"published,optional,timestamp(microsecond)"`
	Fetched      *time.Time `parquet:"fetched,optional,timestamp(microsecond)"`
	Via          string     `parquet:"via,optional,dict"`
	ContentHash  string     `parquet:"content_hash,optional"`
	ArchivedAt   time.Time  `parquet:"archived_at,timestamp(microsecond)"`
	ArchiveSeq   int64      `parquet:"archive_seq"`
}

// ArticleRowOf flattens an archived article.
func ArticleRowOf(a *news.Article, m Meta) ArticleRow {
	return ArticleRow{
		ArticleID:    a.ID,
		Source:       a.Source,
		Lang:         a.Lang,
		URL:          a.URL,
		CanonicalURL: a.CanonicalURL,
		Title:        a.Title,
		Lead:         a.Lead,
		Text:         a.Text,
		Authors:      append([]string{}, a.Authors...),
		Published:    micros(a.Published),
		Fetched:      micros(a.Fetched),
		Via:          a.Via,
		ContentHash:  a.ContentHash,
		ArchivedAt:   *micros(&m.Archived),
		ArchiveSeq:   int64(m.Seq),
	}
}

// PartyRow is one party of an agreement.
type PartyRow struct {
	ID   string `parquet:"id"`
	Name string `parquet:"name,optional"`
	Kind string `parquet:"kind,optional"`
}

// EventRow is one archived event as a row of an events Parquet file: the event's data with
// its nested objects flattened into columns (location_id, visitor_role, investment_amount …),
// the parties of an agreement as a list, and the envelope's extraction time. Column names and
// types are documented in docs/export-schema.md. An empty string, and a number the event
// does not state (JSON omits it), are written as null. Parties is null on visits and project
// counts and a (possibly empty) list on agreements.
type EventRow struct {
	EventID           string     `parquet:"event_id"`
	Type              string     `parquet:"type,dict"`
	Lang              string     `parquet:"lang,dict"`
	Source            string     `parquet:"source,dict"`
	ArticleID         string     `parquet:"article_id"`
	ArticleURL        string     `parquet:"article_url,optional"`
	ArticlePublished  *time.Time `parquet:"article_published,optional,timestamp(microsecond)"`
	Date              string     `parquet:"date,optional"`
	DateStart         *int32     `parquet:"date_start,optional,date"`
	DatePrecision     string     `parquet:"date_precision,optional,dict"`
	DateCalendar      string     `parquet:"date_calendar,optional,dict"`
	DateText          string     `parquet:"date_text,optional"`
	LocationID        string     `parquet:"location_id,optional,dict"`
	LocationName      string     `parquet:"location_name,optional,dict"`
	LocationNative    string     `parquet:"location_native,optional,dict"`
	LocationCountry   string     `parquet:"location_country,optional,dict"`
	LocationLevel     string     `parquet:"location_level,optional,dict"`
	LocationCurrentID string     `parquet:"location_current_id,optional,dict"`
	Status            string     `parquet:"status,optional,dict"`
	Confidence        float64    `parquet:"confidence"`
	EvidenceText      string     `parquet:"evidence_text"`
	EvidenceStart     int64      `parquet:"evidence_start"`
	EvidenceEnd       int64      `parquet:"evidence_end"`
	VisitorName       string     `parquet:"visitor_name,optional"`
	VisitorRole       string     `parquet:"visitor_role,optional,dict"`
	VisitorRoleText   string     `parquet:"visitor_role_text,optional"`
	VisitorOrg        string     `parquet:"visitor_org,optional,dict"`
	DurationDays      *int32     `parquet:"duration_days,optional"`
	Count             *int64     `parquet:"count,optional"`
	Qualifier         string     `parquet:"qualifier,optional,dict"`
	ProjectKind       string     `parquet:"project_kind,optional"`
	InvestmentAmount  *int64     `parquet:"investment_amount,optional"`
	InvestmentCurr    string     `parquet:"investment_currency,optional,dict"`
	InvestmentText    string     `parquet:"investment_text,optional"`
	InvestmentQual    string     `parquet:"investment_qualifier,optional,dict"`
	Parties           []PartyRow `parquet:"parties,optional,list"`
	AgreementKind     string     `parquet:"agreement_kind,optional,dict"`
	KindText          string     `parquet:"kind_text,optional"`
	Topic             string     `parquet:"topic,optional"`
	PeriodFrom        *int32     `parquet:"period_from,optional"`
	PeriodTo          *int32     `parquet:"period_to,optional"`
	PeriodHorizon     *int32     `parquet:"period_horizon,optional"`
	ExtractorVersion  string     `parquet:"extractor_version,dict"`
	ExtractedAt       *time.Time `parquet:"extracted_at,optional,timestamp(microsecond)"`
	ArchivedAt        time.Time  `parquet:"archived_at,timestamp(microsecond)"`
	ArchiveSeq        int64      `parquet:"archive_seq"`
}

// EventRowOf flattens an archived event. extracted is the envelope's time (zero when the
// envelope has none). The source column is the source of the event's article.
func EventRowOf(ev *news.Event, extracted time.Time, m Meta) EventRow {
	r := EventRow{
		EventID:          ev.ID,
		Type:             ev.Type,
		Lang:             ev.Lang,
		Source:           ev.Article.Source,
		ArticleID:        ev.Article.ID,
		ArticleURL:       ev.Article.URL,
		ArticlePublished: parseTime(ev.Article.Published),
		Status:           ev.Status,
		Confidence:       ev.Confidence,
		EvidenceText:     ev.Evidence.Text,
		EvidenceStart:    int64(ev.Evidence.Start),
		EvidenceEnd:      int64(ev.Evidence.End),
		DurationDays:     nonZero32(ev.DurationDays),
		Qualifier:        ev.Qualifier,
		ProjectKind:      ev.ProjectKind,
		AgreementKind:    ev.AgreementKind,
		KindText:         ev.KindText,
		Topic:            ev.Topic,
		ExtractorVersion: ev.Extractor.Version,
		ArchivedAt:       *micros(&m.Archived),
		ArchiveSeq:       int64(m.Seq),
	}
	if ev.Count != 0 {
		c := ev.Count
		r.Count = &c
	}
	if !extracted.IsZero() {
		r.ExtractedAt = micros(&extracted)
	}
	if d := ev.Date; d != nil {
		r.Date, r.DatePrecision, r.DateCalendar, r.DateText = d.Value, d.Precision, d.Calendar, d.Text
		r.DateStart = DateStart(d.Value)
	}
	if l := ev.Location; l != nil {
		r.LocationID, r.LocationName, r.LocationNative = l.ID, l.Name, l.Native
		r.LocationCountry, r.LocationLevel, r.LocationCurrentID = l.Country, l.Level, l.CurrentID
	}
	if v := ev.Visitor; v != nil {
		r.VisitorName, r.VisitorRole, r.VisitorRoleText, r.VisitorOrg = v.Name, v.Role, v.RoleText, v.Org
	}
	if inv := ev.Investment; inv != nil {
		amount := inv.Amount
		r.InvestmentAmount = &amount
		r.InvestmentCurr, r.InvestmentText, r.InvestmentQual = inv.Currency, inv.Text, inv.Qualifier
	}
	if ev.Parties != nil {
		r.Parties = make([]PartyRow, len(ev.Parties))
		for i, p := range ev.Parties {
			r.Parties[i] = PartyRow(p)
		}
	}
	if p := ev.Period; p != nil {
		r.PeriodFrom, r.PeriodTo, r.PeriodHorizon = nonZero32(p.From), nonZero32(p.To), nonZero32(p.Horizon)
	}
	return r
}

// DateStart returns the DATE column value of an event date (days since 1970-01-01) for the
// first day of the period it names: "2025-12-01" is that day, "2025-12" the 1st of December,
// "2025" the 1st of January. It returns nil for a value in none of these forms.
func DateStart(value string) *int32 {
	for _, layout := range [...]string{time.DateOnly, "2006-01", "2006"} {
		if len(value) != len(layout) {
			continue
		}
		t, err := time.Parse(layout, value)
		if err != nil {
			return nil
		}
		days := int32(t.Unix() / 86400) // exact: t is midnight UTC
		return &days
	}
	return nil
}

// parseTime reads an RFC 3339 time of an event's article reference; "" or an unparsable
// value gives nil.
func parseTime(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil
	}
	return micros(&t)
}

// micros returns t in UTC truncated to the microsecond (the precision of the timestamp
// columns), or nil for nil.
func micros(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Microsecond)
	return &u
}

func nonZero32(n int) *int32 {
	if n == 0 {
		return nil
	}
	v := int32(n)
	return &v
}
