package content

import (
	"bytes"
	"fmt"
	"testing"

	"briefing/generator/diag"

	"github.com/adrg/frontmatter"
)

// TestSplitAsThePackage checks that split finds the front matter the
// frontmatter package finds.
func TestSplitAsThePackage(t *testing.T) {
	for _, src := range []string{
		"---\na: 1\n---\nbody\n",
		"---\r\na: 1\r\n---\r\nbody\r\n---\r\nmore\r\n",
		"\n\n  ---  \na: 1\n  ---\t\nbody",
		"---\na: 1\n---",
		"---\na: 1\n---\n",
		"---\n---\nbody",
		"---\na: 1\n----\nb: 2\n---\nbody\n",
		"---\na: 1\nno end\n",
		"---",
		"---\n",
		"text\n---\na: 1\n---\n",
		"---\na: |\n  ---x\n---\n\n---\nbody with a rule above\n",
		"\ufeff---\na: 1\n---\nbody",
		"",
		" \n\t\n",
		"---x\na: 1\n---\n",
		"\u00a0---\u0085\na: 1\n---\u2028\nbody",
		"---\na: 1\n--- x\n---\n",
	} {
		if msg := checkSplit([]byte(src)); msg != "" {
			t.Errorf("%q: %s", src, msg)
		}
	}
}

// checkSplit says how split differs from the frontmatter package on src,
// or "" if it does not.
func checkSplit(src []byte) string {
	var diags diag.List
	d := &Doc{Path: "x.md", Src: src}
	yamlSrc, _, ok := split(d, &diags)
	ours := splitResult{string(yamlSrc), d.BodyOffset}
	theirs, err, found := splitWith(src)
	if err != nil || ok != found || ok && ours != theirs {
		return fmt.Sprintf("split gives %v %v, the package %v %v %v", ours, ok, theirs, err, found)
	}
	return ""
}

type splitResult struct {
	yaml       string
	bodyOffset int
}

func splitWith(src []byte) (splitResult, error, bool) {
	var captured []byte
	found := false
	format := frontmatter.NewFormat("---", "---", func(data []byte, _ any) error {
		captured, found = append([]byte(nil), data...), true
		return nil
	})
	rest, err := frontmatter.Parse(bytes.NewReader(src), nil, format)
	return splitResult{string(captured), len(src) - len(rest)}, err, found
}
