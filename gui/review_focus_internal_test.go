package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/inkspan/inkspan/model"
)

// openReview opens d2 of the review fixture in review mode.
func openReview(t *testing.T) (*testProject, *Workspace) {
	t.Helper()
	p := reviewFixture(t)
	ws := openWorkspace(t, p)
	asUI(ws, func() { ws.SelectDocument(1) })
	waitIdle(t, ws)
	shortcut(ws, fyne.KeyR, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if !ws.Reviewing() || ws.CurrentDocument().ID != "d2" {
		t.Fatalf("review mode %v on %q", ws.Reviewing(), ws.CurrentDocument().ID)
	}
	return p, ws
}

func pressKey(ws *Workspace, name fyne.KeyName) {
	asUI(ws, func() { ws.view.TypedKey(&fyne.KeyEvent{Name: name}) })
}

func focusLine(ws *Workspace) string {
	var s string
	asUI(ws, func() { s = ws.reviewPanel.focus.Text })
	return s
}

// With anna's "Putin" accepted into gold as ACTOR, bob's proposal over the
// same word (PLACE) is still open: Tab reaches it first, the panel says it
// is bob's proposal, and x rejects it, leaving gold alone.
func TestReviewTabAndXOnProposalUnderGold(t *testing.T) {
	p, ws := openReview(t)
	putin := spanAt(t, textErdogan, "Putin", 0, "ACTOR")
	asUI(ws, func() { ws.view.FocusSpan(proposalID(putin)) })
	pressKey(ws, fyne.KeyReturn)
	waitIdle(t, ws)
	if got := goldOf(p, "d2"); got != "Putin/ACTOR" {
		t.Fatalf("gold after Enter = %q", got)
	}
	if line := focusLine(ws); !strings.Contains(line, "Tab") {
		t.Fatalf("with nothing focused the panel says %q", line)
	}

	pressKey(ws, fyne.KeyTab)
	bobs := proposalID(spanAt(t, textErdogan, "Putin", 0, "PLACE"))
	if f, _ := ws.view.FocusedSpan(); f.ID != bobs {
		t.Fatalf("Tab focused %+v, want bob's proposal under the gold span", f)
	}
	if line := focusLine(ws); !strings.Contains(line, "proposal") || !strings.Contains(line, "PLACE") || !strings.Contains(line, "bob") {
		t.Fatalf("with bob's proposal focused the panel says %q", line)
	}
	asUI(ws, func() { ws.view.TypedRune('x') })
	waitIdle(t, ws)
	if got := goldOf(p, "d2"); got != "Putin/ACTOR" {
		t.Fatalf("x changed gold to %q", got)
	}
	if got := p.rejections("d2"); len(got) != 1 || got[0].Label != "PLACE" || got[0].Start != putin.Start {
		t.Fatalf("stored rejections = %+v", got)
	}

	// The next Tab, with the proposal gone, is on the gold span, and the
	// panel says so.
	pressKey(ws, fyne.KeyTab)
	if f, _ := ws.view.FocusedSpan(); f.Candidate || f.Label != "ACTOR" || f.Start != putin.Start {
		t.Fatalf("the second Tab focused %+v, want the gold span", f)
	}
	if line := focusLine(ws); !strings.Contains(line, "gold") || strings.Contains(line, "proposal") {
		t.Fatalf("with the gold span focused the panel says %q", line)
	}
}

// Marking a document reviewed rejects the proposals still open: the status
// bar says how many, the rejections are stored, and one undo takes the
// status and the rejections back.
func TestReviewedRejectsOpenProposalsUndoably(t *testing.T) {
	p, ws := openReview(t)
	shortcut(ws, fyne.KeyA, fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift) // accept agreed
	waitIdle(t, ws)
	var open int
	asUI(ws, func() { open = len(ws.proposals()) })
	if open < 2 {
		t.Fatalf("%d proposals open; the fixture should leave several", open)
	}

	shortcut(ws, fyne.KeyReturn, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	reviewStatus := func() model.ReviewStatus { return p.review("d2").Status }
	rejected := func() int { return len(p.rejections("d2")) }
	if reviewStatus() != model.ReviewReviewed || rejected() != open {
		t.Fatalf("after Ctrl+Enter: %s, %d rejections stored, want reviewed and %d", reviewStatus(), rejected(), open)
	}
	var notice string
	asUI(ws, func() { notice = ws.notice.Text })
	if want := plural(open, "open proposal", "open proposals") + " rejected"; !strings.Contains(notice, want) || !strings.Contains(notice, "Ctrl+Z") {
		t.Fatalf("status bar: %q, want it to say %q and how to undo", notice, want)
	}
	if ws.CurrentDocument().ID != "d3" {
		t.Fatalf("after Ctrl+Enter the window shows %q", ws.CurrentDocument().ID)
	}

	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if reviewStatus() != model.ReviewInReview || rejected() != 0 || goldOf(p, "d2") != "Erdoğan/ACTOR Moscow/PLACE" {
		t.Fatalf("after one undo: %s, %d rejections, gold %q", reviewStatus(), rejected(), goldOf(p, "d2"))
	}
	shortcut(ws, fyne.KeyY, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if reviewStatus() != model.ReviewReviewed || rejected() != open {
		t.Fatalf("after redo: %s, %d rejections", reviewStatus(), rejected())
	}
	// Reopened, the reviewed document has nothing left open.
	asUI(ws, func() { ws.openByID("d2") })
	waitIdle(t, ws)
	if got := viewed(ws); strings.Contains(got, "?") {
		t.Fatalf("the reviewed document still shows proposals: %s", got)
	}
}
