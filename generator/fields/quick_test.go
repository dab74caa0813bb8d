package fields

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// quickAccepted are front matter of the shapes quickParse reads.
var quickAccepted = []string{
	"title: \"Prices climb in Kafr Dhiya\"\ndate: 2011-01-01\nsource: mediterranean-documentation-centre\nsummary: \"Medical staff acknowledged **checkpoints**, according to people.\"\n",
	"name: \"A\"\naliases: []\ncoords: [34.5388, 37.7469]\npopulation: 71536\ngovernorate: \"Deir ez-Zor\"\ncontrol:\n  - {date: 2017-08-06, faction: central-guard, source: northern-governorate-office}\n",
	"name: \"Central Dignity Committee\"\naliases: [\"CDC\"]\ntype: political\nallies: [independent-coalition-of-neghous, coastal-salvation-coalition]\n",
	"name: Border Civil Defence Group\nkind: ngo\nreliability: D\nurl: https://border.example.net/\n",
	"ctl:\n- a\n- 'b'\n- \"c\"\n\nnext: [x y, z]\n",
	"k: \"é\" \nz: [é, \"ü\", x]\nw: Ḥamāh, al-Sham forces\n",
	"k: {a: 1, a: 2}\nm: [ ]\nnm: {}\n",
	"t: true\nf: False\nnu: null\nt2: ~\nneg: -3\nnf: -0.25\n",
	"k: [a, 'b', \"c\", -1, 2.5, 2024-12-05, true]\narticle: 2011-05-14-shelling-hits-hama\n",
	"control:\n  - {date: 2024-11-27, faction: syrian-government, source: sohr, note: \"before\"}\n  - {date: 2024-12-05, faction: hts}\nfigures: []\n",
	"claims:\n  - article: 2011-05-14-shelling\n    quote: \"Observers acknowledged\"\n    status: false\n    sources: [orontes-monitor]\n  - quote: b\nnext: x\n",
}

// quickRefused are shapes next to them that quickParse leaves to yaml.v3.
var quickRefused = []string{
	"l: [a, b,]\n", "d: 2011-02-30\n", "i: 007\n", "j: y\n", "k2: yes\n", "l: 1e3\n", "m: 12345678901234567890123\n", "n: x\n",
	"k:\n", "k:\n  - a\n   - b\n", "k: [a, [b]]\n", "k: {a: {b: c}}\n", "k: 'it''s'\n", "k: \"a\\\"b\"\n",
	"k: v # comment\n", "k: |\n  text\n", "k: >-\n  folded\n", "k: &a x\nl: *a\n", "k: !!str 1\n", "---\nk: v\n",
	"k: v\n  continued\n", "k: v\r\n", "k:\tv\n", "- a\n- b\n", "k: - a\n", "k: [a, b\n", "k: {a: 1\n", "k: {a:1}\n",
	"k: v\n \n", "on: x\n", "true: x\n", "_k: v\n", "k: x: y\n", "ctl:\n-  two spaces\n",
	"k: \u0085\n", "k: \u2028\n", "\ufeffk: v\n", "k: 0x1f\n", "k: 1_000\n", "k: 2024-12-05T10:00:00Z\n",
	"claims:\n  - quote: a\n    sources:\n      - x\n", "claims:\n  - quote: a\n     status: b\n", "claims:\n  - quote:\n",
}

// FuzzQuickParse: whatever quickParse accepts, yaml.v3 parses to the same
// tree. (What it refuses, yaml.v3 parses as before.)
func FuzzQuickParse(f *testing.F) {
	for _, s := range append(append([]string{"\n\nk: v\n", "k:   v  \n", "k-1: v\nK_2: w\n"}, quickAccepted...), quickRefused...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, ok := quickParse([]byte(src))
		if !ok {
			return
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatalf("%q: quickParse accepted what yaml.v3 refuses: %v", src, err)
		}
		if len(doc.Content) != 1 {
			t.Fatalf("%q: quickParse accepted a document yaml.v3 reads as %d nodes", src, len(doc.Content))
		}
		if !reflect.DeepEqual(got, doc.Content[0]) {
			t.Fatalf("%q:\n got %s\nwant %s", src, dumpNode(got), dumpNode(doc.Content[0]))
		}
	})
}

// TestQuickParseReadsPlainFrontMatter: the fast path is taken for the
// shapes it is for (a fuzz test that only ever saw refusals would prove
// nothing), and it is taken for the front matter of the generated
// benchmark briefing's every file, when one is at hand.
func TestQuickParseReadsPlainFrontMatter(t *testing.T) {
	for _, s := range quickAccepted {
		if _, ok := quickParse([]byte(s)); !ok {
			t.Errorf("quickParse refused %q", s)
		}
	}
	for _, s := range quickRefused {
		if _, ok := quickParse([]byte(s)); ok {
			t.Errorf("quickParse accepted %q", s)
		}
	}
	dir := os.Getenv("BRIEFING_BENCH_SOURCE")
	if dir == "" {
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
	refused := 0
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(b), "---\n", 3)
		if len(parts) < 3 {
			continue
		}
		if _, ok := quickParse([]byte(parts[1])); !ok {
			refused++
			if refused < 5 {
				t.Errorf("%s: front matter refused:\n%s", p, parts[1])
			}
		}
	}
	t.Logf("%d files, %d refused", len(files), refused)
}

func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, ind string)
	walk = func(n *yaml.Node, ind string) {
		fmt.Fprintf(&b, "\n%skind=%d style=%d tag=%s value=%q at %d:%d", ind, n.Kind, n.Style, n.Tag, n.Value, n.Line, n.Column)
		for _, c := range n.Content {
			walk(c, ind+"  ")
		}
	}
	walk(n, "")
	return b.String()
}
