package spanview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestPageKeysScrollAScreen presses PageDown through a long document: each
// press shows the next screen, keeping one line of the last, and the caret
// comes along on its row; at the end PageDown is left to the window (which
// opens the next document), and PageUp goes back the same way.
func TestPageKeysScrollAScreen(t *testing.T) {
	v, w := newView(t, strings.Repeat(readSeed(t), 4), nil, fyne.NewSize(800, 500))
	w.Canvas().Focus(v)
	var passed []fyne.KeyName
	v.OnUnhandledKey = func(ev *fyne.KeyEvent) { passed = append(passed, ev.Name) }
	h := v.scroll.Size().Height
	rows := int(h / v.met.lineH)
	typeKey(v, fyne.KeyDown, 0) // the caret on the second row
	presses := 0
	for len(passed) == 0 {
		top := LineAt(v.lines, v.scroll.Offset.Y-v.met.padTop)
		row := v.caretLine() - top
		typeKey(v, fyne.KeyPageDown, 0)
		presses++
		if len(passed) > 0 {
			break
		}
		next := LineAt(v.lines, v.scroll.Offset.Y-v.met.padTop)
		atEnd := v.scroll.Offset.Y >= v.area.Size().Height-h-0.5
		if next-top != rows-1 && !atEnd {
			t.Fatalf("PageDown moved %d lines, want a screen less one (%d)", next-top, rows-1)
		}
		if got := v.caretLine() - next; got != row && !atEnd {
			t.Fatalf("the caret went from row %d to row %d of the screen", row, got)
		}
		if presses > 200 {
			t.Fatal("PageDown never reached the end")
		}
	}
	if passed[0] != fyne.KeyPageDown || presses < 5 {
		t.Fatalf("after %d presses the window got %v, want PageDown at the end of the document", presses, passed)
	}
	if v.scroll.Offset.Y < v.area.Size().Height-h-0.5 {
		t.Fatalf("PageDown was passed on at offset %v of %v", v.scroll.Offset.Y, v.area.Size().Height-h)
	}
	passed = nil
	for range presses + 2 {
		typeKey(v, fyne.KeyPageUp, 0)
	}
	if v.scroll.Offset.Y != 0 || len(passed) == 0 || passed[0] != fyne.KeyPageUp {
		t.Fatalf("PageUp back to the top: offset %v, window got %v", v.scroll.Offset.Y, passed)
	}
	// With Shift the selection grows by the screen.
	typeKey(v, fyne.KeyPageDown, fyne.KeyModifierShift)
	if s, e, ok := v.Selection(); !ok || LineOf(v.lines, e)-LineOf(v.lines, s) < rows-2 {
		t.Fatalf("Shift+PageDown selected %d-%d (%v), want a screen's worth", s, e, ok)
	}
}

// TestWheelNotchScrollsThreeLines sends the scroll of one wheel notch, as
// the desktop driver reports it, to the text: it moves three lines.
func TestWheelNotchScrollsThreeLines(t *testing.T) {
	v, _ := newView(t, strings.Repeat(readSeed(t), 4), nil, fyne.NewSize(800, 500))
	v.area.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -wheelNotch)})
	if got, want := v.scroll.Offset.Y, 3*v.met.lineH; got < want-0.5 || got > want+0.5 {
		t.Fatalf("a notch scrolled %v px, want three lines (%v)", got, want)
	}
}

// TestKeysDoNothingUnderADialog opens a pop-up over the view, as a file
// chooser that focuses none of its widgets does, and types the view's keys:
// neither the caret, the selection, the scroll nor the window hears them.
func TestKeysDoNothingUnderADialog(t *testing.T) {
	v, w := newView(t, strings.Repeat(readSeed(t), 4), []Span{{ID: "a", Start: 0, End: 5, Label: "PER"}}, fyne.NewSize(800, 500))
	w.Canvas().Focus(v)
	var heard []string
	v.OnUnhandledKey = func(ev *fyne.KeyEvent) { heard = append(heard, string(ev.Name)) }
	v.OnRune = func(r rune) { heard = append(heard, string(r)) }
	v.OnDelete = func(id string) { heard = append(heard, "delete "+id) }
	typeKey(v, fyne.KeyTab, 0) // the span is focused
	pop := widget.NewPopUp(widget.NewLabel("Save as…"), w.Canvas())
	pop.Show()
	caret, off := v.caretCP(), v.scroll.Offset.Y
	for _, k := range []fyne.KeyName{fyne.KeyRight, fyne.KeyDown, fyne.KeyPageDown, fyne.KeyTab, fyne.KeyEscape, fyne.KeyDelete, fyne.KeyF6} {
		typeKey(v, k, 0)
		typeKey(v, k, fyne.KeyModifierShift)
	}
	v.TypedRune('1')
	if f, _ := v.FocusedSpan(); f.ID != "a" || v.caretCP() != caret || v.scroll.Offset.Y != off || len(heard) != 0 {
		t.Fatalf("under the pop-up: focus %q, caret %d (was %d), offset %v (was %v), heard %v", f.ID, v.caretCP(), caret, v.scroll.Offset.Y, off, heard)
	}
	pop.Hide()
	typeKey(v, fyne.KeyDelete, 0)
	if len(heard) != 1 || heard[0] != "delete a" {
		t.Fatalf("with the pop-up gone Delete was heard as %v", heard)
	}
}
