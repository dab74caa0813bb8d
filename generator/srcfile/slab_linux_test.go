package srcfile

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestSlabOutsideHeap: on Linux, what a source read once holds is not in
// the collected heap, read from a folder or by path; read the usual way,
// it is (so the test can fail).
func TestSlabOutsideHeap(t *testing.T) {
	dir := t.TempDir()
	data := []byte(strings.Repeat("a briefing line\n", 4096/16)) // 4 kB
	const files = 1000
	for i := range files {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.md", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	heapGrowth := func(once, byPath bool) uint64 {
		r := FromRoot(root, once)
		d, err := OpenDir(r, ".")
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		es, err := d.ReadDir()
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		kept := make([][]byte, 0, len(es))
		for _, e := range es {
			read := d.ReadFile
			if byPath {
				read = func(name string, limit int64) ([]byte, error) { return ReadLimited(r, name, limit) }
			}
			b, err := read(e.Name(), 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			kept = append(kept, b)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(kept)
		return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
	}
	total := uint64(files * len(data))
	for _, byPath := range []bool{false, true} {
		if g := heapGrowth(false, byPath); g < total {
			t.Fatalf("read into the heap (by path: %v): it grew by %d bytes, less than the %d read", byPath, g, total)
		}
		if g := heapGrowth(true, byPath); g > total/8 {
			t.Errorf("read once (by path: %v): the heap grew by %d bytes of the %d read", byPath, g, total)
		}
	}
}
