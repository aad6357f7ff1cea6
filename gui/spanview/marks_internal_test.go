package spanview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// markRects are the rectangles drawn for search matches.
func markRects(v *SpanView) []*canvas.Rectangle {
	var out []*canvas.Rectangle
	for _, o := range v.area.r.Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == markFill && r.Visible() {
			out = append(out, r)
		}
	}
	return out
}

// Search matches are drawn over the words they cover, and only valid ones
// are kept; a new document starts without any.
func TestMarks(t *testing.T) {
	text := "Erdoğan meets Putin in Moscow, and Putin smiles."
	v, _ := newView(t, text, nil, fyne.NewSize(900, 200))
	first, second := cpOf(text, "Putin", 0), cpOf(text, "Putin", 1)
	v.SetMarks([][2]int{{second, second + 5}, {first, first + 5}, {40, 400}, {7, 7}})
	if got := v.Marks(); len(got) != 2 || got[0] != [2]int{first, first + 5} || got[1] != [2]int{second, second + 5} {
		t.Fatalf("marks = %v, want the two Putins in order", got)
	}
	rects := markRects(v)
	if len(rects) != 2 {
		t.Fatalf("%d mark rectangles drawn, want 2", len(rects))
	}
	for k, at := range []int{first, second} {
		x0, x1 := v.met.padX+v.xOf(0, at), v.met.padX+v.xOf(0, at+5)
		if r := rects[k]; r.Position().X != x0 || r.Size().Width != x1-x0 {
			t.Errorf("mark %d drawn at x %.1f width %.1f, want %.1f width %.1f", k, r.Position().X, r.Size().Width, x0, x1-x0)
		}
	}
	v.SetDocument("Another text.", nil, testLabels)
	if len(v.Marks()) != 0 || len(markRects(v)) != 0 {
		t.Errorf("marks kept across documents: %v", v.Marks())
	}
}
