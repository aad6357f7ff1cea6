package transfer

import (
	"fyne.io/fyne/v2"

	"github.com/inkspan/inkspan/gui/dialogkit"
)

// The dialogs' entries and buttons report Escape (see dialogkit).
type (
	entry  = dialogkit.Entry
	button = dialogkit.Button
)

func newEntry(onEscape func()) *entry { return dialogkit.NewEntry(onEscape) }

func newButton(text string, icon fyne.Resource, onTapped, onEscape func()) *button {
	return dialogkit.NewButton(text, icon, onTapped, onEscape)
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
