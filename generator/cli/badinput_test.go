package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/tools/txtar"
)

var printBad = flag.Bool("print-bad", false, "print the stderr of every bad-input case, to write its want")

// badCase is one broken briefing: the base briefing of testdata/base.txtar
// with files replaced (an empty value deletes the file), then setup run
// on its folder for what a text table cannot hold (sizes, encodings,
// folders, links).
type badCase struct {
	name  string
	files map[string]string
	setup func(t *testing.T, dir string)
	want  string // the exact stderr of "briefing build", $SRC and $OUT for the folders
}

const untouched = "build failed: $OUT left untouched\n"

// cityHama is the base briefing's content/cities/hama.md, for cases
// that change one line of it.
const cityHama = `---
name: Hama
aliases: [Hamah]
coords: [35.135, 36.750]
population: 996000
population_year: 2023
population_source: sohr
governorate: Hama
control:
  - date: 2011-03-15
    faction: saa
    source: afp
  - date: 2024-12-05
    faction: hts
    source: afp
    note: army redeployed outside the city
claims:
  - article: report
    quote: took Hama on Thursday
    status: corroborated
    sources: [afp]
    note: Reported by [[afp]] on 5 December.
---
Hama is on the Orontes [@afp].
`

func hama(old, new string) map[string]string {
	if !strings.Contains(cityHama, old) {
		panic("no " + old + " in hama.md")
	}
	return map[string]string{"content/cities/hama.md": strings.Replace(cityHama, old, new, 1)}
}

func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func utf16File(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

var badCases = []badCase{
	// Syntax.
	{name: "yaml unclosed flow list", files: hama("name: Hama", "name: [Hama"),
		want: "content/cities/hama.md:2:7: invalid YAML: did not find expected ',' or ']' (this [ is never closed, or an item in it lacks its comma)\n1 error\n"},
	{name: "yaml unclosed quote", files: hama("governorate: Hama", `governorate: "Hama`),
		want: "content/cities/hama.md:8:14: invalid YAML: found unexpected end of stream (this quote is never closed)\n1 error\n"},
	// Each YAML syntax error at the character at fault, on a line below
	// the first: yaml.v3's own line is 0-based for some and missing for others.
	{name: "yaml unclosed flow list below the first line", files: map[string]string{"content/cities/y1.md": "---\nname: A\ngovernorate: Hama\naliases: [a, b\n---\nBody\n"},
		want: "content/cities/y1.md:4:10: invalid YAML: did not find expected ',' or ']' (this [ is never closed, or an item in it lacks its comma)\n1 error\n"},
	{name: "yaml unclosed flow mapping", files: map[string]string{"content/cities/y2.md": "---\nname: A\ngovernorate: Hama\ncontrol:\n  - {date: 2024-01-01, sources: [afp, {x: 1}], faction: hts\n---\nBody\n"},
		want: "content/cities/y2.md:5:5: invalid YAML: did not find expected ',' or '}' (this { is never closed, or an item in it lacks its comma)\n1 error\n"},
	{name: "yaml list item indented wrong", files: map[string]string{"content/cities/y5.md": "---\nname: A\ngovernorate: Hama\ncontrol:\n  - date: 2024-01-01\n   faction: hts\n---\nBody\n"},
		want: "content/cities/y5.md:6:4: invalid YAML: did not find expected '-' indicator\n1 error\n"},
	{name: "yaml list item in a mapping", files: map[string]string{"content/cities/y7.md": "---\nname: A\n- x\n---\nBody\n"},
		want: "content/cities/y7.md:3:1: invalid YAML: did not find expected key\n1 error\n"},
	{name: "yaml second mapping value", files: map[string]string{"content/cities/y6.md": "---\nname: A\ngovernorate: Hama: x\n---\nBody\n"},
		want: "content/cities/y6.md:3:18: invalid YAML: mapping values are not allowed in this context\n1 error\n"},
	{name: "yaml unknown anchor", files: map[string]string{"content/cities/anchor.md": "---\nname: A\ngovernorate: Hama\naliases: [*x]\n---\nbody\n"},
		want: "content/cities/anchor.md:4:11: invalid YAML: unknown anchor 'x' referenced (a value starting with * is read as a YAML alias: put it in quotes)\n1 error\n"},
	{name: "yaml control character", files: map[string]string{"content/cities/ctrl.md": "---\nname: C\ngovernorate: Hama\naliases: [a, \"b\x1b[31m\"]\n---\nbody\n"},
		want: "content/cities/ctrl.md:4:16: invalid YAML: control characters are not allowed\n1 error\n"},
	{name: "yaml key without a colon", files: map[string]string{"content/cities/y8.md": "---\nname: A\ngovernorate: Hama\naliases [a]\npopulation: 1\n---\nBody\n"},
		want: "content/cities/y8.md:4:1: invalid YAML: could not find expected ':'\n1 error\n"},
	{name: "yaml tab below the value it breaks", files: map[string]string{"content/cities/y9.md": "---\nname: A\ngovernorate: Hama\ncontrol:\n  - date: 2024-01-01\n  \tfaction: hts\n---\nBody\n"},
		want: "content/cities/y9.md:6:3: invalid YAML: found a tab character that violates indentation (YAML is indented with spaces, never tabs)\n1 error\n"},
	{name: "yaml unclosed quote after a closed one, in a CRLF site.yaml with a BOM", files: map[string]string{"site.yaml": "\ufefftitle: Test briefing\r\nbase_url: https://example.org/test/\r\nkinds: {people: {singular: \"person\", title: \"People}}\r\n"},
		want: "site.yaml:3:45: invalid YAML: found unexpected end of stream (this quote is never closed)\n1 error\n"},
	{name: "yaml second mapping value in site.yaml", files: map[string]string{"site.yaml": "title: Test briefing\nbase_url: https://example.org/test/: x\nkinds:\n  people: { singular: person }\n"},
		want: "site.yaml:2:36: invalid YAML: mapping values are not allowed in this context\n1 error\n"},
	{name: "front matter not closed", files: map[string]string{"content/factions/saa.md": "---\nname: Syrian Arab Army\ncolor: \"#c62828\"\n"},
		want: "content/factions/saa.md:1:1: front matter is not closed: add a line with --- after it\n1 error\n"},
	{name: "no front matter", files: map[string]string{"content/factions/saa.md": "Syrian Arab Army\n"},
		want: "content/factions/saa.md:1:1: missing front matter: a content file starts with a --- line, YAML fields, and another --- line\n1 error\n"},
	{name: "empty front matter", files: map[string]string{"content/factions/saa.md": "---\n---\nThe army.\n"},
		want: "content/factions/saa.md:1:1: front matter is empty\n1 error\n"},
	{name: "front matter is a list", files: map[string]string{"content/factions/saa.md": "---\n- name: Syrian Arab Army\n---\n"},
		want: "content/factions/saa.md:2:1: front matter must be a mapping of key: value, got a list\n1 error\n"},
	{name: "tab indentation", files: hama("    faction: saa", "\tfaction: saa"),
		want: "content/cities/hama.md:11:1: invalid YAML: found a tab character that violates indentation (YAML is indented with spaces, never tabs)\n1 error\n"},
	{name: "duplicate key", files: hama("governorate: Hama", "governorate: Hama\nname: Hamah"),
		want: "content/cities/hama.md:9:1: duplicate key \"name\" (first at line 2)\n1 error\n"},
	{name: "yaml alias bomb", files: map[string]string{"content/factions/saa.md": "---\nname: SAA\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n"},
		want: "content/factions/saa.md:4:8: YAML aliases (*name) are not supported\n1 error\n"},
	{name: "unknown key", files: hama("governorate: Hama", "governate: Hama"),
		want: "content/cities/hama.md:8:1: unknown key \"governate\" (did you mean \"governorate\"? keys allowed here: claims, summary, name, aliases, type, coords, population, population_year, population_source, governorate, control, figures)\n1 error\n"},
	// Types and values.
	{name: "population not a number", files: hama("population: 996000", "population: about a million"),
		want: "content/cities/hama.md:5:13: population must be a whole number, got \"about a million\"\n1 error\n"},
	{name: "coords out of range", files: hama("coords: [35.135, 36.750]", "coords: [135.1, 36.75]"),
		want: "content/cities/hama.md:4:10: latitude 135.1 is out of range (-90 to 90) (coords are [latitude, longitude]: are they swapped?)\n1 error\n"},
	{name: "coords not a pair", files: hama("coords: [35.135, 36.750]", "coords: [35.135]"),
		want: "content/cities/hama.md:4:9: coords must be [latitude, longitude], got 1 numbers\n1 error\n"},
	{name: "impossible date", files: hama("date: 2011-03-15", "date: 2011-02-30"),
		want: "content/cities/hama.md:10:11: control[0].date is not a real date: \"2011-02-30\"\n1 error\n"},
	{name: "date in another format", files: hama("date: 2011-03-15", "date: 15 March 2011"),
		want: "content/cities/hama.md:10:11: control[0].date must be a date (YYYY-MM-DD), got \"15 March 2011\"\n1 error\n"},
	{name: "aliases not a list", files: hama("aliases: [Hamah]", "aliases: Hamah"),
		want: "content/cities/hama.md:3:10: aliases must be a list, got \"Hamah\"\n1 error\n"},
	{name: "control not a list", files: map[string]string{"content/cities/aleppo.md": "---\nname: Aleppo\ncontrol: hts\n---\n"},
		want: "content/cities/aleppo.md:3:10: control must be a list, got \"hts\"\n1 error\n"},
	{name: "claim status unknown", files: hama("status: corroborated", "status: confirmed"),
		want: "content/cities/hama.md:20:13: claims[0].status must be one of corroborated, partly, unverified, disputed, false, got \"confirmed\"\n1 error\n"},
	{name: "reliability out of scale", files: map[string]string{"content/sources/afp.md": "---\nname: Agence France-Presse\nkind: news\nreliability: G\n---\n"},
		want: "content/sources/afp.md:4:14: reliability must be one letter A-F (the Admiralty grading), got \"G\"\n1 error\n"},
	{name: "javascript url", files: map[string]string{"content/sources/afp.md": "---\nname: Agence France-Presse\nkind: news\nurl: javascript:alert(document.cookie)\n---\n"},
		want: "content/sources/afp.md:4:6: url must be an absolute http or https address, got \"javascript:alert(document.cookie)\"\n1 error\n"},
	{name: "colour that breaks out of CSS", files: map[string]string{"content/factions/saa.md": "---\nname: Syrian Arab Army\ncolor: \"red; background: url(https://evil.example/)\"\n---\n"},
		want: "content/factions/saa.md:3:8: color must be a CSS colour such as #2e7d32, green or rgb(46 125 50), got \"red; background: url(https://evil.example/)\"\n1 error\n"},
	{name: "draft not a flag", files: map[string]string{"content/articles/report.md": "---\ntitle: Rebels take Hama\ndate: 2024-12-05\ndraft: maybe\n---\nRebels led by Hayat Tahrir al-Sham took Hama on Thursday.\nThe monitor counted at least 727 dead [@sohr; @afp]. Aleppo fell, said [[ann|a spokesperson]].\n"},
		want: "content/articles/report.md:4:8: draft must be true or false, got \"maybe\"\n1 error\n"},
	// References.
	{name: "unknown faction", files: hama("faction: hts", "faction: hst"),
		want: "content/cities/hama.md:14:14: unknown faction \"hst\" in control[1].faction (did you mean \"hts\"?)\n1 error\n"},
	{name: "unknown source in citation", files: hama("Orontes [@afp]", "Orontes [@apf]"),
		want: "content/cities/hama.md:24:26: unknown source \"apf\" in citation (did you mean \"afp\"?)\n1 error\n"},
	{name: "unknown link target", files: hama("Orontes [@afp]", "Orontes [[homs]] [@afp]"),
		want: "content/cities/hama.md:24:26: unknown link target \"homs\" (did you mean \"hama\"?)\n1 error\n"},
	{name: "ambiguous link", files: map[string]string{"content/people/hama.md": "---\nname: Hama Person\n---\n", "content/factions/hts.md": "---\nname: Hayat Tahrir al-Sham\n---\nTook [[hama]].\n"},
		want: "content/factions/hts.md:4:8: ambiguous link [[hama]]: \"hama\" names pages of 2 kinds (write [[cities/hama]] or [[people/hama]])\n1 error\n"},
	{name: "claim quote not in the article", files: hama("quote: took Hama on Thursday", "quote: took Hama on Friday"),
		want: "content/cities/hama.md:19:12: claims[0].quote not found in content/articles/report.md: \"took Hama on Friday\" (the article has \"took Hama on\", but not what follows)\n1 error\n"},
	{name: "claim on an unknown article", files: hama("  - article: report", "  - article: reprot"),
		want: "content/cities/hama.md:18:14: unknown article \"reprot\" in claims[0].article (did you mean \"report\"?)\n1 error\n"},
	{name: "unknown population source", files: hama("population_source: sohr", "population_source: census"),
		want: "content/cities/hama.md:7:20: unknown source \"census\" in population_source\n1 error\n"},
	// Encodings.
	{name: "invalid UTF-8", files: hama("Hama is on the Orontes", "Hama is on the \xffOrontes"),
		want: "content/cities/hama.md:24:16: file is not valid UTF-8 text\n1 error\n"},
	{name: "UTF-16 with BOM", setup: func(t *testing.T, dir string) {
		writeFile(t, dir, "content/cities/hama.md", utf16File(cityHama))
	}, want: "content/cities/hama.md:1:1: file is UTF-16 text: save it as UTF-8\n1 error\n"},
	{name: "NUL byte", files: hama("Orontes", "Oron\x00tes"),
		want: "content/cities/hama.md:24:20: file contains a NUL byte: is it a binary file?\n1 error\n"},
	{name: "site.yaml in UTF-16", setup: func(t *testing.T, dir string) {
		data, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
		writeFile(t, dir, "site.yaml", utf16File(string(data)))
	}, want: "site.yaml:1:1: file is UTF-16 text: save it as UTF-8\n1 error\n"},
	// Sizes and limits.
	{name: "50 MB file", setup: func(t *testing.T, dir string) {
		writeFile(t, dir, "content/articles/huge.md", append([]byte("---\ntitle: Huge\ndate: 2024-12-05\n---\n"), bytes.Repeat([]byte("All work and no play. "), 50<<20/22)...))
	}, want: "content/articles/huge.md: file is 50.0 MiB, more than the 1.0 MiB limit for one content file\n1 error\n"},
	{name: "10,000-level nested YAML list", files: map[string]string{"content/people/deep.md": "---\nname: Deep\naliases: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n---\n"},
		want: "content/people/deep.md:3:42: YAML nested more than 32 levels deep\n1 error\n"},
	{name: "10,000-level nested Markdown list", files: map[string]string{"content/people/deep.md": "---\nname: Deep\n---\n" + strings.Repeat("- ", 10000) + "bottom\n"},
		want: "content/people/deep.md:4:65: Markdown nested more than 32 levels deep (lists and block quotes)\n1 error\n"},
	{name: "10,000 claims", files: map[string]string{"content/people/many.md": "---\nname: Many\nclaims:\n" + strings.Repeat("  - {article: report, quote: took Hama, status: unverified}\n", 10000) + "---\n"},
		want: "content/people/many.md:4:3: 10000 claims in one file, more than the limit of 1000\n1 error\n"},
	{name: "10,001 control entries", files: map[string]string{"content/cities/long.md": "---\nname: Long\ncontrol:\n" + strings.Repeat("  - {date: 2024-12-05, faction: hts, source: afp}\n", 10001) + "---\n"},
		want: "content/cities/long.md:4:3: control has 10001 items, more than the limit of 10000\n1 error\n"},
	{name: "2,000 link definitions", files: map[string]string{"content/people/defs.md": "---\nname: Defs\n---\n" + strings.Repeat("[a]: https://example.org/\n", 2000)},
		want: "content/people/defs.md:1004:1: more than 1000 link reference definitions ([label]: url) in one file\n1 error\n"},
	// Files and folders.
	{name: "file that is a folder", setup: func(t *testing.T, dir string) {
		if err := os.MkdirAll(filepath.Join(dir, "content", "cities", "x.md"), 0o755); err != nil {
			t.Fatal(err)
		}
	}, want: "content/cities/x.md: is a folder, not a Markdown file: a kind's files sit directly in content/cities/\n1 error\n"},
	{name: "symlink loop", setup: func(t *testing.T, dir string) {
		symlink(t, "loop-b.md", filepath.Join(dir, "content", "cities", "loop-a.md"))
		symlink(t, "loop-a.md", filepath.Join(dir, "content", "cities", "loop-b.md"))
	}, want: "content/cities/loop-a.md: symbolic link loop\ncontent/cities/loop-b.md: symbolic link loop\n2 errors\n"},
	{name: "symlink outside the source", setup: func(t *testing.T, dir string) {
		writeFile(t, filepath.Dir(dir), "secret.md", []byte("---\nname: Secret\n---\nNot part of the briefing.\n"))
		symlink(t, "../../../secret.md", filepath.Join(dir, "content", "cities", "secret.md"))
	}, want: "content/cities/secret.md: symbolic link points outside the source folder (../../../secret.md)\n1 error\n"},
	{name: "absolute symlink", setup: func(t *testing.T, dir string) {
		symlink(t, "/etc/hostname", filepath.Join(dir, "content", "cities", "host.md"))
	}, want: "content/cities/host.md: symbolic link points outside the source folder (/etc/hostname)\n1 error\n"},
	{name: "named pipe", setup: func(t *testing.T, dir string) {
		mkfifo(t, filepath.Join(dir, "content", "cities", "pipe.md"))
	}, want: "content/cities/pipe.md: not a regular file (a named pipe, socket or device)\n1 error\n"},
	{name: "symlink to a named pipe", setup: func(t *testing.T, dir string) {
		mkfifo(t, filepath.Join(dir, "content", "pipe"))
		symlink(t, "../pipe", filepath.Join(dir, "content", "cities", "pipe.md"))
	}, want: "content/cities/pipe.md: symbolic link to something that is not a regular file (a named pipe, socket or device)\ncontent/pipe: stray file: content/ holds only one folder per kind (articles, cities, factions, sources, people)\n2 errors\n"},
	{name: "static file linked outside the source", setup: func(t *testing.T, dir string) {
		writeFile(t, filepath.Dir(dir), "id_ed25519", []byte("SECRET KEY\n"))
		writeFile(t, dir, "static/css/site.css", []byte("body{}\n"))
		symlink(t, "../../id_ed25519", filepath.Join(dir, "static", "key.txt"))
	}, want: "static/key.txt: symbolic link points outside the source folder (../../id_ed25519)\n1 error\n"},
	{name: "static folder linked outside the source", setup: func(t *testing.T, dir string) {
		symlink(t, "..", filepath.Join(dir, "static"))
	}, want: "static: symbolic link points outside the source folder (..)\n1 error\n"},
	// A link to a folder inside the source is followed
	// (TestLinkedFolderInStatic); one to a folder holding it never ends.
	{name: "static subfolder a link in a circle", setup: func(t *testing.T, dir string) {
		writeFile(t, dir, "static/img/a.png", []byte("png"))
		symlink(t, "..", filepath.Join(dir, "static", "img", "up"))
	}, want: "static/img/up: symbolic link loop: it leads to a folder holding it\n1 error\n"},
	{name: "kind folder linked outside the source", setup: func(t *testing.T, dir string) {
		writeFile(t, filepath.Dir(dir), "elsewhere/x.md", []byte("---\nname: X\n---\nX.\n"))
		if err := os.RemoveAll(filepath.Join(dir, "content", "people")); err != nil {
			t.Fatal(err)
		}
		symlink(t, "../../elsewhere", filepath.Join(dir, "content", "people"))
	}, want: "content/articles/report.md:12:31: unknown link target \"ann\"\ncontent/people: symbolic link points outside the source folder (../../elsewhere)\n2 errors\n"},
	{name: "link through a hidden linked folder", setup: func(t *testing.T, dir string) {
		writeFile(t, filepath.Dir(dir), "secret.txt", []byte("SECRET KEY\n"))
		writeFile(t, dir, "static/css/site.css", []byte("body{}\n"))
		symlink(t, "../..", filepath.Join(dir, "static", ".k"))
		symlink(t, ".k/secret.txt", filepath.Join(dir, "static", "key.txt"))
	}, want: "static/key.txt: symbolic link points outside the source folder (../..)\n1 error\n"},
	{name: "link out of a linked folder by ..", setup: func(t *testing.T, dir string) {
		// Written next to its name, ../../secret.md is inside the source;
		// from where the folder really is, it is not.
		writeFile(t, filepath.Dir(dir), "secret.md", []byte("---\nname: Secret\n---\nSecret.\n"))
		writeFile(t, dir, "secret.md", []byte("decoy"))
		if err := os.Rename(filepath.Join(dir, "content", "people"), filepath.Join(dir, "x")); err != nil {
			t.Fatal(err)
		}
		symlink(t, "../x", filepath.Join(dir, "content", "people"))
		symlink(t, "../../secret.md", filepath.Join(dir, "x", "secret.md"))
	}, want: "content/people/secret.md: symbolic link points outside the source folder (../../secret.md)\n1 error\n"},
	{name: "map outline in a folder linked outside", setup: func(t *testing.T, dir string) {
		writeFile(t, filepath.Dir(dir), "elsewhere/o.geojson", []byte(`{"type":"FeatureCollection","features":[]}`))
		symlink(t, "../elsewhere", filepath.Join(dir, "sub"))
		data, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
		writeFile(t, dir, "site.yaml", append(data, "map:\n  outline: sub/o.geojson\n"...))
	}, want: "sub/o.geojson: symbolic link points outside the source folder (../elsewhere)\n1 error\n"},
	{name: "default map outline a named pipe", setup: func(t *testing.T, dir string) {
		if err := os.MkdirAll(filepath.Join(dir, "static", "map"), 0o755); err != nil {
			t.Fatal(err)
		}
		mkfifo(t, filepath.Join(dir, "static", "map", "syria-50m.geojson"))
	}, want: "static/map/syria-50m.geojson: not a regular file (a named pipe, socket or device)\n1 error\n"},
	{name: "content and template errors together", files: hama("population: 996000", "population: many"), setup: func(t *testing.T, dir string) {
		writeFile(t, dir, "templates/home.html", []byte("{{define \"main\"}}{{if}}{{end}}\n"))
	}, want: "content/cities/hama.md:5:13: population must be a whole number, got \"many\"\ntemplates/home.html:1:18: missing value for if\n2 errors\n"},
	{name: "template a named pipe", setup: func(t *testing.T, dir string) {
		writeFile(t, dir, "templates/partials.html", []byte(""))
		mkfifo(t, filepath.Join(dir, "templates", "home.html"))
	}, want: "templates/home.html: not a regular file (a named pipe, socket or device)\n1 error\n"},
	{name: "map outline a named pipe", setup: func(t *testing.T, dir string) {
		data, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
		writeFile(t, dir, "site.yaml", append(data, "map:\n  outline: outline.geojson\n"...))
		mkfifo(t, filepath.Join(dir, "outline.geojson"))
	}, want: "outline.geojson: not a regular file (a named pipe, socket or device)\n1 error\n"},
	{name: "site.yaml a named pipe", setup: func(t *testing.T, dir string) {
		if err := os.Remove(filepath.Join(dir, "site.yaml")); err != nil {
			t.Fatal(err)
		}
		mkfifo(t, filepath.Join(dir, "site.yaml"))
	}, want: "site.yaml: not a regular file (a named pipe, socket or device)\n1 error\n"},
	{name: "name with a space", files: map[string]string{"content/cities/new town.md": "---\nname: New Town\n---\n"},
		want: "content/cities/new town.md: file name \"new town.md\" is not a slug: use lowercase letters, digits and hyphens (rename it new-town.md?)\n1 error\n"},
	{name: "name with Unicode", files: map[string]string{"content/cities/ḥamāh.md": "---\nname: Ḥamāh\n---\n"},
		want: "content/cities/ḥamāh.md: file name \"ḥamāh.md\" is not a slug: use lowercase letters, digits and hyphens (rename it hamah.md?)\n1 error\n"},
	{name: "name in capitals", files: map[string]string{"content/cities/Homs.md": "---\nname: Homs\n---\n"},
		want: "content/cities/Homs.md: file name \"Homs.md\" is not a slug: use lowercase letters, digits and hyphens (rename it homs.md?)\n1 error\n"},
	{name: "not a Markdown file", files: map[string]string{"content/cities/notes.txt": "notes\n"},
		want: "content/cities/notes.txt: not a Markdown file: only .md files belong in content/cities/ (images and other files go in static/)\n1 error\n"},
	{name: "empty file", setup: func(t *testing.T, dir string) {
		writeFile(t, dir, "content/cities/homs.md", nil)
	}, want: "content/cities/homs.md:1:1: file is empty: a content file starts with a --- line, YAML fields, and another --- line\n1 error\n"},
	{name: "blank file", files: map[string]string{"content/cities/homs.md": "\n\n   \n"},
		want: "content/cities/homs.md:1:1: file is empty: a content file starts with a --- line, YAML fields, and another --- line\n1 error\n"},
	{name: "empty content folder", setup: func(t *testing.T, dir string) {
		if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
			t.Fatal(err)
		}
	}, want: "content: no content files: a briefing keeps its articles and fact sheets in content/<kind>/*.md (articles, cities, factions, sources, people)\n1 error\n"},
	{name: "no content folder", setup: func(t *testing.T, dir string) {
		if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
			t.Fatal(err)
		}
	}, want: "content: folder not found: a briefing keeps its files in content/<kind>/\n1 error\n"},
	{name: "unknown kind folder", files: map[string]string{"content/events/fall.md": "---\nname: Fall of Hama\n---\n"},
		want: "content/events: unknown kind \"events\": declare it under kinds: in site.yaml\n1 error\n"},
	{name: "site.yaml missing", files: map[string]string{"site.yaml": ""},
		want: "site.yaml: not found: a briefing source folder needs a site.yaml at its root\n1 error\n"},
	{name: "site.yaml empty", setup: func(t *testing.T, dir string) {
		writeFile(t, dir, "site.yaml", nil)
	}, want: "site.yaml:1:1: file is empty: a briefing needs at least title: and base_url:\n1 error\n"},
	{name: "site.yaml a list", files: map[string]string{"site.yaml": "- title: Test briefing\n- base_url: https://example.org/test/\n"},
		want: "site.yaml:1:1: site.yaml must be a mapping of key: value, got a list\n1 error\n"},
	{name: "site.yaml unknown key", files: map[string]string{"site.yaml": "title: Test briefing\nbase_url: https://example.org/test/\nas_of: 2024-12-06\nautolinks: true\nkinds:\n  people: { singular: person }\n"},
		want: "site.yaml:4:1: unknown key \"autolinks\" (did you mean \"autolink\"? keys allowed here: title, description, base_url, language, as_of, cname, autolink, stale_after, page_size, kinds, map)\n1 error\n"},
	{name: "site.yaml base_url javascript", files: map[string]string{"site.yaml": "title: Test briefing\nbase_url: javascript:alert(1)//\nkinds:\n  people: { singular: person }\n"},
		want: "site.yaml:2:11: base_url must be an absolute http or https URL, got \"javascript:alert(1)//\"\n1 error\n"},
	// Line endings and byte order marks work (see TestInputThatMustWork);
	// errors in such files are located on the right line and column.
	{name: "error in a CRLF file", files: map[string]string{"content/cities/hama.md": strings.ReplaceAll(strings.Replace(cityHama, "faction: hts", "faction: hst", 1), "\n", "\r\n")},
		want: "content/cities/hama.md:14:14: unknown faction \"hst\" in control[1].faction (did you mean \"hts\"?)\n1 error\n"},
	{name: "error in a file with a BOM", files: map[string]string{"content/cities/hama.md": "\ufeff" + strings.Replace(cityHama, "faction: hts", "faction: hst", 1)},
		want: "content/cities/hama.md:14:14: unknown faction \"hst\" in control[1].faction (did you mean \"hts\"?)\n1 error\n"},
	{name: "error in a CRLF site.yaml with a BOM", files: map[string]string{"site.yaml": "\ufefftitle: Test briefing\r\nbase_url: https://example.org/test/\r\nas_of: 2024-13-06\r\nkinds:\r\n  people: { singular: person }\r\n"},
		want: "site.yaml:3:8: as_of is not a real date: \"2024-13-06\"\n1 error\n"},
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// snapshot records every file and folder under dir: mode, modification
// time and contents, so that "untouched" means untouched.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		entry := fmt.Sprintf("%v %s", info.Mode(), info.ModTime().Format(time.RFC3339Nano))
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entry += " " + string(data)
		}
		out[rel] = entry
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// compareSnapshots reports how after differs from before (a few
// differences at most), and whether it does.
func compareSnapshots(t *testing.T, before, after map[string]string) bool {
	t.Helper()
	var diffs []string
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			diffs = append(diffs, "lost "+p)
		case a != b:
			diffs = append(diffs, "changed "+p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			diffs = append(diffs, "gained "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 5 {
		diffs = append(diffs[:5], fmt.Sprintf("and %d more", len(diffs)-5))
	}
	if len(diffs) > 0 {
		t.Errorf("the previous site was touched: %s", strings.Join(diffs, "; "))
	}
	return len(diffs) == 0
}

// TestBadInput builds the base briefing once, then builds each broken
// briefing of badCases into the same output folder: each must fail with
// exit status 1 and exactly its located errors, and leave the previous
// site as it was, byte for byte, with nothing left beside it.
func TestBadInput(t *testing.T) {
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	good := overlay(t, base, &txtar.Archive{})
	parent := t.TempDir()
	out := filepath.Join(parent, "site")
	if code, _, errs := run(t, "build", "--source", good, "--out", out); code != ExitOK {
		t.Fatalf("building the base briefing: exit %d\n%s", code, errs)
	}
	before := snapshot(t, out)
	if len(before) < 20 {
		t.Fatalf("the base site has %d files and folders", len(before))
	}
	if len(badCases) < 40 {
		t.Errorf("%d bad-input cases, want at least 40", len(badCases))
	}
	seen := map[string]bool{}
	for _, tc := range badCases {
		if seen[tc.name] {
			t.Fatalf("two cases named %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			ar := &txtar.Archive{}
			var deleted []string
			for name, data := range tc.files {
				if data == "" {
					deleted = append(deleted, name)
					continue
				}
				ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
			}
			if len(deleted) > 0 {
				ar.Files = append(ar.Files, txtar.File{Name: "delete", Data: []byte(strings.Join(deleted, "\n"))})
			}
			// Each case has a folder of its own inside a folder of its own,
			// so that a link may point outside the source.
			src := overlay(t, base, ar)
			if tc.setup != nil {
				tc.setup(t, src)
			}
			code, stdout, stderr := run(t, "build", "--source", src, "--out", out)
			stderr = strings.ReplaceAll(strings.ReplaceAll(stderr, out, "$OUT"), src, "$SRC")
			if *printBad {
				fmt.Printf("--- %s\n%s", tc.name, stderr)
			}
			if code != ExitContent {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, ExitContent, stdout, stderr)
			}
			if want := tc.want + untouched; stderr != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
			}
			// check finds the same problems, without rendering anything.
			code, _, checkErr := run(t, "check", "--source", src)
			checkErr = strings.ReplaceAll(checkErr, src, "$SRC")
			if code != ExitContent || checkErr != tc.want {
				t.Errorf("check: exit %d, stderr:\n%s\nwant build's:\n%s", code, checkErr, tc.want)
			}
			if !compareSnapshots(t, before, snapshot(t, out)) {
				// Start the next case from a known site again.
				if code, _, errs := run(t, "build", "--source", good, "--out", out); code != ExitOK {
					t.Fatalf("rebuilding the base briefing: exit %d\n%s", code, errs)
				}
				before = snapshot(t, out)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("beside the output folder: %v", names)
			}
		})
	}
}
