package gui

import (
	"slices"
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

// The status bar keeps its places: a notice, however long, and the save
// indicator going from "Saving…" to "All changes saved" move and resize
// nothing else in it, and never make the window wider than it is. (The
// notice used to push the progress bar and the path aside, and a long one
// made the window's content wider than 900 px.)
func TestStatusBarKeepsItsPlaces(t *testing.T) {
	for _, size := range []fyne.Size{windowSize, {Width: 900, Height: 600}} {
		ws := openWorkspace(t, newTestProject(t))
		type place struct{ pos, size fyne.Size }
		places := func() (out []place) {
			asUI(ws, func() {
				ws.win.Content().Refresh() // lays out again, as the desktop driver does when a minimum size changes
				d := fyne.CurrentApp().Driver()
				for _, o := range []fyne.CanvasObject{ws.progress, ws.count, ws.position, ws.saved} {
					p := d.AbsolutePositionForObject(o)
					out = append(out, place{fyne.NewSize(p.X, p.Y), o.Size()})
				}
			})
			return out
		}
		asUI(ws, func() { ws.win.Resize(size) })
		before := places()
		changes := []struct {
			what string
			do   func()
		}{
			{"a notice", func() { ws.say("Labeled 12 occurrences of “Idlib” as PLACE.") }},
			{"a long notice", func() {
				ws.say("Marked “Dock workers strike in Łódź, Gdańsk and Szczecin again” done (Ctrl+Z undoes)")
			}},
			{"a save under way", func() { ws.saved.SetText("Saving…") }},
			{"the save done", func() { ws.saved.SetText("All changes saved") }},
			{"the notice gone", func() { ws.say("") }},
		}
		for _, c := range changes {
			asUI(ws, c.do)
			if got := places(); !slices.Equal(got, before) {
				t.Errorf("%v: %s moved the status bar's parts from %v to %v", size, c.what, before, got)
			}
			asUI(ws, func() {
				if w := ws.win.Content().MinSize().Width; w > size.Width {
					t.Errorf("%v: with %s the window needs %v px", size, c.what, w)
				}
				if ws.notice.Text != "" {
					d := fyne.CurrentApp().Driver()
					p := d.AbsolutePositionForObject(ws.notice)
					if !ws.notice.Visible() || ws.notice.Size().Width < 200 || p.X+ws.notice.Size().Width > size.Width {
						t.Errorf("%v: the notice is at %v, %v wide (visible %v)", size, p, ws.notice.Size(), ws.notice.Visible())
					}
				}
			})
		}
	}
}
