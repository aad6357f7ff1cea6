package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
)

// A team project as the source of a merge (app.MergeSource): `inkspan
// merge --project FILE postgres://...` brings a team's work into a project
// file, as merging another file does. Everything is read from one
// REPEATABLE READ snapshot, so what the team writes meanwhile is not half
// in it.

// SourceForMerge is the project as a merge into another reads it, named
// name in messages (its URL without a password). (Not MergeSource, which
// is the project file's method for reading another file into it.)
func (db *DB) SourceForMerge(name string) app.MergeSource {
	return mergeSource{db: db, name: name}
}

type mergeSource struct {
	db   *DB
	name string
}

func (m mergeSource) Name() string { return m.name }

// MergeRead runs fn on one snapshot of the project.
func (m mergeSource) MergeRead(ctx context.Context, fn func(tx app.MergeSourceTx) error) error {
	return m.db.Read(ctx, func(tx app.ReadTx) error {
		return fn(mergeSourceTx{ReadTx: tx.(ReadTx)})
	})
}

// mergeSourceTx reads the snapshot (app.MergeSourceTx).
type mergeSourceTx struct{ ReadTx }

var _ app.MergeSourceTx = mergeSourceTx{}

// Annotators returns every annotator, gold included, with when each was
// first seen, in the order they came.
func (m mergeSourceTx) Annotators(ctx context.Context) ([]app.MergeAnnotator, error) {
	rows, err := m.q.Query(ctx, "SELECT name, created_at FROM annotators ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.MergeAnnotator
	for rows.Next() {
		var a app.MergeAnnotator
		if err := rows.Scan(&a.Name, &a.Created); err != nil {
			return nil, err
		}
		a.Created = a.Created.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// DocumentCount counts the documents.
func (m mergeSourceTx) DocumentCount(ctx context.Context) (n int, err error) {
	err = m.q.QueryRow(ctx, "SELECT count(*) FROM documents").Scan(&n)
	return n, err
}

// mergeHeaders is how many document headers one read brings: fn reads
// each document's sets on the same connection, which cannot run a query
// while another's rows are open, so headers come a page at a time.
const mergeHeaders = 1000

// Documents calls fn for every document in project order, without its
// text.
func (m mergeSourceTx) Documents(ctx context.Context, fn func(d app.DocumentHeader) error) error {
	after := int64(0)
	for {
		rows, err := m.q.Query(ctx, `SELECT id, uuid, external_id, hash, title, length, created_at FROM documents
			WHERE id > $1 ORDER BY id LIMIT $2`, after, mergeHeaders)
		if err != nil {
			return err
		}
		var page []app.DocumentHeader
		for rows.Next() {
			var d app.DocumentHeader
			if err := rows.Scan(&after, &d.ID, &d.ExternalID, &d.Hash, &d.Title, &d.Length, &d.Created); err != nil {
				rows.Close()
				return err
			}
			d.Created = d.Created.UTC()
			page = append(page, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(page) < mergeHeaders {
			return nil
		}
	}
}

// Sets returns every annotator's set on a document in the order they
// were made, with spans and relations; none for an unknown document.
func (m mergeSourceTx) Sets(ctx context.Context, documentID string) ([]app.MergeSet, error) {
	rows, err := m.q.Query(ctx, `SELECT a.id, n.name, a.status, a.note, a.answer, a.input_hash, a.task_hash, a.created_at, a.updated_at
		FROM annotation_sets a JOIN annotators n ON n.id = a.annotator_id JOIN documents d ON d.id = a.document_id
		WHERE d.uuid = $1 ORDER BY a.id`, documentID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	var sets []app.MergeSet
	for rows.Next() {
		var id int64
		var s app.MergeSet
		if err := rows.Scan(&id, &s.Annotator, &s.Status, &s.Note, &s.Answer, &s.InputHash, &s.TaskHash, &s.Created, &s.Updated); err != nil {
			rows.Close()
			return nil, err
		}
		s.Created, s.Updated = s.Created.UTC(), s.Updated.UTC()
		ids = append(ids, id)
		sets = append(sets, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		if sets[i].Spans, err = setSpans(ctx, m.q, id); err != nil {
			return nil, err
		}
		if sets[i].Relations, err = setRelations(ctx, m.q, id); err != nil {
			return nil, err
		}
	}
	return sets, nil
}

// Review returns who last changed the document's gold version and when.
func (m mergeSourceTx) Review(ctx context.Context, documentID string) (reviewer string, updated time.Time, found bool, err error) {
	err = m.q.QueryRow(ctx, `SELECT v.reviewer, v.updated_at FROM reviews v JOIN documents d ON d.id = v.document_id
		WHERE d.uuid = $1`, documentID).Scan(&reviewer, &updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", time.Time{}, false, nil
	}
	return reviewer, updated.UTC(), err == nil, err
}

// Document is ReadTx.Document: ENOTFOUND for an unknown id.
func (m mergeSourceTx) Document(ctx context.Context, id string) (model.Document, error) {
	return m.ReadTx.Document(ctx, id)
}
