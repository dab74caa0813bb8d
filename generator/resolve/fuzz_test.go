package resolve

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"briefing/generator/config"
	"briefing/generator/markdown"
)

// FuzzFindQuote checks quote matching on arbitrary text: no panic; every
// match lies inside the text, on character boundaries, in order; the
// matched text folds to the quote; and a plain quote written in a plain
// text is always found.
func FuzzFindQuote(f *testing.F) {
	text := "The army said it had “redeployed” outside the city — as Assad’s forces… left.\nThey  left."
	for _, c := range [][4]string{
		{text, "outside the city", "", ""},
		{text, `had "redeployed" outside`, "", ""},
		{text, "city -- as", "", ""},
		{text, "forces... left", "", ""},
		{text, "left", "They", ""},
		{text, "left", "", ".\nThey"},
		{"Café Hama", "Cafe\u0301 Hama", "", ""},
		{"Cafe\u0301 Hama", "Café", "", ""},
		{"a--b---c", "-", "", ""},
		{"a \u00a0\u202f b", "a b", "a", "b"},
		{"\xff\xfe bad utf8 \xc3", "bad", "", ""},
		{"ﬁ ligature ǅ", "ﬁ", "", ""},
		{"x\u0301\u0301 y", "x", "", ""},
		{"aaaa", "aa", "", ""},
		{"x\u0301\u0301 y", "x", "", ""},
		{"forces… left", "forces..", "", ""},
	} {
		f.Add(c[0], c[1], c[2], c[3])
	}
	plain := regexp.MustCompile(`^[A-Za-z0-9]+$`)
	f.Fuzz(func(t *testing.T, text, quote, prefix, suffix string) {
		if len(text) > 4<<10 || len(quote)+len(prefix)+len(suffix) > 1<<10 {
			t.Skip()
		}
		ms := findQuote(text, quote, prefix, suffix)
		for _, m := range ms {
			if m.Start < 0 || m.End > len(text) || m.Start > m.End {
				t.Fatalf("match %v outside the text (%d bytes)", m, len(text))
			}
		}
		// Content and front matter are valid UTF-8 (LOAD refuses the
		// rest): the finer properties only hold for that.
		if !utf8.ValidString(text) || !utf8.ValidString(quote) || !utf8.ValidString(prefix) || !utf8.ValidString(suffix) {
			return
		}
		q := foldString(quote)
		last := -1
		for _, m := range ms {
			if m.Start <= last {
				t.Errorf("matches out of order: %v", ms)
			}
			last = m.Start
			if !utf8.RuneStart(text[m.Start]) || (m.End < len(text) && !utf8.RuneStart(text[m.End])) {
				t.Errorf("match %v cuts a character of %q", m, text)
			}
			if got := foldString(text[m.Start:m.End]); got != q {
				t.Errorf("text[%d:%d] = %q folds to %q, want %q", m.Start, m.End, text[m.Start:m.End], got, q)
			}
		}
		if prefix == "" && suffix == "" && plain.MatchString(quote) && isPlainText(text) && strings.Contains(text, quote) && len(ms) == 0 {
			t.Errorf("plain quote %q not found in %q", quote, text)
		}
		if prefix != "" || suffix != "" {
			if all := findQuote(text, quote, "", ""); len(all) < len(ms) {
				t.Errorf("prefix/suffix gave more matches (%d) than none (%d)", len(ms), len(all))
			}
		}
	})
}

func isPlainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' || s[i] == '-' || s[i] == '`' {
			return false
		}
	}
	return true
}

// yamlString writes s as a double-quoted YAML scalar that reads back as s
// (invalid UTF-8 becomes U+FFFD, as it would anyway).
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= ' ' && r <= '~':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

var tagRE = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
var attrRE = regexp.MustCompile(`([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?`)

// unsafeHTML says what would let a body run script, or "".
func unsafeHTML(html string) string {
	for _, m := range tagRE.FindAllStringSubmatch(html, -1) {
		switch strings.ToLower(m[1]) {
		case "script", "style", "iframe", "object", "embed", "meta", "base", "link", "form", "svg", "math":
			return "element <" + m[1] + ">"
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			name, val := strings.ToLower(a[1]), strings.ToLower(strings.TrimSpace(a[2]+a[3]+a[4]))
			if strings.HasPrefix(name, "on") || name == "style" {
				return "attribute " + a[0]
			}
			if (name == "href" || name == "src") && (strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") || strings.HasPrefix(val, "data:")) {
				return "attribute " + a[0]
			}
		}
	}
	return ""
}

// FuzzAnnotations resolves a small briefing whose article body, and the
// quote and note of one claim on it, come from the fuzzer: wikilinks,
// citations, auto-links and claim marks all run on hostile text. It must
// not panic, every problem must be located in one of the briefing's files,
// and every rendered body and note must be safe HTML.
func FuzzAnnotations(f *testing.F) {
	for _, c := range [][3]string{
		{"Rebels led by Hayat Tahrir al-Sham took [[hama]] [@sohr, 5 Dec 2024]. The Army left Hama.", "took Hama", "Said by [[afp]]."},
		{"[[cities/hama|x]] [[hts#frag]] [[people/hama]] [[nope]] [[hama]] [[a/b/c]] ![[hama]] [[]] [[|]]", "x", "[@afp] in a note"},
		{"[@sohr; @afp] [@] [@;@] [@nobody] [@afp, p. 3; sohr]", "afp", ""},
		{"<script>alert(1)</script> [[hama|<script>]] [@afp, </script>] [x](javascript:alert(1))", "alert(1)", "<img src=x onerror=alert(1)> [[hts|<b>]]"},
		{"Homs and Homs and *Ho*ms. `Hama` # Hama\n\nSOHR said.", "Homs", "**bold** [[homs]]"},
		{"The “army” — said… ‘x’ left -- twice.", `"army" - said...`, ""},
		{"a\n\n| t | [[hama]] |\n|---|---|\n| [@afp] | Hama |\n\n[^1]\n\n[^1]: Hama [@sohr]", "Hama", ""},
		{"nested *em [[hama|link **strong**]] em* end", "em link strong em", ""},
	} {
		f.Add(c[0], c[1], c[2])
	}
	base := fstest.MapFS{}
	for k, v := range specSheets {
		base[k] = v
	}
	md := markdown.New()
	f.Fuzz(func(t *testing.T, body, quote, note string) {
		if len(body) > 8<<10 || len(quote)+len(note) > 2<<10 {
			t.Skip()
		}
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		files := map[string]string{
			"content/articles/a.md": "---\ntitle: A\ndate: 2024-12-05\n---\n" + body,
			"content/cities/b.md": "---\nname: Bee\nclaims:\n  - article: a\n    quote: " + yamlString(quote) +
				"\n    status: partly\n    sources: [afp]\n    note: " + yamlString(note) + "\n---\nSee [[a]].\n",
		}
		for p, s := range files {
			fsys[p] = &fstest.MapFile{Data: []byte(s)}
		}
		site, diags := config.Load(fsys)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		docs, diags := loadDocs(fsys, site)
		b, rd := resolveDocs(site, docs, md)
		diags.Merge(rd)
		for _, d := range diags {
			src, ok := fsys[d.Path]
			if !ok {
				t.Errorf("diagnostic not in a file of the briefing: %s", d)
				continue
			}
			if lines := bytes.Count(src.Data, []byte("\n")) + 1; d.Line < 1 || d.Line > lines {
				t.Errorf("line %d outside %s (%d lines): %s", d.Line, d.Path, lines, d)
			}
		}
		if b == nil {
			return
		}
		for _, e := range b.Pages() {
			if why := unsafeHTML(string(e.Body)); why != "" {
				t.Fatalf("%s: unsafe body HTML (%s):\n%s", e.Key, why, e.Body)
			}
		}
		for _, c := range b.Claims {
			if why := unsafeHTML(string(c.Note)); why != "" {
				t.Fatalf("%s: unsafe note HTML (%s):\n%s", c.ID, why, c.Note)
			}
		}
	})
}
