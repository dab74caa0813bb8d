package resolve

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"briefing/generator/content"
	"briefing/generator/markdown"
)

// Bugs the hardening work of issue 7 found in this package, kept as
// tests. The slow cases have no timing assertion: a regression shows as
// the package running for minutes, so run it with a -timeout.

// TestFindQuoteInsideSegment: FuzzFindQuote found quotes that end or start
// inside one folding segment of the text (a letter with combining marks
// NFC cannot compose, or "…" folded to "...") "found" at a range that does
// not hold them: an empty range for "x" in "x\u0301\u0301", "forces" for
// "forces.." in "forces…". A claim highlighted the wrong text or nothing.
func TestFindQuoteInsideSegment(t *testing.T) {
	for _, c := range []struct {
		text, quote string
		want        int // matches
	}{
		{"x\u0301\u0301 y", "x", 0},
		{"x\u0301\u0301 y", "\u0301 y", 0},
		{"x\u0301\u0301 y", "x\u0301\u0301 y", 1},
		{"forces… left", "forces..", 0},
		{"forces… left", ".. left", 0},
		{"forces… left", "forces...", 1},
		{"forces… left", "forces… left", 1},
		{"…", ".", 0},
		{"Caf\u00e9 open", "Cafe\u0301 open", 1}, // NFC composes it: one segment either way
	} {
		ms := findQuote(c.text, c.quote, "", "")
		if len(ms) != c.want {
			t.Errorf("findQuote(%q, %q) = %v, want %d matches", c.text, c.quote, ms, c.want)
		}
		for _, m := range ms {
			if got := foldString(c.text[m.Start:m.End]); got != foldString(c.quote) {
				t.Errorf("findQuote(%q, %q) matches text[%d:%d] = %q, which is not the quote", c.text, c.quote, m.Start, m.End, c.text[m.Start:m.End])
			}
		}
	}
}

func resolveWith(t *testing.T, files map[string]string) (*Briefing, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range specSheets {
		fsys[k] = v
	}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	site, docs := load(t, fsys)
	b, diags := resolveDocs(site, docs, markdown.New())
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.String())
	}
	return b, msgs
}

// TestManyLinksInOneSentence: every link keeps the sentence around it for
// "Mentioned in", and the whole sentence was scanned and copied for each
// link: 16,000 [[links]] on one 144 kB line took about a minute, 1 MB of
// them hours. Now the scan stops a window away, and each mention keeps at
// most 160 characters either side, marked "…" where it was cut.
func TestManyLinksInOneSentence(t *testing.T) {
	const n = 20000

	b, diags := resolveWith(t, map[string]string{
		"content/articles/a.md": "---\ntitle: A\ndate: 2024-12-05\n---\nStart. " + strings.Repeat("[[homs]] and ", n) + "end.\n",
	})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	ms := b.Page("cities/homs").Mentions
	if len(ms) != n {
		t.Fatalf("%d mentions of homs, want %d", len(ms), n)
	}
	for i, m := range ms {
		if utf8.RuneCountInString(m.Before) > 161 || utf8.RuneCountInString(m.After) > 161 {
			t.Fatalf("mention %d keeps %d and %d characters around the link, want at most 160 and …", i, utf8.RuneCountInString(m.Before), utf8.RuneCountInString(m.After))
		}
	}
	if m := ms[n/2]; !strings.HasPrefix(m.Before, "…") || !strings.HasSuffix(m.After, "…") {
		t.Errorf("a mention in the middle of the long sentence is not marked as cut: %q … %q", m.Before, m.After)
	}
}

// TestManyUnclosedOnOneLine: each problem's column is a count of the
// characters before it on its line, so 250,000 unclosed "[[" on one
// 1 MB line took five minutes to report, though a body shows only
// maxProblems problems. Those past it are now counted, not located.
func TestManyUnclosedOnOneLine(t *testing.T) {
	const n = 50000
	_, diags := resolveWith(t, map[string]string{
		"content/articles/a.md": "---\ntitle: A\ndate: 2024-12-05\n---\n" + strings.Repeat("[[a ", n) + "\n",
	})
	if len(diags) != maxProblems+1 {
		t.Fatalf("%d problems, want %d and a count of the rest", len(diags), maxProblems+1)
	}
	if want := `content/articles/a.md:5:5: unclosed link "[[a": no "]]" follows`; !strings.HasPrefix(diags[1], want) {
		t.Errorf("second problem %q, want %q", diags[1], want)
	}
	if want := fmt.Sprintf("content/articles/a.md: %d more problems in this file not shown", n-maxProblems); diags[maxProblems] != want {
		t.Errorf("last problem %q, want %q", diags[maxProblems], want)
	}
}

// TestSentenceAroundWindow checks the bounded scan cuts where the full
// one would, and says so.
func TestSentenceAroundWindow(t *testing.T) {
	long := strings.Repeat("word ", 1000)
	text := "First sentence. Here " + long + "LINK " + long + "there. Next one."
	start := strings.Index(text, "LINK")
	before, match, after := sentenceAround(text, start, start+4)
	if match != "LINK" {
		t.Errorf("match %q", match)
	}
	if !strings.HasPrefix(before, "…") || !strings.HasSuffix(after, "…") {
		t.Errorf("a long sentence is not marked as cut: %q … %q", before, after)
	}
	if utf8.RuneCountInString(before) > 161 || utf8.RuneCountInString(after) > 161 {
		t.Errorf("more than 160 characters kept: %d, %d", utf8.RuneCountInString(before), utf8.RuneCountInString(after))
	}
	text = "First sentence. Here is the LINK there. Next one."
	start = strings.Index(text, "LINK")
	if before, _, after := sentenceAround(text, start, start+4); before != "Here is the " || after != " there." {
		t.Errorf("short sentence: %q, %q", before, after)
	}
	// Multi-byte text: the window never cuts inside a character.
	arabic := strings.Repeat("حماة ", 600)
	text = arabic + "LINK " + arabic
	start = strings.Index(text, "LINK")
	before, _, after = sentenceAround(text, start, start+4)
	if !utf8.ValidString(before) || !utf8.ValidString(after) {
		t.Errorf("cut inside a character: %q … %q", before, after)
	}
}

// TestManyClaimsOnALongArticle: FindQuote folded the article again for
// every claim, so 1,000 claims on a 1 MB article took 40 s. Each text
// block is now folded once.
func TestManyClaimsOnALongArticle(t *testing.T) {
	var body, claims strings.Builder
	for i := range 500 {
		fmt.Fprintf(&body, "Paragraph %d says marker%d happened. %s\n\n", i, i, strings.Repeat("Rebels and the army fought for the city. ", 12))
		fmt.Fprintf(&claims, "  - {article: a, quote: \"marker%d happened\", status: unverified}\n", i)
	}
	b, diags := resolveWith(t, map[string]string{
		"content/articles/a.md": "---\ntitle: A\ndate: 2024-12-05\n---\n" + body.String(),
		"content/cities/b.md":   "---\nname: B\nclaims:\n" + claims.String() + "---\n",
	})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if n := len(b.Page("articles/a").InArticle); n != 500 {
		t.Errorf("%d claims placed, want 500", n)
	}
}

// TestClaimsPerArticleLimit: fact sheets together may put at most
// MaxClaimsPerArticle claims on one article; the first claim past it is
// reported where it is written.
func TestClaimsPerArticleLimit(t *testing.T) {
	files := map[string]string{"content/articles/a.md": "---\ntitle: A\ndate: 2024-12-05\n---\nRebels took the city.\n"}
	per := content.MaxClaims
	sheets := (MaxClaimsPerArticle + per) / per // one claim past the limit
	for s := range sheets + 1 {
		var claims strings.Builder
		for range per {
			claims.WriteString("  - {article: a, quote: took the city, status: unverified}\n")
		}
		files[fmt.Sprintf("content/cities/c%d.md", s)] = "---\nname: C" + fmt.Sprint(s) + "\nclaims:\n" + claims.String() + "---\n"
	}
	_, diags := resolveWith(t, files)
	var limit []string
	for _, d := range diags {
		if strings.Contains(d, "more than the limit") {
			limit = append(limit, d)
		}
	}
	want := fmt.Sprintf("content/cities/c2.md:4:25: claims[0]: content/articles/a.md has %d claims on it, more than the limit of %d for one article", (sheets+1)*per, MaxClaimsPerArticle)
	if len(limit) != 1 || limit[0] != want {
		t.Errorf("limit errors %q, want [%q]", limit, want)
	}
}
