package agree_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
)

// news is tokenized as
//
//	Putin met   Erdogan in      Moscow  on      Thursday .
//	[0,5) [6,9) [10,17) [18,20) [21,27) [28,30) [31,39)  [39,40)
const news = "Putin met Erdogan in Moscow on Thursday."

func sp(start, end int, label string) model.Span {
	return model.Span{Start: start, End: end, Label: label}
}

// alice and bob annotate news:
//
//	token     alice   bob
//	Putin     ACTOR   ACTOR    same span [0,5)
//	met       O       O
//	Erdogan   ACTOR   PLACE    same offsets [10,17), other label
//	in        O       PLACE    bob's "in Moscow" [18,27) ...
//	Moscow    PLACE   PLACE    ... against alice's "Moscow" [21,27)
//	on        O       O
//	Thursday  O       FIGURE   only bob
//	.         O       O
var (
	alice = []model.Span{sp(0, 5, "ACTOR"), sp(10, 17, "ACTOR"), sp(21, 27, "PLACE")}
	bob   = []model.Span{sp(0, 5, "ACTOR"), sp(10, 17, "PLACE"), sp(18, 27, "PLACE"), sp(31, 39, "FIGURE")}
)

func report(opts agree.Options, docs ...agree.Document) agree.Report {
	acc := agree.NewAccumulator(opts)
	for _, d := range docs {
		acc.Add(d)
	}
	return acc.Report()
}

// pairOf returns the report's pair of a and b, a < b.
func pairOf(tb testing.TB, r agree.Report, a, b string) agree.Pair {
	tb.Helper()
	for _, p := range r.Pairs {
		if p.A == a && p.B == b {
			return p
		}
	}
	tb.Fatalf("no pair %s, %s in %+v", a, b, r.Pairs)
	return agree.Pair{}
}

func TestTwoAnnotators(t *testing.T) {
	r := report(agree.Options{}, agree.Document{ID: "d1", Text: news, Sets: map[string][]model.Span{"bob": bob, "alice": alice}})
	if got, want := len(r.Pairs), 1; got != want {
		t.Fatalf("pairs = %d, want %d", got, want)
	}
	p := pairOf(t, r, "alice", "bob")
	if got, want := p.Documents, 1; got != want {
		t.Fatalf("documents = %d, want %d", got, want)
	}
	if got, want := p.Tokens, 8; got != want {
		t.Fatalf("tokens = %d, want %d", got, want)
	}
	if got, want := p.Counts, (agree.Counts{SpansA: 3, SpansB: 4, Matched: 1, MatchedOverlap: 2}); got != want {
		t.Fatalf("counts = %+v, want %+v", got, want)
	}

	// Exact: only Putin matches. F1 = 2·1 / (3 + 4) = 2/7.
	near(t, "span_f1", p.SpanF1, 2.0/7)
	// Overlap: Putin-Putin and Moscow-"in Moscow" (both PLACE); Erdogan
	// differs in label. F1 = 2·2 / 7 = 4/7.
	near(t, "span_f1_overlap", p.SpanF1Overlap, 4.0/7)

	// Tokens, alice by row, bob by column:
	//            O  ACTOR PLACE FIGURE   alice's total
	//   O        3    .     1     1        5   (met on . | in | Thursday)
	//   ACTOR    .    1     1     .        2   (Putin | Erdogan)
	//   PLACE    .    .     1     .        1   (Moscow)
	//   bob's    3    1     3     1        8
	// p_o = (3 + 1 + 1) / 8 = 5/8
	// p_e = (5·3 + 2·1 + 1·3 + 0·1) / 8² = 20/64
	// κ = (40/64 − 20/64) / (44/64) = 20/44 = 5/11
	near(t, "token_kappa", p.TokenKappa, 5.0/11)

	for _, tc := range []struct {
		label            string
		f1, overlap, tok float64
		counts           agree.Counts
	}{
		// ACTOR: alice 2, bob 1, Putin matches both ways: F1 = 2/3.
		// Tokens ACTOR or not: both ACTOR 1 (Putin), only alice 1
		// (Erdogan), neither 6. p_o = 7/8; alice 2 of 8 ACTOR, bob 1:
		// p_e = (2·1 + 6·7) / 64 = 44/64; κ = (56 − 44) / (64 − 44) = 0.6.
		{"ACTOR", 2.0 / 3, 2.0 / 3, 0.6, agree.Counts{SpansA: 2, SpansB: 1, Matched: 1, MatchedOverlap: 1}},
		// PLACE: alice 1 (Moscow), bob 2 (Erdogan, in Moscow). Exact 0,
		// overlap 1: F1 0, overlap F1 2/3. Tokens: both PLACE 1
		// (Moscow), only bob 2 (Erdogan, in), neither 5. p_o = 6/8;
		// p_e = (1·3 + 7·5) / 64 = 38/64; κ = (48 − 38) / (64 − 38) = 10/26.
		{"PLACE", 0, 2.0 / 3, 10.0 / 26, agree.Counts{SpansA: 1, SpansB: 2, MatchedOverlap: 1}},
		// FIGURE: bob's Thursday only. F1 = 0 / 1. Tokens: p_o = 7/8,
		// p_e = (0·1 + 8·7) / 64 = 56/64, κ = (56 − 56) / 8 = 0.
		{"FIGURE", 0, 0, 0, agree.Counts{SpansB: 1}},
	} {
		t.Run(tc.label, func(t *testing.T) {
			l, ok := p.PerLabel[tc.label]
			if !ok {
				t.Fatalf("no %s in per_label %v", tc.label, p.PerLabel)
			}
			near(t, "f1", l.F1, tc.f1)
			near(t, "f1_overlap", l.F1Overlap, tc.overlap)
			near(t, "token_kappa", l.TokenKappa, tc.tok)
			if got, want := l.Counts, tc.counts; got != want {
				t.Fatalf("counts = %+v, want %+v", got, want)
			}
		})
	}
	if got, want := len(p.PerLabel), 3; got != want {
		t.Fatalf("per_label has %d labels, want %d", got, want)
	}
	if r.Fleiss != nil {
		t.Fatalf("fleiss = %+v with two annotators, want nil", r.Fleiss)
	}
	if got, want := r.Documents, []agree.DocumentAgreement{{ID: "d1", Annotators: []string{"alice", "bob"}, Agreement: 2.0 / 7}}; !sameDocs(got, want) {
		t.Fatalf("documents = %+v, want %+v", got, want)
	}
}

func sameDocs(got, want []agree.DocumentAgreement) bool {
	return slices.EqualFunc(got, want, func(x, y agree.DocumentAgreement) bool {
		return x.ID == y.ID && slices.Equal(x.Annotators, y.Annotators) && x.Agreement-y.Agreement < 1e-9 && y.Agreement-x.Agreement < 1e-9
	})
}

// TestMicroAverage: counts add up over documents before any division, and
// only documents both annotators have a set on count.
func TestMicroAverage(t *testing.T) {
	r := report(agree.Options{},
		agree.Document{ID: "d1", Text: news, Sets: map[string][]model.Span{"alice": alice, "bob": bob}},
		// "Erdogan"[0,7) "spoke"[8,13) "."[13,14): both mark Erdogan.
		agree.Document{ID: "d2", Text: "Erdogan spoke.", Sets: map[string][]model.Span{
			"alice": {sp(0, 7, "ACTOR")}, "bob": {sp(0, 7, "ACTOR")},
		}},
		// Only alice: not shared, so no part of the pair.
		agree.Document{ID: "d3", Text: news, Sets: map[string][]model.Span{"alice": alice}},
	)
	p := pairOf(t, r, "alice", "bob")
	if got, want := p.Documents, 2; got != want {
		t.Fatalf("documents = %d, want %d", got, want)
	}
	// Exact: d1 3 + 4 spans, 1 match; d2 1 + 1, 1 match.
	// F1 = 2·(1 + 1) / (4 + 5) = 4/9, not the mean of d1's 2/7 and d2's 1.
	near(t, "span_f1", p.SpanF1, 4.0/9)
	// d2 adds ACTOR/ACTOR 1 and O/O 2 to d1's matrix: 11 tokens,
	// agreed 5 + 3 = 8. alice: O 7, ACTOR 3, PLACE 1; bob: O 5, ACTOR 2,
	// PLACE 3, FIGURE 1.
	// p_e = (7·5 + 3·2 + 1·3) / 11² = 44/121 = 4/11
	// κ = (8/11 − 4/11) / (1 − 4/11) = 4/7
	near(t, "token_kappa", p.TokenKappa, 4.0/7)
	// Worst first: d1 at 2/7 before d2 at 1; d3 has one annotator.
	want := []agree.DocumentAgreement{
		{ID: "d1", Annotators: []string{"alice", "bob"}, Agreement: 2.0 / 7},
		{ID: "d2", Annotators: []string{"alice", "bob"}, Agreement: 1},
	}
	if got := r.Documents; !sameDocs(got, want) {
		t.Fatalf("documents = %+v, want %+v", got, want)
	}
	if got, want := r.Annotators, []string{"alice", "bob"}; !slices.Equal(got, want) {
		t.Fatalf("annotators = %v, want %v", got, want)
	}
}

func TestThreeAnnotators(t *testing.T) {
	carol := slices.Clone(alice)
	r := report(agree.Options{}, agree.Document{ID: "d1", Text: news, Sets: map[string][]model.Span{"alice": alice, "bob": bob, "carol": carol}})

	if got, want := len(r.Pairs), 3; got != want {
		t.Fatalf("pairs = %d, want %d", got, want)
	}
	// carol made alice's spans: they agree fully; bob stands to carol as
	// to alice.
	ac := pairOf(t, r, "alice", "carol")
	near(t, "alice-carol span_f1", ac.SpanF1, 1)
	near(t, "alice-carol span_f1_overlap", ac.SpanF1Overlap, 1)
	near(t, "alice-carol token_kappa", ac.TokenKappa, 1)
	bc := pairOf(t, r, "bob", "carol")
	near(t, "bob-carol span_f1", bc.SpanF1, 2.0/7)
	near(t, "bob-carol token_kappa", bc.TokenKappa, 5.0/11)
	// Document: mean of 1, 2/7, 2/7 = (7 + 2 + 2) / 21 = 11/21.
	near(t, "document agreement", r.Documents[0].Agreement, 11.0/21)

	// Fleiss: each token rated by three, counts of O / ACTOR / PLACE / FIGURE
	// and P_i = Σ n(n−1) / (3·2):
	//   Putin     0 3 0 0   6/6 = 1
	//   met       3 0 0 0   1
	//   Erdogan   0 2 1 0   2/6 = 1/3  (bob PLACE)
	//   in        2 0 1 0   1/3        (bob PLACE)
	//   Moscow    0 0 3 0   1
	//   on        3 0 0 0   1
	//   Thursday  2 0 0 1   1/3        (bob FIGURE)
	//   .         3 0 0 0   1
	//   totals   13 5 5 1   of 24 ratings
	// P̄ = (5 + 3·1/3) / 8 = 6/8 = 432/576
	// P̄_e = (13² + 5² + 5² + 1²) / 24² = 220/576
	// κ = (432 − 220) / (576 − 220) = 212/356 = 53/89
	f := r.Fleiss
	if f == nil {
		t.Fatal("fleiss = nil with three annotators")
	}
	near(t, "fleiss", f.Kappa, 53.0/89)
	if got, want := f.Annotators, []string{"alice", "bob", "carol"}; !slices.Equal(got, want) {
		t.Fatalf("fleiss annotators = %v, want %v", got, want)
	}
	if got, want := f.Documents, 1; got != want {
		t.Fatalf("fleiss documents = %d, want %d", got, want)
	}
	if got, want := f.Tokens, 8; got != want {
		t.Fatalf("fleiss tokens = %d, want %d", got, want)
	}
	// Per label, the label against the rest; only tokens where someone
	// chose the label have P_i below 1.
	//   ACTOR: Erdogan 2 of 3: P = (2·1 + 1·0) / 6 = 1/3.
	//     P̄ = (7 + 1/3) / 8 = 22/24 = 528/576; p = 5/24,
	//     P̄_e = (5² + 19²) / 24² = 386/576; κ = (528 − 386) / (576 − 386) = 142/190
	//   PLACE: Erdogan and in 1 of 3: P = (0 + 2·1) / 6 = 1/3 each.
	//     P̄ = (6 + 2/3) / 8 = 480/576; p = 5/24, P̄_e = 386/576;
	//     κ = (480 − 386) / 190 = 94/190
	//   FIGURE: Thursday 1 of 3: P = 1/3. P̄ = 528/576; p = 1/24,
	//     P̄_e = (1 + 23²) / 576 = 530/576; κ = (528 − 530) / (576 − 530) = −2/46
	for label, want := range map[string]float64{"ACTOR": 142.0 / 190, "PLACE": 94.0 / 190, "FIGURE": -2.0 / 46} {
		near(t, "fleiss "+label, f.PerLabel[label].Kappa, want)
	}
	if got, want := len(f.PerLabel), 3; got != want {
		t.Fatalf("fleiss per_label has %d labels, want %d", got, want)
	}
}

func TestGold(t *testing.T) {
	gold := []model.Span{sp(0, 5, "ACTOR"), sp(10, 17, "ACTOR"), sp(21, 27, "PLACE")}
	r := report(agree.Options{},
		agree.Document{ID: "d1", Text: news, Sets: map[string][]model.Span{"alice": alice, "bob": bob}, Gold: gold, HasGold: true},
		// Without gold: counts for the pair, not against gold.
		agree.Document{ID: "d2", Text: news, Sets: map[string][]model.Span{"alice": nil, "bob": bob}},
	)
	if got, want := len(r.Gold), 2; got != want {
		t.Fatalf("gold entries = %d, want %d", got, want)
	}
	a, b := r.Gold[0], r.Gold[1]
	if a.Annotator != "alice" || b.Annotator != "bob" {
		t.Fatalf("gold annotators = %s, %s, want alice, bob", a.Annotator, b.Annotator)
	}
	if got, want := b.Documents, 1; got != want {
		t.Fatalf("documents = %d, want %d", got, want)
	}
	// alice made exactly the gold spans.
	if got, want := a.Score, (agree.Score{Precision: 1, Recall: 1, F1: 1, TP: 3}); got != want {
		t.Fatalf("alice = %+v, want %+v", got, want)
	}
	// bob: 4 spans, gold 3, only Putin in both.
	// P = 1/4, R = 1/3, F1 = 2·1 / (4 + 3) = 2/7 (= 2PR / (P + R) = (1/6) / (7/12)).
	nearScore(t, "bob", b.Score, agree.Score{Precision: 1.0 / 4, Recall: 1.0 / 3, F1: 2.0 / 7, TP: 1, FP: 3, FN: 2})
	for label, want := range map[string]agree.Score{
		// Putin of gold's Putin and Erdogan.
		"ACTOR": {Precision: 1, Recall: 0.5, F1: 2.0 / 3, TP: 1, FN: 1},
		// Erdogan and "in Moscow" against Moscow.
		"PLACE": {Precision: 0, Recall: 0, F1: 0, FP: 2, FN: 1},
		// Gold has no FIGURE: nothing to find, so recall is 1 by
		// convention, and F1 = 0 / (1 + 0) = 0 shows the false positive.
		"FIGURE": {Precision: 0, Recall: 1, F1: 0, FP: 1},
	} {
		nearScore(t, "bob "+label, b.PerLabel[label], want)
	}
}

func nearScore(tb testing.TB, what string, got, want agree.Score) {
	tb.Helper()
	near(tb, what+" precision", got.Precision, want.Precision)
	near(tb, what+" recall", got.Recall, want.Recall)
	near(tb, what+" f1", got.F1, want.F1)
	if [3]int{got.TP, got.FP, got.FN} != [3]int{want.TP, want.FP, want.FN} {
		tb.Fatalf("%s tp, fp, fn = %d, %d, %d, want %d, %d, %d", what, got.TP, got.FP, got.FN, want.TP, want.FP, want.FN)
	}
}

func TestGoldNothingMarked(t *testing.T) {
	// An annotator with no spans claims nothing wrong (precision 1 by
	// convention) and finds nothing (recall 0, F1 0).
	r := report(agree.Options{}, agree.Document{ID: "d1", Text: news, Sets: map[string][]model.Span{"alice": {}}, Gold: alice, HasGold: true})
	if got, want := r.Gold[0].Score, (agree.Score{Precision: 1, Recall: 0, F1: 0, FN: 3}); got != want {
		t.Fatalf("score = %+v, want %+v", got, want)
	}
	if len(r.Pairs) != 0 || len(r.Documents) != 0 {
		t.Fatalf("pairs = %v, documents = %v with one annotator, want none", r.Pairs, r.Documents)
	}
}

func TestLabelFilter(t *testing.T) {
	r := report(agree.Options{Label: "PLACE"}, agree.Document{ID: "d1", Text: news, Sets: map[string][]model.Span{"alice": alice, "bob": bob}})
	p := pairOf(t, r, "alice", "bob")
	// Only PLACE: alice's Moscow against bob's Erdogan and "in Moscow".
	// Exact 0: F1 = 0. Overlap 1: F1 = 2 / 3.
	near(t, "span_f1", p.SpanF1, 0)
	near(t, "span_f1_overlap", p.SpanF1Overlap, 2.0/3)
	// Tokens are PLACE or O, the binary PLACE kappa of TestTwoAnnotators.
	near(t, "token_kappa", p.TokenKappa, 10.0/26)
	if _, ok := p.PerLabel["ACTOR"]; ok || len(p.PerLabel) != 1 {
		t.Fatalf("per_label = %v, want PLACE only", p.PerLabel)
	}
	if got, want := r.Label, "PLACE"; got != want {
		t.Fatalf("label = %q, want %q", got, want)
	}
	near(t, "document agreement", r.Documents[0].Agreement, 0)
}

func TestNothingMarked(t *testing.T) {
	// Two annotators agree there is nothing to mark: F1 0/0 and kappa
	// with p_e = 1 are both reported as 1. A third with one span makes
	// alice-carol and bob-carol F1 = 2·0 / (0 + 1) = 0.
	r := report(agree.Options{}, agree.Document{ID: "d1", Text: news, Sets: map[string][]model.Span{
		"alice": nil, "bob": {}, "carol": {sp(0, 5, "ACTOR")},
	}})
	ab := pairOf(t, r, "alice", "bob")
	near(t, "span_f1", ab.SpanF1, 1)
	near(t, "span_f1_overlap", ab.SpanF1Overlap, 1)
	near(t, "token_kappa", ab.TokenKappa, 1)
	if len(ab.PerLabel) != 0 {
		t.Fatalf("per_label = %v, want none", ab.PerLabel)
	}
	ac := pairOf(t, r, "alice", "carol")
	near(t, "alice-carol span_f1", ac.SpanF1, 0)
	// Tokens: carol's Putin against O, 7 O/O: p_o = 7/8,
	// p_e = (8·7 + 0·1) / 64 = 56/64, κ = 0.
	near(t, "alice-carol token_kappa", ac.TokenKappa, 0)
	// No text, no tokens: kappa 1 by convention.
	r = report(agree.Options{}, agree.Document{ID: "d2", Sets: map[string][]model.Span{"alice": nil, "bob": nil}})
	near(t, "empty text token_kappa", pairOf(t, r, "alice", "bob").TokenKappa, 1)
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
}

// TestOverlapOneToOne: a's long span overlaps both of b's, but a's other
// span overlaps only one of them; the matching finds both pairs, where
// matching in text order would take b's first span for a's first and leave
// a's second alone.
func TestOverlapOneToOne(t *testing.T) {
	//            0         1
	//            0123456789012
	// a1 ACTOR   ==========         [0,10)
	// a2 ACTOR            ==        [9,11)
	// b1 ACTOR      =========       [3,12)
	// b2 ACTOR        =             [5,6)
	a := []model.Span{sp(0, 10, "ACTOR"), sp(9, 11, "ACTOR")}
	b := []model.Span{sp(3, 12, "ACTOR"), sp(5, 6, "ACTOR")}
	for _, names := range [][2]string{{"a", "b"}, {"b", "a"}} {
		r := report(agree.Options{}, agree.Document{ID: "d", Text: "abcdefghijklm", Sets: map[string][]model.Span{names[0]: a, names[1]: b}})
		p := r.Pairs[0]
		// a1-b2 and a2-b1: F1 = 2·2 / (2 + 2) = 1.
		near(t, "span_f1_overlap", p.SpanF1Overlap, 1)
		near(t, "span_f1", p.SpanF1, 0)
	}
	// One long span against three short ones matches one of them:
	// F1 = 2·1 / (1 + 3) = 0.5.
	r := report(agree.Options{}, agree.Document{ID: "d", Sets: map[string][]model.Span{
		"a": {sp(0, 12, "ACTOR")},
		"b": {sp(0, 2, "ACTOR"), sp(4, 6, "ACTOR"), sp(8, 10, "ACTOR")},
	}})
	near(t, "span_f1_overlap", r.Pairs[0].SpanF1Overlap, 0.5)
	// Overlap with a different label is no match.
	r = report(agree.Options{}, agree.Document{ID: "d", Sets: map[string][]model.Span{
		"a": {sp(0, 12, "ACTOR")}, "b": {sp(0, 12, "PLACE")},
	}})
	near(t, "span_f1_overlap", r.Pairs[0].SpanF1Overlap, 0)
}

// TestTokenLabels checks which label a token gets, through token kappa
// against alice, who marked the whole name.
func TestTokenLabels(t *testing.T) {
	// "Recep"[0,5) "Tayyip"[6,12) "Erdogan"[13,20) "spoke"[21,26)
	const text = "Recep Tayyip Erdogan spoke"
	whole := []model.Span{sp(0, 20, "ACTOR")} // ACTOR ACTOR ACTOR O
	for _, tc := range []struct {
		name   string
		spans  []model.Span
		kappa  float64
		spanF1 float64
	}{
		// A nested PLACE inside the same start: the longer span wins,
		// tokens as alice's, κ = 1. Exact F1 = 2·1 / (1 + 2) = 2/3.
		{"LongerWins", []model.Span{sp(0, 5, "PLACE"), sp(0, 20, "ACTOR")}, 1, 2.0 / 3},
		// "cep Tayyip Erdog" cuts Recep and Erdogan but touches them:
		// all three are ACTOR, κ = 1, though no span matches exactly.
		{"PartialCovers", []model.Span{sp(2, 18, "ACTOR")}, 1, 0},
		// Spans on white space only cover no token: all O against
		// alice's ACTOR ACTOR ACTOR O. p_o = 1/4, p_e = (3·0 + 1·4)/16 =
		// 4/16, κ = 0.
		{"WhiteSpaceCoversNothing", []model.Span{sp(5, 6, "ACTOR")}, 0, 0},
		// "Recep Tayyip" ACTOR and "Tayyip Erdogan" PLACE: Tayyip goes to
		// the one starting first. ACTOR ACTOR PLACE O against alice's:
		// p_o = 3/4; alice ACTOR 3, O 1; this one ACTOR 2, PLACE 1, O 1:
		// p_e = (3·2 + 1·1) / 16 = 7/16; κ = (12 − 7) / (16 − 7) = 5/9.
		{"EarlierWins", []model.Span{sp(6, 20, "PLACE"), sp(0, 12, "ACTOR")}, 5.0 / 9, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := report(agree.Options{}, agree.Document{ID: "d", Text: text, Sets: map[string][]model.Span{"alice": whole, "bob": tc.spans}})
			p := pairOf(t, r, "alice", "bob")
			near(t, "token_kappa", p.TokenKappa, tc.kappa)
			near(t, "span_f1", p.SpanF1, tc.spanF1)
		})
	}
}

func TestDuplicateSpansCountOnce(t *testing.T) {
	r := report(agree.Options{}, agree.Document{ID: "d", Text: news, Sets: map[string][]model.Span{
		"alice": {sp(0, 5, "ACTOR"), sp(0, 5, "ACTOR")}, "bob": {sp(0, 5, "ACTOR")},
	}})
	if got, want := r.Pairs[0].Counts, (agree.Counts{SpansA: 1, SpansB: 1, Matched: 1, MatchedOverlap: 1}); got != want {
		t.Fatalf("counts = %+v, want %+v", got, want)
	}
}

// TestAddKeepsNothing: the accumulator neither reorders nor keeps the
// caller's spans.
func TestAddKeepsNothing(t *testing.T) {
	spans := []model.Span{sp(21, 27, "PLACE"), sp(0, 5, "ACTOR")}
	acc := agree.NewAccumulator(agree.Options{})
	acc.Add(agree.Document{ID: "d", Text: news, Sets: map[string][]model.Span{"alice": spans, "bob": bob}})
	if spans[0].Start != 21 {
		t.Fatalf("Add reordered the caller's spans: %v", spans)
	}
	before := acc.Report()
	spans[0].Label = "FIGURE"
	if got, want := acc.Report().Pairs[0].SpanF1, before.Pairs[0].SpanF1; got != want {
		t.Fatalf("span_f1 changed to %v after the caller's spans did, want %v", got, want)
	}
}

func TestReportJSON(t *testing.T) {
	r := report(agree.Options{}, agree.Document{ID: "d1", Text: news, Sets: map[string][]model.Span{"alice": alice, "bob": bob, "carol": alice}})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Pairs  []map[string]any `json:"pairs"`
		Fleiss map[string]any   `json:"fleiss"`
		Gold   any              `json:"gold"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	first := got.Pairs[0]
	for _, key := range []string{"a", "b", "span_f1", "span_f1_overlap", "token_kappa", "documents", "per_label", "spans_a", "matched"} {
		if _, ok := first[key]; !ok {
			t.Fatalf("pair lacks %q: %s", key, b)
		}
	}
	if got, want := first["a"], "alice"; got != want {
		t.Fatalf("a = %v, want %v", got, want)
	}
	actor := first["per_label"].(map[string]any)["ACTOR"].(map[string]any)
	for _, key := range []string{"f1", "f1_overlap", "token_kappa"} {
		if _, ok := actor[key]; !ok {
			t.Fatalf("per_label ACTOR lacks %q: %s", key, b)
		}
	}
	if got.Fleiss["kappa"] == nil {
		t.Fatalf("fleiss lacks kappa: %s", b)
	}
	if got.Gold != nil {
		t.Fatalf("gold = %v without gold documents, want it left out", got.Gold)
	}
	if b, _ := json.Marshal(agree.NewAccumulator(agree.Options{}).Report()); !strings.Contains(string(b), `"pairs":[]`) {
		t.Fatalf("empty report = %s, want an empty pairs list", b)
	}
}

// TestSeedIdentical runs the seed article through three annotators who
// marked the same names.
func TestSeedIdentical(t *testing.T) {
	text := seed(t)
	var spans []model.Span
	for _, name := range []struct{ word, label string }{{"Putin", "ACTOR"}, {"Erdogan", "ACTOR"}, {"Moscow", "PLACE"}, {"Idlib", "PLACE"}} {
		for i := 0; ; {
			k := strings.Index(text[i:], name.word)
			if k < 0 {
				break
			}
			start := utf8.RuneCountInString(text[:i+k])
			spans = append(spans, sp(start, start+utf8.RuneCountInString(name.word), name.label))
			i += k + len(name.word)
		}
	}
	if len(spans) < 10 {
		t.Fatalf("found %d names in the seed, want at least 10", len(spans))
	}
	sets := map[string][]model.Span{"alice": spans, "bob": spans, "carol": spans}
	r := report(agree.Options{}, agree.Document{ID: "idlib", Text: text, Sets: sets})
	for _, p := range r.Pairs {
		near(t, p.A+"-"+p.B+" span_f1", p.SpanF1, 1)
		near(t, p.A+"-"+p.B+" token_kappa", p.TokenKappa, 1)
	}
	near(t, "fleiss", r.Fleiss.Kappa, 1)
	if r.Fleiss.Tokens < 400 {
		t.Fatalf("fleiss tokens = %d, want the article's 400 and more", r.Fleiss.Tokens)
	}
	near(t, "disagreement", agree.Disagreement(sets), 0)
}

func seed(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("../../testdata/idlib-talks.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
