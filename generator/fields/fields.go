// Package fields reads typed values out of YAML documents (site.yaml and
// front matter) strictly, reporting every problem with its line and column:
// wrong types, bad dates, missing required keys, duplicate keys and unknown
// keys with a "did you mean" hint. It takes a parsed yaml.Node and gives
// plain Go values plus the positions later stages need to locate their own
// errors (an unknown slug in control[0].faction, say).
//
// Fields are read one by one rather than by reflection so that each message
// can say exactly what was expected, and so that one bad field never hides
// the next.
package fields

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"briefing/generator/diag"

	"go.yaml.in/yaml/v3"
)

// Pos is a 1-based line and column in a source file.
type Pos struct{ Line, Col int }

// PosOf is where byte offset off of data is (the end, past it); columns
// count characters, as editors do.
func PosOf(data []byte, off int) Pos {
	off = max(0, min(off, len(data)))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return Pos{Line: bytes.Count(data[:off], []byte("\n")) + 1, Col: utf8.RuneCount(data[start:off]) + 1}
}

// OffsetOf is the byte offset of p in data, PosOf's inverse (the end of
// its line, or of data, for a position past it).
func OffsetOf(data []byte, p Pos) int {
	off := lineOffset(data, p.Line)
	for col := 1; col < p.Col && off < len(data) && data[off] != '\n'; col++ {
		_, n := utf8.DecodeRune(data[off:])
		off += n
	}
	return off
}

// Date is a calendar date without time or zone.
type Date struct{ time.Time }

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// Reader reports problems found in one YAML document of one file.
type Reader struct {
	Path       string // file path as shown in messages (relative to --source)
	LineOffset int    // added to YAML line numbers: front matter starts below its "---"
	Diags      *diag.List

	// lines maps YAML's line numbers to the file's when they differ:
	// YAML also breaks lines at a lone CR, NEL, LS and PS, where editors
	// and the rest of Briefing count only LF. Nil when they agree.
	lines []int
}

// MaxDepth bounds how deeply nested a document may be; real front matter
// needs three or four levels, and a hostile file with thousands must be
// refused rather than walked.
const MaxDepth = 32

// Parse parses data as one YAML document. An empty document gives a nil
// node and no error. Syntax errors are reported at their line.
func (r *Reader) Parse(data []byte) *yaml.Node {
	if IsUTF16(data) {
		r.Diags.Add(diag.Diagnostic{Path: r.Path, Line: 1 + r.LineOffset, Col: 1, Msg: UTF16Message})
		return nil
	}
	if !utf8.Valid(data) {
		line, col := FirstInvalid(data)
		r.Diags.Add(diag.Diagnostic{Path: r.Path, Line: line + r.LineOffset, Col: col, Msg: "file is not valid UTF-8"})
		return nil
	}
	r.lines = lineMap(data)
	if n, ok := quickParse(data); ok {
		// The same tree yaml.v3 would give, made in a tenth of the time;
		// nested at most three deep and without aliases.
		return n
	}
	var doc yaml.Node
	err := yaml.Unmarshal(data, &doc)
	if err != nil {
		r.syntaxError(data, err)
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil
	}
	n := doc.Content[0]
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		// A document with nothing in it ("---" alone, "~", "null"): for
		// the first, yaml.v3 places its empty value after the last line.
		return nil
	}
	if deep := find(n, 0, func(_ *yaml.Node, d int) bool { return d > MaxDepth }); deep != nil {
		r.Errorf(deep, "", "YAML nested more than %d levels deep", MaxDepth)
		return nil
	}
	if a := find(n, 0, func(n *yaml.Node, _ int) bool { return n.Kind == yaml.AliasNode }); a != nil {
		// Aliases let a few lines expand to gigabytes ("billion laughs");
		// plain fact sheets never need them.
		r.Errorf(a, "", "YAML aliases (*name) are not supported")
		return nil
	}
	return n
}

// lineMap returns, for each YAML line number, the LF-counted line it is
// on, or nil when the document has no line break but LF (no CR, and none
// of the bytes that NEL, LS and PS start with).
func lineMap(data []byte) []int {
	if bytes.IndexByte(data, '\r') < 0 && bytes.IndexByte(data, 0xC2) < 0 && bytes.IndexByte(data, 0xE2) < 0 {
		return nil
	}
	m := []int{0, 1} // m[yamlLine] = file line; index 0 unused
	line := 1
	for i := 0; i < len(data); i++ {
		switch {
		case data[i] == '\n':
			line++
			m = append(m, line)
		case data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n':
			// CRLF: one break, counted at its LF.
		case data[i] == '\r',
			data[i] == 0xC2 && i+1 < len(data) && data[i+1] == 0x85,
			data[i] == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			m = append(m, line)
		}
	}
	return m
}

// fileLine converts a YAML line number to the file's line numbering.
func (r *Reader) fileLine(yamlLine int) int {
	if r.lines == nil || yamlLine < 1 {
		return yamlLine
	}
	if yamlLine >= len(r.lines) {
		return r.lines[len(r.lines)-1]
	}
	return r.lines[yamlLine]
}

// find returns the first node of n's tree, in document order, of which
// bad holds (given the node and its depth below n), or nil.
func find(n *yaml.Node, depth int, bad func(*yaml.Node, int) bool) *yaml.Node {
	if bad(n, depth) {
		return n
	}
	for _, c := range n.Content {
		if f := find(c, depth+1, bad); f != nil {
			return f
		}
	}
	return nil
}

// syntaxError reports a yaml.v3 syntax error at the character at fault.
// yaml.v3 has no typed syntax error, and the line in its message is no
// position to trust: counted from 0 for parser errors and from 1 for
// scanner errors, for some the line a list or value began on, missing
// for others (a control character, an unknown *alias). So ask yaml.v3
// where instead: it reads in order and stops at the first problem, so
// the shortest start of the text that fails with the very same error
// ends with the character at fault.
func (r *Reader) syntaxError(data []byte, err error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // yaml.v3 skips it too
	msg := yamlPrefix.ReplaceAllString(err.Error(), "")
	opens, l := unclosed[msg], 0
	if opens != "" {
		// A quote, [ or { never closed (or a list lacking a comma):
		// every start of the text that ends inside it fails the same
		// way, so the shortest tells nothing. Point at the opener.
		l = r.openedOn(data, msg)
	}
	if l > 0 {
		hint := "this " + opens + " is never closed, or an item in it lacks its comma"
		if opens == `"'` {
			hint = "this quote is never closed"
		}
		r.Diags.Add(diag.Diagnostic{Path: r.Path, Line: l + r.LineOffset, Col: opener(lineAt(data, l), opens), Msg: "invalid YAML: " + msg, Hint: hint})
		return
	}
	off := r.faultAt(data)
	if strings.HasPrefix(msg, "unknown anchor") || msg == "did not find expected alphabetic or numeric character" {
		// An *alias or &anchor is read whole before it is found wrong:
		// point at its start.
		i := bytes.LastIndexFunc(data[:off], func(c rune) bool { return c != '-' && c != '_' && !isAlnum(c) })
		if i >= 0 && (data[i] == '*' || data[i] == '&') {
			off = i
		}
	}
	hint := ""
	fault := data[off:]
	switch {
	case bytes.HasPrefix(fault, []byte("\t")) && len(bytes.Trim(data[lineStart(data, off):off], " \t")) == 0:
		hint = "YAML is indented with spaces, never tabs"
	case bytes.HasPrefix(fault, []byte("*")):
		// Markdown's *emphasis* at the start of a value, often.
		hint = "a value starting with * is read as a YAML alias: put it in quotes"
	}
	at := PosOf(data, off)
	r.Diags.Add(diag.Diagnostic{Path: r.Path, Line: at.Line + r.LineOffset, Col: at.Col, Msg: "invalid YAML: " + msg, Hint: hint})
}

// faultAt returns the offset of the character at fault in data, which
// yaml.v3 fails to read: the last of the shortest start of data that
// fails with the same error. Each try reads the text again (a third of
// a second for a MiB), so the search starts on the line yaml.v3 names:
// the fault's or above it, whichever way it counts.
func (r *Reader) faultAt(data []byte) int {
	want := yamlError(data)
	lo := 0
	if m := yamlLine.FindStringSubmatch(want); m != nil {
		l, _ := strconv.Atoi(m[1])
		lo = lineOffset(data, r.fileLine(l))
	}
	end := cut(data, lo+sort.Search(len(data)-lo, func(k int) bool {
		return yamlError(data[:cut(data, lo+k)]) == want
	}))
	_, size := utf8.DecodeLastRune(data[:end])
	return max(0, end-size)
}

// unclosed holds yaml.v3's messages for what is opened and never
// closed, and the characters that open it.
var unclosed = map[string]string{
	"did not find expected ',' or ']'": "[",
	"did not find expected ',' or '}'": "{",
	"found unexpected end of stream":   `"'`, // only in a quoted value
}

// yamlPrefix is what yaml.v3 puts before its messages; yamlLine reads
// the line it names.
var (
	yamlPrefix = regexp.MustCompile(`^yaml: (line \d+: )?`)
	yamlLine   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
)

// yamlError is the error yaml.v3 gives for data, as Parse reads it, or "".
func yamlError(data []byte) string {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return err.Error()
	}
	return ""
}

// isAlnum reports whether c is an ASCII letter or digit, as yaml.v3's
// anchor names are, with '-' and '_'.
func isAlnum(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// cut returns where a shorter text may end, at or after offset k of
// data: not inside a character, nor just after a ':', '-' or '?' that
// data goes on from without a space, which ending there would make
// "key:", "- item" or "? key" (a URL's "https:" a second mapping value).
func cut(data []byte, k int) int {
	for k < len(data) && (!utf8.RuneStart(data[k]) ||
		k > 0 && strings.IndexByte(":-?", data[k-1]) >= 0 && strings.IndexByte(" \t\r\n", data[k]) < 0) {
		k++
	}
	return k
}

// openedOn returns the file line that the quote, [ or { of an unclosed
// error opened on, or 0. yaml.v3 names that line (from 0 for a bracket,
// a parser error; from 1 for a quote, a scanner error) unless it is the
// first, where it names the line it failed on instead: so read the text
// again below a comment line, and it never is.
func (r *Reader) openedOn(data []byte, msg string) int {
	m := yamlLine.FindStringSubmatch(yamlError(append([]byte("#\n"), data...)))
	if m == nil || m[2] != msg {
		return 0
	}
	l, _ := strconv.Atoi(m[1])
	if unclosed[msg] == `"'` {
		l-- // from 1, the comment line included
	}
	return r.fileLine(l)
}

// lineOffset returns the offset in data of line l (from 1, LF-counted),
// or len(data) past the last.
func lineOffset(data []byte, l int) int {
	off := 0
	for ; l > 1; l-- {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return len(data)
		}
		off += i + 1
	}
	return off
}

// lineStart returns the offset of the start of the line offset off is on.
func lineStart(data []byte, off int) int {
	return bytes.LastIndexByte(data[:off], '\n') + 1
}

// lineAt returns line l (from 1, LF-counted) of data, without its end.
func lineAt(data []byte, l int) []byte {
	line := data[lineOffset(data, l):]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return bytes.TrimSuffix(line, []byte("\r"))
}

// opener returns the column, on line, of the quote or bracket (one of
// opens) that is never closed: for a bracket the innermost still open at
// the line's end, else the first (the list closes but lacks a comma);
// for a quote the one still open at the end. Quotes and brackets in
// plain text, quoted values and comments are skipped. Failing all that,
// the line's first character that is not a space.
func opener(line []byte, opens string) int {
	var open []int // brackets open
	first, quote := -1, -1
	prev := byte(' ') // the last character not a space: after one of " [{,:-?" a value starts
	for i := 0; i < len(line); i++ {
		c := line[i]
		starts := strings.IndexByte(" [{,:-?", prev) >= 0
		switch {
		case quote >= 0 && c == '\\' && line[quote] == '"':
			i++ // an escape in "..."
		case quote >= 0 && c == line[quote] && c == '\'' && i+1 < len(line) && line[i+1] == '\'':
			i++ // '' is a quote in '...'
		case quote >= 0 && c == line[quote]:
			quote = -1
		case quote >= 0:
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			i = len(line) // a comment
		case (c == '"' || c == '\'') && starts:
			quote = i
		case (c == '[' || c == '{') && (starts || len(open) > 0):
			open = append(open, i)
			if first < 0 && strings.IndexByte(opens, c) >= 0 {
				first = i
			}
		case (c == ']' || c == '}') && len(open) > 0:
			open = open[:len(open)-1]
		}
		if c != ' ' && c != '\t' {
			prev = c
		}
	}
	at := first
	if quote >= 0 && strings.IndexByte(opens, line[quote]) >= 0 {
		at = quote
	}
	for _, o := range slices.Backward(open) {
		if strings.IndexByte(opens, line[o]) >= 0 {
			at = o
			break
		}
	}
	if at < 0 {
		at = len(line) - len(bytes.TrimLeft(line, " \t"))
	}
	return utf8.RuneCount(line[:at]) + 1
}

// UTF16Message is what a file saved as UTF-16 is told.
const UTF16Message = "file is UTF-16 text: save it as UTF-8"

// IsUTF16 reports whether data starts with a UTF-16 byte order mark, as
// files saved by some Windows editors do.
func IsUTF16(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})
}

// FirstInvalid returns where the first byte of data that is not UTF-8 is:
// its line and column (columns count characters, as editors do).
func FirstInvalid(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

// At converts a node's position to file coordinates.
func (r *Reader) At(n *yaml.Node) Pos {
	if n == nil {
		return Pos{Line: 1 + r.LineOffset - min(r.LineOffset, 1)}
	}
	return Pos{Line: r.fileLine(n.Line) + r.LineOffset, Col: n.Column}
}

// Errorf reports a problem at node n with an optional hint.
func (r *Reader) Errorf(n *yaml.Node, hint, format string, args ...any) {
	r.ErrorAt(r.At(n), hint, format, args...)
}

// ErrorAt reports a problem at p, a position kept from an earlier read
// (a check that needs every entry read first), with an optional hint.
func (r *Reader) ErrorAt(p Pos, hint, format string, args ...any) {
	r.Diags.Add(diag.Diagnostic{Path: r.Path, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// Map is a YAML mapping being read field by field.
type Map struct {
	r      *Reader
	node   *yaml.Node
	prefix string // shown before key names: "control[0]."
	keys   map[string]*yaml.Node
	names  map[string]*yaml.Node
	order  []string
	// missing are the required keys found missing, each with the index
	// of its report in the reader's Diags (see Only).
	missing map[string]int
	// notMapping: the value was something else, reported (NotMapping).
	notMapping bool
}

// NotMapping reports whether the value Map opened was not a mapping
// (nor null, read as an empty one): reported as such, so that a caller
// reads no keys from it, each a missing key more for one mistake.
func (m *Map) NotMapping() bool { return m.notMapping }

// Map opens n as a mapping; what names the value in messages ("front
// matter", "control[2]"). A nil node is an empty mapping. Anything else is
// reported and read as empty.
func (r *Reader) Map(n *yaml.Node, what, prefix string) *Map {
	m := &Map{r: r, node: n, prefix: prefix, keys: map[string]*yaml.Node{}, names: map[string]*yaml.Node{}}
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return m
	}
	if n.Kind != yaml.MappingNode {
		r.Errorf(n, "", "%s must be a mapping of key: value, got %s", what, describe(n))
		m.notMapping = true
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			r.Errorf(k, "", "%s keys must be plain names", what)
			continue
		}
		if _, dup := m.keys[k.Value]; dup {
			r.Errorf(k, "", "duplicate key %q (first at line %d)", m.prefix+k.Value, r.At(m.names[k.Value]).Line)
			continue
		}
		m.keys[k.Value] = v
		m.names[k.Value] = k
		m.order = append(m.order, k.Value)
	}
	return m
}

// Keys lists the keys in the order written.
func (m *Map) Keys() []string { return m.order }

// Has reports whether key is present (even if null).
func (m *Map) Has(key string) bool { _, ok := m.keys[key]; return ok }

// Value returns the value node of key, or nil.
func (m *Map) Value(key string) *yaml.Node {
	v := m.keys[key]
	if v != nil && v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	return v
}

// KeyPos is where key is written, or where the mapping starts.
func (m *Map) KeyPos(key string) Pos {
	if k := m.names[key]; k != nil {
		return m.r.At(k)
	}
	return m.r.At(m.node)
}

// get returns the value node of key, or nil, reporting a required key
// that is absent (and remembering where, for Only).
func (m *Map) get(key string, required bool) *yaml.Node {
	v := m.Value(key)
	if v == nil && required {
		if m.missing == nil {
			m.missing = map[string]int{}
		}
		m.missing[key] = len(*m.r.Diags)
		m.r.Errorf(m.node, "", "missing required %s", m.prefix+key)
	}
	return v
}

// Only reports every key not in known, suggesting the closest known key
// and listing the keys allowed there, so that a reader who does not know
// the name of what they mean finds it in the message. An unknown key
// close to a required key found missing (qoute: for quote:) is that key
// misspelt: one mistake, one error, where the key is written, in place
// of the missing key's.
func (m *Map) Only(known ...string) {
	var missing []string
	for k := range m.missing {
		missing = append(missing, k)
	}
	slices.Sort(missing)
	for _, k := range m.order {
		if slices.Contains(known, k) {
			continue
		}
		if key := diag.Closest(k, missing); key != "" {
			diags := *m.r.Diags
			if i := m.missing[key]; i < len(diags) && diags[i].Msg == "missing required "+m.prefix+key {
				p := m.r.At(m.names[k])
				diags[i] = diag.Diagnostic{Path: m.r.Path, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf("unknown key %q where %s is required", m.prefix+k, m.prefix+key),
					Hint: fmt.Sprintf("did you mean %q?", key)}
				missing = slices.DeleteFunc(missing, func(mk string) bool { return mk == key })
				continue
			}
		}
		hint := diag.Suggest(k, known)
		if hint != "" {
			hint += " "
		}
		hint += "keys allowed here: " + strings.Join(known, ", ")
		m.r.Errorf(m.names[k], hint, "unknown key %q", m.prefix+k)
	}
}

// String reads a scalar as text. Any scalar is accepted (a name written
// as 1982 is still text to its author); lists and mappings are refused.
func (m *Map) String(key string, required bool) (string, *yaml.Node) {
	v := m.get(key, required)
	if v == nil {
		return "", nil
	}
	if v.Kind != yaml.ScalarNode {
		m.r.Errorf(v, "", "%s must be text, got %s", m.prefix+key, describe(v))
		return "", v
	}
	if required && strings.TrimSpace(v.Value) == "" {
		m.r.Errorf(v, "", "%s must not be empty", m.prefix+key)
	}
	return v.Value, v
}

// Int reads a whole number.
func (m *Map) Int(key string, required bool) (int64, *yaml.Node) {
	v := m.get(key, required)
	if v == nil {
		return 0, nil
	}
	n, ok := scalarInt(v)
	if !ok {
		m.r.Errorf(v, "", "%s must be a whole number, got %s", m.prefix+key, describe(v))
		return 0, v
	}
	return n, v
}

func scalarInt(v *yaml.Node) (int64, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
		return 0, false
	}
	s := strings.ReplaceAll(v.Value, "_", "")
	n, err := strconv.ParseInt(s, 0, 64)
	return n, err == nil
}

// Float reads a number.
func (m *Map) Float(v *yaml.Node, what string) (float64, bool) {
	if v == nil || v.Kind != yaml.ScalarNode || (v.Tag != "!!int" && v.Tag != "!!float") {
		m.r.Errorf(v, "", "%s must be a number, got %s", what, describe(v))
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(v.Value, "_", ""), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		m.r.Errorf(v, "", "%s must be a finite number, got %s", what, describe(v))
		return 0, false
	}
	return f, true
}

// Bool reads true or false.
func (m *Map) Bool(key string) (bool, *yaml.Node) {
	v := m.Value(key)
	if v == nil {
		return false, nil
	}
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		m.r.Errorf(v, "", "%s must be true or false, got %s", m.prefix+key, describe(v))
		return false, v
	}
	return v.Value == "true" || v.Value == "True" || v.Value == "TRUE", v
}

// Date reads a YYYY-MM-DD date and checks it is a real one.
func (m *Map) Date(key string, required bool) (Date, *yaml.Node) {
	v := m.get(key, required)
	if v == nil {
		return Date{}, nil
	}
	d, _ := m.r.ParseDate(v, m.prefix+key)
	return d, v
}

var dateShape = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// The ways ParseDate refuses a date. ErrZeroDate is 0001-01-01: Go's zero
// time, which a Date takes for no date at all (IsZero), so as an as-of
// date it would leave the briefing with no cutoff and as an item's date
// leave the item undated. It is refused, not read as something it is not.
var (
	ErrDateShape = errors.New("must be a date (YYYY-MM-DD)")
	ErrNotReal   = errors.New("is not a real date")
	ErrZeroDate  = errors.New("cannot be 0001-01-01, which reads as no date")
)

// ZeroDateHint says what to write instead of 0001-01-01.
const ZeroDateHint = "the earliest date is 0001-01-02"

// ParseDate reads s as a YYYY-MM-DD date: front matter's, site.yaml's
// and --as-of's. Its error is one of ErrDateShape, ErrNotReal and
// ErrZeroDate.
func ParseDate(s string) (Date, error) {
	if !dateShape.MatchString(s) {
		return Date{}, ErrDateShape
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, ErrNotReal
	}
	if t.IsZero() {
		return Date{}, ErrZeroDate
	}
	return Date{t}, nil
}

// ParseDate reads a date scalar, reporting a located error.
func (r *Reader) ParseDate(v *yaml.Node, what string) (Date, bool) {
	if v.Kind != yaml.ScalarNode {
		r.Errorf(v, "", "%s must be a date (YYYY-MM-DD), got %s", what, describe(v))
		return Date{}, false
	}
	d, err := ParseDate(v.Value)
	switch err {
	case nil:
		return d, true
	case ErrDateShape:
		r.Errorf(v, "", "%s must be a date (YYYY-MM-DD), got %q", what, v.Value)
	case ErrNotReal:
		r.Errorf(v, "", "%s is not a real date: %q", what, v.Value)
	default:
		r.Errorf(v, ZeroDateHint, "%s %v", what, err)
	}
	return Date{}, false
}

// Strings reads a list of text items (a single scalar is refused: a list is
// what the reader meant, and [a] costs two characters).
func (m *Map) Strings(key string) ([]string, []*yaml.Node) {
	items := m.List(key)
	var out []string
	var nodes []*yaml.Node
	for i, it := range items {
		if it.Kind != yaml.ScalarNode || it.Tag == "!!null" {
			m.r.Errorf(it, "", "%s[%d] must be text, got %s", m.prefix+key, i, describe(it))
			continue
		}
		out = append(out, it.Value)
		nodes = append(nodes, it)
	}
	return out, nodes
}

// List reads a sequence and returns its items.
func (m *Map) List(key string) []*yaml.Node {
	v := m.Value(key)
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		m.r.Errorf(v, "", "%s must be a list, got %s", m.prefix+key, describe(v))
		return nil
	}
	return v.Content
}

// Reader returns the reader the map reports to.
func (m *Map) Reader() *Reader { return m.r }

// Prefix returns the prefix shown before key names.
func (m *Map) Prefix() string { return m.prefix }

func describe(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value
		}
		v := n.Value
		if utf8.RuneCountInString(v) > 40 {
			v = string([]rune(v)[:40]) + "..."
		}
		return strconv.Quote(v)
	}
	return "an unexpected value"
}
