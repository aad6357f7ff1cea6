package labeleditor

import (
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"

	"github.com/inkspan/inkspan/gui/dialogkit"
)

// The editor's entries and buttons report Escape (see dialogkit).
type (
	entry  = dialogkit.Entry
	button = dialogkit.Button
)

func newEntry(multiLine bool, onEscape func()) *entry {
	e := dialogkit.NewEntry(onEscape)
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
	}
	return e
}

// keyEntry holds at most one character: typing replaces it, as in a "press
// the key" field, and a paste keeps only its first character.
type keyEntry struct {
	entry // dialogkit.Entry, embedded under its own name
}

func newKeyEntry(onEscape func()) *keyEntry {
	e := &keyEntry{entry: entry{OnEscape: onEscape}}
	e.ExtendBaseWidget(e)
	return e
}

// TypedRune is part of fyne.Focusable. White space is ignored: the model
// rejects it as a key, and a space typed here is never meant as one.
func (e *keyEntry) TypedRune(r rune) {
	if e.Disabled() || unicode.IsSpace(r) {
		return
	}
	e.SetText(string(r))
	e.CursorColumn = 1
	e.Refresh()
}

// clamp cuts a pasted text to its first character. It is called from
// OnChanged: the SetText in it calls OnChanged again, with one character.
func (e *keyEntry) clamp(text string) bool {
	if utf8.RuneCountInString(text) <= 1 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text)
	e.SetText(string(r))
	return true
}

// columns lays out one row of the label list: every object but the last
// has a fixed width, the last takes what remains. Each object keeps its own
// minimum height, top-aligned, so a one-line entry beside the multi-line
// description does not stretch into a tall box.
type columns struct {
	widths []float32
	gap    float32
}

func (c *columns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objects {
		ms := o.MinSize()
		if i < len(c.widths) {
			w += c.widths[i]
		} else {
			w += ms.Width
		}
		if i > 0 {
			w += c.gap
		}
		h = max(h, ms.Height)
	}
	return fyne.NewSize(w, h)
}

func (c *columns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objects {
		w := size.Width - x
		if i < len(c.widths) {
			w = c.widths[i]
		}
		h := o.MinSize().Height
		if i == len(objects)-1 {
			h = size.Height
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(max(w, 0), h))
		x += w + c.gap
	}
}

func newButton(text string, icon fyne.Resource, onTapped, onEscape func()) *button {
	return dialogkit.NewButton(text, icon, onTapped, onEscape)
}
