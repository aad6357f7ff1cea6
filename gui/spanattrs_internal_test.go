package gui

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model"
)

// attributesOn is the attributes stored on a span of anna's on d1.
func attributesOn(p *testProject, id string) model.Attributes {
	for _, s := range p.spansOf("d1", "anna") {
		if s.ID == id {
			return s.Attributes
		}
	}
	p.t.Fatalf("no span %s", id)
	return nil
}

// press sends a key to a widget as the UI goroutine.
func press(ws *Workspace, o fyne.Focusable, key fyne.KeyName) {
	asUI(ws, func() { o.TypedKey(&fyne.KeyEvent{Name: key}) })
}

// shownAttributes is what the panel's attribute list shows.
func shownAttributes(ws *Workspace) []string {
	var rows []string
	asUI(ws, func() {
		for _, a := range ws.panel.attrShown {
			rows = append(rows, a.Name+"="+a.Value)
		}
	})
	return rows
}

// The focused span's attributes are added, changed and removed from the
// keyboard alone, each change one undoable edit said in words.
func TestSpanAttributesFromTheKeyboard(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	var c fyne.Canvas
	asUI(ws, func() {
		c = ws.win.Canvas()
		c.Focus(ws.view)
		if !ws.panel.attrName.Disabled() {
			t.Error("the attribute entry is enabled with no span focused")
		}
		ws.panel.list.Select(1)
	})
	focused, ok := ws.view.FocusedSpan()
	if !ok {
		t.Fatal("selecting a row focused no span")
	}
	// Ctrl+Tab from the span list reaches the attribute entry; the list
	// of a span without attributes is hidden and passed over.
	asUI(ws, func() {
		c.Focus(ws.panel.list)
		ws.CyclePane(+1)
		if c.Focused() != ws.panel.attrName {
			t.Fatalf("Ctrl+Tab from the spans: focus on %T, want the attribute entry", c.Focused())
		}
	})
	typeInto(t, ws, ws.panel.attrName, "kb_id")
	asUI(ws, func() { c.Focus(ws.panel.attrValue) }) // Tab, as the driver moves it
	typeInto(t, ws, ws.panel.attrValue, "Q7747")
	press(ws, ws.panel.attrValue, fyne.KeyReturn)
	waitIdle(t, ws)
	kb := model.Attribute{Name: model.AttributeKB, Value: "Q7747"}
	if got := attributesOn(p, focused.ID); !reflect.DeepEqual(got, model.Attributes{kb}) {
		t.Fatalf("stored %+v after Enter, want kb_id = Q7747", got)
	}
	var name, value, notice string
	asUI(ws, func() { name, value, notice = ws.panel.attrName.Text, ws.panel.attrValue.Text, ws.notice.Text })
	if name != "" || value != "" || !strings.Contains(notice, "set kb_id = Q7747 on "+focused.Label) {
		t.Fatalf("after saving the entries hold %q %q and the status bar says %q", name, value, notice)
	}
	// A flag: a name and no value.
	typeInto(t, ws, ws.panel.attrName, "Negated")
	press(ws, ws.panel.attrName, fyne.KeyReturn)
	waitIdle(t, ws)
	negated := model.Attribute{Name: "Negated"}
	if got := shownAttributes(ws); !reflect.DeepEqual(got, []string{"Negated=", "kb_id=Q7747"}) {
		t.Fatalf("the panel lists %q", got)
	}

	// Change a value: Ctrl+Tab now stops at the list; Down and Enter pick
	// kb_id into the entries.
	asUI(ws, func() {
		c.Focus(ws.panel.list)
		ws.CyclePane(+1)
		if c.Focused() != ws.panel.attrs {
			t.Fatalf("Ctrl+Tab from the spans: focus on %T, want the attribute list", c.Focused())
		}
	})
	press(ws, ws.panel.attrs, fyne.KeyDown)
	press(ws, ws.panel.attrs, fyne.KeyReturn)
	asUI(ws, func() { name, value = ws.panel.attrName.Text, ws.panel.attrValue.Text })
	if name != "kb_id" || value != "Q7747" {
		t.Fatalf("picking kb_id filled the entries with %q %q", name, value)
	}
	asUI(ws, func() {
		c.Focus(ws.panel.attrValue)
		ws.panel.attrValue.SetText("")
	})
	typeInto(t, ws, ws.panel.attrValue, "Q1")
	press(ws, ws.panel.attrValue, fyne.KeyReturn)
	waitIdle(t, ws)
	kbQ1 := model.Attribute{Name: model.AttributeKB, Value: "Q1"}
	if got := attributesOn(p, focused.ID); !reflect.DeepEqual(got, model.Attributes{negated, kbQ1}) {
		t.Fatalf("stored %+v after the change, want Negated and kb_id = Q1", got)
	}

	// Remove one: the list is still at kb_id; Up and Enter pick Negated,
	// Delete takes it away.
	asUI(ws, func() { c.Focus(ws.panel.attrs) })
	press(ws, ws.panel.attrs, fyne.KeyUp)
	press(ws, ws.panel.attrs, fyne.KeyReturn)
	press(ws, ws.panel.attrs, fyne.KeyDelete)
	waitIdle(t, ws)
	if got := attributesOn(p, focused.ID); !reflect.DeepEqual(got, model.Attributes{kbQ1}) {
		t.Fatalf("stored %+v after Delete, want kb_id = Q1 alone", got)
	}
	asUI(ws, func() { notice = ws.notice.Text })
	if !strings.Contains(notice, "remove Negated from "+focused.Label) {
		t.Fatalf("the status bar says %q", notice)
	}

	// Each change was one step: undo puts Negated back, and then kb_id's
	// old value, exactly.
	asUI(ws, func() { c.Focus(ws.view) })
	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if got := attributesOn(p, focused.ID); !reflect.DeepEqual(got, model.Attributes{negated, kbQ1}) {
		t.Fatalf("after one undo %+v", got)
	}
	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if got := attributesOn(p, focused.ID); !reflect.DeepEqual(got, model.Attributes{negated, kb}) {
		t.Fatalf("after two undos %+v", got)
	}
	if got := shownAttributes(ws); !reflect.DeepEqual(got, []string{"Negated=", "kb_id=Q7747"}) {
		t.Fatalf("after two undos the panel lists %q", got)
	}

	// With the mouse: a click on a row, then on Remove.
	asUI(ws, func() { ws.panel.attrs.Select(1) })
	asUI(ws, func() { test.Tap(ws.panel.attrRemove) })
	waitIdle(t, ws)
	if got := attributesOn(p, focused.ID); !reflect.DeepEqual(got, model.Attributes{negated}) {
		t.Fatalf("after Remove %+v, want Negated alone", got)
	}

	// A name with a space is refused in words, and what was typed stays.
	typeInto(t, ws, ws.panel.attrName, "two words")
	press(ws, ws.panel.attrName, fyne.KeyReturn)
	waitIdle(t, ws)
	asUI(ws, func() { name, notice = ws.panel.attrName.Text, ws.notice.Text })
	if name != "two words" || !strings.Contains(notice, "white space") {
		t.Fatalf("after a refused name the entry holds %q and the status bar says %q", name, notice)
	}
	if got := attributesOn(p, focused.ID); !reflect.DeepEqual(got, model.Attributes{negated}) {
		t.Fatalf("a refused attribute changed the span: %+v", got)
	}
}

// Saves landing while an attribute is typed (the note's, and the
// attribute's own) never put older text into the entries: the keys typed
// after Enter, into the next attribute, stay.
func TestAttributeEntriesKeepTyping(t *testing.T) {
	p := newSlowDisk(t)
	ws := openWorkspace(t, p)
	p.held.Store(true)
	t.Cleanup(func() { close(p.gate) })

	asUI(ws, func() { ws.panel.list.Select(1) })
	focused, _ := ws.view.FocusedSpan()
	asUI(ws, func() { test.Type(ws.panel.spanNote, "n") }) // a save, held
	for _, r := range "kb_id" {
		asUI(ws, func() { test.Type(ws.panel.attrName, string(r)) })
	}
	asUI(ws, func() { test.Type(ws.panel.attrValue, "Q77") })
	p.gate <- struct{}{} // the note's save lands and reloads the panel
	waitFor(t, "the note's save", func() bool { return unsavedWrites(ws) == 0 })
	asUI(ws, func() { test.Type(ws.panel.attrValue, "47") })
	press(ws, ws.panel.attrValue, fyne.KeyReturn) // held
	asUI(ws, func() { test.Type(ws.panel.attrName, "Neg") })
	releaseSaves(t, ws, p.gate)

	var name, value string
	asUI(ws, func() { name, value = ws.panel.attrName.Text, ws.panel.attrValue.Text })
	if name != "Neg" || value != "" {
		t.Fatalf("the entries hold %q %q, want the next name as typed, \"Neg\", and no value", name, value)
	}
	var stored model.Span
	for _, s := range p.spansOf("d1", "anna") {
		if s.ID == focused.ID {
			stored = s
		}
	}
	if want := (model.Attributes{{Name: model.AttributeKB, Value: "Q7747"}}); stored.Note != "n" || !reflect.DeepEqual(stored.Attributes, want) {
		t.Fatalf("stored note %q, attributes %+v; want \"n\" and %+v", stored.Note, stored.Attributes, want)
	}
}

// Accepting a proposal into gold keeps the attributes every annotator who
// made it gave it; the one they disagree on is left out.
func TestGoldTakesAgreedAttributes(t *testing.T) {
	p := newTestProject(t)
	kb := model.Attribute{Name: model.AttributeKB, Value: "Q39857"}
	negated := model.Attribute{Name: "Negated"}
	erdogan := spanAt(t, textErdogan, "Erdoğan", 0, "ACTOR")
	for _, s := range p.spansOf("d2", "anna") {
		if s.SameAs(erdogan) {
			s.Attributes = model.Attributes{kb}
			if _, err := p.UpdateSpan(p.ctx(), s); err != nil {
				t.Fatal(err)
			}
		}
	}
	erdogan.Attributes = model.Attributes{negated, kb}
	turkish := spanAt(t, textErdogan, "Turkish", 0, "ACTOR")
	turkish.Attributes = model.Attributes{negated}
	p.addSpans("d2", "bob", erdogan, turkish)
	ws := openWorkspace(t, p)
	ctrl := fyne.KeyModifierShortcutDefault
	asUI(ws, func() { ws.SelectDocument(1) })
	waitIdle(t, ws)
	shortcut(ws, fyne.KeyR, ctrl)
	waitIdle(t, ws)
	shortcut(ws, fyne.KeyA, ctrl|fyne.KeyModifierShift) // accept every agreed span
	waitIdle(t, ws)
	asUI(ws, func() { ws.view.FocusSpan(proposalID(turkish)) })
	asUI(ws, func() { ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	waitIdle(t, ws)
	for _, s := range p.spansOf("d2", model.GoldAnnotator) {
		if s.SameAs(erdogan) && !reflect.DeepEqual(s.Attributes, model.Attributes{kb}) {
			t.Errorf("gold's Erdoğan holds %+v, want the kb_id both gave it and not bob's Negated", s.Attributes)
		}
		if s.SameAs(turkish) && !reflect.DeepEqual(s.Attributes, model.Attributes{negated}) {
			t.Errorf("gold's Turkish holds %+v, want bob's Negated", s.Attributes)
		}
	}
	if goldOf(p, "d2") != "Erdoğan/ACTOR Turkish/ACTOR" {
		t.Fatalf("gold = %q", goldOf(p, "d2"))
	}
}

// Typed text keeps its line breaks: picked, the value entry takes
// several lines, Enter breaks a line and Shift+Enter saves.
func TestTextAttributeKeepsLines(t *testing.T) {
	p := newTestProject(t)
	var id string
	for i, s := range p.spansOf("d1", "anna") {
		if i == 1 {
			id = s.ID
			s.Attributes = model.Attributes{{Name: "comment", Value: "old", Text: true}}
			if _, err := p.UpdateSpan(p.ctx(), s); err != nil {
				t.Fatal(err)
			}
		}
	}
	ws := openWorkspace(t, p)
	asUI(ws, func() { ws.panel.list.Select(1) })
	asUI(ws, func() { ws.win.Canvas().Focus(ws.panel.attrs) })
	press(ws, ws.panel.attrs, fyne.KeyReturn)
	asUI(ws, func() {
		if !ws.panel.attrValue.MultiLine || ws.panel.attrValue.Text != "old" {
			t.Fatalf("picking typed text: the value entry holds %q, multi-line %v", ws.panel.attrValue.Text, ws.panel.attrValue.MultiLine)
		}
		ws.win.Canvas().Focus(ws.panel.attrValue)
		ws.panel.attrValue.SetText("")
	})
	typeInto(t, ws, ws.panel.attrValue, "one")
	press(ws, ws.panel.attrValue, fyne.KeyReturn)
	typeInto(t, ws, ws.panel.attrValue, "two")
	if got := attributesOn(p, id); got[0].Value != "old" {
		t.Fatalf("Enter in typed text saved %+v", got)
	}
	asUI(ws, func() {
		e := ws.panel.attrValue
		e.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	})
	waitIdle(t, ws)
	want := model.Attributes{{Name: "comment", Value: "one\ntwo", Text: true}}
	if got := attributesOn(p, id); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored %+v, want %+v", got, want)
	}
}
