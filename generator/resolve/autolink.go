package resolve

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"briefing/generator/config"

	"github.com/yuin/goldmark/ast"
)

// autolinker finds entity names and aliases in article text (SPEC 4.3):
// whole words, case-sensitive, longest match first. A word of the text is
// looked up by the lengths of the names starting with it, longest first:
// a handful of lengths, however many names share a first word ("Tell",
// "Al") in a large briefing.
type autolinker struct {
	names map[string]int32 // each name or alias that links, and its page
	// lengths holds, by first word, the distinct byte lengths of the
	// names starting with it, longest first.
	lengths map[string][]int
	// starts marks the first bytes of the first words in lengths: most
	// words of a text (lower-case ones, for names are capitalised) are
	// passed over without a map lookup.
	starts [256]bool
}

// newAutolinker indexes the names and aliases of every page but the
// articles.
func newAutolinker(pages []indexed) *autolinker {
	a := &autolinker{names: map[string]int32{}, lengths: map[string][]int{}}
	add := func(text string, n int32) {
		// A one-letter name ("A") would link the article "A" in every
		// sentence that starts with it; such names link only by hand.
		if utf8.RuneCountInString(text) < 2 || firstWord(text) == "" {
			return
		}
		if page, seen := a.names[text]; seen && page != n {
			// Two pages answer to this name ("the Division" for several
			// factions): a link would be a guess, so the text stays plain.
			// [[kind/slug]] still links it by hand.
			n = -1
		}
		a.names[text] = n
	}
	for n, p := range pages {
		if p.kind.Name == config.Articles {
			continue
		}
		add(p.name, int32(n))
		for _, alias := range p.aliases {
			add(alias, int32(n))
		}
	}
	for text, page := range a.names {
		if page < 0 {
			delete(a.names, text)
			continue
		}
		first := firstWord(text)
		if l := a.lengths[first]; !slices.Contains(l, len(text)) {
			a.lengths[first] = append(l, len(text))
		}
		a.starts[first[0]] = true
	}
	for _, l := range a.lengths {
		slices.SortFunc(l, func(x, y int) int { return y - x })
	}
	return a
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// asciiWord is isWord for ASCII, by table: text is mostly ASCII, and this
// runs on every byte of every article.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = isWord(rune(c))
	}
	return t
}()

func firstWord(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				return s[:i]
			}
			continue
		}
		for j, r := range s[i:] {
			if !isWord(r) {
				return s[:i+j]
			}
		}
		return s
	}
	return s
}

// link wraps the first plain mention of each page not yet linked in the
// document. links and linked are updated with what it adds.
func (a *autolinker) link(ix *Index, tbs []*textBlock, links map[ast.Node]int32, linked map[int32]bool) {
	for _, tb := range tbs {
		if tb.node.Kind() == ast.KindHeading {
			continue
		}
		text := tb.text
		// Every word is passed over whole (or a name ending at a word
		// boundary is), so a word character met here starts a word.
		for i := 0; i < len(text); {
			if c := text[i]; c < utf8.RuneSelf {
				if !asciiWord[c] {
					i++
					continue
				}
			} else if r, size := utf8.DecodeRuneInString(text[i:]); !isWord(r) {
				i += size
				continue
			}
			w := firstWord(text[i:])
			end, page := -1, int32(0)
			if a.starts[w[0]] {
				end, page = a.match(text, i, w)
			}
			if end < 0 {
				i += len(w)
				continue
			}
			if !linked[page] && tb.linkableRange(i, end) {
				ls := tb.span(i, end)
				run := make([]ast.Node, len(ls))
				for k, l := range ls {
					run[k] = l.node
				}
				link := ast.NewLink()
				target := &ix.pages[page]
				link.Destination = []byte(target.url)
				link.SetAttributeString("class", []byte("entity entity-"+target.kind.Name+" autolink"))
				link.SetAttributeString("dir", dirAuto)
				wrap(run, link)
				for k := range tb.leaves {
					if tb.leaves[k].start >= i && tb.leaves[k].end <= end {
						tb.leaves[k].linkable = false
					}
				}
				links[link] = page
				linked[page] = true
			}
			i = end
		}
	}
}

// match returns the end of the longest name starting at text[i:], whose
// first word is first, and its page; end is -1 if there is none.
func (a *autolinker) match(text string, i int, first string) (end int, page int32) {
	for _, n := range a.lengths[first] {
		end := i + n
		if end > len(text) {
			continue
		}
		if next, _ := utf8.DecodeRuneInString(text[end:]); end < len(text) && isWord(next) {
			continue
		}
		if page, ok := a.names[text[i:end]]; ok {
			return end, page
		}
	}
	return -1, 0
}

// linkableRange reports whether [start, end) lies in linkable leaves that
// are siblings of one another and whose boundaries can be split.
func (tb *textBlock) linkableRange(start, end int) bool {
	var parent ast.Node
	for _, l := range tb.leaves {
		if l.end <= start || l.start >= end {
			continue
		}
		if !l.linkable {
			return false
		}
		if _, ok := l.node.(*ast.Text); !ok && (l.start < start || l.end > end) {
			return false
		}
		if parent == nil {
			parent = l.node.Parent()
		} else if l.node.Parent() != parent {
			return false
		}
	}
	return parent != nil
}
