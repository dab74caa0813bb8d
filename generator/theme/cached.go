package theme

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"briefing/generator/diag"
)

// partialCached is the template function
//
//	{{partialCached "source-link" .}}      {{partialCached "nav" .Nav .Section}}
//
// It executes a partial (a template defined in partials.html) once per
// value, or per key when one is given, and reuses the HTML on every page
// after that, as Hugo's partialCached does. A partial called for each of
// 10,000 articles' sources, say, is then executed once per source instead
// of once per article. Only a partial whose output depends on nothing but
// its value (or key) may be cached: the shipped theme caches links to
// entities, which are the same on every page (links are made relative to
// each page after it is rendered).
//
// The key must be a string, number, bool or pointer (an entity): a value
// that is not is an error naming it.
type partialCache struct {
	depth atomic.Int32
}

// pagePartials is the cache of one page type's template set (a page may
// redefine a partial): for each partial, its HTML by key. The list of
// partials is short (a theme calls a handful) and copied on write, so a
// lookup is a scan of a few names and one map read keyed by the value
// alone, without hashing names on every call.
type pagePartials struct {
	mu    sync.Mutex
	names atomic.Pointer[[]namedPartial]
}

type namedPartial struct {
	name string
	m    *htmlCache
}

// htmlCache is one partial's HTML by key. It is read far more than it is
// written (a 10,000-article build reads it some 400,000 times), by every
// worker. A map under a read-write lock reads it in a third of the time
// sync.Map took, whose hash trie is several pointer hops deep at 10,000
// keys.
type htmlCache struct {
	mu sync.RWMutex
	m  map[any]template.HTML
}

func (c *htmlCache) load(k any) (template.HTML, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

func (c *htmlCache) store(k any, v template.HTML) {
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}

func (p *pagePartials) byName(name string) *htmlCache {
	if l := p.names.Load(); l != nil {
		for _, n := range *l {
			if n.name == name {
				return n.m
			}
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var l []namedPartial
	if old := p.names.Load(); old != nil {
		for _, n := range *old {
			if n.name == name {
				return n.m
			}
		}
		l = append(l, *old...)
	}
	m := &htmlCache{m: map[any]template.HTML{}}
	l = append(l, namedPartial{name, m})
	p.names.Store(&l)
	return m
}

// maxPartialDepth stops a partial that calls itself through
// partialCached: each call starts a fresh execution, which html/template's
// own nesting limit does not see.
const maxPartialDepth = 1000

func (c *partialCache) fn(set **template.Template) func(string, any, ...any) (template.HTML, error) {
	partials := &pagePartials{}
	return func(name string, data any, key ...any) (template.HTML, error) {
		k := data
		switch len(key) {
		case 0:
		case 1:
			k = key[0]
		default:
			return "", errors.New("partialCached takes a partial's name, a value and at most one key")
		}
		if !cacheable(k) {
			return "", fmt.Errorf("partialCached %q: cannot key a cache on a %T; give a string or an entity as the key (third argument)", name, k)
		}
		m := partials.byName(name)
		if v, ok := m.load(k); ok {
			return v, nil
		}
		// Checked on a miss only: Lookup takes the template set's lock.
		if (*set).Lookup(name) == nil {
			msg := fmt.Sprintf("partialCached: no partial %q", name)
			if hint := diag.Suggest(name, templateNames(*set)); hint != "" {
				msg += " (" + hint + ")"
			}
			return "", errors.New(msg)
		}
		defer c.depth.Add(-1)
		if c.depth.Add(1) > maxPartialDepth {
			return "", &depthError{name}
		}
		var b strings.Builder
		if err := (*set).ExecuteTemplate(&b, name, data); err != nil {
			// Passed up bare, so the message is not wrapped once per level.
			if de := (*depthError)(nil); errors.As(err, &de) {
				return "", de
			}
			return "", err
		}
		v := template.HTML(b.String())
		m.store(k, v)
		return v, nil
	}
}

type depthError struct{ name string }

func (e *depthError) Error() string {
	return fmt.Sprintf("partialCached %q: nested more than %d deep (does the partial call itself?)", e.name, maxPartialDepth)
}

func cacheable(k any) bool {
	if k == nil {
		return true
	}
	switch reflect.TypeOf(k).Kind() {
	case reflect.String, reflect.Bool, reflect.Pointer,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}
