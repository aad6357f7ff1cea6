package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// At 900x600 the side panel keeps room for its notes and span names, and
// nothing of it falls outside the window.
func TestPanelFitsSmallWindow(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	asUI(ws, func() {
		ws.win.Resize(fyne.NewSize(900, 600))
		ws.win.Content().Refresh()
	})
	waitIdle(t, ws)
	asUI(ws, func() {
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ws.panel.box)
		size := ws.panel.box.Size()
		if size.Width < panelMinWidth {
			t.Errorf("panel is %v wide, want at least %v", size.Width, float32(panelMinWidth))
		}
		if right := pos.X + size.Width; right > ws.win.Canvas().Size().Width+0.5 {
			t.Errorf("panel ends at x=%v, beyond the window's %v", right, ws.win.Canvas().Size().Width)
		}
		if w := ws.panel.docNote.Size().Width; w < panelMinWidth-2*8 {
			t.Errorf("document note is %v wide", w)
		}
	})
}

// Where the annotator leaves the dividers is where the next window has them.
func TestSplitsRemembered(t *testing.T) {
	app := test.NewTempApp(t)
	p := newTestProject(t)
	ws, err := NewWorkspace(app, p, "anna")
	if err != nil {
		t.Fatal(err)
	}
	waitIdle(t, ws)
	asUI(ws, func() {
		ws.listSplit.SetOffset(0.2)
		ws.panelSplit.SetOffset(0.6)
	})
	closeOnce(ws)
	again, err := NewWorkspace(app, p, "anna")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOnce(again) })
	waitIdle(t, again)
	asUI(again, func() {
		if again.listSplit.Offset != 0.2 || again.panelSplit.Offset != 0.6 {
			t.Errorf("offsets after reopening: list %v, panel %v; want 0.2 and 0.6", again.listSplit.Offset, again.panelSplit.Offset)
		}
	})
}

// Escape in a note gives the keys back to the text.
func TestEscapeFromNoteBackToText(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	asUI(ws, func() {
		ws.win.Canvas().Focus(ws.panel.docNote)
		ws.panel.docNote.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if got := ws.win.Canvas().Focused(); got != ws.view {
			t.Fatalf("focus after Escape in the document note: %T", got)
		}
	})
}
