package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestSpanPanelAndNotes(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	if got, want := ws.panel.list.Length(), 4; got != want {
		t.Fatalf("panel lists %d spans, want %d", got, want)
	}
	// Selecting a row focuses its span in the text and offers its note.
	ws.panel.list.Select(1)
	focused, ok := ws.view.FocusedSpan()
	if !ok || focused.ID != ws.CurrentSpans()[1].ID {
		t.Fatalf("focused %+v, want span %s", focused, ws.CurrentSpans()[1].ID)
	}
	if ws.panel.spanNote.Disabled() {
		t.Fatal("the note entry is disabled with a span focused")
	}
	typeInto(t, ws, ws.panel.spanNote, "strike size")
	waitIdle(t, ws)
	spans := p.spansOf("d1", "anna")
	var note string
	for _, s := range spans {
		if s.ID == focused.ID {
			note = s.Note
		}
	}
	if note != "strike size" {
		t.Fatalf("stored note = %q", note)
	}
	// Typing a note is one undo step.
	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	spans = p.spansOf("d1", "anna")
	for _, s := range spans {
		if s.ID == focused.ID && s.Note != "" {
			t.Fatalf("after one undo the note is %q", s.Note)
		}
	}
	// The document note is the annotator's and survives reopening.
	typeInto(t, ws, ws.panel.docNote, "duplicate of d3?")
	waitIdle(t, ws)
	if got := p.noteOn("d1", "anna"); got != "duplicate of d3?" {
		t.Fatalf("document note = %q", got)
	}
	ws.SelectDocument(1)
	waitIdle(t, ws)
	if ws.panel.docNote.Text != "" {
		t.Fatalf("d2 shows d1's note %q", ws.panel.docNote.Text)
	}
	ws.SelectDocument(0)
	waitIdle(t, ws)
	if ws.panel.docNote.Text != "duplicate of d3?" {
		t.Fatalf("d1's note after reopening = %q", ws.panel.docNote.Text)
	}
}

func TestHelpAndGuidelines(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	if ws.Window().MainMenu() == nil || len(ws.Window().MainMenu().Items) != 4 {
		t.Fatal("the window has no File/Edit/View/Help menu")
	}
	// F1 with the text focused opens the guidelines and label descriptions.
	ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	top := overlayTop(ws)
	if top == nil {
		t.Fatal("F1 opened nothing")
	}
	var texts []string
	for _, o := range test.LaidOutObjects(top) {
		if rt, ok := o.(interface{ String() string }); ok {
			texts = append(texts, rt.String())
		}
	}
	joined := strings.Join(texts, " ")
	if !strings.Contains(joined, "actor") || !strings.Contains(joined, "A named or described location.") {
		t.Fatalf("guidelines show %q", joined)
	}
	ws.Window().Canvas().Overlays().Remove(top)
	ws.ShowShortcuts()
	if overlayTop(ws) == nil {
		t.Fatal("the shortcuts sheet did not open")
	}
	before := len(fyne.CurrentApp().Driver().AllWindows())
	ws.ShowStatistics()
	waitIdle(t, ws)
	if after := len(fyne.CurrentApp().Driver().AllWindows()); after != before+1 {
		t.Fatalf("statistics opened %d windows", after-before)
	}
}

// typeInto types text a key at a time as the UI goroutine (see asUI),
// letting each keystroke's save land before the next.
func typeInto(t *testing.T, ws *Workspace, o fyne.Focusable, text string) {
	t.Helper()
	for _, r := range text {
		asUI(ws, func() { test.Type(o, string(r)) })
		waitIdle(t, ws)
	}
}
