package template_test

// Cases where the fork once differed from the standard library's
// text/template (found by a review): a function that panics was called
// twice, an empty variadic part was nil, values read through unexported
// fields were printed, a function redefined during execution was not
// seen. Each now behaves as upstream; FuzzReviewGenerated compares
// generated templates.

import (
	"fmt"
	stdhtml "html/template"
	"reflect"
	"strings"
	"testing"
	stdtext "text/template"

	fork "briefing/generator/theme/internal/texttemplate"
)

// outcome runs execute and reports its output, its error and any panic.
func outcome(execute func(*strings.Builder) error) (s string) {
	var b strings.Builder
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("out %q, PANIC %v", b.String(), r)
		}
	}()
	err := execute(&b)
	return fmt.Sprintf("out %q, err %v", b.String(), err)
}

func compare(t *testing.T, src string, stdFuncs, forkFuncs map[string]any, data any) {
	t.Helper()
	want := outcome(func(b *strings.Builder) error {
		return stdtext.Must(stdtext.New("t").Funcs(stdFuncs).Parse(src)).Execute(b, data)
	})
	got := outcome(func(b *strings.Builder) error {
		return fork.Must(fork.New("t").Funcs(forkFuncs).Parse(src)).Execute(b, data)
	})
	if got != want {
		t.Errorf("%s:\n got  %s\n want %s", src, got, want)
	}
}

// fastCall recovers a panic of the function but then returns ok=false
// (named result never set), so evalCall calls the function a second time
// through safeCall. A function that panics once is called twice, and one
// that panics only on its first call succeeds.
func TestReviewFastCallPanicCallsFunctionTwice(t *testing.T) {
	for _, src := range []string{`{{f1 "a"}}`, `{{f2 "a"}}`, `{{f3 "a" .}}`} {
		mk := func(calls *int) map[string]any {
			return map[string]any{
				"f1": func(s string) string {
					*calls++
					if *calls == 1 {
						panic("first call panics")
					}
					return "second call"
				},
				"f2": func(args ...any) string {
					*calls++
					if *calls == 1 {
						panic("first call panics")
					}
					return "second call"
				},
				"f3": func(name string, data any, key ...any) (stdhtml.HTML, error) {
					*calls++
					if *calls == 1 {
						panic("first call panics")
					}
					return "second call", nil
				},
			}
		}
		var stdCalls, forkCalls int
		compare(t, src, mk(&stdCalls), mk(&forkCalls), nil)
		if stdCalls != forkCalls {
			t.Errorf("%s: function called %d times, standard library calls it %d times", src, forkCalls, stdCalls)
		}
	}
}

// reflect.Value.Call gives a variadic parameter an empty, non-nil slice
// when there are no variadic arguments; fastCall's
// func(string, any, ...any) case passes nil.
func TestReviewFastCallEmptyVariadicIsNil(t *testing.T) {
	f := map[string]any{
		"p": func(name string, data any, key ...any) (stdhtml.HTML, error) {
			return stdhtml.HTML(fmt.Sprintf("%#v nil=%v", key, key == nil)), nil
		},
	}
	compare(t, `{{p "a" .}}`, f, f, nil)
}

// Functions are looked up once per execution: a function redefined by
// Funcs while the template runs (text/template takes the lock at every
// call, and it is legal to overwrite elements of the map) is not seen.
func TestReviewFuncsRedefinedDuringExecution(t *testing.T) {
	const src = `{{f}} {{redefine}}{{f}} {{"x" | g}} {{redefine}}{{"x" | g}}`
	var stdT *stdtext.Template
	stdT = stdtext.Must(stdtext.New("t").Funcs(stdtext.FuncMap{
		"f": func() string { return "old" },
		"g": func(a ...any) string { return "old" },
		"redefine": func() string {
			stdT.Funcs(stdtext.FuncMap{"f": func() string { return "new" }, "g": func(a ...any) string { return "new" }})
			return ""
		},
	}).Parse(src))
	var forkT *fork.Template
	forkT = fork.Must(fork.New("t").Funcs(fork.FuncMap{
		"f": func() string { return "old" },
		"g": func(a ...any) string { return "old" },
		"redefine": func() string {
			forkT.Funcs(fork.FuncMap{"f": func() string { return "new" }, "g": func(a ...any) string { return "new" }})
			return ""
		},
	}).Parse(src))
	want := outcome(func(b *strings.Builder) error { return stdT.Execute(b, nil) })
	got := outcome(func(b *strings.Builder) error { return forkT.Execute(b, nil) })
	if got != want {
		t.Errorf("%s:\n got  %s\n want %s", src, got, want)
	}
}

// A method returning a reflect.Value is unwrapped by evalCall; a Value of
// an unexported field is read-only. The standard library's printValue
// panics on it (Interface), the fork's plainString path prints it; piped
// to a func(...any) string the standard library returns an error (from
// reflect's Set, inside safeCall) while printEscaped's value.Interface()
// panics outside any recover.
type roHolder struct{ s string }

func (h roHolder) V() reflect.Value { return reflect.ValueOf(h).Field(0) }

func TestReviewReadOnlyValuePrinted(t *testing.T) {
	f := map[string]any{"join": func(a ...any) string { return fmt.Sprint(a...) }}
	compare(t, `{{.V}}`, f, f, roHolder{"secret"})
}

func TestReviewReadOnlyValuePiped(t *testing.T) {
	f := map[string]any{"join": func(a ...any) string { return fmt.Sprint(a...) }}
	compare(t, `{{.V | join}}`, f, f, roHolder{"secret"})
}

// fastCall's func(string) string case reads a read-only argument with
// Value.String; reflect.Value.Call refuses it (mustBeExported), so the
// standard library reports an error where the fork prints.
func TestReviewReadOnlyValueFastCallString(t *testing.T) {
	f := map[string]any{"upper": strings.ToUpper}
	compare(t, `{{upper .V}}`, f, f, roHolder{"secret"})
}

// ---- Differential fuzzing of generated templates against text/template.

type RNamed string

type RPtrStringer string

func (s *RPtrStringer) String() string { return "ptr(" + string(*s) + ")" }

type RStringer string

func (s RStringer) String() string { return "str(" + string(s) + ")" }

type RErr struct{ Msg string }

func (e *RErr) Error() string { return "err(" + e.Msg + ")" }

type REmb struct {
	X   string
	Amb string
	y   string
}

type REmb2 struct {
	Amb string
	Z   RPtrStringer
}

type rEmbUnexported struct{ W string }

type RData struct {
	REmb
	*REmb2
	rEmbUnexported
	S        string
	N        RNamed
	Str      RStringer
	PtrStr   RPtrStringer
	PPtrStr  *RPtrStringer
	Any      any
	AnyNil   any
	AnyPtr   any
	Err      error
	ErrNil   error
	Stringer fmt.Stringer
	P        *RData
	PNil     *RData
	M        map[string]string
	MA       map[string]any
	Sl       []string
	SlAny    []any
	Int      int
	HTML     stdhtml.HTML
	Fn       func(...any) string
	RV       reflect.Value
	unexp    string
}

func (d RData) Method() string            { return "method" }
func (d *RData) PtrMethod() string        { return "ptrmethod" }
func (d RData) MethodArg(s string) string { return "m(" + s + ")" }
func (d RData) MethodErr() (string, error) {
	return "", fmt.Errorf("method error")
}
func (d RData) V() reflect.Value { return reflect.ValueOf(d).FieldByName("unexp") }

func reviewData() *RData {
	ps := RPtrStringer("pp")
	d := &RData{
		REmb:           REmb{X: "x<", Amb: "a1", y: "y"},
		REmb2:          &REmb2{Amb: "a2", Z: "z"},
		rEmbUnexported: rEmbUnexported{W: "w"},
		S:              "s&<>\"'",
		N:              "named",
		Str:            "st",
		PtrStr:         "ps",
		PPtrStr:        &ps,
		Any:            "any",
		AnyPtr:         &ps,
		Err:            &RErr{"e"},
		Stringer:       RStringer("iface"),
		M:              map[string]string{"a": "A", "b": "B"},
		MA:             map[string]any{"k": "K", "n": nil, "i": 3, "p": &ps},
		Sl:             []string{"one", "two", "three"},
		SlAny:          []any{"a", nil, 2, RNamed("nn"), &ps},
		Int:            42,
		HTML:           "<b>h</b>",
		Fn:             func(a ...any) string { return fmt.Sprint(len(a)) },
		unexp:          "hidden",
	}
	d.RV = reflect.ValueOf("rv")
	d.P = &RData{S: "inner", PtrStr: "ips", REmb2: &REmb2{}, M: map[string]string{}}
	return d
}

func reviewFuncs() map[string]any {
	return map[string]any{
		"join": func(args ...any) string {
			return fmt.Sprintf("join%#v", args)
		},
		"joinv": func(args ...any) string { return fmt.Sprint(args...) },
		"upper": strings.ToUpper,
		"partial": func(name string, data any, key ...any) (stdhtml.HTML, error) {
			if name == "fail" {
				return "", fmt.Errorf("failed")
			}
			return stdhtml.HTML(fmt.Sprintf("<%s %T %d>", name, data, len(key))), nil
		},
		"boom":    func(...any) string { panic("boom") },
		"boomErr": func(...any) string { panic(fmt.Errorf("boom error")) },
		"boomS":   func(string) string { panic("boomS") },
		"errf":    func(a ...any) (string, error) { return "", fmt.Errorf("errf %d", len(a)) },
		"anyf":    func(a any) string { return fmt.Sprintf("anyf%#v", a) },
		"strErr":  func(s string) (string, error) { return s + "!", nil },
		"ident":   func(a any) any { return a },
		"nilf":    func() any { return nil },
		"rv":      func(a any) reflect.Value { return reflect.ValueOf(a) },
	}
}

var reviewOperands = []string{
	".", ".S", ".N", ".Str", ".PtrStr", ".PPtrStr", ".Any", ".AnyNil", ".AnyPtr", ".Err", ".ErrNil",
	".Stringer", ".P", ".P.S", ".P.PtrStr", ".PNil", ".PNil.S", ".M.a", ".M.zz", ".MA.k", ".MA.n", ".MA.zz",
	".MA.i", ".MA.p", ".X", ".REmb.y", ".Amb", ".REmb2.Amb", ".Z", ".W", ".unexp", ".Method", ".PtrMethod",
	".MethodErr", `.MethodArg "q"`, ".Fn", ".RV", "$", "$.S", `"lit"`, "1", "nil", "true", "(.S)",
	".Sl", ".SlAny", ".Int", ".HTML", ".P.P", ".P.P.S", ".Missing", "$x", "(nilf)", "(rv .S)", "(ident .PtrStr)",
	"(index .SlAny 1)", "(index .SlAny 3)", "(index .SlAny 4)", ".REmb", ".P.REmb2.Amb",
}

var reviewFuncNames = []string{
	"join", "joinv", "upper", "boom", "boomErr", "boomS", "errf", "anyf", "strErr", "ident", "html", "print",
	"urlquery", "js", "len", "printf \"%v\"", "partial \"n\"", "partial \"fail\" .", "call .Fn", "nope", "rv",
}

// genTemplate builds a template source from b.
func genTemplate(b []byte) string {
	var sb strings.Builder
	pos := 0
	next := func() int {
		if pos >= len(b) {
			return 0
		}
		pos++
		return int(b[pos-1])
	}
	op := func() string { return reviewOperands[next()%len(reviewOperands)] }
	fn := func() string { return reviewFuncNames[next()%len(reviewFuncNames)] }
	pipe := func() string {
		s := op()
		for n := next() % 4; n > 0; n-- {
			s += " | " + fn()
		}
		return s
	}
	for pos < len(b) {
		switch next() % 10 {
		case 0, 1, 2:
			sb.WriteString("{{" + pipe() + "}}")
		case 3:
			sb.WriteString("{{" + fn() + " " + op() + "}}")
		case 4:
			sb.WriteString("{{with " + op() + "}}{{" + pipe() + "}}{{end}}")
		case 5:
			sb.WriteString("{{range $i, $e := " + op() + "}}{{$e | " + fn() + "}}{{if $i}}{{break}}{{end}}{{continue}}{{end}}")
		case 6:
			sb.WriteString("{{$x = " + op() + "}}")
		case 7:
			sb.WriteString("{{template \"sub\" " + op() + "}}")
		case 8:
			sb.WriteString("{{" + fn() + " " + op() + " " + op() + "}}")
		case 9:
			sb.WriteString("|")
		}
	}
	return `{{define "sub"}}[{{. | join}}{{.S | upper}}]{{end}}{{$x := .}}` + sb.String()
}

func reviewCompare(t *testing.T, src string) {
	t.Helper()
	stdT, err1 := stdtext.New("t").Funcs(reviewFuncs()).Parse(src)
	forkT, err2 := fork.New("t").Funcs(reviewFuncs()).Parse(src)
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("%s: parse errors differ: %v / %v", src, err2, err1)
	}
	if err1 != nil {
		return
	}
	for _, data := range []any{reviewData(), *reviewData(), nil, "str", map[string]any{"S": "m", "Any": nil}} {
		want := outcome(func(b *strings.Builder) error { return stdT.Execute(b, data) })
		got := outcome(func(b *strings.Builder) error { return forkT.Execute(b, data) })
		if got != want {
			t.Fatalf("%s on %T:\n got  %s\n want %s", src, data, got, want)
		}
	}
}

func FuzzReviewGenerated(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte{1, 5, 1, 0})
	f.Add([]byte{3, 7, 9, 10, 11})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 64 {
			return
		}
		reviewCompare(t, genTemplate(b))
	})
}
