// Copyright 2026 The Briefing authors. Use of this source code is governed
// by the BSD-style licence in ../LICENSE.

package template_test

import (
	"errors"
	stdhtml "html/template"
	"strings"
	"testing"
	stdtext "text/template"

	fork "briefing/generator/theme/internal/texttemplate"
)

// The changes of fastcall.go must not be visible: every template here
// gives the same output, or the same error, as the standard library's
// text/template.

type named string

type stringer string

func (s stringer) String() string { return "stringer(" + string(s) + ")" }

type ptrStringer string

func (s *ptrStringer) String() string { return "ptr(" + string(*s) + ")" }

type withMethods struct {
	Plain  string
	Named  named
	Str    stringer
	PtrStr ptrStringer
	HTML   stdhtml.HTML
	Inner  *withMethods
	Any    any
}

func (withMethods) Method() string { return "method" }

func funcs() map[string]any {
	return map[string]any{
		"join": func(args ...any) string {
			var b strings.Builder
			for _, a := range args {
				if a == nil {
					b.WriteString("<nil>")
					continue
				}
				switch v := a.(type) {
				case string:
					b.WriteString(v)
				default:
					b.WriteString("?")
				}
			}
			return b.String()
		},
		"upper": strings.ToUpper,
		"boom":  func(...any) string { panic("boom") },
		"boomErr": func(string) string {
			panic(errors.New("boom error"))
		},
		"partial": func(name string, data any, key ...any) (stdhtml.HTML, error) {
			if name == "fail" {
				return "", errors.New("failed " + name)
			}
			return stdhtml.HTML("<" + name + ">"), nil
		},
	}
}

func TestFastCallSameAsStandardLibrary(t *testing.T) {
	for _, src := range []string{`{{. | join}}`, `{{.X | join}}`} {
		want, wantErr := run(func(b *strings.Builder) error {
			return stdtext.Must(stdtext.New("t").Funcs(funcs()).Parse(src)).Execute(b, nil)
		})
		got, gotErr := run(func(b *strings.Builder) error {
			return fork.Must(fork.New("t").Funcs(funcs()).Parse(src)).Execute(b, nil)
		})
		if got != want || gotErr != wantErr {
			t.Errorf("%s on nil:\n got %q, error %q\nwant %q, error %q", src, got, gotErr, want, wantErr)
		}
	}
	data := &withMethods{Plain: "p", Named: "n", Str: "s", PtrStr: "ps", HTML: "<b>", Inner: &withMethods{Plain: "inner"}, Any: "any"}
	for _, src := range []string{
		`{{join "a" "b" .Plain}}`,
		`{{join}}`,
		`{{join nil}}`,
		`{{join .Any .Inner.Plain}}`,
		`{{.Plain | join "x"}}`,
		`{{upper .Plain}}`,
		`{{.Plain | upper | upper}}`,
		`{{upper 3}}`,
		`{{upper}}`,
		`{{upper .Named}}`,
		`{{boom}}`,
		`{{boomErr "x"}}`,
		`{{partial "a" .}}`,
		`{{partial "a" . "key"}}`,
		`{{partial "fail" .}}`,
		`{{partial "a"}}`,
		`{{partial 1 .}}`,
		`{{.Plain}} {{.Named}} {{.Str}} {{.PtrStr}} {{.HTML}} {{.Method}}`,
		`{{.Inner.Str}} {{.Inner.PtrStr}} {{with .Inner}}{{.PtrStr}}{{end}}`,
		`{{range $i, $v := .Inner.Plain}}{{end}}`,
		`{{.Missing}}`,
		`{{.Inner.Inner.Plain}}`,
		`{{printf "%s" .Str}} {{print .PtrStr}}`,
		// Actions printEscaped takes.
		`{{.Plain | join}} {{.Named | join}} {{.Str | join}} {{.HTML | join}} {{.Any | join}}`,
		`{{. | join}}`,
		`{{.Plain | join | join | join | join}}`,
		`{{.Plain | join | join | join | join | join}}`,
		`{{"lit" | join}} {{$x := .Plain}}{{$x | join}} {{.Inner.Plain | join}} {{$.Inner | join}}`,
		`{{.Missing | join}}`,
		`{{.Inner.Missing | join}}`,
		`{{.Plain | boom}}`,
		`{{.Plain | join | boom}}`,
		`{{.Plain | upper}}`,
		`{{.Method | join}} {{.Plain | printf "%s"}}`,
		`{{range $i, $v := .Inner.Plain}}{{$v | join}}{{end}}`,
	} {
		want, wantErr := run(func(b *strings.Builder) error {
			tmpl, err := stdtext.New("t").Funcs(funcs()).Parse(src)
			if err != nil {
				return err
			}
			return tmpl.Execute(b, data)
		})
		got, gotErr := run(func(b *strings.Builder) error {
			tmpl, err := fork.New("t").Funcs(funcs()).Parse(src)
			if err != nil {
				return err
			}
			return tmpl.Execute(b, data)
		})
		if got != want || gotErr != wantErr {
			t.Errorf("%s:\n got %q, error %q\nwant %q, error %q", src, got, gotErr, want, wantErr)
		}
	}
}

func run(execute func(*strings.Builder) error) (out, msg string) {
	var b strings.Builder
	if err := execute(&b); err != nil {
		msg = err.Error()
	}
	return b.String(), msg
}
