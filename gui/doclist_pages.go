package gui

import (
	"context"
	"maps"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// Searcher is a project that can show why a document matched a search:
// a passage around the matched words for each row of the results, and
// the matches in the open document. Storage implements it; without it the
// results show no passages and the document no marks.
type Searcher interface {
	// Snippets is a passage of each of the documents around the words
	// query matched, by document ID; documents it does not match are left
	// out.
	Snippets(ctx context.Context, query string, documentIDs []string) (map[string]model.Snippet, error)
	// Matches is where query matches in the document's text.
	Matches(ctx context.Context, query, documentID string) ([]model.TextRange, error)
}

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

// snippetChunk is how many rows' snippets one request fetches: a screen,
// as many as a search's first page brings with it.
const snippetChunk = model.PageSnippets

// docPages is the part of one filtered list fetched so far.
type docPages struct {
	filter model.DocumentFilter // what these rows are a list of
	total  int                  // rows the filter lets through
	more   bool                 // a search found more than total and lists the first total
	pages  map[int][]model.DocumentSummary
	asked  map[int]bool // pages requested, arrived or not
	gen    uint64       // identifies this list: a page of an older one is dropped

	// A search's snippets by document ID, and the chunks of rows
	// (snippetChunk each) asked for.
	snippets     map[string]model.Snippet
	snippetAsked map[int]bool

	// ctx ends when a newer list replaces this one, stopping the pages
	// and snippets still on their way.
	ctx    context.Context
	cancel context.CancelFunc
}

func (p *docPages) reset(ctx context.Context, f model.DocumentFilter, total int, more bool) {
	if p.cancel != nil {
		p.cancel()
	}
	p.ctx, p.cancel = context.WithCancel(ctx)
	p.filter, p.total, p.more = f, total, more
	p.pages = map[int][]model.DocumentSummary{}
	p.asked = map[int]bool{}
	p.snippets = map[string]model.Snippet{}
	p.snippetAsked = map[int]bool{}
	p.gen++
}

// listCtx is the context of the list on screen: it ends when a newer list
// replaces it, or the window closes.
func (ws *Workspace) listCtx() context.Context {
	if ws.rows.ctx == nil {
		return ws.ctx // no list has arrived yet
	}
	return ws.rows.ctx
}

// listFlight is the list refresh under way. One runs at a time: a key
// typed while a search runs cancels it and queues the newest filter,
// which starts when the cancelled one has returned. Searches started a
// key each would otherwise pile up on two cores and every result but the
// last would be thrown away late.
type listFlight struct {
	running bool
	queued  bool               // a newer filter waits for the running refresh to return
	cancel  context.CancelFunc // stops the running refresh
	drawn   map[int]*docRow    // the row widget last filled for each row, for ShownSearch
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
// not arrived: the row says so until it does. In a search's list it asks
// for the snippets of the rows around it, which follow the rows.
func (ws *Workspace) listRow(i int, row *docRow) {
	if ws.flight.drawn == nil {
		ws.flight.drawn = map[int]*docRow{}
	}
	if ws.flight.drawn[row.index] == row {
		delete(ws.flight.drawn, row.index)
	}
	row.index, row.gen, row.filled = i, ws.rows.gen, false
	ws.flight.drawn[i] = row
	search := ws.rows.filter.Query != ""
	row.showSnippet(search)
	d, ok := ws.rows.at(i)
	if !ok {
		row.setLoading()
		if search {
			row.setSnippet(model.Snippet{}, false)
		}
		ws.requestPage(i / pageSize)
		return
	}
	if ws.reviewing {
		d.Status = model.Status(model.ReviewStatusOf(d.Status))
	}
	row.set(d)
	row.filled = true
	if search {
		sn, ok := ws.rows.snippets[d.ID]
		row.setSnippet(sn, ok)
		if !ok {
			ws.requestSnippets(i / snippetChunk)
		}
	}
}

// requestSnippets fetches the snippets of a chunk of a search's rows in the
// background, once their page has arrived; a project that cannot make
// snippets leaves the line blank.
func (ws *Workspace) requestSnippets(chunk int) {
	searcher, ok := ws.project.(Searcher)
	if !ok || ws.rows.snippetAsked[chunk] {
		return
	}
	var ids []string
	for i := chunk * snippetChunk; i < min((chunk+1)*snippetChunk, ws.rows.total); i++ {
		d, ok := ws.rows.at(i)
		if !ok {
			return // asked again when the page has arrived and the row is drawn
		}
		ids = append(ids, d.ID)
	}
	ws.rows.snippetAsked[chunk] = true
	gen, ctx, query := ws.rows.gen, ws.listCtx(), ws.rows.filter.Query
	ws.pending.Add(1)
	go func() {
		snippets, err := searcher.Snippets(ctx, query, ids)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if gen != ws.rows.gen || ctx.Err() != nil || err != nil {
				// A newer list, or the window closed; a failed snippet
				// leaves its line blank rather than interrupt the search.
				return
			}
			for _, id := range ids {
				// A document the project gave no passage for keeps a
				// blank line, and is not asked for again.
				ws.rows.snippets[id] = snippets[id]
			}
			ws.list.Refresh()
		})
	}()
}

// ShownSearch tells what the document list shows on screen: the search
// whose list it is ("" for the whole project's), whether the rows on
// screen are filled from that list (or the list is empty, and counted),
// and whether their snippets are in too; snippets follow the rows (see
// Snippets). It is what a test or benchmark waits for after typing. Call
// it on the UI goroutine (or, in tests, under the window's UI lock: see
// DoUI).
func (ws *Workspace) ShownSearch() (query string, rows, snippets bool) {
	if ws.flight.running || ws.flight.queued {
		return "", false, false // a newer list is on its way
	}
	query = ws.rows.filter.Query
	if ws.rows.total == 0 {
		return query, true, true
	}
	_, canSnippet := ws.project.(Searcher)
	// The rows on screen, from the scroll offset and a row's height.
	h := newDocRow(query != "").MinSize().Height + theme.Padding()
	top, bottom := ws.list.GetScrollOffset(), ws.list.GetScrollOffset()+ws.list.Size().Height
	seen, withSnippet := 0, 0
	for i, row := range ws.flight.drawn {
		if y := float32(i) * h; i >= ws.rows.total || y+h <= top || y >= bottom {
			continue
		}
		if row.gen != ws.rows.gen || !row.filled {
			return query, false, false
		}
		seen++
		if row.hasSnippet || query == "" || !canSnippet {
			withSnippet++
		}
	}
	return query, seen > 0, seen > 0 && withSnippet == seen
}

// DoUI runs f as the window's UI work and waits for it: what a benchmark
// driving the window from its own goroutine needs to read or change widgets.
func (ws *Workspace) DoUI(f func()) {
	fyne.DoAndWait(func() {
		uiMu.Lock()
		defer uiMu.Unlock()
		f()
	})
}

// SearchText is what the search box holds. Call it on the UI goroutine.
func (ws *Workspace) SearchText() string { return ws.search.Text }

// ClearSearch empties the search box, which lists the whole project again.
// Call it on the UI goroutine.
func (ws *Workspace) ClearSearch() { ws.search.SetText("") }

// TypeSearch types s into the search box a key at a time, as a keyboard
// does (Ctrl+F puts the keys there first). Call it on the UI goroutine.
func (ws *Workspace) TypeSearch(s string) {
	if ws.win.Canvas().Focused() != ws.search {
		ws.win.Canvas().Focus(ws.search)
	}
	for _, r := range s {
		ws.search.TypedRune(r)
	}
}

// requestPage fetches a page of the list in the background.
func (ws *Workspace) requestPage(n int) {
	if ws.rows.asked[n] || n*pageSize >= ws.rows.total {
		return
	}
	ws.rows.asked[n] = true
	gen, f, layer, ctx := ws.rows.gen, ws.rows.filter, ws.layer, ws.listCtx()
	ws.pending.Add(1)
	go func() {
		rows, err := ws.project.ListDocuments(ctx, layer, f, n*pageSize, pageSize)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if gen != ws.rows.gen || ctx.Err() != nil {
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
//
// A refresh still running is cancelled and its result dropped: the newest
// filter starts as soon as it has returned (see listFlight).
func (ws *Workspace) refreshList() {
	ws.listSeq++
	if ws.flight.running {
		if !ws.flight.queued {
			ws.flight.queued = true
			ws.pending.Add(1) // Loading until the queued refresh has landed
		}
		ws.flight.cancel()
		return
	}
	ws.flight.running = true
	seq, f, openID, layer := ws.listSeq, ws.filter, ws.openID(), ws.layer
	ctx, cancel := context.WithCancel(ws.ctx)
	ws.flight.cancel = cancel
	ws.pending.Add(1)
	go func() {
		page, err := ws.project.ListPage(ctx, layer, f, openID, pageSize)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			defer cancel()
			ws.flight.running = false
			if ws.flight.queued {
				// Superseded: its result is not shown, and the newest
				// filter starts now.
				ws.flight.queued = false
				ws.pending.Add(-1)
				if ws.ctx.Err() == nil {
					ws.refreshList()
				}
				return
			}
			if seq != ws.listSeq || ws.ctx.Err() != nil {
				return // the window closed
			}
			if err != nil {
				ws.count.SetText("no documents")
				ws.showError("load the document list", err)
				return
			}
			ws.applyPage(f, openID, page)
		})
	}()
}

// applyPage shows a list that has arrived. The list widget redraws its
// rows on each Refresh, Select and ScrollTo, so it is asked as few times
// as it can be: once, or twice when the open document's row is selected.
func (ws *Workspace) applyPage(f model.DocumentFilter, openID string, page model.DocumentPage) {
	ws.rows.reset(ws.ctx, f, page.Total, page.More)
	ws.rows.put(0, page.First)
	if page.Snippets != nil {
		// The first rows' snippets came with them: chunk 0 is in.
		for _, d := range page.First[:min(snippetChunk, len(page.First))] {
			ws.rows.snippets[d.ID] = page.Snippets[d.ID]
		}
		ws.rows.snippetAsked[0] = true
	}
	pos := page.Position
	if page.Around != nil {
		ws.rows.put(pos/pageSize, page.Around)
	}
	ws.showCount()
	ws.current, ws.want = -1, -1
	ws.list.UnselectAll()
	switch {
	case pos >= 0 && ws.openID() == openID:
		ws.selectRow(pos) // openDocument sees it is open
	case ws.openID() == "" && page.Total > 0 && f.IsZero():
		ws.selectRow(0) // nothing to resume: start at the top
	default:
		// A new list starts at its top, not where the last one was
		// scrolled to.
		ws.list.ScrollToTop()
		ws.list.Refresh()
	}
	ws.markMatches(false)
	if ws.rows.gen == 1 {
		ws.indexForSearch()
	}
}

// SearchIndexer is a project whose search index can lag behind its
// documents (after an import on the command line, or a new version's
// index). A search brings it up to date first; the window does it in the
// background once its first list is on screen, so that the first search
// does not wait for it (a million documents take a minute and a half).
type SearchIndexer interface {
	UpdateSearchIndex(ctx context.Context, progress func(done, total int)) error
}

// indexForSearch brings the project's search index up to date in the
// background. It stops when the window closes; a failure is not reported
// here, since the search that needs the index reports it.
func (ws *Workspace) indexForSearch() {
	if ix, ok := ws.project.(SearchIndexer); ok {
		go ix.UpdateSearchIndex(ws.ctx, nil)
	}
}

// markMatches marks the open document's words that the list's search
// matched, or clears the marks when the list is not a search; reveal
// scrolls to the first match (for a document just opened from the
// results). The matches are found in the background.
func (ws *Workspace) markMatches(reveal bool) {
	searcher, ok := ws.project.(Searcher)
	query, id := ws.rows.filter.Query, ws.doc.ID
	if !ok || id == "" || ws.loadingID != "" {
		return
	}
	if query == "" {
		ws.view.SetMarks(nil)
		return
	}
	ctx, gen := ws.listCtx(), ws.rows.gen
	ws.pending.Add(1)
	go func() {
		matches, err := searcher.Matches(ctx, query, id)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if gen != ws.rows.gen || ctx.Err() != nil || id != ws.doc.ID || ws.loadingID != "" || err != nil {
				return // another list or document; or no marks to show
			}
			marks := make([][2]int, len(matches))
			for i, m := range matches {
				marks[i] = [2]int{m.Start, m.End}
			}
			ws.view.SetMarks(marks)
			if reveal && len(matches) > 0 {
				ws.view.ScrollToOffset(matches[0].Start)
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
		if d, ok := ws.rows.at(pos); ok && d.ID != id {
			// The list is older than the project: others changed it
			// (a team project's documents assigned or taken). Selecting
			// the row would open another document; the list is read
			// afresh, around the open one.
			ws.refreshList()
			return
		}
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
	case ws.rows.more:
		ws.count.SetText("more than " + plural(n, "match", "matches"))
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
		err = ws.project.Read(ctx, func(tx app.ReadTx) (err error) {
			finished, err = tx.Finished(ctx, layer)
			return err
		})
	}
	return total, finished, err
}
