//go:build e2e

package main

import (
	"image"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// shadeArea is the empty part of the document list in the 1100x720 window
// (the project has one document): a modal dialog shades it, or covers it,
// and nothing else changes it, whatever spans the text gets meanwhile.
var shadeArea = image.Rect(20, 260, 200, 600)

// TestE2EDialogKeys opens dialogs in a real window, from the keyboard where
// a key opens them (F1, Ctrl+Shift+L) and from the menus otherwise, and
// closes each with Escape or Enter: Escape cancels, Enter does the default
// action. Ctrl+F goes to the search box and Escape comes back to the text.
// The File menu's dialogs and file choosers close on Escape, a chooser
// over the import dialog alone.
func TestE2EDialogKeys(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())
	project := filepath.Join(t.TempDir(), "dialogs.inkspan")
	if code, out, errOut := inkspan(t, "import", "--project", project, seedPath); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	_, win := openProjectWindow(t, bin, env, project, "e2e")
	xdo(t, env, "windowfocus", "--sync", win)
	key := func(names ...string) {
		t.Helper()
		for _, k := range names {
			xdo(t, env, "key", "--window", win, k)
			time.Sleep(150 * time.Millisecond)
		}
	}
	click := func(x, y string) {
		t.Helper()
		xdo(t, env, "mousemove", "--window", win, x, y, "click", "1")
		time.Sleep(400 * time.Millisecond)
	}
	base := screenshot(t, env, "e2e-dialogs-base.png")
	// open waits for a dialog over the window, and saves a picture of it.
	open := func(what, shot string) {
		t.Helper()
		waitFor(t, 10*time.Second, what+" to open", func() bool {
			return changed(base, screenshot(t, env, shot), shadeArea) > 0.3
		})
	}
	// closed waits for the window to be unshaded again.
	closed := func(what string) {
		t.Helper()
		waitFor(t, 10*time.Second, what+" to close", func() bool {
			return changed(base, screenshot(t, env, "e2e-dialogs-now.png"), shadeArea) < 0.01
		})
	}
	exported := func() string {
		_, out, _ := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "e2e")
		return out
	}

	// F1: the guidelines; Escape closes them, and so does Enter.
	key("F1")
	open("the guidelines", "e2e-dialog-guidelines.png")
	key("Escape")
	closed("the guidelines after Escape")
	key("F1")
	open("the guidelines", "e2e-dialog-guidelines.png")
	key("Return")
	closed("the guidelines after Enter")

	// Help > Keyboard shortcuts, closed with Escape.
	click("168", "13")
	click("217", "45")
	open("the shortcuts sheet", "e2e-dialog-shortcuts.png")
	key("Escape")
	closed("the shortcuts sheet")

	// Label "Putin", then Ctrl+Shift+L asks before labeling every Putin in
	// the project: Escape declines, Enter labels them.
	key("shift+Right", "1")
	waitFor(t, 15*time.Second, "Putin as ACTOR", func() bool { return strings.Contains(exported(), `[0,5,"ACTOR"]`) })
	key("ctrl+shift+l")
	open("the label-all confirmation", "e2e-dialog-confirm.png")
	key("Escape")
	closed("the confirmation after Escape")
	time.Sleep(time.Second)
	if n := strings.Count(exported(), `"ACTOR"`); n != 1 {
		t.Fatalf("Escape on the confirmation labeled: %d ACTOR spans", n)
	}
	key("ctrl+shift+l")
	open("the label-all confirmation", "e2e-dialog-confirm.png")
	key("Return")
	waitFor(t, 15*time.Second, "every Putin labeled", func() bool { return strings.Count(exported(), `"ACTOR"`) > 3 })
	closed("the confirmation after Enter")

	// Ctrl+F: the search box takes the typing; Escape gives the keys back
	// to the text, where 2 labels the next word a PLACE.
	key("ctrl+f", "z", "z", "z")
	time.Sleep(500 * time.Millisecond)
	screenshot(t, env, "e2e-search.png")
	key("Escape", "Right", "Right", "shift+Right", "2")
	waitFor(t, 15*time.Second, "a PLACE labeled from the text", func() bool { return strings.Contains(exported(), `"PLACE"`) })

	// The File menu's dialogs, opened with the mouse (Fyne's menus take no
	// keys until open; see e2e-dialog-file-menu.png for the items), closed
	// with Escape: Export…, Switch annotator…, and Open project…, one of
	// Fyne's file choosers, which answer no key of their own.
	fileItem := func(y, what, shot string) {
		t.Helper()
		click("27", "13")
		screenshot(t, env, "e2e-dialog-file-menu.png")
		click("60", y)
		open(what, shot)
	}
	for _, d := range []struct{ y, what, shot string }{
		{"244", "the export dialog", "e2e-dialog-export.png"},
		{"290", "the annotator prompt", "e2e-dialog-annotator.png"},
		{"84", "the Open project chooser", "e2e-dialog-open-project.png"},
	} {
		fileItem(d.y, d.what, d.shot)
		key("Escape")
		closed(d.what + " after Escape")
	}
	// File > Import…, then Space on Choose files… (it has the keys): Escape
	// closes the chooser alone, the import dialog as it was, and Escape
	// again closes the import dialog.
	fileItem("205", "the import dialog", "e2e-dialog-import.png")
	time.Sleep(500 * time.Millisecond)
	importShot := screenshot(t, env, "e2e-dialog-import.png")
	key("space")
	waitFor(t, 10*time.Second, "the file chooser over the import dialog", func() bool {
		return changed(importShot, screenshot(t, env, "e2e-dialog-import-chooser.png"), image.Rect(0, 0, 1100, 720)) > 0.05
	})
	key("Escape")
	waitFor(t, 10*time.Second, "the import dialog alone again", func() bool {
		return changed(importShot, screenshot(t, env, "e2e-dialog-import-again.png"), image.Rect(0, 0, 1100, 720)) < 0.01
	})
	key("Escape")
	closed("the import dialog after Escape")

	// View > Statistics: a window of its own, closed with Escape.
	click("118", "13")
	click("131", "127")
	stats := waitWindow(t, env, "Inkspan — statistics", 15*time.Second)
	xdo(t, env, "windowfocus", "--sync", stats)
	time.Sleep(500 * time.Millisecond)
	screenshot(t, env, "e2e-statistics.png")
	// The window closes on the key's press, so xdotool's release finds no
	// window and reports BadWindow: what counts is that the window goes.
	esc := exec.Command("xdotool", "key", "--window", stats, "Escape")
	esc.Env = env
	esc.Run()
	waitFor(t, 10*time.Second, "the statistics window to close", func() bool {
		cmd := exec.Command("xdotool", "search", "--name", "Inkspan — statistics")
		cmd.Env = env
		return cmd.Run() != nil // no such window
	})
}
