package srcfile

import "sync"

// slab hands out the buffers a RootFS opened with FromRoot(r, true)
// reads files into. On Linux it is memory mapped outside Go's collected
// heap, asking for transparent huge pages, and never unmapped; elsewhere
// it is the heap.
//
// It is for `briefing check`, which reads a source once, keeps what it
// read until it exits and makes little else that lasts: its files' bytes
// are most of what it holds. In the heap they counted twice, as the
// collector lets the heap grow to twice what is live; and reading 41 MB
// into fresh 4 kB pages took ten thousand page faults, which cost 10 to
// 20 us each on the virtual machines this was measured on. A check of
// 10,000 articles took 1.08 s with a peak of 190 MB, 0.96 s and 139 MB
// from a slab. A build gains nothing (its memory limit, not its sources,
// sets how far its heap grows) and the preview reads files again as they
// change, so neither uses one.
//
// A process has one, lasting: what a check reads stays as long as the
// process, and a process that runs many checks (the tests) fills one
// chunk after another instead of mapping one for each.
type slab struct {
	mu     sync.Mutex
	free   []byte
	failed bool // no memory could be mapped: the heap it is
}

var lasting slab

// slabChunk is how much a slab maps at a time. Only what is read into is
// touched: a small source costs one huge page.
const slabChunk = 32 << 20

// make returns an empty buffer of capacity n, from s or, for a nil slab
// or a file too large to share a chunk, from the heap.
func (s *slab) make(n int64) []byte {
	if s == nil || n > slabChunk/8 {
		return make([]byte, 0, n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if int64(len(s.free)) < n && !s.failed {
		s.free = mapChunk(slabChunk)
		s.failed = s.free == nil
	}
	if s.failed {
		return make([]byte, 0, n)
	}
	b := s.free[:0:n]
	s.free = s.free[n:]
	return b
}
