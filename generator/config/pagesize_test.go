package config

import (
	"testing"

	"briefing/generator/diag"
)

func TestPageSize(t *testing.T) {
	for _, c := range []struct {
		yaml string
		want int
		diag string
	}{
		{"", DefaultPageSize, ""},
		{"page_size: 50\n", 50, ""},
		{"page_size: 1\n", 1, ""},
		{"page_size: 0\n", DefaultPageSize, "site.yaml:3:12: page_size must be a number of items from 1 to 100000, got 0"},
		{"page_size: 200000\n", DefaultPageSize, "site.yaml:3:12: page_size must be a number of items from 1 to 100000, got 200000"},
		{"page_size: many\n", DefaultPageSize, `site.yaml:3:12: page_size must be a whole number, got "many"`},
		{"pagesize: 50\n", DefaultPageSize, `site.yaml:3:1: unknown key "pagesize" (did you mean "page_size"? keys allowed here: title, description, base_url, language, as_of, cname, autolink, stale_after, page_size, kinds, map)`},
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
		if s == nil || s.PageSize != c.want {
			t.Errorf("%q: PageSize = %v, want %d", c.yaml, s, c.want)
		}
	}
}
