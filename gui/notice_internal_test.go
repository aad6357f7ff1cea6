package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model"
)

// The status bar says what undo, redo and done did, and a notice stays
// with the document it is about.
func TestNoticesSayWhatHappened(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	ctrl := fyne.KeyModifierShortcutDefault
	notice := func() string {
		var text string
		asUI(ws, func() { text = ws.notice.Text })
		return text
	}

	selectText(t, ws, "workers", 1)
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitIdle(t, ws)
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if got, want := notice(), "Undone: add ACTOR “workers”"; got != want {
		t.Fatalf("after Ctrl+Z: notice %q, want %q", got, want)
	}
	shortcut(ws, fyne.KeyY, ctrl)
	waitIdle(t, ws)
	if got, want := notice(), "Redone: add ACTOR “workers”"; got != want {
		t.Fatalf("after Ctrl+Y: notice %q, want %q", got, want)
	}

	// Done opens the next document, and the notice, about what was just
	// done, is shown there.
	asUI(ws, func() { ws.Finish(model.StatusDone) })
	waitIdle(t, ws)
	waitFor(t, "the next document", func() bool {
		var id string
		asUI(ws, func() { id = ws.CurrentDocument().ID })
		return id != "d1"
	})
	waitIdle(t, ws)
	if got := notice(); !strings.HasPrefix(got, "Marked “Dock workers strike in Łódź” done") {
		t.Fatalf("after done: notice %q", got)
	}

	// Opening another document clears a notice about this one.
	asUI(ws, func() { ws.say("about this document") })
	asUI(ws, func() { ws.SelectDocument(0) })
	waitIdle(t, ws)
	waitFor(t, "the first document", func() bool {
		var id string
		asUI(ws, func() { id = ws.CurrentDocument().ID })
		return id == "d1"
	})
	if got := notice(); got != "" {
		t.Fatalf("another document shows the notice %q", got)
	}
}
