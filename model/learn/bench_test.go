package learn_test

import (
	"testing"

	"github.com/inkspan/inkspan/model/learn"
)

// BenchmarkTrain trains on the 30 re3d documents of the held-out split.
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
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m.Suggest(test[i%len(test)].Text)
		i++
	}
}
