package spanview

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// placeView shows a long text of numbered sentences in a small window.
func placeView(t *testing.T) (*SpanView, string) {
	t.Helper()
	var b strings.Builder
	for i := range 200 {
		fmt.Fprintf(&b, "Sentence %d of the report says little. ", i)
		if i%5 == 4 {
			b.WriteString("\n")
		}
	}
	text := b.String()
	test.NewTempApp(t)
	v := NewSpanView()
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(400, 300))
	v.SetDocument(text, nil, nil)
	if len(v.lines) < 50 {
		t.Fatalf("%d lines: too few to scroll", len(v.lines))
	}
	return v, text
}

func TestTopOffsetAndScrollToTop(t *testing.T) {
	v, text := placeView(t)
	if got := v.TopOffset(); got != 0 {
		t.Fatalf("a new document's top is %d", got)
	}
	// The line holding "Sentence 60" comes to the top, starting where
	// that line starts.
	cp := strings.Index(text, "Sentence 60 ") // ASCII: bytes are code points
	v.ScrollToTop(cp)
	i := LineOf(v.lines, cp)
	if got := v.TopOffset(); got != v.lines[i].Start {
		t.Fatalf("top %d after ScrollToTop(%d), want %d, the start of line %d", got, cp, v.lines[i].Start, i)
	}
	if v.scroll.Offset.Y <= 0 {
		t.Fatal("did not scroll")
	}
	// Partly scrolled past, a line is still the top one.
	v.scroll.ScrollToOffset(fyne.NewPos(0, v.scroll.Offset.Y+v.met.lineH/2))
	if got := v.TopOffset(); got != v.lines[i].Start {
		t.Fatalf("half a line further the top is %d, want %d", got, v.lines[i].Start)
	}
	// Past the end: the last screen. Before the start: the top.
	v.ScrollToTop(len(text) + 100)
	if max := v.area.Size().Height - v.scroll.Size().Height; v.scroll.Offset.Y != max {
		t.Fatalf("offset %v after scrolling past the end, want %v", v.scroll.Offset.Y, max)
	}
	v.ScrollToTop(-5)
	if v.scroll.Offset.Y != 0 || v.TopOffset() != 0 {
		t.Fatalf("offset %v, top %d after scrolling before the start", v.scroll.Offset.Y, v.TopOffset())
	}
}

func TestSetCaret(t *testing.T) {
	v, text := placeView(t)
	v.SetSelection(0, 8)
	start := strings.Index(text, "report")
	for _, c := range []struct{ at, want int }{
		{start, start}, // a token's start
		{start + len("report"), start + len("report")}, // its end: after it
		{start + 2, start + len("report") + 1},         // inside it: the next token
		{-3, 0},
		{len(text) + 3, strings.LastIndex(text, ".") + 1}, // after the last token
	} {
		v.SetCaret(c.at)
		if got := v.Caret(); got != c.want {
			t.Errorf("SetCaret(%d): caret at %d, want %d", c.at, got, c.want)
		}
		if _, _, ok := v.Selection(); ok {
			t.Errorf("SetCaret(%d) kept the selection", c.at)
		}
	}
	if v.scroll.Offset.Y != 0 {
		t.Fatalf("SetCaret scrolled to %v", v.scroll.Offset.Y)
	}
}
