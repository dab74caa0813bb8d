package cli

import "context"

func (c *CLI) serve(ctx context.Context, args []string) int { return c.notYet("serve") }
func (c *CLI) notYet(cmd string) int {
	c.Stderr.Write([]byte("briefing " + cmd + ": not built yet\n"))
	return ExitUsage
}
