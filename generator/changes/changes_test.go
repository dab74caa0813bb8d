package changes

import (
	"archive/zip"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const oldJSON = `{"schema":"https://briefing.example/schema/briefing-1.json","title":"T","base_url":"https://example.org/","as_of":"2024-12-05",
"entities":[
 {"kind":"articles","slug":"a","key":"articles/a","name":"Hama falls","url":"articles/a/","date":"2024-12-05"},
 {"kind":"cities","slug":"hama","key":"cities/hama","name":"Hama","url":"cities/hama/","controlled_by":"factions/hts"},
 {"kind":"cities","slug":"homs","key":"cities/homs","name":"Homs","url":"cities/homs/","controlled_by":"factions/gov"},
 {"kind":"events","slug":"old","key":"events/old","name":"Old event","url":"events/old/"},
 {"kind":"factions","slug":"gov","key":"factions/gov","name":"Government","url":"factions/gov/"},
 {"kind":"factions","slug":"hts","key":"factions/hts","name":"HTS","url":"factions/hts/"},
 {"kind":"sources","slug":"s","key":"sources/s","name":"SOHR","url":"sources/s/"}],
"claims":[
 {"id":"cities-hama-0","sheet":"cities/hama","article":"articles/a","url":"articles/a/#claim-cities-hama-0","number":1,"quote":"727 killed","status":"unverified","sources":[]},
 {"id":"cities-hama-1","sheet":"cities/hama","article":"articles/a","url":"articles/a/#claim-cities-hama-1","number":2,"quote":"gone soon","status":"false","sources":["sources/s"]}],
"control":[
 {"city":"cities/hama","date":"2024-12-05","faction":"factions/hts","source":"sources/s"},
 {"city":"cities/homs","date":"2017-05-21","faction":"factions/gov","source":"sources/s"}],
"figures":[
 {"entity":"cities/hama","label":"killed","value":727,"qualifier":"at least","as_of":"2024-12-05","source":"sources/s"},
 {"entity":"cities/hama","label":"displaced","value":100,"as_of":"2024-12-04","source":"sources/s"}],
"links":[]}`

const newJSON = `{"schema":"https://briefing.example/schema/briefing-1.json","title":"T","base_url":"https://example.org/","as_of":"2024-12-08",
"entities":[
 {"kind":"articles","slug":"a","key":"articles/a","name":"Hama falls","url":"articles/a/","date":"2024-12-05"},
 {"kind":"cities","slug":"hama","key":"cities/hama","name":"Hama","url":"cities/hama/","controlled_by":"factions/hts"},
 {"kind":"cities","slug":"homs","key":"cities/homs","name":"Homs","url":"cities/homs/","controlled_by":"factions/hts"},
 {"kind":"events","slug":"new","key":"events/new","name":"New event","url":"events/new/"},
 {"kind":"factions","slug":"gov","key":"factions/gov","name":"Government","url":"factions/gov/"},
 {"kind":"factions","slug":"hts","key":"factions/hts","name":"HTS","url":"factions/hts/"},
 {"kind":"sources","slug":"s","key":"sources/s","name":"SOHR","url":"sources/s/"}],
"claims":[
 {"id":"cities-hama-0","sheet":"cities/hama","article":"articles/a","url":"articles/a/#claim-cities-hama-0","number":1,"quote":"727 killed","status":"corroborated","sources":["sources/s"],"note":"SOHR's count."},
 {"id":"cities-homs-0","sheet":"cities/homs","article":"articles/a","url":"articles/a/#claim-cities-homs-0","number":3,"quote":"towards Homs","status":"corroborated","sources":["sources/s"]}],
"control":[
 {"city":"cities/hama","date":"2024-12-05","faction":"factions/hts","source":"sources/s"},
 {"city":"cities/homs","date":"2017-05-21","faction":"factions/gov","source":"sources/s"},
 {"city":"cities/homs","date":"2024-12-08","faction":"factions/hts","source":"sources/s","note":"full control announced"}],
"figures":[
 {"entity":"cities/hama","label":"killed","value":740,"qualifier":"at least","as_of":"2024-12-05","source":"sources/s"},
 {"entity":"cities/hama","label":"displaced","value":100,"as_of":"2024-12-04","source":"sources/s"},
 {"entity":"cities/hama","label":"displaced","value":800000,"high":1000000,"as_of":"2024-12-08","source":"sources/s"}],
"links":[]}`

func editions(t *testing.T) (*Edition, *Edition) {
	t.Helper()
	old, err := Decode([]byte(oldJSON))
	if err != nil {
		t.Fatal(err)
	}
	new, err := Decode([]byte(newJSON))
	if err != nil {
		t.Fatal(err)
	}
	return old, new
}

func TestCompare(t *testing.T) {
	old, new := editions(t)
	c := Compare(old, new)
	if len(c.StatusChanged) != 1 || c.StatusChanged[0].OldStatus != "unverified" || c.StatusChanged[0].Claim.Status != "corroborated" {
		t.Errorf("status changed: %+v", c.StatusChanged)
	}
	if len(c.ClaimsAdded) != 1 || c.ClaimsAdded[0].Quote != "towards Homs" {
		t.Errorf("claims added: %+v", c.ClaimsAdded)
	}
	if len(c.ClaimsRemoved) != 1 || c.ClaimsRemoved[0].Quote != "gone soon" {
		t.Errorf("claims removed: %+v", c.ClaimsRemoved)
	}
	if len(c.Places) != 1 || c.Places[0].City != "cities/homs" || c.Places[0].OldHolder != "factions/gov" ||
		c.Places[0].NewHolder != "factions/hts" || len(c.Places[0].Added) != 1 {
		t.Errorf("places: %+v", c.Places)
	}
	if len(c.FiguresRevised) != 1 || c.FiguresRevised[0].Old.Value != 727 || c.FiguresRevised[0].New.Value != 740 {
		t.Errorf("figures revised: %+v", c.FiguresRevised)
	}
	if len(c.FiguresAdded) != 1 || c.FiguresAdded[0].Value != 800000 {
		t.Errorf("figures added: %+v", c.FiguresAdded)
	}
	if len(c.PagesAdded) != 1 || c.PagesAdded[0].Key != "events/new" || len(c.PagesRemoved) != 1 || c.PagesRemoved[0].Key != "events/old" {
		t.Errorf("pages: %+v, %+v", c.PagesAdded, c.PagesRemoved)
	}
	if c.Count() != 8 {
		t.Errorf("Count() = %d, want 8", c.Count())
	}
	// An edition compared with itself has no changes.
	if n := Compare(new, new).Count(); n != 0 {
		t.Errorf("an edition against itself: %d changes", n)
	}
}

func TestWriteText(t *testing.T) {
	old, new := editions(t)
	var b strings.Builder
	if err := Compare(old, new).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := `What changed from the edition of 5 December 2024 to the edition of 8 December 2024

Claims with a new status (1)
  ~ "727 killed" in Hama falls (fact sheet: Hama): unverified → corroborated
    note: SOHR's count.

Claims added (1)
  + "towards Homs" in Hama falls (fact sheet: Homs): corroborated

Claims removed (1)
  - "gone soon" in Hama falls (fact sheet: Hama): false

Control (1)
  Homs: held by Government → HTS
    + 8 December 2024 HTS (SOHR): full control announced

Figures revised (1)
  ~ Hama: killed, as of 5 December 2024 (SOHR): at least 740, was at least 727

Figures added (1)
  + Hama: displaced, as of 8 December 2024 (SOHR): 800,000 to 1,000,000

Pages added (1)
  + New event (events/new)

Pages removed (1)
  - Old event (events/old)

8 changes
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	Compare(new, new).WriteText(&b)
	if !strings.HasSuffix(b.String(), "\nno changes\n") {
		t.Errorf("no changes: %q", b.String())
	}
}

// TestRead reads an edition from its briefing.json, its site's folder and
// a zip of it, and refuses what is not one.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "public")
	os.MkdirAll(site, 0o755)
	os.WriteFile(filepath.Join(site, File), []byte(newJSON), 0o644)
	zipPath := filepath.Join(dir, "t.zip")
	f, _ := os.Create(zipPath)
	zw := zip.NewWriter(f)
	w, _ := zw.Create("t/index.html")
	w.Write([]byte("<!doctype html>"))
	w, _ = zw.Create("t/" + File)
	w.Write([]byte(newJSON))
	zw.Close()
	f.Close()
	for _, p := range []string{filepath.Join(site, File), site, zipPath} {
		e, err := Read(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if e.AsOf != "2024-12-08" || e.Name("cities/homs") != "Homs" {
			t.Errorf("%s: read %+v", p, e)
		}
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"title": "not one"}`), 0o644)
	if _, err := Read(bad); err == nil || !strings.Contains(err.Error(), `not a briefing.json: it has no "schema"`) {
		t.Errorf("a JSON file without schema: %v", err)
	}
	os.WriteFile(bad, []byte(`{"schema": 1`), 0o644)
	if _, err := Read(bad); err == nil || !strings.Contains(err.Error(), "not a briefing.json") {
		t.Errorf("broken JSON: %v", err)
	}
	if _, err := Read(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), "no briefing.json in this folder") {
		t.Errorf("a folder without briefing.json: %v", err)
	}
}

func TestSummary(t *testing.T) {
	old, new := editions(t)
	want := "1 claim with a new status, 1 claim added, 1 claim removed, 1 place whose control changed, 1 figure revised, 1 figure added, 1 page added and 1 page removed."
	if got := Compare(old, new).Summary(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := Compare(new, new).Summary(); got != "No changes." {
		t.Errorf("no changes: %q", got)
	}
}

// TestReadLocated: a briefing.json that cannot be read as an edition is
// refused at the line and column at fault, columns counted in characters
// from 1: a JSON syntax error, a value of the wrong type, and a date that
// is not one (a hand-edited as_of read as no date made the changes page
// say "Since the edition of , ..."). Every bad date is reported.
func TestReadLocated(t *testing.T) {
	const schema = `"schema": "` + Schema + `"`
	dir := t.TempDir()
	for _, tc := range []struct{ json, want string }{
		{"{\n  " + schema + ",\n", "3:1: not a briefing.json: invalid JSON: unexpected end of JSON input"},
		{"{\n  " + schema + ",\n  \"title\": 'T'\n}", `3:12: not a briefing.json: invalid JSON: invalid character '\'' looking for beginning of value`},
		{"{\n  " + schema + ",\n  \"title\": 5\n}", "3:12: not a briefing.json: title must be a string, got number"},
		{"{\n  " + schema + ",\n  \"control\": [{\"city\": \"cities/homs\"},\n    {\"city\": \"cities/hama\", \"date\": [2024]}]}", "4:37: not a briefing.json: control.date must be a string, got array"},
		{"{\n  " + schema + ",\n  \"figures\": [{\"value\": 1.5}]}", "3:25: not a briefing.json: figures.value must be a whole number, got number 1.5"},
		{"[\"اصدار\", 1]", "1:1: not a briefing.json: the file must be a JSON object, got array"},
		{"{\"title\": \"حماة\", " + schema + ", \"as_of\": \"2024-13-40\"}", `1:89: as_of is not a real date: "2024-13-40"`},
		{"{\n  " + schema + ",\n  \"as_of\": \"5 December 2024\",\n  \"entities\": [{\"key\": \"a\", \"date\": \"2024-12-05\"}, {\"key\": \"b\", \"date\": \"2024-02-30\"}],\n" +
			"  \"control\": [{\"date\": \"0001-01-01\"}],\n  \"figures\": [{\"as_of\": \"2024-12-05\", \"since\": \"yesterday\"}]\n}",
			"3:12: as_of must be a date (YYYY-MM-DD), got \"5 December 2024\"\n" +
				"4:73: entities[1].date is not a real date: \"2024-02-30\"\n" +
				"5:24: control[0].date cannot be 0001-01-01, which reads as no date (the earliest date is 0001-01-02)\n" +
				"6:48: figures[0].since must be a date (YYYY-MM-DD), got \"yesterday\""},
		// Found as encoding/json reads it: a key in other letter cases,
		// and the last of a key written twice.
		{"{" + schema + `, "As_Of": "2024-12-32"}`, `1:72: as_of is not a real date: "2024-12-32"`},
		{"{" + schema + ",\n \"as_of\": \"2024-12-05\",\n \"as_of\": \"2024-13-40\"}", `3:11: as_of is not a real date: "2024-13-40"`},
	} {
		p := filepath.Join(dir, "briefing.json")
		os.WriteFile(p, []byte(tc.json), 0o644)
		_, err := Read(p)
		want := p + ":" + strings.ReplaceAll(tc.want, "\n", "\n"+p+":") // 1:2: or, unlocated, a space
		if err == nil || err.Error() != want {
			t.Errorf("%s\ngot  %v\nwant %s", tc.json, err, want)
		}
	}
	// An edition with no dates at all has an empty as_of: no date, not a
	// wrong one.
	if _, err := Decode([]byte("{" + schema + `, "as_of": ""}`)); err != nil {
		t.Errorf("an empty as_of: %v", err)
	}
}

// TestCompareLeavesOutHindsight: an edition built without --as-of carries
// what is dated after its cutoff, marked on its pages (a later page with
// its claims and figures, a later control row, a later figure). What
// changed is told between the situations as of each date, so those items
// count as in neither edition: the comparison is the one without them.
// Before, the later figure that the next edition's cutoff left out read as
// removed, and the later row as already there.
func TestCompareLeavesOutHindsight(t *testing.T) {
	later := strings.NewReplacer(
		`{"kind":"events","slug":"old"`, `{"kind":"events","slug":"late","key":"events/late","name":"Later event","url":"events/late/","date":"2024-12-07"},
 {"kind":"events","slug":"old"`,
		`"claims":[`, `"claims":[
 {"id":"events-late-0","sheet":"events/late","article":"articles/a","url":"articles/a/#claim-events-late-0","number":4,"quote":"Hama falls","status":"false","sources":[]},`,
		`"control":[`, `"control":[
 {"city":"cities/homs","date":"2024-12-08","faction":"factions/hts","source":"sources/s","note":"full control announced"},`,
		`"figures":[`, `"figures":[
 {"entity":"cities/hama","label":"wounded","value":5,"as_of":"2024-12-09","source":"sources/s"},
 {"entity":"events/late","label":"wounded","value":9,"as_of":"2024-12-01","source":"sources/s"},`,
	).Replace(oldJSON)
	if later == oldJSON {
		t.Fatal("nothing added")
	}
	withLater, err := Decode([]byte(later))
	if err != nil {
		t.Fatal(err)
	}
	old, new := editions(t)
	var want, got strings.Builder
	if err := Compare(old, new).WriteText(&want); err != nil {
		t.Fatal(err)
	}
	if err := Compare(withLater, new).WriteText(&got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("with the old edition's later items:\n%s\nwant, as without them:\n%s", got.String(), want.String())
	}
	// Nor does the new edition's hindsight show as added.
	got.Reset()
	if err := Compare(withLater, withLater).WriteText(&got); err != nil || !strings.HasSuffix(got.String(), "no changes\n") {
		t.Errorf("an edition with later items against itself:\n%s", got.String())
	}
	if n := Compare(old, withLater).Count(); n != 0 {
		t.Errorf("the same situation, one edition with later items: %d changes", n)
	}
}
