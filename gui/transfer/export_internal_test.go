package transfer

import (
	"context"
	"fyne.io/fyne/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// fakeExport is an export that records what it was asked, reports
// progress up to total and returns result and err; with block it reports
// half way, waits for its context to be cancelled and returns cancelResult.
type fakeExport struct {
	result       ExportResult
	err          error
	block        bool
	total        int
	cancelResult ExportResult

	mu        sync.Mutex
	reqs      []ExportRequest
	cancelled atomic.Bool
}

func (f *fakeExport) run(ctx context.Context, req ExportRequest, progress func(int, int)) (ExportResult, error) {
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	if f.block {
		progress(f.total/2, f.total)
		<-ctx.Done()
		f.cancelled.Store(true)
		return f.cancelResult, ctx.Err()
	}
	for i := 1; i <= f.total; i++ {
		progress(i, f.total)
	}
	return f.result, f.err
}

func (f *fakeExport) requests() []ExportRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ExportRequest(nil), f.reqs...)
}

func TestExportRunsAndShowsSummary(t *testing.T) {
	w := newWindow(t)
	fake := &fakeExport{total: 4, result: ExportResult{Records: 4, Documents: 3, Snapped: 2, Written: []string{"/out/x.conll"}}}
	d := showExport(w, []string{"ana", "bob"}, "bob", fake.run)
	if d.annotator.Selected != "bob" || d.format.Selected != "prodigy" || d.seed.Text != "1" || d.scheme.Selected != "iob2" {
		t.Fatalf("defaults: annotator %q format %q seed %q scheme %q", d.annotator.Selected, d.format.Selected, d.seed.Text, d.scheme.Selected)
	}
	if !d.scheme.Disabled() {
		t.Fatal("scheme enabled for prodigy")
	}
	d.format.SetSelected("conll")
	if d.scheme.Disabled() || d.snap.Disabled() {
		t.Fatal("scheme or snap disabled for conll")
	}
	d.scheme.SetSelected("bioes")
	d.statuses.SetSelected([]string{"done", "in progress"})
	test.Type(d.split, "train=0.5,test=0.5")
	d.seed.SetText("42")
	test.Tap(d.snap)
	d.setOut("/out/x.conll")
	if d.out.Text != "/out/x.conll" || !strings.Contains(d.outHint.Text, "x.train.conll, x.test.conll") {
		t.Fatalf("output %q, hint %q", d.out.Text, d.outHint.Text)
	}
	tapButton(t, w, "Export")
	waitIdle(t, d.shell)

	want := ExportRequest{Format: formats.FormatCoNLL, Annotator: "bob",
		Statuses: []model.Status{model.StatusInProgress, model.StatusDone},
		Split:    "train=0.5,test=0.5", Seed: 42, Scheme: formats.SchemeBIOES, Snap: true, Out: "/out/x.conll"}
	if reqs := fake.requests(); len(reqs) != 1 || !reflect.DeepEqual(reqs[0], want) {
		t.Fatalf("requests = %+v\nwant %+v", reqs, want)
	}
	text := dialogText(w)
	for _, s := range []string{"Exported 4 records of 3 documents as conll to /out/x.conll.", "2 spans were widened to token boundaries."} {
		if !strings.Contains(text, s) {
			t.Errorf("dialog lacks %q:\n%s", s, text)
		}
	}
	tapButton(t, w, "Close")
	if isOpen(w) {
		t.Fatal("Close did not close")
	}
}

func TestExportEveryAnnotatorToFolder(t *testing.T) {
	w := newWindow(t)
	fake := &fakeExport{total: 2, result: ExportResult{Records: 2, Documents: 1, Written: []string{"/out/hf/train.jsonl", "/out/hf/labels.json"}}}
	d := showExport(w, []string{"ana", "bob"}, "carl", fake.run)
	if d.annotator.Selected != "" {
		t.Fatalf("annotator %q preselected though carl has not annotated", d.annotator.Selected)
	}
	d.setOut("/out/x.jsonl")
	d.format.SetSelected("hf")
	if d.form.out != "" || d.chooseOut.Text != "Choose folder…" {
		t.Fatalf("hf: output %q, button %q", d.form.out, d.chooseOut.Text)
	}
	tapButton(t, w, "Export")
	if !strings.Contains(d.errMsg.Text, "whose") {
		t.Fatalf("error = %q", d.errMsg.Text)
	}
	d.annotator.SetSelected(allAnnotators)
	tapButton(t, w, "Export")
	if !strings.Contains(d.errMsg.Text, "folder") {
		t.Fatalf("error = %q", d.errMsg.Text)
	}
	if len(fake.requests()) != 0 {
		t.Fatal("run called for an incomplete form")
	}
	d.setOut("/out/hf")
	tapButton(t, w, "Export")
	waitIdle(t, d.shell)
	want := ExportRequest{Format: formats.FormatHF, All: true, Scheme: formats.SchemeIOB2, Out: "/out/hf"}
	if reqs := fake.requests(); len(reqs) != 1 || !reflect.DeepEqual(reqs[0], want) {
		t.Fatalf("requests = %+v", reqs)
	}
	if text := dialogText(w); !strings.Contains(text, "/out/hf/train.jsonl") || !strings.Contains(text, "/out/hf/labels.json") {
		t.Fatalf("summary lacks the files written:\n%s", text)
	}
}

func TestExportBadSplitDisablesExport(t *testing.T) {
	w := newWindow(t)
	d := showExport(w, []string{"ana"}, "ana", (&fakeExport{}).run)
	test.Type(d.split, "train=0.8,dev=0.1")
	if !strings.Contains(d.errMsg.Text, "add up to") || !d.primary.Disabled() {
		t.Fatalf("bad split: error %q, export disabled %v", d.errMsg.Text, d.primary.Disabled())
	}
	test.Type(d.split, ",test=0.1")
	if d.errMsg.Text != "" || d.primary.Disabled() {
		t.Fatalf("good split: error %q, export disabled %v", d.errMsg.Text, d.primary.Disabled())
	}
	d.seed.SetText("x")
	if !strings.Contains(d.errMsg.Text, "seed") || !d.primary.Disabled() {
		t.Fatalf("bad seed: error %q", d.errMsg.Text)
	}
}

func TestExportProgressAndCancel(t *testing.T) {
	w := newWindow(t)
	fake := &fakeExport{block: true, total: 10}
	d := showExport(w, []string{"ana"}, "ana", fake.run)
	d.setOut("/out/x.jsonl")
	tapButton(t, w, "Export")
	waitFor(t, "progress", func() bool { return d.progressShown.Load() == 5 })
	if d.bar.Max != 10 || d.bar.Value != 5 || !d.bar.Visible() || d.spin.Visible() {
		t.Fatalf("bar %v of %v, visible %v", d.bar.Value, d.bar.Max, d.bar.Visible())
	}
	if d.status.Text != "5 records of 10" {
		t.Fatalf("status = %q", d.status.Text)
	}
	if !d.format.Disabled() || !d.split.Disabled() || !d.primary.Disabled() {
		t.Fatal("the form is not disabled while exporting")
	}
	tapButton(t, w, "Cancel")
	waitIdle(t, d.shell)
	if !fake.cancelled.Load() {
		t.Fatal("the run's context was not cancelled")
	}
	if d.errMsg.Text != "Cancelled: nothing was written." || d.format.Disabled() || d.primary.Disabled() {
		t.Fatalf("after cancel: %q, format disabled %v", d.errMsg.Text, d.format.Disabled())
	}
}

func TestExportErrorKeepsForm(t *testing.T) {
	w := newWindow(t)
	fake := &fakeExport{total: 1, err: &formats.AlignmentError{Format: formats.FormatCoNLL,
		Spans: []formats.Misaligned{{Document: "d1", Start: 1, End: 3, Label: "X", Text: "ab"}}}}
	d := showExport(w, []string{"ana"}, "ana", fake.run)
	d.setOut("/out/x.jsonl")
	tapButton(t, w, "Export")
	waitIdle(t, d.shell)
	if !strings.HasPrefix(d.errMsg.Text, "Export failed: 1 spans cannot be written as conll tokens") {
		t.Fatalf("error = %q", d.errMsg.Text)
	}
	if d.format.Disabled() || d.primary.Disabled() || d.work.Visible() {
		t.Fatal("the form is not back after an error")
	}
	fake.err = nil
	fake.result = ExportResult{Records: 1, Documents: 1, Written: []string{"/out/x.jsonl"}}
	tapButton(t, w, "Export")
	waitIdle(t, d.shell)
	if !strings.Contains(dialogText(w), "Exported 1 record of 1 document as prodigy to /out/x.jsonl.") {
		t.Fatalf("retry:\n%s", dialogText(w))
	}
}

// A cancel that comes while a split's files are being renamed may find
// some of them written: the dialog says which, and keeps them.
func TestExportCancelSaysWhatWasWritten(t *testing.T) {
	w := newWindow(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "x.jsonl")
	train := filepath.Join(dir, "x.train.jsonl")
	if err := os.WriteFile(train, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	fake := &fakeExport{block: true, total: 10, cancelResult: ExportResult{Written: []string{train}}}
	d := showExport(w, []string{"ana"}, "ana", fake.run)
	d.setOut(out)
	tapButton(t, w, "Export")
	waitFor(t, "progress", func() bool { return d.progressShown.Load() == 5 })
	tapButton(t, w, "Cancel")
	waitIdle(t, d.shell)
	if want := "Cancelled after writing " + train + "; the rest was not written."; d.errMsg.Text != want {
		t.Fatalf("after cancel: %q, want %q", d.errMsg.Text, want)
	}
	if _, err := os.Stat(train); err != nil {
		t.Fatalf("the part written: %v", err)
	}
	if got := cancelledText(nil); got != "Cancelled: nothing was written." {
		t.Fatalf("cancelledText(nil) = %q", got)
	}
}

// Enter with nothing focused runs the export, and Enter again closes the
// summary: the dialog's default action each time.
func TestExportEnterIsTheDefaultAction(t *testing.T) {
	w := newWindow(t)
	fake := &fakeExport{total: 1, result: ExportResult{Records: 1, Documents: 1, Written: []string{"/out/x.jsonl"}}}
	d := showExport(w, []string{"bob"}, "bob", fake.run)
	d.setOut("/out/x.jsonl")
	w.Canvas().Unfocus()
	enter := func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) }
	enter()
	waitIdle(t, d.shell)
	if reqs := fake.requests(); len(reqs) != 1 || reqs[0].Out != "/out/x.jsonl" {
		t.Fatalf("Enter ran %+v", reqs)
	}
	w.Canvas().Unfocus()
	enter()
	if isOpen(w) {
		t.Fatal("Enter on the summary did not close it")
	}
}

// Escape cancels and Enter exports from every control of the export
// dialog, as in the import dialog: Fyne's selects, check boxes and check
// group swallowed both, and the keyboard was stuck in the dialog. While an
// export runs, Escape cancels it.
func TestExportKeysOnEveryControl(t *testing.T) {
	w := newWindow(t)
	fake := &fakeExport{total: 1, result: ExportResult{Records: 1, Documents: 1, Written: []string{"/out/x.conll"}}}
	g := &gate{}
	run := func(ctx context.Context, req ExportRequest, progress func(int, int)) (ExportResult, error) {
		g.wait()
		return fake.run(ctx, req, progress)
	}
	everyControlAnswers(t, w, g, func() *shell {
		d := showExport(w, []string{"ana"}, "ana", run)
		d.format.SetSelected("conll") // the scheme and the check boxes enabled
		d.setOut("/out/x.conll")
		return d.shell
	}, func() int { return len(fake.requests()) })

	// During an export, Escape cancels it.
	slow := &fakeExport{block: true, total: 10}
	d := showExport(w, []string{"ana"}, "ana", slow.run)
	d.setOut("/out/x.jsonl")
	tapButton(t, w, "Export")
	waitFor(t, "progress", func() bool { return d.progressShown.Load() == 5 })
	w.Canvas().Unfocus()
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	waitIdle(t, d.shell)
	if !slow.cancelled.Load() {
		t.Fatal("Escape during the export did not cancel it")
	}
}

// everyControlAnswers opens a dialog with open and, on each control Tab
// reaches other than its buttons, presses Escape (the dialog closes, and
// nothing runs) and Enter (the dialog's action runs: runs counts them).
//
// Runs wait at g until the key has been handled: the test driver applies a
// run's outcome on the run's goroutine, and an entry is still handling
// Enter after its OnSubmitted started the run (the desktop driver does
// both on the UI goroutine, one after the other).
func everyControlAnswers(t *testing.T, w fyne.Window, g *gate, open func() *shell, runs func() int) {
	t.Helper()
	// The controls in the order Tab visits them from the first.
	open()
	order := []fyne.Focusable{w.Canvas().Focused()}
	for range 40 {
		w.Canvas().FocusNext()
		if f := w.Canvas().Focused(); f == nil || f == order[0] {
			break
		} else {
			order = append(order, f)
		}
	}
	tapButton(t, w, "Cancel")
	if len(order) < 3 {
		t.Fatalf("Tab reaches only %d controls", len(order))
	}
	for k, c := range order {
		if _, ok := c.(*button); ok {
			continue // buttons: Space presses them, and they report Escape (newButton)
		}
		for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
			s := open()
			for range k {
				w.Canvas().FocusNext()
			}
			if f := w.Canvas().Focused(); reflect.TypeOf(f) != reflect.TypeOf(c) {
				t.Fatalf("Tab %d times reaches %T, not %T as before", k, f, c)
			}
			before := runs()
			g.hold()
			press(t, w, key)
			g.release()
			waitIdle(t, s)
			if key == fyne.KeyEscape {
				if isOpen(w) || runs() != before {
					t.Errorf("Escape on %T (control %d): dialog open %v, runs %d", c, k, isOpen(w), runs()-before)
					tapButton(t, w, "Cancel")
				}
				continue
			}
			if runs() != before+1 {
				t.Errorf("Enter on %T (control %d) did not run", c, k)
				tapButton(t, w, "Cancel")
				continue
			}
			tapButton(t, w, "Close")
		}
	}
}

// gate holds runs until released.
type gate struct {
	mu sync.Mutex
	ch chan struct{}
}

func (g *gate) hold() {
	g.mu.Lock()
	g.ch = make(chan struct{})
	g.mu.Unlock()
}

func (g *gate) release() {
	g.mu.Lock()
	close(g.ch)
	g.ch = nil
	g.mu.Unlock()
}

// wait returns once the gate is released, at once when it is not held.
func (g *gate) wait() {
	g.mu.Lock()
	ch := g.ch
	g.mu.Unlock()
	if ch != nil {
		<-ch
	}
}
