package build

import (
	"strings"
	"testing"

	"briefing/generator/changes"
)

// TestPlaceType: the cities kind holds every place with a control
// timeline, air bases and airports among them. A city's `type` says what
// the place is, and every label that would call it a city says that
// instead: its facts, the "Mentioned in" lists, a source's list of pages
// resting on it, its search result and its page's description. Before,
// the shipped briefing called Hama air base "(city)".
func TestPlaceType(t *testing.T) {
	base := "---\nname: Hama air base\ntype: air base\ncoords: [35.118, 36.711]\ncontrol:\n  - date: 2024-12-05\n    faction: hts\n    source: afp\n---\nWest of [[hama]] [@afp].\n"
	// The edition before it, for the What changed page.
	before, diags := Build(mini(t, nil), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	data, err := before.Tree.Get(changes.File)
	if err != nil {
		t.Fatal(err)
	}
	prev, err := changes.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	res, diags := Build(mini(t, map[string]string{"content/cities/hama-air-base.md": base}), Options{Theme: repo, Previous: prev})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	files := all(t, res)
	page := string(files["cities/hama-air-base/index.html"])
	for _, want := range []string{
		`<meta name="description" content="air base fact sheet: Hama air base">`,
		`<dt>Type</dt>`,
		`<dd>air base</dd>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the air base's page lacks %q", want)
		}
	}
	hama := string(files["cities/hama/index.html"])
	if !strings.Contains(hama, `Hama air base</a> <span class="muted">(air base)</span>`) {
		t.Errorf("Hama's page does not list the air base as one:\n%s", section(hama, "Hama air base"))
	}
	afp := string(files["sources/afp/index.html"])
	if !strings.Contains(afp, `Hama air base</a> <span class="muted">(air base, in the text; control timeline)</span>`) {
		t.Errorf("AFP's page does not list the air base as one:\n%s", section(afp, "Hama air base"))
	}
	var index strings.Builder
	for p, data := range files {
		if strings.HasPrefix(p, "search/") {
			index.Write(data)
		}
	}
	if !strings.Contains(index.String(), `"Hama air base","air base"`) {
		t.Error("the search index does not call the air base one")
	}
	if changed := string(files["changes/index.html"]); !strings.Contains(changed, `Hama air base</a> <span class="muted">(air base)</span>`) {
		t.Errorf("the What changed page does not call the air base one:\n%s", section(changed, "Hama air base"))
	}
	// A city without a type is still a city.
	if !strings.Contains(afp, `Hama</a> <span class="muted">(city, `) {
		t.Errorf("Hama is no longer called a city:\n%s", section(afp, ">Hama<"))
	}
}

// section is the text around the first s in page, for a failure message.
func section(page, s string) string {
	i := strings.Index(page, s)
	if i < 0 {
		return "(not found: " + s + ")"
	}
	return page[max(0, i-300):min(len(page), i+300)]
}

// TestPlaceTypeIsALabel: a type is shown beside names, so it is checked
// as a name is: not blank, on one line, no control character that turns
// the text around it.
func TestPlaceTypeIsALabel(t *testing.T) {
	for _, ty := range []string{`"  "`, `"air\nbase"`, `"air\u202ebase"`} {
		base := "---\nname: Hama air base\ntype: " + ty + "\n---\nWest of [[hama]].\n"
		_, diags := Build(mini(t, map[string]string{"content/cities/hama-air-base.md": base}), Options{Theme: repo})
		if len(diags) != 1 || diags[0].Line != 3 || !strings.Contains(diags[0].Msg, "type") {
			t.Errorf("type %s: want one problem at its line, got:\n%s", ty, diags)
		}
	}
}
