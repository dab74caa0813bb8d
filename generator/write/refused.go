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
	Entries []string // what in it is not Briefing's (a few), with a note each
	More    int      // how many more such entries there are
	Hint    string   // what to do
}

func (e *Refused) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "refusing to write to %s: %s", e.Path, e.Reason)
	if len(e.Entries) > 0 {
		b.WriteString(":")
		for _, s := range e.Entries {
			b.WriteString("\n  " + s)
		}
		if e.More > 0 {
			fmt.Fprintf(&b, "\n  and %d more", e.More)
		}
	}
	b.WriteString("\nNothing was changed.")
	if e.Hint != "" {
		b.WriteString(" " + e.Hint)
	}
	return b.String()
}

// maxListed is how many foreign entries a refusal names.
const maxListed = 8

func (e *Refused) add(entry string) {
	if len(e.Entries) < maxListed {
		e.Entries = append(e.Entries, entry)
	} else {
		e.More++
	}
}
