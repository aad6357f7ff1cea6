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
