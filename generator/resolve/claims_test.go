package resolve

import (
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/markdown"
)

// TestNestedClaims marks a claim inside another and one overlapping it
// across a link; the marks must nest properly and each claim be placed.
func TestNestedClaims(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":              {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/sources/s.md":   {Data: []byte("---\nname: S\n---\n")},
		"content/cities/hama.md": {Data: []byte("---\nname: Hama\n---\n")},
		"content/articles/a.md":  {Data: []byte("---\ntitle: A\ndate: 2024-12-05\n---\nJournalists reported 2,929 destroyed homes in Hama on Monday.\n")},
		"content/cities/b.md": {Data: []byte(`---
name: B
claims:
  - {article: a, quote: "Journalists reported", status: unverified}
  - {article: a, quote: "Journalists reported 2,929 destroyed", status: "false", sources: [s]}
  - {article: a, quote: "homes in Hama on Monday", status: partly, sources: [s]}
  - {article: a, quote: "destroyed homes", status: disputed, sources: [s]}
---
`)},
	}
	site, docs := load(t, fsys)
	b, diags := resolveDocs(site, docs, markdown.New())
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	art := b.Page("articles/a")
	if len(art.InArticle) != 4 {
		t.Fatalf("%d claims placed, want 4", len(art.InArticle))
	}
	html := string(art.Body)
	// Well nested: every <mark opens and closes in order.
	depth := 0
	for i := 0; i < len(html); i++ {
		switch {
		case strings.HasPrefix(html[i:], "<mark"):
			depth++
		case strings.HasPrefix(html[i:], "</mark>"):
			depth--
			if depth < 0 {
				t.Fatalf("</mark> without <mark> at %d in %s", i, html)
			}
		}
	}
	if depth != 0 {
		t.Fatalf("unbalanced marks in %s", html)
	}
	for _, want := range []string{
		`<mark class="claim claim-false" id="claim-cities-b-1-text"`,
		`<mark class="claim claim-unverified" id="claim-cities-b-0-text"`,
		`claim-disputed`, `claim-partly`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	// The outer claim comes first in reading order.
	if art.InArticle[0].Status != "false" || art.InArticle[1].Status != "unverified" {
		t.Errorf("order: %s, %s", art.InArticle[0].Status, art.InArticle[1].Status)
	}
}
