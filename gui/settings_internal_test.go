package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// openProjectSettings opens Edit ▸ Project settings… as a click on the
// menu item does, and returns the dialog's overlap switch.
func openProjectSettings(t *testing.T, ws *Workspace) *settingCheck {
	t.Helper()
	var check *settingCheck
	asUI(ws, func() {
		var item *fyne.MenuItem
		for _, menu := range ws.win.MainMenu().Items {
			for _, it := range menu.Items {
				if it.Label == "Project settings…" {
					item = it
				}
			}
		}
		if item == nil {
			t.Fatal("no Project settings… menu item")
		}
		item.Action()
		for _, obj := range test.LaidOutObjects(overlayTop(ws)) {
			if c, ok := obj.(*settingCheck); ok {
				check = c
			}
		}
	})
	if check == nil {
		t.Fatal("the settings dialog has no overlap switch")
	}
	if got := focusedButton(ws); got != "Save" {
		t.Fatalf("the settings dialog's focused button is %q, want Save", got)
	}
	return check
}

// toggle presses Space on the switch, as a person who tabbed to it does.
func toggle(ws *Workspace, c *settingCheck) {
	asUI(ws, func() {
		ws.win.Canvas().Focus(c)
		c.TypedRune(' ')
	})
}

// The overlap rule is changed from the window: Escape leaves it, Enter
// saves it at once and the text then takes overlapping labels; turning it
// off again over overlapping spans is refused as the command refuses it.
func TestProjectSettingsAllowOverlap(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	label := func() {
		t.Helper()
		// The document has "1,250" as a FIGURE already.
		selectText(t, ws, "About 1,250", 0)
		asUI(ws, func() { test.Type(ws.view, "1") })
		waitIdle(t, ws)
	}
	label()
	if got := shownSpans(ws); strings.Contains(strings.Join(got, " "), "About 1,250/ACTOR") {
		t.Fatalf("an overlap labeled before overlaps were allowed: %v", got)
	}

	// Escape: nothing changes.
	check := openProjectSettings(t, ws)
	if check.Checked {
		t.Fatal("the switch shows overlaps allowed in a project that does not allow them")
	}
	toggle(ws, check)
	pressIn(ws, ws.win, fyne.KeyEscape)
	backToText(t, ws, "the settings dialog after Escape")
	waitIdle(t, ws)
	if p.allowsOverlap() || ws.allowOverlap {
		t.Fatal("Escape saved the setting")
	}

	// Enter, with the switch focused: saved, and the view follows.
	check = openProjectSettings(t, ws)
	toggle(ws, check)
	pressIn(ws, ws.win, fyne.KeyReturn)
	backToText(t, ws, "the settings dialog after Enter")
	waitIdle(t, ws)
	stored := p.allowsOverlap()
	asUI(ws, func() {
		if !stored || !ws.allowOverlap {
			t.Fatalf("Enter did not save the setting: project %v, window %v", stored, ws.allowOverlap)
		}
		if ws.notice.Text != "Overlapping spans are now allowed in this project." {
			t.Fatalf("notice = %q", ws.notice.Text)
		}
	})
	label()
	if got := strings.Join(shownSpans(ws), " "); !strings.Contains(got, "About 1,250/ACTOR") || !strings.Contains(got, "1,250/FIGURE") {
		t.Fatalf("overlapping labels once overlaps are allowed: %v", got)
	}

	// Off again is refused while the two spans overlap, in an error dialog
	// that says why; the setting stays on.
	check = openProjectSettings(t, ws)
	if !check.Checked {
		t.Fatal("the switch does not show overlaps allowed")
	}
	toggle(ws, check)
	pressIn(ws, ws.win, fyne.KeyReturn)
	waitIdle(t, ws)
	asUI(ws, func() {
		if shown := strings.Join(richTexts(overlayTop(ws)), " "); !strings.Contains(shown, "cannot be disallowed") {
			t.Fatalf("the refusal shows %q", shown)
		}
	})
	if got := focusedButton(ws); got != "OK" {
		t.Fatalf("the refusal's focused button is %q", got)
	}
	pressIn(ws, ws.win, fyne.KeyEscape)
	backToText(t, ws, "the refusal after Escape")
	if stored := p.allowsOverlap(); !stored || !ws.allowOverlap {
		t.Fatalf("a refused change changed the setting: project %v, window %v", stored, ws.allowOverlap)
	}
}
