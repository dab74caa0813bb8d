package render

import (
	"slices"
	"testing"

	"briefing/generator/config"
)

// TestStatusOrder: the order claims are shown in names every status once.
func TestStatusOrder(t *testing.T) {
	got := slices.Clone(statusOrder)
	want := config.Names(config.Statuses)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("statusOrder has %v, config.Statuses %v", statusOrder, config.Names(config.Statuses))
	}
}
