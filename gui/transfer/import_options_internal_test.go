package transfer

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// press sends a key to whatever has the focus, as the window would.
func press(t *testing.T, w fyne.Window, key fyne.KeyName) {
	t.Helper()
	f := w.Canvas().Focused()
	if f == nil {
		t.Fatalf("nothing focused to press %s on", key)
	}
	f.TypedKey(&fyne.KeyEvent{Name: key})
}

// tabTo presses Tab until target has the focus, and fails if a whole round
// of the dialog's controls does not reach it.
func tabTo(t *testing.T, w fyne.Window, target fyne.Focusable) {
	t.Helper()
	for range 40 {
		if w.Canvas().Focused() == target {
			return
		}
		w.Canvas().FocusNext()
	}
	t.Fatalf("Tab never reaches %T", target)
}

// Every option of `inkspan import` is in the dialog, chosen from the
// keyboard alone, and reaches the request as the command's flag would;
// Enter on a select starts the import.
func TestImportOptionsFromTheKeyboard(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{}
	d := showImport(w, "ana", fake.run, nil)
	d.setPaths("/data/germeval.conll", "/data/more.conll")
	if !d.columnsRow.field.Visible() {
		t.Fatal("auto reads .conll, but the CoNLL options are hidden")
	}
	if d.labelsRow.field.Visible() || d.textRow.field.Visible() {
		t.Fatal("hf or csv options shown for conll")
	}

	tabTo(t, w, d.tokenColumn)
	test.Type(d.tokenColumn, "2")
	tabTo(t, w, d.tagColumns)
	test.Type(d.tagColumns, "3, 4")
	tabTo(t, w, d.conllDocs)
	press(t, w, fyne.KeyRight) // each sentence is one
	tabTo(t, w, d.setStatus)
	press(t, w, fyne.KeyRight)
	press(t, w, fyne.KeyRight) // in progress
	tabTo(t, w, d.overlap)
	test.Type(d.overlap, " ")
	tabTo(t, w, d.onConflict)
	press(t, w, fyne.KeyLeft) // wraps to the last: keep each as its own set
	if got := d.onConflict.Selected; got != conflictSeparateText {
		t.Fatalf("conflict choice %q", got)
	}
	press(t, w, fyne.KeyReturn)
	waitIdle(t, d.shell)

	want := ImportRequest{Paths: []string{"/data/germeval.conll", "/data/more.conll"}, Format: formats.FormatAuto,
		Annotator: "ana", TextColumn: "text", Status: model.StatusInProgress, OnConflict: ConflictSeparate,
		AllowOverlap: true, TokenColumn: 2, TagColumns: []int{3, 4}, CoNLLDocuments: formats.ConllSentence}
	if reqs := fake.requests(); len(reqs) != 1 || !reflect.DeepEqual(reqs[0], want) {
		t.Fatalf("requests = %+v\nwant %+v", reqs, want)
	}
}

// The defaults are the command's: each record's status, conflicts refused,
// the overlap rule left alone, CoNLL documents at -DOCSTART-; options of
// formats the import does not read are left out of the request.
func TestImportDefaultsAreTheCommands(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{}
	d := showImport(w, "ana", fake.run, nil)
	if d.setStatus.Selected != "as each record says" || d.onConflict.Selected != conflictRefuseText ||
		d.overlap.Checked || d.conllDocs.Selected != "at each -DOCSTART- line" {
		t.Fatalf("defaults: status %q, conflict %q, overlap %v, documents %q",
			d.setStatus.Selected, d.onConflict.Selected, d.overlap.Checked, d.conllDocs.Selected)
	}
	d.setPaths("/data/a.conll")
	d.tokenColumn.SetText("2")
	d.form.hfLabels = "/data/labels.json" // chosen under hf, then another format
	d.format.SetSelected("prodigy")
	if d.columnsRow.field.Visible() {
		t.Fatal("CoNLL options shown for prodigy")
	}
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	want := ImportRequest{Paths: []string{"/data/a.conll"}, Format: formats.FormatProdigy, Annotator: "ana", TextColumn: "text"}
	if reqs := fake.requests(); len(reqs) != 1 || !reflect.DeepEqual(reqs[0], want) {
		t.Fatalf("requests = %+v", reqs)
	}
}

// A bad column number is refused in the dialog, naming the field.
func TestImportColumnsChecked(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{}
	d := showImport(w, "ana", fake.run, nil)
	d.setPaths("/data/a.iob")
	for field, text := range map[*entry]string{d.tokenColumn: "0", d.tagColumns: "3,x"} {
		field.SetText(text)
		tapButton(t, w, "Import")
		waitIdle(t, d.shell)
		name := "Token column"
		if field == d.tagColumns {
			name = "Tag columns"
		}
		if !strings.HasPrefix(d.errMsg.Text, name+": ") {
			t.Fatalf("%q: error %q", text, d.errMsg.Text)
		}
		field.SetText("")
	}
	if len(fake.requests()) != 0 {
		t.Fatal("run was called with a bad column")
	}
}

// hf's tag list is chosen with a chooser that only reads, shown only for
// hf (auto never reads hf), and can be cleared back to the default.
func TestImportHFLabelsChooser(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{}
	d := showImport(w, "ana", fake.run, nil)
	dir := t.TempDir()
	data := filepath.Join(dir, "train.jsonl")
	labels := filepath.Join(dir, "tags.json")
	for path, text := range map[string]string{data: `{"tokens":["Putin"],"ner_tags":[1]}` + "\n", labels: `["O","B-ACTOR"]`} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := folderState(t, dir)
	d.setPaths(data)
	if d.labelsRow.field.Visible() {
		t.Fatal("the hf tag list is shown though auto reads .jsonl as jsonl")
	}
	d.format.SetSelected("hf")
	if !d.labelsRow.field.Visible() || !d.clearLabels.Disabled() || !strings.Contains(d.labelsFile.Text, "beside the data") {
		t.Fatalf("hf: tag list shown %v, says %q", d.labelsRow.field.Visible(), d.labelsFile.Text)
	}
	tabTo(t, w, d.chooseLabels)
	d.lastDir = dir
	press(t, w, fyne.KeyReturn)
	tapListed(t, w, "tags.json")
	if !tapOverlayButton(w, "Open") {
		t.Fatal("the chooser has no Open button")
	}
	if d.form.hfLabels != labels || d.labelsFile.Text != labels || d.clearLabels.Disabled() {
		t.Fatalf("tag list %q, shown %q", d.form.hfLabels, d.labelsFile.Text)
	}
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	if reqs := fake.requests(); len(reqs) != 1 || reqs[0].HFLabels != labels || reqs[0].Format != formats.FormatHF {
		t.Fatalf("requests = %+v", reqs)
	}
	if after := folderState(t, dir); after != before {
		t.Fatalf("choosing the tag list changed the folder:\nbefore\n%safter\n%s", before, after)
	}
}

// Escape cancels and Enter imports from the new selects and check boxes
// too: none of them swallows the dialog's keys.
func TestImportKeysOnEveryControl(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{}
	d := showImport(w, "ana", fake.run, nil)
	d.setPaths("/data/a.conll")
	// Every control is reachable with Tab, in the order shown.
	var seen []fyne.Focusable
	for range 30 {
		w.Canvas().FocusNext()
		if f := w.Canvas().Focused(); f != nil && !slices.Contains(seen, f) {
			seen = append(seen, f)
		}
	}
	for _, c := range []fyne.Focusable{d.chooseFiles, d.chooseFolder, d.clear, d.format, d.tokenColumn, d.tagColumns,
		d.conllDocs, d.annotator, d.setStatus, d.onConflict, d.overlap, d.skip, d.primary, d.cancelBtn} {
		if !slices.Contains(seen, c) {
			t.Errorf("Tab never reaches %T %v", c, c)
		}
	}
	tabTo(t, w, d.skip)
	press(t, w, fyne.KeyReturn)
	waitIdle(t, d.shell)
	if len(fake.requests()) != 1 || !isOpen(w) {
		t.Fatal("Enter on a check box did not import")
	}
	tapButton(t, w, "Close")

	for _, pick := range []func(*importDialog) fyne.Focusable{
		func(d *importDialog) fyne.Focusable { return d.overlap },
		func(d *importDialog) fyne.Focusable { return d.onConflict },
		func(d *importDialog) fyne.Focusable { return d.conllDocs },
	} {
		d := showImport(w, "ana", fake.run, nil)
		d.setPaths("/data/a.conll")
		c := pick(d)
		tabTo(t, w, c)
		press(t, w, fyne.KeyEscape)
		if isOpen(w) {
			t.Fatalf("Escape on %T did not close", c)
		}
	}
}

// An import refused for a conflict or an overlap says so with both places
// as run named them, says which choice of the dialog imports it (no
// command flags), and puts the focus on that choice: Space, Enter, done.
func TestImportRefusalPointsToTheChoice(t *testing.T) {
	w := newWindow(t)
	conflict := &ImportRefusal{For: RefusedConflict, Err: model.Errorf(model.ECONFLICT,
		"b.jsonl:2: the same text as a.jsonl:1, also annotated by ana, with other spans; importing both would merge them into a version neither holds (nothing was imported)")}
	fake := &fakeImport{err: conflict}
	d := showImport(w, "ana", fake.run, nil)
	d.setPaths("/data/a.jsonl", "/data/b.jsonl")
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	msg := d.errMsg.Text
	for _, s := range []string{"b.jsonl:2", "a.jsonl:1", "choose Same text: “keep the first” or “keep each as its own set”"} {
		if !strings.Contains(msg, s) {
			t.Errorf("the error lacks %q:\n%s", s, msg)
		}
	}
	if strings.Contains(msg, "--") {
		t.Errorf("the error names a command flag:\n%s", msg)
	}
	if w.Canvas().Focused() != d.onConflict {
		t.Fatalf("focus on %T, not the conflict choice", w.Canvas().Focused())
	}
	press(t, w, fyne.KeyRight)
	fake.err = &ImportRefusal{For: RefusedOverlap, Err: model.Errorf(model.EINVALID,
		"a.ann:4: span [2, 9) PLACE overlaps span [0, 5) ACTOR at a.ann:1, and this project does not allow overlapping spans (nothing was imported)")}
	press(t, w, fyne.KeyReturn)
	waitIdle(t, d.shell)
	if reqs := fake.requests(); len(reqs) != 2 || reqs[1].OnConflict != ConflictKeepFirst {
		t.Fatalf("requests = %+v", reqs)
	}
	msg = d.errMsg.Text
	if !strings.Contains(msg, "a.ann:4") || !strings.Contains(msg, "a.ann:1") || !strings.Contains(msg, "tick “Allow overlapping and nested spans in the project”") {
		t.Errorf("overlap error:\n%s", msg)
	}
	if w.Canvas().Focused() != d.overlap {
		t.Fatalf("focus on %T, not the overlap check box", w.Canvas().Focused())
	}
	test.Type(d.overlap, " ")
	fake.err = nil
	fake.result = ImportResult{ImportSummary: formats.ImportSummary{Records: 2, DocumentsAdded: 1, SpansAdded: 3}, OverlapAllowed: true}
	press(t, w, fyne.KeyReturn)
	waitIdle(t, d.shell)
	if reqs := fake.requests(); len(reqs) != 3 || !reqs[2].AllowOverlap || reqs[2].OnConflict != ConflictKeepFirst {
		t.Fatalf("requests = %+v", reqs)
	}
	if !strings.Contains(d.summary.Text, "\noverlapping spans are now allowed in this project") {
		t.Fatalf("the summary does not say the rule changed:\n%s", d.summary.Text)
	}
}

// Spans skipped for overlapping: the summary names the check box that
// would have kept them, as the command names its flag.
func TestImportSummaryPointsToOverlapCheck(t *testing.T) {
	got := importSummary(ImportResult{ImportSummary: formats.ImportSummary{Records: 1, SkippedSpans: []string{"a.ann:4: span overlaps"}},
		OverlapSkipped: true})
	if !strings.HasSuffix(got, "\noverlapping spans were skipped: “Allow overlapping and nested spans in the project” imports them") {
		t.Fatalf("summary:\n%s", got)
	}
}

// The dialog fits a 900x600 window at its tallest: CoNLL options, five
// lines of paths and a refusal on the error line.
func TestImportFitsAt900x600(t *testing.T) {
	w := newWindow(t)
	w.Resize(fyne.NewSize(900, 600))
	for _, format := range []string{"auto", "hf", "csv"} {
		fake := &fakeImport{err: &ImportRefusal{For: RefusedConflict, Err: model.Errorf(model.ECONFLICT,
			"/home/ana/corpora/germeval/train-part-2.conll:18233: the same text as /home/ana/corpora/germeval/train-part-1.conll:211, "+
				"also annotated by ana, with other spans; importing both would merge them into a version neither holds (nothing was imported)")}}
		d := showImport(w, "ana", fake.run, nil)
		d.setPaths("/home/ana/corpora/germeval/train-part-1.conll", "/home/ana/corpora/germeval/train-part-2.conll",
			"/home/ana/corpora/germeval/dev.conll", "/home/ana/corpora/germeval/test.conll", "/home/ana/corpora/more.conll", "/x.csv")
		d.format.SetSelected(format)
		tapButton(t, w, "Import")
		waitIdle(t, d.shell)
		if d.errMsg.Text == "" {
			t.Fatal("no error shown")
		}
		if h := d.dlg.MinSize().Height; h > 600 {
			t.Errorf("%s: the dialog needs %v pixels of height, the window has 600", format, h)
		}
		if format == "auto" {
			capture(t, w, picturesDir(t), "transfer-import-refused-900x600")
		}
		tapButton(t, w, "Cancel")
	}
}

// Fyne's check box must not be what the form uses: it ignores Enter and
// Escape (a guard against putting one back).
func TestImportChecksAreTheDialogs(t *testing.T) {
	w := newWindow(t)
	showImport(w, "ana", (&fakeImport{}).run, nil)
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if _, plain := o.(*widget.Check); plain {
			t.Fatal("a plain widget.Check in the import dialog")
		}
		if _, plain := o.(*widget.Select); plain {
			t.Fatal("a plain widget.Select in the import dialog")
		}
	}
}

// Several JSONL files, or a zip archive, may be doccano's per-user files:
// the dialog offers, checked, to make each file the user it is named
// after, reachable by Tab and ticked by Space; for one file, or files no
// format names after users, it is hidden and asks nothing.
func TestImportFileUsersChoice(t *testing.T) {
	w := newWindow(t)
	fake := &fakeImport{}
	d := showImport(w, "ana", fake.run, nil)
	for _, tc := range []struct {
		paths []string
		shown bool
	}{
		{[]string{"/data/alice.jsonl"}, false},
		{[]string{"/data/alice.jsonl", "/data/bob.jsonl"}, true},
		{[]string{"/data/export.zip"}, true},
		{[]string{"/data/train.conll", "/data/dev.conll"}, false},
	} {
		d.setPaths(tc.paths...)
		if d.fileUsers.Visible() != tc.shown || tc.shown && !d.fileUsers.Checked {
			t.Errorf("%v: file users choice shown %v checked %v, want shown (and checked) %v",
				tc.paths, d.fileUsers.Visible(), d.fileUsers.Checked, tc.shown)
		}
	}
	// A zip passes auto's check of the format: its files say theirs.
	d.setPaths("/data/export.zip")
	tabTo(t, w, d.fileUsers)
	test.Type(d.fileUsers, " ") // unticked: everything is ana's
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	tapButton(t, w, "Close")
	d = showImport(w, "ana", fake.run, nil)
	d.setPaths("/data/alice.jsonl", "/data/bob.jsonl")
	tapButton(t, w, "Import")
	waitIdle(t, d.shell)
	reqs := fake.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (errors: %q)", len(reqs), d.errMsg.Text)
	}
	if reqs[0].FileUsers || !reqs[1].FileUsers || reqs[1].Annotator != "ana" {
		t.Fatalf("requests %+v: want the zip's without file users, the two files' with them and ana for the rest", reqs)
	}
}
