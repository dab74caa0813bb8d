package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"briefing/generator/progress"
)

// fakeTerminal is standard error as a terminal: it records every byte,
// and the command is told it is a terminal.
type fakeTerminal struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (f *fakeTerminal) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.b.Write(p)
}

func (f *fakeTerminal) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.b.String()
}

// lines are the progress lines drawn, in order: what follows each
// erase-line sequence, up to the next (and after any line printed above).
func (f *fakeTerminal) lines() []string {
	var out []string
	for _, part := range strings.Split(f.String(), eraseLine)[1:] {
		if i := strings.LastIndexByte(part, '\n'); i >= 0 {
			part = part[i+1:]
		}
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

// until waits for the terminal to show want as its last progress line.
func (f *fakeTerminal) until(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(serveWait)
	for {
		l := f.lines()
		if len(l) > 0 && strings.HasPrefix(l[len(l)-1], want+" · ") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the terminal never showed %q:\n%q", want, f.String())
		}
		time.Sleep(time.Millisecond)
	}
}

// slowClock is a clock on which every reading is a second after the last:
// work shows progress at once.
func slowClock() func() time.Time {
	var n atomic.Int64
	base := time.Date(2024, 12, 6, 12, 0, 0, 0, time.UTC)
	return func() time.Time { return base.Add(time.Duration(n.Add(1)) * time.Second) }
}

var lineRE = regexp.MustCompile(`^([a-z]+)(?: ([0-9,]+)/([0-9,]+) ([a-z]+))? · [0-9]+\.[0-9] s$`)

type drawn struct {
	stage       string
	done, total int
}

func parseLines(t *testing.T, lines []string) []drawn {
	t.Helper()
	var out []drawn
	for _, l := range lines {
		m := lineRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("progress line %q is not 'stage [done/total unit] · seconds'", l)
		}
		d := drawn{stage: m[1]}
		if m[2] != "" {
			d.done, _ = strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
			d.total, _ = strconv.Atoi(strings.ReplaceAll(m[3], ",", ""))
		}
		out = append(out, d)
	}
	return out
}

var stageOrder = map[string]int{"starting": 0, "reading": 1, "parsing": 2, "resolving": 3, "rendering": 4, "writing": 5, "zipping": 5}

// inOrder fails unless the stages come in the order a build goes through
// them and each stage's count only rises.
func inOrder(t *testing.T, ds []drawn) {
	t.Helper()
	for i := 1; i < len(ds); i++ {
		a, b := ds[i-1], ds[i]
		if stageOrder[b.stage] < stageOrder[a.stage] {
			t.Errorf("%s after %s", b.stage, a.stage)
		}
		if a.stage == b.stage && a.total == b.total && b.done < a.done {
			t.Errorf("%s went back from %d to %d", a.stage, a.done, b.done)
		}
	}
}

// The progress writer against a fake terminal, the meter driven by hand:
// the stages in order, the counts rising, one line redrawn in place, a
// line printed meanwhile above it, and nothing left once it stops.
func TestProgressOnTerminal(t *testing.T) {
	term := &fakeTerminal{}
	c := &CLI{Stderr: term, Now: slowClock(), progressEvery: time.Millisecond}
	c.status = &statusWriter{w: term}
	m := &progress.Meter{}
	stop := c.progress(c.status, m)
	m.Stage(progress.Reading)
	term.until(t, "reading")
	m.Count(11300)
	for _, n := range []int{1000, 5000, 5300} {
		m.Add(n)
		term.until(t, m.Read().String()) // "reading 1,000/11,300 files"
	}
	m.Stage(progress.Parsing)
	m.Count(11300)
	m.Add(11300)
	term.until(t, "parsing 11,300/11,300 files")
	m.Stage(progress.Resolving)
	m.Count(11300)
	m.Add(6214)
	term.until(t, "resolving 6,214/11,300 files")
	io.WriteString(c.status, "a warning\n")
	if !strings.Contains(term.String(), eraseLine+"a warning\nresolving 6,214/11,300 files · ") {
		t.Errorf("a line printed during progress is not above the progress line:\n%q", term.String())
	}
	m.Stage(progress.Rendering)
	m.Count(11605)
	m.Then(progress.Writing)
	m.Add(6214)
	term.until(t, "rendering 6,214/11,605 pages")
	m.Add(5391)
	term.until(t, "writing")
	stop()
	out := term.String()
	if !strings.HasSuffix(out, eraseLine) {
		t.Errorf("the progress line is not erased at the end:\n%q", out)
	}
	if strings.Contains(out, "\n") && strings.Count(out, "\n") != 1 {
		t.Errorf("progress wrote lines of its own:\n%q", out)
	}
	ds := parseLines(t, term.lines())
	inOrder(t, ds)
	seen := map[string]bool{}
	for _, d := range ds {
		seen[d.stage] = true
	}
	for _, s := range []string{"reading", "parsing", "resolving", "rendering", "writing"} {
		if !seen[s] {
			t.Errorf("no %s line in %q", s, term.lines())
		}
	}
}

// Real commands on a fake terminal with a clock on which work is slow:
// build, check and zip show their stages in order, then only their
// summary; on anything but a terminal they print no progress at all.
func TestProgressOfCommands(t *testing.T) {
	for _, cmd := range []string{"build", "check", "zip"} {
		for _, tty := range []bool{true, false} {
			t.Run(cmd+"/terminal="+strconv.FormatBool(tty), func(t *testing.T) {
				src := serveSource(t, serveBriefing)
				args := []string{cmd, "--source", src}
				switch cmd {
				case "build":
					args = append(args, "--out", filepath.Join(t.TempDir(), "site"))
				case "zip":
					args = append(args, "--out", filepath.Join(t.TempDir(), "site.zip"))
				}
				term := &fakeTerminal{}
				var stdout bytes.Buffer
				c := &CLI{Stdout: &stdout, Stderr: term, Theme: repoTheme, Version: "test", Now: slowClock(), progressEvery: time.Millisecond,
					IsTerminal: func(w io.Writer) bool { return tty && w == term }}
				if code := c.Run(context.Background(), args); code != ExitOK {
					t.Fatalf("exit %d:\n%s", code, term)
				}
				if c.Stderr != term {
					t.Error("standard error not given back after the run")
				}
				summary := map[string]string{"build": "built ", "check": "ok: ", "zip": "wrote "}[cmd]
				if !strings.HasPrefix(stdout.String(), summary) || strings.Count(stdout.String(), "\n") != 1 {
					t.Errorf("summary: %q", stdout.String())
				}
				out := term.String()
				if !tty {
					if out != "" {
						t.Errorf("progress off a terminal: %q", out)
					}
					return
				}
				if !strings.HasSuffix(out, eraseLine) || strings.Contains(out, "\n") {
					t.Errorf("the terminal is left with more than an erased line:\n%q", out)
				}
				ds := parseLines(t, term.lines())
				if len(ds) == 0 {
					t.Fatalf("no progress shown: %q", out)
				}
				inOrder(t, ds)
				t.Logf("%d lines, from %q to %q", len(ds), term.lines()[0], term.lines()[len(ds)-1])
			})
		}
	}
}

// The first build of briefing serve shows progress on a terminal too, and
// the server's log line comes after it is erased, on a line of its own.
func TestServeProgressOnTerminal(t *testing.T) {
	src := serveSource(t, serveBriefing)
	term := &fakeTerminal{}
	stdout := &serveBuffer{}
	c := &CLI{Stdout: stdout, Stderr: term, Theme: repoTheme, Version: "test", Now: slowClock(), progressEvery: time.Millisecond,
		IsTerminal: func(w io.Writer) bool { return w == term }}
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- c.Run(ctx, []string{"serve", "--source", src, "--addr", "127.0.0.1:0"}) }()
	defer func() {
		cancel()
		if got := <-code; got != ExitOK {
			t.Errorf("exit %d", got)
		}
	}()
	deadline := time.Now().Add(serveWait)
	for !strings.Contains(term.String(), "built in ") {
		if time.Now().After(deadline) {
			t.Fatalf("no build logged:\n%q", term.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	out := term.String()
	i := strings.Index(out, "built in ")
	if !strings.HasSuffix(out[:i], eraseLine) {
		t.Errorf("the log line does not follow the erased progress line:\n%q", out)
	}
	before := &fakeTerminal{}
	before.Write([]byte(out[:i]))
	ds := parseLines(t, before.lines())
	if len(ds) == 0 {
		t.Fatalf("no progress during the first build:\n%q", out)
	}
	inOrder(t, ds)
}
