package markdown

import (
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// footnotes is goldmark's footnote extension with the reference parser
// and the transformer that finishes the list done over. Goldmark's parser
// looks each "[^label]" up by walking every definition in the file, and
// its transformer sorts the notes with an insertion sort: a file of
// 20,000 references and definitions took 10 s, and four times as many
// would take sixteen times as long. Here a file's labels are put in a map
// once, at its first reference, and the notes are sorted by slices.SortFunc.
//
// The definitions (goldmark's block parser), the tree (its node types)
// and the HTML (its renderer) are goldmark's own; FuzzFootnotes holds the
// HTML to what extension.Footnote gives.
type footnotes struct{}

func (footnotes) Extend(m goldmark.Markdown) {
	// The priorities are extension.Footnote's.
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(footnoteDefs{extension.NewFootnoteBlockParser()}, 999)),
		parser.WithInlineParsers(util.Prioritized(footnoteRefs{}, 101)),
		parser.WithASTTransformers(util.Prioritized(footnoteList{}, 999)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500)))
}

// footnoteLabelLimit is goldmark's: a label is at most 999 bytes, as a
// link's.
const footnoteLabelLimit = 999

// footnoteState is one document's notes, kept in the parser's context.
type footnoteState struct {
	list  *east.FootnoteList        // nil: the document defines no note
	notes map[string]*east.Footnote // the first definition of each label
	links []*east.FootnoteLink      // every reference, in document order
}

var (
	footnoteListKey = parser.NewContextKey()
	footnoteKey     = parser.NewContextKey()
)

// footnoteDefs is goldmark's parser of definitions, noting the list it
// puts each one in. (The list is not always in the document: a note
// defined inside another note's definition takes the list into it.)
type footnoteDefs struct{ parser.BlockParser }

func (p footnoteDefs) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	p.BlockParser.Close(node, reader, pc)
	if l, ok := node.Parent().(*east.FootnoteList); ok {
		pc.Set(footnoteListKey, l)
	}
}

// footnoteStateOf returns the document's notes, putting their labels in
// a map the first time it is asked (all blocks, definitions included, are
// parsed before the first inline is).
func footnoteStateOf(pc parser.Context) *footnoteState {
	if st, ok := pc.Get(footnoteKey).(*footnoteState); ok {
		return st
	}
	st := &footnoteState{}
	if l, ok := pc.Get(footnoteListKey).(*east.FootnoteList); ok {
		st.list = l
		st.notes = map[string]*east.Footnote{}
		for n := l.FirstChild(); n != nil; n = n.NextSibling() {
			fn := n.(*east.Footnote)
			if _, dup := st.notes[string(fn.Ref)]; !dup {
				st.notes[string(fn.Ref)] = fn
			}
		}
	}
	pc.Set(footnoteKey, st)
	return st
}

// footnoteRefs parses "[^label]" (and "![^label]") as goldmark's parser
// does, but finds the label in a map.
type footnoteRefs struct{}

func (footnoteRefs) Trigger() []byte { return []byte{'!', '['} }

func (footnoteRefs) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, segment := block.PeekLine()
	pos := 1
	if len(line) > 0 && line[0] == '!' {
		pos++
	}
	if pos >= len(line) || line[pos] != '^' {
		return nil
	}
	pos++
	if pos >= len(line) {
		return nil
	}
	closure := util.FindClosure(line[pos:min(len(line), pos+footnoteLabelLimit)], '[', ']', false, false) //nolint:staticcheck // as goldmark's parser
	if closure < 0 {
		return nil
	}
	closes := pos + closure
	label := block.Value(text.NewSegment(segment.Start+pos, segment.Start+closes))
	st := footnoteStateOf(pc)
	fn := st.notes[string(label)]
	if fn == nil {
		return nil
	}
	block.Advance(closes + 1)
	if fn.Index < 0 {
		st.list.Count++
		fn.Index = st.list.Count
	}
	link := east.NewFootnoteLink(fn.Index)
	st.links = append(st.links, link)
	if line[0] == '!' {
		parent.AppendChild(parent, ast.NewTextSegment(text.NewSegment(segment.Start, segment.Start+1)))
	}
	return link
}

// footnoteList finishes the notes as goldmark's transformer does: counts
// each note's references, drops the notes nobody refers to, gives each
// note a link back to every reference, sorts the notes by first reference
// and moves the list to the end of the document (or drops it).
type footnoteList struct{}

func (footnoteList) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	if pc.Get(footnoteListKey) == nil {
		return // no definitions: nothing to do (nearly every body)
	}
	st := footnoteStateOf(pc)
	pc.Set(footnoteKey, nil)
	pc.Set(footnoteListKey, nil)
	list := st.list
	counter := map[int]int{}
	for _, l := range st.links {
		counter[l.Index]++
	}
	refIndex := map[int]int{}
	for _, l := range st.links {
		l.RefCount = counter[l.Index]
		l.RefIndex = refIndex[l.Index]
		refIndex[l.Index]++
	}
	var kept []*east.Footnote // the list is then made of these alone
	for n := list.FirstChild(); n != nil; n = n.NextSibling() {
		fn := n.(*east.Footnote)
		if fn.Index < 0 {
			continue
		}
		var container ast.Node = fn
		if last := fn.LastChild(); last != nil && ast.IsParagraph(last) {
			container = last
		}
		refs := counter[fn.Index]
		for i := 0; i < max(refs, 1); i++ {
			back := east.NewFootnoteBacklink(fn.Index)
			back.RefCount = refs
			back.RefIndex = i
			container.AppendChild(container, back)
		}
		kept = append(kept, fn)
	}
	if list.Count <= 0 {
		list.Parent().RemoveChild(list.Parent(), list)
		return
	}
	// Indexes are distinct: the order is the one goldmark's sort gives.
	slices.SortFunc(kept, func(a, b *east.Footnote) int { return a.Index - b.Index })
	list.RemoveChildren(list)
	for _, fn := range kept {
		list.AppendChild(list, fn)
	}
	doc.AppendChild(doc, list)
}
