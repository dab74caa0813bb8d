package template

import "testing"

// briefing: FuzzPlainEscapers holds each escaper's string-only version,
// which texttemplate calls for a string operand, to the escaper itself.
func FuzzPlainEscapers(f *testing.F) {
	for _, s := range []string{"", "plain", "a<b>&\"'`=", "\x00\xff é \u2028", "javascript:alert(1)", "https://x.org/a b?c=d&e#f", "/x/%zz/é", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, e := range plainEscapers {
			if got, want := e.plain(s), e.f(s); got != want {
				t.Fatalf("escaper %d on %q: plain %q, escaper %q", i, s, got, want)
			}
		}
	})
}
