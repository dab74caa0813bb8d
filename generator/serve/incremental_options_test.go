package serve

import (
	"fmt"
	"math/rand"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/build"
	"briefing/generator/config"
	"briefing/generator/fields"
	"briefing/generator/watch"
)

// TestIncrementalMatchesFullOptions is TestIncrementalMatchesFull for
// what that test leaves alone: the options serve builds with (an --as-of
// date, which leaves later pages out as shells and drops later lines, and
// the server's own base URL), changed between builds of one memo as well
// as kept for a whole run as serve keeps them; an article made a draft
// while other pages link to it and claims name it (the comparison is then
// of the problems, which must be the very ones a full build reports); a
// claim's note edited alone; the site's own templates/ and static/ (a
// theme override, and the map outline the build reads from static/); and
// site.yaml's extra kinds reordered or renamed. Each of several random
// runs starts from a fresh source and memo.
func TestIncrementalMatchesFullOptions(t *testing.T) {
	const runs, steps = 6, 32
	seen := map[string]int{} // edits made, by name
	var st optionsStats
	for run := 1; run <= runs; run++ {
		incrementalOptionsRun(t, int64(run), steps, seen, &st)
	}
	total := runs * steps
	t.Logf("%d steps: %+v", total, st)
	if st.compared < total/3 {
		t.Errorf("only %d of %d steps built without problems: too few pages compared", st.compared, total)
	}
	if st.leftOut < total/10 {
		t.Errorf("only %d of %d builds left a page out as of a date: too few shells compared", st.leftOut, total)
	}
	if st.draftNamed == 0 || st.templateProblem == 0 {
		t.Errorf("%d builds reported a link or claim naming a draft, %d a problem in a template: each must be seen for its problems to be compared",
			st.draftNamed, st.templateProblem)
	}
	for name, n := range seen {
		if n == 0 {
			t.Errorf("edit %q never made", name)
		}
	}
}

// serverBase is the base URL serve builds with when it listens on port.
func serverBase(t *testing.T, port int) string {
	base, ok := config.CheckBaseURL(URL(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}))
	if !ok {
		t.Fatalf("serve's URL for port %d is not a base URL", port)
	}
	return base
}

// optionsStats counts what the steps of TestIncrementalMatchesFullOptions
// compared: builds whose pages were compared, builds that left a page out,
// builds that reported a draft named or a template's problem.
type optionsStats struct {
	compared, leftOut, draftNamed, templateProblem int
}

// count counts what a step compared.
func (st *optionsStats) count(out outcome) {
	if out.compared {
		st.compared++
	}
	if out.leftOut > 0 {
		st.leftOut++
	}
	if strings.Contains(out.problems.Error(), "it is a draft") {
		st.draftNamed++
	}
	if strings.Contains(out.problems.Error(), "templates/base.html") {
		st.templateProblem++
	}
}

// incrementalOptionsRun makes steps random edits to a fresh copy of the
// small briefing, comparing after each the rebuild with a full build, and
// counts in st what was compared.
func incrementalOptionsRun(t *testing.T, seed int64, steps int, seen map[string]int, st *optionsStats) {
	dir := miniOnDisk(t)
	r := rand.New(rand.NewSource(seed))
	pick := func(options ...string) string { return options[r.Intn(len(options))] }
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
	// replace replaces the first of olds found in name with new.
	replace := func(name, new string, olds ...string) {
		s := read(name)
		for _, o := range olds {
			if strings.Contains(s, o) {
				write(name, strings.Replace(s, o, new, 1))
				return
			}
		}
	}
	setting := func(key, line string) { write("site.yaml", withSetting(read("site.yaml"), key, line)) }
	// kinds is site.yaml's kinds: block in its order; the extra kind of
	// people is named people or staff (its folder goes with the name).
	kinds := [][2]string{
		{"people", "{ singular: person, title: People }"},
		{"events", "{ singular: event, title: Events }"},
		{"units", "{ singular: unit, title: Units }"},
	}
	people := func() string {
		for _, k := range kinds {
			if k[0] == "people" || k[0] == "staff" {
				return k[0]
			}
		}
		panic("no kind of people")
	}
	writeKinds := func() {
		var lines []string
		for _, k := range kinds {
			lines = append(lines, "  "+k[0]+": "+k[1])
		}
		write("site.yaml", withKinds(read("site.yaml"), lines))
	}
	writeKinds()
	write("content/events/siege.md", "---\nname: Siege of Hama\ndate: 2024-12-03\n---\nBefore the fall of [[hama]], said [[ann]].\n")
	theme := func(name string) string {
		b, err := os.ReadFile(filepath.Join("../..", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	baseHTML := theme("templates/base.html")
	const footer = `<footer class="site-footer">`
	if !strings.Contains(baseHTML, footer) {
		t.Fatalf("the theme's base.html has no %s to edit", footer)
	}
	// toggleDraft makes the article at name a draft, or publishes it.
	toggleDraft := func(name string) {
		s := read(name)
		if s == "" {
			return
		}
		if strings.Contains(s, "\ndraft: true\n") {
			write(name, strings.Replace(s, "\ndraft: true\n", "\n", 1))
		} else {
			write(name, strings.Replace(s, "---\n", "---\ndraft: true\n", 1))
		}
	}
	// undo, when set, is done by the next step along with its own edit,
	// so that most steps build without problems and have their pages
	// compared.
	var undo []func()
	later := func(f func()) { undo = append(undo, func() { undo = append(undo, f) }) }
	dates := []string{"2024-12-01", "2024-12-03", "2024-12-05", "2024-12-06", "2024-12-07", "2024-12-08"}
	redate := func(name string) {
		s := read(name)
		i := strings.Index(s, "\ndate: ")
		if i < 0 {
			return
		}
		i += len("\ndate: ")
		write(name, s[:i]+pick(dates...)+s[i+len("2024-12-01"):])
	}
	// The options serve builds with: an --as-of date (or none) and the
	// URL it listens on (or none, as the other tests build).
	asOfs := []string{"", "", "2024-12-01", "2024-12-04", "2024-12-05", "2024-12-06", "2024-12-07"}
	bases := []string{"", serverBase(t, 8080), serverBase(t, 41234)}
	opts := build.Options{Theme: testTheme, Version: "test"}
	pickAsOf := func() {
		opts.AsOf = fields.Date{}
		if d := pick(asOfs...); d != "" {
			var err error
			if opts.AsOf, err = fields.ParseDate(d); err != nil {
				t.Fatal(err)
			}
		}
	}
	pickBase := func() { opts.BaseURL = pick(bases...) }
	pickAsOf()
	pickBase()
	edits := []struct {
		name string
		do   func()
	}{
		{"change the build's --as-of date, nothing else", pickAsOf},
		{"change the server's URL (serve run again), nothing else", pickBase},
		{"make the article a draft, or publish it (claims and a link name it)", func() {
			toggleDraft("content/articles/report.md")
			if r.Intn(3) > 0 {
				undo = append(undo, func() { toggleDraft("content/articles/report.md") })
			}
		}},
		{"make an added article a draft, or publish it", func() {
			toggleDraft(fmt.Sprintf("content/articles/new-%d.md", r.Intn(3)))
		}},
		{"add an article", func() {
			n := r.Intn(3)
			write(fmt.Sprintf("content/articles/new-%d.md", n), fmt.Sprintf("---\ntitle: New %d\ndate: %s\n---\nHama and Homs and HTS, said Ann Example.\n", n, pick(dates...)))
		}},
		{"delete an added article", func() {
			remove(fmt.Sprintf("content/articles/new-%d.md", r.Intn(3)))
		}},
		{"link a city to an added article (unlinked after the next edit)", func() {
			link := fmt.Sprintf("\nSee [[articles/new-%d]].\n", r.Intn(3))
			write("content/cities/homs.md", read("content/cities/homs.md")+link)
			later(func() { replace("content/cities/homs.md", "", link) })
		}},
		{"claim from an added article (dropped after the next edit)", func() {
			s := read("content/factions/saa.md")
			if strings.Contains(s, "claims:") {
				return
			}
			claim := fmt.Sprintf("claims:\n  - {article: new-%d, quote: HTS, status: partly, sources: [afp], note: \"Said by [[ann]].\"}\n", r.Intn(3))
			write("content/factions/saa.md", strings.Replace(s, "---\nThe", claim+"---\nThe", 1))
			later(func() { replace("content/factions/saa.md", "", claim) })
		}},
		{"edit a claim's note (nothing else), twice", func() {
			// A claim's note is the last note of the file (a control row
			// or a figure may have one too).
			name, notes := "content/cities/hama.md", []string{"Reported by [[afp]] on 5 December.", "Filed by [[afp]] on 6 December.", "Reported by *[[afp]]*."}
			if r.Intn(2) == 0 {
				name, notes = "content/sources/sohr.md", []string{"A *made-up* correction for the test.", "A **made-up** correction, see [[hama]].", "A `made-up` correction."}
			}
			s := read(name)
			i := strings.LastIndex(s, "    note: ") + len("    note: ")
			j := i + strings.Index(s[i:], "\n")
			write(name, s[:i]+pick(notes...)+s[j:])
		}},
		{"redate the article (claims on it go when it is after the cut)", func() {
			redate("content/articles/report.md")
		}},
		{"redate a person or an event", func() {
			redate(pick("content/"+people()+"/ann.md", "content/events/siege.md"))
		}},
		{"add or drop a late control row", func() {
			s := read("content/cities/homs.md")
			if i := strings.Index(s, "  - date: 2024-12-"); i >= 0 {
				j := i + strings.Index(s[i:], "    source: afp\n") + len("    source: afp\n")
				write("content/cities/homs.md", s[:i]+s[j:])
				return
			}
			write("content/cities/homs.md", strings.Replace(s, "---\nNo", "  - date: "+pick(dates...)+"\n    faction: hts\n    source: afp\n---\nNo", 1))
		}},
		{"change site.yaml's as_of", func() {
			setting("as_of", pick("as_of: 2024-12-06", "as_of: 2024-12-04", "as_of: 2011-01-01", ""))
		}},
		{"override the theme's base template, change or drop it", func() {
			if r.Intn(3) > 0 {
				write("templates/base.html", strings.Replace(baseHTML, footer, footer+fmt.Sprintf("<p>Edition %d</p>", r.Intn(100)), 1))
			} else {
				remove("templates/base.html")
			}
		}},
		{"break the site's base template (mended with the next edit)", func() {
			good, had := read("templates/base.html"), true
			if good == "" {
				had = false
			}
			write("templates/base.html", strings.Replace(baseHTML, footer, footer+"{{.NoSuchField}}", 1))
			undo = append(undo, func() {
				if had {
					write("templates/base.html", good)
				} else {
					remove("templates/base.html")
				}
			})
		}},
		{"override a static file of the theme, change or drop it", func() {
			switch r.Intn(4) {
			case 0:
				write("static/css/briefing.css", fmt.Sprintf("body { margin: %dpx }\n", r.Intn(100)))
			case 1:
				remove("static/css/briefing.css")
			case 2:
				// The map outline the build reads when site.yaml names none.
				write(build.DefaultOutline, fmt.Sprintf(`{"type":"Polygon","coordinates":[[[35,34],[3%d,34],[3%d,37],[35,37],[35,34]]]}`, 7+r.Intn(3), 7+r.Intn(3)))
			default:
				remove(build.DefaultOutline)
			}
		}},
		{"reorder the kinds in site.yaml", func() {
			r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
			writeKinds()
		}},
		{"rename the kind of people (its folder moves)", func() {
			from := people()
			to := map[string]string{"people": "staff", "staff": "people"}[from]
			for i := range kinds {
				if kinds[i][0] == from {
					kinds[i][0] = to
				}
			}
			touched = append(touched, "content/"+from, "content/"+to)
			if err := os.Rename(filepath.Join(dir, "content", from), filepath.Join(dir, "content", to)); err != nil {
				t.Fatal(err)
			}
			writeKinds()
		}},
	}
	for _, e := range edits {
		seen[e.name] += 0
	}
	rb := newRebuilder(t, dir)
	for step := 0; step < steps; step++ {
		e := edits[r.Intn(len(edits))]
		seen[e.name]++
		touched = touched[:0]
		pending := undo
		undo = nil
		for _, u := range pending {
			u()
		}
		e.do()
		b := changed(touched...)
		if step%10 == 0 {
			b = watch.Batch{Rescan: true}
		}
		name := fmt.Sprintf("run %d, step %d (%s; as of %q, base %q)", seed, step, e.name, opts.AsOf, opts.BaseURL)
		st.count(rb.sameAsFullWith(t, name, b, opts))
		if strings.HasSuffix(e.name, ", twice") {
			// Made again and compared again: the second edit is then
			// all that changed since the build before (the first may
			// have come with a new index, which no memo outlives).
			touched = touched[:0]
			e.do()
			st.count(rb.sameAsFullWith(t, name+", again", changed(touched...), opts))
		}
	}
}
