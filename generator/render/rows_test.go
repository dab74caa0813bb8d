package render

import (
	"html/template"
	"strings"
	"testing"

	"briefing/generator/resolve"
)

// html/template's own escaping of a string in text and in a quoted
// attribute, which appendEscaped stands in for.
var escapeRef = template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p>`))

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", `<a href="x">&'+</a>`, "nul\x00byte", "é\xff\xfe", "\uFDD0\uFFFF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		if err := escapeRef.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		e := string(appendEscaped(nil, s))
		if got := `<p title="` + e + `">` + e + `</p>`; got != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want.String())
		}
	})
}

// FuzzExternalLink: a URL written without html/template is written as
// html/template writes it.
func FuzzExternalLink(f *testing.F) {
	for _, u := range []string{"https://example.org/a?b=c&d=e#f", "HTTP://x.y/%41%zz", "https://x.y/a b", "https://x.y/é", "javascript:alert(1)", "https://x.y/(1)+'"} {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, u string) {
		var want strings.Builder
		if err := externalTmpl.Execute(&want, u); err != nil {
			t.Fatal(err)
		}
		var h html
		h.externalLink(u)
		if string(h.b) != want.String() {
			t.Errorf("%q (plain %v):\n got %s\nwant %s", u, plainURL(u), h.b, want.String())
		}
	})
}

// A claim that lists no source says so, in words true to its status: an
// unverified one is neither confirmed nor refuted by any source, which a
// note may well explain with what was found about its subject.
func TestClaimSourcesNone(t *testing.T) {
	for status, want := range map[string]string{
		"unverified": "No source confirms or refutes it.",
		"false":      "No sources listed.",
	} {
		var h html
		h.claimSources(&resolve.Claim{Status: status})
		if string(h.b) != want {
			t.Errorf("%s claim with no sources: %q, want %q", status, h.b, want)
		}
	}
}
