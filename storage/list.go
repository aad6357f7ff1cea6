package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// listQuery builds the FROM/WHERE part shared by CountDocuments and
// ListDocuments; s is the listing annotator's set (NULL when none).
func listQuery(annotator string, f model.DocumentFilter) (string, []any) {
	var b strings.Builder
	args := []any{annotator}
	b.WriteString(`FROM documents d
		LEFT JOIN annotation_sets s ON s.document_id = d.id
			AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)
		WHERE 1`)
	if len(f.Statuses) > 0 {
		b.WriteString(" AND coalesce(s.status, 'todo') IN (" + placeholders(len(f.Statuses)) + ")")
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
	}
	if f.Label != "" {
		b.WriteString(` AND EXISTS (SELECT 1 FROM spans sp JOIN labels l ON l.id = sp.label_id
			WHERE sp.set_id = s.id AND l.name = ?)`)
		args = append(args, f.Label)
	}
	if f.AnnotatedBy != "" {
		b.WriteString(` AND EXISTS (SELECT 1 FROM annotation_sets o JOIN annotators n ON n.id = o.annotator_id
			WHERE o.document_id = d.id AND n.name = ?)`)
		args = append(args, f.AnnotatedBy)
	}
	return b.String(), args
}

// CountDocuments counts the documents a filtered list holds.
func (db *DB) CountDocuments(ctx context.Context, annotator string, f model.DocumentFilter) (int, error) {
	from, args := listQuery(annotator, f)
	var n int
	err := db.read.QueryRowContext(ctx, "SELECT count(*) "+from, args...).Scan(&n)
	return n, err
}

// ListDocuments returns limit documents (all for a negative limit) of a
// filtered list from position offset, in project order: the document list asks for the rows it shows, so
// a project of a million documents never loads them all.
func (db *DB) ListDocuments(ctx context.Context, annotator string, f model.DocumentFilter, offset, limit int) ([]model.DocumentSummary, error) {
	from, args := listQuery(annotator, f)
	rows, err := db.read.QueryContext(ctx, `SELECT d.uuid, d.external_id, d.title, d.length,
		coalesce(s.status, 'todo'), (SELECT count(*) FROM spans WHERE set_id = s.id) `+from+
		` ORDER BY d.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	return scanSummaries(rows, max(limit, 0))
}

// scanSummaries reads rows of (uuid, external_id, title, length, status,
// span count), the columns every document list selects, and closes them.
func scanSummaries(rows *sql.Rows, capacity int) ([]model.DocumentSummary, error) {
	defer rows.Close()
	list := make([]model.DocumentSummary, 0, capacity)
	for rows.Next() {
		var d model.DocumentSummary
		if err := rows.Scan(&d.ID, &d.ExternalID, &d.Title, &d.Length, &d.Status, &d.SpanCount); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// DocumentPosition is where a document stands in the unfiltered list, or
// -1 when there is no such document.
func (db *DB) DocumentPosition(ctx context.Context, documentID string) (int, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, "SELECT id FROM documents WHERE uuid = ?", documentID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return -1, nil
	}
	if err != nil {
		return -1, err
	}
	var n int
	err = db.read.QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE id < ?", id).Scan(&n)
	return n, err
}

// NextUnfinished returns the first document after the given one (or from
// the start, for "") that the annotator has not marked done or skipped,
// wrapping around; "" when every document is finished.
func (db *DB) NextUnfinished(ctx context.Context, annotator, afterID string) (string, error) {
	const q = `SELECT d.uuid FROM documents d
		LEFT JOIN annotation_sets s ON s.document_id = d.id
			AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)
		WHERE coalesce(s.status, 'todo') IN ('todo', 'in_progress') AND d.id %s
		ORDER BY d.id LIMIT 1`
	after := int64(0)
	if afterID != "" {
		if err := db.read.QueryRowContext(ctx, "SELECT id FROM documents WHERE uuid = ?", afterID).Scan(&after); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	var id string
	err := db.read.QueryRowContext(ctx, strings.Replace(q, "%s", "> ?", 1), annotator, after).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) && after > 0 {
		err = db.read.QueryRowContext(ctx, strings.Replace(q, "%s", "<= ?", 1), annotator, after).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// Note returns the annotator's note on a document ("" when none).
func (db *DB) Note(ctx context.Context, documentID, annotator string) (string, error) {
	var note string
	err := db.read.QueryRowContext(ctx, `SELECT s.note FROM annotation_sets s
		JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id
		WHERE d.uuid = ? AND a.name = ?`, documentID, annotator).Scan(&note)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return note, err
}

// SetNote stores the annotator's free-text note on a document ("ambiguous",
// "duplicate") for the reviewer.
func (db *DB) SetNote(ctx context.Context, documentID, annotator, note string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		set, err := db.annotationSet(ctx, tx, documentID, annotator)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE annotation_sets SET note = ?, updated_at = ? WHERE id = ?", note, db.now().UnixMilli(), set.id)
		return err
	})
}

// LastDocument is the document the annotator had open when they left, or "".
func (db *DB) LastDocument(ctx context.Context, annotator string) (string, error) {
	var id sql.NullString
	err := db.read.QueryRowContext(ctx, `SELECT d.uuid FROM annotators a JOIN documents d ON d.id = a.last_document_id
		WHERE a.name = ?`, annotator).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id.String, err
}

// SetLastDocument remembers the document the annotator has open.
func (db *DB) SetLastDocument(ctx context.Context, annotator, documentID string) error {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := annotatorID(ctx, tx, annotator, db.now().UnixMilli()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE annotators SET last_document_id = (SELECT id FROM documents WHERE uuid = ?)
			WHERE name = ? AND EXISTS (SELECT 1 FROM documents WHERE uuid = ?)`, documentID, annotator, documentID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
		}
		return nil
	})
}
