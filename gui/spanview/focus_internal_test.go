package spanview

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// invertedTags names the tags drawn in the text's background colour on a
// rectangle of its foreground colour: the focused span's.
func invertedTags(v *SpanView) []string {
	vr := fyne.CurrentApp().Settings().ThemeVariant()
	fg, bg := v.Theme().Color(theme.ColorNameForeground, vr), v.Theme().Color(theme.ColorNameBackground, vr)
	var chips []*canvas.Rectangle
	var out []string
	for _, o := range v.area.r.Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == fg {
			chips = append(chips, r)
		}
	}
	for _, t := range texts(v, v.met.tagSize) {
		if t.Color != bg {
			continue
		}
		for _, c := range chips {
			p, s := c.Position(), c.Size()
			if t.Position().X >= p.X && t.Position().X+t.Size().Width <= p.X+s.Width &&
				t.Position().Y >= p.Y && t.Position().Y+t.Size().Height <= p.Y+s.Height {
				out = append(out, t.Text)
			}
		}
	}
	return out
}

// Two marks over the same words, a gold span and a proposal under it: Tab
// reaches the proposal first, and the focus is drawn on the mark it is on,
// which the shared outline cannot show.
func TestFocusShowsWhichMark(t *testing.T) {
	text := "Erdoğan meets Putin in Moscow."
	at := cpOf(text, "Putin", 0)
	v, w := newView(t, text, []Span{
		{ID: "0c9e", Start: at, End: at + 5, Label: "PER"},
		{ID: "proposal:bob", Start: at, End: at + 5, Label: "LOC", Candidate: true, Tag: "LOC · bob"},
	}, fyne.NewSize(600, 200))
	w.Canvas().Focus(v)
	if got := invertedTags(v); len(got) != 0 {
		t.Fatalf("nothing is focused, yet %q are drawn focused", got)
	}
	typeKey(v, fyne.KeyTab, 0)
	if f, _ := v.FocusedSpan(); f.ID != "proposal:bob" {
		t.Fatalf("Tab focused %q, want the proposal under the span", f.ID)
	}
	if got := invertedTags(v); len(got) != 1 || got[0] != "LOC · bob" {
		t.Fatalf("with the proposal focused, the tags drawn focused are %q", got)
	}
	typeKey(v, fyne.KeyTab, 0)
	if f, _ := v.FocusedSpan(); f.ID != "0c9e" {
		t.Fatalf("the second Tab focused %q, want the span", f.ID)
	}
	if got := invertedTags(v); len(got) != 1 || got[0] != "PER" {
		t.Fatalf("with the span focused, the tags drawn focused are %q", got)
	}
	// Its colours come back once the focus goes.
	typeKey(v, fyne.KeyEscape, 0)
	for _, tag := range texts(v, v.met.tagSize) {
		if tag.Text == "PER" && tag.Color != inkOn(color.NRGBA{R: 0xe5, G: 0x39, B: 0x35, A: 0xff}) {
			t.Fatalf("after Escape the tag is %v", tag.Color)
		}
	}
}
