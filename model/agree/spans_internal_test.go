package agree

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestOverlapMatchesIsMaximum checks the greedy matching against augmenting
// paths (Kuhn's algorithm), which find a maximum matching by brute force,
// on many small random sets of nested and crossing spans.
func TestOverlapMatchesIsMaximum(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	random := func() []span {
		s := make([]span, rng.IntN(7))
		for i := range s {
			start := rng.IntN(20)
			s[i] = span{start: start, end: start + 1 + rng.IntN(8), cat: int32(1 + rng.IntN(2))}
		}
		slices.SortFunc(s, cmpEnd)
		return s
	}
	for range 20000 {
		a, b := random(), random()
		tl := tally(nil).grown(3)
		overlapMatches(a, b, tl, make([]bool, len(b)))
		if got, want := tl.sum().overlap, maxMatching(a, b); got != want {
			t.Fatalf("greedy matched %d, maximum is %d\na = %v\nb = %v", got, want, a, b)
		}
		tl = tally(nil).grown(3)
		overlapMatches(b, a, tl, make([]bool, len(a)))
		if got, want := tl.sum().overlap, maxMatching(a, b); got != want {
			t.Fatalf("greedy matched %d from b's side, maximum is %d\na = %v\nb = %v", got, want, a, b)
		}
	}
}

func maxMatching(a, b []span) int {
	owner := make([]int, len(b))
	for j := range owner {
		owner[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j, y := range b {
			x := a[i]
			if seen[j] || x.cat != y.cat || x.start >= y.end || y.start >= x.end {
				continue
			}
			seen[j] = true
			if owner[j] < 0 || try(owner[j], seen) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	n := 0
	for i := range a {
		if try(i, make([]bool, len(b))) {
			n++
		}
	}
	return n
}
