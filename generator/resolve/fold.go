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

// foldString folds text for comparison only, trimming outer space.
func foldString(s string) string { return strings.TrimSpace(fold(s).s) }

// origEnd maps the end of a folded range back to the original text: the
// start of the next folded byte's source, so a range ends before whatever
// folded away after it.
func (f folded) origEnd(end int) int {
	if end >= len(f.s) {
		return f.src[len(f.s)]
	}
	return f.src[end]
}

// Match is where a quote was found in a block's text (original offsets).
type Match struct{ Start, End int }

// FindQuote finds quote in text after folding both; prefix and suffix, when
// given, must come right before or after it (white space around them
// ignored). It returns every match. It is the whole of claim matching and
// what the fuzz tests call.
func FindQuote(text, quote, prefix, suffix string) []Match {
	return fold(text).find(foldQuote(quote, prefix, suffix))
}

// quoteKey is a quote with its prefix and suffix, folded.
type quoteKey struct{ q, p, s string }

// foldQuote folds a quote once for searching every block of an article.
func foldQuote(quote, prefix, suffix string) quoteKey {
	return quoteKey{foldString(quote), foldString(prefix), foldString(suffix)}
}

// find is FindQuote on text folded once: an article with many claims is
// folded once, not once per claim (and each quote once, not per block).
func (f folded) find(k quoteKey) []Match {
	q, p, s := k.q, k.p, k.s
	if q == "" {
		return nil
	}
	var out []Match
	for from := 0; from <= len(f.s); {
		i := strings.Index(f.s[from:], q)
		if i < 0 {
			break
		}
		start := from + i
		end := start + len(q)
		from = start + 1
		if !atBoundary(f.s, start, end) || !f.atSegment(start, end) {
			continue
		}
		if p != "" && !strings.HasSuffix(strings.TrimRight(f.s[:start], " "), p) {
			continue
		}
		if s != "" && !strings.HasPrefix(strings.TrimLeft(f.s[end:], " "), s) {
			continue
		}
		out = append(out, Match{Start: f.src[start], End: f.origEnd(end)})
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

// atBoundary keeps a quote from matching the middle of a longer run of
// folded characters where folding merged them (a dash run, say): the match
// must not start or end inside one UTF-8 character. Words may be cut: a
// quote is text, not a phrase search.
func atBoundary(s string, start, end int) bool {
	return utf8.RuneStart(s[start]) && (end == len(s) || utf8.RuneStart(s[end]))
}
