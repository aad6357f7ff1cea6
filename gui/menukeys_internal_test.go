package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

func TestPanesCycleWithKeys(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	asUI(ws, func() {
		c := ws.win.Canvas()
		c.Focus(ws.view)
		// The span note is disabled with no span focused: passed over.
		want := []fyne.Focusable{ws.list, ws.panel.list, ws.panel.docNote, ws.view}
		for i, w := range want {
			ws.CyclePane(+1)
			if c.Focused() != w {
				t.Fatalf("step %d: focus on %T, want %T", i+1, c.Focused(), w)
			}
		}
		ws.CyclePane(-1)
		if c.Focused() != ws.panel.docNote {
			t.Fatalf("back one: focus on %T", c.Focused())
		}
		// F6 from the text goes on to the list.
		c.Focus(ws.view)
		ws.windowKey(&fyne.KeyEvent{Name: fyne.KeyF6})
		if c.Focused() != ws.list {
			t.Fatalf("F6: focus on %T", c.Focused())
		}
	})
}

func TestMenusFromTheKeyboard(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	asUI(ws, func() {
		ws.windowKey(&fyne.KeyEvent{Name: fyne.KeyF10})
		pop, ok := ws.win.Canvas().Focused().(*widget.PopUpMenu)
		if !ok || ws.win.Canvas().Overlays().Top() == nil {
			t.Fatalf("after F10 the keys are in %T, want the menu", ws.win.Canvas().Focused())
		}
		if n := len(pop.Items); n != 4 {
			t.Errorf("the menu has %d entries, want File, Edit, View and Help", n)
		}
		pop.Hide()

		shown := map[string]bool{}
		for _, m := range ws.win.MainMenu().Items {
			for _, item := range m.Items {
				if item.Shortcut != nil {
					shown[item.Label] = true
				}
			}
		}
		for _, label := range []string{"Undo", "Redo", "Review mode", "Next pane", "Label all occurrences in this document", "Larger text"} {
			if !shown[label] {
				t.Errorf("menu item %q shows no key", label)
			}
		}

		// The theme chosen is checked, and only it.
		ws.themeItems["dark"].Action()
		if !ws.themeItems["dark"].Checked || ws.themeItems["light"].Checked || ws.themeItems[""].Checked {
			t.Errorf("after choosing dark: light %v dark %v system %v",
				ws.themeItems["light"].Checked, ws.themeItems["dark"].Checked, ws.themeItems[""].Checked)
		}
	})
}

// F6, F1 and F10 are the window's from every pane, as the shortcuts sheet
// says, not only from the text: the desktop driver gives a key without a
// modifier to the focused widget alone, and the lists, the search box,
// the filters and the notes kept them.
func TestFunctionKeysFromEveryPane(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	asUI(ws, func() {
		ws.win.Canvas().Focus(ws.view)
		ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) // a span focused: the span note takes keys
	})
	waitIdle(t, ws)
	panes := []struct {
		name string
		f    fyne.Focusable
	}{
		{"document list", ws.list}, {"search box", ws.search}, {"status filter", ws.statusFilter},
		{"span list", ws.panel.list}, {"relation list", ws.panel.relList}, {"attribute name", ws.panel.attrName},
		{"span note", ws.panel.spanNote}, {"document note", ws.panel.docNote},
	}
	for _, p := range panes {
		asUI(ws, func() { ws.win.Canvas().Focus(p.f) })
		pressIn(ws, ws.win, fyne.KeyF6)
		asUI(ws, func() {
			if f := ws.win.Canvas().Focused(); f == p.f || f == nil {
				t.Errorf("F6 in the %s left the keys there", p.name)
			}
			ws.win.Canvas().Focus(p.f)
		})
		pressIn(ws, ws.win, fyne.KeyF1)
		asUI(ws, func() {
			if overlayTop(ws) == nil {
				t.Errorf("F1 in the %s opened no guidelines", p.name)
			}
		})
		pressIn(ws, ws.win, fyne.KeyEscape)
		asUI(ws, func() { ws.win.Canvas().Focus(p.f) })
		pressIn(ws, ws.win, fyne.KeyF10)
		asUI(ws, func() {
			if _, ok := ws.win.Canvas().Focused().(*widget.PopUpMenu); !ok {
				t.Errorf("F10 in the %s did not open the menus", p.name)
			}
			if top := overlayTop(ws); top != nil {
				top.Hide()
			}
		})
	}
}
