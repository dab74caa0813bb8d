package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefing/generator/render/rendertest"

	"golang.org/x/tools/txtar"
)

// Bugs the hardening work of issue 7 found in the theme layers and the
// map outline, kept as tests (the fix is package srcfile).

// miniOnDisk writes testdata/mini.txtar into a folder of its own inside a
// folder of its own (so a link can point outside the source).
func miniOnDisk(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/mini.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "src")
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestStaticLinkOutsideSource: a symbolic link in the site's static/
// folder that points outside the source folder was followed, and what it
// points at published with the site: static/key.txt -> ~/.ssh/id_ed25519
// put the key on GitHub Pages. It is refused as content/ refuses one.
func TestStaticLinkOutsideSource(t *testing.T) {
	src := miniOnDisk(t)
	secret := filepath.Join(filepath.Dir(src), "secret.txt")
	if err := os.WriteFile(secret, []byte("SECRET KEY"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(src, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(src, "static", "key.txt")); err != nil {
		t.Fatal(err)
	}
	res, diags := Build(os.DirFS(src), Options{Theme: repo})
	if len(diags) == 0 && res.Tree != nil && strings.Contains(string(rendertest.File(res.Tree, "key.txt")), "SECRET") {
		t.Fatal("the file outside the source folder is published with the site")
	}
	if len(diags) != 1 || diags[0].Path != "static/key.txt" || !strings.Contains(diags[0].Msg, "outside the source folder") {
		t.Errorf("diagnostics: %v, want one for static/key.txt pointing outside the source folder", diags)
	}
}

// TestNamedPipeInSource: a named pipe (FIFO) in static/, templates/ or
// named by map.outline hung the build forever: opening it for reading
// waits for a writer. It is refused as content/ and site.yaml refuse one.
func TestNamedPipeInSource(t *testing.T) {
	for _, tc := range []struct {
		name, file, site string
	}{
		{"static", "static/pipe.txt", ""},
		{"templates", "templates/home.html", ""},
		{"map outline", "outline.geojson", "map:\n  outline: outline.geojson\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := miniOnDisk(t)
			pipe := filepath.Join(src, filepath.FromSlash(tc.file))
			if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := mkfifo(pipe); err != nil {
				t.Skipf("cannot make a named pipe here: %v", err)
			}
			if tc.site != "" {
				f, err := os.OpenFile(filepath.Join(src, "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString(tc.site)
				f.Close()
			}
			type result struct{ msgs []string }
			done := make(chan result, 1)
			go func() {
				res, diags := Build(os.DirFS(src), Options{Theme: repo})
				if len(diags) == 0 && res.Tree != nil {
					rendertest.Files(res.Tree)
				}
				var msgs []string
				for _, d := range diags {
					msgs = append(msgs, d.String())
				}
				done <- result{msgs}
			}()
			select {
			case r := <-done:
				if len(r.msgs) == 0 || !strings.Contains(strings.Join(r.msgs, "\n"), tc.file) {
					t.Errorf("diagnostics %q, want one naming %s", r.msgs, tc.file)
				}
			case <-time.After(30 * time.Second): // a hang, not a slow build
				// Open the pipe for writing and close it, so the build
				// reads an empty file and its goroutine ends.
				if w, err := os.OpenFile(pipe, os.O_WRONLY|oNonblock, 0); err == nil {
					w.Close()
				}
				t.Errorf("a named pipe at %s hangs the build", tc.file)
			}
		})
	}
}

// TestLinksInsideSourceWork: links that stay inside the source folder are
// followed, however they get there: a linked static/ folder whose file
// links on with "..", which resolves from where the folder really is
// (the review of the link checks found this refused once).
func TestLinksInsideSourceWork(t *testing.T) {
	src := miniOnDisk(t)
	for _, d := range []string{"assets/static", "assets/shared"} {
		if err := os.MkdirAll(filepath.Join(src, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(src, "assets", "shared", "a.css"), []byte("a{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, l := range [][2]string{{"assets/static", "static"}, {"../shared/a.css", "assets/static/a.css"}} {
		if err := os.Symlink(l[0], filepath.Join(src, l[1])); err != nil {
			t.Fatal(err)
		}
	}
	res, diags := Build(os.DirFS(src), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if got := string(rendertest.File(res.Tree, "a.css")); got != "a{}" {
		t.Errorf("a.css = %q, want the linked file", got)
	}
}

// TestLinkedFolderInStatic: a link to a folder inside the source, within
// static/ (static/img -> ../assets/img), is followed as content's are:
// its files are static files under the link's name. It was refused as
// "is a folder, not a file". One that leads to a folder holding it is a
// loop, refused where it is.
func TestLinkedFolderInStatic(t *testing.T) {
	src := miniOnDisk(t)
	for _, f := range []string{"assets/img/a.svg", "assets/img/sub/b.svg"} {
		p := filepath.Join(src, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("<svg/>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(src, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../assets/img", filepath.Join(src, "static", "img")); err != nil {
		t.Fatal(err)
	}
	res, diags := Build(os.DirFS(src), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	for _, p := range []string{"img/a.svg", "img/sub/b.svg"} {
		if got := string(rendertest.File(res.Tree, p)); got != "<svg/>" {
			t.Errorf("%s = %q, want the linked folder's file", p, got)
		}
	}
	// Loops, each refused where it is: a link back to static/, and one
	// to its own folder, met through the link to assets/img.
	for _, l := range [][2]string{{"../../static", "loop"}, {".", "self"}} {
		link := filepath.Join(src, "assets", "img", l[1])
		if err := os.Symlink(l[0], link); err != nil {
			t.Fatal(err)
		}
		_, diags = Build(os.DirFS(src), Options{Theme: repo})
		if len(diags) != 1 || diags[0].Path != "static/img/"+l[1] || !strings.Contains(diags[0].Msg, "symbolic link loop") {
			t.Errorf("a link %s -> %s: %v", l[1], l[0], diags)
		}
		os.Remove(link)
	}
}
