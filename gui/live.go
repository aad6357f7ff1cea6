package gui

import (
	"slices"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
)

// A team project is changed by others while the window is open (issue
// 15): when the project tells of changes (app.Watcher), the window
// re-reads what they touch through its own store, under its own
// permissions: the list's rows and counts and the progress bar, and the
// open document when its layer (or, reviewing, anyone's work on it)
// changed. The same annotator's two windows thus see each other's edits;
// an undo whose span the other window changed since is refused by the
// undo history (model/edit.SpanReader) instead of overwriting it.

// startLive listens for the project's changes until the window closes.
// Connecting to listen may take a moment on a distant server, so it is
// done off the UI goroutine; listening is set once changes are heard.
func (ws *Workspace) startLive() {
	w, ok := ws.project.(app.Watcher)
	if !ok {
		return
	}
	ctx := ws.ctx
	go func() {
		changes := w.Changes(ctx)
		ws.listening.Store(true)
		for c := range changes {
			batch := []app.Change{c}
			// What else has come meanwhile is applied with it.
			for more := true; more; {
				select {
				case c, ok := <-changes:
					if !ok {
						more = false
						break
					}
					batch = append(batch, c)
				default:
					more = false
				}
			}
			ws.pending.Add(1)
			ws.onUI(func() {
				defer ws.pending.Add(-1)
				if ctx.Err() == nil {
					ws.applyChanges(batch)
				}
			})
			// A busy team sends changes all the time: the window re-reads
			// at most every liveGap, the changes meanwhile together.
			select {
			case <-ctx.Done():
			case <-time.After(liveGap):
			}
		}
	}()
}

// liveGap is the least time between two re-reads for others' changes.
const liveGap = 300 * time.Millisecond

// applyChanges re-reads what changes touched. Runs on the UI goroutine.
func (ws *Workspace) applyChanges(batch []app.Change) {
	open := false
	for _, c := range batch {
		if ws.doc.ID == "" {
			break
		}
		if c.DocumentID == "" || (c.DocumentID == ws.doc.ID && (ws.reviewing || c.Annotator == "" || c.Annotator == ws.layer)) {
			open = true
		}
	}
	ws.refreshCounts()
	if open {
		ws.reloadOpen()
	}
}

// refreshCounts re-reads the progress and the list's rows, keeping the
// list where it is.
func (ws *Workspace) refreshCounts() {
	ctx, layer := ws.ctx, ws.layer
	ws.pending.Add(1)
	go func() {
		total, finished, err := ws.loadProgress(ctx, layer)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if ctx.Err() != nil || err != nil || layer != ws.layer {
				return // a failed re-read leaves the counts as they were
			}
			ws.total, ws.finished = total, finished
			ws.showProgress()
			ws.refreshRows()
		})
	}()
}

// refreshRows re-reads the rows of the list fetched so far, in place: the
// list stays scrolled where the annotator has it and its selection stays.
// When the list's length changed (documents assigned, taken, imported),
// rows moved, and the list is read afresh around the open document.
func (ws *Workspace) refreshRows() {
	if ws.rows.ctx == nil {
		return // the first list is on its way
	}
	if ws.flight.running {
		ws.refreshList() // read afresh after the list on its way
		return
	}
	ctx, gen, f, layer := ws.rows.ctx, ws.rows.gen, ws.rows.filter, ws.layer
	var pages []int
	for n := range ws.rows.pages {
		pages = append(pages, n)
	}
	ws.pending.Add(1)
	go func() {
		fresh := map[int][]model.DocumentSummary{}
		total, err := ws.project.CountDocuments(ctx, layer, f)
		for _, n := range pages {
			if err != nil {
				break
			}
			fresh[n], err = ws.project.ListDocuments(ctx, layer, f, n*pageSize, pageSize)
		}
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if err != nil || ctx.Err() != nil || gen != ws.rows.gen || layer != ws.layer {
				return // a newer list replaced this one, or the window closed
			}
			if total != ws.rows.total {
				ws.refreshList()
				return
			}
			for n, rows := range fresh {
				if _, kept := ws.rows.pages[n]; kept {
					ws.rows.pages[n] = rows
				}
			}
			ws.list.Refresh()
		})
	}()
}

// reloadOpen re-reads the open document's layer, as another connection
// left it: spans, relations, note, suggestions, and reviewing, everyone's
// proposals and the review. While this window's own writes are on their
// way it waits for them (reloadAfterWrites), so that what they return is
// not overtaken by an older read.
func (ws *Workspace) reloadOpen() {
	if ws.unsaved > 0 {
		ws.reloadAfterWrites = true
		return
	}
	id, at, layer, seq := ws.doc.ID, ws.appLayer(), ws.layer, ws.loadSeq
	ctx := ws.ctx
	ws.pending.Add(1)
	go func() {
		opened, err := app.OpenDocument(ctx, ws.project, id, at)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if err != nil || ctx.Err() != nil || seq != ws.loadSeq || id != ws.doc.ID || layer != ws.layer {
				return // another document, or mode, since: its own load shows it
			}
			if ws.unsaved > 0 {
				ws.reloadAfterWrites = true
				return
			}
			ws.people, ws.review, ws.suggested = opened.People, opened.Review, opened.Suggestions
			ws.peopleMarks = nil
			if len(opened.People) > 0 {
				ws.peopleMarks = agree.Compare(opened.People)
			}
			ws.rejected.reset(id)
			for _, s := range opened.Rejected {
				ws.rejected.set(id, proposalID(s), true)
			}
			ws.spans, ws.relations = slices.Clone(opened.Spans), opened.Relations
			ws.showSpans()
			ws.panel.showDocNote(opened.Note)
		})
	}()
}

// writesLanded is called when the last queued write is done: a reload
// held back for them runs now.
func (ws *Workspace) writesLanded() {
	if ws.reloadAfterWrites && ws.unsaved == 0 {
		ws.reloadAfterWrites = false
		ws.reloadOpen()
	}
}

// finishedAll is what Finish does when the annotator's queue has nothing
// left: a project that hands documents out as annotators ask
// (app.Taker) gives them the next, which joins their list; otherwise
// every document is done.
func (ws *Workspace) finishedAll() {
	if _, ok := ws.project.(app.Taker); !ok || ws.reviewing {
		ws.showMessage(ws.allDoneMessage())
		return
	}
	ctx, at, seq := ws.ctx, ws.appLayer(), ws.loadSeq
	ws.showMessage("Asking the team project for another document…")
	ws.pending.Add(1)
	go func() {
		id, err := app.TakeDocument(ctx, ws.project, at)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if ctx.Err() != nil || seq != ws.loadSeq {
				return // the annotator went elsewhere meanwhile
			}
			if err != nil {
				ws.showMessage(ws.allDoneMessage())
				ws.showError("take a document", err)
				return
			}
			if id == "" {
				ws.showMessage(ws.allDoneMessage())
				return
			}
			ws.refreshCounts() // the document taken is in the list now
			ws.openByID(id)
		})
	}()
}
