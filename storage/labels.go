package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/inkspan/inkspan/model"
)

// Labels returns the project's labels in their display order.
func (db *DB) Labels(ctx context.Context) ([]model.Label, error) {
	return queryLabels(ctx, db.read)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func queryLabels(ctx context.Context, q querier) ([]model.Label, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, color, key, description FROM labels ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var labels []model.Label
	for rows.Next() {
		var l model.Label
		if err := rows.Scan(&l.Name, &l.Color, &l.Key, &l.Description); err != nil {
			return nil, err
		}
		labels = append(labels, l)
	}
	return labels, rows.Err()
}

// AddLabel adds a label at the end of the list. It returns EINVALID for a
// bad label and ECONFLICT when the name or key is taken.
func (db *DB) AddLabel(ctx context.Context, l model.Label) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := addLabel(ctx, tx, l)
		return err
	})
}

func addLabel(ctx context.Context, tx *sql.Tx, l model.Label) (int64, error) {
	labels, err := queryLabels(ctx, tx)
	if err != nil {
		return 0, err
	}
	if err := model.ValidateLabelSet(append(labels, l)); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx,
		"INSERT INTO labels (name, color, key, description, position) VALUES (?, ?, ?, ?, ?)",
		l.Name, l.Color, l.Key, l.Description, len(labels))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// UpdateLabel replaces the label called name with l. Spans refer to labels
// by id, so renaming keeps every span. ENOTFOUND if there is no such label.
func (db *DB) UpdateLabel(ctx context.Context, name string, l model.Label) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		labels, err := queryLabels(ctx, tx)
		if err != nil {
			return err
		}
		found := false
		for i := range labels {
			if labels[i].Name == name {
				labels[i], found = l, true
			}
		}
		if !found {
			return model.Errorf(model.ENOTFOUND, "no label named %s", name)
		}
		if err := model.ValidateLabelSet(labels); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			"UPDATE labels SET name = ?, color = ?, key = ?, description = ? WHERE name = ?",
			l.Name, l.Color, l.Key, l.Description, name)
		return err
	})
}

// Settings returns the project's settings.
func (db *DB) Settings(ctx context.Context) (model.Settings, error) {
	return readSettings(ctx, db.read)
}

func readSettings(ctx context.Context, q querier) (model.Settings, error) {
	var s model.Settings
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		switch k {
		case "allow_overlap":
			s.AllowOverlap, _ = strconv.ParseBool(v)
		case "guidelines":
			s.Guidelines = v
		}
	}
	return s, rows.Err()
}

// SetSettings stores s. Turning overlaps off fails with ECONFLICT while some
// annotator still has overlapping spans, since they would become invalid
// (see SetAllowOverlap).
func (db *DB) SetSettings(ctx context.Context, s model.Settings) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := setAllowOverlap(ctx, tx, s.AllowOverlap); err != nil {
			return err
		}
		for k, v := range map[string]string{"guidelines": s.Guidelines} {
			if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

func boolText(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func allowOverlap(ctx context.Context, q querier) (bool, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'allow_overlap'").Scan(&v)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return v == "1", err
}

// SetLabels replaces the label set with labels, in that order, in one
// transaction: rename maps a label's current name to its new one, so its
// spans follow it; a label in labels that is neither renamed nor already
// there is added. Labels left out of labels stay, after the others: removing
// a label would remove its spans. Swaps of names or keys work because every
// changed label first takes a placeholder name.
func (db *DB) SetLabels(ctx context.Context, rename map[string]string, labels []model.Label) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		current, err := queryLabels(ctx, tx)
		if err != nil {
			return err
		}
		ids, err := labelIDs(ctx, tx)
		if err != nil {
			return err
		}
		final, from, err := model.PlanLabelEdit("label", current, labels, rename,
			func(l model.Label) string { return l.Name }, model.ValidateLabelSet)
		if err != nil {
			return err
		}
		target := map[string]int64{} // final name -> id of the row that becomes it
		for name, old := range from {
			target[name] = ids[old]
		}
		// Step 1: move every existing row out of the way of unique names and keys.
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, "UPDATE labels SET name = ?, key = '' WHERE id = ?", fmt.Sprintf("\x00label-%d", id), id); err != nil {
				return err
			}
		}
		// Step 2: write the final set.
		for pos, l := range final {
			if id, ok := target[l.Name]; ok {
				_, err = tx.ExecContext(ctx, "UPDATE labels SET name = ?, color = ?, key = ?, description = ?, position = ? WHERE id = ?",
					l.Name, l.Color, l.Key, l.Description, pos, id)
			} else {
				_, err = tx.ExecContext(ctx, "INSERT INTO labels (name, color, key, description, position) VALUES (?, ?, ?, ?, ?)",
					l.Name, l.Color, l.Key, l.Description, pos)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}
