package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
)

// MergeUnit runs fn in one write transaction whose operations are an
// import's and those that copy another project's content as it stands
// (app.MergeTarget): `inkspan merge` and, later, `inkspan team push`
// bring a project file's work into a team database through them.
func (db *DB) MergeUnit(ctx context.Context, fn func(tx app.MergeTx) error) error {
	return db.write(ctx, func(t *WriteTx) error { return fn(&ImportTx{t: t}) })
}

var (
	_ app.MergeTarget = (*DB)(nil)
	_ app.MergeTx     = (*ImportTx)(nil)
)

// DocumentWithHash finds a document by content hash with what a merge
// names it by (app.MergeTx).
func (it *ImportTx) DocumentWithHash(ctx context.Context, hash string) (app.DocumentHeader, bool, error) {
	d := app.DocumentHeader{Hash: hash}
	err := it.t.tx.QueryRow(ctx, "SELECT uuid, external_id, title, length, created_at FROM documents WHERE hash = $1", hash).
		Scan(&d.ID, &d.ExternalID, &d.Title, &d.Length, &d.Created)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, false, nil
	}
	d.Created = d.Created.UTC()
	return d, err == nil, err
}

// CopyDocument stores another project's document with its ID, unless a
// document here has it, and its created time (app.MergeTx). EINVALID for
// a bad text or meta, ECONFLICT when a document has the text.
func (it *ImportTx) CopyDocument(ctx context.Context, d model.Document, created time.Time) (string, error) {
	if err := validText(d.Text); err != nil {
		return "", err
	}
	if err := model.ValidateMeta(d.Meta); err != nil {
		return "", err
	}
	if d.Hash == "" {
		d.Hash = model.ContentHash(d.Text)
	}
	var idTaken, textTaken bool
	if err := it.t.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE uuid = $1),
		EXISTS (SELECT 1 FROM documents WHERE hash = $2)`, d.ID, d.Hash).Scan(&idTaken, &textTaken); err != nil {
		return "", err
	}
	if textTaken {
		return "", model.Errorf(model.ECONFLICT, "the project has a document with this text")
	}
	if d.ID == "" || idTaken {
		d.ID = newID()
	}
	meta := "{}"
	if len(d.Meta) > 0 {
		meta = string(d.Meta)
	}
	_, err := it.t.tx.Exec(ctx, `INSERT INTO documents (uuid, external_id, text, meta, hash, length, title, created_at, search_words)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, d.ID, d.ExternalID, d.Text, meta, d.Hash, model.RuneLen(d.Text), title(d.Text), it.at(created), searchWords(d.Text))
	if err != nil {
		return "", dbError(err)
	}
	return d.ID, nil
}

// AddAnnotator adds an annotator with the time they were first seen;
// added is false when the project has them (app.MergeTx). EINVALID for a
// bad name.
func (it *ImportTx) AddAnnotator(ctx context.Context, name string, created time.Time) (bool, error) {
	if err := model.ValidateAnnotatorName(name); err != nil {
		return false, err
	}
	tag, err := it.t.tx.Exec(ctx, "INSERT INTO annotators (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
		name, it.at(created))
	if err != nil {
		return false, dbError(err)
	}
	return tag.RowsAffected() == 1, nil
}

// setID is the id of the annotator's set on a document; found is false
// when there is none.
func (it *ImportTx) setID(ctx context.Context, doc docRef, annotator string) (int64, bool, error) {
	var id int64
	err := it.t.tx.QueryRow(ctx, `SELECT a.id FROM annotation_sets a JOIN annotators n ON n.id = a.annotator_id
		WHERE a.document_id = $1 AND n.name = $2`, doc.id, annotator).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// Relations returns the relations of the annotator's set on a document
// as the unit stored them, none when there is no such set (app.MergeTx).
func (it *ImportTx) Relations(ctx context.Context, documentID, annotator string) ([]model.Relation, error) {
	return it.t.Relations(ctx, documentID, annotator)
}

// ReplaceSet makes the annotator's set on a document hold exactly set,
// spans and relations (app.MergeTx): it checks everything first, deletes
// the set's spans (their relations go with them), writes through PutSet
// and PutRelations, and gives the set back its own updated time, which
// the relations' writes moved to the unit's. ENOTFOUND for an unknown
// document; EINVALID for what PutSet or PutRelations refuse.
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
		if _, err := it.t.tx.Exec(ctx, "DELETE FROM spans WHERE set_id = $1", id); err != nil {
			return 0, 0, err
		}
	}
	added, err := it.PutSet(ctx, documentID, annotator, set, spans)
	if err != nil {
		return added, 0, err
	}
	related, err := it.PutRelations(ctx, documentID, annotator, relations)
	if err != nil {
		return added, related, err
	}
	if related > 0 {
		if _, err := it.t.tx.Exec(ctx, `UPDATE annotation_sets SET updated_at = $1 WHERE document_id = $2
			AND annotator_id = (SELECT id FROM annotators WHERE name = $3)`, it.at(set.Updated), doc.id, annotator); err != nil {
			return added, related, err
		}
	}
	// The set may keep an older time than when the document's
	// disagreement was last measured: forget the measure.
	if _, err := it.t.tx.Exec(ctx, "DELETE FROM disagreement WHERE document_id = $1", doc.id); err != nil {
		return added, related, err
	}
	return added, related, nil
}

// PutReview records, or with reviewer "" removes, who last changed a
// document's gold version (app.MergeTx). ENOTFOUND for an unknown
// document, EINVALID for a bad name.
func (it *ImportTx) PutReview(ctx context.Context, documentID, reviewer string, updated time.Time) error {
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return err
	}
	if reviewer == "" {
		_, err = it.t.tx.Exec(ctx, "DELETE FROM reviews WHERE document_id = $1", doc.id)
		return err
	}
	if err := model.ValidatePersonName(reviewer); err != nil {
		return err
	}
	_, err = it.t.tx.Exec(ctx, `INSERT INTO reviews (document_id, reviewer, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (document_id) DO UPDATE SET reviewer = excluded.reviewer, updated_at = excluded.updated_at`,
		doc.id, reviewer, it.at(updated))
	return err
}
