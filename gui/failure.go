package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
)

// ShowOpenFailure opens a small window saying why a project could not be
// opened (read-only, written by a newer Inkspan, not a project at all):
// someone who started Inkspan from a desktop icon has no terminal to read
// the error on. Quitting closes it; so do Escape and Enter, Quit being the
// only thing to do.
func ShowOpenFailure(a fyne.App, path string, err error) fyne.Window {
	w := a.NewWindow("Inkspan — cannot open the project")
	msg := widget.NewLabel(model.ErrorMessage(err))
	msg.Wrapping = fyne.TextWrapWord
	quit := widget.NewButtonWithIcon("Quit", theme.CancelIcon(), w.Close)
	quit.Importance = widget.HighImportance
	w.SetContent(container.NewBorder(
		widget.NewLabelWithStyle("Inkspan could not open "+path, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(layout.NewSpacer(), quit), nil, nil, msg))
	w.Resize(fyne.NewSize(520, 200))
	dialogkit.CloseOnKeys(w)
	return w
}
