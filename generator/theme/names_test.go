package theme

import (
	"os"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

func TestNameProblem(t *testing.T) {
	for name, want := range map[string]string{
		"briefing.css": "",
		"café.png":     "",
		"حماة.jpg":     "",
		"a b.txt":      "",
		".htaccess":    "",
		"con.d":        `"con" is a device name on Windows (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9), which no file may take`,
		"a\\b.css":     "name holds a backslash, which Windows reads as a folder separator",
		"a:b.css":      "name holds a colon, which Windows does not allow in a file name and macOS shows as a slash",
		"a\x01b":       `name "a\x01b" holds a control character (U+0001)`,
		"tab\t":        `name "tab\t" holds a control character (U+0009)`,
		"a\u0085b":     `name "a\u0085b" holds a control character (U+0085)`,
		"what?.js":     `name holds '?', which Windows does not allow in a file name`,
		"a<b":          `name holds '<', which Windows does not allow in a file name`,
		"star*":        `name holds '*', which Windows does not allow in a file name`,
		"quote\"":      `name holds '"', which Windows does not allow in a file name`,
		"pipe|":        `name holds '|', which Windows does not allow in a file name`,
		"file.":        "name ends in a dot or a space, which Windows drops (another file may then take its place)",
		"file ":        "name ends in a dot or a space, which Windows drops (another file may then take its place)",
		"NUL":          `"NUL" is a device name on Windows (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9), which no file may take`,
		"aux.tar.gz":   `"aux" is a device name on Windows (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9), which no file may take`,
		"Com1.txt":     `"Com1" is a device name on Windows (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9), which no file may take`,
		"console.js":   "",
		"lpt10":        "",
		"\xff.png":     "name is not valid UTF-8: other systems would show it garbled",
	} {
		if got := nameProblem(name); got != want {
			t.Errorf("nameProblem(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	same := [][2]string{
		{"css/site.css", "CSS/site.css"},
		{"café.png", "cafe\u0301.png"},
		{"Café.png", "cafe\u0301.PNG"},
		{"kelvin", "\u212Aelvin"},
		{"straße", "STRAßE"},
		{"σ", "Σ"},
	}
	for _, p := range same {
		if Fold(p[0]) != Fold(p[1]) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q: want one", p[0], Fold(p[0]), p[1], Fold(p[1]))
		}
	}
	for _, p := range [][2]string{{"a", "b"}, {"cafe.png", "café.png"}, {"straße", "strasse"}} {
		if Fold(p[0]) == Fold(p[1]) {
			t.Errorf("Fold(%q) = Fold(%q)", p[0], p[1])
		}
	}
}

// TestStaticNames loads a site whose static/ has every kind of name that
// fails on Windows or macOS, a folder nested too deep, and names that are
// one there: each is reported where it is, and the rest still load.
func TestStaticNames(t *testing.T) {
	site := fstest.MapFS{
		"static/ok/fine.css":        {Data: []byte("x")},
		"static/a:b.css":            {Data: []byte("x")},
		"static/bad\\dir/inside.js": {Data: []byte("x")},
		"static/trailing./x.js":     {Data: []byte("x")},
		"static/CSS/mine.css":       {Data: []byte("x")},
		"static/café.png":           {Data: []byte("x")},
		"static/cafe\u0301.png":     {Data: []byte("x")},
		"static/Img/a.png":          {Data: []byte("x")},
		"static/img/b.png":          {Data: []byte("x")},
		"static/img/B.png":          {Data: []byte("x")},
		"static/" + strings.Repeat("d/", MaxStaticDepth) + "deepest.txt":    {Data: []byte("x")},
		"static/" + strings.Repeat("e/", MaxStaticDepth+1) + "too-deep.txt": {Data: []byte("x")},
		"static/" + strings.Repeat("f/", 3000) + "far-too-deep.txt":         {Data: []byte("x")},
		"static/.hidden:dir/ignored.txt":                                    {Data: []byte("x")},
		// Editors' leftovers, ignored as they are in content/.
		"static/4913":              {Data: []byte("x")},
		"static/a.css___jb_tmp___": {Data: []byte("x")},
		"static/a.css.swx":         {Data: []byte("x")},
		"static/#a.css#":           {Data: []byte("x")},
		"static/img/Thumbs.db":     {Data: []byte("x")},
		"static/ok/fine.css~":      {Data: []byte("x")},
	}
	embedded := os.DirFS("../..") // the repository's theme: static/css/ is there
	th, diags := Load(Layers{Site: site, Embedded: embedded}, nil, nil)
	var got []string
	for _, d := range diags {
		if strings.HasPrefix(d.Path, "static") {
			got = append(got, d.String())
		}
	}
	want := []string{
		"static/a:b.css: name holds a colon, which Windows does not allow in a file name and macOS shows as a slash",
		"static/bad\\dir: name holds a backslash, which Windows reads as a folder separator",
		"static/trailing.: name ends in a dot or a space, which Windows drops (another file may then take its place)",
		"static/" + strings.Repeat("e/", MaxStaticDepth) + "e: folders nested more than 16 deep in static/",
		"static/" + strings.Repeat("f/", MaxStaticDepth) + "f: folders nested more than 16 deep in static/",
		"static/CSS: differs from static/css only in case: Windows and macOS take the two for one (rename one)",
		"static/caf\u00e9.png: same name as static/cafe\u0301.png, with its accents encoded another way (Unicode NFC and NFD): macOS takes the two for one (rename one)",
		"static/img: differs from static/Img only in case: Windows and macOS take the two for one (rename one)",
		"static/img/b.png: differs from static/img/B.png only in case: Windows and macOS take the two for one (rename one)",
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	loaded := map[string]bool{}
	for _, f := range th.Static {
		loaded[f.Path] = true
	}
	for _, p := range []string{"ok/fine.css", "css/briefing.css", strings.Repeat("d/", MaxStaticDepth) + "deepest.txt"} {
		if !loaded[p] {
			t.Errorf("%s not loaded", p)
		}
	}
	for _, p := range []string{"a:b.css", "bad\\dir/inside.js", "trailing./x.js", "4913", "a.css___jb_tmp___", "a.css.swx", "#a.css#", "img/Thumbs.db", "ok/fine.css~"} {
		if loaded[p] {
			t.Errorf("%s loaded", p)
		}
	}
}
