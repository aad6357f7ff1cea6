package suggest

import (
	"cmp"
	"slices"

	"github.com/inkspan/inkspan/model"
)

// Resolve chooses, from suggestions, the spans that can be added to a
// document whose annotator already has existing, and returns them in text
// order:
//
//   - a suggestion that model.CheckAddition would refuse next to existing (a
//     duplicate, or an overlap where the project forbids overlaps) goes;
//   - among suggestions that overlap one another, the longest wins, then
//     the leftmost, as in spaCy's filter_spans; when lengths and starts tie,
//     the one earlier in suggestions wins, so a caller lists the source it
//     trusts most first (the annotator's dictionary before generic patterns);
//   - where the project allows overlaps, only suggestions with the same
//     label compete, since a nested span of another label is something the
//     project wants.
func Resolve(suggestions, existing []model.Span, allowOverlap bool) []model.Span {
	chosen := ResolveIndices(suggestions, existing, allowOverlap)
	resolved := make([]model.Span, len(chosen))
	for k, i := range chosen {
		resolved[k] = suggestions[i]
	}
	return resolved
}

// ResolveIndices is Resolve returning the chosen suggestions' indices in
// suggestions, in the text order of the suggestions they stand for, so
// that a caller can tell which source each chosen one came from.
func ResolveIndices(suggestions, existing []model.Span, allowOverlap bool) []int {
	// Candidates stand for suggestions by index: sorting them moves a few
	// words each instead of whole spans full of pointers.
	type candidate struct{ start, end, index int }
	candidates := make([]candidate, 0, len(suggestions))
	for i, s := range suggestions {
		if s.Start < s.End && model.CheckAddition(existing, s, allowOverlap) == nil {
			candidates = append(candidates, candidate{s.Start, s.End, i})
		}
	}
	slices.SortFunc(candidates, func(a, b candidate) int {
		if c := cmp.Compare(b.end-b.start, a.end-a.start); c != 0 {
			return c
		}
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	// Each group's kept spans never overlap, so sorted by start they are
	// also sorted by end, and one binary search finds a conflict.
	var all []candidate
	var byLabel map[string][]candidate
	if allowOverlap {
		byLabel = make(map[string][]candidate)
	}
	kept := candidates[:0] // never passes the candidate being read
	for _, c := range candidates {
		group := all
		if allowOverlap {
			group = byLabel[suggestions[c.index].Label]
		}
		i, _ := slices.BinarySearchFunc(group, c.end, func(k candidate, end int) int { return cmp.Compare(k.start, end) })
		if i > 0 && group[i-1].end > c.start {
			continue
		}
		group = slices.Insert(group, i, c)
		if allowOverlap {
			byLabel[suggestions[c.index].Label] = group
		} else {
			all = group
		}
		kept = append(kept, c)
	}
	slices.SortFunc(kept, func(a, b candidate) int {
		if c := model.CompareSpans(suggestions[a.index], suggestions[b.index]); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	chosen := make([]int, len(kept))
	for k, c := range kept {
		chosen[k] = c.index
	}
	return chosen
}
