package gui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// A label that overlaps another is refused in the status bar, in the
// document's words, with no dialog in the way of the next key.
func TestOverlapRefusedInWords(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	// The project has "1,250" as a FIGURE already.
	selectText(t, ws, "About 1,250", 0)
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitIdle(t, ws)
	asUI(ws, func() {
		want := "ACTOR “About 1,250” overlaps FIGURE “1,250”: this project does not allow overlapping spans."
		if ws.notice.Text != want {
			t.Errorf("notice = %q, want %q", ws.notice.Text, want)
		}
		if top := ws.win.Canvas().Overlays().Top(); top != nil {
			t.Errorf("a dialog opened for a refused label: %T", top)
		}
		if ws.saved.Text != "All changes saved" {
			t.Errorf("saved indicator = %q", ws.saved.Text)
		}
	})
}
