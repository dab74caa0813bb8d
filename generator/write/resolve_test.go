package write

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResolve: paths come out as the kernel takes them: links followed
// where they stand, ".." taken after them, the missing part kept.
func TestResolve(t *testing.T) {
	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"a/b/c", "x"} {
		if err := os.MkdirAll(filepath.Join(tmp, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"x/link":  "../a/b/c", // relative, resolved from x/
		"abs":     filepath.Join(tmp, "a"),
		"loop1":   "loop2",
		"loop2":   "loop1",
		"dangles": "nowhere",
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(tmp, link)); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(tmp, "x"))
	for _, tc := range []struct{ in, want string }{
		{tmp + "/a/b", tmp + "/a/b"},
		{tmp + "/a/b/", tmp + "/a/b"},
		{tmp + "//a/./b//", tmp + "/a/b"},
		{tmp + "/x/link", tmp + "/a/b/c"},
		{tmp + "/x/link/..", tmp + "/a/b"}, // not tmp/x
		{tmp + "/x/link/../new/site", tmp + "/a/b/new/site"},
		{tmp + "/abs/b/../../x", tmp + "/x"},
		{tmp + "/new/../a", tmp + "/a"},                  // a missing part, then ..
		{tmp + "/new/more/../../x/link", tmp + "/a/b/c"}, // and a link after it
		{"link/..", tmp + "/a/b"},                        // relative to x/
		{".", tmp + "/x"},
		{"../abs/", tmp + "/a"},
		{"/", "/"},
		{"//", "/"},
		{tmp + strings.Repeat("/..", strings.Count(tmp, "/")+3), "/"},
	} {
		got, err := Resolve(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	var refused *Refused
	if _, err := Resolve(tmp + "/dangles"); !errors.As(err, &refused) || !strings.Contains(err.Error(), "it is a symbolic link to nowhere, which does not exist") {
		t.Errorf("a dangling link: %v", err)
	}
	if _, err := Resolve(tmp + "/loop1/x"); err == nil {
		t.Error("a loop of links resolved")
	}
}

// TestGuard: an output is refused when it is or holds the file-system
// root, the home folder or the source folder, or is, holds or lies in
// one of the source's inputs; a folder of its own in the source is fine.
func TestGuard(t *testing.T) {
	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(tmp, "home")
	src := filepath.Join(home, "proj")
	for _, d := range []string{"content/cities", "static", "public"} {
		if err := os.MkdirAll(filepath.Join(src, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(src, "site.yaml"), []byte("title: T\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	s := Source{Dir: src, Inputs: []string{"site.yaml", "content/", "templates/", "static/"}}
	for _, tc := range []struct{ out, want string }{
		{"/", "it is the root of the file system"},
		{home, "it is your home folder"},
		{tmp, "it holds your home folder"},
		{src, "it is the source folder"},
		{src + "/site.yaml", "it is the source's site.yaml"},
		{src + "/content", "it is the source's content/"},
		{src + "/content/cities/x", "it lies inside the source's content/"},
		{src + "/templates/x", "it lies inside the source's templates/"}, // templates/ missing
		{src + "/static", "it is the source's static/"},
		{src + "/public", ""},
		{src + "/build/site", ""},
		{home + "/other", ""},
		{tmp + "/elsewhere", ""},
	} {
		err := Guard(tc.out, s)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Guard(%s): %v; want %q", tc.out, err, tc.want)
		}
	}
}
