package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"briefing/generator/progress"
)

// progressEvery is how often an open waiting page is told how far the
// first build has come.
const progressEvery = 200 * time.Millisecond

// stages are the stages of a preview build, as the waiting page lists
// them: pages render when first asked for, so rendering is the last.
var stages = []stageItem{
	{Name: progress.Reading.String(), Title: "Reading the files"},
	{Name: progress.Parsing.String(), Title: "Parsing them"},
	{Name: progress.Resolving.String(), Title: "Resolving links, names and claims"},
	{Name: progress.Rendering.String(), Title: "Preparing the pages"},
}

// progressNow is where the build under way is, as the waiting page and
// its events show it. Its JSON is the data of a "progress" event.
type progressNow struct {
	Stage   string `json:"stage"` // "reading"; "" before the build starts
	Done    int    `json:"done"`
	Total   int    `json:"total"`   // 0: not counted
	Text    string `json:"text"`    // "resolving 5,000/11,300 files"
	Elapsed string `json:"elapsed"` // "2.1 s"
}

func (s *Server) progressNow() progressNow {
	r := s.opts.Progress.Read()
	p := progressNow{Stage: r.Stage.String(), Done: r.Done, Total: r.Total, Text: r.String()}
	if p.Text == "" {
		p.Text = "starting"
	}
	var d time.Duration
	if t := s.started.Load(); t != 0 {
		d = s.opts.Now().Sub(time.Unix(0, t))
	}
	p.Elapsed = fmt.Sprintf("%.1f s", max(d, 0).Seconds())
	return p
}

// event is the progress as an event of the stream.
func (p progressNow) event() string {
	data, err := json.Marshal(p)
	if err != nil {
		panic(err) // strings and numbers only
	}
	return "event: progress\ndata: " + string(data) + "\n\n"
}

var waitTmpl = previewTemplate("wait", `<p>The briefing is being built. This page opens by itself the moment it is ready.</p>
<section id="briefing-progress" class="briefing-progress" aria-labelledby="briefing-progress-title">
<h2 id="briefing-progress-title">Building</h2>
<ol class="briefing-stages">
{{range .Stages}}<li data-stage="{{.Name}}" data-state="{{.State}}"{{if eq .State "current"}} aria-current="step"{{end}}>{{.Title}}</li>
{{end}}</ol>
<progress id="briefing-progress-bar" aria-label="Build progress"{{if .Total}} max="{{.Total}}" value="{{.Done}}"{{end}}></progress>
<p class="briefing-progress-line"><span id="briefing-progress-text">{{.Text}}</span> · <span id="briefing-progress-time">{{.Elapsed}}</span></p>
</section>
<noscript><p>Reload this page once the terminal says the briefing is built.</p></noscript>
`)

type stageItem struct{ Name, Title, State string }

// waitPage is the page a browser gets while the first build runs: the
// stages, how far the current one has come, and the reload client, which
// updates both from the event stream and reloads when the build is done.
func waitPage(gen string, p progressNow) []byte {
	data := struct {
		progressNow
		Title  string
		Stages []stageItem
	}{progressNow: p, Title: "Building"}
	current := max(0, slices.IndexFunc(stages, func(st stageItem) bool { return st.Name == p.Stage }))
	for i, st := range stages {
		st.State = "pending"
		switch {
		case i < current:
			st.State = "done"
		case i == current:
			st.State = "current"
		}
		data.Stages = append(data.Stages, st)
	}
	var b bytes.Buffer
	if err := waitTmpl.Execute(&b, data); err != nil {
		panic(err)
	}
	return inject(b.Bytes(), gen, nil)
}
