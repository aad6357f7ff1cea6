package suggest

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// naiveMatch is the reference the Matcher must agree with: every pattern
// tried at every position, phrases compared token by token, token patterns
// matched by plain backtracking.
func naiveMatch(patterns []Pattern, tokens []tokenize.Token) []model.Span {
	view := tokenView{tokens: tokens}
	var spans []model.Span
	for _, p := range patterns {
		for i := range tokens {
			if p.Phrase != "" {
				want := tokenize.Tokenize(p.Phrase)
				if i+len(want) <= len(tokens) && sameTexts(tokens[i:i+len(want)], want) {
					spans = append(spans, suggestion(tokens, i, i+len(want), p.Label))
				}
				continue
			}
			naiveEnds(p.Tokens, &view, i, i, func(end int) {
				spans = append(spans, suggestion(tokens, i, end, p.Label))
			})
		}
	}
	return sortUnique(spans, 0)
}

func naiveEnds(specs []TokenSpec, v *tokenView, start, j int, emit func(end int)) {
	if len(specs) == 0 {
		if j > start {
			emit(j)
		}
		return
	}
	s := specs[0]
	ok := j < len(v.tokens) && s.matches(v, j) != (s.Op == OpNot)
	switch s.Op {
	case OpOne, OpNot:
		if ok {
			naiveEnds(specs[1:], v, start, j+1, emit)
		}
	case OpOptional:
		naiveEnds(specs[1:], v, start, j, emit)
		if ok {
			naiveEnds(specs[1:], v, start, j+1, emit)
		}
	case OpStar, OpPlus:
		if s.Op == OpStar {
			naiveEnds(specs[1:], v, start, j, emit)
		}
		if ok {
			// After one token, "+" behaves as "*".
			rest := append([]TokenSpec{s}, specs[1:]...)
			rest[0].Op = OpStar
			naiveEnds(rest, v, start, j+1, emit)
		}
	}
}

var propertyWords = strings.Fields("Idlib idlib IDLIB Maaret Misrin 34 1,250 ten the The a , . - Erdoğan 東 京 🇹🇷 U.S. x")

func randomSpec(r *rand.Rand) TokenSpec {
	var s TokenSpec
	switch r.IntN(6) {
	case 0:
		s.Text = propertyWords[r.IntN(len(propertyWords))]
	case 1, 2:
		s.Lower = strings.ToLower(propertyWords[r.IntN(len(propertyWords))])
	case 3:
		s.Shape = string(appendShape(nil, propertyWords[r.IntN(len(propertyWords))]))
	case 4:
		flag := Flags(1) << r.IntN(7)
		if r.IntN(2) == 0 {
			s.Is = flag
		} else {
			s.IsNot = flag
		}
	}
	s.Op = []Op{OpOne, OpOne, OpOne, OpNot, OpOptional, OpPlus, OpStar}[r.IntN(7)]
	return s
}

func randomPatterns(r *rand.Rand, n int) []Pattern {
	var patterns []Pattern
	for range n {
		p := Pattern{Label: []string{"A", "B", "C"}[r.IntN(3)]}
		if r.IntN(2) == 0 {
			words := make([]string, 1+r.IntN(3))
			for k := range words {
				words[k] = propertyWords[r.IntN(len(propertyWords))]
			}
			p.Phrase = strings.Join(words, " ")
		} else {
			p.Tokens = make([]TokenSpec, 1+r.IntN(4))
			for k := range p.Tokens {
				p.Tokens[k] = randomSpec(r)
			}
		}
		patterns = append(patterns, p)
	}
	return patterns
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(30) {
		b.WriteString(propertyWords[r.IntN(len(propertyWords))])
		b.WriteString([]string{" ", " ", "  ", ""}[r.IntN(4)])
	}
	return b.String()
}

// TestMatcherAgreesWithNaive checks the trie, the first-token index and the
// NFA against trying every pattern everywhere by backtracking.
func TestMatcherAgreesWithNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 2026))
	matched := 0
	for iter := range 300 {
		patterns := randomPatterns(r, 1+r.IntN(40))
		m, err := NewMatcher(patterns)
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			text := randomText(r)
			tokens := tokenize.Tokenize(text)
			got := m.Match(tokens, nil)
			want := naiveMatch(patterns, tokens)
			if len(got) == 0 && len(want) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("iteration %d, text %q, patterns %+v:\n got  %+v\nwant %+v", iter, text, patterns, got, want)
			}
			matched += len(want)
		}
	}
	// Guard against a generator that stopped producing matches.
	if matched < 10000 {
		t.Fatalf("only %d matches compared", matched)
	}
	t.Logf("%d matches compared", matched)
}

func TestShape(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"Idlib", "Xxxxx"}, {"34", "dd"}, {"1,250", "d,ddd"}, {"Erdoğan", "Xxxxx"}, {"COVID-19", "XXXX-dd"},
		{"12345678", "dddd"}, {"3.5%", "d.d%"}, {strings.Repeat("a", 100), "LONG"}, {"東京", "xx"},
	} {
		if got := string(appendShape(nil, tt.text)); got != tt.want {
			t.Errorf("shape of %q = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestLowerEquals(t *testing.T) {
	for _, text := range []string{"Idlib", "ERDOĞAN", "İstanbul", "Σίσυφος", "", "ß", "K"} {
		for _, want := range []string{strings.ToLower(text), strings.ToLower(text) + "x", "idlib", ""} {
			if got := lowerEquals(text, want); got != (strings.ToLower(text) == want) {
				t.Errorf("lowerEquals(%q, %q) = %v", text, want, got)
			}
		}
		if got, want := string(appendLower(nil, text)), strings.ToLower(text); got != want {
			t.Errorf("appendLower(%q) = %q, want %q", text, got, want)
		}
	}
}

// sameTexts reports whether two token runs of one length have the same
// texts, token by token: the reference matcher's comparison of a phrase.
func sameTexts(a, b []tokenize.Token) bool {
	for i := range a {
		if a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}
