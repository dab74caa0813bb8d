package theme_test

import (
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"briefing/generator/render"
	"briefing/generator/theme"
)

// load parses the shipped theme with the site's own partials.html and
// article.html over it, and a function counting the partial's runs.
func load(t *testing.T, partials, article string) (*theme.Theme, *atomic.Int32) {
	t.Helper()
	var runs atomic.Int32
	site := fstest.MapFS{
		"templates/partials.html": {Data: []byte(partials)},
		"templates/article.html":  {Data: []byte(article)},
	}
	funcs := render.Funcs()
	funcs["run"] = func() string { runs.Add(1); return "" }
	th, diags := theme.Load(theme.Layers{Site: site, Embedded: os.DirFS("../..")}, funcs, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return th, &runs
}

func exec(t *testing.T, th *theme.Theme, data any) (string, error) {
	t.Helper()
	var b strings.Builder
	err := th.Page("article").ExecuteTemplate(&b, "main", data)
	return b.String(), err
}

type item struct{ Name string }

func TestPartialCached(t *testing.T) {
	th, runs := load(t,
		`{{define "card"}}{{run}}<b>{{.Name}}</b>{{end}}`,
		`{{define "main"}}{{range .}}{{partialCached "card" .}}|{{end}}{{partialCached "card" (index . 0) "other key"}}{{end}}`)
	a, b := &item{"<A>"}, &item{"B"}
	got, err := exec(t, th, []*item{a, b, a, a, b})
	if err != nil {
		t.Fatal(err)
	}
	// The value is escaped as in a {{template}} call, and reused as is.
	if want := "<b>&lt;A&gt;</b>|<b>B</b>|<b>&lt;A&gt;</b>|<b>&lt;A&gt;</b>|<b>B</b>|<b>&lt;A&gt;</b>"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if n := runs.Load(); n != 3 { // a, b, and a under "other key"
		t.Errorf("the partial ran %d times, want 3", n)
	}
	// Another page of the same build reuses the cache.
	if _, err := exec(t, th, []*item{b}); err != nil || runs.Load() != 3 {
		t.Errorf("second page: %v, %d runs", err, runs.Load())
	}
}

func TestPartialCachedRefusals(t *testing.T) {
	for _, tc := range []struct{ name, partials, article, want string }{
		{"key that cannot be compared", `{{define "card"}}x{{end}}`,
			`{{define "main"}}{{partialCached "card" .}}{{end}}`, "cannot key a cache on a []*theme_test.item"},
		{"partial that calls itself", `{{define "card"}}{{partialCached "card" . "k"}}{{end}}`,
			`{{define "main"}}{{partialCached "card" . "k"}}{{end}}`, "nested more than 1000 deep"},
		{"too many keys", `{{define "card"}}x{{end}}`,
			`{{define "main"}}{{partialCached "card" "a" "b" "c"}}{{end}}`, "at most one key"},
		{"no such partial", `{{define "card"}}x{{end}}`,
			`{{define "main"}}{{partialCached "crad" "a"}}{{end}}`, `no partial "crad" (did you mean "card"?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th, _ := load(t, tc.partials, tc.article)
			_, err := exec(t, th, []*item{{"a"}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			} else if len(err.Error()) > 400 {
				t.Errorf("error of %d bytes: %.400s", len(err.Error()), err)
			}
		})
	}
}
