// Package config reads site.yaml into a typed Site. It takes the briefing's
// source tree (an fs.FS) and gives the settings every later stage reads;
// unknown keys, bad URLs and bad kind declarations are located diagnostics.
// The content stage comes next.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/srcfile"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// File is the settings file every briefing has at its root.
const File = srcfile.SiteFile

// Kind is one content kind: a folder under content/ and a URL section.
type Kind struct {
	Name     string // folder and URL segment, plural: "cities"
	Singular string // "city"
	Title    string // heading of its list page: "Cities"
	Extra    bool   // declared in site.yaml beyond the four built-in kinds
}

// What is what a page of the kind is, given its type, for the label
// beside its name: a place's type where it gives one (the cities kind
// holds every place with a control timeline, and an air base is no
// city), else the kind's singular. A faction's type describes it rather
// than labels it.
func (k Kind) What(typ string) string {
	if k.Name == Cities && typ != "" {
		return typ
	}
	return k.Singular
}

// The built-in kinds, in the order pages list them.
const (
	Articles = "articles"
	Cities   = "cities"
	Factions = "factions"
	Sources  = "sources"
)

var builtin = []Kind{
	{Name: Articles, Singular: "article", Title: "Articles"},
	{Name: Cities, Singular: "city", Title: "Cities"},
	{Name: Factions, Singular: "faction", Title: "Factions"},
	{Name: Sources, Singular: "source", Title: "Sources"},
}

// reserved are top-level output paths a kind may not take.
var reserved = map[string]bool{
	"search": true, "map": true, "timeline": true, "claims": true, "static": true,
	"feed": true, "sitemap": true, "assets": true, "js": true, "css": true, "vendor": true,
	"404": true, "index": true, "changes": true,
	"areas": true, // content/areas/ holds the factions' areas of control
}

// Site is the parsed site.yaml.
type Site struct {
	Title       string
	Description string
	BaseURL     string // absolute, ends in "/"
	Language    string
	AsOf        fields.Date // zero: the latest date in the content (set by resolve)
	CNAME       string
	Autolink    bool
	Kinds       []Kind // built-in kinds first, then extras in file order
	MapOutline  string // optional path (relative to the source) of a GeoJSON outline file
	// MapOutlinePos is where site.yaml names MapOutline, for the
	// problems found reading it (not found, not readable).
	MapOutlinePos fields.Pos
	// StaleAfter is how many days old (counted back from the as-of date)
	// a figure may be before pages mark it stale; 0: never.
	StaleAfter int
	// PageSize is how many items a page of a long list holds (a kind's
	// list, the timeline); the rest go on pages of their own.
	PageSize int
}

// MaxStaleAfter bounds stale_after: ten years of days.
const MaxStaleAfter = 3660

// DefaultPageSize is page_size unless site.yaml sets it: a list of
// 1,000 articles is a page of about 300 KB; the timeline of 100,000 was
// one page of 56 MB. MaxPageSize bounds it.
const (
	DefaultPageSize = 1000
	MaxPageSize     = 100000
)

// Kind returns the kind with the given plural name.
func (s *Site) Kind(name string) (Kind, bool) {
	i := slices.IndexFunc(s.Kinds, func(k Kind) bool { return k.Name == name })
	if i < 0 {
		return Kind{}, false
	}
	return s.Kinds[i], true
}

// KindNames lists the plural names of all kinds.
func (s *Site) KindNames() []string {
	out := make([]string, len(s.Kinds))
	for i, k := range s.Kinds {
		out[i] = k.Name
	}
	return out
}

// IsSlug reports whether s is a valid slug: lowercase letters, digits and
// single hyphens between them (^[a-z0-9]+(-[a-z0-9]+)*$, at most 100
// bytes). It is checked for every file of every build, so it is a loop,
// not a regular expression (a tenth of the time).
func IsSlug(s string) bool {
	if s == "" || len(s) > 100 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// Slugify is s as a slug, or the nearest thing to one: lower-cased,
// accents dropped rather than the letters that carry them ("Ḥamāh" gives
// "hamah"), each run of other characters one hyphen, none at the ends.
// It may be empty, and it is not cut to IsSlug's length.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			continue // a combining accent of the letter before
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Load reads and checks site.yaml from fsys.
func Load(fsys fs.FS) (*Site, diag.List) {
	var diags diag.List
	if msg := srcfile.Check(fsys, File); msg != "" {
		diags.Add(diag.Diagnostic{Path: File, Msg: msg})
		return nil, diags
	}
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Add(diag.Diagnostic{Path: File, Msg: "not found: a briefing source folder needs a site.yaml at its root"})
		} else {
			diags.Add(diag.Diagnostic{Path: File, Msg: "cannot read: " + srcfile.CleanErr(err)})
		}
		return nil, diags
	}
	s := parse(data, &diags)
	return s, diags
}

// MaxSize bounds site.yaml.
const MaxSize = 1 << 20

// count reads the setting key, a whole number of units from 1 to most;
// ok is false when it is absent or bad (which is reported).
func count(r *fields.Reader, m *fields.Map, key, units string, most int64) (n int, ok bool) {
	v, node := m.Int(key, false)
	switch {
	case node == nil || node.Tag != "!!int": // absent, or reported by Int
		return 0, false
	case v < 1 || v > most:
		r.Errorf(node, "", "%s must be a number of %s from 1 to %d, got %d", key, units, most, v)
		return 0, false
	}
	return int(v), true
}

// parse checks the bytes of site.yaml, reporting into diags. It returns
// nil when the file cannot be read as settings at all (not UTF-8 YAML,
// empty, or not a mapping): reading the content against default settings
// would only bury the real problem under errors that follow from it.
func parse(data []byte, diags *diag.List) *Site {
	s := &Site{Language: "en", Autolink: true, PageSize: DefaultPageSize}
	r := &fields.Reader{Path: File, Diags: diags}
	if len(data) > MaxSize {
		diags.Add(diag.Diagnostic{Path: File, Line: 1, Col: 1, Msg: "file is larger than 1 MiB"})
		return nil
	}
	before := diags.Len()
	root := r.Parse(data)
	if diags.Len() > before {
		return nil
	}
	if root == nil {
		diags.Add(diag.Diagnostic{Path: File, Line: 1, Col: 1, Msg: "file is empty: a briefing needs at least title: and base_url:"})
		return nil
	}
	m := r.Map(root, "site.yaml", "")
	if root.Kind != yaml.MappingNode {
		return nil
	}
	// A missing title or description reads as "", which Label passes.
	title, tn := m.String("title", true)
	s.Title, _ = r.Label(tn, "title", title, MaxTitle)
	desc, dn := m.String("description", false)
	s.Description, _ = r.Label(dn, "description", desc, MaxDescription)
	base, bn := m.String("base_url", true)
	if bn != nil {
		if b, ok := CheckBaseURL(base); ok {
			s.BaseURL = b
		} else {
			r.Errorf(bn, "", "base_url must be an absolute http or https URL, got %q", base)
		}
	}
	if lang, ln := m.String("language", false); ln != nil {
		if !regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`).MatchString(lang) {
			r.Errorf(ln, "", "language must be a language tag such as en or en-GB, got %q", lang)
		} else {
			s.Language = lang
		}
	}
	s.AsOf, _ = m.Date("as_of", false)
	if cname, cn := m.String("cname", false); cn != nil && cname != "" {
		if !regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`).MatchString(strings.ToLower(cname)) {
			r.Errorf(cn, "", "cname must be a domain name such as briefing.example.org, got %q", cname)
		} else {
			s.CNAME = strings.ToLower(cname)
		}
	}
	if n, ok := count(r, m, "stale_after", "days", MaxStaleAfter); ok {
		s.StaleAfter = n
	}
	if n, ok := count(r, m, "page_size", "items", MaxPageSize); ok {
		s.PageSize = n
	}
	if m.Has("autolink") {
		s.Autolink, _ = m.Bool("autolink")
	}
	s.Kinds = append([]Kind(nil), builtin...)
	if v := m.Value("kinds"); v != nil {
		km := r.Map(v, "kinds", "kinds.")
		tooMany := false
		for _, name := range km.Keys() {
			kv := km.Value(name)
			pos := km.KeyPos(name)
			if tooManyKinds(s, name) && !tooMany {
				// Reported once; the kinds are still read, so that their
				// folders are not each "unknown" as well.
				diags.Add(diag.Diagnostic{Path: File, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf("more than %d kinds (the four built-in ones included): every page lists them", MaxKinds)})
				tooMany = true
			}
			if !IsSlug(name) {
				diags.Add(diag.Diagnostic{Path: File, Line: pos.Line, Col: pos.Col, Msg: "kind name " + quote(name) + " must be lowercase letters, digits and hyphens"})
				continue
			}
			if reserved[name] {
				diags.Add(diag.Diagnostic{Path: File, Line: pos.Line, Col: pos.Col, Msg: "kind name " + quote(name) + " is reserved for a page of the site"})
				continue
			}
			k := Kind{Name: name, Singular: name, Title: titleCase(name), Extra: true}
			idx := slices.IndexFunc(s.Kinds, func(b Kind) bool { return b.Name == name })
			if idx >= 0 {
				k = s.Kinds[idx]
			}
			if kv != nil {
				sub := r.Map(kv, "kinds."+name, "kinds."+name+".")
				if sg, n := sub.String("singular", false); n != nil && sg != "" && labelOK(r, n, "kinds."+name+".singular", sg) {
					k.Singular = sg
				}
				if t, n := sub.String("title", false); n != nil && t != "" && labelOK(r, n, "kinds."+name+".title", t) {
					k.Title = t
				}
				sub.Only("singular", "title")
			}
			if idx >= 0 {
				s.Kinds[idx] = k
			} else {
				s.Kinds = append(s.Kinds, k)
			}
		}
	}
	if v := m.Value("map"); v != nil {
		mm := r.Map(v, "map", "map.")
		o, on := mm.String("outline", false)
		if clean := path.Clean(o); on != nil && o != "" {
			switch {
			case path.IsAbs(o) || clean == ".." || strings.HasPrefix(clean, "../") || !fs.ValidPath(clean) || clean == ".":
				r.Errorf(on, "write it relative to the source folder, e.g. static/map/outline.geojson", "map.outline must name a file inside the source folder, got %q", o)
			default:
				s.MapOutline, s.MapOutlinePos = clean, r.At(on)
			}
		}
		mm.Only("outline")
	}
	m.Only("title", "description", "base_url", "language", "as_of", "cname", "autolink", "stale_after", "page_size", "kinds", "map")
	return s
}

// CheckBaseURL validates and normalises a base URL (site.yaml's, or one
// given on the command line): absolute http or https, ending in "/".
func CheckBaseURL(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", false
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), true
}

// Placeholder reports whether a base URL is the stand-in the shipped
// site.yaml and the README carry (https://example.github.io/...), not an
// address to publish at.
func Placeholder(baseURL string) bool {
	u, err := url.Parse(baseURL)
	return err == nil && strings.EqualFold(u.Hostname(), "example.github.io")
}

// titleCase makes a kind's title from its name, a slug.
func titleCase(s string) string {
	s = strings.ReplaceAll(s, "-", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func quote(s string) string { return `"` + s + `"` }
