package storage

import (
	"math/rand/v2"
	"testing"

	"github.com/inkspan/inkspan/model"
)

// TestFitsIn compares fitsIn with checking every pair, on random spans,
// stored ones overlapping each other included (a project can hold them
// from before it forbade overlaps, or from an import).
func TestFitsIn(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 3))
	random := func(n int) []model.Span {
		spans := make([]model.Span, n)
		for i := range spans {
			start := rng.IntN(200)
			spans[i] = model.Span{Start: start, End: start + 1 + rng.IntN(15), Label: []string{"ACTOR", "PLACE"}[rng.IntN(2)]}
		}
		return spans
	}
	fits := 0
	for trial := range 3000 {
		existing, adds := random(rng.IntN(12)), random(1+rng.IntN(6))
		overlap := trial%2 == 0
		want := true
		for i, a := range adds {
			if model.CheckAddition(append(existing[:len(existing):len(existing)], adds[:i]...), a, overlap) != nil {
				want = false
			}
		}
		if got := fitsIn(existing, adds, overlap); got != want {
			t.Fatalf("fitsIn(%v, %v, overlap %v) = %v, want %v", existing, adds, overlap, got, want)
		}
		if want {
			fits++
		}
	}
	if fits < 300 || fits > 2700 {
		t.Fatalf("%d of 3000 trials fit: the cases are lopsided", fits)
	}
}
