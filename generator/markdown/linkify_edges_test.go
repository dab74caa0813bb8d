package markdown

// Review check (passing): quickLinkify against goldmark's Linkify at the
// edges of its prefilter (which trigger is consumed, white space before
// an "@", the 64-byte local part, punctuation, emphasis and link labels).

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

func TestReviewQuickLinkifyEdges(t *testing.T) {
	quick, stock := New(), newWith(extension.Linkify, html.DefaultWriter)
	var srcs []string
	for _, pre := range []string{"", " ", "(", "((", "*", "_", "~", "\t", "\v", "\f", "x", "[", "[x ", "**", "__", "~~", "\\", "&", "é"} {
		for _, word := range []string{
			"a@b.co", "a@b", "a.b@c.d", "-a@b.co", ".a@b.co", "a@b.co.", "a@b.co-", "a@b.co_", "a@b.co)", "a@b.co;",
			strings.Repeat("a", 64) + "@b.co", strings.Repeat("a", 65) + "@b.co", "a\t@b.co", "a @b.co",
			"http://x.org", "https://x.org/(a)", "ftp://x.org", "www.x.org", "WWW.x.org", "HTTP://x.org", "hwww.x.org",
			"wa@b.co", "fa@b.co", "ha@b.co", "x&amp;@b.co", "@b.co", "a@@b.co",
		} {
			srcs = append(srcs, pre+word, "p "+pre+word+" q", pre+word+"\n"+pre+word, "> "+pre+word, "- "+pre+word, "[l]("+word+") "+pre+word)
		}
	}
	for _, src := range srcs {
		b := []byte(src)
		got := quick.RenderString(b, quick.Parse(b))
		want := stock.RenderString(b, stock.Parse(b))
		if got != want {
			t.Errorf("%q:\n got %q\nwant %q", src, got, want)
		}
	}
}
