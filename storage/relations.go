package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// Relations between spans (schema 12). The model's rules (two different
// spans, a known label, no duplicate) are checked here in Go, so that a
// refusal carries its code and words; the database enforces what must
// hold whatever writes to it: both spans exist and belong to the
// relation's set, a duplicate either way round for a symmetric label is
// refused, and deleting a span deletes its relations.

// relationQuery reads relations with their spans' UUIDs, in reading order
// (model.SortRelations: the span a relation starts at, in text order, the
// span it points to, the label, the ID), so that a read snapshot and a
// write transaction, which sorts what it keeps in Go, agree.
const relationQuery = `SELECT r.uuid, f.uuid, t.uuid, l.name, r.note, r.created_at, r.updated_at
	FROM relations r JOIN spans f ON f.id = r.from_span JOIN spans t ON t.id = r.to_span
	JOIN relation_labels l ON l.id = r.label_id
	JOIN labels fl ON fl.id = f.label_id JOIN labels tl ON tl.id = t.label_id`

const relationOrder = ` ORDER BY f.start, f.end, fl.name, t.start, t.end, tl.name, l.name, r.uuid`

func queryRelations(ctx context.Context, q querier, query string, args ...any) ([]model.Relation, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Relation
	for rows.Next() {
		var r model.Relation
		var created, updated int64
		if err := rows.Scan(&r.ID, &r.From, &r.To, &r.Label, &r.Note, &created, &updated); err != nil {
			return nil, err
		}
		r.Created, r.Updated = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// readRelations returns the relations of the annotator's set on a
// document: none for an unknown document or annotator.
func readRelations(ctx context.Context, q querier, documentID, annotator string) ([]model.Relation, error) {
	return queryRelations(ctx, q, relationQuery+`
		JOIN annotation_sets a ON a.id = r.set_id JOIN documents d ON d.id = a.document_id
		JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = ? AND n.name = ?`+relationOrder, documentID, annotator)
}

func setRelations(ctx context.Context, q querier, setID int64) ([]model.Relation, error) {
	return queryRelations(ctx, q, relationQuery+` WHERE r.set_id = ?`+relationOrder, setID)
}

// Relations returns the annotator's relations on a document in reading
// order; none for an unknown document or annotator.
func (db *DB) Relations(ctx context.Context, documentID, annotator string) ([]model.Relation, error) {
	return readRelations(ctx, db.read, documentID, annotator)
}

// RelationLabels returns the project's relation labels in their order.
func (db *DB) RelationLabels(ctx context.Context) ([]model.RelationLabel, error) {
	return queryRelationLabels(ctx, db.read)
}

func queryRelationLabels(ctx context.Context, q querier) ([]model.RelationLabel, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, color, key, description, symmetric FROM relation_labels ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var labels []model.RelationLabel
	for rows.Next() {
		var l model.RelationLabel
		if err := rows.Scan(&l.Name, &l.Color, &l.Key, &l.Description, &l.Symmetric); err != nil {
			return nil, err
		}
		labels = append(labels, l)
	}
	return labels, rows.Err()
}

func insertRelationLabel(ctx context.Context, q querier, l model.RelationLabel, position int) error {
	_, err := q.ExecContext(ctx,
		"INSERT INTO relation_labels (name, color, key, description, symmetric, position) VALUES (?, ?, ?, ?, ?, ?)",
		l.Name, l.Color, l.Key, l.Description, l.Symmetric, position)
	return err
}

// SetRelationLabels replaces the relation label set in one transaction,
// as SetLabels does the span labels: rename maps a label's current name
// to its new one, so its relations follow it; a label neither renamed nor
// there already is added; labels left out stay, after the others.
// ENOTFOUND for a renamed label that does not exist, EINVALID for a bad
// label, ECONFLICT for a name or key used twice or for a label made
// symmetric while it joins two spans both ways round.
func (db *DB) SetRelationLabels(ctx context.Context, rename map[string]string, labels []model.RelationLabel) error {
	return db.writeTx(ctx, func(t *WriteTx) error { return t.SetRelationLabels(ctx, rename, labels) })
}

// SetRelationLabels is DB.SetRelationLabels in the transaction.
func (t *WriteTx) SetRelationLabels(ctx context.Context, rename map[string]string, labels []model.RelationLabel) error {
	t.relLabels = nil // read again after the change
	tx := t.tx
	current, err := queryRelationLabels(ctx, tx)
	if err != nil {
		return err
	}
	ids, err := byName(ctx, tx, "SELECT name, id FROM relation_labels")
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
		target[name] = ids[old]
	}
	for _, l := range final {
		id, ok := target[l.Name]
		if !ok || !l.Symmetric {
			continue
		}
		var both bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM relations a JOIN relations b
			ON b.from_span = a.to_span AND b.to_span = a.from_span AND b.label_id = a.label_id
			WHERE a.label_id = ?)`, id).Scan(&both); err != nil {
			return err
		}
		if both {
			return model.Errorf(model.ECONFLICT,
				"relation label %s joins some spans both ways round, so it cannot become symmetric: delete one of each pair first", l.Name)
		}
	}
	// Every existing row first moves out of the way of the unique names,
	// so that swaps of names work.
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE relation_labels SET name = ?, key = '' WHERE id = ?", fmt.Sprintf("\x00relation-label-%d", id), id); err != nil {
			return err
		}
	}
	for pos, l := range final {
		if id, ok := target[l.Name]; ok {
			_, err = tx.ExecContext(ctx, "UPDATE relation_labels SET name = ?, color = ?, key = ?, description = ?, symmetric = ?, position = ? WHERE id = ?",
				l.Name, l.Color, l.Key, l.Description, l.Symmetric, pos, id)
		} else {
			err = insertRelationLabel(ctx, tx, l, pos)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// relationLabel is a relation label as a write transaction checks with it.
type relationLabel struct {
	id        int64
	symmetric bool
}

// relationLabels are the project's relation labels by name, read once a
// transaction (again after SetRelationLabels).
func (t *WriteTx) relationLabels(ctx context.Context) (map[string]relationLabel, model.RelationLabelNames, error) {
	if t.relLabels == nil {
		rows, err := prepared{t}.QueryContext(ctx, "SELECT id, name, symmetric FROM relation_labels")
		if err != nil {
			return nil, nil, err
		}
		defer rows.Close()
		labels := map[string]relationLabel{}
		for rows.Next() {
			var name string
			var l relationLabel
			if err := rows.Scan(&l.id, &name, &l.symmetric); err != nil {
				return nil, nil, err
			}
			labels[name] = l
		}
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
		t.relLabels = labels
	}
	names := make(model.RelationLabelNames, len(t.relLabels))
	for name, l := range t.relLabels {
		names[name] = l.symmetric
	}
	return t.relLabels, names, nil
}

// relationsOf is the set's relations as the transaction sees them, in no
// particular order: read once, then kept current by the transaction's own
// writes, span deletions included (stored, DeleteSpans, forget).
func (t *WriteTx) relationsOf(ctx context.Context, set setRef) ([]model.Relation, error) {
	if rels, ok := t.relations[set.id]; ok {
		return rels, nil
	}
	var rels []model.Relation
	if !set.unrelated {
		var err error
		if rels, err = setRelations(ctx, prepared{t}, set.id); err != nil {
			return nil, err
		}
	}
	if t.relations == nil {
		t.relations = map[int64][]model.Relation{}
	}
	t.relations[set.id] = rels
	return rels, nil
}

// spansGone drops from what the transaction keeps the relations of a set
// that started or ended at the deleted spans: the database's cascade
// deleted them.
func (t *WriteTx) spansGone(setID int64, gone func(spanID string) bool) {
	if rels, ok := t.relations[setID]; ok {
		t.relations[setID] = slices.DeleteFunc(rels, func(r model.Relation) bool { return gone(r.From) || gone(r.To) })
	}
}

// Relations is DB.Relations in the transaction: it sees the transaction's
// own changes, and answers from what the transaction keeps of the set once
// it has read it, so that the undo of a span's deletion and the window's
// state after it read the relations once.
func (t *WriteTx) Relations(ctx context.Context, documentID, annotator string) ([]model.Relation, error) {
	set, found, err := t.findSet(ctx, documentID, annotator)
	if err != nil || !found {
		return nil, err
	}
	kept, err := t.relationsOf(ctx, set)
	if err != nil || len(kept) == 0 {
		return nil, err
	}
	spans, err := t.spansOf(ctx, set.id)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(kept)
	model.SortRelations(out, spans)
	return out, nil
}

// RelationLabels returns the project's relation labels in their order, as
// the transaction sees them.
func (t *WriteTx) RelationLabels(ctx context.Context) ([]model.RelationLabel, error) {
	return queryRelationLabels(ctx, t.tx)
}

// relationEnd is one of a relation's spans as stored.
type relationEnd struct {
	id, set int64
}

// ends finds the relation's spans and checks that both are the set's:
// ENOTFOUND for one that is not there, EINVALID for one of another set.
func (t *WriteTx) ends(ctx context.Context, r model.Relation, setID int64, annotator, documentID string) (from, to relationEnd, err error) {
	find := func(id string) (relationEnd, error) {
		var e relationEnd
		err := t.queryRow(ctx, "SELECT id, set_id FROM spans WHERE uuid = ?", id).Scan(&e.id, &e.set)
		if errors.Is(err, sql.ErrNoRows) {
			return e, model.Errorf(model.ENOTFOUND, "no span %s", id)
		}
		if err != nil {
			return e, err
		}
		if e.set != setID {
			return e, model.Errorf(model.EINVALID, "span %s is not %s's on document %s: a relation joins two spans of one annotator on one document", id, annotator, documentID)
		}
		return e, nil
	}
	if from, err = find(r.From); err != nil {
		return from, to, err
	}
	to, err = find(r.To)
	return from, to, err
}

// AddRelation is DB's AddRelation in the transaction
// (edit.RelationStore): it stores r between two spans of the annotator's
// set on the document, keeping r.ID when set, and returns it as stored.
func (t *WriteTx) AddRelation(ctx context.Context, documentID, annotator string, r model.Relation) (model.Relation, error) {
	labels, names, err := t.relationLabels(ctx)
	if err != nil {
		return r, err
	}
	if err := r.Validate(names); err != nil {
		return r, err
	}
	set, found, err := t.findSet(ctx, documentID, annotator)
	if err != nil {
		return r, err
	}
	if !found {
		// No set: the document is unknown, or the spans are not this
		// annotator's; ends says which.
		if _, err := t.Status(ctx, documentID, annotator); err != nil {
			return r, err
		}
	}
	from, to, err := t.ends(ctx, r, set.id, annotator, documentID)
	if err != nil {
		return r, err
	}
	existing, err := t.relationsOf(ctx, set)
	if err != nil {
		return r, err
	}
	if err := model.CheckRelation(existing, r, names, ""); err != nil {
		return r, err
	}
	if r.ID == "" {
		r.ID = newID()
	} else {
		var taken bool
		if err := t.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM relations WHERE uuid = ?)", r.ID).Scan(&taken); err != nil {
			return r, err
		}
		if taken {
			return r, model.Errorf(model.ECONFLICT, "relation %s already exists", r.ID)
		}
	}
	now := t.now.UnixMilli()
	r.Created, r.Updated = time.UnixMilli(now).UTC(), time.UnixMilli(now).UTC()
	if _, err := t.exec(ctx, `INSERT INTO relations (uuid, set_id, from_span, to_span, label_id, note, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, set.id, from.id, to.id, labels[r.Label].id, r.Note, now, now); err != nil {
		return r, explainOpenError(err)
	}
	t.relations[set.id] = append(existing, r)
	// A relation is a change of the set like a span: merge and the
	// disagreement measures go by the set's time.
	return r, t.touch(ctx, set.id)
}

// UpdateRelation is DB's UpdateRelation in the transaction
// (edit.RelationStore): it changes the label and note of the relation
// with r.ID.
func (t *WriteTx) UpdateRelation(ctx context.Context, r model.Relation) (model.Relation, error) {
	var setID, created int64
	var from, to string
	err := t.queryRow(ctx, `SELECT r.set_id, f.uuid, t.uuid, r.created_at FROM relations r
		JOIN spans f ON f.id = r.from_span JOIN spans t ON t.id = r.to_span WHERE r.uuid = ?`, r.ID).Scan(&setID, &from, &to, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return r, model.Errorf(model.ENOTFOUND, "no relation %s", r.ID)
	}
	if err != nil {
		return r, err
	}
	if r.From != "" && r.From != from || r.To != "" && r.To != to {
		return r, model.Errorf(model.EINVALID, "relation %s joins span %s to span %s: a relation keeps its spans (delete it and add another)", r.ID, from, to)
	}
	r.From, r.To = from, to
	labels, names, err := t.relationLabels(ctx)
	if err != nil {
		return r, err
	}
	if err := r.Validate(names); err != nil {
		return r, err
	}
	existing, err := t.relationsOf(ctx, setRef{id: setID})
	if err != nil {
		return r, err
	}
	if err := model.CheckRelation(existing, r, names, r.ID); err != nil {
		return r, err
	}
	now := t.now.UnixMilli()
	r.Created, r.Updated = time.UnixMilli(created).UTC(), time.UnixMilli(now).UTC()
	if _, err := t.exec(ctx, "UPDATE relations SET label_id = ?, note = ?, updated_at = ? WHERE uuid = ?",
		labels[r.Label].id, r.Note, now, r.ID); err != nil {
		return r, explainOpenError(err)
	}
	if i := slices.IndexFunc(existing, func(e model.Relation) bool { return e.ID == r.ID }); i >= 0 {
		existing[i] = r
	}
	return r, t.touch(ctx, setID)
}

// DeleteRelation is DB's DeleteRelation in the transaction
// (edit.RelationStore). ENOTFOUND for an unknown relation.
func (t *WriteTx) DeleteRelation(ctx context.Context, relationID string) error {
	var setID int64
	err := t.queryRow(ctx, "DELETE FROM relations WHERE uuid = ? RETURNING set_id", relationID).Scan(&setID)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Errorf(model.ENOTFOUND, "no relation %s", relationID)
	}
	if err != nil {
		return explainOpenError(err)
	}
	if rels, ok := t.relations[setID]; ok {
		t.relations[setID] = slices.DeleteFunc(rels, func(r model.Relation) bool { return r.ID == relationID })
	}
	return t.touch(ctx, setID)
}

// AddRelation adds a relation in a transaction of its own (see
// WriteTx.AddRelation and edit.RelationStore for the errors).
func (db *DB) AddRelation(ctx context.Context, documentID, annotator string, r model.Relation) (out model.Relation, err error) {
	err = db.writeTx(ctx, func(t *WriteTx) error {
		out, err = t.AddRelation(ctx, documentID, annotator, r)
		return err
	})
	return out, err
}

// UpdateRelation changes a relation's label and note in a transaction of
// its own.
func (db *DB) UpdateRelation(ctx context.Context, r model.Relation) (out model.Relation, err error) {
	err = db.writeTx(ctx, func(t *WriteTx) error {
		out, err = t.UpdateRelation(ctx, r)
		return err
	})
	return out, err
}

// DeleteRelation deletes a relation in a transaction of its own.
func (db *DB) DeleteRelation(ctx context.Context, relationID string) error {
	return db.writeTx(ctx, func(t *WriteTx) error { return t.DeleteRelation(ctx, relationID) })
}

var (
	_ edit.RelationStore = (*WriteTx)(nil)
	_ edit.RelationStore = (*DB)(nil)
)
