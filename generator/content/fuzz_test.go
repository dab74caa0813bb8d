package content

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/config"
)

// fuzzSite is a site with the four built-in kinds and one extra.
func fuzzSite(t testing.TB) *config.Site {
	s, diags := config.Load(fstest.MapFS{config.File: {Data: []byte("title: T\nbase_url: https://example.org/\nkinds:\n  people: { singular: person }\n")}})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return s
}

// maxFuzzInput bounds what the fuzzers feed in, so that a run measures
// robustness rather than the cost of ever larger inputs.
const maxFuzzInput = 32 << 10

// FuzzParse feeds arbitrary bytes to the LOAD stage of one file: front
// matter splitting, YAML decoding and the per-kind checks. It must never
// panic; every problem must name the file and a line inside it; a file that
// loads must have its body where BodyOffset says.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"---\ntitle: Rebels take Hama\ndate: 2024-12-05\nsource: afp\n---\nBody [[hama]] [@afp].\n",
		"---\nname: Hama\naliases: [Hamah]\ncoords: [35.1, 36.7]\npopulation: 996000\ncontrol:\n  - {date: 2024-12-05, faction: hts, source: afp}\n---\n",
		"---\nname: HTS\nfounded: 2017\ncolor: \"#2e7d32\"\nallies: [a]\nopponents: [b]\n---\n",
		"---\nname: AFP\nkind: news\nreliability: B\nurl: https://www.afp.com/\n---\n",
		"---\nname: Ann\ndate: 2024-12-01\nclaims:\n  - {article: r, quote: q, status: partly, sources: [s]}\nfigures:\n  - {label: dead, value: 3, as_of: 2024-12-05, source: s}\n---\n",
		"\ufeff---\r\nname: BOM and CRLF\r\n---\r\nBody\r\n",
		"---\nname: [unclosed\n---\n",
		"---\nname: x\n",
		"no front matter",
		"",
		"---\n---\n",
		"---\na: &x [1]\nb: *x\n---\n",
		"---\nname: x\nname: y\n---\n",
		"---\n\tname: tab\n---\n",
		"\n\n  ---\nname: late\n---\n",
		"---\nname: \xff\n---\n",
		"---\nname: a\x00b\n---\n",
		"+++\ntitle = 'toml'\n+++\n",
		"---\nname: x\ncoords: [100, 500]\npopulation: -1\npopulation_year: 0\n---\n",
		"---\nname: x\n" + strings.Repeat("- ", 40) + "\n---\n",
		"---\nurl: javascript:alert(1)\ntitle: t\ndate: 2024-02-30\n---\n",
	}
	for _, s := range seeds {
		for k := range 5 {
			f.Add(uint8(k), []byte(s))
		}
	}
	site := fuzzSite(f)
	f.Fuzz(func(t *testing.T, kind uint8, src []byte) {
		if len(src) > maxFuzzInput {
			t.Skip()
		}
		k := site.Kinds[int(kind)%len(site.Kinds)]
		p := "content/" + k.Name + "/x.md"
		orig := append([]byte(nil), src...)
		d, diags := Parse(File{Kind: k.Name, Path: p, Src: src})
		if d == nil {
			t.Fatal("Parse returned nil")
		}
		if !bytes.Equal(src, orig) {
			t.Fatal("Parse changed its input")
		}
		// Split as the frontmatter package does on the whole file.
		src0 := bytes.TrimPrefix(orig, bom)
		open, _ := openingLine(src0)
		whole, wholeErr, wholeFound := splitWith(src0, len(src0))
		head, headErr, headFound := splitWith(src0, frontMatterEnd(src0, open))
		if whole != head || (wholeErr == nil) != (headErr == nil) || wholeFound != headFound {
			t.Fatalf("split up to the closing line gives %v %v %v, the whole file %v %v %v", head, headErr, headFound, whole, wholeErr, wholeFound)
		}
		lines := bytes.Count(orig, []byte("\n")) + 1
		for _, dg := range diags {
			if dg.Path != p {
				t.Errorf("diagnostic without the file's path: %q", dg)
			}
			if dg.Line < 1 || dg.Line > lines {
				t.Errorf("diagnostic line %d outside the file (%d lines): %q", dg.Line, lines, dg)
			}
			if dg.Col < 0 {
				t.Errorf("negative column: %q", dg)
			}
			if dg.Msg == "" {
				t.Errorf("diagnostic without a message: %#v", dg)
			}
		}
		if d.Broken && len(diags) == 0 {
			t.Error("a broken file with no diagnostic")
		}
		if !d.Broken {
			if d.BodyOffset < 0 || d.BodyOffset > len(d.Src) || !bytes.Equal(d.Body, d.Src[d.BodyOffset:]) {
				t.Fatalf("body is not Src[BodyOffset:] (offset %d of %d)", d.BodyOffset, len(d.Src))
			}
			if pos := d.BodyPosition(len(d.Body)); pos.Line < 1 || pos.Line > lines {
				t.Errorf("end of body maps to line %d of %d", pos.Line, lines)
			}
			if d.URL != "" && !isWebURL(d.URL) {
				t.Errorf("url %q accepted", d.URL)
			}
			if d.Color != "" && !isColor(d.Color) {
				t.Errorf("color %q accepted", d.Color)
			}
			if len(d.Claims) > MaxClaims {
				t.Errorf("%d claims accepted", len(d.Claims))
			}
			for _, r := range d.Refs {
				if r.Pos.Line < 1 || r.Pos.Line > lines {
					t.Errorf("ref %s at line %d of %d", r.Field, r.Pos.Line, lines)
				}
			}
		}
	})
}
