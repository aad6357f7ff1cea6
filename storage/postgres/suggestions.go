package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/jackc/pgx/v5"
)

// The annotator's decisions on suggestions (edit.SuggestionStore), with
// storage's rules: accepting makes the suggestion a span with its ID and
// origin suggestion; rejecting marks it, so that suggesting again does not
// offer it; restoring puts it back as Suggestions returned it.

// suggestionKey is where a suggestion is: its document, annotator and ID.
type suggestionKey struct {
	docID, annID int64
	id           string // the uuid, as PostgreSQL spells it
}

// findSuggestion reads the pending suggestion with id. ENOTFOUND if there
// is none (a malformed ID names none).
func (t *WriteTx) findSuggestion(ctx context.Context, documentID, annotator, id string) (suggestionKey, model.Suggestion, error) {
	notFound := model.Errorf(model.ENOTFOUND, "no suggestion %s for %s on document %s", id, annotator, documentID)
	parsed, err := uuid.Parse(id)
	if err != nil {
		return suggestionKey{}, model.Suggestion{}, notFound
	}
	key := suggestionKey{id: parsed.String()}
	s := model.Suggestion{ID: key.id}
	err = t.tx.QueryRow(ctx, `SELECT s.document_id, s.annotator_id, s.start_cp, s.end_cp, l.name, s.source, s.created_at
		FROM suggestions s JOIN labels l ON l.id = s.label_id
		WHERE s.document_id = (SELECT id FROM documents WHERE uuid = $1)
		AND s.annotator_id = (SELECT id FROM annotators WHERE name = $2) AND s.uuid = $3 AND NOT s.rejected`,
		documentID, annotator, key.id).Scan(&key.docID, &key.annID, &s.Start, &s.End, &s.Label, &s.Source, &s.Created)
	if errors.Is(err, pgx.ErrNoRows) {
		return key, s, notFound
	}
	s.Created = s.Created.UTC()
	return key, s, err
}

// accept stores suggestion s as the annotator's span and deletes it.
func (t *WriteTx) accept(ctx context.Context, documentID, annotator string, key suggestionKey, s model.Suggestion) (model.Span, error) {
	span := model.Span{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Origin: model.OriginSuggestion, Created: t.now, Updated: t.now}
	set, label, err := t.check(ctx, documentID, annotator, span, "")
	if err != nil {
		return span, err
	}
	if err := t.insertSpan(ctx, set.id, label, span); err != nil {
		return span, err
	}
	if _, err := t.tx.Exec(ctx, "DELETE FROM suggestions WHERE document_id = $1 AND annotator_id = $2 AND uuid = $3",
		key.docID, key.annID, key.id); err != nil {
		return span, err
	}
	return span, t.markStarted(ctx, set)
}

// AcceptSuggestion turns a suggestion into a span of the annotator's and
// returns it. ENOTFOUND for an unknown suggestion or document, otherwise
// the errors of AddSpan.
func (t *WriteTx) AcceptSuggestion(ctx context.Context, documentID, annotator, suggestionID string) (model.Span, error) {
	var span model.Span
	err := t.step(ctx, func() error {
		key, s, err := t.findSuggestion(ctx, documentID, annotator, suggestionID)
		if err != nil {
			return err
		}
		span, err = t.accept(ctx, documentID, annotator, key, s)
		return err
	})
	return span, err
}

// RejectSuggestion marks a suggestion rejected. ENOTFOUND for an unknown
// one.
func (t *WriteTx) RejectSuggestion(ctx context.Context, documentID, annotator, suggestionID string) error {
	return t.step(ctx, func() error {
		key, _, err := t.findSuggestion(ctx, documentID, annotator, suggestionID)
		if err != nil {
			return err
		}
		_, err = t.tx.Exec(ctx, "UPDATE suggestions SET rejected = true WHERE document_id = $1 AND annotator_id = $2 AND uuid = $3",
			key.docID, key.annID, key.id)
		return err
	})
}

// RestoreSuggestion puts back a suggestion as Suggestions returned it.
// ECONFLICT if it is there already, EINVALID for a bad span, ID or
// source, ENOTFOUND for an unknown document.
func (t *WriteTx) RestoreSuggestion(ctx context.Context, documentID, annotator string, s model.Suggestion) error {
	return t.step(ctx, func() error { return t.restore(ctx, documentID, annotator, s) })
}

func (t *WriteTx) restore(ctx context.Context, documentID, annotator string, s model.Suggestion) error {
	id, err := uuid.Parse(s.ID)
	if err != nil {
		return model.Errorf(model.EINVALID, "suggestion ID %q is not a UUID", s.ID)
	}
	if err := s.Source.Validate(); err != nil {
		return fmt.Errorf("suggestion %s: %w", s.ID, err)
	}
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return err
	}
	var docID int64
	var length int
	err = t.tx.QueryRow(ctx, "SELECT id, length FROM documents WHERE uuid = $1", documentID).Scan(&docID, &length)
	if errors.Is(err, pgx.ErrNoRows) {
		return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil {
		return err
	}
	label, err := labelID(ctx, t.tx, s.Span())
	if err != nil {
		return err
	}
	if err := s.Validate(length, nil); err != nil {
		return err
	}
	annID, err := t.annotatorID(ctx, annotator)
	if err != nil {
		return err
	}
	// Undoing a rejection: the suggestion is still there, marked.
	tag, err := t.tx.Exec(ctx, "UPDATE suggestions SET rejected = false WHERE document_id = $1 AND annotator_id = $2 AND uuid = $3 AND rejected",
		docID, annID, id.String())
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	created := t.now
	if !s.Created.IsZero() {
		created = s.Created.UTC().Truncate(time.Millisecond)
	}
	var same bool
	if err := t.tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM suggestions WHERE document_id = $1 AND annotator_id = $2 AND uuid = $3)",
		docID, annID, id.String()).Scan(&same); err != nil {
		return err
	}
	tag, err = t.tx.Exec(ctx, `INSERT INTO suggestions (document_id, annotator_id, start_cp, end_cp, label_id, uuid, source, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`, docID, annID, s.Start, s.End, label, id.String(), string(s.Source), created)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 || same {
		return model.Errorf(model.ECONFLICT, "suggestion [%d, %d) %s is there already", s.Start, s.End, s.Label)
	}
	return nil
}

// AcceptSuggestions accepts every pending suggestion that can join the
// annotator's spans (the longest first among those that overlap one
// another where overlaps are not allowed: suggest.Resolve) and returns
// the new spans; the others stay suggested. EINVALID for a bad name,
// ENOTFOUND for an unknown document.
func (t *WriteTx) AcceptSuggestions(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	var accepted []model.Span
	err := t.step(ctx, func() error {
		pending, err := t.Suggestions(ctx, documentID, annotator)
		if err != nil || len(pending) == 0 {
			return err
		}
		candidates := make([]model.Span, len(pending))
		for i, s := range pending {
			candidates[i] = s.Span()
		}
		set, err := t.set(ctx, documentID, annotator)
		if err != nil {
			return err
		}
		existing, err := setSpans(ctx, t.tx, set.id)
		if err != nil {
			return err
		}
		overlap, err := allowOverlap(ctx, t.tx)
		if err != nil {
			return err
		}
		for _, c := range suggest.Resolve(candidates, existing, overlap) {
			key, s, err := t.findSuggestion(ctx, documentID, annotator, c.ID)
			if err != nil {
				return err
			}
			// accept refuses in Go, before writing, what Resolve could not
			// know (an ID a span has already): that one stays suggested.
			span, err := t.accept(ctx, documentID, annotator, key, s)
			switch model.ErrorCode(err) {
			case "":
				accepted = append(accepted, span)
			case model.EINVALID, model.ECONFLICT:
			default:
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return accepted, nil
}

// UnacceptSuggestions takes accepted suggestions back: it deletes the
// spans with their IDs and restores the suggestions; the status stays.
// ENOTFOUND if a span is gone, and the errors of RestoreSuggestion.
func (t *WriteTx) UnacceptSuggestions(ctx context.Context, documentID, annotator string, suggestions []model.Suggestion) error {
	return t.step(ctx, func() error {
		for _, s := range suggestions {
			if err := t.deleteOwnSpan(ctx, documentID, annotator, s.ID); err != nil {
				return err
			}
			if err := t.restore(ctx, documentID, annotator, s); err != nil {
				return err
			}
		}
		return nil
	})
}
