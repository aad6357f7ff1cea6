package gui

import (
	"github.com/inkspan/inkspan/gui/spanview"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// Labeling: keys and the label bar turn the view's selection into spans, and
// the view's span keys into edits, each an undoable command saved at once.

// typedRune maps a label key to its label; when reviewing, x rejects the
// focused proposal.
func (ws *Workspace) typedRune(r rune) {
	if ws.relationRune(r) {
		return
	}
	if r == 'x' {
		// x rejects the focused proposal; a reviewer's x also removes a
		// gold span, as Delete does.
		if focused, ok := ws.view.FocusedSpan(); ok {
			if _, isProposal := ws.proposal(focused.ID); isProposal || ws.reviewing {
				ws.deleteSpan(focused.ID)
				return
			}
		}
	}
	for _, l := range ws.labels {
		if l.Key == string(r) {
			ws.applyLabel(l.Name)
			return
		}
	}
}

// applyLabel labels the selection, or relabels the focused span.
func (ws *Workspace) applyLabel(name string) {
	if ws.doc.ID == "" {
		return
	}
	if _, _, relating := ws.view.Relating(); relating {
		ws.relate(name) // the label bar shows the relation labels
		return
	}
	offsets := ws.offsets
	if focused, ok := ws.view.FocusedSpan(); ok {
		if p, isProposal := ws.proposal(focused.ID); isProposal {
			ws.acceptProposal(p, name)
			return
		}
		before, found := ws.span(focused.ID)
		if !found || before.Label == name {
			return
		}
		after := before
		after.Label = name
		ws.Do(edit.UpdateSpan(ws.doc.ID, ws.layer, before, after, offsets.Slice(before.Start, before.End)))
		return
	}
	start, end, ok := ws.view.Selection()
	if !ok || start >= end {
		return
	}
	s := model.Span{Start: start, End: end, Label: name, Origin: model.OriginManual}
	ws.lastLabeled = s
	ws.view.ClearSelection()
	docID := ws.doc.ID
	ws.doThen(edit.AddSpan(ws.doc.ID, ws.layer, s, offsets.Slice(start, end)), func() {
		ws.focusLabeled(docID, s)
	})
}

// focusLabeled focuses the span just labeled, so that a second label key
// relabels it, Alt+arrows resize it and the note field is its note at
// once, unless the annotator has moved on meanwhile (another document, a
// new selection, another focused span).
func (ws *Workspace) focusLabeled(docID string, s model.Span) {
	if ws.doc.ID != docID {
		return
	}
	if _, _, selecting := ws.view.Selection(); selecting {
		return
	}
	if _, focused := ws.view.FocusedSpan(); focused {
		return
	}
	for _, got := range ws.spans {
		if got.Start == s.Start && got.End == s.End && got.Label == s.Label {
			ws.view.FocusSpan(got.ID)
			ws.spanFocused(got.ID)
			return
		}
	}
}

// deleteSpan removes the focused span, or rejects the focused proposal.
func (ws *Workspace) deleteSpan(id string) {
	if p, ok := ws.proposal(id); ok {
		ws.rejectProposal(p)
		return
	}
	s, ok := ws.span(id)
	if !ok {
		return
	}
	ws.Do(edit.DeleteSpan(ws.doc.ID, ws.layer, s, ws.offsets.Slice(s.Start, s.End)))
}

// moveSpan applies the view's boundary keys.
func (ws *Workspace) moveSpan(id string, start, end int) {
	before, ok := ws.span(id)
	if !ok || start >= end {
		return
	}
	after := before
	after.Start, after.End = start, end
	ws.Do(edit.UpdateSpan(ws.doc.ID, ws.layer, before, after, ws.offsets.Slice(start, end)))
}

// span finds one of the open document's spans by ID.
func (ws *Workspace) span(id string) (model.Span, bool) {
	for _, s := range ws.spans {
		if s.ID == id {
			return s, true
		}
	}
	return model.Span{}, false
}

// viewSpans and viewLabels hand the model's spans and labels to the view.
func viewSpans(spans []model.Span) []spanview.Span {
	out := make([]spanview.Span, len(spans))
	for i, s := range spans {
		out[i] = spanview.Span{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label}
	}
	return out
}

func viewLabels(labels []model.Label) []spanview.Label {
	out := make([]spanview.Label, len(labels))
	for i, l := range labels {
		out[i] = spanview.Label{Name: l.Name, Color: labelColor(l.Color)}
	}
	return out
}
