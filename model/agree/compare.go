package agree

import (
	"cmp"
	"maps"
	"slices"
	"strconv"

	"github.com/inkspan/inkspan/model"
)

// Kind is how the annotators of a document stand on one span.
type Kind int

// A span fitting several kinds gets the first that applies, in this order:
// a span everyone made is Agreed even if someone also made a conflicting
// one; otherwise a label conflict is the most telling, then a boundary
// conflict, then a bare overlap. Conflicts count only with annotators who did
// not make the span, since those are the ones who disagree with it.
const (
	// Agreed: every annotator made this span (same start, end and label).
	Agreed Kind = iota
	// LabelConflict: another annotator has a span with the same offsets
	// and a different label.
	LabelConflict
	// BoundaryConflict: another annotator has an overlapping span with the
	// same label and different offsets.
	BoundaryConflict
	// OverlapConflict: another annotator has an overlapping span with a
	// different label and different offsets.
	OverlapConflict
	// Partial: only some annotators made it, and no one else made anything
	// overlapping it.
	Partial
)

func (k Kind) String() string {
	switch k {
	case Agreed:
		return "agreed"
	case LabelConflict:
		return "label"
	case BoundaryConflict:
		return "boundary"
	case OverlapConflict:
		return "overlap"
	case Partial:
		return "partial"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Mark is one distinct span of a document in review.
type Mark struct {
	Span model.Span // Start, End and Label only: the annotators' spans differ in the rest
	Kind Kind
	By   []string // the annotators who made it, sorted
}

// Compare returns every distinct (start, end, label) among the sets once, in
// text order (model.CompareSpans), with who made it and its Kind. Every key
// of sets counts as an annotator, so one with an empty set makes the others'
// spans Partial at best.
func Compare(sets map[string][]model.Span) []Mark {
	names := slices.Sorted(maps.Keys(sets))
	type made struct {
		span model.Span
		who  int
	}
	var all []made
	for i, name := range names {
		for _, s := range sets[name] {
			all = append(all, made{model.Span{Start: s.Start, End: s.End, Label: s.Label}, i})
		}
	}
	slices.SortFunc(all, func(x, y made) int {
		return cmp.Or(model.CompareSpans(x.span, y.span), cmp.Compare(x.who, y.who))
	})
	var marks []Mark
	var by [][]int // by[m]: indices in names of who made marks[m]
	for _, m := range all {
		last := len(marks) - 1
		if last >= 0 && marks[last].Span.SameAs(m.span) {
			if w := by[last]; w[len(w)-1] != m.who {
				by[last] = append(w, m.who)
			}
			continue
		}
		marks = append(marks, Mark{Span: m.span})
		by = append(by, []int{m.who})
	}

	// The worst conflict each mark has, as a Kind; Partial means none.
	worst := make([]Kind, len(marks))
	for i := range worst {
		worst[i] = Partial
	}
	for i := range marks {
		x := marks[i].Span
		// Marks are in start order, so those starting before x ends are
		// the rest of the ones overlapping it.
		for j := i + 1; j < len(marks) && marks[j].Span.Start < x.End; j++ {
			y := marks[j].Span
			if !x.Overlaps(y) {
				continue // an empty span
			}
			k := OverlapConflict
			switch {
			case x.Start == y.Start && x.End == y.End:
				k = LabelConflict
			case x.Label == y.Label:
				k = BoundaryConflict
			}
			if hasOther(by[j], by[i]) {
				worst[i] = min(worst[i], k)
			}
			if hasOther(by[i], by[j]) {
				worst[j] = min(worst[j], k)
			}
		}
	}
	for i := range marks {
		marks[i].Kind = worst[i]
		if len(by[i]) == len(names) {
			marks[i].Kind = Agreed
		}
		marks[i].By = make([]string, len(by[i]))
		for k, w := range by[i] {
			marks[i].By[k] = names[w]
		}
	}
	return marks
}

// hasOther reports whether x, sorted, holds an index y, sorted, lacks.
func hasOther(x, y []int) bool {
	j := 0
	for _, v := range x {
		for j < len(y) && y[j] < v {
			j++
		}
		if j == len(y) || y[j] != v {
			return true
		}
	}
	return false
}

// Disagreement is 1 minus the mean, over pairs of annotators, of their exact
// span F1 on the document: 0 when all made the same spans, 1 when no two
// share one. With fewer than two annotators there is nothing to disagree
// on, and it is 0.
func Disagreement(sets map[string][]model.Span) float64 {
	names := slices.Sorted(maps.Keys(sets))
	if len(names) < 2 {
		return 0
	}
	prepared := make([][]span, len(names))
	for i, name := range names {
		prepared[i] = appendSet(nil, sets[name], "", nil)
	}
	sum, n := 0.0, 0
	for i, x := range prepared {
		for _, y := range prepared[i+1:] {
			sum += f1(exactMatches(x, y, nil), len(x), len(y))
			n++
		}
	}
	return 1 - sum/float64(n)
}
