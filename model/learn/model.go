package learn

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// Example is one document to learn from.
type Example struct {
	Text string
	// Spans are the annotator's spans (offsets in code points). Spans of a
	// label the options do not list are ignored; a span that does not fall
	// on token boundaries is widened to the tokens it touches.
	Spans []model.Span
	// Rejected are suggestions the annotator rejected on the document:
	// places where a label does not belong.
	Rejected []model.Span
	// Partial says the annotator has not finished the document, so its
	// Spans are not the whole truth: only Rejected teaches, and the spans
	// feed the dictionary.
	Partial bool
}

// Options say what to learn and how.
type Options struct {
	// Labels are the project's span labels the model tags, at least one.
	Labels []string
	// AllowOverlap trains one tagger per label, so spans of different
	// labels may overlap as the project allows; otherwise one tagger
	// chooses among all labels and its spans never overlap.
	AllowOverlap bool
	// Epochs is the number of passes over the training sentences; 0 means
	// DefaultEpochs.
	Epochs int
	// Seed orders the sentences of each pass: the same examples, options
	// and seed always give the same model.
	Seed uint64
	// Patterns are the project's patterns, used as features; nil for none.
	// A model trained with patterns must tag with the same ones
	// (Model.SetPatterns after loading one).
	Patterns *suggest.Matcher
}

// DefaultEpochs is the number of passes Train makes unless told otherwise:
// on re3d, F1 by cross-validation rises to twelve (0.58 at six, 0.60 at
// twelve) and not after (0.59 at twenty).
const DefaultEpochs = 12

// dictionaryFolds is how many parts the training documents are cut into
// for the dictionary features: a document's features come from a
// dictionary of the other parts' spans, as they will for a document the
// model has not seen. With the document's own spans in it the dictionary
// would be right on every training token, and the model would learn to
// trust it more than it deserves.
const dictionaryFolds = 5

// Model is a trained tagger: it suggests spans with a confidence.
// A Model is safe for concurrent use once trained.
type Model struct {
	labels   []string
	overlap  bool
	index    *featureIndex // feature hash → row in the taggers' weights
	taggers  []*tagger
	dict     *suggest.Dictionary
	lower    *suggest.Dictionary
	entries  []suggest.Entry // the dictionary's strings, for saving
	patterns *suggest.Matcher
	// Confidence is a logistic function of the span's log-odds under the
	// tagger's path distribution: 1/(1+exp(-(calA·logit(p)+calB))).
	scale      float64
	calA, calB float64
}

// Suggestion is a span the model proposes, with its confidence: the
// probability that the span is right, calibrated on the training
// documents.
type Suggestion struct {
	Start, End int // code points
	Label      string
	Confidence float64
}

// Span returns the suggestion as a span of origin suggestion.
func (s Suggestion) Span() model.Span {
	return model.Span{Start: s.Start, End: s.End, Label: s.Label, Origin: model.OriginSuggestion}
}

// Labels returns the labels the model tags, in the order it was given them.
func (m *Model) Labels() []string { return slices.Clone(m.labels) }

// AllowOverlap reports whether the model was trained with one tagger per label.
func (m *Model) AllowOverlap() bool { return m.overlap }

// SetPatterns sets the patterns used as features when tagging, which are
// not part of a saved model; they must be the ones it was trained with.
func (m *Model) SetPatterns(p *suggest.Matcher) { m.patterns = p }

// validateOptions returns EINVALID for options Train cannot use.
func validateOptions(opt Options) error {
	if len(opt.Labels) == 0 {
		return model.Errorf(model.EINVALID, "a model needs at least one label to learn")
	}
	seen := make(map[string]bool)
	for _, l := range opt.Labels {
		if l == "" {
			return model.Errorf(model.EINVALID, "a label to learn is empty")
		}
		if seen[l] {
			return model.Errorf(model.EINVALID, "label %s is listed twice", l)
		}
		seen[l] = true
	}
	if opt.Epochs < 0 {
		return model.Errorf(model.EINVALID, "epochs must not be negative, not %d", opt.Epochs)
	}
	if len(opt.Labels) > 30 {
		// Tags are bytes: 1+2·labels of them.
		return model.Errorf(model.EINVALID, "a model learns at most 30 labels at once, not %d", len(opt.Labels))
	}
	return nil
}

// Train learns a model from examples. Errors: EINVALID for bad options or
// an example whose text is not valid (model.ValidateText) or whose span
// lies outside its text.
func Train(examples []Example, opt Options) (*Model, error) {
	if err := validateOptions(opt); err != nil {
		return nil, err
	}
	for i, ex := range examples {
		if err := checkExample(ex); err != nil {
			return nil, model.Errorf(model.EINVALID, "example %d: %s", i+1, model.ErrorMessage(err))
		}
	}
	m, err := train(examples, opt)
	if err != nil {
		return nil, err
	}
	m.calibrate(examples, opt)
	return m, nil
}

func checkExample(ex Example) error {
	if err := model.ValidateText(ex.Text); err != nil {
		return err
	}
	n := model.RuneLen(ex.Text)
	for _, list := range [][]model.Span{ex.Spans, ex.Rejected} {
		for _, s := range list {
			if s.Start < 0 || s.Start >= s.End || s.End > n {
				return model.Errorf(model.EINVALID, "span [%d, %d) %s is not inside the text of %d characters", s.Start, s.End, s.Label, n)
			}
		}
	}
	return nil
}

// train is Train without the confidence calibration, which trains models
// of its own.
func train(examples []Example, opt Options) (*Model, error) {
	m := &Model{labels: slices.Clone(opt.Labels), overlap: opt.AllowOverlap, patterns: opt.Patterns,
		index: newFeatureIndex(1 << 12), scale: 1, calA: 1}
	known := make(map[string]bool, len(opt.Labels))
	for _, l := range opt.Labels {
		known[l] = true
	}

	// Dictionaries: one of every document's spans, for tagging, and one
	// per fold without that fold's, for the training features.
	entries := make([][]suggest.Entry, len(examples))
	for i, ex := range examples {
		var off *model.Offsets
		for _, s := range ex.Spans {
			if known[s.Label] {
				if off == nil {
					off = model.NewOffsets(ex.Text)
				}
				entries[i] = append(entries[i], suggest.Entry{Text: off.Slice(s.Start, s.End), Label: s.Label})
			}
		}
		m.entries = append(m.entries, entries[i]...)
	}
	m.dict, m.lower = newDictionaries(m.entries)
	folds := min(dictionaryFolds, len(examples))
	foldSrc := make([]matchSource, folds)
	for f := range folds {
		var es []suggest.Entry
		for i := range examples {
			if i%folds != f {
				es = append(es, entries[i]...)
			}
		}
		d, l := newDictionaries(es)
		foldSrc[f] = matchSource{dict: d, lower: l, patterns: opt.Patterns}
	}

	// Features, indexed in order of first appearance so the index does not
	// depend on map order.
	docs := make([]*docFeatures, len(examples))
	for i, ex := range examples {
		docs[i] = extract(ex.Text, foldSrc[i%folds])
		for _, h := range docs[i].hashes {
			m.index.add(h)
		}
	}

	groups := [][]string{m.labels}
	if m.overlap {
		groups = groups[:0]
		for _, l := range m.labels {
			groups = append(groups, []string{l})
		}
	}
	epochs := opt.Epochs
	if epochs == 0 {
		epochs = DefaultEpochs
	}
	for gi, labels := range groups {
		g := newTagger(labels, m.index.len())
		var seqs []*seq
		for i, ex := range examples {
			seqs = append(seqs, m.sequences(docs[i], ex, labels)...)
		}
		rng := rand.New(rand.NewPCG(opt.Seed, uint64(gi)))
		order := make([]int, len(seqs))
		for i := range order {
			order[i] = i
		}
		var sc decodeScratch
		for range epochs {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, i := range order {
				g.train(seqs[i], &sc)
			}
		}
		g.average()
		m.taggers = append(m.taggers, g)
	}
	return m, nil
}

// sequences cuts a document into the sentences a tagger for labels
// trains on, with their gold tags and rejected spans. A sentence boundary
// inside a gold span is ignored, so no span is cut in two.
func (m *Model) sequences(d *docFeatures, ex Example, labels []string) []*seq {
	n := len(d.tokens)
	if n == 0 {
		return nil
	}
	labelIndex := func(l string) int { return slices.Index(labels, l) }
	var gold []uint8
	cut := make([]bool, n+1) // a sentence starts at token k
	for _, s := range d.sentences {
		cut[s.First] = true
	}
	if !ex.Partial {
		gold = make([]uint8, n)
		for _, s := range ex.Spans {
			j := labelIndex(s.Label)
			if j < 0 {
				continue
			}
			first, last, ok := spanTokens(d.tokens, s)
			if !ok || slices.ContainsFunc(gold[first:last+1], func(t uint8) bool { return t != tagO }) {
				continue // overlaps a span already tagged, which one tagger cannot hold
			}
			gold[first] = uint8(tagB(j))
			for k := first + 1; k <= last; k++ {
				gold[k] = uint8(tagI(j))
				cut[k] = false
			}
		}
	}
	var rejected []tokenSpan
	for _, s := range ex.Rejected {
		j := labelIndex(s.Label)
		if j < 0 {
			continue
		}
		if first, last, ok := spanTokens(d.tokens, s); ok {
			rejected = append(rejected, tokenSpan{first, last + 1, j})
		}
	}
	if gold == nil && len(rejected) == 0 {
		return nil
	}
	feats, offs := m.indices(d)
	var out []*seq
	for a := 0; a < n; {
		b := a + 1
		for b < n && !cut[b] {
			b++
		}
		s := &seq{feats: feats, offs: offs[a : b+1]}
		if gold != nil {
			s.gold = gold[a:b]
		}
		for _, r := range rejected {
			if r.first >= a && r.end <= b {
				s.rejected = append(s.rejected, tokenSpan{r.first - a, r.end - a, r.label})
			}
		}
		if s.gold != nil || len(s.rejected) > 0 {
			out = append(out, s)
		}
		a = b
	}
	return out
}

// indices maps a document's feature hashes to the model's feature rows,
// dropping features the model never saw; offs[k] is where token k's start.
func (m *Model) indices(d *docFeatures) (feats []int32, offs []int32) {
	feats = make([]int32, 0, len(d.hashes))
	offs = make([]int32, 0, len(d.offs))
	for k := 0; k+1 < len(d.offs); k++ {
		offs = append(offs, int32(len(feats)))
		for _, h := range d.hashes[d.offs[k]:d.offs[k+1]] {
			if f, ok := m.index.get(h); ok {
				feats = append(feats, f)
			}
		}
	}
	offs = append(offs, int32(len(feats)))
	return feats, offs
}

// spanTokens returns the tokens a span covers, widened to whole tokens.
func spanTokens(tokens []tokenize.Token, s model.Span) (first, last int, ok bool) {
	start, end, ok := tokenize.Snap(tokens, s.Start, s.End)
	if !ok {
		return 0, 0, false
	}
	return tokenize.Align(tokens, start, end)
}

// Suggest returns the spans the model finds in text, in text order, each
// with its confidence.
func (m *Model) Suggest(text string) []Suggestion {
	out, _ := m.tag(text, false)
	return out
}

// Uncertainty is how unsure the model is about text, for ordering
// documents so that the annotator labels what teaches the model most: the
// mean entropy of the tags of the text's tokens, divided by the largest
// entropy possible, so 0 is certain and 1 is a uniform guess on every
// token. A text without tokens has 0.
func (m *Model) Uncertainty(text string) float64 {
	_, u := m.tag(text, true)
	return u
}

// tag decodes text with every tagger; with uncertainty, it also returns
// the mean normalized tag entropy.
func (m *Model) tag(text string, uncertainty bool) ([]Suggestion, float64) {
	d := extract(text, matchSource{dict: m.dict, lower: m.lower, patterns: m.patterns})
	n := len(d.tokens)
	if n == 0 {
		return nil, 0
	}
	feats, offs := m.indices(d)
	var out []Suggestion
	var sc decodeScratch
	entropy := 0.0
	for _, g := range m.taggers {
		for _, sent := range d.sentences {
			s := &seq{feats: feats, offs: offs[sent.First : sent.End+1]}
			length := s.len()
			sc.e = g.emissions(s, sc.e)
			sc.path = g.viterbi(sc.e, length, sc.path, &sc)
			if !uncertainty && !slices.ContainsFunc(sc.path, func(t uint8) bool { return t != tagO }) {
				continue // no span to give a confidence, no entropy wanted
			}
			z := g.forwardBackward(sc.e, length, m.scale, &sc)
			for k := 0; k < length; {
				t := int(sc.path[k])
				if t == tagO {
					k++
					continue
				}
				end := k + 1
				for end < length && int(sc.path[end]) == tagI(labelOf(t)) {
					end++
				}
				r := tokenSpan{k, end, labelOf(t)}
				p := g.spanProb(length, r, z, &sc)
				out = append(out, Suggestion{
					Start: d.tokens[sent.First+k].Start, End: d.tokens[sent.First+end-1].End,
					Label: g.labels[r.label], Confidence: m.confidence(p),
				})
				k = end
			}
			if uncertainty {
				entropy += g.entropy(length, z, &sc) / math.Log(float64(g.nTags))
			}
		}
	}
	slices.SortFunc(out, func(a, b Suggestion) int {
		return model.CompareSpans(a.Span(), b.Span())
	})
	return out, entropy / float64(n*len(m.taggers))
}

// confidence maps a span's probability under the tagger's path
// distribution to the calibrated confidence.
func (m *Model) confidence(p float64) float64 {
	p = min(max(p, 1e-9), 1-1e-9)
	z := m.calA*math.Log(p/(1-p)) + m.calB
	return 1 / (1 + math.Exp(-z))
}

// newDictionaries returns a dictionary of entries and one of the same
// strings lower-cased, which finds "The Coalition" from "the Coalition".
func newDictionaries(entries []suggest.Entry) (exact, lower *suggest.Dictionary) {
	lowered := make([]suggest.Entry, len(entries))
	for i, e := range entries {
		lowered[i] = suggest.Entry{Text: strings.ToLower(e.Text), Label: e.Label}
	}
	return suggest.NewDictionary(entries), suggest.NewDictionary(lowered)
}

// RankByUncertainty returns the indices of texts, most uncertain first
// (ties in the order given): the order "most useful next" lists unfinished
// documents in.
func (m *Model) RankByUncertainty(texts []string) []int {
	u := make([]float64, len(texts))
	order := make([]int, len(texts))
	for i, text := range texts {
		u[i] = m.Uncertainty(text)
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(u[b], u[a]) })
	return order
}
