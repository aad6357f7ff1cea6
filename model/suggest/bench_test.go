package suggest_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

const seedPath = "../../testdata/idlib-talks.txt"

func seedText(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Fatalf("the seed article must be in testdata/ at the top of the repository: %v", err)
	}
	return string(data)
}

// benchmarkPatterns returns n phrase patterns made deterministically from
// the seed: every run of capitalized words in it ("Recep Tayyip Erdogan",
// "Maaret Misrin"), random pairs and triples of its capitalized words, and
// synthetic names, most of which never occur, as in a real gazetteer.
func benchmarkPatterns(text string, n int) []suggest.Pattern {
	labels := []string{"PLACE", "ACTOR", "ORG"}
	seen := make(map[string]bool)
	var patterns []suggest.Pattern
	add := func(phrase string) {
		if !seen[phrase] && len(patterns) < n {
			seen[phrase] = true
			patterns = append(patterns, suggest.Pattern{Label: labels[len(patterns)%len(labels)], Phrase: phrase})
		}
	}
	var capitalized, run []string
	for _, tok := range tokenize.Tokenize(text) {
		if r := []rune(tok.Text)[0]; unicode.IsUpper(r) {
			capitalized = append(capitalized, tok.Text)
			run = append(run, tok.Text)
			continue
		}
		for k := range run {
			add(strings.Join(run[k:], " "))
		}
		run = run[:0]
	}
	r := rand.New(rand.NewPCG(10_000, 1))
	for range n / 4 {
		words := make([]string, 2+r.IntN(2))
		for k := range words {
			words[k] = capitalized[r.IntN(len(capitalized))]
		}
		add(strings.Join(words, " "))
	}
	syllables := strings.Fields("al an ar ba da el ha ib ka la ma na or ra sa ta ul va ya za")
	name := func() string {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		s := b.String()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	for len(patterns) < n {
		if r.IntN(3) == 0 {
			add(name())
		} else {
			add(name() + " " + name())
		}
	}
	return patterns
}

func TestBenchmarkPatternsMatchTheSeed(t *testing.T) {
	text := seedText(t)
	m, err := suggest.NewMatcher(benchmarkPatterns(text, 10_000))
	if err != nil {
		t.Fatal(err)
	}
	found := strings.Join(show(text, m.Match(tokenize.Tokenize(text), nil)), "\n")
	for _, want := range []string{"Maaret Misrin", "Recep Tayyip Erdogan", "Vladimir Putin"} {
		if !strings.Contains(found, want) {
			t.Errorf("the benchmark's patterns do not find %q in the seed", want)
		}
	}
}

// suggestDocument is the work pre-annotation does for one document.
type suggestDocument struct {
	matcher *suggest.Matcher
	tokens  []tokenize.Token
	spans   []model.Span
}

func (d *suggestDocument) run(text string) []model.Span {
	d.tokens = tokenize.Append(d.tokens[:0], text)
	d.spans = d.matcher.Match(d.tokens, d.spans[:0])
	d.spans = suggest.Figures(d.tokens, d.spans)
	return suggest.Resolve(d.spans, nil, false)
}

// BenchmarkSuggestSeed pre-annotates one seed-sized document with a
// 10,000-phrase matcher and the FIGURE recognizer. The budget is 100,000
// documents in 30 s on two cores; "s/100k-docs" extrapolates one core's
// time per document.
func BenchmarkSuggestSeed(b *testing.B) {
	text := seedText(b)
	m, err := suggest.NewMatcher(benchmarkPatterns(text, 10_000))
	if err != nil {
		b.Fatal(err)
	}
	d := suggestDocument{matcher: m}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		d.run(text)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)*100_000/1e9, "s/100k-docs")
}

// BenchmarkSuggestSeedParallel is the same work spread over every core, as
// a pre-annotation run would do it.
func BenchmarkSuggestSeedParallel(b *testing.B) {
	text := seedText(b)
	m, err := suggest.NewMatcher(benchmarkPatterns(text, 10_000))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		d := suggestDocument{matcher: m}
		for pb.Next() {
			d.run(text)
		}
	})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)*100_000/1e9, "s/100k-docs")
}

func BenchmarkNewMatcher(b *testing.B) {
	patterns := benchmarkPatterns(seedText(b), 10_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := suggest.NewMatcher(patterns); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadPatterns(b *testing.B) {
	var jsonl strings.Builder
	for _, p := range benchmarkPatterns(seedText(b), 10_000) {
		fmt.Fprintf(&jsonl, "{\"label\": %q, \"pattern\": %q}\n", p.Label, p.Phrase)
	}
	input := jsonl.String()
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := suggest.ReadPatterns(strings.NewReader(input), "patterns.jsonl"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFigures(b *testing.B) {
	tokens := tokenize.Tokenize(seedText(b))
	var spans []model.Span
	b.ReportAllocs()
	for b.Loop() {
		spans = suggest.Figures(tokens, spans[:0])
	}
}
