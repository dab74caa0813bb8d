package cli

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// mountTmpfs mounts a new tmpfs at dir (made if missing), or skips the
// test where mounting is not allowed. When the test ends every mount
// under the test's temporary folders is taken away, wherever the code
// under test may have moved it (a build that renames the folder holding
// it, as the one before issue 14 did).
func mountTmpfs(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=64m,mode=0755"); err != nil {
		t.Skipf("cannot mount a tmpfs at %s (%v): mounting needs root or CAP_SYS_ADMIN", dir, err)
	}
	root := filepath.Dir(t.TempDir())
	t.Cleanup(func() {
		data, err := os.ReadFile("/proc/self/mounts")
		if err != nil {
			t.Error(err)
			return
		}
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) > 1 && strings.HasPrefix(f[1], root+"/") {
				if err := unix.Unmount(f[1], unix.MNT_DETACH); err != nil {
					t.Errorf("unmounting %s: %v", f[1], err)
				}
			}
		}
	})
}

// mountID is the number of the mount dir is on.
func mountID(t *testing.T, dir string) uint64 {
	t.Helper()
	var st unix.Statx_t
	if err := unix.Statx(unix.AT_FDCWD, dir, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_MNT_ID, &st); err != nil {
		t.Fatal(err)
	}
	return st.Mnt_id
}

// TestOutputMountPoint: an output folder that is itself a mount point (a
// container volume) is built into and rebuilt: its contents are
// replaced, the folder itself stays (it cannot be renamed), and a
// lost+found at its root is left alone. Foreign files in it are refused
// as anywhere else.
func TestOutputMountPoint(t *testing.T) {
	tmp := t.TempDir()
	vol := filepath.Join(tmp, "vol")
	mountTmpfs(t, vol)
	id := mountID(t, vol)
	if id == mountID(t, tmp) {
		t.Fatal("the tmpfs is not a mount of its own")
	}
	if err := os.Mkdir(filepath.Join(vol, "lost+found"), 0o700); err != nil {
		t.Fatal(err)
	}

	first, second := baseBriefing(t), baseBriefing(t)
	writeFile(t, second, "site.yaml", []byte("title: Second briefing\nbase_url: https://example.org/2/\nas_of: 2024-12-06\nkinds:\n  people: { singular: person }\n"))
	for i, src := range []string{first, second, first} {
		ref := filepath.Join(t.TempDir(), "ref")
		mustBuild(t, src, ref)
		code, stdout, stderr := run(t, "build", "--source", src, "--out", vol)
		if code != ExitOK || stderr != "" {
			t.Fatalf("build %d into the mount point: exit %d\n%s%s", i+1, code, stdout, stderr)
		}
		got := contents(t, vol)
		if !sameContents(got, contents(t, ref)) {
			var names []string
			for p := range got {
				names = append(names, p)
			}
			t.Fatalf("build %d: the mount point does not hold the site alone: %v", i+1, names)
		}
		if mountID(t, vol) != id {
			t.Fatalf("build %d: %s is no longer the mount point", i+1, vol)
		}
		if info, err := os.Stat(filepath.Join(vol, "lost+found")); err != nil || !info.IsDir() {
			t.Fatalf("build %d: lost+found is gone (%v)", i+1, err)
		}
	}

	// A replacement killed half-way through moving the new site in: the
	// old site's entries (and mark) are aside, some of the new site's in,
	// its mark not yet. The next build puts the old site back, then
	// replaces it as usual.
	ref := filepath.Join(t.TempDir(), "ref")
	mustBuild(t, second, ref)
	aside, half := filepath.Join(vol, ".briefing-tmp-old-0123456789ab"), filepath.Join(vol, ".briefing-tmp-0123456789ab")
	for p, data := range contents(t, ref) {
		writeFile(t, half, p, []byte(data))
	}
	os.Mkdir(aside, 0o755)
	entries, _ := os.ReadDir(vol)
	for _, e := range entries {
		if n := e.Name(); n != "lost+found" && !strings.HasPrefix(n, ".briefing-tmp-") {
			if err := os.Rename(filepath.Join(vol, n), filepath.Join(aside, n)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, n := range []string{"index.html", "cities", "css"} {
		if err := os.Rename(filepath.Join(half, n), filepath.Join(vol, n)); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := run(t, "build", "--source", first, "--out", vol)
	if code != ExitOK || stderr != "" {
		t.Fatalf("a build after a replacement cut short: exit %d\n%s", code, stderr)
	}
	ref = filepath.Join(t.TempDir(), "ref")
	mustBuild(t, first, ref)
	if got := contents(t, vol); !sameContents(got, contents(t, ref)) {
		t.Fatalf("after a replacement cut short, the mount point holds %d files, not the site", len(got))
	}

	writeFile(t, vol, "mine.txt", []byte("mine"))
	before := snapshot(t, vol)
	code, _, stderr = run(t, "build", "--source", first, "--out", vol)
	if code != ExitUsage || !strings.Contains(stderr, "it holds files Briefing did not write:\n  mine.txt\n") {
		t.Errorf("a foreign file in the mount point: exit %d\n%s", code, stderr)
	}
	compareSnapshots(t, before, snapshot(t, vol))
}

// TestOutputMountInside: a file system mounted inside an old site is not
// Briefing's to remove: the site is refused, and the mounted files are
// left as they were. A temporary folder of a killed build with a mount
// inside is cleaned up around it, never into it.
func TestOutputMountInside(t *testing.T) {
	src := baseBriefing(t)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "site")
	mustBuild(t, src, out)
	// A mount over a folder of the site, holding a page of the site's own
	// name and content (only the mount tells it apart).
	page, err := os.ReadFile(filepath.Join(out, "cities", "hama", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	hama := filepath.Join(out, "cities", "hama")
	mountTmpfs(t, hama)
	writeFile(t, hama, "index.html", page)
	writeFile(t, hama, "mine.txt", []byte("mine"))
	before := snapshot(t, tmp)
	code, _, stderr := run(t, "build", "--source", src, "--out", out)
	if code != ExitUsage || !strings.Contains(stderr, "  cities/hama/ (another file system, mounted here)\n") {
		t.Errorf("a mount inside the site: exit %d\n%s", code, stderr)
	}
	compareSnapshots(t, before, snapshot(t, tmp))

	// A killed build's temporary folder with a mount inside it.
	other := filepath.Join(t.TempDir(), "site")
	stale := filepath.Join(filepath.Dir(other), ".site.briefing-tmp-0123456789ab")
	writeFile(t, stale, "cities/aleppo/index.html", []byte("half"))
	writeFile(t, stale, ".briefing-writing", nil) // what a build writing there has
	mounted := filepath.Join(stale, "cities", "hama")
	mountTmpfs(t, mounted)
	writeFile(t, mounted, "mine.txt", []byte("mine"))
	code, _, stderr = run(t, "build", "--source", src, "--out", other)
	if code != ExitOK || !strings.Contains(stderr, "kept "+stale+": it holds what Briefing did not write:\n  cities/hama/") {
		t.Errorf("a mount in a stale temporary folder: exit %d\n%s", code, stderr)
	}
	if data, err := os.ReadFile(filepath.Join(mounted, "mine.txt")); err != nil || string(data) != "mine" {
		t.Errorf("the mounted file: %q, %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(stale, "cities", "aleppo")); err == nil {
		t.Error("the killed build's own files were not removed")
	}
}

// TestReplacedKeepsAccess: a site or zip kept private (a mode of 2750, a
// group of its own) stays so when a build or zip replaces it; the
// replacement was made 755 (644 for a zip) and took the user's group.
func TestReplacedKeepsAccess(t *testing.T) {
	src := baseBriefing(t)
	dir := t.TempDir()
	site, zipFile := filepath.Join(dir, "site"), filepath.Join(dir, "b.zip")
	mustBuild(t, src, site)
	if code, _, errs := run(t, "zip", "--source", src, "--out", zipFile); code != 0 {
		t.Fatalf("zip: exit %d\n%s", code, errs)
	}
	// Another group than the user's, where the user may give one: root
	// may give any; others one they are in.
	gid := -1
	if os.Getuid() == 0 {
		gid = 65534
	} else if gs, _ := os.Getgroups(); len(gs) > 1 {
		for _, g := range gs {
			if g != os.Getgid() {
				gid = g
			}
		}
	}
	for _, p := range []string{site, zipFile} {
		if gid >= 0 {
			if err := os.Lchown(p, -1, gid); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.Chmod(site, 0o750|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(zipFile, 0o440); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, src, site)
	if code, _, errs := run(t, "zip", "--source", src, "--out", zipFile); code != 0 {
		t.Fatalf("zip again: exit %d\n%s", code, errs)
	}
	for p, want := range map[string]os.FileMode{site: os.ModeDir | os.ModeSetgid | 0o750, zipFile: 0o440} {
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			t.Fatal(err)
		}
		info, _ := os.Lstat(p)
		if info.Mode() != want {
			t.Errorf("%s replaced with mode %v, want %v", filepath.Base(p), info.Mode(), want)
		}
		if gid >= 0 && int(st.Gid) != gid {
			t.Errorf("%s replaced with group %d, want %d", filepath.Base(p), st.Gid, gid)
		}
	}
	// A folder made read-only stays the owner's to replace: what a
	// failed build left in it could not be removed otherwise.
	if err := os.Chmod(site, 0o555); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, src, site)
	if info, _ := os.Lstat(site); info.Mode() != os.ModeDir|0o755 {
		t.Errorf("a 555 site replaced with mode %v, want drwxr-xr-x", info.Mode())
	}
}

// TestUnremovableOldSite: a file of the previous site that cannot be
// removed (made immutable here, as a permission would for another
// user) is told as such, not as what Briefing did not write, which it
// said before.
func TestUnremovableOldSite(t *testing.T) {
	if _, err := exec.LookPath("chattr"); err != nil {
		t.Skip("no chattr to make a file immutable")
	}
	src := baseBriefing(t)
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	mustBuild(t, src, site)
	stuck := filepath.Join(site, "cities", "hama", "index.html")
	if out, err := exec.Command("chattr", "+i", stuck).CombinedOutput(); err != nil {
		t.Skipf("chattr +i on %s: %v %s (a file system without the flag)", stuck, err, out)
	}
	t.Cleanup(func() {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Name() == "index.html" && strings.Contains(p, filepath.Join("cities", "hama")) {
				exec.Command("chattr", "-i", p).Run()
			}
			return nil
		})
	})
	code, _, stderr := run(t, "build", "--source", src, "--out", site)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "could not remove cities/hama/index.html: operation not permitted") || strings.Contains(stderr, "did not write") {
		t.Errorf("stderr:\n%s\nwant the file named as not removable, not as not Briefing's", stderr)
	}
}
