package gui

import (
	"context"
	"errors"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/inkspan/inkspan/gui/dialogkit"
)

// Opener opens the project file at path (creating it when create is set)
// and returns it with the function that closes it. cmd wires it to the
// storage package, which the GUI does not import.
type Opener func(ctx context.Context, path string, create bool) (Project, func() error, error)

// prefRecent keeps the recently opened project files, newest first.
const (
	prefRecent = "recent_projects"
	maxRecent  = 8
)

// SetOpener lets the window open other projects (File ▸ New, Open,
// Recent). Without one those menu items do nothing.
func (ws *Workspace) SetOpener(o Opener) {
	ws.opener = o
	ws.remember(ws.project.Path())
	ws.buildMenus()
}

// OpenProject opens another project file in a new window that replaces
// this one, as the same annotator.
func (ws *Workspace) OpenProject(path string, create bool) *Workspace {
	return ws.openProject(path, create, false)
}

// openProject is OpenProject; withPassword says path carries a password
// the user typed, so that a refusal asks again, saying it was refused.
func (ws *Workspace) openProject(path string, create, withPassword bool) *Workspace {
	if ws.opener == nil {
		return nil
	}
	p, closeProject, err := ws.opener(context.WithoutCancel(ws.ctx), path, create)
	if errors.Is(err, ErrPasswordNeeded) && isURL(path) {
		ws.askPassword(path, create, withPassword)
		return nil
	}
	if err != nil {
		ws.showError("open "+projectName(path), err)
		return nil
	}
	// On a team project the window works as the person connected.
	next, err := NewWorkspace(fyne.CurrentApp(), p, personOf(p, ws.annotator))
	if err != nil {
		closeProject()
		ws.showError("open "+projectName(path), err)
		return nil
	}
	next.closeProject = closeProject
	next.SetOpener(ws.opener)
	if ws.transfers != nil {
		next.SetTransfers(*ws.transfers)
	}
	next.win.Show()
	ws.win.Close() // after the new window is up, so the app does not quit
	return next
}

// remember puts path first in the recent projects: a file by its
// absolute path, a team project by its URL without a password.
func (ws *Workspace) remember(path string) {
	if path == "" {
		return
	}
	if isURL(path) {
		path = withoutPassword(path)
	} else if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	prefs := fyne.CurrentApp().Preferences()
	recent := slices.DeleteFunc(prefs.StringList(prefRecent), func(p string) bool { return p == path || p == "" })
	recent = append([]string{path}, recent...)
	if len(recent) > maxRecent {
		recent = recent[:maxRecent]
	}
	prefs.SetStringList(prefRecent, recent)
}

// projectName names a project in messages: a file by its name, a team
// project by its URL without a password.
func projectName(path string) string {
	if isURL(path) {
		return withoutPassword(path)
	}
	return filepath.Base(path)
}

// projectMenuItems are File's items for projects.
func (ws *Workspace) projectMenuItems() []*fyne.MenuItem {
	if ws.opener == nil {
		return nil
	}
	recent := fyne.NewMenuItem("Recent projects", nil)
	var items []*fyne.MenuItem
	for _, path := range fyne.CurrentApp().Preferences().StringList(prefRecent) {
		items = append(items, fyne.NewMenuItem(path, func() { ws.OpenProject(path, false) }))
	}
	if len(items) > 0 {
		recent.ChildMenu = fyne.NewMenu("", items...)
	} else {
		recent.Disabled = true
	}
	return []*fyne.MenuItem{
		fyne.NewMenuItem("New project…", ws.askNewProject),
		fyne.NewMenuItem("Open project…", ws.askOpenProject),
		fyne.NewMenuItem("Open team project…", func() { ws.AskTeamProject() }),
		recent,
		fyne.NewMenuItemSeparator(),
	}
}

// projectFilter shows only project files in the file choosers.
var projectFilter = storage.NewExtensionFileFilter([]string{projectExtension})

func (ws *Workspace) askOpenProject() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		ws.OpenProject(path, false)
	}, ws.win)
	d.SetFilter(projectFilter)
	dialogkit.ShowFileDialog(ws.win, d)
}

// askNewProject asks where to create a project. The chooser only reads
// folders: storage creates the file. (Fyne's save chooser created the
// file, or emptied an existing one once the user agreed to overwrite it:
// naming an existing project destroyed it.) An existing file is never
// taken.
func (ws *Workspace) askNewProject() {
	dir := ""
	if p := ws.project.Path(); p != "" && !isURL(p) {
		dir = filepath.Dir(p) // beside the project open
	}
	dialogkit.ShowSaveChooser(ws.win, dialogkit.SaveOptions{
		Title:        "New project",
		Dir:          dir,
		Name:         "project" + projectExtension,
		Extension:    projectExtension,
		KeepExisting: "Choose a new name (File ▸ Open project… opens a project).",
	}, func(path string) {
		ws.OpenProject(path, true)
	})
}

// projectExtension ends a project file's name.
const projectExtension = ".inkspan"
