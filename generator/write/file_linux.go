package write

import (
	"cmp"
	"io"
	"io/fs"

	"golang.org/x/sys/unix"
)

// writeNew writes a file that does not exist yet (the site is written
// into a fresh folder) with three system calls. os.WriteFile makes six:
// it also registers the file with the network poller, which refuses
// regular files, and sets and reads back its blocking mode, some 58,000
// calls for a 10,000-article site.
func writeNew(path string, data []byte) error {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		var n int
		err = ignoringEINTR(func() (err error) {
			n, err = unix.Write(fd, data)
			return err
		})
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			break
		}
		data = data[n:]
	}
	if err := cmp.Or(err, unix.Close(fd)); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return nil
}
