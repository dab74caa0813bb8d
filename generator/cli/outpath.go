package cli

import (
	"fmt"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/theme"
	"briefing/generator/write"
)

// source is what an output must stay clear of: the source folder and the
// inputs in it that a build reads.
func source(dir string) write.Source {
	return write.Source{Dir: dir, Inputs: []string{config.File, content.Dir + "/", theme.TemplatesDir + "/", theme.StaticDir + "/"}}
}

// outputOptions are the options command cmd opens its output with: clear
// of the source, waiting for another build writing it (and saying so),
// and warning of anything left in place.
func (c *CLI) outputOptions(cmd, src string) write.Options {
	say := func(msg string) { fmt.Fprintf(c.Stderr, "briefing %s: %s\n", cmd, msg) }
	return write.Options{Source: source(src), Generator: c.generator(), Waiting: say, Warn: say}
}

// generator names the program: "briefing v1.2.0", or for a development
// build, which has no version, "briefing (development build)".
func (c *CLI) generator() string {
	if c.Version == "" {
		return "briefing (development build)"
	}
	return "briefing " + c.Version
}
