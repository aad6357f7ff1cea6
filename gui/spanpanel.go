package gui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model/edit"
)

// spanPanel lists the open document's spans in text order with their
// labels and notes: selecting one focuses it in the text; the focused
// span's note and the annotator's note on the document are edited below.
type spanPanel struct {
	ws       *Workspace
	list     *widget.List
	spanNote *widget.Entry
	docNote  *widget.Entry
	box      *fyne.Container
	// noteFor is the span the note entry edits, "" for none; filling the
	// entry from code must not write it back.
	noteFor string
	filling bool
}

func newSpanPanel(ws *Workspace) *spanPanel {
	p := &spanPanel{ws: ws}
	p.list = widget.NewList(
		func() int { return len(ws.spans) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil,
				&widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
				&widget.Label{Truncation: fyne.TextTruncateEllipsis})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(ws.spans) {
				return
			}
			s := ws.spans[i]
			row := o.(*fyne.Container)
			text := ws.offsets.Slice(s.Start, s.End)
			if s.Note != "" {
				text += "  — " + s.Note
			}
			row.Objects[0].(*widget.Label).SetText(text)
			row.Objects[1].(*widget.Label).SetText(s.Label)
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(ws.spans) {
			ws.view.FocusSpan(ws.spans[i].ID)
			p.showNote(ws.spans[i].ID)
			ws.win.Canvas().Focus(ws.view)
		}
	}
	p.spanNote = widget.NewEntry()
	p.spanNote.SetPlaceHolder("Note on the focused span")
	p.spanNote.Disable()
	p.spanNote.OnChanged = func(text string) {
		if !p.filling {
			p.setSpanNote(text)
		}
	}
	p.docNote = widget.NewMultiLineEntry()
	p.docNote.SetPlaceHolder("Note on this document for the reviewer: ambiguous, duplicate…")
	p.docNote.SetMinRowsVisible(3)
	p.docNote.OnChanged = func(text string) {
		if !p.filling {
			p.setDocNote(text)
		}
	}
	p.box = container.NewBorder(
		widget.NewLabelWithStyle("Spans", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewVBox(p.spanNote, widget.NewSeparator(),
			widget.NewLabelWithStyle("Document note", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.docNote),
		nil, nil, p.list)
	return p
}

// refresh shows the open document's spans; the note entry follows the
// focused span.
func (p *spanPanel) refresh() {
	p.list.UnselectAll()
	p.list.Refresh()
	if s, ok := p.ws.view.FocusedSpan(); ok {
		p.showNote(s.ID)
	} else {
		p.showNote("")
	}
}

// showNote puts the span's note in the note entry.
func (p *spanPanel) showNote(id string) {
	p.noteFor = id
	p.filling = true
	defer func() { p.filling = false }()
	s, ok := p.ws.span(id)
	if !ok {
		p.noteFor = ""
		p.spanNote.SetText("")
		p.spanNote.Disable()
		return
	}
	p.spanNote.Enable()
	p.spanNote.SetText(s.Note)
}

// setSpanNote saves the note as the annotator types; the history merges a
// run of typing into one undo step.
func (p *spanPanel) setSpanNote(text string) {
	before, ok := p.ws.span(p.noteFor)
	if !ok || before.Note == text {
		return
	}
	after := before
	after.Note = text
	for i := range p.ws.spans {
		if p.ws.spans[i].ID == before.ID {
			p.ws.spans[i].Note = text // what the panel shows while the save runs
		}
	}
	p.ws.Do(edit.UpdateSpan(p.ws.doc.ID, p.ws.layer, before, after,
		p.ws.offsets.Slice(before.Start, before.End)))
}

// showDocNote fills the document note entry when a document opens.
func (p *spanPanel) showDocNote(note string) {
	p.filling = true
	p.docNote.SetText(note)
	p.filling = false
}

// setDocNote saves the annotator's note on the open document.
func (p *spanPanel) setDocNote(text string) {
	docID, layer := p.ws.doc.ID, p.ws.layer
	if docID == "" {
		return
	}
	p.ws.write(func(ctx context.Context) error {
		return p.ws.project.SetNote(ctx, docID, layer, text)
	}, func(err error) {
		if err != nil {
			p.ws.showError(fmt.Sprintf("save the note on %q", p.ws.doc.ExternalID), err)
		}
	})
}
