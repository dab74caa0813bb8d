package cli

import (
	"fmt"
	"path/filepath"
	"time"

	"briefing/generator/archive"
	"briefing/generator/build"
)

func (c *CLI) zip(args []string) int {
	f := c.newFlags("zip", "zip [--source DIR] [--out FILE] [--as-of DATE] [--previous FILE]").withAsOf().withPrevious()
	out := f.String("out", "", "archive `file` (default: SOURCE/<slug of the title>.zip)")
	if code, ok := c.parse(f, args); !ok {
		return code
	}
	start := c.Now()
	stop := c.progress("building")
	res, diags := build.Build(sourceFS(*f.source), c.oneShot("", true, f))
	if len(diags) > 0 {
		stop()
		c.printResult(res, diags)
		fmt.Fprintln(c.Stderr, "zip failed: nothing written")
		return ExitContent
	}
	top := archive.Slug(res.Site.Title)
	file := *out
	if file == "" {
		file = filepath.Join(*f.source, top+".zip")
	}
	// Entries carry the briefing's as-of date, not the clock, so two zips
	// of the same content are identical.
	mod := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	if res.Briefing != nil && !res.Briefing.AsOf.IsZero() {
		mod = res.Briefing.AsOf.Time
	}
	st, n, err := archive.WriteFile(file, res.Tree, top, mod)
	stop()
	if err != nil {
		fmt.Fprintf(c.Stderr, "briefing zip: writing %s: %v\n", file, err)
		return ExitContent
	}
	c.printResult(res, nil)
	fmt.Fprintf(c.Stdout, "wrote %s: %d pages, %d files, %s (%s unpacked)%s in %s; unzip it and open %s/index.html\n",
		file, st.Pages, st.Files, size(n), size(st.Bytes), edition(res, f), elapsed(c.Now().Sub(start)), top)
	return ExitOK
}
