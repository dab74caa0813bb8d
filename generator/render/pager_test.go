package render

import (
	"reflect"
	"strconv"
	"testing"
)

func TestPageRanges(t *testing.T) {
	for _, c := range []struct {
		weights []int
		size    int
		want    [][2]int
	}{
		{nil, 3, [][2]int{{0, 0}}},
		{[]int{1, 1, 1}, 3, [][2]int{{0, 3}}},
		{[]int{1, 1, 1, 1}, 3, [][2]int{{0, 3}, {3, 4}}},
		// A day heavier than a page is a page alone.
		{[]int{5, 1, 1, 4, 1}, 3, [][2]int{{0, 1}, {1, 3}, {3, 4}, {4, 5}}},
		{[]int{2, 2, 2}, 3, [][2]int{{0, 1}, {1, 2}, {2, 3}}},
	} {
		if got := pageRanges(len(c.weights), c.size, func(i int) int { return c.weights[i] }); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v in pages of %d: %v, want %v", c.weights, c.size, got, c.want)
		}
	}
}

// TestPagerNearPages: a pager lists the first and last pages and those
// near the current one, marking where pages are left out: listing all of
// 10,000 pages on each would be 10,000² links.
func TestPagerNearPages(t *testing.T) {
	label := func(j int) string { return "p" + strconv.Itoa(j+1) }
	if p := pager("/a/", 0, 1, label); p != nil {
		t.Errorf("one page has a pager: %+v", p)
	}
	for _, c := range []struct {
		i, n       int
		numbers    []int
		gaps       []int
		prev, next string
	}{
		{5, 12, []int{1, 4, 5, 6, 7, 8, 12}, []int{4, 12}, "/a/page/5/", "/a/page/7/"},
		{0, 12, []int{1, 2, 3, 12}, []int{12}, "", "/a/page/2/"},
		{1, 3, []int{1, 2, 3}, nil, "/a/", "/a/page/3/"},
		{11, 12, []int{1, 10, 11, 12}, []int{10}, "/a/page/11/", ""},
	} {
		p := pager("/a/", c.i, c.n, label)
		var numbers, gaps []int
		for _, l := range p.Pages {
			numbers = append(numbers, l.Number)
			if l.Gap {
				gaps = append(gaps, l.Number)
			}
			if l.Current != (l.Number == c.i+1) || l.URL != pageURL("/a/", l.Number-1) || l.Label != label(l.Number-1) {
				t.Errorf("page %d of %d: link %+v", c.i+1, c.n, l)
			}
		}
		if !reflect.DeepEqual(numbers, c.numbers) || !reflect.DeepEqual(gaps, c.gaps) || p.Prev != c.prev || p.Next != c.next ||
			p.Number != c.i+1 || p.Count != c.n {
			t.Errorf("page %d of %d: %+v, pages %v, gaps before %v; want pages %v, gaps %v, prev %q, next %q",
				c.i+1, c.n, p, numbers, gaps, c.numbers, c.gaps, c.prev, c.next)
		}
	}
}

func TestLaterPage(t *testing.T) {
	for p, want := range map[string]bool{
		"articles/index.html":                    false,
		"articles/page/2/index.html":             true,
		"timeline/page/12/index.html":            true,
		"cities/hama/mentions/page/3/index.html": true,
		"cities/hama/mentions/index.html":        false,
		// A page whose slug is "page" is no later page.
		"articles/page/mentions/index.html": false,
		"articles/page/index.html":          false,
	} {
		if got := laterPage(p); got != want {
			t.Errorf("laterPage(%q) = %v, want %v", p, got, want)
		}
	}
}
