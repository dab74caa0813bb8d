package render

import (
	"html/template"
	"strings"
)

// isolatedNames joins names as join does ("a, b and c"), each in a <bdi>:
// a name written right to left then keeps to itself, rather than taking
// the commas, the "and" and the names after it along (the template
// function "names").
func isolatedNames(list []string) template.HTML {
	var b strings.Builder
	for i, n := range list {
		switch {
		case i == 0:
		case i == len(list)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString("<bdi>")
		b.WriteString(template.HTMLEscapeString(n))
		b.WriteString("</bdi>")
	}
	return template.HTML(b.String())
}
