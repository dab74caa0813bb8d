package render_test

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"

	"briefing/generator/build"
)

// TestLazyFilesKept: the search index is made into one buffer, each file
// emit's only until it returns. Get keeps copies: every search file it
// gives is the one Each writes, not a later file's bytes.
func TestLazyFilesKept(t *testing.T) {
	res, d := build.Build(os.DirFS("../.."), build.Options{Theme: os.DirFS("../..")})
	if len(d) > 0 {
		t.Fatal(d)
	}
	var mu sync.Mutex
	each := map[string][]byte{}
	if err := res.Tree.Each(func(p string, data []byte) error {
		if strings.HasPrefix(p, "search/") && strings.HasSuffix(p, ".js") {
			mu.Lock()
			each[p] = bytes.Clone(data)
			mu.Unlock()
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(each) < 3 {
		t.Fatalf("only %d search files", len(each))
	}
	for p, want := range each {
		got, err := res.Tree.Get(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("Get(%s) is not the file Each wrote (%d bytes against %d)", p, len(got), len(want))
		}
	}
}
