package gui

import (
	"context"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/gui/spanview"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// spanPanel lists the open document's spans in text order with their
// labels and notes, and its relations in reading order: selecting one
// focuses it in the text; the focused span's attributes, the focused
// span's or relation's note and the annotator's note on the document are
// edited below.
type spanPanel struct {
	ws   *Workspace
	list *paneList
	// following is set while the list's selection is moved to the span
	// the text focused (follow), which must not act as a pick in the list.
	following bool
	relList   *paneList
	relHead   *widget.Label
	// dialogkit.Entry: Escape goes back to the text, and the right-click
	// menu survives Fyne 2.7.1's forgotten canvas (see dialogkit.Select).
	spanNote *dialogkit.Entry
	docNote  *dialogkit.Entry
	box      *fyne.Container
	// lower holds the attributes and the notes, in lowerScroll, which
	// scrolls only when the window is too short for them and the lists'
	// least height (panelLayout).
	lower       *fyne.Container
	lowerScroll *container.Scroll
	attrRowsMax int // the attribute list's rows panelLayout allows
	// noteFor is the span the note entry edits, "" for none; filling the
	// entry from code must not write it back.
	noteFor string
	noteRel bool // noteFor is a relation
	filling bool
	// typing holds, per span, the note last typed while saves of it are
	// still queued. Every edit reloads the document's spans when it lands,
	// and a reload read before the newest keys were saved has an older
	// note: putting that back into the entry lost and reordered keys
	// ("neighbour state" stored as "nibour gtte"). What was typed wins
	// until its last save is done.
	typing map[string]*typedNote
	// relTyping is typing for relations' notes.
	relTyping map[string]*typedNote

	// The focused span's attributes (spanattrs.go): attrShown lists them,
	// attrFor is the span the entries are for, editing the attribute
	// picked into them (no Name: a new one).
	attrs               *attrList
	attrArea, attrBox   *fyne.Container
	attrHead            *widget.Label
	attrName, attrValue *attrEntry
	attrSet, attrRemove *dialogkit.Button
	attrShown           model.Attributes
	attrFor             string
	editing             model.Attribute
	// uses are the attribute names and values the project's spans carry,
	// offered in offerRow for the entry last focused, offerFor.
	uses      []model.AttributeUse
	offerFor  *attrEntry
	offerHead *widget.Label
	offerRow  *fyne.Container
	offerLine *fyne.Container
}

// typedNote is a span's note as typed, and how many saves of it are queued.
type typedNote struct {
	text   string
	queued int
}

func newSpanPanel(ws *Workspace) *spanPanel {
	p := &spanPanel{ws: ws, typing: map[string]*typedNote{}, relTyping: map[string]*typedNote{}, attrRowsMax: attrRowsMost}
	p.list = newPaneList(ws,
		func() int { return len(ws.spans) },
		// A row: the span's text and note, then, in italics, what
		// attributes it carries (edit.AttributeMarker: its kb_id, or its
		// first attribute, and how many more), then its label.
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil,
				container.NewHBox(&widget.Label{TextStyle: fyne.TextStyle{Italic: true}},
					&widget.Label{TextStyle: fyne.TextStyle{Bold: true}}),
				&widget.Label{Truncation: fyne.TextTruncateEllipsis})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(ws.spans) {
				return
			}
			s := ws.spans[i]
			row := o.(*fyne.Container)
			// Each part in visual order: a span of Arabic or Hebrew text
			// reads as it does in the document, and stays left of its
			// note, as the panel's other rows read.
			text := spanview.VisualOrder(ws.offsets.Slice(s.Start, s.End))
			if s.Note != "" {
				text += "  — " + spanview.VisualOrder(s.Note)
			}
			row.Objects[0].(*widget.Label).SetText(text)
			right := row.Objects[1].(*fyne.Container)
			marker := right.Objects[0].(*widget.Label)
			if m := edit.AttributeMarker(s.Attributes); m != "" {
				marker.SetText(spanview.VisualOrder(m))
				marker.Show()
			} else {
				marker.Hide() // no gap before the label
			}
			right.Objects[1].(*widget.Label).SetText(spanview.VisualOrder(s.Label))
			// A reused row keeps the last layout of its parts: the marker
			// and label of another span were cut or left a gap.
			row.Refresh()
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if p.following {
			return
		}
		if i < len(ws.spans) {
			ws.view.FocusSpan(ws.spans[i].ID)
			p.showNote(ws.spans[i].ID)
			ws.win.Canvas().Focus(ws.view)
		}
	}
	p.relList = newPaneList(ws,
		func() int { return len(ws.relations) },
		func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(ws.relations) {
				o.(*widget.Label).SetText(ws.relationRow(ws.relations[i]))
			}
		},
	)
	p.relList.OnSelected = func(i widget.ListItemID) {
		if i < len(ws.relations) {
			ws.view.FocusRelation(ws.relations[i].ID)
			p.showRelNote(ws.relations[i].ID)
			ws.win.Canvas().Focus(ws.view)
			ws.say("On the relation " + ws.relationRow(ws.relations[i]) + ": Delete removes it, a relation key relabels it.")
		}
	}
	p.relHead = widget.NewLabelWithStyle("Relations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// Notes wrap at the panel's width: a single line scrolled sideways
	// hid most of a note.
	back := func() { ws.win.Canvas().Focus(ws.view) }
	p.spanNote = dialogkit.NewEntry(back)
	p.spanNote.MultiLine = true
	p.spanNote.Wrapping = fyne.TextWrapWord
	p.spanNote.SetMinRowsVisible(2)
	p.spanNote.SetPlaceHolder("Note on the focused span or relation")
	p.spanNote.Disable()
	p.spanNote.OnChanged = func(text string) {
		switch {
		case p.filling:
		case p.noteRel:
			p.setRelationNote(text)
		default:
			p.setSpanNote(text)
		}
	}
	p.docNote = dialogkit.NewEntry(back)
	p.docNote.MultiLine = true
	p.docNote.Wrapping = fyne.TextWrapWord
	p.docNote.SetPlaceHolder("Note for the reviewer")
	p.docNote.SetMinRowsVisible(3)
	p.docNote.OnChanged = func(text string) {
		if !p.filling {
			p.setDocNote(text)
		}
	}
	// Spans above relations (listsLayout), the focused span's attributes
	// and the notes below them (panelLayout).
	spans := container.NewBorder(
		widget.NewLabelWithStyle("Spans", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, p.list)
	rels := container.NewBorder(p.relHead, nil, nil, nil, p.relList)
	attrs := p.newAttributes()
	p.lower = container.NewVBox(attrs, p.spanNote, widget.NewSeparator(),
		widget.NewLabelWithStyle("Document note", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.docNote)
	p.lowerScroll = container.NewVScroll(p.lower)
	p.box = container.New(panelLayout{p}, container.New(listsLayout{p}, spans, rels), p.lowerScroll)
	return p
}

// refresh shows the open document's spans; the note entry follows the
// focused span.
func (p *spanPanel) refresh() {
	for id, t := range p.typing {
		p.ws.setNote(id, t.text)
	}
	for id, t := range p.relTyping {
		for i := range p.ws.relations {
			if p.ws.relations[i].ID == id {
				p.ws.relations[i].Note = t.text
			}
		}
	}
	p.list.UnselectAll()
	p.list.Refresh()
	p.relList.UnselectAll()
	p.relList.Refresh()
	p.relHead.SetText(fmt.Sprintf("Relations (%d)", len(p.ws.relations)))
	if r, ok := p.ws.view.FocusedRelation(); ok {
		p.showRelNote(r.ID)
	} else if s, ok := p.ws.view.FocusedSpan(); ok {
		p.showNote(s.ID)
	} else {
		p.showNote("")
	}
}

// showNote puts the span's note in the note entry. The entry keeps its
// text, and so its cursor, when it already shows that note: refresh calls
// this after every edit, typing in the entry included.
func (p *spanPanel) showNote(id string) {
	p.showAttributes(id)
	p.follow(id)
	p.noteFor, p.noteRel = id, false
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
	if p.spanNote.Text != s.Note {
		p.spanNote.SetText(s.Note)
	}
}

// follow draws the row of the span with the focus selected and scrolls it
// into view (none for "": no span focused), leaving the keys where they
// are: Tab through a document's spans, or a span just labeled, shows in
// the panel at once.
func (p *spanPanel) follow(id string) {
	p.following = true
	defer func() { p.following = false }()
	for i := range p.ws.spans {
		if id != "" && p.ws.spans[i].ID == id {
			p.list.Select(i)
			return
		}
	}
	p.list.UnselectAll()
}

// showRelNote puts a relation's note in the note entry, as showNote does a
// span's.
func (p *spanPanel) showRelNote(id string) {
	r, ok := p.ws.relation(id)
	if !ok {
		p.showNote("")
		return
	}
	p.showAttributes("")
	p.follow("")
	p.noteFor, p.noteRel = id, true
	p.filling = true
	defer func() { p.filling = false }()
	p.spanNote.Enable()
	if p.spanNote.Text != r.Note {
		p.spanNote.SetText(r.Note)
	}
}

// setSpanNote saves the note as the annotator types, through the history,
// which merges a run of typing into one undo step.
//
// The save changes the note alone, on the span as stored when the save
// runs: a relabel or resize queued just before, whose reload has not
// reached the window yet, stays. The entry is not reloaded afterwards (see
// typing); the document's status is, as a first edit moves it to in
// progress.
func (p *spanPanel) setSpanNote(text string) {
	ws := p.ws
	id := p.noteFor
	shown, ok := ws.span(id)
	if !ok || shown.Note == text {
		return
	}
	ws.setNote(id, text)
	if i := slices.IndexFunc(ws.spans, func(s model.Span) bool { return s.ID == id }); i >= 0 {
		p.list.RefreshItem(i)
	}
	t := p.typing[id]
	if t == nil {
		t = &typedNote{}
		p.typing[id] = t
	}
	t.text = text
	t.queued++

	docID, layer, at := ws.doc.ID, ws.layer, ws.appLayer()
	spanText := ws.offsets.Slice(shown.Start, shown.End)
	var state app.State
	saved := false
	ws.write(func(ctx context.Context) error {
		// The span as stored, after the notes queued before this one: the
		// window's copy may lag them, and undo must restore exactly.
		var spans []model.Span
		err := ws.project.Read(ctx, func(tx app.ReadTx) (err error) {
			spans, err = tx.Spans(ctx, docID, layer)
			return err
		})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(spans, func(s model.Span) bool { return s.ID == id })
		if i < 0 {
			return model.Errorf(model.ENOTFOUND, "the span %q is no longer there", spanText)
		}
		before := spans[i]
		if before.Note == text {
			return nil
		}
		after := before
		after.Note = text
		state, err = ws.editor.Do(ctx, docID, at, edit.UpdateSpan(docID, layer, before, after, spanText))
		saved = err == nil
		return err
	}, func(err error) {
		if t.queued--; t.queued == 0 && p.typing[id] == t {
			delete(p.typing, id)
		}
		if err != nil {
			ws.showError(fmt.Sprintf("save the note on %q", spanText), err)
			return
		}
		if saved && docID == ws.doc.ID && layer == ws.layer {
			ws.setSummary(docID, state.Status, len(ws.spans), state.Finished)
		}
	})
}

// setNote sets the note of one of the open document's spans as the window
// holds it.
func (ws *Workspace) setNote(id, note string) {
	for i := range ws.spans {
		if ws.spans[i].ID == id {
			ws.spans[i].Note = note
		}
	}
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
		return p.ws.project.Write(ctx, func(tx app.WriteTx) error { return tx.SetNote(ctx, docID, layer, text) })
	}, func(err error) {
		if err != nil {
			p.ws.showError(fmt.Sprintf("save the note on %q", p.ws.doc.ExternalID), err)
		}
	})
}

// relationRow reads a relation as the panel lists it: from text → label →
// to text, and its note.
func (ws *Workspace) relationRow(r model.Relation) string {
	a, b := ws.relationTexts(r)
	text := spanview.VisualOrder(shortText(a)) + " → " + r.Label + " → " + spanview.VisualOrder(shortText(b))
	if r.Note != "" {
		text += "  — " + spanview.VisualOrder(r.Note)
	}
	return text
}
