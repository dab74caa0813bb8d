package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestTemplateFailsOnOnePage: a template that fails only on a page check
// does not try (it runs each on one page of each kind) fails build and
// zip with the problem located in the template, as check reports one,
// naming the page, and leaves nothing written.
func TestTemplateFailsOnOnePage(t *testing.T) {
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	src := overlay(t, base, &txtar.Archive{Files: []txtar.File{{Name: "templates/entity.html",
		Data: []byte(`{{define "main"}}<h1>{{.Entity.Name}}</h1>` + "\n" + `{{if eq .Entity.Slug "hama"}}{{index .Entity.Aliases 5}}{{end}}{{end}}`)}}})
	if code, _, stderr := run(t, "check", "--source", src); code != 0 {
		t.Fatalf("check: exit %d, want 0 (it samples cities/aleppo only)\n%s", code, stderr)
	}
	const want = `templates/entity.html:2:` // then the column and html/template's words
	out := t.TempDir()
	for _, c := range []struct {
		args []string
		left string
	}{
		{[]string{"build", "--source", src, "--out", filepath.Join(out, "site")}, "build failed: " + filepath.Join(out, "site") + " left untouched"},
		{[]string{"zip", "--source", src, "--out", filepath.Join(out, "b.zip")}, "zip failed: nothing written"},
	} {
		code, _, stderr := run(t, c.args...)
		if code != 1 || !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "(on cities/hama/index.html)\n1 error\n"+c.left) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant exit 1, %s... (on cities/hama/index.html), 1 error, %q", c.args[0], code, stderr, want, c.left)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("left %d files in the output folder", len(entries))
	}
}
