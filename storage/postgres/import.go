package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
)

// ImportUnit runs fn in one write transaction whose operations are those
// an import's rules need (app.ImportTarget): a Write, so it waits its turn
// like any writer, and commits when fn returns nil.
//
// Unlike WriteTx's operations, ImportTx's run without savepoints: an
// import makes one call per record, and a hundred thousand
// subtransactions in one transaction overflow each backend's subxid
// cache, which slows every other session's snapshots while the import
// runs. The contract has every check before the first write, so a refusal
// changes nothing without one; a failure of the database ends the unit.
//
// New documents, their sets, spans and tokens are kept and written in
// batches with COPY (import_copy.go), the last batch before the commit.
func (db *DB) ImportUnit(ctx context.Context, fn func(tx app.ImportTx) error) error {
	return db.write(ctx, func(t *WriteTx) error {
		it := &ImportTx{t: t, pend: newPending()}
		if err := fn(it); err != nil {
			return err
		}
		return it.flush(ctx)
	})
}

// ImportTx is the write transaction of an import (app.ImportTx) or of a
// merge (app.MergeTx).
type ImportTx struct {
	t *WriteTx
	// pend holds the new documents an import has not written yet; nil in
	// a merge, which writes each change at once.
	pend *pending
	// What the unit has read once and keeps (import_copy.go): the first
	// 64 bits of the stored documents' hashes (nil until read), how many
	// documents were looked up before, the labels' IDs by name and the
	// annotators'.
	known      map[uint64]bool
	lookups    int
	labels     map[string]int64
	annotators map[string]int64
	direct     *bool           // COPY goes into the tables themselves (nil until asked)
	staged     map[string]bool // the staging tables made, by table
}

// docRef is a document as the import's operations need it.
type docRef struct {
	id     int64
	length int
}

// document finds the document with the ID id. ENOTFOUND when none.
// The buffer is written first, so that what the caller reads next sees
// the unit's own changes.
func (it *ImportTx) document(ctx context.Context, id string) (docRef, error) {
	var ref docRef
	if err := it.flush(ctx); err != nil {
		return ref, err
	}
	err := it.t.tx.QueryRow(ctx, "SELECT id, length FROM documents WHERE uuid = $1", id).Scan(&ref.id, &ref.length)
	if errors.Is(err, pgx.ErrNoRows) {
		return ref, model.Errorf(model.ENOTFOUND, "no document %s", id)
	}
	return ref, err
}

// Labels returns the project's labels in their order (app.ImportTx).
func (it *ImportTx) Labels(ctx context.Context) ([]model.Label, error) {
	return it.t.Labels(ctx)
}

// AddLabel adds l at the end of the project's labels (app.ImportTx).
// EINVALID or ECONFLICT (model.ValidateLabelSet) for a label that does
// not fit with the others.
func (it *ImportTx) AddLabel(ctx context.Context, l model.Label) error {
	labels, err := it.t.Labels(ctx)
	if err != nil {
		return err
	}
	if err := model.ValidateLabelSet(append(labels, l)); err != nil {
		return err
	}
	var id int64
	err = it.t.tx.QueryRow(ctx, "INSERT INTO labels (name, color, key, description, position) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		l.Name, l.Color, l.Key, l.Description, len(labels)).Scan(&id)
	if err == nil && it.labels != nil {
		it.labels[l.Name] = id
	}
	return dbError(err)
}

// AllowOverlap returns the project's overlap rule (app.ImportTx).
func (it *ImportTx) AllowOverlap(ctx context.Context) (bool, error) {
	return allowOverlap(ctx, it.t.tx)
}

// SetAllowOverlap stores the overlap rule in the unit and says whether it
// changed (app.ImportTx). ECONFLICT, naming where, when turning it off
// while spans of one set overlap.
func (it *ImportTx) SetAllowOverlap(ctx context.Context, allow bool) (bool, error) {
	was, err := allowOverlap(ctx, it.t.tx)
	if err != nil || was == allow {
		return false, err
	}
	if !allow {
		if err := it.flush(ctx); err != nil {
			return false, err
		}
		if err := refuseOverlaps(ctx, it.t.tx); err != nil {
			return false, err
		}
	}
	value := "0"
	if allow {
		value = "1"
	}
	_, err = it.t.tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ('allow_overlap', $1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, value)
	return err == nil, err
}

// refuseOverlaps returns storage's ECONFLICT error naming the overlapping
// spans the project holds, or nil when there are none.
func refuseOverlaps(ctx context.Context, q querier) error {
	rows, err := q.Query(ctx, `
		SELECT d.id, d.external_id, d.title, an.name, count(*)
		FROM spans a
		JOIN spans b ON b.set_id = a.set_id AND a.id < b.id AND a.start_cp < b.end_cp AND b.start_cp < a.end_cp
		JOIN annotation_sets s ON s.id = a.set_id
		JOIN documents d ON d.id = s.document_id
		JOIN annotators an ON an.id = s.annotator_id
		GROUP BY s.id, d.id, d.external_id, d.title, an.name
		ORDER BY d.id, an.name COLLATE "C"`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var found model.OverlapsFound
	for rows.Next() {
		var docID int64
		var extID, title, annotator string
		var n int
		if err := rows.Scan(&docID, &extID, &title, &annotator, &n); err != nil {
			return err
		}
		name := extID
		if name == "" {
			name = title
		}
		found.Add(docID, name, annotator, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return found.Err()
}

// DocumentByHash finds a document by content hash (app.ImportTx).
func (it *ImportTx) DocumentByHash(ctx context.Context, hash string) (string, bool, error) {
	if it.pend != nil {
		if i, ok := it.pend.byHash[hash]; ok {
			return it.pend.docs[i].uuid, true, nil
		}
		return it.storedHash(ctx, hash)
	}
	var id string
	err := it.t.tx.QueryRow(ctx, "SELECT uuid FROM documents WHERE hash = $1", hash).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	return id, err == nil, err
}

// AddDocument stores a new document and returns its ID (app.ImportTx).
// EINVALID for a bad text or meta, ECONFLICT when a document has its text
// or ID.
func (it *ImportTx) AddDocument(ctx context.Context, d model.Document) (string, error) {
	if err := validText(d.Text); err != nil {
		return "", err
	}
	if err := model.ValidateMeta(d.Meta); err != nil {
		return "", err
	}
	if d.Hash == "" {
		d.Hash = model.ContentHash(d.Text)
	}
	given := d.ID != ""
	if d.ID == "" {
		d.ID = newID()
	}
	meta := "{}"
	if len(d.Meta) > 0 {
		meta = string(d.Meta)
	}
	if it.pend != nil {
		_, hashTaken := it.pend.byHash[d.Hash]
		_, idTaken := it.pend.byID[d.ID]
		if !hashTaken && !idTaken {
			_, hashTaken, err := it.storedHash(ctx, d.Hash)
			if err != nil {
				return "", err
			}
			if !hashTaken && given {
				err = it.t.tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM documents WHERE uuid = $1)", d.ID).Scan(&idTaken)
				if err != nil {
					return "", err
				}
			}
			if !hashTaken && !idTaken {
				if err := it.bufferDocument(ctx, pendingDoc{uuid: d.ID, externalID: d.ExternalID, text: d.Text, meta: meta,
					hash: d.Hash, title: title(d.Text), length: model.RuneLen(d.Text)}); err != nil {
					return "", err
				}
				return d.ID, nil
			}
		}
		return "", model.Errorf(model.ECONFLICT, "the project has a document with this text or the ID %s", d.ID)
	}
	var taken bool
	if err := it.t.tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM documents WHERE hash = $1 OR uuid = $2)", d.Hash, d.ID).Scan(&taken); err != nil {
		return "", err
	}
	if taken {
		return "", model.Errorf(model.ECONFLICT, "the project has a document with this text or the ID %s", d.ID)
	}
	_, err := it.t.tx.Exec(ctx, `INSERT INTO documents (uuid, external_id, text, meta, hash, length, title, created_at, search_words)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, d.ID, d.ExternalID, d.Text, meta, d.Hash, model.RuneLen(d.Text), title(d.Text), it.t.now, searchWords(d.Text))
	if err != nil {
		return "", fmt.Errorf("insert document: %w", dbError(err))
	}
	return d.ID, nil
}

// Set reads the annotator's set on a document and its spans in text
// order (app.ImportTx). ENOTFOUND for an unknown document.
func (it *ImportTx) Set(ctx context.Context, documentID, annotator string) (app.ImportSet, []model.Span, bool, error) {
	var set app.ImportSet
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return set, nil, false, err
	}
	var id int64
	err = it.t.tx.QueryRow(ctx, `SELECT a.id, a.status, a.note, a.answer, a.input_hash, a.task_hash, a.created_at, a.updated_at
		FROM annotation_sets a JOIN annotators n ON n.id = a.annotator_id
		WHERE a.document_id = $1 AND n.name = $2`, doc.id, annotator).
		Scan(&id, &set.Status, &set.Note, &set.Answer, &set.InputHash, &set.TaskHash, &set.Created, &set.Updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return set, nil, false, nil
	}
	if err != nil {
		return set, nil, false, err
	}
	set.Created, set.Updated = set.Created.UTC(), set.Updated.UTC()
	spans, err := setSpans(ctx, it.t.tx, id)
	return set, spans, err == nil, err
}

// at is t to the millisecond, as stored, or the unit's time for zero.
func (it *ImportTx) at(t time.Time) time.Time {
	if t.IsZero() {
		return it.t.now
	}
	return t.UTC().Truncate(time.Millisecond)
}

// PutSet makes or updates the annotator's set on a document and adds the
// spans it lacks (app.ImportTx). Every check runs before the first write.
// ENOTFOUND for an unknown document; EINVALID for a bad name, status,
// answer or span, or a label the project lacks.
func (it *ImportTx) PutSet(ctx context.Context, documentID, annotator string, set app.ImportSet, add []model.Span) (int, error) {
	if it.pend != nil {
		if i, ok := it.pend.byID[documentID]; ok {
			return it.putPendingSet(ctx, i, annotator, set, add)
		}
	}
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return 0, err
	}
	if err := set.Validate(); err != nil {
		return 0, err
	}
	labels, err := it.checkSpans(ctx, doc, add)
	if err != nil {
		return 0, err
	}
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return 0, err
	}
	annID, err := it.t.annotatorID(ctx, annotator)
	if err != nil {
		return 0, err
	}
	// An existing set keeps its created time.
	var setID int64
	if err := it.t.tx.QueryRow(ctx, `INSERT INTO annotation_sets (document_id, annotator_id, status, note, answer, input_hash, task_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (document_id, annotator_id) DO UPDATE SET status = excluded.status, note = excluded.note,
			answer = excluded.answer, input_hash = excluded.input_hash, task_hash = excluded.task_hash,
			updated_at = excluded.updated_at
		RETURNING id`, doc.id, annID, set.Status, set.Note, set.Answer, set.InputHash, set.TaskHash,
		it.at(set.Created), it.at(set.Updated)).Scan(&setID); err != nil {
		return 0, dbError(err)
	}
	added := 0
	for i, s := range add {
		origin := s.Origin
		if origin == "" {
			origin = model.OriginImport
		}
		attrs, err := encodeAttributes(canonical(s.Attributes))
		if err != nil {
			return added, err
		}
		// A span keeps its ID ($1) unless a span of the project has it:
		// then it takes a new one ($2).
		id := s.ID
		if id == "" {
			id = newID()
		}
		tag, err := it.t.tx.Exec(ctx, `INSERT INTO spans (uuid, set_id, start_cp, end_cp, label_id, note, origin, attributes, created_at, updated_at)
			VALUES (CASE WHEN EXISTS (SELECT 1 FROM spans WHERE uuid = $1) THEN $2 ELSE $1 END, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (set_id, start_cp, end_cp, label_id) DO NOTHING`,
			id, newID(), setID, s.Start, s.End, labels[i], s.Note, string(origin), attrs, it.at(s.Created), it.at(s.Updated))
		if err != nil {
			return added, dbError(err)
		}
		added += int(tag.RowsAffected())
	}
	return added, nil
}

// checkSpans checks spans on their own against the document (offsets,
// origin, attributes) and returns their labels' ids. EINVALID for a bad
// span or a label the project lacks.
func (it *ImportTx) checkSpans(ctx context.Context, doc docRef, spans []model.Span) ([]int64, error) {
	if len(spans) == 0 {
		return nil, nil
	}
	rows, err := it.t.tx.Query(ctx, "SELECT name, id FROM labels")
	if err != nil {
		return nil, err
	}
	byName := map[string]int64{}
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			rows.Close()
			return nil, err
		}
		byName[name] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := make([]int64, len(spans))
	for i, s := range spans {
		if err := s.Validate(doc.length, nil); err != nil {
			return nil, err
		}
		id, ok := byName[s.Label]
		if !ok {
			return nil, model.Errorf(model.EINVALID, "span [%d, %d) has label %s, which the project does not have", s.Start, s.End, s.Label)
		}
		ids[i] = id
	}
	return ids, nil
}

// AddSuggestions stores spans as the annotator's pending suggestions from
// the import, leaving out those the annotator has there already
// (app.ImportTx). ENOTFOUND for an unknown document; EINVALID for a bad
// name or span, or a label the project lacks.
func (it *ImportTx) AddSuggestions(ctx context.Context, documentID, annotator string, spans []model.Span) (int, error) {
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return 0, err
	}
	labels, err := it.checkSpans(ctx, doc, spans)
	if err != nil {
		return 0, err
	}
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return 0, err
	}
	annID, err := it.t.annotatorID(ctx, annotator)
	if err != nil {
		return 0, err
	}
	added := 0
	for i, s := range spans {
		id, err := uuid.NewV7()
		if err != nil {
			id = uuid.New()
		}
		tag, err := it.t.tx.Exec(ctx, `INSERT INTO suggestions (document_id, annotator_id, start_cp, end_cp, label_id, uuid, source, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
			doc.id, annID, s.Start, s.End, labels[i], id.String(), string(model.SourceImport), it.t.now)
		if err != nil {
			return added, dbError(err)
		}
		added += int(tag.RowsAffected())
	}
	return added, nil
}

// RelationLabels returns the project's relation labels (app.ImportTx).
func (it *ImportTx) RelationLabels(ctx context.Context) ([]model.RelationLabel, error) {
	return it.t.RelationLabels(ctx)
}

// AddRelationLabel adds l after the project's relation labels
// (app.ImportTx). EINVALID or ECONFLICT
// (model.ValidateRelationLabelSet) for a label that does not fit.
func (it *ImportTx) AddRelationLabel(ctx context.Context, l model.RelationLabel) error {
	labels, err := it.t.RelationLabels(ctx)
	if err != nil {
		return err
	}
	if err := model.ValidateRelationLabelSet(append(labels, l)); err != nil {
		return err
	}
	_, err = it.t.tx.Exec(ctx, `INSERT INTO relation_labels (name, color, key, description, is_symmetric, position)
		VALUES ($1, $2, $3, $4, $5, $6)`, l.Name, l.Color, l.Key, l.Description, l.Symmetric, len(labels))
	return dbError(err)
}

// PutRelations adds relations between spans of the annotator's set on a
// document, found by offsets and label (app.ImportTx): all checked
// first, then each added as WriteTx.AddRelation adds one, a relation
// there already (either way round for a symmetric label) left out.
// ENOTFOUND for an unknown document or no set; EINVALID for a span the
// set lacks, a span related to itself or an unknown label.
func (it *ImportTx) PutRelations(ctx context.Context, documentID, annotator string, relations []app.ImportRelation) (int, error) {
	if len(relations) == 0 {
		return 0, nil
	}
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return 0, err
	}
	var setID int64
	err = it.t.tx.QueryRow(ctx, `SELECT a.id FROM annotation_sets a JOIN annotators n ON n.id = a.annotator_id
		WHERE a.document_id = $1 AND n.name = $2`, doc.id, annotator).Scan(&setID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, model.Errorf(model.ENOTFOUND, "%s has no annotation set on document %s to relate spans in", model.Printable(annotator), documentID)
	}
	if err != nil {
		return 0, err
	}
	spans, err := setSpans(ctx, it.t.tx, setID)
	if err != nil {
		return 0, err
	}
	_, names, err := it.t.relationLabels(ctx)
	if err != nil {
		return 0, err
	}
	resolved, err := app.ResolveImportRelations(annotator, documentID, spans, relations, names)
	if err != nil {
		return 0, err
	}
	added := 0
	for _, r := range resolved {
		if r.ID != "" {
			var taken bool
			if err := it.t.tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM relations WHERE uuid = $1)", r.ID).Scan(&taken); err != nil {
				return added, err
			}
			if taken {
				r.ID = ""
			}
		}
		_, err := it.t.addRelation(ctx, documentID, annotator, r)
		if model.ErrorCode(err) == model.ECONFLICT {
			continue // there already, this way or (symmetric) the other
		}
		if err != nil {
			return added, err
		}
		added++
	}
	return added, nil
}

// PutTokens stores the tokens a document came with, replacing any it had
// (app.ImportTx). ENOTFOUND for an unknown document, EINVALID for no
// tokens or a bad one.
func (it *ImportTx) PutTokens(ctx context.Context, documentID string, tokens []model.Token) error {
	if it.pend != nil {
		if i, ok := it.pend.byID[documentID]; ok {
			if len(tokens) == 0 {
				return model.Errorf(model.EINVALID, "no tokens to store for document %s", documentID)
			}
			if err := model.ValidateTokens(it.pend.docs[i].length, tokens); err != nil {
				return model.Errorf(model.EINVALID, "document %s: %s", documentID, model.ErrorMessage(err))
			}
			row, err := encodeTokens(tokens)
			if err != nil {
				return err
			}
			it.pend.tokens[i] = row
			return nil
		}
	}
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return err
	}
	if len(tokens) == 0 {
		return model.Errorf(model.EINVALID, "no tokens to store for document %s", documentID)
	}
	if err := model.ValidateTokens(doc.length, tokens); err != nil {
		return model.Errorf(model.EINVALID, "document %s: %s", documentID, model.ErrorMessage(err))
	}
	row, err := encodeTokens(tokens)
	if err != nil {
		return err
	}
	_, err = it.t.tx.Exec(ctx, `INSERT INTO document_tokens (document_id, starts, ends, sentence_starts, columns) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (document_id) DO UPDATE SET starts = excluded.starts, ends = excluded.ends,
			sentence_starts = excluded.sentence_starts, columns = excluded.columns`,
		doc.id, row.starts, row.ends, row.sentences, row.columns)
	return dbError(err)
}

// Tokens returns the tokens stored with a document, nil when none
// (app.ImportTx). ENOTFOUND for an unknown document.
func (it *ImportTx) Tokens(ctx context.Context, documentID string) ([]model.Token, error) {
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return nil, err
	}
	return readTokens(ctx, it.t.tx, doc.id)
}

var (
	_ app.ImportTarget = (*DB)(nil)
	_ app.ImportTx     = (*ImportTx)(nil)
)
