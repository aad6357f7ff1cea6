package storage

import (
	"context"

	"github.com/inkspan/inkspan/model"
)

// Stats counts documents, spans per label and, per annotator, documents per
// status. A document an annotator never opened counts as todo.
func (db *DB) Stats(ctx context.Context) (model.Stats, error) {
	st := model.Stats{Labels: map[string]int{}, Annotators: map[string]map[model.Status]int{}}
	tx, err := db.read.BeginTx(ctx, nil) // one snapshot for every count
	if err != nil {
		return st, err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&st.Documents); err != nil {
		return st, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.name, count(s.id) FROM labels l
		LEFT JOIN spans s ON s.label_id = l.id GROUP BY l.id`)
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			rows.Close()
			return st, err
		}
		st.Labels[name] = n
		st.Spans += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT a.name, s.status, count(s.id) FROM annotators a
		LEFT JOIN annotation_sets s ON s.annotator_id = a.id GROUP BY a.id, s.status`)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var status *string
		var n int
		if err := rows.Scan(&name, &status, &n); err != nil {
			return st, err
		}
		counts := st.Annotators[name]
		if counts == nil {
			counts = map[model.Status]int{}
			for _, s := range model.Statuses {
				counts[s] = 0
			}
			counts[model.StatusTodo] = st.Documents
			st.Annotators[name] = counts
		}
		if status != nil && model.Status(*status) != model.StatusTodo {
			counts[model.Status(*status)] += n
			counts[model.StatusTodo] -= n
		}
	}
	return st, rows.Err()
}
