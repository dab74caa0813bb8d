package srcfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"unsafe"
)

func addr(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

// TestSlabBuffers: every buffer has the capacity asked for and shares no
// byte with another, across chunks; large ones come from the heap.
func TestSlabBuffers(t *testing.T) {
	s := &slab{}
	var bufs [][]byte
	for range 3 * slabChunk / (1 << 20) { // three chunks' worth
		b := s.make(1<<20 - 7)
		if len(b) != 0 || cap(b) != 1<<20-7 {
			t.Fatalf("len %d cap %d, want 0 and %d", len(b), cap(b), 1<<20-7)
		}
		bufs = append(bufs, b[:cap(b)])
	}
	for i, b := range bufs {
		for j := range i {
			c := bufs[j]
			if addr(b) < addr(c)+uintptr(len(c)) && addr(c) < addr(b)+uintptr(len(b)) {
				t.Fatalf("buffers %d and %d overlap", j, i)
			}
		}
	}
	if b := s.make(slabChunk); cap(b) != slabChunk {
		t.Fatalf("large buffer: cap %d", cap(b))
	}
	var none *slab
	if b := none.make(10); cap(b) != 10 {
		t.Fatalf("nil slab: cap %d", cap(b))
	}
}

// TestSlabReadsAsHeap: a source read once gives the same bytes as one
// read into the heap, from many goroutines at once, for files empty,
// small, and too large for a chunk. (-race checks the slab's own state;
// that no two buffers share a byte is TestSlabBuffers'.)
func TestSlabReadsAsHeap(t *testing.T) {
	dir := t.TempDir()
	want := map[string][]byte{}
	for i := range 200 {
		data := bytes.Repeat([]byte(fmt.Sprintf("line %d\n", i)), i*7)
		want[fmt.Sprintf("f%03d.md", i)] = data
	}
	want["large.md"] = bytes.Repeat([]byte("x"), slabChunk/8+1)
	for name, data := range want {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	r := FromRoot(root, true)
	d, err := OpenDir(r, filepath.Base(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var mu sync.Mutex
	got := map[string][]byte{}
	var wg sync.WaitGroup
	for name := range want {
		wg.Go(func() {
			b, err := d.ReadFile(name, 1<<30)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			got[name] = b
			mu.Unlock()
		})
	}
	wg.Wait()
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s: read %d bytes, want %d", name, len(got[name]), len(data))
		}
	}
	// And through a path, as a linked file is read.
	b, err := ReadLimited(r, filepath.Base(dir)+"/f100.md", 1<<20)
	if err != nil || !bytes.Equal(b, want["f100.md"]) {
		t.Errorf("ReadLimited: %d bytes, %v", len(b), err)
	}
}
