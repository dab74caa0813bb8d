package cli

func (c *CLI) notYet(cmd string) int {
	c.Stderr.Write([]byte("briefing " + cmd + ": not built yet\n"))
	return ExitUsage
}
