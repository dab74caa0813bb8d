//go:build windows

package cli

import (
	"os"

	"golang.org/x/sys/windows"
)

// drawsInPlace turns on the console's handling of the escape sequence
// the progress line is erased with (eraseLine): a console that has not
// been asked prints it as text ("←[K") at every redraw. A console that
// refuses shows no progress line, only the summary. RestoreTerminal puts
// back the mode it found.
func drawsInPlace(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if windows.GetConsoleMode(h, &mode) != nil {
		return false
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	if windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) != nil {
		return false
	}
	restoreConsole = func() { windows.SetConsoleMode(h, mode) }
	return true
}
