package resolve

import (
	"flag"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/markdown"
)

var update = flag.Bool("update", false, "rewrite expected output in testdata/*.txt")

// The fact sheets every spec case can link to and cite.
var specSheets = fstest.MapFS{
	"site.yaml":                       {Data: []byte("title: T\nbase_url: https://example.org/\nas_of: 2024-12-06\nkinds:\n  people: {singular: person}\n")},
	"content/cities/hama.md":          {Data: []byte("---\nname: Hama\naliases: [Hamah]\n---\n")},
	"content/cities/homs.md":          {Data: []byte("---\nname: Homs\n---\n")},
	"content/factions/hts.md":         {Data: []byte("---\nname: Hayat Tahrir al-Sham\naliases: [HTS, Tahrir al-Sham]\n---\n")},
	"content/factions/syrian-army.md": {Data: []byte("---\nname: Syrian army\naliases: [the Army]\n---\n")},
	"content/factions/free-army.md":   {Data: []byte("---\nname: Free Army\naliases: [the Army]\n---\n")},
	"content/sources/sohr.md":         {Data: []byte("---\nname: Syrian Observatory for Human Rights\naliases: [SOHR]\nkind: monitor\n---\n")},
	"content/sources/afp.md":          {Data: []byte("---\nname: AFP\nkind: news\n---\n")},
	"content/people/hama.md":          {Data: []byte("---\nname: Hama Person\n---\n")},
	"content/people/assad.md":         {Data: []byte("---\nname: Bashar al-Assad\naliases: [Assad]\n---\n")},
	"content/cities/tartus.md":        {Data: []byte("---\nname: Ţarţūs\naliases: [ṭarṭūs bay]\n---\n")},
}

type specCase struct {
	name, desc, input, want string
}

const (
	sepIn   = "//- - - - - - - - -//"
	sepCase = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

// readSpec reads goldmark's spec format: a name line, the input, a
// separator, the expected HTML, and a case separator. A line starting with
// "#" after the name describes the case.
func readSpec(t *testing.T, file string) []specCase {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []specCase
	for _, block := range strings.Split(string(data), sepCase+"\n") {
		if strings.TrimSpace(block) == "" {
			continue
		}
		parts := strings.SplitN(block, sepIn+"\n", 3)
		if len(parts) != 3 {
			t.Fatalf("%s: malformed case %q", file, block)
		}
		head := strings.SplitN(strings.TrimLeft(parts[0], "\n"), "\n", 2)
		c := specCase{name: head[0], input: parts[1], want: parts[2]}
		if len(head) > 1 {
			c.desc = head[1]
		}
		out = append(out, c)
	}
	return out
}

func writeSpec(t *testing.T, file string, cases []specCase) {
	var b strings.Builder
	for _, c := range cases {
		b.WriteString(c.name + "\n" + c.desc + sepIn + "\n" + c.input + sepIn + "\n" + c.want + sepCase + "\n")
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// renderArticle resolves body as an article among specSheets and returns
// its HTML and the problems found.
func renderArticle(t *testing.T, body string, autolink bool) (string, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range specSheets {
		fsys[k] = v
	}
	fsys["content/articles/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\ndate: 2024-12-05\n---\n" + body)}
	site, docs := load(t, fsys)
	site.Autolink = autolink
	b, diags := resolveDocs(site, docs, markdown.New())
	return string(b.Page("articles/a").Body), diags
}

// load reads a test briefing's site.yaml and content, which must have no
// problems: the tests here are about resolving.
func load(t *testing.T, fsys fstest.MapFS) (*config.Site, []*content.Doc) {
	t.Helper()
	site, diags := config.Load(fsys)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	docs, diags := loadDocs(fsys, site)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return site, docs
}

// loadDocs reads and parses the content as a build does.
func loadDocs(fsys fs.FS, site *config.Site) ([]*content.Doc, diag.List) {
	files, diags := content.Files(fsys, site, nil)
	docs := make([]*content.Doc, len(files))
	for i, f := range files {
		d, ds := content.Parse(f)
		docs[i] = d
		diags.Merge(ds)
	}
	return docs, diags
}

// resolveDocs resolves docs as a build does.
func resolveDocs(site *config.Site, docs []*content.Doc, md *markdown.Markdown) (*Briefing, diag.List) {
	shapes := make([]Shape, len(docs))
	for i, d := range docs {
		shapes[i] = ShapeOf(d)
	}
	ix := NewIndex(site, shapes)
	notes := make([]Notes, len(docs))
	for i, d := range docs {
		notes[i] = ix.Notes(md, d)
	}
	claims := NewClaims(ix, docs, notes)
	bodies := make([]*Body, len(docs))
	for i, d := range docs {
		bodies[i] = ix.Body(md, d, claims.Anchors(i), false)
	}
	return Assemble(ix, docs, claims, bodies)
}

// TestSpec renders the cases of testdata/spec.txt: the Markdown dialect
// with wikilinks, citations, auto-links and escaped raw HTML. Problems
// are part of the expected output, after a line "-- problems --".
func TestSpec(t *testing.T) {
	const file = "testdata/spec.txt"
	cases := readSpec(t, file)
	if len(cases) < 20 {
		t.Fatalf("only %d spec cases", len(cases))
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			html, diags := renderArticle(t, c.input, !strings.Contains(c.desc, "autolink: off"))
			got := html
			if len(diags) > 0 {
				got += "-- problems --\n" + diags.Error() + "\n"
			}
			if *update {
				cases[i].want = got
				return
			}
			if got != c.want {
				t.Errorf("%s\ninput:\n%s\ngot:\n%s\nwant:\n%s", c.desc, c.input, got, c.want)
			}
		})
	}
	if *update {
		writeSpec(t, file, cases)
	}
}
