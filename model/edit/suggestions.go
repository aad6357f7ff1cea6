package edit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/inkspan/inkspan/model"
)

// SuggestionStore is what the commands on suggestions and on many spans at
// once change, besides what Store changes. *storage.DB satisfies it. It is
// separate from Store so that stores without suggestions still serve the
// other commands; the commands below assert it and fail with EINTERNAL on a
// store without it.
type SuggestionStore interface {
	Store
	// Suggestions returns the annotator's pending suggestions on a document
	// in text order, leaving out those the annotator already has as spans.
	// None for an unknown document or annotator; no error codes of its own.
	Suggestions(ctx context.Context, documentID, annotator string) ([]model.Suggestion, error)
	// AcceptSuggestion turns a suggestion into a span of the annotator's
	// with the suggestion's ID and origin suggestion, in one transaction,
	// and returns the span; a todo document becomes in progress. ENOTFOUND
	// for an unknown suggestion or document, otherwise the errors of
	// AddSpan.
	AcceptSuggestion(ctx context.Context, documentID, annotator, suggestionID string) (model.Span, error)
	// RejectSuggestion deletes a suggestion. ENOTFOUND for an unknown one.
	RejectSuggestion(ctx context.Context, documentID, annotator, suggestionID string) error
	// RestoreSuggestion puts back a suggestion as Suggestions returned it,
	// with the same ID and source. ECONFLICT if it is there already,
	// EINVALID for a bad span, ID or source, ENOTFOUND for an unknown
	// document.
	RestoreSuggestion(ctx context.Context, documentID, annotator string, s model.Suggestion) error
	// AcceptSuggestions accepts, in one transaction, every suggestion that
	// can join the annotator's spans (longest first among suggestions that
	// overlap one another where overlaps are not allowed) and returns the
	// new spans, each with its suggestion's ID; the others stay suggested.
	// EINVALID for a bad annotator name, ENOTFOUND for an unknown document.
	AcceptSuggestions(ctx context.Context, documentID, annotator string) ([]model.Span, error)
	// UnacceptSuggestions takes back accepted suggestions, in one
	// transaction: it deletes the spans with their IDs and restores the
	// suggestions. It leaves the status alone. ENOTFOUND if a span is gone.
	// The errors of RestoreSuggestion too.
	UnacceptSuggestions(ctx context.Context, documentID, annotator string, suggestions []model.Suggestion) error
	// AddLabeledSpans adds exactly spans (keeping their IDs) in one
	// transaction and returns them as stored, with Started set where a todo
	// document became in progress. The errors of AddSpan, for the first span
	// that fails; then nothing is added.
	AddLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) ([]model.LabeledSpan, error)
	// DeleteLabeledSpans deletes exactly spans (by ID) in one transaction,
	// and moves the document of each Started span back from in progress to
	// todo. ENOTFOUND, and nothing deleted, if one of them is gone.
	DeleteLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) error
}

// ManySpans is a command that changes many spans at once. Changed lists
// the spans its last Do added, or removed, so that the window can say how
// many; it is empty before the first Do.
type ManySpans interface {
	Command
	Changed() []model.LabeledSpan
}

// suggestionStore asserts that st keeps suggestions.
func suggestionStore(st Store) (SuggestionStore, error) {
	s, ok := st.(SuggestionStore)
	if !ok {
		return nil, model.Errorf(model.EINTERNAL, "this store (%T) keeps no suggestions", st)
	}
	return s, nil
}

// AcceptSuggestion returns the command that accepts suggestion s, as
// Suggestions returned it; text is its text, for Describe. Undo deletes
// the span and restores the suggestion, and puts back the status.
func AcceptSuggestion(documentID, annotator string, s model.Suggestion, text string) Command {
	return &acceptCmd{suggestion: s, text: text, track: statusTrack{doc: documentID, ann: annotator}}
}

// RejectSuggestion returns the command that rejects suggestion s, as
// Suggestions returned it; Undo restores it.
func RejectSuggestion(documentID, annotator string, s model.Suggestion, text string) Command {
	return &rejectCmd{doc: documentID, ann: annotator, suggestion: s, text: text}
}

// AcceptAllSuggestions returns the command that accepts every suggestion on
// a document that fits (see SuggestionStore.AcceptSuggestions). Undo
// deletes those spans, restores their suggestions and puts back the
// status; redo accepts again.
func AcceptAllSuggestions(documentID, annotator string) ManySpans {
	return &acceptAllCmd{track: statusTrack{doc: documentID, ann: annotator}}
}

// Find works out, on a command's first Do, which spans it changes, and
// changes them through st: it adds them (AddLabeledSpans) and returns them
// as stored, or deletes them and returns them as they were. Its errors are
// the command's.
type Find func(ctx context.Context, st SuggestionStore) ([]model.LabeledSpan, error)

// LabelAll returns the command that labels label every occurrence of phrase
// that find adds (package app finds the whole-token occurrences in the
// project). Undo deletes exactly the spans it added; redo adds exactly
// those again.
func LabelAll(annotator, phrase, label string, find Find) ManySpans {
	return &manyCmd{desc: "label all" + quote(phrase) + " " + label, ann: annotator, adds: true, find: find}
}

// UnlabelAll returns the command that removes label from the occurrences
// of phrase that find deletes (package app finds the annotator's spans
// with that text in the project). Undo adds exactly the spans it deleted
// back.
func UnlabelAll(annotator, phrase, label string, find Find) ManySpans {
	return &manyCmd{desc: "remove " + label + " from all" + quote(phrase), ann: annotator, find: find}
}

// AddSpans returns the command that adds spans, on one or more documents,
// as one undo step: for instance the other occurrences in the open
// document that suggest.Occurrences found.
func AddSpans(annotator string, spans []model.LabeledSpan, description string) ManySpans {
	return &manyCmd{desc: description, ann: annotator, adds: true, spans: spans}
}

// DeleteSpans returns the command that deletes spans, which must be as
// stored, as one undo step: for instance what suggest.Labeled found in the
// open document.
func DeleteSpans(annotator string, spans []model.LabeledSpan, description string) ManySpans {
	return &manyCmd{desc: description, ann: annotator, spans: spans}
}

type acceptCmd struct {
	suggestion model.Suggestion
	text       string
	track      statusTrack
	relations  []model.Relation // those the last Undo took with the span, for a redo
}

func (c *acceptCmd) accept(ctx context.Context, st SuggestionStore) func() error {
	return func() error {
		if _, err := st.AcceptSuggestion(ctx, c.track.doc, c.track.ann, c.suggestion.ID); err != nil {
			return err
		}
		if err := restoreRelations(ctx, st, c.track.doc, c.track.ann, c.relations); err != nil {
			return takeBack(err, func() error {
				return st.UnacceptSuggestions(ctx, c.track.doc, c.track.ann, []model.Suggestion{c.suggestion})
			})
		}
		return nil
	}
}

func (c *acceptCmd) unaccept(ctx context.Context, st SuggestionStore) func() error {
	return func() error {
		relations, err := touching(ctx, st, c.track.doc, c.track.ann, c.suggestion.ID)
		if err != nil {
			return err
		}
		if err := st.UnacceptSuggestions(ctx, c.track.doc, c.track.ann, []model.Suggestion{c.suggestion}); err != nil {
			return err
		}
		c.relations = relations
		return nil
	}
}

func (c *acceptCmd) Do(ctx context.Context, store Store) error {
	st, err := suggestionStore(store)
	if err != nil {
		return err
	}
	return c.track.forward(ctx, st, c.accept(ctx, st), c.unaccept(ctx, st))
}

func (c *acceptCmd) Undo(ctx context.Context, store Store) error {
	st, err := suggestionStore(store)
	if err != nil {
		return err
	}
	return c.track.backward(ctx, st, c.unaccept(ctx, st), c.accept(ctx, st))
}

func (c *acceptCmd) Describe() string { return "accept " + c.suggestion.Label + quote(c.text) }

type rejectCmd struct {
	doc, ann   string
	suggestion model.Suggestion
	text       string
}

func (c *rejectCmd) Do(ctx context.Context, store Store) error {
	st, err := suggestionStore(store)
	if err != nil {
		return err
	}
	return st.RejectSuggestion(ctx, c.doc, c.ann, c.suggestion.ID)
}

func (c *rejectCmd) Undo(ctx context.Context, store Store) error {
	st, err := suggestionStore(store)
	if err != nil {
		return err
	}
	return st.RestoreSuggestion(ctx, c.doc, c.ann, c.suggestion)
}

func (c *rejectCmd) Describe() string { return "reject " + c.suggestion.Label + quote(c.text) }

type acceptAllCmd struct {
	track    statusTrack
	accepted []model.Suggestion // the suggestions the last Do accepted, as they were
	changed  []model.LabeledSpan
	// relations are those the last Undo took with the accepted spans
	// (another window's): a redo that accepts the same suggestions brings
	// them back.
	relations []model.Relation
}

func (c *acceptAllCmd) Do(ctx context.Context, store Store) error {
	st, err := suggestionStore(store)
	if err != nil {
		return err
	}
	// The suggestions are read first: the spans made of them no longer say
	// where they came from, and an undo restores that too.
	pending, err := st.Suggestions(ctx, c.track.doc, c.track.ann)
	if err != nil {
		return err
	}
	var accepted []model.Suggestion
	var changed []model.LabeledSpan
	apply := func() error {
		spans, err := st.AcceptSuggestions(ctx, c.track.doc, c.track.ann)
		if err != nil {
			return err
		}
		accepted, changed = matchAccepted(c.track.doc, pending, spans)
		if len(accepted) == len(spans) {
			if err := restoreRelations(ctx, st, c.track.doc, c.track.ann, c.relations); err != nil {
				return takeBack(err, func() error { return unaccept(ctx, st, c.track, accepted) })
			}
			return nil
		}
		// Another window added a suggestion between the read and the
		// accept: without its source the step could not be undone
		// exactly, so none of it is kept.
		err = model.Errorf(model.ECONFLICT, "the suggestions changed while they were being accepted: try again")
		return takeBack(err, func() error {
			var errs []error
			for _, sp := range spans {
				if _, known := findSuggestion(accepted, sp.ID); !known {
					errs = append(errs, st.DeleteSpan(ctx, sp.ID))
				}
			}
			return errors.Join(append(errs, unaccept(ctx, st, c.track, accepted))...)
		})
	}
	revert := func() error { return unaccept(ctx, st, c.track, accepted) }
	if err := c.track.forward(ctx, st, apply, revert); err != nil {
		return err
	}
	c.accepted, c.changed = accepted, changed
	return nil
}

// matchAccepted pairs the spans AcceptSuggestions made with the
// suggestions they came from (same ID).
func matchAccepted(doc string, pending []model.Suggestion, spans []model.Span) (accepted []model.Suggestion, changed []model.LabeledSpan) {
	for _, sp := range spans {
		if s, ok := findSuggestion(pending, sp.ID); ok {
			accepted = append(accepted, s)
			changed = append(changed, model.LabeledSpan{DocumentID: doc, Span: sp})
		}
	}
	return accepted, changed
}

func findSuggestion(suggestions []model.Suggestion, id string) (model.Suggestion, bool) {
	for _, s := range suggestions {
		if s.ID == id {
			return s, true
		}
	}
	return model.Suggestion{}, false
}

// unaccept takes accepted suggestions back, if there are any.
func unaccept(ctx context.Context, st SuggestionStore, t statusTrack, suggestions []model.Suggestion) error {
	if len(suggestions) == 0 {
		return nil
	}
	return st.UnacceptSuggestions(ctx, t.doc, t.ann, suggestions)
}

func (c *acceptAllCmd) Undo(ctx context.Context, store Store) error {
	st, err := suggestionStore(store)
	if err != nil {
		return err
	}
	var relations []model.Relation
	revert := func() error {
		ids := make([]string, len(c.accepted))
		for i, s := range c.accepted {
			ids[i] = s.ID
		}
		var err error
		if relations, err = touching(ctx, st, c.track.doc, c.track.ann, ids...); err != nil {
			return err
		}
		return unaccept(ctx, st, c.track, c.accepted)
	}
	reapply := func() error {
		if _, err := st.AcceptSuggestions(ctx, c.track.doc, c.track.ann); err != nil {
			return err
		}
		return restoreRelations(ctx, st, c.track.doc, c.track.ann, relations)
	}
	if err := c.track.backward(ctx, st, revert, reapply); err != nil {
		return err
	}
	c.relations = relations
	return nil
}

func (c *acceptAllCmd) Describe() string {
	switch n := len(c.changed); n {
	case 0: // before Do, or none could be accepted
		return "accept all suggestions"
	case 1:
		return "accept 1 suggestion"
	default:
		return fmt.Sprintf("accept %d suggestions", n)
	}
}

func (c *acceptAllCmd) Changed() []model.LabeledSpan { return c.changed }

// manyCmd adds (adds) or deletes a set of spans across documents. Label
// all and remove all have find work the set out on the first Do; after
// that, and for a set given to it, Do and Undo add or delete exactly those
// spans, so that undo and redo never find occurrences the annotator has
// not seen.
type manyCmd struct {
	desc  string
	ann   string
	adds  bool
	find  Find // nil when the set is given
	spans []model.LabeledSpan
	done  bool // Do has succeeded once
	// relations are those the last deletion of the spans took with them,
	// by document, for the addition that follows to bring back.
	relations map[string][]model.Relation
}

func (c *manyCmd) Do(ctx context.Context, store Store) error {
	st, err := suggestionStore(store)
	if err != nil {
		return err
	}
	if c.find != nil && !c.done {
		spans, err := c.find(ctx, st)
		if err != nil {
			return err
		}
		c.spans = spans
	} else if err := c.apply(ctx, st, c.adds); err != nil {
		return err
	}
	c.done = true
	return nil
}

func (c *manyCmd) Undo(ctx context.Context, store Store) error {
	st, err := suggestionStore(store)
	if err != nil {
		return err
	}
	return c.apply(ctx, st, !c.adds)
}

// apply adds or deletes c.spans. An add records what the store reports
// (Started), so that the delete which follows undoes the status it moved.
func (c *manyCmd) apply(ctx context.Context, st SuggestionStore, add bool) error {
	if len(c.spans) == 0 {
		return nil
	}
	if !add {
		relations, err := c.touching(ctx, st)
		if err != nil {
			return err
		}
		if err := st.DeleteLabeledSpans(ctx, c.ann, c.spans); err != nil {
			return err
		}
		c.relations = relations
		return nil
	}
	spans, err := st.AddLabeledSpans(ctx, c.ann, c.spans)
	if err != nil {
		return err
	}
	for _, doc := range slices.Sorted(maps.Keys(c.relations)) {
		if err := restoreRelations(ctx, st, doc, c.ann, c.relations[doc]); err != nil {
			return takeBack(err, func() error { return st.DeleteLabeledSpans(ctx, c.ann, spans) })
		}
	}
	c.spans = spans
	return nil
}

// touching returns, by document, the relations that start or end at one
// of c.spans: one read of each document's relations.
func (c *manyCmd) touching(ctx context.Context, st SuggestionStore) (map[string][]model.Relation, error) {
	if _, ok := st.(RelationStore); !ok {
		return nil, nil
	}
	byDoc := map[string][]string{}
	var docs []string
	for _, ls := range c.spans {
		if _, seen := byDoc[ls.DocumentID]; !seen {
			docs = append(docs, ls.DocumentID)
		}
		byDoc[ls.DocumentID] = append(byDoc[ls.DocumentID], ls.Span.ID)
	}
	var out map[string][]model.Relation
	for _, doc := range docs {
		relations, err := touching(ctx, st, doc, c.ann, byDoc[doc]...)
		if err != nil {
			return nil, err
		}
		if len(relations) > 0 {
			if out == nil {
				out = map[string][]model.Relation{}
			}
			out[doc] = relations
		}
	}
	return out, nil
}

func (c *manyCmd) Describe() string { return c.desc }

func (c *manyCmd) Changed() []model.LabeledSpan {
	if !c.done {
		return nil
	}
	return c.spans
}
