package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/model"
)

// This file holds the annotator's decisions on suggestions, one at a time
// or all of a document's at once (edit.SuggestionStore), each in a
// transaction of its own; tx_suggestions.go has them on a WriteTx. The
// suggest pipeline's batch reads and writes are in suggestions_bulk.go,
// the changes to many spans at once in suggestions_spans.go.

// suggestionID turns a stored 16-byte uuid into the ID callers see.
func suggestionID(raw []byte) string {
	id, err := uuid.FromBytes(raw)
	if err != nil {
		return fmt.Sprintf("%x", raw)
	}
	return id.String()
}

// Suggestions returns the annotator's pending suggestions on a document in
// text order. Suggestions the annotator already has as spans are left out:
// there is nothing left to decide about them. An unknown document or
// annotator has none.
func (db *DB) Suggestions(ctx context.Context, documentID, annotator string) ([]model.Suggestion, error) {
	return readSuggestions(ctx, db.read, documentID, annotator)
}

func readSuggestions(ctx context.Context, q querier, documentID, annotator string) ([]model.Suggestion, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.uuid, s.start, s.end, l.name, s.source, s.created_at, coalesce(s.confidence, 0)
		FROM suggestions s JOIN labels l ON l.id = s.label_id
		WHERE s.document_id = (SELECT id FROM documents WHERE uuid = ?)
		AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?) AND s.rejected = 0
		AND NOT EXISTS (SELECT 1 FROM annotation_sets a JOIN spans p ON p.set_id = a.id
			WHERE a.document_id = s.document_id AND a.annotator_id = s.annotator_id
			AND p.start = s.start AND p.end = s.end AND p.label_id = s.label_id)
		ORDER BY s.start, s.end, l.name`, documentID, annotator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []model.Suggestion
	for rows.Next() {
		var raw []byte
		var created int64
		var s model.Suggestion
		if err := rows.Scan(&raw, &s.Start, &s.End, &s.Label, &s.Source, &created, &s.Confidence); err != nil {
			return nil, err
		}
		s.ID = suggestionID(raw)
		s.Created = time.UnixMilli(created).UTC()
		list = append(list, s)
	}
	return list, rows.Err()
}

// suggestionKey is where a suggestion is looked up by ID: the key's prefix.
type suggestionKey struct {
	docID, annID int64
	uuid         []byte
}

// findSuggestion reads the suggestion with id. ENOTFOUND if there is none.
func findSuggestion(ctx context.Context, q querier, documentID, annotator, id string) (suggestionKey, model.Suggestion, error) {
	notFound := model.Errorf(model.ENOTFOUND, "no suggestion %s for %s on document %s", id, annotator, documentID)
	parsed, err := uuid.Parse(id)
	if err != nil {
		return suggestionKey{}, model.Suggestion{}, notFound
	}
	key := suggestionKey{uuid: parsed[:]}
	s := model.Suggestion{ID: parsed.String()}
	var created int64
	err = q.QueryRowContext(ctx, `SELECT s.document_id, s.annotator_id, s.start, s.end, l.name, s.source, s.created_at, coalesce(s.confidence, 0)
		FROM suggestions s JOIN labels l ON l.id = s.label_id
		WHERE s.document_id = (SELECT id FROM documents WHERE uuid = ?)
		AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?) AND s.uuid = ? AND s.rejected = 0`,
		documentID, annotator, key.uuid).Scan(&key.docID, &key.annID, &s.Start, &s.End, &s.Label, &s.Source, &created, &s.Confidence)
	if errors.Is(err, sql.ErrNoRows) {
		return key, s, notFound
	}
	s.Created = time.UnixMilli(created).UTC()
	return key, s, err
}

func deleteSuggestion(ctx context.Context, tx *sql.Tx, key suggestionKey) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM suggestions WHERE document_id = ? AND annotator_id = ? AND uuid = ?",
		key.docID, key.annID, key.uuid)
	return err
}

// AcceptSuggestion turns a suggestion into a span of the annotator's, in
// one transaction: the span keeps the suggestion's ID (so that accepting it
// again after an undo brings back the same span) and has origin
// suggestion, and a todo document becomes in progress. ENOTFOUND for an
// unknown suggestion; EINVALID or ECONFLICT when the span cannot join the
// annotator's spans, as for AddSpan.
func (db *DB) AcceptSuggestion(ctx context.Context, documentID, annotator, suggestionID string) (span model.Span, err error) {
	err = db.writeTx(ctx, func(t *WriteTx) error {
		span, err = t.AcceptSuggestion(ctx, documentID, annotator, suggestionID)
		return err
	})
	return span, err
}

// insertSpan stores span, whose ID is set, in a set; ECONFLICT if another
// span has its ID.
func insertSpan(ctx context.Context, tx *sql.Tx, setID, labelID int64, span model.Span, now int64) error {
	var taken int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM spans WHERE uuid = ?", span.ID).Scan(&taken); err != nil {
		return err
	}
	if taken > 0 {
		return model.Errorf(model.ECONFLICT, "span %s already exists", span.ID)
	}
	return insertNewSpan(ctx, tx, setID, labelID, span, now)
}

// insertNewSpan is insertSpan for a span whose ID nobody can have: one
// newID just made.
func insertNewSpan(ctx context.Context, tx *sql.Tx, setID, labelID int64, span model.Span, now int64) error {
	attrs, err := encodeAttributes(span.Attributes)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at, attributes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, span.ID, setID, span.Start, span.End, labelID, span.Note, span.Origin, now, now, attrs)
	return explainOpenError(err)
}

// RejectSuggestion marks a suggestion rejected: it is no longer offered,
// and a later suggest run does not offer it again (migration 8).
// ENOTFOUND if there is no pending suggestion with that ID.
func (db *DB) RejectSuggestion(ctx context.Context, documentID, annotator, suggestionID string) error {
	return db.writeTx(ctx, func(t *WriteTx) error { return t.RejectSuggestion(ctx, documentID, annotator, suggestionID) })
}

// RestoreSuggestion puts back a suggestion as Suggestions returned it (ID,
// offsets, label, source and time), as an undo does. EINVALID for a bad
// span, ID or source, or an unknown label; ENOTFOUND for an unknown
// document; ECONFLICT when the suggestion is there already.
func (db *DB) RestoreSuggestion(ctx context.Context, documentID, annotator string, s model.Suggestion) error {
	return db.writeTx(ctx, func(t *WriteTx) error { return t.RestoreSuggestion(ctx, documentID, annotator, s) })
}

// restoreSuggestion is RestoreSuggestion in tx, at time now.
func restoreSuggestion(ctx context.Context, tx *sql.Tx, now time.Time, documentID, annotator string, s model.Suggestion) error {
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
	err = tx.QueryRowContext(ctx, "SELECT id, length FROM documents WHERE uuid = ?", documentID).Scan(&docID, &length)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil {
		return err
	}
	labelID, err := labelIDOf(ctx, tx, s.Span())
	if err != nil {
		return err
	}
	if err := s.Validate(length, nil); err != nil {
		return err
	}
	at := now.UnixMilli()
	annID, err := annotatorID(ctx, tx, annotator, at)
	if err != nil {
		return err
	}
	// Undoing a rejection: the suggestion is still there, marked.
	res, err := tx.ExecContext(ctx, "UPDATE suggestions SET rejected = 0 WHERE document_id = ? AND annotator_id = ? AND uuid = ? AND rejected = 1",
		docID, annID, id[:])
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	created := at
	if !s.Created.IsZero() {
		created = s.Created.UnixMilli()
	}
	var same int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM suggestions WHERE document_id = ? AND annotator_id = ? AND uuid = ?",
		docID, annID, id[:]).Scan(&same); err != nil {
		return err
	}
	res, err = tx.ExecContext(ctx, `INSERT INTO suggestions (document_id, annotator_id, start, end, label_id, uuid, source, created_at, confidence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, docID, annID, s.Start, s.End, labelID, id[:], string(s.Source), created, sqlConfidence(s))
	if err != nil {
		return explainOpenError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 || same > 0 {
		return model.Errorf(model.ECONFLICT, "suggestion [%d, %d) %s is there already", s.Start, s.End, s.Label)
	}
	return nil
}

// sqlConfidence is s's confidence as stored: NULL for a source that gives
// none (schema 16).
func sqlConfidence(s model.Suggestion) any {
	if s.Source != model.SourceModel && s.Confidence == 0 {
		return nil
	}
	return s.Confidence
}

// labelIDOf finds the id of s's label. EINVALID if the project lacks it.
func labelIDOf(ctx context.Context, q querier, s model.Span) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT id FROM labels WHERE name = ?", s.Label).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, model.Errorf(model.EINVALID, "span [%d, %d) has label %s, which the project does not have", s.Start, s.End, s.Label)
	}
	return id, err
}

// AcceptSuggestions accepts, in one transaction, every pending suggestion
// that can join the annotator's spans and returns the new spans in text
// order, each with its suggestion's ID. Where the project forbids overlaps
// and suggestions overlap one another, the longest wins, then the
// leftmost (suggest.Resolve); suggestions that conflict stay suggested.
func (db *DB) AcceptSuggestions(ctx context.Context, documentID, annotator string) (accepted []model.Span, err error) {
	// A look first, outside any write: with nothing pending there is
	// nothing to commit.
	pending, err := db.Suggestions(ctx, documentID, annotator)
	if err != nil || len(pending) == 0 {
		return nil, err
	}
	err = db.writeTx(ctx, func(t *WriteTx) error {
		accepted, err = t.AcceptSuggestions(ctx, documentID, annotator)
		return err
	})
	if err != nil {
		return nil, err
	}
	return accepted, nil
}

// UnacceptSuggestions takes accepted suggestions back in one transaction:
// it deletes the annotator's spans with the suggestions' IDs and restores
// the suggestions (as Suggestions returned them). The status stays as it
// is. ENOTFOUND, and nothing changed, if one of the spans is gone; the
// errors of RestoreSuggestion.
func (db *DB) UnacceptSuggestions(ctx context.Context, documentID, annotator string, suggestions []model.Suggestion) error {
	return db.writeTx(ctx, func(t *WriteTx) error { return t.UnacceptSuggestions(ctx, documentID, annotator, suggestions) })
}

// deleteOwnSpan deletes the span with id from the annotator's set on a
// document. ENOTFOUND if it is not there.
func deleteOwnSpan(ctx context.Context, tx *sql.Tx, documentID, annotator, id string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM spans WHERE uuid = ? AND set_id = (SELECT a.id FROM annotation_sets a
		JOIN documents d ON d.id = a.document_id JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = ? AND n.name = ?)`, id, documentID, annotator)
	if err != nil {
		return explainOpenError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "no span %s of %s on document %s", id, annotator, documentID)
	}
	return nil
}
