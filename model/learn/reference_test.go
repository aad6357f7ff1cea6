package learn

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/inkspan/inkspan/model"
)

// This file holds the other reference: a plain greedy perceptron
// (per-token averaged perceptron, left to right, the previous tag as a
// feature, word, shape and context features, no dictionary, no FIGURE
// recognizer, no Viterbi), trained and tested on the same split as
// TestHeldOut, so the model is compared with it in the same run.

func loadRe3dInternal(t testing.TB) []Example {
	t.Helper()
	f, err := os.Open("../../testdata/real/re3d/re3d-public.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Example
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var rec struct {
			Text  string
			Spans []model.Span
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		out = append(out, Example{Text: rec.Text, Spans: rec.Spans})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// greedyStep tags token k of s greedily after tag prev.
func greedyStep(g *tagger, s *seq, k, prev int) int {
	T := g.nTags
	best, arg := math.Inf(-1), 0
	for t := range T {
		if !allowed(prev, t) {
			continue
		}
		v := g.trans[(prev+1)*T+t]
		for _, f := range s.feats[s.offs[k]:s.offs[k+1]] {
			v += g.w[int(f)*T+t]
		}
		if v > best {
			best, arg = v, t
		}
	}
	return arg
}

// trainGreedy trains g token by token, the gold previous tag as context.
func trainGreedy(g *tagger, seqs []*seq, epochs int) {
	T := g.nTags
	add := func(w, u []float64, i int, d float64) {
		w[i] += d
		u[i] += g.c * d
	}
	for range epochs {
		for _, s := range seqs {
			prev := -1
			for k := range s.len() {
				y, p := int(s.gold[k]), greedyStep(g, s, k, prev)
				if p != y {
					for _, f := range s.feats[s.offs[k]:s.offs[k+1]] {
						add(g.w, g.uw, int(f)*T+y, 1)
						add(g.w, g.uw, int(f)*T+p, -1)
					}
					add(g.trans, g.utrans, (prev+1)*T+y, 1)
					add(g.trans, g.utrans, (prev+1)*T+p, -1)
				}
				g.c++
				prev = y
			}
		}
	}
	g.average()
}

func TestGreedyReference(t *testing.T) {
	docs := loadRe3dInternal(t)
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	train, test := docs[:30], docs[30:]
	m := &Model{labels: labels, index: newFeatureIndex(1 << 12)}
	feats := make([]*docFeatures, len(train))
	for i, ex := range train {
		feats[i] = extract(ex.Text, matchSource{})
		for _, h := range feats[i].hashes {
			m.index.add(h)
		}
	}
	var seqs []*seq
	for i, ex := range train {
		seqs = append(seqs, m.sequences(feats[i], ex, labels)...)
	}
	g := newTagger(labels, m.index.len())
	trainGreedy(g, seqs, DefaultEpochs)
	greedy := NewTally(labels)
	for _, ex := range test {
		d := extract(ex.Text, matchSource{})
		fs, offs := m.indices(d)
		var found []model.Span
		for _, sent := range d.sentences {
			s := &seq{feats: fs, offs: offs[sent.First : sent.End+1]}
			path := make([]uint8, s.len())
			prev := -1
			for k := range path {
				prev = greedyStep(g, s, k, prev)
				path[k] = uint8(prev)
			}
			for _, r := range pathSpans(path) {
				found = append(found, model.Span{Start: d.tokens[sent.First+r.first].Start, End: d.tokens[sent.First+r.end-1].End, Label: labels[r.label]})
			}
		}
		greedy.Add(found, ex.Spans)
	}
	ours, err := Train(train, Options{Labels: labels, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tally := NewTally(labels)
	for _, ex := range test {
		tally.Add(Spans(ours.Suggest(ex.Text)), ex.Spans)
	}
	gr, mr := greedy.Report().Overall, tally.Report().Overall
	t.Logf("greedy perceptron: P %.3f R %.3f F1 %.3f; model: P %.3f R %.3f F1 %.3f", gr.Precision, gr.Recall, gr.F1, mr.Precision, mr.Recall, mr.F1)
	if mr.F1 <= gr.F1 {
		t.Errorf("the model's F1 %.3f is no better than the greedy perceptron's %.3f", mr.F1, gr.F1)
	}
}
