package learn

import (
	"slices"

	"github.com/inkspan/inkspan/model"
)

// Score is precision, recall and F1 of one label (or of all, Label ""),
// counting exact matches: a suggested span is right when a gold span has
// the same start, end and label.
type Score struct {
	Label                 string
	TP, FP, FN            int
	Precision, Recall, F1 float64
}

func (s *Score) finish() {
	s.Precision, s.Recall, s.F1 = 0, 0, 0
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// Report is an evaluation: a score per label, in the order of the labels
// evaluated, and the overall (micro-averaged) score.
type Report struct {
	Labels  []Score
	Overall Score
}

// Label returns the score of one label, and false if the report has none.
func (r Report) Label(label string) (Score, bool) {
	for _, s := range r.Labels {
		if s.Label == label {
			return s, true
		}
	}
	return Score{}, false
}

// Tally counts exact matches between suggested and gold spans, document
// by document.
type Tally struct {
	labels []string
	counts map[string]*Score
}

// NewTally starts counting for labels; spans of other labels are ignored.
func NewTally(labels []string) *Tally {
	t := &Tally{labels: slices.Clone(labels), counts: make(map[string]*Score)}
	for _, l := range labels {
		t.counts[l] = &Score{Label: l}
	}
	return t
}

// Add counts one document's suggested spans against its gold spans.
// Duplicates count once.
func (t *Tally) Add(suggested, gold []model.Span) {
	type key struct {
		start, end int
		label      string
	}
	g := make(map[key]bool)
	for _, s := range gold {
		if t.counts[s.Label] != nil {
			g[key{s.Start, s.End, s.Label}] = true
		}
	}
	seen := make(map[key]bool)
	for _, s := range suggested {
		c := t.counts[s.Label]
		k := key{s.Start, s.End, s.Label}
		if c == nil || seen[k] {
			continue
		}
		seen[k] = true
		if g[k] {
			c.TP++
		} else {
			c.FP++
		}
	}
	for k := range g {
		if !seen[k] {
			t.counts[k.label].FN++
		}
	}
}

// Report returns the scores counted so far.
func (t *Tally) Report() Report {
	r := Report{Overall: Score{}}
	for _, l := range t.labels {
		s := *t.counts[l]
		s.finish()
		r.Labels = append(r.Labels, s)
		r.Overall.TP += s.TP
		r.Overall.FP += s.FP
		r.Overall.FN += s.FN
	}
	r.Overall.finish()
	return r
}

// Spans returns the suggestions as spans, for a Tally.
func Spans(suggestions []Suggestion) []model.Span {
	out := make([]model.Span, len(suggestions))
	for i, s := range suggestions {
		out[i] = s.Span()
	}
	return out
}

// CrossValidate scores the model by k-fold cross-validation on examples:
// document i is tested in fold i mod folds by a model trained on the
// finished documents of the other folds, with opt. Partial examples
// train but are never tested. Errors: EINVALID for fewer than two folds,
// fewer finished documents than folds, or what Train refuses.
func CrossValidate(examples []Example, opt Options, folds int) (Report, error) {
	return crossValidateWith(examples, opt, folds, func(train []Example) []Example { return train })
}

// CurvePoint is one point of a learning curve: the scores of models
// trained on Documents documents.
type CurvePoint struct {
	Documents int
	Report    Report
}

// LearningCurve shows how the model improves as documents are added: for
// each size in sizes, a cross-validation like CrossValidate's in which
// each fold's model learns from only the first size documents of the
// other folds (in the order of examples, the order they were finished).
// Sizes larger than a fold's training documents use them all. Errors as
// CrossValidate's, and EINVALID for a size below 1.
func LearningCurve(examples []Example, opt Options, folds int, sizes []int) ([]CurvePoint, error) {
	for _, n := range sizes {
		if n < 1 {
			return nil, model.Errorf(model.EINVALID, "a learning curve's sizes must be at least 1, not %d", n)
		}
	}
	var out []CurvePoint
	for _, n := range sizes {
		report, err := crossValidateWith(examples, opt, folds, func(train []Example) []Example {
			return train[:min(n, len(train))]
		})
		if err != nil {
			return nil, err
		}
		out = append(out, CurvePoint{Documents: n, Report: report})
	}
	return out, nil
}

// crossValidateWith is CrossValidate training each fold's model on
// cut(its training documents).
func crossValidateWith(examples []Example, opt Options, folds int, cut func([]Example) []Example) (Report, error) {
	finished := 0
	for _, ex := range examples {
		if !ex.Partial {
			finished++
		}
	}
	if folds < 2 {
		return Report{}, model.Errorf(model.EINVALID, "cross-validation needs at least 2 folds, not %d", folds)
	}
	if finished < folds {
		return Report{}, model.Errorf(model.EINVALID, "%d-fold cross-validation needs at least %d finished documents; there are %d", folds, folds, finished)
	}
	tally := NewTally(opt.Labels)
	for f := range folds {
		var trainSet, testSet []Example
		for i, ex := range examples {
			if i%folds == f && !ex.Partial {
				testSet = append(testSet, ex)
			} else {
				trainSet = append(trainSet, ex)
			}
		}
		m, err := Train(cut(trainSet), opt)
		if err != nil {
			return Report{}, err
		}
		for _, ex := range testSet {
			tally.Add(Spans(m.Suggest(ex.Text)), ex.Spans)
		}
	}
	return tally.Report(), nil
}
