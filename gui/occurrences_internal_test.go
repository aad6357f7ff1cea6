package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model"
)

func TestLabelAllInDocument(t *testing.T) {
	// An emoji before the repeats puts code points and bytes apart;
	// "Idlibi" must not count as "Idlib".
	p := newProject(t, model.Document{ID: "d9", Text: "🌀 Idlib fell. Shelling in Idlib went on; the Idlibi fled to Idlib city."})
	ws := openWorkspace(t, p)
	ctrl := fyne.KeyModifierShortcutDefault
	selectText(t, ws, "Idlib", 0)
	asUI(ws, func() { test.Type(ws.view, "2") })
	waitIdle(t, ws)
	shortcut(ws, fyne.KeyL, ctrl)
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); got != "Idlib/PLACE Idlib/PLACE Idlib/PLACE" {
		t.Fatalf("after Ctrl+L: %s", got)
	}
	if ws.notice.Text != "Labeled 2 more occurrences of “Idlib” as PLACE." {
		t.Fatalf("notice = %q", ws.notice.Text)
	}
	// One undo takes the whole step back.
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); got != "Idlib/PLACE" {
		t.Fatalf("after undo: %s", got)
	}
	shortcut(ws, fyne.KeyY, ctrl)
	waitIdle(t, ws)
	// A second Ctrl+L finds nothing left to do.
	shortcut(ws, fyne.KeyL, ctrl)
	waitIdle(t, ws)
	if !strings.HasPrefix(ws.notice.Text, "No other “Idlib”") {
		t.Fatalf("notice = %q", ws.notice.Text)
	}
	// Ctrl+Alt+L on a focused span removes the label everywhere.
	asUI(ws, func() { ws.view.FocusSpan(ws.spans[1].ID) })
	shortcut(ws, fyne.KeyL, ctrl|fyne.KeyModifierAlt)
	waitIdle(t, ws)
	if got := len(ws.spans); got != 0 {
		t.Fatalf("%d spans left after removing PLACE from every Idlib", got)
	}
	if ws.notice.Text != "Removed PLACE from 3 occurrences of “Idlib”." {
		t.Fatalf("notice = %q", ws.notice.Text)
	}
}
