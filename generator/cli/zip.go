package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"briefing/generator/archive"
	"briefing/generator/progress"
	"briefing/generator/write"
)

func (c *CLI) zip(ctx context.Context, args []string) int {
	f := c.newFlags("zip", "zip [--source DIR] [--out FILE] [--as-of DATE] [--previous FILE]").withAsOf().withPrevious()
	out := f.String("out", "", "archive file `FILE` (default: SOURCE/<slug of the title>.zip)")
	if code, ok := c.parse(f, args); !ok {
		return code
	}
	start := c.Now()
	// An --out given is checked before the build, so that a refusal comes
	// at once; the default one is named after the title, known after it.
	file := *out
	var real string
	var lock *write.Lock
	if file != "" {
		var err error
		if real, lock, err = c.openZip(ctx, file, *f.source); err != nil {
			if ctx.Err() != nil {
				fmt.Fprintln(c.Stderr, "zip interrupted: nothing written")
				return ExitInterrupted
			}
			fmt.Fprintf(c.Stderr, "briefing zip: --out %s: %v\n", file, err)
			return ExitUsage
		}
		defer lock.Unlock()
	}
	res, meter, stop, code := c.buildToWrite(ctx, f, c.options("", true, f), "zip", "nothing written")
	if code != ExitOK {
		return code
	}
	top := archive.Slug(res.Site.Title)
	if file == "" {
		file = filepath.Join(*f.source, top+".zip")
		var err error
		if real, lock, err = c.openZip(ctx, file, *f.source); err != nil {
			stop()
			if ctx.Err() != nil {
				fmt.Fprintln(c.Stderr, "zip interrupted: nothing written")
				return ExitInterrupted
			}
			fmt.Fprintf(c.Stderr, "briefing zip: %v\n", err)
			return ExitUsage
		}
		defer lock.Unlock()
	}
	// Entries carry the briefing's as-of date, not the clock, so two zips
	// of the same content are identical.
	mod := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	if res.Briefing != nil && !res.Briefing.AsOf.IsZero() {
		mod = res.Briefing.AsOf.Time
	}
	// The pages are rendered as they go into the archive.
	meter.Stage(progress.Zipping)
	st, n, err := archive.WriteFile(real, untilDone{ctx, res.Tree}, top, mod)
	stop()
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(c.Stderr, "zip interrupted: nothing written")
		return ExitInterrupted
	}
	if c.pageFailed(res, err, "zip", "nothing written") {
		return ExitContent
	}
	if err != nil {
		fmt.Fprintf(c.Stderr, "briefing zip: writing %s: %v\n", file, err)
		return ExitContent
	}
	c.printResult(res, nil)
	c.placeholderNotice(res.Site, "build the site to publish with --base-url URL")
	fmt.Fprintf(c.Stdout, "wrote %s: %d pages, %d files, %s (%s unpacked)%s in %s; unzip it and open %s/index.html\n",
		file, res.Tree.Pages(), st.Files, size(n), size(st.Bytes), edition(res, f), progress.Took(c.Now().Sub(start)), top)
	return ExitOK
}

// openZip resolves the archive's path as the kernel sees it, refuses one
// that would put the source at risk or that is a file other than a zip
// Briefing wrote, and takes its lock (the one a build aimed at the same
// path takes), waiting for another writer to finish.
func (c *CLI) openZip(ctx context.Context, file, src string) (string, *write.Lock, error) {
	real, err := write.Resolve(file)
	if err != nil {
		return "", nil, err
	}
	if err := write.Guard(real, source(src)); err != nil {
		return "", nil, err
	}
	if err := zipReplaceable(real); err != nil {
		return "", nil, err
	}
	opts := c.outputOptions("zip", src)
	lock, err := write.LockFile(ctx, write.LockPath(real), "zip", func(msg string) {
		opts.Waiting(msg + " writing " + real)
	})
	if err != nil {
		return "", nil, err
	}
	// Checked again: the writer waited for may have changed it.
	if err := zipReplaceable(real); err != nil {
		lock.Unlock()
		return "", nil, err
	}
	return real, lock, nil
}

func zipReplaceable(file string) error {
	if err := archive.Replaceable(file); err != nil {
		return &write.Refused{Path: file, Reason: err.Error(),
			Hint: "Briefing replaces only a zip it wrote that nobody changed since (its comment says so, " +
				"with a fingerprint of its files). Choose another --out, or move the file away yourself."}
	}
	return nil
}
