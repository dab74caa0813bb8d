package cli

import (
	"context"
)

// files are a rendered site's files as the write and the zip take them.
type files interface {
	Each(f func(path string, data []byte) error) error
	EachInOrder(f func(path string, data []byte) error) error
}

// untilDone hands on the files of tree until ctx is done. Pages are
// rendered as they are written, so most of a build's time is in the
// write or the zip: Ctrl-C then stops the next file, the write fails,
// and the site or archive already there is left as it was (both put the
// new one in place only once it is complete).
type untilDone struct {
	ctx  context.Context
	tree files
}

func (u untilDone) Each(f func(string, []byte) error) error { return u.tree.Each(u.guard(f)) }

func (u untilDone) EachInOrder(f func(string, []byte) error) error {
	return u.tree.EachInOrder(u.guard(f))
}

func (u untilDone) guard(f func(string, []byte) error) func(string, []byte) error {
	return func(p string, data []byte) error {
		if err := u.ctx.Err(); err != nil {
			return err
		}
		return f(p, data)
	}
}
