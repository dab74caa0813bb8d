// Copyright 2026 The Briefing authors. Use of this source code is governed
// by the BSD-style licence in ../LICENSE.

package template_test

import (
	stdhtml "html/template"
	"strings"
	"testing"

	fork "briefing/generator/theme/internal/htmltemplate"
)

// escapeContexts put one value in each context whose escaper the fork
// changed (HTML text, attributes, URLs) and a few it did not.
const escapeContexts = `<p title="{{.}}" class={{.}}>{{.}}</p>` +
	`<a href="{{.}}">x</a><a href="/q?x={{.}}&y=1">y</a><a href="{{.}}/{{.}}#{{.}}">z</a>` +
	`<img srcset="{{.}} 2x"><textarea>{{.}}</textarea><script>var v = {{.}};</script>` +
	`<style>p { color: {{.}} }</style><meta http-equiv="refresh" content="0; url={{.}}">`

// FuzzEscapeSameAsStandardLibrary: for any string, as plain text or as
// trusted HTML or URL, the fork escapes it exactly as html/template does.
func FuzzEscapeSameAsStandardLibrary(f *testing.F) {
	for _, s := range []string{
		"", "plain words", "Hama, 5 December 2024", "/cities/hama/", "https://example.org/a?b=c&d=e#f",
		"javascript:alert(1)", "<script>alert(1)</script>", `"quoted" & 'single'`, "100%", "%41%zz", "a b\tc\nd",
		"Ḥamāh — حماة", "\xff\xfe", "\uFDD0\uFFFE", "mailto:x@y.org", "(parens)", "[x]!$*+,;=@~", "\x00",
	} {
		f.Add(s)
	}
	std := stdhtml.Must(stdhtml.New("t").Parse(escapeContexts))
	ours := fork.Must(fork.New("t").Parse(escapeContexts))
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []any{s, stdhtml.HTML(s), stdhtml.URL(s), stdhtml.HTMLAttr(s)} {
			var want, got strings.Builder
			errWant := std.Execute(&want, v)
			errGot := ours.Execute(&got, v)
			if want.String() != got.String() || (errWant == nil) != (errGot == nil) {
				t.Fatalf("%T %q:\n got %q (%v)\nwant %q (%v)", v, s, got.String(), errGot, want.String(), errWant)
			}
		}
	})
}
