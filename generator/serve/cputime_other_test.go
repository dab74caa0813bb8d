//go:build !unix

package serve

import "time"

// cpuTime is not measured here: BenchmarkRebuild reports 0 CPU.
func cpuTime() time.Duration { return 0 }
