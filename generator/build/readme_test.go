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

// TestREADMEThemeFields keeps the README's theming section whole: every
// exported field and method a template can reach from the page it is
// given (render.Page, and through it the resolve stage's types, the site
// and its kinds) is named there, in backquotes. A field added to those
// types without a word in the README fails here.
func TestREADMEThemeFields(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start, end := strings.Index(readme, "### Your own theme"), strings.Index(readme, "## Development")
	if start < 0 || end < start {
		t.Fatal("README has no theming section before Development")
	}
	section := readme[start:end]
	seen := map[reflect.Type]bool{}
	var missing []string
	var walk func(typ reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map || typ.Kind() == reflect.Array {
			typ = typ.Elem()
		}
		// A date is a leaf: the README says what templates do with one
		// (IsZero, date, isodate), not time.Time's every method.
		if seen[typ] || !strings.HasPrefix(typ.PkgPath(), "briefing/") || typ == reflect.TypeFor[fields.Date]() {
			return
		}
		seen[typ] = true
		named := func(name string, to reflect.Type) {
			if !strings.Contains(section, "`"+name+"`") && !strings.Contains(section, "`"+name+" ") && !strings.Contains(section, "`."+name) {
				missing = append(missing, typ.String()+"."+name)
			}
			walk(to)
		}
		if typ.Kind() == reflect.Struct {
			for i := range typ.NumField() {
				if f := typ.Field(i); f.IsExported() && !f.Anonymous {
					named(f.Name, f.Type)
				} else if f.Anonymous {
					walk(f.Type)
				}
			}
		}
		for _, recv := range []reflect.Type{typ, reflect.PointerTo(typ)} {
			for i := range recv.NumMethod() {
				m := recv.Method(i)
				if m.Type.NumOut() > 0 && m.Name != "String" && m.Name != "Error" && !strings.HasPrefix(m.Name, "Marshal") && !strings.HasPrefix(m.Name, "Unmarshal") {
					named(m.Name, m.Type.Out(0))
				}
			}
		}
	}
	walk(reflect.TypeFor[render.Page]())
	if len(missing) > 0 {
		t.Errorf("the README's theming section does not name %d fields templates can use:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}
