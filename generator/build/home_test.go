package build

import (
	"fmt"
	"strings"
	"testing"
)

// TestHomeCutsClaims: the home page lists the first claims not
// corroborated, worst first, and points to the claims page for the rest,
// as it does for articles. It listed every one: 9 MB of claim cards in a
// briefing of 100,000 articles.
func TestHomeCutsClaims(t *testing.T) {
	const shown = 20 // as the README says
	for _, n := range []int{shown - 1, shown + 5} {
		var article, claims strings.Builder
		article.WriteString("---\ntitle: Counts\ndate: 2024-12-04\n---\n")
		claims.WriteString("---\nname: Tally\nkind: monitor\nclaims:\n")
		for i := range n {
			fmt.Fprintf(&article, "Count number %d was wrong.\n\n", i)
			fmt.Fprintf(&claims, "  - {article: counts, quote: \"Count number %d was\", status: disputed, sources: [afp]}\n", i)
		}
		claims.WriteString("---\n")
		res, diags := Build(mini(t, map[string]string{"content/articles/counts.md": article.String(), "content/sources/tally.md": claims.String()}), Options{Theme: repo})
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		files := all(t, res)
		home := string(files["index.html"])
		notCorroborated := n + 1 // and the mini briefing's false claim
		section := home[strings.Index(home, "<h3>Not corroborated"):strings.Index(home, `<a href="claims/">All claims by status`)]
		cards := strings.Count(section, `class="claim-card`)
		more := fmt.Sprintf(`<a href="claims/">… and %d more →</a>`, notCorroborated-shown)
		if notCorroborated <= shown {
			if cards != notCorroborated || !strings.Contains(section, fmt.Sprintf("Not corroborated (%d)", notCorroborated)) || strings.Contains(section, "more-claims") {
				t.Errorf("%d claims not corroborated: %d on the home page, or a wrong heading or link:\n%s", notCorroborated, cards, section)
			}
			continue
		}
		if cards != shown || !strings.Contains(section, "Not corroborated, the worst first") || !strings.Contains(section, more) {
			t.Errorf("%d claims not corroborated: %d on the home page, want %d, a heading without a count and %s:\n%s", notCorroborated, cards, shown, more, section)
		}
		// The false claim comes before the disputed ones.
		if f, d := strings.Index(section, "at least 727 dead"), strings.Index(section, "Count number 0 was"); f < 0 || d < 0 || f > d {
			t.Errorf("the false claim is at %d, the first disputed one at %d", f, d)
		}
		if got := strings.Count(string(files["claims/index.html"]), `class="claim-card`); got != n+2 {
			t.Errorf("the claims page lists %d claims, want %d", got, n+2)
		}
		checkLinks(t, files, false)
	}
}
