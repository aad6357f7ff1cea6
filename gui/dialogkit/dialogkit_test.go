package dialogkit_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
)

func TestEscapeAndKeyHold(t *testing.T) {
	test.NewTempApp(t)
	before := widget.NewEntry()
	w := test.NewTempWindow(t, before)
	c := w.Canvas()
	c.Focus(before)
	var windowKeys []fyne.KeyName
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) { windowKeys = append(windowKeys, ev.Name) })

	escapes := 0
	h := dialogkit.Hold(w, func() { escapes++ })
	c.Unfocus()
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1})
	if escapes != 1 || len(windowKeys) != 1 || windowKeys[0] != fyne.KeyF1 {
		t.Fatalf("escapes %d, window got %v", escapes, windowKeys)
	}
	e := dialogkit.NewEntry(func() { escapes++ })
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	b := dialogkit.NewButton("Save", nil, nil, func() { escapes++ })
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if escapes != 3 {
		t.Fatalf("escapes = %d, want 3", escapes)
	}
	h.Release()
	if c.Focused() != before {
		t.Fatal("focus did not come back")
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if escapes != 3 || len(windowKeys) != 2 {
		t.Fatalf("after Release the window's handler should get Escape: escapes %d, window %v", escapes, windowKeys)
	}
}
