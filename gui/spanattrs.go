package gui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
// The entries offer what the project already uses (model.AttributeUse,
// read when the project opens and kept current as attributes are saved):
// the name entry the names, the value entry the values chosen with the
// name typed. A row under them lists the offered words that match what
// was typed (case ignored, so "negated" offers the "Negated" in use); Down
// and Up put the next and previous of them into the entry, typing
// filters them again, a click on one picks it.
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

// maxOffered bounds the words the offer row shows: it is one line.
const maxOffered = 8

// attrEntry is an attribute entry that offers the words in use: Down and
// Up go through those that match what was typed, putting each into the
// entry; typing starts the offer afresh from the new text. A multi-line
// entry (a text value) keeps its arrows for moving between lines.
type attrEntry struct {
	dialogkit.Entry
	offer func() []string // every word in use for this entry
	// typed is what the annotator typed, the filter while Down and Up
	// go through the matches; at is the match in the entry, -1 for none.
	typed   string
	at      int
	picking bool // the text is being set by a pick, not typed
	focused func(*attrEntry)
	changed func()
}

func newAttrEntry(back func(), offer func() []string, focused func(*attrEntry), changed func()) *attrEntry {
	e := &attrEntry{offer: offer, at: -1, focused: focused, changed: changed}
	e.OnEscape = back
	e.ExtendBaseWidget(e)
	e.OnChanged = func(text string) {
		if !e.picking {
			e.typed, e.at = text, -1
		}
		e.changed()
	}
	return e
}

// matches are the words in use that match what was typed.
func (e *attrEntry) matches() []string { return edit.MatchWords(e.offer(), e.typed) }

// SetText is widget.Entry's, and forgets the offer's place: the text is
// new, as if typed.
func (e *attrEntry) SetText(text string) {
	e.Entry.SetText(text)
	e.typed, e.at = text, -1
}

// pick puts a word in use into the entry, the cursor after it.
func (e *attrEntry) pick(word string) {
	e.picking = true
	e.Entry.SetText(word)
	e.picking = false
	e.CursorRow, e.CursorColumn = 0, len([]rune(word))
	e.Refresh()
}

// TypedKey is part of fyne.Focusable: Down and Up go through the offer,
// past its ends back to what was typed.
func (e *attrEntry) TypedKey(ev *fyne.KeyEvent) {
	if (ev.Name == fyne.KeyDown || ev.Name == fyne.KeyUp) && !e.MultiLine {
		m := e.matches()
		if len(m) == 0 {
			return
		}
		n := len(m) + 1 // the matches, and the typed text at -1
		step := 1
		if ev.Name == fyne.KeyUp {
			step = -1
		}
		e.at = (e.at+1+step+n)%n - 1
		if e.at < 0 {
			e.pick(e.typed)
		} else {
			e.pick(m[e.at])
		}
		e.changed()
		return
	}
	e.Entry.TypedKey(ev)
}

// FocusGained is part of fyne.Focusable: the offer row follows the entry
// being typed in.
func (e *attrEntry) FocusGained() {
	e.Entry.FocusGained()
	e.focused(e)
}

// showOffer fills the offer row with the words the entry last focused
// offers for what was typed in it, the one Down or Up put into the entry
// in bold.
func (p *spanPanel) showOffer() {
	e := p.offerFor
	var words []string
	if e != nil && !e.Disabled() && !e.MultiLine {
		words = e.matches()
	}
	p.offerRow.Objects = p.offerRow.Objects[:0]
	switch {
	case p.attrFor == "" || len(p.uses) == 0 || (e != nil && e.MultiLine):
		// Nothing in use, or typed text, which is never offered.
		p.offerHead.SetText("")
	case len(words) == 0 && e == p.attrValue:
		p.offerHead.SetText("No value used with this name yet")
	case len(words) == 0:
		p.offerHead.SetText("No name in use matches")
	case e == p.attrValue:
		p.offerHead.SetText("Used:")
	default:
		p.offerHead.SetText("In use:")
	}
	for i, w := range words {
		if i == maxOffered {
			p.offerRow.Add(widget.NewLabel(fmt.Sprintf("+%d", len(words)-maxOffered)))
			break
		}
		link := widget.NewHyperlink(w, nil)
		link.TextStyle.Bold = e.at == i
		link.OnTapped = func() {
			e.pick(w)
			e.at = i
			p.ws.win.Canvas().Focus(e)
			p.showOffer()
		}
		p.offerRow.Add(link)
	}
	p.offerLine.Refresh() // the heading's width follows its words
}

// loadAttributeUses reads the attribute names and values the project's
// spans carry, for the entries to offer. It runs when the project opens,
// in the background (it reads every span with attributes: see
// storage's BenchmarkAttributesInUse); saves keep it current after.
func (ws *Workspace) loadAttributeUses() {
	ctx := ws.ctx
	ws.pending.Add(1)
	go func() {
		var uses []model.AttributeUse
		err := ws.project.Read(ctx, func(tx app.ReadTx) (err error) {
			uses, err = tx.AttributesInUse(ctx)
			return err
		})
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if err != nil || ctx.Err() != nil {
				return // nothing offered: the entries still take any name
			}
			// Names saved while the read ran are kept.
			for _, u := range ws.panel.uses {
				as := model.Attributes{{Name: u.Name}}
				for _, v := range u.Values {
					as = append(as, model.Attribute{Name: u.Name, Value: v})
				}
				uses = edit.NoteAttributes(uses, as)
			}
			ws.panel.uses = uses
			ws.panel.showOffer()
		})
	}()
}

// attrRowsMost is the most rows the attribute list shows: past them it
// scrolls, and the span list above needs the room.
const attrRowsMost = 3

// attrRows is a layout that gives the attribute list the height of its
// rows, up to p.attrRowsMax (attrRowsMost, fewer when the window is
// short: panelLayout): a list's own least height is one row.
type attrRows struct{ p *spanPanel }

func (r attrRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	s.Height = listRowHeight() * float32(min(max(len(r.p.attrShown), 1), max(r.p.attrRowsMax, 1)))
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
	focused := func(e *attrEntry) {
		p.offerFor = e
		p.showOffer()
		p.reveal(e)
	}
	p.attrName = newAttrEntry(back, func() []string { return edit.AttributeNames(p.uses) }, focused, func() {
		if p.offerFor == p.attrName || p.offerFor == p.attrValue {
			p.showOffer() // the values offered follow the name
		}
	})
	p.attrName.SetPlaceHolder("Attribute")
	p.attrValue = newAttrEntry(back, func() []string { return edit.AttributeValues(p.uses, p.attrName.Text) }, focused, func() {
		if p.offerFor == p.attrValue {
			p.showOffer()
		}
	})
	p.offerFor = p.attrName
	p.attrValue.SetPlaceHolder("Value (none: a flag)")
	p.attrName.OnSubmitted = func(string) { p.submitAttribute() }
	p.attrValue.OnSubmitted = func(string) { p.submitAttribute() }
	p.attrSet = dialogkit.NewButton("Set", nil, p.submitAttribute, back)
	p.attrRemove = dialogkit.NewButton("Remove", nil, p.removeAttribute, back)
	p.attrArea = container.New(attrRows{p}, p.attrs)
	p.attrHead = &widget.Label{Text: "Attributes", TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	p.offerHead = &widget.Label{TextStyle: fyne.TextStyle{Italic: true}}
	p.offerRow = container.NewHBox()
	p.offerLine = container.NewBorder(nil, nil, p.offerHead, nil, container.NewHScroll(p.offerRow))
	// The heading shares the buttons' line, and the offer has one of its
	// own under the entries (it is read while typing): the panel has
	// little height to spare (panelLayout), and at its least width
	// (panelMinWidth) the entries and the words offered need it all.
	p.attrBox = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(p.attrSet, p.attrRemove), p.attrHead),
		p.attrArea,
		container.NewGridWithColumns(2, p.attrName, p.attrValue),
		p.offerLine)
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
	p.showOffer()
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
		if new.Name != "" {
			// As ChangeAttribute stored it: trimmed, of the old one's kind.
			saved := model.Attribute{Name: strings.TrimSpace(new.Name), Value: new.Value, Text: old.Text}
			if !saved.Text {
				saved.Value = strings.TrimSpace(saved.Value)
			}
			p.uses = edit.NoteAttributes(p.uses, model.Attributes{saved})
			p.showOffer()
		}
		ws.say("Saved: " + desc + " (Ctrl+Z undoes)")
	}, refused)
}
