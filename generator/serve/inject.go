package serve

import (
	"bytes"
	"html/template"
	"slices"
	"strconv"

	"briefing/generator/diag"
)

// maxShown caps the errors listed in a page; the terminal has them all.
const maxShown = 100

// inject adds the reload client for generation gen, and the overlay when
// there is one, before the page's closing </body>. Both are external
// files: pages forbid inline script and style.
func inject(page []byte, gen string, overlay []byte) []byte {
	var tail bytes.Buffer
	if overlay != nil {
		tail.WriteString(`<link rel="stylesheet" href="` + Prefix + `overlay.css">`)
		tail.Write(overlay)
	}
	tail.WriteString(`<script src="` + Prefix + `reload.js" data-gen="`)
	template.HTMLEscape(&tail, []byte(gen))
	tail.WriteString(`"></script>` + "\n")
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = bytes.LastIndex(bytes.ToLower(page), []byte("</body"))
	}
	if i < 0 {
		i = len(page)
	}
	return slices.Concat(page[:i], tail.Bytes(), page[i:])
}

var overlayTmpl = template.Must(template.New("overlay").Parse(`<aside id="briefing-overlay" class="briefing-overlay" role="alert" aria-labelledby="briefing-overlay-title">
<div class="briefing-overlay-panel">
<button type="button" class="briefing-overlay-close" data-briefing-dismiss title="Hide until the next build">Hide</button>
<h2 id="briefing-overlay-title">Build failed: {{.Count}}</h2>
<p>{{if .HasSite}}This page is from the last good build. {{end}}Fix the problems below and save: the page reloads by itself.</p>
<ol class="briefing-overlay-list">
{{range .Diags}}<li>{{with .Where}}<code class="briefing-overlay-where">{{.}}</code> {{end}}<span class="briefing-overlay-msg">{{.Msg}}</span>{{with .Hint}} <span class="briefing-overlay-hint">({{.}})</span>{{end}}</li>
{{end}}</ol>
{{with .More}}<p>… and {{.}} more: the terminal lists them all.</p>
{{end}}</div>
</aside>
`))

type overlayItem struct{ Where, Msg, Hint string }

// overlayHTML renders a failed build's errors, every text escaped.
func overlayHTML(errs diag.List, hasSite bool) []byte {
	data := struct {
		Count   string
		HasSite bool
		Diags   []overlayItem
		More    int
	}{Count: errs.Count(), HasSite: hasSite}
	for i, d := range errs {
		if i == maxShown {
			data.More = len(errs) - maxShown
			break
		}
		data.Diags = append(data.Diags, overlayItem{Where: where(d), Msg: d.Msg, Hint: d.Hint})
	}
	var b bytes.Buffer
	if err := overlayTmpl.Execute(&b, data); err != nil {
		// The template is fixed and its data plain strings.
		panic(err)
	}
	return b.Bytes()
}

// previewPage is the frame of the preview's own pages (a note, the page
// of the first build), each filling in its "body".
const previewPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; object-src 'none'; base-uri 'none'">
<meta name="color-scheme" content="light dark">
<title>{{.Title}} · Briefing preview</title>
<link rel="stylesheet" href="` + Prefix + `overlay.css">
</head>
<body class="briefing-nosite">
<main>
<h1>Briefing preview</h1>
{{template "body" .}}</main>
</body>
</html>
`

// previewTemplate is previewPage with body as its "body".
func previewTemplate(name, body string) *template.Template {
	t := template.Must(template.New(name).Parse(previewPage))
	template.Must(t.New("body").Parse(body))
	return t
}

var noteTmpl = previewTemplate("note", "<p>{{.Text}}</p>\n")

// notePage is a page of the preview's own, for when there is no site page
// to show: no build has succeeded yet, or the page failed to render.
func notePage(gen, title, text string, overlay []byte) []byte {
	var b bytes.Buffer
	if err := noteTmpl.Execute(&b, struct{ Title, Text string }{title, text}); err != nil {
		panic(err)
	}
	return inject(b.Bytes(), gen, overlay)
}

// where is a diagnostic's place as the terminal shows it: path:line:col.
func where(d diag.Diagnostic) string {
	w := d.Path
	if w != "" && d.Line > 0 {
		w += ":" + strconv.Itoa(d.Line)
		if d.Col > 0 {
			w += ":" + strconv.Itoa(d.Col)
		}
	}
	return w
}
