// Package dialogkit holds what Inkspan's dialogs share so that they work
// from the keyboard: Fyne dialogs ignore Escape, and a key goes to the
// focused widget, not to the window. Entries, buttons and lists that report
// Escape, a keyboard hold on the parent window that catches Escape when
// nothing is focused and gives focus back when the dialog closes, and a
// save chooser that, unlike Fyne's, writes nothing (savechooser.go).
package dialogkit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Entry is a widget.Entry that reports Escape to OnEscape, and whose
// right-click menu waits for the driver to know its canvas, as
// Select's list does: Fyne 2.7.1 opens it on a nil canvas and panics.
type Entry struct {
	widget.Entry
	OnEscape func()

	// OnKey, when set, is offered each key before the entry and reports
	// whether it took it: a window's own keys without a modifier (F1,
	// F6), which the desktop driver gives to the focused widget alone.
	OnKey func(*fyne.KeyEvent) bool

	// Do runs a function on the UI goroutine; fyne.Do when nil.
	Do func(func())

	place placement
}

// NewEntry returns a one-line entry.
func NewEntry(onEscape func()) *Entry {
	e := &Entry{OnEscape: onEscape}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey is part of fyne.Focusable.
func (e *Entry) TypedKey(ev *fyne.KeyEvent) {
	if e.OnKey != nil && e.OnKey(ev) {
		return
	}
	if ev.Name == fyne.KeyEscape && e.OnEscape != nil {
		e.OnEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// TappedSecondary is part of fyne.SecondaryTappable: the cut, copy and
// paste menu.
func (e *Entry) TappedSecondary(ev *fyne.PointEvent) {
	e.place.run(e, e.Do, func() { e.Entry.TappedSecondary(ev) })
}

// Button is a widget.Button that reports Escape to OnEscape and that Enter
// presses, as Space does: Fyne's answers Space only, and a person who
// tabbed to a button presses Enter.
type Button struct {
	widget.Button
	OnEscape func()
}

// NewButton returns a button.
func NewButton(text string, icon fyne.Resource, onTapped, onEscape func()) *Button {
	b := &Button{OnEscape: onEscape}
	b.Text, b.Icon, b.OnTapped = text, icon, onTapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey is part of fyne.Focusable.
func (b *Button) TypedKey(ev *fyne.KeyEvent) {
	switch {
	case ev.Name == fyne.KeyEscape && b.OnEscape != nil:
		b.OnEscape()
		return
	case ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
		return
	}
	b.Button.TypedKey(ev)
}

// KeyHold is a dialog's hold on its parent window's keys.
type KeyHold struct {
	// OnEnter, when set, gets Enter while nothing is focused: the dialog's
	// default action. Without it Enter goes on to the window.
	OnEnter func()

	canvas  fyne.Canvas
	prevKey func(*fyne.KeyEvent) // the window's key handler, given back by Release
	focused fyne.Focusable       // what had focus before the dialog
}

// Hold makes Escape reach onEscape when nothing in the window is focused,
// passing every other key on to the window's own handler.
func Hold(parent fyne.Window, onEscape func()) *KeyHold {
	c := parent.Canvas()
	h := &KeyHold{canvas: c, prevKey: c.OnTypedKey(), focused: c.Focused()}
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch {
		case ev.Name == fyne.KeyEscape:
			onEscape()
			return
		case (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && h.OnEnter != nil:
			h.OnEnter()
			return
		}
		if h.prevKey != nil {
			h.prevKey(ev)
		}
	})
	return h
}

// Release gives the window back its key handler and its focus: a
// keyboard-first window must not come back from a dialog with nothing
// focused, or its keys would go nowhere.
func (h *KeyHold) Release() {
	h.canvas.SetOnTypedKey(h.prevKey)
	if h.focused != nil {
		h.canvas.Focus(h.focused)
	} else {
		h.canvas.Unfocus()
	}
}

// List is a widget.List that reports Escape to OnEscape and picks the
// focused line on Enter as on Space: a list in a dialog is otherwise a
// dead end for the keyboard.
type List struct {
	widget.List
	OnEscape func()
}

// NewList returns a list, as widget.NewList does.
func NewList(length func() int, createItem func() fyne.CanvasObject,
	updateItem func(widget.ListItemID, fyne.CanvasObject), onEscape func()) *List {
	l := &List{OnEscape: onEscape}
	l.Length, l.CreateItem, l.UpdateItem = length, createItem, updateItem
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey is part of fyne.Focusable.
func (l *List) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if l.OnEscape != nil {
			l.OnEscape()
		}
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		l.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		return
	}
	l.List.TypedKey(ev)
}
