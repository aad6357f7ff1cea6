package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/jackc/pgx/v5"
)

// What a bulk suggest run (app.Suggest, `inkspan suggest`) reads and
// writes, with the project file's rules (storage/suggestions_bulk.go):
// the annotator's dictionary, documents in batches with what the sources
// must not propose again, and each batch's suggestions or spans in one
// unit of work. A batch's rows go to the server in one round trip (a pgx
// batch), not one statement each.

var _ app.SuggestStore = (*DB)(nil)

// AddAnnotator registers an annotator; an existing name is not an error.
// EINVALID for a bad name.
func (db *DB) AddAnnotator(ctx context.Context, name string) error {
	if err := model.ValidateAnnotatorName(name); err != nil {
		return err
	}
	return db.write(ctx, func(t *WriteTx) error {
		_, err := t.annotatorID(ctx, name)
		return err
	})
}

// DictionaryEntries returns the text and label of every span of the
// annotator's, in every document. An unknown annotator has none.
func (db *DB) DictionaryEntries(ctx context.Context, annotator string) (entries []suggest.Entry, err error) {
	err = db.Read(ctx, func(tx app.ReadTx) error {
		rows, err := tx.(ReadTx).q.Query(ctx, `SELECT substr(d.text, s.start_cp + 1, s.end_cp - s.start_cp), l.name
			FROM annotation_sets a JOIN spans s ON s.set_id = a.id
			JOIN documents d ON d.id = a.document_id JOIN labels l ON l.id = s.label_id
			WHERE a.annotator_id = (SELECT id FROM annotators WHERE name = $1)
			ORDER BY s.id`, annotator)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e suggest.Entry
			if err := rows.Scan(&e.Text, &e.Label); err != nil {
				return err
			}
			entries = append(entries, e)
		}
		return rows.Err()
	})
	return entries, err
}

// SuggestBatch returns, from one snapshot, up to limit documents in
// project order after the one with key after (0 for the first), each with
// the annotator's spans and suggestions on it (rejected ones too); none
// after the last.
func (db *DB) SuggestBatch(ctx context.Context, annotator string, after int64, limit int) (docs []model.SuggestDocument, err error) {
	err = db.Read(ctx, func(tx app.ReadTx) error {
		q := tx.(ReadTx).q
		var annID int64 // 0, which no row has, for an annotator not in the project
		err := q.QueryRow(ctx, "SELECT id FROM annotators WHERE name = $1", annotator).Scan(&annID)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		rows, err := q.Query(ctx, "SELECT id, text FROM documents WHERE id > $1 ORDER BY id LIMIT $2", after, limit)
		if err != nil {
			return err
		}
		docs = make([]model.SuggestDocument, 0, limit)
		for rows.Next() {
			var d model.SuggestDocument
			if err := rows.Scan(&d.Key, &d.Text); err != nil {
				rows.Close()
				return err
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(docs) == 0 || annID == 0 {
			return err
		}
		first, last := docs[0].Key, docs[len(docs)-1].Key
		index := make(map[int64]int, len(docs))
		for i, d := range docs {
			index[d.Key] = i
		}
		known := func(query string, add func(d *model.SuggestDocument, s model.Span)) error {
			rows, err := q.Query(ctx, query, first, last, annID)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var doc int64
				var s model.Span
				if err := rows.Scan(&doc, &s.Start, &s.End, &s.Label); err != nil {
					return err
				}
				add(&docs[index[doc]], s)
			}
			return rows.Err()
		}
		if err := known(`SELECT a.document_id, s.start_cp, s.end_cp, l.name FROM annotation_sets a
			JOIN spans s ON s.set_id = a.id JOIN labels l ON l.id = s.label_id
			WHERE a.document_id BETWEEN $1 AND $2 AND a.annotator_id = $3 ORDER BY s.id`,
			func(d *model.SuggestDocument, s model.Span) { d.Spans = append(d.Spans, s) }); err != nil {
			return err
		}
		return known(`SELECT s.document_id, s.start_cp, s.end_cp, l.name FROM suggestions s
			JOIN labels l ON l.id = s.label_id
			WHERE s.document_id BETWEEN $1 AND $2 AND s.annotator_id = $3 ORDER BY s.created_at, s.start_cp, s.end_cp, l.name COLLATE "C"`,
			func(d *model.SuggestDocument, s model.Span) { d.Suggested = append(d.Suggested, s) })
	})
	return docs, err
}

// AddSuggestions stores found as the annotator's suggestions, with new
// IDs, in one unit of work, and returns the labels it added to the
// project for them. A suggestion already there (same document, offsets
// and label) is left as it is. EINVALID for a bad annotator name, a bad
// source or a label the project cannot take; nothing is stored then.
func (db *DB) AddSuggestions(ctx context.Context, annotator string, found []model.FoundSuggestions) ([]string, error) {
	return db.writeFound(ctx, annotator, found, false)
}

// AddSuggestedSpans stores found as the annotator's spans (origin
// suggestion, new IDs) instead, unchecked (found has been resolved
// against the annotator's spans), moving each todo document they land on
// to in progress. The errors of AddSuggestions.
func (db *DB) AddSuggestedSpans(ctx context.Context, annotator string, found []model.FoundSuggestions) ([]string, error) {
	return db.writeFound(ctx, annotator, found, true)
}

func (db *DB) writeFound(ctx context.Context, annotator string, found []model.FoundSuggestions, asSpans bool) ([]string, error) {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return nil, err
	}
	n := 0
	for _, d := range found {
		n += len(d.Suggestions)
	}
	if n == 0 {
		return nil, nil
	}
	var added []string
	err := db.write(ctx, func(t *WriteTx) error {
		added = nil
		annID, err := t.annotatorID(ctx, annotator)
		if err != nil {
			return err
		}
		labels := map[string]int64{}
		labelOf := func(name string) (int64, error) {
			if id, ok := labels[name]; ok {
				return id, nil
			}
			id, err := labelID(ctx, t.tx, model.Span{Label: name})
			if model.ErrorCode(err) == model.EINVALID {
				all, lerr := t.Labels(ctx)
				if lerr != nil {
					return 0, lerr
				}
				l := model.NewLabel(name, all)
				if verr := l.Validate(); verr != nil {
					return 0, fmt.Errorf("cannot add label %q to the project: %w", name, verr)
				}
				err = t.tx.QueryRow(ctx, "INSERT INTO labels (name, color, key, description, position) VALUES ($1, $2, $3, $4, $5) RETURNING id",
					l.Name, l.Color, l.Key, l.Description, len(all)).Scan(&id)
				if err == nil {
					added = append(added, name)
				}
			}
			if err == nil {
				labels[name] = id
			}
			return id, err
		}
		batch := &pgx.Batch{}
		for _, d := range found {
			if len(d.Suggestions) == 0 {
				continue
			}
			var set setRef
			if asSpans {
				if err := t.tx.QueryRow(ctx, `INSERT INTO annotation_sets (document_id, annotator_id, status, created_at, updated_at)
					VALUES ($1, $2, $3, $4, $4)
					ON CONFLICT (document_id, annotator_id) DO UPDATE SET document_id = excluded.document_id
					RETURNING id, status`, d.Key, annID, model.StatusTodo, t.now).Scan(&set.id, &set.status); err != nil {
					return err
				}
			}
			for _, s := range d.Suggestions {
				label, err := labelOf(s.Label)
				if err != nil {
					return err
				}
				if asSpans {
					batch.Queue(`INSERT INTO spans (uuid, set_id, start_cp, end_cp, label_id, note, origin, created_at, updated_at)
						VALUES ($1, $2, $3, $4, $5, '', $6, $7, $7) ON CONFLICT DO NOTHING`,
						newID(), set.id, s.Start, s.End, label, model.OriginSuggestion, t.now)
					continue
				}
				if err := s.Source.Validate(); err != nil {
					return err
				}
				batch.Queue(`INSERT INTO suggestions (document_id, annotator_id, start_cp, end_cp, label_id, uuid, source, created_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
					d.Key, annID, s.Start, s.End, label, uuid.NewString(), s.Source, t.now)
			}
			if asSpans {
				batch.Queue("UPDATE annotation_sets SET status = $1, updated_at = $2 WHERE id = $3",
					set.status.AfterSpanChange(), t.now, set.id)
			}
		}
		return t.tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}
