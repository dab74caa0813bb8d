package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// baseBriefing writes the base briefing of testdata/base.txtar into a new
// folder and returns it.
func baseBriefing(t *testing.T) string {
	t.Helper()
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	return overlay(t, base, &txtar.Archive{})
}

// foreignFiles writes files Briefing did not write into dir: a web
// project's working tree, with an index.html at its root.
func foreignFiles(t *testing.T, dir string) {
	t.Helper()
	writeFile(t, dir, "index.html", []byte("<div id=app></div>\n"))
	writeFile(t, dir, "src/main.js", []byte("console.log(1)\n"))
	writeFile(t, dir, "notes.md", []byte("notes\n"))
}

// rootNames is what can be looked at in /, which is too large to walk:
// its modification time and the names in it (a file made in it and
// removed again moves the time).
func rootNames(t *testing.T) string {
	t.Helper()
	info, err := os.Stat("/")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("/")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{info.ModTime().Format(time.RFC3339Nano)}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// realPath is p with its links resolved (a temporary folder may lie
// behind one, as on macOS).
func realPath(t *testing.T, p string) string {
	t.Helper()
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// outCase is one --out that must be refused: exit status 2, a message
// holding want, and nothing under watch changed, byte for byte (watch is
// a folder above the output, so that a lock or temporary file made
// beside it counts as a change too).
type outCase struct {
	name  string
	setup func(t *testing.T, src, tmp string) (args []string, watch string)
	want  string
}

// TestOutputRefused is issue 14's table of --out and --source pairs that
// must be refused before anything is written. Before the fix, the foreign
// folder, the home folder and the site behind a link to the source were
// replaced by the site (exit 0), and "--out /" slipped past the check.
func TestOutputRefused(t *testing.T) {
	for _, tc := range outCases {
		t.Run(tc.name, func(t *testing.T) {
			src := baseBriefing(t)
			tmp := t.TempDir()
			t.Setenv("HOME", filepath.Join(tmp, "home"))
			args, watch := tc.setup(t, src, tmp)
			before, rootBefore := snapshot(t, watch), rootNames(t)
			code, stdout, stderr := run(t, append([]string{"build"}, args...)...)
			stderr = strings.ReplaceAll(stderr, realPath(t, tmp), "$TMP")
			if code != ExitUsage || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "Nothing was changed.") {
				t.Errorf("briefing build %s: exit %d\nstdout: %s\nstderr: %s\nwant exit %d and %q",
					strings.Join(args, " "), code, stdout, stderr, ExitUsage, tc.want)
			}
			compareSnapshots(t, before, snapshot(t, watch))
			if rootAfter := rootNames(t); rootAfter != rootBefore {
				t.Errorf("/ changed:\n%s\nnow:\n%s", rootBefore, rootAfter)
			}
		})
	}
}

var outCases = []outCase{
	{
		name: "a foreign folder",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			foreignFiles(t, filepath.Join(tmp, "web"))
			return []string{"--source", src, "--out", filepath.Join(tmp, "web")}, tmp
		},
		want: "it is not empty, and Briefing did not write it (it holds no .briefing-site mark):\n  index.html\n  notes.md\n  src/\n",
	},
	{
		name: "a foreign folder, relative with a trailing slash",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			foreignFiles(t, filepath.Join(tmp, "web"))
			t.Chdir(tmp)
			return []string{"--source", src, "--out", "web/"}, tmp
		},
		want: "--out web/: refusing to write to " + "$TMP/web: it is not empty",
	},
	{
		name: "a site built before sites were marked",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			for _, f := range []string{"index.html", "cities/hama/index.html", "404.html", ".nojekyll"} {
				writeFile(t, filepath.Join(tmp, "site"), f, []byte("<!doctype html>"))
			}
			return []string{"--source", src, "--out", filepath.Join(tmp, "site")}, tmp
		},
		want: "A site built by a Briefing older than the .briefing-site mark is refused too: delete it yourself",
	},
	{
		name: "a file",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			writeFile(t, tmp, "notes.txt", []byte("mine"))
			return []string{"--source", src, "--out", filepath.Join(tmp, "notes.txt")}, tmp
		},
		want: "it is a file, not a folder",
	},
	{
		name: "the home folder, holding an index.html",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			home := filepath.Join(tmp, "home")
			writeFile(t, home, "index.html", []byte("<p>my page</p>"))
			writeFile(t, home, ".bashrc", []byte("export X=1\n"))
			writeFile(t, home, "Documents/letter.txt", []byte("Dear"))
			return []string{"--source", src, "--out", home}, tmp
		},
		want: "it is your home folder",
	},
	{
		name: "the home folder as a relative path with ..",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			home := filepath.Join(tmp, "home")
			writeFile(t, home, "index.html", []byte("<p>my page</p>"))
			t.Chdir(home)
			return []string{"--source", src, "--out", "Documents/.."}, tmp
		},
		want: "it is your home folder",
	},
	{
		name: "a folder holding the home folder",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			writeFile(t, filepath.Join(tmp, "home"), "index.html", []byte("<p>my page</p>"))
			return []string{"--source", src, "--out", tmp}, tmp
		},
		want: "it holds your home folder",
	},
	{
		// The case: --source alias/proj --out real, alias -> real.
		name: "a symbolic link to the source, output holding it",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			real := filepath.Join(tmp, "real")
			moveBriefing(t, src, filepath.Join(real, "proj"))
			writeFile(t, real, "index.html", []byte("<p>the project's page</p>"))
			symlink(t, "real", filepath.Join(tmp, "alias"))
			return []string{"--source", filepath.Join(tmp, "alias", "proj"), "--out", real}, tmp
		},
		want: "it holds the source folder",
	},
	{
		name: "a symbolic link to the source, output the source",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			real := filepath.Join(tmp, "real")
			moveBriefing(t, src, real)
			writeFile(t, real, "index.html", []byte("<p>the project's page</p>"))
			symlink(t, "real", filepath.Join(tmp, "alias"))
			return []string{"--source", filepath.Join(tmp, "alias") + "/", "--out", real + "/."}, tmp
		},
		want: "it is the source folder",
	},
	{
		name: "the source folder through ..",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			return []string{"--source", src, "--out", filepath.Join(src, "public", "..")}, src
		},
		want: "it is the source folder",
	},
	{
		name: "/",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			return []string{"--source", src, "--out", "/"}, tmp
		},
		want: "refusing to write to /: it is the root of the file system",
	},
	{
		name: "//",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			return []string{"--source", src, "--out", "//"}, tmp
		},
		want: "refusing to write to /: it is the root of the file system",
	},
	{
		name: "/ through ..",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			return []string{"--source", src, "--out", tmp + strings.Repeat("/..", strings.Count(tmp, "/")+2)}, tmp
		},
		want: "refusing to write to /: it is the root of the file system",
	},
	{
		// A folder standing in for /: it holds the source, further down.
		name: "a folder holding the source, standing in for /",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			root := filepath.Join(tmp, "root")
			moveBriefing(t, src, filepath.Join(root, "srv", "briefing"))
			writeFile(t, root, "etc/hosts", []byte("127.0.0.1 localhost\n"))
			return []string{"--source", filepath.Join(root, "srv", "briefing"), "--out", root + "/"}, tmp
		},
		want: "it holds the source folder",
	},
	{
		name: "a folder inside content/",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			return []string{"--source", src, "--out", filepath.Join(src, "content", "site")}, src
		},
		want: "it lies inside the source's content/",
	},
	{
		name: "content/ itself, through ..",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			return []string{"--source", src, "--out", filepath.Join(src, "public", "..", "content")}, src
		},
		want: "it is the source's content/",
	},
	{
		name: "a folder inside content/, through a link",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			symlink(t, filepath.Join(src, "content", "cities"), filepath.Join(tmp, "cities"))
			return []string{"--source", src, "--out", filepath.Join(tmp, "cities", "out")}, src
		},
		want: "it lies inside the source's content/",
	},
	{
		name: "a link's .. taken as the kernel takes it",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			// elsewhere/link -> SRC/content/cities: "link/../new" is
			// SRC/content/new to the kernel, though elsewhere/new in text.
			symlink(t, filepath.Join(src, "content", "cities"), filepath.Join(tmp, "link"))
			return []string{"--source", src, "--out", tmp + "/link/../new"}, src
		},
		want: "it lies inside the source's content/",
	},
	{
		name: "static/",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			writeFile(t, src, "static/css/mine.css", []byte("body{}"))
			return []string{"--source", src, "--out", filepath.Join(src, "static")}, src
		},
		want: "it is the source's static/",
	},
	{
		name: "inside templates/, not there yet",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			writeFile(t, src, "templates/page.html", []byte("{{.}}"))
			return []string{"--source", src, "--out", filepath.Join(src, "templates", "a", "b")}, src
		},
		want: "it lies inside the source's templates/",
	},
	{
		name: "site.yaml",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			return []string{"--source", src, "--out", filepath.Join(src, "site.yaml")}, src
		},
		want: "it is the source's site.yaml",
	},
	{
		name: "a dangling link",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			symlink(t, filepath.Join(tmp, "nowhere"), filepath.Join(tmp, "out"))
			return []string{"--source", src, "--out", filepath.Join(tmp, "out")}, tmp
		},
		want: "refusing to write to $TMP/out: it is a symbolic link to $TMP/nowhere, which does not exist",
	},
	{
		name: "a marked site with files of the user's",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			out := filepath.Join(tmp, "site")
			mustBuild(t, src, out)
			writeFile(t, out, "google1234.html", []byte("google-site-verification"))
			writeFile(t, out, "drafts/next.md", []byte("draft"))
			if err := os.Symlink("/etc", filepath.Join(out, "etc")); err != nil {
				t.Fatal(err)
			}
			return []string{"--source", src, "--out", out}, tmp
		},
		want: "it holds files Briefing did not write:\n  drafts/\n  etc (a symbolic link)\n  google1234.html\n",
	},
	{
		name: "a marked site with a page edited",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			out := filepath.Join(tmp, "site")
			mustBuild(t, src, out)
			p := filepath.Join(out, "cities", "hama", "index.html")
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			// The same size: only the content tells.
			data[len(data)-2] ^= 1
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			return []string{"--source", src, "--out", out}, tmp
		},
		want: "it holds files Briefing did not write:\n  cities/hama/index.html (changed since Briefing wrote it)\n",
	},
	{
		name: "a marked site with a page replaced by a link",
		setup: func(t *testing.T, src, tmp string) ([]string, string) {
			out := filepath.Join(tmp, "site")
			mustBuild(t, src, out)
			writeFile(t, tmp, "mine/cities/hama/index.html", []byte("mine"))
			if err := os.RemoveAll(filepath.Join(out, "cities")); err != nil {
				t.Fatal(err)
			}
			symlink(t, filepath.Join(tmp, "mine", "cities"), filepath.Join(out, "cities"))
			return []string{"--source", src, "--out", out}, tmp
		},
		want: "cities (a symbolic link)",
	},
}

// mustBuild builds src into out.
func mustBuild(t *testing.T, src, out string) {
	t.Helper()
	if code, _, stderr := run(t, "build", "--source", src, "--out", out); code != ExitOK {
		t.Fatalf("build of %s into %s: exit %d\n%s", src, out, code, stderr)
	}
}

// moveBriefing moves the briefing at src to dst (made with its parents).
func moveBriefing(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(src, dst); err != nil {
		t.Fatal(err)
	}
}

// TestOutputReplaced: what may be replaced is, and comes out as a whole
// site, the same as one built into a new folder; a .git in it is carried
// over untouched.
func TestOutputReplaced(t *testing.T) {
	src := baseBriefing(t)
	ref := filepath.Join(t.TempDir(), "ref")
	mustBuild(t, src, ref)
	want := contents(t, ref)
	if _, ok := want[".briefing-site"]; !ok || len(want) < 20 {
		t.Fatalf("the reference site has %d files, and the mark: %v", len(want), ok)
	}
	gitFiles := map[string]string{".git/HEAD": "ref: refs/heads/gh-pages\n", ".git/objects/ab/cdef": "\x00blob"}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, tmp string) (out, site string) // --out, and where the site lands
		git   bool                                              // .git must still be there
	}{
		{"a missing folder, parents and all", func(t *testing.T, tmp string) (string, string) {
			return filepath.Join(tmp, "a", "b", "site"), filepath.Join(tmp, "a", "b", "site")
		}, false},
		{"an empty folder", func(t *testing.T, tmp string) (string, string) {
			os.Mkdir(filepath.Join(tmp, "site"), 0o755)
			return filepath.Join(tmp, "site"), filepath.Join(tmp, "site")
		}, false},
		{"a folder holding only .git", func(t *testing.T, tmp string) (string, string) {
			for f, data := range gitFiles {
				writeFile(t, filepath.Join(tmp, "site"), f, []byte(data))
			}
			return filepath.Join(tmp, "site"), filepath.Join(tmp, "site")
		}, true},
		{"a marked site", func(t *testing.T, tmp string) (string, string) {
			mustBuild(t, src, filepath.Join(tmp, "site"))
			return filepath.Join(tmp, "site"), filepath.Join(tmp, "site")
		}, false},
		{"a marked site with .git, some pages deleted", func(t *testing.T, tmp string) (string, string) {
			out := filepath.Join(tmp, "site")
			mustBuild(t, src, out)
			for f, data := range gitFiles {
				writeFile(t, out, f, []byte(data))
			}
			os.RemoveAll(filepath.Join(out, "cities"))
			os.Remove(filepath.Join(out, "index.html"))
			return out, out
		}, true},
		{"a marked site copied elsewhere (new times, same bytes)", func(t *testing.T, tmp string) (string, string) {
			mustBuild(t, src, filepath.Join(tmp, "first"))
			for p, data := range contents(t, filepath.Join(tmp, "first")) {
				writeFile(t, filepath.Join(tmp, "copy"), p, []byte(data))
			}
			return filepath.Join(tmp, "copy"), filepath.Join(tmp, "copy")
		}, false},
		{"a folder of its own inside the source", func(t *testing.T, tmp string) (string, string) {
			return filepath.Join(src, "build", "site"), filepath.Join(src, "build", "site")
		}, false},
		{"a link to a marked site", func(t *testing.T, tmp string) (string, string) {
			mustBuild(t, src, filepath.Join(tmp, "real"))
			symlink(t, "real", filepath.Join(tmp, "link"))
			return filepath.Join(tmp, "link"), filepath.Join(tmp, "real")
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			out, site := tc.setup(t, tmp)
			code, stdout, stderr := run(t, "build", "--source", src, "--out", out)
			if code != ExitOK || stderr != "" {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			got := contents(t, site)
			for f, data := range gitFiles {
				if tc.git && got[f] != data {
					t.Errorf("%s: %q, want %q as it was", f, got[f], data)
				}
				delete(got, f)
			}
			if !sameContents(got, want) {
				t.Errorf("the site at %s is not the whole new site (%d files, want %d)", site, len(got), len(want))
			}
			if info, err := os.Lstat(out); out != site && (err != nil || info.Mode()&os.ModeSymlink == 0) {
				t.Errorf("%s is no longer a link", out)
			}
			// Nothing but the site is left beside it.
			entries, _ := os.ReadDir(filepath.Dir(site))
			for _, e := range entries {
				if strings.Contains(e.Name(), ".briefing-") {
					t.Errorf("left beside the site: %s", e.Name())
				}
			}
		})
	}
}
