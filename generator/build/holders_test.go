package build

import (
	"regexp"
	"testing"

	"briefing/generator/render/rendertest"
)

// Two factions hold as many places each: the map page's list of holders
// orders them as its legend does.
func TestHoldersInLegendOrder(t *testing.T) {
	fsys := mini(t, map[string]string{
		"content/cities/aleppo.md":  "---\nname: Aleppo\ncoords: [36.217, 37.167]\ncontrol:\n  - {date: 2016-12-22, faction: saa, source: afp}\n---\n",
		"content/cities/zarzita.md": "---\nname: Zarzita\ncoords: [35.5, 36.5]\ncontrol:\n  - {date: 2024-12-01, faction: hts, source: afp}\n---\n",
	})
	res, diags := Build(fsys, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	page := string(rendertest.File(res.Tree, "map/index.html"))
	order := func(s string) []string {
		var out []string
		for _, m := range regexp.MustCompile(`href="../factions/(\w+)/"`).FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		return out
	}
	legend := regexp.MustCompile(`(?s)class="legend.*?</ul>`).FindString(page)
	holders := regexp.MustCompile(`(?s)<h2 id="holders-h">.*?</section>`).FindString(page)
	if lo, ho := order(legend), order(holders); len(lo) < 2 || len(ho) < 2 || lo[0] != ho[0] {
		t.Errorf("legend lists %v, holders list %v", lo, ho)
	}
}
