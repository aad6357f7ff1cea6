package spanview

import "sort"

// Tab order. Tab visits the spans by where they start; of the spans that
// start together, proposals (Candidate) come before the others. A reviewer
// who has just accepted one annotator's span into gold still has to decide
// on the other annotators' proposals over the same words: in drawing order
// (longer first, then by ID) the gold span came first, so Tab landed on it
// and x removed it from gold instead of rejecting the proposal.
//
// The functions take the view's spans, sorted by start (as setSpans sorts
// them), and return an index into them.

// tabGroup returns the spans that start where spans[k] does, [lo, hi), in
// Tab order.
func tabGroup(spans []Span, k int) (lo, hi int, order []int) {
	start := spans[k].Start
	lo = sort.Search(len(spans), func(i int) bool { return spans[i].Start >= start })
	hi = lo
	for hi < len(spans) && spans[hi].Start == start {
		hi++
	}
	order = make([]int, 0, hi-lo)
	for _, candidate := range []bool{true, false} {
		for i := lo; i < hi; i++ {
			if spans[i].Candidate == candidate {
				order = append(order, i)
			}
		}
	}
	return lo, hi, order
}

// TabNext is the span Tab (fwd) or Shift+Tab focuses after spans[cur],
// wrapping around the document.
func TabNext(spans []Span, cur int, fwd bool) int {
	n := len(spans)
	lo, hi, order := tabGroup(spans, cur)
	j := 0
	for order[j] != cur {
		j++
	}
	switch {
	case fwd && j+1 < len(order):
		return order[j+1]
	case !fwd && j > 0:
		return order[j-1]
	case fwd:
		_, _, next := tabGroup(spans, hi%n)
		return next[0]
	}
	_, _, prev := tabGroup(spans, (lo-1+n)%n)
	return prev[len(prev)-1]
}

// TabFrom is the span Tab (fwd) or Shift+Tab focuses when none is focused
// and the caret is at code point cp: the first span starting at cp or
// after, or the last one starting before it, wrapping around. -1 when
// there are no spans.
func TabFrom(spans []Span, cp int, fwd bool) int {
	n := len(spans)
	if n == 0 {
		return -1
	}
	k := sort.Search(n, func(i int) bool { return spans[i].Start >= cp })
	if fwd {
		_, _, order := tabGroup(spans, k%n)
		return order[0]
	}
	_, _, order := tabGroup(spans, (k-1+n)%n)
	return order[len(order)-1]
}
