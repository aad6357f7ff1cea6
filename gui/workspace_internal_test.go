package gui

import (
	"context"
	"errors"
	"image/color"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// waitLimit is how long a test waits for the window's background work
// before it gives up. Loads and saves reach a real project file, whose
// reads and synced writes can take seconds on a loaded machine under the
// race detector; a test that waits this long has failed, so the limit
// costs nothing when all is well.
const waitLimit = 10 * time.Second

// waitFor retries cond until it holds or waitLimit passes. Loads run on
// goroutines, so a test must wait for them, but never by a fixed sleep.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", waitLimit, what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitIdle waits until every load has been applied. Loading is atomic, so
// once it reports false the test goroutine may read the widgets without
// racing the goroutines that wrote them.
func waitIdle(t testing.TB, ws *Workspace) {
	t.Helper()
	waitFor(t, "loads to finish", func() bool { return !ws.Loading() })
}

// openWorkspace builds a workspace on p in a fresh test app and waits for the
// document list and the first document.
func openWorkspace(t testing.TB, p Project) *Workspace {
	t.Helper()
	app := test.NewTempApp(t)
	ws, err := NewWorkspace(app, p, "anna")
	if err != nil {
		t.Fatalf("NewWorkspace: %v", err)
	}
	t.Cleanup(func() { closeOnce(ws) })
	waitIdle(t, ws)
	return ws
}

// shownText is what the document pane shows: the message, when there is
// one, or the document in the span view.
func shownText(ws *Workspace) string {
	if ws.message.Visible() {
		return ws.message.Text
	}
	return ws.view.Text()
}

// shownSpans describes the spans the view draws as "text/LABEL".
func shownSpans(ws *Workspace) []string {
	offs := model.NewOffsets(ws.view.Text())
	var out []string
	for _, s := range ws.view.Spans() {
		out = append(out, offs.Slice(s.Start, s.End)+"/"+s.Label)
	}
	return out
}

func overlayTop(ws *Workspace) fyne.CanvasObject {
	return ws.Window().Canvas().Overlays().Top()
}

// labelTexts returns the text of every widget.Label drawn under o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, obj := range test.LaidOutObjects(o) {
		if l, ok := obj.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

func TestNewWindow(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		app := test.NewTempApp(t)
		p := holdProject(newTestProject(t))
		// Hold the first load: with the test driver, fyne.Do callbacks run
		// on the loading goroutine, and one outliving this test would race
		// the next test's widgets.
		gate := make(chan struct{})
		p.labelsGate, p.listGate = gate, gate
		w, err := NewWindow(app, p, "anna")
		if err != nil {
			t.Fatalf("NewWindow: %v", err)
		}
		if got, want := w.Title(), "Inkspan — demo.inkspan — anna"; got != want {
			t.Errorf("Title() = %q, want %q", got, want)
		}
		if got, want := w.Canvas().Size(), windowSize; got != want {
			t.Errorf("canvas size = %v, want %v", got, want)
		}
		// Closed before the list arrives, the window drops it: the
		// callback sees a cancelled context and touches no widget.
		w.Close()
		close(gate)
	})
	t.Run("ErrNoProject", func(t *testing.T) {
		app := test.NewTempApp(t)
		if _, err := NewWindow(app, nil, "anna"); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("NewWindow(nil project) error = %v, want code %s", err, model.EINVALID)
		}
	})
	t.Run("ErrAnnotatorRequired", func(t *testing.T) {
		app := test.NewTempApp(t)
		if _, err := NewWindow(app, newTestProject(t), ""); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("NewWindow(no annotator) error = %v, want code %s", err, model.EINVALID)
		}
	})
}

func TestWorkspaceOpen(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)

	if got, want := ws.DocumentCount(), 3; got != want {
		t.Fatalf("DocumentCount() = %d, want %d", got, want)
	}
	if top := overlayTop(ws); top != nil {
		t.Fatalf("unexpected overlay after a clean open: %#v", top)
	}

	t.Run("ListRows", func(t *testing.T) {
		var rows []*docRow
		for _, o := range test.LaidOutObjects(ws.list) {
			if r, ok := o.(*docRow); ok && r.Visible() && r.title.Text != "" {
				rows = append(rows, r)
			}
		}
		// The list recycles rows; their position, not their creation order,
		// is what the user sees.
		slices.SortFunc(rows, func(a, b *docRow) int {
			return int(fyne.CurrentApp().Driver().AbsolutePositionForObject(a).Y -
				fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Y)
		})
		var titles, details []string
		for _, r := range rows {
			titles = append(titles, r.title.Text)
			details = append(details, r.detail.Text)
		}
		wantTitles := []string{"Dock workers strike in Łódź", "Erdoğan meets Putin in Moscow", "Floods hit São Paulo 🌧"}
		if !slices.Equal(titles, wantTitles) {
			t.Errorf("list titles = %q, want %q", titles, wantTitles)
		}
		wantDetails := []string{"todo · 4 spans · lodz.txt", "in progress · 7 spans · erdogan.txt", "done · 3 spans"}
		if !slices.Equal(details, wantDetails) {
			t.Errorf("list details = %q, want %q", details, wantDetails)
		}
	})

	t.Run("FirstDocumentShown", func(t *testing.T) {
		if got, want := ws.CurrentDocument().ID, "d1"; got != want {
			t.Fatalf("CurrentDocument().ID = %q, want %q", got, want)
		}
		if got := shownText(ws); got != textLodz {
			t.Errorf("shown text = %q, want %q", got, textLodz)
		}
		if got, want := strings.Join(shownSpans(ws), " "), "Łódź/PLACE 1,250/FIGURE Łódź/PLACE Gdańsk/PLACE"; got != want {
			t.Errorf("shown spans = %q, want %q", got, want)
		}
	})

	t.Run("LabelBar", func(t *testing.T) {
		texts := labelTexts(ws.labelBar.scroll)
		for _, want := range []string{"1", "ACTOR", "2", "PLACE", "3", "FIGURE"} {
			if !slices.Contains(texts, want) {
				t.Errorf("label bar texts %q lack %q", texts, want)
			}
		}
		var swatches []color.Color
		for _, o := range test.LaidOutObjects(ws.labelBar.scroll) {
			if r, ok := o.(*canvas.Rectangle); ok && r.MinSize() == fyne.NewSquareSize(swatchSize) {
				swatches = append(swatches, r.FillColor)
			}
		}
		want := []color.Color{
			color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff},
			color.NRGBA{R: 0x29, G: 0xa1, B: 0x9c, A: 0xff},
			color.NRGBA{R: 0xf0, G: 0xa2, B: 0x02, A: 0xff},
		}
		if !slices.Equal(swatches, want) {
			t.Errorf("swatch colours = %v, want %v", swatches, want)
		}
	})

	t.Run("StatusBar", func(t *testing.T) {
		texts := labelTexts(ws.Window().Content())
		for _, want := range []string{"anna", "3 documents", p.Path()} {
			if !slices.Contains(texts, want) {
				t.Errorf("window label texts lack %q", want)
			}
		}
	})

	t.Run("SelectSecond", func(t *testing.T) {
		ws.SelectDocument(1)
		waitIdle(t, ws)

		doc := ws.CurrentDocument()
		if got, want := doc.ID, "d2"; got != want {
			t.Fatalf("CurrentDocument().ID = %q, want %q", got, want)
		}
		if got, want := len(ws.CurrentSpans()), 7; got != want {
			t.Errorf("len(CurrentSpans()) = %d, want %d", got, want)
		}
		// Every span is drawn over the same code points it has in the model.
		offs := model.NewOffsets(doc.Text)
		var want []string
		for _, s := range ws.CurrentSpans() {
			want = append(want, offs.Slice(s.Start, s.End)+"/"+s.Label)
		}
		if got := shownSpans(ws); !slices.Equal(got, want) || !slices.Contains(got, "Erdoğan/ACTOR") || !slices.Contains(got, "İdlib/PLACE") {
			t.Errorf("shown spans = %q, want %q", got, want)
		}
		if top := overlayTop(ws); top != nil {
			t.Errorf("unexpected overlay after selecting: %#v", top)
		}
	})
}

func TestWorkspaceErrors(t *testing.T) {
	diskErr := errors.New("disk I/O error")

	t.Run("Document", func(t *testing.T) {
		p := holdProject(newTestProject(t))
		p.documentErr["d2"] = diskErr
		ws := openWorkspace(t, p)
		if overlayTop(ws) != nil {
			t.Fatal("overlay shown before the failing document was selected")
		}

		ws.SelectDocument(1)
		waitIdle(t, ws)

		top := overlayTop(ws)
		if top == nil {
			t.Fatal("no dialog after Document failed")
		}
		if texts := strings.Join(labelTexts(top), "\n"); !strings.Contains(texts, "disk I/O error") {
			t.Errorf("dialog texts %q do not mention the error", texts)
		}
		if got := ws.CurrentDocument().ID; got != "" {
			t.Errorf("CurrentDocument().ID = %q after a failed load, want none", got)
		}

		// The window stays usable: another document still opens.
		ws.SelectDocument(2)
		waitIdle(t, ws)
		if got, want := ws.CurrentDocument().ID, "d3"; got != want {
			t.Errorf("CurrentDocument().ID = %q, want %q", got, want)
		}
	})

	t.Run("Documents", func(t *testing.T) {
		p := holdProject(newTestProject(t))
		p.listErr = model.Errorf(model.EINTERNAL, "project file is locked")
		ws := openWorkspace(t, p)
		if overlayTop(ws) == nil {
			t.Fatal("no dialog after Documents failed")
		}
		if got := ws.DocumentCount(); got != 0 {
			t.Errorf("DocumentCount() = %d, want 0", got)
		}
	})

	t.Run("Labels", func(t *testing.T) {
		p := holdProject(newTestProject(t))
		p.labelsErr = diskErr
		ws := openWorkspace(t, p)
		if overlayTop(ws) == nil {
			t.Fatal("no dialog after Labels failed")
		}
		// Documents still load without labels.
		if got, want := ws.CurrentDocument().ID, "d1"; got != want {
			t.Errorf("CurrentDocument().ID = %q, want %q", got, want)
		}
	})
}

// Closing the window while the first loads run must end them quietly: no
// panic, no race, no dialog on a closed window.
func TestWorkspaceCloseWhileLoading(t *testing.T) {
	app := test.NewTempApp(t)
	ws, err := NewWorkspace(app, newTestProject(t), "anna")
	if err != nil {
		t.Fatalf("NewWorkspace: %v", err)
	}
	// The close arrives as a user's click would, on the UI goroutine, so it
	// takes turns with the loads' results (asUI); nothing is queued to save,
	// so Close does not wait on the writer.
	asUI(ws, func() { ws.Window().Close() })
	waitIdle(t, ws)
	if top := overlayTop(ws); top != nil {
		t.Errorf("unexpected overlay: %#v", top)
	}
}

// A slow load that finishes after a newer selection must not replace it.
func TestWorkspaceStaleLoadDropped(t *testing.T) {
	p := holdProject(newTestProject(t))
	gate := make(chan struct{})
	p.documentGate["d2"] = gate
	ws := openWorkspace(t, p)

	ws.SelectDocument(1) // blocks in the project until the gate opens
	ws.SelectDocument(2)
	waitFor(t, "the newer load to be applied", func() bool { return ws.pending.Load() == 1 })
	close(gate)
	waitIdle(t, ws)

	if got, want := ws.CurrentDocument().ID, "d3"; got != want {
		t.Errorf("CurrentDocument().ID = %q, want %q (the newer selection)", got, want)
	}
	if top := overlayTop(ws); top != nil {
		t.Errorf("unexpected overlay: %#v", top)
	}
}

func TestWorkspaceNoDocuments(t *testing.T) {
	ws := openWorkspace(t, newProject(t))
	if got := ws.DocumentCount(); got != 0 {
		t.Errorf("DocumentCount() = %d, want 0", got)
	}
	if got := shownText(ws); !strings.Contains(got, "no documents") {
		t.Errorf("text pane shows %q, want a note that there are no documents", got)
	}
	ws.SelectDocument(0) // out of range: nothing happens
	if ws.Loading() {
		t.Error("SelectDocument out of range started a load")
	}
}

// heldProject holds back or fails some of a project's calls, set before
// the window opens, and delegates the rest: a slow disk or a failing one,
// at the moment the test chooses.
type heldProject struct {
	*testProject
	// labelsGate holds Labels, the window's first call, until closed;
	// listGate the list (ListDocuments, CountDocuments, ListPage).
	labelsGate, listGate chan struct{}
	// documentGate holds the reading of a document's text (Document, and
	// the Document of a read unit of work) for an ID until closed; it
	// ignores the context on purpose: a slow store may not honour it.
	documentGate map[string]chan struct{}
	labelsErr    error            // Labels fails with it
	listErr      error            // the list fails with it
	documentErr  map[string]error // reading a document's text fails with it, by ID
}

func holdProject(p *testProject) *heldProject {
	return &heldProject{testProject: p, documentGate: map[string]chan struct{}{}, documentErr: map[string]error{}}
}

func (p *heldProject) holdLabels() error {
	if p.labelsGate != nil {
		<-p.labelsGate
	}
	return p.labelsErr
}

func (p *heldProject) Labels(ctx context.Context) ([]model.Label, error) {
	if err := p.holdLabels(); err != nil {
		return nil, err
	}
	return p.DB.Labels(ctx)
}

func (p *heldProject) holdList() error {
	if p.listGate != nil {
		<-p.listGate
	}
	return p.listErr
}

func (p *heldProject) ListDocuments(ctx context.Context, annotator string, f model.DocumentFilter, offset, limit int) ([]model.DocumentSummary, error) {
	if err := p.holdList(); err != nil {
		return nil, err
	}
	return p.DB.ListDocuments(ctx, annotator, f, offset, limit)
}

func (p *heldProject) CountDocuments(ctx context.Context, annotator string, f model.DocumentFilter) (int, error) {
	if err := p.holdList(); err != nil {
		return 0, err
	}
	return p.DB.CountDocuments(ctx, annotator, f)
}

func (p *heldProject) ListPage(ctx context.Context, annotator string, f model.DocumentFilter, id string, limit int) (model.DocumentPage, error) {
	if err := p.holdList(); err != nil {
		return model.DocumentPage{}, err
	}
	return p.DB.ListPage(ctx, annotator, f, id, limit)
}

func (p *heldProject) Document(ctx context.Context, id string) (model.Document, error) {
	if err := p.holdDocument(id); err != nil {
		return model.Document{}, err
	}
	return p.DB.Document(ctx, id)
}

func (p *heldProject) holdDocument(id string) error {
	if g := p.documentGate[id]; g != nil {
		<-g
	}
	return p.documentErr[id]
}

// Read gives fn the project's snapshot with its Document and Labels held
// as the project's own are: opening a document reads its text there, and
// opening the project its labels.
func (p *heldProject) Read(ctx context.Context, fn func(tx app.ReadTx) error) error {
	return p.DB.Read(ctx, func(tx app.ReadTx) error { return fn(heldRead{tx, p}) })
}

type heldRead struct {
	app.ReadTx
	p *heldProject
}

func (r heldRead) Document(ctx context.Context, id string) (model.Document, error) {
	if err := r.p.holdDocument(id); err != nil {
		return model.Document{}, err
	}
	return r.ReadTx.Document(ctx, id)
}

func (r heldRead) Labels(ctx context.Context) ([]model.Label, error) {
	if err := r.p.holdLabels(); err != nil {
		return nil, err
	}
	return r.ReadTx.Labels(ctx)
}

// closeOnce closes the workspace's window unless it has closed already
// (switching project or annotator closes it): Fyne's test driver panics on
// a second close.
func closeOnce(ws *Workspace) {
	if ws != nil && !ws.closed.Load() {
		ws.Window().Close()
	}
}

// A large project's list takes long to read: the first document is shown
// before it arrives.
func TestFirstDocumentBeforeList(t *testing.T) {
	p := holdProject(newTestProject(t))
	if err := p.SetLastDocument(p.ctx(), "anna", "d2"); err != nil {
		t.Fatal(err)
	}
	p.listGate = make(chan struct{})
	app := test.NewTempApp(t)
	ws, err := NewWorkspace(app, p, "anna")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOnce(ws) })
	deadline := time.Now().Add(waitLimit)
	for {
		var id string
		var listed int
		asUI(ws, func() { id, listed = ws.CurrentDocument().ID, ws.DocumentCount() })
		if id == "d2" {
			if listed != 0 {
				t.Fatalf("the list (%d) arrived although it was held", listed)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the remembered document was not shown while the list loaded")
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(p.listGate)
	waitIdle(t, ws)
	if ws.DocumentCount() != 3 || ws.current != 1 || ws.position.Text != "2 / 3" {
		t.Fatalf("after the list: %d documents, current %d, position %q", ws.DocumentCount(), ws.current, ws.position.Text)
	}
}
