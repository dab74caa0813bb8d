package render

import (
	"html/template"
	"strings"
	"testing"
)

// TestNum: num writes any whole number a page holds with thousands
// separators (a page's counts are ints, a population an int64, and a
// template cannot convert one to the other), and refuses anything else.
func TestNum(t *testing.T) {
	run := func(text string, data any) (string, error) {
		var b strings.Builder
		err := template.Must(template.New("t").Funcs(Funcs()).Parse(text)).Execute(&b, data)
		return b.String(), err
	}
	data := struct {
		Count      int
		Population int64
		Small      uint8
	}{1234567, 312994, 7}
	if got, err := run(`{{num .Count}} {{num .Population}} {{num .Small}}`, data); err != nil || got != "1,234,567 312,994 7" {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := run(`{{num .}}`, "12"); err == nil || !strings.Contains(err.Error(), "num takes a whole number, not string") {
		t.Errorf("a string: %v", err)
	}
}
