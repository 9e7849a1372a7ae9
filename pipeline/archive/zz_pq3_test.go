package archive

import (
	"bytes"
	"testing"

	"github.com/parquet-go/parquet-go"
)

type zzO1 struct {
	S   string  `parquet:"s,optional,dict"`
	Day *int32  `parquet:"d,optional,date"`
}
type zzO2 struct {
	S   *string `parquet:"s,optional"`
	Day *int32  `parquet:"d,optional,date"`
}

func TestZZOpt(t *testing.T) {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[zzO1](&buf)
	d := int32(20090)
	w.Write([]zzO1{{S: "", Day: &d}, {S: "x"}})
	w.Close()
	t.Log(w.Schema())
	got, err := parquet.Read[zzO2](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		t.Logf("s=%v day=%v", r.S, r.Day)
		if r.Day != nil { t.Log(*r.Day) }
	}
}
