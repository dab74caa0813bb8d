package write

import (
	"io/fs"
	"syscall"

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
	a, okA := m.rootInfo.Sys().(*syscall.Stat_t)
	b, okB := info.Sys().(*syscall.Stat_t)
	return !okA || !okB || a.Dev == b.Dev
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

// changeTime is when the file's data or attributes last changed: set by
// the kernel on every write, and not settable by a user.
func changeTime(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return 0
}
