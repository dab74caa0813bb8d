package build

import (
	"strings"
	"testing"
)

// TestAuditCatches proves the audit used by the fuzz and escaping tests
// sees each kind of problem it looks for, so that its silence means
// something.
func TestAuditCatches(t *testing.T) {
	page := func(body string) string {
		return `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="` + wantCSP + `"><link rel="stylesheet" href="/css/briefing.css"></head><body>` + body + `</body></html>`
	}
	site := map[string][]byte{"js/search.js": []byte("x"), "index.html": []byte(page(`<script src="/js/search.js"></script>`))}
	if p := audit(site); len(p) != 0 {
		t.Fatalf("a clean site fails the audit: %v", p)
	}
	for _, tc := range []struct{ file, data, want string }{
		{"a.html", page(`<script>alert(1)</script>`), "inline or unexpected script"},
		{"a.html", page(`<SCRIPT src="https://evil.example/x.js"></SCRIPT>`), "outside the site's own scripts"},
		{"a.html", page(`<script src="/js/search.js">alert(1)</script>`), "inline or unexpected script"},
		{"a.html", page(`<script type="application/ld+json">{"a":"</b>"}</script>`), "unescaped < or >"},
		{"a.html", page(`<script type="application/ld+json">{x}</script>`), "not valid JSON"},
		{"a.html", page(`<img src=x onerror=alert(1)>`), "event handler onerror"},
		{"a.html", page(`<svg><a onclick="x"></a></svg>`), "event handler onclick"},
		{"a.html", page(`<a href="javascript:alert(1)">x</a>`), "script URL"},
		{"a.html", page(`<a href=" jav&#x61;script&colon;alert(1)">x</a>`), "script URL"},
		{"a.html", page(`<a xlink:href="javascript:x">x</a>`), "script URL"},
		{"a.html", page(`<iframe src="/x"></iframe>`), "element <iframe>"},
		{"a.html", page(`<p style="color:red">x</p>`), "style attribute"},
		{"a.html", page(`<base href="https://evil.example/">`), "element <base>"},
		{"a.html", page(`x </script> y`), "stray script markup"},
		{"a.html", `<html><head></head><body>no policy</body></html>`, "0 Content-Security-Policy"},
		{"a.html", strings.Replace(page(""), "script-src 'self'", "script-src 'self' 'unsafe-inline'", 1), "Content-Security-Policy"},
		{"feed.xml", `<feed><title>x</title><script>x</script></feed>`, "<script in XML"},
		{"feed.xml", `<feed><title>x &nbsp; </title></feed>`, "not well-formed"},
		{"sitemap.xml", `<urlset><url>`, "not well-formed"},
		{"briefing.json", `{"a": "</script><script>"}`, `"</script" in a data file`},
		{"briefing.json", `{"a": }`, "not valid JSON"},
		{"search/index.js", `window.BRIEFING_SEARCH={"a":"<!--"};`, `"<!--" in a data file`},
		{"search/s/a.js", `BRIEFING_SEARCH_SHARD("a",[x]);`, "invalid JSON"},
		{"search/s/a.js", `alert(1)`, "not a search data script"},
		{"favicon.svg", `<svg onload="x"/>`, "script in SVG"},
	} {
		files := map[string][]byte{"js/search.js": []byte("x"), tc.file: []byte(tc.data)}
		got := strings.Join(audit(files), "\n")
		if !strings.Contains(got, tc.want) {
			t.Errorf("audit of %s %q:\n%s\nwant a problem mentioning %q", tc.file, tc.data, got, tc.want)
		}
	}
}
