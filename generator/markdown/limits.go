package markdown

import (
	"bytes"
	"fmt"
)

// Limits on the Markdown of a body or a claim's note. goldmark's block
// parser slows down with the square or cube of the nesting depth, and its
// link reference definitions with the square of their number: a 200 kB
// file of "- - - - ..." or "[a]: b" lines would stall a build for minutes.
// Real briefings use a few levels and a few definitions.
//
// Footnotes are bounded for the same reason: each "[^label]" was looked up
// by walking every definition of the file, and the notes are sorted by an
// insertion sort. The markdown package now looks labels up in a map, and
// the limit keeps the sort and the page's list of notes a sane size.
//
// The content stage checks every body and note with CheckLimits as it
// reads them.
const (
	MaxNesting   = 32   // lists and block quotes inside each other
	MaxLinkDefs  = 1000 // "[label]: url" lines in one file
	MaxFootnotes = 1000 // "[^label]: text" footnote definitions in one file
)

// CheckLimits scans Markdown text line by line for what goldmark cannot
// parse in reasonable time. It returns the byte offset in text of the
// first problem and a message, or -1 and "".
func CheckLimits(text []byte) (int, string) {
	defs, notes := 0, 0
	fence := byte(0) // '`' or '~' inside a fenced code block
	fenceLen := 0
	for off := 0; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off
		}
		line := text[off : off+end]
		lineOff := off
		off += end + 1

		indent, i := 0, 0
		for i < len(line) && i < 4 && line[i] == ' ' {
			i++
		}
		if c := at(line, i); c == '`' || c == '~' {
			n := 0
			for at(line, i+n) == c {
				n++
			}
			switch {
			case fence == 0 && n >= 3:
				fence, fenceLen = c, n
				continue
			case fence == c && n >= fenceLen:
				fence = 0
				continue
			}
		}
		if fence != 0 {
			continue
		}
		if i < 4 && at(line, i) == '[' && at(line, i+1) != '^' && isLinkDef(line[i:]) {
			defs++
			if defs > MaxLinkDefs {
				return lineOff + i, fmt.Sprintf("more than %d link reference definitions ([label]: url) in one file", MaxLinkDefs)
			}
		}
		if isFootnoteDef(line) {
			notes++
			if notes > MaxFootnotes {
				return lineOff + bytes.Index(line, []byte("[^")), fmt.Sprintf("more than %d footnotes ([^label]: text) in one file", MaxFootnotes)
			}
		}
		if isThematicBreak(line) {
			continue
		}
		// Count the container markers that open the line: ">" for a
		// quote, "-", "*", "+" or "1." for a list item, and each two
		// columns of indentation before the first marker (a list nests
		// by indenting).
		depth, lead := 0, true
		i = 0
		for i < len(line) {
			switch line[i] {
			case ' ':
				if lead {
					indent++
				}
				i++
				continue
			case '\t':
				if lead {
					indent += 4
				}
				i++
				continue
			}
			mark := i
			if i = marker(line, i, 9); i == mark {
				break
			}
			depth++
			if lead {
				depth += indent / 2
				lead = false
			}
			if depth > MaxNesting {
				return lineOff + mark, fmt.Sprintf("Markdown nested more than %d levels deep (lists and block quotes)", MaxNesting)
			}
		}
	}
	return -1, ""
}

func at(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == 0 }

// isLinkDef reports whether line starts like a link reference definition:
// "[label]:".
func isLinkDef(line []byte) bool {
	end := bytes.IndexByte(line, ']')
	return end > 1 && end < 1000 && at(line, end+1) == ':' && bytes.IndexByte(line[1:end], '[') < 0
}

// isThematicBreak reports a line of three or more "-", "*" or "_" with
// only spaces between: a rule, not nested lists.
func isThematicBreak(line []byte) bool {
	var mark byte
	n := 0
	for _, c := range line {
		switch c {
		case ' ', '\t':
		case '-', '*', '_':
			if mark != 0 && c != mark {
				return false
			}
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// isFootnoteDef reports whether line defines a footnote, "[^label]:",
// after any block quote and list markers that hold it.
func isFootnoteDef(line []byte) bool {
	i := 0
	for i < len(line) {
		if c := line[i]; c == ' ' || c == '\t' {
			i++
		} else if j := marker(line, i, len(line)); j > i {
			i = j
		} else {
			break
		}
	}
	return at(line, i) == '[' && at(line, i+1) == '^' && isLinkDef(line[i:])
}

// marker returns the end of the block quote or list item marker at
// line[i:] (">", or "-", "*", "+", "1." or "1)" and a blank), or i where
// none starts. A list item's number has at most digits digits.
func marker(line []byte, i, digits int) int {
	switch c := at(line, i); {
	case c == '>', (c == '-' || c == '*' || c == '+') && isBlank(at(line, i+1)):
		return i + 1
	case c >= '0' && c <= '9':
		j := i
		for j < len(line) && j-i < digits && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if (at(line, j) == '.' || at(line, j) == ')') && isBlank(at(line, j+1)) {
			return j + 1
		}
	}
	return i
}
