package gui

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/assets"
	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/gui/spanview"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/model/tokenize"
)

// windowSize is the first size of a project window. It is set before the
// content so wrapped text is never laid out at a tiny width first (see
// fyne.md: 26.8 s against 0.15 s).
var windowSize = fyne.NewSize(1100, 720)

// Workspace is one project window: the document list, the selected
// document's text with its spans, the label bar and the status bar.
type Workspace struct {
	win       fyne.Window
	project   Project
	annotator string

	// ctx ends when the window closes, so loads still running stop asking
	// the project for data nobody will see.
	ctx    context.Context
	cancel context.CancelFunc

	// closed is set once the window has closed.
	closed atomic.Bool

	// pending counts loads started and not yet applied. It is the only field
	// read off the UI goroutine (with listening).
	pending atomic.Int32
	// listening is set once the window hears the project's changes
	// (live.go): a team project's window, after it has connected to
	// listen.
	listening atomic.Bool

	// editor applies the session's changes, each one transaction, and
	// holds them for undo and redo; it runs on the writer goroutine
	// (flow.go).
	editor       *app.Editor
	opener       Opener       // opens other projects (File menu); nil when the caller gave none
	transfers    *Transfers   // import and export (File menu); nil when the caller gave none
	closeProject func() error // closes a project this window opened itself
	successor    *Workspace   // the window that replaced this one when the annotator switched
	jobs         chan func()
	writerDone   chan struct{}

	// State below is touched only on the UI goroutine.
	filter            model.DocumentFilter    // the search and filters as set; ws.rows lags until the list arrives
	rows              docPages                // the list's rows fetched so far
	listSeq           uint64                  // identifies the newest list refresh; older results are dropped
	flight            listFlight              // the list refresh running, and the one queued behind it
	current           int                     // list row of the open document, -1 when not known or not listed
	want              int                     // list row to open once its page arrives, -1 for none
	total             int                     // documents in the project
	finished          int                     // of them, done or skipped by the annotator
	place             int                     // the open document's place in the project, -1 when not known
	layer             string                  // whose spans are shown filled and edited: the annotator's, or gold when reviewing
	reviewing         bool                    // review mode: the gold version against everyone's spans
	about             About                   // the build's facts, for Help ▸ About
	people            map[string][]model.Span // review mode: each person's spans on the open document
	peopleMarks       []agree.Mark            // review mode: how they stand on each span, from people
	review            model.Review            // review mode: the open document's review
	rejected          rejections              // review mode: proposals the reviewer turned down
	suggested         []model.Suggestion      // the annotator's pending suggestions on the open document
	doc               model.Document
	words             []tokenize.Token // the tokens doc came with (app.Opened.Words); nil for the tokenizer's
	offsets           model.Offsets    // doc.Text's code-point index, built once per open document
	spans             []model.Span
	relations         []model.Relation // the layer's relations on the open document, in reading order
	labels            []model.Label
	relLabels         []model.RelationLabel // the project's relation labels
	lastRelLabel      string                // the relation label made last: what Enter makes
	barRelations      bool                  // the label bar shows the relation labels (a relation is being made)
	guidelines        string
	allowOverlap      bool                      // the project lets one annotator's spans overlap
	lastLabeled       model.Span                // the span the annotator labeled last: what "label all" repeats
	autoConfirm       func(message string) bool // tests: answers confirmations instead of a dialog
	loadSeq           uint64                    // identifies the newest document load; older results are dropped
	loadingID         string                    // the document being loaded, "" when none
	cancelLoad        context.CancelFunc        // stops the document load in flight, if any
	places            *model.ReadingPlaces      // where the annotator left each document (places.go)
	unsaved           int                       // writes queued and not yet on disk
	saveErr           error                     // the last write's failure, until a write succeeds
	checkpointErr     error                     // the last idle checkpoint's failure: saved, but not in the project file alone
	reloadAfterWrites bool                      // another connection changed the open document while writes were queued (live.go)
	link              app.Link                  // how the editor's edits get through (offline.go)

	list         *paneList
	search       *dialogkit.Entry
	statusFilter *dialogkit.Select
	byLabel      *dialogkit.Select
	byWho        *dialogkit.Select
	view         *spanview.SpanView
	message      *widget.Label // shown instead of the document when there is none
	labelBar     *labelBar
	panel        *spanPanel
	reviewPanel  *reviewPanel
	worstFirst   *widget.Check
	reviewToggle *fyne.MenuItem
	themeItems   map[string]*fyne.MenuItem // View's theme choices by preference value, for their check marks
	count        *widget.Label
	position     *widget.Label
	progress     *widget.ProgressBar
	progressText *widget.Label // the finished count beside the bar
	saved        *widget.Label
	notice       *widget.Label    // what the last bulk command did
	path         *widget.Label    // the project's path, where a notice shows
	noticeDoc    string           // the document the notice is about
	listSplit    *container.Split // list | text and panel, remembered
	panelSplit   *container.Split // text | panel, remembered

	// learn is the annotator's learned model and its training, set before
	// any load starts (learning.go); thresholdItems are View ▸ Model
	// suggestions' choices.
	learn          *learner
	thresholdItems []*fyne.MenuItem
}

// NewWindow opens a window on p for annotator. The document list loads in
// the background; the first document is shown once it arrives.
//
// The window's OnClosed callback is used to stop background loads; a caller
// that sets its own should use NewWorkspace and call Close from it.
func NewWindow(a fyne.App, p Project, annotator string) (fyne.Window, error) {
	ws, err := NewWorkspace(a, p, annotator)
	if err != nil {
		return nil, err
	}
	return ws.Window(), nil
}

// NewWorkspace is NewWindow returning the Workspace, for callers (and
// tests) that drive or inspect the window.
func NewWorkspace(a fyne.App, p Project, annotator string) (*Workspace, error) {
	if p == nil {
		return nil, model.Errorf(model.EINVALID, "no project to open")
	}
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return nil, err
	}

	ws := &Workspace{project: p, annotator: annotator, current: -1, want: -1, place: -1, layer: annotator, editor: app.NewEditor(p)}
	ws.rejected.keys = map[string]bool{}
	ws.loadPlaces()
	ws.ctx, ws.cancel = context.WithCancel(context.Background())
	ws.startWriter()

	ws.win = a.NewWindow(windowTitle(p.Path(), annotator, false))
	ws.win.SetIcon(assets.Icon)
	ws.win.Resize(windowSize)
	ws.win.SetContent(ws.build())
	ws.win.SetOnClosed(ws.Close)
	ws.win.SetCloseIntercept(func() { ws.closeOrAsk(ws.win.Close) })
	ws.watchLink()
	ws.addShortcuts()
	ws.buildMenus()

	ws.startLearning() // before any load, which reads the learner
	ws.loadDocuments()
	ws.startLive()
	return ws, nil
}

// windowTitle names the project file, the annotator and review mode, the
// things a person running several windows needs to tell them apart.
func windowTitle(path, annotator string, reviewing bool) string {
	name := "untitled"
	if path != "" {
		name = projectName(path)
	}
	title := fmt.Sprintf("Inkspan — %s — %s", name, annotator)
	if reviewing {
		title += " — reviewing"
	}
	return title
}

func (ws *Workspace) build() fyne.CanvasObject {
	ws.list = newPaneList(ws,
		func() int { return ws.rows.total },
		func() fyne.CanvasObject { return newDocRow(ws.rows.filter.Query != "") },
		func(id widget.ListItemID, o fyne.CanvasObject) { ws.listRow(id, o.(*docRow)) },
	)
	ws.list.OnSelected = ws.openDocument
	ws.worstFirst = widget.NewCheck("Disagreements only, worst first", ws.FilterDisagreeing)
	ws.worstFirst.Hide() // a review filter
	listPane := container.NewBorder(
		container.NewVBox(ws.newFilters(), ws.worstFirst),
		nil, nil, nil, ws.list)

	ws.view = spanview.NewSpanView()
	// The text keeps the keys under a dialog that focuses nothing (Fyne's
	// file choosers): its label keys, Delete and resizing wait until the
	// dialog is gone, as the window's keys do.
	ws.view.OnRune = func(r rune) { ws.unlessDialog(func() { ws.typedRune(r) })() }
	ws.view.OnDelete = func(id string) { ws.unlessDialog(func() { ws.deleteSpan(id) })() }
	ws.view.OnBoundsChange = func(id string, start, end int) {
		ws.unlessDialog(func() { ws.moveSpan(id, start, end) })()
	}
	ws.view.OnUnhandledKey = ws.windowKey
	ws.view.OnRelatingChanged = ws.relatingChanged
	ws.view.OnDeleteRelation = func(id string) { ws.unlessDialog(func() { ws.deleteRelation(id) })() }
	ws.panel = newSpanPanel(ws)
	ws.reviewPanel = newReviewPanel(ws)
	ws.view.OnSpanFocused = ws.spanFocused
	ws.message = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	ws.showMessage("Loading…")

	ws.labelBar = newLabelBar(ws.applyLabel)
	document := container.NewHSplit(container.NewStack(ws.view, container.NewCenter(ws.message)),
		atLeast(panelMinWidth, container.NewStack(ws.panel.box, ws.reviewPanel.box)))
	restoreSplit(document, prefPanelSplit, 0.74) // the text needs the room; the panel a column of names
	right := container.NewBorder(
		container.NewVBox(ws.labelBar.scroll, widget.NewSeparator()), nil, nil, nil, document)

	split := container.NewHSplit(atLeast(listMinWidth, listPane), right)
	// The list needs room for a title, the text needs room to read.
	restoreSplit(split, prefListSplit, 0.28)
	ws.listSplit, ws.panelSplit = split, document

	status := ws.statusBar()
	// The window's function keys work from every pane (paneKey).
	for _, e := range []*dialogkit.Entry{ws.search, &ws.panel.attrName.Entry, &ws.panel.attrValue.Entry,
		ws.panel.spanNote, ws.panel.docNote} {
		e.OnKey = ws.paneKey
	}
	for _, s := range []*dialogkit.Select{ws.statusFilter, ws.byLabel, ws.byWho} {
		s.OnKey = ws.paneKey
	}
	return container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), status), nil, nil, split)
}

// appLayer is the layer the window shows and edits, as the use cases name
// it.
func (ws *Workspace) appLayer() app.Layer {
	return app.Layer{Person: ws.annotator, Reviewing: ws.reviewing}
}

// Window is the workspace's window.
func (ws *Workspace) Window() fyne.Window { return ws.win }

// Close stops background loads after letting queued writes finish (those
// waiting for an unreachable server are given up: closing the window or
// quitting asks first, see closeOrAsk). The window calls it when it
// closes.
func (ws *Workspace) Close() {
	ws.closed.Store(true)
	ws.rememberSplits()
	ws.rememberPlace()
	if ws.editor.Link().Offline {
		// Closed without asking (another project opened): waiting for
		// the server would keep the window from closing.
		ws.editor.Abandon()
	}
	ws.stopWriter()
	ws.cancel()
	if ws.closeProject != nil {
		ws.closeProject()
		ws.closeProject = nil
	}
}

// Loading reports whether a load the workspace started has not been applied
// yet. It is safe to call from any goroutine, which is what lets tests and
// scripts wait for the window to settle.
func (ws *Workspace) Loading() bool { return ws.pending.Load() > 0 }

// DocumentCount is the number of documents in the list.
func (ws *Workspace) DocumentCount() int { return ws.rows.total }

// SelectDocument selects the i-th document of the list, which loads it in
// the background. Selecting the document already selected does nothing.
func (ws *Workspace) SelectDocument(i int) {
	if i < 0 || i >= ws.rows.total {
		return
	}
	ws.list.Select(i)
}

// CurrentDocument is the document whose text is shown: the zero Document
// until one has loaded, or after a load failed.
func (ws *Workspace) CurrentDocument() model.Document { return ws.doc }

// CurrentSpans are the annotator's spans on CurrentDocument, in text order.
func (ws *Workspace) CurrentSpans() []model.Span { return slices.Clone(ws.spans) }

// loadDocuments reads the labels and opens the document the annotator left
// off at, or else their first unfinished one; then it counts the project
// and lists its first rows. Nothing here grows with the project: the list
// fetches the rest as it is scrolled.
func (ws *Workspace) loadDocuments() {
	ctx, layer := ws.ctx, ws.layer
	ws.pending.Add(1)
	go func() {
		start, startErr := app.OpenProject(ctx, ws.project, ws.appLayer())
		annotators, _ := ws.project.Annotators(ctx)
		ws.onUI(func() {
			if ctx.Err() != nil {
				return
			}
			if startErr != nil {
				ws.showError("load labels", startErr)
				return
			}
			ws.labels = start.Labels
			ws.relLabels = start.RelationLabels
			ws.labelBar.setLabels(start.Labels)
			ws.setFilterChoices(start.Labels, annotators)
			ws.guidelines = start.Settings.Guidelines
			ws.allowOverlap = start.Settings.AllowOverlap
			ws.loadAttributeUses()
			if start.Document != "" && ws.doc.ID == "" {
				ws.loadDocument(start.Document, "")
			}
		})
		total, finished, err := ws.loadProgress(ctx, layer)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				ws.count.SetText("no documents")
				ws.showMessage("The document list could not be loaded.")
				ws.showError("load documents", err)
				return
			}
			ws.total, ws.finished = total, finished
			ws.showProgress()
			if total == 0 {
				ws.showMessage("This project has no documents yet.")
			}
			ws.refreshList()
		})
	}()
}

// openDocument loads the i-th document of the list and its spans. A newer selection
// supersedes an older one: its load is cancelled, and should its result
// still arrive it is dropped, so a slow load cannot overwrite a fast one.
func (ws *Workspace) openDocument(i int) {
	if i < 0 || i >= ws.rows.total {
		return
	}
	ws.current = i
	d, ok := ws.rows.at(i)
	if !ok {
		// Reached by keyboard or a jump past the rows fetched so far.
		ws.want = i
		ws.requestPage(i / pageSize)
		return
	}
	if d.ID == ws.openID() {
		// The list moved under the open document (a search, a filter), or
		// caught up with the one opened before the list had arrived.
		return
	}
	ws.loadDocument(d.ID, d.Title)
}

// loadDocument loads a document and its spans and shows them; it does not
// need the list, so a window can show its first document before a long
// list has arrived.
func (ws *Workspace) loadDocument(id, title string) {
	if ws.cancelLoad != nil {
		ws.cancelLoad()
	}
	ws.rememberPlace() // the document being left, to come back to
	ctx, cancel := context.WithCancel(ws.ctx)
	ws.cancelLoad = cancel
	ws.loadSeq++
	seq := ws.loadSeq
	ws.loadingID = id

	layer, at := ws.layer, ws.appLayer()
	ws.pending.Add(1)
	go func() {
		defer cancel()
		ws.suggestFromModel(ctx, id, at) // stored first, so they come with it
		// Everything shown of the document from one snapshot.
		opened, err := app.OpenDocument(ctx, ws.project, id, at)
		if err == nil {
			// Remembered so the next session starts here; failing to
			// remember is not worth interrupting the annotator for.
			app.RememberDocument(ctx, ws.project, ws.annotator, id)
		}
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if seq != ws.loadSeq || ws.ctx.Err() != nil {
				return
			}
			ws.loadingID = ""
			if err != nil {
				ws.doc, ws.spans, ws.relations = model.Document{}, nil, nil
				ws.offsets.Reset("")
				ws.showMessage("This document could not be opened.")
				if title == "" {
					title = id
				}
				ws.showError(fmt.Sprintf("open %q", title), err)
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
			ws.relations = opened.Relations
			ws.showDocument(opened)
			ws.restorePlace(id)
			ws.markMatches(true) // opened from a search: its first match shows
			ws.panel.showDocNote(opened.Note)
			ws.place = -1
			ws.showProgress()
			ws.pending.Add(1)
			go ws.findPlaces(id, layer, seq, ws.rows.gen, ws.rows.filter)
		})
	}()
}

// findPlaces tells where a document just shown stands in the project (for
// the status bar) and in the list, which then selects it. It runs after
// the document is on screen: on a large project counting the documents
// before it takes longer than reading it.
// The caller has counted it in ws.pending; f is the list's filter, gen its
// generation.
func (ws *Workspace) findPlaces(id, layer string, seq, gen uint64, f model.DocumentFilter) {
	ctx := ws.ctx
	position, err := ws.project.ListPosition(ctx, layer, model.DocumentFilter{}, id)
	listed := position
	if err == nil && !f.IsZero() {
		listed, err = ws.project.ListPosition(ctx, layer, f, id)
	}
	ws.onUI(func() {
		defer ws.pending.Add(-1)
		if seq != ws.loadSeq || ws.ctx.Err() != nil || err != nil {
			return // a newer document is on its way; or no place to show
		}
		ws.place = position
		ws.showProgress()
		ws.locate(id, listed, gen)
	})
}

// showDocument shows a document just opened; one that came with tokens
// snaps and moves by them (opened.Words).
func (ws *Workspace) showDocument(opened app.Opened) {
	doc := opened.Document
	ws.doc, ws.spans, ws.words = doc, opened.Spans, opened.Words
	ws.showDocumentNotice()
	ws.offsets.Reset(doc.Text) // span texts for the panel and undo descriptions
	ws.message.Hide()
	ws.view.Show()
	ws.view.SetDocumentWords(doc.Text, opened.Words, opened.Sentences, ws.viewSpans(), viewLabels(ws.labels))
	ws.showLabelBar(false) // a relation being made ends with its document
	ws.showRelations()
	ws.refreshPanels()
	ws.win.Canvas().Focus(ws.view)
}

// docWords are the open document's words, which label all in the
// document matches a phrase among: the tokens it came with, as the view
// snaps to them, else the tokenizer's.
func (ws *Workspace) docWords() []tokenize.Token {
	if ws.words != nil {
		return ws.words
	}
	return tokenize.Tokenize(ws.doc.Text)
}

// showSpans redraws the open document's spans after an edit.
func (ws *Workspace) showSpans() {
	ws.view.SetSpans(ws.viewSpans())
	ws.showRelations()
	ws.refreshPanels()
}

// showMessage puts a line of text where the document would be, so the pane
// never sits blank without saying why.
func (ws *Workspace) showMessage(msg string) {
	ws.message.SetText(msg)
	ws.message.Show()
	ws.view.Hide()
}

// showError reports a failed action in a dialog: a project error is the
// user's to act on (a locked or damaged file), never a reason to crash.
func (ws *Workspace) showError(action string, err error) {
	dialogkit.ShowError(ws.win, fmt.Errorf("%s: %s", action, model.ErrorMessage(err)))
}
