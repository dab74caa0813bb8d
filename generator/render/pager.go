package render

import (
	"path"
	"strconv"
	"strings"

	"briefing/generator/resolve"
)

// A long list (a kind's, the timeline, the claims, a page's mentions) is
// split into pages of at most site.yaml's page_size items, /articles/,
// /articles/page/2/ and on, as Hugo and Zola paginate: the timeline of
// 100,000 articles was one page of 56 MB, which no browser opens quickly
// and a build held whole. A slug has no slash, so no page of a kind is
// ever at page/2/.

// Pager is where a page of a list is among the pages it was split into.
type Pager struct {
	Number, Count int    // this page's number, from 1, and how many there are
	Prev, Next    string // site-root paths of the pages before and after, or ""
	// Pages are the first, the last and those near this one: a pager
	// listing every page of 10,000 would make the pages 10,000 times
	// larger together.
	Pages []PageLink
}

// PageLink is one page of a Pager. Gap says pages are left out before it.
type PageLink struct {
	Number       int
	URL, Label   string
	Current, Gap bool
}

// pagerNear is how many pages on each side of the current one a pager
// lists.
const pagerNear = 2

// pageRanges splits n items, item i weighing w(i) (nil: each weighs 1),
// into runs weighing at most size together (an item heavier than that
// alone), as [from, to) ranges. No items make one empty page.
func pageRanges(n, size int, w func(int) int) [][2]int {
	if w == nil {
		w = func(int) int { return 1 }
	}
	var out [][2]int
	from, sum := 0, 0
	for i := range n {
		if i > from && sum+w(i) > size {
			out = append(out, [2]int{from, i})
			from, sum = i, 0
		}
		sum += w(i)
	}
	return append(out, [2]int{from, n})
}

// pageURL is the site-root path of the i-th page (from 0) of the list at
// base.
func pageURL(base string, i int) string {
	if i == 0 {
		return base
	}
	return base + "page/" + strconv.Itoa(i+1) + "/"
}

// pagePath is the output path of the i-th page of the list at base.
func pagePath(base string, i int) string {
	return strings.TrimPrefix(pageURL(base, i), "/") + "index.html"
}

// laterPage reports whether the output path p is of a page of a list
// after its first (.../page/2/index.html).
func laterPage(p string) bool {
	dir := path.Dir(p)
	_, err := strconv.Atoi(path.Base(dir))
	return err == nil && path.Base(path.Dir(dir)) == "page"
}

// pager is the Pager of page i of n pages of the list at base, or nil
// when there is one page; label names a page in it (nil: its number).
func pager(base string, i, n int, label func(int) string) *Pager {
	if n < 2 {
		return nil
	}
	if label == nil {
		label = func(j int) string { return strconv.Itoa(j + 1) }
	}
	p := &Pager{Number: i + 1, Count: n}
	if i > 0 {
		p.Prev = pageURL(base, i-1)
	}
	if i < n-1 {
		p.Next = pageURL(base, i+1)
	}
	last := -1
	for j := range n {
		if j == 0 || j == n-1 || j >= i-pagerNear && j <= i+pagerNear {
			p.Pages = append(p.Pages, PageLink{Number: j + 1, URL: pageURL(base, j), Label: label(j), Current: j == i, Gap: j > last+1})
			last = j
		}
	}
	return p
}

// dayRange names a page of the timeline by its first and last day, the
// months cut short to keep a pager of them on a phone's screen: "24 Mar
// 2012 – 8 Jun 2013".
func dayRange(days []*resolve.TimelineDay) string {
	if len(days) == 0 {
		return ""
	}
	first, last := days[0].Date.Format("2 Jan 2006"), days[len(days)-1].Date.Format("2 Jan 2006")
	if first == last {
		return first
	}
	return first + " – " + last
}
