package build

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/render/rendertest"

	"golang.org/x/tools/txtar"
)

// yamlString writes s as a double-quoted YAML scalar that reads back as s
// (invalid UTF-8 becomes U+FFFD).
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= ' ' && r <= '~':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// FuzzBuild builds the small briefing of testdata/mini.txtar with its
// article, one city and one source replaced by the fuzzer's files, and the
// site's title taken from it. Whatever they hold: no panic, every problem
// located in a file of the briefing at a line of it, and a site that builds
// passes the safety audit (no script but the site's own, no event
// handlers or script URLs, valid JSON and XML).
func FuzzBuild(f *testing.F) {
	ar, err := txtar.ParseFile("testdata/mini.txtar")
	if err != nil {
		f.Fatal(err)
	}
	base := fstest.MapFS{}
	for _, file := range ar.Files {
		base[file.Name] = &fstest.MapFile{Data: file.Data}
	}
	get := func(p string) string { return string(base[p].Data) }
	art, city, src := get("content/articles/report.md"), get("content/cities/hama.md"), get("content/sources/afp.md")
	f.Add("Test briefing", art, city, src)
	hostile := art + "\nThen <script>alert(1)</script> [[hama|<img src=x onerror=alert(1)>]] [@afp, </script><script>x()</script>] [x](javascript:alert(1)) <a href=\"javascript:alert(2)\">a</a> [[hts#\"><script>]]\n\n<script>alert(3)</script>\n"
	f.Add("<script>alert(1)</script>", hostile,
		strings.NewReplacer("name: Hama", "name: \"Hama</script><script>alert(1)</script>\"", "governorate: Hama", "governorate: \"<svg onload=alert(1)>\"").Replace(city),
		strings.Replace(src, "name: Agence France-Presse", "name: \"AFP <script>alert(1)</script>\"", 1))
	f.Add("T", hostile, city, strings.Replace(src, "url: https://www.afp.com/", "url: javascript:alert(1)", 1))
	f.Add("T", "---\ntitle: \"</title><script>x</script>\"\ndate: 2024-12-05\nauthor: \"]]></author><script>\"\nsummary: \"--><script>\"\n---\nBody.\n", city, src)
	f.Add("T", art, "---\nname: Hama\ncoords: [35.1, 36.7]\ncontrol:\n  - {date: 2024-12-05, faction: hts, source: afp, note: \"</script><b onmouseover=x>\"}\nclaims:\n  - {article: report, quote: \"took Hama\", status: partly, sources: [afp], note: \"<script>claim</script> [[hts|<i>x</i>]]\"}\n---\n", src)
	f.Add("T", "", "", "")
	f.Add("T", "---\ntitle: x\ndate: 2024-12-05\n", "---\nname: [\n---\n", "\xff\xfe")
	f.Fuzz(func(t *testing.T, title, article, cityFile, sourceFile string) {
		if len(title)+len(article)+len(cityFile)+len(sourceFile) > 24<<10 {
			t.Skip()
		}
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		site := bytes.Replace(base["site.yaml"].Data, []byte("title: Test briefing"), []byte("title: "+yamlString(title)), 1)
		fsys["site.yaml"] = &fstest.MapFile{Data: site}
		fsys["content/articles/report.md"] = &fstest.MapFile{Data: []byte(article)}
		fsys["content/cities/hama.md"] = &fstest.MapFile{Data: []byte(cityFile)}
		fsys["content/sources/afp.md"] = &fstest.MapFile{Data: []byte(sourceFile)}
		res, diags := Build(fsys, Options{Theme: repo, Version: "fuzz"})
		for _, d := range diags {
			file, ok := fsys[d.Path]
			if !ok {
				t.Errorf("diagnostic not in a file of the briefing: %s", d)
				continue
			}
			lines := bytes.Count(file.Data, []byte("\n")) + 1
			if d.Line < 1 || d.Line > lines {
				t.Errorf("line %d outside %s (%d lines): %s", d.Line, d.Path, lines, d)
			}
		}
		if len(diags) > 0 {
			if res.Tree != nil {
				t.Error("a tree despite errors")
			}
			return
		}
		files, err := rendertest.Files(res.Tree)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range audit(files) {
			t.Error(p)
		}
	})
}
