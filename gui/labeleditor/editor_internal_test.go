package labeleditor

import (
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
)

// saveCall is what the editor passed to save.
type saveCall struct {
	rename map[string]string
	labels []model.Label
}

// recorder is a save function that records its calls and returns err.
type recorder struct {
	mu    sync.Mutex
	calls []saveCall
	err   error
	// hold, when set, keeps a save waiting until it is closed: the test
	// driver runs the save's fyne.Do on the save's goroutine, which must
	// not overlap the key press still refreshing its entry.
	hold chan struct{}
}

func (r *recorder) save(rename map[string]string, labels []model.Label) error {
	if r.hold != nil {
		<-r.hold
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, saveCall{rename, labels})
	return r.err
}

func (r *recorder) saved() []saveCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]saveCall(nil), r.calls...)
}

// open shows the editor on the default labels over a test window.
func open(t *testing.T, rec *recorder) (fyne.Window, *editor) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("the workspace"))
	w.Resize(fyne.NewSize(1000, 700))
	return w, show(w, model.DefaultLabels(), rec.save)
}

// waitSaved waits until every save started has been applied. pending is
// atomic, so once it reads zero the widgets may be read without a race.
func waitSaved(t *testing.T, ed *editor) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for ed.pending.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for save")
		}
		time.Sleep(time.Millisecond)
	}
}

// tapButton taps the button labelled text in the top overlay.
func tapButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open to tap %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q", text)
}

func retype(e fyne.Focusable, entryText func(string), text string) {
	entryText("")
	test.Type(e, text)
}

func isOpen(w fyne.Window) bool { return w.Canvas().Overlays().Top() != nil }

func TestOpenShowsLabels(t *testing.T) {
	w, ed := open(t, &recorder{})
	if !isOpen(w) {
		t.Fatal("no dialog")
	}
	if len(ed.rows) != 3 || ed.rows[1].name.Text != "PLACE" || ed.rows[1].key.Text != "2" ||
		!strings.Contains(ed.rows[1].desc.Text, "location") {
		t.Fatalf("rows do not show the labels")
	}
	if got := colorHex(ed.rows[0].swatch.FillColor); got != "#e4572e" {
		t.Fatalf("ACTOR swatch is %s", got)
	}
	if w.Canvas().Focused() != ed.rows[0].name {
		t.Fatal("the first name is not focused")
	}
	var hint bool
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok && l.Text == RemoveHint {
			hint = true
		}
	}
	if !hint {
		t.Fatal("the dialog does not say why labels cannot be removed")
	}
}

func TestSaveRename(t *testing.T) {
	rec := &recorder{}
	w, ed := open(t, rec)
	name := ed.rows[0].name
	retype(name, name.SetText, "PERSON")
	test.Type(ed.rows[0].desc, " Named.")
	tapButton(t, w, "Save")
	waitSaved(t, ed)

	calls := rec.saved()
	if len(calls) != 1 {
		t.Fatalf("save called %d times", len(calls))
	}
	if want := map[string]string{"ACTOR": "PERSON"}; !maps.Equal(calls[0].rename, want) {
		t.Fatalf("rename = %v, want %v", calls[0].rename, want)
	}
	got := calls[0].labels
	if len(got) != 3 || got[0].Name != "PERSON" || got[0].Key != "1" || got[0].Color != "#e4572e" || got[1].Name != "PLACE" {
		t.Fatalf("labels = %+v", got)
	}
	if !strings.HasPrefix(got[0].Description, " Named.") {
		t.Fatalf("description = %q", got[0].Description)
	}
	if isOpen(w) {
		t.Fatal("the dialog stayed open after a successful save")
	}
}

func TestInvalidNameShowsErrorAndDoesNotSave(t *testing.T) {
	rec := &recorder{}
	w, ed := open(t, rec)
	name := ed.rows[0].name
	retype(name, name.SetText, "BAD\u200bNAME")
	tapButton(t, w, "Save")
	waitSaved(t, ed)

	if len(rec.saved()) != 0 {
		t.Fatal("save was called with an invalid label")
	}
	if !ed.errText.Visible() || !strings.Contains(ed.errText.Text, "zero width space") {
		t.Fatalf("error line = %q (visible %v)", ed.errText.Text, ed.errText.Visible())
	}
	// Between the list and Add label, overlapping neither.
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject
	errTop, errBottom := abs(ed.errText).Y, abs(ed.errText).Y+ed.errText.Size().Height
	if listEnd := abs(ed.scroll).Y + ed.scroll.Size().Height; errTop < listEnd || errBottom > abs(ed.add).Y {
		t.Fatalf("error line spans y %v-%v, list ends at %v, Add label starts at %v", errTop, errBottom, listEnd, abs(ed.add).Y)
	}
	if ed.errText.Importance != widget.DangerImportance {
		t.Fatal("the error is not drawn as an error")
	}
	if !isOpen(w) {
		t.Fatal("an invalid save closed the dialog")
	}
	// Fixing the name clears the error and saves.
	retype(name, name.SetText, "PERSON")
	if ed.errText.Text != "" {
		t.Fatal("the error stays after an edit")
	}
	tapButton(t, w, "Save")
	waitSaved(t, ed)
	if len(rec.saved()) != 1 || isOpen(w) {
		t.Fatalf("after the fix: %d saves, open %v", len(rec.saved()), isOpen(w))
	}
}

func TestDuplicateKeyRejected(t *testing.T) {
	rec := &recorder{}
	w, ed := open(t, rec)
	test.Type(ed.rows[2].key, "1") // FIGURE takes ACTOR's key
	if ed.rows[2].key.Text != "1" {
		t.Fatalf("key entry holds %q, want the typed key alone", ed.rows[2].key.Text)
	}
	tapButton(t, w, "Save")
	waitSaved(t, ed)
	if len(rec.saved()) != 0 || !strings.Contains(ed.errText.Text, "key 1 is already used by label ACTOR") {
		t.Fatalf("saves %d, error %q", len(rec.saved()), ed.errText.Text)
	}
}

func TestKeyEntryHoldsOneCharacter(t *testing.T) {
	_, ed := open(t, &recorder{})
	key := ed.rows[0].key
	test.Type(key, "xyz")
	if key.Text != "z" || ed.state.rows[0].label.Key != "z" {
		t.Fatalf("key entry %q, state %q, want the last typed character", key.Text, ed.state.rows[0].label.Key)
	}
	test.Type(key, " ")
	if key.Text != "z" {
		t.Fatalf("a space replaced the key: %q", key.Text)
	}
	key.SetText("ąb") // what a paste does
	if key.Text != "ą" || ed.state.rows[0].label.Key != "ą" {
		t.Fatalf("after a paste: entry %q, state %q", key.Text, ed.state.rows[0].label.Key)
	}
	key.SetText("")
	if ed.state.rows[0].label.Key != "" {
		t.Fatal("clearing the key kept it")
	}
}

func TestSaveErrorShownInline(t *testing.T) {
	rec := &recorder{err: model.Errorf(model.ECONFLICT, "the project is locked by another window")}
	w, ed := open(t, rec)
	tapButton(t, w, "Save")
	waitSaved(t, ed)

	if len(rec.saved()) != 1 {
		t.Fatalf("save called %d times", len(rec.saved()))
	}
	if !isOpen(w) {
		t.Fatal("a failed save closed the dialog")
	}
	if !ed.errText.Visible() || ed.errText.Text != "not saved: the project is locked by another window" {
		t.Fatalf("error line %q", ed.errText.Text)
	}
	if ed.saveBtn.Disabled() || ed.cancel.Disabled() {
		t.Fatal("buttons stay disabled after the save returned")
	}
}

func TestButtonsDisabledWhileSaving(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("the workspace"))
	w.Resize(fyne.NewSize(1000, 700))
	ed := show(w, model.DefaultLabels(), func(map[string]string, []model.Label) error {
		close(started)
		<-release
		return nil
	})
	tapButton(t, w, "Save")
	<-started
	// The UI goroutine (this one) is the only writer until release.
	if !ed.saveBtn.Disabled() || !ed.cancel.Disabled() || !ed.add.Disabled() {
		t.Fatal("buttons are live during a save")
	}
	ed.close() // Escape during a save
	if !isOpen(w) {
		t.Fatal("Escape closed the dialog during a save")
	}
	close(release)
	waitSaved(t, ed)
	if isOpen(w) {
		t.Fatal("the dialog did not close after the save")
	}
}

func TestAddLabel(t *testing.T) {
	rec := &recorder{}
	w, ed := open(t, rec)
	tapButton(t, w, "Add label")
	if len(ed.rows) != 4 {
		t.Fatalf("%d rows after Add label", len(ed.rows))
	}
	added := ed.rows[3]
	if w.Canvas().Focused() != added.name {
		t.Fatal("the new label's name is not focused")
	}
	if added.name.Text != "NEW" || added.key.Text != "4" {
		t.Fatalf("new row shows %q key %q", added.name.Text, added.key.Text)
	}
	retype(added.name, added.name.SetText, "EVENT")
	tapButton(t, w, "Save")
	waitSaved(t, ed)

	calls := rec.saved()
	if len(calls) != 1 {
		t.Fatalf("save called %d times", len(calls))
	}
	if len(calls[0].rename) != 0 {
		t.Fatalf("rename = %v for an added label", calls[0].rename)
	}
	want := model.NewLabel("EVENT", model.DefaultLabels())
	if got := calls[0].labels; len(got) != 4 || got[3] != want {
		t.Fatalf("labels = %+v, want EVENT as %+v last", got, want)
	}
}

func TestEscapeCancels(t *testing.T) {
	rec := &recorder{}
	w, ed := open(t, rec)
	name := ed.rows[0].name
	retype(name, name.SetText, "PERSON")
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if isOpen(w) {
		t.Fatal("Escape in an entry did not close the dialog")
	}
	if len(rec.saved()) != 0 {
		t.Fatal("Escape saved")
	}
}

func TestEscapeWithNothingFocused(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("the workspace"))
	w.Resize(fyne.NewSize(1000, 700))
	var before []fyne.KeyName
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { before = append(before, ev.Name) })

	show(w, model.DefaultLabels(), (&recorder{}).save)
	w.Canvas().Unfocus()
	onKey := w.Canvas().(test.WindowlessCanvas).OnTypedKey()
	onKey(&fyne.KeyEvent{Name: fyne.KeyF2})
	onKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if isOpen(w) {
		t.Fatal("Escape on the window did not close the dialog")
	}
	// The window's own handler saw the other key and has its place back.
	w.Canvas().(test.WindowlessCanvas).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF3})
	if got := before; len(got) != 2 || got[0] != fyne.KeyF2 || got[1] != fyne.KeyF3 {
		t.Fatalf("window handler saw %v", got)
	}
}

func TestEscapeOnFocusedButton(t *testing.T) {
	w, ed := open(t, &recorder{})
	w.Canvas().Focus(ed.add)
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if isOpen(w) {
		t.Fatal("Escape on a button did not close the dialog")
	}
}

func TestCancelButton(t *testing.T) {
	rec := &recorder{}
	w, ed := open(t, rec)
	retype(ed.rows[1].name, ed.rows[1].name.SetText, "LOC")
	tapButton(t, w, "Cancel")
	if isOpen(w) || len(rec.saved()) != 0 {
		t.Fatalf("Cancel: open %v, saves %d", isOpen(w), len(rec.saved()))
	}
}

func TestColourPicker(t *testing.T) {
	rec := &recorder{}
	w, ed := open(t, rec)
	editorOverlay := w.Canvas().Overlays().Top()
	test.Tap(ed.rows[1].colour)
	picker := w.Canvas().Overlays().Top()
	if picker == nil || picker == editorOverlay {
		t.Fatal("the colour button opened no picker")
	}
	// Pick the first of the picker's basic colours.
	var swatch fyne.Tappable
	for _, o := range test.LaidOutObjects(picker) {
		if reflect.TypeOf(o).String() == "*dialog.colorButton" {
			swatch = o.(fyne.Tappable)
			break
		}
	}
	if swatch == nil {
		t.Fatal("no colour to pick in the picker")
	}
	test.Tap(swatch)
	if w.Canvas().Overlays().Top() != editorOverlay {
		t.Fatal("picking a colour did not return to the editor")
	}

	got := ed.state.rows[1].label.Color
	if !model.IsColor(got) || got == "#29a19c" {
		t.Fatalf("PLACE colour after picking: %q", got)
	}
	if colorHex(ed.rows[1].swatch.FillColor) != got {
		t.Fatalf("swatch shows %s, label has %s", colorHex(ed.rows[1].swatch.FillColor), got)
	}
	tapButton(t, w, "Save")
	waitSaved(t, ed)
	if calls := rec.saved(); len(calls) != 1 || calls[0].labels[1].Color != got {
		t.Fatalf("saved %+v", calls)
	}
}

func TestRowsLayOutInColumns(t *testing.T) {
	_, ed := open(t, &recorder{})
	rw := ed.rows[0]
	if rw.name.Size().Width != columnWidths[1] || rw.key.Size().Width != columnWidths[2] {
		t.Fatalf("name %v and key %v wide", rw.name.Size().Width, rw.key.Size().Width)
	}
	if rw.desc.Position().X <= rw.key.Position().X || rw.desc.Size().Width < 200 {
		t.Fatalf("description at %v, %v wide", rw.desc.Position().X, rw.desc.Size().Width)
	}
	if rw.desc.Size().Height <= rw.name.Size().Height {
		t.Fatal("the description is not multi-line")
	}
	if s := rw.swatch.Size(); s.Width <= 0 || s.Height <= 0 {
		t.Fatalf("swatch size %v", s)
	}
}

// TestPictures renders the editor, with an error shown, in the light and
// dark themes and writes PNGs to look at: to $LABELEDITOR_PICTURES if set,
// else to a temporary directory.
func TestPictures(t *testing.T) {
	dir := os.Getenv("LABELEDITOR_PICTURES")
	if dir == "" {
		dir = t.TempDir()
	}
	for name, th := range map[string]fyne.Theme{"light": theme.LightTheme(), "dark": theme.DarkTheme()} {
		t.Run(name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(th)
			w := test.NewTempWindow(t, widget.NewLabel("the workspace"))
			w.Resize(fyne.NewSize(1000, 700))
			ed := show(w, model.DefaultLabels(), (&recorder{}).save)
			tapButton(t, w, "Add label")
			test.Type(ed.rows[3].key, "1")
			tapButton(t, w, "Save")
			f, err := os.Create(filepath.Join(dir, "labeleditor-"+name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := png.Encode(f, w.Canvas().Capture()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestFocusReturnsOnClose(t *testing.T) {
	test.NewTempApp(t)
	before := widget.NewEntry()
	w := test.NewTempWindow(t, before)
	w.Resize(fyne.NewSize(1000, 700))
	w.Canvas().Focus(before)

	ed := show(w, model.DefaultLabels(), (&recorder{}).save)
	if w.Canvas().Focused() != ed.rows[0].name {
		t.Fatal("the editor did not take focus")
	}
	tapButton(t, w, "Cancel")
	if w.Canvas().Focused() != before {
		t.Fatalf("focus after close is %v, want the window's entry back", w.Canvas().Focused())
	}
}

// Enter is the editor's default action, Save: in a name or key field, and
// with nothing focused; on a focused button it presses that button. In the
// description it is a new line.
func TestEnterSaves(t *testing.T) {
	for _, tc := range []struct {
		name  string
		press func(w fyne.Window, ed *editor)
		saves int
	}{
		{"in a name", func(w fyne.Window, ed *editor) {
			w.Canvas().Focus(ed.rows[0].name)
			w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}, 1},
		{"in a key", func(w fyne.Window, ed *editor) {
			w.Canvas().Focus(ed.rows[1].key)
			w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
		}, 1},
		{"with nothing focused", func(w fyne.Window, ed *editor) {
			w.Canvas().Unfocus()
			w.Canvas().(test.WindowlessCanvas).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}, 1},
		{"on Cancel", func(w fyne.Window, ed *editor) {
			w.Canvas().Focus(ed.cancel)
			w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{hold: make(chan struct{})}
			w, ed := open(t, rec)
			retype(ed.rows[0].name, ed.rows[0].name.SetText, "PERSON")
			tc.press(w, ed)
			close(rec.hold)
			waitSaved(t, ed)
			if got := len(rec.saved()); got != tc.saves || isOpen(w) {
				t.Fatalf("Enter %s: %d saves, dialog open %v", tc.name, got, isOpen(w))
			}
			if tc.saves == 1 && rec.saved()[0].labels[0].Name != "PERSON" {
				t.Fatalf("saved %+v", rec.saved()[0].labels)
			}
		})
	}
	t.Run("in the description", func(t *testing.T) {
		rec := &recorder{}
		w, ed := open(t, rec)
		w.Canvas().Focus(ed.rows[0].desc)
		w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if len(rec.saved()) != 0 || !isOpen(w) || !strings.Contains(ed.rows[0].desc.Text, "\n") {
			t.Fatalf("Enter in the description: saves %d, open %v, text %q", len(rec.saved()), isOpen(w), ed.rows[0].desc.Text)
		}
	})
}
