package gui

import (
	"image"
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// attributedProject is the seed article with a span on every capitalised
// word and number, as TestRelationsDense draws it, the first few carrying
// attributes as a linked, tagged corpus has them; it returns anna's spans.
func attributedProject(t *testing.T) (*testProject, []model.Span) {
	t.Helper()
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
			s := model.Span{Start: tk.Start, End: tk.End, Label: label}
			switch tk.Text {
			case "Putin":
				s.Attributes = model.Attributes{{Name: model.AttributeKB, Value: "Q7747"}, {Name: "Role", Value: "head of state"}}
			case "Erdogan":
				s.Attributes = model.Attributes{{Name: model.AttributeKB, Value: "Q39723"}, {Name: "Role", Value: "head of state"},
					{Name: "Speaker"}, {Name: "Source", Value: "Reuters"}}
			case "Moscow", "Idlib":
				s.Attributes = model.Attributes{{Name: "Negated"}}
			}
			spans = append(spans, s)
		}
	}
	p := newProject(t, model.Document{ID: "seed", ExternalID: "idlib-talks.txt", Text: text})
	return p, p.addSpans("seed", "anna", spans...)
}

// firstWith is the first of spans whose text is word and that carries
// attributes.
func firstWith(t *testing.T, p *testProject, spans []model.Span, word string) model.Span {
	t.Helper()
	b, _ := os.ReadFile("../testdata/idlib-talks.txt")
	runes := []rune(string(b))
	for _, s := range spans {
		if string(runes[s.Start:s.End]) == word && len(s.Attributes) > 0 {
			return s
		}
	}
	t.Fatalf("no span of %q with attributes", word)
	return model.Span{}
}

// With a span of four attributes focused, the span list keeps a usable
// height (five rows) at 1100x700 and at 900x600, the relation list and
// the attribute list at least a row each, and the attribute entries and
// both notes stay inside the window.
func TestPanelLayoutWithAttributes(t *testing.T) {
	p, spans := attributedProject(t)
	erdogan := firstWith(t, p, spans, "Erdogan")
	ws := openWorkspace(t, p)
	for _, size := range []fyne.Size{{Width: 1100, Height: 700}, {Width: 900, Height: 600}} {
		asUI(ws, func() {
			ws.win.Resize(size)
			ws.panel.lowerScroll.ScrollToTop() // the last size's Ctrl+Tab scrolled it
			ws.view.FocusSpan(erdogan.ID)
			ws.spanFocused(erdogan.ID)
			ws.win.Content().Refresh()
		})
		waitIdle(t, ws)
		asUI(ws, func() {
			pnl := ws.panel
			if len(pnl.attrShown) != 4 {
				t.Fatalf("%v: the panel shows %d attributes, want Erdogan's 4", size, len(pnl.attrShown))
			}
			row := pnl.list.CreateItem().MinSize().Height
			if h := pnl.list.Size().Height; h < 5*row {
				t.Errorf("%v: the span list is %v high, %.1f rows; want at least 5", size, h, h/row)
			}
			if h := pnl.relList.Size().Height; h < row {
				t.Errorf("%v: the relation list is %v high, want a row (%v)", size, h, row)
			}
			if h := pnl.attrs.Size().Height; h < row {
				t.Errorf("%v: the attribute list is %v high, want a row (%v)", size, h, row)
			}
			// The attributes' part is whole in view.
			for name, o := range map[string]fyne.CanvasObject{"heading": pnl.attrHead, "Set button": pnl.attrSet,
				"attribute list": pnl.attrs, "attribute entry": pnl.attrName, "offer": pnl.offerLine} {
				if !inView(ws, o) {
					t.Errorf("%v: the %s is out of view", size, name)
				}
			}
			t.Logf("%v: spans %v, relations %v, attributes %v, span note %v, doc note %v, panel %v", size,
				pnl.list.Size().Height, pnl.relList.Size().Height, pnl.attrs.Size().Height,
				pnl.spanNote.Size().Height, pnl.docNote.Size().Height, pnl.box.Size().Height)
			// Ctrl+Tab from the attribute entry reaches the span note, then
			// the document note, and brings each into view when the part
			// below the lists scrolls.
			ws.win.Canvas().Focus(pnl.attrName)
			// In this order: a slice, since a map's order is random.
			for _, stop := range []struct {
				name string
				o    fyne.Focusable
			}{{"span note", pnl.spanNote}, {"document note", pnl.docNote}} {
				name, o := stop.name, stop.o
				ws.CyclePane(+1)
				if ws.win.Canvas().Focused() != o {
					t.Fatalf("%v: Ctrl+Tab towards the %s: focus on %T", size, name, ws.win.Canvas().Focused())
				}
				if !inView(ws, o.(fyne.CanvasObject)) {
					t.Errorf("%v: the %s, focused, is out of view", size, name)
				}
			}
			ws.win.Canvas().Focus(pnl.attrName)
			if !inView(ws, pnl.attrName) {
				t.Errorf("%v: the attribute entry, focused again, is out of view", size)
			}
		})
	}
}

// inView reports whether o lies inside the window and, when it is in the
// span panel's lower part, inside what that part's scroll shows.
func inView(ws *Workspace, o fyne.CanvasObject) bool {
	d := fyne.CurrentApp().Driver()
	pos, size := d.AbsolutePositionForObject(o), o.Size()
	top, bottom := float32(0), ws.win.Canvas().Size().Height
	s := ws.panel.lowerScroll
	if sp := d.AbsolutePositionForObject(s); sp.Y > top {
		top, bottom = sp.Y, min(bottom, sp.Y+s.Size().Height)
	}
	return size.Height > 0 && pos.Y >= top-0.5 && pos.Y+size.Height <= bottom+0.5
}

// offered is what the offer row under the attribute entries lists.
func offered(ws *Workspace) []string {
	var words []string
	asUI(ws, func() {
		for _, o := range ws.panel.offerRow.Objects {
			if l, ok := o.(*widget.Hyperlink); ok {
				words = append(words, l.Text)
			}
		}
	})
	return words
}

// The entries offer the names in use, and for a name the values chosen
// with it: typing filters them, case ignored, Down and Up put them into
// the entry, and a new name saved is offered at once. The span rows mark
// the spans that carry attributes.
func TestAttributeEntriesOfferWordsInUse(t *testing.T) {
	p, spans := attributedProject(t)
	ws := openWorkspace(t, p)
	var plain model.Span
	for _, s := range spans {
		if len(s.Attributes) == 0 && s.Label == "ACTOR" {
			plain = s
			break
		}
	}
	asUI(ws, func() {
		ws.view.FocusSpan(plain.ID)
		ws.spanFocused(plain.ID)
		ws.win.Canvas().Focus(ws.panel.attrName)
	})
	waitIdle(t, ws)
	if got, want := offered(ws), []string{"Negated", "Role", "Source", "Speaker", "kb_id"}; !slices.Equal(got, want) {
		t.Fatalf("the name entry offers %q, want %q", got, want)
	}
	// "neg" in lower case offers the Negated in use; Down takes it, Up
	// past the first gives back what was typed, Down again takes it.
	typeInto(t, ws, ws.panel.attrName, "neg")
	if got := offered(ws); !slices.Equal(got, []string{"Negated"}) {
		t.Fatalf("after \"neg\" the name entry offers %q", got)
	}
	name := func() (s string) { asUI(ws, func() { s = ws.panel.attrName.Text }); return s }
	press(ws, ws.panel.attrName, fyne.KeyDown)
	if got := name(); got != "Negated" {
		t.Fatalf("Down put %q into the name entry", got)
	}
	press(ws, ws.panel.attrName, fyne.KeyUp)
	if got := name(); got != "neg" {
		t.Fatalf("Up past the first offer put %q back, want what was typed", got)
	}
	press(ws, ws.panel.attrName, fyne.KeyDown)
	press(ws, ws.panel.attrName, fyne.KeyReturn)
	waitIdle(t, ws)
	if got := attributesOnSeed(p, plain.ID); !slices.Equal(got, model.Attributes{{Name: "Negated"}}) {
		t.Fatalf("stored %+v, want the Negated in use", got)
	}

	// "role" picks Role; the value entry then offers Role's values.
	typeInto(t, ws, ws.panel.attrName, "role")
	press(ws, ws.panel.attrName, fyne.KeyDown)
	asUI(ws, func() { ws.win.Canvas().Focus(ws.panel.attrValue) })
	if got := offered(ws); !slices.Equal(got, []string{"head of state"}) {
		t.Fatalf("the value entry for Role offers %q", got)
	}
	press(ws, ws.panel.attrValue, fyne.KeyDown)
	press(ws, ws.panel.attrValue, fyne.KeyReturn)
	waitIdle(t, ws)
	role := model.Attribute{Name: "Role", Value: "head of state"}
	if got := attributesOnSeed(p, plain.ID); !slices.Equal(got, model.Attributes{{Name: "Negated"}, role}) {
		t.Fatalf("stored %+v, want Negated and Role = head of state", got)
	}

	// A name and value new to the project are offered once saved.
	asUI(ws, func() { ws.win.Canvas().Focus(ws.panel.attrName) })
	typeInto(t, ws, ws.panel.attrName, "Mood")
	asUI(ws, func() { ws.win.Canvas().Focus(ws.panel.attrValue) })
	typeInto(t, ws, ws.panel.attrValue, "calm")
	press(ws, ws.panel.attrValue, fyne.KeyReturn)
	waitIdle(t, ws)
	asUI(ws, func() { ws.win.Canvas().Focus(ws.panel.attrName) })
	typeInto(t, ws, ws.panel.attrName, "mo")
	if got := offered(ws); !slices.Equal(got, []string{"Mood"}) {
		t.Fatalf("after saving Mood, \"mo\" offers %q", got)
	}
	typeInto(t, ws, ws.panel.attrName, "od")
	asUI(ws, func() { ws.win.Canvas().Focus(ws.panel.attrValue) })
	if got := offered(ws); !slices.Equal(got, []string{"calm"}) {
		t.Fatalf("the value entry for mood offers %q, want Mood's calm", got)
	}

	// The rows: Erdogan's shows its kb_id and how many more; a span
	// without attributes shows none.
	erdogan := firstWith(t, p, spans, "Erdogan")
	var erdoganRow, plainRow int
	asUI(ws, func() {
		for i, s := range ws.spans {
			switch s.ID {
			case erdogan.ID:
				erdoganRow = i
			case plain.ID:
				plainRow = i
			}
		}
	})
	if _, marker, label := spanRowParts(ws, erdoganRow); marker != "Q39723 +3" || label != "ACTOR" {
		t.Errorf("Erdogan's row shows %q %q, want the marker Q39723 +3", marker, label)
	}
	if _, marker, _ := spanRowParts(ws, plainRow); marker != "Mood = calm +2" {
		t.Errorf("the row of the span just given attributes shows %q", marker)
	}
	for i := range spans {
		if _, marker, _ := spanRowParts(ws, i); marker == "" {
			return // a row without attributes has no marker
		}
	}
	t.Error("every row shows a marker")
}

// attributesOnSeed is the attributes stored on one of anna's spans on the
// seed article.
func attributesOnSeed(p *testProject, id string) model.Attributes {
	for _, s := range p.spansOf("seed", "anna") {
		if s.ID == id {
			return s.Attributes
		}
	}
	p.t.Fatalf("no span %s", id)
	return nil
}

// TestAttributesPicture draws the seed article at 1100x700 in the light
// theme with Erdogan focused: his four attributes in the panel, the rows
// of the spans that carry some marked, and the name entry offering the
// names in use that start with "S" (the picture goes to
// INKSPAN_SCREENSHOTS as attributes.png, the README's).
func TestAttributesPicture(t *testing.T) {
	p, spans := attributedProject(t)
	erdogan := firstWith(t, p, spans, "Erdogan")
	ws := openWorkspace(t, p)
	light := theme.VariantLight
	asUI(ws, func() {
		fyne.CurrentApp().Settings().SetTheme(appTheme{variant: &light, scale: 1})
		ws.win.Resize(fyne.NewSize(1100, 700))
		ws.panelSplit.SetOffset(0.6) // the panel as wide as an annotator who edits attributes makes it
		ws.view.FocusSpan(erdogan.ID)
		ws.spanFocused(erdogan.ID)
		ws.win.Canvas().Focus(ws.panel.attrName)
	})
	waitIdle(t, ws)
	typeInto(t, ws, ws.panel.attrName, "S")
	if got := offered(ws); !slices.Equal(got, []string{"Source", "Speaker"}) {
		t.Fatalf("\"S\" offers %q, want Source and Speaker", got)
	}
	var shot image.Image
	asUI(ws, func() {
		// The rows from "Turkish President Recep Tayyip Erdogan" on,
		// Erdogan's and Putin's marked with their kb_id.
		for i, s := range ws.spans {
			if s.ID == erdogan.ID {
				ws.panel.list.ScrollTo(i + 3)
			}
		}
		shot = ws.win.Canvas().Capture()
	})
	saveScreenshot(t, shot, "attributes.png")
}
