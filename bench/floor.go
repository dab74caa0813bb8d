//go:build ignore

// Floor does the memory and file work of a build and nothing else, for
// telling how much of a large build's growth is the machine's: it reads
// every file under SOURCE/content and keeps it, holds as much memory
// again as a build keeps at its peak (seven times the content, its
// memory limit), touching every page, and writes one file per content
// file, six times its size (a build writes about six times its content),
// on all cores, into OUT, which must not exist.
//
//	go run bench/floor.go SOURCE OUT
//
// bench/growth.sh with FLOOR=1 times it beside Briefing's builds.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run bench/floor.go SOURCE OUT")
		os.Exit(2)
	}
	var files [][]byte
	var names []string
	var total int
	err := filepath.WalkDir(filepath.Join(os.Args[1], "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		files, names, total = append(files, data), append(names, d.Name()), total+len(data)
		return err
	})
	if err == nil {
		err = os.Mkdir(os.Args[2], 0o755)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The rest of the peak, in 64 kB pieces as a heap grows, each page
	// written once.
	var held [][]byte
	for n := total; n < 7*total; n += 64 << 10 {
		b := make([]byte, 64<<10)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		held = append(held, b)
	}
	page := make([]byte, 6*64<<10)
	for i := range page {
		page[i] = byte('a' + i%26)
	}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			var out []byte // one buffer a worker, as a build's are pooled
			for i := w; i < len(files); i += workers {
				out = out[:0]
				for n := 6 * len(files[i]); len(out) < n; {
					out = append(out, page[:min(len(page), n-len(out))]...)
				}
				if err := os.WriteFile(filepath.Join(os.Args[2], fmt.Sprintf("%d-%s.html", i, names[i])), out, 0o644); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
		})
	}
	wg.Wait()
	runtime.KeepAlive(held)
	fmt.Printf("read %d files (%d MB), held %d MB, wrote %d MB\n", len(files), total>>20, 7*total>>20, 6*total>>20)
}
