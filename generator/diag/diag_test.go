package diag

import (
	"strings"
	"testing"
)

func TestPrintErrorsThenNotices(t *testing.T) {
	var l List
	l.Add(Diagnostic{Path: "content/cities/homs.md", Line: 14, Col: 11, Msg: "control[1] is dated 2024-12-08, after the cutoff", Severity: Notice})
	l.Add(Diagnostic{Path: "content/cities/hama.md", Line: 7, Col: 12, Msg: `unknown faction "hst"`})
	l.Add(Diagnostic{Path: "content/cities/damascus.md", Line: 14, Col: 11, Msg: "control[1] is dated 2024-12-08, after the cutoff", Severity: Notice})
	l.Add(Diagnostic{Path: "site.yaml", Line: 2, Col: 1, Msg: "unknown key \"titel\"", Hint: `did you mean "title"?`})
	var b strings.Builder
	l.Print(&b)
	want := `content/cities/hama.md:7:12: unknown faction "hst"
site.yaml:2:1: unknown key "titel" (did you mean "title"?)
content/cities/damascus.md:14:11: notice: control[1] is dated 2024-12-08, after the cutoff
content/cities/homs.md:14:11: notice: control[1] is dated 2024-12-08, after the cutoff
2 errors, 2 notices
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if got := l.errorCount(); got != 2 {
		t.Errorf("errorCount() = %d, want 2", got)
	}
}

func TestCount(t *testing.T) {
	n := Diagnostic{Msg: "n", Severity: Notice}
	e := Diagnostic{Msg: "e"}
	for _, c := range []struct {
		l    List
		want string
	}{
		{nil, ""},
		{List{e}, "1 error"},
		{List{e, e}, "2 errors"},
		{List{n}, "1 notice"},
		{List{n, n, n}, "3 notices"},
		{List{n, e}, "1 error, 1 notice"},
	} {
		if got := c.l.Count(); got != c.want {
			t.Errorf("%v: Count() = %q, want %q", c.l, got, c.want)
		}
	}
}

func TestNoticesAlone(t *testing.T) {
	var l List
	l.Add(Diagnostic{Path: "content/articles/late.md", Line: 3, Col: 7, Msg: "article dated 2024-12-09", Severity: Notice})
	var b strings.Builder
	l.Print(&b)
	want := "content/articles/late.md:3:7: notice: article dated 2024-12-09\n1 notice\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	if l.errorCount() != 0 {
		t.Errorf("a notice counted as an error")
	}
}

func TestSortDropsDuplicatesPerSeverity(t *testing.T) {
	// The same text as an error and as a notice are two diagnostics.
	l := List{
		{Path: "a.md", Line: 1, Msg: "x", Severity: Notice},
		{Path: "a.md", Line: 1, Msg: "x"},
		{Path: "a.md", Line: 1, Msg: "x", Severity: Notice},
	}
	l.Sort()
	if len(l) != 2 || l[0].Severity != Error || l[1].Severity != Notice {
		t.Errorf("got %v", l)
	}
}
