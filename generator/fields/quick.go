package fields

import (
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// quickParse reads front matter of the plain shape nearly every fact
// sheet has, and gives exactly the node tree yaml.v3 gives for it (kinds,
// tags, styles, values, lines and columns), in a small fraction of the
// time: yaml.v3 spends some 45 µs on five lines, which is a quarter of
// checking a large briefing. It reads
//
//	key: plain, "double-quoted" or 'single-quoted' value, [flow, list] or {flow: map}
//	key:
//	  - one of those values per item
//
// and nothing else. At anything outside that shape (a comment, an escape,
// a multi-line scalar, a nested block, a value whose type it does not
// know, a character YAML treats specially) it gives up, ok is false, and
// the caller parses the document with yaml.v3 as before; errors always
// come from yaml.v3. FuzzQuickParse holds the two to the same trees.
func quickParse(data []byte) (root *yaml.Node, ok bool) {
	if !quickChars(data) {
		return nil, false
	}
	src := string(data)
	root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	var seq *yaml.Node  // the list of a "key:" line, while its items follow
	var item *yaml.Node // the block map of "- key: value", while its keys follow
	line := 0
	for len(src) > 0 {
		line++
		var l string
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			l, src = src, ""
		}
		rest := strings.TrimLeft(l, " ")
		if rest == "" {
			if l != "" {
				return nil, false // white space alone: let yaml.v3 judge
			}
			continue
		}
		indent := len(l) - len(rest)
		switch {
		case seq != nil && strings.HasPrefix(rest, "- "):
			// An item: "- value" or "- key: value".
			if len(seq.Content) == 0 {
				seq.Line, seq.Column = line, indent+1
			} else if seq.Column != indent+1 {
				return nil, false
			}
			p := &lineParser{s: l, i: indent + 2, line: line}
			p.spaces()
			if p.i != indent+2 {
				return nil, false
			}
			item = nil
			if m, ok := p.mapEntry(); ok {
				k, v := m[0], m[1]
				item = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: k.Line, Column: k.Column, Content: m}
				if v == nil {
					return nil, false
				}
				seq.Content = append(seq.Content, item)
				continue
			}
			p.i = indent + 2
			v, ok := p.value(false)
			if !ok || !p.end() {
				return nil, false
			}
			seq.Content = append(seq.Content, v)
			continue
		case item != nil && indent+1 == item.Column:
			// The next key of an item's map.
			p := &lineParser{s: l, i: indent, line: line}
			m, ok := p.mapEntry()
			if !ok || m[1] == nil {
				return nil, false
			}
			item.Content = append(item.Content, m...)
			continue
		}
		if seq != nil && len(seq.Content) == 0 {
			return nil, false // "key:" with no items: a null yaml.v3 places itself
		}
		seq, item = nil, nil
		if indent != 0 {
			return nil, false
		}
		p := &lineParser{s: l, line: line}
		m, ok := p.mapEntry()
		if !ok {
			return nil, false
		}
		if len(root.Content) == 0 {
			root.Line, root.Column = line, 1
		}
		if m[1] == nil {
			seq = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			m[1] = seq
		}
		root.Content = append(root.Content, m...)
	}
	if len(root.Content) == 0 || seq != nil && len(seq.Content) == 0 {
		return nil, false
	}
	return root, true
}

// quickChars reports whether data has none of the characters that YAML
// reads specially or refuses, wherever they are: tabs, carriage returns,
// comments, escapes, and every character outside YAML's printable set
// or that it counts as a line break (NEL, U+2028, U+2029) or a byte order
// mark.
func quickChars(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f || c == '#' || c == '\\' || c == '\t' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return false
		case r <= 0x9f, r == 0x2028, r == 0x2029, r == 0xfeff, r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}

// lineParser reads the values of one line; i is a byte offset into s.
type lineParser struct {
	s    string
	i    int
	line int
}

// col is the column yaml.v3 gives the byte at offset i: characters, from 1.
func (p *lineParser) col(i int) int { return utf8.RuneCountInString(p.s[:i]) + 1 }

func (p *lineParser) spaces() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

// end reports whether only spaces are left.
func (p *lineParser) end() bool {
	p.spaces()
	return p.i == len(p.s)
}

// mapEntry reads "key: value" to the end of the line, or "key:" (the
// value is then nil, for the caller to decide).
func (p *lineParser) mapEntry() ([]*yaml.Node, bool) {
	k, ok := p.key()
	if !ok || p.i >= len(p.s) || p.s[p.i] != ':' {
		return nil, false
	}
	p.i++
	if p.i == len(p.s) {
		return []*yaml.Node{k, nil}, true
	}
	if p.s[p.i] != ' ' {
		return nil, false
	}
	p.spaces()
	v, ok := p.value(false)
	if !ok || !p.end() {
		return nil, false
	}
	return []*yaml.Node{k, v}, true
}

// key reads a mapping key: a word of letters, digits, '_' and '-' that
// YAML reads as a string.
func (p *lineParser) key() (*yaml.Node, bool) {
	start := p.i
	for p.i < len(p.s) && isKeyByte(p.s[p.i], p.i == start) {
		p.i++
	}
	k := p.s[start:p.i]
	if k == "" || len(k) > 128 || plainTag(k) != "!!str" {
		return nil, false
	}
	return p.scalar(k, 0, "!!str", start), true
}

func isKeyByte(c byte, first bool) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' ||
		!first && (c >= '0' && c <= '9' || c == '-')
}

func isFlowByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '/' || c >= utf8.RuneSelf
}

func (p *lineParser) scalar(v string, style yaml.Style, tag string, at int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Style: style, Tag: tag, Value: v, Line: p.line, Column: p.col(at)}
}

// value reads a quoted scalar, a flow list or map, or a plain scalar (in a
// flow, one of a few safe characters only).
func (p *lineParser) value(inFlow bool) (*yaml.Node, bool) {
	if p.i >= len(p.s) {
		return nil, false
	}
	start := p.i
	switch c := p.s[p.i]; c {
	case '"', '\'':
		end := strings.IndexByte(p.s[p.i+1:], c)
		if end < 0 {
			return nil, false
		}
		v := p.s[p.i+1 : p.i+1+end]
		p.i += end + 2
		if c == '\'' {
			if p.i < len(p.s) && p.s[p.i] == '\'' {
				return nil, false // '' is an escaped quote
			}
			return p.scalar(v, yaml.SingleQuotedStyle, "!!str", start), true
		}
		return p.scalar(v, yaml.DoubleQuotedStyle, "!!str", start), true
	case '[':
		if inFlow {
			return nil, false
		}
		return p.flow(']', &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: p.line, Column: p.col(start)})
	case '{':
		if inFlow {
			return nil, false
		}
		return p.flow('}', &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Tag: "!!map", Line: p.line, Column: p.col(start)})
	}
	if inFlow {
		// Words of letters, digits and "-_./" (slugs, numbers, dates),
		// separated by single spaces, as "al-Sham forces".
		for p.i < len(p.s) && isFlowByte(p.s[p.i]) {
			p.i++
		}
		for p.i+1 < len(p.s) && p.s[p.i] == ' ' && isFlowByte(p.s[p.i+1]) {
			p.i++
			for p.i < len(p.s) && isFlowByte(p.s[p.i]) {
				p.i++
			}
		}
	} else {
		p.i = len(strings.TrimRight(p.s, " "))
	}
	v := p.s[start:p.i]
	if v == "" || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || strings.Contains(v, " '") || strings.Contains(v, " \"") {
		return nil, false
	}
	tag := plainTag(v)
	if tag == "" {
		return nil, false
	}
	return p.scalar(v, 0, tag, start), true
}

// flow reads the items of a flow list, or the key: value pairs of a flow
// map, up to close, all on this line.
func (p *lineParser) flow(close byte, n *yaml.Node) (*yaml.Node, bool) {
	p.i++
	p.spaces()
	if p.i < len(p.s) && p.s[p.i] == close {
		p.i++
		return n, true
	}
	for {
		if n.Kind == yaml.MappingNode {
			k, ok := p.key()
			if !ok || !strings.HasPrefix(p.s[p.i:], ": ") {
				return nil, false
			}
			p.i += 2
			p.spaces()
			n.Content = append(n.Content, k)
		}
		v, ok := p.value(true)
		if !ok {
			return nil, false
		}
		n.Content = append(n.Content, v)
		p.spaces()
		if p.i >= len(p.s) {
			return nil, false
		}
		switch p.s[p.i] {
		case close:
			p.i++
			return n, true
		case ',':
			p.i++
			p.spaces()
			if p.i >= len(p.s) || p.s[p.i] == close || p.s[p.i] == ',' {
				return nil, false
			}
		default:
			return nil, false
		}
	}
}

// surelyText reports whether r appears in no number or timestamp yaml.v3
// resolves: a letter that is not a hex digit, nor x, o, b (0x, 0o, 0b),
// t or z (timestamps), or any character beyond ASCII.
func surelyText(r rune) bool {
	if r >= utf8.RuneSelf {
		return true
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r >= 'a' && r <= 'z' && !(r <= 'f' || r == 'x' || r == 'o' || r == 't' || r == 'z')
}

// plainTag is the tag yaml.v3 resolves a plain scalar to, for the values
// it is sure of, or "".
func plainTag(v string) string {
	switch v {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case "null", "Null", "NULL", "~":
		return "!!null"
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
		return "" // strings to yaml.v3, booleans to YAML 1.1: not ours to judge
	}
	c := v[0]
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
		if strings.HasPrefix(v, "<<") {
			return ""
		}
		return "!!str"
	}
	if c == '-' {
		v = v[1:]
	}
	digits := 0
	for digits < len(v) && v[digits] >= '0' && v[digits] <= '9' {
		digits++
	}
	switch {
	case digits == 0 || digits > 18:
		return ""
	case digits == len(v):
		if len(v) > 1 && v[0] == '0' {
			return "" // octal to YAML 1.1
		}
		return "!!int"
	case v[digits] == '.' && digits < len(v)-1 && (digits == 1 || v[0] != '0'):
		for _, d := range v[digits+1:] {
			if d < '0' || d > '9' {
				return ""
			}
		}
		return "!!float"
	case c != '-' && len(v) == 10 && digits == 4 && v[4] == '-' && v[7] == '-':
		if _, err := time.Parse("2006-1-2", v); err == nil {
			return "!!timestamp"
		}
		return ""
	}
	if c != '-' && strings.IndexFunc(v, surelyText) >= 0 {
		// "2011-05-14-shelling-hits-hama": no number or date yaml.v3
		// reads has such a letter.
		return "!!str"
	}
	return ""
}
