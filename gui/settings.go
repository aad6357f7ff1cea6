package gui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
)

// settingCheck is a check box in a dialog: Space toggles it as Fyne's does,
// and Enter and Escape answer the dialog, since a focused check box would
// otherwise swallow them and leave the person stuck in the dialog.
type settingCheck struct {
	widget.Check
	dlg *dialogkit.Dialog
}

func newSettingCheck(text string, on bool) *settingCheck {
	c := &settingCheck{}
	c.Text, c.Checked = text, on
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey is part of fyne.Focusable.
func (c *settingCheck) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		c.dlg.Escape()
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		c.dlg.Enter()
		return
	}
	c.Check.TypedKey(ev)
}

// ShowProjectSettings opens the project's settings: whether one
// annotator's spans may overlap. Saving applies the change at once, with
// the same refusal as 'inkspan settings': overlaps cannot be turned off
// while the project holds some.
func (ws *Workspace) ShowProjectSettings() {
	check := newSettingCheck("Allow overlapping and nested spans", ws.allowOverlap)
	about := widget.NewLabel("One annotator's spans may overlap or nest, as nested entities and event triggers do.\n" +
		"Turning this off is refused while the project holds overlapping spans.")
	about.Wrapping = fyne.TextWrapWord
	d := dialogkit.NewDialog(ws.win, "Project settings", container.NewVBox(check, about),
		dialogkit.Answer{Text: "Cancel", Icon: theme.CancelIcon()},
		&dialogkit.Answer{Text: "Save", Icon: theme.ConfirmIcon(), Do: func() { ws.setAllowOverlap(check.Checked) }})
	check.dlg = d
	d.Resize(fyne.NewSize(560, 230))
	d.Show()
}

// setAllowOverlap stores the overlap rule and, once stored, lets the view
// use it: labels that overlap are then accepted, and "label all" may place
// spans over others.
func (ws *Workspace) setAllowOverlap(allow bool) {
	if allow == ws.allowOverlap {
		return
	}
	ws.pending.Add(1)
	go func() {
		err := ws.project.SetAllowOverlap(context.WithoutCancel(ws.ctx), allow)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if err != nil {
				ws.showError("Project settings", err)
				return
			}
			ws.allowOverlap = allow
			if allow {
				ws.say("Overlapping spans are now allowed in this project.")
			} else {
				ws.say("Overlapping spans are no longer allowed in this project.")
			}
		})
	}()
}
