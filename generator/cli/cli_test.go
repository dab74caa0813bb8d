package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
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
	afile := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(afile, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		in   string // expected in stdout+stderr
	}{
		{nil, ExitUsage, "Usage:"},
		{[]string{"bulid"}, ExitUsage, `unknown command "bulid" (did you mean "build"?)`},
		{[]string{"build", "--nope"}, ExitUsage, "briefing build: flag provided but not defined: --nope\n"},
		{[]string{"build", "--baseurl", "x"}, ExitUsage, "briefing build: flag provided but not defined: --baseurl (did you mean --base-url?)"},
		{[]string{"serve", "-port=1"}, ExitUsage, "briefing serve: flag provided but not defined: --port (did you mean --addr?)"},
		{[]string{"build", "-d", "x"}, ExitUsage, "briefing build: flag provided but not defined: --d (did you mean --out?)"},
		{[]string{"serve", "--Port", "1"}, ExitUsage, "briefing serve: flag provided but not defined: --Port (did you mean --addr?)"},
		{[]string{"build", "--port", "1"}, ExitUsage, "briefing build: flag provided but not defined: --port\n"},
		{[]string{"build", "--baseURL", "x"}, ExitUsage, "(did you mean --base-url?)"},
		{[]string{"zip", "--ouput", "x"}, ExitUsage, "(did you mean --out?)"},
		{[]string{"zip", "--out"}, ExitUsage, "briefing zip: flag needs an argument: --out"},
		{[]string{"build", "--help"}, ExitOK, "--base-url"},
		{[]string{"check", "-h"}, ExitOK, "Usage: briefing check"},
		{[]string{"check", "--source", filepath.Join(dir, "missing")}, ExitUsage, "no such folder"},
		{[]string{"check", "extra"}, ExitUsage, `unexpected argument "extra"`},
		{[]string{"check", "--source", afile}, ExitUsage, "is a file, not a folder"},
		{[]string{"build", "--source", dir, "--as-of", ""}, ExitUsage, "briefing build: --as-of is empty"},
		{[]string{"zip", "--source", dir, "--out="}, ExitUsage, "briefing zip: --out is empty"},
		{[]string{"check", "--source", ""}, ExitUsage, "briefing check: --source is empty"},
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

// TestHelpSpellsFlags checks that each command's help spells its flags as
// its usage line and the README do, --base-url, never -base-url, and
// names their values alike (issue 16).
func TestHelpSpellsFlags(t *testing.T) {
	oneDash := regexp.MustCompile(`(?m)^\s+-[a-z]`)
	value := regexp.MustCompile(`--([a-z-]+) ([A-Z]+)\]`)
	for _, cmd := range []string{"build", "serve", "zip", "check"} {
		code, out, errs := run(t, cmd, "--help")
		help := out + errs
		if code != ExitOK || !strings.Contains(help, "Usage: briefing "+cmd) {
			t.Fatalf("%s --help: exit %d\n%s", cmd, code, help)
		}
		if m := oneDash.FindString(help); m != "" {
			t.Errorf("%s --help spells a flag with one dash: %q\n%s", cmd, m, help)
		}
		usage := help[:strings.Index(help, "\n")]
		for _, m := range value.FindAllStringSubmatch(usage, -1) {
			if !strings.Contains(help, "\n  --"+m[1]+" "+m[2]+"\n") {
				t.Errorf("%s --help: the usage line has --%s %s, the flags do not:\n%s", cmd, m[1], m[2], help)
			}
		}
	}
}

// TestPlaceholderNotice checks that building or zipping with the
// placeholder base_url of the shipped site.yaml says so in one line,
// and that serve's and check's output, and a build with --base-url or a
// real base_url, do not (issue 16).
func TestPlaceholderNotice(t *testing.T) {
	base, _ := txtar.ParseFile("testdata/base.txtar")
	var site []byte
	for _, f := range base.Files {
		if f.Name == "site.yaml" {
			site = f.Data
		}
	}
	placeholder := overlay(t, base, &txtar.Archive{Files: []txtar.File{{Name: "site.yaml",
		Data: []byte(strings.Replace(string(site), "https://example.org/test/", "https://example.github.io/hama-briefing/", 1))}}})
	real := overlay(t, base, &txtar.Archive{})
	const notice = "notice: base_url https://example.github.io/hama-briefing/ in site.yaml is a placeholder"
	out := t.TempDir()
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"build", "--source", placeholder, "--out", filepath.Join(out, "a")}, true},
		{[]string{"zip", "--source", placeholder, "--out", filepath.Join(out, "a.zip")}, true},
		{[]string{"build", "--source", placeholder, "--out", filepath.Join(out, "b"), "--base-url", "https://me.github.io/hama/"}, false},
		{[]string{"check", "--source", placeholder}, false},
		{[]string{"build", "--source", real, "--out", filepath.Join(out, "c")}, false},
	} {
		code, _, errs := run(t, tc.args...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d\n%s", tc.args, code, errs)
		}
		if got := strings.Contains(errs, notice); got != tc.want {
			t.Errorf("%v: notice %v, want %v:\n%s", tc.args, got, tc.want, errs)
		}
		if tc.want && strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: the notice is not one line:\n%s", tc.args, errs)
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
	// A build or zip that fails leaves no folder it made on the way to
	// its output either; one that succeeds makes them.
	top := t.TempDir()
	for _, args := range [][]string{
		{"build", "--source", dir, "--out", filepath.Join(top, "new", "deep", "site")},
		{"zip", "--source", dir, "--out", filepath.Join(top, "new", "deep", "b.zip")},
	} {
		if code, _, errs := run(t, args...); code != ExitContent {
			t.Fatalf("%v: exit %d\n%s", args, code, errs)
		}
		if entries, _ := os.ReadDir(top); len(entries) != 0 {
			t.Errorf("%v failed, and left %v", args, entries)
		}
	}
	if err := os.WriteFile(bad, []byte("---\nname: Hama\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "zip", "--source", dir, "--out", filepath.Join(top, "new", "deep", "b.zip")); code != 0 {
		t.Fatalf("zip into new folders: exit %d\n%s", code, errs)
	}
	if entries, _ := os.ReadDir(filepath.Join(top, "new", "deep")); len(entries) != 1 || entries[0].Name() != "b.zip" {
		t.Errorf("beside the zip: %v", entries)
	}
}

// TestDevelopmentBuild: a binary with no version (go run) says so in
// words, and its pages' footer names Briefing without a made-up version.
func TestDevelopmentBuild(t *testing.T) {
	var out, errb bytes.Buffer
	c := &CLI{Stdout: &out, Stderr: &errb, Theme: repoTheme}
	if code := c.Run(context.Background(), []string{"version"}); code != ExitOK || out.String() != "briefing (development build)\n" {
		t.Errorf("version: exit %d, %q", code, out.String())
	}
	site := filepath.Join(t.TempDir(), "site")
	if code := c.Run(context.Background(), []string{"build", "--source", "../..", "--out", site}); code != ExitOK {
		t.Fatalf("build: exit %d\n%s", code, errb.String())
	}
	page, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Built with Briefing. Map outlines") {
		t.Errorf("the footer does not read \"Built with Briefing.\":\n%s", page[bytes.Index(page, []byte("<footer")):])
	}
	mark, err := os.ReadFile(filepath.Join(site, ".briefing-site"))
	if err != nil || !strings.Contains(string(mark), "\n# Written by briefing (development build), which") {
		t.Errorf("the site's mark does not name a development build: %v\n%.200s", err, mark)
	}
}
