package template_test

// Cases where the fork once differed from the standard library's
// html/template (found by a review), and FuzzReviewHTMLGenerated, which
// compares generated templates in every escaping context.

import (
	"fmt"
	stdhtml "html/template"
	"reflect"
	"strings"
	"testing"

	fork "briefing/generator/theme/internal/htmltemplate"
)

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

type roHolder struct{ s string }

// V returns a read-only reflect.Value (of an unexported field); the
// template engine unwraps a method's reflect.Value result.
func (h roHolder) V() reflect.Value { return reflect.ValueOf(h).Field(0) }

// {{.V}} becomes {{.V | _html_template_htmlescaper}}: the standard library
// returns an error (reflect refuses the read-only value inside safeCall);
// the fork's printEscaped calls value.Interface() outside any recover and
// Execute panics.
func TestReviewReadOnlyValueEscaped(t *testing.T) {
	const src = `<p>{{.V}}</p>`
	want := outcome(func(b *strings.Builder) error {
		return stdhtml.Must(stdhtml.New("t").Parse(src)).Execute(b, roHolder{"secret"})
	})
	got := outcome(func(b *strings.Builder) error {
		return fork.Must(fork.New("t").Parse(src)).Execute(b, roHolder{"secret"})
	})
	if got != want {
		t.Errorf("%s:\n got  %s\n want %s", src, got, want)
	}
}

// ---- Differential fuzzing of generated templates against html/template.

type RNamed string

type RPtrStringer string

func (s *RPtrStringer) String() string { return "ptr<" + string(*s) + ">" }

type RStringer string

func (s RStringer) String() string { return "str<" + string(s) + ">" }

type RErr struct{ Msg string }

func (e *RErr) Error() string { return "err<" + e.Msg + ">" }

type REmb struct{ X, Amb string }
type REmb2 struct{ Amb string }

type RData struct {
	REmb
	*REmb2
	S        string
	U        string
	N        RNamed
	Str      RStringer
	PtrStr   RPtrStringer
	PPtrStr  *RPtrStringer
	Any      any
	AnyNil   any
	Err      error
	ErrNil   error
	Stringer fmt.Stringer
	P        *RData
	PNil     *RData
	M        map[string]any
	Sl       []any
	Int      int
	HTML     stdhtml.HTML
	URL      stdhtml.URL
	JS       stdhtml.JS
	CSS      stdhtml.CSS
	Attr     stdhtml.HTMLAttr
	Srcset   stdhtml.Srcset
	JSStr    stdhtml.JSStr
	unexp    string
}

func (d RData) Method() string             { return "me<th>od" }
func (d *RData) PtrMethod() string         { return "ptr&method" }
func (d RData) MethodErr() (string, error) { return "", fmt.Errorf("method error") }

func reviewData() *RData {
	ps := RPtrStringer("p's")
	d := &RData{
		REmb: REmb{X: "x<", Amb: "a1"}, REmb2: &REmb2{Amb: "a2"},
		S: `s&<>"' %zz é`, U: "javascript:alert(1)", N: "na<med", Str: "st", PtrStr: "ps", PPtrStr: &ps,
		Any: "an<y", Err: &RErr{"e"}, Stringer: RStringer("i<face"),
		M:  map[string]any{"k": "K<", "n": nil, "i": 3, "p": &ps, "h": stdhtml.HTML("<i>")},
		Sl: []any{"a", nil, 2, RNamed("nn"), &ps, stdhtml.URL("/u?")}, Int: 42,
		HTML: "<b>h</b>", URL: "http://x/?a=b&c=d e", JS: "alert(1)", CSS: "color: red", Attr: ` title="t"`,
		Srcset: "a.png 2x", JSStr: `a\nb`, unexp: "hidden",
	}
	d.P = &RData{S: "inner", PtrStr: "ips", REmb2: &REmb2{}}
	return d
}

func reviewFuncs() map[string]any {
	return map[string]any{
		"join":  func(args ...any) string { return fmt.Sprintf("join%v", args) },
		"upper": strings.ToUpper,
		"partial": func(name string, data any, key ...any) (stdhtml.HTML, error) {
			return stdhtml.HTML("<" + name + ">"), nil
		},
		"boom":  func(...any) string { panic("boom") },
		"errf":  func(a ...any) (string, error) { return "", fmt.Errorf("errf %d", len(a)) },
		"anyf":  func(a any) string { return fmt.Sprintf("anyf%#v", a) },
		"safe":  func(s string) stdhtml.HTML { return stdhtml.HTML(s) },
		"ident": func(a any) any { return a },
	}
}

var reviewOperands = []string{
	".", ".S", ".U", ".N", ".Str", ".PtrStr", ".PPtrStr", ".Any", ".AnyNil", ".Err", ".ErrNil", ".Stringer",
	".P", ".P.S", ".PNil", ".PNil.S", ".M.k", ".M.zz", ".M.n", ".M.h", ".M.p", ".X", ".Amb", ".REmb2.Amb",
	".unexp", ".Method", ".PtrMethod", ".MethodErr", "$", `"li<t"`, "1", "nil", ".Sl", ".Int", ".HTML", ".URL",
	".JS", ".CSS", ".Attr", ".Srcset", ".JSStr", "(index .Sl 5)", "(ident .PtrStr)", ".Missing",
}

var reviewFuncNames = []string{"join", "upper", "boom", "errf", "anyf", "safe", "ident", "print", "len", `printf "%v"`, `partial "n"`, "html", "urlquery"}

var reviewContexts = []string{
	"<p>%s</p>", `<p title="%s">`, "<p class=%s>", `<a href="%s">`, `<a href="/q?x=%s">`, `<a href="%s/%s#%s">`,
	`<img srcset="%s 2x">`, "<textarea>%s</textarea>", "<script>var v = %s;</script>", `<script>var s = "%s";</script>`,
	"<style>p { color: %s }</style>", `<meta http-equiv="refresh" content="0; url=%s">`, "<!-- %s -->", `<p onclick="f(%s)">`,
	"<a style='x: %s'>", "<%s>", "<p %s>",
}

func genHTML(b []byte) string {
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
	action := func() string {
		switch next() % 5 {
		case 0, 1:
			return "{{" + op() + "}}"
		case 2:
			return "{{" + op() + " | " + fn() + "}}"
		case 3:
			return "{{" + op() + " | " + fn() + " | " + fn() + "}}"
		default:
			return "{{range " + op() + "}}{{.}}{{break}}{{end}}"
		}
	}
	var sb strings.Builder
	for pos < len(b) {
		ctx := reviewContexts[next()%len(reviewContexts)]
		n := strings.Count(ctx, "%s")
		args := make([]any, n)
		for i := range args {
			args[i] = action()
		}
		sb.WriteString(fmt.Sprintf(ctx, args...))
	}
	return sb.String()
}

func FuzzReviewHTMLGenerated(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte{3, 7, 9, 10, 11, 12})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 48 {
			return
		}
		src := genHTML(b)
		stdT, err1 := stdhtml.New("t").Funcs(reviewFuncs()).Parse(src)
		forkT, err2 := fork.New("t").Funcs(reviewFuncs()).Parse(src)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%s: parse errors differ: %v / %v", src, err2, err1)
		}
		if err1 != nil {
			return
		}
		for _, data := range []any{reviewData(), *reviewData(), nil} {
			want := outcome(func(b *strings.Builder) error { return stdT.Execute(b, data) })
			got := outcome(func(b *strings.Builder) error { return forkT.Execute(b, data) })
			if got != want {
				t.Fatalf("%s on %T:\n got  %s\n want %s", src, data, got, want)
			}
		}
	})
}
