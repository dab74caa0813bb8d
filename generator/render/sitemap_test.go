package render

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"briefing/generator/config"
	"briefing/generator/resolve"
)

// TestSitemapSplit: a sitemap lists at most so many pages (50,000 for
// search engines); past that, sitemap.xml is an index of sitemap files
// that between them list every page once, in order.
func TestSitemapSplit(t *testing.T) {
	cities := &resolve.KindGroup{Kind: config.Kind{Name: "cities"}}
	for i := range 23 {
		cities.Entities = append(cities.Entities, &resolve.Entity{URL: fmt.Sprintf("/cities/c%02d/", i)})
	}
	b := &resolve.Briefing{Site: &config.Site{}, Kinds: []*resolve.KindGroup{cities}}
	r := &renderer{b: b, base: "https://example.org/b/"}
	// 1 home + 1 list + 23 cities + 4 site pages.
	const pages = 29
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		Locs    []string `xml:"url>loc"`
	}
	read := func(tr *Tree, name string, v any) {
		t.Helper()
		data, err := tr.Get(name)
		if err != nil {
			t.Fatal(name, err)
		}
		if err := xml.Unmarshal(data, v); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, data)
		}
	}
	// One over the pages: room for a What changed page, which a build
	// with --previous adds (and check never has).
	one := newTree()
	r.sitemaps(one, pages+1)
	var all urlset
	read(one, "sitemap.xml", &all)
	if len(all.Locs) != pages || len(one.entries) != 1 {
		t.Fatalf("%d pages in %d files, want %d in sitemap.xml alone", len(all.Locs), len(one.entries), pages)
	}
	// Without room for it, the sitemap is split as a build with it
	// would split it, so that check reserves the same files.
	atMost := newTree()
	r.sitemaps(atMost, pages)
	if len(atMost.entries) == 1 {
		t.Errorf("%d pages with at most %d in a file and no What changed page: one file, want an index as with the page", pages, pages)
	}
	withChanges := &renderer{b: b, base: r.base, changes: &ChangesView{}}
	atMost = newTree()
	withChanges.sitemaps(atMost, pages)
	if len(atMost.entries) == 1 {
		t.Errorf("%d pages and What changed with at most %d in a file: one file", pages+1, pages)
	}

	split := newTree()
	r.sitemaps(split, 10)
	var ix struct {
		XMLName xml.Name `xml:"sitemapindex"`
		Locs    []string `xml:"sitemap>loc"`
	}
	read(split, "sitemap.xml", &ix)
	want := []string{"https://example.org/b/sitemap-1.xml", "https://example.org/b/sitemap-2.xml", "https://example.org/b/sitemap-3.xml"}
	if strings.Join(ix.Locs, " ") != strings.Join(want, " ") {
		t.Fatalf("index lists %q, want %q", ix.Locs, want)
	}
	var got []string
	for i := range want {
		var part urlset
		read(split, fmt.Sprintf("sitemap-%d.xml", i+1), &part)
		if len(part.Locs) > 10 {
			t.Errorf("sitemap-%d.xml lists %d pages, more than 10", i+1, len(part.Locs))
		}
		got = append(got, part.Locs...)
	}
	if strings.Join(got, " ") != strings.Join(all.Locs, " ") {
		t.Errorf("the parts list\n%q\nwant every page once, in order:\n%q", got, all.Locs)
	}
}
