package gui

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"

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
