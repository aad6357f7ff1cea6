package transfer

import (
	"context"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// fakeImport is an import that records what it was asked, reports some
// progress and returns result and err; with block it waits for its
// context to be cancelled instead.
type fakeImport struct {
	result ImportResult
	err    error
	block  bool

	mu        sync.Mutex
	reqs      []ImportRequest
	cancelled atomic.Bool
}

func (f *fakeImport) run(ctx context.Context, req ImportRequest, progress func(int)) (ImportResult, error) {
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	for i := 1; i <= 3; i++ {
		progress(i)
	}
	if f.block {
		<-ctx.Done()
		f.cancelled.Store(true)
		return ImportResult{}, ctx.Err()
	}
	return f.result, f.err
}

func (f *fakeImport) requests() []ImportRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ImportRequest(nil), f.reqs...)
}

var sixRecords = ImportResult{ImportSummary: formats.ImportSummary{Records: 6, DocumentsAdded: 6, SpansAdded: 13,
	LabelsAdded: []string{"DRUG"}, Skipped: []string{"b.jsonl:4: span [3, 99) is past the end of the text"}}}

func TestImportRunsAndShowsSummary(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{result: sixRecords}
	var doneCalls atomic.Int32
	var doneWith ImportResult
	d := showImport(w, "ana", fake.run, func(r ImportResult) { doneWith = r; doneCalls.Add(1) })
	if !isOpen(w) {
		t.Fatal("no dialog")
	}
	if d.annotator.Text != "ana" || d.format.Selected != "auto" {
		t.Fatalf("annotator %q, format %q", d.annotator.Text, d.format.Selected)
	}
	d.setPaths("/data/a.jsonl", "/data/b.jsonl")
	if got := d.hint.Text; got != "auto reads them as jsonl" {
		t.Fatalf("hint = %q", got)
	}
	if d.textRow.field.Visible() || d.columnsRow.field.Visible() || d.labelsRow.field.Visible() {
		t.Fatal("text column, CoNLL or hf options shown for jsonl")
	}
	test.Tap(d.skip)
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)

	reqs := fake.requests()
	// Several JSONL files may be doccano's per-user files: each is the
	// user it is named after, as the command does them without --annotator.
	want := ImportRequest{Paths: []string{"/data/a.jsonl", "/data/b.jsonl"}, Format: formats.FormatAuto,
		Annotator: "ana", FileUsers: true, SkipInvalid: true, TextColumn: "text"}
	if len(reqs) != 1 || !reflect.DeepEqual(reqs[0], want) {
		t.Fatalf("requests = %+v", reqs)
	}
	if doneCalls.Load() != 1 || doneWith.Records != 6 {
		t.Fatalf("done called %d times with %+v", doneCalls.Load(), doneWith)
	}
	text := dialogText(w)
	for _, s := range []string{
		"6 records read: 6 new documents, 0 already there; 13 new spans, 0 already there\n",
		"new labels added to the project: DRUG\n",
		"1 invalid records skipped (listed below)",
		"skipped b.jsonl:4: span",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("dialog lacks %q:\n%s", s, text)
		}
	}
	tapButton(t, w, "Close")
	if isOpen(w) {
		t.Fatal("Close did not close")
	}
}

func TestImportShowsProgress(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{block: true}
	d := showImport(w, "ana", fake.run, nil)
	d.setPaths("/data/a.txt")
	tapButton(t, w, "Import")
	waitFor(t, "progress", func() bool { return d.progressShown.Load() == 3 })
	if got := d.status.Text; got != "3 records read" {
		t.Fatalf("status = %q", got)
	}
	if !d.work.Visible() || !d.spin.Visible() || d.bar.Visible() {
		t.Fatal("the import does not show its infinite progress bar")
	}
	if !d.annotator.Disabled() || !d.chooseFiles.Disabled() || !d.primary.Disabled() {
		t.Fatal("the form is not disabled while importing")
	}
	tapButton(t, w, "Cancel")
	waitIdle(t, d.shell)
}

func TestImportValidation(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{}
	d := showImport(w, "ana", fake.run, nil)
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	if !strings.Contains(d.errMsg.Text, "Choose the files") {
		t.Fatalf("error = %q", d.errMsg.Text)
	}
	d.setPaths("/data/notes.dat")
	if d.errMsg.Text != "" {
		t.Fatal("a stale error stays after the paths changed")
	}
	if !strings.Contains(d.hint.Text, "cannot tell") {
		t.Fatalf("hint = %q", d.hint.Text)
	}
	tapButton(t, w, "Import")
	if !strings.Contains(d.errMsg.Text, "notes.dat") {
		t.Fatalf("error = %q", d.errMsg.Text)
	}
	if len(fake.requests()) != 0 {
		t.Fatal("run was called for an invalid form")
	}
	d.format.SetSelected("csv")
	if !d.textColumn.Visible() || d.textColumn.Disabled() {
		t.Fatal("text column not offered for csv")
	}
	if d.hint.Text != "" {
		t.Fatalf("hint %q for an explicit format", d.hint.Text)
	}
	d.textColumn.SetText("body")
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	if reqs := fake.requests(); len(reqs) != 1 || reqs[0].Format != formats.FormatCSV || reqs[0].TextColumn != "body" {
		t.Fatalf("requests = %+v", reqs)
	}
}

func TestImportErrorKeepsForm(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{err: model.Errorf(model.EINVALID, "a.jsonl: line 3: no text")}
	var doneCalls atomic.Int32
	d := showImport(w, "ana", fake.run, func(ImportResult) { doneCalls.Add(1) })
	d.setPaths("/data/a.jsonl")
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	if got := d.errMsg.Text; got != "Import failed: a.jsonl: line 3: no text" {
		t.Fatalf("error = %q", got)
	}
	if d.errMsg.Importance != widget.DangerImportance {
		t.Fatal("the error is not shown as one")
	}
	if d.annotator.Disabled() || d.primary.Disabled() || d.chooseFiles.Disabled() || d.work.Visible() {
		t.Fatal("the form is not back after an error")
	}
	if doneCalls.Load() != 0 {
		t.Fatal("done called after a failed import")
	}
	// Fixed and retried, it goes through.
	fake.err = nil
	fake.result = ImportResult{ImportSummary: formats.ImportSummary{Records: 1, DocumentsAdded: 1}}
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	if !strings.Contains(dialogText(w), "1 records read: 1 new documents") || doneCalls.Load() != 1 {
		t.Fatalf("retry: %q", dialogText(w))
	}
}

func TestImportCancel(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{block: true}
	var doneCalls atomic.Int32
	d := showImport(w, "ana", fake.run, func(ImportResult) { doneCalls.Add(1) })
	d.setPaths("/data/a.jsonl")
	tapButton(t, w, "Import")
	// Tapping while a progress update is being drawn would race with it:
	// wait for the last one, after which the fake only waits.
	waitFor(t, "progress", func() bool { return d.progressShown.Load() == 3 })
	tapButton(t, w, "Cancel")
	waitIdle(t, d.shell)
	if !fake.cancelled.Load() {
		t.Fatal("the run's context was not cancelled")
	}
	if !isOpen(w) {
		t.Fatal("Cancel during an import closed the dialog")
	}
	if got := d.errMsg.Text; got != "Cancelled: nothing was imported." {
		t.Fatalf("message = %q", got)
	}
	if d.annotator.Disabled() || d.primary.Disabled() || doneCalls.Load() != 0 {
		t.Fatal("the form is not back after a cancel, or done was called")
	}
	// Once idle, Cancel closes.
	tapButton(t, w, "Cancel")
	if isOpen(w) {
		t.Fatal("Cancel did not close an idle dialog")
	}
}

func TestImportCancelledErrorFromRun(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{err: context.Canceled}
	d := showImport(w, "ana", fake.run, nil)
	d.setPaths("/data/a.jsonl")
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	if got := d.errMsg.Text; got != "Cancelled: nothing was imported." {
		t.Fatalf("message = %q", got)
	}
}

func TestImportEscapeAndFocus(t *testing.T) {
	test.NewTempApp(t)
	before := widget.NewEntry()
	w := test.NewTempWindow(t, before)
	w.Resize(fyne.NewSize(900, 700))
	w.Canvas().Focus(before)
	d := showImport(w, "ana", (&fakeImport{}).run, nil)
	if w.Canvas().Focused() != d.chooseFiles {
		t.Fatalf("focus = %v", w.Canvas().Focused())
	}
	d.annotator.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if isOpen(w) {
		t.Fatal("Escape did not close")
	}
	if w.Canvas().Focused() != before {
		t.Fatal("focus not given back")
	}
}

func TestImportFolder(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{}
	d := showImport(w, "ana", fake.run, nil)
	dir := t.TempDir()
	d.form.addFile("/data/a.txt")
	d.form.setFolder(dir)
	d.pathsChanged()
	if !strings.HasSuffix(d.paths.Text, string(filepath.Separator)) || !strings.Contains(d.hint.Text, "folder") {
		t.Fatalf("paths %q, hint %q", d.paths.Text, d.hint.Text)
	}
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	if reqs := fake.requests(); len(reqs) != 1 || !reflect.DeepEqual(reqs[0].Paths, []string{dir}) {
		t.Fatalf("requests = %+v", reqs)
	}
}

// The summary after an import says everything `inkspan import` says, in
// its words: formats read, negative examples, suggestions, lenient Label
// Studio regions, what was not kept, and each conflict, skipped record,
// skipped span and warning, listed below it instead of on stderr.
func TestImportSummarySaysWhatTheCommandSays(t *testing.T) {
	w := newWindow(t)
	var labels []string
	for i := range 13 {
		labels = append(labels, "L"+strconv.Itoa(i))
	}
	result := ImportResult{ImportSummary: formats.ImportSummary{
		Formats: []string{"brat"}, Records: 14, DocumentsAdded: 14, SpansAdded: 30, LabelsAdded: labels,
		AnnotatedEmpty: 12, SuggestionsAdded: 4, Relaxed: 2,
		NotKept:   map[string]int{"relations": 8, "events": 23, "attributes": 11, "normalizations": 0},
		Conflicts: []string{"b.ann:1: the same text as a.ann:1 by ana, with other spans: kept the first"},
		Skipped:   []string{"c.txt: not UTF-8"},
		SkippedSpans: []string{"doc.ann:7: span [3, 9) FIGURE overlaps span [0, 5) ACTOR at doc.ann:1",
			"doc.ann:8: s2", "doc.ann:9: s3", "doc.ann:10: s4", "doc.ann:11: s5"},
		Warnings: []string{"empty.txt: the document is only white space\u00a0"},
	}}
	fake := &fakeImport{result: result}
	d := showImport(w, "ana", fake.run, nil)
	d.setPaths("/data/a.jsonl")
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)

	want := "read as brat\n" +
		"14 records read: 14 new documents, 0 already there; 30 new spans, 0 already there\n" +
		"new labels added to the project: L0, L1, L2, L3, L4, L5, L6, L7, L8, L9 and 3 more\n" +
		"12 documents annotated with no spans\n" +
		"4 model predictions stored as suggestions, for the annotator to accept or reject\n" +
		"2 Label Studio regions whose text matched their offsets only after trimming white space or normalising line breaks\n" +
		"not kept: 11 attributes, 23 events, 8 relations\n" +
		"1 records had other spans than an earlier record of the same text and annotator (listed below)\n" +
		"1 invalid records skipped (listed below)\n" +
		"5 invalid spans skipped, their documents kept (listed below)\n" +
		"1 warnings (listed below)"
	if d.summary == nil || d.summary.Text != want {
		t.Fatalf("summary\n%v\nwant\n%s", d.summary, want)
	}
	text := dialogText(w)
	if !strings.Contains(text, want) {
		t.Fatalf("the dialog does not show the summary:\n%s", text)
	}
	// Every message is in the list below, warnings first as on stderr,
	// invisible characters named; the first rows are on screen.
	var list *widget.List
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.List); ok {
			list = l
		}
	}
	if list == nil || list.Length == nil || list.Length() != 8 {
		t.Fatalf("no list of the 8 messages: %v", list)
	}
	for _, s := range []string{
		"warning: empty.txt: the document is only white space<U+00A0 no-break space>",
		"skipped c.txt: not UTF-8",
		"skipped doc.ann:7: span [3, 9) FIGURE overlaps span [0, 5) ACTOR at doc.ann:1",
		"skipped doc.ann:8: s2",
	} {
		if !strings.Contains(text, s+"\n") {
			t.Errorf("the list lacks %q:\n%s", s, text)
		}
	}
	list.ScrollToBottom()
	if text := dialogText(w); !strings.Contains(text, "conflict: b.ann:1: the same text as a.ann:1") {
		t.Errorf("the list's last row lacks the conflict:\n%s", text)
	}
}

// Escape over one of Fyne's file choosers opened from a dialog closes the
// chooser alone: the dialog stays, its form as it was, and the keys go
// back to the button that opened the chooser. (The choosers answer no key
// and focus nothing: Escape reached the button beneath, which closed the
// dialog, losing the files chosen so far, while the chooser stayed.)
func TestEscapeClosesTheFileChooserOnly(t *testing.T) {
	w := newWindow(t)
	d := showImport(w, "ana", (&fakeImport{}).run, nil)
	d.setPaths("/data/a.conll")
	choosers := []struct {
		name   string
		button *button
	}{{"files", d.chooseFiles}, {"folder", d.chooseFolder}}
	for _, c := range choosers {
		w.Canvas().Focus(c.button)
		test.Tap(c.button)
		if n := len(w.Canvas().Overlays().List()); n != 2 {
			t.Fatalf("choose %s: %d overlays, want the dialog and the chooser", c.name, n)
		}
		// The chooser focuses none of its widgets: Escape goes to what has
		// the keys, else to the window's handler.
		escape := &fyne.KeyEvent{Name: fyne.KeyEscape}
		if f := w.Canvas().Focused(); f != nil {
			f.TypedKey(escape)
		} else {
			w.Canvas().OnTypedKey()(escape)
		}
		if n := len(w.Canvas().Overlays().List()); n != 1 || d.closed {
			t.Fatalf("choose %s, Escape: %d overlays, import dialog closed %v", c.name, n, d.closed)
		}
		if f := w.Canvas().Focused(); f != c.button {
			t.Fatalf("choose %s, Escape: the keys are on %T", c.name, f)
		}
		if d.paths.Text != "/data/a.conll" {
			t.Fatalf("choose %s, Escape: the paths are %q", c.name, d.paths.Text)
		}
	}
	// Escape again is the dialog's.
	w.Canvas().Unfocus()
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if isOpen(w) {
		t.Fatal("Escape did not close the import dialog")
	}
}
