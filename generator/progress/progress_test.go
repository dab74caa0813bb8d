package progress

import (
	"sync"
	"testing"
)

func TestMeter(t *testing.T) {
	var m Meter
	if r := m.Read(); r != (Status{}) {
		t.Errorf("before any stage: %+v", r)
	}
	m.Stage(Reading)
	if got := m.Read().String(); got != "reading" {
		t.Errorf("uncounted stage: %q", got)
	}
	m.Count(11310)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				m.Add(1)
			}
		}()
	}
	wg.Wait()
	if got := m.Read().String(); got != "reading 4,000/11,310 files" {
		t.Errorf("counted: %q", got)
	}
	m.Stage(Rendering)
	m.Count(2)
	m.Then(Writing)
	m.Add(1)
	if got := m.Read().String(); got != "rendering 1/2 pages" {
		t.Errorf("rendering: %q", got)
	}
	m.Add(5) // more than counted (a file counted twice) never shows more than all
	if got := m.Read(); got.Stage != Writing || got.Total != 0 {
		t.Errorf("after the count, want writing: %+v", got)
	}
	var nilMeter *Meter
	nilMeter.Stage(Reading)
	nilMeter.Count(3)
	nilMeter.Add(1)
	nilMeter.Then(Writing)
	if r := nilMeter.Read(); r != (Status{}) {
		t.Errorf("nil meter: %+v", r)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 6214: "6,214", 100000: "100,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// BenchmarkAdd is what counting one item costs a build, from every core
// at once.
func BenchmarkAdd(b *testing.B) {
	var m Meter
	m.Stage(Rendering)
	m.Count(b.N)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Add(1)
		}
	})
}
