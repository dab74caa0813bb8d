package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// laterBriefing is the base briefing with a control row dated after its
// 6 December cutoff.
func laterBriefing(t *testing.T) string {
	t.Helper()
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	return overlay(t, base, &txtar.Archive{Files: []txtar.File{{Name: "content/cities/aleppo.md", Data: []byte(`---
name: Aleppo
coords: [36.217, 37.167]
control:
  - date: 2024-11-30
    faction: hts
    source: sohr
  - date: 2024-12-09
    faction: saa
    source: afp
---
Largest city of the north.
`)}}})
}

const laterNotice = "content/cities/aleppo.md:8:11: notice: control[1] is dated 2024-12-09, after the 6 December 2024 cutoff\n1 notice\n"

// TestNotices: check and build list an item dated after the cutoff as a
// notice, and still succeed.
func TestNotices(t *testing.T) {
	src := laterBriefing(t)
	code, stdout, stderr := run(t, "check", "--source", src)
	if code != ExitOK || stderr != laterNotice || !strings.Contains(stdout, "no errors, 1 notice") {
		t.Errorf("check: exit %d\nstdout %q\nstderr %q\nwant stderr %q", code, stdout, stderr, laterNotice)
	}
	out := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr = run(t, "build", "--source", src, "--out", out)
	if code != ExitOK || stderr != laterNotice || !strings.HasPrefix(stdout, "built ") {
		t.Errorf("build: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	// Notices come after the errors, counted together.
	bad := filepath.Join(src, "content", "cities", "hama.md")
	data, _ := os.ReadFile(bad)
	os.WriteFile(bad, []byte(strings.Replace(string(data), "faction: hts", "faction: hst", 1)), 0o644)
	code, _, stderr = run(t, "check", "--source", src)
	want := `content/cities/hama.md:14:14: unknown faction "hst" in control[1].faction (did you mean "hts"?)
content/cities/aleppo.md:8:11: notice: control[1] is dated 2024-12-09, after the 6 December 2024 cutoff
1 error, 1 notice
`
	if code != ExitContent || stderr != want {
		t.Errorf("check with an error: exit %d\n%s\nwant\n%s", code, stderr, want)
	}
}

// TestAsOfFlag: --as-of leaves the later row out (no notice), says so in
// the summary line, and a malformed date is wrong usage.
func TestAsOfFlag(t *testing.T) {
	src := laterBriefing(t)
	code, stdout, stderr := run(t, "check", "--source", src, "--as-of", "2024-12-06")
	if code != ExitOK || stderr != "" || !strings.Contains(stdout, "as of 6 December 2024 (1 later item left out), 2 claims, no problems") {
		t.Errorf("check --as-of: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr = run(t, "build", "--source", src, "--out", out, "--as-of", "2024-12-10")
	if code != ExitOK || stderr != "" || !strings.Contains(stdout, "as of 10 December 2024 in") {
		t.Errorf("build --as-of: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(filepath.Join(out, "briefing.json"))
	if err != nil || !strings.Contains(string(data), `"as_of":"2024-12-10"`) || !strings.Contains(string(data), `"key":"cities/aleppo","name":"Aleppo","url":"cities/aleppo/","coords":[36.217,37.167],"controlled_by":"factions/saa"`) {
		t.Errorf("briefing.json as of 10 December: %v\n%.600s", err, data)
	}
	for _, cmd := range []string{"build", "check", "zip", "serve"} {
		for _, bad := range []string{"6 Dec 2024", "2024-02-30", "yesterday"} {
			code, _, stderr := run(t, cmd, "--source", src, "--as-of", bad)
			if code != ExitUsage || !strings.Contains(stderr, "--as-of must be a date (YYYY-MM-DD), got "+`"`+bad+`"`) {
				t.Errorf("%s --as-of %q: exit %d\n%s", cmd, bad, code, stderr)
			}
		}
	}
	code, _, stderr = run(t, "build", "--source", src, "--previous", filepath.Join(src, "nothing.json"))
	if code != ExitUsage || !strings.Contains(stderr, "nothing.json: no such file or folder") {
		t.Errorf("--previous of a missing file: exit %d\n%s", code, stderr)
	}
	code, _, stderr = run(t, "build", "--source", src, "--previous", filepath.Join(src, "site.yaml"))
	if code != ExitContent || !strings.Contains(stderr, "not a briefing.json") {
		t.Errorf("--previous of a file that is not an edition: exit %d\n%s", code, stderr)
	}
}

// TestAsOfZeroDate: --as-of 0001-01-01 is wrong usage. It is Go's zero
// time, which every stage reads as no --as-of at all: the briefing would
// be built as written, nothing left out, and the summary would not say so.
func TestAsOfZeroDate(t *testing.T) {
	src := laterBriefing(t)
	for _, cmd := range []string{"build", "check", "zip", "serve"} {
		// serve would serve until stopped if the date were taken.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		var out, errb bytes.Buffer
		c := &CLI{Stdout: &out, Stderr: &errb, Theme: repoTheme, Version: "test"}
		args := []string{cmd, "--source", src, "--as-of", "0001-01-01"}
		if cmd == "serve" {
			args = append(args, "--addr", "127.0.0.1:0")
		}
		code := c.Run(ctx, args)
		cancel()
		stdout, stderr := out.String(), errb.String()
		want := "briefing " + cmd + ": --as-of cannot be 0001-01-01, which reads as no date (the earliest date is 0001-01-02)\n"
		if code != ExitUsage || stderr != want || stdout != "" {
			t.Errorf("%s --as-of 0001-01-01: exit %d\nstdout %q\nstderr %q\nwant   %q", cmd, code, stdout, stderr, want)
		}
	}
	// The day after is a date like any other: everything is later.
	code, stdout, _ := run(t, "check", "--source", src, "--as-of", "0001-01-02")
	if code != ExitOK || !strings.Contains(stdout, "as of 2 January 0001 (") {
		t.Errorf("check --as-of 0001-01-02: exit %d\n%s", code, stdout)
	}
}
