package config

import (
	"fmt"
	"strings"
	"testing"

	"briefing/generator/diag"
)

// TestLimits holds site.yaml to the limits on what every page repeats.
// Before them a 1 MiB title was copied five times into every page and
// 2,000 kinds made a 310 MB navigation on every page, and check said ok.
func TestLimits(t *testing.T) {
	kinds := func(n int, extra string) string {
		var b strings.Builder
		b.WriteString("kinds:\n")
		for i := range n {
			fmt.Fprintf(&b, "  k%d: {}\n", i)
		}
		return b.String() + extra
	}
	head := "base_url: https://example.org/\n"
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"long title and description are fine", head + "title: " + strings.Repeat("ت", MaxTitle) + "\ndescription: " + strings.Repeat("d", MaxDescription) + "\n", nil},
		{"title too long", head + "title: " + strings.Repeat("T", 1<<20-100) + "\n",
			[]string{"site.yaml:2:8: title is 1,048,476 characters long, more than the limit of 300"}},
		{"description too long", head + "title: T\ndescription: " + strings.Repeat("d", MaxDescription+1) + "\n",
			[]string{"site.yaml:3:14: description is 5,001 characters long, more than the limit of 5,000"}},
		{"override in the title", head + "title: \"Syria\\u202E: the fall\"\n",
			[]string{"site.yaml:2:8: title holds U+202E (right-to-left override), a control character that can reverse the text shown around it (remove it)"}},
		{"46 extra kinds are fine", head + "title: T\n" + kinds(MaxKinds-4, ""), nil},
		{"built-in kinds named again are not new", head + "title: T\n" + kinds(MaxKinds-4, "  cities: {title: Towns}\n  articles: {}\n"), nil},
		{"47 extra kinds", head + "title: T\n" + kinds(MaxKinds-3, ""),
			[]string{"site.yaml:50:3: more than 50 kinds (the four built-in ones included): every page lists them"}},
		{"2,000 kinds: one error", head + "title: T\n" + kinds(2000, ""),
			[]string{"site.yaml:50:3: more than 50 kinds (the four built-in ones included): every page lists them"}},
		{"kind labels", head + "title: T\nkinds:\n  people: {singular: " + strings.Repeat("p", MaxKindLabel) + ", title: " + strings.Repeat("P", MaxKindLabel+1) + "}\n  events: {singular: \"e\\u2067\"}\n",
			[]string{
				"site.yaml:4:131: kinds.people.title is 101 characters long, more than the limit of 100",
				"site.yaml:5:22: kinds.events.singular holds U+2067 (right-to-left isolate), a control character that can reverse the text shown around it (remove it)",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.List
			s := parse([]byte(tc.src), &diags)
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if s == nil {
				t.Fatal("no settings")
			}
		})
	}
}
