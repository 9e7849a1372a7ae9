package export

import (
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// Row-group sizes, in rows: about 30–60 MB of column buffers for articles of a few KB, and as
// much for events. Row counts (not byte sizes) cut the groups, so the cuts only depend on
// the records.
const (
	articleRowGroup = 10_000
	eventRowGroup   = 50_000
	writeBatch      = 1024
)

// SchemaKey is the Parquet key-value metadata key naming a file's schema: SchemaArticles or
// SchemaEvents.
const SchemaKey = "tinkhabar.schema"

// Schema names (the value of SchemaKey), versioned with docs/export-schema.md.
const (
	SchemaArticles = "articles/1"
	SchemaEvents   = "events/1"
)

// Row is a row type of an export: ArticleRow or EventRow.
type Row interface{ ArticleRow | EventRow }

// ParquetWriter writes rows to a Parquet file. The same rows always give the same bytes: the
// file holds no time of the run, and row groups are cut by row count. Not safe for concurrent use.
type ParquetWriter[T Row] struct {
	w   *parquet.GenericWriter[T]
	buf []T
}

// NewParquet returns a writer of rows of T to w, with zstd or (compress false) snappy pages.
// Close writes the footer; it does not close w.
func NewParquet[T Row](w io.Writer, compressZstd bool) *ParquetWriter[T] {
	var codec compress.Codec = &snappy.Codec{}
	if compressZstd {
		codec = &zstd.Codec{Level: zstd.DefaultLevel}
	}
	var zero T
	schema, groupRows := SchemaEvents, int64(eventRowGroup)
	if _, ok := any(zero).(ArticleRow); ok {
		schema, groupRows = SchemaArticles, articleRowGroup
	}
	pw := parquet.NewGenericWriter[T](w,
		parquet.Compression(codec),
		parquet.MaxRowsPerRowGroup(groupRows),
		parquet.KeyValueMetadata(SchemaKey, schema),
	)
	return &ParquetWriter[T]{w: pw, buf: make([]T, 0, writeBatch)}
}

// Write adds a row.
func (p *ParquetWriter[T]) Write(row T) error {
	p.buf = append(p.buf, row)
	if len(p.buf) == cap(p.buf) {
		return p.flush()
	}
	return nil
}

func (p *ParquetWriter[T]) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	if _, err := p.w.Write(p.buf); err != nil {
		return fmt.Errorf("writing parquet rows: %w", err)
	}
	clear(p.buf)
	p.buf = p.buf[:0]
	return nil
}

// Close writes the buffered rows and the file footer.
func (p *ParquetWriter[T]) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	if err := p.w.Close(); err != nil {
		return fmt.Errorf("closing parquet file: %w", err)
	}
	return nil
}

// Schema returns the Parquet schema of rows of T, as documented in docs/export-schema.md.
func Schema[T Row]() *parquet.Schema {
	var zero T
	return parquet.SchemaOf(zero)
}
