package gui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
)

// Every dialog answers Enter (its default action) and Escape (cancel, or
// close), and gives the keys back to the text when it closes.

// pressIn types a key as the desktop driver delivers it, as the UI
// goroutine: to the focused widget, or to the window's key handler when
// nothing has the focus.
func pressIn(ws *Workspace, w fyne.Window, key fyne.KeyName) {
	asUI(ws, func() {
		c := w.Canvas()
		ev := &fyne.KeyEvent{Name: key}
		if f := c.Focused(); f != nil {
			f.TypedKey(ev)
		} else if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
	})
}

// focusedButton is the text of the dialog button that has the focus, "" if
// the focus is elsewhere.
func focusedButton(ws *Workspace) string {
	var text string
	asUI(ws, func() {
		if b, ok := ws.win.Canvas().Focused().(*dialogkit.Button); ok {
			text = b.Text
		}
	})
	return text
}

// backToText checks the dialog is gone and the text has the keys again.
func backToText(t *testing.T, ws *Workspace, what string) {
	t.Helper()
	asUI(ws, func() {
		if top := overlayTop(ws); top != nil {
			t.Fatalf("%s: the dialog is still open", what)
		}
		if f := ws.win.Canvas().Focused(); f != ws.view {
			t.Fatalf("%s: the focus is on %T, not the text", what, f)
		}
	})
}

// The dialogs that only inform close on either key; behind them, the
// window's keys do nothing (PageDown would open another document).
func TestInformingDialogsCloseOnEnterAndEscape(t *testing.T) {
	dialogs := []struct {
		name   string
		open   func(ws *Workspace)
		button string
		shows  string
	}{
		{"keyboard shortcuts", func(ws *Workspace) { ws.ShowShortcuts() }, "Close", "Ctrl+F"},
		// F1 as typed in the text.
		{"guidelines", func(ws *Workspace) { ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1}) }, "Close", "A named or described location."},
		{"about", func(ws *Workspace) {
			help := ws.win.MainMenu().Items[3]
			help.Items[len(help.Items)-1].Action()
		}, "OK", "keyboard-first"},
		{"error", func(ws *Workspace) { ws.showError("open “d2”", errors.New("disk I/O error")) }, "OK", "Open “d2”: disk I/O error"},
	}
	ws := openWorkspace(t, newTestProject(t))
	for _, d := range dialogs {
		for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
			asUI(ws, func() { d.open(ws) })
			if got := focusedButton(ws); got != d.button {
				t.Fatalf("%s: the focused button is %q, want %q", d.name, got, d.button)
			}
			asUI(ws, func() {
				if shown := strings.Join(richTexts(overlayTop(ws)), " "); !strings.Contains(shown, d.shows) {
					t.Fatalf("%s shows %q", d.name, shown)
				}
			})
			if key == fyne.KeyReturn {
				// A click on the dialog's text leaves nothing focused.
				asUI(ws, func() { ws.win.Canvas().Unfocus() })
				pressIn(ws, ws.win, fyne.KeyPageDown)
				waitIdle(t, ws)
				if ws.CurrentDocument().ID != "d1" {
					t.Fatalf("%s: PageDown behind the dialog opened %q", d.name, ws.CurrentDocument().ID)
				}
			}
			pressIn(ws, ws.win, key)
			backToText(t, ws, d.name+" after "+string(key))
		}
	}
	// And the keys are the window's again.
	pressIn(ws, ws.win, fyne.KeyPageDown)
	waitIdle(t, ws)
	if ws.CurrentDocument().ID != "d2" {
		t.Fatalf("PageDown after the dialogs opened %q, want d2", ws.CurrentDocument().ID)
	}
}

// richTexts lists the texts of the labels and rich texts under o.
func richTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, obj := range test.LaidOutObjects(o) {
		if s, ok := obj.(interface{ String() string }); ok {
			out = append(out, s.String())
		}
	}
	return out
}

// Label all in the project asks first: Escape declines and changes
// nothing, Enter labels them all.
func TestConfirmLabelAllOnEnterAndEscape(t *testing.T) {
	p := countWrites(newProject(t,
		model.Document{ID: "e1", Text: "Shelling in Idlib."},
		model.Document{ID: "e2", Text: "🌀 Idlib and Idlib city; the Idlibi fled."},
	))
	ws := openWorkspace(t, p)
	ctrl := fyne.KeyModifierShortcutDefault
	selectText(t, ws, "Idlib", 0)
	asUI(ws, func() { ws.view.TypedRune('2') })
	waitIdle(t, ws)

	labelAll := func() {
		t.Helper()
		shortcut(ws, fyne.KeyL, ctrl|fyne.KeyModifierShift)
		waitIdle(t, ws)
		if got := focusedButton(ws); got != "Label all" {
			t.Fatalf("the confirmation's focused button is %q", got)
		}
	}
	labelAll()
	before := p.writes()
	pressIn(ws, ws.win, fyne.KeyEscape)
	waitIdle(t, ws)
	backToText(t, ws, "Escape")
	if got := p.spansOf("e2", "anna"); len(got) != 0 || p.writes() != before {
		t.Fatalf("Escape labeled %d spans in e2", len(got))
	}
	labelAll()
	pressIn(ws, ws.win, fyne.KeyReturn)
	waitIdle(t, ws)
	backToText(t, ws, "Enter")
	if got := p.spansOf("e2", "anna"); len(got) != 2 {
		t.Fatalf("Enter labeled %d spans in e2, want 2", len(got))
	}
	if ws.notice.Text != "Labeled 2 occurrences of “Idlib” as PLACE." {
		t.Fatalf("notice = %q", ws.notice.Text)
	}
}

// The annotator prompt: the name has the focus, selected; Escape keeps the
// current name, Enter uses the one typed, once it is a valid name.
func TestAnnotatorPromptOnEnterAndEscape(t *testing.T) {
	p := newTestProject(t)
	app := test.NewTempApp(t)
	ws, err := Start(app, p, "", "sysuser")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOnce(ws) })
	waitIdle(t, ws)
	entry := func() *dialogkit.Entry {
		var e *dialogkit.Entry
		asUI(ws, func() { e, _ = ws.win.Canvas().Focused().(*dialogkit.Entry) })
		if e == nil {
			t.Fatal("the name does not have the focus")
		}
		return e
	}
	if e := entry(); e.SelectedText() != "sysuser" {
		t.Fatalf("selected %q, want the suggested name", e.SelectedText())
	}
	e := entry()
	asUI(ws, func() { test.Type(e, "anna") })
	pressIn(ws, ws.win, fyne.KeyEscape)
	// (The first document loaded while the prompt was open; its focus
	// request reaches the window under the desktop driver only, so the
	// text is focused here by hand to see the prompt give it back.)
	asUI(ws, func() {
		if overlayTop(ws) != nil {
			t.Fatal("Escape left the prompt open")
		}
		ws.win.Canvas().Focus(ws.view)
	})
	if ws.closed.Load() || app.Preferences().String(prefAnnotator) != "" {
		t.Fatal("Escape changed the annotator")
	}
	asUI(ws, func() { ws.AskAnnotator("") })
	pressIn(ws, ws.win, fyne.KeyEscape)
	backToText(t, ws, "Escape")

	var d *dialogkit.Dialog
	asUI(ws, func() { d = ws.AskAnnotator("") })
	// No name: Enter does nothing.
	e = entry()
	asUI(ws, func() { e.SetText("") })
	pressIn(ws, ws.win, fyne.KeyReturn)
	if d.Closed() {
		t.Fatal("Enter used a blank name")
	}
	asUI(ws, func() { e.SetText("anna") })
	pressIn(ws, ws.win, fyne.KeyReturn)
	if !d.Closed() || !ws.closed.Load() {
		t.Fatal("Enter did not switch to the name typed")
	}
	if got := app.Preferences().String(prefAnnotator); got != "anna" {
		t.Fatalf("remembered %q", got)
	}
	next := ws.successor
	if next == nil || next.annotator != "anna" {
		t.Fatal("no window for anna")
	}
	t.Cleanup(func() { closeOnce(next) })
	waitIdle(t, next)
}

// The statistics window closes on Escape and on Enter.
func TestStatisticsWindowKeys(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
		asUI(ws, ws.ShowStatistics)
		waitIdle(t, ws)
		var stats fyne.Window
		for _, w := range fyne.CurrentApp().Driver().AllWindows() {
			if w.Title() == "Inkspan — statistics" {
				stats = w
			}
		}
		if stats == nil {
			t.Fatal("no statistics window")
		}
		closed := false
		stats.SetOnClosed(func() { closed = true })
		pressIn(ws, stats, key)
		if !closed {
			t.Fatalf("%s left the statistics open", key)
		}
	}
}

// The window saying a project cannot be opened quits on Escape and Enter.
func TestOpenFailureKeys(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
		app := test.NewTempApp(t)
		w := ShowOpenFailure(app, "/data/news.inkspan", errors.New("not an Inkspan project"))
		closed := false
		w.SetOnClosed(func() { closed = true })
		w.Show()
		w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: key})
		if !closed {
			t.Fatalf("%s left the window open", key)
		}
	}
}

// The agreement window closes on Escape and on Enter.
func TestAgreementWindowKeys(t *testing.T) {
	ws := openWorkspace(t, reviewFixture(t))
	for _, key := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
		asUI(ws, ws.ShowAgreement)
		waitIdle(t, ws)
		var panel fyne.Window
		for _, w := range fyne.CurrentApp().Driver().AllWindows() {
			if w.Title() == "Inkspan — agreement" {
				panel = w
			}
		}
		if panel == nil {
			t.Fatal("no agreement window")
		}
		closed := false
		panel.SetOnClosed(func() { closed = true })
		pressIn(ws, panel, key)
		if !closed {
			t.Fatalf("%s left the agreement open", key)
		}
	}
}

// windowKeys are the window's keys that act on the document or move the
// keys elsewhere: each must do nothing behind a dialog.
var windowKeys = []struct {
	name string
	key  fyne.KeyName
	mod  fyne.KeyModifier // 0: a key without modifiers, as typed
	r    rune             // a rune typed instead of a key
}{
	{name: "Ctrl+Z", key: fyne.KeyZ, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+Shift+Z", key: fyne.KeyZ, mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	{name: "Ctrl+Y", key: fyne.KeyY, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+Enter", key: fyne.KeyReturn, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+Shift+Enter", key: fyne.KeyReturn, mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	{name: "Ctrl+.", key: fyne.KeyPeriod, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+,", key: fyne.KeyComma, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+=", key: fyne.KeyEqual, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+-", key: fyne.KeyMinus, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+0", key: fyne.Key0, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+R", key: fyne.KeyR, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+L", key: fyne.KeyL, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+Alt+L", key: fyne.KeyL, mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierAlt},
	{name: "Ctrl+Shift+L", key: fyne.KeyL, mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	{name: "Ctrl+Shift+Alt+L", key: fyne.KeyL, mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift | fyne.KeyModifierAlt},
	{name: "Ctrl+Shift+A", key: fyne.KeyA, mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	{name: "Ctrl+F", key: fyne.KeyF, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+Tab", key: fyne.KeyTab, mod: fyne.KeyModifierShortcutDefault},
	{name: "Ctrl+Shift+Tab", key: fyne.KeyTab, mod: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
	{name: "PageDown", key: fyne.KeyPageDown},
	{name: "PageUp", key: fyne.KeyPageUp},
	{name: "F1", key: fyne.KeyF1},
	{name: "F6", key: fyne.KeyF6},
	{name: "F10", key: fyne.KeyF10},
	{name: "1", r: '1'}, {name: "2", r: '2'}, {name: "3", r: '3'}, {name: "9", r: '9'}, {name: "x", r: 'x'},
}

// behind is what the window's keys could change behind a dialog.
type behind struct {
	doc, notice, title string
	writes             int64
	spans              int
	reviewing          bool
	scale              float64
	focused            fyne.Focusable
	overlays           int
	top                fyne.CanvasObject
}

func behindState(ws *Workspace, p *countingProject) behind {
	var b behind
	asUI(ws, func() {
		c := ws.win.Canvas()
		b = behind{
			doc: ws.doc.ID, notice: ws.notice.Text, title: ws.win.Title(),
			spans: len(ws.spans), reviewing: ws.reviewing,
			scale:   fyne.CurrentApp().Preferences().FloatWithFallback(prefTextScale, 1),
			focused: c.Focused(), overlays: len(c.Overlays().List()), top: c.Overlays().Top(),
		}
	})
	b.writes = p.writes()
	return b
}

// typeRune types r as the desktop driver does: to the focused widget, or
// to the window's rune handler when nothing has the focus.
func typeRune(ws *Workspace, r rune) {
	asUI(ws, func() {
		c := ws.win.Canvas()
		if f := c.Focused(); f != nil {
			f.TypedRune(r)
		} else if h := c.OnTypedRune(); h != nil {
			h(r)
		}
	})
}

// Behind every dialog, each of the window's keys leaves the document, the
// list, the mode, the text size and the focus as they were, and opens
// nothing over the dialog: with the focus where the dialog put it, and with
// nothing focused (after a click on the dialog's text). Fyne delivers
// shortcuts, and menu items' keys, to the window whatever covers it.
func TestWindowKeysDoNothingBehindDialogs(t *testing.T) {
	p := countWrites(newTestProject(t))
	ws := openWorkspace(t, p)
	// A change to undo and one to redo; the first "workers" labeled and
	// focused, so that the label-all keys have the second to label.
	for _, word := range []string{"Dock", "workers"} {
		asUI(ws, func() { selectText(t, ws, word, 0); ws.view.TypedRune('1') })
		waitIdle(t, ws)
	}
	asUI(ws, func() { ws.Undo() })
	waitIdle(t, ws)
	asUI(ws, func() { ws.Redo() })
	waitIdle(t, ws)
	asUI(ws, func() {
		for _, s := range ws.spans {
			if ws.offsets.Slice(s.Start, s.End) == "workers" {
				ws.view.FocusSpan(s.ID)
			}
		}
		if _, ok := ws.view.FocusedSpan(); !ok {
			t.Fatal("no span on workers")
		}
	})

	// colourButton is the label editor's first colour button.
	colourButton := func() fyne.Tappable {
		for _, o := range test.LaidOutObjects(overlayTop(ws)) {
			if b, ok := o.(*dialogkit.Button); ok && b.Text == "" && b.Icon == nil {
				return b
			}
		}
		t.Fatal("no colour button in the label editor")
		return nil
	}
	dialogs := []struct {
		name  string
		open  func()
		close []fyne.KeyName // the keys that close it again
	}{
		{"about", ws.ShowAbout, []fyne.KeyName{fyne.KeyEscape}},
		{"error", func() { ws.showError("open “d2”", errors.New("disk I/O error")) }, []fyne.KeyName{fyne.KeyEscape}},
		{"keyboard shortcuts", ws.ShowShortcuts, []fyne.KeyName{fyne.KeyEscape}},
		{"guidelines", ws.ShowGuidelines, []fyne.KeyName{fyne.KeyEscape}},
		{"confirmation", ws.LabelAllInProject, []fyne.KeyName{fyne.KeyEscape}},
		{"annotator", func() { ws.AskAnnotator("") }, []fyne.KeyName{fyne.KeyEscape}},
		{"label editor", ws.EditLabels, []fyne.KeyName{fyne.KeyEscape}},
		{"colour picker", func() {
			ws.EditLabels()
			test.Tap(colourButton())
		}, []fyne.KeyName{fyne.KeyEscape, fyne.KeyEscape}},
	}
	for _, d := range dialogs {
		for _, unfocused := range []bool{false, true} {
			asUI(ws, d.open)
			waitIdle(t, ws)
			if unfocused {
				asUI(ws, func() { ws.win.Canvas().Unfocus() })
			}
			want := behindState(ws, p)
			if want.top == nil {
				t.Fatalf("%s: no dialog", d.name)
			}
			for _, k := range windowKeys {
				switch {
				case k.r != 0:
					typeRune(ws, k.r)
				case k.mod == 0:
					pressIn(ws, ws.win, k.key)
				default:
					shortcut(ws, k.key, k.mod)
				}
				waitIdle(t, ws)
				got := behindState(ws, p)
				// A rune typed into a dialog's field is the field's.
				if got != want {
					t.Fatalf("%s (nothing focused: %v): %s behind it changed %+v to %+v", d.name, unfocused, k.name, want, got)
				}
			}
			for _, key := range d.close {
				pressIn(ws, ws.win, key)
			}
			waitIdle(t, ws)
			asUI(ws, func() {
				if top := overlayTop(ws); top != nil {
					t.Fatalf("%s: still open", d.name)
				}
			})
		}
	}
	// The keys are the window's again.
	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if got := p.spansOf("d1", "anna"); len(got) != 5 {
		t.Fatalf("Ctrl+Z after the dialogs: %d spans in d1, want the fixture's 4 and Dock", len(got))
	}
}

// A menu item chosen in the F10 menu runs, although its key does nothing
// behind a dialog: the menu has closed by the time the item runs.
func TestKeyedMenuItemFromF10Menu(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	pressIn(ws, ws.win, fyne.KeyF10)
	// File, Edit, View: its first item is Review mode (Ctrl+R).
	for _, key := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown, fyne.KeyDown, fyne.KeyRight, fyne.KeyReturn} {
		pressIn(ws, ws.win, key)
	}
	waitIdle(t, ws)
	asUI(ws, func() {
		if overlayTop(ws) != nil || !ws.reviewing {
			t.Fatalf("menu open %v, reviewing %v: Review mode did not run from the F10 menu", overlayTop(ws) != nil, ws.reviewing)
		}
	})
}
