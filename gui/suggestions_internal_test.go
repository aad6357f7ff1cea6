package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/inkspan/inkspan/model"
)

// focusText focuses the view's span (or proposal) over the n-th occurrence
// of sub.
func focusText(t *testing.T, ws *Workspace, sub string, n int) {
	t.Helper()
	want := spanAt(t, ws.CurrentDocument().Text, sub, n, "")
	for _, s := range ws.view.Spans() {
		if s.Start == want.Start && s.End == want.End {
			asUI(ws, func() { ws.view.FocusSpan(s.ID) })
			return
		}
	}
	t.Fatalf("no span over %q", sub)
}

// Suggestions' IDs are UUIDs, as a suggester makes them.
const (
	sg1 = "01890a5d-ac96-774b-bcce-b302099a8001"
	sg2 = "01890a5d-ac96-774b-bcce-b302099a8002"
	sg3 = "01890a5d-ac96-774b-bcce-b302099a8003"
)

func TestSuggestionsInWindow(t *testing.T) {
	p := newTestProject(t)
	suggestion := func(id, sub string, n int, label string, source model.SuggestionSource) model.Suggestion {
		s := spanAt(t, textLodz, sub, n, label)
		return model.Suggestion{ID: id, Start: s.Start, End: s.End, Label: label, Source: source}
	}
	p.suggest("d1", "anna",
		suggestion(sg1, "Dock workers", 0, "ACTOR", model.SourcePatterns),
		suggestion(sg3, "1,250", 0, "FIGURE", model.SourceFigures), // anna has it already: not shown
		suggestion(sg2, "workers", 1, "ACTOR", model.SourceDictionary),
	)
	ws := openWorkspace(t, p)
	ctrl := fyne.KeyModifierShortcutDefault

	if got := viewed(ws); !strings.Contains(got, "?Dock workers/ACTOR") || !strings.Contains(got, "?workers/ACTOR") || strings.Contains(got, "?1,250") {
		t.Fatalf("view = %s", got)
	}
	tags := map[string]string{}
	for _, s := range ws.view.Spans() {
		if s.Candidate {
			tags[s.ID] = s.Tag
		}
	}
	if tags[sg1] != "ACTOR · suggested" || tags[sg2] != "ACTOR · as elsewhere" {
		t.Fatalf("tags = %v", tags)
	}

	// Enter accepts the focused suggestion: a span with the suggestion's ID.
	focusText(t, ws, "Dock workers", 0)
	asUI(ws, func() { ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	waitIdle(t, ws)
	if s, ok := ws.span(sg1); !ok || s.Label != "ACTOR" || s.Origin != model.OriginSuggestion {
		t.Fatalf("after Enter: %s", viewed(ws))
	}
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if _, ok := ws.span(sg1); ok || !strings.Contains(viewed(ws), "?Dock workers/ACTOR") {
		t.Fatalf("undo did not bring the suggestion back: %s", viewed(ws))
	}

	// x rejects; undo restores.
	focusText(t, ws, "workers", 1)
	asUI(ws, func() { ws.view.TypedRune('x') })
	waitIdle(t, ws)
	if strings.Contains(viewed(ws), "?workers/ACTOR") {
		t.Fatalf("x did not reject: %s", viewed(ws))
	}
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if !strings.Contains(viewed(ws), "?workers/ACTOR") {
		t.Fatalf("undo did not restore the rejected suggestion: %s", viewed(ws))
	}

	// A label key accepts under that label.
	focusText(t, ws, "workers", 1)
	asUI(ws, func() { ws.view.TypedRune('2') })
	waitIdle(t, ws)
	if s, ok := ws.span(sg2); !ok || s.Label != "PLACE" {
		t.Fatalf("after 2 on a suggestion: %s", viewed(ws))
	}
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)

	// Ctrl+Shift+A accepts all of them at once, one undo step.
	shortcut(ws, fyne.KeyA, ctrl|fyne.KeyModifierShift)
	waitIdle(t, ws)
	if strings.Contains(viewed(ws), "?") || len(ws.spans) != 6 {
		t.Fatalf("after accepting all: %s", viewed(ws))
	}
	if got, want := ws.notice.Text, "Accepted 2 suggestions (Ctrl+Z undoes)"; got != want {
		t.Fatalf("after accepting all: notice %q, want %q", got, want)
	}
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if strings.Count(viewed(ws), "?") != 2 {
		t.Fatalf("after undoing accept-all: %s", viewed(ws))
	}
}

func TestLabelAllInProject(t *testing.T) {
	p := countWrites(newProject(t,
		model.Document{ID: "e1", Text: "Shelling in Idlib."},
		model.Document{ID: "e2", Text: "🌀 Idlib and Idlib city; the Idlibi fled."},
		model.Document{ID: "e3", Text: "Quiet in Aleppo."},
	))
	ws := openWorkspace(t, p)
	ctrl := fyne.KeyModifierShortcutDefault
	var asked string
	ws.autoConfirm = func(msg string) bool { asked = msg; return true }
	selectText(t, ws, "Idlib", 0)
	asUI(ws, func() { ws.view.TypedRune('2') })
	waitIdle(t, ws)

	shortcut(ws, fyne.KeyL, ctrl|fyne.KeyModifierShift)
	waitIdle(t, ws)
	if !strings.HasPrefix(asked, "Label 2 occurrences of “Idlib” as PLACE, in 1 document?") {
		t.Fatalf("confirmation = %q", asked)
	}
	if got := p.spansOf("e2", "anna"); len(got) != 2 || got[0].Start != 2 || got[1].Start != 12 {
		t.Fatalf("e2 spans = %+v", got)
	}
	if ws.notice.Text != "Labeled 2 occurrences of “Idlib” as PLACE." {
		t.Fatalf("notice = %q", ws.notice.Text)
	}
	if row, _ := ws.rows.at(1); row.SpanCount != 2 {
		t.Fatalf("e2's row says %d spans", row.SpanCount)
	}
	// One undo takes back every document's spans.
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if got := p.spansOf("e2", "anna"); len(got) != 0 {
		t.Fatalf("after undo e2 has %d spans", len(got))
	}
	shortcut(ws, fyne.KeyY, ctrl)
	waitIdle(t, ws)

	// And the other way: remove PLACE from every Idlib in the project.
	focusText(t, ws, "Idlib", 0)
	shortcut(ws, fyne.KeyL, ctrl|fyne.KeyModifierShift|fyne.KeyModifierAlt)
	waitIdle(t, ws)
	if !strings.HasPrefix(asked, "Remove PLACE from every “Idlib” in the project?") {
		t.Fatalf("confirmation = %q", asked)
	}
	for _, doc := range []string{"e1", "e2"} {
		if got := p.spansOf(doc, "anna"); len(got) != 0 {
			t.Fatalf("%s still has %d spans", doc, len(got))
		}
	}
	if ws.notice.Text != "Removed PLACE from 3 occurrences of “Idlib”." {
		t.Fatalf("notice = %q", ws.notice.Text)
	}
	// Declining changes nothing.
	ws.autoConfirm = func(string) bool { return false }
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	before := p.writes()
	focusText(t, ws, "Idlib", 0)
	shortcut(ws, fyne.KeyL, ctrl|fyne.KeyModifierShift|fyne.KeyModifierAlt)
	waitIdle(t, ws)
	if p.writes() != before {
		t.Fatal("a declined confirmation changed the project")
	}
}
