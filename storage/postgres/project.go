package postgres

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5/pgconn"
)

// What the window and the commands need of a project beyond the store
// contract (gui.Project, `inkspan stats`, `labels`, `settings`), with the
// rules of the project file's methods of the same names (package storage),
// each write one unit of work.

// IsURL reports whether name is a PostgreSQL connection URL
// (postgres:// or postgresql://) rather than a project file's path: the
// one test every place that takes a project uses.
func IsURL(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// DisplayURL is rawURL without its password (in the user part or a
// password= parameter): what may be shown, logged or remembered (recent
// projects). Inkspan never keeps a password: pgx finds it in ~/.pgpass or
// PGPASSWORD each time. A URL that does not parse is shown with the
// password it would have had masked.
func DisplayURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return redact(rawURL, rawURL)
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.User(u.User.Username())
		}
	}
	if q := u.Query(); q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return redact(u.String(), rawURL)
}

// OpenOrCreate opens the project in the database at url, or creates it
// there when the database holds none yet (created true): what naming a
// project that does not exist does everywhere (`inkspan import`, the
// window), as for a project file. A database with tables but no project is
// refused by Create, untouched. The errors of Open and Create.
func OpenOrCreate(ctx context.Context, url string) (db *DB, created bool, err error) {
	probe, err := connect(ctx, url)
	if err != nil {
		return nil, false, err
	}
	_, exists, err := version(ctx, probe.pool)
	probe.Close()
	if err != nil {
		return nil, false, probe.wrap("open", err)
	}
	if exists {
		db, err = Open(ctx, url)
		return db, false, err
	}
	db, err = Create(ctx, url)
	return db, err == nil, err
}

// Document returns a document with its text, on a snapshot of its own.
// ENOTFOUND for an unknown id.
func (db *DB) Document(ctx context.Context, id string) (d model.Document, err error) {
	err = db.Read(ctx, func(tx app.ReadTx) error {
		d, err = tx.Document(ctx, id)
		return err
	})
	return d, err
}

// RelationLabels returns the project's relation labels in their order.
func (db *DB) RelationLabels(ctx context.Context) (labels []model.RelationLabel, err error) {
	err = db.Read(ctx, func(tx app.ReadTx) error {
		labels, err = tx.RelationLabels(ctx)
		return err
	})
	return labels, err
}

// AddLabel adds a label at the end of the list. EINVALID for a bad label,
// ECONFLICT when its name or key is taken.
func (db *DB) AddLabel(ctx context.Context, l model.Label) error {
	return db.write(ctx, func(t *WriteTx) error {
		return t.step(ctx, func() error {
			labels, err := t.Labels(ctx)
			if err != nil {
				return err
			}
			if err := model.ValidateLabelSet(append(labels, l)); err != nil {
				return err
			}
			_, err = t.tx.Exec(ctx, "INSERT INTO labels (name, color, key, description, position) VALUES ($1, $2, $3, $4, $5)",
				l.Name, l.Color, l.Key, l.Description, len(labels))
			return err
		})
	})
}

// UpdateLabel replaces the label called name with l. Spans refer to labels
// by id, so renaming keeps every span. ENOTFOUND if there is no such
// label, EINVALID for a bad label, ECONFLICT for a name or key taken.
func (db *DB) UpdateLabel(ctx context.Context, name string, l model.Label) error {
	return db.write(ctx, func(t *WriteTx) error {
		return t.step(ctx, func() error {
			labels, err := t.Labels(ctx)
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
			_, err = t.tx.Exec(ctx, "UPDATE labels SET name = $1, color = $2, key = $3, description = $4 WHERE name = $5",
				l.Name, l.Color, l.Key, l.Description, name)
			return err
		})
	})
}

// SetLabels replaces the label set with labels, in that order, in one unit
// of work: rename maps a label's current name to its new one, so its spans
// follow it; a label neither renamed nor there already is added; labels
// left out stay, after the others (removing one would remove its spans).
// Swapped names pass because the names' unique constraint is checked at
// the end of the statement batch (deferred), where the project file needs
// placeholder names. ENOTFOUND for a renamed label that does not exist,
// EINVALID for a bad label, ECONFLICT for a name or key used twice.
func (db *DB) SetLabels(ctx context.Context, rename map[string]string, labels []model.Label) error {
	return db.write(ctx, func(t *WriteTx) error {
		return t.step(ctx, func() error {
			current, err := t.Labels(ctx)
			if err != nil {
				return err
			}
			ids := map[string]int64{}
			rows, err := t.tx.Query(ctx, "SELECT name, id FROM labels")
			if err != nil {
				return err
			}
			for rows.Next() {
				var name string
				var id int64
				if err := rows.Scan(&name, &id); err != nil {
					rows.Close()
					return err
				}
				ids[name] = id
			}
			rows.Close()
			if err := rows.Err(); err != nil {
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
			if _, err := t.tx.Exec(ctx, "SET CONSTRAINTS labels_name_unique DEFERRED"); err != nil {
				return err
			}
			for pos, l := range final {
				if id, ok := target[l.Name]; ok {
					_, err = t.tx.Exec(ctx, "UPDATE labels SET name = $1, color = $2, key = $3, description = $4, position = $5 WHERE id = $6",
						l.Name, l.Color, l.Key, l.Description, pos, id)
				} else {
					_, err = t.tx.Exec(ctx, "INSERT INTO labels (name, color, key, description, position) VALUES ($1, $2, $3, $4, $5)",
						l.Name, l.Color, l.Key, l.Description, pos)
				}
				if err != nil {
					return err
				}
			}
			_, err = t.tx.Exec(ctx, "SET CONSTRAINTS labels_name_unique IMMEDIATE")
			return err
		})
	})
}

// SetAllowOverlap turns the overlap rule on or off in one unit of work.
// Turning it off is refused with ECONFLICT, naming where, while any
// annotator (gold included) has overlapping spans, as in the project file.
func (db *DB) SetAllowOverlap(ctx context.Context, allow bool) error {
	return db.write(ctx, func(t *WriteTx) error {
		_, err := (&ImportTx{t: t}).SetAllowOverlap(ctx, allow)
		return err
	})
}

// Stats counts documents, spans per label, relations per relation label,
// spans per attribute name and, per annotator, documents per status, from
// one snapshot. A document an annotator never opened counts as todo.
func (db *DB) Stats(ctx context.Context) (model.Stats, error) {
	st := model.Stats{Labels: map[string]int{}, Annotators: map[string]map[model.Status]int{}, RelationLabels: map[string]int{},
		Attributes: map[string]int{}}
	err := db.Read(ctx, func(tx app.ReadTx) error {
		q := tx.(ReadTx).q
		if err := q.QueryRow(ctx, "SELECT count(*) FROM documents").Scan(&st.Documents); err != nil {
			return err
		}
		counts := func(query string, each func(name string, n int)) error {
			rows, err := q.Query(ctx, query)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var name string
				var n int
				if err := rows.Scan(&name, &n); err != nil {
					return err
				}
				each(name, n)
			}
			return rows.Err()
		}
		if err := counts(`SELECT l.name, count(s.id) FROM labels l LEFT JOIN spans s ON s.label_id = l.id GROUP BY l.id`,
			func(name string, n int) { st.Labels[name] = n; st.Spans += n }); err != nil {
			return err
		}
		if err := counts(`SELECT l.name, count(r.id) FROM relation_labels l LEFT JOIN relations r ON r.label_id = l.id GROUP BY l.id`,
			func(name string, n int) { st.RelationLabels[name] = n; st.Relations += n }); err != nil {
			return err
		}
		if err := counts(`SELECT j->>'name', count(DISTINCT s.id) FROM spans s, jsonb_array_elements(s.attributes) j
			WHERE s.attributes IS NOT NULL GROUP BY 1`,
			func(name string, n int) { st.Attributes[name] = n }); err != nil {
			return err
		}
		rows, err := q.Query(ctx, `SELECT a.name, s.status, count(s.id) FROM annotators a
			LEFT JOIN annotation_sets s ON s.annotator_id = a.id GROUP BY a.id, s.status`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var status *string
			var n int
			if err := rows.Scan(&name, &status, &n); err != nil {
				return err
			}
			byStatus := st.Annotators[name]
			if byStatus == nil {
				byStatus = map[model.Status]int{}
				for _, s := range model.Statuses {
					byStatus[s] = 0
				}
				byStatus[model.StatusTodo] = st.Documents
				st.Annotators[name] = byStatus
			}
			if status != nil && model.Status(*status) != model.StatusTodo {
				byStatus[model.Status(*status)] += n
				byStatus[model.StatusTodo] -= n
			}
		}
		return rows.Err()
	})
	return st, err
}

// Pace is each annotator's pace in documents finished (done or skipped)
// per hour, from their first annotation set to their last finished one,
// at least a minute; annotators who finished nothing are left out (their
// pace is unknown, not zero). The project file's rule.
func (db *DB) Pace(ctx context.Context) (map[string]float64, error) {
	pace := map[string]float64{}
	err := db.Read(ctx, func(tx app.ReadTx) error {
		rows, err := tx.(ReadTx).q.Query(ctx, `SELECT a.name,
				count(*) FILTER (WHERE s.status IN ('done', 'skipped')),
				min(s.created_at),
				max(s.updated_at) FILTER (WHERE s.status IN ('done', 'skipped'))
			FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id
			GROUP BY a.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var finished int
			var first time.Time
			var last *time.Time
			if err := rows.Scan(&name, &finished, &first, &last); err != nil {
				return err
			}
			if finished == 0 || last == nil {
				continue
			}
			hours := max(float64(last.Sub(first).Milliseconds()), 60_000) / 3_600_000
			pace[name] = float64(finished) / hours
		}
		return rows.Err()
	})
	return pace, err
}

// NeedsPassword reports whether err is the server refusing the password
// (none given, none in ~/.pgpass or PGPASSWORD, or a wrong one): the
// window then asks for one, for this connection only.
func NeedsPassword(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "28P01" // invalid_password
}
