package serve

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"briefing/generator/render/rendertest"

	"briefing/generator/build"
	"briefing/generator/diag"
	"briefing/generator/srcfile"
	"briefing/generator/watch"

	"golang.org/x/tools/txtar"
)

// rebuilder is the preview server's way of building, without the HTTP
// side: the source read through a snapshot that each batch of changes
// invalidates, and a memo kept from build to build.
type rebuilder struct {
	dir  string
	snap *snapshot
	memo build.Memo
}

func newRebuilder(t *testing.T, dir string) *rebuilder {
	return &rebuilder{dir: dir, snap: newSnapshot(sourceFS(t, dir))}
}

// sameAsFull rebuilds after the changes of b and fails unless the
// problems and every file match a build from scratch.
func (r *rebuilder) sameAsFull(t *testing.T, step string, b watch.Batch) (compared bool) {
	t.Helper()
	return r.sameAsFullWith(t, step, b, build.Options{Theme: testTheme}).compared
}

// outcome is what a compared step built: whether its pages were compared
// (it built without problems), how many pages it left out as of a date,
// and the problems both builds reported.
type outcome struct {
	compared bool
	leftOut  int
	problems diag.List
}

// sameAsFullWith is sameAsFull building with opts (an --as-of date, the
// server's base URL): the problems, the notices, what was left out and
// every file must match a build from scratch with the same options.
func (r *rebuilder) sameAsFullWith(t *testing.T, step string, b watch.Batch, opts build.Options) outcome {
	t.Helper()
	defer func() {
		// A build that panics is named by the step that made it.
		if e := recover(); e != nil {
			t.Fatalf("%s: a build panicked: %v\n%s", step, e, debug.Stack())
		}
	}()
	r.snap.invalidate(b)
	inc, dInc := r.memo.Build(r.snap, opts)
	full, dFull := build.Build(os.DirFS(r.dir), opts)
	if dInc.Error() != dFull.Error() {
		t.Fatalf("%s: problems differ:\nrebuild:\n%v\nfull build:\n%v", step, dInc, dFull)
	}
	if inc.Notices.Error() != full.Notices.Error() || inc.LeftOut != full.LeftOut || inc.Docs != full.Docs {
		t.Fatalf("%s: notices, left out or files read differ:\nrebuild (%d left out, %d files):\n%v\nfull build (%d left out, %d files):\n%v",
			step, inc.LeftOut, inc.Docs, inc.Notices, full.LeftOut, full.Docs, full.Notices)
	}
	out := outcome{leftOut: full.LeftOut, problems: dFull}
	if len(dFull) > 0 {
		if os.Getenv("DEBUGINC") != "" {
			t.Logf("%s: %v", step, dFull[0])
		}
		return out
	}
	a, err := rendertest.Files(inc.Tree)
	if err != nil {
		t.Fatal(err)
	}
	f, err := rendertest.Files(full.Tree)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(f) {
		t.Fatalf("%s: %d files, a full build has %d", step, len(a), len(f))
	}
	for p, data := range f {
		if !bytes.Equal(a[p], data) {
			t.Fatalf("%s: %s differs from a full build:\n%s", step, p, firstDiff(a[p], data))
		}
	}
	out.compared = true
	return out
}

// firstDiff shows where two files part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("rebuild:    %q\nfull build: %q", a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}

// changed is the batch a watcher reports for paths: those it watches.
func changed(paths ...string) watch.Batch {
	var b watch.Batch
	for _, p := range paths {
		if top, _, _ := strings.Cut(p, "/"); slices.Contains(srcfile.Tops, top) {
			b.Paths = append(b.Paths, p)
		}
	}
	return b
}

// withSetting is site.yaml s with its top-level line "key: ..." replaced
// by line, or line added; "" removes it.
func withSetting(s, key, line string) string {
	var out []string
	found := false
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if strings.HasPrefix(l, key+":") {
			found = true
			if line != "" {
				out = append(out, line)
			}
			continue
		}
		out = append(out, l)
	}
	if !found && line != "" {
		out = append(out, line)
	}
	return strings.Join(out, "\n") + "\n"
}

// withKinds is site.yaml s with the lines of its kinds: block replaced by
// lines.
func withKinds(s string, lines []string) string {
	head := s[:strings.Index(s, "kinds:\n")]
	rest := s[strings.Index(s, "kinds:\n")+len("kinds:\n"):]
	for strings.HasPrefix(rest, "  ") {
		rest = rest[strings.Index(rest, "\n")+1:]
	}
	return head + "kinds:\n" + strings.Join(lines, "\n") + "\n" + rest
}

// miniOnDisk writes the small briefing of the build tests into a folder
// of its own inside a folder of its own (so a link can point outside the
// source).
func miniOnDisk(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile("../build/testdata/mini.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "src")
	for _, f := range ar.Files {
		writeFile(t, dir, f.Name, string(f.Data))
	}
	return dir
}

// TestIncrementalMatchesFull edits a briefing at random, many times, and
// after every edit compares the preview server's rebuild (told what
// changed, as the watcher tells it, or told to look again at everything)
// with a build from scratch: every file must be byte-identical, and the
// problems reported the same. The edits reach every field of site.yaml
// and every kind definition as well as the content.
func TestIncrementalMatchesFull(t *testing.T) {
	dir := miniOnDisk(t)
	read := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return string(b)
	}
	var touched []string // what a file watcher would report
	write := func(name, data string) {
		touched = append(touched, name)
		writeFile(t, dir, name, data)
	}
	remove := func(name string) {
		touched = append(touched, name)
		os.Remove(filepath.Join(dir, name))
	}
	// setting replaces a top-level line of site.yaml ("key: ...") with
	// line, or adds it; "" removes it.
	setting := func(key, line string) { write("site.yaml", withSetting(read("site.yaml"), key, line)) }
	// kinds is site.yaml's kinds: block, rewritten whole by the edits
	// that change a kind's definition.
	kinds := map[string]string{"people": "{ singular: person, title: People }"}
	writeKinds := func() {
		var lines []string
		for _, k := range []string{"articles", "cities", "factions", "sources", "people", "events"} {
			if def, ok := kinds[k]; ok {
				lines = append(lines, "  "+k+": "+def)
			}
		}
		write("site.yaml", withKinds(read("site.yaml"), lines))
	}
	pick := func(r *rand.Rand, options ...string) string { return options[r.Intn(len(options))] }
	writeFile(t, dir, "static/outline.geojson", `{"type":"Polygon","coordinates":[[[35,34],[38,34],[38,37],[35,37],[35,34]]]}`)
	// undo, when set, puts back a broken file or removes a stray one:
	// the next step does it along with its own edit, so that most steps
	// build without problems and have their pages compared.
	var undo []func()
	edits := []struct {
		name string
		do   func(r *rand.Rand)
	}{
		{"append a sentence to the article", func(r *rand.Rand) {
			write("content/articles/report.md", read("content/articles/report.md")+fmt.Sprintf("\nHoms was quiet on day %d [@afp].\n", r.Intn(100)))
		}},
		{"edit a city body", func(r *rand.Rand) {
			s := read("content/cities/hama.md")
			write("content/cities/hama.md", s+fmt.Sprintf("\nMore on [[hts]] and [[saa]] (%d).\n", r.Intn(100)))
		}},
		{"rename a faction", func(r *rand.Rand) {
			s := read("content/factions/saa.md")
			names := []string{"Syrian Arab Army", "Syrian army", "Syrian Army", "Government forces"}
			for _, n := range names {
				s = strings.Replace(s, "name: "+n, "name: "+names[r.Intn(len(names))], 1)
			}
			write("content/factions/saa.md", s)
		}},
		{"rename a source (a claim's note links it)", func(r *rand.Rand) {
			s := read("content/sources/afp.md")
			names := []string{"Agence France-Presse", "AFP news agency"}
			for _, n := range names {
				s = strings.Replace(s, "name: "+n, "name: "+names[r.Intn(len(names))], 1)
			}
			write("content/sources/afp.md", s)
		}},
		{"add an alias", func(r *rand.Rand) {
			s := read("content/factions/hts.md")
			write("content/factions/hts.md", strings.Replace(s, "aliases: [HTS]", "aliases: [HTS, Tahrir]", 1))
		}},
		{"add a new article", func(r *rand.Rand) {
			write(fmt.Sprintf("content/articles/new-%d.md", r.Intn(5)), fmt.Sprintf("---\ntitle: New %d\ndate: 2024-12-0%d\n---\nHama and Homs and HTS, said Ann Example.\n", r.Intn(9), 1+r.Intn(8)))
		}},
		{"delete an added article", func(r *rand.Rand) {
			remove(fmt.Sprintf("content/articles/new-%d.md", r.Intn(5)))
		}},
		{"rename an added article", func(r *rand.Rand) {
			from, to := fmt.Sprintf("content/articles/new-%d.md", r.Intn(5)), fmt.Sprintf("content/articles/new-%d.md", r.Intn(5))
			touched = append(touched, from, to)
			os.Rename(filepath.Join(dir, from), filepath.Join(dir, to))
		}},
		{"add a stray file (removed with the next edit)", func(r *rand.Rand) {
			name := "content/cities/notes.txt"
			write(name, "not a fact sheet")
			undo = append(undo, func() { remove(name) })
		}},
		{"add a folder named like a file (removed with the next edit)", func(r *rand.Rand) {
			name := "content/articles/folder.md"
			touched = append(touched, name)
			os.Mkdir(filepath.Join(dir, name), 0o755)
			undo = append(undo, func() { remove(name) })
		}},
		{"turn a file into a link to a copy, or back", func(r *rand.Rand) {
			name := "content/people/ann.md"
			p := filepath.Join(dir, name)
			touched = append(touched, name)
			if st, err := os.Lstat(p); err == nil && st.Mode()&os.ModeSymlink != 0 {
				data, _ := os.ReadFile(p)
				os.Remove(p)
				os.WriteFile(p, data, 0o644)
				return
			}
			data, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(dir, "ann-copy.md"), data, 0o644)
			os.Remove(p)
			os.Symlink("../../ann-copy.md", p)
		}},
		{"edit the copy behind the link (the watcher does not see it)", func(r *rand.Rand) {
			if _, err := os.Stat(filepath.Join(dir, "ann-copy.md")); err == nil {
				os.WriteFile(filepath.Join(dir, "ann-copy.md"), fmt.Appendf(nil, "---\nname: Ann Example\ndate: 2024-12-01\nsummary: Copy %d.\n---\nSpeaks for someone.\n", r.Intn(100)), 0o644)
			}
		}},
		{"redate the article (it moves among the added ones)", func(r *rand.Rand) {
			s := read("content/articles/report.md")
			for d := 1; d <= 9; d++ {
				s = strings.Replace(s, fmt.Sprintf("date: 2024-12-0%d\n", d), fmt.Sprintf("date: 2024-12-0%d\n", 1+r.Intn(9)), 1)
			}
			write("content/articles/report.md", s)
		}},
		{"change who holds a city (the shapes stay)", func(r *rand.Rand) {
			s := read("content/cities/homs.md")
			f := []string{"faction: hts", "faction: saa"}
			s = strings.Replace(s, f[r.Intn(2)], f[r.Intn(2)], 1)
			write("content/cities/homs.md", s)
		}},
		{"change a claim's status", func(r *rand.Rand) {
			s := read("content/cities/hama.md")
			st := []string{"corroborated", "partly", "disputed"}[r.Intn(3)]
			for _, o := range []string{"corroborated", "partly", "disputed"} {
				s = strings.Replace(s, "status: "+o, "status: "+st, 1)
			}
			write("content/cities/hama.md", s)
		}},
		{"add a claim on another sheet", func(r *rand.Rand) {
			s := read("content/factions/saa.md")
			if !strings.Contains(s, "claims:") {
				s = strings.Replace(s, "---\nThe", "claims:\n  - {article: report, quote: outside the city, status: partly, sources: [afp]}\n---\nThe", 1)
				write("content/factions/saa.md", s)
			}
		}},
		{"break a file (mended with the next edit)", func(r *rand.Rand) {
			name := "content/people/ann.md"
			good := read(name)
			write(name, "---\nname: [broken\n---\n")
			undo = append(undo, func() { write(name, good) })
		}},
		{"link the article to an unknown person (unlinked after the next edit)", func(r *rand.Rand) {
			const link = "\nNobody spoke: [[people/nobody]].\n"
			if strings.Contains(read("content/articles/report.md"), link) {
				return
			}
			write("content/articles/report.md", read("content/articles/report.md")+link)
			// The link stays for the next edit (a kind renamed, say),
			// and goes with the one after.
			undo = append(undo, func() {
				undo = append(undo, func() {
					write("content/articles/report.md", strings.Replace(read("content/articles/report.md"), link, "", 1))
				})
			})
		}},
		{"give HTS an area of control, or redraw it", func(r *rand.Rand) {
			// The area file is read by path, not kept by the snapshot.
			squares := []string{
				`{"type":"Polygon","coordinates":[[[36.6,35.0],[36.9,35.0],[36.9,35.3],[36.6,35.3],[36.6,35.0]]]}`,
				`{"type":"Polygon","coordinates":[[[36.5,34.9],[37.0,34.9],[37.0,35.4],[36.5,35.4],[36.5,34.9]]]}`,
			}
			write("content/areas/hts.geojson", squares[r.Intn(2)])
			s := read("content/factions/hts.md")
			if !strings.Contains(s, "areas:") {
				write("content/factions/hts.md", strings.Replace(s, "opponents: [saa]\n", "opponents: [saa]\nareas:\n  - {date: 2024-12-05, file: areas/hts.geojson, source: afp}\n", 1))
			}
		}},
		{"change site.yaml's title or description", func(r *rand.Rand) {
			key := pick(r, "title", "description")
			setting(key, key+": "+pick(r, "Test briefing", "Another briefing", "Hama"))
		}},
		{"change site.yaml's base_url, language or cname", func(r *rand.Rand) {
			switch r.Intn(3) {
			case 0:
				setting("base_url", "base_url: "+pick(r, "https://example.org/test/", "https://example.com/", "http://localhost/x/"))
			case 1:
				setting("language", pick(r, "language: en", "language: en-GB", "language: fr", ""))
			default:
				setting("cname", pick(r, "cname: briefing.example.org", "cname: other.example.com", ""))
			}
		}},
		{"change site.yaml's as_of", func(r *rand.Rand) {
			setting("as_of", pick(r, "as_of: 2024-12-06", "as_of: 2024-12-01", "as_of: 2011-01-01", ""))
		}},
		{"change site.yaml's stale_after", func(r *rand.Rand) {
			setting("stale_after", pick(r, "stale_after: 1", "stale_after: 365", ""))
		}},
		{"change site.yaml's page_size", func(r *rand.Rand) {
			setting("page_size", pick(r, "page_size: 1", "page_size: 2", "page_size: 1000", ""))
		}},
		{"change site.yaml's autolink", func(r *rand.Rand) {
			setting("autolink", pick(r, "autolink: false", "autolink: true", ""))
		}},
		{"change site.yaml's map outline", func(r *rand.Rand) {
			setting("map", pick(r, "map: { outline: static/outline.geojson }", ""))
		}},
		{"redefine an extra kind (singular, title)", func(r *rand.Rand) {
			kinds["people"] = "{ singular: " + pick(r, "person", "human") + ", title: " + pick(r, "People", "Folk") + " }"
			writeKinds()
		}},
		{"redefine a built-in kind", func(r *rand.Rand) {
			k := pick(r, "cities", "factions", "sources", "articles")
			if _, ok := kinds[k]; ok && r.Intn(2) == 0 {
				delete(kinds, k)
			} else {
				kinds[k] = "{ singular: " + pick(r, "thing", "item") + ", title: " + pick(r, "Things", "Items") + " }"
			}
			writeKinds()
		}},
		{"declare or drop an extra kind with a folder", func(r *rand.Rand) {
			if _, ok := kinds["events"]; ok {
				delete(kinds, "events")
				remove("content/events/siege.md")
				remove("content/events")
				writeKinds()
				return
			}
			kinds["events"] = "{ singular: event }"
			writeKinds()
			write("content/events/siege.md", "---\nname: Siege of Hama\ndate: 2024-12-03\n---\nBefore the fall of [[hama]].\n")
		}},
	}
	r := rand.New(rand.NewSource(1))
	rb := newRebuilder(t, dir)
	compared := 0
	const steps = 300
	for step := 0; step < steps; step++ {
		e := edits[r.Intn(len(edits))]
		touched = touched[:0]
		pending := undo
		undo = nil
		for _, u := range pending {
			u()
		}
		e.do(r)
		// A tenth of the batches say changes may have gone unseen, as
		// the watcher does when its queue overflows.
		b := changed(touched...)
		if step%10 == 0 {
			b = watch.Batch{Rescan: true}
		}
		if rb.sameAsFull(t, fmt.Sprintf("step %d (%s)", step, e.name), b) {
			compared++
		}
	}
	if compared < steps/3 {
		t.Errorf("only %d of %d steps built without problems: too few pages compared", compared, steps)
	}
}

// TestRebuildAfterKindRenamed is the case that found the preview server's
// old cache wanting: a body's problem names its kind by the singular that
// site.yaml gives, so renaming it must reach the problem.
func TestRebuildAfterKindRenamed(t *testing.T) {
	dir := miniOnDisk(t)
	rb := newRebuilder(t, dir)
	rb.sameAsFull(t, "first build", watch.Batch{})
	art := filepath.Join(dir, "content/articles/report.md")
	data, _ := os.ReadFile(art)
	writeFile(t, dir, "content/articles/report.md", string(data)+"\nNobody spoke: [[people/nobody]].\n")
	rb.sameAsFull(t, "link to an unknown person", changed("content/articles/report.md"))
	site, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
	writeFile(t, dir, "site.yaml", strings.Replace(string(site), "singular: person", "singular: human", 1))
	rb.snap.invalidate(changed("site.yaml"))
	_, diags := rb.memo.Build(rb.snap, build.Options{Theme: testTheme})
	want := `content/articles/report.md:15:17: unknown human "nobody" in link [[people/nobody]]`
	if len(diags) != 1 || diags[0].String() != want {
		t.Fatalf("after renaming the kind:\n%v\nwant:\n%s", diag.List(diags), want)
	}
}
