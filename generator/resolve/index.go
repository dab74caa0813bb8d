package resolve

import (
	"slices"
	"strings"
	"sync"

	"briefing/generator/config"
	"briefing/generator/content"
)

// Shape is what other pages see of a page when their bodies are resolved:
// its kind, slug, name and aliases (what a link or an auto-link finds),
// whether it is a draft (not published, but named in hints) and whether
// a build --as-of left it out (a link to it reads as its name). An Index
// is made from the pages' shapes alone, so a body resolved against one
// Index stays right for every build whose pages have the same shapes.
type Shape struct {
	Kind, Slug, Name string
	Aliases          []string
	Draft, LeftOut   bool
}

// ShapeOf is a document's shape.
func ShapeOf(d *content.Doc) Shape {
	return Shape{Kind: d.Kind, Slug: d.Slug, Name: d.Name, Aliases: d.Aliases, Draft: d.Draft, LeftOut: d.LeftOut}
}

// Equal reports whether two shapes are the same (TestMemoKeys, in build,
// holds it to every field).
func (s Shape) Equal(t Shape) bool {
	return s.Kind == t.Kind && s.Slug == t.Slug && s.Name == t.Name && s.Draft == t.Draft && s.LeftOut == t.LeftOut &&
		slices.Equal(s.Aliases, t.Aliases)
}

// Index is what every body is resolved against: the pages (every shape
// but the drafts), numbered in the order of the shapes it was made from,
// found by key, by kind and slug, and by slug alone, and the names that
// auto-link to them. It is made from the Site and the shapes alone
// (NewIndex) and never changes.
type Index struct {
	site    *config.Site
	pages   []indexed // by page number
	docPage []int32   // by shape: its page number, or -1 for a draft or a page left out
	pageDoc []int32   // by page: its shape's number
	byKey   map[string]int32
	byKind  map[string]map[string]int32 // kind -> slug -> page: found without making the key
	bySlug  map[string][]int32
	slugs   map[string][]string // kind -> slugs, for suggestions
	drafts  map[string]bool     // keys of drafts
	leftOut map[string]string   // names of the pages a build --as-of left out, by key
	auto    *autolinker

	// What pages are called, for hints (see called): made on the first
	// reference that names no page, as only a briefing with one needs it.
	namesOnce sync.Once
	byName    map[string][]int32 // a page's name or alias, as a slug
	byWord    map[string][]int32 // each word of those
}

// indexed is one page of an Index.
type indexed struct {
	kind     config.Kind
	key, url string
	name     string
	aliases  []string
}

// draftHint is said of a name that is a draft's (only articles can be):
// it is not published, so nothing may link to it or check it.
const draftHint = "it is a draft: remove draft: true to publish it"

// NewIndex indexes the pages of shapes (one per loaded document, in load
// order) under site's kinds.
func NewIndex(site *config.Site, shapes []Shape) *Index {
	ix := &Index{
		site:    site,
		docPage: make([]int32, len(shapes)),
		byKey:   make(map[string]int32, len(shapes)),
		byKind:  map[string]map[string]int32{},
		bySlug:  make(map[string][]int32, len(shapes)),
		slugs:   map[string][]string{},
		drafts:  map[string]bool{},
		leftOut: map[string]string{},
	}
	for i, s := range shapes {
		key := s.Kind + "/" + s.Slug
		if s.Draft || s.LeftOut {
			if s.Draft {
				ix.drafts[key] = true
			} else {
				ix.leftOut[key] = s.Name
			}
			ix.docPage[i] = -1
			continue
		}
		n := int32(len(ix.pages))
		ix.docPage[i] = n
		ix.pageDoc = append(ix.pageDoc, int32(i))
		k, _ := site.Kind(s.Kind)
		ix.pages = append(ix.pages, indexed{kind: k, key: key, url: "/" + key + "/", name: s.Name, aliases: s.Aliases})
		ix.byKey[key] = n
		m := ix.byKind[s.Kind]
		if m == nil {
			m = map[string]int32{}
			ix.byKind[s.Kind] = m
		}
		m[s.Slug] = n
		ix.bySlug[s.Slug] = append(ix.bySlug[s.Slug], n)
		ix.slugs[s.Kind] = append(ix.slugs[s.Kind], s.Slug)
	}
	ix.auto = newAutolinker(ix.pages)
	return ix
}

// called is the page of kind ("" for any) that a reference names by what
// the page is called rather than by its slug, for a hint: its name or an
// alias, as a slug or as written ([[the-envoy]] or [[Hayat Tahrir
// al-Sham]]), or else a word of its name or aliases that no other page
// has ([[observatory]]). -1 when no page is, or more than one.
func (ix *Index) called(got, kind string) int32 {
	ix.namesOnce.Do(func() {
		ix.byName, ix.byWord = map[string][]int32{}, map[string][]int32{}
		add := func(m map[string][]int32, k string, n int32) {
			if l := m[k]; len(l) == 0 || l[len(l)-1] != n {
				m[k] = append(l, n)
			}
		}
		for n, p := range ix.pages {
			for _, name := range append([]string{p.name}, p.aliases...) {
				s := config.Slugify(name)
				add(ix.byName, s, int32(n))
				for w := range strings.SplitSeq(s, "-") {
					if len(w) >= 4 { // not "al", "the", "of"
						add(ix.byWord, w, int32(n))
					}
				}
			}
		}
	})
	want := config.Slugify(got)
	of := func(pages []int32) (n int32, count int) {
		for _, p := range pages {
			if kind == "" || ix.pages[p].kind.Name == kind {
				n, count = p, count+1
			}
		}
		return n, count
	}
	n, count := of(ix.byName[want])
	if count == 0 {
		n, count = of(ix.byWord[want])
	}
	if count != 1 {
		return -1
	}
	return n
}

// slug is a page's slug.
func (p indexed) slug() string { return p.key[len(p.kind.Name)+1:] }

// lookup returns the page of a kind and slug, or -1.
func (ix *Index) lookup(kind, slug string) int32 {
	if n, ok := ix.byKind[kind][slug]; ok {
		return n
	}
	return -1
}
