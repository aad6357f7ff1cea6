package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
)

// The writes of the store contract (app.WriteTx, edit.SuggestionStore),
// with storage's rules: the model's checks in Go first, so that a refusal
// has its code and words, then the SQL, whose constraints are the last
// word.
//
// Each public write runs as a step (a savepoint): in PostgreSQL a failed
// statement aborts the whole transaction, where in SQLite it fails alone.
// A refused operation then leaves the transaction as it was and usable,
// as the contract promises (a use case may try something, be refused,
// and go on).

// step runs fn inside a savepoint, rolled back to when fn fails.
func (t *WriteTx) step(ctx context.Context, fn func() error) error {
	if _, err := t.tx.Exec(ctx, "SAVEPOINT step"); err != nil {
		return withContext(ctx, err)
	}
	if err := fn(); err != nil {
		err = withContext(ctx, dbError(err))
		if _, rbErr := t.tx.Exec(ctx, "ROLLBACK TO SAVEPOINT step"); rbErr != nil {
			return errors.Join(err, rbErr)
		}
		// ROLLBACK TO keeps the savepoint; it goes like a released one.
		if _, relErr := t.tx.Exec(ctx, "RELEASE SAVEPOINT step"); relErr != nil {
			return errors.Join(err, relErr)
		}
		return err
	}
	_, err := t.tx.Exec(ctx, "RELEASE SAVEPOINT step")
	return withContext(ctx, err)
}

// setRef is an annotator's set on a document.
type setRef struct {
	id         int64
	textLength int
	status     model.Status
}

// findSet reads the annotator's set on the document: found false when
// there is none (or no such document).
func (t *WriteTx) findSet(ctx context.Context, documentID, annotator string) (ref setRef, found bool, err error) {
	err = t.tx.QueryRow(ctx, `SELECT a.id, d.length, a.status
		FROM annotation_sets a JOIN documents d ON d.id = a.document_id JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = $1 AND n.name = $2`, documentID, annotator).Scan(&ref.id, &ref.textLength, &ref.status)
	if errors.Is(err, pgx.ErrNoRows) {
		return ref, false, nil
	}
	return ref, err == nil, err
}

// set is the annotator's set on the document, made (todo) if missing.
// EINVALID for a bad annotator name, ENOTFOUND for an unknown document.
func (t *WriteTx) set(ctx context.Context, documentID, annotator string) (setRef, error) {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return setRef{}, err
	}
	ref, found, err := t.findSet(ctx, documentID, annotator)
	if err != nil || found {
		return ref, err
	}
	var docID int64
	err = t.tx.QueryRow(ctx, "SELECT id, length FROM documents WHERE uuid = $1", documentID).Scan(&docID, &ref.textLength)
	if errors.Is(err, pgx.ErrNoRows) {
		return ref, model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil {
		return ref, err
	}
	annID, err := t.annotatorID(ctx, annotator)
	if err != nil {
		return ref, err
	}
	ref.status = model.StatusTodo
	err = t.tx.QueryRow(ctx, `INSERT INTO annotation_sets (document_id, annotator_id, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4) RETURNING id`, docID, annID, ref.status, t.now).Scan(&ref.id)
	return ref, err
}

// annotatorID finds or registers an annotator (the name checked by the
// caller). Writers take turns, so nobody adds the name in between.
func (t *WriteTx) annotatorID(ctx context.Context, name string) (int64, error) {
	// Looked up first: in a team project an annotator may not insert
	// (even to no effect) a row of someone else's, so the insert is
	// tried only for a name not there.
	var id int64
	err := t.tx.QueryRow(ctx, "SELECT id FROM annotators WHERE name = $1", name).Scan(&id)
	if !errors.Is(err, pgx.ErrNoRows) {
		return id, err
	}
	err = t.tx.QueryRow(ctx, `WITH added AS (
			INSERT INTO annotators (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id)
		SELECT id FROM added UNION ALL SELECT id FROM annotators WHERE name = $1 LIMIT 1`, name, t.now).Scan(&id)
	return id, err
}

// touch writes the transaction's time as the set's updated_at: merge and
// the disagreement measures go by it.
func (t *WriteTx) touch(ctx context.Context, setID int64) error {
	_, err := t.tx.Exec(ctx, "UPDATE annotation_sets SET updated_at = $1 WHERE id = $2", t.now, setID)
	return err
}

// markStarted applies the model's rule for a span added or changed (a
// todo set becomes in progress) and touches the set.
func (t *WriteTx) markStarted(ctx context.Context, set setRef) error {
	_, err := t.tx.Exec(ctx, "UPDATE annotation_sets SET status = $1, updated_at = $2 WHERE id = $3",
		set.status.AfterSpanChange(), t.now, set.id)
	return err
}

// check applies the model's rules to span as a member of the annotator's
// set, leaving out the span with ID skip (the one being updated), and
// returns the set and the label's id.
func (t *WriteTx) check(ctx context.Context, documentID, annotator string, span model.Span, skip string) (setRef, int64, error) {
	set, err := t.set(ctx, documentID, annotator)
	if err != nil {
		return set, 0, err
	}
	label, err := labelID(ctx, t.tx, span)
	if err != nil {
		return set, 0, err
	}
	if err := span.Validate(set.textLength, nil); err != nil {
		return set, 0, err
	}
	existing, err := setSpans(ctx, t.tx, set.id)
	if err != nil {
		return set, 0, err
	}
	others := existing[:0:0]
	for _, e := range existing {
		if e.ID != skip {
			others = append(others, e)
		}
	}
	overlap, err := allowOverlap(ctx, t.tx)
	if err != nil {
		return set, 0, err
	}
	return set, label, model.CheckAddition(others, span, overlap)
}

// insertSpan stores span, whose ID is set, in a set. ECONFLICT when
// another span has its ID.
func (t *WriteTx) insertSpan(ctx context.Context, setID, label int64, span model.Span) error {
	var taken bool
	if err := t.tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM spans WHERE uuid = $1)", span.ID).Scan(&taken); err != nil {
		return err
	}
	if taken {
		return model.Errorf(model.ECONFLICT, "span %s already exists", span.ID)
	}
	attrs, err := encodeAttributes(span.Attributes)
	if err != nil {
		return err
	}
	_, err = t.tx.Exec(ctx, `INSERT INTO spans (uuid, set_id, start_cp, end_cp, label_id, note, origin, attributes, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, span.ID, setID, span.Start, span.End, label, span.Note, span.Origin, attrs, t.now)
	return err
}

// AddSpan stores span on the annotator's copy of the document and returns
// it as stored (edit.Store): its ID kept when set, origin manual when
// empty; a todo document becomes in progress. EINVALID for a bad or
// overlapping span, ECONFLICT for a duplicate, ENOTFOUND for an unknown
// document.
func (t *WriteTx) AddSpan(ctx context.Context, documentID, annotator string, span model.Span) (model.Span, error) {
	if span.Origin == "" {
		span.Origin = model.OriginManual
	}
	if span.ID == "" {
		span.ID = newID()
	}
	span.Created, span.Updated = t.now, t.now
	span.Attributes = canonical(span.Attributes)
	err := t.step(ctx, func() error {
		set, label, err := t.check(ctx, documentID, annotator, span, "")
		if err != nil {
			return err
		}
		if err := t.insertSpan(ctx, set.id, label, span); err != nil {
			return err
		}
		return t.markStarted(ctx, set)
	})
	return span, err
}

// UpdateSpan replaces the offsets, label, note and attributes of the
// span with span.ID (edit.Store); its origin and creation stay. ENOTFOUND
// for an unknown span, otherwise the errors of AddSpan.
func (t *WriteTx) UpdateSpan(ctx context.Context, span model.Span) (model.Span, error) {
	span.Attributes = canonical(span.Attributes)
	err := t.step(ctx, func() error {
		var documentID, annotator string
		err := t.tx.QueryRow(ctx, `SELECT d.uuid, n.name, s.origin, s.created_at FROM spans s
			JOIN annotation_sets a ON a.id = s.set_id JOIN documents d ON d.id = a.document_id
			JOIN annotators n ON n.id = a.annotator_id WHERE s.uuid = $1`, span.ID).Scan(&documentID, &annotator, &span.Origin, &span.Created)
		if errors.Is(err, pgx.ErrNoRows) {
			return model.Errorf(model.ENOTFOUND, "no span %s", span.ID)
		}
		if err != nil {
			return err
		}
		span.Created, span.Updated = span.Created.UTC(), t.now
		set, label, err := t.check(ctx, documentID, annotator, span, span.ID)
		if err != nil {
			return err
		}
		attrs, err := encodeAttributes(span.Attributes)
		if err != nil {
			return err
		}
		if _, err := t.tx.Exec(ctx, `UPDATE spans SET start_cp = $1, end_cp = $2, label_id = $3, note = $4, attributes = $5, updated_at = $6
			WHERE uuid = $7`, span.Start, span.End, label, span.Note, attrs, t.now, span.ID); err != nil {
			return err
		}
		return t.markStarted(ctx, set)
	})
	return span, err
}

// DeleteSpan removes a span, and with it its relations (edit.Store).
// ENOTFOUND for an unknown span.
func (t *WriteTx) DeleteSpan(ctx context.Context, spanID string) error {
	return t.step(ctx, func() error {
		var setID int64
		err := t.tx.QueryRow(ctx, "DELETE FROM spans WHERE uuid = $1 RETURNING set_id", spanID).Scan(&setID)
		if errors.Is(err, pgx.ErrNoRows) {
			return model.Errorf(model.ENOTFOUND, "no span %s", spanID)
		}
		if err != nil {
			return err
		}
		return t.touch(ctx, setID)
	})
}

// SetStatus records the annotator's status on a document (edit.Store).
// EINVALID for an unknown status or a bad name, ENOTFOUND for an unknown
// document.
func (t *WriteTx) SetStatus(ctx context.Context, documentID, annotator string, status model.Status) error {
	if err := status.Validate(); err != nil {
		return err
	}
	return t.step(ctx, func() error {
		set, err := t.set(ctx, documentID, annotator)
		if err != nil {
			return err
		}
		_, err = t.tx.Exec(ctx, "UPDATE annotation_sets SET status = $1, updated_at = $2 WHERE id = $3", status, t.now, set.id)
		return err
	})
}

// SetNote stores the annotator's note on a document (app.WriteTx).
// ENOTFOUND for an unknown document, EINVALID for a bad name.
func (t *WriteTx) SetNote(ctx context.Context, documentID, annotator, note string) error {
	return t.step(ctx, func() error {
		set, err := t.set(ctx, documentID, annotator)
		if err != nil {
			return err
		}
		_, err = t.tx.Exec(ctx, "UPDATE annotation_sets SET note = $1, updated_at = $2 WHERE id = $3", note, t.now, set.id)
		return err
	})
}

// SetReviewer records that reviewer changed the document's gold version
// in this transaction (app.WriteTx). EINVALID for a bad name, ENOTFOUND
// for an unknown document.
func (t *WriteTx) SetReviewer(ctx context.Context, documentID, reviewer string) error {
	if err := model.ValidatePersonName(reviewer); err != nil {
		return err
	}
	return t.step(ctx, func() error {
		tag, err := t.tx.Exec(ctx, `INSERT INTO reviews (document_id, reviewer, updated_at)
			SELECT id, $1, $2 FROM documents WHERE uuid = $3
			ON CONFLICT (document_id) DO UPDATE SET reviewer = excluded.reviewer, updated_at = excluded.updated_at`,
			reviewer, t.now, documentID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
		}
		return nil
	})
}

// SetRejected records, or with rejected false takes back, a reviewer's
// rejection of the proposal s on a document (app.WriteTx). ENOTFOUND for
// an unknown document, EINVALID for an unknown label.
func (t *WriteTx) SetRejected(ctx context.Context, documentID string, s model.Span, rejected bool) error {
	return t.step(ctx, func() error {
		var docID int64
		err := t.tx.QueryRow(ctx, "SELECT id FROM documents WHERE uuid = $1", documentID).Scan(&docID)
		if errors.Is(err, pgx.ErrNoRows) {
			return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
		}
		if err != nil {
			return err
		}
		var label int64
		err = t.tx.QueryRow(ctx, "SELECT id FROM labels WHERE name = $1", s.Label).Scan(&label)
		if errors.Is(err, pgx.ErrNoRows) {
			return model.Errorf(model.EINVALID, "no label %s", s.Label)
		}
		if err != nil {
			return err
		}
		if rejected {
			_, err = t.tx.Exec(ctx, `INSERT INTO review_rejections (document_id, start_cp, end_cp, label_id) VALUES ($1, $2, $3, $4)
				ON CONFLICT DO NOTHING`, docID, s.Start, s.End, label)
		} else {
			_, err = t.tx.Exec(ctx, "DELETE FROM review_rejections WHERE document_id = $1 AND start_cp = $2 AND end_cp = $3 AND label_id = $4",
				docID, s.Start, s.End, label)
		}
		return err
	})
}

// SetLastDocument remembers the document the annotator has open
// (app.WriteTx). EINVALID for a bad name, ENOTFOUND for an unknown
// document.
func (t *WriteTx) SetLastDocument(ctx context.Context, annotator, documentID string) error {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return err
	}
	return t.step(ctx, func() error {
		var docID int64
		err := t.tx.QueryRow(ctx, "SELECT id FROM documents WHERE uuid = $1", documentID).Scan(&docID)
		if errors.Is(err, pgx.ErrNoRows) {
			return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
		}
		if err != nil {
			return err
		}
		annID, err := t.annotatorID(ctx, annotator)
		if err != nil {
			return err
		}
		_, err = t.tx.Exec(ctx, "UPDATE annotators SET last_document_id = $1 WHERE id = $2", docID, annID)
		return err
	})
}

// deleteOwnSpan deletes the span with id from the annotator's set on a
// document. ENOTFOUND if it is not there.
func (t *WriteTx) deleteOwnSpan(ctx context.Context, documentID, annotator, id string) error {
	tag, err := t.tx.Exec(ctx, `DELETE FROM spans WHERE uuid = $1 AND set_id = (SELECT a.id FROM annotation_sets a
		JOIN documents d ON d.id = a.document_id JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = $2 AND n.name = $3)`, id, documentID, annotator)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return model.Errorf(model.ENOTFOUND, "no span %s of %s on document %s", id, annotator, documentID)
	}
	return nil
}

// AddLabeledSpans adds exactly spans, keeping their IDs (or choosing
// one), each checked as AddSpan checks it, and returns them as stored,
// with Started on the span that moved a todo document to in progress
// (edit.SuggestionStore). The first span's error stops it, and then
// nothing is added.
func (t *WriteTx) AddLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) ([]model.LabeledSpan, error) {
	var stored []model.LabeledSpan
	err := t.step(ctx, func() error {
		stored = make([]model.LabeledSpan, 0, len(spans))
		started := map[string]bool{} // documents this call has added to
		for _, ls := range spans {
			span := ls.Span
			if span.Origin == "" {
				span.Origin = model.OriginManual
			}
			if span.ID == "" {
				span.ID = newID()
			}
			span.Created, span.Updated = t.now, t.now
			span.Attributes = canonical(span.Attributes)
			set, label, err := t.check(ctx, ls.DocumentID, annotator, span, "")
			if err != nil {
				return fmt.Errorf("document %s: %w", ls.DocumentID, err)
			}
			first := !started[ls.DocumentID]
			started[ls.DocumentID] = true
			if err := t.insertSpan(ctx, set.id, label, span); err != nil {
				return err
			}
			if err := t.markStarted(ctx, set); err != nil {
				return err
			}
			stored = append(stored, model.LabeledSpan{DocumentID: ls.DocumentID, Span: span, Started: first && set.status == model.StatusTodo})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return stored, nil
}

// DeleteLabeledSpans deletes exactly spans (by ID, from the annotator's
// sets) and moves the document of each Started span back from in
// progress to todo; a status set since stays (edit.SuggestionStore).
// ENOTFOUND, and nothing deleted, if one of them is gone.
func (t *WriteTx) DeleteLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) error {
	return t.step(ctx, func() error {
		for _, ls := range spans {
			if err := t.deleteOwnSpan(ctx, ls.DocumentID, annotator, ls.Span.ID); err != nil {
				return err
			}
			if !ls.Started {
				continue
			}
			if _, err := t.tx.Exec(ctx, `UPDATE annotation_sets SET status = $1, updated_at = $2
				WHERE status = $3 AND document_id = (SELECT id FROM documents WHERE uuid = $4)
				AND annotator_id = (SELECT id FROM annotators WHERE name = $5)`,
				model.StatusTodo, t.now, model.StatusInProgress, ls.DocumentID, annotator); err != nil {
				return err
			}
		}
		return nil
	})
}
