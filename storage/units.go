package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// The store contract of package app: units of work the use cases hold.
// Each read operation is one function taking a querier (storage/*.go), so
// that DB's own methods, a read snapshot and a write transaction run the
// same SQL.

// Read runs fn on one snapshot of the project (app.Store). A read
// transaction on the read pool: in WAL mode it sees the last commit made
// before its first read, whatever the writer commits meanwhile, and never
// waits for it.
func (db *DB) Read(ctx context.Context, fn func(tx app.ReadTx) error) error {
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("read %s: %w", db.path, err)
	}
	// A read transaction has nothing to commit; ending it releases the
	// snapshot, which lets a checkpoint copy past it.
	defer tx.Rollback()
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(ReadTx{q: tx})
}

// Write runs fn in one write transaction (app.Store): everything fn does
// commits when it returns nil and nothing when it fails or panics. It
// waits for other writers the way every write does (OpenOptions.OnWait).
func (db *DB) Write(ctx context.Context, fn func(tx app.WriteTx) error) error {
	return db.unit(ctx, func(tx *WriteTx) error { return fn(tx) })
}

// unit is a write transaction as the contracts of package app promise
// it: nothing begins on a cancelled context, and a context cancelled
// while fn ran rolls everything back with an error that wraps ctx.Err().
func (db *DB) unit(ctx context.Context, fn func(tx *WriteTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := db.writeTx(ctx, func(tx *WriteTx) error {
		if err := fn(tx); err != nil {
			return err
		}
		// Cancelled while fn ran: roll back rather than commit what the
		// caller has given up on.
		return ctx.Err()
	})
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		// database/sql rolls a transaction back itself when its context
		// ends, and Commit then says only "transaction has already been
		// committed or rolled back".
		return fmt.Errorf("write %s: %w (%v)", db.path, ctx.Err(), err)
	}
	return err
}

// ReadTx is a read snapshot of the project (app.ReadTx); Read gives it.
type ReadTx struct{ q querier }

func (r ReadTx) Document(ctx context.Context, id string) (model.Document, error) {
	return readDocument(ctx, r.q, id)
}

func (r ReadTx) Tokens(ctx context.Context, documentID string) ([]model.Token, error) {
	return readTokens(ctx, r.q, documentID)
}

func (r ReadTx) Spans(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	return readSpans(ctx, r.q, documentID, annotator)
}

func (r ReadTx) Suggestions(ctx context.Context, documentID, annotator string) ([]model.Suggestion, error) {
	return readSuggestions(ctx, r.q, documentID, annotator)
}

func (r ReadTx) Status(ctx context.Context, documentID, annotator string) (model.Status, error) {
	return status(ctx, r.q, documentID, annotator)
}

func (r ReadTx) Note(ctx context.Context, documentID, annotator string) (string, error) {
	return readNote(ctx, r.q, documentID, annotator)
}

func (r ReadTx) Finished(ctx context.Context, annotator string) (int, error) {
	return readFinished(ctx, r.q, annotator)
}

func (r ReadTx) PeopleSpans(ctx context.Context, documentID string) (map[string][]model.Span, error) {
	return peopleSpans(ctx, r.q, "d.uuid = ?", documentID)
}

func (r ReadTx) Review(ctx context.Context, documentID string) (model.Review, error) {
	return readReview(ctx, r.q, documentID)
}

func (r ReadTx) Rejections(ctx context.Context, documentID string) ([]model.Span, error) {
	return readRejections(ctx, r.q, documentID)
}

func (r ReadTx) NextUnfinished(ctx context.Context, annotator, afterID string) (string, error) {
	return readNextUnfinished(ctx, r.q, annotator, afterID)
}

func (r ReadTx) LastDocument(ctx context.Context, annotator string) (string, error) {
	return readLastDocument(ctx, r.q, annotator)
}

func (r ReadTx) Labels(ctx context.Context) ([]model.Label, error) { return queryLabels(ctx, r.q) }

func (r ReadTx) Relations(ctx context.Context, documentID, annotator string) ([]model.Relation, error) {
	return readRelations(ctx, r.q, documentID, annotator)
}

func (r ReadTx) RelationLabels(ctx context.Context) ([]model.RelationLabel, error) {
	return queryRelationLabels(ctx, r.q)
}

func (r ReadTx) Settings(ctx context.Context) (model.Settings, error) {
	return readSettings(ctx, r.q)
}

func (r ReadTx) PhraseDocuments(ctx context.Context, annotator, phrase, exceptDocumentID string, fn func(documentID, text string, spans []model.Span) error) error {
	return phraseDocuments(ctx, r.q, annotator, phrase, exceptDocumentID, fn)
}

func (r ReadTx) SpansWithText(ctx context.Context, annotator, phrase, label string) ([]model.LabeledSpan, error) {
	return spansWithText(ctx, r.q, annotator, phrase, label)
}

// The reads of a write transaction see its own changes: they run on it.

func (t *WriteTx) reads() ReadTx { return ReadTx{q: t.tx} }

// stepReads are the reads that end every step (the document's state for
// the window's redraw), on statements prepared once (prepared, the
// project's statement cache): their SQL is fixed, and parsing it again in
// every step was a tenth of a step of 200 spans.
func (t *WriteTx) stepReads() ReadTx { return ReadTx{q: prepared{t}} }

func (t *WriteTx) Document(ctx context.Context, id string) (model.Document, error) {
	return t.reads().Document(ctx, id)
}

func (t *WriteTx) Tokens(ctx context.Context, documentID string) ([]model.Token, error) {
	return t.reads().Tokens(ctx, documentID)
}

// Spans answers from what the transaction keeps of a set it has read and
// changed (spansOf, kept current by every write), and asks the database
// only for a set it has not: a step of 200 spans reads them back for the
// window's redraw with no query, which was a third of the step's time.
func (t *WriteTx) Spans(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	if ref, ok := t.sets[setKey{documentID, annotator}]; ok {
		if kept, ok := t.spans[ref.id]; ok {
			if len(kept) == 0 {
				return nil, nil // as a query that finds none
			}
			spans := slices.Clone(kept)
			model.SortSpans(spans)
			return spans, nil
		}
	}
	return t.stepReads().Spans(ctx, documentID, annotator)
}

func (t *WriteTx) Suggestions(ctx context.Context, documentID, annotator string) ([]model.Suggestion, error) {
	return t.stepReads().Suggestions(ctx, documentID, annotator)
}

func (t *WriteTx) Note(ctx context.Context, documentID, annotator string) (string, error) {
	return t.reads().Note(ctx, documentID, annotator)
}

func (t *WriteTx) Finished(ctx context.Context, annotator string) (int, error) {
	return t.stepReads().Finished(ctx, annotator)
}

func (t *WriteTx) PeopleSpans(ctx context.Context, documentID string) (map[string][]model.Span, error) {
	return t.reads().PeopleSpans(ctx, documentID)
}

func (t *WriteTx) Review(ctx context.Context, documentID string) (model.Review, error) {
	return t.stepReads().Review(ctx, documentID)
}

func (t *WriteTx) Rejections(ctx context.Context, documentID string) ([]model.Span, error) {
	return t.reads().Rejections(ctx, documentID)
}

func (t *WriteTx) NextUnfinished(ctx context.Context, annotator, afterID string) (string, error) {
	return t.reads().NextUnfinished(ctx, annotator, afterID)
}

func (t *WriteTx) LastDocument(ctx context.Context, annotator string) (string, error) {
	return t.reads().LastDocument(ctx, annotator)
}

func (t *WriteTx) Labels(ctx context.Context) ([]model.Label, error) {
	return t.reads().Labels(ctx)
}

func (t *WriteTx) PhraseDocuments(ctx context.Context, annotator, phrase, exceptDocumentID string, fn func(documentID, text string, spans []model.Span) error) error {
	return t.reads().PhraseDocuments(ctx, annotator, phrase, exceptDocumentID, fn)
}

func (t *WriteTx) SpansWithText(ctx context.Context, annotator, phrase, label string) ([]model.LabeledSpan, error) {
	return t.reads().SpansWithText(ctx, annotator, phrase, label)
}

func (t *WriteTx) Settings(ctx context.Context) (model.Settings, error) {
	return t.reads().Settings(ctx)
}

// SetNote stores the annotator's note on a document (app.WriteTx).
func (t *WriteTx) SetNote(ctx context.Context, documentID, annotator, note string) error {
	return t.db.setNote(ctx, t.tx, t.now, documentID, annotator, note)
}

// SetReviewer records that reviewer changed the document's gold version in
// this transaction (app.WriteTx).
func (t *WriteTx) SetReviewer(ctx context.Context, documentID, reviewer string) error {
	return setReviewer(ctx, t.tx, t.now, documentID, reviewer)
}

// SetRejected records or takes back a reviewer's rejection of a proposal
// (app.WriteTx).
func (t *WriteTx) SetRejected(ctx context.Context, documentID string, s model.Span, rejected bool) error {
	return setRejected(ctx, t.tx, documentID, s, rejected)
}

// SetLastDocument remembers the document the annotator has open
// (app.WriteTx).
func (t *WriteTx) SetLastDocument(ctx context.Context, annotator, documentID string) error {
	return setLastDocument(ctx, t.tx, t.now, annotator, documentID)
}

var (
	_ app.Store   = (*DB)(nil)
	_ app.ReadTx  = ReadTx{}
	_ app.WriteTx = (*WriteTx)(nil)
	_ querier     = (*sql.Tx)(nil)
)
