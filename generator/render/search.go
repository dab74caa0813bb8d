package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"briefing/generator/config"
	"briefing/generator/parallel"
	"briefing/generator/resolve"
)

// The search index is MiniSearch's own serialised form (version 2),
// computed here so the browser only loads it, and split by the first
// letters of each term into shard scripts that the search page loads only
// for the words typed. A briefing of 10,000 articles thus never makes a
// reader download the whole index, and pages opened from disk (file://,
// where fetch is refused) still search: every file is a <script>.
//
//	search/index.js      window.BRIEFING_SEARCH = {version, prefix, shards, stop, fields,
//	                         docs: [[path, title, kind(, status, where)], ...],
//	                         fieldLength, averageFieldLength, snippetChunk, statuses, afterCutoff}
//	search/s/<key>.js    BRIEFING_SEARCH_SHARD("<key>", [[term, {field: {doc: freq}}], ...])
//	search/d/<n>.js      BRIEFING_SEARCH_SNIPPETS(n, ["text of result n*32", ...])
//
// index.js holds everything of the serialised index but its terms: the
// results and the field lengths and their averages, which BM25 ranking
// needs whatever terms are loaded; search.js turns it back into
// MiniSearch's form. A result is a page, a claim (linking to its entry in
// its article's fact-check) or a dated figure (linking to its row); a
// claim carries its status, so "status:false" lists the false claims
// without loading any shard. The d/ files hold each result's whole text,
// which search.js cuts the passage around the words found from; they are
// loaded only for the results on screen.

// snippetChunk is how many results' texts share one file: small, since a
// page's whole text travels in it and a reader sees results from
// anywhere in the briefing.
const snippetChunk = 32

// searchFields are indexed in this order (MiniSearch field ids); the
// search page boosts titles, then aliases, then claims, then text.
var searchFields = []string{"t", "a", "c", "x"}

// stopWords are too common to find anything; dropping them keeps the
// index a third smaller. search.js drops the same words from queries.
var stopWords = map[string]bool{}

const stopList = "a an and are as at be but by for from had has have he her his in is it its of on or she that the their them they this to was were which will with"

func init() {
	for _, w := range strings.Fields(stopList) {
		stopWords[w] = true
	}
}

// tokenize splits text as MiniSearch's default tokenizer does (at line
// breaks, separators and punctuation); term then makes each word a term
// as its processTerm does.
func tokenize(text string, each func(word string)) {
	start := -1
	for i := 0; i < len(text); {
		c := text[i]
		var sep bool
		size := 1
		if c < utf8.RuneSelf {
			sep = asciiSep[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			sep = unicode.In(r, unicode.Z, unicode.P)
		}
		if sep {
			if start >= 0 {
				each(text[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		each(text[start:])
	}
}

// asciiSep marks the ASCII characters MiniSearch splits words at: line
// breaks, the space, and punctuation (Unicode category P, which leaves out
// symbols such as $ + < = > ^ ` | ~).
var asciiSep = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		r := rune(c)
		t[c] = r == '\n' || r == '\r' || unicode.In(r, unicode.Z, unicode.P)
	}
	return t
}()

// termCount is how often a term occurs in one field of one page.
type termCount struct {
	slot *termSlot // the counting scratch's, which holds the term
	n    int32
}

// termScratch counts the terms of one text at a time. It remembers the
// term of every word it has seen (a briefing's vocabulary is small), so
// that a word is lower-cased and checked against the stop words once, not
// at each of its occurrences, every page shares one copy of each term,
// and counting a word is one map lookup.
type termScratch struct {
	words   map[string]*termSlot // word as written -> its term's slot, nil for a stop word
	terms   map[string]*termSlot // term -> slot
	touched []*termSlot          // slots counted in the current text
	gen     int32                // the current text's number
}

type termSlot struct {
	term string
	n    int32
	gen  int32 // the text n counts for
	id   int32 // the term's number in the index plus one, 0 until the merge gives it one
}

func newTermScratch() *termScratch {
	return &termScratch{words: map[string]*termSlot{}, terms: map[string]*termSlot{}}
}

// count returns how many words text has and the count of each term, in
// no particular order.
func (sc *termScratch) count(text string) (int, []termCount) {
	sc.gen++
	words := 0
	tokenize(text, func(raw string) {
		words++
		slot, ok := sc.words[raw]
		if !ok {
			// Cloned: the key must not keep the page's whole text alive.
			raw = strings.Clone(raw)
			if t := term(raw); t != "" {
				if slot = sc.terms[t]; slot == nil {
					slot = &termSlot{term: t}
					sc.terms[t] = slot
				}
			}
			sc.words[raw] = slot
		}
		if slot == nil {
			return
		}
		if slot.gen != sc.gen {
			slot.gen, slot.n = sc.gen, 0
			sc.touched = append(sc.touched, slot)
		}
		slot.n++
	})
	out := make([]termCount, len(sc.touched))
	for i, slot := range sc.touched {
		out[i] = termCount{slot, slot.n}
	}
	sc.touched = sc.touched[:0]
	return words, out
}

// term lower-cases a word, or gives "" for a stop word.
func term(word string) string {
	t := strings.ToLower(word)
	if stopWords[t] {
		return ""
	}
	return t
}

// shardKey is the shard a term lives in: its first n characters, written
// so it is safe as a file name ("ha", or "_e7_a" for "ça").
func shardKey(t string, n int) string {
	var b strings.Builder
	for _, r := range t {
		if n == 0 {
			break
		}
		n--
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "_%x_", r)
		}
	}
	return b.String()
}

// posting is one term's count in one field of one page. A 10,000-article
// briefing has 4 million of them: the field is kept in the top two bits
// of the page's number, so that one takes 8 bytes rather than 12.
type posting struct {
	fieldDoc uint32
	freq     int32
}

// docBits are a page number's bits in fieldDoc (a billion pages would
// need hundreds of gigabytes before this); the field takes the rest.
const docBits = 30

func newPosting(field int, doc int, freq int32) posting {
	return posting{uint32(field)<<docBits | uint32(doc), freq}
}

func (p posting) field() uint8 { return uint8(p.fieldDoc >> docBits) }
func (p posting) doc() int32   { return int32(p.fieldDoc & (1<<docBits - 1)) }

func init() {
	if len(searchFields) > 1<<(32-docBits) {
		panic("render: more search fields than a posting has bits for")
	}
}

// searchDoc is one search result: a page, a claim or a dated figure. A
// claim and a figure are results of their own, so a search answers "727"
// or "lowcock" with the figure's row or the claim's card and its status,
// not only with the pages that hold them.
type searchDoc struct {
	path, title, kind string
	status            string // a claim's status
	where             string // a claim's article, a figure's page
	page              *resolve.Entity
	claim             *resolve.Claim
	fig               *resolve.Figure
}

// searchDocs lists every result in index order: the pages, then each
// page's claims, then its figures, in page order.
func (r *renderer) searchDocs() []searchDoc {
	var docs, claims, figs []searchDoc
	for _, g := range r.b.Kinds {
		for _, e := range g.Entities {
			// A result dated after the cutoff says so, as its page does.
			docs = append(docs, searchDoc{path: strings.TrimPrefix(e.URL, "/"), title: e.Name, kind: e.What(), page: e, where: e.AfterCutoff})
			for _, c := range e.Claims {
				d := searchDoc{title: "“" + c.Passage() + "”", kind: "claim", status: c.Status, claim: c, page: e}
				// The claim's entry in its article's fact-check, beside its
				// passage; a claim whose passage was not found has only its
				// card on the fact sheet.
				if c.Article != nil && c.Number != 0 {
					d.path = strings.TrimPrefix(c.Article.URL, "/") + "#claim-" + c.ID
					d.where = "in " + c.Article.Name
				} else {
					d.path = strings.TrimPrefix(e.URL, "/") + "#review-" + c.ID
					d.where = "on " + e.Name
				}
				if c.AfterCutoff != "" {
					d.where += " · " + c.AfterCutoff
				}
				claims = append(claims, d)
			}
			if len(e.Figures) == 0 {
				continue
			}
			for _, fg := range r.figureGroups(e) {
				for _, rows := range [][]FigureRow{fg.Rows, fg.Later} {
					for _, row := range rows {
						for _, cell := range row.Cells {
							for _, f := range cell {
								where := e.Name + ", " + dateText(f.AsOf)
								if f.AfterCutoff != "" {
									where += " · " + f.AfterCutoff
								}
								figs = append(figs, searchDoc{
									path:  strings.TrimPrefix(e.URL, "/") + "#" + row.ID,
									title: figureText(f) + " " + f.Label,
									kind:  "figure", where: where, page: e, fig: f,
								})
							}
						}
					}
				}
			}
		}
	}
	return append(append(docs, claims...), figs...)
}

// values are the doc's text in each of searchFields.
func (d *searchDoc) values() [4]string {
	switch {
	case d.claim != nil:
		c := d.claim
		where := statusLabel(c.Status) + " " + d.page.Name
		if c.Article != nil {
			where += " " + c.Article.Name
		}
		return [4]string{c.Passage(), "", c.NoteText, where}
	case d.fig != nil:
		return [4]string{d.title, "", "", d.passage()}
	}
	e := d.page
	return [4]string{e.Name, strings.Join(e.Aliases, " "), claimText(e.Claims, e.InArticle), e.Text}
}

// passage is the text a result's snippet is cut from, around the words
// searched for: a page's summary, body and the notes of the claims it
// checks; a claim's note; a figure told in words.
func (d *searchDoc) passage() string {
	switch {
	case d.claim != nil:
		return tidy(unmarked(d.claim.NoteText))
	case d.fig != nil:
		f := d.fig
		var b strings.Builder
		b.WriteString(figureText(f))
		if f.High == 0 && f.Qualifier == "" {
			// The digits as typed: "1,200" is found as 1200 too.
			if v := strconv.FormatInt(f.Value, 10); v != figureText(f) {
				b.WriteString(" (" + v + ")")
			}
		}
		b.WriteString(" " + f.Label + " as of " + dateText(f.AsOf))
		if !f.Since.IsZero() {
			b.WriteString(", since " + dateText(f.Since))
		}
		if f.Source != nil {
			b.WriteString(", according to " + f.Source.Name)
		}
		if f.Note != "" {
			b.WriteString("; " + f.Note)
		}
		b.WriteString(".")
		return tidy(unmarked(b.String()))
	}
	e := d.page
	parts := []string{unmarked(e.Summary), laterMarked(e)}
	for _, c := range e.Claims {
		parts = append(parts, "“"+unmarked(c.Passage())+"”", unmarked(c.NoteText))
	}
	return tidy(parts...)
}

// Around what a page's text holds from a section dated after the
// cutoff, its snippet text has these two characters (of Unicode's
// private use area): search.js takes them out and marks a passage cut
// from there as the pages do. The same characters written in the content
// are taken out of the snippet text (unmarked), or they would mark text
// that is not later.
const (
	laterStart = "\uE000"
	laterEnd   = "\uE001"
)

// laterMarked is e's text with its later sections between laterStart
// and laterEnd.
func laterMarked(e *resolve.Entity) string {
	spans := e.LaterText()
	if len(spans) == 0 {
		return unmarked(e.Text)
	}
	var b strings.Builder
	at := 0
	for _, s := range spans {
		b.WriteString(unmarked(e.Text[at:s[0]]))
		b.WriteString(laterStart)
		b.WriteString(unmarked(e.Text[s[0]:s[1]]))
		b.WriteString(laterEnd)
		at = s[1]
	}
	b.WriteString(unmarked(e.Text[at:]))
	return b.String()
}

var markRemover = strings.NewReplacer(laterStart, "", laterEnd, "")

// unmarked is s without laterStart and laterEnd.
func unmarked(s string) string {
	// Both begin with the byte 0xEE, which text seldom holds: one quick
	// scan for it leaves nearly every text as it is.
	if strings.IndexByte(s, laterStart[0]) < 0 {
		return s
	}
	return markRemover.Replace(s)
}

// tidy squeezes white space to single spaces and removes what a citation
// or a mark taken out of the text leaves behind: the space before
// closing punctuation ("Ali Abbas ; the chief", "of Hama .") and empty
// brackets. Given several parts, it tidies them as if joined by spaces,
// without joining them first (a page's passage is its whole text).
func tidy(parts ...string) string {
	n := len(parts)
	for _, p := range parts {
		n += len(p)
	}
	// A Builder grown once: its String is the result, with no copy.
	var b strings.Builder
	b.Grow(n)
	space := false
	for _, s := range parts {
		for i := 0; i < len(s); {
			c := s[i]
			if c < utf8.RuneSelf {
				// ASCII, most of any text: no decoding, one table lookup
				// a byte, and a run of words' letters copied at once.
				if asciiSpace[c] {
					space = b.Len() > 0
					i++
					continue
				}
				if space && strings.IndexByte(closers, c) < 0 {
					b.WriteByte(' ')
				}
				space = false
				j := i + 1
				for j < len(s) && s[j] < utf8.RuneSelf && !asciiSpace[s[j]] {
					j++
				}
				b.WriteString(s[i:j])
				i = j
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if unicode.IsSpace(r) {
				space = b.Len() > 0
				continue
			}
			if space && !strings.ContainsRune(closers, r) {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
		space = b.Len() > 0
	}
	out := b.String()
	for _, empty := range []string{" ()", "()", " []", "[]"} {
		if strings.Contains(out, empty) {
			out = strings.ReplaceAll(out, empty, "")
		}
	}
	return out
}

// asciiSpace marks the ASCII characters unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// closers are the punctuation marks that follow a word without a space.
const closers = ".,;:!?)]}»”’…"

// searchFiles builds the index files, handing each to emit as soon as it
// is whole: a snippet file once its results are merged, a shard once its
// last term is written, index.js last. A build writes each file as it
// comes and drops it, so the whole index is never in memory at once.
func (r *renderer) searchFiles(emit func(path string, data []byte)) {
	all := r.searchDocs()
	n := len(all)
	// Per result, in id order: [path, title, kind(, status, where)] and
	// the field lengths. search.js rebuilds MiniSearch's id maps from
	// them, which a plain array states in a third of the bytes.
	docs := make([][]string, n)
	fieldLength := make([][]int, n)
	avg := make([]float64, len(searchFields))
	// Tokenise pages on all cores a chunk at a time, merging each chunk in
	// page order, so the postings (and the files) come out the same every
	// time and only one chunk's word counts are in memory at once.
	type docTerms struct {
		lengths []int
		terms   [][]termCount // per field
		passage string
	}
	// Terms get numbers as the merge meets them; a scratch's slot keeps
	// its term's number, so a posting is added without hashing the term.
	ids := map[string]int32{}
	var termList []string
	var postings [][]posting
	const chunk = 512
	per := make([]docTerms, chunk)
	snippets := make([]string, 0, snippetChunk)
	// Every snippet file and shard is written into out in turn: emit has
	// each only until it returns, so the index's tens of megabytes go
	// through one buffer instead of as many new ones.
	var out bytes.Buffer
	// Each worker counts words in a scratch it takes from this free list,
	// so its maps are grown once, not once per page.
	scratches := make(chan *termScratch, runtime.GOMAXPROCS(0))
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		parallel.For(end-start, func(k int) {
			var sc *termScratch
			select {
			case sc = <-scratches:
			default:
				sc = newTermScratch()
			}
			defer func() {
				select {
				case scratches <- sc:
				default:
				}
			}()
			d := &all[start+k]
			values := d.values()
			dt := docTerms{lengths: make([]int, len(searchFields)), terms: make([][]termCount, len(searchFields)), passage: d.passage()}
			for f, v := range values {
				// MiniSearch counts distinct raw words; counting every word
				// is cheaper and, used for every page alike, ranks the same
				// way (BM25 compares each length with the average).
				dt.lengths[f], dt.terms[f] = sc.count(v)
			}
			per[k] = dt
		})
		for k := 0; k < end-start; k++ {
			id := start + k
			d := &all[id]
			docs[id] = []string{d.path, d.title, d.kind}
			if d.status != "" || d.where != "" {
				docs[id] = append(docs[id], d.status, d.where)
			}
			fieldLength[id] = per[k].lengths
			for f, tcs := range per[k].terms {
				avg[f] += (float64(per[k].lengths[f]) - avg[f]) / float64(id+1)
				for _, tc := range tcs {
					if tc.slot.id == 0 {
						gid, ok := ids[tc.slot.term]
						if !ok {
							gid = int32(len(termList))
							ids[tc.slot.term] = gid
							termList = append(termList, tc.slot.term)
							postings = append(postings, nil)
						}
						tc.slot.id = gid + 1
					}
					gid := tc.slot.id - 1
					postings[gid] = append(postings[gid], newPosting(f, id, tc.n))
				}
			}
			// Snippets are shown only for the results on screen: they
			// travel in files of snippetChunk results, loaded for those
			// results alone.
			snippets = append(snippets, per[k].passage)
			if len(snippets) == snippetChunk || id == n-1 {
				out.Reset()
				fmt.Fprintf(&out, "BRIEFING_SEARCH_SNIPPETS(%d,", id/snippetChunk)
				enc := json.NewEncoder(&out)
				enc.SetEscapeHTML(true)
				_ = enc.Encode(snippets)
				out.Truncate(out.Len() - 1) // Encode's newline
				out.WriteString(");\n")
				emit("search/d/"+strconv.Itoa(id/snippetChunk)+".js", out.Bytes())
				snippets = snippets[:0]
			}
			per[k] = docTerms{}
		}
	}
	terms := termList // sorted below; postings stay indexed by ids
	size := 0
	for gid, t := range terms {
		size += len(t) + 8*len(postings[gid])
	}
	sort.Strings(terms)
	index := func(t string) []posting { return postings[ids[t]] }
	// One-letter shards for a small briefing (fewer files), two letters
	// once the index passes about half a megabyte.
	prefix := 1
	if size > 512<<10 {
		prefix = 2
	}
	// A shard's terms are a run of the sorted terms (they share their
	// first letters: shardKey gives each prefix its own key, and page
	// text is valid UTF-8, so no two prefixes meet in U+FFFD), so each
	// shard is written whole, from the run, and goes out before the next
	// is begun. out is grown once for each, to its terms and some 14
	// bytes per posting.
	var keys []string
	for i := 0; i < len(terms); {
		k := shardKey(terms[i], prefix)
		j, size := i, 0
		for ; j < len(terms) && shardKey(terms[j], prefix) == k; j++ {
			size += 16 + 2*len(terms[j]) + 14*len(index(terms[j]))
		}
		out.Reset()
		out.Grow(64 + size)
		fmt.Fprintf(&out, "BRIEFING_SEARCH_SHARD(%q,[", k)
		for x, t := range terms[i:j] {
			if x > 0 {
				out.WriteByte(',')
			}
			writeTerm(&out, t, index(t))
		}
		out.WriteString("]);\n")
		emit("search/s/"+k+".js", out.Bytes())
		keys = append(keys, k)
		i = j
	}
	sort.Strings(keys)
	meta := map[string]any{
		"version":            3,
		"prefix":             prefix,
		"shards":             keys,
		"stop":               stopList,
		"fields":             searchFields,
		"docs":               docs,
		"fieldLength":        fieldLength,
		"averageFieldLength": avg,
		"snippetChunk":       snippetChunk,
		"statuses":           statusTerms(),
		"afterCutoff":        r.b.AfterCutoff, // the mark of a later passage
	}
	var b bytes.Buffer
	b.WriteString("window.BRIEFING_SEARCH=")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true) // keeps "</script>" out, should a theme inline it
	_ = enc.Encode(meta)
	emit("search/index.js", append(bytes.TrimRight(b.Bytes(), "\n"), ";\n"...))
}

// writeTerm writes [term, {field: {doc: freq}}] with postings grouped by
// field in doc order, as MiniSearch serialises them.
// The postings come in doc order (searchFiles merges pages in id order),
// so one pass per field writes them grouped without sorting.
func writeTerm(buf *bytes.Buffer, t string, ps []posting) {
	q, _ := json.Marshal(t)
	buf.WriteByte('[')
	buf.Write(q)
	buf.WriteString(",{")
	var num [24]byte
	first := true
	for f := range uint8(len(searchFields)) {
		open := false
		for _, p := range ps {
			if p.field() != f {
				continue
			}
			if !open {
				if !first {
					buf.WriteByte(',')
				}
				first = false
				open = true
				buf.WriteByte('"')
				buf.Write(strconv.AppendInt(num[:0], int64(f), 10))
				buf.WriteString(`":{`)
			} else {
				buf.WriteByte(',')
			}
			buf.WriteByte('"')
			buf.Write(strconv.AppendInt(num[:0], int64(p.doc()), 10))
			buf.WriteString(`":`)
			buf.Write(strconv.AppendInt(num[:0], int64(p.freq), 10))
		}
		if open {
			buf.WriteByte('}')
		}
	}
	buf.WriteString("}]")
}

// statusTerms are the claim statuses and their labels, in order, for the
// search page's status: filter and the labels of its results.
func statusTerms() [][2]string {
	var out [][2]string
	for _, t := range config.Statuses {
		out = append(out, [2]string{t.Name, t.Label})
	}
	return out
}

func claimText(lists ...[]*resolve.Claim) string {
	var parts []string
	seen := map[*resolve.Claim]bool{}
	for _, l := range lists {
		for _, c := range l {
			if seen[c] {
				continue
			}
			seen[c] = true
			parts = append(parts, c.Passage(), c.NoteText)
		}
	}
	return strings.Join(parts, " ")
}
