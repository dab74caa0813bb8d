package build

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIncrementalMatchesFull edits a briefing at random, many times, and
// after every edit compares a build that reuses the cache with a build
// from scratch: every file must be byte-identical, and the problems
// reported the same.
func TestIncrementalMatchesFull(t *testing.T) {
	dir := miniOnDisk(t)
	read := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return string(b)
	}
	var touched []string // what a file watcher would report
	write := func(name, data string) {
		touched = append(touched, name)
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(name string) {
		touched = append(touched, name)
		os.Remove(filepath.Join(dir, name))
	}
	// undo, when set, puts back a broken file or removes a stray one:
	// the next step does it along with its own edit, so that most steps
	// build without problems and have their pages compared.
	var undo func()
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
			undo = func() { remove(name) }
		}},
		{"add a folder named like a file (removed with the next edit)", func(r *rand.Rand) {
			name := "content/articles/folder.md"
			touched = append(touched, name)
			os.Mkdir(filepath.Join(dir, name), 0o755)
			undo = func() { remove(name) }
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
			undo = func() { write(name, good) }
		}},
		{"change site.yaml", func(r *rand.Rand) {
			s := read("site.yaml")
			if strings.Contains(s, "autolink: false") {
				s = strings.Replace(s, "autolink: false\n", "", 1)
			} else {
				s += "autolink: false\n"
			}
			write("site.yaml", s)
		}},
	}
	r := rand.New(rand.NewSource(1))
	memo := &Memo{}
	src := os.DirFS(dir)
	compared := 0
	const steps = 200
	for step := 0; step < steps; step++ {
		e := edits[r.Intn(len(edits))]
		touched = touched[:0]
		if undo != nil {
			u := undo
			undo = nil
			u()
		}
		e.do(r)
		inc, dInc := memo.Build(src, Options{Theme: repo})
		full, dFull := Build(src, Options{Theme: repo})
		if dInc.Error() != dFull.Error() {
			t.Fatalf("step %d (%s): problems differ:\nincremental:\n%v\nfull:\n%v", step, e.name, dInc, dFull)
		}
		if len(dFull) > 0 {
			continue
		}
		compared++
		a, b := all(t, inc), all(t, full)
		if len(a) != len(b) {
			t.Fatalf("step %d (%s): %d files, full build %d", step, e.name, len(a), len(b))
		}
		for p, data := range b {
			if !bytes.Equal(a[p], data) {
				t.Fatalf("step %d (%s): %s differs from a full build", step, e.name, p)
			}
		}
	}
	if compared < steps/2 {
		t.Errorf("only %d of %d steps built without problems: too few pages compared", compared, steps)
	}
}
