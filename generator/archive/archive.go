// Package archive writes a rendered site as one zip that a field team
// unzips and opens from disk: a single top folder, entries sorted, fixed
// times and permissions, so the same input always gives the same bytes.
// It takes a render.Tree built with file links (every link names its
// index.html); nothing comes after it.
package archive

import (
	"archive/zip"
	"bufio"
	"cmp"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"briefing/generator/config"
	"briefing/generator/write"
)

// Comment begins the comment of every archive Briefing writes (unzip
// prints it). It names the tool and is how "briefing zip" recognises an
// archive it may replace: any other file at --out is left alone.
const Comment = "Offline briefing written by Briefing."

// Stats says what went into the archive.
type Stats struct {
	Files int
	Bytes int64 // uncompressed
}

// Files are a rendered site as the archive takes it: a render.Tree,
// which hands its files over in path order.
type Files interface {
	EachInOrder(f func(path string, data []byte) error) error
}

// writeZip writes tree under the folder top into w. mod is the time stamped
// on every entry. Zip cannot store dates before 1980 (its DOS date counts
// years from 1980) nor after 2106-02-07 06:28:15 UTC (the extended
// timestamp, which readers prefer, is 32-bit Unix seconds; the DOS date
// ends with 2107), and archive/zip wraps one out of range: 2150-01-01
// read as 2022 and 2013. An earlier date is raised to 1980-01-01, a later
// one lowered to 2106-02-07, the last date both fields hold: the nearest
// time the archive can tell, where refusing would refuse a briefing dated
// so (zip --as-of 2150-01-01) for no fault of its content.
func writeZip(w io.Writer, tree Files, top string, mod time.Time) (Stats, error) {
	first := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2106, 2, 7, 0, 0, 0, 0, time.UTC)
	switch {
	case mod.Before(first):
		mod = first
	case mod.After(last):
		mod = last
	}
	mod = mod.UTC()
	zw := zip.NewWriter(w)
	list := newContents()
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	var st Stats
	// Each folder's entry goes just before the first file in it, which
	// keeps all entries in one sorted order, so every unzip tool creates
	// folders with sane permissions before their files.
	made := map[string]bool{}
	writeDir := func(d string) error {
		made[d] = true
		h := &zip.FileHeader{Name: top + "/" + d, Modified: mod}
		h.SetMode(0o755 | os.ModeDir)
		h.Method = zip.Store
		_, err := zw.CreateHeader(h)
		list.add(h.Name, 0, 0)
		return err
	}
	if err := writeDir(""); err != nil {
		return st, err
	}
	err := tree.EachInOrder(func(p string, data []byte) error {
		for i := range len(p) {
			if d := p[:i+1]; p[i] == '/' && !made[d] {
				if err := writeDir(d); err != nil {
					return err
				}
			}
		}
		h := &zip.FileHeader{Name: top + "/" + p, Modified: mod}
		h.SetMode(0o644)
		h.Method = zip.Deflate
		if len(data) < 64 {
			h.Method = zip.Store
		}
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
		list.add(h.Name, crc32.ChecksumIEEE(data), uint64(len(data)))
		st.Files++
		st.Bytes += int64(len(data))
		return nil
	})
	if err != nil {
		return st, err
	}
	if err := zw.SetComment(Comment + " Unzip it and open " + top + "/index.html.\n" + contentsLabel + list.sum()); err != nil {
		return st, err
	}
	return st, zw.Close()
}

// contentsLabel begins the comment's second line, which ends with the
// fingerprint of the archive's entries.
const contentsLabel = "Contents: "

// contents is the fingerprint of an archive's entries, in order: each
// one's name, CRC-32 and size, as the zip's central directory lists them,
// so that it is checked without reading a byte of the files. An archive
// with a file added, removed or changed since Briefing wrote it (which
// "zip" does keeping the comment) no longer matches, and is not replaced.
type contents struct{ h hash.Hash }

func newContents() contents { return contents{sha256.New()} }

// add counts one entry: its name's length, the name, its CRC-32 and its
// size, so that no two lists of entries give the same bytes.
func (c contents) add(name string, crc uint32, size uint64) {
	var b [20]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(len(name)))
	binary.LittleEndian.PutUint32(b[8:12], crc)
	binary.LittleEndian.PutUint64(b[12:], size)
	c.h.Write(b[:8])
	io.WriteString(c.h, name)
	c.h.Write(b[8:])
}

func (c contents) sum() string { return hex.EncodeToString(c.h.Sum(nil)) }

// Replaceable reports why file may not be written by WriteFile: it
// exists and is not an archive Briefing wrote (one whose comment begins
// with Comment). A missing file may be written.
func Replaceable(file string) error {
	info, err := os.Lstat(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case info.IsDir():
		return errors.New("it is a folder")
	case !info.Mode().IsRegular():
		return errors.New("it is not a regular file")
	}
	r, err := zip.OpenReader(file)
	if err != nil {
		return errors.New("it is not a zip archive Briefing wrote")
	}
	defer r.Close()
	if !strings.HasPrefix(r.Comment, Comment) {
		return errors.New("it is a zip archive Briefing did not write")
	}
	_, want, ok := strings.Cut(r.Comment, "\n"+contentsLabel)
	if !ok {
		return errors.New("it is a zip archive an older Briefing wrote, which records no list of its contents to check that nothing was added to it")
	}
	list := newContents()
	for _, f := range r.File {
		list.add(f.Name, f.CRC32, f.UncompressedSize64)
	}
	if list.sum() != want {
		return errors.New("it is a zip archive Briefing wrote, with files added, removed or changed since")
	}
	return nil
}

// WriteFile writes the archive to file atomically: into a temporary file
// beside it, renamed over it only when complete. The caller holds the
// output's lock (write.LockFile), so temporary files of the same name
// that are found there were left by a zip that was killed, and go.
func WriteFile(file string, tree Files, top string, mod time.Time) (Stats, int64, error) {
	dir, prefix := filepath.Dir(file), write.TempPrefix(file)
	cleanStale(dir, prefix)
	tmp := filepath.Join(dir, write.TempName(prefix))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return Stats{}, 0, err
	}
	defer os.Remove(tmp) // a no-op once renamed
	bw := bufio.NewWriterSize(f, 1<<20)
	st, err := writeZip(bw, tree, top, mod)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if old, statErr := os.Stat(file); err == nil && statErr == nil {
		err = write.KeepAccess(tmp, old)
	}
	info, statErr := f.Stat()
	if err := cmp.Or(err, f.Close(), statErr); err != nil {
		return st, 0, err
	}
	if err := os.Rename(tmp, file); err != nil {
		return st, 0, fmt.Errorf("replacing %s: %w", file, err)
	}
	return st, info.Size(), nil
}

// cleanStale removes the temporary files of killed zips in dir: regular
// files named as write.IsTemp says that are empty, or begin as a zip does
// and are cut short or Briefing's. A file of someone else's that merely
// has such a name is left, a whole zip of theirs too.
func cleanStale(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if write.IsTemp(e.Name(), prefix) && e.Type().IsRegular() && killedZip(filepath.Join(dir, e.Name())) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// killedZip reports whether file is what a killed zip leaves: begun as a
// zip and not a whole one (a zip's directory is written last), or a
// whole one with Briefing's comment (killed as it was renamed).
func killedZip(file string) bool {
	if !startsAsZip(file) {
		return false
	}
	r, err := zip.OpenReader(file)
	if err != nil {
		return true
	}
	defer r.Close()
	return strings.HasPrefix(r.Comment, Comment)
}

// startsAsZip reports whether file is empty (made, nothing written yet)
// or begins with a zip's local file header.
func startsAsZip(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [4]byte
	n, _ := io.ReadFull(f, head[:])
	return n == 0 || (n == 4 && string(head[:]) == "PK\x03\x04")
}

// Slug turns a title into a folder and file name: "Syria: the fall of
// Hama" gives "syria-the-fall-of-hama". Accents are dropped rather than
// the letters that carry them ("Ḥamāh" gives "hamah").
func Slug(title string) string {
	s := config.Slugify(title)
	if len(s) > 60 {
		s = strings.TrimSuffix(s[:60], "-")
	}
	return cmp.Or(s, "briefing")
}
