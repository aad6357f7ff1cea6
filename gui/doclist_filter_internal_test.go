package gui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/gui/dialogkit/dialogkittest"
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
	ws := openWorkspace(t, newTestProject(t))
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
	if ws.CurrentDocument().ID != "d1" || ws.position.Text != "1 / 3" {
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
	asUI(ws, func() { ws.statusFilter.SetSelected(statusText(model.StatusDone)) })
	waitIdle(t, ws)
	if got := listTitles(ws); got != "d3" {
		t.Fatalf("done only: %q", got)
	}
	asUI(ws, func() { ws.statusFilter.SetSelectedIndex(0) })
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

// listCounting counts the pages of the document list the window reads.
type listCounting struct {
	*testProject
	pages atomic.Int64
}

func (p *listCounting) ListDocuments(ctx context.Context, annotator string, f model.DocumentFilter, offset, limit int) ([]model.DocumentSummary, error) {
	p.pages.Add(1)
	return p.DB.ListDocuments(ctx, annotator, f, offset, limit)
}

func (p *listCounting) ListPage(ctx context.Context, annotator string, f model.DocumentFilter, id string, limit int) (model.DocumentPage, error) {
	p.pages.Add(1)
	return p.DB.ListPage(ctx, annotator, f, id, limit)
}

// A long list is read a page at a time: opening reads the first page, and
// a jump or a step past it reads the page it lands on.
func TestLongListIsPaged(t *testing.T) {
	// Imported, in one transaction: the project names the documents, so
	// the test tells them apart by their file names, n0 to n999.
	docs := make([]model.Document, 1000)
	for i := range docs {
		docs[i] = model.Document{ExternalID: fmt.Sprintf("n%d", i), Text: fmt.Sprintf("Report %d\nFighting near Idlib.", i)}
	}
	p := &listCounting{testProject: newProject(t)}
	p.importDocuments(docs...)
	ws := openWorkspace(t, p)
	open := func() string { return ws.CurrentDocument().ExternalID }
	if got, want := ws.DocumentCount(), 1000; got != want {
		t.Fatalf("DocumentCount() = %d, want %d", got, want)
	}
	if got := len(ws.Documents()); got != pageSize {
		t.Fatalf("fetched %d rows on opening, want one page of %d", got, pageSize)
	}
	if open() != "n0" || ws.position.Text != "1 / 1,000" || ws.count.Text != "1,000 documents" {
		t.Fatalf("open %q at %q, count %q", open(), ws.position.Text, ws.count.Text)
	}

	asUI(ws, func() { ws.SelectDocument(750) })
	waitIdle(t, ws)
	if open() != "n750" || ws.position.Text != "751 / 1,000" {
		t.Fatalf("after selecting row 750: open %q at %q", open(), ws.position.Text)
	}
	// The rows drawn around it are real rows, not placeholders.
	var titles []string
	for _, o := range test.LaidOutObjects(ws.list) {
		if r, ok := o.(*docRow); ok && r.Visible() && r.title.Text != "" {
			titles = append(titles, r.title.Text)
		}
	}
	if !slices.Contains(titles, "Report 750") || slices.Contains(titles, "…") {
		t.Fatalf("rows on screen: %q", titles)
	}

	// Stepping across a page boundary opens the first row of the next page.
	asUI(ws, func() { ws.SelectDocument(pageSize - 1) })
	waitIdle(t, ws)
	shortcut(ws, fyne.KeyPeriod, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if got, want := open(), fmt.Sprintf("n%d", pageSize); got != want {
		t.Fatalf("after a step past the first page: open %q, want %q", got, want)
	}
	if got := len(ws.Documents()); got != 3*pageSize {
		t.Fatalf("fetched %d rows, want the three pages visited", got)
	}

	// Finishing a document counts towards progress without rereading the
	// list.
	calls := p.pages.Load()
	shortcut(ws, fyne.KeyReturn, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if ws.progress.Value != 1 || open() != fmt.Sprintf("n%d", pageSize+1) {
		t.Fatalf("after Ctrl+Enter: progress %v, open %q", ws.progress.Value, open())
	}
	if n := p.pages.Load(); n != calls {
		t.Fatalf("finishing a document read the list %d more times", n-calls)
	}
}

// A search shows how many documents match, of how many.
func TestSearchCount(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	typeInto(t, ws, ws.search, "in")
	if got, want := ws.count.Text, "3 of 3 documents"; got != want {
		t.Fatalf("count = %q, want %q", got, want)
	}
	asUI(ws, func() { ws.search.SetText("Ankara") })
	waitIdle(t, ws)
	if got, want := ws.count.Text, "0 of 3 documents"; got != want || ws.DocumentCount() != 0 {
		t.Fatalf("count = %q, want %q", got, want)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
	if got := plural(1000000, "document", "documents"); got != "1,000,000 documents" {
		t.Errorf("plural = %q", got)
	}
}

// openFilterMenu is the filter list open on the window: a pop-up menu has
// the focus while it is open.
func openFilterMenu(ws *Workspace) *widget.PopUpMenu {
	c := ws.win.Canvas()
	if c.Overlays().Top() == nil {
		return nil
	}
	m, _ := c.Focused().(*widget.PopUpMenu)
	return m
}

// TestFiltersOpenOnAForgottenCanvas opens and closes the filters many
// times between list changes, each time after the driver has forgotten
// which canvas they are on, as the desktop driver does once a busy window's
// cache entries expire (Fyne issue #5965: Fyne 2.7.1's Select then panics
// with a nil pointer, and the window dies). Each list opens, by a tap or
// from the keyboard, and choosing from it filters the list.
func TestFiltersOpenOnAForgottenCanvas(t *testing.T) {
	fa := dialogkittest.Install(t, test.NewTempApp(t))
	p := newTestProject(t)
	labels, err := p.Labels(p.ctx())
	if err != nil {
		t.Fatal(err)
	}
	ws, err := NewWorkspace(fa, p, "anna")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOnce(ws) })
	waitIdle(t, ws)

	filters := []*dialogkit.Select{ws.statusFilter, ws.byLabel, ws.byWho}
	opens := []func(s *dialogkit.Select){
		func(s *dialogkit.Select) { s.Tapped(&fyne.PointEvent{}) },
		func(s *dialogkit.Select) { ws.win.Canvas().Focus(s); s.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) },
		func(s *dialogkit.Select) { ws.win.Canvas().Focus(s); s.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) },
	}
	searches := []string{"moscow", "", "in", "Idlib", ""}
	for round := range 30 {
		// A list change: a search typed, or the labels read again.
		asUI(ws, func() {
			ws.search.SetText(searches[round%len(searches)])
			if round%4 == 3 {
				ws.setFilterChoices(labels, []string{"anna", "bob"})
			}
		})
		waitIdle(t, ws)

		s := filters[round%len(filters)]
		fa.Forgetful().Forget()
		var panicked any
		asUI(ws, func() {
			defer func() { panicked = recover() }()
			opens[round%len(opens)](s)
		})
		if panicked != nil {
			t.Fatalf("round %d: opening a filter on a forgotten canvas panicked: %v", round, panicked)
		}
		waitFor(t, "the filter's list to open", func() bool {
			var open bool
			asUI(ws, func() { open = openFilterMenu(ws) != nil })
			return open
		})
		// Close it: with Escape, or by choosing its first choice (no
		// filter), which filters nothing and keeps the rounds comparable.
		asUI(ws, func() {
			m := openFilterMenu(ws)
			if round%2 == 0 {
				m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
				return
			}
			m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
			m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		})
		waitIdle(t, ws)
		asUI(ws, func() {
			if openFilterMenu(ws) != nil {
				t.Fatalf("round %d: the list stayed open", round)
			}
		})
	}

	// After all that, a filter chosen from its list still filters.
	asUI(ws, func() { ws.search.SetText("") })
	waitIdle(t, ws)
	fa.Forgetful().Forget()
	asUI(ws, func() { ws.byLabel.Tapped(&fyne.PointEvent{}) })
	waitFor(t, "the label filter's list", func() bool {
		var open bool
		asUI(ws, func() { open = openFilterMenu(ws) != nil })
		return open
	})
	asUI(ws, func() {
		m := openFilterMenu(ws)
		m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // Every label
		m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) // ACTOR
		m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	waitIdle(t, ws)
	if got := listTitles(ws); got != "d2" || ws.byLabel.Selected != "ACTOR" {
		t.Fatalf("documents with ACTOR spans: %q (filter %q)", got, ws.byLabel.Selected)
	}
}

// Ctrl+F puts the keys in the search box with its text selected, so typing
// replaces the last search; Escape there, or in a filter, gives them back
// to the text.
func TestSearchKeys(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	c := ws.win.Canvas()
	typeInto(t, ws, ws.search, "moscow")
	asUI(ws, func() { c.Focus(ws.view) })
	shortcut(ws, fyne.KeyF, fyne.KeyModifierShortcutDefault)
	asUI(ws, func() {
		if c.Focused() != ws.search {
			t.Fatalf("Ctrl+F focused %T, not the search box", c.Focused())
		}
		if got := ws.search.SelectedText(); got != "moscow" {
			t.Fatalf("selected %q, want the last search", got)
		}
	})
	typeInto(t, ws, ws.search, "lodz")
	if ws.search.Text != "lodz" {
		t.Fatalf("typing after Ctrl+F left %q", ws.search.Text)
	}
	asUI(ws, func() { c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	if c.Focused() != ws.view {
		t.Fatalf("Escape in the search box focused %T, not the text", c.Focused())
	}
	asUI(ws, func() {
		c.Focus(ws.byWho)
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	})
	if c.Focused() != ws.view {
		t.Fatalf("Escape in a filter focused %T, not the text", c.Focused())
	}
}
