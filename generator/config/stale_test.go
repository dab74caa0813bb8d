package config

import (
	"testing"

	"briefing/generator/diag"
)

func TestStaleAfter(t *testing.T) {
	for _, c := range []struct {
		yaml string
		want int
		diag string
	}{
		{"", 0, ""},
		{"stale_after: 14\n", 14, ""},
		{"stale_after: 0\n", 0, "site.yaml:3:14: stale_after must be a number of days from 1 to 3660, got 0"},
		{"stale_after: -3\n", 0, "site.yaml:3:14: stale_after must be a number of days from 1 to 3660, got -3"},
		{"stale_after: 2 weeks\n", 0, `site.yaml:3:14: stale_after must be a whole number, got "2 weeks"`},
		{"stale_afer: 14\n", 0, `site.yaml:3:1: unknown key "stale_afer" (did you mean "stale_after"? keys allowed here: title, description, base_url, language, as_of, cname, autolink, stale_after, page_size, kinds, map)`},
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
		if s == nil || s.StaleAfter != c.want {
			t.Errorf("%q: StaleAfter = %v, want %d", c.yaml, s, c.want)
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
