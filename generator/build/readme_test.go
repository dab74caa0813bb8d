package build

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/fields"
	"briefing/generator/markdown"
	"briefing/generator/render"
	"briefing/generator/resolve"
	"briefing/generator/svgmap"
	"briefing/generator/theme"
)

// TestREADMELimits keeps the README's table of limits true: each row says
// what the constant that enforces it says.
func TestREADMELimits(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\| (.+?) \| (.+?) \|$`).FindAllStringSubmatch(string(data), -1) {
		rows[m[1]] = m[2]
	}
	num := func(n int) string {
		s := fmt.Sprint(n)
		if len(s) > 3 {
			s = s[:len(s)-3] + "," + s[len(s)-3:]
		}
		return s
	}
	for what, want := range map[string]string{
		"one Markdown file, site.yaml":             fmt.Sprintf("%d MiB", content.MaxFileSize>>20),
		"lists and block quotes inside each other": fmt.Sprintf("%d levels", markdown.MaxNesting),
		"YAML nesting in front matter":             fmt.Sprintf("%d levels", fields.MaxDepth),
		"items in one front-matter list":           num(content.MaxListLen),
		"claims in one fact sheet":                 num(content.MaxClaims),
		"claims on one article, from all sheets":   num(resolve.MaxClaimsPerArticle),
		"`[label]: url` definitions in one file":   num(markdown.MaxLinkDefs),
		"`[^label]: text` footnotes in one file":   num(markdown.MaxFootnotes),
		"a name, article title or alias":           fmt.Sprintf("%d characters", content.MaxName),
		"sources listed by one claim":              num(content.MaxClaimSources),
		"the site's title (site.yaml)":             fmt.Sprintf("%d characters", config.MaxTitle),
		"the site's description":                   num(config.MaxDescription) + " characters",
		"kinds, the four built-in ones included":   num(config.MaxKinds),
		"a kind's `title` or `singular`":           fmt.Sprintf("%d characters", config.MaxKindLabel),
		"folders inside each other in static/":     fmt.Sprintf("%d levels", theme.MaxStaticDepth),
		"map outline (GeoJSON)":                    fmt.Sprintf("%d MiB, %s points", svgmap.MaxInput>>20, num(svgmap.MaxPairs)),
		"one area of control (GeoJSON)":            fmt.Sprintf("%d MiB, %s points", MaxAreaBytes>>20, num(svgmap.MaxPairs)),
	} {
		if got, ok := rows[what]; !ok {
			t.Errorf("README's limits table has no row %q", what)
		} else if got != want {
			t.Errorf("README says %q: %s; the code says %s", what, got, want)
		}
	}
	if config.MaxSize != content.MaxFileSize {
		t.Errorf("one row for both files, but site.yaml's limit is %d and a content file's %d", config.MaxSize, content.MaxFileSize)
	}
	if want := fmt.Sprintf("A page lists the first %d pages that mention it", render.MaxMentions); !strings.Contains(strings.Join(strings.Fields(string(data)), " "), want) {
		t.Errorf("README does not say %q", want)
	}
}

// TestREADMEThemeFields keeps the README's list of the fields a template
// may read whole: every exported field of resolve's types names itself
// there, so a field cannot reach themes undocumented.
func TestREADMEThemeFields(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	start := strings.Index(s, "The briefing itself reaches templates as the resolve stage's types")
	end := strings.Index(s[max(start, 0):], "Dates are values with")
	if start < 0 || end < 0 {
		t.Fatal("README has no list of the fields templates read")
	}
	list := s[start : start+end]
	for _, v := range []any{resolve.Briefing{}, resolve.KindGroup{}, resolve.Entity{}, resolve.Claim{}, resolve.SourceRef{}, resolve.Mention{},
		resolve.Control{}, resolve.Series{}, resolve.Figure{}, resolve.Area{}, resolve.Use{}, resolve.TimelineDay{}, resolve.TimelineItem{}, resolve.Coords{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() && !strings.Contains(list, "`"+f.Name+"`") {
				t.Errorf("README's list of template fields lacks resolve.%s.%s", typ.Name(), f.Name)
			}
		}
	}
}
