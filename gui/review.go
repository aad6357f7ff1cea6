package gui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/agreeview"
	"github.com/inkspan/inkspan/gui/spanview"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/model/edit"
)

// Review mode: the reviewer edits the document's gold version (the
// reserved annotator model.GoldAnnotator) with the same keys an annotator
// labels with, while every person's spans that gold does not have yet are
// drawn outlined as proposals, tagged with who made them. Enter (or a label
// key) accepts the focused proposal into gold, x or Delete rejects it;
// every step goes through the undo history.

// SetReviewMode switches between annotating and reviewing. The list,
// counts and open document are read again for the other layer.
func (ws *Workspace) SetReviewMode(on bool) {
	if on == ws.reviewing {
		return
	}
	ws.reviewing = on
	ws.layer = ws.annotator
	if on {
		ws.layer = model.GoldAnnotator
	}
	ws.win.SetTitle(windowTitle(ws.project.Path(), ws.annotator, on))
	ws.reviewToggle.Checked = on
	ws.win.MainMenu().Refresh()
	ws.panel.box.Hidden = on
	ws.reviewPanel.box.Hidden = !on
	ws.panel.box.Refresh()
	ws.reviewPanel.box.Refresh()

	// Statuses mean review statuses now: a filter on them starts afresh,
	// and the disagreement filter is the reviewer's alone.
	ws.filter.Statuses, ws.filter.Disagreeing = nil, false
	ws.worstFirst.SetChecked(false)
	ws.worstFirst.Hidden = !on
	ws.worstFirst.Refresh()
	ws.statusFilter.Options = statusChoices(on)
	ws.statusFilter.SetSelectedIndex(0)
	ws.loadDocuments()
	if ws.doc.ID != "" {
		ws.loadDocument(ws.doc.ID, "")
	}
}

// Reviewing reports whether the window is in review mode.
func (ws *Workspace) Reviewing() bool { return ws.reviewing }

func (ws *Workspace) allDoneMessage() string {
	if ws.reviewing {
		return "Every document is reviewed."
	}
	return "Every document is done. Well done!"
}

// proposal is a span the annotator (or reviewer) has still to decide on,
// drawn outlined: in review mode a span some person made that gold does
// not have yet; otherwise one of the annotator's stored suggestions.
type proposal struct {
	id         string
	span       model.Span // what accepting adds
	tag        string     // drawn above it
	mark       agree.Mark // review mode: how the annotators stand on it
	suggestion bool
	suggested  model.Suggestion // the suggestion, as Suggestions returned it, when suggestion
}

// proposalID names a review proposal, stably across reloads.
func proposalID(s model.Span) string {
	return "proposal:" + strconv.Itoa(s.Start) + ":" + strconv.Itoa(s.End) + ":" + s.Label
}

// marks compares the people's spans on the open document. The people's
// spans change only when a document loads, so the comparison is made once
// then and kept: every key press asks for it.
func (ws *Workspace) marks() []agree.Mark {
	if !ws.reviewing {
		return nil
	}
	return ws.peopleMarks
}

// inGold reports whether gold has a span with these offsets and label.
func (ws *Workspace) inGold(s model.Span) bool {
	return slices.ContainsFunc(ws.spans, s.SameAs)
}

// proposals are the spans still open: when reviewing, marks not in gold
// and not rejected; when annotating, the pending suggestions.
func (ws *Workspace) proposals() []proposal {
	// Sized up front: a long document has thousands, and growing the
	// slice copied them over and over.
	out := make([]proposal, 0, max(len(ws.suggested), len(ws.peopleMarks)))
	if !ws.reviewing {
		for _, s := range ws.suggested {
			if ws.learn.shows(s) {
				out = append(out, proposal{id: s.ID, span: s.Span(), tag: suggestionTag(s), suggestion: true, suggested: s})
			}
		}
		return out
	}
	gold := ws.goldKeys()
	for _, m := range ws.marks() {
		id := proposalID(m.Span)
		if !gold[keyOf(m.Span)] && !ws.rejected.has(id) {
			out = append(out, proposal{id: id, span: m.Span, tag: m.Span.Label + " · " + ws.byWhom(m), mark: m})
		}
	}
	return out
}

// spanKey is a span's identity for agreement: offsets and label.
type spanKey struct {
	start, end int
	label      string
}

func keyOf(s model.Span) spanKey { return spanKey{s.Start, s.End, s.Label} }

// goldKeys is the set of gold's spans: marks are checked against a set, not
// the list, as a long document has thousands of both.
func (ws *Workspace) goldKeys() map[spanKey]bool {
	gold := make(map[spanKey]bool, len(ws.spans))
	for _, s := range ws.spans {
		gold[keyOf(s)] = true
	}
	return gold
}

// sourceWords says where a suggestion came from, for its tag.
func sourceWords(source model.SuggestionSource) string {
	if source == model.SourceDictionary {
		return "as elsewhere"
	}
	return "suggested"
}

func (ws *Workspace) proposal(id string) (proposal, bool) {
	for _, p := range ws.proposals() {
		if p.id == id {
			return p, true
		}
	}
	return proposal{}, false
}

// viewSpans hands the view the spans of the layer being edited and the
// open proposals, drawn outlined with their tags.
func (ws *Workspace) viewSpans() []spanview.Span {
	out := viewSpans(ws.spans)
	for _, p := range ws.proposals() {
		out = append(out, spanview.Span{
			ID: p.id, Start: p.span.Start, End: p.span.End, Label: p.span.Label, Candidate: true, Tag: p.tag,
		})
	}
	return out
}

// byWhom names who made a mark: "all" when every annotator did.
func (ws *Workspace) byWhom(m agree.Mark) string {
	if m.Kind == agree.Agreed && len(ws.people) > 1 {
		return "all"
	}
	return strings.Join(m.By, ", ")
}

// refreshPanels redraws the side panel of the mode in use.
func (ws *Workspace) refreshPanels() {
	ws.panel.refresh()
	ws.reviewPanel.refresh()
}

// spanFocused follows the focus the annotator moves in the text (Tab, a
// click, Escape): the note entry, and in review mode the line that says
// which mark has it.
func (ws *Workspace) spanFocused(id string) {
	ws.panel.showNote(id)
	ws.reviewPanel.showFocus()
}

// focusLine says which mark has the focus and what the keys do to it. Two
// marks can cover the same words (a gold span and a proposal another
// annotator made there): x rejects the one and removes the other from gold.
func (ws *Workspace) focusLine() string {
	if r, ok := ws.view.FocusedRelation(); ok {
		if gr, ok := ws.relation(r.ID); ok {
			return "On the gold relation " + ws.relationRow(gr) + ": Delete takes it out of gold, a relation key relabels it."
		}
	}
	f, ok := ws.view.FocusedSpan()
	if !ok {
		return "Tab goes from mark to mark, proposals first."
	}
	text := shortText(ws.offsets.Slice(f.Start, f.End))
	if p, ok := ws.proposal(f.ID); ok {
		return fmt.Sprintf("On the proposal %s “%s” by %s: Enter accepts it, x rejects it.", p.span.Label, text, ws.byWhom(p.mark))
	}
	return fmt.Sprintf("On %s “%s” in gold: x or Delete takes it out of gold.", f.Label, text)
}

// shortText shortens a span's text to fit a line of the side panel.
func shortText(s string) string {
	const most = 32
	if r := []rune(s); len(r) > most {
		return string(r[:most-1]) + "…"
	}
	return s
}

// acceptProposal makes a proposal a span of the layer being edited, under
// label ("" keeps its own).
func (ws *Workspace) acceptProposal(p proposal, label string) {
	text := ws.offsets.Slice(p.span.Start, p.span.End)
	ws.view.ClearSelection()
	if p.suggestion {
		var cmd edit.Command = edit.AcceptSuggestion(ws.doc.ID, ws.layer, p.suggested, text)
		if label != "" && label != p.span.Label {
			// Accepted, the span keeps the suggestion's ID: relabel that.
			before := model.Span{ID: p.span.ID, Start: p.span.Start, End: p.span.End, Label: p.span.Label, Origin: model.OriginSuggestion}
			after := before
			after.Label = label
			cmd = edit.Batch(fmt.Sprintf("accept %q as %s", text, label), cmd, edit.UpdateSpan(ws.doc.ID, ws.layer, before, after, text))
		}
		ws.Do(cmd)
		return
	}
	s := p.span
	s.ID, s.Note, s.Origin = "", "", model.OriginManual
	// Gold takes the attributes the annotators agree on (model/agree).
	s.Attributes = agree.Attributes(ws.people, p.mark)
	if label != "" {
		s.Label = label
	}
	ws.Do(edit.AddSpan(ws.doc.ID, model.GoldAnnotator, s, text))
}

// rejectProposal turns a proposal down, as an undoable step: a suggestion
// is marked rejected in storage, a review proposal is recorded as the
// reviewer's rejection; either leaves the text, and the review panel marks
// it rejected.
func (ws *Workspace) rejectProposal(p proposal) {
	if p.suggestion {
		ws.Do(edit.RejectSuggestion(ws.doc.ID, ws.layer, p.suggested, ws.offsets.Slice(p.span.Start, p.span.End)))
		return
	}
	ws.Do(ws.rejectCommand(p))
}

// rejectCommand records the rejection of a review proposal.
func (ws *Workspace) rejectCommand(p proposal) *rejectCmd {
	s := model.Span{Start: p.span.Start, End: p.span.End, Label: p.span.Label}
	return &rejectCmd{r: &ws.rejected, doc: ws.doc.ID, span: s, id: p.id, text: ws.offsets.Slice(s.Start, s.End)}
}

// reviewedRejections are the commands that reject the proposals still
// open when the reviewer marks the open document reviewed (status done),
// nil otherwise. Reviewed means that whatever gold did not take is
// rejected; storing it so makes the reopened document show them decided,
// and lets the rejections join the status change as one undo step.
func (ws *Workspace) reviewedRejections(status model.Status) []edit.Command {
	if !ws.reviewing || status != model.StatusDone {
		return nil
	}
	var cmds []edit.Command
	for _, p := range ws.proposals() {
		cmds = append(cmds, ws.rejectCommand(p))
	}
	return cmds
}

// withRejections makes a status change and the rejections that come with
// it one undo step.
func withRejections(status edit.Command, rejections []edit.Command) edit.Command {
	if len(rejections) == 0 {
		return status
	}
	return edit.Batch(status.Describe()+", rejecting "+plural(len(rejections), "open proposal", "open proposals"),
		append([]edit.Command{status}, rejections...)...)
}

// reviewedNotice tells the reviewer, once the document is marked reviewed,
// how many open proposals that rejected and how to take it back. It is
// short: the status bar holds it on one line beside the rest.
func (ws *Workspace) reviewedNotice(rejected int) {
	if rejected > 0 {
		ws.say(fmt.Sprintf("Reviewed: %s rejected (Ctrl+Z undoes)",
			plural(rejected, "open proposal", "open proposals")))
	}
}

// openAgreed counts the agreed marks gold does not have yet and nobody
// rejected: what Accept agreed would take.
func (ws *Workspace) openAgreed() int {
	gold := ws.goldKeys()
	n := 0
	for _, m := range ws.marks() {
		if m.Kind == agree.Agreed && !gold[keyOf(m.Span)] && !ws.rejected.has(proposalID(m.Span)) {
			n++
		}
	}
	return n
}

// AcceptAll accepts, as one undoable step, every span all annotators agree
// on (reviewing) or every suggestion that fits (annotating).
func (ws *Workspace) AcceptAll() {
	if ws.doc.ID == "" {
		return
	}
	if !ws.reviewing {
		if shown := ws.shownSuggestions(); len(shown) < len(ws.suggested) {
			// The threshold hides some of the model's: accept only what
			// the annotator sees, one undo step.
			cmds := make([]edit.Command, len(shown))
			for i, sg := range shown {
				cmds[i] = edit.AcceptSuggestion(ws.doc.ID, ws.layer, sg, ws.offsets.Slice(sg.Start, sg.End))
			}
			if len(cmds) > 0 {
				desc := "accept " + plural(len(cmds), "suggestion", "suggestions")
				ws.doThen(edit.Batch(desc, cmds...), func() { ws.say(accepted(desc) + " (Ctrl+Z undoes)") })
			}
			return
		}
		if len(ws.suggested) > 0 {
			cmd := edit.AcceptAllSuggestions(ws.doc.ID, ws.layer)
			// Its description counts what Do accepted.
			ws.doThen(cmd, func() { ws.say(accepted(cmd.Describe()) + " (Ctrl+Z undoes)") })
		}
		return
	}
	var cmds []edit.Command
	for _, p := range ws.proposals() {
		if p.mark.Kind == agree.Agreed {
			s := p.span
			s.ID, s.Note, s.Origin = "", "", model.OriginManual
			s.Attributes = agree.Attributes(ws.people, p.mark)
			cmds = append(cmds, edit.AddSpan(ws.doc.ID, model.GoldAnnotator, s, ws.offsets.Slice(s.Start, s.End)))
		}
	}
	if len(cmds) > 0 {
		desc := fmt.Sprintf("accept %s", plural(len(cmds), "agreed span", "agreed spans"))
		ws.doThen(edit.Batch(desc, cmds...), func() { ws.say(accepted(desc) + " (Ctrl+Z undoes)") })
	}
}

// accepted turns an accept command's description ("accept 3
// suggestions") into what the status bar says it did.
func accepted(desc string) string {
	return "Accepted" + strings.TrimPrefix(desc, "accept")
}

// rejections are the proposals turned down on the open document. The undo
// history runs on the writer goroutine, so the set has its own lock.
type rejections struct {
	mu   sync.Mutex
	doc  string // the document keys are on
	keys map[string]bool
}

func (r *rejections) has(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys[id]
}

// set records a rejection on doc. An undo can reach back to a document
// the reviewer has left (marking reviewed moves on): its proposal IDs are
// not the open document's.
func (r *rejections) set(doc, id string, rejected bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if doc != r.doc {
		return
	}
	if rejected {
		r.keys[id] = true
	} else {
		delete(r.keys, id)
	}
}

// reset empties the set for the document just opened.
func (r *rejections) reset(doc string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.doc = doc
	clear(r.keys)
}

// rejectCmd records a reviewer's rejection, undoably; r mirrors what is
// stored for the window to draw.
type rejectCmd struct {
	r    *rejections
	doc  string
	span model.Span
	id   string
	text string
}

func (c *rejectCmd) Do(ctx context.Context, st edit.Store) error { return c.apply(ctx, st, true) }

func (c *rejectCmd) Undo(ctx context.Context, st edit.Store) error { return c.apply(ctx, st, false) }

// ChangesOnlyItsStore lets the history run a rejection inside the unit of
// work of its step (edit.Contained): marking a document reviewed with its
// open proposals rejected is one transaction.
func (c *rejectCmd) ChangesOnlyItsStore() {}

// rejecter is the store a rejection is recorded in: a write transaction
// of the project (app.WriteTx).
type rejecter interface {
	SetRejected(ctx context.Context, documentID string, s model.Span, rejected bool) error
}

func (c *rejectCmd) apply(ctx context.Context, st edit.Store, rejected bool) error {
	r, ok := st.(rejecter)
	if !ok {
		return model.Errorf(model.EINTERNAL, "this store (%T) keeps no rejections", st)
	}
	if err := r.SetRejected(ctx, c.doc, c.span, rejected); err != nil {
		return err
	}
	c.r.set(c.doc, c.id, rejected)
	return nil
}

func (c *rejectCmd) Describe() string { return fmt.Sprintf("reject %q", c.text) }

// reviewPanel lists the open document's marks: what each person made,
// how the annotators stand on it, and whether gold took it; and gold's
// relations.
type reviewPanel struct {
	ws     *Workspace
	list   *paneList
	rows   []agree.Mark
	status *widget.Label
	focus  *widget.Label // which mark has the focus (focusLine)
	// relList lists gold's relations as the span panel lists the
	// annotator's: selecting one focuses it in the text, where Delete
	// takes it out of gold and a relation key relabels it.
	relList *paneList
	relHead *widget.Label
	accept  *widget.Button
	done    *widget.Button
	box     *fyne.Container
}

func newReviewPanel(ws *Workspace) *reviewPanel {
	p := &reviewPanel{ws: ws}
	p.list = newPaneList(ws,
		func() int { return len(p.rows) },
		func() fyne.CanvasObject {
			text := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
			standing := &widget.Label{Truncation: fyne.TextTruncateEllipsis, SizeName: theme.SizeNameCaptionText}
			return container.New(stackedRows{}, text, standing)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.rows) {
				return
			}
			m := p.rows[i]
			row := o.(*fyne.Container)
			// The span's words in visual order (right-to-left text
			// reads as in the document), the label after them.
			row.Objects[0].(*widget.Label).SetText(spanview.VisualOrder(ws.offsets.Slice(m.Span.Start, m.Span.End)) + "  " + spanview.VisualOrder(m.Span.Label))
			standing := row.Objects[1].(*widget.Label)
			standing.Importance = kindImportance(m.Kind)
			standing.SetText(markState(ws, m) + " " + m.Kind.String() + " · by " + ws.byWhom(m))
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i >= len(p.rows) {
			return
		}
		s := p.rows[i].Span
		id := proposalID(s)
		for _, g := range ws.spans {
			if g.SameAs(s) {
				id = g.ID
			}
		}
		ws.view.FocusSpan(id)
		ws.win.Canvas().Focus(ws.view)
		p.showFocus()
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
		if i >= len(ws.relations) {
			return
		}
		ws.view.FocusRelation(ws.relations[i].ID)
		ws.win.Canvas().Focus(ws.view)
		p.showFocus()
	}
	p.relHead = widget.NewLabelWithStyle("Gold relations", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	p.focus = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	p.accept = widget.NewButtonWithIcon("Accept agreed", theme.ConfirmIcon(), ws.AcceptAll)
	p.done = widget.NewButtonWithIcon("Reviewed, next", theme.NavigateNextIcon(), func() { ws.Finish(model.StatusDone) })
	p.done.Importance = widget.HighImportance
	p.box = container.NewBorder(
		container.NewVBox(widget.NewLabelWithStyle("Review", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.status, p.focus),
		container.NewVBox(widget.NewSeparator(), p.accept, p.done),
		// Marks above gold's relations, sharing the room, as the span
		// panel shares it between spans and relations.
		nil, nil, container.NewGridWithRows(2, p.list, container.NewBorder(p.relHead, nil, nil, nil, p.relList)))
	p.box.Hide()
	return p
}

// markState is a mark's standing in the review: in gold, rejected, or open.
func markState(ws *Workspace, m agree.Mark) string {
	switch {
	case ws.inGold(m.Span):
		return "✓"
	case ws.rejected.has(proposalID(m.Span)) || ws.review.Status == model.ReviewReviewed:
		return "✗"
	}
	return "•"
}

// kindImportance colours a mark's kind: agreement calm, conflicts loud.
func kindImportance(k agree.Kind) widget.Importance {
	switch k {
	case agree.Agreed:
		return widget.SuccessImportance
	case agree.LabelConflict, agree.BoundaryConflict, agree.OverlapConflict:
		return widget.DangerImportance
	}
	return widget.WarningImportance
}

func (p *reviewPanel) refresh() {
	ws := p.ws
	if !ws.reviewing {
		return
	}
	p.rows = ws.marks()
	agreed := ws.openAgreed()
	p.accept.SetText(fmt.Sprintf("Accept agreed (%d)", agreed))
	if agreed == 0 {
		p.accept.Disable()
	} else {
		p.accept.Enable()
	}
	p.status.SetText(reviewLine(ws.review, len(ws.people)))
	p.showFocus()
	p.list.UnselectAll()
	p.list.Refresh()
	p.relHead.SetText(fmt.Sprintf("Gold relations (%d)", len(ws.relations)))
	p.relList.UnselectAll()
	p.relList.Refresh()
}

// showFocus says which mark has the focus.
func (p *reviewPanel) showFocus() {
	if p.ws.reviewing {
		p.focus.SetText(p.ws.focusLine())
	}
}

// reviewLine says where the review stands and who annotated.
func reviewLine(r model.Review, people int) string {
	line := statusText(model.Status(r.Status))
	if r.Reviewer != "" {
		line += " · " + r.Reviewer + " · " + r.Updated.Local().Format("2 Jan 15:04")
	}
	switch people {
	case 0:
		return line + "\nNobody has annotated this document yet."
	case 1:
		return line + "\nOne annotator: nothing to compare."
	}
	return line + fmt.Sprintf("\n%d annotators", people)
}

// agreementTitles is how many of the worst documents the agreement panel
// names by title; the rest show their ids until opened.
const agreementTitles = 200

// ShowAgreement measures agreement in the background and opens the
// agreement panel; picking a document there opens it in review mode.
func (ws *Workspace) ShowAgreement() {
	ws.pending.Add(1)
	go func() {
		ctx := context.WithoutCancel(ws.ctx)
		report, err := app.Agreement(ctx, ws.project, agree.Options{}, false)
		titles := map[string]string{}
		if err == nil {
			err = ws.project.Read(ctx, func(tx app.ReadTx) error {
				for _, d := range report.Documents[:min(len(report.Documents), agreementTitles)] {
					doc, err := tx.Document(ctx, d.ID)
					if err != nil {
						return err
					}
					titles[d.ID], _, _ = strings.Cut(doc.Text, "\n")
				}
				return nil
			})
		}
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if err != nil {
				ws.showError("measure agreement", err)
				return
			}
			w := fyne.CurrentApp().NewWindow("Inkspan — agreement")
			w.Resize(fyne.NewSize(1000, 640))
			// ShowIn: Escape and Enter close the panel.
			agreeview.New(report, titles, func(id string) {
				ws.SetReviewMode(true)
				ws.openByID(id)
				ws.win.RequestFocus()
			}).ShowIn(w)
			w.Show()
		})
	}()
}
