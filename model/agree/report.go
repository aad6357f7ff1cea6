package agree

// Report is what `inkspan agree` prints. Every float is finite (see the
// package comment for the conventions that keep it so).
type Report struct {
	Label      string   `json:"label,omitempty"` // Options.Label
	Annotators []string `json:"annotators"`      // everyone with a set on some document, sorted
	Pairs      []Pair   `json:"pairs"`           // pairs sharing a document, by a then b
	// Fleiss is nil when no document has three or more annotators.
	Fleiss *Fleiss `json:"fleiss,omitempty"`
	// Gold is empty until some document has gold, then has one entry per
	// annotator with a set on such a document, by name.
	Gold []Gold `json:"gold,omitempty"`
	// Documents lists the documents with two or more annotators, worst
	// agreement first, then by ID.
	Documents []DocumentAgreement `json:"documents"`
}

// Counts are the span counts behind a pair's F1 figures, for tables that
// show them.
type Counts struct {
	SpansA         int `json:"spans_a"`         // a's spans on the shared documents
	SpansB         int `json:"spans_b"`         // b's spans on the shared documents
	Matched        int `json:"matched"`         // spans both made exactly
	MatchedOverlap int `json:"matched_overlap"` // spans matched one to one by overlap and label
}

// Pair is the agreement of two annotators over the documents both have a
// set on.
type Pair struct {
	A             string  `json:"a"` // A < B
	B             string  `json:"b"`
	Documents     int     `json:"documents"` // documents both have a set on
	Tokens        int     `json:"tokens"`    // tokens of those documents, what TokenKappa counts
	SpanF1        float64 `json:"span_f1"`
	SpanF1Overlap float64 `json:"span_f1_overlap"`
	TokenKappa    float64 `json:"token_kappa"`
	Counts
	// PerLabel has every label either made a span of.
	PerLabel map[string]LabelAgreement `json:"per_label"`
}

// LabelAgreement is a Pair's figures for one label; TokenKappa is that
// label against all others.
type LabelAgreement struct {
	F1         float64 `json:"f1"`
	F1Overlap  float64 `json:"f1_overlap"`
	TokenKappa float64 `json:"token_kappa"`
	Counts
}

// Fleiss is Fleiss' kappa over the tokens of documents with three or more
// annotators.
type Fleiss struct {
	Kappa      float64               `json:"kappa"`
	Annotators []string              `json:"annotators"` // everyone with a set on those documents, sorted
	Documents  int                   `json:"documents"`
	Tokens     int                   `json:"tokens"`
	PerLabel   map[string]LabelKappa `json:"per_label"` // labels anyone used there
}

// LabelKappa is a kappa of one label against all others.
type LabelKappa struct {
	Kappa float64 `json:"kappa"`
}

// Gold scores one annotator against the gold spans of the documents that
// have gold and a set of theirs.
type Gold struct {
	Annotator string `json:"annotator"`
	Documents int    `json:"documents"`
	Score
	// PerLabel has every label the annotator or gold used.
	PerLabel map[string]Score `json:"per_label"`
}

// Score is exact-match precision, recall and F1 with the counts behind
// them.
type Score struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"` // spans in both
	FP        int     `json:"fp"` // the annotator's spans gold lacks
	FN        int     `json:"fn"` // gold's spans the annotator lacks
}

// DocumentAgreement is one document's agreement: the mean over its pairs
// of annotators of their exact span F1, 1 − Disagreement.
type DocumentAgreement struct {
	ID         string   `json:"id"`
	Annotators []string `json:"annotators"`
	Agreement  float64  `json:"agreement"`
}

func (c counts) pairCounts() Counts {
	return Counts{SpansA: c.a, SpansB: c.b, Matched: c.exact, MatchedOverlap: c.overlap}
}

func (c counts) score() Score {
	return Score{
		Precision: ratio(c.exact, c.a),
		Recall:    ratio(c.exact, c.b),
		F1:        f1(c.exact, c.a, c.b),
		TP:        c.exact,
		FP:        c.a - c.exact,
		FN:        c.b - c.exact,
	}
}
