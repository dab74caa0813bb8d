package config

import (
	"bytes"
	"strings"
	"testing"

	"briefing/generator/diag"
)

// FuzzParse feeds arbitrary bytes as site.yaml. It must never panic; every
// problem is located in site.yaml; a file without problems gives a usable
// Site (an absolute base URL, slug kind names, the built-in kinds first).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"title: T\nbase_url: https://example.org/x\nas_of: 2024-12-06\nlanguage: en-GB\ncname: b.example.org\nautolink: false\nkinds:\n  people: { singular: person, title: People }\n  cities: { title: Towns }\nmap:\n  outline: data/o.geojson\n",
		"title: T\nbase_url: javascript:alert(1)\n",
		"title: T\nbase_url: https://u:p@example.org/?q#f\n",
		"- a\n- list\n",
		"",
		"\ufefftitle: BOM\nbase_url: https://e.org/\n",
		"title: T\r\nbase_url: https://e.org/\r\nkinds:\r\n  search: {}\r\n  Bad Name: {}\r\n",
		"title: [\n",
		"titel: typo\n",
		"title: T\nbase_url: https://e.org/\nkinds: [a]\nmap: x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			t.Skip()
		}
		var diags diag.List
		s := parse(data, &diags)
		if s == nil && len(diags) == 0 {
			t.Fatal("Parse returned nil and no diagnostic")
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, d := range diags {
			if d.Path != File || d.Msg == "" {
				t.Errorf("diagnostic not in site.yaml: %#v", d)
			}
			if d.Line < 1 || d.Line > lines {
				t.Errorf("line %d outside site.yaml (%d lines): %s", d.Line, lines, d)
			}
		}
		if s == nil || len(diags) > 0 {
			return
		}
		if !strings.HasPrefix(s.BaseURL, "http://") && !strings.HasPrefix(s.BaseURL, "https://") || !strings.HasSuffix(s.BaseURL, "/") {
			t.Errorf("base URL %q accepted", s.BaseURL)
		}
		for i, k := range s.Kinds {
			if i < len(builtin) && k.Name != builtin[i].Name {
				t.Errorf("kind %d is %q, want %q", i, k.Name, builtin[i].Name)
			}
			if !IsSlug(k.Name) || reserved[k.Name] {
				t.Errorf("kind name %q accepted", k.Name)
			}
		}
	})
}
