// Package diag holds located problems found in a briefing's source: a file,
// a 1-based line and column, a message and an optional hint. Every stage
// reports into a List so that one run shows every problem, sorted, in the
// compiler style "path:line:col: message (hint)".
//
// A diagnostic is an error unless it says otherwise: a Notice points at
// something a reader should know of (an item dated after the briefing's
// cutoff) but never fails a build. It prints as "path:line:col: notice:
// message", after every error.
package diag

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Severity says whether a diagnostic fails the run.
type Severity uint8

const (
	// Error is the zero Severity: every diagnostic made without one fails
	// the run, as before severities existed.
	Error Severity = iota
	// Notice is for the reader, not a fault: the run still succeeds.
	Notice
)

// Diagnostic is one located problem. Line and Col are 1-based; zero means
// the problem concerns the whole file (or, with no Path, the whole run).
type Diagnostic struct {
	Path     string
	Line     int
	Col      int
	Msg      string
	Hint     string // e.g. `did you mean "hts"?`, shown in parentheses
	Severity Severity
}

func (d Diagnostic) String() string {
	s := d.Msg
	if d.Severity == Notice {
		s = "notice: " + s
	}
	if d.Hint != "" {
		s += " (" + d.Hint + ")"
	}
	switch {
	case d.Path == "":
		return s
	case d.Line <= 0:
		return d.Path + ": " + s
	case d.Col <= 0:
		return fmt.Sprintf("%s:%d: %s", d.Path, d.Line, s)
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.Path, d.Line, d.Col, s)
}

// List collects diagnostics. The zero value is ready to use. It is not safe
// for concurrent use; stages that work in parallel keep one List per worker
// and Merge them.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// errorCount is how many diagnostics are errors (not notices).
func (l List) errorCount() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Merge appends all of other.
func (l *List) Merge(other List) { *l = append(*l, other...) }

// Len is the number of diagnostics.
func (l List) Len() int { return len(l) }

// Sort orders the list errors first, then notices, each by path, line,
// column, then message, and drops exact duplicates (the same problem found
// twice by two routes).
func (l *List) Sort() {
	slices.SortStableFunc(*l, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Severity, b.Severity), strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Msg, b.Msg), strings.Compare(a.Hint, b.Hint))
	})
	*l = slices.Compact(*l)
}

// Error makes a List usable as an error: one diagnostic per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Print writes the sorted diagnostics one per line (errors, then
// notices), then a count: "2 errors", "3 notices", "2 errors, 3 notices".
func (l List) Print(w io.Writer) {
	l.Sort()
	for _, d := range l {
		fmt.Fprintln(w, d.String())
	}
	if c := l.Count(); c != "" {
		fmt.Fprintln(w, c)
	}
}

// Count says how many errors and notices the list holds: "1 error",
// "2 errors, 3 notices", "3 notices", or "" for none.
func (l List) Count() string {
	errs := l.errorCount()
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if n := len(l) - errs; n > 0 {
		parts = append(parts, plural(n, "notice"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Suggest returns the candidate closest to got by edit distance, if it is
// close enough to be a plausible typo, formatted as a hint; otherwise "".
func Suggest(got string, candidates []string) string {
	if best := Closest(got, candidates); best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return ""
}

// Closest is the candidate Suggest would suggest, or "": for a hint worded
// otherwise, or a check whether got is a typo of one.
func Closest(got string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := distance(strings.ToLower(got), strings.ToLower(c))
		if bestDist < 0 || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 {
		return ""
	}
	// Allow about one edit in three characters, and at least one.
	limit := max(1, (len([]rune(got))+2)/3)
	if bestDist > limit && !(len(got) >= 3 && strings.HasPrefix(strings.ToLower(best), strings.ToLower(got))) {
		return ""
	}
	return best
}

// distance is the optimal string alignment distance: Levenshtein plus
// transposition of two adjacent characters, the commonest typo.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		// Long strings are never typos of each other worth suggesting.
		if a == b {
			return 0
		}
		return 1 << 20
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
