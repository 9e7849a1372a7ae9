package archive

import (
	"bytes"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

type zzParty struct {
	ID   string `parquet:"id"`
	Name string `parquet:"name,optional"`
}

type zzRow struct {
	ID      string     `parquet:"event_id"`
	Type    string     `parquet:"type,dict"`
	URL     string     `parquet:"article_url,optional"`
	Pub     *time.Time `parquet:"published,optional,timestamp(microsecond)"`
	Day     *time.Time `parquet:"date_start,optional,date"`
	Count   *int64     `parquet:"count,optional"`
	Dur     *int32     `parquet:"duration_days,optional"`
	Conf    float64    `parquet:"confidence"`
	Parties []zzParty  `parquet:"parties,optional,list"`
	Authors []string   `parquet:"authors,list"`
	At      time.Time  `parquet:"archived_at,timestamp(microsecond)"`
}

func TestZZPq(t *testing.T) {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[zzRow](&buf, parquet.Compression(&zstd.Codec{}))
	now := time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.UTC)
	d := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	c := int64(5)
	rows := []zzRow{
		{ID: "a", Type: "visit", At: now, Pub: &now, Day: &d, Count: &c, Parties: nil},
		{ID: "b", Type: "agreement", URL: "x", At: now, Parties: []zzParty{}},
		{ID: "c", Type: "agreement", At: now, Parties: []zzParty{{ID: "p"}, {ID: "q", Name: "Q"}}, Authors: []string{"x", "y"}},
	}
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	t.Log(w.Schema().String())
	got, err := parquet.Read[zzRow](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		t.Logf("%+v pub=%v day=%v count=%v parties=%#v", r, r.Pub, r.Day, r.Count, r.Parties)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	t.Log(f.Schema().String())
	t.Log(f.Metadata().CreatedBy)
}
