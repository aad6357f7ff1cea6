package agree_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
)

// marks writes marks one a line as "[start,end) LABEL kind by,by".
func marks(ms []agree.Mark) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("[%d,%d) %s %s %s", m.Span.Start, m.Span.End, m.Span.Label, m.Kind, strings.Join(m.By, ",")))
	}
	return out
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name string
		sets map[string][]model.Span
		want []string
	}{
		{
			// news: Putin [0,5) Erdogan [10,17) in [18,20) Moscow [21,27) on
			// [28,30) Thursday [31,39) . [39,40)
			name: "EachKind",
			sets: map[string][]model.Span{
				"alice": {sp(0, 5, "ACTOR"), sp(10, 17, "ACTOR"), sp(21, 27, "PLACE"), sp(31, 39, "FIGURE")},
				"bob":   {sp(0, 5, "ACTOR"), sp(10, 17, "PLACE"), sp(18, 27, "PLACE"), sp(31, 40, "PLACE")},
				"carol": {sp(0, 5, "ACTOR"), sp(10, 17, "ACTOR"), sp(21, 27, "PLACE"), sp(45, 50, "ACTOR")},
			},
			want: []string{
				"[0,5) ACTOR agreed alice,bob,carol",
				"[10,17) ACTOR label alice,carol",    // bob: PLACE on the same offsets
				"[10,17) PLACE label bob",            // missing from alice and carol too, but the label says more
				"[18,27) PLACE boundary bob",         // alice and carol: PLACE [21,27)
				"[21,27) PLACE boundary alice,carol", // bob: PLACE [18,27)
				"[31,39) FIGURE overlap alice",       // bob: PLACE [31,40), other label and end
				"[31,40) PLACE overlap bob",          // alice: FIGURE [31,39)
				"[45,50) ACTOR partial carol",        // no one else near
			},
		},
		{
			// x: alice's ACTOR [10,17) meets bob's PLACE on the same offsets
			// and carol's ACTOR [10,15): label conflict beats boundary.
			name: "LabelBeatsBoundary",
			sets: map[string][]model.Span{
				"alice": {sp(10, 17, "ACTOR")},
				"bob":   {sp(10, 17, "PLACE")},
				"carol": {sp(10, 15, "ACTOR")},
			},
			want: []string{
				"[10,15) ACTOR boundary carol", // alice's ACTOR [10,17); bob's PLACE overlaps too, but boundary comes first
				"[10,17) ACTOR label alice",
				"[10,17) PLACE label bob",
			},
		},
		{
			// Agreed wins even when someone also made a conflicting span:
			// alice's own PLACE on the same offsets does not spoil it, while
			// that PLACE conflicts with bob's ACTOR.
			name: "AgreedBeatsConflict",
			sets: map[string][]model.Span{
				"alice": {sp(0, 5, "ACTOR"), sp(0, 5, "PLACE")},
				"bob":   {sp(0, 5, "ACTOR")},
			},
			want: []string{
				"[0,5) ACTOR agreed alice,bob",
				"[0,5) PLACE label alice",
			},
		},
		{
			// Conflicts are between annotators: alice's two spans do not
			// conflict with each other, and bob made nothing.
			name: "OwnSpansNoConflict",
			sets: map[string][]model.Span{"alice": {sp(0, 5, "ACTOR"), sp(0, 7, "ACTOR")}, "bob": nil},
			want: []string{"[0,5) ACTOR partial alice", "[0,7) ACTOR partial alice"},
		},
		{
			// An annotator who made nothing still counts: bob's empty set
			// leaves alice's span partial.
			name: "EmptySetCounts",
			sets: map[string][]model.Span{"alice": {sp(0, 5, "ACTOR"), sp(0, 5, "ACTOR")}, "bob": nil},
			want: []string{"[0,5) ACTOR partial alice"},
		},
		{
			name: "OneAnnotator",
			sets: map[string][]model.Span{"alice": {sp(6, 9, "PLACE"), sp(0, 5, "ACTOR")}},
			want: []string{"[0,5) ACTOR agreed alice", "[6,9) PLACE agreed alice"},
		},
		{
			name: "Nothing",
			sets: map[string][]model.Span{"alice": nil, "bob": nil},
			want: nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := marks(agree.Compare(tc.sets)), tc.want; !slices.Equal(got, want) {
				t.Fatalf("marks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[agree.Kind]string{
		agree.Agreed: "agreed", agree.LabelConflict: "label", agree.BoundaryConflict: "boundary",
		agree.OverlapConflict: "overlap", agree.Partial: "partial", agree.Kind(9): "Kind(9)",
	} {
		if got := k.String(); got != want {
			t.Fatalf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

func TestDisagreement(t *testing.T) {
	for _, tc := range []struct {
		name string
		sets map[string][]model.Span
		want float64
	}{
		{"Same", map[string][]model.Span{"alice": alice, "bob": alice}, 0},
		// 1 − 2/7, the exact F1 of TestTwoAnnotators.
		{"Differ", map[string][]model.Span{"alice": alice, "bob": bob}, 5.0 / 7},
		// Pairs 1, 2/7, 2/7: 1 − 11/21.
		{"Three", map[string][]model.Span{"alice": alice, "bob": bob, "carol": alice}, 10.0 / 21},
		{"Disjoint", map[string][]model.Span{"alice": {sp(0, 5, "ACTOR")}, "bob": {sp(6, 9, "ACTOR")}}, 1},
		{"OneAnnotator", map[string][]model.Span{"alice": alice}, 0},
		{"BothEmpty", map[string][]model.Span{"alice": nil, "bob": nil}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			near(t, "disagreement", agree.Disagreement(tc.sets), tc.want)
		})
	}
}

// TestDisagreementMatchesReport: the document list and the review sort
// documents by the same number.
func TestDisagreementMatchesReport(t *testing.T) {
	sets := map[string][]model.Span{"alice": alice, "bob": bob, "carol": {sp(0, 5, "ACTOR")}}
	r := report(agree.Options{}, agree.Document{ID: "d", Text: news, Sets: sets})
	near(t, "agreement", r.Documents[0].Agreement, 1-agree.Disagreement(sets))
}
