package jsonpos

import (
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	doc := `{"a": [1, {"b": "x", "c": [[2, 3], [4, 5]]}], "d": {"e": null}, "d": {"e": 1, "f": "last"}, "g": 7}`
	for _, tc := range []struct {
		path []any
		want string
	}{
		{nil, `{"a"`},
		{[]any{"a"}, `[1, {`},
		{[]any{"a", 1}, `{"b"`},
		{[]any{"a", 1, "c", 1}, `[4, 5]`},
		{[]any{"a", 1, "c", 1, 1}, `5]`},
		{[]any{"d", "e"}, `1, "f"`},
		// As encoding/json reads them: the last of a key written twice,
		// a key in other letter cases.
		{[]any{"D", "f"}, `"last"`},
		{[]any{"G"}, `7`},
	} {
		off := Find([]byte(doc), tc.path...)
		if off < 0 || !strings.HasPrefix(doc[off:], tc.want) {
			t.Errorf("%v: at %d, want %q", tc.path, off, tc.want)
		}
	}
	for _, p := range [][]any{{"z"}, {"a", 5}, {"a", "b"}, {"a", 0, 0}} {
		if off := Find([]byte(doc), p...); off != -1 {
			t.Errorf("%v: found at %d, want -1", p, off)
		}
	}
}

func TestStart(t *testing.T) {
	doc := `{"a": [1, {"b": "x"}], "c": 5}`
	for _, want := range []string{`[1, {`, `{"b"`, `"x"`, `5}`} {
		i := strings.Index(doc, want)
		// The end encoding/json gives: after a scalar, after the
		// opening bracket of an array or object.
		end := int64(i + 1)
		if want == `"x"` || want == `5}` {
			end = int64(i + len(strings.TrimSuffix(want, "}")))
		}
		if got := Start([]byte(doc), end); got != int64(i) {
			t.Errorf("value %q ending at %d: starts at %d, want %d", want, end, got, i)
		}
	}
	if got := Start([]byte(doc), 3); got != -1 {
		t.Errorf("no value ends at 3: got %d", got)
	}
}
