package render

import (
	"html/template"
	"strconv"
	"strings"
	"sync"

	"briefing/generator/config"
	"briefing/generator/fields"
	"briefing/generator/resolve"
)

// The parts of a page that a large briefing repeats hundreds of thousands
// of times (links, claim cards, table rows, "Mentioned in" entries) are
// written here in Go, as template functions returning template.HTML: each
// output action of a template costs reflective calls (its function and
// the escaper html/template adds), so a row of ten actions costs twenty,
// a row written here two, and a list written here two for all its rows.
//
// partials.html names the single rows as partials that only call their
// function ({{define "claim-card"}}{{claimCard .}}{{end}}): a site's own
// partials.html draws a row its way by defining the partial. A long list
// is one call in the partial or page holding it: override that one. A
// row written here draws the links inside it itself (a site's source-link
// does not reach into a claim card). The README lists every function.
//
// Values are escaped as html/template escapes a string in text or in a
// quoted attribute (appendEscaped). The URLs written are site paths and
// fragments made of slugs, which html/template's URL filters leave as
// they are, and a source's website (externalLink).

// rowFuncs are the template functions writing rows and lists.
func rowFuncs() template.FuncMap {
	return template.FuncMap{
		"time":          one((*html).time),
		"link":          one((*html).link),
		"links":         one((*html).links),
		"sourceLink":    one((*html).sourceLink),
		"statusBadge":   one((*html).statusBadge),
		"claimCard":     one((*html).claimCard),
		"claimItem":     one((*html).claimItem),
		"controlRow":    one((*html).controlRow),
		"sourceItems":   list((*html).sourceItem, "\n    ", "\n  "),
		"mentionItems":  list((*html).mention, "\n    ", "\n  "),
		"citedByItems":  list((*html).citedBy, "", ""),
		"useItems":      list((*html).use, "", ""),
		"citingItems":   one((*html).citingItems),
		"gradeKey":      gradeKey,
		"timelineItems": list((*html).timelineItem, "\n    ", "\n  "),
		"articleItems":  list((*html).articleItem, "\n  ", "\n"),
	}
}

// one makes a template function of a row.
func one[T any](row func(*html, T)) func(T) template.HTML {
	return func(v T) template.HTML {
		h := newHTML()
		defer h.free()
		row(h, v)
		return template.HTML(string(h.b))
	}
}

// list makes a template function writing a row for each item, between
// before and after (the white space a {{range}} around the row had).
func list[T any](row func(*html, T), before, after string) func([]T) template.HTML {
	return func(items []T) template.HTML {
		h := newHTML()
		defer h.free()
		for _, v := range items {
			h.raw(before)
			row(h, v)
			h.raw(after)
		}
		return template.HTML(string(h.b))
	}
}

// html is a fragment being written.
type html struct{ b []byte }

// rowBuffers holds the buffers rows are written in: a row is written into
// one, and only its final string is allocated, at its size.
var rowBuffers = sync.Pool{New: func() any { return &html{b: make([]byte, 0, 4096)} }}

func newHTML() *html { return rowBuffers.Get().(*html) }

func (h *html) free() {
	if cap(h.b) <= maxPooled {
		h.b = h.b[:0]
		rowBuffers.Put(h)
	}
}

func (h *html) raw(s string) { h.b = append(h.b, s...) }

// f writes format with each %s replaced by the next of args, escaped:
// markup as a template has it, values as html/template escapes them.
func (h *html) f(format string, args ...string) {
	for _, a := range args {
		i := strings.Index(format, "%s")
		h.b = appendEscaped(append(h.b, format[:i]...), a)
		format = format[i+2:]
	}
	h.b = append(h.b, format...)
}

// appendEscaped appends s as html/template's escaper for text and quoted
// attribute values writes a plain string: NUL, quotes, &, +, < and > are
// replaced, nothing else (FuzzEscape holds it to html/template).
func appendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if !escaped[s[i]] {
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, escapes[s[i]]...)
		start = i + 1
	}
	return append(dst, s[start:]...)
}

var escapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escaped says which bytes escapes replaces (a table of bools is read
// twice as fast as one of strings, and most text has nothing to replace).
var escaped = func() (t [256]bool) {
	for i, r := range escapes {
		t[i] = r != ""
	}
	return t
}()

// time is a date as a <time> element.
func (h *html) time(d fields.Date) {
	h.f(`<time datetime="%s">%s</time>`, d.String(), dateText(d))
}

// link is an entity's name linking to its page, in the direction of
// its own script.
func (h *html) link(e *resolve.Entity) {
	h.f(`<a href="%s" dir="auto">%s</a>`, e.URL, e.Name)
}

// links is a list of links separated by commas.
func (h *html) links(list []*resolve.Entity) {
	for i, e := range list {
		if i > 0 {
			h.raw(", ")
		}
		h.link(e)
	}
}

// sourceLink links a source, with its reliability grade.
func (h *html) sourceLink(s *resolve.Entity) {
	h.f(`<a href="%s" class="source-ref" dir="auto">%s</a>`, s.URL, s.Name)
	if g := s.Reliability; g != "" {
		h.f(` <abbr class="grade grade-%s" title="Reliability %s: %s">%s</abbr>`, g, g, reliabilityText(g), g)
	}
}

// gradeKey says in words what each reliability grade means, for a reader
// who cannot hover over a grade to read its tooltip (a phone, paper).
func gradeKey() template.HTML {
	h := newHTML()
	defer h.free()
	for i, g := range config.Reliabilities {
		if i > 0 {
			h.raw(", ")
		}
		h.f(`<abbr class="grade grade-%s">%s</abbr> %s`, g.Name, g.Name, g.Label)
	}
	return template.HTML(string(h.b))
}

// statusBadge is a claim status as a coloured label.
func (h *html) statusBadge(status string) {
	h.f(`<span class="badge status-%s">%s</span>`, status, statusLabel(status))
}

// afterMark marks what is dated after the briefing's as-of date with
// the words given ("after the 6 December cutoff"), or nothing.
func (h *html) afterMark(mark string) {
	if mark != "" {
		h.f(` <span class="after-mark">%s</span>`, mark)
	}
}

// claimSources is a claim's sources, or says it has none.
func (h *html) claimSources(c *resolve.Claim) {
	if len(c.Sources) == 0 {
		if c.Status == config.Unverified {
			// Not "no source found": its note may tell what was
			// found on its subject, short of settling it.
			h.raw("No source confirms or refutes it.")
		} else {
			h.raw("No sources listed.")
		}
		return
	}
	h.raw("Sources: ")
	for i, s := range c.Sources {
		if i > 0 {
			h.raw("; ")
		}
		h.sourceLink(s)
	}
	h.raw(".")
}

// note is a claim's note, Markdown made HTML by resolve.
func (h *html) note(c *resolve.Claim) {
	if c.Note != "" {
		h.raw(`<div class="claim-note">`)
		h.raw(string(c.Note))
		h.raw(`</div>`)
	}
}

// claimCard is a claim as a card: on fact sheets, source pages, the
// claims page and the home page.
func (h *html) claimCard(c *resolve.Claim) {
	h.f("\n<article class=\"claim-card status-%s\" id=\"review-%s\">\n  <header>", c.Status, c.ID)
	h.claimNumber(c)
	h.statusBadge(c.Status)
	h.raw(` <span class="claim-where">in `)
	h.link(c.Article)
	if d := c.Article.Date; !d.IsZero() {
		h.raw(", ")
		h.time(d)
	}
	h.raw("</span>")
	h.afterMark(c.AfterCutoff)
	h.f("</header>\n  <blockquote><p>“%s”</p></blockquote>\n  ", c.Passage())
	h.note(c)
	h.raw("\n  <p class=\"claim-meta\">\n    ")
	h.claimSources(c)
	h.raw("\n    ")
	if c.Number != 0 {
		h.f(`<a href="%s#claim-%s-text">See it in the article</a> · `, c.Article.URL, c.ID)
	}
	h.raw("Fact sheet: ")
	h.link(c.Sheet)
	h.raw("\n  </p>\n</article>\n")
}

// claimNumber is a claim's number in its article, as its tag in the
// text shows it, or nothing for a claim not placed.
func (h *html) claimNumber(c *resolve.Claim) {
	if c.Number != 0 {
		h.f(`<span class="claim-n"><span class="visually-hidden">claim </span>%s</span>`, strconv.Itoa(c.Number))
	}
}

// claimItem is a claim in its article's fact-check list.
func (h *html) claimItem(c *resolve.Claim) {
	h.f("<li id=\"claim-%s\" class=\"claim-item status-%s\">\n      ", c.ID, c.Status)
	h.claimNumber(c)
	h.statusBadge(c.Status)
	h.f("\n      <blockquote><p>“%s”</p></blockquote>\n      ", c.Passage())
	h.note(c)
	h.raw("\n      <p class=\"claim-meta\">\n        ")
	h.claimSources(c)
	h.raw("\n        Fact sheet: ")
	h.link(c.Sheet)
	// Its name is its visible words (WCAG 2.5.3, label in name); the span
	// keeps it off paper.
	h.f("<span class=\"back-to-text\"> · <a href=\"#claim-%s-text\">↑ back to the passage</a></span>\n      </p>\n    </li>", c.ID)
}

// controlRow is a row of a city's control timeline; the entry in force
// at the briefing's date is marked current, one dated after it as such.
func (h *html) controlRow(c *resolve.Control) {
	switch {
	case c.AfterCutoff != "":
		h.raw(`<tr class="after-cutoff"><td>`)
	case c.City != nil && c.City.Controller == c:
		h.raw(`<tr class="current"><td>`)
	default:
		h.raw(`<tr><td>`)
	}
	if c.HeldBefore {
		// Held already on the date the timeline starts: not taken then.
		h.raw(`before `)
	}
	h.time(c.Date)
	h.afterMark(c.AfterCutoff)
	h.raw(`</td><td>`)
	if c.Until.IsZero() {
		h.raw("—")
	} else {
		h.time(c.Until)
		h.afterMark(c.UntilAfterCutoff)
	}
	h.raw(`</td><td>`)
	if c.Faction != nil {
		h.link(c.Faction)
	}
	if c.AfterCutoff == "" && c.City != nil && c.City.Controller == c {
		// The row in bold, said in words for a screen reader.
		h.raw(` <span class="visually-hidden">(holds it as of this briefing)</span>`)
	}
	h.raw(`</td><td>`)
	if c.Source != nil {
		h.sourceLink(c.Source)
	}
	h.f(`</td><td>%s</td></tr>`, c.Note)
}

// sourceItem is an entry of a page's Sources list: the source, what kind
// of source it is, where it was cited (locators) and its website.
func (h *html) sourceItem(r *resolve.SourceRef) {
	h.f(`<li id="source-%s">`, strconv.Itoa(r.Number))
	h.sourceLink(r.Source)
	if k := r.Source.SourceKind; k != "" {
		h.f(` <span class="muted">(%s)</span>`, sourceKindText(k))
	}
	if len(r.Locators) > 0 {
		h.f(": %s", joinAnd(r.Locators))
	}
	if u := r.Source.ExternalURL; u != "" {
		h.raw(" ")
		h.externalLink(u)
	}
	h.raw(`</li>`)
}

// externalLink links a URL from the content, showing the URL. A URL with
// only characters that html/template's URL filters keep as they are is
// written here; any other is written by html/template (externalTmpl), so
// that it, not this package, decides what such a URL becomes.
func (h *html) externalLink(u string) {
	if !plainURL(u) {
		var b strings.Builder
		_ = externalTmpl.Execute(&b, u) // a string into a builder cannot fail
		h.raw(b.String())
		return
	}
	h.f(`<a class="external" href="%s" rel="noopener">%s</a>`, u, u)
}

var externalTmpl = template.Must(template.New("external").Parse(`<a class="external" href="{{.}}" rel="noopener">{{.}}</a>`))

// plainURL reports whether u is an http(s) URL of letters, digits, the
// punctuation RFC 3986 reserves or leaves unreserved, and %XX escapes:
// html/template's filters pass such a URL as it is, and its attribute
// escaper then does what text does.
func plainURL(u string) bool {
	l := strings.ToLower(u)
	if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// mention is an entry of a page's "Mentioned in" list: the page linking
// here and the words around the link, the linked ones marked.
func (h *html) mention(m *resolve.Mention) {
	h.raw(`<li>`)
	h.link(m.From)
	h.f(` <span class="muted">(%s)</span>`, m.From.What())
	h.afterMark(m.AfterCutoff)
	h.f("\n      <blockquote class=\"context\">%s<mark dir=\"auto\">%s</mark>%s</blockquote></li>", m.Before, m.Text, m.After)
}

// citedBy is a page citing a source in its text, on the source's page.
func (h *html) citedBy(e *resolve.Entity) { h.resting(e, "in the text", e.AfterCutoff) }

// use is a page resting on a source outside its text (a control entry,
// a figure, a population, an article it published).
func (h *html) use(u *resolve.Use) { h.resting(u.Page, u.What, u.AfterCutoff) }

// resting is a page resting on a source, on the source's page, how it
// does, and the mark of a page or use dated after the cutoff.
func (h *html) resting(e *resolve.Entity, how, mark string) {
	h.raw(`<li>`)
	h.link(e)
	h.f(` <span class="muted">(%s, %s)</span>`, e.What(), how)
	h.afterMark(mark)
	h.raw(`</li>`)
}

// citingItems are the pages resting on a source, on its page: each page
// once, saying every way it does ("in the text; figures: killed").
func (h *html) citingItems(src *resolve.Entity) {
	var pages []*resolve.Entity
	whats := map[*resolve.Entity][]string{}
	// A page is marked later if every way it rests on the source is.
	marks := map[*resolve.Entity]string{}
	add := func(e *resolve.Entity, what, mark string) {
		if whats[e] == nil {
			pages = append(pages, e)
			marks[e] = mark
		} else if mark == "" {
			marks[e] = ""
		}
		whats[e] = append(whats[e], what)
	}
	for _, e := range src.CitedBy {
		add(e, "in the text", e.AfterCutoff)
	}
	for _, u := range src.Uses {
		add(u.Page, u.What, u.AfterCutoff)
	}
	for _, e := range pages {
		h.resting(e, strings.Join(whats[e], "; "), marks[e])
	}
}

// timelineItem is one item of a day of the timeline: an event, a change
// of control or an article, with the claims checked in it folded away.
func (h *html) timelineItem(it *resolve.TimelineItem) {
	h.f("<li class=\"item item-%s\">\n      <span class=\"type\">%s</span>\n      <a href=\"%s", it.Type, it.Type, it.Page.URL)
	if it.Anchor != "" {
		h.f("#%s", it.Anchor)
	}
	h.f(`" dir="auto">%s</a>`, it.Title)
	if it.Source != nil {
		h.raw(` <span class="muted">— source:</span> `)
		h.sourceLink(it.Source)
	}
	if it.Note != "" {
		h.f(`<br><span class="muted">%s</span>`, it.Note)
	}
	if len(it.Claims) > 0 {
		h.f("\n      <details class=\"claims-fold\">\n        <summary>%s checked in it</summary>\n        <ul>", plural(len(it.Claims), "claim", "claims"))
		for _, c := range it.Claims {
			h.raw("\n          <li>")
			h.statusBadge(c.Status)
			h.f(" <a href=\"%s#claim-%s\" dir=\"auto\">“%s”</a></li>\n        ", c.Article.URL, c.ID, c.Passage())
		}
		h.raw("</ul>\n      </details>")
	}
	h.raw("\n    </li>")
}

// articleItem is an article in the list of all articles: title, date,
// how many of its claims are checked, summary.
func (h *html) articleItem(e *resolve.Entity) {
	h.raw(`<li>`)
	h.link(e)
	h.f(` <time class="muted" datetime="%s">%s</time>`, e.Date.String(), dateText(e.Date))
	h.afterMark(e.AfterCutoff)
	if n := len(e.InArticle); n > 0 {
		h.f(` <span class="muted">· %s checked</span>`, plural(n, "claim", "claims"))
	}
	if s := e.Summary; s != "" {
		h.f(`<br><span class="muted">%s</span>`, s)
	}
	h.raw(`</li>`)
}
