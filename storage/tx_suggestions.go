package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/suggest"
)

// The rest of edit.SuggestionStore on a write transaction: deciding on
// suggestions, and adding or deleting many spans at once. With these, the
// history runs accepting, rejecting, accepting all and the undo and redo
// of label all as one unit of work, as it runs the plain edits; DB's
// methods of the same names are each one of these in a transaction of its
// own.

var _ edit.SuggestionStore = (*WriteTx)(nil)

// forget drops what t has read of sets, spans and relations, after a
// change it made around them (a delete by ID, a status moved back): the
// next check reads them again.
func (t *WriteTx) forget() {
	t.sets, t.spans, t.relations = nil, nil, nil
}

// AcceptSuggestion is DB.AcceptSuggestion in the transaction.
func (t *WriteTx) AcceptSuggestion(ctx context.Context, documentID, annotator, suggestionID string) (model.Span, error) {
	key, s, err := findSuggestion(ctx, t.tx, documentID, annotator, suggestionID)
	if err != nil {
		return model.Span{}, err
	}
	return t.accept(ctx, documentID, annotator, key, s)
}

// accept stores suggestion s as a span and deletes it.
func (t *WriteTx) accept(ctx context.Context, documentID, annotator string, key suggestionKey, s model.Suggestion) (model.Span, error) {
	at := t.now.UTC().Truncate(time.Millisecond)
	span := model.Span{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Origin: model.OriginSuggestion, Created: at, Updated: at}
	set, labelID, err := t.check(ctx, documentID, annotator, span, "")
	if err != nil {
		return span, err
	}
	if err := insertSpan(ctx, t.tx, set.id, labelID, span, t.now.UnixMilli()); err != nil {
		return span, err
	}
	t.stored(set.id, span, span.ID, false)
	if err := deleteSuggestion(ctx, t.tx, key); err != nil {
		return span, err
	}
	return span, t.markStarted(ctx, set)
}

// RejectSuggestion is DB.RejectSuggestion in the transaction.
func (t *WriteTx) RejectSuggestion(ctx context.Context, documentID, annotator, suggestionID string) error {
	key, _, err := findSuggestion(ctx, t.tx, documentID, annotator, suggestionID)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, "UPDATE suggestions SET rejected = 1 WHERE document_id = ? AND annotator_id = ? AND uuid = ?",
		key.docID, key.annID, key.uuid)
	return err
}

// RestoreSuggestion is DB.RestoreSuggestion in the transaction.
func (t *WriteTx) RestoreSuggestion(ctx context.Context, documentID, annotator string, s model.Suggestion) error {
	return restoreSuggestion(ctx, t.tx, t.now, documentID, annotator, s)
}

// AcceptSuggestions is DB.AcceptSuggestions in the transaction.
func (t *WriteTx) AcceptSuggestions(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	pending, err := t.Suggestions(ctx, documentID, annotator)
	if err != nil || len(pending) == 0 {
		return nil, err
	}
	candidates := make([]model.Span, len(pending))
	for i, s := range pending {
		candidates[i] = s.Span()
	}
	_, existing, overlap, err := t.setWithSpans(ctx, documentID, annotator)
	if err != nil {
		return nil, err
	}
	var accepted []model.Span
	for _, s := range suggest.Resolve(candidates, existing, overlap) {
		key, s, err := findSuggestion(ctx, t.tx, documentID, annotator, s.ID)
		if err != nil {
			return nil, err
		}
		span, err := t.accept(ctx, documentID, annotator, key, s)
		switch model.ErrorCode(err) {
		case "":
			accepted = append(accepted, span)
		case model.EINVALID, model.ECONFLICT:
			// Resolve kept it, but accepting refuses it (its ID is a
			// span's already): it stays suggested.
		default:
			return nil, err
		}
	}
	return accepted, nil
}

// UnacceptSuggestions is DB.UnacceptSuggestions in the transaction.
func (t *WriteTx) UnacceptSuggestions(ctx context.Context, documentID, annotator string, suggestions []model.Suggestion) error {
	defer t.forget()
	for _, s := range suggestions {
		if err := deleteOwnSpan(ctx, t.tx, documentID, annotator, s.ID); err != nil {
			return err
		}
		if err := restoreSuggestion(ctx, t.tx, t.now, documentID, annotator, s); err != nil {
			return err
		}
	}
	return nil
}

// AddLabeledSpans is DB.AddLabeledSpans in the transaction. The sets,
// their spans and the overlap rule are read once however many spans are
// added: an undo of label all may add tens of thousands.
func (t *WriteTx) AddLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) ([]model.LabeledSpan, error) {
	at := t.now.UnixMilli()
	overlap, err := t.allowOverlap(ctx)
	if err != nil {
		return nil, err
	}
	stored := make([]model.LabeledSpan, 0, len(spans))
	labels := map[string]int64{}
	touched := map[int64]bool{} // sets this call has added to, by id
	for _, ls := range spans {
		span := ls.Span
		if span.Origin == "" {
			span.Origin = model.OriginManual
		}
		fresh := span.ID == ""
		if fresh {
			span.ID = newID()
		}
		span.Created, span.Updated = time.UnixMilli(at).UTC(), time.UnixMilli(at).UTC()
		span.Attributes = canonicalAttributes(span.Attributes)
		set, err := t.set(ctx, ls.DocumentID, annotator)
		if err != nil {
			return nil, err
		}
		started := false
		if !touched[set.id] {
			touched[set.id] = true
			started = set.status == model.StatusTodo
			if err := t.markStarted(ctx, set); err != nil {
				return nil, err
			}
		}
		labelID, ok := labels[span.Label]
		if !ok {
			if labelID, err = labelIDOf(ctx, t.tx, span); err != nil {
				return nil, err
			}
			labels[span.Label] = labelID
		}
		if err := span.Validate(set.textLength, nil); err != nil {
			return nil, fmt.Errorf("document %s: %w", ls.DocumentID, err)
		}
		existing, err := t.spansOf(ctx, set.id)
		if err != nil {
			return nil, err
		}
		if err := model.CheckAddition(existing, span, overlap); err != nil {
			return nil, fmt.Errorf("document %s: %w", ls.DocumentID, err)
		}
		// A fresh ID is nobody's: only one given may be taken.
		insert := insertSpan
		if fresh {
			insert = insertNewSpan
		}
		if err := insert(ctx, t.tx, set.id, labelID, span, at); err != nil {
			return nil, err
		}
		t.stored(set.id, span, span.ID, false)
		stored = append(stored, model.LabeledSpan{DocumentID: ls.DocumentID, Span: span, Started: started})
	}
	return stored, nil
}

// DeleteLabeledSpans is DB.DeleteLabeledSpans in the transaction.
func (t *WriteTx) DeleteLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) error {
	defer t.forget()
	for _, ls := range spans {
		if err := deleteOwnSpan(ctx, t.tx, ls.DocumentID, annotator, ls.Span.ID); err != nil {
			return err
		}
		if !ls.Started {
			continue
		}
		// Back to todo only from in progress: a status set since (done,
		// skipped) is a later decision and stays.
		if _, err := t.tx.ExecContext(ctx, `UPDATE annotation_sets SET status = ?, updated_at = ?
			WHERE status = ? AND document_id = (SELECT id FROM documents WHERE uuid = ?)
			AND annotator_id = (SELECT id FROM annotators WHERE name = ?)`,
			model.StatusTodo, t.now.UnixMilli(), model.StatusInProgress, ls.DocumentID, annotator); err != nil {
			return err
		}
	}
	return nil
}
