package resolve

import (
	"reflect"
	"testing"
)

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
			for _, m := range FindQuote(text, tc.quote, tc.prefix, tc.suffix) {
				got = append(got, text[m.Start:m.End])
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("FindQuote(%q, %q, %q) = %q, want %q", tc.quote, tc.prefix, tc.suffix, got, tc.want)
			}
		})
	}
}

func TestFindQuoteNormalisesUnicode(t *testing.T) {
	// "é" precomposed in the text, decomposed in the quote, and the other way.
	if m := FindQuote("Café Hama", "Cafe\u0301 Hama", "", ""); len(m) != 1 {
		t.Errorf("decomposed quote: %v", m)
	}
	if m := FindQuote("Cafe\u0301 Hama", "Café", "", ""); len(m) != 1 || m[0] != (Match{0, 6}) {
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
