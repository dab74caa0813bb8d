package build

import (
	"bytes"
	"sync"
	"testing"

	"briefing/generator/progress"
)

// TestProgress: a build counts its work on Options.Progress, and its tree
// counts the pages as they are rendered; the site is the same with and
// without a meter.
func TestProgress(t *testing.T) {
	var m progress.Meter
	res := buildShipped(t, Options{Progress: &m})
	if got := m.Read(); got.Stage != progress.Rendering || got.Total != 0 {
		t.Errorf("after Build: %+v, want rendering, not yet counted", got)
	}
	m.Then(progress.Writing)
	var mu sync.Mutex
	var seen []progress.Status
	files := map[string][]byte{}
	err := res.Tree.Each(func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[p] = bytes.Clone(data)
		seen = append(seen, m.Read())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pages := res.Tree.Pages()
	// Read in turn (under mu), the count never goes back.
	done := 0
	for _, s := range seen {
		if s.Stage == progress.Rendering {
			if s.Total != pages || s.Done < done {
				t.Fatalf("while rendering: %+v after %d done, want a rising count of %d pages", s, done, pages)
			}
			done = s.Done
		}
	}
	if done < pages/2 {
		t.Errorf("rendering counted only up to %d of %d pages", done, pages)
	}
	// Every page counted: the meter has moved on to what follows.
	if got := m.Read(); got.Stage != progress.Writing {
		t.Errorf("after the walk: %+v, want writing", got)
	}

	plain := all(t, buildShipped(t, Options{}))
	if len(plain) != len(files) {
		t.Fatalf("%d files with a meter, %d without", len(files), len(plain))
	}
	for p, data := range plain {
		if !bytes.Equal(files[p], data) {
			t.Errorf("%s differs with a meter", p)
		}
	}

	var c progress.Meter
	if _, diags := Check(repo, Options{Theme: repo, Progress: &c}); len(diags) > 0 {
		t.Fatal(diags)
	}
	if got := c.Read(); got.Stage != progress.Rendering {
		t.Errorf("after Check: %+v", got)
	}
}
