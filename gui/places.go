package gui

import (
	"fyne.io/fyne/v2"

	"github.com/inkspan/inkspan/model"
)

// A document the annotator comes back to opens where they left it: the
// line that was at the top of the text and the caret, kept for the last
// maxPlaces documents of each project and annotator.
//
// The places live in the app's preferences, keyed by the project's path
// and the annotator, not in the project: the window reaches the project
// only through Project, whose settings are the guidelines and overlaps the
// annotators share, and where one reads a document is this machine's
// business, not something to merge into another annotator's copy.

// maxPlaces bounds the documents whose place is kept per project and
// annotator.
const maxPlaces = 200

// prefPlaces prefixes the preference holding a project's places.
const prefPlaces = "reading_places:"

// placesKey is the preference key of this window's places, "" for a
// project with no path (nothing to find it by next time).
func (ws *Workspace) placesKey() string {
	if ws.project.Path() == "" {
		return ""
	}
	return prefPlaces + ws.project.Path() + "\x00" + ws.annotator
}

// loadPlaces reads the places left in earlier sessions; unreadable ones
// are forgotten rather than reported, as they only save some scrolling.
func (ws *Workspace) loadPlaces() {
	ws.places = model.NewReadingPlaces(maxPlaces)
	if key := ws.placesKey(); key != "" {
		if text := fyne.CurrentApp().Preferences().String(key); text != "" {
			_ = ws.places.UnmarshalText([]byte(text))
		}
	}
}

// rememberPlace keeps where the annotator is in the document shown, and
// saves it for the next session: called as they leave it for another
// document, and as the window closes.
func (ws *Workspace) rememberPlace() {
	if ws.doc.ID == "" || !ws.view.Visible() {
		return // no document shown
	}
	ws.places.Put(ws.doc.ID, model.ReadingPlace{Top: ws.view.TopOffset(), Caret: ws.view.Caret()})
	if key := ws.placesKey(); key != "" {
		if text, err := ws.places.MarshalText(); err == nil {
			fyne.CurrentApp().Preferences().SetString(key, string(text))
		}
	}
}

// restorePlace shows the document just opened where the annotator left it,
// if they did.
func (ws *Workspace) restorePlace(id string) {
	if at, ok := ws.places.Get(id); ok {
		ws.view.ScrollToTop(at.Top)
		ws.view.SetCaret(at.Caret)
	}
}
