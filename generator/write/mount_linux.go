package write

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// mountCheck tells whether folders are on the same mount as a root
// folder. Linux numbers each mount (statx, since 5.8), so a bind mount of
// a folder of the same file system counts as another mount; on older
// kernels the device numbers are compared.
type mountCheck struct {
	rootInfo fs.FileInfo
	id       uint64
	hasID    bool
}

func newMountCheck(root string, info fs.FileInfo) *mountCheck {
	m := &mountCheck{rootInfo: info}
	m.id, m.hasID = mountID(root)
	return m
}

// same reports whether the folder p, of which Lstat said info, is on the
// root's mount.
func (m *mountCheck) same(p string, info fs.FileInfo) bool {
	if m.hasID {
		if id, ok := mountID(p); ok {
			return id == m.id
		}
	}
	return sameDevice(m.rootInfo, info)
}

// folder says what p is (without following a link) and whether it is on
// the root's mount, in one statx call where the kernel numbers mounts.
func (m *mountCheck) folder(p string) (fs.FileMode, bool, error) {
	if m.hasID {
		var st unix.Statx_t
		err := ignoringEINTR(func() error {
			return unix.Statx(unix.AT_FDCWD, p, unix.AT_SYMLINK_NOFOLLOW|unix.AT_NO_AUTOMOUNT, unix.STATX_TYPE|unix.STATX_MNT_ID, &st)
		})
		if err != nil {
			return 0, false, &fs.PathError{Op: "statx", Path: p, Err: err}
		}
		if st.Mask&unix.STATX_MNT_ID != 0 {
			var t fs.FileMode
			switch st.Mode & unix.S_IFMT {
			case unix.S_IFDIR:
				t = fs.ModeDir
			case unix.S_IFLNK:
				t = fs.ModeSymlink
			case unix.S_IFREG:
			default:
				t = fs.ModeIrregular
			}
			return t, st.Mnt_id == m.id, nil
		}
	}
	info, err := os.Lstat(p)
	if err != nil {
		return 0, false, err
	}
	return info.Mode().Type(), m.same(p, info), nil
}

func mountID(p string) (uint64, bool) {
	var st unix.Statx_t
	err := ignoringEINTR(func() error {
		return unix.Statx(unix.AT_FDCWD, p, unix.AT_SYMLINK_NOFOLLOW|unix.AT_NO_AUTOMOUNT, unix.STATX_MNT_ID, &st)
	})
	if err != nil || st.Mask&unix.STATX_MNT_ID == 0 {
		return 0, false
	}
	return st.Mnt_id, true
}
