package build

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"briefing/generator/fields"

	"golang.org/x/tools/txtar"
)

// asOfSources reads testdata/asof.txtar: the whole briefing, and the same
// briefing as written on 6 December (its before/ files in place, its gone
// files left out).
func asOfSources(t *testing.T) (whole, before fstest.MapFS) {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/asof.txtar")
	if err != nil {
		t.Fatal(err)
	}
	whole, before = fstest.MapFS{}, fstest.MapFS{}
	var gone []string
	for _, f := range ar.Files {
		switch {
		case f.Name == "gone":
			gone = strings.Fields(string(f.Data))
		case strings.HasPrefix(f.Name, "before/"):
		default:
			whole[f.Name] = &fstest.MapFile{Data: f.Data}
			before[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	for _, f := range ar.Files {
		if name, ok := strings.CutPrefix(f.Name, "before/"); ok {
			before[name] = &fstest.MapFile{Data: f.Data}
		}
	}
	for _, name := range gone {
		delete(before, name)
	}
	return whole, before
}

func day(s string) fields.Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return fields.Date{Time: t}
}

func treeFiles(t *testing.T, res *Result) map[string][]byte {
	t.Helper()
	files, err := res.Tree.All()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// output is the kind of output a site file is, for the per-output checks.
func output(p string) string {
	switch {
	case strings.HasPrefix(p, "search/") && !strings.HasSuffix(p, ".html"):
		return "search index"
	case p == "feed.xml", p == "briefing.json", p == "sitemap.xml":
		return p
	case strings.HasSuffix(p, ".geojson"):
		return "GeoJSON"
	case strings.HasSuffix(p, ".html"):
		return "pages"
	}
	return "other"
}

// laterWords is where each later item's word is expected when the
// briefing is built whole: every output that lists such an item.
var laterWords = map[string][]string{
	"pages":         {"QuokkaArticle", "QuokkaBody", "QuokkaSummary", "QuokkaDamascus", "QuokkaEvent", "QuokkaControl", "QuokkaFigure", "QuokkaClaim"},
	"search index":  {"quokkaarticle", "quokkabody", "quokkadamascus", "quokkaclaim"},
	"feed.xml":      {"QuokkaArticle", "QuokkaSummary"},
	"briefing.json": {"QuokkaArticle", "QuokkaSummary", "QuokkaDamascus", "QuokkaEvent", "QuokkaControl", "QuokkaFigure", "QuokkaClaim"},
}

// TestAsOfLeavesOutLaterItems builds a briefing whole and as of 6
// December, and checks, output by output, that the later items are in
// the first and nowhere in the second, and that the second is byte for
// byte a build of the briefing as written on 6 December.
func TestAsOfLeavesOutLaterItems(t *testing.T) {
	whole, before := asOfSources(t)
	full, diags := Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if got := full.Notices.Count(); got != "5 notices" {
		t.Errorf("whole briefing: %s, want 5 notices:\n%v", got, full.Notices)
	}
	cut, diags := Build(whole, Options{Theme: repo, AsOf: day("2024-12-06")})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if len(cut.Notices) != 0 || cut.LeftOut != 5 {
		t.Errorf("as of 6 December: notices %v, %d items left out, want none and 5", cut.Notices, cut.LeftOut)
	}
	ref, diags := Build(before, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if len(ref.Notices) != 0 {
		t.Errorf("the briefing as written on 6 December has notices: %v", ref.Notices)
	}

	fullFiles, cutFiles, refFiles := treeFiles(t, full), treeFiles(t, cut), treeFiles(t, ref)
	// Per output: each later word is in the whole build and in no file of
	// the cut one.
	found := map[string]map[string]bool{}
	for p, data := range fullFiles {
		o := output(p)
		if found[o] == nil {
			found[o] = map[string]bool{}
		}
		for _, w := range laterWords[o] {
			if bytes.Contains(data, []byte(w)) {
				found[o][w] = true
			}
		}
	}
	for o, words := range laterWords {
		for _, w := range words {
			if !found[o][w] {
				t.Errorf("%s of the whole briefing lack %s: the test cannot see it left out", o, w)
			}
		}
	}
	for p, data := range cutFiles {
		if i := bytes.Index(bytes.ToLower(data), []byte("quokka")); i >= 0 {
			t.Errorf("%s (%s) as of 6 December has a later item: …%s…", p, output(p), data[max(0, i-60):min(len(data), i+40)])
		}
	}
	// The same as if the later files and lines had never been written.
	if !slices.Equal(slices.Sorted(maps.Keys(cutFiles)), slices.Sorted(maps.Keys(refFiles))) {
		t.Errorf("files as of 6 December:\n%v\nwritten on 6 December:\n%v", slices.Sorted(maps.Keys(cutFiles)), slices.Sorted(maps.Keys(refFiles)))
	}
	outputs := map[string]int{}
	for p, data := range refFiles {
		outputs[output(p)]++
		if !bytes.Equal(cutFiles[p], data) {
			t.Errorf("%s differs from a build of the briefing as written on 6 December:\n%s", p, firstDiff(cutFiles[p], data))
		}
	}
	for _, o := range []string{"pages", "search index", "feed.xml", "briefing.json"} {
		if outputs[o] == 0 {
			t.Errorf("no %s compared", o)
		}
	}
}

// TestAsOfLater moves the cutoff past site.yaml's as_of: what is dated up
// to the new date is in, unmarked, and "held by" is for the new date.
func TestAsOfLater(t *testing.T) {
	whole, _ := asOfSources(t)
	res, diags := Build(whole, Options{Theme: repo, AsOf: day("2024-12-08")})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if res.LeftOut != 1 || len(res.Notices) != 0 {
		t.Errorf("as of 8 December: %d left out (want 1: the figure of the 9th), notices %v", res.LeftOut, res.Notices)
	}
	var data struct {
		AsOf     string `json:"as_of"`
		Entities []struct {
			Key          string `json:"key"`
			ControlledBy string `json:"controlled_by"`
		} `json:"entities"`
		Figures []struct {
			AsOf string `json:"as_of"`
		} `json:"figures"`
	}
	if err := json.Unmarshal(res.Tree.File("briefing.json"), &data); err != nil {
		t.Fatal(err)
	}
	if data.AsOf != "2024-12-08" {
		t.Errorf("as_of %q", data.AsOf)
	}
	for _, e := range data.Entities {
		if e.Key == "cities/homs" && e.ControlledBy != "factions/hts" {
			t.Errorf("Homs held by %q on 8 December, want factions/hts", e.ControlledBy)
		}
	}
	for _, f := range data.Figures {
		if f.AsOf > "2024-12-08" {
			t.Errorf("a figure of %s is in", f.AsOf)
		}
	}
	if res.Tree.File("articles/late/index.html") == nil || res.Tree.File("events/fall/index.html") == nil {
		t.Errorf("the pages of 8 December are missing")
	}
}

// firstDiff shows where two files first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	cut := func(s []byte) string { return string(s[max(0, i-80):min(len(s), i+80)]) }
	return "got  …" + cut(a) + "…\nwant …" + cut(b) + "…"
}
