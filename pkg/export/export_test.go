package export_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"

	"github.com/tinkhabar/tinkhabar/pkg/export"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// documentedSchemas returns the Parquet schemas written in docs/export-schema.md, by message
// name.
func documentedSchemas(t *testing.T) map[string]string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "export-schema.md"))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?s)```text\n(message (\\w+) \\{\n.*?\n\\})\n```")
	out := map[string]string{}
	for _, m := range re.FindAllStringSubmatch(string(doc), -1) {
		out[m[2]] = m[1]
	}
	return out
}

func TestSchemaIsDocumented(t *testing.T) {
	docs := documentedSchemas(t)
	for name, got := range map[string]string{
		"ArticleRow": export.Schema[export.ArticleRow]().String(),
		"EventRow":   export.Schema[export.EventRow]().String(),
	} {
		want, ok := docs[name]
		if !ok {
			t.Errorf("docs/export-schema.md has no schema block for %s", name)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("schema %s differs from docs/export-schema.md (-doc +code):\n%s", name, diff)
		}
	}
}

func TestDateStart(t *testing.T) {
	day := func(y int, m time.Month, d int) *int32 {
		v := int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
		return &v
	}
	for in, want := range map[string]*int32{
		"2025-12-01": day(2025, 12, 1),
		"2025-12":    day(2025, 12, 1),
		"2025":       day(2025, 1, 1),
		"1969-12-31": day(1969, 12, 31),
		"1970-01-01": day(1970, 1, 1),
		"":           nil,
		"2025-13":    nil,
		"2025-02-30": nil,
		"25":         nil,
		"1404-09-10": day(1404, 9, 10), // a Gregorian date; the engine never writes Jalali values
		"next week":  nil,
	} {
		if diff := cmp.Diff(want, export.DateStart(in)); diff != "" {
			t.Errorf("DateStart(%q) (-want +got):\n%s", in, diff)
		}
	}
	if got := *export.DateStart("1970-01-02"); got != 1 {
		t.Errorf("DateStart(1970-01-02) = %d days, want 1", got)
	}
}

func ptr[T any](v T) *T { return &v }

func TestEventRowOf(t *testing.T) {
	archived := time.Date(2025, 12, 2, 3, 4, 5, 123456789, time.FixedZone("IRST", 12600))
	extracted := time.Date(2025, 12, 2, 0, 0, 1, 999, time.UTC)
	meta := export.Meta{Seq: 42, Archived: archived}
	base := news.Event{
		ID: "e_1", Lang: "fa",
		Article:    news.ArticleRef{ID: "a_1", URL: "https://x/1", Source: "mehrnews", Published: "2025-11-29T08:40:00Z"},
		Evidence:   news.Evidence{Text: "جمله", Start: 10, End: 20},
		Confidence: 0.75, Extractor: news.Extractor{Version: "v1"},
	}
	common := export.EventRow{
		EventID: "e_1", Lang: "fa", Source: "mehrnews", ArticleID: "a_1", ArticleURL: "https://x/1",
		ArticlePublished: ptr(time.Date(2025, 11, 29, 8, 40, 0, 0, time.UTC)),
		Confidence:       0.75, EvidenceText: "جمله", EvidenceStart: 10, EvidenceEnd: 20, ExtractorVersion: "v1",
		ExtractedAt: ptr(extracted.Truncate(time.Microsecond)),
		ArchivedAt:  archived.UTC().Truncate(time.Microsecond), ArchiveSeq: 42,
	}
	for _, tc := range []struct {
		name string
		edit func(*news.Event)
		want func(*export.EventRow)
	}{
		{"visit", func(e *news.Event) {
			e.Type = news.TypeVisit
			e.Date = &news.Date{Value: "2025-12-01", Precision: "day", Text: "دوشنبه", Calendar: "persian"}
			e.Location = &news.Location{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Country: "IR", Level: "province", CurrentID: "ir/kerman"}
			e.Status = news.StatusPlanned
			e.Visitor = &news.Visitor{Name: "X", Role: "minister", RoleText: "وزیر", Org: "ir/ict-ministry"}
			e.DurationDays = 2
		}, func(r *export.EventRow) {
			r.Type = "visit"
			r.Date, r.DateStart, r.DatePrecision, r.DateText, r.DateCalendar = "2025-12-01", export.DateStart("2025-12-01"), "day", "دوشنبه", "persian"
			r.LocationID, r.LocationName, r.LocationNative, r.LocationCountry, r.LocationLevel, r.LocationCurrentID = "ir/kerman", "Kerman", "کرمان", "IR", "province", "ir/kerman"
			r.Status = "planned"
			r.VisitorName, r.VisitorRole, r.VisitorRoleText, r.VisitorOrg = "X", "minister", "وزیر", "ir/ict-ministry"
			r.DurationDays = ptr(int32(2))
		}},
		{"project count with investment, month date", func(e *news.Event) {
			e.Type = news.TypeProjectCount
			e.Count, e.Qualifier, e.ProjectKind = 347, news.QualAtLeast, "پروژه"
			e.Investment = &news.Money{Amount: 20_000_000_000_000, Currency: "IRR", Text: "۲۰ هزار میلیارد ریال"}
			e.Date = &news.Date{Value: "2025-12", Precision: "month", Calendar: "gregorian"}
		}, func(r *export.EventRow) {
			r.Type = "project_count"
			r.Count, r.Qualifier, r.ProjectKind = ptr(int64(347)), "at_least", "پروژه"
			r.InvestmentAmount, r.InvestmentCurr, r.InvestmentText = ptr(int64(20_000_000_000_000)), "IRR", "۲۰ هزار میلیارد ریال"
			r.Date, r.DateStart, r.DatePrecision, r.DateCalendar = "2025-12", export.DateStart("2025-12-01"), "month", "gregorian"
		}},
		{"agreement with parties and a period", func(e *news.Event) {
			e.Type = news.TypeAgreement
			e.Parties = []news.Party{{ID: "vn/gia-lai", Name: "UBND", Kind: "government"}, {ID: "org/vnpt"}}
			e.AgreementKind, e.KindText, e.Topic = news.KindStrategic, "hợp tác chiến lược", "chuyển đổi số"
			e.Period = &news.Period{From: 2025, To: 2030}
		}, func(r *export.EventRow) {
			r.Type = "agreement"
			r.Parties = []export.PartyRow{{ID: "vn/gia-lai", Name: "UBND", Kind: "government"}, {ID: "org/vnpt"}}
			r.AgreementKind, r.KindText, r.Topic = "strategic_cooperation", "hợp tác chiến lược", "chuyển đổi số"
			r.PeriodFrom, r.PeriodTo = ptr(int32(2025)), ptr(int32(2030))
		}},
		{"agreement without parties: an empty list, not null", func(e *news.Event) {
			e.Type = news.TypeAgreement
			e.Parties = []news.Party{}
			e.Count = 4
		}, func(r *export.EventRow) {
			r.Type = "agreement"
			r.Parties = []export.PartyRow{}
			r.Count = ptr(int64(4))
		}},
		{"unknown publication time", func(e *news.Event) {
			e.Type = news.TypeVisit
			e.Article.Published = ""
		}, func(r *export.EventRow) {
			r.Type = "visit"
			r.ArticlePublished = nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := base
			tc.edit(&ev)
			want := common
			tc.want(&want)
			got := export.EventRowOf(&ev, extracted, meta)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("row (-want +got):\n%s", diff)
			}
			if got.ArchivedAt.Location() != time.UTC {
				t.Errorf("archived_at in %v, want UTC", got.ArchivedAt.Location())
			}
		})
	}
	if r := export.EventRowOf(&news.Event{Type: "visit"}, time.Time{}, meta); r.ExtractedAt != nil || r.Parties != nil {
		t.Errorf("no envelope time and a visit: extracted_at %v, parties %v; want both null", r.ExtractedAt, r.Parties)
	}
}

func sampleArticles() []export.ArticleRow {
	pub := time.Date(2025, 11, 29, 8, 40, 0, 0, time.UTC)
	var rows []export.ArticleRow
	for i, a := range []news.Article{
		{ID: "a_1", Source: "mehrnews", Lang: "fa", URL: "https://x/1", Title: "عنوان", Text: "متن\n\nدوم", Authors: []string{"الف", "ب"}, Published: &pub, Via: "feed"},
		{ID: "a_2", Source: "vnexpress", Lang: "vi", Text: "Việt Nam", Via: "page", ContentHash: "sha256:00"},
	} {
		rows = append(rows, export.ArticleRowOf(&a, export.Meta{Seq: uint64(i + 1), Archived: pub.Add(time.Duration(i) * time.Second)}))
	}
	return rows
}

func TestParquetDeterministicAndReadBack(t *testing.T) {
	rows := sampleArticles()
	write := func(zstd bool) []byte {
		var buf bytes.Buffer
		w := export.NewParquet[export.ArticleRow](&buf, zstd)
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, z := range []bool{false, true} {
		a, b := write(z), write(z)
		if !bytes.Equal(a, b) {
			t.Errorf("zstd %v: two writes of the same rows differ", z)
		}
		f, err := parquet.OpenFile(bytes.NewReader(a), int64(len(a)))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.Lookup(export.SchemaKey); v != export.SchemaArticles {
			t.Errorf("%s = %q, want %q", export.SchemaKey, v, export.SchemaArticles)
		}
		codec := f.Metadata().RowGroups[0].Columns[0].MetaData.Codec.String()
		if want := map[bool]string{false: "SNAPPY", true: "ZSTD"}[z]; codec != want {
			t.Errorf("zstd %v: codec %s, want %s", z, codec, want)
		}
		got, err := parquet.Read[export.ArticleRow](bytes.NewReader(a), int64(len(a)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rows, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("rows read back (-written +read):\n%s", diff)
		}
	}
	if bytes.Equal(write(false), write(true)) {
		t.Error("snappy and zstd files are the same")
	}
}

func TestJSONLWriter(t *testing.T) {
	lines := [][]byte{[]byte(`{"a":1}`), []byte("{\n  \"b\": [1,\n 2]\n}"), []byte(`{"c":"x\ny"}`)}
	want := "{\"a\":1}\n{\"b\":[1,2]}\n{\"c\":\"x\\ny\"}\n"
	write := func(z bool) []byte {
		var buf bytes.Buffer
		w, err := export.NewJSONL(&buf, z)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if err := w.WriteLine(l); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if got := string(write(false)); got != want {
		t.Errorf("plain output %q, want %q", got, want)
	}
	z := write(true)
	if !bytes.Equal(z, write(true)) {
		t.Error("two zstd writes of the same lines differ")
	}
	dec, err := zstd.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(dec)
	dec.Close()
	if err != nil || string(plain) != want {
		t.Errorf("zstd output decodes to %q (%v), want %q", plain, err, want)
	}
	w, err := export.NewJSONL(io.Discard, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteLine([]byte("{\n")); err == nil {
		t.Error("a broken multi-line record was written")
	}
}

type line struct {
	N            int
	Data         string
	Unterminated bool
	Err          string // a substring of the error, "" for none
}

func readAll(t *testing.T, in []byte, max int) []line {
	t.Helper()
	lr, err := export.NewLineReader(bytes.NewReader(in), max)
	if err != nil {
		t.Fatal(err)
	}
	defer lr.Close()
	var out []line
	for i := 0; i < 1000; i++ {
		l, err := lr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		got := line{N: l.N, Data: string(l.Data), Unterminated: l.Unterminated}
		if err != nil {
			got.Err = err.Error()
		}
		out = append(out, got)
	}
	t.Fatal("Next never returned io.EOF")
	return nil
}

// zstdOf compresses s as one zstd frame.
func zstdOf(s string) []byte {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		panic(err)
	}
	return enc.EncodeAll([]byte(s), nil)
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 40)
	compressed := zstdOf("{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n")
	for _, tc := range []struct {
		name string
		in   []byte
		max  int
		want []line
	}{
		{"empty", nil, 0, nil},
		{"lines", []byte("a\nb\n"), 0, []line{{N: 1, Data: "a"}, {N: 2, Data: "b"}}},
		{"CRLF and a blank line", []byte("a\r\n\r\nb\r\n"), 0, []line{{N: 1, Data: "a"}, {N: 2, Data: ""}, {N: 3, Data: "b"}}},
		{"no final line end", []byte("a\nb"), 0, []line{{N: 1, Data: "a"}, {N: 2, Data: "b", Unterminated: true}}},
		{"too long, then on", []byte("ab\n" + long + "\ncd\n"), 10, []line{{N: 1, Data: "ab"}, {N: 2, Err: "line too long"}, {N: 3, Data: "cd"}}},
		{"too long at the end", []byte("ab\n" + long), 10, []line{{N: 1, Data: "ab"}, {N: 2, Err: "line too long"}}},
		{"exactly the limit, and one over", []byte("0123456789\r\n0123456789a\n"), 10, []line{{N: 1, Data: "0123456789"}, {N: 2, Err: "line too long"}}},
		{"zstd", compressed, 0, []line{{N: 1, Data: `{"a":1}`}, {N: 2, Data: `{"b":2}`}, {N: 3, Data: `{"c":3}`}}},
		{"zstd cut in the middle", compressed[:len(compressed)-6], 0, nil}, // checked below
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := readAll(t, tc.in, tc.max)
			if tc.name == "zstd cut in the middle" {
				if len(got) == 0 || !strings.Contains(got[len(got)-1].Err, "corrupt or truncated") {
					t.Fatalf("lines %+v: want the last to be a corrupt-input error", got)
				}
				for i, l := range got {
					if l.N != i+1 {
						t.Errorf("line %d numbered %d", i+1, l.N)
					}
				}
				return
			}
			for i := range got {
				if tc.want[i].Err != "" && strings.Contains(got[i].Err, tc.want[i].Err) {
					got[i].Err = tc.want[i].Err
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzLineReader(f *testing.F) {
	f.Add([]byte("a\nb\r\nc"), 8)
	f.Add([]byte("{\"id\":\"a_1\"}\n\n"), 64)
	f.Add(zstdOf("x\ny\n"), 4)
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0, 0}, 16)
	f.Fuzz(func(t *testing.T, in []byte, max int) {
		max = int(uint(max)%64) + 1
		lr, err := export.NewLineReader(bytes.NewReader(in), max)
		if err != nil {
			return
		}
		defer lr.Close()
		var rebuilt []byte
		fatal := false
		for n := 1; ; n++ {
			l, err := lr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if fatal {
				t.Fatalf("line %d after a corrupt-input error", l.N)
			}
			if l.N != n {
				t.Fatalf("line numbered %d, want %d", l.N, n)
			}
			if len(l.Data) > max {
				t.Fatalf("line %d has %d bytes, limit %d", n, len(l.Data), max)
			}
			switch {
			case errors.Is(err, export.ErrCorruptInput):
				fatal = true
			case errors.Is(err, export.ErrLineTooLong):
				rebuilt = nil // the plain-text check below no longer applies
				in = nil
			case err != nil:
				t.Fatalf("unexpected error %v", err)
			default:
				rebuilt = append(rebuilt, l.Data...)
				if !l.Unterminated {
					rebuilt = append(rebuilt, '\n')
				}
			}
		}
		// Plain input without CRs or long lines comes back whole.
		if !lr.Compressed() && in != nil && !bytes.ContainsRune(in, '\r') && !bytes.Equal(rebuilt, in) {
			t.Fatalf("lines rebuild %q, input was %q", rebuilt, in)
		}
	})
}
