package config

import (
	"testing"

	"briefing/generator/diag"
)

// TestCountSettings: stale_after and page_size are whole numbers within
// bounds, reported at their value when not, with the default kept.
func TestCountSettings(t *testing.T) {
	staleAfter := func(s *Site) int { return s.StaleAfter }
	pageSize := func(s *Site) int { return s.PageSize }
	keys := "keys allowed here: title, description, base_url, language, as_of, cname, autolink, stale_after, page_size, kinds, map)"
	for _, c := range []struct {
		yaml string
		get  func(*Site) int
		want int
		diag string
	}{
		{"", staleAfter, 0, ""},
		{"stale_after: 14\n", staleAfter, 14, ""},
		{"stale_after: 0\n", staleAfter, 0, "site.yaml:3:14: stale_after must be a number of days from 1 to 3660, got 0"},
		{"stale_after: -3\n", staleAfter, 0, "site.yaml:3:14: stale_after must be a number of days from 1 to 3660, got -3"},
		{"stale_after: 2 weeks\n", staleAfter, 0, `site.yaml:3:14: stale_after must be a whole number, got "2 weeks"`},
		{"stale_afer: 14\n", staleAfter, 0, `site.yaml:3:1: unknown key "stale_afer" (did you mean "stale_after"? ` + keys},
		{"", pageSize, DefaultPageSize, ""},
		{"page_size: 50\n", pageSize, 50, ""},
		{"page_size: 1\n", pageSize, 1, ""},
		{"page_size: 0\n", pageSize, DefaultPageSize, "site.yaml:3:12: page_size must be a number of items from 1 to 100000, got 0"},
		{"page_size: 200000\n", pageSize, DefaultPageSize, "site.yaml:3:12: page_size must be a number of items from 1 to 100000, got 200000"},
		{"page_size: many\n", pageSize, DefaultPageSize, `site.yaml:3:12: page_size must be a whole number, got "many"`},
		{"pagesize: 50\n", pageSize, DefaultPageSize, `site.yaml:3:1: unknown key "pagesize" (did you mean "page_size"? ` + keys},
	} {
		var diags diag.List
		s := parse([]byte("title: T\nbase_url: https://example.org/\n"+c.yaml), &diags)
		got := ""
		if len(diags) > 0 {
			got = diags.Error()
		}
		if got != c.diag {
			t.Errorf("%q: diagnostics %q, want %q", c.yaml, got, c.diag)
		}
		if s == nil || c.get(s) != c.want {
			t.Errorf("%q: %v, want %d", c.yaml, s, c.want)
		}
	}
}

func TestChangesIsReserved(t *testing.T) {
	var diags diag.List
	parse([]byte("title: T\nbase_url: https://example.org/\nkinds:\n  changes: {}\n"), &diags)
	if len(diags) != 1 || diags[0].Msg != `kind name "changes" is reserved for a page of the site` {
		t.Errorf("got %v", diags)
	}
}
