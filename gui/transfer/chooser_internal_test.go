package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// These tests drive the export dialog's save chooser as a person does:
// Choose file…, a name, Save, the question about replacing, and then the
// export dialog's Cancel. The helpers find widgets by their text, not by
// the chooser's fields, so that they drive whichever chooser the dialog
// opens: they were written against Fyne's save dialog, which emptied the
// file the moment the replacement was confirmed.

// overlayEntry returns the entry in the top overlay whose text is text.
func overlayEntry(t *testing.T, w fyne.Window, text string) *widget.Entry {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no overlay to find the entry %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		var e *widget.Entry
		switch o := o.(type) {
		case *widget.Entry:
			e = o
		case *entry:
			e = &o.Entry
		}
		if e != nil && e.Visible() && e.Text == text {
			return e
		}
	}
	t.Fatalf("no entry reading %q", text)
	return nil
}

// tapOverlayButton taps the first visible button of the top overlay with
// one of the texts, and reports whether there was one.
func tapOverlayButton(w fyne.Window, texts ...string) bool {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	for _, o := range test.LaidOutObjects(top) {
		var b *widget.Button
		switch o := o.(type) {
		case *widget.Button:
			b = o
		case *button:
			b = &o.Button
		}
		if b == nil || !b.Visible() || b.Disabled() {
			continue
		}
		for _, text := range texts {
			if b.Text == text {
				test.Tap(o.(fyne.Tappable))
				return true
			}
		}
	}
	return false
}

// chooseFile opens the export dialog's chooser in dir, names the file,
// presses Save and, when asked whether to replace it, says yes.
func chooseFile(t *testing.T, w fyne.Window, d *exportDialog, dir, name string) {
	t.Helper()
	d.lastDir = dir
	test.Tap(d.chooseOut)
	overlayEntry(t, w, defaultName(d.form.format)).SetText(name)
	if !tapOverlayButton(w, "Save") {
		t.Fatal("the chooser has no Save button")
	}
	tapOverlayButton(w, "Yes", "Replace") // only when the file exists
	if want := filepath.Join(dir, name); d.form.out != want {
		t.Fatalf("the dialog's output is %q, want %q", d.form.out, want)
	}
}

// fileState is what must not change about a file the user only chose.
type fileState struct {
	data  []byte
	mtime time.Time
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{data, info.ModTime()}
}

func sameState(t *testing.T, when, path string, want fileState) {
	t.Helper()
	got := stateOf(t, path)
	if !bytes.Equal(got.data, want.data) || !got.mtime.Equal(want.mtime) {
		t.Fatalf("%s: %s is %d bytes modified %s, was %d bytes modified %s",
			when, path, len(got.data), got.mtime, len(want.data), want.mtime)
	}
}

// An older export of 300 kB, the kind of file the chooser emptied.
func oldExport(t *testing.T, path string) fileState {
	t.Helper()
	data := bytes.Repeat([]byte(`{"text":"an older export","spans":[]}`+"\n"), 8000)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// In the past, so that a rewrite with the same bytes still shows.
	past := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, past, past); err != nil {
		t.Fatal(err)
	}
	return stateOf(t, path)
}

func TestExportChoosingAnExistingFileLeavesItAlone(t *testing.T) {
	w := newWindow(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "reviews.jsonl")
	before := oldExport(t, path)
	fake := &fakeExport{}
	d := showExport(w, []string{"ana"}, "ana", fake.run)

	chooseFile(t, w, d, dir, "reviews.jsonl")
	sameState(t, "after choosing it and confirming the replacement", path, before)

	tapButton(t, w, "Cancel")
	if isOpen(w) {
		t.Fatal("Cancel did not close the export dialog")
	}
	sameState(t, "after Cancel", path, before)
	if len(fake.requests()) != 0 {
		t.Fatal("the export ran though it was cancelled")
	}
}

func TestExportChoosingANewNameCreatesNothing(t *testing.T) {
	w := newWindow(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "new.jsonl")
	d := showExport(w, []string{"ana"}, "ana", (&fakeExport{}).run)

	chooseFile(t, w, d, dir, "new.jsonl")
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("choosing a name made a file: %v", err)
	}
	tapButton(t, w, "Cancel")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("Cancel left %d entries in the folder, such as %s", len(entries), entries[0].Name())
	}
}

// A cancelled run leaves the chosen file as it was: the dialog neither
// empties nor removes it (the export writes elsewhere and renames).
func TestExportCancelledRunLeavesTheChosenFile(t *testing.T) {
	w := newWindow(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "reviews.jsonl")
	before := oldExport(t, path)
	fake := &fakeExport{block: true, total: 10}
	d := showExport(w, []string{"ana"}, "ana", fake.run)

	chooseFile(t, w, d, dir, "reviews.jsonl")
	tapButton(t, w, "Export")
	waitFor(t, "progress", func() bool { return d.progressShown.Load() == 5 })
	tapButton(t, w, "Cancel")
	waitIdle(t, d.shell)
	sameState(t, "after a cancelled export", path, before)
	tapButton(t, w, "Cancel")
	sameState(t, "after closing the dialog", path, before)
}

// A failed run leaves it too, even when the failure wrote nothing.
func TestExportFailedRunLeavesTheChosenFile(t *testing.T) {
	w := newWindow(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "reviews.jsonl")
	before := oldExport(t, path)
	fake := &fakeExport{total: 1, err: errors.New("disk full")}
	d := showExport(w, []string{"ana"}, "ana", fake.run)

	chooseFile(t, w, d, dir, "reviews.jsonl")
	tapButton(t, w, "Export")
	waitIdle(t, d.shell)
	if d.errMsg.Text != "Export failed: disk full" {
		t.Fatalf("error line %q", d.errMsg.Text)
	}
	sameState(t, "after a failed export", path, before)
}

// tapListed taps the line or cell of Fyne's file dialog that shows name
// (its grid view drops the extension): the innermost tappable object that
// holds a label reading so. (Positions cannot be used: the driver reports
// none for objects inside the dialog's scrolled listing.)
func tapListed(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	shows := func(o fyne.CanvasObject) bool {
		l, ok := o.(*widget.Label)
		return ok && l.Visible() && (l.Text == name || l.Text == stem)
	}
	var target fyne.Tappable
	size := 0
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		tp, ok := o.(fyne.Tappable)
		if !ok {
			continue
		}
		inside := test.LaidOutObjects(o)
		if slices.ContainsFunc(inside, shows) && (target == nil || len(inside) < size) {
			target, size = tp, len(inside)
		}
	}
	if target == nil {
		t.Fatalf("the chooser does not list %s", name)
	}
	test.Tap(target)
}

// folderState is every name, size and time under dir.
func folderState(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := de.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %s\n", path, info.Size(), info.ModTime())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The import and suggest dialogs choose with Fyne's open and folder
// dialogs, which read: picking a file or a folder writes nothing.
func TestImportAndSuggestChoosersWriteNothing(t *testing.T) {
	w := newWindow(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	oldExport(t, corpus)
	more := filepath.Join(dir, "more")
	if err := os.Mkdir(more, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(more, "a.txt"), []byte("Aleppo was quiet.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := folderState(t, dir)

	im := showImport(w, "ana", (&fakeImport{}).run, nil)
	im.lastDir = dir
	im.pickFile()
	tapListed(t, w, "corpus.jsonl")
	if !tapOverlayButton(w, "Open") {
		t.Fatal("the file chooser has no Open button")
	}
	if !reflect.DeepEqual(im.form.paths, []string{corpus}) {
		t.Fatalf("import paths %v after picking a file", im.form.paths)
	}
	im.lastDir = more
	im.pickFolder()
	if !tapOverlayButton(w, "Open") {
		t.Fatal("the folder chooser has no Open button")
	}
	if !reflect.DeepEqual(im.form.paths, []string{more}) {
		t.Fatalf("import paths %v after picking a folder", im.form.paths)
	}
	tapButton(t, w, "Cancel")

	sg := showSuggest(w, func(context.Context, SuggestRequest, func(int, int)) (SuggestResult, error) {
		return SuggestResult{}, nil
	}, nil)
	fd := sg.fileChooser(sg.setPatterns) // what Choose… opens, started in dir
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		t.Fatal(err)
	}
	fd.SetLocation(l)
	fd.Show()
	tapListed(t, w, "corpus.jsonl")
	tapOverlayButton(w, "Open")
	if sg.req.Patterns != corpus {
		t.Fatalf("patterns %q after picking a file", sg.req.Patterns)
	}
	tapButton(t, w, "Cancel")

	if after := folderState(t, dir); after != before {
		t.Fatalf("choosing changed the folder:\nbefore\n%safter\n%s", before, after)
	}
}
