package content

import (
	"strings"
	"testing"
)

// TestLabels holds names, titles and aliases to their limits: a long name
// is fine up to MaxName characters (counted as characters, not bytes), and
// no name may carry a directional control. Before these checks a
// 200,000-character name passed and was copied into every page that linked
// it, and U+202E in a name reversed the sentences that showed it.
func TestLabels(t *testing.T) {
	long := strings.Repeat("é", MaxName) // 2 bytes a character: counted in characters
	for _, tc := range []struct {
		name, kind, front string
		want              []string // all diagnostics; none: accepted
	}{
		{"a long name is fine", "cities", "name: " + long, nil},
		{"a long title is fine", "articles", "title: " + long + "\ndate: 2024-12-05", nil},
		{"a long alias is fine", "factions", "name: F\naliases: [" + long + "]", nil},
		{"name too long", "cities", "name: " + long + "x",
			[]string{"content/cities/x.md:2:7: name is 301 characters long, more than the limit of 300"}},
		{"200 kB name", "cities", "name: " + strings.Repeat("H", 200000),
			[]string{"content/cities/x.md:2:7: name is 200,000 characters long, more than the limit of 300"}},
		{"title too long", "articles", "title: " + long + "x\ndate: 2024-12-05",
			[]string{"content/articles/x.md:2:8: title is 301 characters long, more than the limit of 300"}},
		{"alias too long", "people", "name: P\naliases: [a, " + long + "x]",
			[]string{"content/people/x.md:3:14: aliases[1] is 301 characters long, more than the limit of 300"}},
		{"override in a name", "cities", "name: \"Ha\\u202Ema\"",
			[]string{"content/cities/x.md:2:7: name holds U+202E (right-to-left override), a control character that can reverse the text shown around it (remove it)"}},
		{"override written as is", "factions", "name: HTS\u202Dx",
			[]string{"content/factions/x.md:2:7: name holds U+202D (left-to-right override), a control character that can reverse the text shown around it (remove it)"}},
		{"embedding in a title", "articles", "title: \"a\\u202Bb\"\ndate: 2024-12-05",
			[]string{"content/articles/x.md:2:8: title holds U+202B (right-to-left embedding), a control character that can reverse the text shown around it (remove it)"}},
		{"isolates in aliases", "sources", "name: S\naliases: [\"\\u2066x\\u2069\", \"y\\u2069\"]",
			[]string{
				"content/sources/x.md:3:11: aliases[0] holds U+2066 (left-to-right isolate), a control character that can reverse the text shown around it (remove it)",
				"content/sources/x.md:3:28: aliases[1] holds U+2069 (pop directional isolate), a control character that can reverse the text shown around it (remove it)",
			}},
		{"pop directional formatting", "cities", "name: \"x\\u202C\"",
			[]string{"content/cities/x.md:2:7: name holds U+202C (pop directional formatting), a control character that can reverse the text shown around it (remove it)"}},
		{"direction marks are fine", "cities", "name: \"حماة\\u200F (Hama)\"\naliases: [\"a\\u200Eb\", \"c\\u061Cd\"]", nil},
		{"Arabic and Hebrew names are fine", "cities", "name: حماة\naliases: [חמה, Ḥamāh]", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := Parse(File{Kind: tc.kind, Path: "content/" + tc.kind + "/x.md", Src: []byte("---\n" + tc.front + "\n---\nBody.\n")})
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestClaimSources: a claim's card is shown on the page of every source it
// lists, so one claim with a 200 kB note and 1,000 sources was 250 MB of
// site. Twenty sources are fine; more are refused where the list is.
func TestClaimSources(t *testing.T) {
	list := func(n int) string {
		var s []string
		for i := range n {
			s = append(s, "s"+strings.Repeat("x", i%3)+string(rune('a'+i%26)))
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	claim := func(n int) string {
		return "---\nname: X\nclaims:\n  - article: a\n    quote: q\n    status: corroborated\n    sources: " + list(n) + "\n---\n"
	}
	file := func(src string) File { return File{Kind: "cities", Path: "content/cities/x.md", Src: []byte(src)} }
	d, diags := Parse(file(claim(MaxClaimSources)))
	if len(diags) > 0 || len(d.Claims[0].Sources) != MaxClaimSources {
		t.Fatalf("%d sources: %v", MaxClaimSources, diags)
	}
	d, diags = Parse(file(claim(MaxClaimSources + 1)))
	want := "content/cities/x.md:7:14: claims[0].sources lists 21 sources, more than the limit of 20 for one claim"
	if len(diags) != 1 || diags[0].String() != want {
		t.Fatalf("diagnostics:\n%v\nwant:\n%s", diags, want)
	}
	if len(d.Claims[0].Sources) != MaxClaimSources {
		t.Errorf("%d sources kept", len(d.Claims[0].Sources))
	}
}

// TestLongNameCut: a name over the limit is reported and cut to it, so
// that resolving the rest of a briefing that will not build anyway does
// not copy 200 kB into every link to it.
func TestLongNameCut(t *testing.T) {
	d, diags := Parse(File{Kind: "cities", Path: "content/cities/x.md", Src: []byte("---\nname: " + strings.Repeat("ḥ", 200000) + "\n---\n")})
	if len(diags) != 1 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if d.Name != strings.Repeat("ḥ", MaxName) {
		t.Errorf("name kept as %d bytes", len(d.Name))
	}
}
