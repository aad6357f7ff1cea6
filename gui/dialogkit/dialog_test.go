package dialogkit_test

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
)

// press types a key as the desktop driver delivers it: to the focused
// widget, or to the canvas's key handler when nothing has the focus.
func press(c fyne.Canvas, key fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: key}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// window is a window whose entry has the focus, and whose own key handler
// records what reaches it.
func window(t *testing.T) (fyne.Window, *widget.Entry, *[]fyne.KeyName) {
	t.Helper()
	test.NewTempApp(t)
	before := widget.NewEntry()
	w := test.NewTempWindow(t, container.NewVBox(before))
	w.Resize(fyne.NewSize(800, 600))
	w.Canvas().Focus(before)
	var got []fyne.KeyName
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { got = append(got, ev.Name) })
	return w, before, &got
}

// back checks the window has its focus and its key handler again.
func back(t *testing.T, w fyne.Window, before fyne.Focusable, got *[]fyne.KeyName) {
	t.Helper()
	c := w.Canvas()
	if c.Overlays().Top() != nil {
		t.Fatal("the dialog is still shown")
	}
	if c.Focused() != before {
		t.Fatalf("focus is on %T, not back on what had it", c.Focused())
	}
	n := len(*got)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if len(*got) != n+1 {
		t.Fatal("the window's key handler was not given back")
	}
}

func TestConfirmEnterAndEscape(t *testing.T) {
	for _, tc := range []struct {
		name    string
		keys    func(c fyne.Canvas)
		confirm bool
	}{
		{"Enter", func(c fyne.Canvas) { press(c, fyne.KeyReturn) }, true},
		{"keypad Enter", func(c fyne.Canvas) { press(c, fyne.KeyEnter) }, true},
		{"Escape", func(c fyne.Canvas) { press(c, fyne.KeyEscape) }, false},
		// Tab to Cancel: Enter presses the button that has the focus.
		{"Tab then Enter", func(c fyne.Canvas) { test.FocusNext(c); press(c, fyne.KeyReturn) }, false},
		// A click on the dialog's text leaves nothing focused: the window's
		// keys then go to the dialog, PageDown to nothing.
		{"nothing focused, Enter", func(c fyne.Canvas) {
			c.Unfocus()
			press(c, fyne.KeyPageDown)
			press(c, fyne.KeyReturn)
		}, true},
		{"nothing focused, Escape", func(c fyne.Canvas) { c.Unfocus(); press(c, fyne.KeyEscape) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, before, got := window(t)
			yes := 0
			d := dialogkit.ShowConfirm(w, "Label all", "Label 12 occurrences?", "Label them", func() { yes++ })
			if _, ok := w.Canvas().Focused().(fyne.Tappable); !ok {
				t.Fatalf("the default button should have the focus, not %T", w.Canvas().Focused())
			}
			tc.keys(w.Canvas())
			if !d.Closed() {
				t.Fatal("the dialog did not close")
			}
			if want := map[bool]int{true: 1, false: 0}[tc.confirm]; yes != want {
				t.Fatalf("confirmed %d times, want %d", yes, want)
			}
			if len(*got) != 0 {
				t.Fatalf("keys reached the window behind the dialog: %v", *got)
			}
			back(t, w, before, got)
		})
	}
}

func TestErrorAndInformationClose(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		w, before, got := window(t)
		e := dialogkit.ShowError(w, errors.New("open “d1”: the project is locked"))
		press(w.Canvas(), key)
		if !e.Closed() {
			t.Fatalf("%s did not close the error", key)
		}
		back(t, w, before, got)
		i := dialogkit.ShowInformation(w, "About", "Inkspan labels spans of text.")
		press(w.Canvas(), key)
		if !i.Closed() {
			t.Fatalf("%s did not close the information", key)
		}
		back(t, w, before, got)
	}
}

// Dialogs may close out of order: an error from a load raised over a
// dialog the person then closes first. Keys go to the newest still open,
// and the window gets its own back once all are closed.
func TestDialogsCloseOutOfOrder(t *testing.T) {
	w, before, got := window(t)
	closed := 0
	first := dialogkit.ShowContent(w, "Keyboard shortcuts", "Close", widget.NewLabel("F1 guidelines"), fyne.NewSize(400, 300))
	first.OnClosed = func() { closed++ }
	second := dialogkit.ShowError(w, errors.New("load the document list: disk full"))
	first.Close()
	if !first.Closed() || second.Closed() || closed != 1 {
		t.Fatalf("closing the first: first closed %v, second closed %v", first.Closed(), second.Closed())
	}
	w.Canvas().Unfocus()
	press(w.Canvas(), fyne.KeyEscape)
	if !second.Closed() {
		t.Fatal("Escape did not reach the dialog still open")
	}
	back(t, w, before, got)
}

// A form's default button can be disabled: Enter then does nothing.
func TestDisabledDefault(t *testing.T) {
	w, _, _ := window(t)
	used := 0
	name := dialogkit.NewEntry(nil)
	d := dialogkit.NewDialog(w, "Annotator", name, dialogkit.Answer{Text: "Cancel"}, &dialogkit.Answer{Text: "Use this name", Do: func() { used++ }})
	name.OnEscape = d.Escape
	name.OnSubmitted = func(string) { d.Enter() }
	d.FocusOnShow(name)
	d.Show()
	if w.Canvas().Focused() != name {
		t.Fatal("the entry should have the focus")
	}
	d.SetDefaultEnabled(false)
	press(w.Canvas(), fyne.KeyReturn)
	if d.Closed() || used != 0 {
		t.Fatal("Enter submitted a form whose default is disabled")
	}
	d.SetDefaultEnabled(true)
	press(w.Canvas(), fyne.KeyReturn)
	if !d.Closed() || used != 1 {
		t.Fatalf("Enter in the entry: closed %v, used %d", d.Closed(), used)
	}
}

func TestCloseOnKeys(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter} {
		test.NewTempApp(t)
		w := fyne.CurrentApp().NewWindow("Inkspan — statistics")
		w.SetContent(widget.NewLabel("charts"))
		var other []fyne.KeyName
		w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { other = append(other, ev.Name) })
		closed := false
		w.SetOnClosed(func() { closed = true })
		dialogkit.CloseOnKeys(w)
		press(w.Canvas(), fyne.KeyF1)
		press(w.Canvas(), key)
		if !closed || len(other) != 1 {
			t.Fatalf("%s: closed %v, other keys %v", key, closed, other)
		}
	}
}

// Code that removes a dialog's overlay directly closes it without a word:
// the next key the window gets is the window's, and so are the ones after.
func TestDialogRemovedBehindItsBack(t *testing.T) {
	w, before, got := window(t)
	closed := false
	d := dialogkit.ShowContent(w, "Guidelines", "Close", widget.NewLabel("Label every actor."), fyne.NewSize(400, 300))
	d.OnClosed = func() { closed = true }
	c := w.Canvas()
	c.Overlays().Remove(c.Overlays().Top())
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if !closed || !d.Closed() || len(*got) != 1 || (*got)[0] != fyne.KeyPageDown {
		t.Fatalf("closed %v, window keys %v", closed, *got)
	}
	back(t, w, before, got)
}
