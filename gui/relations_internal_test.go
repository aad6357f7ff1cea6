package gui

import (
	"image"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// relationsOf is the annotator's relations on a document as stored, each
// as "from text LABEL to text".
func (p *testProject) relationsOf(documentID, annotator, text string) []string {
	p.t.Helper()
	rels, err := p.Relations(p.ctx(), documentID, annotator)
	if err != nil {
		p.t.Fatalf("%s's relations on %s: %v", annotator, documentID, err)
	}
	spans := map[string]model.Span{}
	for _, s := range p.spansOf(documentID, annotator) {
		spans[s.ID] = s
	}
	var out []string
	for _, r := range rels {
		f, t := spans[r.From], spans[r.To]
		out = append(out, string([]rune(text)[f.Start:f.End])+" "+r.Label+" "+string([]rune(text)[t.Start:t.End]))
	}
	return out
}

// waitRelations waits until the project holds exactly want.
func waitRelations(t *testing.T, p *testProject, ws *Workspace, documentID, text string, want ...string) {
	t.Helper()
	waitIdle(t, ws)
	waitFor(t, "relations "+strings.Join(want, ", "), func() bool {
		return strings.Join(p.relationsOf(documentID, "anna", text), "; ") == strings.Join(want, "; ")
	})
}

// focusSpanOn focuses the span over the n-th occurrence of word, as Tab
// and a click do.
func focusSpanOn(t *testing.T, ws *Workspace, word string, n int) {
	t.Helper()
	at := []rune(ws.doc.Text)
	start := cpIn(string(at), word, n)
	asUI(ws, func() {
		for _, s := range ws.spans {
			if s.Start == start {
				ws.view.FocusSpan(s.ID)
				ws.spanFocused(s.ID)
				return
			}
		}
		t.Fatalf("no span over %q", word)
	})
}

// cpIn is the code point offset of the n-th occurrence of sub in text.
func cpIn(text, sub string, n int) int {
	b := 0
	for ; n >= 0; n-- {
		i := strings.Index(text[b:], sub)
		if i < 0 {
			panic(sub + " not in text")
		}
		b += i
		if n > 0 {
			b += len(sub)
		}
	}
	return len([]rune(text[:b]))
}

// TestRelationByKeyboard makes a relation with the keyboard alone: r on
// the focused span, Tab to the next span and on, a relation label key;
// the status line says what each step expects; undo and redo take it back
// and bring it again; the panel lists it; chosen there and Delete removes
// it; a second one made with Enter (the label used last) is there after
// the window is closed and the project opened again.
func TestRelationByKeyboard(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	if ws.doc.ID != "d1" {
		t.Fatalf("opened %s, want d1", ws.doc.ID)
	}
	// Łódź, 1,250, Łódź, Gdańsk: Tab focuses the first.
	pressIn(ws, ws.win, fyne.KeyTab)
	asUI(ws, func() { ws.view.TypedRune('r') })
	if !strings.Contains(ws.notice.Text, "“Łódź” → “1,250”: Tab, then a relation key or Enter") || !ws.barRelations {
		t.Fatalf("after r the status line says %q; the label bar shows the relation labels: %v", ws.notice.Text, ws.barRelations)
	}
	pressIn(ws, ws.win, fyne.KeyTab) // the second Łódź
	pressIn(ws, ws.win, fyne.KeyTab) // Gdańsk
	asUI(ws, func() { ws.view.TypedRune('i') })
	waitRelations(t, p, ws, "d1", textLodz, "Łódź ACTS_IN Gdańsk")
	if !strings.Contains(ws.notice.Text, "ACTS_IN “Łódź” → “Gdańsk”") || ws.barRelations {
		t.Fatalf("after the relation the status line says %q", ws.notice.Text)
	}
	if len(ws.relations) != 1 || ws.panel.relList.Length() != 1 || ws.panel.relHead.Text != "Relations (1)" {
		t.Fatalf("the window holds %d relations, the panel lists %d (%q)", len(ws.relations), ws.panel.relList.Length(), ws.panel.relHead.Text)
	}
	if got := ws.relationRow(ws.relations[0]); got != "Łódź → ACTS_IN → Gdańsk" {
		t.Fatalf("the panel lists %q", got)
	}
	// The focused span's relation is drawn with its label.
	if !drawnText(ws, "ACTS_IN") {
		t.Fatal("the relation of the focused span is not drawn")
	}

	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitRelations(t, p, ws, "d1", textLodz)
	shortcut(ws, fyne.KeyY, fyne.KeyModifierShortcutDefault)
	waitRelations(t, p, ws, "d1", textLodz, "Łódź ACTS_IN Gdańsk")

	// A relation label key on a chosen relation relabels it; Delete
	// removes it; undo brings it back.
	asUI(ws, func() { ws.panel.relList.Select(0) })
	asUI(ws, func() { ws.view.TypedRune('t') })
	waitRelations(t, p, ws, "d1", textLodz, "Łódź TARGETS Gdańsk")
	asUI(ws, func() { ws.panel.relList.Select(0) })
	pressIn(ws, ws.win, fyne.KeyDelete)
	waitRelations(t, p, ws, "d1", textLodz)
	if len(ws.spans) != 4 {
		t.Fatalf("Delete on the relation removed a span: %d left", len(ws.spans))
	}
	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitRelations(t, p, ws, "d1", textLodz, "Łódź TARGETS Gdańsk")

	// A note on the relation chosen in the panel.
	asUI(ws, func() { ws.panel.relList.Select(0) })
	asUI(ws, func() { ws.panel.spanNote.SetText("strike spreads") })
	waitIdle(t, ws)
	waitFor(t, "the note", func() bool {
		rels, _ := p.Relations(p.ctx(), "d1", "anna")
		return len(rels) == 1 && rels[0].Note == "strike spreads"
	})

	// Enter makes the relation with the label a relation was made with
	// last (ACTS_IN: a relabel does not count).
	focusSpanOn(t, ws, "1,250", 0)
	asUI(ws, func() { ws.view.TypedRune('r') })
	pressIn(ws, ws.win, fyne.KeyReturn)
	waitRelations(t, p, ws, "d1", textLodz, "Łódź TARGETS Gdańsk", "1,250 ACTS_IN Łódź")

	// Escape cancels: nothing is made.
	asUI(ws, func() { ws.view.TypedRune('r') })
	pressIn(ws, ws.win, fyne.KeyEscape)
	asUI(ws, func() { ws.view.TypedRune('i') })
	waitRelations(t, p, ws, "d1", textLodz, "Łódź TARGETS Gdańsk", "1,250 ACTS_IN Łódź")
	if ws.notice.Text != "No relation made." {
		t.Fatalf("after Escape the status line says %q", ws.notice.Text)
	}

	closeOnce(ws)
	again := openWorkspace(t, p)
	if len(again.relations) != 2 || again.panel.relList.Length() != 2 {
		t.Fatalf("reopened: %d relations, %d listed", len(again.relations), again.panel.relList.Length())
	}
	if got := again.view.Relations(); len(got) != 2 {
		t.Fatalf("reopened: the view has %d relations", len(got))
	}
}

// drawnText reports whether the document view draws a text (a chip).
func drawnText(ws *Workspace, s string) bool {
	found := false
	asUI(ws, func() {
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			if t, ok := o.(*canvas.Text); ok && t.Text == s && t.Visible() {
				found = true
			}
			if w, ok := o.(fyne.Widget); ok {
				for _, c := range test.WidgetRenderer(w).Objects() {
					walk(c)
				}
			}
			if c, ok := o.(*fyne.Container); ok {
				for _, c := range c.Objects {
					walk(c)
				}
			}
		}
		walk(ws.view)
	})
	return found
}

// TestRelationByMouse drags from one span to another with Ctrl held, then
// picks the label with its key; the other is made from the span's context
// menu ("Relate to…") and Enter.
func TestRelationByMouse(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	var from, to fyne.Position
	asUI(ws, func() {
		from = wordCentre(ws, "1,250", 0)
		to = wordCentre(ws, "Gdańsk", 0)
		ws.view.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	})
	dragArea(t, ws, from, to)
	asUI(ws, func() { ws.view.KeyUp(&fyne.KeyEvent{Name: desktop.KeyControlLeft}) })
	if f, tt, ok := ws.view.Relating(); !ok || f == "" || tt == "" {
		t.Fatalf("after a Ctrl+drag: relating %v", ok)
	}
	if !strings.Contains(ws.notice.Text, "“1,250” → “Gdańsk”") {
		t.Fatalf("after the drag the status line says %q", ws.notice.Text)
	}
	// The label bar shows the relation labels: a click on one makes it.
	tapBarEntry(t, ws, "COUNTS")
	waitRelations(t, p, ws, "d1", textLodz, "1,250 COUNTS Gdańsk")
	if _, _, sel := ws.view.Selection(); sel {
		t.Fatal("the drag selected text")
	}
	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitRelations(t, p, ws, "d1", textLodz)
	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift)
	waitRelations(t, p, ws, "d1", textLodz, "1,250 COUNTS Gdańsk")
}

// wordCentre is the middle of the n-th occurrence of word in the view's
// area coordinates.
func wordCentre(ws *Workspace, word string, n int) fyne.Position {
	cp := cpIn(ws.doc.Text, word, n)
	return ws.view.PositionOf(cp + len([]rune(word))/2)
}

// dragArea drags in the view's text as the desktop driver does (fyne.md):
// to the object under the pointer, the view's scrolled content, one event
// carrying the whole movement, then the drag's end.
func dragArea(t *testing.T, ws *Workspace, a, b fyne.Position) {
	t.Helper()
	asUI(ws, func() {
		var content fyne.Draggable
		for _, o := range test.WidgetRenderer(ws.view).Objects() {
			if s, ok := o.(*container.Scroll); ok {
				content, _ = s.Content.(fyne.Draggable)
			}
		}
		if content == nil {
			t.Fatal("the view has no draggable content")
		}
		content.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-a.X, b.Y-a.Y)})
		content.DragEnd()
	})
}

// TestRelationsDense draws the seed article with a span on every
// capitalised word and number and a relation from each span to the next
// three, focuses the span with the most relations in the middle of the
// screen, and checks that every relation of it is drawn with its label, in
// both themes (the pictures go to INKSPAN_SCREENSHOTS for the README).
func TestRelationsDense(t *testing.T) {
	b, err := os.ReadFile("../testdata/idlib-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	var spans []model.Span
	for _, tk := range tokenize.Tokenize(text) {
		r := []rune(tk.Text)[0]
		switch {
		case r >= '0' && r <= '9':
			spans = append(spans, model.Span{Start: tk.Start, End: tk.End, Label: "FIGURE"})
		case r >= 'A' && r <= 'Z' && tk.Start > 60:
			label := "ACTOR"
			if strings.Contains("Moscow Idlib Syria Turkey Ankara Russia Greece", tk.Text) {
				label = "PLACE"
			}
			spans = append(spans, model.Span{Start: tk.Start, End: tk.End, Label: label})
		}
	}
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		name := map[fyne.ThemeVariant]string{theme.VariantLight: "light", theme.VariantDark: "dark"}[variant]
		t.Run(name, func(t *testing.T) {
			p := newProject(t, model.Document{ID: "seed", ExternalID: "idlib-talks.txt", Text: text})
			stored := p.addSpans("seed", "anna", spans...)
			labels := []string{"ACTS_IN", "TARGETS", "COUNTS", "SAME_AS"}
			// Erdogan, in the third paragraph, relates to the seven
			// spans either side of him.
			hub := -1
			for i, s := range stored {
				if string([]rune(text)[s.Start:s.End]) == "Erdogan" && s.Start > 300 {
					hub = i
					break
				}
			}
			for k, j := range []int{-4, -3, -2, -1, 1, 2, 3, 12, 40} {
				from, to := stored[hub], stored[hub+j]
				if k%2 == 1 {
					from, to = to, from
				}
				if _, err := p.AddRelation(p.ctx(), "seed", "anna", model.Relation{From: from.ID, To: to.ID, Label: labels[k%4]}); err != nil {
					t.Fatal(err)
				}
			}
			ws := openWorkspace(t, p)
			v := variant
			var shot image.Image
			asUI(ws, func() {
				fyne.CurrentApp().Settings().SetTheme(appTheme{variant: &v, scale: 1})
				ws.view.FocusSpan(stored[hub].ID)
				ws.spanFocused(stored[hub].ID)
				shot = ws.win.Canvas().Capture()
			})
			saveScreenshot(t, shot, "relations-"+name+".png")
			chips := 0
			for _, l := range labels {
				if drawnText(ws, l) {
					chips++
				}
			}
			if chips != 4 {
				t.Fatalf("%d of the 4 relation labels are drawn", chips)
			}
			if ws.panel.relList.Length() != 9 {
				t.Fatalf("the panel lists %d relations, want 9", ws.panel.relList.Length())
			}
		})
	}
}

// tapBarEntry taps the label bar's entry named name.
func tapBarEntry(t *testing.T, ws *Workspace, name string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(ws.labelBar.scroll) {
		tp, ok := o.(*tappable)
		if !ok {
			continue
		}
		for _, in := range test.LaidOutObjects(tp.content) {
			if l, ok := in.(*widget.Label); ok && l.Text == name {
				asUI(ws, func() { test.Tap(tp) })
				return
			}
		}
	}
	t.Fatalf("the label bar has no entry %s", name)
}
