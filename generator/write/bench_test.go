package write

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchTree is a site shaped like the 10,000-article corpus's: 11,721
// files of 16 kB (190 MB), one folder each.
func benchTree() Files {
	pages := map[string][]byte{}
	page := []byte(strings.Repeat("<p>A paragraph of an article.</p>\n", 16<<10/34))
	for i := range 11720 {
		pages[fmt.Sprintf("articles/a-%05d/index.html", i)] = page
	}
	pages["index.html"] = page
	return fileSet(pages)
}

// BenchmarkWriteTree is the writing of a whole site, to compare the check
// of an old site with (BenchmarkInspect).
func BenchmarkWriteTree(b *testing.B) {
	tree := benchTree()
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "site")
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		if _, err := writeTree(tree, dir, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInspect is the check of a marked site before it is replaced:
// every file read and hashed (Open), then again by status only (before
// the swap).
func BenchmarkInspect(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "site")
	if err := writeSite(benchTree(), dir); err != nil {
		b.Fatal(err)
	}
	var first *oldSite
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			var err error
			if first, err = inspect(dir, nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("status", func(b *testing.B) {
		for b.Loop() {
			if _, err := inspect(dir, nil, first); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRemove is the removal of an old site, file by file from its
// mark, against os.RemoveAll of the same tree.
func BenchmarkRemove(b *testing.B) {
	tree := benchTree()
	for _, how := range []string{"mark", "RemoveAll"} {
		b.Run(how, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				dir := filepath.Join(b.TempDir(), "site")
				if err := os.Mkdir(dir, 0o755); err != nil {
					b.Fatal(err)
				}
				if _, err := writeTree(tree, dir, "bench"); err != nil {
					b.Fatal(err)
				}
				files, err := readMark(dir)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if how == "mark" {
					if left, err := removeSite(dir, files, nil, false); err != nil || len(left) > 0 {
						b.Fatal(err, left)
					}
				} else if err := os.RemoveAll(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReplace is a rebuild's writing: the site written beside the
// previous one, swapped in, the previous one removed (with the checks
// before and the lock around).
func BenchmarkReplace(b *testing.B) {
	tree := benchTree()
	dir := filepath.Join(b.TempDir(), "site")
	if err := writeSite(tree, dir); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := writeSite(tree, dir); err != nil {
			b.Fatal(err)
		}
	}
}

// writeSite writes tree to dir as briefing build does: Open, Write, Close.
func writeSite(tree Files, dir string) error {
	o, err := Open(context.Background(), dir, Options{})
	if err != nil {
		return err
	}
	defer o.Close()
	_, err = o.Write(tree)
	return err
}
