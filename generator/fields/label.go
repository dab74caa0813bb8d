package fields

import (
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// A label is a short text that pages show inside other text: a name, a
// title, an alias. Two things make one dangerous there.
//
// Its length: a name is repeated wherever its page is linked or listed,
// so a 200 kB city name linked 5,000 times was 1.9 GB of site. A label is
// bounded in characters, well above anything a real briefing writes.
//
// Its direction controls: an embedding, override or isolate (U+202A to
// U+202E, U+2066 to U+2069) that a name leaves open reverses the text that
// follows it wherever the name is shown, making "HTS took Hama" read as
// something else. Pages isolate names too (dir="auto", <bdi>), but a name
// has no use for these characters, so they are refused where they are
// written. The marks U+200E, U+200F and U+061C are allowed: they carry no
// state past themselves, only tell neutral characters such as brackets and
// digits which way to go, and are what a correctly written mixed Arabic and
// Latin name needs.

// bidiControls names the explicit directional formatting characters.
var bidiControls = map[rune]string{
	'\u202A': "left-to-right embedding",
	'\u202B': "right-to-left embedding",
	'\u202C': "pop directional formatting",
	'\u202D': "left-to-right override",
	'\u202E': "right-to-left override",
	'\u2066': "left-to-right isolate",
	'\u2067': "right-to-left isolate",
	'\u2068': "first strong isolate",
	'\u2069': "pop directional isolate",
}

// BidiControl returns the first explicit directional formatting character
// in s and its description, or 0 and "".
func BidiControl(s string) (rune, string) {
	for _, r := range s {
		// Every one of them starts with the byte 0xE2; most text has none.
		if r >= '\u202A' && r <= '\u2069' {
			if what, ok := bidiControls[r]; ok {
				return r, what
			}
		}
	}
	return 0, ""
}

// Label checks a label's text s, read from node n and called field in
// messages ("name", "aliases[2]", "kinds.people.title"): at most max
// characters, and no directional control. It reports each problem at n,
// and returns the label cut to max characters (so that the rest of a run
// that will fail anyway does no more work than a good one would) and
// whether there was no problem.
func (r *Reader) Label(n *yaml.Node, field, s string, max int) (string, bool) {
	ok := true
	if len(s) > max { // characters never outnumber bytes
		if c := utf8.RuneCountInString(s); c > max {
			r.Errorf(n, "", "%s is %s characters long, more than the limit of %s", field, count(c), count(max))
			ok = false
			s = string([]rune(s)[:max])
		}
	}
	if c, what := BidiControl(s); c != 0 {
		r.Errorf(n, "remove it", "%s holds U+%04X (%s), a control character that can reverse the text shown around it", field, c, what)
		ok = false
	}
	return s, ok
}

// count writes n with thousands separators: 200,000.
func count(n int) string { return english.Sprint(n) }

var english = message.NewPrinter(language.English)
