package storage

import (
	"context"
	"database/sql"

	"github.com/inkspan/inkspan/model"
)

// SetAllowOverlap turns the project's overlap rule on or off in one
// transaction. Turning it off is refused with ECONFLICT while any
// annotator (gold included) has overlapping spans: the rule would then hold
// data that breaks it, and every later edit of those documents would fail.
// The refusal says how many pairs overlap and where, first few documents
// first, so the person knows what to fix.
func (db *DB) SetAllowOverlap(ctx context.Context, allow bool) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := setAllowOverlap(ctx, tx, allow)
		return err
	})
}

// setAllowOverlap stores the rule inside tx and reports whether it changed.
// An import that is asked to allow overlaps calls it in its own
// transaction, so the rule and the data that needs it land together.
func setAllowOverlap(ctx context.Context, tx *sql.Tx, allow bool) (changed bool, err error) {
	was, err := allowOverlap(ctx, tx)
	if err != nil {
		return false, err
	}
	if was == allow {
		return false, nil
	}
	if !allow {
		if err := refuseOverlaps(ctx, tx); err != nil {
			return false, err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('allow_overlap', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, boolText(allow))
	return err == nil, err
}

// refuseOverlaps returns an ECONFLICT error naming the overlapping spans
// the project holds, or nil when there are none.
func refuseOverlaps(ctx context.Context, q querier) error {
	// Two spans of one annotation set overlap when each starts before the
	// other ends; a.id < b.id counts each pair once. The unique index on
	// (set_id, start, …) keeps the join within a set.
	rows, err := q.QueryContext(ctx, `
		SELECT d.id, d.external_id, d.title, an.name, count(*)
		FROM spans a
		JOIN spans b ON b.set_id = a.set_id AND a.id < b.id AND a.start < b.end AND b.start < a.end
		JOIN annotation_sets s ON s.id = a.set_id
		JOIN documents d ON d.id = s.document_id
		JOIN annotators an ON an.id = s.annotator_id
		GROUP BY s.id
		ORDER BY d.id, an.name`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var found model.OverlapsFound
	for rows.Next() {
		var docID int64
		var extID, title, annotator string
		var n int
		if err := rows.Scan(&docID, &extID, &title, &annotator, &n); err != nil {
			return err
		}
		name := extID
		if name == "" {
			name = title
		}
		found.Add(docID, name, annotator, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return found.Err()
}
