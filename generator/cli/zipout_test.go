package cli

import (
	"archive/zip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// foreignZip writes a zip archive Briefing did not write at p.
func foreignZip(t *testing.T, p string) {
	t.Helper()
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("letter.txt")
	w.Write([]byte("Dear"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// rezip writes a zip of src with Briefing, then rewrites it, each entry
// through edit, keeping the comment (as "zip" does when it adds a file)
// or giving it comment[0].
func rezip(t *testing.T, src, tmp string, edit func(zw *zip.Writer, f *zip.File), comment ...string) string {
	t.Helper()
	orig := filepath.Join(tmp, "orig.zip")
	if code, _, stderr := run(t, "zip", "--source", src, "--out", orig); code != ExitOK {
		t.Fatalf("zip: %d %s", code, stderr)
	}
	zr, err := zip.OpenReader(orig)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := filepath.Join(tmp, "b.zip")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		edit(zw, e)
	}
	zw.SetComment(append(comment, zr.Comment)[0])
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestZipOutRefused: "briefing zip --out" never overwrites a file that is
// not a zip Briefing wrote, nor anything that is or lies in the source's
// site.yaml, content/, templates/ or static/ (even a zip Briefing wrote,
// put there to be published), with paths resolved as for build. Each is
// refused with exit status 2, before the build, and nothing changes.
// Before the fix every one of these files was replaced by the archive.
func TestZipOutRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, src, tmp string) (out, watch string)
		want  string
	}{
		{"a text file", func(t *testing.T, src, tmp string) (string, string) {
			writeFile(t, tmp, "notes.txt", []byte("my notes"))
			return filepath.Join(tmp, "notes.txt"), tmp
		}, "it is not a zip archive Briefing wrote"},
		{"a zip of someone else's", func(t *testing.T, src, tmp string) (string, string) {
			foreignZip(t, filepath.Join(tmp, "letters.zip"))
			return filepath.Join(tmp, "letters.zip"), tmp
		}, "it is a zip archive Briefing did not write"},
		{"a zip Briefing wrote, with a file of the user's added", func(t *testing.T, src, tmp string) (string, string) {
			return rezip(t, src, tmp, func(zw *zip.Writer, f *zip.File) {
				zw.Copy(f)
				if strings.HasSuffix(f.Name, "/index.html") && strings.Count(f.Name, "/") == 1 {
					w, _ := zw.Create("test-briefing/my-notes.txt")
					w.Write([]byte("notes"))
				}
			}), tmp
		}, "it is a zip archive Briefing wrote, with files added, removed or changed since"},
		{"a zip Briefing wrote, with a page changed", func(t *testing.T, src, tmp string) (string, string) {
			return rezip(t, src, tmp, func(zw *zip.Writer, f *zip.File) {
				if !strings.HasSuffix(f.Name, "/index.html") || strings.Count(f.Name, "/") != 1 {
					zw.Copy(f)
					return
				}
				w, _ := zw.Create(f.Name)
				w.Write([]byte("<p>my annotations</p>"))
			}), tmp
		}, "it is a zip archive Briefing wrote, with files added, removed or changed since"},
		{"a zip Briefing wrote, with a file removed", func(t *testing.T, src, tmp string) (string, string) {
			return rezip(t, src, tmp, func(zw *zip.Writer, f *zip.File) {
				if !strings.HasSuffix(f.Name, "/404.html") {
					zw.Copy(f)
				}
			}), tmp
		}, "it is a zip archive Briefing wrote, with files added, removed or changed since"},
		{"a zip an older Briefing wrote", func(t *testing.T, src, tmp string) (string, string) {
			return rezip(t, src, tmp, func(zw *zip.Writer, f *zip.File) { zw.Copy(f) }, "Offline briefing written by Briefing. Unzip it and open test-briefing/index.html."), tmp
		}, "it is a zip archive an older Briefing wrote"},
		{"a folder", func(t *testing.T, src, tmp string) (string, string) {
			writeFile(t, tmp, "site.zip/index.html", []byte("mine"))
			return filepath.Join(tmp, "site.zip"), tmp
		}, "it is a folder"},
		{"site.yaml", func(t *testing.T, src, tmp string) (string, string) {
			return filepath.Join(src, "site.yaml"), src
		}, "it is the source's site.yaml"},
		{"a file in content/", func(t *testing.T, src, tmp string) (string, string) {
			return filepath.Join(src, "content", "cities", "hama.md"), src
		}, "it lies inside the source's content/"},
		{"a new file in content/, through a link", func(t *testing.T, src, tmp string) (string, string) {
			symlink(t, filepath.Join(src, "content"), filepath.Join(tmp, "c"))
			return filepath.Join(tmp, "c", "briefing.zip"), src
		}, "it lies inside the source's content/"},
		{"a zip Briefing wrote, in static/", func(t *testing.T, src, tmp string) (string, string) {
			out := filepath.Join(tmp, "b.zip")
			if code, _, stderr := run(t, "zip", "--source", src, "--out", out); code != ExitOK {
				t.Fatalf("zip: %d %s", code, stderr)
			}
			if err := os.MkdirAll(filepath.Join(src, "static", "download"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(out, filepath.Join(src, "static", "download", "b.zip")); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(src, "static", "download", "b.zip"), src
		}, "it lies inside the source's static/"},
		{"a file in templates/", func(t *testing.T, src, tmp string) (string, string) {
			writeFile(t, src, "templates/page.html", []byte("{{.}}"))
			return filepath.Join(src, "templates", "page.html"), src
		}, "it lies inside the source's templates/"},
		{"the source folder", func(t *testing.T, src, tmp string) (string, string) {
			return src + "/.", src
		}, "it is the source folder"},
		{"/", func(t *testing.T, src, tmp string) (string, string) {
			return "/", tmp
		}, "it is the root of the file system"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, tmp := baseBriefing(t), t.TempDir()
			t.Setenv("HOME", filepath.Join(tmp, "home"))
			out, watch := tc.setup(t, src, tmp)
			before := snapshot(t, watch)
			code, stdout, stderr := run(t, "zip", "--source", src, "--out", out)
			if code != ExitUsage || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "Nothing was changed.") {
				t.Errorf("briefing zip --out %s: exit %d\nstdout: %s\nstderr: %s\nwant exit %d and %q", out, code, stdout, stderr, ExitUsage, tc.want)
			}
			compareSnapshots(t, before, snapshot(t, watch))
		})
	}
}

// TestZipOutReplaced: a zip Briefing wrote is replaced, at --out or at the
// default path, and nothing is left beside it.
func TestZipOutReplaced(t *testing.T) {
	src := baseBriefing(t)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "b.zip")
	for i := range 2 {
		if code, _, stderr := run(t, "zip", "--source", src, "--out", out); code != ExitOK || stderr != "" {
			t.Fatalf("zip %d: exit %d\n%s", i+1, code, stderr)
		}
		if code, _, stderr := run(t, "zip", "--source", src); code != ExitOK || stderr != "" {
			t.Fatalf("zip %d to the default path: exit %d\n%s", i+1, code, stderr)
		}
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	first, second, _ := strings.Cut(zr.Comment, "\n")
	if want := "Offline briefing written by Briefing. Unzip it and open test-briefing/index.html."; first != want ||
		!regexp.MustCompile(`^Contents: [0-9a-f]{64}$`).MatchString(second) {
		t.Errorf("the archive's comment is %q, want %q and a line with the contents' fingerprint", zr.Comment, want)
	}
	for _, dir := range []string{tmp, src} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".briefing-") {
				t.Errorf("left in %s: %s", dir, e.Name())
			}
		}
	}
}

// TestZipOutNewFolder: zip --out in folders that do not exist yet makes
// them, as build does for its output.
func TestZipOutNewFolder(t *testing.T) {
	src := baseBriefing(t)
	out := filepath.Join(t.TempDir(), "new", "folders", "b.zip")
	if code, _, stderr := run(t, "zip", "--source", src, "--out", out); code != ExitOK || stderr != "" {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if got := names(t, filepath.Dir(out)); strings.Join(got, " ") != "b.zip" {
		t.Errorf("in the new folder: %v", got)
	}
}
