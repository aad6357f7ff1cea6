package postgres

import "context"

// TitleOf reads a document's stored title, for the tests.
func TitleOf(ctx context.Context, db *DB, documentID string, title *string) error {
	return db.pool.QueryRow(ctx, "SELECT title FROM documents WHERE uuid = $1", documentID).Scan(title)
}

// SetBatches makes Export and AgreementSets read n sets or documents at
// a time, so that a few documents cross batch boundaries; the returned
// function puts the sizes back.
func SetBatches(n int) (restore func()) {
	export, agreement := exportBatch, agreeBatch
	exportBatch, agreeBatch = n, n
	return func() { exportBatch, agreeBatch = export, agreement }
}
