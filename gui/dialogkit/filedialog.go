package dialogkit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// ShowFileDialog shows one of Fyne's file choosers over parent so that
// Escape dismisses it, as its Cancel does, and the keys then go back to
// what had them. Fyne's choosers answer no key themselves and focus
// nothing as they open, so Escape went on to whatever held the window's
// keys beneath: a dialog's hold (the import dialog closed under the
// chooser, losing its form) or the window (nothing happened).
func ShowFileDialog(parent fyne.Window, d *dialog.FileDialog) {
	h := Hold(parent, d.Dismiss)
	d.SetOnClosed(h.Release)
	d.Show()
}
