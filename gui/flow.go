package gui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// The window's writes (span edits, statuses, undo and redo) run on one
// background goroutine, in the order the annotator made them: the UI
// goroutine never waits on disk, and a later change can never overtake an
// earlier one on its way to the file.

// onUI runs f on the UI goroutine (fyne.Do), one callback at a time. The
// real driver already runs them one by one on its main goroutine; Fyne's
// test driver runs each on the goroutine that asked, where a load that
// finishes while a save is still being shown would otherwise touch the same
// widgets at once.
func (ws *Workspace) onUI(f func()) {
	fyne.Do(func() {
		uiMu.Lock()
		defer uiMu.Unlock()
		f()
	})
}

// uiMu stands for the one UI goroutine that every window shares (see onUI).
var uiMu sync.Mutex

// Checkpointer is a project whose saved changes can sit in a side file
// (SQLite's WAL) until Checkpoint copies them into the project file. The
// window checkpoints when it has been idle for a moment, so that a copy of
// the project file taken while the window is open holds every change.
// Checkpoint returns an error with code model.ECONFLICT when it must wait
// for a reader (it is tried again), any other error when it failed.
type Checkpointer interface {
	Checkpoint(ctx context.Context) error
}

// WaitNotifier is a project that can say when a write waits for another
// program writing to the same project (an import on the command line):
// the window shows it in the status bar.
type WaitNotifier interface {
	SetOnWait(func())
}

// idleCheckpoint is how long the writer waits after the last write before
// it checkpoints: long enough that a run of typing pays for it once.
const idleCheckpoint = 700 * time.Millisecond

// startWriter starts the goroutine that runs writes and, when the
// project is a Checkpointer, checkpoints when writes pause. It also
// checkpoints after writes made elsewhere (a dialog, another program):
// Checkpoint costs one read when there is nothing to copy.
func (ws *Workspace) startWriter() {
	ws.jobs = make(chan func(), 256)
	ws.writerDone = make(chan struct{})
	cp, _ := ws.project.(Checkpointer)
	if w, ok := ws.project.(WaitNotifier); ok {
		w.SetOnWait(ws.WaitingForWriter)
	}
	ctx := context.WithoutCancel(ws.ctx)
	go func() {
		defer close(ws.writerDone)
		tick := time.NewTicker(idleCheckpoint)
		defer tick.Stop()
		last := time.Now()
		// shown is the checkpoint failure the window shows (nil: none).
		// Only a change is sent to the UI goroutine: an idle window
		// checkpoints every tick, and Close waits for this goroutine,
		// which must then not be waiting for the UI goroutine itself (under
		// Fyne's test driver fyne.Do runs here and waits for the UI lock
		// that a click closing the window holds).
		var shown error
		for {
			select {
			case job, ok := <-ws.jobs:
				if !ok {
					return
				}
				job()
				last = time.Now()
			case <-tick.C:
				if cp == nil || time.Since(last) < idleCheckpoint {
					continue
				}
				err := cp.Checkpoint(ctx)
				if model.ErrorCode(err) == model.ECONFLICT {
					continue // a reader holds an older snapshot: next tick
				}
				if sameFailure(err, shown) {
					continue
				}
				shown = err
				ws.onUI(func() {
					ws.checkpointErr = err
					ws.showSaved()
				})
			}
		}
	}()
}

// sameFailure reports whether a and b say the same (nil for no failure).
func sameFailure(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

// WaitingForWriter tells the annotator that their changes wait for another
// program writing to the project (an import on the command line): they are
// saved when it is done. Any goroutine may call it.
func (ws *Workspace) WaitingForWriter() {
	ws.onUI(func() {
		if ws.unsaved > 0 && ws.saveErr == nil {
			ws.saved.SetText("Saving… waiting for another program writing to this project")
		}
	})
}

// stopWriter lets queued writes finish, then stops the writer: closing the
// window must not drop a change the annotator already made.
func (ws *Workspace) stopWriter() {
	if ws.jobs == nil {
		return
	}
	close(ws.jobs)
	<-ws.writerDone
	ws.jobs = nil
	if w, ok := ws.project.(WaitNotifier); ok {
		w.SetOnWait(nil) // this window is going: tell it nothing more
	}
}

// write queues job; apply then runs on the UI goroutine with its error.
// The saved indicator says "Saving…" until every queued write is done.
func (ws *Workspace) write(job func(ctx context.Context) error, apply func(err error)) {
	if ws.jobs == nil {
		return
	}
	ws.pending.Add(1)
	ws.unsaved++
	ws.showSaved()
	ctx := context.WithoutCancel(ws.ctx) // a closing window still saves
	ws.jobs <- func() {
		err := job(ctx)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			ws.unsaved--
			// A refused edit (overlap, duplicate) changed nothing: only a
			// failure to write (an edit given up while the server was
			// unreachable included) means the screen is ahead of the file.
			if code := model.ErrorCode(err); code == model.EINTERNAL || code == model.EUNAVAILABLE {
				ws.saveErr = err
			} else if err == nil && ws.unsaved == 0 {
				ws.saveErr = nil
			}
			ws.showSaved()
			if apply != nil {
				apply(err)
			}
			ws.writesLanded()
		})
	}
}

// showSaved tells the annotator whether what they see is on disk.
func (ws *Workspace) showSaved() {
	switch {
	case ws.link.Offline:
		ws.saved.SetText(offlineText(ws.unsaved))
	case ws.saveErr != nil:
		ws.saved.SetText("Not saved: " + model.ErrorMessage(ws.saveErr))
	case ws.unsaved > 0:
		ws.saved.SetText("Saving…")
	case ws.checkpointErr != nil:
		ws.saved.SetText(model.ErrorMessage(ws.checkpointErr))
	default:
		ws.saved.SetText("All changes saved")
	}
}

// Do applies an edit through the undo history and shows its result.
func (ws *Workspace) Do(cmd edit.Command) { ws.doThen(cmd, nil) }

// doThen is Do, then runs done on the UI goroutine once the edit is saved.
func (ws *Workspace) doThen(cmd edit.Command, done func()) {
	ws.historyOp(func(ctx context.Context, docID string, at app.Layer) (app.State, error) {
		return ws.editor.Do(ctx, docID, at, cmd)
	}, cmd.Describe(), done)
}

// Undo reverts the newest change of this session and says which.
func (ws *Workspace) Undo() { ws.step("undo", "Undone: ", ws.editor.Undo) }

// Redo applies again the newest undone change and says which.
func (ws *Workspace) Redo() { ws.step("redo", "Redone: ", ws.editor.Redo) }

// step runs Undo or Redo; the status bar then names the change, since an
// undone relabel or note can be invisible at the place the annotator looks.
func (ws *Workspace) step(what, prefix string, op func(ctx context.Context, docID string, at app.Layer) (edit.Command, app.State, error)) {
	var desc string
	ws.historyOp(func(ctx context.Context, docID string, at app.Layer) (app.State, error) {
		cmd, state, err := op(ctx, docID, at)
		if cmd != nil {
			desc = cmd.Describe()
		}
		return state, err
	}, what, func() {
		if desc != "" {
			ws.say(prefix + desc)
		}
	})
}

// say shows a notice about the open document in the status bar; opening
// another document clears it (see showDocumentNotice).
func (ws *Workspace) say(text string) {
	ws.noticeDoc = ws.doc.ID
	ws.setNotice(text)
}

// shortTitle keeps a document's title short enough for the status bar.
func shortTitle(title string) string {
	if r := []rune(title); len(r) > 40 {
		return strings.TrimSpace(string(r[:39])) + "…"
	}
	return title
}

// showDocumentNotice keeps the notice only while the document it was
// about is open.
func (ws *Workspace) showDocumentNotice() {
	if ws.noticeDoc != ws.doc.ID {
		ws.noticeDoc = ""
		ws.setNotice("")
	}
}

// historyOp runs an editor operation on the writer goroutine and shows
// the open document as the operation's own transaction left it.
func (ws *Workspace) historyOp(op func(ctx context.Context, docID string, at app.Layer) (app.State, error), what string, done func()) {
	ws.historyOpElse(op, what, done, nil)
}

// historyOpElse is historyOp that also tells failed when the operation
// failed or was refused, after saying so.
func (ws *Workspace) historyOpElse(op func(ctx context.Context, docID string, at app.Layer) (app.State, error), what string, done func(), failed func()) {
	docID, layer, at := ws.doc.ID, ws.layer, ws.appLayer()
	var state app.State
	ws.write(func(ctx context.Context) error {
		var err error
		state, err = op(ctx, docID, at)
		return err
	}, func(err error) {
		if err != nil && failed != nil {
			defer failed()
		}
		var refusal *model.SpanRefusal
		switch {
		case errors.As(err, &refusal) && docID == ws.doc.ID:
			// A refused label is part of labeling, not a failure: said in
			// the status bar in the document's words, no dialog to dismiss.
			ws.say(refusal.Describe(&ws.offsets))
			return
		case err != nil && model.ErrorCode(err) != model.EINTERNAL:
			ws.say(model.ErrorMessage(err))
			return
		case err != nil:
			ws.showError(what, err)
			return
		}
		if docID != "" && docID == ws.doc.ID && layer == ws.layer {
			ws.spans, ws.relations = state.Spans, state.Relations
			if at.Reviewing {
				ws.review = state.Review
			} else {
				ws.suggested = state.Suggestions
			}
			ws.showSpans()
			ws.setSummary(docID, state.Status, len(state.Spans), state.Finished)
		}
		if done != nil {
			done()
		}
	})
}

// setSummary updates a document's row in the list and the progress bar.
func (ws *Workspace) setSummary(docID string, status model.Status, spanCount, finished int) {
	if i := ws.rows.find(docID); i >= 0 {
		row := &ws.rows.pages[i/pageSize][i%pageSize]
		row.Status, row.SpanCount = status, spanCount
		ws.list.RefreshItem(i)
	}
	ws.finished = finished
	ws.showProgress()
}

// showProgress draws the annotator's progress (done and skipped of all) and
// the open document's place in the whole project, whatever the list shows.
func (ws *Workspace) showProgress() {
	if ws.total > 0 {
		ws.progress.Max = float64(ws.total)
		ws.progress.SetValue(float64(ws.finished))
	}
	ws.progressText.SetText(ws.finishedText())
	if ws.place >= 0 {
		ws.position.SetText(count(ws.place+1) + " / " + count(ws.total))
	} else {
		ws.position.SetText("– / " + count(ws.total))
	}
}

// Finish marks the open document with status (done, or skipped) and opens
// the next unfinished one: the annotator's Ctrl+Enter.
func (ws *Workspace) Finish(status model.Status) {
	if ws.doc.ID == "" {
		return
	}
	docID, layer, at := ws.doc.ID, ws.layer, ws.appLayer()
	rejections := ws.reviewedRejections(status)
	var state app.State
	var next string
	ws.write(func(ctx context.Context) error {
		// The status before is the stored one, which the command reads in
		// its own transaction: the list may not have fetched this row.
		var err error
		state, next, err = ws.editor.Finish(ctx, docID, at, withRejections(edit.SetStatus(docID, layer, "", status), rejections))
		return err
	}, func(err error) {
		if err != nil {
			ws.showError("mark "+statusText(status), err)
			return
		}
		// Said about the next document, where the annotator now is.
		title, _, _ := strings.Cut(strings.TrimSpace(ws.doc.Text), "\n")
		if title == "" {
			title = ws.doc.ExternalID
		}
		if len(rejections) > 0 {
			ws.reviewedNotice(len(rejections))
		} else if docID == ws.doc.ID {
			ws.say(fmt.Sprintf("Marked “%s” %s (Ctrl+Z undoes)", shortTitle(title), statusText(status)))
		}
		if next != "" {
			ws.noticeDoc = next
		}
		if layer != ws.layer {
			return // the mode changed since: the list and counts are reloading
		}
		ws.setSummary(docID, status, len(state.Spans), state.Finished)
		if status == model.StatusDone && !at.Reviewing {
			ws.trainAfterDone() // in the background: the next document opens at once
		}
		if next == "" {
			if at.Reviewing && docID == ws.doc.ID {
				ws.review = state.Review // the panel beside the message shows it reviewed
				ws.refreshPanels()
			}
			ws.finishedAll()
			return
		}
		ws.openByID(next)
	})
}

// Step moves to the next (+1) or previous (-1) document in the list.
func (ws *Workspace) Step(delta int) {
	if ws.current < 0 {
		return // the open document is not in the list: nowhere to step from
	}
	if i := ws.current + delta; i >= 0 && i < ws.rows.total {
		ws.selectRow(i)
	}
}

// openByID opens a document by id; the list follows once the load has
// found where it stands (see locate).
func (ws *Workspace) openByID(id string) {
	if id == ws.openID() {
		return
	}
	ws.current = -1
	ws.list.UnselectAll()
	ws.loadDocument(id, "")
}

// addShortcuts binds the window-wide keys: they work wherever focus is.
func (ws *Workspace) addShortcuts() {
	c := ws.win.Canvas()
	// Shortcuts reach the canvas while a dialog is open (its focused
	// button takes none): behind one they do nothing.
	add := func(key fyne.KeyName, mod fyne.KeyModifier, fn func()) {
		fn = ws.unlessDialog(fn)
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod}, func(fyne.Shortcut) { fn() })
	}
	ctrl := fyne.KeyModifierShortcutDefault
	// The desktop driver turns Ctrl+Z and Ctrl+Y into Fyne's own undo and
	// redo shortcuts rather than custom ones (only Ctrl+Shift+Z stays
	// custom), so both kinds are bound.
	undo, redo := ws.unlessDialog(ws.Undo), ws.unlessDialog(ws.Redo)
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { undo() })
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { redo() })
	add(fyne.KeyZ, ctrl, ws.Undo)
	add(fyne.KeyZ, ctrl|fyne.KeyModifierShift, ws.Redo)
	add(fyne.KeyY, ctrl, ws.Redo)
	add(fyne.KeyReturn, ctrl, func() { ws.Finish(model.StatusDone) })
	add(fyne.KeyEnter, ctrl, func() { ws.Finish(model.StatusDone) })
	add(fyne.KeyReturn, ctrl|fyne.KeyModifierShift, func() { ws.Finish(model.StatusSkipped) })
	add(fyne.KeyPeriod, ctrl, func() { ws.Step(+1) })
	add(fyne.KeyComma, ctrl, func() { ws.Step(-1) })
	add(fyne.KeyEqual, ctrl, func() { stepTextSize(+1) })
	add(fyne.KeyMinus, ctrl, func() { stepTextSize(-1) })
	add(fyne.Key0, ctrl, func() { stepTextSize(0) })
	add(fyne.KeyR, ctrl, func() { ws.SetReviewMode(!ws.reviewing) })
	add(fyne.KeyL, ctrl, ws.LabelAllInDocument)
	add(fyne.KeyL, ctrl|fyne.KeyModifierAlt, ws.UnlabelAllInDocument)
	add(fyne.KeyL, ctrl|fyne.KeyModifierShift, ws.LabelAllInProject)
	add(fyne.KeyL, ctrl|fyne.KeyModifierShift|fyne.KeyModifierAlt, ws.UnlabelAllInProject)
	add(fyne.KeyA, ctrl|fyne.KeyModifierShift, ws.AcceptAll)
	// Keys without a modifier reach the canvas when no widget has focus,
	// and windowKey through the span view when it has.
	c.SetOnTypedKey(ws.windowKey)
}

// windowKey handles the window's keys that have no modifier. Behind a
// dialog that passes on the keys it does not use (the label editor, the
// import and export dialogs) they do nothing.
func (ws *Workspace) windowKey(e *fyne.KeyEvent) {
	if ws.behindDialog() {
		return
	}
	switch e.Name {
	case fyne.KeyPageDown:
		ws.Step(+1)
	case fyne.KeyPageUp:
		ws.Step(-1)
	case fyne.KeyF1:
		ws.ShowGuidelines()
	case fyne.KeyF6:
		ws.CyclePane(+1)
	case fyne.KeyF10:
		ws.ShowMenuPopUp()
	case fyne.KeyReturn, fyne.KeyEnter:
		if _, _, relating := ws.view.Relating(); relating {
			ws.relate(ws.enterLabel())
			return
		}
		if focused, ok := ws.view.FocusedSpan(); ok {
			if p, ok := ws.proposal(focused.ID); ok {
				ws.acceptProposal(p, "")
			}
		}
	}
}
