package render

import (
	stdhtml "html"
	"html/template"
	"regexp"
	"slices"
	"strings"

	"briefing/generator/config"
	"briefing/generator/resolve"
)

// Endnote is a web address a printed page lists at its end, since paper
// cannot follow a link: the words that linked to it (or the source's
// name) and the address.
type Endnote struct {
	Text, URL string
}

// externalHref finds the links to other sites in HTML this program wrote
// (goldmark's, and the rows' externalLink): an <a> whose href is an
// http(s) address, and its content.
var externalHref = regexp.MustCompile(`<a\s[^>]*?href="(https?://[^"]+)"[^>]*>(.*?)</a>`)

var tag = regexp.MustCompile(`<[^>]*>`)

// endnotes lists, once each and in the order a reader meets them, the
// addresses a printed page would otherwise lose: the page's own (an
// article's original, a source's website), the links in its body and in
// the notes of its claims, and the websites of the sources it cites and
// of those its claims rest on. A page of claims alone (the claims page,
// the home page) has no e.
func endnotes(e *resolve.Entity, claims ...[]*resolve.Claim) []Endnote {
	var out []Endnote
	seen := map[string]bool{}
	add := func(text, u string) {
		if u == "" || seen[u] {
			return
		}
		seen[u] = true
		out = append(out, Endnote{Text: strings.Join(strings.Fields(text), " "), URL: u})
	}
	scan := func(h template.HTML) {
		// Most bodies link only within the briefing: a plain search
		// spares them the expression.
		if !strings.Contains(string(h), `href="http`) {
			return
		}
		for _, m := range externalHref.FindAllStringSubmatch(string(h), -1) {
			add(stdhtml.UnescapeString(tag.ReplaceAllString(m[2], "")), stdhtml.UnescapeString(m[1]))
		}
	}
	switch {
	case e == nil:
	case e.Kind.Name == config.Articles:
		add("Original article", e.ExternalURL)
	default:
		add(e.Name, e.ExternalURL)
	}
	if e != nil {
		scan(e.Body)
	}
	all := slices.Concat(claims...)
	for _, c := range all {
		scan(c.Note)
	}
	if e != nil {
		for _, s := range e.Sources {
			add(s.Source.Name, s.Source.ExternalURL)
		}
	}
	for _, c := range all {
		for _, s := range c.Sources {
			add(s.Name, s.ExternalURL)
		}
	}
	return out
}
