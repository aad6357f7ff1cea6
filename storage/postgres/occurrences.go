package postgres

import (
	"context"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// The reads of app.OccurrenceStore on the project itself, each from a
// snapshot of its own, for what reads outside a unit of work (label all's
// count of occurrences, before the user confirms); inside a unit, a
// ReadTx or WriteTx is the OccurrenceStore.

// Settings returns the project's settings.
func (db *DB) Settings(ctx context.Context) (s model.Settings, err error) {
	err = db.Read(ctx, func(tx app.ReadTx) error {
		s, err = tx.Settings(ctx)
		return err
	})
	return s, err
}

// PhraseDocuments is ReadTx.PhraseDocuments on a snapshot of its own.
func (db *DB) PhraseDocuments(ctx context.Context, annotator, phrase, exceptDocumentID string, fn func(documentID, text string, spans []model.Span) error) error {
	return db.Read(ctx, func(tx app.ReadTx) error {
		return tx.PhraseDocuments(ctx, annotator, phrase, exceptDocumentID, fn)
	})
}

// SpansWithText is ReadTx.SpansWithText on a snapshot of its own.
func (db *DB) SpansWithText(ctx context.Context, annotator, phrase, label string) (found []model.LabeledSpan, err error) {
	err = db.Read(ctx, func(tx app.ReadTx) error {
		found, err = tx.SpansWithText(ctx, annotator, phrase, label)
		return err
	})
	return found, err
}

// Tokens is ReadTx.Tokens on a snapshot of its own.
func (db *DB) Tokens(ctx context.Context, documentID string) (tokens []model.Token, err error) {
	err = db.Read(ctx, func(tx app.ReadTx) error {
		tokens, err = tx.Tokens(ctx, documentID)
		return err
	})
	return tokens, err
}

var _ app.OccurrenceStore = (*DB)(nil)
