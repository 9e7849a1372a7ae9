package main

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// windows-1256 has no Persian ی (U+06CC), ک (U+06A9) or Persian digits: a page in it carries
// Arabic ي/ك and ASCII digits, as real legacy pages do.
var to1256 = strings.NewReplacer("ی", "ي", "ک", "ك", "۰", "0", "۱", "1", "۲", "2", "۳", "3", "۴", "4", "۵", "5", "۶", "6", "۷", "7", "۸", "8", "۹", "9", "٠", "0", "١", "1", "٢", "2", "٣", "3", "٤", "4", "٥", "5", "٦", "6", "٧", "7", "٨", "8", "٩", "9")

func roundTrip1256(s string) string { return to1256.Replace(s) }

func encode1256(s string) ([]byte, error) {
	return charmap.Windows1256.NewEncoder().Bytes([]byte(to1256.Replace(s)))
}

// encode1258 writes Vietnamese in windows-1258, which has the base letters with circumflex,
// breve and horn precomposed but the five tones only as combining marks.
func encode1258(s string) ([]byte, error) {
	enc := charmap.Windows1258.NewEncoder()
	var out []byte
	for _, r := range norm.NFC.String(s) {
		var buf [4]byte
		n := utf8.EncodeRune(buf[:], r)
		if b, err := enc.Bytes(buf[:n]); err == nil {
			out = append(out, b...)
			continue
		}
		var base, tones []rune
		for _, d := range norm.NFD.String(string(r)) {
			switch d {
			case 0x0300, 0x0301, 0x0303, 0x0309, 0x0323:
				tones = append(tones, d)
			default:
				base = append(base, d)
			}
		}
		b, err := enc.Bytes([]byte(norm.NFC.String(string(base)) + string(tones)))
		if err != nil {
			return nil, fmt.Errorf("windows-1258 cannot encode %q", r)
		}
		out = append(out, b...)
	}
	return out, nil
}
