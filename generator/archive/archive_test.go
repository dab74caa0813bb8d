package archive

import (
	"archive/zip"
	"bytes"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

var site = map[string][]byte{
	"index.html":             []byte("<!doctype html><title>Home</title>" + strings.Repeat("text ", 50)),
	"cities/index.html":      []byte("<!doctype html><title>Cities</title>"),
	"cities/hama/index.html": []byte("<!doctype html><title>Hama</title>" + strings.Repeat("Orontes ", 40)),
	"css/briefing.css":       []byte("body{color:#111}"),
	"search/s/ha.js":         []byte("BRIEFING_SEARCH_SHARD('ha',[])"),
	".nojekyll":              {},
	"a-b/x.txt":              []byte("x"), // "a-b/" sorts before "a/": folder entries must still lead their files
	"a/y.txt":                []byte("y"),
}

func zipOf(t *testing.T, files map[string][]byte, mod time.Time) ([]byte, Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := writeZip(&buf, fileSet(files), "top", mod)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), st
}

// TestWriteIsDeterministic: the same tree gives the same bytes, whatever
// order the files were added in and whenever it runs.
func TestWriteIsDeterministic(t *testing.T) {
	mod := time.Date(2024, 12, 6, 0, 0, 0, 0, time.UTC)
	first, _ := zipOf(t, site, mod)
	for i := 0; i < 5; i++ {
		// A fresh map each time: Go's map order differs from run to run.
		again := map[string][]byte{}
		for p, d := range site {
			again[p] = bytes.Clone(d)
		}
		if b, _ := zipOf(t, again, mod); !bytes.Equal(first, b) {
			t.Fatalf("write %d differs from the first (%d vs %d bytes)", i+2, len(b), len(first))
		}
	}
	// The same instant in another zone is the same archive.
	if b, _ := zipOf(t, site, mod.In(time.FixedZone("UTC+3", 3*3600))); !bytes.Equal(first, b) {
		t.Error("the archive depends on the time zone of mod")
	}
	if b, _ := zipOf(t, site, mod.Add(24*time.Hour)); bytes.Equal(first, b) {
		t.Error("the archive does not carry mod")
	}
}

// TestWriteLayout: one top folder, entries sorted with each folder before
// its files, fixed times and modes, contents intact.
func TestWriteLayout(t *testing.T) {
	mod := time.Date(2024, 12, 6, 0, 0, 0, 0, time.UTC)
	data, st := zipOf(t, site, mod)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != len(site) {
		t.Errorf("stats %+v, want %d files", st, len(site))
	}
	var names []string
	seenDirs := map[string]bool{}
	got := map[string][]byte{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !strings.HasPrefix(f.Name, "top/") {
			t.Errorf("entry %s is outside the top folder", f.Name)
		}
		if !f.Modified.Equal(mod) {
			t.Errorf("%s: time %v, want %v", f.Name, f.Modified, mod)
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			t.Errorf("%s: method %d", f.Name, f.Method)
		}
		if strings.HasSuffix(f.Name, "/") {
			if !f.Mode().IsDir() || f.Mode().Perm() != 0o755 {
				t.Errorf("%s: mode %v, want a 0755 folder", f.Name, f.Mode())
			}
			seenDirs[f.Name] = true
			continue
		}
		if f.Mode().Perm() != 0o644 || !f.Mode().IsRegular() {
			t.Errorf("%s: mode %v, want 0644", f.Name, f.Mode())
		}
		if dir := f.Name[:strings.LastIndex(f.Name, "/")+1]; !seenDirs[dir] {
			t.Errorf("%s comes before its folder entry %s", f.Name, dir)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		got[strings.TrimPrefix(f.Name, "top/")] = b
	}
	if names[0] != "top/" {
		t.Errorf("first entry %s, want the top folder", names[0])
	}
	// Files sorted by path; folder entries interleaved just before the
	// first file under them.
	var files []string
	for _, n := range names {
		if !strings.HasSuffix(n, "/") {
			files = append(files, n)
		}
	}
	if !sort.StringsAreSorted(files) {
		t.Errorf("file entries not sorted: %v", files)
	}
	if len(got) != len(site) {
		t.Errorf("%d files in the archive, want %d", len(got), len(site))
	}
	for p, want := range site {
		if !bytes.Equal(got[p], want) {
			t.Errorf("%s: content %q, want %q", p, got[p], want)
		}
	}
	for _, d := range []string{"top/a/", "top/a-b/", "top/cities/", "top/cities/hama/", "top/css/", "top/search/", "top/search/s/"} {
		if !seenDirs[d] {
			t.Errorf("no folder entry %s", d)
		}
	}
}

// TestWriteOldDates: zip cannot hold a date before 1980; such a date is
// raised to 1980-01-01, not wrapped or left to the clock.
func TestWriteOldDates(t *testing.T) {
	data, _ := zipOf(t, site, time.Date(1975, 5, 1, 0, 0, 0, 0, time.UTC))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range zr.File {
		if !f.Modified.Equal(want) {
			t.Errorf("%s: %v, want %v", f.Name, f.Modified, want)
		}
	}
	zero, _ := zipOf(t, site, time.Time{})
	if !bytes.Equal(data, zero) {
		t.Error("a zero time and 1975 give different archives; both should be 1980-01-01")
	}
}

// TestWriteLateDates: zip cannot hold a time after 2106-02-07 06:28:15
// UTC (the extended timestamp is 32-bit Unix seconds; the DOS date ends
// with 2107); a later date is lowered to 2106-02-07, the last date both
// hold, in both fields, not wrapped (2150-01-01 read as 2022 in the DOS
// date and 2013 in the timestamp).
func TestWriteLateDates(t *testing.T) {
	last := time.Date(2106, 2, 7, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ mod, want time.Time }{
		{time.Date(2150, 1, 1, 0, 0, 0, 0, time.UTC), last},
		{time.Date(2106, 2, 8, 0, 0, 0, 0, time.UTC), last},
		{last, last},
		{time.Date(2106, 2, 6, 0, 0, 0, 0, time.UTC), time.Date(2106, 2, 6, 0, 0, 0, 0, time.UTC)},
	} {
		data, _ := zipOf(t, site, tc.mod)
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			// Modified is read from the extended timestamp; the DOS
			// fields are read here as zip tools without it read them.
			d, tm := f.ModifiedDate, f.ModifiedTime
			dos := time.Date(int(d>>9)+1980, time.Month(d>>5&0xf), int(d&0x1f), int(tm>>11), int(tm>>5&0x3f), int(tm&0x1f)*2, 0, time.UTC)
			if !f.Modified.Equal(tc.want) || !dos.Equal(tc.want) {
				t.Errorf("%v: %s: timestamp %v, DOS date %v, want %v", tc.mod, f.Name, f.Modified, dos, tc.want)
				break
			}
		}
		if want, _ := zipOf(t, site, tc.want); !bytes.Equal(data, want) {
			t.Errorf("%v and %v give different archives", tc.mod, tc.want)
		}
	}
}

// TestWriteFileReplaces: WriteFile replaces an old archive whole, with
// its permissions, and leaves no temporary file behind.
func TestWriteFileReplaces(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "b.zip")
	if err := os.WriteFile(file, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	mod := time.Date(2024, 12, 6, 0, 0, 0, 0, time.UTC)
	st, n, err := WriteFile(file, fileSet(site), "top", mod)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := zipOf(t, site, mod)
	if !bytes.Equal(data, want) || n != int64(len(data)) || st.Files != len(site) {
		t.Errorf("WriteFile wrote %d bytes (said %d, %d files), want the %d bytes of Write", len(data), n, st.Files, len(want))
	}
	// The archive replaced was private: so is the new one
	// (write.KeepAccess). A new one is readable by all.
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Errorf("archive mode %v, want 0600, the old one's", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files beside the archive: %v", entries)
	}
	fresh := filepath.Join(dir, "new.zip")
	if _, _, err := WriteFile(fresh, fileSet(site), "top", mod); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(fresh); info.Mode().Perm() != 0o644 {
		t.Errorf("new archive mode %v, want 0644", info.Mode().Perm())
	}
}

// TestWriteFileCleansKilledZips: the temporary files of killed zips
// (empty, or begun as a zip and cut short) are removed; a file of someone
// else's that merely has such a name is left, a whole zip of theirs too.
func TestWriteFileCleansKilledZips(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "b.zip")
	killed := map[string][]byte{
		".b.zip.briefing-tmp-0123456789ab": {},
		".b.zip.briefing-tmp-ba9876543210": []byte("PK\x03\x04half a zip"),
	}
	mine := filepath.Join(dir, ".b.zip.briefing-tmp-abcdefabcdef")
	for name, data := range killed {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(mine, []byte("my notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("notes.txt")
	w.Write([]byte("my notes"))
	zw.Close()
	myZip := filepath.Join(dir, ".b.zip.briefing-tmp-fedcbafedcba")
	if err := os.WriteFile(myZip, zipped.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := WriteFile(file, fileSet(site), "top", time.Time{}); err != nil {
		t.Fatal(err)
	}
	for name := range killed {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s is still there", name)
		}
	}
	if b, err := os.ReadFile(mine); err != nil || string(b) != "my notes" {
		t.Errorf("the user's file: %q, %v", b, err)
	}
	if b, err := os.ReadFile(myZip); err != nil || !bytes.Equal(b, zipped.Bytes()) {
		t.Errorf("the user's zip: %v", err)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Syria: the fall of Hama":    "syria-the-fall-of-hama",
		"  --Hello,  World!-- ":      "hello-world",
		"Ḥamāh 2024":                 "hamah-2024",
		"":                           "briefing",
		"!!!":                        "briefing",
		strings.Repeat("abc ", 30):   strings.TrimSuffix(strings.Repeat("abc-", 15), "-"),
		"Sub/dir\\..\\escape":        "sub-dir-escape",
		"ÉÉÉ":                        "eee",
		"سقوط حماة":                  "briefing",
		"a":                          "a",
		"The 10,000-article corpus.": "the-10-000-article-corpus",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// fileSet is a site of ready files, handed over in path order as
// render.Tree.EachInOrder does.
type fileSet map[string][]byte

func (f fileSet) EachInOrder(fn func(path string, data []byte) error) error {
	for _, p := range slices.Sorted(maps.Keys(f)) {
		if err := fn(p, f[p]); err != nil {
			return err
		}
	}
	return nil
}
