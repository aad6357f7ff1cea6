package postgres

import (
	"context"
	"errors"

	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
)

// Relations between spans (edit.RelationStore), with storage's rules: the
// model's (two different spans, a known label, no duplicate either way
// round for a symmetric label) checked in Go for their codes and words,
// and the database's constraints and triggers for what must hold whatever
// writes to it.

// relationQuery reads relations with their spans' IDs in reading order
// (model.SortRelations: the span a relation starts at in text order, the
// span it points to, the label, the ID).
const relationQuery = `SELECT r.uuid, f.uuid, t.uuid, l.name, r.note, r.created_at, r.updated_at
	FROM relations r JOIN spans f ON f.id = r.from_span JOIN spans t ON t.id = r.to_span
	JOIN relation_labels l ON l.id = r.label_id
	JOIN labels fl ON fl.id = f.label_id JOIN labels tl ON tl.id = t.label_id`

const relationOrder = ` ORDER BY f.start_cp, f.end_cp, fl.name COLLATE "C", t.start_cp, t.end_cp, tl.name COLLATE "C",
	l.name COLLATE "C", r.uuid COLLATE "C"`

func queryRelations(ctx context.Context, q querier, query string, args ...any) ([]model.Relation, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Relation
	for rows.Next() {
		var r model.Relation
		if err := rows.Scan(&r.ID, &r.From, &r.To, &r.Label, &r.Note, &r.Created, &r.Updated); err != nil {
			return nil, err
		}
		r.Created, r.Updated = r.Created.UTC(), r.Updated.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Relations returns the relations of the annotator's set on a document in
// reading order: none for an unknown document or annotator.
func (r ReadTx) Relations(ctx context.Context, documentID, annotator string) ([]model.Relation, error) {
	return queryRelations(ctx, r.q, relationQuery+`
		JOIN annotation_sets a ON a.id = r.set_id JOIN documents d ON d.id = a.document_id
		JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = $1 AND n.name = $2`+relationOrder, documentID, annotator)
}

func setRelations(ctx context.Context, q querier, setID int64) ([]model.Relation, error) {
	return queryRelations(ctx, q, relationQuery+` WHERE r.set_id = $1`+relationOrder, setID)
}

// relationLabel is a relation label as the checks need it.
type relationLabel struct {
	id        int64
	symmetric bool
}

// relationLabels are the project's relation labels by name, and their
// names as the model's checks take them.
func (t *WriteTx) relationLabels(ctx context.Context) (map[string]relationLabel, model.RelationLabelNames, error) {
	rows, err := t.tx.Query(ctx, "SELECT id, name, is_symmetric FROM relation_labels")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	labels := map[string]relationLabel{}
	names := model.RelationLabelNames{}
	for rows.Next() {
		var name string
		var l relationLabel
		if err := rows.Scan(&l.id, &name, &l.symmetric); err != nil {
			return nil, nil, err
		}
		labels[name] = l
		names[name] = l.symmetric
	}
	return labels, names, rows.Err()
}

// ends finds the relation's spans and checks that both are the set's:
// ENOTFOUND for one that is not there, EINVALID for one of another set.
func (t *WriteTx) ends(ctx context.Context, r model.Relation, setID int64, annotator, documentID string) (from, to int64, err error) {
	find := func(id string) (int64, error) {
		var spanID, set int64
		err := t.tx.QueryRow(ctx, "SELECT id, set_id FROM spans WHERE uuid = $1", id).Scan(&spanID, &set)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, model.Errorf(model.ENOTFOUND, "no span %s", id)
		}
		if err != nil {
			return 0, err
		}
		if set != setID {
			return 0, model.Errorf(model.EINVALID, "span %s is not %s's on document %s: a relation joins two spans of one annotator on one document", id, annotator, documentID)
		}
		return spanID, nil
	}
	if from, err = find(r.From); err != nil {
		return 0, 0, err
	}
	to, err = find(r.To)
	return from, to, err
}

// AddRelation stores r between two spans of the annotator's set on the
// document, keeping r.ID when set, and returns it as stored. ENOTFOUND
// for an unknown document or span, EINVALID for a relation the model
// refuses or a span of another set, ECONFLICT for a duplicate or an ID
// another relation has.
func (t *WriteTx) AddRelation(ctx context.Context, documentID, annotator string, r model.Relation) (model.Relation, error) {
	err := t.step(ctx, func() error {
		var err error
		r, err = t.addRelation(ctx, documentID, annotator, r)
		return err
	})
	return r, err
}

// addRelation is AddRelation without its savepoint: every refusal comes
// before the first write, so an import can go on after one without a
// subtransaction per relation.
func (t *WriteTx) addRelation(ctx context.Context, documentID, annotator string, r model.Relation) (model.Relation, error) {
	err := func() error {
		labels, names, err := t.relationLabels(ctx)
		if err != nil {
			return err
		}
		if err := r.Validate(names); err != nil {
			return err
		}
		set, found, err := t.findSet(ctx, documentID, annotator)
		if err != nil {
			return err
		}
		if !found {
			// No set: the document is unknown (ENOTFOUND), or the spans are
			// not this annotator's, which ends says (set 0 is nobody's).
			if _, err := t.Status(ctx, documentID, annotator); err != nil {
				return err
			}
		}
		from, to, err := t.ends(ctx, r, set.id, annotator, documentID)
		if err != nil {
			return err
		}
		existing, err := setRelations(ctx, t.tx, set.id)
		if err != nil {
			return err
		}
		if err := model.CheckRelation(existing, r, names, ""); err != nil {
			return err
		}
		if r.ID == "" {
			r.ID = newID()
		} else {
			var taken bool
			if err := t.tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM relations WHERE uuid = $1)", r.ID).Scan(&taken); err != nil {
				return err
			}
			if taken {
				return model.Errorf(model.ECONFLICT, "relation %s already exists", r.ID)
			}
		}
		r.Created, r.Updated = t.now, t.now
		if _, err := t.tx.Exec(ctx, `INSERT INTO relations (uuid, set_id, from_span, to_span, label_id, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, r.ID, set.id, from, to, labels[r.Label].id, r.Note, t.now); err != nil {
			return err
		}
		// A relation is a change of the set like a span.
		return t.touch(ctx, set.id)
	}()
	return r, err
}

// UpdateRelation changes the label and note of the relation with r.ID and
// returns it as stored; its spans stay. ENOTFOUND for an unknown
// relation, EINVALID for an unknown label or other spans, ECONFLICT when
// the new label makes it a duplicate.
func (t *WriteTx) UpdateRelation(ctx context.Context, r model.Relation) (model.Relation, error) {
	err := t.step(ctx, func() error {
		var setID int64
		var from, to string
		err := t.tx.QueryRow(ctx, `SELECT r.set_id, f.uuid, t.uuid, r.created_at FROM relations r
			JOIN spans f ON f.id = r.from_span JOIN spans t ON t.id = r.to_span WHERE r.uuid = $1`, r.ID).Scan(&setID, &from, &to, &r.Created)
		if errors.Is(err, pgx.ErrNoRows) {
			return model.Errorf(model.ENOTFOUND, "no relation %s", r.ID)
		}
		if err != nil {
			return err
		}
		if r.From != "" && r.From != from || r.To != "" && r.To != to {
			return model.Errorf(model.EINVALID, "relation %s joins span %s to span %s: a relation keeps its spans (delete it and add another)", r.ID, from, to)
		}
		r.From, r.To = from, to
		labels, names, err := t.relationLabels(ctx)
		if err != nil {
			return err
		}
		if err := r.Validate(names); err != nil {
			return err
		}
		existing, err := setRelations(ctx, t.tx, setID)
		if err != nil {
			return err
		}
		if err := model.CheckRelation(existing, r, names, r.ID); err != nil {
			return err
		}
		r.Created, r.Updated = r.Created.UTC(), t.now
		if _, err := t.tx.Exec(ctx, "UPDATE relations SET label_id = $1, note = $2, updated_at = $3 WHERE uuid = $4",
			labels[r.Label].id, r.Note, t.now, r.ID); err != nil {
			return err
		}
		return t.touch(ctx, setID)
	})
	return r, err
}

// DeleteRelation removes a relation. ENOTFOUND for an unknown one.
func (t *WriteTx) DeleteRelation(ctx context.Context, relationID string) error {
	return t.step(ctx, func() error {
		var setID int64
		err := t.tx.QueryRow(ctx, "DELETE FROM relations WHERE uuid = $1 RETURNING set_id", relationID).Scan(&setID)
		if errors.Is(err, pgx.ErrNoRows) {
			return model.Errorf(model.ENOTFOUND, "no relation %s", relationID)
		}
		if err != nil {
			return err
		}
		return t.touch(ctx, setID)
	})
}

// SetRelationLabels replaces the relation label set with labels, in that
// order (app.WriteTx): rename maps a current name to a new one, so its
// relations follow; a label neither renamed nor there is added; labels
// left out stay, after the others. ENOTFOUND for a renamed label that
// does not exist, EINVALID for a bad label, ECONFLICT for a name or key
// used twice or a label made symmetric while it joins two spans both
// ways round.
//
// The names' unique constraint is deferred while the rows are rewritten,
// so that names can swap (SQLite moves each row to a placeholder name
// first), and checked again before the step ends.
func (t *WriteTx) SetRelationLabels(ctx context.Context, rename map[string]string, labels []model.RelationLabel) error {
	return t.step(ctx, func() error {
		current, err := t.RelationLabels(ctx)
		if err != nil {
			return err
		}
		byName, _, err := t.relationLabels(ctx)
		if err != nil {
			return err
		}
		final, from, err := model.PlanLabelEdit("relation label", current, labels, rename,
			func(l model.RelationLabel) string { return l.Name }, model.ValidateRelationLabelSet)
		if err != nil {
			return err
		}
		target := map[string]int64{} // final name -> id of the row that becomes it
		for name, old := range from {
			target[name] = byName[old].id
		}
		for _, l := range final {
			id, ok := target[l.Name]
			if !ok || !l.Symmetric {
				continue
			}
			var both bool
			if err := t.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM relations a JOIN relations b
				ON b.from_span = a.to_span AND b.to_span = a.from_span AND b.label_id = a.label_id
				WHERE a.label_id = $1)`, id).Scan(&both); err != nil {
				return err
			}
			if both {
				return model.Errorf(model.ECONFLICT,
					"relation label %s joins some spans both ways round, so it cannot become symmetric: delete one of each pair first", l.Name)
			}
		}
		if _, err := t.tx.Exec(ctx, "SET CONSTRAINTS relation_labels_name_unique DEFERRED"); err != nil {
			return err
		}
		for pos, l := range final {
			if id, ok := target[l.Name]; ok {
				_, err = t.tx.Exec(ctx, "UPDATE relation_labels SET name = $1, color = $2, key = $3, description = $4, is_symmetric = $5, position = $6 WHERE id = $7",
					l.Name, l.Color, l.Key, l.Description, l.Symmetric, pos, id)
			} else {
				_, err = t.tx.Exec(ctx, `INSERT INTO relation_labels (name, color, key, description, is_symmetric, position)
					VALUES ($1, $2, $3, $4, $5, $6)`, l.Name, l.Color, l.Key, l.Description, l.Symmetric, pos)
			}
			if err != nil {
				return err
			}
		}
		_, err = t.tx.Exec(ctx, "SET CONSTRAINTS relation_labels_name_unique IMMEDIATE")
		return err
	})
}
