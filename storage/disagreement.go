package storage

import (
	"context"
	"database/sql"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
)

// updateDisagreement measures again the documents whose people's sets
// changed since they were last measured (see migration 6). Documents with
// fewer than two people have nothing to disagree on and get no row.
func (db *DB) updateDisagreement(ctx context.Context) error {
	rows, err := db.read.QueryContext(ctx, `SELECT s.document_id, max(s.updated_at) FROM annotation_sets s
		JOIN annotators a ON a.id = s.annotator_id
		WHERE a.name <> ? AND s.status <> ?
		GROUP BY s.document_id
		HAVING count(*) >= 2 AND max(s.updated_at) > coalesce(
			(SELECT computed_at FROM disagreement g WHERE g.document_id = s.document_id), -1)`, model.GoldAnnotator, model.StatusSkipped)
	if err != nil {
		return err
	}
	type stale struct{ id, updated int64 }
	var docs []stale
	for rows.Next() {
		var d stale
		if err := rows.Scan(&d.id, &d.updated); err != nil {
			rows.Close()
			return err
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(docs) == 0 {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, d := range docs {
			sets, err := peopleSpans(ctx, tx, "d.id = ?", d.id)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO disagreement (document_id, value, computed_at) VALUES (?, ?, ?)
				ON CONFLICT (document_id) DO UPDATE SET value = excluded.value, computed_at = excluded.computed_at`,
				d.id, agree.Disagreement(sets), d.updated); err != nil {
				return err
			}
		}
		return nil
	})
}
