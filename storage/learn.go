package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// This file holds what training a learned model reads (app.LearnStore)
// and where the trained model is kept (app.ModelStore, schema 16).

var (
	_ app.LearnStore = (*DB)(nil)
	_ app.ModelStore = (*DB)(nil)
)

// LearnDocuments calls fn for each document the annotator marked done, by
// the time their set last changed (marking it done, or an edit after),
// oldest first, then for each document in progress on which they rejected
// a suggestion, in project order; each with the annotator's spans and
// rejected suggestions. Everything is read from one snapshot before fn is
// first called, so training never holds the project open. fn's error stops
// the walk and is returned. An unknown annotator has no documents.
func (db *DB) LearnDocuments(ctx context.Context, annotator string, fn func(app.LearnDocument) error) error {
	var docs []app.LearnDocument
	err := func() error {
		tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return err
		}
		defer tx.Rollback()
		var annID int64
		err = tx.QueryRowContext(ctx, "SELECT id FROM annotators WHERE name = ?", annotator).Scan(&annID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		// Done sets by their last change; then the sets in progress that
		// have a rejected suggestion, and todo documents with one (a
		// rejection alone does not start a set), in project order.
		rows, err := tx.QueryContext(ctx, `SELECT d.id, d.uuid, d.text, 1, a.updated_at FROM annotation_sets a JOIN documents d ON d.id = a.document_id
			WHERE a.annotator_id = ?1 AND a.status = `+sqlDone+`
			UNION ALL
			SELECT d.id, d.uuid, d.text, 0, 0 FROM documents d
			WHERE EXISTS (SELECT 1 FROM suggestions s WHERE s.document_id = d.id AND s.annotator_id = ?1 AND s.rejected = 1)
			AND NOT EXISTS (SELECT 1 FROM annotation_sets a WHERE a.document_id = d.id AND a.annotator_id = ?1
				AND a.status <> `+sqlInProgress+` AND a.status <> `+sqlTodo+`)
			ORDER BY 4 DESC, 5, 1`, annID)
		if err != nil {
			return err
		}
		var keys []int64
		for rows.Next() {
			var d app.LearnDocument
			var key, changed int64
			if err := rows.Scan(&key, &d.ID, &d.Text, &d.Done, &changed); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, key)
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		spans, err := tx.PrepareContext(ctx, `SELECT s.start, s.end, l.name FROM annotation_sets a
			JOIN spans s ON s.set_id = a.id JOIN labels l ON l.id = s.label_id
			WHERE a.document_id = ? AND a.annotator_id = ? ORDER BY s.start, s.end, l.name`)
		if err != nil {
			return err
		}
		defer spans.Close()
		rejected, err := tx.PrepareContext(ctx, `SELECT s.start, s.end, l.name FROM suggestions s JOIN labels l ON l.id = s.label_id
			WHERE s.document_id = ? AND s.annotator_id = ? AND s.rejected = 1 ORDER BY s.start, s.end, l.name`)
		if err != nil {
			return err
		}
		defer rejected.Close()
		for i := range docs {
			if docs[i].Spans, err = learnSpans(ctx, spans, keys[i], annID); err != nil {
				return err
			}
			if docs[i].Rejected, err = learnSpans(ctx, rejected, keys[i], annID); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

func learnSpans(ctx context.Context, st *sql.Stmt, docKey, annID int64) ([]model.Span, error) {
	rows, err := st.QueryContext(ctx, docKey, annID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Span
	for rows.Next() {
		var s model.Span
		if err := rows.Scan(&s.Start, &s.End, &s.Label); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SaveModel stores m as the annotator's model, replacing theirs (schema
// 16). EINVALID for a bad annotator name or a model without data.
func (db *DB) SaveModel(ctx context.Context, annotator string, m app.SavedModel) error {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return err
	}
	if len(m.Data) == 0 || m.Documents < 0 {
		return model.Errorf(model.EINVALID, "a saved model needs its data and a document count")
	}
	at := m.TrainedAt
	if at.IsZero() {
		at = db.now()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		annID, err := annotatorID(ctx, tx, annotator, db.now().UnixMilli())
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO learned_models (annotator_id, model, trained_at, documents) VALUES (?, ?, ?, ?)
			ON CONFLICT (annotator_id) DO UPDATE SET model = excluded.model, trained_at = excluded.trained_at, documents = excluded.documents`,
			annID, m.Data, at.UnixMilli(), m.Documents)
		return explainOpenError(err)
	})
}

// SavedModel returns the annotator's stored model. ENOTFOUND when they
// have none.
func (db *DB) SavedModel(ctx context.Context, annotator string) (app.SavedModel, error) {
	var m app.SavedModel
	var at int64
	err := db.read.QueryRowContext(ctx, `SELECT m.model, m.trained_at, m.documents FROM learned_models m
		JOIN annotators a ON a.id = m.annotator_id WHERE a.name = ?`, annotator).Scan(&m.Data, &at, &m.Documents)
	if errors.Is(err, sql.ErrNoRows) {
		return m, model.Errorf(model.ENOTFOUND, "%s has no trained model in the project", annotator)
	}
	m.TrainedAt = time.UnixMilli(at).UTC()
	return m, err
}
