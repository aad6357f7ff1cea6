package storage

import (
	"context"
	"database/sql"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// searchBatch is how many documents one catch-up transaction indexes: small
// enough that a save from the window never waits long behind it.
const searchBatch = 2000

// SearchBacklog is how many documents are not in the search index yet.
func (db *DB) SearchBacklog(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM documents
		WHERE id > (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'search_indexed_through')`).Scan(&n)
	return n, err
}

// UpdateSearchIndex indexes the documents added since the last call, in
// batches, calling progress (if set) after each. The window runs it in the
// background after opening a project or importing; Search runs it first.
func (db *DB) UpdateSearchIndex(ctx context.Context, progress func(done, total int)) error {
	total, err := db.SearchBacklog(ctx)
	if err != nil || total == 0 {
		return err
	}
	for done := 0; ; {
		var n int64
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			var through int64
			if err := tx.QueryRowContext(ctx, "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'search_indexed_through'").Scan(&through); err != nil {
				return err
			}
			var last sql.NullInt64
			if err := tx.QueryRowContext(ctx, "SELECT max(id) FROM (SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT ?)", through, searchBatch).Scan(&last); err != nil {
				return err
			}
			if !last.Valid {
				return nil
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO documents_fts (rowid, title, text)
				SELECT id, title, text FROM documents WHERE id > ? AND id <= ?`, through, last.Int64)
			if err != nil {
				return err
			}
			n, _ = res.RowsAffected()
			_, err = tx.ExecContext(ctx, "UPDATE settings SET value = ? WHERE key = 'search_indexed_through'", last.Int64)
			return err
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		done += int(n)
		if progress != nil {
			progress(min(done, total), total)
		}
	}
}

// Search finds documents whose title or text has every word of query, the
// last word also as a prefix so results follow typing ("Mosc" finds
// Moscow). Accents do not matter. It returns the first limit documents in
// project order, with the annotator's status and span counts: ranking by
// relevance scored every match and took 150 ms for a word in every one of
// 20,000 documents, too slow to follow typing.
func (db *DB) Search(ctx context.Context, query, annotator string, limit int) ([]model.DocumentSummary, error) {
	if searchExpression(query) == "" {
		return nil, nil
	}
	return db.ListDocuments(ctx, annotator, model.DocumentFilter{Query: query}, 0, limit)
}

// searchExpression turns what a person types into an FTS5 query: each word
// quoted (so punctuation and FTS5 operators in the input are plain text),
// all required, the last one a prefix unless the input ends in a space.
func searchExpression(query string) string {
	words := strings.FieldsFunc(query, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r)
	})
	if len(words) == 0 {
		return ""
	}
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = `"` + w + `"`
	}
	// A one-letter prefix matches nearly every document and makes the
	// index gather them all (300 ms on a million): it waits for a second
	// letter and matches the letter as a word until then.
	last := query[len(query)-1]
	if last != ' ' && last != '\t' && utf8.RuneCountInString(words[len(words)-1]) > 1 {
		parts[len(parts)-1] += "*"
	}
	return strings.Join(parts, " ")
}
