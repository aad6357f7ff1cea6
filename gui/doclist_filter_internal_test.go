package gui

import (
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

func listTitles(ws *Workspace) string {
	var t []string
	for _, d := range ws.Documents() {
		t = append(t, d.ID)
	}
	return strings.Join(t, " ")
}

func TestSearchAndFilter(t *testing.T) {
	p := newFakeProject(t)
	ws := openWorkspace(t, p)
	if got := listTitles(ws); got != "d1 d2 d3" {
		t.Fatalf("list = %q", got)
	}
	// Typing in the search box narrows the list as the words come.
	typeInto(t, ws, ws.search, "moscow")
	if got := listTitles(ws); got != "d2" {
		t.Fatalf("after searching moscow: %q", got)
	}
	// The open document (d1) is filtered out but stays open; its position
	// is still counted in the whole project.
	if ws.CurrentDocument().ID != "d1" || ws.position.Text != "– / 3" {
		t.Fatalf("open %q at %q", ws.CurrentDocument().ID, ws.position.Text)
	}
	ws.SelectDocument(0)
	waitIdle(t, ws)
	if ws.CurrentDocument().ID != "d2" || ws.position.Text != "2 / 3" {
		t.Fatalf("opened %q at %q", ws.CurrentDocument().ID, ws.position.Text)
	}
	asUI(ws, func() { ws.search.SetText("") })
	waitIdle(t, ws)
	if got := listTitles(ws); got != "d1 d2 d3" {
		t.Fatalf("after clearing the search: %q", got)
	}
	// The status filter: the fixture's d3 is done.
	asUI(ws, func() { ws.filter.SetSelected(statusText(model.StatusDone)) })
	waitIdle(t, ws)
	if got := listTitles(ws); got != "d3" {
		t.Fatalf("done only: %q", got)
	}
	asUI(ws, func() { ws.filter.SetSelectedIndex(0) })
	waitIdle(t, ws)
	// By label the annotator used, and by who worked on the document.
	if got := strings.Join(ws.byLabel.Options, ","); got != "Every label,ACTOR,PLACE,FIGURE" {
		t.Fatalf("label choices = %s", got)
	}
	asUI(ws, func() { ws.byLabel.SetSelected("ACTOR") })
	waitIdle(t, ws)
	if got := listTitles(ws); got != "d2" {
		t.Fatalf("documents with ACTOR spans: %q", got)
	}
	asUI(ws, func() { ws.byLabel.SetSelectedIndex(0); ws.byWho.SetSelected("bob") })
	waitIdle(t, ws)
	if got := listTitles(ws); got != "" {
		t.Fatalf("bob's documents: %q", got)
	}
	// Document flow reaches a document the filter hides by clearing it.
	asUI(ws, func() { ws.openByID("d1") })
	waitIdle(t, ws)
	if got := listTitles(ws); got != "d1 d2 d3" || ws.CurrentDocument().ID != "d1" {
		t.Fatalf("after opening a hidden document: list %q, open %q", got, ws.CurrentDocument().ID)
	}
}
