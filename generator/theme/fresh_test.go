package theme_test

import "testing"

// TestFreshCache: a Fresh theme's pages share one partialCached cache,
// and no other theme's: a run never sees what another cached.
func TestFreshCache(t *testing.T) {
	th, runs := load(t,
		`{{define "card"}}{{run}}<b>{{.Name}}</b>{{end}}`,
		`{{define "main"}}{{range .}}{{partialCached "card" .}}{{end}}{{end}}`)
	a := &item{"A"}
	if _, err := exec(t, th, []*item{a}); err != nil {
		t.Fatal(err)
	}
	f := th.Fresh()
	for range 2 {
		if got, err := exec(t, f, []*item{a, a}); err != nil || got != "<b>A</b><b>A</b>" {
			t.Fatalf("fresh theme: %q, %v", got, err)
		}
	}
	if _, err := exec(t, th, []*item{a}); err != nil {
		t.Fatal(err)
	}
	if n := runs.Load(); n != 2 { // once for th, once for f
		t.Errorf("the partial ran %d times, want 2", n)
	}
}
