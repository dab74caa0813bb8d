package write

import (
	"fmt"
	"strings"
)

// Refused is the error for an output Briefing will not write to. Nothing
// was changed.
type Refused struct {
	Path    string   // the output, resolved
	Reason  string   // why, in a few words
	Entries []string // what in it is not Briefing's, with a note each (a few are named)
	Hint    string   // what to do
}

func (e *Refused) Error() string {
	msg := "refusing to write to " + e.Path + ": " + e.Reason
	if len(e.Entries) > 0 {
		msg += ":" + listing(e.Entries)
	}
	msg += "\nNothing was changed."
	if e.Hint != "" {
		msg += " " + e.Hint
	}
	return msg
}

// maxListed is how many entries a message names.
const maxListed = 8

// listing is entries one to a line, indented: the first maxListed, then
// how many more there are.
func listing(entries []string) string {
	var b strings.Builder
	for i, s := range entries {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  and %d more", len(entries)-maxListed)
			break
		}
		b.WriteString("\n  " + s)
	}
	return b.String()
}
