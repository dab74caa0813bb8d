package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// siteFiles is a small site of n pages, with title in each.
func siteFiles(title string, n int) map[string][]byte {
	files := map[string][]byte{
		"index.html":       []byte("<title>" + title + "</title>"),
		"css/briefing.css": []byte("body{}"),
		".nojekyll":        {},
		"a b/c\nd.txt":     []byte("odd names are listed too"),
		`"quoted".txt`:     []byte("and this"),
	}
	for i := range n {
		files[fmt.Sprintf("cities/c%d/index.html", i)] = []byte(fmt.Sprintf("<title>%s %d</title>", title, i))
	}
	return files
}

// read reads every file under dir by slash path; folders end in "/".
func read(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			out[rel] = "-> " + target
			return err
		}
		data, err := os.ReadFile(p)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// files is what a site on disk should hold: its files, and the mark.
func onDisk(t *testing.T, files map[string][]byte) map[string]string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "want")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := writeTree(fileSet(files), dir, "test"); err != nil {
		t.Fatal(err)
	}
	return read(t, dir)
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestMarkLists: the mark lists every file written, odd names included,
// and reads back as written; two writes of one tree give the same mark.
func TestMarkLists(t *testing.T) {
	files := siteFiles("One", 3)
	var marks []string
	for range 2 {
		dir := t.TempDir()
		if _, err := writeTree(fileSet(files), dir, "briefing test"); err != nil {
			t.Fatal(err)
		}
		got, err := readMark(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(files) {
			t.Errorf("the mark lists %d files, want %d", len(got), len(files))
		}
		for p, data := range files {
			if got[p] != sumOf(data) {
				t.Errorf("%q: listed as %v, want %v", p, got[p], sumOf(data))
			}
		}
		data, _ := os.ReadFile(filepath.Join(dir, MarkFile))
		marks = append(marks, string(data))
	}
	if marks[0] != marks[1] {
		t.Error("two writes of one tree give different marks")
	}
	if !strings.HasPrefix(marks[0], markMagic+"\n# Written by briefing test, which") {
		t.Errorf("the mark begins %q", marks[0][:80])
	}
}

// TestRemoveSiteTakesOnlyListed: removing an old site removes what its
// mark lists and the folders left empty, and nothing else: not a file
// added since, not a link nor what it points to, not a .git; the mark
// stays while anything does.
func TestRemoveSiteTakesOnlyListed(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "old")
	os.Mkdir(dir, 0o755)
	files := siteFiles("Old", 3)
	if _, err := writeTree(fileSet(files), dir, "test"); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(tmp, "outside")
	os.MkdirAll(filepath.Join(outside, "c0"), 0o755)
	os.WriteFile(filepath.Join(outside, "c0", "index.html"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "cities", "c1", "mine.txt"), []byte("mine"), 0o644)
	os.RemoveAll(filepath.Join(dir, "cities", "c0"))
	os.Symlink(filepath.Join(outside, "c0"), filepath.Join(dir, "cities", "c0"))
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref"), 0o644)

	mark, err := readMark(dir)
	if err != nil {
		t.Fatal(err)
	}
	left, err := removeSite(dir, mark, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(left)
	if want := []string{".git/", "cities/c0 (a symbolic link)", "cities/c1/mine.txt"}; strings.Join(left, "|") != strings.Join(want, "|") {
		t.Errorf("left %q, want %q", left, want)
	}
	got := keys(read(t, dir))
	want := []string{".briefing-site", ".git/", ".git/HEAD", "cities/", "cities/c0", "cities/c1/", "cities/c1/mine.txt"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("after removal: %q, want %q", got, want)
	}
	if data, err := os.ReadFile(filepath.Join(outside, "c0", "index.html")); err != nil || string(data) != "mine" {
		t.Error("removal went through the link")
	}

	// With only listed files, all goes, the folder too.
	os.RemoveAll(dir)
	os.Mkdir(dir, 0o755)
	writeTree(fileSet(files), dir, "test")
	if left, err := removeSite(dir, mark, nil, false); err != nil || len(left) > 0 {
		t.Errorf("left %v, %v", left, err)
	}
	if _, err := os.Lstat(dir); err == nil {
		t.Error("the emptied folder is still there")
	}
}

// TestRemoveSiteKeepsChanged: the old site's files go only as they were
// when the build last checked them: an edit made in the moment between
// that check and the removal is kept and reported, not deleted with the
// site. And the next build, which finds that folder left over, compares
// what it holds with the mark's sums and keeps the edit again.
func TestRemoveSiteKeepsChanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "old")
	os.Mkdir(dir, 0o755)
	if _, err := writeTree(fileSet(siteFiles("Old", 3)), dir, "test"); err != nil {
		t.Fatal(err)
	}
	mark, err := readMark(dir)
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]fs.FileInfo{}
	for p := range mark {
		info, err := os.Lstat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		checked[p] = info
	}
	edited := filepath.Join(dir, "cities", "c1", "index.html")
	f, err := os.OpenFile(edited, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("<!-- my note -->")
	f.Close()
	left, err := removeSite(dir, mark, checked, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"cities/c1/index.html (changed since Briefing wrote it)"}
	if strings.Join(left, "|") != strings.Join(want, "|") {
		t.Errorf("left %q, want %q", left, want)
	}
	if data, err := os.ReadFile(edited); err != nil || !strings.HasSuffix(string(data), "<!-- my note -->") {
		t.Errorf("the edit is gone: %q, %v", data, err)
	}
	// Left over, the folder is removed by its mark alone.
	if left, err := removeSite(dir, mark, nil, false); err != nil || strings.Join(left, "|") != strings.Join(want, "|") {
		t.Errorf("left over: left %q, %v; want %q", left, err, want)
	}
	if data, err := os.ReadFile(edited); err != nil || !strings.HasSuffix(string(data), "<!-- my note -->") {
		t.Errorf("the edit is gone once left over: %q, %v", data, err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "cities", "c2")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an unchanged folder of the site is still there: %v", err)
	}
}

// TestRecoverContents: an output that is a mount point has its contents
// replaced in two series of moves (the old site's entries aside, then the
// new site's in, each with its mark last). Cut short after any number of
// moves, the next build's clean-up leaves the output holding one whole
// site, the old or the new, and no temporary folder. (The folder here is
// no mount point; the Out is told it is one.)
func TestRecoverContents(t *testing.T) {
	oldFiles, newFiles := siteFiles("Old", 2), siteFiles("New", 3)
	wantOld, wantNew := onDisk(t, oldFiles), onDisk(t, newFiles)
	// The number of moves: top-level entries of each site, and its mark.
	tops := func(files map[string][]byte) int {
		seen := map[string]bool{MarkFile: true}
		for p := range files {
			seen[strings.SplitN(p, "/", 2)[0]] = true
		}
		return len(seen)
	}
	moves := tops(oldFiles) + tops(newFiles)
	for cut := 0; cut <= moves; cut++ {
		t.Run(fmt.Sprintf("after %d of %d moves", cut, moves), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "vol")
			os.Mkdir(dir, 0o755)
			os.Mkdir(filepath.Join(dir, "lost+found"), 0o755)
			if _, err := writeTree(fileSet(oldFiles), dir, "test"); err != nil {
				t.Fatal(err)
			}
			o := &Out{dir: dir, mount: true, tmpDir: dir, tmpPrefix: tmpMarker}
			id := "0123456789ab"
			tmp := filepath.Join(dir, tmpMarker+id)
			old := filepath.Join(dir, tmpMarker+"old-"+id)
			os.Mkdir(tmp, 0o755)
			if _, err := writeTree(fileSet(newFiles), tmp, "test"); err != nil {
				t.Fatal(err)
			}
			os.Mkdir(old, 0o755)
			n := cut
			step := func(from, to string, keep func(string) bool) {
				entries, _ := os.ReadDir(from)
				var names []string
				for _, e := range entries {
					if (keep == nil || keep(e.Name())) && e.Name() != MarkFile {
						names = append(names, e.Name())
					}
				}
				names = append(names, MarkFile)
				for _, name := range names {
					if n == 0 {
						return
					}
					if err := os.Rename(filepath.Join(from, name), filepath.Join(to, name)); err != nil {
						t.Fatal(err)
					}
					n--
				}
			}
			step(dir, old, o.siteEntry)
			step(tmp, dir, nil)
			if n != 0 {
				t.Fatalf("%d moves left over", n)
			}

			o.cleanStale()
			got := read(t, dir)
			if _, ok := got["lost+found/"]; !ok {
				t.Error("lost+found is gone")
			}
			delete(got, "lost+found/")
			if !equal(got, wantOld) && !equal(got, wantNew) {
				t.Errorf("the output holds neither site whole: %q", keys(got))
			}
			if cut < moves && !equal(got, wantOld) {
				t.Error("a replacement cut short did not leave the old site")
			}
		})
	}
}

// TestRecoverContentsLeavesWhatIsNotTheSite: a mount-point output whose
// previous site was being removed when its build was killed, and whose
// mark someone then removed (git checkout of another branch in it) with
// files of theirs added, keeps those files: there is no new site beside
// it to undo, so nothing is moved or removed.
func TestRecoverContentsLeavesWhatIsNotTheSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vol")
	os.Mkdir(dir, 0o755)
	o := &Out{dir: dir, mount: true, tmpDir: dir, tmpPrefix: tmpMarker}
	var warned []string
	o.opts.Warn = func(msg string) { warned = append(warned, msg) }
	old := filepath.Join(dir, tmpMarker+"old-0123456789ab")
	os.Mkdir(old, 0o755)
	if _, err := writeTree(fileSet(siteFiles("Old", 2)), old, "test"); err != nil {
		t.Fatal(err)
	}
	for p, data := range map[string]string{"thesis.docx": "mine", "photos/1.jpg": "mine too"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o.cleanStale()
	for _, p := range []string{"thesis.docx", "photos/1.jpg"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if len(warned) == 0 {
		t.Error("nothing said about the replacement left as it is")
	}
}

// fileSet is a site of ready files, handed over in no particular order as
// render.Tree.Each does.
type fileSet map[string][]byte

func (f fileSet) Each(fn func(path string, data []byte) error) error {
	for p, data := range f {
		if err := fn(p, data); err != nil {
			return err
		}
	}
	return nil
}
