package storage

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// WriteTx is one write transaction on the project: the edit operations of
// DB (AddSpan, UpdateSpan, DeleteSpan, SetStatus, and Status, which sees the
// transaction's own changes) inside one unit of work that commits or rolls
// back as a whole, with one timestamp for everything it writes. A batch of
// edits (label all, accept all agreed, an undo step of 200 spans) is then
// one commit instead of one per call. It implements edit.Store.
//
// Use it only inside the function given to Write, on that goroutine; no
// other write can run while it is open (SQLite has one writer), so the
// function must not call DB's own write methods: they would wait for it.
type WriteTx struct {
	db  *DB
	tx  *sql.Tx
	now time.Time

	// What the transaction has read, kept current by its own writes, so
	// that a step of many edits on one document reads the annotator's set,
	// its spans and the overlap rule once instead of once an edit (a
	// batch of n spans read n sets of spans: quadratic).
	sets    map[setKey]setRef
	spans   map[int64][]model.Span // by set id
	overlap *bool
	labels  map[string]int64 // label ids by name: labels do not change inside a WriteTx
	// relations are the sets' relations (relationsOf), kept current by
	// the relation writes and by every span deletion, whose cascade takes
	// the span's relations; relLabels the relation labels, read again
	// after SetRelationLabels.
	relations map[int64][]model.Relation
	relLabels map[string]relationLabel
	// touched holds the sets whose updated_at is already the
	// transaction's time, which a further edit of the set need not write
	// again.
	touched map[int64]bool

	// Statements prepared once in the transaction and run once an edit: in
	// a step of 200 spans, parsing the same SQL 200 times was most of the
	// work. They come from the project's cache when it has them (missed
	// lists those it lacked); the transaction closes them when it ends.
	stmts  map[string]*sql.Stmt
	missed []string
}

// stmt returns query prepared for the transaction.
func (t *WriteTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if kept := t.db.stmts.get(query); kept != nil {
		st = t.tx.StmtContext(ctx, kept)
	} else {
		var err error
		if st, err = t.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		t.missed = append(t.missed, query)
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[query] = st
	return st, nil
}

// exec runs query, prepared once in the transaction.
func (t *WriteTx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// queryRow runs query, prepared once in the transaction, for one row.
func (t *WriteTx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return prepared{t}.QueryRowContext(ctx, query, args...)
}

// prepared is the transaction as a querier whose statements are prepared
// once (stmt), for the reads shared with DB's own methods.
type prepared struct{ t *WriteTx }

func (p prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (p prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.t.stmt(ctx, query)
	if err != nil {
		// The transaction's own query fails the same way, into a Row.
		return p.t.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (p prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.t.exec(ctx, query, args...)
}

// labelID is the id of span's label (EINVALID for a label the project
// does not have), read once a transaction for each label.
func (t *WriteTx) labelID(ctx context.Context, span model.Span) (int64, error) {
	if id, ok := t.labels[span.Label]; ok {
		return id, nil
	}
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM labels WHERE name = ?", span.Label).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, model.Errorf(model.EINVALID, "span [%d, %d) has label %s, which the project does not have", span.Start, span.End, span.Label)
	}
	if err != nil {
		return 0, err
	}
	if t.labels == nil {
		t.labels = map[string]int64{}
	}
	t.labels[span.Label] = id
	return id, nil
}

// touch writes the transaction's time as the set's updated_at, once.
func (t *WriteTx) touch(ctx context.Context, setID int64) error {
	if t.touched[setID] {
		return nil
	}
	if _, err := t.exec(ctx, "UPDATE annotation_sets SET updated_at = ? WHERE id = ?", t.now.UnixMilli(), setID); err != nil {
		return err
	}
	t.touchedNow(setID)
	return nil
}

// touchedNow records that the set's updated_at is the transaction's time.
func (t *WriteTx) touchedNow(setID int64) {
	if t.touched == nil {
		t.touched = map[int64]bool{}
	}
	t.touched[setID] = true
}

// setKey names an annotator's set on a document.
type setKey struct{ document, annotator string }

// set is the annotator's set on the document, created as todo if missing.
func (t *WriteTx) set(ctx context.Context, documentID, annotator string) (setRef, error) {
	// The name is checked even when the set is known, as creating the set
	// checks it: Status may have found a set of a name written before.
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return setRef{}, err
	}
	k := setKey{documentID, annotator}
	if ref, ok := t.sets[k]; ok {
		return ref, nil
	}
	ref, found, err := t.findSet(ctx, documentID, annotator)
	if err != nil {
		return ref, err
	}
	if !found {
		if ref, err = t.db.annotationSet(ctx, t.tx, documentID, annotator); err != nil {
			return ref, err
		}
		ref.unrelated = true // a new set
	}
	if t.sets == nil {
		t.sets = map[setKey]setRef{}
	}
	t.sets[k] = ref
	return ref, nil
}

// findSet reads the annotator's set on the document, if there is one,
// and keeps it: one query where creating it takes three, and what Status
// reads too.
func (t *WriteTx) findSet(ctx context.Context, documentID, annotator string) (setRef, bool, error) {
	k := setKey{documentID, annotator}
	if ref, ok := t.sets[k]; ok {
		return ref, true, nil
	}
	var ref setRef
	var related bool
	// Whether the set has relations comes with it, so that a step on a set
	// without any (most) reads none: one index probe instead of a query.
	err := t.queryRow(ctx, `SELECT a.id, d.length, a.status, EXISTS (SELECT 1 FROM relations r WHERE r.set_id = a.id)
		FROM annotation_sets a JOIN documents d ON d.id = a.document_id JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = ? AND n.name = ?`, documentID, annotator).Scan(&ref.id, &ref.textLength, &ref.status, &related)
	ref.unrelated = !related
	if errors.Is(err, sql.ErrNoRows) {
		return ref, false, nil
	}
	if err != nil {
		return ref, false, err
	}
	if t.sets == nil {
		t.sets = map[setKey]setRef{}
	}
	t.sets[k] = ref
	return ref, true, nil
}

// setStatus records a status the transaction gave a set it knows.
func (t *WriteTx) setStatus(id int64, st model.Status) {
	for k, ref := range t.sets {
		if ref.id == id {
			ref.status = st
			t.sets[k] = ref
		}
	}
}

// spansOf is the set's spans as the transaction sees them.
func (t *WriteTx) spansOf(ctx context.Context, setID int64) ([]model.Span, error) {
	if spans, ok := t.spans[setID]; ok {
		return spans, nil
	}
	spans, err := setSpans(ctx, prepared{t}, setID)
	if err != nil {
		return nil, err
	}
	if t.spans == nil {
		t.spans = map[int64][]model.Span{}
	}
	t.spans[setID] = spans
	return spans, nil
}

// allowOverlap is the project's overlap rule, read once a transaction.
func (t *WriteTx) allowOverlap(ctx context.Context) (bool, error) {
	if t.overlap == nil {
		v, err := allowOverlap(ctx, prepared{t})
		if err != nil {
			return false, err
		}
		t.overlap = &v
	}
	return *t.overlap, nil
}

// setWithSpans is what a check of many spans at once needs: the
// annotator's set on the document, its spans and the overlap rule, as the
// transaction sees them.
func (t *WriteTx) setWithSpans(ctx context.Context, documentID, annotator string) (set setRef, spans []model.Span, overlap bool, err error) {
	if set, err = t.set(ctx, documentID, annotator); err != nil {
		return set, nil, false, err
	}
	if spans, err = t.spansOf(ctx, set.id); err != nil {
		return set, nil, false, err
	}
	overlap, err = t.allowOverlap(ctx)
	return set, spans, overlap, err
}

// check applies the model's rules to span as a member of the annotator's
// set, ignoring the span with ID skip (the one being updated), and returns
// the set and the label's id.
func (t *WriteTx) check(ctx context.Context, documentID, annotator string, span model.Span, skip string) (setRef, int64, error) {
	set, err := t.set(ctx, documentID, annotator)
	if err != nil {
		return set, 0, err
	}
	labelID, err := t.labelID(ctx, span)
	if err != nil {
		return set, 0, err
	}
	if err := span.Validate(set.textLength, nil); err != nil {
		return set, 0, err
	}
	existing, err := t.spansOf(ctx, set.id)
	if err != nil {
		return set, 0, err
	}
	others := existing
	if skip != "" {
		others = make([]model.Span, 0, len(existing))
		for _, e := range existing {
			if e.ID != skip {
				others = append(others, e)
			}
		}
	}
	overlap, err := t.allowOverlap(ctx)
	if err != nil {
		return set, 0, err
	}
	return set, labelID, model.CheckAddition(others, span, overlap)
}

// stored keeps the transaction's view of a set's spans current after it
// wrote span (added or changed) or, with gone, deleted the span with id
// (and, with it, the span's relations).
func (t *WriteTx) stored(setID int64, span model.Span, id string, gone bool) {
	if gone {
		t.spansGone(setID, func(spanID string) bool { return spanID == id })
	}
	spans, ok := t.spans[setID]
	if !ok {
		return // not read yet: it will be read with the change in it
	}
	i := slices.IndexFunc(spans, func(s model.Span) bool { return s.ID == id })
	switch {
	case gone && i >= 0:
		spans = slices.Delete(spans, i, i+1)
	case gone:
	case i >= 0:
		spans[i] = span
	default:
		spans = append(spans, span)
	}
	t.spans[setID] = spans
}

// writeTx runs fn in one write transaction and commits it when fn returns
// nil; any error, or a panic, rolls everything fn did back. It waits for
// other writers the way every write does (OpenOptions.OnWait).
func (db *DB) writeTx(ctx context.Context, fn func(tx *WriteTx) error) error {
	db.stmts.warm(ctx, db.write)
	var t *WriteTx
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		t = &WriteTx{db: db, tx: tx, now: db.now()}
		return fn(t)
	})
	if t != nil && len(t.missed) > 0 {
		db.stmts.note(t.missed) // for the next write to keep
	}
	return err
}

// Atomically runs fn as one unit of work on the project: the edit history
// uses it (edit.Atomic) so that an undo step is one transaction however
// many spans it holds.
func (db *DB) Atomically(ctx context.Context, fn func(st edit.Store) error) error {
	return db.writeTx(ctx, func(tx *WriteTx) error { return fn(tx) })
}

var (
	_ edit.Store  = (*WriteTx)(nil)
	_ edit.Atomic = (*DB)(nil)
)
