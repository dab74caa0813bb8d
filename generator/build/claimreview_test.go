package build

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"briefing/generator/render/rendertest"
)

// ldScript is a page's JSON-LD block.
var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestClaimReviewRatings reads the ClaimReview JSON-LD of every claim of
// the shipped briefing (issue 16): schema.org's Rating puts the best at
// bestRating, so a false claim is worstRating (1) and a corroborated one
// bestRating (5), as the README says, and each review names its claim,
// the article it appears in and a rating label a reader understands.
func TestClaimReviewRatings(t *testing.T) {
	res := buildShipped(t, Options{})
	want := map[string]int{"false": 1, "disputed": 2, "unverified": 3, "partly": 4, "corroborated": 5}
	labels := map[string]string{"false": "false", "disputed": "disputed", "unverified": "unverified", "partly": "partly true", "corroborated": "corroborated"}
	seen := 0
	for _, g := range res.Briefing.Kinds {
		for _, e := range g.Entities {
			if len(e.InArticle) == 0 {
				continue
			}
			page := string(rendertest.File(res.Tree, strings.TrimPrefix(e.URL, "/")+"index.html"))
			m := ldScript.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("%s: no JSON-LD", e.URL)
			}
			var reviews []struct {
				Context       string `json:"@context"`
				Type          string `json:"@type"`
				URL           string `json:"url"`
				ClaimReviewed string `json:"claimReviewed"`
				ItemReviewed  struct {
					Type       string `json:"@type"`
					Appearance struct {
						Type     string `json:"@type"`
						Headline string `json:"headline"`
						URL      string `json:"url"`
					} `json:"appearance"`
				} `json:"itemReviewed"`
				Author struct {
					Type string `json:"@type"`
					Name string `json:"name"`
				} `json:"author"`
				ReviewRating struct {
					Type          string `json:"@type"`
					RatingValue   int    `json:"ratingValue"`
					BestRating    int    `json:"bestRating"`
					WorstRating   int    `json:"worstRating"`
					AlternateName string `json:"alternateName"`
				} `json:"reviewRating"`
			}
			if err := json.Unmarshal([]byte(m[1]), &reviews); err != nil {
				t.Fatalf("%s: JSON-LD: %v", e.URL, err)
			}
			if len(reviews) != len(e.InArticle) {
				t.Fatalf("%s: %d reviews for %d claims", e.URL, len(reviews), len(e.InArticle))
			}
			for i, c := range e.InArticle {
				r := reviews[i]
				rt := r.ReviewRating
				if r.Context != "https://schema.org" || r.Type != "ClaimReview" || r.ItemReviewed.Type != "Claim" || rt.Type != "Rating" || r.Author.Type != "Organization" || r.Author.Name == "" {
					t.Errorf("%s: review %d is not a schema.org ClaimReview of a Claim by an Organization: %+v", e.URL, i, r)
				}
				if r.ClaimReviewed != c.Passage() || !strings.HasSuffix(r.URL, "#claim-"+c.ID) || r.ItemReviewed.Appearance.Headline != e.Name {
					t.Errorf("%s: review %d is of %q at %s, want %q at #claim-%s", e.URL, i, r.ClaimReviewed, r.URL, c.Passage(), c.ID)
				}
				if rt.WorstRating != 1 || rt.BestRating != 5 || rt.RatingValue != want[c.Status] || rt.AlternateName != labels[c.Status] {
					t.Errorf("%s: %s claim %q rated %d (%q) on %d..%d, want %d (%q) on 1..5",
						e.URL, c.Status, c.Quote, rt.RatingValue, rt.AlternateName, rt.WorstRating, rt.BestRating, want[c.Status], labels[c.Status])
				}
				seen++
			}
		}
	}
	if seen != len(res.Briefing.Claims) {
		t.Errorf("read %d reviews, the briefing has %d claims", seen, len(res.Briefing.Claims))
	}
}
