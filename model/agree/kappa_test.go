package agree_test

import (
	"math"
	"testing"

	"github.com/inkspan/inkspan/model/agree"
)

// near fails the test unless got is within 1e-9 of want.
func near(tb testing.TB, what string, got, want float64) {
	tb.Helper()
	if math.Abs(got-want) > 1e-9 {
		tb.Fatalf("%s = %.12g, want %.12g", what, got, want)
	}
}

// TestCohenKappaTextbook is the example in Wikipedia's "Cohen's kappa": 50
// grant proposals, each read by A and B, yes or no.
func TestCohenKappaTextbook(t *testing.T) {
	//            B yes  B no
	// A yes        20     5    A said yes to 25 of 50: 0.5
	// A no         10    15    B said yes to 30 of 50: 0.6
	//
	// p_o = (20 + 15) / 50 = 0.7
	// p_e = 0.5·0.6 (both yes by chance) + 0.5·0.4 (both no) = 0.3 + 0.2 = 0.5
	// κ = (0.7 − 0.5) / (1 − 0.5) = 0.4
	near(t, "kappa", agree.CohenKappa([][]float64{{20, 5}, {10, 15}}), 0.4)
}

func TestCohenKappa(t *testing.T) {
	t.Run("Perfect", func(t *testing.T) {
		near(t, "kappa", agree.CohenKappa([][]float64{{3, 0, 0}, {0, 4, 0}, {0, 0, 1}}), 1)
	})
	t.Run("OppositeEverywhere", func(t *testing.T) {
		// p_o = 0; p_e = (5·5 + 5·5) / 10² = 0.5; κ = (0 − 0.5) / 0.5 = −1
		near(t, "kappa", agree.CohenKappa([][]float64{{0, 5}, {5, 0}}), -1)
	})
	t.Run("ChanceIsOne", func(t *testing.T) {
		// Both put all 5 items in the first category: p_o = p_e = 1,
		// 0/0, which the package reports as perfect agreement.
		near(t, "kappa", agree.CohenKappa([][]float64{{5, 0}, {0, 0}}), 1)
	})
	t.Run("Empty", func(t *testing.T) {
		near(t, "kappa", agree.CohenKappa(nil), 1)
		near(t, "kappa", agree.CohenKappa([][]float64{{0, 0}, {0, 0}}), 1)
	})
}

// TestFleissKappaTextbook is Fleiss (1971) as worked in Wikipedia's "Fleiss'
// kappa": 14 raters put each of 10 subjects in one of 5 categories.
func TestFleissKappaTextbook(t *testing.T) {
	counts := [][]int{
		//  1  2  3  4   5     Σ_j n_ij(n_ij−1)             P_i = that / (14·13 = 182)
		{0, 0, 0, 0, 14}, // 14·13 = 182                   1.000
		{0, 2, 6, 4, 2},  // 2 + 30 + 12 + 2 = 46          0.253
		{0, 0, 3, 5, 6},  // 6 + 20 + 30 = 56              0.308
		{0, 3, 9, 2, 0},  // 6 + 72 + 2 = 80               0.440
		{2, 2, 8, 1, 1},  // 2 + 2 + 56 = 60               0.330
		{7, 7, 0, 0, 0},  // 42 + 42 = 84                  0.462
		{3, 2, 6, 3, 0},  // 6 + 2 + 30 + 6 = 44           0.242
		{2, 5, 3, 2, 2},  // 2 + 20 + 6 + 2 + 2 = 32       0.176
		{6, 5, 2, 1, 0},  // 30 + 20 + 2 = 52              0.286
		{0, 2, 2, 3, 7},  // 2 + 2 + 6 + 42 = 52           0.286
	}
	// Σ over subjects: 688, so P̄ = 688 / (10·182) = 0.378022.
	// Column totals 20, 28, 39, 21, 32 of 140 ratings:
	// p_j = 0.143, 0.200, 0.279, 0.150, 0.229 and
	// P̄_e = (20² + 28² + 39² + 21² + 32²) / 140² = 4170 / 19600 = 0.212755.
	// κ = (0.378022 − 0.212755) / (1 − 0.212755) = 0.209930, Wikipedia's 0.210.
	pBar := 688.0 / 1820
	pe := 4170.0 / 19600
	near(t, "kappa", agree.FleissKappa(counts), (pBar-pe)/(1-pe))
	if got := agree.FleissKappa(counts); math.Abs(got-0.210) > 0.0005 {
		t.Fatalf("kappa = %.4f, want 0.210 as published", got)
	}
}

func TestFleissKappa(t *testing.T) {
	t.Run("UnequalRaters", func(t *testing.T) {
		counts := [][]int{
			{2, 1}, // 3 raters: P = (2·1 + 0) / (3·2) = 1/3
			{0, 2}, // 2 raters: P = 2·1 / (2·1) = 1
			{4, 0}, // 4 raters: P = 4·3 / (4·3) = 1
			{1, 0}, // 1 rater: no pair to agree, skipped
		}
		// P̄ = (1/3 + 1 + 1) / 3 = 7/9
		// 9 ratings: 6 in the first category, 3 in the second:
		// P̄_e = (6/9)² + (3/9)² = 5/9
		// κ = (7/9 − 5/9) / (1 − 5/9) = (2/9) / (4/9) = 0.5
		near(t, "kappa", agree.FleissKappa(counts), 0.5)
	})
	t.Run("OneCategory", func(t *testing.T) {
		near(t, "kappa", agree.FleissKappa([][]int{{3, 0}, {4, 0}}), 1)
	})
	t.Run("Empty", func(t *testing.T) {
		near(t, "kappa", agree.FleissKappa(nil), 1)
		near(t, "kappa", agree.FleissKappa([][]int{{1, 0}, {0, 1}}), 1)
	})
}
