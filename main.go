// Command briefing turns a folder of Markdown articles and fact sheets into
// a linked briefing site. See README.md.
package main

import (
	"context"
	"embed"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"briefing/generator/cli"
)

// theme is the default theme: the binary carries it so that a folder with
// only site.yaml and content/ builds.
//
//go:embed templates static
var theme embed.FS

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	c := &cli.CLI{
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		Theme:      theme,
		Version:    buildVersion(),
		IsTerminal: cli.IsTerminal,
	}
	// BRIEFING_CPUPROFILE=file writes a CPU profile of the run (go tool
	// pprof), for finding where a slow build spends its time.
	if p := os.Getenv("BRIEFING_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer f.Close()
			}
		}
	}
	code := c.Run(ctx, os.Args[1:])
	pprof.StopCPUProfile()
	// BRIEFING_MEMPROFILE=file writes a heap profile at exit: what the run
	// allocated, by where (go tool pprof -sample_index=alloc_space).
	if p := os.Getenv("BRIEFING_MEMPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	stop()
	cli.RestoreTerminal()
	os.Exit(code)
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	// A development build (go run, go build in the repository) has no
	// version: its pages say "Built with Briefing", not "Briefing dev".
	return ""
}
