package build

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/fields"
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
		"lists and block quotes inside each other": fmt.Sprintf("%d levels", content.MaxNesting),
		"YAML nesting in front matter":             fmt.Sprintf("%d levels", fields.MaxDepth),
		"items in one front-matter list":           num(content.MaxListLen),
		"claims in one fact sheet":                 num(content.MaxClaims),
		"claims on one article, from all sheets":   num(resolve.MaxClaimsPerArticle),
		"`[label]: url` definitions in one file":   num(content.MaxLinkDefs),
		"`[^label]: text` footnotes in one file":   num(content.MaxFootnotes),
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
