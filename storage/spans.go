package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/inkspan/inkspan/model"
)

// spanColumns are the columns scanSpan reads, from spans s and labels l.
const spanColumns = `s.uuid, s.start, s.end, l.name, s.note, s.origin, s.created_at, s.updated_at, s.attributes`

func scanSpan(rows interface{ Scan(...any) error }) (model.Span, error) {
	var s model.Span
	var created, updated int64
	var attrs []byte
	if err := rows.Scan(&s.ID, &s.Start, &s.End, &s.Label, &s.Note, &s.Origin, &created, &updated, &attrs); err != nil {
		return s, err
	}
	s.Created, s.Updated = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	var err error
	s.Attributes, err = decodeAttributes(attrs)
	return s, err
}

// Spans returns an annotator's spans on a document in text order.
func (db *DB) Spans(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	return readSpans(ctx, db.read, documentID, annotator)
}

func readSpans(ctx context.Context, q querier, documentID, annotator string) ([]model.Span, error) {
	return querySpans(ctx, q, `SELECT `+spanColumns+` FROM spans s
		JOIN labels l ON l.id = s.label_id
		JOIN annotation_sets a ON a.id = s.set_id
		JOIN documents d ON d.id = a.document_id
		JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = ? AND n.name = ?
		ORDER BY s.start, s.end, l.name`, documentID, annotator)
}

func setSpans(ctx context.Context, q querier, setID int64) ([]model.Span, error) {
	return querySpans(ctx, q, `SELECT `+spanColumns+` FROM spans s JOIN labels l ON l.id = s.label_id
		WHERE s.set_id = ? ORDER BY s.start, s.end, l.name`, setID)
}

func querySpans(ctx context.Context, q querier, query string, args ...any) ([]model.Span, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var spans []model.Span
	for rows.Next() {
		s, err := scanSpan(rows)
		if err != nil {
			return nil, err
		}
		spans = append(spans, s)
	}
	return spans, rows.Err()
}

// AddSpan validates span against the document, the labels and the
// annotator's other spans, stores it, and returns it with its ID and
// timestamps. A todo document becomes in progress. EINVALID for a bad span,
// ECONFLICT for a duplicate, ENOTFOUND for an unknown document.
func (db *DB) AddSpan(ctx context.Context, documentID, annotator string, span model.Span) (out model.Span, err error) {
	err = db.writeTx(ctx, func(tx *WriteTx) error {
		out, err = tx.AddSpan(ctx, documentID, annotator, span)
		return err
	})
	return out, err
}

// AddSpan is DB.AddSpan inside the transaction.
func (t *WriteTx) AddSpan(ctx context.Context, documentID, annotator string, span model.Span) (model.Span, error) {
	now := t.now
	if span.Origin == "" {
		span.Origin = model.OriginManual
	}
	if span.ID == "" {
		span.ID = newID()
	}
	span.Created, span.Updated = now.UTC().Truncate(time.Millisecond), now.UTC().Truncate(time.Millisecond)
	span.Attributes = canonicalAttributes(span.Attributes)
	set, labelID, err := t.check(ctx, documentID, annotator, span, "")
	if err != nil {
		return span, err
	}
	if len(span.Attributes) == 0 {
		// The statement of a span without attributes is the one before
		// schema 14: the column's NULL is its default.
		_, err = t.exec(ctx, `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, span.ID, set.id, span.Start, span.End, labelID, span.Note, span.Origin,
			now.UnixMilli(), now.UnixMilli())
	} else {
		var attrs any
		if attrs, err = encodeAttributes(span.Attributes); err != nil {
			return span, err
		}
		_, err = t.exec(ctx, `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at, attributes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, span.ID, set.id, span.Start, span.End, labelID, span.Note, span.Origin,
			now.UnixMilli(), now.UnixMilli(), attrs)
	}
	if err != nil {
		return span, explainOpenError(err)
	}
	t.stored(set.id, span, span.ID, false)
	return span, t.markStarted(ctx, set)
}

// UpdateSpan changes a stored span's offsets, label, note or attributes
// (matched by ID).
func (db *DB) UpdateSpan(ctx context.Context, span model.Span) (out model.Span, err error) {
	err = db.writeTx(ctx, func(tx *WriteTx) error {
		out, err = tx.UpdateSpan(ctx, span)
		return err
	})
	return out, err
}

// UpdateSpan is DB.UpdateSpan inside the transaction.
func (t *WriteTx) UpdateSpan(ctx context.Context, span model.Span) (model.Span, error) {
	now := t.now
	var documentID, annotator string
	var created int64
	err := t.queryRow(ctx, `SELECT d.uuid, n.name, s.origin, s.created_at FROM spans s
		JOIN annotation_sets a ON a.id = s.set_id JOIN documents d ON d.id = a.document_id
		JOIN annotators n ON n.id = a.annotator_id WHERE s.uuid = ?`, span.ID).Scan(&documentID, &annotator, &span.Origin, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return span, model.Errorf(model.ENOTFOUND, "no span %s", span.ID)
	}
	if err != nil {
		return span, err
	}
	span.Attributes = canonicalAttributes(span.Attributes)
	set, labelID, err := t.check(ctx, documentID, annotator, span, span.ID)
	if err != nil {
		return span, err
	}
	attrs, err := encodeAttributes(span.Attributes)
	if err != nil {
		return span, err
	}
	span.Created, span.Updated = time.UnixMilli(created).UTC(), time.UnixMilli(now.UnixMilli()).UTC()
	if _, err := t.exec(ctx, `UPDATE spans SET start = ?, end = ?, label_id = ?, note = ?, attributes = ?, updated_at = ? WHERE uuid = ?`,
		span.Start, span.End, labelID, span.Note, attrs, now.UnixMilli(), span.ID); err != nil {
		return span, explainOpenError(err)
	}
	t.stored(set.id, span, span.ID, false)
	return span, t.markStarted(ctx, set)
}

// DeleteSpan removes a span.
func (db *DB) DeleteSpan(ctx context.Context, spanID string) error {
	return db.writeTx(ctx, func(tx *WriteTx) error { return tx.DeleteSpan(ctx, spanID) })
}

// DeleteSpan is DB.DeleteSpan inside the transaction.
func (t *WriteTx) DeleteSpan(ctx context.Context, spanID string) error {
	var setID int64
	err := t.queryRow(ctx, "DELETE FROM spans WHERE uuid = ? RETURNING set_id", spanID).Scan(&setID)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Errorf(model.ENOTFOUND, "no span %s", spanID)
	}
	if err != nil {
		return explainOpenError(err)
	}
	t.stored(setID, model.Span{}, spanID, true)
	// A deletion is a change of the set like any other: merge and the
	// disagreement measures go by the set's time.
	return t.touch(ctx, setID)
}

// markStarted is markStarted for the transaction, which then knows the
// set's new status: the model's rule for a span added or changed.
func (t *WriteTx) markStarted(ctx context.Context, set setRef) error {
	next := set.status.AfterSpanChange()
	if next == set.status {
		return t.touch(ctx, set.id)
	}
	if _, err := t.exec(ctx, "UPDATE annotation_sets SET status = ?, updated_at = ? WHERE id = ?", string(next), t.now.UnixMilli(), set.id); err != nil {
		return err
	}
	t.setStatus(set.id, next)
	t.touchedNow(set.id)
	return nil
}

// markStarted moves a todo set to in progress: labeling has begun.
func markStarted(ctx context.Context, tx *sql.Tx, set setRef, now int64) error {
	if set.status != model.StatusTodo {
		_, err := tx.ExecContext(ctx, "UPDATE annotation_sets SET updated_at = ? WHERE id = ?", now, set.id)
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE annotation_sets SET status = ?, updated_at = ? WHERE id = ?", model.StatusInProgress, now, set.id)
	return err
}
