package gui

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// The focused span's attributes in the span panel (issue 14): a list of
// them, and a name and a value entry below it that add one or change the
// one picked in the list. Each change is one edit through the editor
// (edit.ChangeAttribute, one undo step); the rules are model/edit's.
//
// From the keyboard: Ctrl+Tab reaches the list (when the span has
// attributes) and the name entry; in the list the arrows and Enter pick
// an attribute into the entries and Delete removes it; Tab goes from the
// name to the value, Enter there saves, Escape goes back to the text.
//
// What is typed in the entries is never overwritten by a save landing:
// the entries are filled only when the annotator picks an attribute or
// focuses another span, and a save clears them only if they still hold
// what it saved (see TestAttributeEntriesKeepTyping).

// attrList is the list of the focused span's attributes: dialogkit's list
// (Escape, Enter) that also takes Delete to remove the picked attribute.
type attrList struct {
	dialogkit.List
	onDelete func()
}

func newAttrList(p *spanPanel, back func()) *attrList {
	l := &attrList{}
	l.OnEscape = back
	l.Length = func() int { return len(p.attrShown) }
	l.CreateItem = func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} }
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(p.attrShown) {
			o.(*widget.Label).SetText(edit.AttributeWords(p.attrShown[i]))
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey is part of fyne.Focusable.
func (l *attrList) TypedKey(ev *fyne.KeyEvent) {
	if (ev.Name == fyne.KeyDelete || ev.Name == fyne.KeyBackspace) && l.onDelete != nil {
		l.onDelete()
		return
	}
	l.List.TypedKey(ev)
}

// attrRows is a layout that gives the attribute list the height of its
// rows, up to three (it scrolls past them, and the span list above needs
// the room): a list's own least height is one row.
type attrRows struct{ p *spanPanel }

func (r attrRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	row := widget.NewLabel("X").MinSize().Height + theme.Padding()
	s := objs[0].MinSize()
	s.Height = row * float32(min(max(len(r.p.attrShown), 1), 3))
	return s
}

func (attrRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// newAttributes makes the panel's attribute widgets and returns them laid
// out, for the panel's bottom.
func (p *spanPanel) newAttributes() fyne.CanvasObject {
	ws := p.ws
	back := func() { ws.win.Canvas().Focus(ws.view) }
	p.attrs = newAttrList(p, back)
	p.attrs.OnSelected = p.pickAttribute
	p.attrs.onDelete = func() {
		if p.editing.Name != "" {
			p.removeAttribute()
		}
	}
	p.attrName = dialogkit.NewEntry(back)
	p.attrName.SetPlaceHolder("Attribute")
	p.attrValue = dialogkit.NewEntry(back)
	p.attrValue.SetPlaceHolder("Value (none: a flag)")
	p.attrName.OnSubmitted = func(string) { p.submitAttribute() }
	p.attrValue.OnSubmitted = func(string) { p.submitAttribute() }
	p.attrSet = dialogkit.NewButton("Set", nil, p.submitAttribute, back)
	p.attrRemove = dialogkit.NewButton("Remove", nil, p.removeAttribute, back)
	p.attrArea = container.New(attrRows{p}, p.attrs)
	p.attrHead = widget.NewLabelWithStyle("Attributes", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// The entries take the panel's width (it may be as narrow as
	// panelMinWidth), the buttons a row of their own.
	p.attrBox = container.NewVBox(p.attrHead, p.attrArea,
		container.NewGridWithColumns(2, p.attrName, p.attrValue),
		container.NewHBox(layout.NewSpacer(), p.attrSet, p.attrRemove))
	p.showAttributes("")
	return p.attrBox
}

// showAttributes lists the attributes of the span with id ("" for none).
// The entries are cleared only when the span is another than the one
// they were for: a reload of the same span keeps what is being typed.
func (p *spanPanel) showAttributes(id string) {
	s, ok := p.ws.span(id)
	if !ok {
		id = ""
	}
	if id != p.attrFor {
		p.attrFor = id
		p.editing = model.Attribute{}
		p.attrName.SetText("")
		p.setValueEntry("", false)
	}
	p.attrShown = s.Attributes
	p.attrs.UnselectAll()
	p.attrs.Refresh()
	// Hidden, the list is passed over by Ctrl+Tab as well (CyclePane).
	// The panel is laid out again: the list's height follows its rows.
	if len(p.attrShown) == 0 {
		p.attrs.Hide()
		p.attrArea.Hide()
	} else {
		p.attrs.Show()
		p.attrArea.Show()
	}
	if p.box != nil {
		p.box.Refresh()
	}
	if id == "" {
		p.attrHead.SetText("Attributes")
		p.attrName.Disable()
		p.attrValue.Disable()
		p.attrSet.Disable()
	} else {
		p.attrHead.SetText("Attributes of " + s.Label)
		p.attrName.Enable()
		p.attrValue.Enable()
		p.attrSet.Enable()
	}
	p.showRemove()
}

// showRemove enables Remove while an attribute is picked.
func (p *spanPanel) showRemove() {
	if p.editing.Name == "" {
		p.attrRemove.Disable()
	} else {
		p.attrRemove.Enable()
	}
}

// setValueEntry fills the value entry. Typed text takes several lines
// (Shift+Enter saves it then, Fyne's rule for a multi-line entry).
func (p *spanPanel) setValueEntry(value string, text bool) {
	if p.attrValue.MultiLine != text {
		p.attrValue.MultiLine = text
		p.attrValue.Wrapping = fyne.TextWrapOff
		if text {
			p.attrValue.Wrapping = fyne.TextWrapWord
		}
		p.attrValue.Refresh()
		if p.box != nil {
			p.box.Refresh() // a multi-line entry is taller
		}
	}
	p.attrValue.SetText(value)
}

// pickAttribute puts the i-th attribute into the entries, to change or
// remove it.
func (p *spanPanel) pickAttribute(i widget.ListItemID) {
	if i >= len(p.attrShown) {
		return
	}
	a := p.attrShown[i]
	p.editing = a
	p.attrName.SetText(a.Name)
	p.setValueEntry(a.Value, a.Text)
	p.showRemove()
	save := "Enter"
	if a.Text {
		save = "Shift+Enter"
	}
	p.ws.say(edit.AttributeWords(a) + ": " + save + " saves a change, Delete removes it.")
}

// submitAttribute saves what the entries hold: a change of the picked
// attribute, or a new one. The entries are cleared at once, ready for the
// next attribute while this one saves; a refusal puts the text back, if
// nothing was typed into them meanwhile.
func (p *spanPanel) submitAttribute() {
	name, value := p.attrName.Text, p.attrValue.Text
	if p.attrFor == "" || (name == "" && value == "") {
		return
	}
	old := p.editing
	if old.Name != "" && old.Name == name && old.Value == value {
		return // nothing changed
	}
	p.clearEntries()
	p.changeAttribute(old, model.Attribute{Name: name, Value: value}, func() {
		if p.attrName.Text == "" && p.attrValue.Text == "" && p.editing.Name == "" {
			p.editing = old
			p.attrName.SetText(name)
			p.setValueEntry(value, old.Text)
			p.showRemove()
		}
	})
}

// removeAttribute removes the picked attribute.
func (p *spanPanel) removeAttribute() {
	old := p.editing
	if p.attrFor == "" || old.Name == "" {
		return
	}
	p.clearEntries()
	p.changeAttribute(old, model.Attribute{}, func() {})
}

// clearEntries empties the entries for a new attribute.
func (p *spanPanel) clearEntries() {
	p.editing = model.Attribute{}
	p.attrName.SetText("")
	p.setValueEntry("", false)
	p.showRemove()
}

// changeAttribute replaces old with new on the span the entries are for
// (edit.ChangeAttribute), as one edit through the editor, on the span as
// stored when the edit runs: a note or a relabel queued just before stays.
// A refusal (an invalid name, the attribute gone meanwhile) is said in
// the status bar, then refused runs.
func (p *spanPanel) changeAttribute(old, new model.Attribute, refused func()) {
	ws := p.ws
	id := p.attrFor
	shown, ok := ws.span(id)
	if !ok {
		return
	}
	layer := ws.layer
	spanText := ws.offsets.Slice(shown.Start, shown.End)
	var desc string
	ws.historyOpElse(func(ctx context.Context, docID string, at app.Layer) (app.State, error) {
		var spans []model.Span
		err := ws.project.Read(ctx, func(tx app.ReadTx) (err error) {
			spans, err = tx.Spans(ctx, docID, layer)
			return err
		})
		if err != nil {
			return app.State{}, err
		}
		i := slices.IndexFunc(spans, func(s model.Span) bool { return s.ID == id })
		if i < 0 {
			return app.State{}, model.Errorf(model.ENOTFOUND, "the span %q is no longer there", spanText)
		}
		before := spans[i]
		attrs, err := edit.ChangeAttribute(before.Attributes, old, new)
		if err != nil {
			return app.State{}, err
		}
		after := before
		after.Attributes = attrs
		cmd := edit.UpdateSpan(docID, layer, before, after, spanText)
		desc = cmd.Describe()
		return ws.editor.Do(ctx, docID, at, cmd)
	}, "change the attributes of “"+shortText(spanText)+"”", func() {
		ws.say("Saved: " + desc + " (Ctrl+Z undoes)")
	}, refused)
}
