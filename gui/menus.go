package gui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/gui/labeleditor"
	"github.com/inkspan/inkspan/gui/statsview"
	"github.com/inkspan/inkspan/model"
)

// shortcutSheet is the Help ▸ Keyboard shortcuts text: every key the
// annotator can use, in the order they are learnt.
var shortcutSheet = [][2]string{
	{"Drag", "select text (snaps to whole tokens; hold Alt for single characters)"},
	{"Double-click", "select a token"},
	{"Click a span", "focus it (click again to cycle overlapping spans)"},
	{"1 – 9", "label the selection, or relabel the focused span"},
	{"← →", "move by token; with Shift, extend the selection"},
	{"↑ ↓", "move by line; with Shift, extend the selection"},
	{"Ctrl+← Ctrl+→", "jump by sentence"},
	{"Home End", "start or end of the line (with Ctrl: of the document)"},
	{"Tab Shift+Tab", "focus the next or previous span"},
	{"Delete Backspace", "remove the focused span"},
	{"Alt+→ Alt+←", "grow or shrink the focused span's end by a token"},
	{"Alt+Shift+← Alt+Shift+→", "grow or shrink its start by a token"},
	{"Esc", "clear the selection and the focus"},
	{"r", "relate the focused span: Tab, Shift+Tab or the arrows pick the other span, a relation key (or Enter: the one used last) makes it, Esc cancels"},
	{"Ctrl+drag", "from a span to another: relate them (or right-click a span: Relate to…)"},
	{"Delete, i t c s", "on a relation chosen in the span panel: remove it, relabel it"},
	{"Ctrl+F", "search the documents (Esc goes back to the text)"},
	{"Ctrl+L", "label every other occurrence of the span in this document"},
	{"Ctrl+Alt+L", "remove the span's label from every occurrence in this document"},
	{"Ctrl+Shift+L", "label every occurrence in the project (asks first, saying how many)"},
	{"Ctrl+Shift+Alt+L", "remove the span's label from every occurrence in the project"},
	{"Enter", "accept the focused suggestion (a label key accepts it under that label)"},
	{"x", "reject the focused suggestion"},
	{"Ctrl+Shift+A", "accept every suggestion in the document"},
	{"Ctrl+Z", "undo"},
	{"Ctrl+Shift+Z Ctrl+Y", "redo"},
	{"Ctrl+Enter", "mark the document done and open the next unfinished one"},
	{"Ctrl+Shift+Enter", "skip the document and open the next unfinished one"},
	{"PageDown PageUp", "scroll a screen; at the end or start, next or previous document"},
	{"Ctrl+. Ctrl+,", "next or previous document"},
	{"F1", "guidelines and label descriptions"},
	{"Ctrl+R", "review mode: edit the gold version against everyone's spans"},
	{"Enter", "review: accept the focused proposal (a label key accepts it under that label)"},
	{"x Delete", "review: reject the focused proposal"},
	{"Ctrl+Shift+A", "review: accept every span all annotators agree on"},
	{"Ctrl+Enter", "review: mark reviewed and open the next unreviewed document"},
	{"Ctrl+= Ctrl+- Ctrl+0", "larger, smaller or usual text"},
	{"Enter Esc", "in a dialog: its highlighted button, or cancel and close"},
	{"Ctrl+Tab Ctrl+Shift+Tab, F6", "next or previous pane: text, document list, spans, attributes, notes (Esc in a note: back to the text)"},
	{"F10", "open the menus: arrows to move, Enter to choose, Esc to close"},
}

// buildMenus gives the window its main menu.
func (ws *Workspace) buildMenus() {
	items := ws.projectMenuItems()
	if ws.transfers != nil {
		items = append(items,
			fyne.NewMenuItem("Import…", ws.ShowImport),
			fyne.NewMenuItem("Export…", ws.ShowExport),
			fyne.NewMenuItemSeparator())
	}
	items = append(items, fyne.NewMenuItem("Switch annotator…", func() { ws.AskAnnotator("") }))
	// Quit is the window's own, which asks before dropping unsent edits.
	items = append(items, fyne.NewMenuItemSeparator(), ws.quitItem())
	file := fyne.NewMenu("File", items...)
	ctrl := fyne.KeyModifierShortcutDefault
	shift, alt := fyne.KeyModifierShift, fyne.KeyModifierAlt
	// Undo and Redo show their keys; the driver delivers Ctrl+Z and Ctrl+Y
	// as Fyne's own Undo and Redo, which these never match, so a note's
	// Ctrl+Z still undoes its typing.
	editMenu := fyne.NewMenu("Edit",
		ws.withKey(fyne.NewMenuItem("Undo", ws.Undo), fyne.KeyZ, ctrl),
		ws.withKey(fyne.NewMenuItem("Redo", ws.Redo), fyne.KeyY, ctrl),
		fyne.NewMenuItemSeparator(),
		ws.withKey(fyne.NewMenuItem("Label all occurrences in this document", ws.LabelAllInDocument), fyne.KeyL, ctrl),
		ws.withKey(fyne.NewMenuItem("Remove the label from all occurrences in this document", ws.UnlabelAllInDocument), fyne.KeyL, ctrl|alt),
		ws.withKey(fyne.NewMenuItem("Label all occurrences in the project…", ws.LabelAllInProject), fyne.KeyL, ctrl|shift),
		ws.withKey(fyne.NewMenuItem("Remove the label from all occurrences in the project…", ws.UnlabelAllInProject), fyne.KeyL, ctrl|shift|alt),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Suggest labels…", ws.ShowSuggest),
		ws.withKey(fyne.NewMenuItem("Accept all suggestions in this document", ws.AcceptAll), fyne.KeyA, ctrl|shift),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Labels…", ws.EditLabels),
		fyne.NewMenuItem("Project settings…", ws.ShowProjectSettings),
	)
	ws.reviewToggle = ws.withKey(fyne.NewMenuItem("Review mode", func() { ws.SetReviewMode(!ws.reviewing) }), fyne.KeyR, ctrl)
	theme := func(label, name string) *fyne.MenuItem {
		item := fyne.NewMenuItem(label, func() {
			setThemeVariant(name)
			ws.refreshChecks()
		})
		ws.themeItems[name] = item
		return item
	}
	ws.themeItems = map[string]*fyne.MenuItem{}
	view := fyne.NewMenu("View",
		ws.reviewToggle,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Agreement", ws.ShowAgreement),
		fyne.NewMenuItem("Statistics", ws.ShowStatistics),
		fyne.NewMenuItem("Model", ws.ShowModel),
		ws.thresholdMenu(),
		fyne.NewMenuItem("Guidelines (F1)", ws.ShowGuidelines),
		fyne.NewMenuItemSeparator(),
		theme("Light theme", "light"),
		theme("Dark theme", "dark"),
		theme("Theme of the system", ""),
		fyne.NewMenuItemSeparator(),
		ws.withKey(fyne.NewMenuItem("Larger text", func() { stepTextSize(+1) }), fyne.KeyEqual, ctrl),
		ws.withKey(fyne.NewMenuItem("Smaller text", func() { stepTextSize(-1) }), fyne.KeyMinus, ctrl),
		ws.withKey(fyne.NewMenuItem("Text size as Fyne's", func() { stepTextSize(0) }), fyne.Key0, ctrl),
		fyne.NewMenuItemSeparator(),
		ws.withKey(fyne.NewMenuItem("Next pane", func() { ws.CyclePane(+1) }), fyne.KeyTab, ctrl),
		ws.withKey(fyne.NewMenuItem("Previous pane", func() { ws.CyclePane(-1) }), fyne.KeyTab, ctrl|shift),
		ws.withKey(fyne.NewMenuItem("Search documents", ws.FocusSearch), fyne.KeyF, ctrl),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", ws.ShowShortcuts),
		fyne.NewMenuItem("About Inkspan", ws.ShowAbout),
	)
	ws.win.SetMainMenu(fyne.NewMainMenu(file, editMenu, view, help))
	ws.refreshChecks()
}

// ShowShortcuts opens the keyboard shortcuts sheet.
func (ws *Workspace) ShowShortcuts() {
	grid := container.NewGridWithColumns(2)
	for _, row := range shortcutSheet {
		grid.Add(widget.NewLabelWithStyle(row[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		grid.Add(widget.NewLabel(row[1]))
	}
	dialogkit.ShowContent(ws.win, "Keyboard shortcuts", "Close", container.NewVScroll(grid), fyne.NewSize(760, 560))
}

// ShowGuidelines opens the project's guidelines and each label's
// description beside the text (F1).
func (ws *Workspace) ShowGuidelines() {
	var b strings.Builder
	if ws.guidelines != "" {
		b.WriteString(ws.guidelines)
		b.WriteString("\n\n")
	}
	b.WriteString("## Labels\n\n")
	for _, l := range ws.labels {
		key := ""
		if l.Key != "" {
			key = " (key " + l.Key + ")"
		}
		fmt.Fprintf(&b, "**%s**%s — %s\n\n", l.Name, key, l.Description)
	}
	text := widget.NewRichTextFromMarkdown(b.String())
	text.Wrapping = fyne.TextWrapWord
	dialogkit.ShowContent(ws.win, "Guidelines", "Close", container.NewVScroll(text), fyne.NewSize(640, 520))
}

// EditLabels opens the label editor; saving applies the whole edited set
// at once (renames keep every span).
func (ws *Workspace) EditLabels() {
	labeleditor.Show(ws.win, ws.labels, func(rename map[string]string, labels []model.Label) error {
		ctx := context.WithoutCancel(ws.ctx)
		if err := ws.project.SetLabels(ctx, rename, labels); err != nil {
			return err
		}
		stored, err := ws.project.Labels(ctx)
		if err != nil {
			return err
		}
		ws.onUI(func() {
			ws.labels = stored
			ws.labelBar.setLabels(stored)
			if ws.doc.ID != "" {
				ws.reloadSpans()
			}
		})
		return nil
	})
}

// ShowStatistics opens the statistics view in its own window.
func (ws *Workspace) ShowStatistics() {
	ws.pending.Add(1)
	go func() {
		ctx := context.WithoutCancel(ws.ctx)
		st, err := ws.project.Stats(ctx)
		var pace map[string]float64
		if err == nil {
			pace, err = ws.project.Pace(ctx)
		}
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if err != nil {
				ws.showError("statistics", err)
				return
			}
			w := fyne.CurrentApp().NewWindow("Inkspan — statistics")
			w.Resize(fyne.NewSize(720, 560))
			w.SetContent(statsview.New(st, ws.labels, pace))
			dialogkit.CloseOnKeys(w)
			w.Show()
		})
	}()
}

// reloadSpans shows the open document again with its spans as stored
// (labels renamed), everyone's when reviewing.
func (ws *Workspace) reloadSpans() {
	if ws.doc.ID != "" {
		ws.loadDocument(ws.doc.ID, "")
	}
}
