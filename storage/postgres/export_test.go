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

// Title and SearchWords are a document's title and search words as the
// store keeps them, for the benchmarks' bare COPY.
var (
	Title       = title
	SearchWords = searchWords
)

// SetCopyBatches makes an import write a batch every n documents and read
// the stored hashes at its first lookup, so that small inputs take the
// paths of large ones; the returned function puts the sizes back.
func SetCopyBatches(n int) (restore func()) {
	docs, lookups := copyBatchDocs, hashLookups
	copyBatchDocs, hashLookups = n, 0
	return func() { copyBatchDocs, hashLookups = docs, lookups }
}

// Unindexed counts the documents the search index leaves out.
func Unindexed(ctx context.Context, db *DB) (n int, err error) {
	err = db.pool.QueryRow(ctx, "SELECT count(*) FROM documents WHERE search_words IS NULL").Scan(&n)
	return n, err
}

// SetSearchProbe makes a search try n documents at the head of a list
// before it asks the index for all its matches; the returned function
// puts the number back.
func SetSearchProbe(n int) (restore func()) {
	probe := searchProbe
	searchProbe = n
	return func() { searchProbe = probe }
}
