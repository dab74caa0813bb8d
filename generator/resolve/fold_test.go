package resolve

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// findQuote finds quote in text as claim matching does, both folded.
func findQuote(text, quote, prefix, suffix string) []hit {
	return fold(text).find(foldQuote(quote, prefix, suffix))
}

func TestFindQuote(t *testing.T) {
	text := "The army said it had “redeployed” outside the city — as Assad’s forces… left.\nThey  left."
	for _, tc := range []struct {
		name, quote, prefix, suffix string
		want                        []string
	}{
		{"exact", "outside the city", "", "", []string{"outside the city"}},
		{"straight quotes match curly", `had "redeployed" outside`, "", "", []string{"had “redeployed” outside"}},
		{"apostrophe", "as Assad's forces", "", "", []string{"as Assad’s forces"}},
		{"dash and double hyphen", "city -- as", "", "", []string{"city — as"}},
		{"ellipsis", "forces... left", "", "", []string{"forces… left"}},
		{"white space folds", "left. They left", "", "", []string{"left.\nThey  left"}},
		{"outer space trimmed", "  the army  ", "", "", nil},
		{"case kept", "the army", "", "", nil},
		{"two matches", "left", "", "", []string{"left", "left"}},
		{"prefix picks one", "left", "They", "", []string{"left"}},
		{"suffix picks one", "left", "", ".\nThey", []string{"left"}},
		{"prefix wrong", "left", "Nobody", "", nil},
		{"empty quote", "   ", "", "", nil},
		{"NFC", "Asad\u0301", "", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range findQuote(text, tc.quote, tc.prefix, tc.suffix) {
				got = append(got, text[m.Start:m.End])
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("findQuote(%q, %q, %q) = %q, want %q", tc.quote, tc.prefix, tc.suffix, got, tc.want)
			}
		})
	}
}

func TestFindQuoteNormalisesUnicode(t *testing.T) {
	// "é" precomposed in the text, decomposed in the quote, and the other way.
	if m := findQuote("Café Hama", "Cafe\u0301 Hama", "", ""); len(m) != 1 {
		t.Errorf("decomposed quote: %v", m)
	}
	if m := findQuote("Cafe\u0301 Hama", "Café", "", ""); len(m) != 1 || m[0] != (hit{0, 6}) {
		t.Errorf("decomposed text: %v", m)
	}
}

func TestSentenceAround(t *testing.T) {
	text := "Rebels took Aleppo. Military analyst Dr. Sarah Johnson said Hama fell on Thursday. The U.N. met. “Hama is ours,” he said."
	for _, tc := range []struct{ word, before, after string }{
		{"Aleppo", "Rebels took ", "."},
		{"Hama", "Military analyst Dr. Sarah Johnson said ", " fell on Thursday."},
		{"Thursday", "Military analyst Dr. Sarah Johnson said Hama fell on ", "."},
	} {
		i := indexOf(text, tc.word)
		b, m, a := sentenceAround(text, i, i+len(tc.word))
		if b != tc.before || m != tc.word || a != tc.after {
			t.Errorf("sentence around %q = %q|%q|%q", tc.word, b, m, a)
		}
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// FuzzFoldSameAsNormaliser: folding ASCII by table gives what folding every
// character through the normaliser gave (foldReference, the implementation
// before the table).
func FuzzFoldSameAsNormaliser(f *testing.F) {
	for _, s := range []string{
		"", "a", "plain ascii text, with  spaces\tand\nlines -- and --- dashes `ticks`",
		"“Quoted” ‘single’ — dash – en … ellipsis", "e\u0301 a\u030a x\u0301y", "Ḥamāh ḥama",
		"café\u0301 naïve", "\u00a0nbsp\u202fnarrow", "a\u0300\u0301\u0302b", "-\u0301-", " \u0301 ",
		"\u1100\u1161 hangul \uac00", "ﬁ ligature", "x\xffy", "end with e\u0301",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := fold(s), foldReference(s)
		if got.s != want.s || !slices.Equal(got.src, want.src) {
			t.Fatalf("fold(%q):\n got %q %v\nwant %q %v", s, got.s, got.src, want.s, want.src)
		}
	})
}

// foldReference is fold as it was before its ASCII fast path.
func foldReference(text string) folded {
	var b strings.Builder
	src := make([]int, 0, len(text)+1)
	var it norm.Iter
	it.InitString(norm.NFC, text)
	lastSpace, lastDash := false, false
	for !it.Done() {
		start := it.Pos()
		chunk := it.Next()
		for len(chunk) > 0 {
			r, size := utf8.DecodeRune(chunk)
			chunk = chunk[size:]
			out := ""
			switch {
			case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f':
				if !lastSpace {
					out = " "
				}
				lastSpace, lastDash = true, false
				if out != "" {
					b.WriteString(out)
					src = append(src, start)
				}
				continue
			case strings.ContainsRune("‘’‚‛′`", r):
				out = "'"
			case strings.ContainsRune("“”„‟″«»", r):
				out = `"`
			case strings.ContainsRune("-‐‑‒–—―−", r):
				if lastDash {
					continue
				}
				out = "-"
				lastSpace, lastDash = false, true
				b.WriteString(out)
				src = append(src, start)
				continue
			case r == '…':
				out = "..."
			default:
				out = string(r)
			}
			lastSpace, lastDash = false, false
			for i := 0; i < len(out); i++ {
				src = append(src, start)
			}
			b.WriteString(out)
		}
	}
	src = append(src, len(text))
	return folded{s: b.String(), src: src}
}

// FuzzSquash: returning a sentence unchanged when it has nothing to
// squash gives what squashing it gave.
func FuzzSquash(f *testing.F) {
	for _, s := range []string{"", " ", "a b", "a  b", "a\nb", " a ", "a\t", "x\xff y", "é  ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		space := false
		for _, r := range s {
			if r == ' ' || r == '\n' || r == '\t' {
				space = true
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
		if space {
			b.WriteByte(' ')
		}
		if got, want := squash(s), b.String(); got != want {
			t.Fatalf("squash(%q) = %q, want %q", s, got, want)
		}
	})
}
