package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
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

// TestForRunsPiecesAtOnce: with two cores, two pieces run at the same
// time: each waits (a while) for the other to start.
func TestForRunsPiecesAtOnce(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core")
	}
	var started atomic.Int32
	deadline := time.Now().Add(5 * time.Second)
	For(2, func(i int) {
		started.Add(1)
		for started.Load() < 2 {
			if time.Now().After(deadline) {
				t.Errorf("piece %d: the other did not start alongside it", i)
				return
			}
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
