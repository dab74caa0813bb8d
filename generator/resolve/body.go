package resolve

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/markdown"

	"github.com/yuin/goldmark/ast"
	"go.abhg.dev/goldmark/wikilink"
)

// maxProblems is how many problems one body reports at most.
const maxProblems = 100

// MaxClaimsPerArticle is how many claims, from all fact sheets together,
// one article may carry.
const MaxClaimsPerArticle = 2000

// Body is one page's body resolved against an Index: its HTML and plain
// text, the pages it cites and links to (by their numbers in that Index),
// the claims it marks, and its problems.
type Body struct {
	html    template.HTML
	text    string
	sources []citedSource // in citation number order
	links   []outlink
	dated   []datedSpan   // of text, in dated sections
	claims  []markedClaim // the claims marked, in text order
	diags   diag.List
}

// citedSource is one entry of a page's Sources list.
type citedSource struct {
	page     int32
	locators []string
}

// outlink is one link from a body to a page, with its sentence.
type outlink struct {
	page                int32
	before, text, after string
	since               fields.Date // of the section it is in, or zero
}

// Body parses, resolves and renders the body of d, marking the claims
// anchored in it (an article's), in order. It reads nothing but its
// arguments, and changes none of them. For a check, which shows no page,
// the body is only parsed, resolved and searched for its claims: no HTML,
// plain text or auto-links are made. A draft, or a page left out by
// --as-of, has an empty body. So has a file whose front matter could not
// be read: nothing of it is published, but the links and citations of
// its body are checked as a check does, so that one run reports every
// problem in it.
func (ix *Index) Body(md *markdown.Markdown, d *content.Doc, claims []Anchor, check bool) *Body {
	res := &Body{}
	if d.Draft || d.LeftOut || d.Broken && d.Body == nil {
		return res
	}
	if d.Broken {
		defer func() { *res = Body{diags: res.diags} }()
		check, claims = true, nil
	}
	doc := md.Parse(d.Body)
	diags := &res.diags
	links := map[ast.Node]int32{}
	linked := map[int32]bool{}
	numbers := map[int32]int{} // index in res.sources

	// Problems past maxProblems are only counted: each position is a
	// scan of its line, and a long line of unclosed "[[" has thousands.
	more := 0
	report := func(offset int, msg, hint string) {
		if len(*diags) >= maxProblems {
			more++
			return
		}
		pos := d.BodyPosition(offset)
		diags.Add(diag.Diagnostic{Path: d.Path, Line: pos.Line, Col: pos.Col, Msg: msg, Hint: hint})
	}
	var cites []*markdown.Cite
	wikis := annotations(doc, d.Body, func(c *markdown.Cite) { cites = append(cites, c) }, report)
	for _, w := range wikis {
		if n, link := ix.link(d, d.Body, w, diags); link != nil {
			links[link] = n
			linked[n] = true
		}
	}
	for _, c := range cites {
		for i := range c.Refs {
			r := &c.Refs[i]
			if r.Bad != "" {
				report(r.Offset, r.Bad, "")
				continue
			}
			src := ix.lookup(config.Sources, r.Key)
			if src < 0 {
				hint := diag.Suggest(r.Key, ix.slugs[config.Sources])
				if others := ix.bySlug[r.Key]; hint == "" && len(others) > 0 {
					hint = fmt.Sprintf("%q is a %s, not a source", r.Key, ix.pages[others[0]].kind.Singular)
				}
				report(r.Offset, fmt.Sprintf("unknown source %q in citation", r.Key), hint)
				continue
			}
			n, ok := numbers[src]
			if !ok {
				n = len(res.sources)
				numbers[src] = n
				res.sources = append(res.sources, citedSource{page: src})
			}
			cs := &res.sources[n]
			if r.Locator != "" && !slices.Contains(cs.locators, r.Locator) {
				cs.locators = append(cs.locators, r.Locator)
			}
			r.Number, r.Name = n+1, ix.pages[src].name
		}
	}

	// The text blocks are read once; auto-links and claim marks split
	// their leaves in place, so they stay true to the tree. A check needs
	// them only to place claims: it shows no page, so it makes no
	// mentions, plain text or auto-links.
	var tbs []*textBlock
	if !check || len(claims) > 0 {
		tbs = blocks(doc, d.Body)
	}
	datedSections(doc, d.Body, tbs, report)
	// Auto-links report nothing and change no text a claim is matched
	// in, so a check (which shows no page) skips them.
	if d.Kind == config.Articles && ix.site.Autolink && !check {
		ix.auto.link(ix, tbs, links, linked)
	}
	if len(claims) > MaxClaimsPerArticle {
		// Each claim is a scan of the article: fact sheets together may
		// not make an article's build endless.
		a := claims[MaxClaimsPerArticle]
		diags.Add(diag.Diagnostic{Path: a.Sheet, Line: a.Pos.Line, Col: a.Pos.Col,
			Msg: fmt.Sprintf("claims[%d]: %s has %d claims on it, more than the limit of %d for one article", a.Index, d.Path, len(claims), MaxClaimsPerArticle)})
		claims = claims[:MaxClaimsPerArticle]
	}
	res.claims = markClaims(tbs, d, claims, diags)

	// Mentions and plain text (for search), from the final tree; not
	// made by a check.
	if !check {
		res.text, res.links, res.dated = pageText(tbs, links)
		unnest(doc, d.Body)
		res.html = template.HTML(md.RenderString(d.Body, doc))
	}
	if n := len(res.diags) + more; n > maxProblems {
		// A file with a thousand broken links needs fixing, not reading
		// a thousand lines about.
		res.diags = append(res.diags[:maxProblems], diag.Diagnostic{Path: d.Path, Msg: fmt.Sprintf("%d more problems in this file not shown", n-maxProblems)})
	}
	return res
}

// link replaces the wikilink w of text (d's body, or a note of d) with a
// link to the page it names, and returns the page and the link; or, when
// it names none (reported), with its label as plain text.
func (ix *Index) link(d *content.Doc, text []byte, w *wikilink.Node, diags *diag.List) (int32, ast.Node) {
	n := ix.resolveWiki(d, w, diags)
	if n < 0 {
		// Reported, or a page left out of this edition: the wikilink
		// stays, and renders as its label in plain text (it resolves to
		// no address) so the page still reads. Its text is a link's, as
		// in a build of the whole briefing: never auto-linked.
		if name := ix.leftOutName(w); name != "" && w.ChildCount() == 1 && labelIsTarget(w, text) {
			w.RemoveChildren(w)
			w.AppendChild(w, ast.NewString([]byte(name)))
		}
		return -1, nil
	}
	parent := w.Parent()
	target := &ix.pages[n]
	link := ast.NewLink()
	link.Destination = []byte(target.url + fragment(w))
	link.SetAttributeString("class", []byte("entity entity-"+target.kind.Name))
	link.SetAttributeString("dir", dirAuto) // a name keeps its direction to itself
	if labelIsTarget(w, text) {
		// [[hama]] shows the page's name, not its slug.
		w.RemoveChildren(w)
		link.AppendChild(link, ast.NewString([]byte(target.name)))
	} else {
		for c := w.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
	}
	parent.ReplaceChild(parent, w, link)
	return n, link
}

// labelIsTarget reports whether the wikilink w of text has no label of
// its own: [[hama]], on one line (a Text) or wrapped (a String).
func labelIsTarget(w *wikilink.Node, text []byte) bool {
	want := string(w.Target) + fragment(w)
	switch t := w.FirstChild().(type) {
	case *ast.Text:
		return string(t.Segment.Value(text)) == want
	case *ast.String:
		return string(t.Value) == want
	}
	return false
}

// pageText is a body's plain text (for search) and its links to other
// pages, each with the sentence around it (for their Mentions), in text
// order.
func pageText(tbs []*textBlock, links map[ast.Node]int32) (string, []outlink, []datedSpan) {
	var outlinks []outlink
	var dated []datedSpan
	var text strings.Builder
	n := 0
	for _, tb := range tbs {
		n += len(tb.text) + 1
	}
	text.Grow(n)
	for _, tb := range tbs {
		if text.Len() > 0 {
			text.WriteByte('\n')
		}
		from := text.Len()
		text.WriteString(tidy(strings.TrimSpace(tb.text)))
		if !tb.since.IsZero() {
			if n := len(dated); n > 0 && dated[n-1].since.Equal(tb.since.Time) && dated[n-1].end == from-1 {
				dated[n-1].end = text.Len() // one span for one section
			} else {
				dated = append(dated, datedSpan{from, text.Len(), tb.since})
			}
		}
		var cur ast.Node
		var start, end int
		flush := func() {
			if cur != nil {
				b, m, a := sentenceAround(tb.text, start, end)
				// One copy of the sentence, so that the mention keeps
				// it alone alive, not its paragraph.
				s := b + m + a
				b, m, a = s[:len(b)], s[len(b):len(b)+len(m)], s[len(b)+len(m):]
				outlinks = append(outlinks, outlink{page: links[cur], before: b, text: m, after: a, since: tb.since})
			}
			cur = nil
		}
		for _, l := range tb.leaves {
			lk := enclosingLink(l.node, tb.node, links)
			if lk != cur {
				flush()
				if lk != nil {
					cur, start = lk, l.start
				}
			}
			end = l.end
		}
		flush()
	}
	return text.String(), outlinks, dated
}

func fragment(w *wikilink.Node) string {
	if len(w.Fragment) == 0 {
		return ""
	}
	return "#" + string(w.Fragment)
}

func enclosingLink(n, block ast.Node, links map[ast.Node]int32) ast.Node {
	for p := n; p != nil && p != block; p = p.Parent() {
		if _, ok := links[p]; ok {
			return p
		}
	}
	return nil
}

// resolveWiki finds the target of [[slug]] or [[kind/slug]], reporting
// unknown and ambiguous ones.
func (ix *Index) resolveWiki(d *content.Doc, w *wikilink.Node, diags *diag.List) int32 {
	target := strings.TrimSpace(string(w.Target))
	// Positions are worked out only for a problem: a column costs a scan
	// of its line, and a line may hold thousands of links.
	at := w.Pos() + 2 // the target
	report := func(offset int, msg, hint string) int32 {
		pos := d.BodyPosition(offset)
		diags.Add(diag.Diagnostic{Path: d.Path, Line: pos.Line, Col: pos.Col, Msg: msg, Hint: hint})
		return -1
	}
	if w.Embed {
		return report(at-1, fmt.Sprintf("embeds (![[%s]]) are not supported", target), fmt.Sprintf("write [[%s]] for a link", target))
	}
	if i := strings.Index(target, "[["); i >= 0 {
		word, _, _ := strings.Cut(target[:i], " ")
		return report(w.Pos(), fmt.Sprintf("unclosed link %q: %s", shortMarkup([]byte("[["+word)), linkReopened), linkHint)
	}
	if ix.leftOutName(w) != "" {
		return -1 // not in this edition: its name, unlinked
	}
	if kind, slug, ok := strings.Cut(target, "/"); ok {
		k, known := ix.site.Kind(kind)
		if !known {
			return report(at, fmt.Sprintf("unknown kind %q in link [[%s]]", kind, target), diag.Suggest(kind, ix.site.KindNames()))
		}
		if n := ix.lookup(kind, slug); n >= 0 {
			return n
		}
		hint := ""
		if ix.drafts[kind+"/"+slug] {
			hint = draftHint
		} else if n := ix.called(slug, kind); n >= 0 {
			hint = fmt.Sprintf("did you mean %q?", ix.pages[n].key)
		} else if c := diag.Closest(slug, ix.slugs[kind]); c != "" {
			hint = fmt.Sprintf("did you mean %q?", kind+"/"+c)
		}
		return report(at, fmt.Sprintf("unknown %s %q in link [[%s]]", k.Singular, slug, target), hint)
	}
	cands := ix.bySlug[target]
	switch len(cands) {
	case 1:
		return cands[0]
	case 0:
		var hint string
		if n := ix.called(target, ""); n >= 0 {
			name := ix.pages[n].slug()
			if len(ix.bySlug[name]) > 1 {
				name = ix.pages[n].key // the slug alone names pages of several kinds
			}
			hint = fmt.Sprintf("did you mean %q?", name)
		} else {
			hint = diag.Suggest(target, slices.Sorted(maps.Keys(ix.bySlug)))
		}
		for key := range ix.drafts {
			if strings.HasSuffix(key, "/"+target) {
				hint = draftHint
			}
		}
		report(at, fmt.Sprintf("unknown link target %q", target), hint)
	default:
		var keys []string
		for _, c := range cands {
			keys = append(keys, "[["+ix.pages[c].key+"]]")
		}
		report(at, fmt.Sprintf("ambiguous link [[%s]]: %q names pages of %d kinds", target, target, len(cands)), "write "+strings.Join(keys, " or "))
	}
	return -1
}

// leftOutName is the name of the page a link names when a build --as-of
// left that page out (and no published page has that slug), or "".
func (ix *Index) leftOutName(w *wikilink.Node) string {
	if len(ix.leftOut) == 0 {
		return ""
	}
	target := strings.TrimSpace(string(w.Target))
	if _, _, ok := strings.Cut(target, "/"); ok {
		return ix.leftOut[target]
	}
	if len(ix.bySlug[target]) > 0 {
		return ""
	}
	for _, k := range ix.site.Kinds {
		if name, ok := ix.leftOut[k.Name+"/"+target]; ok {
			return name
		}
	}
	return ""
}

// sentenceAround returns the sentence of text containing [start, end),
// split into the part before, the linked words and the part after, with
// long sentences shortened around the link.
func sentenceAround(text string, start, end int) (before, match, after string) {
	// Only room characters either side are kept, so the scan for the
	// sentence's ends stops a window away: a long sentence full of links
	// would otherwise cost (links) x (sentence length).
	const room = 160
	const window = 8 * room // bytes: room characters of up to 4 bytes, and squashed space
	s := start
	for s > 0 && start-s < window && !isSentenceEnd(text, s) {
		s--
	}
	for s > 0 && !utf8.RuneStart(text[s]) {
		s--
	}
	cutBefore := s > 0 && !isSentenceEnd(text, s)
	e := end
	for e < len(text) && e-end < window && !isSentenceEnd(text, e) {
		e++
	}
	for e < len(text) && !utf8.RuneStart(text[e]) {
		e++
	}
	cutAfter := e < len(text) && !isSentenceEnd(text, e)
	before = tidy(strings.TrimLeft(squash(text[s:start]), " "))
	match = tidy(squash(text[start:end]))
	after = tidy(strings.TrimRight(squash(text[end:e]), " "))
	// Counted and cut in place: the text is valid UTF-8 (load refuses
	// anything else), so this is what converting to runes would give.
	if utf8.RuneCountInString(before) > room {
		i := len(before)
		for range room {
			_, size := utf8.DecodeLastRuneInString(before[:i])
			i -= size
		}
		before = "…" + strings.TrimLeft(before[i:], " ")
	} else if cutBefore {
		before = "…" + before
	}
	if utf8.RuneCountInString(after) > room {
		i := 0
		for range room {
			_, size := utf8.DecodeRuneInString(after[i:])
			i += size
		}
		after = strings.TrimRight(after[:i], " ") + "…"
	} else if cutAfter {
		after += "…"
	}
	return before, match, after
}

// isSentenceEnd reports whether a sentence starts at i: after ". ", "! "
// or "? " (or a newline from a line break) followed by a capital or a
// quote, and not after a common abbreviation such as "Dr." or an initial.
func isSentenceEnd(text string, i int) bool {
	if i <= 1 || i >= len(text) {
		return false
	}
	if text[i-1] != ' ' && text[i-1] != '\n' {
		return false
	}
	j := i - 1
	for j > 0 && (text[j] == ' ' || text[j] == '\n') {
		j--
	}
	p := text[j]
	if p == '"' || p == ')' || strings.HasSuffix(text[:j+1], "”") || strings.HasSuffix(text[:j+1], "’") {
		_, size := utf8.DecodeLastRuneInString(text[:j+1])
		j -= size
		if j < 0 {
			return false
		}
		p = text[j]
	}
	if p != '.' && p != '!' && p != '?' {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	if !unicode.IsUpper(r) && r != '"' && r != '“' && r != '‘' {
		return false
	}
	if p == '.' {
		w := j
		for w > 0 && unicode.IsLetter(rune(text[w-1])) {
			w--
		}
		word := text[w:j]
		switch word {
		case "Dr", "Mr", "Mrs", "Ms", "Lt", "Col", "Gen", "Maj", "Capt", "Sgt", "St", "No", "Prof", "Sen", "Rep", "Gov", "Jr", "Sr", "vs", "e.g", "i.e", "U.S", "U.N", "U.K":
			return false
		}
		if len(word) == 1 && unicode.IsUpper(rune(word[0])) {
			return false
		}
	}
	return true
}

// squash collapses each run of white space to one space, keeping a
// space at either end so the parts of a sentence join up.
func squash(s string) string {
	// Most sentences have single spaces only: nothing to do.
	if !strings.ContainsAny(s, "\n\t") && !strings.Contains(s, "  ") && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// annotations walks a parsed body or note, src, outside code (which
// shows markup as it is): it returns the wikilinks, in order, hands each
// citation to cite, and each leftover (see leftovers) to left.
func annotations(doc ast.Node, src []byte, cite func(*markdown.Cite), left func(offset int, msg, hint string)) []*wikilink.Node {
	var wikis []*wikilink.Node
	done := 0 // src up to here is reported (see leftovers)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *wikilink.Node:
			wikis = append(wikis, n)
			if bytes.Contains(n.Target, []byte("[[")) {
				// "[[hama and [[homs]]": one error, on the first
				// (resolveWiki), not the second too.
				return ast.WalkSkipChildren, nil
			}
		case *markdown.Cite:
			cite(n)
		case *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			done = leftovers(src, n, done, left)
		}
		return ast.WalkContinue, nil
	})
	return wikis
}

// leftovers reports to left, in the text node t of src, what still reads
// as a citation "[@...]" or a link "[[...]]" after parsing: one that did
// not parse (too long, empty, or broken in a way the parser gives up on)
// would be published as it is written. So would an opening with no
// closer after it in its block (the parser reads no further), reported
// as unclosed. What is reported may run on into later text nodes (each
// "[" of "[[[" is one): src before done is not looked at again, and the
// end of what is reported is returned as the next done.
func leftovers(src []byte, t *ast.Text, done int, left func(offset int, msg, hint string)) int {
	seg := t.Segment
	stop := -1 // where t's block ends in src, found when first needed
	i := max(seg.Start, done)
	for ; i < seg.Stop; i++ {
		// Most text has no bracket: one IndexByte passes it.
		j := bytes.IndexByte(src[i:seg.Stop], '[')
		if j < 0 {
			return max(done, seg.Stop)
		}
		i += j
		if i+1 >= len(src) || (i > 0 && src[i-1] == '\\') || (src[i+1] != '@' && src[i+1] != '[') {
			continue
		}
		if i+1 == seg.Stop {
			// "[" before a Markdown link or image ("[[1](url)]"): the
			// second bracket is the link's, not a "[[".
			if n := t.NextSibling(); n != nil && (n.Kind() == ast.KindLink || n.Kind() == ast.KindImage) {
				continue
			}
		}
		if stop < 0 {
			stop = blockStop(t, len(src))
		}
		rest := src[i:max(i, min(stop, i+maxLeftover))]
		// An unclosed opening is quoted up to the first white space
		// (shortMarkup cuts it to 60 characters).
		word := rest[:min(len(rest), 256)]
		if k := bytes.IndexAny(word, " \t\r\n"); k >= 0 {
			word = word[:k]
		}
		// Nothing within maxLeftover says nothing of what is further.
		far := ""
		if stop > i+maxLeftover {
			far = " within 1 kB"
		}
		switch src[i+1] {
		case '@':
			end := bytes.IndexByte(rest, ']')
			switch {
			case end > 0 && bytes.Contains(rest[2:end], []byte("[@")):
				left(i, fmt.Sprintf("unclosed citation %q: %s", shortMarkup(word), citeReopened), citeHint)
				i++
			case end > 0 && bytes.Contains(rest[2:end], []byte("[[")):
				left(i, fmt.Sprintf("unclosed citation %q: %s", shortMarkup(word), citeLinkInside), citeHint)
				i++
			case end > 0:
				left(i, fmt.Sprintf("citation %q left as text", shortMarkup(rest[:end+1])), citeHint)
				i += end
			default:
				left(i, fmt.Sprintf("unclosed citation %q: no \"]\" follows%s", shortMarkup(word), far), citeHint)
				i++
			}
		case '[':
			end := bytes.Index(rest, []byte("]]"))
			open := len(rest) - len(bytes.TrimLeft(rest, "[")) // "[[[" is one opening
			switch {
			case end > open && bytes.Contains(rest[open:end], []byte("[[")):
				left(i, fmt.Sprintf("unclosed link %q: %s", shortMarkup(word), linkReopened), linkHint)
				i += open - 1
			case end > 0:
				left(i, fmt.Sprintf("link %q left as text", shortMarkup(rest[:end+2])), linkHint)
				i += end + 1
			default:
				left(i, fmt.Sprintf("unclosed link %q: no \"]]\" follows%s", shortMarkup(word), far), linkHint)
				i += open - 1
			}
		}
	}
	return max(done, i)
}

// What the errors on a link or citation written wrong say: how to write
// one, and that a second opened before the first was closed (which the
// parser reads as one, "[[hama and [[homs]]" a link to "hama and [[homs").
const (
	linkHint     = "write [[slug]] or [[slug|label]], closed by ]] within 1 kB; or escape the bracket: \\[["
	citeHint     = "write [@source], [@a; @b] or [@source, locator], closed by ] within 1 kB; or escape the bracket: \\[@"
	linkReopened = `another "[[" opens before its "]]"`
	citeReopened = `another "[@" opens before its "]"`
	// The link's own "]]" would close the citation.
	citeLinkInside = `a link "[[" opens before its "]"`
)

// blockStop is where the block holding t ends in its source, or n when
// that is not known: an annotation never runs past its block, so a
// closer after it closes nothing.
func blockStop(t ast.Node, n int) int {
	for p := t.Parent(); p != nil; p = p.Parent() {
		if p.Type() != ast.TypeBlock {
			continue
		}
		if lines := p.Lines(); lines.Len() > 0 {
			return lines.At(lines.Len() - 1).Stop
		}
		break
	}
	return n
}

// maxLeftover is how far a leftover "[@" or "[[" is followed to its
// closer: a little past the longest annotation that parses.
const maxLeftover = 2 << 10

// shortMarkup is markup as a problem quotes it: its lines joined, cut
// to 60 characters.
func shortMarkup(b []byte) string {
	return cut(strings.Join(strings.Fields(string(b)), " "), 60, "...")
}

// tidy drops the space left before punctuation where a citation or a
// footnote number was taken out of the text ("south of Hama [@afp]."
// reads "south of Hama ." without it).
func tidy(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && i+1 < len(s) && strings.IndexByte(".,;:!?)]", s[i+1]) >= 0 &&
			(i+2 == len(s) || strings.IndexByte(" \n\"'.,;:!?)]", s[i+2]) >= 0 || s[i+2] >= 0x80) {
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			continue
		}
		if b != nil {
			b = append(b, s[i])
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}
