package gui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

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
			for name, o := range map[string]fyne.CanvasObject{"attribute entry": pnl.attrName, "Set button": pnl.attrSet,
				"span note": pnl.spanNote} {
				if !inView(ws, o) {
					t.Errorf("%v: the %s is out of view", size, name)
				}
			}
			t.Logf("%v: spans %v, relations %v, attributes %v, span note %v, doc note %v, panel %v", size,
				pnl.list.Size().Height, pnl.relList.Size().Height, pnl.attrs.Size().Height,
				pnl.spanNote.Size().Height, pnl.docNote.Size().Height, pnl.box.Size().Height)
			// Ctrl+Tab from the span note reaches the document note, and
			// brings it into view when the part below the lists scrolls.
			ws.win.Canvas().Focus(pnl.spanNote)
			ws.CyclePane(+1)
			if ws.win.Canvas().Focused() != pnl.docNote {
				t.Fatalf("%v: Ctrl+Tab from the span note: focus on %T", size, ws.win.Canvas().Focused())
			}
			if !inView(ws, pnl.docNote) {
				t.Errorf("%v: the document note, focused, is out of view", size)
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
