package gui

import (
	"context"
	"fmt"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/suggest"
)

// Label all occurrences: the span the annotator is on (the focused one, or
// else the one they labeled last) is repeated on every other whole-token
// occurrence of its text, as one undoable step, skipping places where a
// span would clash with one already there.

// occurrenceSource is the span "label all" repeats, if there is one.
func (ws *Workspace) occurrenceSource() (model.Span, bool) {
	if focused, ok := ws.view.FocusedSpan(); ok {
		if s, ok := ws.span(focused.ID); ok {
			return s, true
		}
	}
	s := ws.lastLabeled
	if s.End > s.Start && s.End <= ws.offsets.Len() && slicesContainSame(ws.spans, s) {
		return s, true
	}
	return model.Span{}, false
}

func slicesContainSame(spans []model.Span, s model.Span) bool {
	for _, o := range spans {
		if o.SameAs(s) {
			return true
		}
	}
	return false
}

// LabelAllInDocument labels every other occurrence of the current span's
// text in this document with its label.
func (ws *Workspace) LabelAllInDocument() {
	src, ok := ws.occurrenceSource()
	if !ok || ws.doc.ID == "" {
		ws.notice.SetText("Label a span first: “label all” repeats it.")
		return
	}
	text := ws.offsets.Slice(src.Start, src.End)
	found := suggest.Occurrences(ws.doc.Text, ws.docWords(), src.Start, src.End, src.Label, ws.spans, ws.allowOverlap)
	if len(found) == 0 {
		ws.notice.SetText(fmt.Sprintf("No other “%s” to label.", text))
		return
	}
	cmds := make([]edit.Command, len(found))
	for i, s := range found {
		cmds[i] = edit.AddSpan(ws.doc.ID, ws.layer, s, text)
	}
	ws.Do(edit.Batch(fmt.Sprintf("label %s “%s” as %s", plural(len(found), "more", "more"), text, src.Label), cmds...))
	ws.notice.SetText(fmt.Sprintf("Labeled %s of “%s” as %s.", plural(len(found), "more occurrence", "more occurrences"), text, src.Label))
}

// UnlabelAllInDocument removes the current span's label from every
// occurrence of its text in this document, the span itself included.
func (ws *Workspace) UnlabelAllInDocument() {
	src, ok := ws.occurrenceSource()
	if !ok || ws.doc.ID == "" {
		ws.notice.SetText("Focus a span first: its label is removed from every occurrence.")
		return
	}
	text := ws.offsets.Slice(src.Start, src.End)
	found := suggest.Labeled(ws.doc.Text, ws.spans, text, src.Label)
	cmds := make([]edit.Command, len(found))
	for i, s := range found {
		cmds[i] = edit.DeleteSpan(ws.doc.ID, ws.layer, s, text)
	}
	ws.Do(edit.Batch(fmt.Sprintf("remove %s from every “%s”", src.Label, text), cmds...))
	ws.notice.SetText(fmt.Sprintf("Removed %s from %s of “%s”.", src.Label, plural(len(found), "occurrence", "occurrences"), text))
}

// LabelAllInProject labels every occurrence of the current span's text in
// the whole project with its label, after a confirmation that says how
// many; one undoable step.
func (ws *Workspace) LabelAllInProject() {
	src, ok := ws.occurrenceSource()
	if !ok || ws.doc.ID == "" {
		ws.notice.SetText("Label a span first: “label all” repeats it.")
		return
	}
	text, layer := ws.offsets.Slice(src.Start, src.End), ws.layer
	ws.pending.Add(1)
	go func() {
		spans, docs, err := app.CountOccurrences(context.WithoutCancel(ws.ctx), ws.project, layer, text, src.Label)
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			switch {
			case err != nil:
				ws.showError("count the occurrences", err)
			case spans == 0:
				ws.notice.SetText(fmt.Sprintf("No other “%s” to label in the project.", text))
			default:
				msg := fmt.Sprintf("Label %s of “%s” as %s, in %s?\nPlaces where a span is already in the way are left alone. Ctrl+Z takes it all back.",
					plural(spans, "occurrence", "occurrences"), text, src.Label, plural(docs, "document", "documents"))
				ws.confirm("Label all occurrences", msg, "Label all", func() {
					cmd := app.LabelAll(layer, text, src.Label, "")
					ws.doThen(cmd, func() {
						ws.notice.SetText(fmt.Sprintf("Labeled %s of “%s” as %s.", plural(len(cmd.Changed()), "occurrence", "occurrences"), text, src.Label))
						ws.refreshList() // other documents' rows changed
					})
				})
			}
		})
	}()
}

// UnlabelAllInProject removes the current span's label from every
// occurrence of its text in the project, after a confirmation; one
// undoable step.
func (ws *Workspace) UnlabelAllInProject() {
	src, ok := ws.occurrenceSource()
	if !ok || ws.doc.ID == "" {
		ws.notice.SetText("Focus a span first: its label is removed from every occurrence.")
		return
	}
	text, layer := ws.offsets.Slice(src.Start, src.End), ws.layer
	msg := fmt.Sprintf("Remove %s from every “%s” in the project?\nCtrl+Z takes it back.", src.Label, text)
	ws.confirm("Remove from all occurrences", msg, "Remove all", func() {
		cmd := app.UnlabelAll(layer, text, src.Label)
		ws.doThen(cmd, func() {
			ws.notice.SetText(fmt.Sprintf("Removed %s from %s of “%s”.", src.Label, plural(len(cmd.Changed()), "occurrence", "occurrences"), text))
			ws.refreshList()
		})
	})
}

// confirm asks before a change to many documents: the button that makes
// it says what it does and answers Enter, Cancel answers Escape. Tests may
// answer through ws.autoConfirm instead of the dialog.
func (ws *Workspace) confirm(title, message, doIt string, yes func()) {
	if ws.autoConfirm != nil {
		if ws.autoConfirm(message) {
			yes()
		}
		return
	}
	dialogkit.ShowConfirm(ws.win, title, message, doIt, yes)
}
