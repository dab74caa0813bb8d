package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"briefing/generator/build"
	"briefing/generator/render"
	"briefing/generator/watch"
)

// BenchmarkEditToReload measures what an analyst waits for after saving a
// content file: the reload event reaching an open page (event) and the
// changed page being served (page). Both include the watcher's debounce
// and a full rebuild. The "corpus" variant reads the briefing folder named
// by BRIEFING_BENCH_SOURCE, such as the 10,000-article corpus from
// gencorpus.py:
//
//	BRIEFING_BENCH_SOURCE=/tmp/corpus10k/briefing go test -run '^$' -bench EditToReload/corpus -benchtime 5x ./generator/serve/
//
// "corpus-city" edits the city most linked from articles instead: its page
// lists every mention, so it is the costliest one-file edit there is.
func BenchmarkEditToReload(b *testing.B) {
	b.Run("shipped", func(b *testing.B) { benchEdit(b, "../..", "articles") })
	// The shipped article names its cities rather than [[linking]] them
	// (auto-links), so its city is chosen by hand: Hama.
	b.Run("shipped-city", func(b *testing.B) { benchEdit(b, "../..", "cities/hama") })
	for _, kind := range []string{"articles", "cities"} {
		name := map[string]string{"articles": "corpus", "cities": "corpus-city"}[kind]
		b.Run(name, func(b *testing.B) {
			src := os.Getenv("BRIEFING_BENCH_SOURCE")
			if src == "" {
				b.Skip("set BRIEFING_BENCH_SOURCE to a briefing folder to measure it")
			}
			benchEdit(b, src, kind)
		})
	}
}

// mostLinked returns the slug of kind most often named in [[...]] links
// of the articles under root.
func mostLinked(b *testing.B, root, kind string) string {
	b.Helper()
	entries, err := os.ReadDir(filepath.Join(root, "content", kind))
	if err != nil {
		b.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range entries {
		if slug, ok := strings.CutSuffix(e.Name(), ".md"); ok {
			count[slug] = 0
		}
	}
	arts, _ := filepath.Glob(filepath.Join(root, "content", "articles", "*.md"))
	for _, a := range arts {
		data, err := os.ReadFile(a)
		if err != nil {
			b.Fatal(err)
		}
		for _, part := range strings.Split(string(data), "[[")[1:] {
			end := strings.IndexAny(part, "]|#")
			if end < 0 {
				continue
			}
			slug := strings.TrimPrefix(part[:end], kind+"/")
			if _, ok := count[slug]; ok {
				count[slug]++
			}
		}
	}
	best, n := "", -1
	for slug, c := range count {
		if c > n || (c == n && slug < best) {
			best, n = slug, c
		}
	}
	b.Logf("editing %s/%s, linked %d times from articles", kind, best, n)
	return best
}

func benchEdit(b *testing.B, src, kind string) {
	root := b.TempDir()
	copyBriefing(b, src, root)
	f := startFixture(b, root, fixtureOptions{})
	st := f.srv.state.Load()
	if st.errs != nil {
		n := min(len(st.errs), 10)
		b.Fatalf("%s does not build (%d errors); the first:\n%s", src, len(st.errs), st.errs[:n].Error())
	}
	var file, page string
	if kind == "articles" {
		// The first article that has a page.
		entries, err := os.ReadDir(filepath.Join(root, "content", "articles"))
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range entries {
			slug, ok := strings.CutSuffix(e.Name(), ".md")
			if ok {
				if built := st.tree.Has("articles/" + slug + "/index.html"); built {
					file, page = filepath.Join(root, "content", "articles", e.Name()), "/articles/"+slug+"/"
					break
				}
			}
		}
	} else if k, slug, ok := strings.Cut(kind, "/"); ok {
		file, page = filepath.Join(root, "content", k, slug+".md"), "/"+kind+"/"
	} else {
		slug := mostLinked(b, root, kind)
		file, page = filepath.Join(root, "content", kind, slug+".md"), "/"+kind+"/"+slug+"/"
	}
	if file == "" {
		b.Fatal("no page to edit")
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	s := f.stream(b)
	s.next(b, "")
	var toEvent, toPage []time.Duration
	i := 0
	for b.Loop() {
		i++
		marker := fmt.Sprintf("benchmarkedit%d", i)
		before := f.gen()
		start := time.Now()
		if err := os.WriteFile(file, fmt.Appendf(slices.Clip(orig), "\n\n%s\n", marker), 0o644); err != nil {
			b.Fatal(err)
		}
		// A full rebuild of a large briefing takes a while.
		s.nextWithin(b, before, 5*time.Minute)
		toEvent = append(toEvent, time.Since(start))
		// The event follows the swap, so the page is normally there at
		// once; a build of a half-written file would need another round.
		for deadline := time.Now().Add(wait); ; {
			_, body := f.get(b, page)
			if strings.Contains(body, marker) {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("%s never showed the edit", page)
			}
			time.Sleep(2 * time.Millisecond)
		}
		toPage = append(toPage, time.Since(start))
	}
	b.ReportMetric(ms(median(toEvent)), "ms-to-event")
	b.ReportMetric(ms(median(toPage)), "ms-to-page")
	if abs, err := filepath.Abs(src); err == nil {
		src = abs
	}
	b.Logf("%s: %d edits; median %.0f ms to the reload event, %.0f ms to the changed page (%d files in the site)",
		src, len(toEvent), ms(median(toEvent)), ms(median(toPage)), len(st.tree.(*render.Tree).Paths()))
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkRebuild is the rebuild alone, without the watcher's debounce or
// HTTP: one article of BRIEFING_BENCH_SOURCE (or the shipped briefing)
// edited, the snapshot told, the memo's build run and the article's page
// rendered.
func BenchmarkRebuild(b *testing.B) {
	src := os.Getenv("BRIEFING_BENCH_SOURCE")
	if src == "" {
		src = "../.."
	}
	root := b.TempDir()
	copyBriefing(b, src, root)
	snap := newSnapshot(sourceFS(b, root))
	var memo build.Memo
	opts := build.Options{Theme: testTheme}
	if _, d := memo.Build(snap, opts); len(d) > 0 {
		b.Fatal(d[0])
	}
	arts, _ := filepath.Glob(filepath.Join(root, "content", "articles", "*.md"))
	file := arts[0]
	rel := "content/articles/" + filepath.Base(file)
	page := "articles/" + strings.TrimSuffix(filepath.Base(file), ".md") + "/index.html"
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		i++
		if err := os.WriteFile(file, fmt.Appendf(slices.Clip(orig), "\nEdit %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		snap.invalidate(watch.Batch{Paths: []string{rel}})
		res, d := memo.Build(snap, opts)
		if len(d) > 0 {
			b.Fatal(d[0])
		}
		if _, err := res.Tree.Get(page); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
