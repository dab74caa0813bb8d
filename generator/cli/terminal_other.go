//go:build !windows

package cli

import "os"

// drawsInPlace: terminals on Unix systems handle eraseLine.
func drawsInPlace(*os.File) bool { return true }
