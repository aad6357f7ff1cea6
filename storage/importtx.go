package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// ImportUnit runs fn in one write transaction whose operations are those
// an import's rules need (app.ImportTarget): everything fn does commits
// when it returns nil and nothing when it fails, panics or its context
// ends. The rules themselves are app.Import's.
func (db *DB) ImportUnit(ctx context.Context, fn func(tx app.ImportTx) error) error {
	return db.unit(ctx, func(t *WriteTx) error {
		return fn(&ImportTx{t: t, now: t.now.UnixMilli()})
	})
}

// ImportTx is the write transaction of an import (app.ImportTx). An
// import runs its operations once a record over a hundred thousand
// records, so it keeps its hot statements at hand and remembers the
// document it last found or added: the record's set and spans go to that
// document next, without looking its UUID up again.
type ImportTx struct {
	t   *WriteTx
	now int64 // the unit's time, in the schema's milliseconds

	docs *documentInserter
	last docRef // the document last found or added
	// lastSets holds the sets PutSet made or changed on last, by
	// annotator. A document this unit added has no other sets, so PutSet
	// inserts a set there without asking whether one exists: an upsert
	// that returns the set's id cost a tenth of an import's time.
	lastSets   map[string]int64
	labels     map[string]int64 // label ids by name, read once
	annotators map[string]int64 // annotator ids by (valid) name
	stmts      map[string]*sql.Stmt
}

// The statements of ImportTx that run once a record or a span.
const (
	importFindSet = `SELECT a.id, a.status, a.note, a.answer, a.input_hash, a.task_hash, a.created_at, a.updated_at
		FROM annotation_sets a JOIN annotators n ON n.id = a.annotator_id
		WHERE a.document_id = ? AND n.name = ?`
	importInsertSet = `INSERT INTO annotation_sets (document_id, annotator_id, status, note, answer, input_hash, task_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	// An existing set keeps its created time; RETURNING gives its id
	// either way, so a new and an existing set take one statement.
	importPutSet = `INSERT INTO annotation_sets (document_id, annotator_id, status, note, answer, input_hash, task_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (document_id, annotator_id) DO UPDATE SET status = excluded.status, note = excluded.note,
			answer = excluded.answer, input_hash = excluded.input_hash, task_hash = excluded.task_hash,
			updated_at = excluded.updated_at
		RETURNING id`
	importInsertSpan = `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (set_id, start, end, label_id) DO NOTHING`
	// A span given an ID keeps it (?1) unless a span of the project has
	// it: then it takes ?2.
	importInsertSpanWithID = `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at)
		VALUES (iif(EXISTS (SELECT 1 FROM spans WHERE uuid = ?1), ?2, ?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
		ON CONFLICT (set_id, start, end, label_id) DO NOTHING`
	// The same two for a span with attributes: the two above are the
	// statements before schema 14, and most spans take them.
	importInsertSpanAttrs = `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at, attributes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (set_id, start, end, label_id) DO NOTHING`
	importInsertSpanWithIDAttrs = `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at, attributes)
		VALUES (iif(EXISTS (SELECT 1 FROM spans WHERE uuid = ?1), ?2, ?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
		ON CONFLICT (set_id, start, end, label_id) DO NOTHING`
	importInsertSuggestion = `INSERT INTO suggestions (document_id, annotator_id, start, end, label_id, uuid, source, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 'import', ?) ON CONFLICT DO NOTHING`
)

// stmt returns query prepared for the unit (WriteTx.stmt: from the
// project's statement cache when it has it), kept at hand.
func (it *ImportTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := it.stmts[query]; ok {
		return st, nil
	}
	st, err := it.t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if it.stmts == nil {
		it.stmts = map[string]*sql.Stmt{}
	}
	it.stmts[query] = st
	return st, nil
}

// inserter is the unit's documentInserter. Its statements belong to the
// transaction, which closes them when it ends.
func (it *ImportTx) inserter(ctx context.Context) (*documentInserter, error) {
	if it.docs != nil {
		return it.docs, nil
	}
	find, err := it.stmt(ctx, findDocumentByHash)
	if err != nil {
		return nil, err
	}
	insert, err := it.stmt(ctx, insertDocument)
	if err != nil {
		return nil, err
	}
	now := it.now
	it.docs = &documentInserter{find: find, insert: insert, now: func() int64 { return now }}
	return it.docs, nil
}

// Labels returns the project's labels in their order (app.ImportTx).
func (it *ImportTx) Labels(ctx context.Context) ([]model.Label, error) {
	return queryLabels(ctx, it.t.tx)
}

// AddLabel adds l at the end of the project's labels (app.ImportTx).
func (it *ImportTx) AddLabel(ctx context.Context, l model.Label) error {
	id, err := addLabel(ctx, it.t.tx, l)
	if err != nil {
		return err
	}
	if it.labels != nil {
		it.labels[l.Name] = id
	}
	return nil
}

// AllowOverlap returns the project's overlap rule (app.ImportTx).
func (it *ImportTx) AllowOverlap(ctx context.Context) (bool, error) {
	return allowOverlap(ctx, it.t.tx)
}

// SetAllowOverlap stores the overlap rule in the unit (app.ImportTx), so
// that the rule and the data that needs it land together.
func (it *ImportTx) SetAllowOverlap(ctx context.Context, allow bool) (bool, error) {
	return setAllowOverlap(ctx, it.t.tx, allow)
}

// DocumentByHash finds a document by content hash (app.ImportTx) with
// the statement the import's documentInserter has always used.
func (it *ImportTx) DocumentByHash(ctx context.Context, hash string) (string, bool, error) {
	ins, err := it.inserter(ctx)
	if err != nil {
		return "", false, err
	}
	ref, found, err := ins.lookup(ctx, hash)
	if found {
		it.setLast(ref)
	}
	return ref.uuid, found, err
}

// AddDocument stores a new document (app.ImportTx).
func (it *ImportTx) AddDocument(ctx context.Context, d model.Document) (string, error) {
	if err := model.ValidateText(d.Text); err != nil {
		return "", err
	}
	if err := model.ValidateMeta(d.Meta); err != nil {
		return "", err
	}
	if d.Hash == "" {
		d.Hash = model.ContentHash(d.Text)
	}
	ins, err := it.inserter(ctx)
	if err != nil {
		return "", err
	}
	ref, err := ins.insertNew(ctx, d)
	if isConstraint(err) {
		return "", model.Errorf(model.ECONFLICT, "the project has a document with this text or the ID %s", d.ID)
	}
	if err != nil {
		return "", err
	}
	it.setLast(ref)
	return ref.uuid, nil
}

// document is the row id and length of the document with the UUID id:
// the one last found or added, or read. ENOTFOUND when there is none.
func (it *ImportTx) document(ctx context.Context, id string) (docRef, error) {
	if it.last.uuid == id && id != "" {
		return it.last, nil
	}
	ref := docRef{uuid: id}
	err := it.t.queryRow(ctx, "SELECT id, length FROM documents WHERE uuid = ?", id).Scan(&ref.id, &ref.length)
	if errors.Is(err, sql.ErrNoRows) {
		return ref, model.Errorf(model.ENOTFOUND, "no document %s", id)
	}
	if err != nil {
		return ref, err
	}
	it.setLast(ref)
	return ref, nil
}

// setLast makes ref the document the next operations are expected on.
func (it *ImportTx) setLast(ref docRef) {
	if ref.id != it.last.id {
		clear(it.lastSets)
	}
	it.last = ref
}

// Set reads the annotator's set on a document and its spans (app.ImportTx).
func (it *ImportTx) Set(ctx context.Context, documentID, annotator string) (app.ImportSet, []model.Span, bool, error) {
	var set app.ImportSet
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return set, nil, false, err
	}
	st, err := it.stmt(ctx, importFindSet)
	if err != nil {
		return set, nil, false, err
	}
	var id, created, updated int64
	var status string
	var input, task sql.NullInt64
	err = st.QueryRowContext(ctx, doc.id, annotator).Scan(&id, &status, &set.Note, &set.Answer, &input, &task, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return set, nil, false, nil
	}
	if err != nil {
		return set, nil, false, err
	}
	set.Status = model.Status(status)
	if input.Valid {
		set.InputHash = &input.Int64
	}
	if task.Valid {
		set.TaskHash = &task.Int64
	}
	set.Created, set.Updated = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	spans, err := setSpans(ctx, prepared{it.t}, id)
	return set, spans, err == nil, err
}

// PutSet makes or updates the annotator's set on a document and adds
// spans to it (app.ImportTx).
func (it *ImportTx) PutSet(ctx context.Context, documentID, annotator string, set app.ImportSet, add []model.Span) (int, error) {
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return 0, err
	}
	if err := set.Validate(); err != nil {
		return 0, err
	}
	labelIDs, err := it.checkSpans(ctx, doc, add)
	if err != nil {
		return 0, err
	}
	annID, err := it.annotator(ctx, annotator)
	if err != nil {
		return 0, err
	}
	setID, err := it.putSet(ctx, doc, annotator, annID, set)
	if err != nil {
		return 0, explainOpenError(err)
	}
	added := 0
	var insert, insertWithID *sql.Stmt // looked up once a call, not once a span
	for i, s := range add {
		origin := s.Origin
		if origin == "" {
			origin = model.OriginImport
		}
		var res sql.Result
		if len(s.Attributes) > 0 {
			if res, err = it.insertWithAttributes(ctx, setID, labelIDs[i], s, origin); err != nil {
				return added, err
			}
		} else if s.ID == "" {
			if insert == nil {
				if insert, err = it.stmt(ctx, importInsertSpan); err != nil {
					return added, err
				}
			}
			res, err = insert.ExecContext(ctx, newID(), setID, s.Start, s.End, labelIDs[i], s.Note, string(origin),
				it.millis(s.Created), it.millis(s.Updated))
		} else {
			if insertWithID == nil {
				if insertWithID, err = it.stmt(ctx, importInsertSpanWithID); err != nil {
					return added, err
				}
			}
			res, err = insertWithID.ExecContext(ctx, s.ID, newID(), setID, s.Start, s.End, labelIDs[i], s.Note, string(origin),
				it.millis(s.Created), it.millis(s.Updated))
		}
		if err != nil {
			return added, explainOpenError(err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
		}
	}
	return added, nil
}

// insertWithAttributes is PutSet's insert of a span that carries
// attributes, in canonical order.
func (it *ImportTx) insertWithAttributes(ctx context.Context, setID, labelID int64, s model.Span, origin model.Origin) (sql.Result, error) {
	attrs, err := encodeAttributes(canonicalAttributes(s.Attributes))
	if err != nil {
		return nil, err
	}
	args := []any{newID(), setID, s.Start, s.End, labelID, s.Note, string(origin), it.millis(s.Created), it.millis(s.Updated), attrs}
	query := importInsertSpanAttrs
	if s.ID != "" {
		query = importInsertSpanWithIDAttrs
		args = append([]any{s.ID}, args...)
	}
	st, err := it.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	res, err := st.ExecContext(ctx, args...)
	return res, explainOpenError(err)
}

// putSet writes set as the annotator's set on doc and returns its id.
func (it *ImportTx) putSet(ctx context.Context, doc docRef, annotator string, annID int64, set app.ImportSet) (int64, error) {
	args := []any{doc.id, annID, string(set.Status), set.Note, set.Answer,
		nullHash(set.InputHash), nullHash(set.TaskHash), it.millis(set.Created), it.millis(set.Updated)}
	_, made := it.lastSets[annotator]
	var setID int64
	if doc.added && !made {
		st, err := it.stmt(ctx, importInsertSet)
		if err != nil {
			return 0, err
		}
		res, err := st.ExecContext(ctx, args...)
		if err != nil {
			return 0, err
		}
		if setID, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	} else {
		st, err := it.stmt(ctx, importPutSet)
		if err != nil {
			return 0, err
		}
		if err := st.QueryRowContext(ctx, args...).Scan(&setID); err != nil {
			return 0, err
		}
	}
	if it.lastSets == nil {
		it.lastSets = map[string]int64{}
	}
	it.lastSets[annotator] = setID
	return setID, nil
}

// AddSuggestions stores spans as the annotator's suggestions from the
// import (app.ImportTx).
func (it *ImportTx) AddSuggestions(ctx context.Context, documentID, annotator string, spans []model.Span) (int, error) {
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return 0, err
	}
	labelIDs, err := it.checkSpans(ctx, doc, spans)
	if err != nil {
		return 0, err
	}
	annID, err := it.annotator(ctx, annotator)
	if err != nil {
		return 0, err
	}
	st, err := it.stmt(ctx, importInsertSuggestion)
	if err != nil {
		return 0, err
	}
	added := 0
	for i, s := range spans {
		id, err := uuid.NewV7()
		if err != nil {
			id = uuid.New()
		}
		res, err := st.ExecContext(ctx, doc.id, annID, s.Start, s.End, labelIDs[i], id[:], it.now)
		if err != nil {
			return added, explainOpenError(err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added++
		}
	}
	return added, nil
}

// checkSpans checks spans on their own against the document (offsets,
// origin) and returns their labels' ids. EINVALID for a bad span or a
// label the project lacks.
func (it *ImportTx) checkSpans(ctx context.Context, doc docRef, spans []model.Span) ([]int64, error) {
	if len(spans) == 0 {
		return nil, nil
	}
	if it.labels == nil {
		labels, err := labelIDs(ctx, it.t.tx)
		if err != nil {
			return nil, err
		}
		it.labels = labels
	}
	ids := make([]int64, len(spans))
	for i, s := range spans {
		if err := s.Validate(doc.length, nil); err != nil {
			return nil, err
		}
		id, ok := it.labels[s.Label]
		if !ok {
			return nil, model.Errorf(model.EINVALID, "span [%d, %d) has label %s, which the project does not have", s.Start, s.End, s.Label)
		}
		ids[i] = id
	}
	return ids, nil
}

// annotator returns the id of the named annotator, adding them the first
// time. EINVALID for an invalid name.
func (it *ImportTx) annotator(ctx context.Context, name string) (int64, error) {
	if id, ok := it.annotators[name]; ok {
		return id, nil
	}
	if err := model.ValidateAnnotatorName(name); err != nil {
		return 0, err
	}
	id, err := annotatorID(ctx, prepared{it.t}, name, it.now)
	if err != nil {
		return 0, err
	}
	if it.annotators == nil {
		it.annotators = map[string]int64{}
	}
	it.annotators[name] = id
	return id, nil
}

// millis is t in the schema's milliseconds, or the unit's time for zero.
func (it *ImportTx) millis(t time.Time) int64 {
	if t.IsZero() {
		return it.now
	}
	return t.UnixMilli()
}

// nullHash is a Prodigy hash as the schema stores it: NULL for none.
func nullHash(p *int64) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: *p, Valid: true}
}

// labelIDs reads the project's label ids by name.
func labelIDs(ctx context.Context, q querier) (map[string]int64, error) {
	return byName(ctx, q, "SELECT name, id FROM labels")
}

// byName reads rows of (name, number), such as a table's ids or a count
// per label, into a map by name.
func byName(ctx context.Context, q querier, query string, args ...any) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, rows.Err()
}

// isConstraint says err is SQLite refusing a row that breaks a UNIQUE or
// other constraint.
func isConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}

var (
	_ app.ImportTarget = (*DB)(nil)
	_ app.ImportTx     = (*ImportTx)(nil)
)

// RelationLabels returns the project's relation labels (app.ImportTx).
func (it *ImportTx) RelationLabels(ctx context.Context) ([]model.RelationLabel, error) {
	return queryRelationLabels(ctx, it.t.tx)
}

// AddRelationLabel adds l after the project's relation labels
// (app.ImportTx).
func (it *ImportTx) AddRelationLabel(ctx context.Context, l model.RelationLabel) error {
	labels, err := queryRelationLabels(ctx, it.t.tx)
	if err != nil {
		return err
	}
	if err := model.ValidateRelationLabelSet(append(labels, l)); err != nil {
		return err
	}
	if err := insertRelationLabel(ctx, it.t.tx, l, len(labels)); err != nil {
		return explainOpenError(err)
	}
	it.t.relLabels = nil // read again with l in it
	return nil
}

// PutRelations adds relations between spans of the annotator's set on a
// document, found by offsets and label (app.ImportTx). It checks them all
// first, then adds each through the write transaction's AddRelation, which
// the database's own checks back.
func (it *ImportTx) PutRelations(ctx context.Context, documentID, annotator string, relations []app.ImportRelation) (int, error) {
	if len(relations) == 0 {
		return 0, nil
	}
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return 0, err
	}
	var setID int64
	err = it.t.queryRow(ctx, `SELECT a.id FROM annotation_sets a JOIN annotators n ON n.id = a.annotator_id
		WHERE a.document_id = ? AND n.name = ?`, doc.id, annotator).Scan(&setID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, model.Errorf(model.ENOTFOUND, "%s has no annotation set on document %s to relate spans in", model.Printable(annotator), documentID)
	}
	if err != nil {
		return 0, err
	}
	spans, err := setSpans(ctx, prepared{it.t}, setID)
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
			if err := it.t.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM relations WHERE uuid = ?)", r.ID).Scan(&taken); err != nil {
				return added, err
			}
			if taken {
				r.ID = ""
			}
		}
		_, err := it.t.AddRelation(ctx, documentID, annotator, r)
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
