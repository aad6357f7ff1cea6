package storage

import (
	"context"

	"github.com/inkspan/inkspan/model"
)

// Stats counts documents, spans per label, relations per relation label,
// spans per attribute name and, per annotator, documents per status. A
// document an annotator never opened counts as todo.
func (db *DB) Stats(ctx context.Context) (model.Stats, error) {
	st := model.Stats{Labels: map[string]int{}, Annotators: map[string]map[model.Status]int{}, RelationLabels: map[string]int{},
		Attributes: map[string]int{}}
	tx, err := db.read.BeginTx(ctx, nil) // one snapshot for every count
	if err != nil {
		return st, err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&st.Documents); err != nil {
		return st, err
	}
	spans, err := byName(ctx, tx, `SELECT l.name, count(s.id) FROM labels l
		LEFT JOIN spans s ON s.label_id = l.id GROUP BY l.id`)
	if err != nil {
		return st, err
	}
	for name, n := range spans {
		st.Labels[name] = int(n)
		st.Spans += int(n)
	}
	relations, err := byName(ctx, tx, `SELECT l.name, count(r.id) FROM relation_labels l
		LEFT JOIN relations r ON r.label_id = l.id GROUP BY l.id`)
	if err != nil {
		return st, err
	}
	for name, n := range relations {
		st.RelationLabels[name] = int(n)
		st.Relations += int(n)
	}
	// Each element of the column's array starts with the name (schema 14).
	attributes, err := byName(ctx, tx, `SELECT json_extract(j.value, '$[0]'), count(DISTINCT s.id)
		FROM spans s, json_each(s.attributes) j WHERE s.attributes IS NOT NULL GROUP BY 1`)
	if err != nil {
		return st, err
	}
	for name, n := range attributes {
		st.Attributes[name] = int(n)
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.name, s.status, count(s.id) FROM annotators a
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

// Pace is each annotator's labeling pace in documents finished (done or
// skipped) per hour, over the time from their first annotation set to their
// last finished one. Annotators who finished nothing are left out: their
// pace is unknown, not zero.
func (db *DB) Pace(ctx context.Context) (map[string]float64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT a.name,
			sum(s.status IN (`+sqlDone+`, `+sqlSkipped+`)),
			min(s.created_at),
			max(CASE WHEN s.status IN (`+sqlDone+`, `+sqlSkipped+`) THEN s.updated_at END)
		FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id
		GROUP BY a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	pace := map[string]float64{}
	for rows.Next() {
		var name string
		var finished int
		var first int64
		var last *int64
		if err := rows.Scan(&name, &finished, &first, &last); err != nil {
			return nil, err
		}
		if finished == 0 || last == nil {
			continue
		}
		// At least a minute: one document finished in a second is not a
		// pace of 3,600 an hour.
		hours := max(float64(*last-first), 60_000) / 3_600_000
		pace[name] = float64(finished) / hours
	}
	return pace, rows.Err()
}
