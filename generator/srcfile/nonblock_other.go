//go:build !unix

package srcfile

// oNonblock: no named pipes in folders here to wait on.
const oNonblock = 0
