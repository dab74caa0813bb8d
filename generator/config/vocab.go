package config

// The vocabularies of front matter: the words some fields may take, each
// with what a page shows for it. The content stage checks a field against
// its vocabulary, and the later stages show the words; each list is kept
// here only.

// Term is one word of a vocabulary and what a page shows for it.
type Term struct {
	Name  string // as written in front matter: "partly"
	Label string // as shown: "partly true"
	// Symbol is the sign printed beside a claim status's label, so that
	// the status survives grayscale and a reader who cannot tell the
	// colours apart; "" in the other vocabularies.
	Symbol string
}

// Statuses are the claim statuses, from best supported to worst.
var Statuses = []Term{
	{Corroborated, "corroborated", "✓"},
	{"partly", "partly true", "◐"},
	{Unverified, "unverified", "?"},
	{"disputed", "disputed", "⚖"},
	{"false", "false", "✗"},
}

// Unverified is the status of a claim no source confirms or refutes: the
// only one that may list no sources, and whose page says so.
const Unverified = "unverified"

// Corroborated is the status of a claim its sources bear out: the one
// the home page leaves out of the claims a reader must see.
const Corroborated = "corroborated"

// StatusOrder is the order pages list claims in, grouped by status: what
// a reader must not miss first. It names every status once (held by
// TestStatusOrder).
var StatusOrder = []string{"false", "disputed", "partly", Unverified, Corroborated}

// SourceKinds are the kinds of source a source's kind field names.
var SourceKinds = []Term{
	{"monitor", "conflict monitor", ""},
	{"news", "news organisation", ""},
	{"government", "government or party to the conflict", ""},
	{"un", "United Nations body", ""},
	{"ngo", "non-governmental organisation", ""},
	{"analyst", "analyst or research group", ""},
	{"other", "other", ""},
}

// Reliabilities are the grades of a source's reliability (the Admiralty
// grading's letters).
var Reliabilities = []Term{
	{"A", "completely reliable", ""},
	{"B", "usually reliable", ""},
	{"C", "fairly reliable", ""},
	{"D", "not usually reliable", ""},
	{"E", "unreliable", ""},
	{"F", "reliability cannot be judged", ""},
}

// Qualifiers a figure may carry ("at least 727"); they are shown as
// written.
var Qualifiers = []Term{
	{"at least", "at least", ""},
	{"more than", "more than", ""},
	{"about", "about", ""},
	{"up to", "up to", ""},
}

// Label is what a page shows for name, or "" when vocab lacks it.
func Label(vocab []Term, name string) string { return lookup(vocab, name).Label }

// Symbol is the sign a page shows beside name's label, or "".
func Symbol(vocab []Term, name string) string { return lookup(vocab, name).Symbol }

func lookup(vocab []Term, name string) Term {
	for _, t := range vocab {
		if t.Name == name {
			return t
		}
	}
	return Term{}
}

// Names lists the words of vocab.
func Names(vocab []Term) []string {
	out := make([]string, len(vocab))
	for i, t := range vocab {
		out[i] = t.Name
	}
	return out
}
