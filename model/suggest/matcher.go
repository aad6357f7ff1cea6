package suggest

import (
	"math/bits"
	"slices"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// Matcher finds the matches of a set of patterns in tokenized text. It is
// immutable once built and safe for concurrent use.
type Matcher struct {
	phrases phraseIndex

	token []tokenPattern
	// Token patterns are tried only at positions whose token can start
	// them: byText and byLower index them by the literal a first token
	// must have; always holds the patterns whose first token is not a
	// literal ({"is_digit": true}, {"op": "!"}).
	byText  map[string][]int32
	byLower map[string][]int32
	always  []int32
}

type tokenPattern struct {
	label    string
	specs    []TokenSpec
	optional uint64 // bit k: spec k may match no token (? or *)
}

// NewMatcher indexes patterns. It returns an EINVALID error naming the first
// pattern that fails Validate, by its line when it has one ("line 3: ..."),
// else by its 1-based position ("pattern 3: ...").
func NewMatcher(patterns []Pattern) (*Matcher, error) {
	m := &Matcher{
		phrases: newPhraseIndex(),
		byText:  make(map[string][]int32),
		byLower: make(map[string][]int32),
	}
	for i, p := range patterns {
		if err := p.Validate(); err != nil {
			if p.Line > 0 {
				return nil, model.Errorf(model.EINVALID, "line %d: %s", p.Line, model.ErrorMessage(err))
			}
			return nil, model.Errorf(model.EINVALID, "pattern %d: %s", i+1, model.ErrorMessage(err))
		}
		if p.Phrase != "" {
			m.addPhrase(p.Phrase, p.Label)
		} else {
			m.addTokenPattern(p.Label, p.Tokens)
		}
	}
	return m, nil
}

func (m *Matcher) addPhrase(phrase, label string) {
	node := m.phrases.node(phraseTokens(phrase))
	// Sorted, so that matches come out in text order.
	if i, found := slices.BinarySearch(m.phrases.labels[node], label); !found {
		m.phrases.labels[node] = slices.Insert(m.phrases.labels[node], i, label)
	}
}

func (m *Matcher) addTokenPattern(label string, specs []TokenSpec) {
	p := tokenPattern{label: label, specs: specs}
	for k, s := range specs {
		if s.Op == OpOptional || s.Op == OpStar {
			p.optional |= 1 << k
		}
	}
	index := int32(len(m.token))
	m.token = append(m.token, p)
	// A match starts at a token satisfying spec 0, or, when spec 0 is
	// optional, spec 1, and so on: index the pattern under each of those
	// literals, or try it everywhere if one of them is not a literal.
	for _, s := range specs {
		switch {
		case s.Op == OpNot || (s.Text == "" && s.Lower == ""):
			m.always = append(m.always, index)
			return
		case s.Text != "":
			m.byText[s.Text] = append(m.byText[s.Text], index)
		default:
			m.byLower[s.Lower] = append(m.byLower[s.Lower], index)
		}
		if s.Op == OpOne || s.Op == OpPlus {
			return
		}
	}
}

// Match appends a span for every match of every pattern to dst, in text
// order, each (start, end, label) once: overlapping and nested matches are
// all there, as spaCy's matchers return them, for Resolve to choose from.
// Spans have Start, End (code points, from the tokens), Label and Origin
// OriginSuggestion set.
func (m *Matcher) Match(tokens []tokenize.Token, dst []model.Span) []model.Span {
	first := len(dst)
	dst = m.phrases.appendMatches(tokens, dst)
	if len(m.token) > 0 {
		view := tokenView{tokens: tokens}
		var lower []byte
		for i, tok := range tokens {
			for _, k := range m.byText[tok.Text] {
				dst = m.token[k].appendMatches(dst, &view, i)
			}
			if len(m.byLower) > 0 {
				lower = appendLower(lower[:0], tok.Text)
				for _, k := range m.byLower[string(lower)] {
					dst = m.token[k].appendMatches(dst, &view, i)
				}
			}
			for _, k := range m.always {
				dst = m.token[k].appendMatches(dst, &view, i)
			}
		}
	}
	return sortUnique(dst, first)
}

func suggestion(tokens []tokenize.Token, first, end int, label string) model.Span {
	return model.Span{Start: tokens[first].Start, End: tokens[end-1].End, Label: label, Origin: model.OriginSuggestion}
}

// sortUnique puts dst[first:] in text order without repeated
// (start, end, label) triples. Phrase matches come out in text order
// already, so the sort is often skipped.
func sortUnique(dst []model.Span, first int) []model.Span {
	added := dst[first:]
	if !slices.IsSortedFunc(added, model.CompareSpans) {
		sortSpans(added)
	}
	added = slices.CompactFunc(added, model.Span.SameAs)
	return dst[:first+len(added)]
}

// sortSpans is model.SortSpans by way of an index: swapping spans, which
// are large and full of pointers, costs a write barrier per word while the
// garbage collector runs; this moves each span once.
func sortSpans(spans []model.Span) {
	order := make([]int32, len(spans))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return model.CompareSpans(spans[a], spans[b]) })
	sorted := make([]model.Span, len(spans))
	for k, i := range order {
		sorted[k] = spans[i]
	}
	copy(spans, sorted)
}

// appendMatches runs the pattern as a Thompson NFA from token i: the state
// is the set of spec positions still alive, one bit each, so every end
// position is found once, in one pass, without backtracking.
func (p *tokenPattern) appendMatches(dst []model.Span, v *tokenView, i int) []model.Span {
	accept := uint64(1) << len(p.specs)
	states := p.closure(1)
	for j := i; j < len(v.tokens) && states&^accept != 0; j++ {
		var next uint64
		for s := states &^ accept; s != 0; s &= s - 1 {
			k := bits.TrailingZeros64(s)
			spec := &p.specs[k]
			if spec.matches(v, j) == (spec.Op == OpNot) {
				continue
			}
			next |= 1 << (k + 1)
			if spec.Op == OpPlus || spec.Op == OpStar {
				next |= 1 << k
			}
		}
		states = p.closure(next)
		if states&accept != 0 {
			dst = append(dst, suggestion(v.tokens, i, j+1, p.label))
		}
	}
	return dst
}

// closure adds the positions reachable by skipping optional specs; skips
// only go forward, so one ascending pass suffices.
func (p *tokenPattern) closure(states uint64) uint64 {
	for s := states & p.optional; s != 0; {
		k := bits.TrailingZeros64(s)
		states |= 1 << (k + 1)
		s = states & p.optional &^ (1<<(k+1) - 1)
	}
	return states
}

// tokenView caches the flags of a document's tokens while a Match runs.
type tokenView struct {
	tokens []tokenize.Token
	flags  []Flags
}

func (v *tokenView) flagsAt(j int) Flags {
	if v.flags == nil {
		v.flags = make([]Flags, len(v.tokens))
	}
	if v.flags[j] == 0 {
		v.flags[j] = flagsOf(v.tokens[j].Text)
	}
	return v.flags[j]
}

// shapeBufferSize covers the shape of any token short enough to be a word
// without a heap allocation.
const shapeBufferSize = 64

func (s *TokenSpec) matches(v *tokenView, j int) bool {
	text := v.tokens[j].Text
	if s.Text != "" && text != s.Text {
		return false
	}
	if s.Lower != "" && !lowerEquals(text, s.Lower) {
		return false
	}
	if s.Shape != "" {
		var buf [shapeBufferSize]byte
		if string(appendShape(buf[:0], text)) != s.Shape {
			return false
		}
	}
	if s.Is|s.IsNot != 0 {
		f := v.flagsAt(j)
		if f&s.Is != s.Is || f&s.IsNot != 0 {
			return false
		}
	}
	return true
}
