package build

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/render/rendertest"
)

// payload is hostile text for one field: it tries to open a script, break
// out of an attribute, a <title>, a <textarea>, a comment and a CDATA
// section, to run an event handler and a javascript: URL, and to end a
// JavaScript string (U+2028). The marker names the field, so the test can
// see the field reached the output.
func payload(field string) string {
	m := "MARK-" + field
	return m + ` "'><script>alert('` + m + `')</script><img src=x onerror=alert(1)><svg onload=alert(2)>` +
		`javascript:alert(3) </title></textarea></style><!-- ]]> {{.Site}} &amp; ` + "\u2028\u2029" + ` </script>`
}

// hostileBriefing is a small briefing with a payload in every text field
// of every kind, and hostile bodies and annotations.
func hostileBriefing() (fstest.MapFS, []string) {
	var markers []string
	p := func(field string) string {
		markers = append(markers, "MARK-"+field)
		return yamlString(payload(field))
	}
	body := func(who string) string {
		markers = append(markers, "MARK-body-"+who)
		return "MARK-body-" + who + " <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n" +
			"<div onclick=\"alert(1)\"><iframe src=\"javascript:alert(1)\"></iframe></div>\n\n" +
			"Links: [x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](  javascript&#58;alert(1)) ![i](javascript:alert(1)) " +
			"[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) <javascript:alert(1)> " +
			"[t](https://example.org/ \"\\\"><script>alert(1)</script>\") [v](vbscript:msgbox(1)).\n\n" +
			"Annotations: [[hama|<script>alert('wiki')</script>]] [[hts#\"><script>alert(1)</script>]] " +
			"[@afp, </script><script>alert('cite')</script>] [@afp; @sohr, \"><img src=x onerror=alert(1)>].\n\n" +
			"## <script>alert('heading')</script> \"onmouseover=alert(1) x=\"\n\n" +
			"| <b onclick=alert(1)>a</b> | `</script>` |\n|---|---|\n| [[hama]] | <style>*{}</style> |\n\n" +
			"Footnote[^1].\n\n[^1]: <script>alert('footnote')</script>\n"
	}
	files := map[string]string{
		"site.yaml": "title: " + p("site.title") + "\ndescription: " + p("site.description") +
			"\nbase_url: https://example.org/hostile/\nas_of: 2024-12-06\nkinds:\n  people: { singular: person }\n",
		"content/articles/report.md": "---\ntitle: " + p("article.title") + "\ndate: 2024-12-05\nsource: afp\nurl: \"https://example.org/a?b=1&c=2#x\"\nauthor: " +
			p("article.author") + "\nsummary: " + p("article.summary") + "\n---\n" +
			"Rebels took Hama. The army said \\<script\\>alert('claim')\\</script\\> before it left.\n\n" + body("article"),
		"content/cities/hama.md": "---\nname: " + p("city.name") + "\naliases: [" + p("city.alias") + "]\ncoords: [35.135, 36.750]\n" +
			"population: 996000\npopulation_year: 2023\npopulation_source: sohr\ngovernorate: " + p("city.governorate") +
			"\nsummary: " + p("city.summary") +
			"\ncontrol:\n  - date: 2011-03-15\n    faction: saa\n    source: afp\n    note: " + p("control.note") +
			"\n  - date: 2024-12-05\n    faction: hts\n    source: sohr\n    note: " + p("control.note2") +
			"\nfigures:\n  - label: " + p("figure.label") + "\n    value: 727\n    qualifier: at least\n    as_of: 2024-12-05\n    source: sohr\n    note: " + p("figure.note") +
			"\nclaims:\n  - article: report\n    quote: \"<script>alert('claim')</script>\"\n    prefix: \"army said\"\n    suffix: \"before it\"\n    status: disputed\n    sources: [afp]\n    note: " + p("claim.note") +
			"\n  - article: report\n    quote: \"Rebels took Hama\"\n    status: corroborated\n    sources: [sohr]\n    note: \"MARK-claim.note2 [[hts|<script>alert(1)</script>]] <img src=x onerror=alert(1)> [x](javascript:alert(1))\"\n---\n" + body("city"),
		"content/factions/hts.md": "---\nname: " + p("faction.name") + "\naliases: [" + p("faction.alias") + "]\ntype: " + p("faction.type") +
			"\nleader: " + p("faction.leader") + "\nfounded: 2017\ncolor: \"#2e7d32\"\nopponents: [saa]\nsummary: " + p("faction.summary") + "\n---\n" + body("faction"),
		"content/factions/saa.md": "---\nname: Syrian Arab Army\ncolor: \"rgb(198 40 40)\"\nopponents: [hts]\n---\nThe army.\n",
		"content/sources/afp.md": "---\nname: " + p("source.name") + "\naliases: [" + p("source.alias") + "]\nkind: news\nreliability: B\nurl: \"https://www.afp.com/?q=1&r=2\"\nsummary: " +
			p("source.summary") + "\n---\n" + body("source"),
		"content/sources/sohr.md": "---\nname: SOHR\nkind: monitor\nreliability: C\n---\nA monitor.\n",
		"content/people/ann.md": "---\nname: " + p("person.name") + "\naliases: [" + p("person.alias") + "]\ndate: 2024-12-01\ncoords: [35.2, 36.8]\nsummary: " +
			p("person.summary") + "\n---\n" + body("person"),
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys, markers
}

// TestHostileInput builds the hostile briefing and audits every file of
// the site: HTML pages (and the SVG maps in them), the search index and
// its shards, briefing.json, feed.xml and sitemap.xml. Nothing may run:
// no script but the site's own files, no event handler, no script URL,
// "</script" and "<!--" never inside data, XML well formed, JSON valid,
// and every page under the strict Content-Security-Policy. Every payload
// must still be there, as text.
func TestHostileInput(t *testing.T) {
	fsys, markers := hostileBriefing()
	res, diags := Build(fsys, Options{Theme: repo, Version: "test"})
	if len(diags) > 0 {
		t.Fatalf("the hostile briefing does not build:\n%v", diags)
	}
	files, err := rendertest.Files(res.Tree)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range audit(files) {
		t.Error(p)
	}

	// Every field reached some output, so the audit saw it.
	var all strings.Builder
	for _, data := range files {
		all.Write(data)
	}
	for _, m := range markers {
		if !strings.Contains(all.String(), m) {
			t.Errorf("%s appears in no output file", m)
		}
	}
	// The payload is shown as text where a page shows the field.
	city := string(files["cities/hama/index.html"])
	if !strings.Contains(city, "MARK-city.name &#34;&#39;&gt;&lt;script&gt;alert(") && !strings.Contains(city, "MARK-city.name &quot;&#39;&gt;&lt;script&gt;alert(") {
		t.Errorf("the city's name is not shown escaped on its page")
	}
	// The claim with a script as its quote is placed, as text.
	art := string(files["articles/report/index.html"])
	if !regexp.MustCompile(`<mark class="claim claim-disputed"[^>]*>&lt;script&gt;alert\([^)]*claim[^)]*\)&lt;/script&gt;</mark>`).MatchString(art) {
		t.Errorf("the hostile claim is not highlighted as text in the article")
	}

	// briefing.json decodes, and gives the payloads back as they were.
	var data struct {
		Title    string `json:"title"`
		Entities []struct {
			Key  string `json:"key"`
			Name string `json:"name"`
		} `json:"entities"`
	}
	if err := json.Unmarshal(files["briefing.json"], &data); err != nil {
		t.Fatal(err)
	}
	if data.Title != payload("site.title") {
		t.Errorf("briefing.json title = %q", data.Title)
	}
	names := map[string]string{}
	for _, e := range data.Entities {
		names[e.Key] = e.Name
	}
	if names["cities/hama"] != payload("city.name") {
		t.Errorf("briefing.json cities/hama name = %q", names["cities/hama"])
	}
	// The javascript: links in bodies are neutralised, not dropped with
	// their text.
	if !strings.Contains(art, ">x</a>") {
		t.Error("the text of a javascript: link is gone")
	}
	t.Logf("audited %d files; %d payloads (fields and bodies) all found in them", len(files), len(markers))
}

// TestHostileURLRefused checks that a url field holding a script URL is
// refused, in every kind that has one, rather than written into a link.
func TestHostileURLRefused(t *testing.T) {
	for _, tc := range []struct{ file, front, want string }{
		{"content/articles/report.md", "title: T\ndate: 2024-12-05\nurl: javascript:alert(1)", "content/articles/report.md:4:6: url must be an absolute http or https address, got \"javascript:alert(1)\""},
		{"content/articles/report.md", "title: T\ndate: 2024-12-05\nurl: \" JavaScript:alert(1)\"", "content/articles/report.md:4:6: url must be an absolute http or https address, got \" JavaScript:alert(1)\""},
		{"content/articles/report.md", "title: T\ndate: 2024-12-05\nurl: \"https://e.org/\\\"><script>\"", "content/articles/report.md:4:6: url must be an absolute http or https address, got \"https://e.org/\\\"><script>\""},
		{"content/sources/afp.md", "name: AFP\nurl: data:text/html,<script>alert(1)</script>", "content/sources/afp.md:3:6: url must be an absolute http or https address, got \"data:text/html,<script>alert(1)</script>\""},
		{"content/sources/afp.md", "name: AFP\nurl: //evil.example/", "content/sources/afp.md:3:6: url must be an absolute http or https address, got \"//evil.example/\""},
		{"content/factions/hts.md", "name: HTS\ncolor: \"red;}</style><script>alert(1)</script>\"", "content/factions/hts.md:3:8: color must be a CSS colour such as #2e7d32, green or rgb(46 125 50), got \"red;}</style><script>alert(1)</script>\""},
		{"content/factions/hts.md", "name: HTS\ncolor: \"url(javascript:alert(1))\"", "content/factions/hts.md:3:8: color must be a CSS colour such as #2e7d32, green or rgb(46 125 50), got \"url(javascript:alert(1))\""},
	} {
		fsys, _ := hostileBriefing()
		fsys[tc.file] = &fstest.MapFile{Data: []byte("---\n" + tc.front + "\n---\nBody.\n")}
		_, diags := Build(fsys, Options{Theme: repo})
		var got []string
		for _, d := range diags {
			if d.Path == tc.file {
				got = append(got, d.String())
			}
		}
		sort.Strings(got)
		if !contains(got, tc.want) {
			t.Errorf("%s with %q:\n%s\nwant %s", tc.file, tc.front, strings.Join(got, "\n"), tc.want)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestShippedSiteAudit runs the same audit on the shipped briefing, built
// for the web and for the offline zip.
func TestShippedSiteAudit(t *testing.T) {
	for _, fileLinks := range []bool{false, true} {
		res := buildShipped(t, Options{FileLinks: fileLinks})
		files, err := rendertest.Files(res.Tree)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range audit(files) {
			t.Errorf("file links %v: %s", fileLinks, p)
		}
	}
}
