package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
)

// zstdMagic starts every zstd frame (RFC 8878, section 3.1.1).
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// JSONLWriter writes JSON Lines, optionally as one zstd stream. The same lines always give
// the same bytes (the zstd encoder is deterministic for one library version and one set of
// options, and the writer never flushes at a time-dependent point). Not safe for concurrent use.
type JSONLWriter struct {
	bw *bufio.Writer
	zw *zstd.Encoder
}

// NewJSONL returns a writer to w. Close finishes the file; it does not close w.
func NewJSONL(w io.Writer, compress bool) (*JSONLWriter, error) {
	j := &JSONLWriter{}
	if compress {
		zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedDefault))
		if err != nil {
			return nil, fmt.Errorf("starting zstd: %w", err)
		}
		j.zw = zw
		w = zw
	}
	j.bw = bufio.NewWriterSize(w, 256<<10)
	return j, nil
}

// WriteLine writes one JSON value and a line end. A value spread over several lines (pretty-
// printed JSON) is compacted first, so that every record stays on one line.
func (j *JSONLWriter) WriteLine(b []byte) error {
	if bytes.IndexByte(b, '\n') >= 0 || bytes.IndexByte(b, '\r') >= 0 {
		var c bytes.Buffer
		if err := json.Compact(&c, b); err != nil {
			return fmt.Errorf("compacting a multi-line record: %w", err)
		}
		b = c.Bytes()
	}
	if _, err := j.bw.Write(b); err != nil {
		return err
	}
	return j.bw.WriteByte('\n')
}

// Close flushes the buffer and ends the zstd stream.
func (j *JSONLWriter) Close() error {
	err := j.bw.Flush()
	if j.zw != nil {
		if cerr := j.zw.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// Errors of LineReader.
var (
	// ErrLineTooLong is returned (wrapped) for a line longer than the reader's limit; the
	// reader skips the rest of that line and can go on.
	ErrLineTooLong = errors.New("line too long")
	// ErrCorruptInput is returned (wrapped) when the input cannot be read on: a zstd stream
	// that is truncated or corrupt. Nothing after it can be read.
	ErrCorruptInput = errors.New("corrupt or truncated input")
)

// Line is one line of a JSON Lines file.
type Line struct {
	// N is the line number, from 1.
	N int
	// Data is the line without its line end ("\n" or "\r\n"). It is valid until the next
	// call of Next.
	Data []byte
	// Unterminated is set on a last line that has no line end: the file may have been cut.
	Unterminated bool
}

// LineReader reads JSON Lines, plain or zstd-compressed (recognised by the zstd magic number
// at the start, whatever the file name), one line at a time with its line number.
type LineReader struct {
	br   *bufio.Reader
	zr   *zstd.Decoder
	max  int
	n    int
	buf  []byte
	done bool
}

// NewLineReader starts reading r. maxLine bounds a line's length in bytes (≤ 0: 64 MiB).
// Close releases the zstd decoder; it does not close r.
func NewLineReader(r io.Reader, maxLine int) (*LineReader, error) {
	if maxLine <= 0 {
		maxLine = 64 << 20
	}
	br := bufio.NewReaderSize(r, 256<<10)
	l := &LineReader{max: maxLine}
	head, err := br.Peek(len(zstdMagic))
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading the start of the input: %w", err)
	}
	if bytes.Equal(head, zstdMagic) {
		zr, err := zstd.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("starting zstd: %w", err)
		}
		l.zr = zr
		br = bufio.NewReaderSize(zr, 256<<10)
	}
	l.br = br
	return l, nil
}

// Next returns the next line. At the end of the input it returns io.EOF. An error wrapping
// ErrLineTooLong is about that line only: call Next again for the next one. An error
// wrapping ErrCorruptInput ends the input: its Line.N is the line that could not be read
// whole (Data holds what was read of it), and every later call returns io.EOF.
func (l *LineReader) Next() (Line, error) {
	if l.done {
		return Line{}, io.EOF
	}
	l.buf = l.buf[:0]
	tooLong := false
	for {
		chunk, err := l.br.ReadSlice('\n')
		if !tooLong {
			if len(l.buf)+len(chunk) > l.max+2 { // +2: room for the line end
				tooLong = true
				l.buf = l.buf[:0]
			} else {
				l.buf = append(l.buf, chunk...)
			}
		}
		if !tooLong && len(trimEOL(l.buf)) > l.max && (err == nil || errors.Is(err, io.EOF)) {
			tooLong = true
		}
		switch {
		case err == nil:
			l.n++
			if tooLong {
				return Line{N: l.n}, fmt.Errorf("%w (over %d bytes)", ErrLineTooLong, l.max)
			}
			return Line{N: l.n, Data: trimEOL(l.buf)}, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			l.done = true
			if len(l.buf) == 0 && !tooLong {
				return Line{}, io.EOF
			}
			l.n++
			if tooLong {
				return Line{N: l.n}, fmt.Errorf("%w (over %d bytes)", ErrLineTooLong, l.max)
			}
			return Line{N: l.n, Data: trimEOL(l.buf), Unterminated: true}, nil
		default:
			l.done = true
			l.n++
			data := l.buf
			if tooLong || len(data) > l.max {
				data = nil
			}
			return Line{N: l.n, Data: data, Unterminated: true}, fmt.Errorf("%w: %w", ErrCorruptInput, err)
		}
	}
}

// Compressed reports whether the input is zstd-compressed.
func (l *LineReader) Compressed() bool { return l.zr != nil }

// Close releases the decoder.
func (l *LineReader) Close() {
	if l.zr != nil {
		l.zr.Close()
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}
