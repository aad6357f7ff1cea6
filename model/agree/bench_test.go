package agree_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/model/tokenize"
)

// benchDocs makes n distinct documents of the seed article, each with three
// annotators of 20 spans on token boundaries. A base set of 20 spans of one
// to three tokens, one in each twentieth of the article, is what annotators
// mostly agree on: for each base span an annotator keeps it 70% of the
// time, and otherwise changes its label, extends it a token, or marks the
// token after it instead. One document in ten has gold, the base set.
func benchDocs(tb testing.TB, n int) []agree.Document {
	text := seed(tb)
	toks := tokenize.Tokenize(text)
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	const perDoc = 20
	stretch := len(toks) / perDoc // over 20 tokens, room for the moves below
	rng := rand.New(rand.NewPCG(1, 2))
	span := func(first, last, label int) model.Span {
		return model.Span{Start: toks[first].Start, End: toks[last].End, Label: labels[label]}
	}
	docs := make([]agree.Document, n)
	for d := range docs {
		type base struct{ first, last, label int }
		bases := make([]base, perDoc)
		gold := make([]model.Span, perDoc)
		for k := range bases {
			first := k*stretch + rng.IntN(stretch-5)
			bases[k] = base{first, first + rng.IntN(3), rng.IntN(len(labels))}
			gold[k] = span(bases[k].first, bases[k].last, bases[k].label)
		}
		sets := map[string][]model.Span{}
		for _, name := range []string{"alice", "bob", "carol"} {
			set := make([]model.Span, perDoc)
			for k, b := range bases {
				switch r := rng.Float64(); {
				case r < 0.7:
					set[k] = gold[k]
				case r < 0.8:
					set[k] = span(b.first, b.last, (b.label+1+rng.IntN(2))%len(labels))
				case r < 0.9:
					set[k] = span(b.first, b.last+1, b.label)
				default:
					set[k] = span(b.last+1, b.last+1, b.label)
				}
			}
			sets[name] = set
		}
		docs[d] = agree.Document{Text: text, Sets: sets}
		if d%10 == 0 {
			docs[d].Gold, docs[d].HasGold = gold, true
		}
	}
	return docs
}

// BenchmarkAgreement is the spec's load: 10,000 documents × 3 annotators ×
// 20 spans, accumulated and reported, in one op. 1,000 distinct documents
// are fed ten times over under new IDs; the accumulator keeps none of them,
// so this costs it as much as 10,000 distinct ones would.
func BenchmarkAgreement(b *testing.B) {
	const docs, distinct = 10_000, 1_000
	pool := benchDocs(b, distinct)
	ids := make([]string, docs)
	for i := range ids {
		ids[i] = fmt.Sprintf("doc-%05d", i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		acc := agree.NewAccumulator(agree.Options{})
		for i, id := range ids {
			doc := pool[i%distinct]
			doc.ID = id
			acc.Add(doc)
		}
		r := acc.Report()
		if len(r.Pairs) != 3 || len(r.Documents) != docs || r.Fleiss == nil {
			b.Fatalf("report has %d pairs, %d documents", len(r.Pairs), len(r.Documents))
		}
	}
}

// TestBenchDocs keeps the benchmark's documents honest: they agree about
// as much as the generator says.
func TestBenchDocs(t *testing.T) {
	acc := agree.NewAccumulator(agree.Options{})
	for _, d := range benchDocs(t, 200) {
		acc.Add(d)
	}
	r := acc.Report()
	for _, p := range r.Pairs {
		// Both keep a base span 70% of the time: about half the spans
		// match exactly, more by overlap.
		if p.SpanF1 < 0.4 || p.SpanF1 > 0.7 || p.SpanF1Overlap <= p.SpanF1 {
			t.Fatalf("%s-%s span_f1 = %.3f, overlap %.3f, want about 0.5 and more by overlap", p.A, p.B, p.SpanF1, p.SpanF1Overlap)
		}
		if got, want := p.SpansA, 200*20; got != want {
			t.Fatalf("spans_a = %d, want %d", got, want)
		}
	}
	t.Logf("pair %s-%s: span_f1 %.3f overlap %.3f kappa %.3f; fleiss %.3f", r.Pairs[0].A, r.Pairs[0].B, r.Pairs[0].SpanF1, r.Pairs[0].SpanF1Overlap, r.Pairs[0].TokenKappa, r.Fleiss.Kappa)
}
