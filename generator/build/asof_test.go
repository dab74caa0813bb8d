package build

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"briefing/generator/render/rendertest"

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
			// Copies: a test may append to a file, and txtar's files
			// share one buffer.
			whole[f.Name] = &fstest.MapFile{Data: bytes.Clone(f.Data)}
			before[f.Name] = &fstest.MapFile{Data: bytes.Clone(f.Data)}
		}
	}
	for _, f := range ar.Files {
		if name, ok := strings.CutPrefix(f.Name, "before/"); ok {
			before[name] = &fstest.MapFile{Data: bytes.Clone(f.Data)}
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
	files, err := rendertest.Files(res.Tree)
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
	// The map's data (GeoJSON) carries control histories by date, not
	// notes: Homs's change of 8 December is in it, whole, and not as of
	// the 6th.
	for p, data := range fullFiles {
		if output(p) == "GeoJSON" && bytes.Contains(data, []byte("cities/homs")) && !bytes.Contains(data, []byte("2024-12-08")) {
			t.Errorf("%s of the whole briefing lacks Homs's change of 8 December", p)
		}
	}
	for p, data := range cutFiles {
		if output(p) == "GeoJSON" && bytes.Contains(data, []byte("2024-12-08")) {
			t.Errorf("%s as of 6 December has a change of 8 December", p)
		}
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
	if err := json.Unmarshal(rendertest.File(res.Tree, "briefing.json"), &data); err != nil {
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
	if rendertest.File(res.Tree, "articles/late/index.html") == nil || rendertest.File(res.Tree, "events/fall/index.html") == nil {
		t.Errorf("the pages of 8 December are missing")
	}
}

// TestAsOfBeforeEveryArticle: as of a date before every article, the home
// page says there is none, instead of an empty list under its heading.
func TestAsOfBeforeEveryArticle(t *testing.T) {
	whole, _ := asOfSources(t)
	res, diags := Build(whole, Options{Theme: repo, AsOf: day("2024-11-01")})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	home := string(rendertest.File(res.Tree, "index.html"))
	if !strings.Contains(home, `<p class="muted">No articles as of 1 November 2024.</p>`) || strings.Contains(home, `class="article-list"`) {
		t.Errorf("home page as of 1 November:\n%s", home[strings.Index(home, `<h2 id="articles-h">`):][:300])
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

// TestCutoffMarks builds the whole briefing (as of 6 December, later
// items kept) and checks every page that lists a later item marks it and
// sets it apart.
func TestCutoffMarks(t *testing.T) {
	whole, _ := asOfSources(t)
	whole["site.yaml"].Data = append(whole["site.yaml"].Data, "stale_after: 2\n"...)
	res, diags := Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	const mark = `<span class="after-mark">after the 6 December cutoff</span>`
	for page, wants := range map[string][]string{
		"index.html": {
			`<a href="articles/late/" dir="auto">Rebels take Homs QuokkaArticle</a> <time class="muted" datetime="2024-12-08">8 December 2024</time> ` + mark,
			`<a href="events/fall/" dir="auto">Fall of QuokkaDamascus</a> <time class="muted" datetime="2024-12-08">8 December 2024</time> ` + mark,
		},
		"articles/index.html":      {`<time class="muted" datetime="2024-12-08">8 December 2024</time> ` + mark},
		"articles/late/index.html": {`<p class="after-banner">` + mark + ` Published after the situation this briefing describes (as of 6 December 2024): kept for context.</p>`},
		"events/index.html": {
			`<a href="../events/fall/" dir="auto">Fall of QuokkaDamascus</a> <time class="muted" datetime="2024-12-08">8 December 2024</time> ` + mark,
		},
		"events/fall/index.html": {`<p class="after-banner">` + mark + ` Dated <time datetime="2024-12-08">8 December 2024</time>, after the situation this briefing describes`},
		"cities/homs/index.html": {
			`<tr class="cutoff-row"><th scope="rowgroup" colspan="5">Dated after the cutoff (6 December 2024)`,
			`<tr class="after-cutoff"><td><time datetime="2024-12-08">8 December 2024</time> ` + mark + `</td>`,
			// The holder as of the cutoff: its end is later news, marked too.
			`<tr class="current"><td><time datetime="2011-03-15">15 March 2011</time></td><td><time datetime="2024-12-08">8 December 2024</time> ` + mark + `</td>`,
			// Its claim on the later article, among the claims checked here.
			`<a href="../../articles/late/" dir="auto">Rebels take Homs QuokkaArticle</a>, <time datetime="2024-12-08">8 December 2024</time></span> ` + mark,
		},
		"events/offensive/index.html": {
			`<tr class="cutoff-row"><th scope="rowgroup" colspan="2">Dated after the cutoff (6 December 2024)</th></tr>`,
			`<tr id="fig-displaced-2024-12-09" class="after-cutoff"><th scope="row"><time datetime="2024-12-09">9 December 2024</time> ` + mark + `<span class="age">3 days after the cutoff</span></th>`,
			`<time datetime="2024-12-05">5 December 2024</time><span class="age">1 day before the cutoff</span></th>`,
		},
		"claims/index.html": {
			`<time datetime="2024-12-08">8 December 2024</time></span> ` + mark,
			// A claim on an earlier article, judged on a later page:
			// not known at the cutoff either.
			`<time datetime="2024-12-05">5 December 2024</time></span> ` + mark,
		},
		"timeline/index.html": {
			`<div class="cutoff-line" id="cutoff">`,
			`<h2 id="d-2024-12-08"><time datetime="2024-12-08">8 December 2024</time> ` + mark + `</h2>`,
		},
	} {
		data := string(rendertest.File(res.Tree, page))
		if data == "" {
			t.Errorf("no page %s", page)
			continue
		}
		for _, want := range wants {
			if !strings.Contains(data, want) {
				t.Errorf("%s lacks %s", page, want)
			}
		}
	}
	// The events list reads as a chronology: 27 November before 8 December.
	events := string(rendertest.File(res.Tree, "events/index.html"))
	if a, b := strings.Index(events, "The offensive"), strings.Index(events, "Fall of QuokkaDamascus"); a < 0 || b < a {
		t.Errorf("events list not by date: offensive at %d, fall at %d", a, b)
	}
	// Items on or before the cutoff carry no mark: the 5 December
	// article, Hama's rows.
	if strings.Contains(string(rendertest.File(res.Tree, "articles/report/index.html")), "after-banner") ||
		strings.Contains(string(rendertest.File(res.Tree, "cities/hama/index.html")), "after-mark") {
		t.Errorf("an item before the cutoff is marked")
	}
}

// TestCutoffMarksUses: a source's page lists the pages resting on it;
// one resting on it only for a later control row is marked so, one that
// also rests on it for earlier items is not.
func TestCutoffMarksUses(t *testing.T) {
	whole, _ := asOfSources(t)
	homs := whole["content/cities/homs.md"]
	homs.Data = bytes.Replace(homs.Data, []byte("    source: afp\n    note: QuokkaControl"), []byte("    source: reuters\n    note: QuokkaControl"), 1)
	whole["content/sources/reuters.md"] = &fstest.MapFile{Data: []byte("---\nname: Reuters\nkind: news\nreliability: B\n---\nA wire agency.\n")}
	res, diags := Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	const mark = `<span class="after-mark">after the 6 December cutoff</span>`
	reuters := string(rendertest.File(res.Tree, "sources/reuters/index.html"))
	if !strings.Contains(reuters, `<span class="muted">(city, control timeline)</span> `+mark+`</li>`) {
		t.Errorf("Homs rests on Reuters for a later row only, unmarked:\n%s", reuters[strings.Index(reuters, "<main"):])
	}
	afp := string(rendertest.File(res.Tree, "sources/afp/index.html"))
	if !strings.Contains(afp, `<span class="muted">(city, control timeline)</span></li>`) {
		t.Errorf("Hama and Homs rest on AFP for earlier rows, yet marked:\n%s", afp[strings.Index(afp, "<main"):])
	}
}

// TestStaleFigures: with stale_after, a figure older than that many days
// before the cutoff is marked stale; one as old or newer is not.
func TestStaleFigures(t *testing.T) {
	whole, _ := asOfSources(t)
	offensive := strings.Replace(string(whole["content/events/offensive.md"].Data), "figures:\n", `figures:
  - label: displaced
    value: 50000
    as_of: 2024-12-01
    source: afp
  - label: displaced
    value: 100000
    as_of: 2024-12-04
    source: afp
`, 1)
	whole["content/events/offensive.md"].Data = []byte(offensive)
	whole["site.yaml"].Data = append(whole["site.yaml"].Data, "stale_after: 2\n"...)
	res, diags := Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	page := string(rendertest.File(res.Tree, "events/offensive/index.html"))
	for _, want := range []string{
		`<tr id="fig-displaced-2024-12-01" class="stale"><th scope="row"><time datetime="2024-12-01">1 December 2024</time><span class="age">5 days before the cutoff <span class="stale-mark"`,
		`<tr id="fig-displaced-2024-12-04"><th scope="row"><time datetime="2024-12-04">4 December 2024</time><span class="age">2 days before the cutoff</span></th>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("offensive page lacks %s", want)
		}
	}
	// Without the setting nothing is stale.
	whole["site.yaml"].Data = bytes.TrimSuffix(whole["site.yaml"].Data, []byte("stale_after: 2\n"))
	res, diags = Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if strings.Contains(string(rendertest.File(res.Tree, "events/offensive/index.html")), "stale") {
		t.Errorf("a figure is stale without stale_after")
	}
}

// TestSideBySide: figures of one label from two sources on the same dates
// are two columns of one table, not one series.
func TestSideBySide(t *testing.T) {
	whole, _ := asOfSources(t)
	whole["content/sources/un.md"] = &fstest.MapFile{Data: []byte("---\nname: UN OCHA\n---\n")}
	offensive := strings.Replace(string(whole["content/events/offensive.md"].Data), "figures:\n", `figures:
  - label: displaced
    value: 150000
    as_of: 2024-12-05
    source: un
`, 1)
	whole["content/events/offensive.md"].Data = []byte(offensive)
	res, diags := Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	page := string(rendertest.File(res.Tree, "events/offensive/index.html"))
	// Columns in the order the sources first report (the same day: the
	// order written).
	head := `<thead><tr><th scope="col">As of</th><th scope="col"><a href="../../sources/un/" class="source-ref" dir="auto">UN OCHA</a></th><th scope="col"><a href="../../sources/afp/" class="source-ref" dir="auto">Agence France-Presse</a> <abbr class="grade grade-B" title="Reliability B: usually reliable">B</abbr></th></tr></thead>`
	if !strings.Contains(page, head) {
		t.Errorf("no table with a column per source:\n%s", page[strings.Index(page, `<section id="figures"`):])
	}
	row := regexp.MustCompile(`(?s)<time datetime="2024-12-05">5 December 2024</time>.*?</tr>`).FindString(page)
	if !strings.Contains(row, "at least 178,000") || !strings.Contains(row, "150,000") {
		t.Errorf("5 December's row does not hold both sources' figures:\n%s", row)
	}
}

// TestShippedCutoff: the shipped briefing (as of 6 December 2024) marks on
// its pages every item dated after its cutoff. Each is written with
// hindsight: true, so check lists no notice; with those lines taken out,
// each is a located notice again.
func TestShippedCutoff(t *testing.T) {
	res := buildShipped(t, Options{})
	if len(res.Notices) > 0 {
		t.Errorf("the shipped briefing has notices: %v", res.Notices)
	}
	// The same source without the hindsight marks.
	bare := fstest.MapFS{}
	err := fs.WalkDir(repo, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(name == "site.yaml" || strings.HasPrefix(name, "content/") || strings.HasPrefix(name, "templates/") || strings.HasPrefix(name, "static/")) {
			return err
		}
		data, err := fs.ReadFile(repo, name)
		if strings.HasPrefix(name, "content/") {
			data = regexp.MustCompile(`(?m)^ *hindsight: true\n`).ReplaceAll(data, nil)
		}
		bare[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	unmarked, diags := Build(bare, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := []string{
		"content/cities/damascus.md:14:11: notice: control[1] is dated 2024-12-08, after the 6 December 2024 cutoff",
		"content/cities/homs.md:14:11: notice: control[1] is dated 2024-12-08, after the 6 December 2024 cutoff",
		`content/events/deterrence-of-aggression.md:94:12: notice: figures[13] ("displaced") is dated 2024-12-09, after the 6 December 2024 cutoff`,
		`content/events/deterrence-of-aggression.md:101:12: notice: figures[14] ("displaced") is dated 2024-12-12, after the 6 December 2024 cutoff`,
		`content/events/deterrence-of-aggression.md:108:12: notice: figures[15] ("returned") is dated 2024-12-27, after the 6 December 2024 cutoff`,
	}
	var got []string
	for _, n := range unmarked.Notices {
		got = append(got, n.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("notices without the hindsight marks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Marked or not, the pages set each item apart.
	dated := regexp.MustCompile(`is dated (\d{4}-\d{2}-\d{2})`)
	for _, n := range unmarked.Notices {
		key := strings.TrimSuffix(strings.TrimPrefix(n.Path, "content/"), ".md")
		date := dated.FindStringSubmatch(n.Msg)[1]
		marked := regexp.MustCompile(`datetime="` + date + `">[^<]*</time> <span class="after-mark">after the 6 December cutoff</span>`)
		for _, r := range []*Result{res, unmarked} {
			if !marked.MatchString(string(rendertest.File(r.Tree, key+"/index.html"))) {
				t.Errorf("%s: %s does not mark the item of %s", n, key, date)
			}
		}
	}
}

// TestAsOfLinkToLaterPage: a page of the earlier edition that links to a
// page left out of it (hindsight, "see the fall of Damascus") reads the
// later page's name as plain text instead of failing the build; built
// whole, it is a link.
func TestAsOfLinkToLaterPage(t *testing.T) {
	whole, _ := asOfSources(t)
	whole["content/cities/hama.md"].Data = append(whole["content/cities/hama.md"].Data, "Later: [[fall]], [[events/fall|the fall]], [[articles/late]].\n"...)
	// A label is a link's text, never auto-linked: in the whole build it
	// is inside the link, and as of 6 December it must not become a
	// mention of the Syrian Arab Army that the whole build lacks.
	whole["content/articles/report.md"].Data = append(whole["content/articles/report.md"].Data, "See [[late|the Syrian Arab Army report]].\n"...)
	cut, diags := Build(whole, Options{Theme: repo, AsOf: day("2024-12-06")})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if report := string(rendertest.File(cut.Tree, "articles/report/index.html")); !strings.Contains(report, "See the Syrian Arab Army report.") || strings.Contains(report, "factions/saa/") {
		t.Errorf("the label of a link to a left-out page is not plain text:\n%s", report[strings.Index(report, `<div class="body">`):][:600])
	}
	page := string(rendertest.File(cut.Tree, "cities/hama/index.html"))
	if !strings.Contains(page, "Later: Fall of QuokkaDamascus, the fall, Rebels take Homs QuokkaArticle.") {
		t.Errorf("links to left-out pages do not read as their names:\n%s", page[strings.Index(page, `<div class="body">`):][:400])
	}
	if strings.Contains(page, "events/fall/") || strings.Contains(page, "articles/late/") {
		t.Errorf("a link to a left-out page remains")
	}
	full, diags := Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if page := string(rendertest.File(full.Tree, "cities/hama/index.html")); !strings.Contains(page, `<a href="../../events/fall/" class="entity entity-events"`) {
		t.Errorf("built whole, the link is gone:\n%s", page[strings.Index(page, `<div class="body">`):][:600])
	}
	// A slug that names nothing is still an error.
	whole["content/cities/hama.md"].Data = append(whole["content/cities/hama.md"].Data, "[[nothing-here]]\n"...)
	if _, diags := Build(whole, Options{Theme: repo, AsOf: day("2024-12-06")}); len(diags) != 1 || !strings.Contains(diags[0].Msg, `unknown link target "nothing-here"`) {
		t.Errorf("an unknown link as of 6 December: %v", diags)
	}
}

// TestSearchMarksLaterItems: in search, as on the pages, a page, claim or
// figure dated after the cutoff, or on a page dated after it, says so
// beside its result, and nothing earlier does.
func TestSearchMarksLaterItems(t *testing.T) {
	whole, _ := asOfSources(t)
	res, diags := Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	index := string(rendertest.File(res.Tree, "search/index.js"))
	const mark = "after the 6 December cutoff"
	docs := regexp.MustCompile(`\["([^"]*)","((?:[^"\\]|\\.)*)","([^"]*)"(?:,"[^"]*","((?:[^"\\]|\\.)*)")?\]`).FindAllStringSubmatch(index, -1)
	if len(docs) == 0 {
		t.Fatalf("no result in search/index.js:\n%.600s", index)
	}
	later := map[string]bool{}
	for _, d := range docs {
		if strings.Contains(d[4], mark) {
			later[d[1]] = true
		}
	}
	// The later article, the later event, a claim in the later article,
	// the figure of 9 December, and what the later event gives of an
	// earlier day: its claim on the 5 December article, its figure.
	for _, want := range []string{"articles/late/", "events/fall/", "articles/late/#claim-", "events/offensive/#fig-displaced-2024-12-09",
		"articles/report/#claim-events-fall-0", "events/fall/#fig-wounded-2024-12-05"} {
		found := false
		for path := range later {
			found = found || path == want || strings.HasSuffix(want, "-") && strings.HasPrefix(path, want)
		}
		if !found {
			t.Errorf("no result for %s marked %q; marked: %v", want, mark, later)
		}
	}
	for _, d := range docs {
		if later[d[1]] && (d[1] == "articles/report/" || d[1] == "cities/hama/" || d[1] == "events/offensive/#fig-displaced-2024-12-05") {
			t.Errorf("%s is marked, though it is not dated after the cutoff", d[1])
		}
	}
}

// TestCutoffMarksUntilOnce: the row in force at the cutoff marks its
// later Until; a row already after the cutoff is marked once, at its date,
// not at its Until as well.
func TestCutoffMarksUntilOnce(t *testing.T) {
	whole, _ := asOfSources(t)
	homs := whole["content/cities/homs.md"]
	homs.Data = bytes.Replace(homs.Data, []byte("    note: QuokkaControl\n"),
		[]byte("    note: QuokkaControl\n  - date: 2024-12-10\n    faction: saa\n    source: afp\n"), 1)
	res, diags := Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	page := string(rendertest.File(res.Tree, "cities/homs/index.html"))
	const mark = `<span class="after-mark">after the 6 December cutoff</span>`
	for _, want := range []string{
		`<tr class="current"><td><time datetime="2011-03-15">15 March 2011</time></td><td><time datetime="2024-12-08">8 December 2024</time> ` + mark + `</td>`,
		`<tr class="after-cutoff"><td><time datetime="2024-12-08">8 December 2024</time> ` + mark + `</td><td><time datetime="2024-12-10">10 December 2024</time></td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("cities/homs/index.html lacks %s", want)
		}
	}
}

// TestDatedSectionMarksMentions: a mention taken from a section whose
// heading dates it after the cutoff ({since="..."}) is marked on the
// linked page, one before that heading or after the section ends is not,
// and as of a date on or after the section's none is. A dated section
// inside another dates what it heads; a plain one inside it does not end
// the outer one.
func TestDatedSectionMarksMentions(t *testing.T) {
	whole, _ := asOfSources(t)
	homs := whole["content/cities/homs.md"]
	homs.Data = append(bytes.Clone(homs.Data), []byte("\n\nEarlier, [[hama]] QuokkaBefore.\n\n"+
		"## After the cutoff {since=\"2024-12-07\"}\n\nLater, [[hama]] QuokkaLater.\n\n### Detail\n\nAlso [[hama]] QuokkaDetail.\n\n"+
		"### Later still {since=\"2024-12-09\"}\n\nDeeper, [[hama]] QuokkaDeeper.\n\n### Plain\n\nStill [[hama]] QuokkaPlain.\n\n"+
		"## Background\n\nThen [[hama]] QuokkaAfter.\n")...)
	for _, c := range []struct {
		asOf   string
		marked map[string]bool
	}{
		{"", map[string]bool{"QuokkaBefore": false, "QuokkaLater": true, "QuokkaDetail": true, "QuokkaDeeper": true, "QuokkaPlain": true, "QuokkaAfter": false}},
		// The innermost section's date: the 9th is after the 7th.
		{"2024-12-07", map[string]bool{"QuokkaBefore": false, "QuokkaLater": false, "QuokkaDetail": false, "QuokkaDeeper": true, "QuokkaPlain": false, "QuokkaAfter": false}},
	} {
		opts := Options{Theme: repo}
		mark := `<span class="after-mark">after the 6 December cutoff</span>`
		if c.asOf != "" {
			opts.AsOf, _ = fields.ParseDate(c.asOf)
			mark = `<span class="after-mark">after the ` + opts.AsOf.Format("2 January") + ` cutoff</span>`
		}
		res, diags := Build(whole, opts)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		hama := string(rendertest.File(res.Tree, "cities/hama/index.html"))
		if page := string(rendertest.File(res.Tree, "cities/homs/index.html")); !strings.Contains(page, `<h2 id="after-the-cutoff">After the cutoff</h2>`) {
			t.Errorf("as of %q: the dated heading is not published as written without its attribute", c.asOf)
		}
		for word, want := range c.marked {
			i := strings.Index(hama, word)
			if i < 0 {
				t.Errorf("as of %q: no mention %s on Hama's page", c.asOf, word)
				continue
			}
			item := hama[strings.LastIndex(hama[:i], "<li>"):i]
			if got := strings.Contains(item, mark); got != want {
				t.Errorf("as of %q: mention %s marked %v, want %v:\n%s", c.asOf, word, got, want, item)
			}
		}
	}
}

// TestSearchMarksOnlyLaterText: the two characters the search data puts
// round text from a section dated after the cutoff, when written in the
// content itself, are taken out of it: search.js would otherwise mark as
// later what is not.
func TestSearchMarksOnlyLaterText(t *testing.T) {
	whole, _ := asOfSources(t)
	homs := whole["content/cities/homs.md"]
	homs.Data = append(bytes.Replace(homs.Data, []byte("note: QuokkaClaim"), []byte("note: \uE000QuokkaNote\uE001"), 1),
		[]byte("\n\nEarlier \uE000QuokkaOdd\uE001 text.\n\n"+
			"## After the cutoff {since=\"2024-12-07\"}\n\nQuokkaLater \uE001words.\n")...)
	res, diags := Build(whole, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var passage string
	notes := 0
	files, err := rendertest.Files(res.Tree)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range files {
		if !strings.HasPrefix(p, "search/d/") {
			continue
		}
		// The JSON string that holds the page's text.
		if m := regexp.MustCompile(`"(?:[^"\\]|\\.)*QuokkaOdd(?:[^"\\]|\\.)*"`).Find(data); m != nil {
			passage = string(m)
		}
		// A claim's note, the snippet of the claim's own result (Homs's
		// passage holds it too, and is counted above).
		for _, m := range regexp.MustCompile(`"(?:[^"\\]|\\.)*QuokkaNote(?:[^"\\]|\\.)*"`).FindAll(data, -1) {
			if bytes.Contains(m, []byte("QuokkaOdd")) {
				continue
			}
			notes++
			if s := string(m); strings.Contains(s, "\uE000") || strings.Contains(s, "\uE001") || strings.Contains(s, `\ue00`) {
				t.Errorf("a snippet keeps the marks written in a claim's note: %s", s)
			}
		}
	}
	if passage == "" || notes == 0 {
		t.Fatalf("no search data holds Homs's text (%q) or its claim's note (%d)", passage, notes)
	}
	if n, m := strings.Count(passage, "\uE000")+strings.Count(passage, `\ue000`), strings.Count(passage, "\uE001")+strings.Count(passage, `\ue001`); n != 1 || m != 1 {
		t.Errorf("want one start and one end mark (round the later section), got %d and %d in:\n%s", n, m, passage)
	}
	if !strings.Contains(passage, "Earlier QuokkaOdd text") {
		t.Errorf("the content's own marks are not taken out:\n%s", passage)
	}
}
