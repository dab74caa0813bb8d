package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestInputThatMustWork builds the base briefing with every file
// rewritten the ways editors on other systems save them: CRLF line
// endings, a UTF-8 byte order mark, no final newline, CR-only files
// aside. Each must build as the plain briefing does, claims placed.
// (Errors in such files are located on the right line: see the "error
// in a CRLF file" cases of TestBadInput.)
func TestInputThatMustWork(t *testing.T) {
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(name, s string) string
	}{
		{"CRLF", func(_, s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }},
		{"BOM", func(_, s string) string { return "\ufeff" + s }},
		{"BOM and CRLF", func(_, s string) string { return "\ufeff" + strings.ReplaceAll(s, "\n", "\r\n") }},
		{"no final newline", func(_, s string) string { return strings.TrimRight(s, "\n") }},
		{"trailing white space", func(_, s string) string { return strings.ReplaceAll(s, "\n", " \t\n") }},
		{"blank lines before front matter", func(name, s string) string {
			if strings.HasSuffix(name, ".md") {
				return "\n\n" + s
			}
			return s
		}},
		{"Unicode names", func(name, s string) string {
			if name == "content/cities/aleppo.md" {
				return strings.Replace(s, "name: Aleppo", "name: Ḥalab (حلب) 🏙", 1)
			}
			return s
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ar := &txtar.Archive{}
			for _, f := range base.Files {
				ar.Files = append(ar.Files, txtar.File{Name: f.Name, Data: []byte(tc.edit(f.Name, string(f.Data)))})
			}
			src := overlay(t, base, ar)
			out := filepath.Join(t.TempDir(), "site")
			code, stdout, stderr := run(t, "build", "--source", src, "--out", out)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
			}
			if !strings.Contains(stdout, "from 8 content files") {
				t.Errorf("stdout: %s", stdout)
			}
			art, err := os.ReadFile(filepath.Join(out, "articles", "report", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{`class="claim claim-corroborated"`, `id="claim-cities-hama-0-text"`, `id="claim-sources-sohr-0-text"`, `href="../../people/ann/"`} {
				if !strings.Contains(string(art), want) {
					t.Errorf("article page lacks %s", want)
				}
			}
			if strings.Contains(string(art), "\ufeff") || strings.Contains(string(art), "\r") {
				t.Error("a BOM or CR made it into the page")
			}
		})
	}
}
