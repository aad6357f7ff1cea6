package agree

import (
	"cmp"
	"maps"
	"slices"
	"sort"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// Document is one document as agreement sees it.
type Document struct {
	ID   string
	Text string // tokenized for token kappa when two or more annotators have a set
	// Sets maps an annotator's name to their spans on the document; an
	// annotator with an empty set is there and agrees that there is nothing
	// to mark.
	Sets    map[string][]model.Span
	Gold    []model.Span // the adjudicated spans, when HasGold
	HasGold bool
}

// Options restrict what an Accumulator counts.
type Options struct {
	Label string // only spans of this label; "" for all
}

// Accumulator sums agreement over documents added one at a time. It keeps
// sums per annotator pair, per annotator and per label, and one short entry
// per document for the hard-case list, never texts or spans. It is not safe
// for concurrent use.
type Accumulator struct {
	label string

	cats  map[string]int32 // label -> category; 0 is O
	names []string         // category -> label; names[0] is ""

	annotators map[string]bool
	pairs      map[[2]string]*pairSums
	gold       map[string]*goldSums
	fleiss     fleiss
	fleissWho  map[string]bool
	fleissDocs int
	docs       []DocumentAgreement

	// Scratch reused from document to document.
	toks      []tokenize.Token
	sets      []annotatorSet
	goldSpans []span
	used      []bool
	votes     []int
}

type annotatorSet struct {
	name  string
	spans []span  // canonical order
	byEnd []span  // the same spans in cmpEnd order
	tags  []int32 // category of each of the document's tokens
}

type pairSums struct {
	docs, tokens int
	tally        tally
	conf         confusion
}

type goldSums struct {
	docs  int
	tally tally
}

// NewAccumulator returns an empty Accumulator.
func NewAccumulator(opts Options) *Accumulator {
	return &Accumulator{
		label:      opts.Label,
		cats:       map[string]int32{},
		names:      []string{""},
		annotators: map[string]bool{},
		pairs:      map[[2]string]*pairSums{},
		gold:       map[string]*goldSums{},
		fleissWho:  map[string]bool{},
	}
}

func (a *Accumulator) cat(label string) int32 {
	c, ok := a.cats[label]
	if !ok {
		c = int32(len(a.names))
		a.cats[label] = c
		a.names = append(a.names, label)
	}
	return c
}

// Add adds a document. Its spans are copied, never sorted in place or kept;
// buffers reused for the next document hold its tokens until then.
func (a *Accumulator) Add(doc Document) {
	sets := a.load(doc)
	if doc.HasGold {
		a.goldSpans = appendSet(a.goldSpans[:0], doc.Gold, a.label, a.cat)
		for i := range sets {
			a.addGold(&sets[i], a.goldSpans)
		}
	}
	if len(sets) < 2 {
		return
	}
	a.toks = tokenize.Append(a.toks[:0], doc.Text)
	for i := range sets {
		a.tag(&sets[i])
	}
	sum, n := 0.0, 0
	who := make([]string, len(sets))
	for i := range sets {
		who[i] = sets[i].name
		for j := i + 1; j < len(sets); j++ {
			sum += a.addPair(&sets[i], &sets[j])
			n++
		}
	}
	a.docs = append(a.docs, DocumentAgreement{ID: doc.ID, Annotators: who, Agreement: sum / float64(n)})
	if len(sets) >= 3 {
		a.addFleiss(sets, who)
	}
}

// load fills a.sets with doc's sets in name order, reusing their buffers.
func (a *Accumulator) load(doc Document) []annotatorSet {
	n := len(doc.Sets)
	if cap(a.sets) < n {
		a.sets = slices.Grow(a.sets[:cap(a.sets)], n-cap(a.sets))
	}
	sets := a.sets[:n]
	i := 0
	for name := range doc.Sets {
		sets[i].name = name
		i++
	}
	slices.SortFunc(sets, func(x, y annotatorSet) int { return cmp.Compare(x.name, y.name) })
	for i := range sets {
		s := &sets[i]
		a.annotators[s.name] = true
		s.spans = appendSet(s.spans[:0], doc.Sets[s.name], a.label, a.cat)
		s.byEnd = append(s.byEnd[:0], s.spans...)
		slices.SortFunc(s.byEnd, cmpEnd)
	}
	return sets
}

// tag gives every token of the document the category of the span covering
// it in s. Spans come in canonical order, so the first to reach a token is
// the one that wins it.
func (a *Accumulator) tag(s *annotatorSet) {
	toks := a.toks
	tags := slices.Grow(s.tags[:0], len(toks))[:len(toks)]
	clear(tags)
	for _, sp := range s.spans {
		// The first token ending after the span starts is the first it
		// touches.
		t := sort.Search(len(toks), func(t int) bool { return toks[t].End > sp.start })
		for ; t < len(toks) && toks[t].Start < sp.end; t++ {
			if tags[t] == 0 {
				tags[t] = sp.cat
			}
		}
	}
	s.tags = tags
}

// addPair adds x and y's document to their pair and returns their exact F1
// on it.
func (a *Accumulator) addPair(x, y *annotatorSet) float64 {
	key := [2]string{x.name, y.name}
	p := a.pairs[key]
	if p == nil {
		p = &pairSums{}
		a.pairs[key] = p
	}
	p.docs++
	p.tokens += len(a.toks)
	p.tally = p.tally.grown(len(a.names))
	p.tally.sizes(x.spans, y.spans)
	exact := exactMatches(x.spans, y.spans, p.tally)
	if cap(a.used) < len(y.byEnd) {
		a.used = make([]bool, len(y.byEnd))
	}
	overlapMatches(x.byEnd, y.byEnd, p.tally, a.used[:len(y.byEnd)])
	p.conf.add(x.tags, y.tags, len(a.names))
	return f1(exact, len(x.spans), len(y.spans))
}

func (a *Accumulator) addGold(s *annotatorSet, gold []span) {
	g := a.gold[s.name]
	if g == nil {
		g = &goldSums{}
		a.gold[s.name] = g
	}
	g.docs++
	g.tally = g.tally.grown(len(a.names))
	g.tally.sizes(s.spans, gold)
	exactMatches(s.spans, gold, g.tally)
}

// addFleiss adds every token of the document as an item rated by each set.
func (a *Accumulator) addFleiss(sets []annotatorSet, who []string) {
	a.fleissDocs++
	for _, name := range who {
		a.fleissWho[name] = true
	}
	votes := slices.Grow(a.votes[:0], len(a.names))[:len(a.names)]
	clear(votes)
	for t := range a.toks {
		for i := range sets {
			votes[sets[i].tags[t]]++
		}
		a.fleiss.add(votes)
		for i := range sets {
			votes[sets[i].tags[t]] = 0
		}
	}
	a.votes = votes
}

// confusion is a flat k×k matrix of token categories, a's by row, b's by
// column, growing as labels appear.
type confusion struct {
	k int
	n []float64
}

func (c *confusion) add(x, y []int32, k int) {
	if k > c.k {
		n := make([]float64, k*k)
		for i := range c.k {
			copy(n[i*k:], c.n[i*c.k:(i+1)*c.k])
		}
		c.k, c.n = k, n
	}
	k = c.k
	for t, cx := range x {
		c.n[int(cx)*k+int(y[t])]++
	}
}

func (c *confusion) kappa() float64 {
	return cohen(c.k, func(i, j int) float64 { return c.n[i*c.k+j] })
}

// binary is the kappa of category l against all others, the 2×2 matrix
// folded out of the full one.
func (c *confusion) binary(l int) float64 {
	var n, row, col float64
	for i := range c.k {
		for j := range c.k {
			v := c.n[i*c.k+j]
			n += v
			if i == l {
				row += v
			}
			if j == l {
				col += v
			}
		}
	}
	var both float64
	if l < c.k {
		both = c.n[l*c.k+l]
	}
	m := [2][2]float64{{both, row - both}, {col - both, n - row - col + both}}
	return cohen(2, func(i, j int) float64 { return m[i][j] })
}

// Report returns the figures for the documents added so far. The
// Accumulator may go on taking documents afterwards.
func (a *Accumulator) Report() Report {
	r := Report{
		Label:      a.label,
		Annotators: slices.Sorted(maps.Keys(a.annotators)),
		Pairs:      make([]Pair, 0, len(a.pairs)),
		Documents:  slices.Clone(a.docs),
	}
	if r.Annotators == nil {
		r.Annotators = []string{}
	}
	if r.Documents == nil {
		r.Documents = []DocumentAgreement{}
	}
	for key, p := range a.pairs {
		r.Pairs = append(r.Pairs, a.pairReport(key, p))
	}
	slices.SortFunc(r.Pairs, func(x, y Pair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	if a.fleissDocs > 0 {
		r.Fleiss = a.fleissReport()
	}
	for _, name := range slices.Sorted(maps.Keys(a.gold)) {
		g := a.gold[name]
		per := map[string]Score{}
		for c, n := range g.tally {
			if c > 0 && n.a+n.b > 0 {
				per[a.names[c]] = n.score()
			}
		}
		r.Gold = append(r.Gold, Gold{Annotator: name, Documents: g.docs, Score: g.tally.sum().score(), PerLabel: per})
	}
	slices.SortStableFunc(r.Documents, func(x, y DocumentAgreement) int {
		return cmp.Or(cmp.Compare(x.Agreement, y.Agreement), cmp.Compare(x.ID, y.ID))
	})
	return r
}

func (a *Accumulator) pairReport(key [2]string, p *pairSums) Pair {
	all := p.tally.sum()
	per := map[string]LabelAgreement{}
	for c, n := range p.tally {
		if c > 0 && n.a+n.b > 0 {
			per[a.names[c]] = LabelAgreement{
				F1:         f1(n.exact, n.a, n.b),
				F1Overlap:  f1(n.overlap, n.a, n.b),
				TokenKappa: p.conf.binary(c),
				Counts:     n.pairCounts(),
			}
		}
	}
	return Pair{
		A: key[0], B: key[1],
		Documents:     p.docs,
		Tokens:        p.tokens,
		SpanF1:        f1(all.exact, all.a, all.b),
		SpanF1Overlap: f1(all.overlap, all.a, all.b),
		TokenKappa:    p.conf.kappa(),
		Counts:        all.pairCounts(),
		PerLabel:      per,
	}
}

func (a *Accumulator) fleissReport() *Fleiss {
	f := &Fleiss{
		Kappa:      a.fleiss.kappa(),
		Annotators: slices.Sorted(maps.Keys(a.fleissWho)),
		Documents:  a.fleissDocs,
		Tokens:     int(a.fleiss.items),
		PerLabel:   map[string]LabelKappa{},
	}
	for c := 1; c < len(a.fleiss.cat); c++ {
		if a.fleiss.cat[c] > 0 {
			f.PerLabel[a.names[c]] = LabelKappa{Kappa: a.fleiss.binary(c)}
		}
	}
	return f
}
