package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"

	"briefing/generator/changes"
)

// diff prints what changed between two editions: `briefing diff OLD NEW`,
// each a briefing.json, a built site's folder or a briefing zip. It exits
// 0 whatever changed (it reports, it does not judge), 1 when an edition
// cannot be read as one, 2 on wrong usage or a path that does not exist.
func (c *CLI) diff(args []string) int {
	f := flag.NewFlagSet("diff", flag.ContinueOnError)
	f.SetOutput(c.Stderr)
	f.Usage = func() {
		fmt.Fprint(f.Output(), `Usage: briefing diff OLD NEW

Prints what changed from the edition OLD to the edition NEW: claims added,
removed or with a new status, control per place, figures added, revised or
removed, pages added and removed. Each of OLD and NEW is the briefing.json
of a build, a built site's folder or a briefing zip.
`)
	}
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if f.NArg() != 2 {
		fmt.Fprintf(c.Stderr, "briefing diff: want two editions, OLD and NEW, got %d argument(s)\n", f.NArg())
		f.Usage()
		return ExitUsage
	}
	var eds [2]*changes.Edition
	for i, name := range []string{f.Arg(0), f.Arg(1)} {
		e, err := changes.Read(name)
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(c.Stderr, "briefing diff: %s: no such file or folder\n", name)
			return ExitUsage
		}
		if err != nil {
			c.printErrors("briefing diff: ", err)
			return ExitContent
		}
		eds[i] = e
	}
	if changes.Later(eds[0], eds[1]) {
		fmt.Fprintf(c.Stderr, "briefing diff: OLD (%s, the edition of %s) is later than NEW (%s, of %s): give the earlier edition first\n",
			f.Arg(0), changes.DateText(eds[0].AsOf), f.Arg(1), changes.DateText(eds[1].AsOf))
		return ExitUsage
	}
	if err := changes.Compare(eds[0], eds[1]).WriteText(c.Stdout); err != nil {
		fmt.Fprintf(c.Stderr, "briefing diff: %v\n", err)
		return ExitContent
	}
	return ExitOK
}
