package labeleditor

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
)

// Fyne's colour picker answers neither Enter nor Escape: it focuses
// nothing, so the keys went on to the editor's colour button, still
// focused under it (Enter opened a second picker), or, with nothing
// focused, to the editor's hold on the window (Escape closed the editor
// under the picker). While the picker is open it takes the window's keys
// itself, with nothing focused, and gives the editor its keys and the
// colour button its focus back when it closes.

// pickerKeys holds parent's keys for picker p, before it is shown: Escape
// closes it without a colour; the caller sets OnEnter once it is shown.
// Until then Enter does nothing: passed on, it would save the editor.
func pickerKeys(parent fyne.Window, p *dialog.ColorPickerDialog) *dialogkit.KeyHold {
	keys := dialogkit.Hold(parent, p.Hide)
	keys.OnEnter = func() {}
	p.SetOnClosed(keys.Release)
	parent.Canvas().Unfocus()
	return keys
}

// confirmOf returns what the picker's Confirm button does, found in its
// pop-up (the dialog keeps the colour being edited to itself); nil, so
// that Enter does nothing, if a later Fyne lays the picker out otherwise.
// Confirm is the picker's one button of high importance.
func confirmOf(popup fyne.CanvasObject) func() {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.PopUp:
			walk(o.Content)
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case *widget.Button:
			if o.Importance == widget.HighImportance && found == nil {
				found = o
			}
		}
	}
	walk(popup)
	if found == nil || found.OnTapped == nil {
		return nil
	}
	return found.OnTapped
}
