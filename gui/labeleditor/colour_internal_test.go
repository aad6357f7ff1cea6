package labeleditor

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// pressKey types a key as the desktop driver does: to the focused widget,
// or to the window's key handler when nothing has the focus.
func pressKey(w fyne.Window, key fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: key}
	if f := w.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := w.Canvas().OnTypedKey(); h != nil {
		h(ev)
	}
}

// The colour picker answers Escape (closed, the colour as it was) and
// Enter (the colour it shows confirmed), whether it was opened from the
// keyboard (Enter on the focused colour button) or with a click, and leaves
// the editor open, its keys and the button's focus given back.
func TestColourPickerKeys(t *testing.T) {
	const shown, meanwhile = "#29a19c", "#000000" // PLACE's colour; another
	for _, c := range []struct {
		key   fyne.KeyName
		click bool
		want  string
	}{
		{fyne.KeyEscape, false, meanwhile},
		{fyne.KeyEscape, true, meanwhile},
		{fyne.KeyReturn, false, shown},
		{fyne.KeyReturn, true, shown},
		{fyne.KeyEnter, false, shown},
	} {
		rec := &recorder{}
		w, ed := open(t, rec)
		editor := w.Canvas().Overlays().Top()
		button := ed.rows[1].colour
		if c.click {
			test.Tap(button)
		} else {
			w.Canvas().Focus(button)
			pressKey(w, fyne.KeyReturn)
		}
		picker := w.Canvas().Overlays().Top()
		if picker == nil || picker == editor {
			t.Fatal("the colour button opened no picker")
		}
		// The picker shows PLACE's colour; the label now holds another,
		// so that confirming is seen to set it.
		ed.state.rows[1].label.Color = meanwhile

		pressKey(w, c.key)
		if top := w.Canvas().Overlays().Top(); top != editor || ed.closed {
			t.Fatalf("%s (click %v): the picker is open %v, the editor closed %v", c.key, c.click, top == picker, ed.closed)
		}
		if got := ed.state.rows[1].label.Color; got != c.want {
			t.Fatalf("%s (click %v): PLACE's colour is %s, want %s", c.key, c.click, got, c.want)
		}
		if len(rec.saved()) != 0 {
			t.Fatalf("%s saved the labels", c.key)
		}
		if c.key != fyne.KeyEscape && colorHex(ed.rows[1].swatch.FillColor) != shown {
			t.Fatalf("the swatch shows %s", colorHex(ed.rows[1].swatch.FillColor))
		}
		if !c.click && w.Canvas().Focused() != button {
			t.Fatalf("after %s the focus is on %T, not the colour button", c.key, w.Canvas().Focused())
		}
		// The editor has its keys back: Escape closes it.
		w.Canvas().Unfocus()
		pressKey(w, fyne.KeyEscape)
		if isOpen(w) {
			t.Fatalf("after %s Escape no longer closes the editor", c.key)
		}
	}
}
