package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckTemplatesWithoutPages: a page template no page of the
// briefing runs (changes.html, without --previous) is checked all the
// same, and check reports what build --previous then fails on.
func TestCheckTemplatesWithoutPages(t *testing.T) {
	src := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", "title: T\nbase_url: https://example.org/\nas_of: 2024-12-06\n")
	write("content/articles/one.md", "---\ntitle: One\ndate: 2024-12-05\n---\nNothing.\n")
	prev := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := run(t, "build", "--source", src, "--out", prev); code != ExitOK {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	write("templates/changes.html", "{{define \"main\"}}<h1>{{.Title}}</h1>\n<a href=\"{{.URL}}\n{{end}}\n")

	code, _, checked := run(t, "check", "--source", src)
	if code != ExitContent || !strings.HasPrefix(checked, "templates/base.html: ends in a non-text context") ||
		!strings.Contains(checked, "(on a sample changes/index.html)") || !strings.Contains(checked, "it calls templates/changes.html") {
		t.Fatalf("check: exit %d, stderr:\n%s", code, checked)
	}
	code, _, built := run(t, "build", "--source", src, "--out", filepath.Join(t.TempDir(), "site"), "--previous", filepath.Join(prev, "briefing.json"))
	first := func(s string) string { line, _, _ := strings.Cut(s, "\n"); return line }
	if want := strings.Replace(first(checked), "on a sample ", "on ", 1); code != ExitContent || first(built) != want {
		t.Errorf("build --previous: exit %d, stderr:\n%s\nwant first line\n%s", code, built, want)
	}
}
