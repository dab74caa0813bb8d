package cutoff

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/fields"
)

func date(s string) fields.Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return fields.Date{Time: t}
}

// small is a briefing with items on both sides of 6 December 2024.
var small = fstest.MapFS{
	"site.yaml": {Data: []byte(`title: T
base_url: https://example.org/
as_of: 2024-12-06
kinds:
  events: { singular: event }
`)},
	"content/articles/early.md": {Data: []byte(`---
title: Early
date: 2024-12-05
---
Rebels take Hama.
`)},
	"content/articles/late.md": {Data: []byte(`---
title: Late
date: 2024-12-08
---
Rebels take Homs.
`)},
	"content/articles/draft.md": {Data: []byte(`---
title: Draft
date: 2024-12-09
draft: true
---
Not yet.
`)},
	"content/events/fall.md": {Data: []byte(`---
name: Fall of Damascus
date: 2024-12-08
---
`)},
	"content/events/offensive.md": {Data: []byte(`---
name: Offensive
date: 2024-11-27
figures:
  - label: displaced
    value: 100
    as_of: 2024-12-05
    source: s
  - label: displaced
    value: 800
    as_of: 2024-12-09
    source: s
---
`)},
	"content/cities/homs.md": {Data: []byte(`---
name: Homs
control:
  - date: 2017-05-21
    faction: gov
    source: s
  - date: 2024-12-08
    faction: hts
    source: s
claims:
  - article: early
    quote: "take Hama"
    status: corroborated
    sources: [s]
  - article: late
    quote: "take Homs"
    status: corroborated
    sources: [s]
---
`)},
	"content/factions/gov.md": {Data: []byte("---\nname: Government\n---\n")},
	"content/factions/hts.md": {Data: []byte("---\nname: HTS\n---\n")},
	"content/sources/s.md":    {Data: []byte("---\nname: S\n---\n")},
}

func load(t *testing.T) (*config.Site, []*content.Doc) {
	t.Helper()
	site, d := config.Load(small)
	if len(d) > 0 {
		t.Fatal(d)
	}
	files, d := content.Files(small, site, nil)
	if len(d) > 0 {
		t.Fatal(d)
	}
	docs := make([]*content.Doc, len(files))
	for i, f := range files {
		if docs[i], d = content.Parse(f); len(d) > 0 {
			t.Fatal(d)
		}
	}
	return site, docs
}

func TestLaterNotices(t *testing.T) {
	site, docs := load(t)
	items := Later(site, docs, site.AsOf)
	var b strings.Builder
	Notices(items, site.AsOf).Print(&b)
	want := `content/articles/late.md:3:7: notice: article is dated 2024-12-08, after the 6 December 2024 cutoff
content/cities/homs.md:7:11: notice: control[1] is dated 2024-12-08, after the 6 December 2024 cutoff
content/cities/homs.md:15:14: notice: claims[1] is on articles/late, dated 2024-12-08, after the 6 December 2024 cutoff
content/events/fall.md:3:7: notice: event is dated 2024-12-08, after the 6 December 2024 cutoff
content/events/offensive.md:11:12: notice: figures[1] ("displaced") is dated 2024-12-09, after the 6 December 2024 cutoff
5 notices
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	for _, n := range Notices(items, site.AsOf) {
		if n.Severity != diag.Notice {
			t.Errorf("%v is not a notice", n)
		}
	}
	// A later cutoff takes in everything; no cutoff places nothing.
	if got := Later(site, docs, date("2024-12-31")); len(got) != 0 {
		t.Errorf("as of 31 December: %v", got)
	}
	if got := Later(site, docs, fields.Date{}); len(got) != 0 {
		t.Errorf("no cutoff: %v", got)
	}
	// On the day itself is not after it.
	if got := Later(site, docs, date("2024-12-08")); len(got) != 1 || got[0].What != `figures[1] ("displaced")` {
		t.Errorf("as of 8 December: %v", got)
	}
}

func TestDrop(t *testing.T) {
	site, docs := load(t)
	before := snapshot(docs)
	kept, gone := Drop(docs, site.AsOf)
	if want := []string{"articles/late", "events/fall"}; !slices.Equal(gone, want) {
		t.Errorf("gone = %v, want %v", gone, want)
	}
	var keys []string
	by := map[string]*content.Doc{}
	for _, d := range kept {
		if d.LeftOut {
			// Kept as a name a link can read, and nothing more.
			if !slices.Contains(gone, d.PageKey()) || d.Name == "" || d.Body != nil || d.Claims != nil || d.Refs != nil {
				t.Errorf("left-out page %s: %+v", d.PageKey(), d)
			}
			continue
		}
		keys = append(keys, d.PageKey())
		by[d.PageKey()] = d
	}
	want := []string{"articles/draft", "articles/early", "cities/homs", "events/offensive", "factions/gov", "factions/hts", "sources/s"}
	slices.Sort(keys)
	if !slices.Equal(keys, want) {
		t.Errorf("kept %v, want %v", keys, want)
	}
	homs := by["cities/homs"]
	if len(homs.Control) != 1 || homs.Control[0].Date != date("2017-05-21") {
		t.Errorf("Homs control: %+v", homs.Control)
	}
	if len(homs.Claims) != 1 || homs.Claims[0].Article.Slug != "early" || homs.Claims[0].Index != 0 {
		t.Errorf("Homs claims: %+v", homs.Claims)
	}
	for _, r := range homs.Refs {
		if r.Slug == "late" {
			t.Errorf("a ref to the left-out article is kept: %+v", r)
		}
	}
	if !slices.ContainsFunc(homs.Refs, func(r content.Ref) bool { return r.Slug == "hts" }) {
		t.Errorf("the faction of a left-out control row is no longer checked")
	}
	off := by["events/offensive"]
	if len(off.Figures) != 1 || off.Figures[0].Value != 100 {
		t.Errorf("offensive figures: %+v", off.Figures)
	}
	// A document with nothing later is handed back as it is.
	for _, d := range docs {
		if d.PageKey() == "factions/gov" && by["factions/gov"] != d {
			t.Errorf("an unchanged document was copied")
		}
	}
	// Nothing given is changed.
	if after := snapshot(docs); !slices.Equal(before, after) {
		t.Errorf("Drop changed its input:\n%v\n%v", before, after)
	}
	// Without a cutoff nothing is left out.
	if k, g := Drop(docs, fields.Date{}); len(k) != len(docs) || g != nil {
		t.Errorf("no cutoff dropped %v", g)
	}
}

// snapshot is what Drop could change in docs, as text.
func snapshot(docs []*content.Doc) []string {
	var out []string
	for _, d := range docs {
		var b strings.Builder
		b.WriteString(d.PageKey())
		for _, c := range d.Control {
			b.WriteString(" c" + c.Date.String())
		}
		for _, f := range d.Figures {
			b.WriteString(" f" + f.AsOf.String())
		}
		for _, c := range d.Claims {
			b.WriteString(" q" + c.Article.Slug)
		}
		for _, r := range d.Refs {
			b.WriteString(" r" + r.Slug)
		}
		out = append(out, b.String())
	}
	return out
}

// TestHindsightIsNoNotice: an item dated after the cutoff that its analyst
// marked `hindsight: true` (a control row, a figure, a page and with it the
// claims on it) is still a later item, which pages set apart and --as-of
// leaves out, but no notice: the analyst has seen it. The others remain.
func TestHindsightIsNoNotice(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, f := range small {
		fsys[name] = f
	}
	mark := func(name, old, new string) {
		s := string(fsys[name].Data)
		if !strings.Contains(s, old) {
			t.Fatalf("%s lacks %q", name, old)
		}
		fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
	}
	mark("content/cities/homs.md", "  - date: 2024-12-08\n    faction: hts\n", "  - date: 2024-12-08\n    hindsight: true\n    faction: hts\n")
	mark("content/articles/late.md", "date: 2024-12-08\n", "date: 2024-12-08\nhindsight: true\n")
	mark("content/events/offensive.md", "    as_of: 2024-12-09\n", "    as_of: 2024-12-09\n    hindsight: true\n")
	site, d := config.Load(fsys)
	if len(d) > 0 {
		t.Fatal(d)
	}
	files, d := content.Files(fsys, site, nil)
	if len(d) > 0 {
		t.Fatal(d)
	}
	var docs []*content.Doc
	for _, f := range files {
		doc, d := content.Parse(f)
		if len(d) > 0 {
			t.Fatal(d)
		}
		docs = append(docs, doc)
	}
	items := Later(site, docs, site.AsOf)
	if len(items) != 5 {
		t.Errorf("%d later items, want 5 whether marked or not", len(items))
	}
	var b strings.Builder
	Notices(items, site.AsOf).Print(&b)
	want := "content/events/fall.md:3:7: notice: event is dated 2024-12-08, after the 6 December 2024 cutoff\n1 notice\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
