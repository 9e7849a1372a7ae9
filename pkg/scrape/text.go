package scrape

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// blocks are the elements that end a paragraph of text.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Table: true,
	atom.Tr: true, atom.Figure: true, atom.Figcaption: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Pre: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Br: true,
	atom.Hr: true, atom.Address: true, atom.Center: true,
}

// skipped elements never carry article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Template: true,
	atom.Svg: true, atom.Form: true, atom.Button: true, atom.Input: true, atom.Select: true,
	atom.Textarea: true, atom.Object: true, atom.Embed: true, atom.Video: true, atom.Audio: true,
	atom.Canvas: true, atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true,
}

// paragraphs returns the text of the nodes as paragraphs: whitespace collapsed (no-break
// spaces too), each block element its own paragraph, table cells joined by a space, empty
// paragraphs dropped, NFC.
func paragraphs(nodes []*html.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if p := strings.TrimSpace(cur.String()); p != "" {
			out = append(out, norm.NFC.String(p))
		}
		cur.Reset()
	}
	space := func() {
		s := cur.String()
		if s != "" && !strings.HasSuffix(s, " ") {
			cur.WriteByte(' ')
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			writeCollapsed(&cur, n.Data)
			return
		case html.ElementNode:
			if skipped[n.DataAtom] || hidden(n) {
				return
			}
		case html.CommentNode, html.DoctypeNode:
			return
		}
		block := n.Type == html.ElementNode && blocks[n.DataAtom]
		if block {
			flush()
		}
		if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
			space()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	for _, n := range nodes {
		walk(n)
		flush()
	}
	return out
}

func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") {
				return true
			}
		}
	}
	return false
}

// writeCollapsed appends s with every run of white space (including U+00A0) made one space.
func writeCollapsed(b *strings.Builder, s string) {
	prevSpace := strings.HasSuffix(b.String(), " ") || b.Len() == 0
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff' {
			if !prevSpace {
				b.WriteByte(' ')
				prevSpace = true
			}
			continue
		}
		b.WriteRune(r)
		prevSpace = false
	}
}

// cleanText collapses white space in one line of text and applies NFC.
func cleanText(s string) string {
	var b strings.Builder
	writeCollapsed(&b, s)
	return norm.NFC.String(strings.TrimSpace(b.String()))
}

// dropMatching removes paragraphs that match any of res.
func dropMatching(paras []string, res []*regexp.Regexp) []string {
	if len(res) == 0 {
		return paras
	}
	out := paras[:0]
outer:
	for _, p := range paras {
		for _, re := range res {
			if re.MatchString(p) {
				continue outer
			}
		}
		out = append(out, p)
	}
	return out
}

// TextOf returns the plain text of an HTML fragment (a feed item's content) the way article
// bodies are read: one paragraph per block, joined by "\n\n", NFC.
func TextOf(fragment string) string {
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return ""
	}
	return strings.Join(paragraphs(nodes), "\n\n")
}
