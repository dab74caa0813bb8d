// Package progress is how long work says where it is: the stage it is in
// (reading, parsing, resolving, rendering, writing, zipping) and, within a stage,
// how many of how many items are done. The work updates a Meter with
// atomic operations only, so counting costs nothing measurable; whoever
// shows progress (a terminal line, the preview's waiting page) reads it
// on a timer of its own. A nil *Meter counts nothing: work that nobody
// watches passes nil.
package progress

import (
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Stage is a step of a build.
type Stage uint8

// The stages, in the order a build goes through them.
const (
	None Stage = iota
	Reading
	Parsing
	Resolving
	Rendering
	Writing
	Zipping
)

var names = [...]string{"", "reading", "parsing", "resolving", "rendering", "writing", "zipping"}

// String is the stage's name as shown: "rendering".
func (s Stage) String() string {
	if int(s) < len(names) {
		return names[s]
	}
	return "stage " + strconv.Itoa(int(s))
}

// Unit is what the stage counts, in the plural: "pages".
func (s Stage) Unit() string {
	switch s {
	case Reading, Parsing, Resolving:
		return "files"
	case Rendering, Zipping:
		return "pages"
	}
	return "items"
}

// Meter is the progress of one piece of work at a time. Its methods are
// safe for concurrent use and do nothing on a nil *Meter.
type Meter struct {
	cur atomic.Pointer[phase]
}

// phase is one stage: swapped whole, so that a reader never sees one
// stage's name with another's counts.
type phase struct {
	stage Stage
	next  atomic.Uint32 // a Stage shown once the count is complete; 0 for none
	total atomic.Int64
	done  atomic.Int64
}

// Stage starts stage s, not counted until Count says how much there is.
func (m *Meter) Stage(s Stage) {
	if m == nil {
		return
	}
	m.cur.Store(&phase{stage: s})
}

// now is the current stage; nil before the first, and on a nil Meter.
func (m *Meter) now() *phase {
	if m == nil {
		return nil
	}
	return m.cur.Load()
}

// Count says the current stage has total items to do, none done yet.
func (m *Meter) Count(total int) {
	if p := m.now(); p != nil {
		p.done.Store(0)
		p.total.Store(int64(total))
	}
}

// Add counts n more items done in the current stage.
func (m *Meter) Add(n int) {
	if p := m.now(); p != nil {
		p.done.Add(int64(n))
	}
}

// Then names the stage the work is in once the current stage's count is
// complete: the pages of a build are rendered and written as one walk,
// after which the site is put in place ("writing").
func (m *Meter) Then(s Stage) {
	if p := m.now(); p != nil {
		p.next.Store(uint32(s))
	}
}

// Status is what a Meter says at one moment.
type Status struct {
	Stage       Stage
	Done, Total int // Total 0: not counted
}

// Read says where the work is; the zero Status before any stage.
func (m *Meter) Read() Status {
	p := m.now()
	if p == nil {
		return Status{}
	}
	r := Status{Stage: p.stage, Done: int(p.done.Load()), Total: int(p.total.Load())}
	if next := Stage(p.next.Load()); next != None && r.Total > 0 && r.Done >= r.Total {
		return Status{Stage: next}
	}
	r.Done = min(r.Done, r.Total)
	return r
}

// String is the status as one line shows it: "rendering 6,214/11,310
// pages", or the stage alone when it is not counted.
func (r Status) String() string {
	s := r.Stage.String()
	if r.Total > 0 {
		s += " " + thousands(r.Done) + "/" + thousands(r.Total) + " " + r.Stage.Unit()
	}
	return s
}

// Took is how long work took, as summary and log lines write it: "850
// ms", "2.14 s".
func Took(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// thousands writes n with a comma between groups of three digits.
func thousands(n int) string { return english.Sprint(n) }

var english = message.NewPrinter(language.English)
