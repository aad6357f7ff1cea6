package gui

import (
	"slices"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
)

// runKind says how a run of text is drawn.
type runKind int

const (
	runPlain runKind = iota // text outside every span
	runSpan                 // text inside at least one span
	runTag                  // the label tag written after a span ends
)

// run is a stretch of the rendered text drawn one way. Keeping this separate
// from Fyne's segments lets the splitting logic be tested without a window,
// and lets the later custom text widget reuse it.
type run struct {
	Kind  runKind
	Text  string
	Label string // for runTag: the label of the span that ended
}

// spanRuns cuts text at every span boundary. Each piece is plain or inside a
// span, and after the last piece of a span comes a tag run naming its label,
// so overlapping and nested spans each keep their own tag. Spans whose
// offsets do not fit the text are skipped rather than trusted: a corrupt or
// stale span must not crash the viewer.
func spanRuns(text string, spans []model.Span) []run {
	offs := model.NewOffsets(text)
	n := offs.Len()

	valid := make([]model.Span, 0, len(spans))
	for _, s := range spans {
		if s.Start >= 0 && s.Start < s.End && s.End <= n {
			valid = append(valid, s)
		}
	}
	model.SortSpans(valid)

	// Boundaries in code points, and for each the spans that start and end
	// there, so one sweep knows how many spans cover every piece.
	bounds := []int{0, n}
	starts := make(map[int]int)
	ends := make(map[int][]model.Span)
	for _, s := range valid {
		bounds = append(bounds, s.Start, s.End)
		starts[s.Start]++
		ends[s.End] = append(ends[s.End], s)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)

	var runs []run
	active := 0
	for i, b := range bounds {
		// Spans in text order start outer first; closing inner first
		// keeps nested tags reading like brackets: "Recep Erdoğan [B] [A]".
		closing := ends[b]
		slices.Reverse(closing)
		for _, s := range closing {
			runs = append(runs, run{Kind: runTag, Text: " [" + s.Label + "]", Label: s.Label})
		}
		active += starts[b] - len(ends[b])
		if i+1 == len(bounds) {
			break
		}
		kind := runPlain
		if active > 0 {
			kind = runSpan
		}
		runs = append(runs, run{Kind: kind, Text: offs.Slice(b, bounds[i+1])})
	}
	return runs
}

// Styles of the read-only view. RichText cannot draw a background behind a
// range, so a span is bold and followed by its label in the accent colour.
var (
	plainStyle = widget.RichTextStyleInline
	spanStyle  = widget.RichTextStyle{
		ColorName: theme.ColorNameForeground,
		Inline:    true,
		SizeName:  theme.SizeNameText,
		TextStyle: widget.RichTextStyleStrong.TextStyle,
	}
	tagStyle = widget.RichTextStyle{
		ColorName: theme.ColorNamePrimary,
		Inline:    true,
		SizeName:  theme.SizeNameText,
	}
)

// spanSegments renders text with spans as RichText segments.
func spanSegments(text string, spans []model.Span) []widget.RichTextSegment {
	runs := spanRuns(text, spans)
	segs := make([]widget.RichTextSegment, 0, len(runs))
	for _, r := range runs {
		style := plainStyle
		switch r.Kind {
		case runSpan:
			style = spanStyle
		case runTag:
			style = tagStyle
		}
		segs = append(segs, &widget.TextSegment{Style: style, Text: r.Text})
	}
	return segs
}
