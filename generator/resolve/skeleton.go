package resolve

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync/atomic"

	"briefing/generator/config"
	"briefing/generator/content"
)

// skeleton is what resolve derives from the pages' shapes alone: which
// pages there are, and their kinds, slugs, names, aliases and dates. It
// holds the indexes that links resolve against, the digest of them that
// cached bodies are checked with (signature), and the orders pages are
// listed in. Building it is map work and sorting over every page; a
// preview rebuild after an edit that leaves every shape as it was (a
// body, a claim, a figure, a control entry) takes the last one instead.
//
// It names pages by their place in the build's entity list (the loaded
// documents in order, drafts left out), never by pointer, so builds can
// share it; it is never changed once made.
type skeleton struct {
	kinds    []config.Kind
	autolink bool
	docs     []*content.Doc // as loaded, drafts included: the shapes it was made from

	keys   []string // by entity
	urls   []string
	byKey  map[string]int32
	byKind map[string]map[string]int32 // kind -> slug -> entity: lookup without making the key
	bySlug map[string][]int32
	slugs  map[string][]string // kind -> slugs, for suggestions
	drafts map[string]bool     // keys of draft articles
	// leftOut names the pages a build --as-of left out (dated after
	// it), by key: a link to one reads as its name.
	leftOut map[string]string
	sig     string             // see signature
	order   []int32            // reading order (pageCompare)
	groups  map[string][]int32 // each kind's pages in list order (sortGroup)
	// gen tells skeletons apart: link targets cached by entity number
	// in a body result are valid for the skeleton that numbered them.
	gen uint64
}

var skeletonGen atomic.Uint64

// newEntities makes the build's entities, in one allocation, for the
// documents that are not drafts. sk, when not nil, has the keys and URLs.
func newEntities(site *config.Site, docs []*content.Doc, sk *skeleton) []*Entity {
	n := 0
	for _, d := range docs {
		if !d.Draft && !d.LeftOut {
			n++
		}
	}
	slab := make([]Entity, n)
	ents := make([]*Entity, 0, n)
	for _, d := range docs {
		if d.Draft || d.LeftOut {
			continue
		}
		e := &slab[len(ents)]
		k, _ := site.Kind(d.Kind)
		e.Doc, e.Kind, e.Name, e.sortName = d, k, d.Name, d.SortName()
		if sk != nil {
			e.Key, e.URL = sk.keys[len(ents)], sk.urls[len(ents)]
		} else {
			e.Key = d.PageKey()
			e.URL = "/" + e.Key + "/"
		}
		ents = append(ents, e)
	}
	return ents
}

// newSkeleton indexes and orders ents, the entities newEntities made from
// docs.
func newSkeleton(site *config.Site, docs []*content.Doc, ents []*Entity) *skeleton {
	n := len(ents)
	sk := &skeleton{
		kinds: site.Kinds, autolink: site.Autolink, docs: docs,
		keys: make([]string, n), urls: make([]string, n),
		byKey: make(map[string]int32, n), byKind: map[string]map[string]int32{},
		bySlug: make(map[string][]int32, n), slugs: map[string][]string{},
		drafts: map[string]bool{}, groups: map[string][]int32{},
		gen: skeletonGen.Add(1),
	}
	for _, d := range docs {
		if d.Draft {
			sk.drafts[d.PageKey()] = true
		}
		if d.LeftOut {
			if sk.leftOut == nil {
				sk.leftOut = map[string]string{}
			}
			sk.leftOut[d.PageKey()] = d.Name
		}
	}
	for i, e := range ents {
		d := e.Doc
		sk.keys[i], sk.urls[i] = e.Key, e.URL
		sk.byKey[e.Key] = int32(i)
		m := sk.byKind[d.Kind]
		if m == nil {
			m = map[string]int32{}
			sk.byKind[d.Kind] = m
		}
		m[d.Slug] = int32(i)
		sk.bySlug[d.Slug] = append(sk.bySlug[d.Slug], int32(i))
		sk.slugs[d.Kind] = append(sk.slugs[d.Kind], d.Slug)
		sk.groups[d.Kind] = append(sk.groups[d.Kind], int32(i))
	}
	sk.order = make([]int32, n)
	for i := range sk.order {
		sk.order[i] = int32(i)
	}
	// Keys are distinct, so both orders are total: an unstable sort
	// gives the one result.
	slices.SortFunc(sk.order, func(i, j int32) int { return pageCompare(ents[i], ents[j]) })
	for kind, g := range sk.groups {
		cmp := nameCompare
		if kind == config.Articles {
			cmp = articleCompare
		}
		slices.SortFunc(g, func(i, j int32) int { return cmp(ents[i], ents[j]) })
	}
	sk.sig = sk.signature(ents)
	return sk
}

// fits reports whether sk was made from documents of the same shapes as
// docs, under the same kinds and auto-linking.
func (sk *skeleton) fits(site *config.Site, docs []*content.Doc) bool {
	if sk == nil || len(sk.docs) != len(docs) || sk.autolink != site.Autolink || !slices.Equal(sk.kinds, site.Kinds) {
		return false
	}
	for i, d := range docs {
		if !sameShape(d, sk.docs[i]) {
			return false
		}
	}
	return true
}

// articleCompare orders articles newest first, then by slug.
func articleCompare(x, y *Entity) int {
	if c := y.Doc.Date.Compare(x.Doc.Date.Time); c != 0 {
		return c
	}
	return strings.Compare(x.Doc.Slug, y.Doc.Slug)
}

// sameShape compares what a skeleton is made of. The content cache hands
// back the same *Doc for an unchanged file, so this is mostly a pointer
// comparison.
func sameShape(a, b *content.Doc) bool {
	if a == b {
		return true
	}
	return a.Kind == b.Kind && a.Slug == b.Slug && a.Draft == b.Draft && a.Broken == b.Broken && a.LeftOut == b.LeftOut &&
		a.Name == b.Name && a.SortName() == b.SortName() && a.Date.Equal(b.Date.Time) &&
		slices.EqualFunc(a.Aliases, b.Aliases, func(x, y content.Located) bool { return x.Value == y.Value })
}

// signature digests everything a body resolves against: every page's
// key, name, aliases and brokenness, the drafts, and whether names
// auto-link. It writes bytes straight into the hash.
func (sk *skeleton) signature(ents []*Entity) string {
	h := sha256.New()
	// In key order. Pages come from load in kind order then slug order,
	// which is usually key order already: the sort then only checks it.
	sorted := slices.Clone(ents)
	slices.SortFunc(sorted, func(a, b *Entity) int { return strings.Compare(a.Key, b.Key) })
	buf := make([]byte, 0, 64<<10)
	if sk.autolink {
		buf = append(buf, "autolink\n"...)
	}
	for _, e := range sorted {
		buf = append(buf, e.Key...)
		buf = append(buf, 0)
		buf = append(buf, e.Name...)
		if e.Doc.Broken {
			buf = append(buf, 0, 'B')
		}
		for _, a := range e.Doc.Aliases {
			buf = append(buf, 0)
			buf = append(buf, a.Value...)
		}
		buf = append(buf, '\n')
		if len(buf) > 60<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	drafts := make([]string, 0, len(sk.drafts))
	for k := range sk.drafts {
		drafts = append(drafts, k)
	}
	slices.Sort(drafts)
	buf = append(buf, "drafts="...)
	buf = append(buf, strings.Join(drafts, ",")...)
	left := make([]string, 0, len(sk.leftOut))
	for k, name := range sk.leftOut {
		left = append(left, k+"\x00"+name)
	}
	slices.Sort(left)
	buf = append(buf, "\nleft out="...)
	buf = append(buf, strings.Join(left, "\n")...)
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// skeleton returns the last build's skeleton when it fits docs, or nil.
func (c *Cache) skeleton(site *config.Site, docs []*content.Doc) *skeleton {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	sk := c.sk
	c.mu.Unlock()
	if !sk.fits(site, docs) {
		return nil
	}
	// The same skeleton, holding this build's documents rather than
	// the ones it was made from, so that it keeps no edited file's old
	// version alive.
	next := *sk
	next.docs = docs
	return &next
}

func (c *Cache) keepSkeleton(sk *skeleton) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.sk = sk
	c.mu.Unlock()
}
