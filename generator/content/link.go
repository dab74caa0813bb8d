package content

import (
	"io/fs"
	"path"
	"strings"
)

// checkLink refuses a symbolic link that points outside the source folder
// or in a loop. Links inside the folder are followed like plain files. A
// file system that cannot read links (fstest.MapFS) has none to check.
func checkLink(fsys fs.FS, p string) string {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return ""
	}
	cur := p
	for hops := 0; hops < 40; hops++ {
		st, err := rl.Lstat(cur)
		if err != nil {
			return "cannot read: " + cleanErr(err)
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return ""
		}
		target, err := rl.ReadLink(cur)
		if err != nil {
			return "cannot read symbolic link: " + cleanErr(err)
		}
		if strings.HasPrefix(target, "/") || path.IsAbs(target) {
			return "symbolic link points outside the source folder (" + target + ")"
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			return "symbolic link points outside the source folder (" + target + ")"
		}
		cur = next
	}
	return "symbolic link loop"
}
