// Package rendertest reads a rendered Tree whole, for tests that compare
// pages: the Tree itself only hands its files to a writer (Each) or to the
// preview server one at a time (Get).
package rendertest

import (
	"bytes"
	"sync"

	"briefing/generator/render"
)

// Files renders every file of t and returns them by path.
func Files(t *render.Tree) (map[string][]byte, error) {
	out := map[string][]byte{}
	var mu sync.Mutex
	err := t.Each(func(p string, data []byte) error {
		mu.Lock()
		out[p] = bytes.Clone(data) // Each reuses data's buffer
		mu.Unlock()
		return nil
	})
	return out, err
}

// File returns one file's bytes, or nil if it is missing or fails to
// render: for tests that have already checked that the tree renders.
func File(t *render.Tree, path string) []byte {
	data, _ := t.Get(path)
	return data
}
