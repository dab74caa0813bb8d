package theme

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"briefing/generator/diag"

	"golang.org/x/text/unicode/norm"
)

// The site is unzipped on Windows and macOS as well as served from Linux,
// so a static file's name must work on all three. Windows refuses some
// characters and names outright and drops a trailing dot or space; both
// take names that differ only in case for one, and macOS also those that
// differ only in how an accent is encoded (café as é, or as e and a
// combining accent). Each such name is reported where it is, rather than
// failing to unzip, or one file silently taking the other's place.

// MaxStaticDepth bounds how deeply folders nest in static/. A theme needs
// two or three levels; 3,000 took check 10 s to walk, and build failed
// writing a path longer than the system allows.
const MaxStaticDepth = 16

// windowsReserved are device names Windows will not give a file, with or
// without an extension.
var windowsReserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true}

// nameProblem returns why a file or folder name would not work on every
// system the site is opened on, or "".
func nameProblem(name string) string {
	if !utf8.ValidString(name) {
		return "name is not valid UTF-8: other systems would show it garbled"
	}
	for _, r := range name {
		switch {
		case r == '\\':
			return `name holds a backslash, which Windows reads as a folder separator`
		case r == ':':
			return "name holds a colon, which Windows does not allow in a file name and macOS shows as a slash"
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return fmt.Sprintf("name %q holds a control character (U+%04X)", name, r)
		case strings.ContainsRune(`<>"|?*`, r):
			return fmt.Sprintf("name holds %q, which Windows does not allow in a file name", r)
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return "name ends in a dot or a space, which Windows drops (another file may then take its place)"
	}
	base, _, _ := strings.Cut(name, ".")
	if windowsReserved[strings.ToLower(strings.TrimRight(base, " "))] {
		return fmt.Sprintf("%q is a device name on Windows (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9), which no file may take", base)
	}
	return ""
}

// staticEntry checks one entry of a static/ walk (p is its path from the
// source root): its name, and a folder's depth. skip says a folder is not
// to be walked into.
func staticEntry(p string, dir bool) (problem string, skip bool) {
	if problem := nameProblem(path.Base(p)); problem != "" {
		return problem, dir
	}
	if dir && strings.Count(p, "/") > MaxStaticDepth {
		return fmt.Sprintf("folders nested more than %d deep in %s/", MaxStaticDepth, StaticDir), true
	}
	return "", false
}

// Fold gives the form a path takes on a file system that ignores case
// (Windows, macOS) and how accents are encoded (macOS): two paths with
// one Fold are one file there. Paths of lowercase ASCII, nearly all of a
// site's, are their own Fold.
func Fold(p string) string {
	plain := true
	for i := 0; i < len(p); i++ {
		if c := p[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return p
	}
	return strings.Map(foldRune, norm.NFC.String(p))
}

// foldRune maps the runes that match ignoring case to one: K, k and the
// Kelvin sign to k, as the ASCII fast path of Fold leaves it.
func foldRune(r rune) rune { return unicode.ToLower(unicode.ToUpper(r)) }

// Clash says why path p is a problem beside other, a different path with
// the same Fold, shown as shown.
func Clash(p, other, shown string) string {
	if norm.NFC.String(p) == norm.NFC.String(other) {
		return fmt.Sprintf("same name as %s, with its accents encoded another way (Unicode NFC and NFD): macOS takes the two for one", shown)
	}
	return fmt.Sprintf("differs from %s only in case: Windows and macOS take the two for one", shown)
}

// foldClashes reports static files and folders whose names are one on
// Windows or macOS (CSS/ beside css/), each pair once, at the site's own
// file where one of the two is the site's (own says which are). files
// are sorted by path.
func foldClashes(files []File, own map[string]bool) diag.List {
	var diags diag.List
	type seen struct {
		path string
		site bool
	}
	byFold := map[string]seen{}
	reported := map[[2]string]bool{}
	for _, f := range files {
		fromSite := own[f.Path]
		// The file and each folder above it.
		for p := f.Path; p != "."; p = path.Dir(p) {
			key := Fold(p)
			prev, ok := byFold[key]
			if !ok {
				byFold[key] = seen{p, fromSite}
				continue
			}
			if prev.path == p || reported[[2]string{prev.path, p}] {
				continue
			}
			reported[[2]string{prev.path, p}] = true
			at, other := p, prev.path
			if prev.site && !fromSite {
				at, other = prev.path, p
			}
			diags.Add(diag.Diagnostic{Path: StaticDir + "/" + at, Msg: Clash(at, other, StaticDir+"/"+other), Hint: "rename one"})
		}
	}
	return diags
}
