package srcfile

import "golang.org/x/sys/unix"

// mapChunk maps n bytes of anonymous memory, asking for huge pages (only
// granted where transparent huge pages are enabled, "madvise" or
// "always"), or returns nil.
func mapChunk(n int) []byte {
	b, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil
	}
	unix.Madvise(b, unix.MADV_HUGEPAGE) // a refusal leaves 4 kB pages
	return b
}
