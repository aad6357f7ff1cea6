package learn_test

import (
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/learn"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// edits counts what a simulated annotator does to turn suggested into
// gold: a correct suggestion is accepted (not counted: accepting all is one
// action per document), a wrong one overlapping a gold span it has not yet
// used is fixed in one edit (moved or relabeled), any other wrong one is
// rejected, and each gold span left is drawn.
func edits(suggested, gold []model.Span) int {
	used := make([]bool, len(gold))
	n := 0
	var wrong []model.Span
	for _, s := range suggested {
		hit := false
		for i, g := range gold {
			if !used[i] && g.SameAs(s) {
				used[i], hit = true, true
				break
			}
		}
		if !hit {
			wrong = append(wrong, s)
		}
	}
	for _, s := range wrong {
		n++ // fixed or rejected
		for i, g := range gold {
			if !used[i] && g.Overlaps(s) {
				used[i] = true // the fix makes this gold span
				break
			}
		}
	}
	for i := range gold {
		if !used[i] {
			n++
		}
	}
	return n
}

// TestSimulatedAnnotator replays re3d's gold spans on the 15 held-out
// documents after the annotator has finished 10, 20 and 30 documents, and
// counts edits per document with no suggestions, with dictionary + FIGURE
// suggestions, and with the model's (all, or those of confidence 0.5 and
// more).
func TestSimulatedAnnotator(t *testing.T) {
	docs := loadRe3d(t)
	test := docs[30:]
	for _, n := range []int{10, 20, 30} {
		train := docs[:n]
		m, err := learn.Train(train, learn.Options{Labels: re3dLabels, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		var entries []suggest.Entry
		for _, ex := range train {
			off := model.NewOffsets(ex.Text)
			for _, s := range ex.Spans {
				entries = append(entries, suggest.Entry{Text: off.Slice(s.Start, s.End), Label: s.Label})
			}
		}
		dict := suggest.NewDictionary(entries)
		var none, base, all, confident int
		for _, ex := range test {
			none += edits(nil, ex.Spans)
			tokens := tokenize.Tokenize(ex.Text)
			base += edits(suggest.Resolve(suggest.Figures(tokens, dict.Match(tokens, nil)), nil, false), ex.Spans)
			found := m.Suggest(ex.Text)
			all += edits(learn.Spans(found), ex.Spans)
			var sure []model.Span
			for _, s := range found {
				if s.Confidence >= 0.5 {
					sure = append(sure, s.Span())
				}
			}
			confident += edits(sure, ex.Spans)
		}
		per := func(x int) float64 { return float64(x) / float64(len(test)) }
		t.Logf("after %d documents: edits per document: none %.1f, dictionary+FIGURE %.1f, model %.1f, model ≥0.5 %.1f (saving %.0f%% over none, %.0f%% over dictionary+FIGURE)",
			n, per(none), per(base), per(all), per(confident), 100*(1-float64(min(all, confident))/float64(none)), 100*(1-float64(min(all, confident))/float64(base)))
		if min(all, confident) >= base {
			t.Errorf("after %d documents the model's suggestions need %d edits, dictionary + FIGURE %d", n, min(all, confident), base)
		}
	}
}
