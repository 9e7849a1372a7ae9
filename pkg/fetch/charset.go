package fetch

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// DecodeHTML turns an HTML body into UTF-8 in NFC. The charset comes from, in order: a BOM,
// the Content-Type header, a <meta> tag in the first 1024 bytes; with none, the body is UTF-8
// when it is valid UTF-8 and fallback otherwise (windows-1256 for Persian sources,
// windows-1258 for Vietnamese; nil means windows-1252). It returns the name of the charset used.
//
// A wrong label is caught where it can be: a body declared UTF-8 that is not valid UTF-8 is
// ErrCharset; a body declared in a single-byte charset that is in fact valid, non-ASCII UTF-8 is
// read as UTF-8 (no legacy-encoded Persian or Vietnamese text is valid UTF-8 by accident).
func DecodeHTML(body []byte, contentType string, fallback encoding.Encoding) ([]byte, string, error) {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	declared := certain || hasMetaCharset(body)
	isUTF8 := utf8.Valid(body)
	switch {
	case name == "utf-8" && declared:
		if !isUTF8 {
			return nil, name, fmt.Errorf("%w: declared utf-8 but the body is not valid utf-8", ErrCharset)
		}
		return bytes.TrimPrefix(norm.NFC.Bytes(body), []byte("\ufeff")), name, nil
	case !declared && isUTF8:
		return norm.NFC.Bytes(body), "utf-8", nil
	case !declared:
		if fallback == nil {
			fallback = charmap.Windows1252
		}
		enc, name = fallback, strings.ToLower(fmt.Sprint(fallback))
	case isUTF8 && !isASCII(body) && name != "utf-8":
		// a single-byte label on a UTF-8 body: the label is wrong.
		return norm.NFC.Bytes(body), "utf-8 (declared " + name + ")", nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, name, fmt.Errorf("%w: %s: %v", ErrCharset, name, err)
	}
	return norm.NFC.Bytes(out), name, nil
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// hasMetaCharset reports whether the first 1024 bytes carry a <meta> charset that names a
// known encoding (what the HTML prescan would find).
func hasMetaCharset(body []byte) bool {
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	m := metaCharset.FindSubmatch(head)
	if m == nil {
		return false
	}
	e, _ := charset.Lookup(string(m[1]))
	return e != nil
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// FallbackFor is the legacy charset pages in lang are most often written in when they declare
// none: windows-1256 for "fa", windows-1258 for "vi", windows-1252 otherwise.
func FallbackFor(lang string) encoding.Encoding {
	switch lang {
	case "fa":
		return charmap.Windows1256
	case "vi":
		return charmap.Windows1258
	}
	return charmap.Windows1252
}
