package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/inkspan/inkspan/model"
)

// TestReviewListsGoldRelations: in review mode the review panel lists
// gold's relations as the span panel lists an annotator's; Ctrl+Tab reaches
// the marks and then the relations (not the hidden span panel); a relation
// picked there is focused in the text and named on the focus line; Delete
// takes it out of gold, and undo brings it back.
func TestReviewListsGoldRelations(t *testing.T) {
	p := reviewFixture(t)
	gold := p.addSpans("d2", model.GoldAnnotator,
		spanAt(t, textErdogan, "Putin", 0, "ACTOR"), spanAt(t, textErdogan, "Moscow", 0, "PLACE"))
	if _, err := p.AddRelation(p.ctx(), "d2", model.GoldAnnotator, model.Relation{From: gold[0].ID, To: gold[1].ID, Label: "ACTS_IN"}); err != nil {
		t.Fatal(err)
	}
	// anna's relation is hers, not gold's: the review panel leaves it out.
	anna := p.spansOf("d2", "anna")
	if _, err := p.AddRelation(p.ctx(), "d2", "anna", model.Relation{From: anna[0].ID, To: anna[1].ID, Label: "ACTS_IN"}); err != nil {
		t.Fatal(err)
	}
	ws := openWorkspace(t, p)
	asUI(ws, func() { ws.SelectDocument(1) })
	waitIdle(t, ws)
	shortcut(ws, fyne.KeyR, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if !ws.Reviewing() || ws.CurrentDocument().ID != "d2" {
		t.Fatalf("review mode %v on %q", ws.Reviewing(), ws.CurrentDocument().ID)
	}
	var n int
	var head, row string
	asUI(ws, func() {
		n, head = ws.reviewPanel.relList.Length(), ws.reviewPanel.relHead.Text
		if n > 0 {
			row = ws.relationRow(ws.relations[0])
		}
	})
	if n != 1 || head != "Gold relations (1)" || row != "Putin → ACTS_IN → Moscow" {
		t.Fatalf("the review panel lists %d relations under %q, the first %q; want gold's Putin → ACTS_IN → Moscow", n, head, row)
	}

	asUI(ws, func() {
		c := ws.win.Canvas()
		c.Focus(ws.view)
		for i, want := range []fyne.Focusable{ws.list, ws.reviewPanel.list, ws.reviewPanel.relList, ws.view} {
			ws.CyclePane(+1)
			if c.Focused() != want {
				t.Fatalf("Ctrl+Tab step %d in review mode: focus on %T", i+1, c.Focused())
			}
		}
		ws.reviewPanel.relList.Select(0)
		if c.Focused() != ws.view {
			t.Fatalf("picking a gold relation left the keys in %T, want the text", c.Focused())
		}
	})
	if r, ok := ws.view.FocusedRelation(); !ok || r.Label != "ACTS_IN" {
		t.Fatalf("picking the gold relation focused %+v (%v)", r, ok)
	}
	if line := focusLine(ws); !strings.Contains(line, "gold relation Putin → ACTS_IN → Moscow") || !strings.Contains(line, "Delete") {
		t.Fatalf("with the gold relation focused the panel says %q", line)
	}

	goldRelations := func() int {
		rels, err := p.Relations(p.ctx(), "d2", model.GoldAnnotator)
		if err != nil {
			t.Fatal(err)
		}
		return len(rels)
	}
	pressIn(ws, ws.win, fyne.KeyDelete)
	waitIdle(t, ws)
	waitFor(t, "the gold relation deleted", func() bool { return goldRelations() == 0 })
	asUI(ws, func() { n, head = ws.reviewPanel.relList.Length(), ws.reviewPanel.relHead.Text })
	if n != 0 || head != "Gold relations (0)" {
		t.Fatalf("after Delete the review panel lists %d under %q", n, head)
	}
	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	waitFor(t, "the gold relation back", func() bool { return goldRelations() == 1 })
	asUI(ws, func() { n = ws.reviewPanel.relList.Length() })
	if n != 1 {
		t.Fatalf("after undo the review panel lists %d gold relations", n)
	}
}
