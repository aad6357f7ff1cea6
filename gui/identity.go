package gui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
)

// personOf is the person p's connection is (app.Identified: a team
// project's login role, under whose name alone the database lets them
// write), or name when p has none or cannot say.
func personOf(p Project, name string) string {
	id, ok := p.(app.Identified)
	if !ok {
		return name
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if person, err := id.Person(ctx); err == nil && person != "" {
		return person
	}
	return name
}

// prefAnnotator is where the app remembers who is annotating, so the name
// is asked once, not at every launch.
const prefAnnotator = "annotator"

// Start opens the project window for annotator, a name given for this
// session only (inkspan gui --annotator). With annotator "" it uses the
// name remembered from an earlier session; on the very first launch it
// opens as suggested (the system user name) and asks once for the name to
// use, which it then remembers.
func Start(a fyne.App, p Project, annotator, suggested string) (*Workspace, error) {
	ApplyTheme(a)
	ask := false
	if annotator == "" {
		annotator = personOf(p, "")
	}
	if annotator == "" {
		annotator = a.Preferences().String(prefAnnotator)
	}
	if annotator == "" {
		annotator, ask = suggested, true
	}
	ws, err := NewWorkspace(a, p, annotator)
	if err != nil {
		return nil, err
	}
	if ask {
		// As the UI goroutine: the window's first loads may already be
		// coming back.
		uiMu.Lock()
		ws.AskAnnotator("Who is annotating? Your name is saved with every span you make.")
		uiMu.Unlock()
	}
	return ws, nil
}

// AskAnnotator asks for the annotator's name; a new name reopens the
// project as that annotator. The name has the focus: Enter uses it (once
// it is valid), Escape keeps the current one.
func (ws *Workspace) AskAnnotator(message string) *dialogkit.Dialog {
	entry := dialogkit.NewEntry(nil)
	entry.SetText(ws.annotator)
	entry.Validator = model.ValidatePersonName
	var items []*widget.FormItem
	if message != "" {
		items = append(items, widget.NewFormItem("", widget.NewLabel(message)))
	}
	items = append(items, widget.NewFormItem("Annotator", entry))
	form := widget.NewForm(items...)
	d := dialogkit.NewDialog(ws.win, "Annotator", form,
		dialogkit.Answer{Text: "Cancel", Icon: theme.CancelIcon()},
		&dialogkit.Answer{Text: "Use this name", Icon: theme.ConfirmIcon(), Do: func() {
			fyne.CurrentApp().Preferences().SetString(prefAnnotator, entry.Text)
			if entry.Text != ws.annotator {
				ws.SwitchAnnotator(entry.Text)
			}
		}})
	entry.OnEscape = d.Escape
	entry.OnSubmitted = func(string) { d.Enter() }
	// Only a valid name can be used: the button, and with it Enter, wait
	// for one. (Checked on every change, not through the form's
	// validation events, which only a drawn form sends.)
	valid := func(name string) { d.SetDefaultEnabled(model.ValidatePersonName(name) == nil) }
	entry.OnChanged = valid
	valid(entry.Text)
	d.Resize(fyne.NewSize(460, 200))
	d.FocusOnShow(entry)
	d.Show()
	// Selected, so that typing replaces the suggested name.
	entry.TypedShortcut(&fyne.ShortcutSelectAll{})
	return d
}

// SwitchAnnotator reopens the project as another annotator, in a new
// window that replaces this one. It returns the new workspace.
func (ws *Workspace) SwitchAnnotator(name string) *Workspace {
	next, err := NewWorkspace(fyne.CurrentApp(), ws.project, name)
	if err != nil {
		ws.showError("switch annotator", err)
		return nil
	}
	if ws.opener != nil {
		next.SetOpener(ws.opener)
	}
	if ws.transfers != nil {
		next.SetTransfers(*ws.transfers)
	}
	// The project now belongs to the new window: it closes it.
	next.closeProject, ws.closeProject = ws.closeProject, nil
	next.win.Show()
	ws.successor = next
	ws.win.Close() // after the new window is up, so the app does not quit
	return next
}
