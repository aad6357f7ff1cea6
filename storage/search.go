package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"

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

// snippetTokens is how many words a snippet shows: about a line of the
// document list.
const snippetTokens = 12

// Snippets returns a passage of each of the documents (by ID) around the
// words query matched in it, for a list of results; documents the query
// does not match are left out. The window asks for the rows on screen
// only, after showing them: SQLite makes a snippet by reading and
// tokenizing the document's text (45 µs for 4 KB), so the thousand rows
// of a search at once would hold up every key press, on long texts by
// seconds.
func (db *DB) Snippets(ctx context.Context, query string, documentIDs []string) (map[string]model.Snippet, error) {
	expr := searchExpression(query)
	if expr == "" || len(documentIDs) == 0 {
		return nil, nil
	}
	if err := db.UpdateSearchIndex(ctx, nil); err != nil {
		return nil, err
	}
	ids, err := db.internalIDs(ctx, documentIDs)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	// The full-text index drives, given the rows' range: looked up a row
	// at a time it would expand a prefix once per row.
	lo, hi := slices.Min(slices.Collect(maps.Keys(ids))), slices.Max(slices.Collect(maps.Keys(ids)))
	args := []any{snippetTokens, expr, lo, hi}
	for id := range ids {
		args = append(args, id)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT rowid, snippet(documents_fts, 1, X'02', X'03', '…', ?)
		FROM documents_fts WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ?
		AND +rowid IN (`+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]model.Snippet, len(ids))
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, err
		}
		out[ids[id]] = snippetOf(s)
	}
	return out, rows.Err()
}

// snippetOf reads what FTS5's snippet() returns.
func snippetOf(marked string) model.Snippet {
	text, matches := unmark(marked)
	return model.Snippet{Text: strings.TrimSpace(text), Matches: trimmed(text, matches)}
}

// firstRows lets one statement compute a costly column for its first rows
// only: inkspan_first(token, n) is true for the first n rows it is
// evaluated on with a token from begin, until end. SQL has no row number
// that an FTS5 auxiliary function (snippet) can be used beside: a window
// function would sort the rows away from the full-text cursor. It counts
// the rows in the order they are produced, so the statement must not sort
// them after (ListPage uses it only when the index's order is the list's).
var firstRows = rowCounters{counts: map[int64]*atomic.Int64{}}

type rowCounters struct {
	mu     sync.Mutex
	next   int64
	counts map[int64]*atomic.Int64
}

func (c *rowCounters) begin() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	c.counts[c.next] = new(atomic.Int64)
	return c.next
}

func (c *rowCounters) end(token int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.counts, token)
}

// first counts a row for token and says whether it is among the first n.
func (c *rowCounters) first(token, n int64) bool {
	c.mu.Lock()
	count := c.counts[token]
	c.mu.Unlock()
	return count != nil && count.Add(1) <= n
}

func init() {
	sqlite.MustRegisterScalarFunction("inkspan_first", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		token, _ := args[0].(int64)
		n, _ := args[1].(int64)
		if firstRows.first(token, n) {
			return int64(1), nil
		}
		return int64(0), nil
	})
}

// Matches returns where query matches in a document's text, in code points,
// for the open document to show them; none when it does not match.
func (db *DB) Matches(ctx context.Context, query, documentID string) ([]model.TextRange, error) {
	expr := searchExpression(query)
	if expr == "" {
		return nil, nil
	}
	if err := db.UpdateSearchIndex(ctx, nil); err != nil {
		return nil, err
	}
	var text, marked string
	err := db.read.QueryRowContext(ctx, `SELECT d.text, highlight(documents_fts, 1, X'02', X'03')
		FROM documents d JOIN documents_fts f ON f.rowid = d.id
		WHERE d.uuid = ? AND documents_fts MATCH ?`, documentID, expr).Scan(&text, &marked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	plain, matches := unmark(marked)
	if plain != text {
		// The text has the marker characters of its own: the marks
		// cannot be told from it, and none is better than wrong ones.
		return nil, nil
	}
	return matches, nil
}

// internalIDs maps the internal ids of the documents with these IDs to
// their IDs; IDs of no document are left out.
func (db *DB) internalIDs(ctx context.Context, documentIDs []string) (map[int64]string, error) {
	args := make([]any, len(documentIDs))
	for i, id := range documentIDs {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, "SELECT id, uuid FROM documents WHERE uuid IN ("+placeholders(len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make(map[int64]string, len(documentIDs))
	for rows.Next() {
		var id int64
		var uuid string
		if err := rows.Scan(&id, &uuid); err != nil {
			return nil, err
		}
		ids[id] = uuid
	}
	return ids, rows.Err()
}

// unmark takes the match markers (U+0002 before a match, U+0003 after it)
// out of what FTS5's highlight and snippet return, and says where the
// matches were, in code points.
func unmark(s string) (string, []model.TextRange) {
	var b strings.Builder
	b.Grow(len(s))
	var matches []model.TextRange
	cp, start := 0, -1
	for _, r := range s {
		switch {
		case r == '\x02':
			start = cp
		case r == '\x03' && start >= 0:
			if cp > start {
				matches = append(matches, model.TextRange{Start: start, End: cp})
			}
			start = -1
		default:
			b.WriteRune(r)
			cp++
		}
	}
	return b.String(), matches
}

// trimmed moves matches found in text to where they are once text's
// leading white space is trimmed, dropping what falls outside.
func trimmed(text string, matches []model.TextRange) []model.TextRange {
	lead := utf8.RuneCountInString(text) - utf8.RuneCountInString(strings.TrimLeftFunc(text, unicode.IsSpace))
	n := utf8.RuneCountInString(strings.TrimSpace(text))
	out := matches[:0]
	for _, m := range matches {
		m.Start, m.End = max(m.Start-lead, 0), min(m.End-lead, n)
		if m.Start < m.End {
			out = append(out, m)
		}
	}
	return out
}
