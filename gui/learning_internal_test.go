package gui

import (
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model"
)

// learnTexts are documents that say the same kinds of things, so that a
// model trained on the first few suggests on the others.
var learnTexts = []string{
	"Putin met Erdogan in Moscow on Thursday. Officials in Aleppo said Assad left Damascus.",
	"Erdogan met Assad in Ankara on Friday. Officials in Idlib said Putin left Moscow.",
	"Assad met Putin in Damascus on Monday. Officials in Homs said Erdogan left Ankara.",
	"Putin met Assad in Aleppo on Sunday. Officials in Moscow said Erdogan left Idlib.",
	"Erdogan met Putin in Damascus on Tuesday. Officials in Ankara said Assad left Homs.",
	"Assad met Erdogan in Moscow on Monday. Officials in Aleppo said Putin left Idlib.",
}

// learnSpans labels the people ACTOR and the cities PLACE.
func learnSpans(t *testing.T, text string) []model.Span {
	var spans []model.Span
	for _, w := range []string{"Putin", "Erdogan", "Assad"} {
		spans = append(spans, spanAt(t, text, w, 0, "ACTOR"))
	}
	for _, w := range []string{"Moscow", "Aleppo", "Damascus", "Ankara", "Idlib", "Homs"} {
		if strings.Contains(text, w) {
			spans = append(spans, spanAt(t, text, w, 0, "PLACE"))
		}
	}
	return spans
}

// TestModelSuggestionsInWindow: with three documents done, the window
// trains the annotator's model in the background and keeps it in the
// project; marking the fourth done opens the fifth with the model's
// suggestions, tagged with their confidence, which accept as the others'
// do; the threshold hides the less confident ones.
func TestModelSuggestionsInWindow(t *testing.T) {
	docs := make([]model.Document, len(learnTexts))
	for i, text := range learnTexts {
		docs[i] = model.Document{ID: "l" + string(rune('1'+i)), Text: text}
	}
	p := newProject(t, docs...)
	for _, d := range docs[:4] {
		p.addSpans(d.ID, "anna", learnSpans(t, d.Text)...)
	}
	for _, d := range docs[:3] {
		p.setStatus(d.ID, "anna", model.StatusDone)
	}
	ws := openWorkspace(t, p)
	if ws.CurrentDocument().ID != "l4" {
		t.Fatalf("opened %s, want the first unfinished", ws.CurrentDocument().ID)
	}
	saved, err := p.SavedModel(p.ctx(), "anna")
	if err != nil || saved.Documents != 3 {
		t.Fatalf("saved model on %d documents, %v; want one trained as the window opened", saved.Documents, err)
	}

	asUI(ws, func() { ws.Finish(model.StatusDone) })
	waitIdle(t, ws)
	if ws.CurrentDocument().ID != "l5" {
		t.Fatalf("after marking done, %s is open, want l5", ws.CurrentDocument().ID)
	}
	// The training the fourth started has ended (waitIdle) and is kept.
	if saved, err := p.SavedModel(p.ctx(), "anna"); err != nil || saved.Documents != 4 {
		t.Fatalf("saved model on %d documents, %v; want it trained again on 4", saved.Documents, err)
	}
	tag := regexp.MustCompile(`^(ACTOR|PLACE) · \d+%$`)
	var shown []string
	var ids []string
	asUI(ws, func() {
		for _, s := range ws.view.Spans() {
			if s.Candidate {
				shown = append(shown, s.Tag)
				ids = append(ids, s.ID)
			}
		}
	})
	if len(shown) < 3 {
		t.Fatalf("model suggestions shown: %v; view %s", shown, viewed(ws))
	}
	t.Logf("model suggestions on l5: %v", shown)
	for _, tg := range shown {
		if !tag.MatchString(tg) {
			t.Fatalf("tag %q, want label · confidence", tg)
		}
	}
	for _, s := range ws.suggested {
		if s.Source != model.SourceModel || s.Confidence <= 0 || s.Confidence > 1 {
			t.Fatalf("suggestion %+v, want the model's with a confidence", s)
		}
	}

	// Enter accepts a model suggestion as it does the others.
	focusText(t, ws, "Erdogan", 0)
	asUI(ws, func() { ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	waitIdle(t, ws)
	if got := p.spansOf("l5", "anna"); len(got) != 1 || got[0].Origin != model.OriginSuggestion || got[0].Label != "ACTOR" {
		t.Fatalf("after Enter, anna's spans on l5: %+v", got)
	}

	// The threshold hides the less confident; at the top, a suggestion
	// shows only if the model is that sure.
	count := func() int {
		n := 0
		asUI(ws, func() {
			for _, s := range ws.view.Spans() {
				if s.Candidate {
					n++
				}
			}
		})
		return n
	}
	all := count()
	for _, threshold := range modelThresholds {
		want := 0
		for _, s := range ws.suggested {
			if s.Confidence >= threshold {
				want++
			}
		}
		asUI(ws, func() { ws.SetModelThreshold(threshold) })
		if got := count(); got != want {
			t.Errorf("threshold %.1f: %d shown, want %d of %d", threshold, got, want, all)
		}
	}
	asUI(ws, func() { ws.SetModelThreshold(2) })
	if got := count(); got != 0 {
		t.Errorf("a threshold above every confidence shows %d", got)
	}

	// Accept all takes what is shown, not what the threshold hides, as one
	// undo step.
	var threshold float64
	var visible, hidden int
	for _, th := range modelThresholds {
		v := 0
		for _, s := range ws.suggested {
			if s.Confidence >= th {
				v++
			}
		}
		if v > 0 && v < len(ws.suggested) {
			threshold, visible, hidden = th, v, len(ws.suggested)-v
		}
	}
	if visible == 0 {
		t.Fatalf("no threshold between the suggestions' confidences: %+v", ws.suggested)
	}
	before := len(p.spansOf("l5", "anna"))
	asUI(ws, func() { ws.SetModelThreshold(threshold); ws.AcceptAll() })
	waitIdle(t, ws)
	if got := len(p.spansOf("l5", "anna")); got != before+visible {
		t.Errorf("accept all at %.1f: %d spans, want %d (%d shown, %d hidden)", threshold, got, before+visible, visible, hidden)
	}
	var left int
	asUI(ws, func() { left = len(ws.suggested) })
	if left != hidden {
		t.Errorf("after accept all, %d suggestions pending, want the %d hidden", left, hidden)
	}
	asUI(ws, func() { ws.Undo() })
	waitIdle(t, ws)
	if got := len(p.spansOf("l5", "anna")); got != before {
		t.Errorf("one undo left %d spans, want %d", got, before)
	}
	// The threshold is kept for the next session.
	var kept float64
	asUI(ws, func() { kept = (&Workspace{}).learning().threshold })
	if kept != threshold {
		t.Errorf("the next session's threshold is %.1f, want %.1f", kept, threshold)
	}
	waitIdle(t, ws)
}

// TestModelPanel: View ▸ Model scores the model by cross-validation on the
// finished documents and shows each label's scores and the learning curve;
// with fewer finished documents than folds it says how many more.
func TestModelPanel(t *testing.T) {
	docs := make([]model.Document, len(learnTexts))
	for i, text := range learnTexts {
		docs[i] = model.Document{ID: "l" + string(rune('1'+i)), Text: text}
	}
	p := newProject(t, docs...)
	for _, d := range docs[:4] {
		p.addSpans(d.ID, "anna", learnSpans(t, d.Text)...)
		p.setStatus(d.ID, "anna", model.StatusDone)
	}
	ws := openWorkspace(t, p)
	asUI(ws, ws.ShowModel)
	waitIdle(t, ws)
	var texts []string
	asUI(ws, func() { texts = labelTexts(overlayTop(ws)) })
	if got := strings.Join(texts, "|"); !strings.Contains(got, "finish 1 more to see its scores") {
		t.Fatalf("Model panel with 4 documents finished: %q", got)
	}

	p.addSpans("l5", "anna", learnSpans(t, learnTexts[4])...)
	p.setStatus("l5", "anna", model.StatusDone)
	asUI(ws, ws.ShowModel)
	waitIdle(t, ws)
	var chart *curveChart
	asUI(ws, func() {
		top := overlayTop(ws)
		texts = labelTexts(top)
		for _, o := range test.LaidOutObjects(top) {
			if c, ok := o.(*curveChart); ok {
				chart = c
			}
		}
	})
	got := strings.Join(texts, "|")
	for _, want := range []string{"Precision|Recall|F1", "ACTOR|", "PLACE|", "overall|", "Trained on the 5 documents you finished"} {
		if !strings.Contains(got, want) {
			t.Fatalf("Model panel lacks %q: %q", want, got)
		}
	}
	// 5 documents in 5 folds: each trains on 4, the curve on 1, 2 and 4.
	if chart == nil || len(chart.points) != 3 || chart.points[2].Documents != 4 {
		t.Fatalf("learning curve chart %+v", chart)
	}
	waitIdle(t, ws)
}
