package gui

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
)

// asUI runs a user action as the UI goroutine would. The real driver runs
// input and the results of background work (onUI) on one goroutine; Fyne's
// test driver runs results on the goroutine that finished the work, so a
// save could land while the test is still inside the keystroke that caused
// it. Holding the lock onUI takes gives the test the real order.
func asUI(ws *Workspace, action func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	action()
}

// shortcut fires a key with modifiers as the desktop driver does (glfw
// window.triggersShortcut): Ctrl+Z and Ctrl+Y become Fyne's undo and redo
// shortcuts, anything else a CustomShortcut, run by the main menu item
// showing that key if there is one, else delivered to the focused widget
// when it takes shortcuts and to the canvas otherwise.
func shortcut(ws *Workspace, key fyne.KeyName, mod fyne.KeyModifier) {
	var s fyne.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: mod}
	if mod == fyne.KeyModifierShortcutDefault {
		switch key {
		case fyne.KeyZ:
			s = &fyne.ShortcutUndo{}
		case fyne.KeyY:
			s = &fyne.ShortcutRedo{}
		}
	}
	asUI(ws, func() {
		if menu := ws.Window().MainMenu(); menu != nil && menuShortcut(menu.Items, s) {
			return
		}
		c := ws.Window().Canvas()
		if focused, ok := c.Focused().(fyne.Shortcutable); ok {
			focused.TypedShortcut(s)
			return
		}
		c.(fyne.Shortcutable).TypedShortcut(s)
	})
}

// menuShortcut runs the first menu item, submenus included, whose key is
// s, as the desktop driver does before any widget sees s.
func menuShortcut(menus []*fyne.Menu, s fyne.Shortcut) bool {
	for _, m := range menus {
		for _, item := range m.Items {
			if item.Shortcut != nil && item.Shortcut.ShortcutName() == s.ShortcutName() && item.Action != nil {
				item.Action()
				return true
			}
			if item.ChildMenu != nil && menuShortcut([]*fyne.Menu{item.ChildMenu}, s) {
				return true
			}
		}
	}
	return false
}

// selectText selects the n-th occurrence of sub in the open document.
func selectText(t *testing.T, ws *Workspace, sub string, n int) {
	t.Helper()
	s := spanAt(t, ws.CurrentDocument().Text, sub, n, "")
	ws.view.SetSelection(s.Start, s.End)
}

func TestLabelingWithKeys(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	ctrl := fyne.KeyModifierShortcutDefault
	if ws.CurrentDocument().ID != "d1" {
		t.Fatalf("opened %q, want the first unfinished document d1", ws.CurrentDocument().ID)
	}

	// Select "workers" (second line) and press 1: an ACTOR span, saved.
	selectText(t, ws, "workers", 1)
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); !strings.Contains(got, "workers/ACTOR") {
		t.Fatalf("after pressing 1: %s", got)
	}
	if spans := p.spansOf("d1", "anna"); len(spans) != 5 {
		t.Fatalf("the project holds %d spans, want 5", len(spans))
	}
	if ws.saved.Text != "All changes saved" {
		t.Fatalf("saved indicator = %q", ws.saved.Text)
	}

	// Undo and redo from the keyboard.
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); strings.Contains(got, "workers/") {
		t.Fatalf("after undo: %s", got)
	}
	shortcut(ws, fyne.KeyZ, ctrl|fyne.KeyModifierShift)
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); !strings.Contains(got, "workers/ACTOR") {
		t.Fatalf("after redo: %s", got)
	}

	// A label key on a focused span relabels it; Delete removes it.
	var id string
	for _, s := range ws.CurrentSpans() {
		if s.Label == "ACTOR" {
			id = s.ID
		}
	}
	ws.view.FocusSpan(id)
	asUI(ws, func() { test.Type(ws.view, "2") })
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); !strings.Contains(got, "workers/PLACE") {
		t.Fatalf("after relabel: %s", got)
	}
	ws.view.FocusSpan(id)
	asUI(ws, func() { ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete}) })
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); strings.Contains(got, "workers/") {
		t.Fatalf("after delete: %s", got)
	}
	shortcut(ws, fyne.KeyZ, ctrl) // undo the delete
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); !strings.Contains(got, "workers/PLACE") {
		t.Fatalf("after undoing the delete: %s", got)
	}

	// The label bar applies a label to the selection, like its key.
	selectText(t, ws, "Monday", 0)
	for _, o := range test.LaidOutObjects(ws.labelBar.scroll) {
		if tp, ok := o.(*tappable); ok {
			asUI(ws, func() { test.Tap(tp) }) // the first entry: ACTOR
			break
		}
	}
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); !strings.Contains(got, "Monday/ACTOR") {
		t.Fatalf("after tapping the label bar: %s", got)
	}

	// An overlapping span is refused in the status bar, not in a dialog;
	// nothing is marked unsaved.
	selectText(t, ws, "Monday", 0)
	asUI(ws, func() { test.Type(ws.view, "3") })
	waitIdle(t, ws)
	if overlayTop(ws) != nil || !strings.Contains(ws.notice.Text, "FIGURE “Monday” is already labeled") &&
		!strings.Contains(ws.notice.Text, "overlaps ACTOR “Monday”") {
		t.Fatalf("an overlapping span was refused with notice %q", ws.notice.Text)
	}
	if ws.saved.Text != "All changes saved" {
		t.Fatalf("saved indicator after a refused edit = %q", ws.saved.Text)
	}
}

func TestDocumentFlow(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	ctrl := fyne.KeyModifierShortcutDefault
	if ws.position.Text != "1 / 3" {
		t.Fatalf("position = %q", ws.position.Text)
	}
	// Ctrl+Enter: d1 done, on to the next unfinished (d2, in progress).
	shortcut(ws, fyne.KeyReturn, ctrl)
	waitIdle(t, ws)
	if st := p.statusOf("d1", "anna"); st != model.StatusDone {
		t.Fatalf("d1 status = %s", st)
	}
	if ws.CurrentDocument().ID != "d2" || ws.position.Text != "2 / 3" {
		t.Fatalf("now on %q at %q", ws.CurrentDocument().ID, ws.position.Text)
	}
	// d3 is done in the fixture; d1 is done now: skipping d2 finishes all.
	shortcut(ws, fyne.KeyReturn, ctrl|fyne.KeyModifierShift)
	waitIdle(t, ws)
	if st := p.statusOf("d2", "anna"); st != model.StatusSkipped {
		t.Fatalf("d2 status = %s", st)
	}
	if !strings.Contains(shownText(ws), "Every document is done") {
		t.Fatalf("after finishing everything the pane shows %q", shownText(ws))
	}
	if ws.progress.Value != 3 || ws.progress.Max != 3 {
		t.Fatalf("progress = %v of %v", ws.progress.Value, ws.progress.Max)
	}
	// Undo brings d2 back to in progress.
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if st := p.statusOf("d2", "anna"); st != model.StatusInProgress {
		t.Fatalf("d2 status after undo = %s", st)
	}
	// Ctrl+, and Ctrl+. step through the list; the last document is remembered.
	ws.SelectDocument(0)
	waitIdle(t, ws)
	shortcut(ws, fyne.KeyPeriod, ctrl)
	waitIdle(t, ws)
	if ws.CurrentDocument().ID != "d2" {
		t.Fatalf("Ctrl+. opened %q", ws.CurrentDocument().ID)
	}
	shortcut(ws, fyne.KeyComma, ctrl)
	waitIdle(t, ws)
	if ws.CurrentDocument().ID != "d1" {
		t.Fatalf("Ctrl+, opened %q", ws.CurrentDocument().ID)
	}
	if last := p.lastDocument("anna"); last != "d1" {
		t.Fatalf("remembered %q", last)
	}
	// A new window starts where the annotator left off.
	ws2 := openWorkspace(t, p)
	if ws2.CurrentDocument().ID != "d1" {
		t.Fatalf("reopened on %q", ws2.CurrentDocument().ID)
	}
}

// A span just labeled has the focus: the next label key relabels it, with
// no Tab in between, and the span panel shows it.
func TestLabeledSpanTakesFocus(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	selectText(t, ws, "workers", 1)
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitIdle(t, ws)
	asUI(ws, func() {
		f, ok := ws.view.FocusedSpan()
		if !ok || f.Label != "ACTOR" || ws.offsets.Slice(f.Start, f.End) != "workers" {
			t.Fatalf("focused after labeling: %+v, %v", f, ok)
		}
		test.Type(ws.view, "3")
	})
	waitIdle(t, ws)
	if got := strings.Join(shownSpans(ws), " "); !strings.Contains(got, "workers/FIGURE") || strings.Contains(got, "workers/ACTOR") {
		t.Fatalf("the second key did not relabel the new span: %s", got)
	}
}

// selectedPanelRow is the text of the span panel's row drawn selected and
// whole in view, "" when there is none: read from what the list draws.
func selectedPanelRow(ws *Workspace) string {
	var text string
	asUI(ws, func() {
		d := fyne.CurrentApp().Driver()
		th := fyne.CurrentApp().Settings().Theme()
		sel := th.Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
		list := ws.panel.list
		top := d.AbsolutePositionForObject(list).Y
		bottom := top + list.Size().Height
		var band *canvas.Rectangle
		var drawn []fyne.CanvasObject
		walkObjects(list, func(o fyne.CanvasObject) { drawn = append(drawn, o) })
		for _, o := range drawn {
			if r, ok := o.(*canvas.Rectangle); ok && r.Visible() && r.FillColor == sel {
				y := d.AbsolutePositionForObject(r).Y
				if y >= top-0.5 && y+r.Size().Height <= bottom+0.5 {
					band = r
				}
			}
		}
		if band == nil {
			return
		}
		y0 := d.AbsolutePositionForObject(band).Y
		for _, o := range drawn {
			if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" {
				if y := d.AbsolutePositionForObject(l).Y; y >= y0-0.5 && y < y0+band.Size().Height && text == "" {
					text = l.Text
				}
			}
		}
	})
	return text
}

// The span panel follows the focused span: Tab from span to span, down a
// list longer than the panel shows, and a span just labeled, each has its
// row drawn selected and scrolled into view, and the keys stay in the
// text.
func TestSpanPanelFollowsFocus(t *testing.T) {
	var b strings.Builder
	var spans []model.Span
	for i := range 40 {
		word := fmt.Sprintf("Town%02d", i)
		at := utf8.RuneCountInString(b.String())
		b.WriteString(word + " and ")
		spans = append(spans, model.Span{Start: at, End: at + utf8.RuneCountInString(word), Label: "PLACE"})
	}
	b.WriteString("the river.")
	p := newProject(t, model.Document{ID: "towns", Text: b.String()})
	p.addSpans("towns", "anna", spans...)
	ws := openWorkspace(t, p)
	asUI(ws, func() { ws.win.Canvas().Focus(ws.view) })
	for i := range 40 {
		asUI(ws, func() { ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) })
		waitIdle(t, ws)
		want := fmt.Sprintf("Town%02d", i)
		if got := selectedPanelRow(ws); got != want {
			t.Fatalf("Tab %d: the span panel shows %q selected, want %q", i+1, got, want)
		}
		asUI(ws, func() {
			if f := ws.win.Canvas().Focused(); f != ws.view {
				t.Fatalf("Tab %d: the keys went to %T", i+1, f)
			}
		})
	}
	selectText(t, ws, "river", 0)
	asUI(ws, func() { test.Type(ws.view, "2") })
	waitIdle(t, ws)
	if got := selectedPanelRow(ws); got != "river" {
		t.Fatalf("after labeling: the span panel shows %q selected, want the new span", got)
	}
}
