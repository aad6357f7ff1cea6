package gui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
)

// reviewFixture gives d2 a second annotator, bob, who agrees with anna on
// Erdoğan and Moscow, calls Putin a PLACE, marks "Tayyip Erdoğan" where
// anna marked "Recep Tayyip Erdoğan", and adds "Turkish".
func reviewFixture(t *testing.T) *testProject {
	p := newTestProject(t)
	p.addSpans("d2", "bob",
		spanAt(t, textErdogan, "Erdoğan", 0, "ACTOR"),
		spanAt(t, textErdogan, "Putin", 0, "PLACE"),
		spanAt(t, textErdogan, "Moscow", 0, "PLACE"),
		spanAt(t, textErdogan, "Turkish", 0, "ACTOR"),
		spanAt(t, textErdogan, "Tayyip Erdoğan", 0, "ACTOR"),
	)
	return p
}

// viewed lists the view's spans as "text/LABEL" with "?" for proposals.
func viewed(ws *Workspace) string {
	var out []string
	for _, s := range ws.view.Spans() {
		mark := ""
		if s.Candidate {
			mark = "?"
		}
		out = append(out, mark+ws.offsets.Slice(s.Start, s.End)+"/"+s.Label)
	}
	return strings.Join(out, " ")
}

// goldOf lists the gold spans stored on a document as "text/LABEL".
func goldOf(p *testProject, doc string) string {
	p.t.Helper()
	d, err := p.Document(p.ctx(), doc)
	if err != nil {
		p.t.Fatal(err)
	}
	offs := model.NewOffsets(d.Text)
	var out []string
	for _, s := range p.spansOf(doc, model.GoldAnnotator) {
		out = append(out, offs.Slice(s.Start, s.End)+"/"+s.Label)
	}
	return strings.Join(out, " ")
}

func TestReviewMode(t *testing.T) {
	p := reviewFixture(t)
	ws := openWorkspace(t, p)
	ctrl := fyne.KeyModifierShortcutDefault
	asUI(ws, func() { ws.SelectDocument(1) })
	waitIdle(t, ws)
	shortcut(ws, fyne.KeyR, ctrl)
	waitIdle(t, ws)
	if !ws.Reviewing() || !strings.HasSuffix(ws.Window().Title(), "— reviewing") || ws.CurrentDocument().ID != "d2" {
		t.Fatalf("review mode %v, title %q, open %q", ws.Reviewing(), ws.Window().Title(), ws.CurrentDocument().ID)
	}
	// The count beside the progress bar counts reviewed documents now.
	if got := ws.progressText.Text; !strings.HasSuffix(got, " reviewed") {
		t.Fatalf("the status bar's count says %q in review mode", got)
	}
	// Gold is empty: every distinct span is a proposal, tagged with who made it.
	if got := viewed(ws); !strings.HasPrefix(got, "?Erdoğan/ACTOR ?Putin/ACTOR ?Putin/PLACE") || strings.Count(got, "?") != len(ws.view.Spans()) {
		t.Fatalf("view = %s", got)
	}
	tags := map[string]string{}
	for _, s := range ws.view.Spans() {
		tags[ws.offsets.Slice(s.Start, s.End)+"/"+s.Label] = s.Tag
	}
	if tags["Erdoğan/ACTOR"] != "ACTOR · all" || tags["Putin/PLACE"] != "PLACE · bob" || tags["İdlib/PLACE"] != "PLACE · anna" {
		t.Fatalf("tags = %v", tags)
	}
	// The panel lists every mark with how the annotators stand on it.
	kinds := map[string]string{}
	for _, m := range ws.reviewPanel.rows {
		kinds[ws.offsets.Slice(m.Span.Start, m.Span.End)+"/"+m.Span.Label] = m.Kind.String()
	}
	for mark, want := range map[string]string{
		"Erdoğan/ACTOR": "agreed", "Putin/PLACE": "label", "Putin/ACTOR": "label",
		"Tayyip Erdoğan/ACTOR": "boundary", "Turkish/ACTOR": "partial", "İdlib/PLACE": "partial",
	} {
		if kinds[mark] != want {
			t.Errorf("%s is %q, want %q", mark, kinds[mark], want)
		}
	}
	// The reviewer's filter: only documents where annotators disagree.
	if !ws.worstFirst.Visible() {
		t.Fatal("no disagreement filter in review mode")
	}
	asUI(ws, func() { ws.worstFirst.SetChecked(true) })
	waitIdle(t, ws)
	if got := listTitles(ws); got != "d2" {
		t.Fatalf("disagreeing documents: %q", got)
	}
	asUI(ws, func() { ws.worstFirst.SetChecked(false) })
	waitIdle(t, ws)
	if row, _ := ws.rows.at(1); statusText(model.Status(model.ReviewStatusOf(row.Status))) != "unreviewed" {
		t.Fatalf("list row status %q", row.Status)
	}

	// Accept every agreed span at once: Erdoğan and Moscow.
	shortcut(ws, fyne.KeyA, ctrl|fyne.KeyModifierShift)
	waitIdle(t, ws)
	if got := goldOf(p, "d2"); got != "Erdoğan/ACTOR Moscow/PLACE" {
		t.Fatalf("gold after accepting agreed = %q", got)
	}
	if ws.review.Status != model.ReviewInReview || ws.review.Reviewer != "anna" {
		t.Fatalf("review = %+v", ws.review)
	}
	if got := viewed(ws); !strings.HasPrefix(got, "Erdoğan/ACTOR ") || strings.Contains(got, "?Erdoğan/ACTOR") {
		t.Fatalf("accepted spans are drawn as gold: %s", got)
	}
	// The status bar says what accept-all did, and then what undo did.
	if got, want := ws.notice.Text, "Accepted 2 agreed spans (Ctrl+Z undoes)"; got != want {
		t.Fatalf("after accepting agreed: notice %q, want %q", got, want)
	}
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if got, want := ws.notice.Text, "Undone: accept 2 agreed spans"; got != want {
		t.Fatalf("after undoing it: notice %q, want %q", got, want)
	}
	if got := goldOf(p, "d2"); got != "" {
		t.Fatalf("gold after undo = %q", got)
	}
	shortcut(ws, fyne.KeyY, ctrl)
	waitIdle(t, ws)

	// Focus anna's Putin/ACTOR and press Enter: into gold.
	putin := spanAt(t, textErdogan, "Putin", 0, "ACTOR")
	asUI(ws, func() { ws.view.FocusSpan(proposalID(putin)) })
	asUI(ws, func() { ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	waitIdle(t, ws)
	if got := goldOf(p, "d2"); got != "Erdoğan/ACTOR Putin/ACTOR Moscow/PLACE" {
		t.Fatalf("gold after Enter = %q", got)
	}
	// bob's Putin/PLACE: x rejects it, and undo brings it back.
	asUI(ws, func() { ws.view.FocusSpan(proposalID(spanAt(t, textErdogan, "Putin", 0, "PLACE"))) })
	asUI(ws, func() { ws.view.TypedRune('x') })
	waitIdle(t, ws)
	if strings.Contains(viewed(ws), "Putin/PLACE") {
		t.Fatalf("a rejected proposal is still drawn: %s", viewed(ws))
	}
	if i := slices.IndexFunc(ws.reviewPanel.rows, func(m agree.Mark) bool { return m.Span.Label == "PLACE" && m.Span.Start == putin.Start }); i < 0 || markState(ws, ws.reviewPanel.rows[i]) != "✗" {
		t.Fatal("the panel does not show the rejection")
	}
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if !strings.Contains(viewed(ws), "?Putin/PLACE") {
		t.Fatalf("undo did not bring the proposal back: %s", viewed(ws))
	}
	// A rejection is stored: reopening the document shows it decided.
	shortcut(ws, fyne.KeyY, ctrl)
	waitIdle(t, ws)
	if got := p.rejections("d2"); len(got) != 1 || got[0].Label != "PLACE" {
		t.Fatalf("stored rejections = %+v", got)
	}
	asUI(ws, ws.reloadSpans)
	waitIdle(t, ws)
	if strings.Contains(viewed(ws), "Putin/PLACE") {
		t.Fatalf("after reopening, the rejected proposal is back: %s", viewed(ws))
	}
	shortcut(ws, fyne.KeyZ, ctrl)
	waitIdle(t, ws)
	if got := p.rejections("d2"); len(got) != 0 {
		t.Fatalf("undo left rejections %+v", got)
	}
	// A label key on a proposal accepts it under that label.
	asUI(ws, func() { ws.view.FocusSpan(proposalID(spanAt(t, textErdogan, "Turkish", 0, "ACTOR"))) })
	asUI(ws, func() { ws.view.TypedRune('2') })
	waitIdle(t, ws)
	if got := goldOf(p, "d2"); !strings.Contains(got, "Turkish/PLACE") {
		t.Fatalf("gold after 2 on a proposal = %q", got)
	}

	// Ctrl+Enter: reviewed, and on to the next unreviewed document.
	shortcut(ws, fyne.KeyReturn, ctrl)
	waitIdle(t, ws)
	if r := p.review("d2"); r.Status != model.ReviewReviewed {
		t.Fatalf("d2 review after Ctrl+Enter = %+v", r)
	}
	if ws.CurrentDocument().ID != "d3" || ws.progress.Value != 1 {
		t.Fatalf("now on %q, %v reviewed", ws.CurrentDocument().ID, ws.progress.Value)
	}

	// Back to annotating: anna's own spans, filled, and no proposals.
	shortcut(ws, fyne.KeyR, ctrl)
	waitIdle(t, ws)
	if ws.Reviewing() || ws.worstFirst.Visible() || strings.Contains(ws.Window().Title(), "reviewing") || strings.Contains(viewed(ws), "?") {
		t.Fatalf("after leaving review mode: title %q, view %s", ws.Window().Title(), viewed(ws))
	}
	if got := viewed(ws); got != "São Paulo/PLACE Close to a million/FIGURE São Paulo state/PLACE" {
		t.Fatalf("anna's d3 = %s", got)
	}
}

// View > Agreement opens the panel; picking a document there opens it in
// review mode.
func TestAgreementWindow(t *testing.T) {
	p := reviewFixture(t)
	ws := openWorkspace(t, p)
	asUI(ws, ws.ShowAgreement)
	waitIdle(t, ws)
	var panel fyne.Window
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		if w.Title() == "Inkspan — agreement" {
			panel = w
		}
	}
	if panel == nil {
		t.Fatal("no agreement window")
	}
	t.Cleanup(panel.Close)
	var list *dialogkit.List // a list that answers Escape (agreeview)
	for _, o := range test.LaidOutObjects(panel.Content()) {
		if l, ok := o.(*dialogkit.List); ok {
			list = l
		}
	}
	if list == nil || list.Length() != 1 {
		t.Fatalf("the panel should list d2, the one document two people labeled")
	}
	asUI(ws, func() { list.Select(0) })
	waitIdle(t, ws)
	if !ws.Reviewing() || ws.CurrentDocument().ID != "d2" {
		t.Fatalf("after picking d2: reviewing %v, open %q", ws.Reviewing(), ws.CurrentDocument().ID)
	}
}
