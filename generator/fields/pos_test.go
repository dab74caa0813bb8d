package fields

import (
	"testing"

	"briefing/generator/diag"
)

func TestPosOf(t *testing.T) {
	data := []byte("ab\nحماة: x\n")
	for _, tc := range []struct {
		off  int
		want Pos
	}{
		{0, Pos{1, 1}},
		{2, Pos{1, 3}},         // the newline itself
		{3, Pos{2, 1}},         // the next line's start
		{3 + 8 + 2, Pos{2, 7}}, // "x": four Arabic letters of two bytes each, then ": "
		{-5, Pos{1, 1}},
		{100, Pos{3, 1}}, // past the end: the end
	} {
		if got := PosOf(data, tc.off); got != tc.want {
			t.Errorf("PosOf(%d) = %v, want %v", tc.off, got, tc.want)
		}
	}
}

// TestSyntaxErrorPos pins where each kind of yaml.v3 syntax error is
// reported: at the character at fault, or for what is never closed at
// the quote or bracket that opens it, line and column from 1 (yaml.v3's
// own line is counted from 0 for some errors and missing for others).
func TestSyntaxErrorPos(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"name: A\ngov: Hama\naliases: [a, b\n", "x.md:4:10: invalid YAML: did not find expected ',' or ']' (this [ is never closed, or an item in it lacks its comma)"},
		{"aliases: [a, b\nname: A\n", "x.md:2:10: invalid YAML: did not find expected ',' or ']' (this [ is never closed, or an item in it lacks its comma)"},
		{"name: A\ncoords: [[1, 2], [3, 4]\n", "x.md:3:9: invalid YAML: did not find expected ',' or ']' (this [ is never closed, or an item in it lacks its comma)"},
		{"name: A\ncoords: [[1, 2], [3, \"]\", 4\n", "x.md:3:18: invalid YAML: did not find expected ',' or ']' (this [ is never closed, or an item in it lacks its comma)"},
		{"name: A\nc: [{a: 1}, {b: [2], c: 3\n", "x.md:3:13: invalid YAML: did not find expected ',' or '}' (this { is never closed, or an item in it lacks its comma)"},
		{"name: A\nc: {a: 1} #{\nd: [b, {c: 1} d]\n", "x.md:4:4: invalid YAML: did not find expected ',' or ']' (this [ is never closed, or an item in it lacks its comma)"},
		{"name: A\ngov: 'it''s \"x\" and \"y\n", "x.md:3:6: invalid YAML: found unexpected end of stream (this quote is never closed)"},
		{"name: A\nk: {a: \"a\\\"\", v: 'b\n", "x.md:3:18: invalid YAML: found unexpected end of stream (this quote is never closed)"},
		{"name: A\ngov: Hama: x\n", "x.md:3:10: invalid YAML: mapping values are not allowed in this context"},
		{"name: A\nurl: https://x.org/a:b: x\n", "x.md:3:23: invalid YAML: mapping values are not allowed in this context"},
		// Cut after "https:", the text fails the same way: not the place.
		{"name: A\nurl: https://example.org/x: x\n", "x.md:3:27: invalid YAML: mapping values are not allowed in this context"},
		{"name: A\nحماة: حماة: x\n", "x.md:3:11: invalid YAML: mapping values are not allowed in this context"},
		{"name: A\nx: this is\n  a long: value\n", "x.md:4:9: invalid YAML: mapping values are not allowed in this context"},
		{"name: A\n- x\n", "x.md:3:1: invalid YAML: did not find expected key"},
		{"name: A\nc:\n  - date: 1\n   faction: hts\n", "x.md:5:4: invalid YAML: did not find expected '-' indicator"},
		{"name: A\nb\nc: 2\n", "x.md:3:1: invalid YAML: could not find expected ':'"},
		{"name: A\nx: @a\n", "x.md:3:4: invalid YAML: found character that cannot start any token"},
		{"name: A\nc:\n  - d: 1\n  \tf: 2\n", "x.md:5:3: invalid YAML: found a tab character that violates indentation (YAML is indented with spaces, never tabs)"},
		{"name: A\na:\n\tb: 1\n", "x.md:4:1: invalid YAML: found character that cannot start any token (YAML is indented with spaces, never tabs)"},
		{"name: A\nsummary: *Big* news\n", "x.md:3:10: invalid YAML: did not find expected alphabetic or numeric character (a value starting with * is read as a YAML alias: put it in quotes)"},
		{"name: A\naliases: [a, *xy]\n", "x.md:3:14: invalid YAML: unknown anchor 'xy' referenced (a value starting with * is read as a YAML alias: put it in quotes)"},
		{"name: A\naliases: [a, \"b\x1b\"]\n", "x.md:3:16: invalid YAML: control characters are not allowed"},
		{"\x1b: x\n", "x.md:2:1: invalid YAML: control characters are not allowed"},
		{"x: ]\n", "x.md:2:4: invalid YAML: did not find expected node content"},
		// Lines counted at LF only, as editors do, a BOM no character.
		{"name: A\rgov: 'x\r", "x.md:2:14: invalid YAML: found unexpected end of stream (this quote is never closed)"},
		{"name: A\r\ngov: Hama: x\r\n", "x.md:3:10: invalid YAML: mapping values are not allowed in this context"},
		{"\ufeffgov: Hama: x\n", "x.md:2:10: invalid YAML: mapping values are not allowed in this context"},
	} {
		var diags diag.List
		r := &Reader{Path: "x.md", LineOffset: 1, Diags: &diags}
		if r.Parse([]byte(tc.yaml)) != nil || len(diags) != 1 {
			t.Errorf("%q: want one error, got %v", tc.yaml, diags)
			continue
		}
		if got := diags[0].String(); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.yaml, got, tc.want)
		}
	}
}
