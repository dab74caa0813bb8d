package content

import (
	"bytes"
	"testing"

	"github.com/adrg/frontmatter"
)

// TestSplitAsThePackage checks that giving the frontmatter package only
// the text up to the closing line (so it does not copy the body) splits
// every file where giving it the whole file does.
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
	} {
		whole, wholeErr, wholeFound := splitWith([]byte(src), len(src))
		open, _ := openingLine([]byte(src))
		head, headErr, headFound := splitWith([]byte(src), frontMatterEnd([]byte(src), open))
		if whole != head || (wholeErr == nil) != (headErr == nil) || wholeFound != headFound {
			t.Errorf("%q: whole file gives %v %v %v, up to the closing line %v %v %v", src, whole, wholeErr, wholeFound, head, headErr, headFound)
		}
	}
}

type splitResult struct {
	yaml       string
	bodyOffset int
}

func splitWith(src []byte, n int) (splitResult, error, bool) {
	var captured []byte
	found := false
	format := frontmatter.NewFormat("---", "---", func(data []byte, _ any) error {
		captured, found = append([]byte(nil), data...), true
		return nil
	})
	rest, err := frontmatter.Parse(bytes.NewReader(src[:n]), nil, format)
	return splitResult{string(captured), n - len(rest)}, err, found
}
