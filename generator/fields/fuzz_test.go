package fields

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"briefing/generator/diag"

	"go.yaml.in/yaml/v3"
)

// FuzzReader parses arbitrary YAML and reads every value of the top
// mapping in every way front matter is read (text, number, flag, date,
// list, nested mapping). It must never panic, and every problem must be
// located at a line of the input (shifted by LineOffset).
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		"name: Hama\naliases: [Hamah, \"Ḥamāh\"]\ncoords: [35.1, 36.7]\npopulation: 996_000\n",
		"date: 2024-12-05\nbad: 2024-02-30\nshape: 5 Dec\nflag: yes\nn: 0x1F\nf: .inf\nnan: .nan\n",
		"control:\n  - {date: 2024-12-05, faction: hts, source: afp}\n  - date: 2011-03-15\n    faction: saa\n",
		"a: &x [1, 2]\nb: *x\n",
		"a: 1\na: 2\n",
		"? [complex]\n: key\n",
		"- a list\n- at the top\n",
		"just text",
		"",
		"a: [unclosed\n",
		"a: \"\r0\n\"",
		"a:\r  b: 1\r  c: [\r",
		"a: \u2028b: 1\n",
		"\ta: tab\n",
		"a: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n",
		"a: |\n  block\n  text\nb: >\n  folded\n",
		"%YAML 1.2\n---\na: 1\n...\n",
		"--- a\n--- b\n",
		"a: !!binary aGVsbG8=\nb: !custom x\n",
		"a: 99999999999999999999999\nb: -1e400\n",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, offset uint8) {
		if len(data) > 16<<10 {
			t.Skip()
		}
		var diags diag.List
		r := &Reader{Path: "x.yaml", LineOffset: int(offset), Diags: &diags}
		root := r.Parse(data)
		if root != nil {
			readAll(r, root, "front matter", "", 0)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, d := range diags {
			if d.Path != "x.yaml" || d.Msg == "" {
				t.Errorf("diagnostic without path or message: %#v", d)
			}
			if d.Line < 1+int(offset) || d.Line > lines+int(offset) {
				t.Errorf("line %d outside the document (lines %d to %d): %s", d.Line, 1+int(offset), lines+int(offset), d)
			}
			if d.Col < 0 || strings.HasPrefix(d.Msg, "invalid YAML") && d.Col < 1 {
				t.Errorf("invalid column: %s", d)
			}
		}
	})
}

// readAll reads a mapping's values in every typed way, recursing into
// nested mappings and lists of mappings.
func readAll(r *Reader, n *yaml.Node, what, prefix string, depth int) {
	if depth > MaxDepth+2 {
		panic("deeper than Parse allows")
	}
	m := r.Map(n, what, prefix)
	for _, k := range m.Keys() {
		m.String(k, true)
		m.Int(k, false)
		m.Bool(k)
		m.Date(k, false)
		m.Strings(k)
		m.KeyPos(k)
		if v := m.Value(k); v != nil {
			m.Float(v, k)
			switch v.Kind {
			case yaml.MappingNode:
				readAll(r, v, k, prefix+k+".", depth+1)
			case yaml.SequenceNode:
				for i, it := range m.List(k) {
					if it.Kind == yaml.MappingNode {
						readAll(r, it, fmt.Sprintf("%s[%d]", k, i), fmt.Sprintf("%s%s[%d].", prefix, k, i), depth+1)
					}
				}
			}
		}
	}
	m.Only("name", "date")
}
