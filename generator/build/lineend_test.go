package build

import (
	"regexp"
	"strings"
	"testing"
)

// TestClaimAtLineEnd: a passage that ends a line of the Markdown keeps
// the line's break outside its mark, after its tag and note. Inside, the
// mark highlighted a space and the note ran into the next word: "trapped
// ① ?UNVERIFIEDin the city".
func TestClaimAtLineEnd(t *testing.T) {
	article := "---\ntitle: Lines\ndate: 2024-12-05\n---\n" +
		"Aid groups say many people remain trapped\nin the city.\n\n" +
		"Shelling went on all night  \nand into the morning.\n\n" +
		"Witnesses saw *tanks leave*\nat dawn.\n\n" +
		"The road north was cut\nby noon.\n"
	town := "---\nname: Town\nclaims:\n" +
		"  - {article: lines, quote: many people remain trapped, status: unverified, sources: [afp], note: One.}\n" +
		"  - {article: lines, quote: remain trapped, status: corroborated, sources: [afp], note: Two.}\n" +
		"  - {article: lines, quote: Shelling went on all night, status: corroborated, sources: [afp], note: Three.}\n" +
		"  - {article: lines, quote: saw tanks leave, status: false, sources: [afp], note: Four.}\n" +
		"  - {article: lines, quote: The road north was cut by noon, status: corroborated, sources: [afp], note: Five.}\n" +
		"---\nA town.\n"
	res, diags := Build(mini(t, map[string]string{"content/articles/lines.md": article, "content/cities/town.md": town}), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	page := string(all(t, res)["articles/lines/index.html"])
	body := page[strings.Index(page, `<div class="body">`):]
	body = body[:strings.Index(body, "</div>")]
	// No mark ends with a line's break (a space between runs is the
	// passage's own: "saw </mark><em>").
	if m := regexp.MustCompile(`(\n|<br />)</mark>`).FindStringIndex(body); m != nil {
		t.Errorf("a mark ends with a line break: %q", body[max(0, m[0]-60):m[1]])
	}
	// Each line's first word is apart from the note before it.
	note := `close the note</span></a></span>`
	for _, want := range []string{
		// Two passages end on that line: the inner one's note inside
		// the outer mark, then the outer one's, then the break.
		note + `</mark><sup class="claim-tag claim-unverified">`,
		note + "\nin the city.",
		note + "<br />\nand into the morning.",
		note + "</em>\nat dawn.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the body lacks %q:\n%s", want, body)
		}
	}
	// A passage across a line break keeps the break inside, as a space.
	if !strings.Contains(body, ">The road north was cut\nby noon</mark>") {
		t.Errorf("a passage across a line break lost it:\n%s", body)
	}
}
