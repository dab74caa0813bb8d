package resolve

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/markdown"

	"github.com/yuin/goldmark/ast"
)

// Anchor is a claim as the body of the article it annotates marks it.
// Every field is an input of that body (see Index.Body): equal lists of
// anchors mark an article alike.
type Anchor struct {
	ID       string // "cities-hama-0"
	Status   string
	NoteText string // the note as plain text, for the highlight's tooltip
	Gist     string // its first sentence, for the note beside the passage
	Quote    string
	Prefix   string
	Suffix   string
	Sheet    string     // the fact sheet making the claim, where its problems are reported
	Index    int        // its place in the sheet's claims list
	Pos      fields.Pos // of its quote in the sheet
}

type found struct {
	a     *Anchor
	tb    *textBlock
	block int
	m     hit
}

// markedClaim is a claim found in its article: its ID, and the words it
// matched as the article prints them.
type markedClaim struct {
	id, passage string
}

// markClaims finds each claim's quote in the article and highlights it.
// Problems are reported in the fact sheet that makes the claim, naming the
// article too.
func markClaims(tbs []*textBlock, art *content.Doc, claims []Anchor, diags *diag.List) []markedClaim {
	var hits []found
	for i := range claims {
		c := &claims[i]
		ms := matches(tbs, foldQuote(c.Quote, c.Prefix, c.Suffix))
		where := fmt.Sprintf("claims[%d].quote", c.Index)
		switch len(ms) {
		case 0:
			msg := fmt.Sprintf("%s not found in %s: %q", where, art.Path, cut(c.Quote, 80, "..."))
			hint := partialHint(tbs, c.Quote)
			if c.Prefix != "" || c.Suffix != "" {
				if ctx := context(tbs, c.Quote); ctx != "" {
					msg = fmt.Sprintf("%s is in %s but not with the given prefix/suffix: %q", where, art.Path, cut(c.Quote, 80, "..."))
					hint = ctx
				}
			}
			diags.Add(diag.Diagnostic{Path: c.Sheet, Line: c.Pos.Line, Col: c.Pos.Col, Msg: msg, Hint: hint})
		case 1:
			ms[0].a = c
			hits = append(hits, ms[0])
		default:
			var lines []string
			for _, h := range ms {
				lines = append(lines, fmt.Sprint(lineOf(art, h.tb, h.m.Start)))
			}
			diags.Add(diag.Diagnostic{Path: c.Sheet, Line: c.Pos.Line, Col: c.Pos.Col,
				Msg:  fmt.Sprintf("%s occurs %d times in %s (lines %s)", where, len(ms), art.Path, strings.Join(lines, ", ")),
				Hint: "add prefix: or suffix: with the words just before or after the one you mean"})
		}
	}
	// Outer passages first: a claim nested in another (or overlapping it)
	// is then marked inside the outer marks, run by run, so the HTML
	// stays well nested whatever the overlap.
	slices.SortStableFunc(hits, func(a, b found) int {
		return cmp.Or(a.block-b.block, a.m.Start-b.m.Start, b.m.End-a.m.End)
	})
	var out []markedClaim
	var tags []*markdown.ClaimTag
	for i := range hits {
		h := &hits[i]
		out = append(out, markedClaim{h.a.ID, squash(h.tb.text[h.m.Start:h.m.End])})
		ls := h.tb.span(h.m.Start, h.m.End)
		runs := siblingRuns(ls)
		var mark *markdown.ClaimMark
		for ri, run := range runs {
			mark = &markdown.ClaimMark{ID: "claim-" + h.a.ID, Status: h.a.Status, Title: tooltip(h.a), First: ri == 0}
			wrap(run, mark)
		}
		if mark == nil {
			continue // no text to mark (a match has some; never panic)
		}
		// Numbered in text order, as Assemble numbers the claims.
		tag := &markdown.ClaimTag{ID: "claim-" + h.a.ID, Status: h.a.Status, Number: i + 1, Gist: h.a.Gist}
		after := outermostLink(mark, h.tb.node)
		after.Parent().InsertAfter(after.Parent(), after, tag)
		tags = append(tags, tag)
	}
	// Inner passages last: a break moved out of an inner mark is then
	// moved on out of the outer one.
	for _, tag := range slices.Backward(tags) {
		breakAfter(tag)
	}
	return out
}

// breakAfter moves the line break a passage ends on (the Markdown's line
// ended there) from its last text to after its tag. Inside the mark it
// highlighted a space, and the tag's note ran into the next line's first
// word ("trapped ① ?UNVERIFIEDin the city"). It runs once every claim
// is marked: the leaves' offsets count the break where it was.
func breakAfter(tag ast.Node) {
	var last *ast.Text
	for n := tag.PreviousSibling(); n != nil; n = n.LastChild() {
		if t, ok := n.(*ast.Text); ok {
			last = t
			break
		}
	}
	if last == nil || !last.SoftLineBreak() && !last.HardLineBreak() {
		return
	}
	br := ast.NewTextSegment(last.Segment.WithStart(last.Segment.Stop))
	br.SetSoftLineBreak(last.SoftLineBreak())
	br.SetHardLineBreak(last.HardLineBreak())
	last.SetSoftLineBreak(false)
	last.SetHardLineBreak(false)
	tag.Parent().InsertAfter(tag.Parent(), tag, br)
}

// outermostLink is the outermost link holding n inside block, or n: a
// claim's tag goes after it, so that a passage ending inside a link (an
// auto-linked name) does not put a link inside a link.
func outermostLink(n, block ast.Node) ast.Node {
	out := n
	for p := n.Parent(); p != nil && p != block; p = p.Parent() {
		if interactive(p) {
			out = p
		}
	}
	return out
}

// gist is the first sentence of a note's plain text, at most about 140
// characters: the note set beside its passage, short enough for the
// margin to keep up with the text.
func gist(text string) string {
	text = strings.TrimSpace(text)
	for i := 1; i < len(text); i++ {
		if isSentenceEnd(text, i) {
			text = strings.TrimSpace(text[:i])
			break
		}
	}
	if r := []rune(text); len(r) > 140 {
		text = strings.TrimRight(string(r[:139]), " ") + "…"
	}
	return text
}

func tooltip(a *Anchor) string {
	t := config.Label(config.Statuses, a.Status)
	if a.NoteText != "" {
		t += ": " + a.NoteText
	}
	return cut(t, 300, "…")
}

// matches finds a folded quote in every block of an article.
func matches(tbs []*textBlock, key quoteKey) []found {
	var out []found
	for bi, tb := range tbs {
		for _, m := range tb.folded().find(key) {
			out = append(out, found{tb: tb, block: bi, m: m})
		}
	}
	return out
}

// context describes the text around the first match of a quote, for a
// prefix or suffix that does not fit.
func context(tbs []*textBlock, quote string) string {
	ms := matches(tbs, foldQuote(quote, "", ""))
	if len(ms) == 0 {
		return ""
	}
	text, m := ms[0].tb.text, ms[0].m
	before := []rune(squash(text[:m.Start]))
	after := []rune(squash(text[m.End:]))
	before, after = before[max(0, len(before)-30):], after[:min(len(after), 30)]
	return fmt.Sprintf("in the article it reads %q before and %q after", strings.TrimLeft(string(before), " "), strings.TrimRight(string(after), " "))
}

// partialHint says how much of a quote the article does contain, which is
// usually where a misquote or a typo is.
func partialHint(tbs []*textBlock, quote string) string {
	words := strings.Fields(foldString(quote))
	lo, hi := 0, len(words)-1 // the longest prefix of words found is in [lo, hi]
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if len(matches(tbs, foldQuote(strings.Join(words[:mid], " "), "", ""))) > 0 {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo < 2 {
		return ""
	}
	return fmt.Sprintf("the article has %q, but not what follows", strings.Join(words[:lo], " "))
}

// cut shortens s to n characters when it is longer, the last of them
// more ("..." in a problem, "…" in a page).
func cut(s string, n int, more string) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-utf8.RuneCountInString(more)]) + more
	}
	return s
}

func lineOf(d *content.Doc, tb *textBlock, at int) int {
	for _, l := range tb.leaves {
		if at >= l.start && at < l.end {
			if _, ok := l.node.(*ast.Text); ok {
				return d.BodyPosition(l.src(min(at-l.start, l.visibleLen()))).Line
			}
			if p := l.node.Pos(); p >= 0 {
				return d.BodyPosition(p).Line
			}
		}
	}
	if p := tb.node.Pos(); p >= 0 {
		return d.BodyPosition(p).Line
	}
	return 0
}

// renderNote renders a claim's note, a small Markdown document of its own
// in which [[links]] work; citations belong in the claim's sources.
func (ix *Index) renderNote(md *markdown.Markdown, d *content.Doc, c content.Claim, diags *diag.List) (template.HTML, string) {
	if strings.TrimSpace(c.Note) == "" {
		return "", ""
	}
	src := []byte(c.Note)
	doc := md.Parse(src)
	// The note's links are resolved as a body's, in a page of its own
	// whose positions are offsets in the note (notePos places them).
	at := &content.Doc{Path: d.Path, Kind: d.Kind, Slug: d.Slug, Src: src, Body: src}
	report := func(off int, msg, hint string) {
		p := notePos(d, c, src, off)
		diags.Add(diag.Diagnostic{Path: d.Path, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf("claims[%d].note: %s", c.Index, msg), Hint: hint})
	}
	var cites []*markdown.Cite
	wikis := annotations(doc, src, func(n *markdown.Cite) {
		p := c.NotePos
		if len(n.Refs) > 0 {
			p = notePos(d, c, src, bytes.LastIndex(src[:n.Refs[0].Offset], []byte("[@")))
		}
		diags.Add(diag.Diagnostic{Path: d.Path, Line: p.Line, Col: p.Col,
			Msg:  fmt.Sprintf("citation in claims[%d].note", c.Index),
			Hint: fmt.Sprintf("list the source in claims[%d].sources instead", c.Index)})
		cites = append(cites, n)
	}, report)
	undated(doc, src, report, nil) // a note's headings head no section
	// Citations go after the walk: a node taken out during it ends the
	// walk of its paragraph, and a [[link]] after it went unchecked.
	for _, n := range cites {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, w := range wikis {
		var local diag.List
		ix.link(at, src, w, &local)
		for _, dg := range local {
			report(fields.OffsetOf(src, fields.Pos{Line: dg.Line, Col: dg.Col}), dg.Msg, dg.Hint)
		}
	}
	var text []string
	for _, tb := range blocks(doc, src) {
		text = append(text, strings.TrimSpace(squash(tb.text)))
	}
	unnest(doc, src)
	return template.HTML(md.RenderString(src, doc)), strings.Join(text, " ")
}

// notePos places byte off of claim c's note in d's file. The note's value
// is not its text in the file (it may be quoted, folded or wrapped over
// lines), so the text from off to the next space is looked for from where
// the note starts, taking as many occurrences as the note has before off,
// and before the next claim (a note whose escapes change the text is not
// placed in another's); the note's start when it is not found.
func notePos(d *content.Doc, c content.Claim, note []byte, off int) fields.Pos {
	word := note[max(0, off):]
	if i := bytes.IndexAny(word, " \t\r\n"); i >= 0 {
		word = word[:i]
	}
	start, end := fields.OffsetOf(d.Src, c.NotePos), d.BodyOffset
	for _, next := range d.Claims {
		if next.Index > c.Index && next.Pos.Line > 0 {
			end = min(end, fields.OffsetOf(d.Src, next.Pos))
			break
		}
	}
	if off < 0 || len(word) == 0 || start >= end {
		return c.NotePos
	}
	raw, at := d.Src[start:end], 0
	for n := bytes.Count(note[:off], word); ; n-- {
		i := bytes.Index(raw[at:], word)
		if i < 0 {
			return c.NotePos
		}
		if n == 0 {
			return d.Position(start + at + i)
		}
		at += i + len(word)
	}
}
