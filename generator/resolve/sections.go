package resolve

import (
	"bytes"
	"cmp"
	"fmt"

	"github.com/yuin/goldmark/ast"

	"briefing/generator/fields"
)

// Dated sections. A body's heading may date what it heads, written
// after its text: `## After the cutoff {since="2024-12-07"}`. Everything
// under it, to the next heading of its level or above, is dated that day
// or later: a mention taken from there is marked when the day is after
// the briefing's as-of date, as a later control row is. (The text is the
// analyst's and is never cut, at any date.)

// datedSpan is a span of a page's plain text (Entity.Text) in a dated
// section: bytes [start, end), dated since.
type datedSpan struct {
	start, end int
	since      fields.Date
}

// sinceAttr is the one attribute a heading may carry; goldmark reads
// "{...}" after a heading as its attributes.
const sinceAttr = "since"

// datedSections reads the headings of doc (a body, whose text is src)
// and dates its text blocks tbs: each block under a dated heading gets
// its date, the innermost one's where dated sections nest. A heading
// attribute other than since (and an anchor of its own, {#id}), or a
// since that is no date, is reported and left out of the page; so is a
// since on a heading that heads no section of the page (in a quote, a
// list).
func datedSections(doc ast.Node, src []byte, tbs []*textBlock, report func(offset int, msg, hint string)) {
	var dated map[ast.Node]fields.Date // top-level blocks, by node
	type section struct {
		level int
		since fields.Date
	}
	var open []section // the dated sections a block is in, outermost first
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			for len(open) > 0 && open[len(open)-1].level >= h.Level {
				open = open[:len(open)-1]
			}
			if d, set := headingDate(h, src, report, true); set {
				open = append(open, section{h.Level, d})
			}
		}
		if len(open) > 0 {
			if dated == nil {
				dated = map[ast.Node]fields.Date{}
			}
			dated[n] = open[len(open)-1].since
		}
	}
	undated(doc, src, report, doc)
	if dated == nil {
		return
	}
	for _, tb := range tbs {
		top := tb.node
		for top.Parent() != nil && top.Parent() != doc {
			top = top.Parent()
		}
		tb.since = dated[top]
	}
}

// undated checks the attributes of the headings of doc that head no
// section of a page: all of them in a claim's note (body nil), those in
// a quote or a list of a body. Only blocks holding blocks are entered: a
// heading is never inside a paragraph's text, which every body is mostly
// made of.
func undated(doc ast.Node, src []byte, report func(offset int, msg, hint string), body ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if h, ok := n.(*ast.Heading); ok && (body == nil || h.Parent() != body) {
			headingDate(h, src, report, false)
		}
		if c := n.FirstChild(); c != nil && c.Type() == ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		return ast.WalkSkipChildren, nil
	})
}

// headingDate reads and removes the attributes of heading h (but its
// id, its own or the one it is given): its since date, if set and the
// heading heads a section of a page (top). One whose text ends in what
// looks like attributes not read as such is reported (unread).
func headingDate(h *ast.Heading, src []byte, report func(offset int, msg, hint string), top bool) (date fields.Date, set bool) {
	at := 0
	if lines := h.Lines(); lines.Len() > 0 {
		at = lines.At(0).Start
	}
	const hint = `a heading takes one attribute, {since="YYYY-MM-DD"}, the day from which what it heads is dated`
	attrs := h.Attributes()
	if len(attrs) <= 1 { // its id alone (parser.WithAutoHeadingID)
		unread(h, src, report)
		return date, false
	}
	h.RemoveAttributes()
	for _, a := range attrs {
		name := string(a.Name)
		switch name {
		case "id":
			h.SetAttribute(a.Name, a.Value)
			continue
		case sinceAttr:
		default:
			report(at, fmt.Sprintf("heading attribute %q is not supported", name), hint)
			continue
		}
		if !top {
			report(at, "heading attribute since dates a section of a page's body: this heading heads none (it is in a quote, a list or a claim's note)", "")
			continue
		}
		v, ok := a.Value.([]byte)
		d, err := fields.ParseDate(string(v))
		if !ok || err != nil {
			report(at, fmt.Sprintf("heading attribute since %s", cmp.Or(err, fields.ErrDateShape)), hint)
			continue
		}
		date, set = d, true
	}
	return date, set
}

// unread reports a heading ending in what looks like attributes that
// goldmark did not read as such: most often a date not in quotes,
// {since=2024-12-07}, which it takes for a number followed by junk. The
// text would otherwise be published as part of the heading.
func unread(h *ast.Heading, src []byte, report func(offset int, msg, hint string)) {
	lines := h.Lines()
	if lines.Len() == 0 {
		return
	}
	seg := lines.At(lines.Len() - 1)
	text := bytes.TrimRight(seg.Value(src), " \t")
	open := bytes.LastIndex(text, []byte(" {"))
	if !bytes.HasSuffix(text, []byte("}")) || open < 0 {
		return
	}
	attrs := text[open+1:]
	hint := `write {since="YYYY-MM-DD"}, the date in quotes, or escape the brace: \{`
	report(seg.Start+open+1, fmt.Sprintf("heading ends with %s, not read as attributes", shortMarkup(attrs)), hint)
}
