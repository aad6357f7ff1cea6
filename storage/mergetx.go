package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// MergeUnit runs fn in one write transaction whose operations are those a
// merge's rules need (app.MergeTarget): an import's, and those that copy
// another project's content as it stands. The rules are app.Merge's.
func (db *DB) MergeUnit(ctx context.Context, fn func(tx app.MergeTx) error) error {
	return db.unit(ctx, func(t *WriteTx) error {
		return fn(&ImportTx{t: t, now: t.now.UnixMilli()})
	})
}

var (
	_ app.MergeTarget = (*DB)(nil)
	_ app.MergeTx     = (*ImportTx)(nil)
)

// DocumentWithHash finds a document by content hash with what a merge
// names it by (app.MergeTx).
func (it *ImportTx) DocumentWithHash(ctx context.Context, hash string) (app.DocumentHeader, bool, error) {
	d := app.DocumentHeader{Hash: hash}
	var id, created int64
	st, err := it.stmt(ctx, "SELECT id, uuid, external_id, title, length, created_at FROM documents WHERE hash = ?")
	if err != nil {
		return d, false, err
	}
	err = st.QueryRowContext(ctx, hash).Scan(&id, &d.ID, &d.ExternalID, &d.Title, &d.Length, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	d.Created = time.UnixMilli(created).UTC()
	it.setLast(docRef{id: id, uuid: d.ID, length: d.Length})
	return d, true, nil
}

// CopyDocument stores another project's document with its ID, unless
// taken, and its created time (app.MergeTx).
func (it *ImportTx) CopyDocument(ctx context.Context, d model.Document, created time.Time) (string, error) {
	if err := model.ValidateText(d.Text); err != nil {
		return "", err
	}
	if err := model.ValidateMeta(d.Meta); err != nil {
		return "", err
	}
	if d.Hash == "" {
		d.Hash = model.ContentHash(d.Text)
	}
	if d.ID != "" {
		var taken bool
		if err := it.t.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM documents WHERE uuid = ?)", d.ID).Scan(&taken); err != nil {
			return "", err
		}
		if taken {
			d.ID = ""
		}
	}
	ref := docRef{uuid: d.ID, length: model.RuneLen(d.Text), added: true}
	if ref.uuid == "" {
		ref.uuid = newID()
	}
	meta := "{}"
	if len(d.Meta) > 0 {
		meta = string(d.Meta)
	}
	st, err := it.stmt(ctx, insertDocument)
	if err != nil {
		return "", err
	}
	res, err := st.ExecContext(ctx, ref.uuid, d.ExternalID, d.Text, meta, d.Hash, ref.length, Title(d.Text), it.millis(created))
	if isConstraint(err) {
		return "", model.Errorf(model.ECONFLICT, "the project has a document with this text")
	}
	if err != nil {
		return "", explainOpenError(err)
	}
	if ref.id, err = res.LastInsertId(); err != nil {
		return "", err
	}
	it.setLast(ref)
	return ref.uuid, nil
}

// AddAnnotator adds an annotator with the time they were first seen
// (app.MergeTx).
func (it *ImportTx) AddAnnotator(ctx context.Context, name string, created time.Time) (bool, error) {
	if err := model.ValidateAnnotatorName(name); err != nil {
		return false, err
	}
	var id int64
	err := it.t.queryRow(ctx, `INSERT INTO annotators (name, created_at) VALUES (?, ?)
		ON CONFLICT (name) DO NOTHING RETURNING id`, name, it.millis(created)).Scan(&id)
	added := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		err = it.t.queryRow(ctx, "SELECT id FROM annotators WHERE name = ?", name).Scan(&id)
	}
	if err != nil {
		return false, err
	}
	if it.annotators == nil {
		it.annotators = map[string]int64{}
	}
	it.annotators[name] = id
	return added, nil
}

// setID is the id of the annotator's set on doc; found is false when
// there is none.
func (it *ImportTx) setID(ctx context.Context, doc docRef, annotator string) (int64, bool, error) {
	if id, ok := it.lastSets[annotator]; ok && doc.id == it.last.id {
		return id, true, nil
	}
	if doc.added {
		return 0, false, nil // a document of this unit has only the sets lastSets holds
	}
	var id int64
	err := it.t.queryRow(ctx, `SELECT a.id FROM annotation_sets a JOIN annotators n ON n.id = a.annotator_id
		WHERE a.document_id = ? AND n.name = ?`, doc.id, annotator).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// Relations returns the relations of the annotator's set on a document
// as the unit stored them (app.MergeTx).
func (it *ImportTx) Relations(ctx context.Context, documentID, annotator string) ([]model.Relation, error) {
	doc, err := it.document(ctx, documentID)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	id, found, err := it.setID(ctx, doc, annotator)
	if err != nil || !found {
		return nil, err
	}
	st, err := it.stmt(ctx, relationQuery+` WHERE r.set_id = ?`+relationOrder)
	if err != nil {
		return nil, err
	}
	return queryRelations(ctx, preparedQuery{st}, "", id)
}

// ReplaceSet makes the annotator's set on a document hold exactly set,
// spans and relations (app.MergeTx): it checks everything, deletes the
// set's spans (their relations go with them), then writes through PutSet
// and PutRelations and gives the set back its own updated time, which the
// relations' writes moved to the unit's.
func (it *ImportTx) ReplaceSet(ctx context.Context, documentID, annotator string, set app.ImportSet, spans []model.Span, relations []app.ImportRelation) (int, int, error) {
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return 0, 0, err
	}
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return 0, 0, err
	}
	if err := set.Validate(); err != nil {
		return 0, 0, err
	}
	if _, err := it.checkSpans(ctx, doc, spans); err != nil {
		return 0, 0, err
	}
	if len(relations) > 0 {
		_, names, err := it.t.relationLabels(ctx)
		if err != nil {
			return 0, 0, err
		}
		if err := app.CheckSetRelations(annotator, documentID, spans, relations, names); err != nil {
			return 0, 0, err
		}
	}
	id, found, err := it.setID(ctx, doc, annotator)
	if err != nil {
		return 0, 0, err
	}
	if found {
		if _, err := it.t.exec(ctx, "DELETE FROM spans WHERE set_id = ?", id); err != nil {
			return 0, 0, err
		}
		it.t.forgetSet(id)
	}
	added, err := it.PutSet(ctx, documentID, annotator, set, spans)
	if err != nil {
		return added, 0, err
	}
	related, err := it.PutRelations(ctx, documentID, annotator, relations)
	if err != nil {
		return added, related, err
	}
	id = it.lastSets[annotator]
	if related > 0 {
		if _, err := it.t.exec(ctx, "UPDATE annotation_sets SET updated_at = ? WHERE id = ?", it.millis(set.Updated), id); err != nil {
			return added, related, err
		}
		it.t.forgetSet(id)
	}
	// The set may keep an older time than when the document's
	// disagreement was last measured: forget the measure.
	if _, err := it.t.exec(ctx, "DELETE FROM disagreement WHERE document_id = ?", doc.id); err != nil {
		return added, related, err
	}
	return added, related, nil
}

// PutReview records or removes who last changed a document's gold
// version (app.MergeTx).
func (it *ImportTx) PutReview(ctx context.Context, documentID, reviewer string, updated time.Time) error {
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return err
	}
	if reviewer == "" {
		_, err = it.t.exec(ctx, "DELETE FROM reviews WHERE document_id = ?", doc.id)
		return err
	}
	if err := model.ValidatePersonName(reviewer); err != nil {
		return err
	}
	_, err = it.t.exec(ctx, `INSERT INTO reviews (document_id, reviewer, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (document_id) DO UPDATE SET reviewer = excluded.reviewer, updated_at = excluded.updated_at`,
		doc.id, reviewer, it.millis(updated))
	return err
}

// forgetSet drops what the transaction keeps of a set that was written
// around it (its spans, relations, whether its time is the
// transaction's), so that it is read again.
func (t *WriteTx) forgetSet(id int64) {
	delete(t.spans, id)
	delete(t.relations, id)
	delete(t.touched, id)
	for k, ref := range t.sets {
		if ref.id == id {
			delete(t.sets, k)
		}
	}
}
