package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/inkspan/inkspan/model"
)

// Review returns a document's review status, reviewer and time.
func (db *DB) Review(ctx context.Context, documentID string) (model.Review, error) {
	return readReview(ctx, db.read, documentID)
}

func readReview(ctx context.Context, q querier, documentID string) (model.Review, error) {
	var status sql.NullString
	var reviewer sql.NullString
	var updated sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT s.status, r.reviewer, r.updated_at FROM documents d
		LEFT JOIN annotation_sets s ON s.document_id = d.id
			AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)
		LEFT JOIN reviews r ON r.document_id = d.id
		WHERE d.uuid = ?`, model.GoldAnnotator, documentID).Scan(&status, &reviewer, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Review{}, model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil {
		return model.Review{}, err
	}
	r := model.Review{Status: model.ReviewStatusOf(model.Status(status.String)), Reviewer: reviewer.String}
	if updated.Valid {
		r.Updated = time.UnixMilli(updated.Int64)
	}
	return r, nil
}

// SetReviewer records that reviewer changed the document's gold version
// now. The window calls it with every review change, after the change.
func (db *DB) SetReviewer(ctx context.Context, documentID, reviewer string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return setReviewer(ctx, tx, db.now(), documentID, reviewer) })
}

// setReviewer is SetReviewer inside tx, at the transaction's time now.
func setReviewer(ctx context.Context, tx *sql.Tx, now time.Time, documentID, reviewer string) error {
	if err := model.ValidatePersonName(reviewer); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reviews (document_id, reviewer, updated_at)
		SELECT id, ?, ? FROM documents WHERE uuid = ?
		ON CONFLICT (document_id) DO UPDATE SET reviewer = excluded.reviewer, updated_at = excluded.updated_at`,
		reviewer, now.UnixMilli(), documentID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	return nil
}

// HasGold reports whether any document has a gold version: export then
// defaults to gold.
func (db *DB) HasGold(ctx context.Context) (bool, error) {
	var has bool
	err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM annotation_sets s
		JOIN annotators a ON a.id = s.annotator_id WHERE a.name = ?)`, model.GoldAnnotator).Scan(&has)
	return has, err
}

// PeopleSpans returns every person's spans on a document, by annotator:
// what review mode compares. Gold is left out (it is what the reviewer
// edits), and so are sets the annotator skipped.
func (db *DB) PeopleSpans(ctx context.Context, documentID string) (map[string][]model.Span, error) {
	return peopleSpans(ctx, db.read, "d.uuid = ?", documentID)
}

// peopleSpans reads the people's sets of the document that where selects.
func peopleSpans(ctx context.Context, q querier, where string, arg any) (map[string][]model.Span, error) {
	rows, err := q.QueryContext(ctx, `SELECT n.name, `+spanColumns+` FROM annotation_sets a
		JOIN documents d ON d.id = a.document_id
		JOIN annotators n ON n.id = a.annotator_id
		LEFT JOIN spans s ON s.set_id = a.id
		LEFT JOIN labels l ON l.id = s.label_id
		WHERE `+where+` AND n.name <> ? AND a.status <> ?
		ORDER BY n.name, s.start, s.end, l.name`, arg, model.GoldAnnotator, model.StatusSkipped)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sets := map[string][]model.Span{}
	for rows.Next() {
		var name string
		var id, label, note, origin sql.NullString
		var start, end, created, updated sql.NullInt64
		var attrs []byte
		if err := rows.Scan(&name, &id, &start, &end, &label, &note, &origin, &created, &updated, &attrs); err != nil {
			return nil, err
		}
		if !id.Valid {
			sets[name] = sets[name][:0:0] // a set without spans: the annotator found nothing
			continue
		}
		as, err := decodeAttributes(attrs)
		if err != nil {
			return nil, err
		}
		sets[name] = append(sets[name], model.Span{
			ID: id.String, Start: int(start.Int64), End: int(end.Int64), Label: label.String,
			Note: note.String, Origin: model.Origin(origin.String), Attributes: as,
			Created: time.UnixMilli(created.Int64).UTC(), Updated: time.UnixMilli(updated.Int64).UTC(),
		})
	}
	return sets, rows.Err()
}

// Rejections lists the proposals a reviewer rejected on a document, in
// text order.
func (db *DB) Rejections(ctx context.Context, documentID string) ([]model.Span, error) {
	return readRejections(ctx, db.read, documentID)
}

func readRejections(ctx context.Context, q querier, documentID string) ([]model.Span, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.start, r.end, l.name FROM review_rejections r
		JOIN labels l ON l.id = r.label_id
		WHERE r.document_id = (SELECT id FROM documents WHERE uuid = ?)
		ORDER BY r.start, r.end, l.name`, documentID)
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

// SetRejected records (or, with rejected false, takes back) a reviewer's
// rejection of the proposal s (its offsets and label) on a document.
// ENOTFOUND for an unknown document, EINVALID for an unknown label.
func (db *DB) SetRejected(ctx context.Context, documentID string, s model.Span, rejected bool) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return setRejected(ctx, tx, documentID, s, rejected) })
}

// setRejected is SetRejected inside tx.
func setRejected(ctx context.Context, tx *sql.Tx, documentID string, s model.Span, rejected bool) error {
	var docID int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM documents WHERE uuid = ?", documentID).Scan(&docID)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil {
		return err
	}
	var labelID int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM labels WHERE name = ?", s.Label).Scan(&labelID)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Errorf(model.EINVALID, "no label %s", s.Label)
	}
	if err != nil {
		return err
	}
	if rejected {
		_, err = tx.ExecContext(ctx, `INSERT INTO review_rejections (document_id, start, end, label_id) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, docID, s.Start, s.End, labelID)
	} else {
		_, err = tx.ExecContext(ctx, "DELETE FROM review_rejections WHERE document_id = ? AND start = ? AND end = ? AND label_id = ?",
			docID, s.Start, s.End, labelID)
	}
	return err
}
