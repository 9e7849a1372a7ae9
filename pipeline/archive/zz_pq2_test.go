package archive

import (
	"bytes"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

type zzD1 struct {
	Day *time.Time `parquet:"d,optional,date"`
	V   time.Time  `parquet:"v,date"`
}
type zzD2 struct {
	Day *int32 `parquet:"d,optional,date"`
	V   int32  `parquet:"v,date"`
}

func TestZZDate(t *testing.T) {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[zzD1](&buf)
	d := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	w.Write([]zzD1{{Day: &d, V: d}, {V: d}})
	w.Close()
	got, err := parquet.Read[zzD2](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if r.Day != nil {
			t.Logf("raw day=%d v=%d want %d", *r.Day, r.V, d.Unix()/86400)
		} else {
			t.Logf("raw day=nil v=%d", r.V)
		}
	}
	got1, _ := parquet.Read[zzD1](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	for _, r := range got1 {
		t.Logf("%v %v", r.Day, r.V)
	}
}
