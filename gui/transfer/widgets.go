package transfer

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Fyne dialogs ignore Escape, and a key goes to the focused widget, not to
// the window. The entries and buttons of these dialogs hand Escape to the
// dialog and everything else to Fyne.

// entry is a one-line widget.Entry that reports Escape.
type entry struct {
	widget.Entry
	onEscape func()
}

func newEntry(onEscape func()) *entry {
	e := &entry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey is part of fyne.Focusable.
func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// button is a widget.Button that reports Escape.
type button struct {
	widget.Button
	onEscape func()
}

func newButton(text string, icon fyne.Resource, onTapped, onEscape func()) *button {
	b := &button{onEscape: onEscape}
	b.Text, b.Icon, b.OnTapped = text, icon, onTapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey is part of fyne.Focusable.
func (b *button) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && b.onEscape != nil {
		b.onEscape()
		return
	}
	b.Button.TypedKey(ev)
}

// enable enables or disables any widget that can be.
func enable(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}
