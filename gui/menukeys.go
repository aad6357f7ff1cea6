package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Keyboard access to the menus and panes: the menus show each item's key,
// F10 opens them as a pop-up that arrows, Enter and Escape drive, and
// Ctrl+Tab moves between the panes.

// withKey sets the key a menu item shows. Fyne's desktop driver also runs
// the item when that key is pressed, even with a note being typed, which is
// what these window-wide keys want; but it does so before any widget sees
// the key, dialog or not, so the item does nothing while a dialog covers
// the window (see behindDialog). A click cannot reach the menu bar then,
// and the F10 pop-up has closed by the time it runs the item.
func (ws *Workspace) withKey(item *fyne.MenuItem, name fyne.KeyName, mod fyne.KeyModifier) *fyne.MenuItem {
	item.Shortcut = &desktop.CustomShortcut{KeyName: name, Modifier: mod}
	item.Action = ws.unlessDialog(item.Action)
	return item
}

// behindDialog reports whether something covers the window: a dialog (the
// dialogkit ones, the label editor, Fyne's colour picker and file choosers),
// or a pop-up menu. The window's keys must then change nothing behind it.
// Fyne delivers shortcuts to the window's canvas whatever covers it, a
// dialog's focused button takes none, and dialogs that hold the window's
// keys (dialogkit.Hold) pass the keys they do not use on to it.
func (ws *Workspace) behindDialog() bool {
	return ws.win.Canvas().Overlays().Top() != nil
}

// unlessDialog wraps a key's action so that it does nothing behind a
// dialog.
func (ws *Workspace) unlessDialog(fn func()) func() {
	return func() {
		if !ws.behindDialog() {
			fn()
		}
	}
}

// ShowMenuPopUp opens the main menu as a pop-up at the window's top left,
// with the keyboard in it (F10).
func (ws *Workspace) ShowMenuPopUp() {
	main := ws.win.MainMenu()
	if main == nil {
		return
	}
	top := fyne.NewMenu("")
	for _, m := range main.Items {
		item := fyne.NewMenuItem(m.Label, nil)
		item.ChildMenu = m
		top.Items = append(top.Items, item)
	}
	pop := widget.NewPopUpMenu(top, ws.win.Canvas())
	pop.ShowAtPosition(fyne.NewPos(0, 0))
	ws.win.Canvas().Focus(pop)
}

// panes are the places Ctrl+Tab moves between, in order: in review mode
// the review panel's marks and gold's relations stand for the span panel,
// which is hidden.
func (ws *Workspace) panes() []fyne.Focusable {
	if ws.reviewing {
		return []fyne.Focusable{ws.view, ws.list, ws.reviewPanel.list, ws.reviewPanel.relList}
	}
	return []fyne.Focusable{ws.view, ws.list, ws.panel.list, ws.panel.attrs, ws.panel.attrName, ws.panel.spanNote, ws.panel.docNote}
}

// CyclePane moves the keyboard to the next pane (step +1) or the previous
// one (-1): text, document list, span list, the focused span's attributes
// and the entry that adds one, span note, document note (in review mode:
// text, document list, the marks, gold relations). A disabled pane
// (the span note with no span focused) or a hidden one (the attributes of
// a span without any) is passed over.
func (ws *Workspace) CyclePane(step int) {
	panes := ws.panes()
	at := -1
	focused := ws.win.Canvas().Focused()
	for i, p := range panes {
		if p == focused {
			at = i
		}
	}
	for n := 1; n <= len(panes); n++ {
		next := panes[((at+step*n)%len(panes)+len(panes))%len(panes)]
		if d, ok := next.(fyne.Disableable); ok && d.Disabled() {
			continue
		}
		if o, ok := next.(fyne.CanvasObject); ok && !o.Visible() {
			continue
		}
		ws.win.Canvas().Focus(next)
		if o, ok := next.(fyne.CanvasObject); ok {
			ws.panel.reveal(o) // in the panel's lower part, which may scroll
		}
		return
	}
}

// refreshChecks puts the check marks on the View menu's choices.
func (ws *Workspace) refreshChecks() {
	if ws.reviewToggle == nil {
		return
	}
	ws.reviewToggle.Checked = ws.reviewing
	theme := fyne.CurrentApp().Preferences().String(prefTheme)
	for name, item := range ws.themeItems {
		item.Checked = name == theme
	}
	if m := ws.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// paneKey takes the window's keys without a modifier that must work from
// every pane, not only from the text: F1 (guidelines), F6 (next pane) and
// F10 (the menus). The desktop driver gives such a key to the focused
// widget alone, so each pane's widget offers it here first. It reports
// whether it took the key.
func (ws *Workspace) paneKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyF1, fyne.KeyF6, fyne.KeyF10:
		ws.windowKey(ev)
		return true
	}
	return false
}

// paneList is a widget.List in one of the window's panes: the window's
// function keys (paneKey) work in it.
type paneList struct {
	widget.List
	ws *Workspace
}

func newPaneList(ws *Workspace, length func() int, create func() fyne.CanvasObject,
	update func(widget.ListItemID, fyne.CanvasObject)) *paneList {
	l := &paneList{ws: ws}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey is part of fyne.Focusable.
func (l *paneList) TypedKey(ev *fyne.KeyEvent) {
	if l.ws.paneKey(ev) {
		return
	}
	l.List.TypedKey(ev)
}
