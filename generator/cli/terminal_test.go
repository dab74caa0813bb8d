package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// Off a terminal there is no progress line: a pipe, a file, a buffer.
func TestIsTerminalOff(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, out := range map[string]io.Writer{"pipe": w, "file": f, "buffer": new(bytes.Buffer)} {
		if IsTerminal(out) {
			t.Errorf("%s taken for a terminal", name)
		}
	}
}

// RestoreTerminal undoes what IsTerminal changed, once (the change itself
// is Windows's; the undoing is the same code on every system).
func TestRestoreTerminal(t *testing.T) {
	undone := 0
	restoreConsole = func() { undone++ }
	RestoreTerminal()
	RestoreTerminal()
	if undone != 1 {
		t.Errorf("the console's mode was restored %d times, want once", undone)
	}
}
