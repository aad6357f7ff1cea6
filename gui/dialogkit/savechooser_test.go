package dialogkit

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// saveFixture is a folder with a subfolder, an existing file, a hidden
// file, and a chooser open on it over a window.
type saveFixture struct {
	w       fyne.Window
	before  *widget.Entry // what had the focus before the chooser
	dir     string
	old     string // an existing file
	oldData []byte
	oldTime time.Time
	c       *SaveChooser
	chosen  []string
}

func newSaveFixture(t *testing.T) *saveFixture {
	t.Helper()
	test.NewTempApp(t)
	f := &saveFixture{before: widget.NewEntry(), dir: t.TempDir()}
	f.w = test.NewTempWindow(t, f.before)
	f.w.Resize(fyne.NewSize(900, 600))
	f.w.Canvas().Focus(f.before)
	for _, d := range []string{"sub", "Another"} {
		if err := os.Mkdir(filepath.Join(f.dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	f.old = filepath.Join(f.dir, "reviews.jsonl")
	f.oldData = bytes.Repeat([]byte("an older export\n"), 1000)
	if err := os.WriteFile(f.old, f.oldData, 0o644); err != nil {
		t.Fatal(err)
	}
	f.oldTime = time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(f.old, f.oldTime, f.oldTime); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.dir, ".reviews.jsonl.inkspan-tmp-1-00000000"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	f.c = ShowSaveChooser(f.w, SaveOptions{Title: "Export to", Dir: f.dir, Name: "export.jsonl", ReplaceNote: "Not yet."},
		func(path string) { f.chosen = append(f.chosen, path) })
	return f
}

// untouched checks that the folder holds what the fixture made, and the
// existing file its old bytes and time.
func (f *saveFixture) untouched(t *testing.T) {
	t.Helper()
	entries, err := os.ReadDir(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != ".reviews.jsonl.inkspan-tmp-1-00000000 Another reviews.jsonl sub" {
		t.Fatalf("the folder holds %s", got)
	}
	data, _ := os.ReadFile(f.old)
	info, _ := os.Stat(f.old)
	if !bytes.Equal(data, f.oldData) || !info.ModTime().Equal(f.oldTime) {
		t.Fatalf("the existing file is %d bytes modified %s", len(data), info.ModTime())
	}
}

func (f *saveFixture) listed() string {
	var names []string
	for _, e := range f.c.entries {
		names = append(names, e.name)
	}
	return strings.Join(names, " ")
}

func TestSaveChooserOpensOnFolderWithNameFocused(t *testing.T) {
	f := newSaveFixture(t)
	if f.c.folder.Text != f.dir || f.c.name.Text != "export.jsonl" || f.w.Canvas().Focused() != f.c.name {
		t.Fatalf("folder %q, name %q, focused %T", f.c.folder.Text, f.c.name.Text, f.w.Canvas().Focused())
	}
	// Folders first, hidden names (an export's temporary files) left out.
	if got := f.listed(); got != "Another sub reviews.jsonl" {
		t.Fatalf("listing %q", got)
	}
	if f.c.name.SelectedText() != "export.jsonl" {
		t.Fatalf("the proposed name is not selected for typing over: %q", f.c.name.SelectedText())
	}
	// Typing replaces the proposal.
	test.Type(f.c.name, "mine.jsonl")
	if f.c.name.Text != "mine.jsonl" {
		t.Fatalf("name %q after typing", f.c.name.Text)
	}
}

func TestSaveChooserNewName(t *testing.T) {
	f := newSaveFixture(t)
	f.c.name.SetText("new.jsonl")
	f.c.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if want := filepath.Join(f.dir, "new.jsonl"); len(f.chosen) != 1 || f.chosen[0] != want {
		t.Fatalf("chosen %v, want %s", f.chosen, want)
	}
	if f.w.Canvas().Overlays().Top() != nil {
		t.Fatal("the chooser is still open")
	}
	if f.w.Canvas().Focused() != f.before {
		t.Fatalf("focus went to %T, not back to what had it", f.w.Canvas().Focused())
	}
	f.untouched(t)
}

func TestSaveChooserAsksBeforeReplacing(t *testing.T) {
	f := newSaveFixture(t)
	f.c.name.SetText("reviews.jsonl")
	test.Tap(f.c.save)
	if len(f.chosen) != 0 || f.c.save.Text != "Replace" || !f.c.msg.Visible() ||
		!strings.HasPrefix(f.c.msg.Text, "reviews.jsonl already exists (16 kB, ") || !strings.HasSuffix(f.c.msg.Text, "Replace it? Not yet.") {
		t.Fatalf("chosen %v, button %q, message %q", f.chosen, f.c.save.Text, f.c.msg.Text)
	}
	// Escape takes the question back and leaves the chooser open.
	f.c.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.c.save.Text != "Save" || f.c.msg.Visible() || f.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("after Escape: button %q, message %q", f.c.save.Text, f.c.msg.Text)
	}
	// So does an edit: the question was about another name.
	test.Tap(f.c.save)
	test.Type(f.c.name, "x")
	f.c.name.SetText("reviews.jsonl")
	if f.c.save.Text != "Save" {
		t.Fatalf("after an edit the button reads %q", f.c.save.Text)
	}
	f.untouched(t)
	// Enter twice: Save, then Replace.
	f.c.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.c.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(f.chosen) != 1 || f.chosen[0] != f.old {
		t.Fatalf("chosen %v", f.chosen)
	}
	f.untouched(t)
}

func TestSaveChooserCancelAndEscape(t *testing.T) {
	f := newSaveFixture(t)
	f.c.name.SetText("new.jsonl")
	test.Tap(f.c.cancel)
	if len(f.chosen) != 0 || f.w.Canvas().Overlays().Top() != nil || f.w.Canvas().Focused() != f.before {
		t.Fatalf("Cancel: chosen %v, open %v", f.chosen, f.w.Canvas().Overlays().Top() != nil)
	}
	f.untouched(t)

	f.c = ShowSaveChooser(f.w, SaveOptions{Dir: f.dir, Name: "reviews.jsonl"}, func(p string) { f.chosen = append(f.chosen, p) })
	test.Tap(f.c.save) // asks
	f.w.Canvas().Focus(f.c.list)
	f.c.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // takes the question back
	f.c.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // cancels
	if len(f.chosen) != 0 || f.w.Canvas().Overlays().Top() != nil {
		t.Fatalf("Escape: chosen %v, open %v", f.chosen, f.w.Canvas().Overlays().Top() != nil)
	}
	// With nothing focused the window's keys carry Escape to the chooser.
	f.c = ShowSaveChooser(f.w, SaveOptions{Dir: f.dir, Name: "x"}, func(p string) { f.chosen = append(f.chosen, p) })
	f.w.Canvas().Unfocus()
	f.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.w.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape with nothing focused did not cancel")
	}
	f.untouched(t)
}

func TestSaveChooserListing(t *testing.T) {
	f := newSaveFixture(t)
	// Enter on a file's line takes its name.
	f.w.Canvas().Focus(f.c.list)
	f.c.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	f.c.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	f.c.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.c.name.Text != "reviews.jsonl" || f.w.Canvas().Focused() != f.c.name {
		t.Fatalf("name %q, focused %T", f.c.name.Text, f.w.Canvas().Focused())
	}
	// A folder's line opens it; Up goes back.
	f.c.picked(1)
	if f.c.dir != filepath.Join(f.dir, "sub") || f.c.folder.Text != f.c.dir || f.listed() != "" {
		t.Fatalf("in %q (%q) listing %q", f.c.dir, f.c.folder.Text, f.listed())
	}
	test.Tap(f.c.up)
	if f.c.dir != f.dir {
		t.Fatalf("Up went to %q", f.c.dir)
	}
	// The same line picked twice acts twice.
	f.c.picked(2)
	f.c.name.SetText("")
	f.c.picked(2)
	if f.c.name.Text != "reviews.jsonl" {
		t.Fatalf("picking a line again: name %q", f.c.name.Text)
	}
	f.untouched(t)
}

func TestSaveChooserTypedPaths(t *testing.T) {
	f := newSaveFixture(t)
	sub := filepath.Join(f.dir, "sub")

	// A typed folder is listed on Enter; a missing one is said so.
	f.c.folder.SetText(sub)
	f.c.folder.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.c.dir != sub {
		t.Fatalf("typed folder: in %q", f.c.dir)
	}
	f.c.folder.SetText(filepath.Join(f.dir, "nowhere"))
	f.c.folder.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.c.dir != sub || f.c.folder.Text != sub || !strings.Contains(f.c.msg.Text, "Cannot open") {
		t.Fatalf("missing folder: in %q, entry %q, message %q", f.c.dir, f.c.folder.Text, f.c.msg.Text)
	}

	// A folder's name opens the folder rather than choosing it.
	f.c.folder.SetText("..")
	f.c.folder.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.c.name.SetText("sub")
	test.Tap(f.c.save)
	if f.c.dir != sub || f.c.name.Text != "export.jsonl" || len(f.chosen) != 0 {
		t.Fatalf("a folder's name: in %q, name %q, chosen %v", f.c.dir, f.c.name.Text, f.chosen)
	}

	// A name in a folder that does not exist is refused.
	f.c.name.SetText(filepath.Join("nowhere", "x.jsonl"))
	test.Tap(f.c.save)
	if len(f.chosen) != 0 || !strings.Contains(f.c.msg.Text, "There is no folder") {
		t.Fatalf("missing folder: chosen %v, message %q", f.chosen, f.c.msg.Text)
	}
	f.c.name.SetText("")
	test.Tap(f.c.save)
	if len(f.chosen) != 0 || f.c.msg.Text != "Type a name for the file." {
		t.Fatalf("no name: chosen %v, message %q", f.chosen, f.c.msg.Text)
	}

	// A folder typed but not entered counts, and so does a full path.
	f.c.folder.SetText(f.dir)
	f.c.name.SetText("typed.jsonl")
	test.Tap(f.c.save)
	other := filepath.Join(f.dir, "Another", "full.jsonl")
	f.c = ShowSaveChooser(f.w, SaveOptions{Dir: sub, Name: other}, func(p string) { f.chosen = append(f.chosen, p) })
	test.Tap(f.c.save)
	if want := []string{filepath.Join(f.dir, "typed.jsonl"), other}; strings.Join(f.chosen, "|") != strings.Join(want, "|") {
		t.Fatalf("chosen %v, want %v", f.chosen, want)
	}
	f.untouched(t)
	if entries, _ := os.ReadDir(sub); len(entries) != 0 {
		t.Fatalf("%s holds %d entries", sub, len(entries))
	}
}

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1: "1 byte", 999: "999 bytes", 1000: "1.0 kB",
		310866: "311 kB", 9_949: "9.9 kB", 9_950: "10 kB", 999_499: "999 kB", 999_500: "1.0 MB", 12_500_000: "12 MB", 3 << 40: "3.3 TB"} {
		if got := humanSize(n); got != want {
			t.Errorf("humanSize(%d) = %q, want %q", n, got, want)
		}
	}
}
