package learn_test

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/learn"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// re3dPath is the public-domain part of re3d kept in the repository's
// test data (its README there names the source).
const re3dPath = "../../testdata/real/re3d/re3d-public.jsonl"

var re3dLabels = []string{"ACTOR", "PLACE", "FIGURE"}

func loadRe3d(tb testing.TB) []learn.Example {
	tb.Helper()
	f, err := os.Open(re3dPath)
	if err != nil {
		tb.Fatalf("re3d must be in the repository's testdata: %v", err)
	}
	defer f.Close()
	var out []learn.Example
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var rec struct {
			Text  string
			Spans []struct {
				Start, End int
				Label      string
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			tb.Fatal(err)
		}
		ex := learn.Example{Text: rec.Text}
		for _, s := range rec.Spans {
			ex.Spans = append(ex.Spans, model.Span{Start: s.Start, End: s.End, Label: s.Label})
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) != 45 {
		tb.Fatalf("re3d has %d documents, want 45", len(out))
	}
	return out
}

// baseline is today's suggestions: the dictionary of the training
// documents' spans, then the FIGURE recognizer, resolved as the suggest
// run resolves them (dictionary first).
func baseline(train, test []learn.Example) learn.Report {
	var entries []suggest.Entry
	for _, ex := range train {
		off := model.NewOffsets(ex.Text)
		for _, s := range ex.Spans {
			entries = append(entries, suggest.Entry{Text: off.Slice(s.Start, s.End), Label: s.Label})
		}
	}
	dict := suggest.NewDictionary(entries)
	tally := learn.NewTally(re3dLabels)
	for _, ex := range test {
		tokens := tokenize.Tokenize(ex.Text)
		found := dict.Match(tokens, nil)
		found = suggest.Figures(tokens, found)
		tally.Add(suggest.Resolve(found, nil, false), ex.Spans)
	}
	return tally.Report()
}

var exploreEpochs = 0

func heldOut(t testing.TB, train, test []learn.Example, seed uint64) learn.Report {
	m, err := learn.Train(train, learn.Options{Labels: re3dLabels, Seed: seed, Epochs: exploreEpochs})
	if err != nil {
		t.Fatal(err)
	}
	tally := learn.NewTally(re3dLabels)
	for _, ex := range test {
		tally.Add(learn.Spans(m.Suggest(ex.Text)), ex.Spans)
	}
	return tally.Report()
}

func logReport(t *testing.T, name string, r learn.Report) {
	t.Helper()
	for _, s := range append(r.Labels, r.Overall) {
		l := s.Label
		if l == "" {
			l = "overall"
		}
		t.Logf("%-10s %-8s P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", name, l, s.Precision, s.Recall, s.F1, s.TP, s.FP, s.FN)
	}
}

// heldOutFloor is a little below the overall F1 the model reaches on the
// held-out split with seeds 1 to 3 (0.623 to 0.628 when it was set): a
// change that loses more than noise fails here.
const heldOutFloor = 0.60

// TestHeldOut trains on re3d's first 30 documents (file order) and suggests
// on the other 15, next to today's dictionary + FIGURE suggestions measured
// the same way.
func TestHeldOut(t *testing.T) {
	docs := loadRe3d(t)
	train, test := docs[:30], docs[30:]
	base := baseline(train, test)
	logReport(t, "baseline", base)
	for seed := uint64(1); seed <= 3; seed++ {
		r := heldOut(t, train, test, seed)
		logReport(t, "model", r)
		if r.Overall.F1 < heldOutFloor {
			t.Errorf("seed %d: F1 %.3f on the held-out documents, below the floor %.2f", seed, r.Overall.F1, heldOutFloor)
		}
		if r.Overall.F1 < base.Overall.F1+0.08 {
			t.Errorf("seed %d: F1 %.3f is not 0.08 above the dictionary + FIGURE suggestions' %.3f", seed, r.Overall.F1, base.Overall.F1)
		}
	}
}

// TestHeldOutShuffled repeats the comparison on random 30/15 splits, since
// one split of 45 documents is a small sample.
func TestHeldOutShuffled(t *testing.T) {
	docs := loadRe3d(t)
	for split := uint64(1); split <= 3; split++ {
		d := slices.Clone(docs)
		rand.New(rand.NewPCG(split, 0)).Shuffle(len(d), func(i, j int) { d[i], d[j] = d[j], d[i] })
		b := baseline(d[:30], d[30:]).Overall
		m := heldOut(t, d[:30], d[30:], 1).Overall
		t.Logf("split %d: baseline P %.3f R %.3f F1 %.3f; model P %.3f R %.3f F1 %.3f", split, b.Precision, b.Recall, b.F1, m.Precision, m.Recall, m.F1)
		if m.F1 < b.F1+0.05 {
			t.Errorf("split %d: model F1 %.3f is not clearly above the baseline's %.3f", split, m.F1, b.F1)
		}
	}
}
