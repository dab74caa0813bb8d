package render

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestTokenize pins the split MiniSearch's default tokenizer makes
// (/[\n\r\p{Z}\p{P}]+/u, then lower case), which search.js relies on for
// queries: the two sides must cut words in the same places.
func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Hama, Syria's fourth-largest city.", []string{"hama", "syria", "s", "fourth", "largest", "city"}},
		{"727 people (111 civilians)", []string{"727", "people", "111", "civilians"}},
		{"US$50 + 3 = x|y", []string{"us$50", "+", "3", "=", "x|y"}}, // symbols are not split at
		{"al-Sham\u00a0HTS\u2014led «Damas»", []string{"al", "sham", "hts", "led", "damas"}},
		{"tab\tstays", []string{"tab\tstays"}}, // \t is a control character, not \p{Z}
		{"line\nbreak\r\nhere", []string{"line", "break", "here"}},
		{"Ḥamāh ÇA", []string{"ḥamāh", "ça"}},
		{"the and of it", nil}, // stop words
	} {
		var got []string
		tokenize(tc.in, func(word string) {
			if t := term(word); t != "" {
				got = append(got, t)
			}
		})
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTermCount: a scratch reused from text to text counts as if it were
// new, whatever words it has remembered.
func TestTermCount(t *testing.T) {
	sc := newTermScratch()
	for _, tc := range []struct {
		in    string
		words int
		want  map[string]int32
	}{
		{"Hama hama HAMA, the city", 5, map[string]int32{"hama": 3, "city": 1}},
		{"The city; the CITY. Ḥamāh", 5, map[string]int32{"city": 2, "ḥamāh": 1}},
		{"", 0, map[string]int32{}},
		{"of the and", 3, map[string]int32{}},
		{"hama", 1, map[string]int32{"hama": 1}},
	} {
		words, tcs := sc.count(tc.in)
		got := map[string]int32{}
		for _, c := range tcs {
			if _, dup := got[c.slot.term]; dup {
				t.Errorf("count(%q): %q listed twice", tc.in, c.slot.term)
			}
			got[c.slot.term] = c.n
		}
		if words != tc.words || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("count(%q) = %d, %v; want %d, %v", tc.in, words, got, tc.words, tc.want)
		}
	}
}

func TestShardKey(t *testing.T) {
	for in, want := range map[string]string{"hama": "ha", "h": "h", "ça": "_e7_a", "1982": "19", "ḥa": "_1e25_a"} {
		if got := shardKey(in, 2); got != want {
			t.Errorf("shardKey(%q) = %q, want %q", in, got, want)
		}
	}
	// search.js mirrors shardKey: keep the two in step.
	if !strings.Contains(string(mustRead(t, "../../static/js/search.js")), `"_" + ch.codePointAt(0).toString(16) + "_"`) {
		t.Error("search.js no longer encodes shard keys like shardKey")
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestTidy: what a citation taken out of the text leaves behind goes.
func TestTidy(t *testing.T) {
	for in, want := range map[string]string{
		"Ali Abbas ; the chief":          "Ali Abbas; the chief",
		"south of Hama .":                "south of Hama.",
		"a  b\n\tc":                      "a b c",
		"the toll (\n) rose , they said": "the toll rose, they said",
		"“quoted ” words":                "“quoted” words",
		" lead and trail ":               "lead and trail",
	} {
		if got := tidy(in); got != want {
			t.Errorf("tidy(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzTidy holds tidy to the plain version: split at white space, join,
// then drop the spaces before closing marks and the empty brackets.
func FuzzTidy(f *testing.F) {
	for _, s := range []string{"", " a  b\tc\n", "x . .", "a ( ) b", "a [] ;", "é ”’…", "\xff ."} {
		f.Add(s)
	}
	before := regexp.MustCompile(` ([` + regexp.QuoteMeta(closers) + `])`)
	f.Fuzz(func(t *testing.T, s string) {
		// In parts, as if joined by a space (a page's passage), split
		// at every byte, valid UTF-8 or not.
		for k := 0; k <= len(s); k++ {
			if got, joined := tidy(s[:k], s[k:]), tidy(s[:k]+" "+s[k:]); got != joined {
				t.Fatalf("tidy(%q, %q) = %q, want %q", s[:k], s[k:], got, joined)
			}
		}
		if !utf8.ValidString(s) {
			return // page text is valid UTF-8; the plain version assumes it
		}
		want := strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
		for {
			next := before.ReplaceAllString(want, "$1")
			if next == want {
				break
			}
			want = next
		}
		for _, empty := range []string{" ()", "()", " []", "[]"} {
			want = strings.ReplaceAll(want, empty, "")
		}
		if got := tidy(s); got != want {
			t.Fatalf("tidy(%q) = %q, want %q", s, got, want)
		}
	})
}
