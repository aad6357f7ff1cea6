package gui

import (
	"context"

	"github.com/inkspan/inkspan/model"
)

// searchLimit bounds a search's results: enough to scan by eye.
const searchLimit = 500

// Search shows the documents whose text has the words typed, in project order,
// as the annotator types; an empty search shows every document again.
func (ws *Workspace) Search(query string) {
	ws.query = query
	if query == "" {
		ws.matches = nil
		ws.applyFilter()
		return
	}
	ws.pending.Add(1)
	go func() {
		found, err := ws.project.Search(context.WithoutCancel(ws.ctx), query, ws.annotator, searchLimit)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if query != ws.query {
				return // the annotator has typed on: a newer search is coming
			}
			if err != nil {
				ws.showError("search", err)
				return
			}
			ws.matches = make([]string, len(found))
			for i, d := range found {
				ws.matches[i] = d.ID
			}
			ws.applyFilter()
		})
	}()
}

// FilterStatus shows only documents with the given status ("" for all).
func (ws *Workspace) FilterStatus(status model.Status) {
	if ws.showStatus == status {
		return
	}
	ws.showStatus = status
	ws.applyFilter()
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
// documents annotator worked on ("" for either means any). Storage answers
// which documents pass; the list keeps its order.
func (ws *Workspace) FilterBy(label, annotator string) {
	if label == ws.showLabel && annotator == ws.showBy {
		return
	}
	ws.showLabel, ws.showBy = label, annotator
	if label == "" && annotator == "" {
		ws.passing = nil
		ws.applyFilter()
		return
	}
	f := model.DocumentFilter{Label: label, AnnotatedBy: annotator}
	ws.pending.Add(1)
	go func() {
		docs, err := ws.project.ListDocuments(context.WithoutCancel(ws.ctx), ws.annotator, f, 0, -1)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if label != ws.showLabel || annotator != ws.showBy {
				return // changed again since
			}
			if err != nil {
				ws.showError("filter", err)
				return
			}
			ws.passing = make(map[string]bool, len(docs))
			for _, d := range docs {
				ws.passing[d.ID] = true
			}
			ws.applyFilter()
		})
	}()
}

// applyFilter rebuilds the shown list from every document, the search and
// the status filter, keeping the open document selected if it is shown.
func (ws *Workspace) applyFilter() {
	byID := make(map[string]int, len(ws.all))
	for i, d := range ws.all {
		byID[d.ID] = i
	}
	var shown []model.DocumentSummary
	add := func(d model.DocumentSummary) {
		if (ws.showStatus == "" || d.Status == ws.showStatus) && (ws.passing == nil || ws.passing[d.ID]) {
			shown = append(shown, d)
		}
	}
	if ws.matches != nil {
		for _, id := range ws.matches {
			if i, ok := byID[id]; ok {
				add(ws.all[i])
			}
		}
	} else {
		for _, d := range ws.all {
			add(d)
		}
	}
	ws.docs = shown
	ws.current = -1
	ws.list.UnselectAll()
	ws.list.Refresh()
	for i, d := range ws.docs {
		if d.ID == ws.doc.ID {
			ws.list.Select(i) // the open document: openDocument sees it is loaded
			break
		}
	}
	ws.showProgress()
}

// statusChoices are the filter's options: every status, then each one.
func statusChoices() []string {
	choices := []string{"Every status"}
	for _, s := range model.Statuses {
		choices = append(choices, statusText(s))
	}
	return choices
}

func statusOfChoice(choice string) model.Status {
	for _, s := range model.Statuses {
		if statusText(s) == choice {
			return s
		}
	}
	return ""
}
