package watch

import (
	"os"
	"path/filepath"
	"testing"
)

// linked starts a watcher on a source folder holding site.yaml, a city,
// files (path: content) and links (path: where it leads), made first.
func linked(t *testing.T, opts Options, files, links map[string]string) *tree {
	tr := &tree{t: t, root: t.TempDir()}
	tr.write("site.yaml", "title: t\n")
	tr.write("content/cities/hama.md", "x")
	for p, s := range files {
		tr.write(p, s)
	}
	for at, to := range links {
		if err := os.Symlink(to, tr.abs(at)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	watchTree(t, tr, opts)
	return tr
}

// watchTree starts a watcher on a tree made by hand (links made first).
func watchTree(t *testing.T, tr *tree, opts Options) {
	opts.Tops, opts.Ignore = briefing.Tops, briefing.Ignore
	opts.Warn = func(string) {}
	w, err := New(tr.root, opts)
	if err != nil {
		t.Fatal(err)
	}
	tr.w = w
	t.Cleanup(func() { w.Close() })
}

// A link whose target goes away and comes back (a checkout of another
// branch and back, rm -rf and a restore, a folder renamed away and back)
// leads to it again: a change there is reported under the link's name.
// Where reportedAgain, the coming back is checked to be reported too.
func TestLinkTargetRemade(t *testing.T) {
	for _, tc := range []struct {
		name          string
		file, link    string // the target's file; the link and where it leads
		to, at        string // the link's target; the file's name through it
		gone, back    func(tr *tree)
		reportedAgain bool // the file written back is reported
	}{
		{name: "folder removed and made again", file: "people-real/mark.md", link: "content/people", to: "../people-real", at: "content/people/mark.md",
			gone: func(tr *tree) { tr.remove("people-real") }, back: func(tr *tree) { tr.write("people-real/mark.md", "b") }},
		{name: "folder renamed away and back", file: "people-real/mark.md", link: "content/people", to: "../people-real", at: "content/people/mark.md",
			gone: func(tr *tree) { tr.rename("people-real", "people-old") }, back: func(tr *tree) { tr.rename("people-old", "people-real") }},
		{name: "folder a level deeper (lib/people)", file: "lib/people/mark.md", link: "content/people", to: "../lib/people", at: "content/people/mark.md",
			gone: func(tr *tree) { tr.remove("lib/people") }, back: func(tr *tree) { tr.write("lib/people/mark.md", "b") }},
		{name: "the folder's own folder too (rm -rf lib)", file: "lib/people/mark.md", link: "content/people", to: "../lib/people", at: "content/people/mark.md",
			gone: func(tr *tree) { tr.remove("lib") }, back: func(tr *tree) { tr.write("lib/people/mark.md", "b") }, reportedAgain: true},
		{name: "a linked file's folder", file: "drafts/homs.md", link: "content/cities/homs.md", to: "../../drafts/homs.md", at: "content/cities/homs.md",
			gone: func(tr *tree) { tr.remove("drafts") }, back: func(tr *tree) { tr.write("drafts/homs.md", "b") }, reportedAgain: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			modes(t, func(t *testing.T, opts Options) {
				tr := linked(t, opts, map[string]string{tc.file: "a"}, map[string]string{tc.link: tc.to})
				tc.gone(tr)
				tr.until(tc.link)
				tr.settle()
				tc.back(tr)
				if tc.reportedAgain {
					tr.until(tc.at)
				}
				tr.settle()
				tr.write(tc.file, "changed after it came back")
				tr.until(tc.at)
			})
		})
	}
}

// the source folder is reached through a symbolic link (macOS's /tmp
// and /var, a home folder on another disk).
func TestRootThroughLink(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		alias := filepath.Join(t.TempDir(), "alias")
		if err := os.Symlink(dir, alias); err != nil {
			t.Skip(err)
		}
		tr := &tree{t: t, root: alias}
		tr.write("site.yaml", "title: t\n")
		tr.write("content/cities/hama.md", "x")
		tr.write("people-real/mark.md", "a")
		if err := os.Symlink("../people-real", tr.abs("content/people")); err != nil {
			t.Skip(err)
		}
		watchTree(t, tr, opts)
		tr.write("people-real/mark.md", "b")
		tr.until("content/people/mark.md")
	})
}

// the outline Files names is itself a link (data/outline.geojson ->
// ../shared/syria.geojson), which the build reads through.
func TestFilesThroughLink(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := newTree(t, opts, shipped)
		tr.write("shared/syria.geojson", "{}")
		os.MkdirAll(tr.abs("data"), 0o755)
		if err := os.Symlink("../shared/syria.geojson", tr.abs("data/outline.geojson")); err != nil {
			t.Skip(err)
		}
		tr.w.Files([]string{"data/outline.geojson"})
		tr.settle()
		tr.write("shared/syria.geojson", `{"type":"FeatureCollection"}`)
		tr.until("data/outline.geojson")
	})
}

// a linked file whose target is replaced by rename (an editor's save).
func TestLinkedFileSavedByRename(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := linked(t, opts, map[string]string{"lib/drafts/homs.md": "a"}, map[string]string{"content/cities/homs.md": "../../lib/drafts/homs.md"})
		tr.write("lib/drafts/homs.md.new", "b")
		tr.rename("lib/drafts/homs.md.new", "lib/drafts/homs.md")
		tr.until("content/cities/homs.md")
		tr.settle()
		tr.write("lib/drafts/homs.md", "c")
		tr.until("content/cities/homs.md")
	})
}

// link re-pointed to another folder.
func TestLinkRepointed(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := linked(t, opts, map[string]string{"lib/a/mark.md": "a", "lib/b/mark.md": "a"}, map[string]string{"content/people": "../lib/a"})
		os.Remove(tr.abs("content/people"))
		os.Symlink("../lib/b", tr.abs("content/people"))
		tr.settle()
		tr.write("lib/a/mark.md", "no longer linked")
		tr.write("static/x.css", "x")
		_, seen := tr.until("static/x.css")
		if seen["content/people/mark.md"] {
			t.Errorf("reported %v for a folder no link leads to", keys(seen))
		}
		tr.write("lib/b/mark.md", "b")
		tr.until("content/people/mark.md")
	})
}

// two links leading into each other's folders; each link remade a
// few times (a checkout, a script's ln -sfn).
func TestLinkCycle(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := linked(t, opts, map[string]string{"lib/x/a.md": "a"}, map[string]string{"content/k": "../lib/x", "lib/x/l": "../../content"})
		for i := range 6 {
			if i%2 == 0 {
				os.Remove(tr.abs("content/k"))
				os.Symlink("../lib/x", tr.abs("content/k"))
			} else {
				os.Remove(tr.abs("lib/x/l"))
				os.Symlink("../../content", tr.abs("lib/x/l"))
			}
			tr.settle()
		}
		tr.write("lib/x/a.md", "b")
		_, seen := tr.until("content/k/a.md")
		if len(seen) != 1 {
			t.Errorf("one change reported as %d paths: %v", len(seen), keys(seen))
		}
	})
}

// A link inside a linked folder removed: where it led is no longer
// reported under its name.
func TestNestedLinkRemoved(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := linked(t, opts, map[string]string{"people-real/mark.md": "a", "team-real/a.md": "a"}, map[string]string{"content/people": "../people-real", "people-real/team": "../team-real"})
		tr.write("team-real/a.md", "b")
		tr.until("content/people/team/a.md") // followed two levels
		tr.settle()
		os.Remove(tr.abs("people-real/team"))
		tr.until("content/people/team")
		tr.settle()
		tr.write("team-real/a.md", "no longer linked")
		tr.write("static/x.css", "x")
		_, seen := tr.until("static/x.css")
		if seen["content/people/team/a.md"] {
			t.Errorf("reported %v for a folder no link leads to any more", keys(seen))
		}
	})
}

// A link inside a linked folder pointed elsewhere (ln -sfn).
func TestNestedLinkRepointed(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := linked(t, opts, map[string]string{"people-real/mark.md": "a", "team-a/a.md": "a", "team-b/a.md": "a"}, map[string]string{"content/people": "../people-real", "people-real/team": "../team-a"})
		os.Remove(tr.abs("people-real/team"))
		os.Symlink("../team-b", tr.abs("people-real/team"))
		tr.settle()
		tr.write("team-a/a.md", "no longer linked")
		tr.write("static/x.css", "x")
		_, seen := tr.until("static/x.css")
		if seen["content/people/team/a.md"] {
			t.Errorf("reported %v for a folder no link leads to any more", keys(seen))
		}
		tr.write("team-b/a.md", "b")
		tr.until("content/people/team/a.md")
	})
}

// A named file reached through a linked folder (data -> shared), that
// folder removed and made again.
func TestFilesThroughLinkedFolderRecreated(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := newTree(t, opts, shipped)
		tr.write("shared/outline.geojson", "{}")
		if err := os.Symlink("shared", tr.abs("data")); err != nil {
			t.Skip(err)
		}
		tr.w.Files([]string{"data/outline.geojson"})
		tr.settle()
		tr.write("shared/outline.geojson", "{ }")
		tr.until("data/outline.geojson")
		tr.remove("shared")
		tr.until("data/outline.geojson")
		tr.settle()
		tr.write("shared/outline.geojson", "{  }")
		tr.until("data/outline.geojson")
		tr.settle()
		tr.write("shared/outline.geojson", "{   }")
		tr.until("data/outline.geojson")
	})
}
