package config

import (
	"regexp"
	"testing"
)

// FuzzIsSlug: the loop in IsSlug accepts what the pattern it replaced
// accepts, and nothing else.
func FuzzIsSlug(f *testing.F) {
	for _, s := range []string{"", "a", "hama", "hama-falls", "a-b-c", "-a", "a-", "a--b", "A", "a_b", "é", "0-9", "a b", "x" + string(make([]byte, 100))} {
		f.Add(s)
	}
	slugRE := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsSlug(s), len(s) <= 100 && slugRE.MatchString(s); got != want {
			t.Fatalf("IsSlug(%q) = %v, want %v", s, got, want)
		}
	})
}
