package gui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
)

func sp(start, end int, label string) model.Span {
	return model.Span{Start: start, End: end, Label: label}
}

func plain(s string) run { return run{Kind: runPlain, Text: s} }
func in(s string) run    { return run{Kind: runSpan, Text: s} }
func tag(l string) run   { return run{Kind: runTag, Text: " [" + l + "]", Label: l} }

func TestSpanRuns(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		spans []model.Span
		want  []run
	}{
		{"Empty", "", nil, nil},
		{"NoSpans", "Łódź", nil, []run{plain("Łódź")}},
		{"AfterNonASCII", "Łódź and Gdańsk", []model.Span{sp(9, 15, "PLACE")},
			[]run{plain("Łódź and "), in("Gdańsk"), tag("PLACE")}},
		{"BeyondBMP", "🌀 storm hits 宁波", []model.Span{sp(2, 7, "X"), sp(13, 15, "PLACE")},
			[]run{plain("🌀 "), in("storm"), tag("X"), plain(" hits "), in("宁波"), tag("PLACE")}},
		{"WholeText", "Erdoğan", []model.Span{sp(0, 7, "ACTOR")},
			[]run{in("Erdoğan"), tag("ACTOR")}},
		{"Adjacent", "ab", []model.Span{sp(1, 2, "B"), sp(0, 1, "A")},
			[]run{in("a"), tag("A"), in("b"), tag("B")}},
		{"Nested", "Recep Erdoğan said", []model.Span{sp(0, 13, "A"), sp(6, 13, "B")},
			[]run{in("Recep "), in("Erdoğan"), tag("B"), tag("A"), plain(" said")}},
		{"Overlapping", "São Paulo state", []model.Span{sp(0, 9, "PLACE"), sp(4, 15, "X")},
			[]run{in("São "), in("Paulo"), tag("PLACE"), in(" state"), tag("X")}},
		{"SameRangeTwoLabels", "dozens", []model.Span{sp(0, 6, "FIGURE"), sp(0, 6, "ACTOR")},
			[]run{in("dozens"), tag("FIGURE"), tag("ACTOR")}},
		{"InvalidSkipped", "São Paulo", []model.Span{sp(-1, 2, "A"), sp(4, 10, "B"), sp(3, 3, "C"), sp(5, 2, "D")},
			[]run{plain("São Paulo")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := spanRuns(tt.text, tt.spans)
			if !slices.Equal(got, tt.want) {
				t.Errorf("spanRuns(%q) =\n%#v\nwant\n%#v", tt.text, got, tt.want)
			}
			// Whatever the spans, the text itself must come back whole.
			var b strings.Builder
			for _, r := range got {
				if r.Kind != runTag {
					b.WriteString(r.Text)
				}
			}
			if b.String() != tt.text {
				t.Errorf("text runs join to %q, want %q", b.String(), tt.text)
			}
		})
	}
}

func TestSpanSegmentsStyles(t *testing.T) {
	segs := spanSegments("Putin met Erdoğan", []model.Span{sp(0, 5, "ACTOR")})
	if got, want := len(segs), 3; got != want {
		t.Fatalf("len(segments) = %d, want %d", got, want)
	}
	want := []struct {
		text  string
		style widget.RichTextStyle
	}{
		{"Putin", spanStyle},
		{" [ACTOR]", tagStyle},
		{" met Erdoğan", plainStyle},
	}
	for i, w := range want {
		ts := segs[i].(*widget.TextSegment)
		if ts.Text != w.text || ts.Style != w.style {
			t.Errorf("segment %d = %q %+v, want %q %+v", i, ts.Text, ts.Style, w.text, w.style)
		}
		if !ts.Inline() {
			t.Errorf("segment %d is not inline: spans would break the paragraph", i)
		}
	}
	if !spanStyle.TextStyle.Bold {
		t.Error("span text is not bold")
	}
}
