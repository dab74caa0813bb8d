package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestForCallsEachIndexOnce holds For to its contract for any number of
// pieces, fewer than the cores or many more.
func TestForCallsEachIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, runtime.GOMAXPROCS(0) + 1, 1000} {
		calls := make([]atomic.Int32, n)
		For(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n=%d: f(%d) called %d times, want once", n, i, c)
			}
		}
	}
}

// TestForUsesEveryCore checks the pieces run at the same time: each
// waits until a piece on another worker has started.
func TestForUsesEveryCore(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core")
	}
	var started atomic.Int32
	For(2, func(int) {
		started.Add(1)
		for started.Load() < 2 {
			runtime.Gosched()
		}
	})
}

// BenchmarkFor is For's own cost: pieces that do next to nothing.
func BenchmarkFor(b *testing.B) {
	var sink atomic.Int64
	for b.Loop() {
		For(10000, func(i int) { sink.Add(int64(i)) })
	}
}
