package gui

import (
	"fmt"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"github.com/inkspan/inkspan/app"
)

// A team project's server can go away (a restart, a dropped network).
// The editor then keeps the window's edits in order and sends them when
// the server is back (app.Editor, app.Link); the window says so at once in
// the status bar, shows the edits as waiting, never as saved, and asks
// before a quit would drop them.

// watchLink shows the editor's Link in the status bar from now on.
func (ws *Workspace) watchLink() {
	var offline atomic.Bool // what the window was last told
	ws.editor.OnLink(func(l app.Link) {
		// Online, the status bar follows the window's own count of
		// writes: only going offline, news while offline and coming
		// back are worth a trip to the UI goroutine.
		if !l.Offline && !offline.Load() {
			return
		}
		offline.Store(l.Offline)
		ws.onUI(func() {
			ws.link = l
			ws.showSaved()
		})
	})
}

// offlineText is the status bar's words while the editor cannot reach
// the store: waiting counts the edits not yet sent (the window's queued
// writes, the one being sent included).
func offlineText(waiting int) string {
	switch waiting {
	case 0:
		return "Offline: the team project's server cannot be reached"
	case 1:
		return "Offline: 1 edit waiting, not saved; sent when the server is back"
	}
	return fmt.Sprintf("Offline: %s edits waiting, not saved; sent when the server is back", count(waiting))
}

// unsent reports whether quitting now would drop edits: the editor is
// offline and writes wait.
func (ws *Workspace) unsent() bool { return ws.link.Offline && ws.unsaved > 0 }

// closeOrAsk closes the window, first asking when edits wait for the
// server: quitting anyway drops them (the editor stops resending them).
func (ws *Workspace) closeOrAsk(closeIt func()) {
	if !ws.unsent() {
		closeIt()
		return
	}
	n := ws.unsaved
	edits := "1 edit"
	if n != 1 {
		edits = count(n) + " edits"
	}
	ws.confirm("Quit without your last edits?",
		fmt.Sprintf("The team project's server cannot be reached: %s you made are not saved. "+
			"If you quit now, they are lost. Cancel to keep the window open; they are sent when the server is back.", edits),
		"Quit and lose them", func() {
			ws.editor.Abandon()
			closeIt()
		})
}

// quitItem is File ▸ Quit, which asks as closing the window does.
func (ws *Workspace) quitItem() *fyne.MenuItem {
	quit := fyne.NewMenuItem("Quit", func() { ws.closeOrAsk(fyne.CurrentApp().Quit) })
	quit.IsQuit = true
	return quit
}
