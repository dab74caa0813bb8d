package resolve

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"sync"

	"briefing/generator/content"
	"briefing/generator/diag"
)

// Cache keeps each document's resolved body and claim notes between
// builds of the same source (the preview server's rebuilds). An entry is
// reused only for the same parsed document (the content cache hands back
// the same *Doc for an unchanged file) under the same signature: every
// page's kind, slug, name and aliases (what links, citations and
// auto-links resolve against) and, for an article, the claims anchored in
// it. So an edit to one article re-resolves that article alone, and an
// edit that renames a page re-resolves everything. It also keeps the last
// build's skeleton (see skeleton), taken again while no page's shape
// changes. A nil *Cache caches nothing.
type Cache struct {
	mu     sync.Mutex
	bodies map[*content.Doc]cachedBody
	notes_ map[*content.Doc]cachedNotes
	used   map[*content.Doc]bool
	sk     *skeleton // the last build's
}

type cachedBody struct {
	sig string
	res *bodyResult
}

type cachedNotes struct {
	sig   string
	notes []noteResult
}

type noteResult struct {
	html  template.HTML
	text  string
	diags diag.List
}

func (c *Cache) body(d *content.Doc, sig string, make func() *bodyResult) *bodyResult {
	if c == nil {
		return make()
	}
	c.mu.Lock()
	e, ok := c.bodies[d]
	c.mu.Unlock()
	if ok && e.sig == sig {
		c.mark(d)
		return e.res
	}
	r := make()
	c.mu.Lock()
	if c.bodies == nil {
		c.bodies = map[*content.Doc]cachedBody{}
	}
	c.bodies[d] = cachedBody{sig, r}
	c.mu.Unlock()
	c.mark(d)
	return r
}

func (c *Cache) notes(d *content.Doc, sig string, make func() []noteResult) []noteResult {
	if c == nil {
		return make()
	}
	c.mu.Lock()
	e, ok := c.notes_[d]
	c.mu.Unlock()
	if ok && e.sig == sig {
		return e.notes
	}
	n := make()
	c.mu.Lock()
	if c.notes_ == nil {
		c.notes_ = map[*content.Doc]cachedNotes{}
	}
	c.notes_[d] = cachedNotes{sig, n}
	c.mu.Unlock()
	return n
}

func (c *Cache) mark(d *content.Doc) {
	c.mu.Lock()
	if c.used == nil {
		c.used = map[*content.Doc]bool{}
	}
	c.used[d] = true
	c.mu.Unlock()
}

// Sweep forgets documents not used since the last Sweep (deleted or
// changed files), so the cache does not grow with every edit.
func (c *Cache) Sweep() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for d := range c.bodies {
		if !c.used[d] {
			delete(c.bodies, d)
			delete(c.notes_, d)
		}
	}
	c.used = nil
}

// claimsSignature digests the claims anchored in one article.
func claimsSignature(pcs []*pendingClaim) string {
	if len(pcs) == 0 {
		return ""
	}
	h := sha256.New()
	for _, pc := range pcs {
		c := pc.spec
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%d:%d\n", pc.id, pc.status, pc.noteText, c.Quote, c.Prefix, c.Suffix, pc.sheet.Path, c.Pos.Line, c.Pos.Col)
	}
	return "|" + hex.EncodeToString(h.Sum(nil))
}
