package gui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model"
)

// longProject is a project with two articles far longer than the window,
// and a short one.
func longProject(t *testing.T) *testProject {
	long := func(title string) string {
		var b strings.Builder
		b.WriteString(title + "\n")
		for i := range 300 {
			fmt.Fprintf(&b, "Paragraph %d: workers in Łódź and Gdańsk stopped work again on day %d.\n", i, i)
		}
		return b.String()
	}
	return newProject(t,
		model.Document{ID: "d1", Text: long("Strikes in Łódź")},
		model.Document{ID: "d2", Text: long("Strikes in Gdańsk")},
		model.Document{ID: "d3", Text: textSaoPaulo},
	)
}

// place is where the open document is shown: the top line's first code
// point and the caret.
func place(ws *Workspace) (top, caret int) {
	asUI(ws, func() { top, caret = ws.view.TopOffset(), ws.view.Caret() })
	return top, caret
}

// A document the annotator leaves (PageDown, a pick in the list) and comes
// back to, in the session or after reopening the project, shows the line
// they had at the top and their caret.
func TestDocumentReopensWhereLeft(t *testing.T) {
	p := longProject(t)
	app := test.NewTempApp(t)
	ws, err := NewWorkspace(app, p, "anna")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOnce(ws) })
	waitIdle(t, ws)
	if ws.CurrentDocument().ID != "d1" {
		t.Fatalf("opened %q", ws.CurrentDocument().ID)
	}
	text := ws.CurrentDocument().Text
	// Read down to paragraph 150, the caret on "Gdańsk" in paragraph 152.
	var wantTop, wantCaret int
	asUI(ws, func() {
		ws.view.ScrollToTop(runeIndex(text, "Paragraph 150:"))
		ws.view.SetCaret(runeIndex(text, "Gdańsk stopped work again on day 152"))
		wantTop, wantCaret = ws.view.TopOffset(), ws.view.Caret()
	})
	if wantTop == 0 || wantCaret != runeIndex(text, "Gdańsk stopped work again on day 152") {
		t.Fatalf("could not scroll the fixture: top %d, caret %d", wantTop, wantCaret)
	}

	// To the next document, which opens at its top, and back. (PageDown
	// would page through the long text first.)
	ctrl := fyne.KeyModifierShortcutDefault
	shortcut(ws, fyne.KeyPeriod, ctrl)
	waitIdle(t, ws)
	if top, caret := place(ws); ws.CurrentDocument().ID != "d2" || top != 0 || caret != 0 {
		t.Fatalf("%s opened at top %d, caret %d; want d2 at its start", ws.CurrentDocument().ID, top, caret)
	}
	shortcut(ws, fyne.KeyComma, ctrl)
	waitIdle(t, ws)
	if top, caret := place(ws); ws.CurrentDocument().ID != "d1" || top != wantTop || caret != wantCaret {
		t.Fatalf("back in %s at top %d, caret %d; want d1 at %d, %d", ws.CurrentDocument().ID, top, caret, wantTop, wantCaret)
	}

	// Picked in the list: d2 read a little, then d1 again and d2 again.
	asUI(ws, func() { ws.SelectDocument(1) })
	waitIdle(t, ws)
	var d2Top int
	asUI(ws, func() {
		ws.view.ScrollToTop(runeIndex(ws.CurrentDocument().Text, "Paragraph 40:"))
		d2Top = ws.view.TopOffset()
	})
	asUI(ws, func() { ws.SelectDocument(0) })
	waitIdle(t, ws)
	if top, _ := place(ws); top != wantTop {
		t.Fatalf("d1 picked in the list opened at %d, want %d", top, wantTop)
	}
	asUI(ws, func() { ws.SelectDocument(1) })
	waitIdle(t, ws)
	if top, _ := place(ws); ws.CurrentDocument().ID != "d2" || top != d2Top {
		t.Fatalf("d2 picked in the list opened at %d, want %d", top, d2Top)
	}

	// The next session, on the same project: it starts on d2, where it
	// was left, and d1 is where it was left too.
	ws.Window().Close()
	again, err := NewWorkspace(app, p, "anna")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOnce(again) })
	waitIdle(t, again)
	if top, _ := place(again); again.CurrentDocument().ID != "d2" || top != d2Top {
		t.Fatalf("reopened on %s at %d, want d2 at %d", again.CurrentDocument().ID, top, d2Top)
	}
	asUI(again, func() { again.SelectDocument(0) })
	waitIdle(t, again)
	if top, caret := place(again); top != wantTop || caret != wantCaret {
		t.Fatalf("d1 after reopening at top %d, caret %d; want %d, %d", top, caret, wantTop, wantCaret)
	}

	// Another annotator, and another project at another path, start at
	// the top.
	again.Window().Close()
	bob, err := NewWorkspace(app, p, "bob")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOnce(bob) })
	waitIdle(t, bob)
	asUI(bob, func() { bob.SelectDocument(0) })
	waitIdle(t, bob)
	if top, _ := place(bob); bob.CurrentDocument().ID != "d1" || top != 0 {
		t.Fatalf("bob opened %s at %d, want d1 at its top", bob.CurrentDocument().ID, top)
	}
}

// runeIndex is the code point offset of the first sub in s.
func runeIndex(s, sub string) int {
	i := strings.Index(s, sub)
	if i < 0 {
		panic(sub + " not found")
	}
	return len([]rune(s[:i]))
}
