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
