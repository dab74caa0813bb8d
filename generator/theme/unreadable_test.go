package theme_test

import (
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"briefing/generator/render"
	"briefing/generator/theme"
)

// deniedFS refuses to open one folder, as an unreadable one is refused.
// It has Open alone, so that every read goes through it.
type deniedFS struct {
	files  fstest.MapFS
	denied string
}

func (d deniedFS) Open(name string) (fs.File, error) {
	if name == d.denied {
		return nil, &fs.PathError{Op: "openat", Path: name, Err: syscall.EACCES}
	}
	return d.files.Open(name)
}

// TestUnreadableStaticFolder: a folder of static/ that cannot be read is
// one located problem, said once: its path, then what is wrong, not the
// path again inside the system's words.
func TestUnreadableStaticFolder(t *testing.T) {
	site := deniedFS{fstest.MapFS{"static/locked/a.txt": {Data: []byte("x")}, "static/ok.txt": {Data: []byte("y")}}, "static/locked"}
	_, diags := theme.Load(theme.Layers{Site: site, Embedded: os.DirFS("../..")}, render.Funcs(), (*render.Page)(nil))
	got := diags.Error()
	if !strings.Contains(got, "static/locked: cannot read: permission denied") || strings.Count(got, "static/locked") != 1 {
		t.Errorf("got %q, want static/locked: cannot read: permission denied, the path once", got)
	}
}
