package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// The window's three panes (document list, text, span panel) are split by
// draggable dividers; where the annotator leaves them is remembered.
const (
	prefListSplit  = "list_split"  // the list's share of the window
	prefPanelSplit = "panel_split" // the text's share of the text and panel
)

// Narrowest the side panel and the list may be: below this the notes and
// the span names are cut off (900x600 showed it).
const (
	panelMinWidth = 230
	listMinWidth  = 200
)

// minWidth is a layout that gives its one object at least width: Fyne's
// split then never draws the pane narrower than its content can use.
type minWidth float32

func (w minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	s.Width = fyne.Max(s.Width, float32(w))
	return s
}

func (minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// atLeast wraps o so that it is never narrower than width.
func atLeast(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(minWidth(width), o)
}

// restoreSplit gives split the offset remembered under key, if any.
func restoreSplit(split *container.Split, key string, fallback float64) {
	split.Offset = fyne.CurrentApp().Preferences().FloatWithFallback(key, fallback)
}

// rememberSplits stores where the dividers are, for the next window.
func (ws *Workspace) rememberSplits() {
	if ws.listSplit == nil || ws.panelSplit == nil {
		return
	}
	prefs := fyne.CurrentApp().Preferences()
	prefs.SetFloat(prefListSplit, ws.listSplit.Offset)
	prefs.SetFloat(prefPanelSplit, ws.panelSplit.Offset)
}
