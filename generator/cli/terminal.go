package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IsTerminal reports whether w is a terminal that can show the progress
// line: a terminal, on which the line can be redrawn in place (see
// drawsInPlace). It is what main gives CLI.IsTerminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && drawsInPlace(f)
}

// restoreConsole undoes what drawsInPlace changed in a console, if it
// changed anything (on Windows, the console's handling of escapes).
var restoreConsole func()

// RestoreTerminal gives the terminal back as IsTerminal found it, so that
// a console is left as the shell had it; main calls it before exiting.
func RestoreTerminal() {
	if restoreConsole != nil {
		restoreConsole()
		restoreConsole = nil
	}
}
