package gui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/gui/transfer"
)

func TestOpenAnotherProject(t *testing.T) {
	first := newTestProject(t)
	ws := openWorkspace(t, first)
	second := newProjectNamed(t, "second.inkspan")
	closed := 0
	var asked []string
	ws.SetOpener(func(ctx context.Context, path string, create bool) (Project, func() error, error) {
		asked = append(asked, path)
		return second, func() error { closed++; return nil }, nil
	})
	var next *Workspace
	asUI(ws, func() { next = ws.OpenProject(second.Path(), false) })
	if next == nil {
		t.Fatal("OpenProject failed")
	}
	t.Cleanup(func() { closeOnce(next) })
	waitIdle(t, next)
	if next.Window().Title() != "Inkspan — second.inkspan — anna" || len(asked) != 1 {
		t.Fatalf("title %q, opener asked %v", next.Window().Title(), asked)
	}
	recent := fyne.CurrentApp().Preferences().StringList(prefRecent)
	if len(recent) < 2 || recent[0] != second.Path() || recent[1] != first.Path() {
		t.Fatalf("recent projects = %v", recent)
	}
	// The File menu offers them.
	var file *fyne.Menu
	for _, m := range next.Window().MainMenu().Items {
		if m.Label == "File" {
			file = m
		}
	}
	var labels []string
	for _, it := range file.Items {
		labels = append(labels, it.Label)
		if it.Label == "Recent projects" && (it.ChildMenu == nil || len(it.ChildMenu.Items) < 2) {
			t.Fatalf("recent projects submenu = %+v", it.ChildMenu)
		}
	}
	if labels[0] != "New project…" || labels[1] != "Open project…" {
		t.Fatalf("File menu = %v", labels)
	}
	// The window that opened the project closes it. (Closing waits for
	// queued saves, whose results take the UI lock: not under asUI.)
	waitIdle(t, next)
	next.Window().Close()
	if closed != 1 {
		t.Fatalf("the project was closed %d times", closed)
	}
}

func TestFileMenuImportExport(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	asUI(ws, func() {
		ws.SetTransfers(Transfers{
			Import: func(context.Context, Project, transfer.ImportRequest, func(int)) (transfer.ImportResult, error) {
				return transfer.ImportResult{}, nil
			},
			Export: func(context.Context, Project, transfer.ExportRequest, func(int, int)) (transfer.ExportResult, error) {
				return transfer.ExportResult{}, nil
			},
		})
	})
	var labels []string
	for _, it := range ws.Window().MainMenu().Items[0].Items {
		labels = append(labels, it.Label)
	}
	if !slices.Contains(labels, "Import…") || !slices.Contains(labels, "Export…") {
		t.Fatalf("File menu = %v", labels)
	}
	ws.ShowExport()
	waitIdle(t, ws)
	if overlayTop(ws) == nil {
		t.Fatal("Export… opened no dialog")
	}
}

// File ▸ New project… never empties a file. Fyne's save chooser, used
// before, emptied an existing file once the user agreed to overwrite it,
// and the window then deleted the empty file: naming an existing project
// destroyed it. Now an existing file, named with or without the
// extension, is refused in words and left as it was; a new name reaches
// the opener (which creates the project) with nothing written before, and
// Cancel writes nothing.
func TestNewProjectLeavesExistingFilesAlone(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	dir := filepath.Dir(ws.project.Path())
	other := filepath.Join(dir, "other.inkspan")
	data := bytes.Repeat([]byte("a project's pages\n"), 500)
	if err := os.WriteFile(other, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var asked []string
	ws.SetOpener(func(ctx context.Context, path string, create bool) (Project, func() error, error) {
		asked = append(asked, fmt.Sprintf("%s %v", path, create))
		return nil, nil, errors.New("not in this test")
	})
	files := func() []string {
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}
	before := files()
	nameField := func() *dialogkit.Entry {
		var e *dialogkit.Entry
		asUI(ws, func() { e, _ = ws.win.Canvas().Focused().(*dialogkit.Entry) })
		if e == nil {
			t.Fatal("New project… does not put the keys in a file name field")
		}
		return e
	}
	for _, name := range []string{"other.inkspan", "other"} {
		asUI(ws, ws.askNewProject)
		waitIdle(t, ws)
		e := nameField()
		asUI(ws, func() { e.SetText(name) })
		// Save, and once more where a chooser asks whether to replace.
		pressIn(ws, ws.win, fyne.KeyReturn)
		pressIn(ws, ws.win, fyne.KeyReturn)
		waitIdle(t, ws)
		if got, _ := os.ReadFile(other); !bytes.Equal(got, data) {
			t.Fatalf("New project named %q left other.inkspan %d bytes", name, len(got))
		}
		if len(asked) != 0 {
			t.Fatalf("New project named %q opened %v", name, asked)
		}
		var shown string
		asUI(ws, func() {
			if top := overlayTop(ws); top != nil {
				shown = strings.Join(richTexts(top), " ")
			}
		})
		if !strings.Contains(shown, "other.inkspan already exists") {
			t.Fatalf("New project named %q says %q", name, shown)
		}
		pressIn(ws, ws.win, fyne.KeyEscape) // the question
		pressIn(ws, ws.win, fyne.KeyEscape) // the chooser
		asUI(ws, func() {
			if overlayTop(ws) != nil {
				t.Fatal("Escape left the chooser open")
			}
		})
	}
	// A new name: the opener creates it; the chooser wrote nothing.
	asUI(ws, ws.askNewProject)
	waitIdle(t, ws)
	e := nameField()
	asUI(ws, func() { e.SetText("fresh") })
	pressIn(ws, ws.win, fyne.KeyReturn)
	waitIdle(t, ws)
	if want := filepath.Join(dir, "fresh.inkspan") + " true"; len(asked) != 1 || asked[0] != want {
		t.Fatalf("opener asked %v, want [%s]", asked, want)
	}
	if got := files(); !slices.Equal(got, before) {
		t.Fatalf("the folder holds %v, was %v", got, before)
	}
	asUI(ws, func() {
		for overlayTop(ws) != nil { // the opener's error
			overlayTop(ws).Hide()
		}
	})
}

// File ▸ Open project… closes on Escape, as its Cancel does, and the keys
// go back to the text. (Fyne's file chooser answers no key of its own and
// focuses none of its widgets: the text beneath kept the keys, and, being
// covered, ignored Escape.)
func TestOpenProjectChooserEscape(t *testing.T) {
	ws := openWorkspace(t, newTestProject(t))
	asUI(ws, func() { ws.win.Canvas().Focus(ws.view) })
	asUI(ws, ws.askOpenProject)
	asUI(ws, func() {
		if overlayTop(ws) == nil {
			t.Fatal("no chooser")
		}
	})
	pressIn(ws, ws.win, fyne.KeyEscape)
	backToText(t, ws, "Escape on the Open project chooser")
}
