// Package export holds the file formats researchers get the archive in: JSON Lines (plain or
// zstd-compressed) and typed Parquet rows of articles and events (docs/export-schema.md), with
// writers that give byte-identical files for the same records, and the line reader that
// imports read them back with. It knows nothing of NATS.
package export

import (
	"fmt"
	"time"
)

// Format is the file format of an export.
type Format string

// Formats.
const (
	// JSONL is JSON Lines: each record exactly as archived, one per line.
	JSONL Format = "jsonl"
	// Parquet is one typed row per record (ArticleRow or EventRow).
	Parquet Format = "parquet"
)

// ParseFormat returns the format named s ("jsonl" or "parquet").
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case JSONL, Parquet:
		return f, nil
	}
	return "", fmt.Errorf("unknown export format %q: want %q or %q", s, JSONL, Parquet)
}

// Options says how an export file is written.
type Options struct {
	// Format of the file.
	Format Format
	// Zstd compresses the file: a JSON Lines file becomes one zstd stream (.jsonl.zst); a
	// Parquet file gets zstd-compressed pages instead of snappy ones.
	Zstd bool
}

// Meta is where a record sits in the archive: its stream sequence and the time JetStream
// stored it. Both are the same on every read of one archive, so they may go into a file.
type Meta struct {
	Seq      uint64
	Archived time.Time
}
