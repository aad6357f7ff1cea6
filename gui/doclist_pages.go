package gui

import (
	"context"
	"maps"
	"slices"

	"github.com/inkspan/inkspan/model"
)

// The document list never holds the whole project: it knows how many rows
// its filter lets through and fetches rows a page at a time as the list
// widget draws them, so a project of a million documents opens and
// scrolls as fast as one of ten.

// pageSize is how many rows one request fetches: a few screens.
const pageSize = 200

// maxPages bounds the pages kept, so scrolling through a million documents
// does not end up holding them all; the pages farthest from the one just
// fetched go first.
const maxPages = 64

// docPages is the part of one filtered list fetched so far.
type docPages struct {
	filter model.DocumentFilter // what these rows are a list of
	total  int                  // rows the filter lets through
	pages  map[int][]model.DocumentSummary
	asked  map[int]bool // pages requested, arrived or not
	gen    uint64       // identifies this list: a page of an older one is dropped
}

func (p *docPages) reset(f model.DocumentFilter, total int) {
	p.filter, p.total = f, total
	p.pages = map[int][]model.DocumentSummary{}
	p.asked = map[int]bool{}
	p.gen++
}

// at is the i-th row, if its page has arrived.
func (p *docPages) at(i int) (model.DocumentSummary, bool) {
	page := p.pages[i/pageSize]
	if i < 0 || i%pageSize >= len(page) {
		return model.DocumentSummary{}, false
	}
	return page[i%pageSize], true
}

func (p *docPages) put(n int, rows []model.DocumentSummary) {
	p.pages[n], p.asked[n] = rows, true
	for len(p.pages) > maxPages {
		far := n
		for k := range p.pages {
			if abs(k-n) > abs(far-n) {
				far = k
			}
		}
		delete(p.pages, far)
		delete(p.asked, far)
	}
}

// find is the row index of a document among the fetched rows, or -1.
func (p *docPages) find(id string) int {
	for n, page := range p.pages {
		for i, d := range page {
			if d.ID == id {
				return n*pageSize + i
			}
		}
	}
	return -1
}

func abs(n int) int { return max(n, -n) }

// listRow fills row i of the list widget, asking for its page when it has
// not arrived: the row says so until it does.
func (ws *Workspace) listRow(i int, row *docRow) {
	if d, ok := ws.rows.at(i); ok {
		if ws.reviewing {
			d.Status = model.Status(model.ReviewStatusOf(d.Status))
		}
		row.set(d)
		return
	}
	row.setLoading()
	ws.requestPage(i / pageSize)
}

// requestPage fetches a page of the list in the background.
func (ws *Workspace) requestPage(n int) {
	if ws.rows.asked[n] || n*pageSize >= ws.rows.total {
		return
	}
	ws.rows.asked[n] = true
	gen, f, layer := ws.rows.gen, ws.rows.filter, ws.layer
	ws.pending.Add(1)
	go func() {
		rows, err := ws.project.ListDocuments(ws.ctx, layer, f, n*pageSize, pageSize)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if gen != ws.rows.gen || ws.ctx.Err() != nil {
				return // the filter changed, or the window closed
			}
			if err != nil {
				// The page stays asked for: asking again on every
				// repaint would stack one dialog per frame.
				ws.showError("load the document list", err)
				return
			}
			ws.rows.put(n, rows)
			ws.list.Refresh()
			if ws.want >= 0 && ws.want/pageSize == n {
				i := ws.want
				ws.want = -1
				ws.openDocument(i)
			}
		})
	}()
}

// refreshList reads the list anew for ws.filter: how many rows it has, its
// first page, and where the open document stands in it, so the open
// document stays selected. The old rows stay on screen until then, which
// keeps typing in the search box from blinking the list.
func (ws *Workspace) refreshList() {
	ws.listSeq++
	seq, f, openID, layer := ws.listSeq, ws.filter, ws.openID(), ws.layer
	ctx := ws.ctx
	ws.pending.Add(1)
	go func() {
		page, err := ws.project.ListPage(ctx, layer, f, openID, pageSize)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if seq != ws.listSeq || ctx.Err() != nil {
				return // a newer filter is on its way, or the window closed
			}
			if err != nil {
				ws.count.SetText("no documents")
				ws.showError("load the document list", err)
				return
			}
			ws.rows.reset(f, page.Total)
			ws.rows.put(0, page.First)
			pos := page.Position
			if page.Around != nil {
				ws.rows.put(pos/pageSize, page.Around)
			}
			ws.showCount()
			ws.current, ws.want = -1, -1
			ws.list.UnselectAll()
			ws.list.Refresh()
			switch {
			case pos >= 0 && ws.openID() == openID:
				ws.selectRow(pos) // openDocument sees it is open
			case ws.openID() == "" && page.Total > 0 && f.IsZero():
				ws.selectRow(0) // nothing to resume: start at the top
			}
		})
	}()
}

// selectRow scrolls to row i and selects it, which opens its document.
// Scrolling comes first: selecting starts the load, and nothing should
// touch the widgets after that but the load's result.
func (ws *Workspace) selectRow(i int) {
	ws.list.ScrollTo(i)
	ws.list.Select(i)
}

// openID is the document shown or being loaded, "" for none.
func (ws *Workspace) openID() string {
	if ws.loadingID != "" {
		return ws.loadingID
	}
	return ws.doc.ID
}

// locate selects the open document in the list once a load has told where
// it stands: after the document flow jumped to it, or the window resumed
// at it. A document the search or filter hides clears them, so that the
// list always shows where the annotator is.
func (ws *Workspace) locate(id string, pos int, gen uint64) {
	if gen != ws.rows.gen || id != ws.openID() {
		return
	}
	if pos >= 0 {
		if d, ok := ws.rows.at(ws.current); !ok || d.ID != id || ws.current != pos {
			ws.selectRow(pos)
		}
		return
	}
	if !ws.rows.filter.IsZero() {
		ws.clearFilters()
	}
}

// clearFilters empties the search box and resets every filter, then lists
// the whole project again.
func (ws *Workspace) clearFilters() {
	// The widgets' callbacks compare with ws.filter, so they see no change
	// and do not each start a refresh.
	ws.filter = model.DocumentFilter{}
	ws.search.SetText("")
	ws.statusFilter.SetSelectedIndex(0)
	ws.byLabel.SetSelectedIndex(0)
	ws.byWho.SetSelectedIndex(0)
	ws.worstFirst.SetChecked(false)
	ws.refreshList()
}

// showCount says how many documents the list holds: of how many, when a
// search or filter narrows it.
func (ws *Workspace) showCount() {
	n := ws.rows.total
	switch {
	case ws.rows.filter.IsZero():
		ws.count.SetText(plural(n, "document", "documents"))
	case ws.rows.filter.Query != "" && n >= model.MaxSearchResults:
		ws.count.SetText("first " + count(n) + " matches")
	default:
		ws.count.SetText(count(n) + " of " + plural(ws.total, "document", "documents"))
	}
}

// Documents returns the rows the list has fetched, in list order: every
// row of a list shorter than a page.
func (ws *Workspace) Documents() []model.DocumentSummary {
	pages := slices.Sorted(maps.Keys(ws.rows.pages))
	var out []model.DocumentSummary
	for _, n := range pages {
		out = append(out, ws.rows.pages[n]...)
	}
	return out
}

// loadProgress reads the project's size and the progress of layer (the
// annotator, or gold: the review's).
func (ws *Workspace) loadProgress(ctx context.Context, layer string) (total, finished int, err error) {
	total, err = ws.project.CountDocuments(ctx, layer, model.DocumentFilter{})
	if err == nil {
		finished, err = ws.project.Finished(ctx, layer)
	}
	return total, finished, err
}
