package gui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
)

// newFilters builds the search box and the filters above the document
// list, and binds Ctrl+F to the search box. Escape in any of them gives the
// keys back to the text.
//
// The filters are dialogkit.Selects: Fyne 2.7.1's own Select kills the
// window when it is opened at a moment the driver has forgotten its canvas
// (see dialogkit.Select), which a window busy with searching and
// filtering for over a minute reaches.
func (ws *Workspace) newFilters() fyne.CanvasObject {
	ws.search = dialogkit.NewEntry(ws.focusText)
	ws.search.Do = ws.onUI // its right-click menu may wait for the canvas, as the filters do
	ws.search.SetPlaceHolder("Search documents (Ctrl+F)")
	ws.search.OnChanged = ws.Search
	ws.statusFilter = ws.newFilter(statusChoices(false), func(choice string) {
		ws.FilterStatus(statusOfChoice(choice))
	})
	ws.byLabel = ws.newFilter([]string{everyLabel}, func(choice string) {
		ws.FilterBy(unlessFirst(choice, everyLabel), ws.filter.AnnotatedBy)
	})
	ws.byWho = ws.newFilter([]string{anyone}, func(choice string) {
		ws.FilterBy(ws.filter.Label, unlessFirst(choice, anyone))
	})
	ws.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { ws.FocusSearch() })
	return container.NewVBox(ws.search, container.NewGridWithColumns(2, ws.statusFilter, ws.byLabel), ws.byWho)
}

// newFilter is a filter whose first choice, selected, means no filter.
func (ws *Workspace) newFilter(choices []string, changed func(string)) *dialogkit.Select {
	s := dialogkit.NewSelect(choices, changed, ws.focusText)
	// The select opens its list from a goroutine when it has to wait for
	// the canvas: as the window's UI work, under its lock.
	s.Do = ws.onUI
	s.SetSelectedIndex(0)
	return s
}

// FocusSearch puts the keys in the search box, its text selected so that
// typing replaces it (Ctrl+F).
func (ws *Workspace) FocusSearch() {
	ws.win.Canvas().Focus(ws.search)
	ws.search.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// focusText gives the keys back to the document (Escape in the search box
// or a filter); with no document shown, to the window's own shortcuts.
func (ws *Workspace) focusText() {
	if ws.view.Visible() {
		ws.win.Canvas().Focus(ws.view)
		return
	}
	ws.win.Canvas().Unfocus()
}

// Search shows the documents whose text has the words typed, in project
// order, as the annotator types; an empty search shows every document
// again. Storage answers from its full-text index, so the list never
// holds more than the rows on screen.
func (ws *Workspace) Search(query string) {
	if query == ws.filter.Query {
		return
	}
	ws.filter.Query = query
	ws.refreshList()
}

// FilterStatus shows only documents with the given status ("" for all).
func (ws *Workspace) FilterStatus(status model.Status) {
	var statuses []model.Status
	if status != "" {
		statuses = []model.Status{status}
	}
	if slices.Equal(statuses, ws.filter.Statuses) {
		return
	}
	ws.filter.Statuses = statuses
	ws.refreshList()
}

// The label and annotator filters' first choices: no filter.
const (
	everyLabel = "Every label"
	anyone     = "Anyone's documents"
)

// setFilterChoices offers the project's labels and annotators.
func (ws *Workspace) setFilterChoices(labels []model.Label, annotators []string) {
	choices := []string{everyLabel}
	for _, l := range labels {
		choices = append(choices, l.Name)
	}
	ws.byLabel.Options = choices
	ws.byLabel.Refresh()
	ws.byWho.Options = append([]string{anyone}, annotators...)
	ws.byWho.Refresh()
}

// unlessFirst is choice, or "" when it is the select's no-filter choice.
func unlessFirst(choice, none string) string {
	if choice == none {
		return ""
	}
	return choice
}

// FilterBy shows only documents where this annotator used label, and only
// documents annotator worked on ("" for either means any).
func (ws *Workspace) FilterBy(label, annotator string) {
	if label == ws.filter.Label && annotator == ws.filter.AnnotatedBy {
		return
	}
	ws.filter.Label, ws.filter.AnnotatedBy = label, annotator
	ws.refreshList()
}

// FilterDisagreeing shows only the documents whose annotators disagree,
// worst first, so a reviewer starts with the hardest.
func (ws *Workspace) FilterDisagreeing(on bool) {
	if on == ws.filter.Disagreeing {
		return
	}
	ws.filter.Disagreeing = on
	ws.refreshList()
}

// statusChoices are the filter's options: every status, then each one;
// when reviewing, the review statuses.
func statusChoices(reviewing bool) []string {
	if reviewing {
		choices := []string{"Every review status"}
		for _, r := range model.ReviewStatuses {
			choices = append(choices, statusText(model.Status(r)))
		}
		return choices
	}
	choices := []string{"Every status"}
	for _, s := range model.Statuses {
		choices = append(choices, statusText(s))
	}
	return choices
}

// statusOfChoice is the stored status a choice filters on: for a review
// status, the gold set's status that holds it.
func statusOfChoice(choice string) model.Status {
	for _, s := range model.Statuses {
		if statusText(s) == choice {
			return s
		}
	}
	for _, r := range model.ReviewStatuses {
		if statusText(model.Status(r)) == choice {
			return r.Status()
		}
	}
	return ""
}
