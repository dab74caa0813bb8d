// Package parallel runs independent pieces of a stage on all cores. Stages
// call it for per-file work (load, resolve, render); results go into
// per-index slots, so output order never depends on scheduling.
package parallel

import (
	"runtime"
	"sync"
)

// For calls f(0..n-1) on all cores. Each call must touch only its own
// index of any shared slice.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
