package learn_test

import (
	"testing"

	"github.com/inkspan/inkspan/model/learn"
	"github.com/inkspan/inkspan/model/tokenize"
)

// BenchmarkTrain trains on the 30 re3d documents of the held-out split
// (about 11,000 tokens): twelve passes, plus three smaller models that
// calibrate the confidence.
func BenchmarkTrain(b *testing.B) {
	docs := loadRe3d(b)
	opt := learn.Options{Labels: re3dLabels, Seed: 1}
	b.ResetTimer()
	for b.Loop() {
		if _, err := learn.Train(docs[:30], opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTag suggests spans on the 15 unseen documents, one op per
// document; tokens/s is reported for the throughput target.
func BenchmarkTag(b *testing.B) {
	docs := loadRe3d(b)
	m, err := learn.Train(docs[:30], learn.Options{Labels: re3dLabels, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	test := docs[30:]
	tokens := 0
	for _, d := range test {
		tokens += len(tokenize.Tokenize(d.Text))
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m.Suggest(test[i%len(test)].Text)
		i++
	}
	// Every document is tagged equally often, give or take one round.
	b.ReportMetric(float64(tokens)/float64(len(test))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
