package config

import (
	"slices"
	"testing"
)

// TestStatusOrder: the order claims are shown in names every status once,
// and every status has its sign.
func TestStatusOrder(t *testing.T) {
	got := slices.Sorted(slices.Values(StatusOrder))
	want := slices.Sorted(slices.Values(Names(Statuses)))
	if !slices.Equal(got, want) {
		t.Errorf("StatusOrder has %v, Statuses %v", StatusOrder, Names(Statuses))
	}
	for _, s := range Statuses {
		if s.Symbol == "" {
			t.Errorf("status %q has no symbol", s.Name)
		}
	}
	// The statuses the stages treat apart are statuses.
	for _, s := range []string{Unverified, Corroborated} {
		if !slices.Contains(Names(Statuses), s) {
			t.Errorf("%q is not a status", s)
		}
	}
}
