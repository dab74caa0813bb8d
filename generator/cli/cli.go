// Package cli is the command line: it parses commands and flags, runs a
// build, check, zip or serve, prints diagnostics and the summary line, and
// returns the exit status (0 ok, 1 content errors, 2 wrong usage). Its
// side effects are fields, set in main and replaced in tests.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"briefing/generator/build"
	"briefing/generator/changes"
	"briefing/generator/config"
	"briefing/generator/cutoff"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/progress"
	"briefing/generator/render"
	"briefing/generator/srcfile"
	"briefing/generator/write"
)

// Exit statuses. An interrupted build or zip (Ctrl-C, SIGTERM) exits as
// shells report a command ended by SIGINT, so a script can tell "stopped"
// from "the content is wrong".
const (
	ExitOK          = 0
	ExitContent     = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// CLI holds what the commands need from the outside world.
type CLI struct {
	Stdout, Stderr io.Writer
	Theme          fs.FS  // embedded templates/ and static/
	Version        string // "v0.1.0", or "" for a development build
	// IsTerminal reports whether w is an interactive terminal (progress is
	// shown only there); nil means none is.
	IsTerminal func(w io.Writer) bool
	// Now is the clock for the summary line's timing.
	Now func() time.Time

	// status is Stderr during Run when it is a terminal, with the
	// progress line (progress.go); nil otherwise.
	status *statusWriter
	// progressEvery replaces how often the progress line is redrawn
	// (tests); 0 is the default.
	progressEvery time.Duration
}

const usage = `Briefing turns a folder of Markdown fact sheets and articles into a linked briefing site.

Usage:
  briefing build [--source DIR] [--out DIR] [--base-url URL]   write the site (default out: DIR/public)
  briefing serve [--source DIR] [--addr 127.0.0.1:8080]        preview, watch, rebuild, live reload
  briefing zip   [--source DIR] [--out FILE]                   offline archive (default: DIR/<slug of title>.zip)
  briefing check [--source DIR]                                validate only; write nothing
  briefing diff  OLD NEW                                       what changed between two editions' briefing.json
  briefing version

Run "briefing COMMAND --help" for a command's flags.
Exit status: 0 success, 1 content errors, 2 wrong usage.
`

// Run runs one command line (without the program name) and returns the
// exit status.
func (c *CLI) Run(ctx context.Context, args []string) int {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.IsTerminal != nil && c.IsTerminal(c.Stderr) {
		// Everything written to standard error goes above the progress
		// line, whoever writes it.
		stderr := c.Stderr
		c.status = &statusWriter{w: stderr}
		c.Stderr = c.status
		defer func() { c.Stderr, c.status = stderr, nil }()
	}
	if len(args) == 0 {
		fmt.Fprint(c.Stderr, usage)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return c.build(ctx, rest)
	case "check":
		return c.check(rest)
	case "zip":
		return c.zip(ctx, rest)
	case "serve":
		return c.serve(ctx, rest)
	case "diff":
		return c.diff(rest)
	case "version", "--version", "-version":
		fmt.Fprintln(c.Stdout, c.generator())
		return ExitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(c.Stdout, usage)
		return ExitOK
	}
	hint := diag.Suggest(cmd, []string{"build", "serve", "zip", "check", "diff", "version"})
	if hint != "" {
		hint = " (" + hint + ")"
	}
	fmt.Fprintf(c.Stderr, "briefing: unknown command %q%s\n\n%s", cmd, hint, usage)
	return ExitUsage
}

// flags is a command's flag set with the shared --source flag.
type flags struct {
	*flag.FlagSet
	source *string
	// asOf and previous are set by the commands that take --as-of and
	// --previous.
	asOf, previous *string
	// Their values, once parse has checked them.
	date    fields.Date
	edition *changes.Edition
}

// withAsOf adds --as-of.
func (f *flags) withAsOf() *flags {
	f.asOf = f.String("as-of", "", "build the briefing as it stood on `DATE` (YYYY-MM-DD): what is dated later is left out everywhere (default: site.yaml's as_of, later items kept and marked)")
	return f
}

// withPrevious adds --previous.
func (f *flags) withPrevious() *flags {
	f.previous = f.String("previous", "", "an earlier edition `FILE` (its briefing.json, its built folder or its zip): adds a What changed page (changes/) and the edition's entry to the feed")
	return f
}

func (c *CLI) newFlags(name, synopsis string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package writes its errors and defaults with one dash;
	// they are written here, with two, as the usage line and the README
	// spell them.
	fs.SetOutput(io.Discard)
	f := &flags{FlagSet: fs, source: fs.String("source", ".", "the briefing's source folder `DIR` (holding site.yaml and content/)")}
	fs.Usage = func() {
		fmt.Fprintf(c.Stderr, "Usage: briefing %s\n\nFlags:\n", synopsis)
		printDefaults(c.Stderr, fs)
	}
	return f
}

// printDefaults is flag.PrintDefaults with flags spelt --name.
func printDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(fl *flag.Flag) {
		name, usage := flag.UnquoteUsage(fl)
		line := "  --" + fl.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		if fl.DefValue != "" && fl.DefValue != "false" {
			line += fmt.Sprintf(" (default %q)", fl.DefValue)
		}
		fmt.Fprintln(w, line)
	})
}

// twoDashes spells the flags a flag package error names as the usage
// line does: "flag provided but not defined: --nope".
func twoDashes(msg string) string {
	for _, p := range []string{": -", "flag -"} {
		msg = strings.ReplaceAll(msg, p, p[:len(p)-1]+"--")
	}
	return msg
}

// otherToolsFlags are flags of other site generators (Hugo's, mostly)
// that a user may type (lower-cased), by the flag of Briefing's that does
// their job: spelling alone would take --port for --poll, or for --out
// where there is no --addr.
var otherToolsFlags = map[string]string{
	"port": "addr", "bind": "addr", "host": "addr",
	"baseurl": "base-url", "b": "base-url",
	"destination": "out", "d": "out", "output": "out", "o": "out",
	"s": "source", "src": "source",
}

// parse parses args; it returns a status and false when the command
// should stop (help shown, or a usage error).
func (c *CLI) parse(f *flags, args []string) (int, bool) {
	usage := f.Usage
	f.Usage = func() {} // called by Parse; shown below, after the error
	err := f.Parse(args)
	f.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			f.Usage()
			return ExitOK, false
		}
		msg := twoDashes(err.Error())
		// A misspelt flag gets the closest one, as a misspelt command
		// or front-matter key does.
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
			name = strings.TrimPrefix(name, "-")
			var names []string
			f.VisitAll(func(fl *flag.Flag) { names = append(names, fl.Name) })
			best, ok := otherToolsFlags[strings.ToLower(name)]
			switch {
			case ok && f.Lookup(best) == nil:
				best = "" // this command has nothing doing that job
			case !ok:
				best = diag.Closest(name, names)
			}
			if best != "" {
				msg += " (did you mean --" + best + "?)"
			}
		}
		fmt.Fprintf(c.Stderr, "briefing %s: %s\n", f.Name(), msg)
		f.Usage()
		return ExitUsage, false
	}
	if f.NArg() > 0 {
		fmt.Fprintf(c.Stderr, "briefing %s: unexpected argument %q\n", f.Name(), f.Arg(0))
		f.Usage()
		return ExitUsage, false
	}
	// A flag given an empty value ("--as-of $DATE" with DATE unset) is a
	// mistake, not the flag left out: the default would be used unasked.
	empty := ""
	f.Visit(func(fl *flag.Flag) {
		if empty == "" && fl.Value.String() == "" {
			empty = fl.Name
		}
	})
	if empty != "" {
		fmt.Fprintf(c.Stderr, "briefing %s: --%s is empty: give it a value, or leave it out\n", f.Name(), empty)
		return ExitUsage, false
	}
	info, err := os.Stat(*f.source)
	switch {
	case err != nil:
		fmt.Fprintf(c.Stderr, "briefing %s: --source %s: no such folder\n", f.Name(), *f.source)
		return ExitUsage, false
	case !info.IsDir():
		fmt.Fprintf(c.Stderr, "briefing %s: --source %s: is a file, not a folder (the folder holding site.yaml and content/)\n", f.Name(), *f.source)
		return ExitUsage, false
	}
	if f.asOf != nil && *f.asOf != "" {
		d, err := fields.ParseDate(*f.asOf)
		switch {
		case errors.Is(err, fields.ErrZeroDate):
			fmt.Fprintf(c.Stderr, "briefing %s: --as-of %v (%s)\n", f.Name(), err, fields.ZeroDateHint)
			return ExitUsage, false
		case err != nil:
			fmt.Fprintf(c.Stderr, "briefing %s: --as-of must be a date (YYYY-MM-DD), got %q\n", f.Name(), *f.asOf)
			return ExitUsage, false
		}
		f.date = d
	}
	if f.previous != nil && *f.previous != "" {
		e, err := changes.Read(*f.previous)
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(c.Stderr, "briefing %s: --previous %s: no such file or folder\n", f.Name(), *f.previous)
			return ExitUsage, false
		}
		if err != nil {
			c.printErrors("briefing "+f.Name()+": --previous: ", err)
			return ExitContent, false
		}
		f.edition = e
	}
	return 0, true
}

// printErrors prints each of err's errors (changes.Read joins one per bad
// date of an edition) on its own line, after prefix.
func (c *CLI) printErrors(prefix string, err error) {
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	for _, err := range list {
		fmt.Fprintf(c.Stderr, "%s%v\n", prefix, err)
	}
}

// printResult prints a finished build's problems: its errors, then its
// notices (items dated after the cutoff), with their count. A build with
// notices only has succeeded.
func (c *CLI) printResult(res *build.Result, errs diag.List) {
	append(append(diag.List(nil), errs...), res.Notices...).Print(c.Stderr)
}

// edition says which edition a summary line is about: "" for the
// briefing as written, " as of 1 December 2024 (3 later items left out)"
// for --as-of.
func edition(res *build.Result, f *flags) string {
	if f.date.IsZero() {
		return ""
	}
	s := " as of " + cutoff.Text(f.date)
	switch res.LeftOut {
	case 0:
	case 1:
		s += " (1 later item left out)"
	default:
		s += fmt.Sprintf(" (%d later items left out)", res.LeftOut)
	}
	return s
}

// options are the build options of a command: f's --as-of and --previous
// when it has them.
func (c *CLI) options(baseURL string, fileLinks bool, f *flags) build.Options {
	return build.Options{Theme: c.Theme, BaseURL: baseURL, FileLinks: fileLinks, Version: c.Version, AsOf: f.date, Previous: f.edition}
}

// limitMemory sets the soft memory limit a build or zip keeps below:
// seven times the bytes of the content files, and at least 128 MiB. A
// build holds about five times its content at its peak (every body as
// HTML and as plain text, the mentions, the search index), so the limit
// is reached only near that peak and leaves the collector room in
// proportion: the 10,000-article corpus (41 MB) peaks at about 300 MB
// instead of 475 with no limit, the 100,000-article one (411 MB) at
// about 3 GB, with 30 collections instead of 51 under a limit of 5.5
// times the content and 64 MiB. A briefing whose live data outgrows the
// limit only collects more often: the limit is soft. GOGC or GOMEMLIMIT
// in the environment leave the collector alone. The content is sized by
// walking content/ (a stat a file) alongside the build: the build itself
// takes no memory policy.
func limitMemory(source string) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var n int64
	filepath.WalkDir(filepath.Join(source, srcfile.ContentDir), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	debug.SetMemoryLimit(max(128<<20, 7*n))
}

func (c *CLI) build(ctx context.Context, args []string) int {
	f := c.newFlags("build", "build [--source DIR] [--out DIR] [--base-url URL] [--as-of DATE] [--previous FILE]").withAsOf().withPrevious()
	out := f.String("out", "", "output folder `DIR` (default: SOURCE/public)")
	baseURL := f.String("base-url", "", "absolute `URL` the site is published at, overriding site.yaml's base_url")
	if code, ok := c.parse(f, args); !ok {
		return code
	}
	base := ""
	if *baseURL != "" {
		b, ok := config.CheckBaseURL(*baseURL)
		if !ok {
			fmt.Fprintf(c.Stderr, "briefing build: --base-url must be an absolute http or https URL, got %q\n", *baseURL)
			return ExitUsage
		}
		base = b
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(*f.source, "public")
	}
	start := c.Now()
	// The output is checked and locked before the build: a refusal comes
	// at once, and no other build writes it until this one is done.
	o, err := write.Open(ctx, dir, c.outputOptions("build", *f.source))
	if err != nil && ctx.Err() != nil {
		fmt.Fprintf(c.Stderr, "build interrupted: %s left untouched\n", dir)
		return ExitInterrupted
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "briefing build: --out %s: %v\n", dir, err)
		return ExitUsage
	}
	defer o.Close()
	res, meter, stop, code := c.buildToWrite(ctx, f, c.options(base, false, f), "build", dir+" left untouched")
	if code != ExitOK {
		return code
	}
	// The pages are rendered as they are written; then the site is put
	// in place.
	meter.Stage(progress.Rendering)
	meter.Then(progress.Writing)
	st, err := o.Write(untilDone{ctx, res.Tree})
	stop()
	if err != nil && ctx.Err() != nil {
		fmt.Fprintf(c.Stderr, "build interrupted: %s left untouched\n", dir)
		return ExitInterrupted
	}
	if c.pageFailed(res, err, "build", dir+" left untouched") {
		return ExitContent
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "briefing build: writing %s: %v\n", dir, err)
		var refused *write.Refused
		if errors.As(err, &refused) {
			return ExitUsage
		}
		return ExitContent
	}
	c.printResult(res, nil)
	if base == "" {
		c.placeholderNotice(res.Site, "build with --base-url URL")
	}
	fmt.Fprintf(c.Stdout, "built %d pages (%d files, %s) from %d content files%s in %s → %s\n",
		res.Tree.Pages(), st.Files, size(st.Bytes), res.Docs, edition(res, f), progress.Took(c.Now().Sub(start)), dir)
	return ExitOK
}

// buildToWrite builds the site that command cmd (build, zip) writes,
// with its progress shown on the terminal until stop. When there is
// nothing to write, content errors or Ctrl-C during the build (which
// cannot be cut short), it says so, and what was left ("build failed:
// public left untouched"), and code is the exit status.
func (c *CLI) buildToWrite(ctx context.Context, f *flags, opts build.Options, cmd, left string) (res *build.Result, meter *progress.Meter, stop func(), code int) {
	meter = &progress.Meter{}
	stop = c.progress(c.status, meter)
	// Sizing the content is a stat a file (0.1 s at 10,000 articles);
	// the build starts alongside it, as the limit matters only once the
	// heap is hundreds of megabytes. It is waited for, so that no walk
	// of the source outlives the command.
	sized := make(chan struct{})
	go func() {
		defer close(sized)
		limitMemory(*f.source)
	}()
	opts.Progress = meter
	res, diags := build.Build(sourceFS(*f.source, false), opts)
	<-sized
	switch {
	case len(diags) > 0:
		stop()
		c.printResult(res, diags)
		fmt.Fprintf(c.Stderr, "%s failed: %s\n", cmd, left)
		return nil, nil, nil, ExitContent
	case ctx.Err() != nil:
		stop()
		fmt.Fprintf(c.Stderr, "%s interrupted: %s\n", cmd, left)
		return nil, nil, nil, ExitInterrupted
	}
	return res, meter, stop, ExitOK
}

// pageFailed reports a template that failed on a page as the site was
// written (render.PageError), located as any template problem is, and
// what was left; false when err is no such failure.
func (c *CLI) pageFailed(res *build.Result, err error, cmd, left string) bool {
	var pe *render.PageError
	if !errors.As(err, &pe) {
		return false
	}
	c.printResult(res, diag.List{pe.Located()})
	fmt.Fprintf(c.Stderr, "%s failed: %s\n", cmd, left)
	return true
}

// placeholderNotice says, in one line, that a site built for publication
// points its feed, sitemap and canonical links at a placeholder address
// (the shipped site.yaml's): how to give the real one is fix.
func (c *CLI) placeholderNotice(site *config.Site, fix string) {
	if site != nil && config.Placeholder(site.BaseURL) {
		fmt.Fprintf(c.Stderr, "notice: base_url %s in site.yaml is a placeholder: the feed, sitemap and canonical links point there (set base_url, or %s)\n", site.BaseURL, fix)
	}
}

func (c *CLI) check(args []string) int {
	f := c.newFlags("check", "check [--source DIR] [--as-of DATE]").withAsOf()
	if code, ok := c.parse(f, args); !ok {
		return code
	}
	start := c.Now()
	meter := &progress.Meter{}
	stop := c.progress(c.status, meter)
	opts := c.options("", false, f)
	opts.Progress = meter
	res, diags := build.Check(sourceFS(*f.source, true), opts)
	stop()
	c.printResult(res, diags)
	if len(diags) > 0 {
		return ExitContent
	}
	claims := 0
	if res.Briefing != nil {
		claims = len(res.Briefing.Claims)
	}
	problems := "no problems"
	if n := len(res.Notices); n > 0 {
		problems = "no errors, " + res.Notices.Count()
	}
	fmt.Fprintf(c.Stdout, "ok: %d content files%s, %d claims, %s (%s)\n", res.Docs, edition(res, f), claims, problems, progress.Took(c.Now().Sub(start)))
	return ExitOK
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// sourceFS opens the source folder for a build. An os.Root keeps every
// read inside the folder even if a link changes between the check of it
// (package srcfile, which gives the located messages) and its reading. A
// folder that cannot be opened is handed over as a plain os.DirFS, so the
// build reports it the usual way ("site.yaml: not found"). The root stays
// open for the life of the process: pages and static files are read from
// it until the site is written or served. once is srcfile.FromRoot's: the
// source is read once, and kept until the process exits.
func sourceFS(dir string, once bool) fs.FS {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return os.DirFS(dir)
	}
	return srcfile.FromRoot(root, once)
}
