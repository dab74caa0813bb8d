package build

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"testing"
	"testing/fstest"
	"time"
)

// TestFeedNewestArticles: the feed carries the edition and the newest
// fifty articles, newest first, as a feed reader polls it (a 10,000-
// article briefing's feed of every article was 5 MB, fetched on every
// poll); the list page keeps them all.
func TestFeedNewestArticles(t *testing.T) {
	src := fstest.MapFS{
		"site.yaml": {Data: []byte("title: Many\nbase_url: https://example.org/\nas_of: 2024-12-31\n")},
	}
	// Seventy articles, one a day from 1 October, written in no order.
	for i := range 70 {
		day := (i * 37) % 70
		date := time.Date(2024, 10, 1+day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		src[fmt.Sprintf("content/articles/a%02d.md", day)] = &fstest.MapFile{Data: []byte(
			fmt.Sprintf("---\ntitle: Article %02d\ndate: %s\n---\nText.\n", day, date))}
	}
	res, diags := Build(src, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	data, err := res.Tree.Get("feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 51 {
		t.Fatalf("the feed has %d entries, want the edition and 50 articles", len(feed.Entries))
	}
	if got := feed.Entries[0].Title; got != "Edition of 31 December 2024" {
		t.Errorf("first entry %q, want the edition", got)
	}
	for i, e := range feed.Entries[1:] {
		if want := fmt.Sprintf("Article %02d", 69-i); e.Title != want {
			t.Errorf("entry %d is %q, want %q (newest first)", i+1, e.Title, want)
		}
	}
	if feed.Updated != "2024-12-31T00:00:00Z" {
		t.Errorf("updated %q", feed.Updated)
	}
	list, err := res.Tree.Get("articles/index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, old := range []string{"Article 00", "Article 19"} {
		if !bytes.Contains(list, []byte(old)) {
			t.Errorf("the article list lacks %s", old)
		}
	}
}
