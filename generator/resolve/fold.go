package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folded is text prepared for quote matching, with a map from each byte of
// the folded text back to the byte of the original it came from.
type folded struct {
	s   string
	src []int // len(s)+1 entries; src[len(s)] is len(original)
}

// fold normalises text for matching claims (SPEC 4.4): Unicode NFC,
// typographic quotes to straight ones, every dash to "-" (and a run of
// them, as typed for an en or em dash, to one), the ellipsis to "...", and
// any run of white space to one space. Case is kept: a quote is exact text.
func fold(text string) folded {
	f := folder{src: make([]int, 0, len(text)+1)}
	f.b.Grow(len(text))
	// Most text is ASCII. An ASCII character followed by another is its
	// own normalisation segment (norm.Iter hands them out one by one), so
	// it is folded here by table; the rest, from an ASCII character
	// followed by anything else up to the next ASCII character followed
	// by ASCII, goes through the normaliser. Both ends of such a run are
	// segment boundaries (an ASCII character starts a segment), so the
	// normaliser sees the segments it would see in the whole text.
	// (Text that is not UTF-8, which load refuses, all goes through the
	// normaliser: it reads an incomplete sequence differently at the end
	// of its input.)
	if !utf8.ValidString(text) {
		f.general(text, 0)
	} else {
		for i := 0; i < len(text); {
			if text[i] < utf8.RuneSelf && (i+1 == len(text) || text[i+1] < utf8.RuneSelf) {
				f.ascii(text[i], i)
				i++
				continue
			}
			j := i + 1
			for j < len(text) && !(text[j] < utf8.RuneSelf && (j+1 == len(text) || text[j+1] < utf8.RuneSelf)) {
				j++
			}
			f.general(text[i:j], i)
			i = j
		}
	}
	f.src = append(f.src, len(text))
	return folded{s: f.b.String(), src: f.src}
}

// folder builds a folded text: what is written, where each byte came
// from, and whether the last thing written was a space or a dash.
type folder struct {
	b                   strings.Builder
	src                 []int
	lastSpace, lastDash bool
}

// ascii folds one ASCII character at offset start.
func (f *folder) ascii(c byte, start int) {
	space, dash := false, false
	switch c {
	case '\t', '\n', '\v', '\f', '\r', ' ':
		c, space = ' ', true
	case '-':
		dash = true
	case '`':
		c = '\''
	}
	// A run of white space or of dashes is written once.
	if !(space && f.lastSpace) && !(dash && f.lastDash) {
		f.b.WriteByte(c)
		f.src = append(f.src, start)
	}
	f.lastSpace, f.lastDash = space, dash
}

// general folds text, which starts at offset base of the whole, through
// the NFC normaliser.
func (f *folder) general(text string, base int) {
	var it norm.Iter
	it.InitString(norm.NFC, text)
	for !it.Done() {
		start := base + it.Pos()
		chunk := it.Next()
		for len(chunk) > 0 {
			r, size := utf8.DecodeRune(chunk)
			chunk = chunk[size:]
			var out string
			switch {
			case r < utf8.RuneSelf:
				f.ascii(byte(r), start)
				continue
			case unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f':
				f.ascii(' ', start)
				continue
			case strings.ContainsRune("‐‑‒–—―−", r):
				f.ascii('-', start)
				continue
			case strings.ContainsRune("‘’‚‛′", r):
				out = "'"
			case strings.ContainsRune("“”„‟″«»", r):
				out = `"`
			case r == '…':
				out = "..."
			default:
				out = string(r)
			}
			f.lastSpace, f.lastDash = false, false
			for range len(out) {
				f.src = append(f.src, start)
			}
			f.b.WriteString(out)
		}
	}
}

// foldString folds text for comparison only, trimming outer space.
func foldString(s string) string { return strings.TrimSpace(fold(s).s) }

// hit is where a quote was found in a block's text (original offsets).
type hit struct{ Start, End int }

// quoteKey is a quote with its prefix and suffix, folded.
type quoteKey struct{ q, p, s string }

// foldQuote folds a quote once for searching every block of an article.
func foldQuote(quote, prefix, suffix string) quoteKey {
	return quoteKey{foldString(quote), foldString(prefix), foldString(suffix)}
}

// find finds a folded quote in folded text; its prefix and suffix, when
// given, must come right before or after it (white space around them
// ignored). It returns every match; words may be cut (a quote is text,
// not a phrase search). Text is folded once for all the claims on an
// article, and each quote once for all its blocks. Both are UTF-8 (folding
// makes U+FFFD of anything else), so a match never cuts a character.
func (f folded) find(k quoteKey) []hit {
	q, p, s := k.q, k.p, k.s
	if q == "" {
		return nil
	}
	var out []hit
	for from := 0; from <= len(f.s); {
		i := strings.Index(f.s[from:], q)
		if i < 0 {
			break
		}
		start := from + i
		end := start + len(q)
		from = start + 1
		if !f.atSegment(start, end) {
			continue
		}
		if p != "" && !strings.HasSuffix(strings.TrimRight(f.s[:start], " "), p) {
			continue
		}
		if s != "" && !strings.HasPrefix(strings.TrimLeft(f.s[end:], " "), s) {
			continue
		}
		// The end maps back to the source of the next folded byte, so a
		// match ends before whatever folded away after it.
		out = append(out, hit{Start: f.src[start], End: f.src[end]})
	}
	return out
}

// atSegment reports whether a folded range starts and ends between the
// segments folding works on (a letter with its combining marks, "…" folded
// to "..."): a match cut inside one maps back to text that does not hold
// the quote ("forces.." in "forces…" would highlight "forces").
func (f folded) atSegment(start, end int) bool {
	return (start == 0 || f.src[start] != f.src[start-1]) &&
		(end >= len(f.s) || f.src[end] != f.src[end-1])
}
