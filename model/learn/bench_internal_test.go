package learn

import (
	"testing"
)

// BenchmarkTrainPass is one training pass (one epoch of perceptron
// updates, the part of Train that grows with passes) over about 300,000
// tokens: re3d's 45 documents 27 times over, the issue's size for "under
// 1 s per pass". Feature extraction, done once per Train, is outside it.
func BenchmarkTrainPass(b *testing.B) {
	docs := loadRe3dInternal(b)
	var examples []Example
	for range 27 {
		examples = append(examples, docs...)
	}
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	m := &Model{labels: labels, index: newFeatureIndex(1 << 12)}
	feats := make([]*docFeatures, len(docs))
	tokens := 0
	for i, ex := range docs {
		feats[i] = extract(ex.Text, matchSource{})
		tokens += len(feats[i].tokens)
		for _, h := range feats[i].hashes {
			m.index.add(h)
		}
	}
	var seqs []*seq
	for i, ex := range examples {
		seqs = append(seqs, m.sequences(feats[i%len(docs)], ex, labels)...)
	}
	g := newTagger(labels, m.index.len())
	var sc decodeScratch
	b.ResetTimer()
	for b.Loop() {
		for _, s := range seqs {
			g.train(s, &sc)
		}
	}
	b.ReportMetric(float64(tokens*27), "tokens/pass")
}
