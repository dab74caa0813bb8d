package fields

// Review checks (passing): shapes next to the fast path's edges, and every
// document of up to four lines drawn from a set of lines at its edges,
// compared with yaml.v3 wherever quickParse accepts them. No difference
// was found.

import (
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func reviewCheck(t *testing.T, src string) bool {
	t.Helper()
	got, ok := quickParse([]byte(src))
	if !ok {
		return true
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Errorf("%q: accepted, yaml.v3 error %v", src, err)
		return false
	}
	if len(doc.Content) != 1 || !reflect.DeepEqual(got, doc.Content[0]) {
		t.Errorf("%q:\n got %s\nwant %s", src, dumpNode(got), dumpNode(doc.Content[0]))
		return false
	}
	return true
}

func TestReviewQuickParseEdges(t *testing.T) {
	long := strings.Repeat("a", 1100)
	for _, s := range []string{
		"k: 😀a\n", "k: [😀, a😀]\n", "k: \u00a0a\u00a0\n", "k: a   b\n", "k: a - b\n", "k: 'x'  \n", "k: \"😀\"\nl: [\"a\", 'b']\n",
		"k: a]\n", "k: a}\n", "k: a,\n", "k: a%\n", "k: a@b\n", "k: a`\n", "k: a'\n", "k: a\"\n", "k: a ?\n", "k: a-- -\n",
		"k:\n- a\n\n- b\n", "k:\n\n- a\n", "\n\n\nk: 1\n", "k: 12:30\n", "k: 1:2\n", "k: a:b\n",
		"k: [a/b, c.d, é-f]\n", "k: {a: b c, d: 'e'}\n", "k:   \"x\"\n", "k: \"\"\n", "k: ''\n", "k: [\"\", '']\n",
		"k: ...\n", "k: ---\n", "k: a ---\n", "k: [a ...]\n", "k: [a.]\n", "k: [a-]\n", "k: [a_, _]\n",
		"k: 2024-12-05\n", "k: 2024-1-05\n", "k: 0000-00-00\n", "k: 2024-02-29\n", "k: 2024-12-05 y\n",
		"k: 1.0\n", "k: 0.0\n", "k: -0.0\n", "k: 123456789012345678\n", "k: -123456789012345678\n", "k: 12345678901234567.5\n",
		"k: 1_g\n", "k: 0x1p\n", "k: 1h\n",
		"k: " + long + "\n", "k:\n- " + long + "\n", "k: [" + long + "]\n", "k: {a: " + long + "}\n",
		"k: {a: 1, " + strings.Repeat("b", 120) + ": 2}\n", "k: [" + strings.Repeat("a, ", 600) + "b]\n",
	} {
		reviewCheck(t, s)
	}
}

func TestReviewQuickParseLineShapes(t *testing.T) {
	lines := []string{"k: v", "k:", "- a", "  - a", "- a: b", "  b: c", "    c: d", "  - a: b", "", "m: [a]", "- [a]",
		"- {a: 1}", "   d: e", " x: y", "  - e: f", "    g: h", "- k:", "kk: \"q\"", "  -  a", "-"}
	fails := 0
	var rec func(doc string, n int)
	rec = func(doc string, n int) {
		if fails > 5 {
			return
		}
		if doc != "" {
			for _, src := range []string{doc, doc[:len(doc)-1]} {
				if !reviewCheck(t, src) {
					fails++
				}
			}
		}
		if n == 0 {
			return
		}
		for _, l := range lines {
			rec(doc+l+"\n", n-1)
		}
	}
	rec("", 4)
}
