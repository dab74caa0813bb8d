package theme_test

import (
	"io"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/render"
	"briefing/generator/theme"
)

// TestCheck: a site's templates are checked against the types of the
// data they are given when the theme loads, and every problem is located
// in its file, from the parse tree.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // the diagnostics, one a line
	}{
		{"unknown field of the page",
			map[string]string{"templates/article.html": "{{define \"main\"}}\n<p>{{.Nope}}</p>\n{{end}}"},
			"templates/article.html:2:6: can't evaluate field Nope in type render.Page (did you mean \"Type\"?)"},
		{"unknown field, with a hint",
			map[string]string{"templates/article.html": `{{define "main"}}{{.Entity.Nmae}}{{end}}`},
			`templates/article.html:1:27: can't evaluate field Nmae in type resolve.Entity (did you mean "Name"?)`},
		{"through range, with and a variable",
			map[string]string{"templates/entity.html": "{{define \"main\"}}{{$e := .Entity}}\n{{range $e.Claims}}{{with .Sheet}}{{.Naem}}{{end}}{{.Qoute}}{{end}}\n{{range $i, $c := $e.Control}}{{$c.Faction.URL}}{{$i.X}}{{end}}{{end}}"},
			"templates/entity.html:2:37: can't evaluate field Naem in type resolve.Entity (did you mean \"Name\"?)\n" +
				"templates/entity.html:2:53: can't evaluate field Qoute in type resolve.Claim (did you mean \"Quote\"?)\n" +
				"templates/entity.html:3:53: can't evaluate field X in type int"},
		{"into a partial of the site's, with its type",
			map[string]string{
				"templates/partials.html": `{{define "card"}}<b>{{.Quote}}</b>{{.Nope}}{{end}}`,
				"templates/home.html":     `{{define "main"}}{{range .Headline}}{{template "card" .}}{{end}}{{end}}`},
			"templates/partials.html:1:37: can't evaluate field Nope in type resolve.Claim (did you mean \"Note\"?)"},
		{"into a cached partial",
			map[string]string{"templates/home.html": `{{define "card"}}{{.Bad}}{{end}}{{define "main"}}{{partialCached "card" .Site "k"}}{{partialCached "crad" .}}{{end}}`},
			"templates/home.html:1:20: can't evaluate field Bad in type config.Site\n" +
				`templates/home.html:1:86: no such template "crad" (did you mean "card"?)`},
		{"functions",
			map[string]string{"templates/home.html": `{{define "main"}}{{dat .AsOf}} {{date}} {{date .Title}} {{plural 2 "a" "b"}} {{.Title | printf "%s"}}{{end}}`},
			`templates/home.html:1:20: function "dat" not defined (did you mean "date"?)` + "\n" +
				"templates/home.html:1:34: wrong number of args for date: want 1 got 0\n" +
				"templates/home.html:1:48: wrong type for value; expected fields.Date; got string"},
		{"a method a template cannot call: two results, the second not an error",
			map[string]string{"templates/home.html": `{{define "main"}}{{with .Site.Kind "cities"}}{{.Title}}{{end}}{{end}}`},
			`templates/home.html:1:30: can't call Kind in a template: it gives (config.Kind, bool), and a template calls only what gives one value, or a value and an error`},
		{"no such partial",
			map[string]string{"templates/home.html": `{{define "main"}}{{template "claim-crad" .}}{{end}}`},
			`templates/home.html:1:29: no such template "claim-crad" (did you mean "claim-card"?)`},
		{"unexported field",
			map[string]string{"templates/home.html": `{{define "main"}}{{range .Articles}}{{.rank}}{{end}}{{end}}`},
			"templates/home.html:1:39: rank is an unexported field of struct type resolve.Entity"},
		{"a built-in partial given the wrong value: found where the site's template calls it",
			map[string]string{"templates/home.html": "{{define \"main\"}}\n  {{range .Articles}}{{template \"claim-card\" .}}{{end}}{{end}}"},
			`templates/home.html:2:33: wrong type for value; expected *resolve.Claim; got *resolve.Entity (in claim-card, a built-in template)`},
		{"a syntax error, at the action it is in",
			map[string]string{"templates/home.html": "{{define \"main\"}}\n\n<p>{{if}}{{end}}{{end}}"},
			"templates/home.html:3:4: missing value for if"},
		{"a bad character, at the character, columns in characters",
			map[string]string{"templates/home.html": "{{define \"main\"}}\n<p>حماة: {{.Site.Title}</p>{{end}}"},
			"templates/home.html:2:23: bad character U+007D '}'"},
		{"a syntax error at the very start",
			map[string]string{"templates/home.html": "{{if}}"},
			"templates/home.html:1:1: missing value for if"},
		{"an end too many",
			map[string]string{"templates/home.html": "{{define \"main\"}}x{{end}} {{end}}"},
			"templates/home.html:1:27: unexpected {{end}}"},
		// The parser takes "ned" for a function call, so the "with" stays
		// open and its own error comes at whatever the block runs into:
		// before, "templates/home.html:5:1: unexpected <define> in command".
		{"a misspelt end: the name, not where the open block ran into",
			map[string]string{"templates/home.html": "{{define \"main\"}}\n<p>{{with .Site}}{{.Title}}{{ned}}</p>\n<p>more</p>\n{{end}}\n{{define \"x\"}}y{{end}}"},
			`templates/home.html:2:28: function "ned" not defined (did you mean "end"?)`},
		{"a misspelt define: the name, not the unexpected end after it",
			map[string]string{"templates/home.html": "{{defin \"main\"}}x{{end}}"},
			`templates/home.html:1:1: function "defin" not defined (did you mean "define"?)`},
		{"an action left open: the file's end, no column",
			map[string]string{"templates/home.html": "{{define \"main\"}}\n{{if .Site}}x{{end}}"},
			"templates/home.html:2: unexpected EOF"},
		{"a page that defines no main",
			map[string]string{"templates/claims.html": `{{define "x"}}hi{{end}}`},
			`templates/claims.html: defines no "main" template, which the built-in base.html shows as the page ({{define "main"}}...{{end}})`},
		{"an empty page",
			map[string]string{"templates/claims.html": ``},
			`templates/claims.html: defines no "main" template, which the built-in base.html shows as the page ({{define "main"}}...{{end}})`},
		{"not UTF-8",
			map[string]string{"templates/list.html": "{{define \"main\"}}\n<p>caf\xe9</p>{{end}}"},
			"templates/list.html:2:7: file is not valid UTF-8 text"},
		{"UTF-16",
			map[string]string{"templates/list.html": "\xff\xfe{\x00{\x00"},
			"templates/list.html:1:1: file is UTF-16 text: save it as UTF-8"},
		{"the built-in theme", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := fstest.MapFS{}
			for p, s := range tc.files {
				site[p] = &fstest.MapFile{Data: []byte(s)}
			}
			_, diags := theme.Load(theme.Layers{Site: site, Embedded: os.DirFS("../..")}, render.Funcs(), (*render.Page)(nil))
			diags.Sort()
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if g := strings.Join(got, "\n"); g != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tc.want)
			}
		})
	}
}

// TestEscapeDiagnostics: what html/template refuses when a page first
// runs is located in the file it comes from: a branch whose ends differ
// at the branch, and a page left inside a string by a site's template at
// the built-in base.html, naming the site's file.
func TestEscapeDiagnostics(t *testing.T) {
	for _, tc := range []struct {
		name, text      string
		path            string
		line, col       int
		msgPrefix, hint string
	}{
		{"branches end in different contexts",
			"{{define \"main\"}}\n<p>ok</p>\n  {{if .Entity}}<a href=\"{{else}}<b>{{end}}x\">\n{{end}}",
			"templates/article.html", 3, 8, "{{if}} branches end in different contexts", ""},
		{"a string left open",
			"{{define \"main\"}}\n<script>var x = \"{{.Title}}\n{{end}}",
			"templates/base.html", 0, 0, "ends in a non-text context",
			"it calls templates/article.html, which must close every tag, quote, comment and script it opens"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := fstest.MapFS{"templates/article.html": &fstest.MapFile{Data: []byte(tc.text)}}
			th, diags := theme.Load(theme.Layers{Site: site, Embedded: os.DirFS("../..")}, render.Funcs(), (*render.Page)(nil))
			if len(diags) > 0 {
				t.Fatalf("loading: %v", diags)
			}
			set := th.Page("article")
			err := set.ExecuteTemplate(io.Discard, "base.html", (*render.Page)(nil))
			if err == nil {
				t.Fatal("executed without an escaping error")
			}
			d := th.Diagnostic(set, err)
			if d.Path != tc.path || d.Line != tc.line || d.Col != tc.col || !strings.HasPrefix(d.Msg, tc.msgPrefix) || d.Hint != tc.hint {
				t.Errorf("got %s:%d:%d %q (hint %q), want %s:%d:%d %q... (hint %q)", d.Path, d.Line, d.Col, d.Msg, d.Hint, tc.path, tc.line, tc.col, tc.msgPrefix, tc.hint)
			}
		})
	}
}
