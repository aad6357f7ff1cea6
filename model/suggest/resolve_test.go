package suggest_test

import (
	"reflect"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
)

func span(start, end int, label string) model.Span {
	return model.Span{Start: start, End: end, Label: label}
}

func TestResolve(t *testing.T) {
	for _, tt := range []struct {
		name         string
		suggestions  []model.Span
		existing     []model.Span
		allowOverlap bool
		want         []model.Span
	}{
		{
			name:        "LongestWins",
			suggestions: []model.Span{span(7, 13, "PLACE"), span(0, 13, "PLACE"), span(14, 19, "PLACE")},
			want:        []model.Span{span(0, 13, "PLACE"), span(14, 19, "PLACE")},
		},
		{
			name:        "LeftmostWinsAmongEqualLengths",
			suggestions: []model.Span{span(2, 6, "B"), span(0, 4, "A"), span(4, 8, "C")},
			want:        []model.Span{span(0, 4, "A"), span(4, 8, "C")},
		},
		{
			name:        "FirstListedWinsOnTies",
			suggestions: []model.Span{span(0, 5, "ACTOR"), span(0, 5, "PLACE")},
			want:        []model.Span{span(0, 5, "ACTOR")},
		},
		{
			name:        "Duplicates",
			suggestions: []model.Span{span(0, 5, "PLACE"), span(0, 5, "PLACE")},
			want:        []model.Span{span(0, 5, "PLACE")},
		},
		{
			name:        "ExistingBlocks",
			suggestions: []model.Span{span(0, 5, "PLACE"), span(3, 9, "ORG"), span(10, 12, "FIGURE"), span(20, 25, "PLACE")},
			existing:    []model.Span{span(20, 25, "PLACE"), span(4, 6, "ACTOR")},
			want:        []model.Span{span(10, 12, "FIGURE")},
		},
		{
			name:        "ABlockedLongSpanDoesNotHideShortOnes",
			suggestions: []model.Span{span(0, 13, "PLACE"), span(0, 6, "PLACE"), span(7, 13, "PLACE")},
			existing:    []model.Span{span(5, 8, "X")},
			want:        nil,
		},
		{
			name:         "OverlapAllowed",
			suggestions:  []model.Span{span(0, 13, "ORG"), span(7, 13, "PLACE"), span(0, 6, "ORG"), span(20, 25, "PLACE"), span(20, 25, "ACTOR")},
			existing:     []model.Span{span(20, 25, "PLACE")},
			allowOverlap: true,
			want:         []model.Span{span(0, 13, "ORG"), span(7, 13, "PLACE"), span(20, 25, "ACTOR")},
		},
		{
			name:        "EmptySpansDropped",
			suggestions: []model.Span{span(3, 3, "X"), span(5, 4, "X")},
			want:        nil,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := suggest.Resolve(tt.suggestions, tt.existing, tt.allowOverlap)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestResolveKeepsFields(t *testing.T) {
	s := model.Span{ID: "x", Start: 1, End: 2, Label: "L", Note: "n", Origin: model.OriginSuggestion}
	if got := suggest.Resolve([]model.Span{s}, nil, false); len(got) != 1 || !got[0].Equal(s) {
		t.Fatalf("got %+v, want [%+v]", got, s)
	}
}
