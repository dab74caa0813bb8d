package fields

import "testing"

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
