package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/diag/*.txtar")

// repoTheme is the theme as main embeds it: the repository root holds
// templates/ and static/.
var repoTheme = os.DirFS("../..")

// overlay writes the base briefing with a case's files on top into a
// temporary folder and returns it.
func overlay(t *testing.T, base, c *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{}
	for _, f := range base.Files {
		files[f.Name] = f.Data
	}
	for _, f := range c.Files {
		switch {
		case strings.HasPrefix(f.Name, "want."):
		case f.Name == "delete":
			for _, name := range strings.Fields(string(f.Data)) {
				delete(files, name)
			}
		default:
			files[f.Name] = f.Data
		}
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &CLI{Stdout: &out, Stderr: &errb, Theme: repoTheme, Version: "test"}
	code = c.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// TestDiagnostics runs "briefing check" on each broken briefing in
// testdata/diag and compares stderr and the exit status with the case's
// want.stderr and want.exit sections. Run with -update to rewrite them.
func TestDiagnostics(t *testing.T) {
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/diag/*.txtar")
	if len(files) < 10 {
		t.Fatalf("found %d diagnostic cases, want at least 10", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			c, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := overlay(t, base, c)
			code, _, stderr := run(t, "check", "--source", dir)
			stderr = strings.ReplaceAll(stderr, dir, "$SRC")
			wantErr, wantCode := "", -1
			for _, f := range c.Files {
				switch f.Name {
				case "want.stderr":
					wantErr = string(f.Data)
				case "want.exit":
					wantCode, _ = strconv.Atoi(strings.TrimSpace(string(f.Data)))
				}
			}
			if *update {
				setSection(c, "want.stderr", stderr)
				setSection(c, "want.exit", strconv.Itoa(code)+"\n")
				if err := os.WriteFile(file, txtar.Format(c), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if stderr != wantErr {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
			}
			if code != wantCode {
				t.Errorf("exit status %d, want %d", code, wantCode)
			}
		})
	}
}

func setSection(a *txtar.Archive, name, data string) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = []byte(data)
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: []byte(data)})
}

func TestBaseBriefingIsValid(t *testing.T) {
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := overlay(t, base, &txtar.Archive{})
	code, stdout, stderr := run(t, "check", "--source", dir)
	if code != 0 || stderr != "" {
		t.Fatalf("check of the base briefing: exit %d\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "ok: 8 content files, 2 claims, no problems") {
		t.Errorf("stdout = %q", stdout)
	}
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		in   string // expected in stdout+stderr
	}{
		{nil, ExitUsage, "Usage:"},
		{[]string{"bulid"}, ExitUsage, `unknown command "bulid" (did you mean "build"?)`},
		{[]string{"build", "--nope"}, ExitUsage, "flag provided but not defined: -nope"},
		{[]string{"build", "--help"}, ExitOK, "--base-url"},
		{[]string{"check", "-h"}, ExitOK, "Usage: briefing check"},
		{[]string{"check", "--source", filepath.Join(dir, "missing")}, ExitUsage, "no such folder"},
		{[]string{"check", "extra"}, ExitUsage, `unexpected argument "extra"`},
		{[]string{"build", "--source", dir, "--base-url", "ftp://x/"}, ExitUsage, "--base-url must be an absolute http or https URL"},
		{[]string{"build", "--source", dir, "--out", dir}, ExitUsage, ": it is the source folder"},
		{[]string{"check", "--source", dir}, ExitContent, "site.yaml: not found"},
		{[]string{"version"}, ExitOK, "briefing test"},
		{[]string{"help"}, ExitOK, "briefing build"},
	} {
		code, out, errs := run(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.in) {
			t.Errorf("briefing %s: exit %d, output:\n%s%s\nwant exit %d and %q", strings.Join(tc.args, " "), code, out, errs, tc.code, tc.in)
		}
	}
}

// TestFailedBuildKeepsPreviousSite builds a good site, breaks a file,
// builds again and checks the first site is still there byte for byte.
func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	base, _ := txtar.ParseFile("testdata/base.txtar")
	dir := overlay(t, base, &txtar.Archive{})
	out := filepath.Join(t.TempDir(), "site")
	if code, _, errs := run(t, "build", "--source", dir, "--out", out); code != 0 {
		t.Fatalf("first build: %d %s", code, errs)
	}
	before, err := os.ReadFile(filepath.Join(out, "cities", "hama", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "content", "cities", "hama.md")
	if err := os.WriteFile(bad, []byte("---\nname: [unclosed\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "build", "--source", dir, "--out", out)
	if code != ExitContent || !strings.Contains(errs, "content/cities/hama.md:") || !strings.Contains(errs, "left untouched") {
		t.Fatalf("broken build: exit %d\n%s", code, errs)
	}
	after, err := os.ReadFile(filepath.Join(out, "cities", "hama", "index.html"))
	if err != nil || !bytes.Equal(before, after) {
		t.Fatalf("previous site changed after a failed build (err %v)", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("stray files beside the output: %v", entries)
	}
}
