package postgres

import "context"

// TitleOf reads a document's stored title, for the tests.
func TitleOf(ctx context.Context, db *DB, documentID string, title *string) error {
	return db.pool.QueryRow(ctx, "SELECT title FROM documents WHERE uuid = $1", documentID).Scan(title)
}
