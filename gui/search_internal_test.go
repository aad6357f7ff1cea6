package gui

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
)

// gatedSearch holds the list of one search until its context is cancelled,
// then answers anyway, as a store that does not notice cancellation in
// time would: the window must not show that late answer.
type gatedSearch struct {
	*testProject
	query     string        // the search held
	held      chan struct{} // closed once the held search has started
	mu        sync.Mutex
	cancelled bool   // the held search's context ended
	more      string // a search whose page says there are more than it lists
}

func (g *gatedSearch) ListPage(ctx context.Context, annotator string, f model.DocumentFilter, id string, limit int) (model.DocumentPage, error) {
	if f.Query != "" && f.Query == g.query {
		close(g.held)
		<-ctx.Done()
		g.mu.Lock()
		g.cancelled = true
		g.mu.Unlock()
		// Everything, as if the held search matched it all.
		return g.DB.ListPage(context.Background(), annotator, model.DocumentFilter{}, id, limit)
	}
	page, err := g.DB.ListPage(ctx, annotator, f, id, limit)
	if f.Query != "" && f.Query == g.more {
		page.More = true
	}
	return page, err
}

// rowOf is the row widget showing list row i.
func rowOf(t *testing.T, ws *Workspace, i int) *docRow {
	t.Helper()
	var row *docRow
	asUI(ws, func() { row = ws.flight.drawn[i] })
	if row == nil {
		t.Fatalf("no row widget shows row %d", i)
	}
	return row
}

// boldText is the bold words of a snippet line, joined by "|".
func boldText(r *widget.RichText) string {
	var bold []string
	for _, s := range r.Segments {
		if t, ok := s.(*widget.TextSegment); ok && t.Style.TextStyle.Bold {
			bold = append(bold, t.Text)
		}
	}
	return strings.Join(bold, "|")
}

// A key typed while a search runs cancels that search, and its late
// answer is never shown: the list goes from the whole project straight to
// the newest search's results.
func TestSupersededSearchDropped(t *testing.T) {
	g := &gatedSearch{testProject: newTestProject(t), query: "p", held: make(chan struct{})}
	ws := openWorkspace(t, g)
	var gen uint64
	asUI(ws, func() { gen = ws.rows.gen })

	asUI(ws, func() { ws.TypeSearch("p") })
	<-g.held
	asUI(ws, func() { ws.TypeSearch("ut") }) // "pu", then "put"
	waitIdle(t, ws)

	g.mu.Lock()
	cancelled := g.cancelled
	g.mu.Unlock()
	if !cancelled {
		t.Fatal("the superseded search was not cancelled")
	}
	asUI(ws, func() {
		if ws.rows.gen != gen+1 {
			t.Errorf("%d lists shown after the first, want 1: the superseded search's answer was shown", ws.rows.gen-gen)
		}
		if ws.rows.filter.Query != "put" || ws.rows.total != 1 || ws.count.Text != "1 of 3 documents" {
			t.Errorf("list of %q, %d rows, count %q; want put's 1 row", ws.rows.filter.Query, ws.rows.total, ws.count.Text)
		}
		if q, rows, snippets := ws.ShownSearch(); !rows || !snippets || q != "put" {
			t.Errorf("ShownSearch = %q, rows %v, snippets %v", q, rows, snippets)
		}
	})
	if d, _ := ws.rows.at(0); d.ID != "d2" {
		t.Errorf("row 0 is %q, want d2 (Putin)", d.ID)
	}
}

// A search's rows show the passage that matched with the matched words in
// bold, the open document marks them, and a capped count says so.
func TestSearchSnippetsAndMarks(t *testing.T) {
	g := &gatedSearch{testProject: newTestProject(t), more: "in"}
	if err := g.SetLastDocument(g.ctx(), "anna", "d2"); err != nil {
		t.Fatal(err)
	}
	ws := openWorkspace(t, g)
	asUI(ws, func() { ws.TypeSearch("moscow") })
	waitIdle(t, ws)

	row := rowOf(t, ws, 0)
	asUI(ws, func() {
		if !row.snippet.Visible() || !row.hasSnippet {
			t.Fatalf("row 0 shows no snippet (visible %v)", row.snippet.Visible())
		}
		if got := boldText(row.snippet); got != "Moscow" {
			t.Errorf("bold in the snippet: %q, want Moscow", got)
		}
		if got := row.snippet.String(); !strings.Contains(got, "Erdoğan meets Putin in Moscow Turkish President") {
			t.Errorf("snippet %q: want the passage, its line break a space", got)
		}
		if got, want := ws.view.Marks(), [][2]int{{23, 29}}; len(got) != 1 || got[0] != want[0] {
			t.Errorf("marks in the open document = %v, want %v", got, want)
		}
	})

	// The whole project's list has no snippet line, and the document no
	// marks.
	asUI(ws, ws.ClearSearch)
	waitIdle(t, ws)
	row = rowOf(t, ws, 0)
	asUI(ws, func() {
		if row.snippet.Visible() {
			t.Error("a snippet line outside a search")
		}
		if m := ws.view.Marks(); len(m) != 0 {
			t.Errorf("marks left after the search: %v", m)
		}
	})

	asUI(ws, func() { ws.TypeSearch("in") })
	waitIdle(t, ws)
	asUI(ws, func() {
		if got, want := ws.count.Text, "more than 3 matches"; got != want {
			t.Errorf("count = %q, want %q", got, want)
		}
	})
}

// indexedProject records the window bringing the search index up to date.
type indexedProject struct {
	*testProject
	updated chan context.Context
}

func (p *indexedProject) UpdateSearchIndex(ctx context.Context, progress func(done, total int)) error {
	p.updated <- ctx
	return p.DB.UpdateSearchIndex(ctx, progress)
}

// The window brings a lagging search index up to date in the background
// once its first list is shown, and stops it when it closes.
func TestSearchIndexUpdatedInBackground(t *testing.T) {
	p := &indexedProject{testProject: newTestProject(t), updated: make(chan context.Context, 4)}
	ws := openWorkspace(t, p)
	var ctx context.Context
	select {
	case ctx = <-p.updated:
	case <-time.After(10 * time.Second):
		t.Fatal("the search index was not brought up to date")
	}
	asUI(ws, func() { ws.TypeSearch("moscow") })
	waitIdle(t, ws)
	if len(p.updated) != 0 {
		t.Errorf("indexed again on a later list: %d more times", len(p.updated))
	}
	closeOnce(ws)
	if ctx.Err() == nil {
		t.Error("the background indexing goes on after the window closed")
	}
}

// pagedSnippets brings a search's first snippets with its page, and counts
// the snippets asked for separately.
type pagedSnippets struct {
	*testProject
	asked atomic.Int64 // Snippets calls
}

func (p *pagedSnippets) ListPage(ctx context.Context, annotator string, f model.DocumentFilter, id string, limit int) (model.DocumentPage, error) {
	page, err := p.DB.ListPage(ctx, annotator, f, id, limit)
	if f.Query != "" {
		page.Snippets = map[string]model.Snippet{}
		for _, d := range page.First {
			page.Snippets[d.ID] = model.Snippet{Text: "from the page: " + f.Query, Matches: []model.TextRange{{Start: 15, End: 15 + len(f.Query)}}}
		}
	}
	return page, err
}

func (p *pagedSnippets) Snippets(ctx context.Context, query string, ids []string) (map[string]model.Snippet, error) {
	p.asked.Add(1)
	return p.DB.Snippets(ctx, query, ids)
}

// The snippets that come with a search's first page are shown without
// asking for them again.
func TestSnippetsWithThePage(t *testing.T) {
	p := &pagedSnippets{testProject: newTestProject(t)}
	ws := openWorkspace(t, p)
	asUI(ws, func() { ws.TypeSearch("in") })
	waitIdle(t, ws)
	row := rowOf(t, ws, 0)
	asUI(ws, func() {
		if got := row.snippet.String(); got != "from the page: in" || boldText(row.snippet) != "in" {
			t.Errorf("snippet %q, bold %q", got, boldText(row.snippet))
		}
		if _, rows, snippets := ws.ShownSearch(); !rows || !snippets {
			t.Errorf("ShownSearch: rows %v, snippets %v", rows, snippets)
		}
	})
	if n := p.asked.Load(); n != 0 {
		t.Errorf("snippets asked for %d times although the page brought them", n)
	}
}
