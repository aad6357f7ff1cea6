package storage

import (
	"time"

	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// listQuery is the FROM/WHERE part of a filtered document list and the
// column that orders it. The listing annotator's set is joined as s only
// when the filter or the caller needs it (withSet): counting a million
// documents without the join is a scan of one index. A search drives the
// query from the full-text index, whose rowids come in project order, so
// "the first page of matches" stops after a page instead of sorting every
// match.
func listQuery(annotator string, f model.DocumentFilter, withSet bool) (from, order string, args []any) {
	var b strings.Builder
	order = "d.id"
	// Statuses other than todo are rows of annotation_sets, which an index
	// on (annotator, status) finds directly; todo is also the absence of a
	// row, so it needs every document.
	fromSets := f.Query == "" && !f.Disagreeing && len(f.Statuses) > 0 && !slices.Contains(f.Statuses, model.StatusTodo)
	switch {
	case f.Query != "":
		b.WriteString("FROM documents_fts f JOIN documents d ON d.id = f.rowid ")
		order = "f.rowid"
	case fromSets:
		b.WriteString(`FROM annotation_sets s JOIN documents d ON d.id = s.document_id
			WHERE s.annotator_id = (SELECT id FROM annotators WHERE name = ?)`)
		args = append(args, annotator)
	case f.Disagreeing:
		b.WriteString("FROM documents d ")
	default:
		// documents_order, not the table, when nothing else is needed:
		// see migration 4.
		b.WriteString("FROM documents d INDEXED BY documents_order ")
	}
	if f.Disagreeing {
		b.WriteString("JOIN disagreement g ON g.document_id = d.id AND g.value > 0 ")
		order = "g.value DESC, d.id"
	}
	if fromSets {
		b.WriteString(" AND s.status IN (" + placeholders(len(f.Statuses)) + ")")
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
	} else {
		if withSet || len(f.Statuses) > 0 || f.Label != "" {
			b.WriteString(`LEFT JOIN annotation_sets s ON s.document_id = d.id
				AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?) `)
			args = append(args, annotator)
		}
		b.WriteString("WHERE 1")
		if len(f.Statuses) > 0 {
			b.WriteString(" AND coalesce(s.status, " + sqlTodo + ") IN (" + placeholders(len(f.Statuses)) + ")")
			for _, st := range f.Statuses {
				args = append(args, string(st))
			}
		}
	}
	if f.Query != "" {
		// A query of punctuation alone has no words to match: it lists
		// nothing rather than everything.
		b.WriteString(" AND documents_fts MATCH ?")
		args = append(args, cmp.Or(searchExpression(f.Query), `""`))
	}
	if f.Label != "" {
		b.WriteString(` AND EXISTS (SELECT 1 FROM spans sp JOIN labels l ON l.id = sp.label_id
			WHERE sp.set_id = s.id AND l.name = ?)`)
		args = append(args, f.Label)
	}
	if f.AnnotatedBy != "" {
		b.WriteString(` AND EXISTS (SELECT 1 FROM annotation_sets o JOIN annotators n ON n.id = o.annotator_id
			WHERE o.document_id = d.id AND n.name = ?)`)
		args = append(args, f.AnnotatedBy)
	}
	return b.String(), order, args
}

// onlyStatuses reports whether f filters by status and nothing else.
func onlyStatuses(f model.DocumentFilter) bool {
	return len(f.Statuses) > 0 && f.Query == "" && f.Label == "" && f.AnnotatedBy == "" && !f.Disagreeing
}

// searchReady brings the full-text index (for a search) and the
// disagreement measures (for a disagreement list) up to date before a list
// reads them.
func (db *DB) searchReady(ctx context.Context, f model.DocumentFilter) error {
	if f.Disagreeing {
		if err := db.updateDisagreement(ctx); err != nil {
			return err
		}
	}
	if f.Query == "" {
		return nil
	}
	return db.UpdateSearchIndex(ctx, nil)
}

// CountDocuments counts the documents a filtered list holds; a search counts
// at most model.MaxSearchResults.
func (db *DB) CountDocuments(ctx context.Context, annotator string, f model.DocumentFilter) (int, error) {
	if err := db.searchReady(ctx, f); err != nil {
		return 0, err
	}
	if onlyStatuses(f) && slices.Contains(f.Statuses, model.StatusTodo) {
		// Every document is todo unless the annotator's set says
		// otherwise: count the sets that rule a document out, from their
		// index, rather than join every document to its set.
		var total, out int
		err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM documents INDEXED BY documents_order").Scan(&total)
		if err != nil {
			return 0, err
		}
		args := []any{annotator}
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
		err = db.read.QueryRowContext(ctx, `SELECT count(*) FROM annotation_sets
			WHERE annotator_id = (SELECT id FROM annotators WHERE name = ?)
			AND status NOT IN (`+placeholders(len(f.Statuses))+")", args...).Scan(&out)
		return total - out, err
	}
	from, _, args := listQuery(annotator, f, false)
	q := "SELECT count(*) " + from
	if f.Query != "" {
		q = "SELECT count(*) FROM (SELECT 1 " + from + " LIMIT ?)"
		args = append(args, model.MaxSearchResults)
	}
	var n int
	err := db.read.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// ListDocuments returns limit documents (all for a negative limit) of a
// filtered list from position offset, in project order: the document list
// asks for the rows it shows, so a project of a million documents never
// loads them all. A search lists at most model.MaxSearchResults.
func (db *DB) ListDocuments(ctx context.Context, annotator string, f model.DocumentFilter, offset, limit int) ([]model.DocumentSummary, error) {
	if err := db.searchReady(ctx, f); err != nil {
		return nil, err
	}
	if f.Query != "" {
		if limit < 0 || offset+limit > model.MaxSearchResults {
			limit = max(model.MaxSearchResults-offset, 0)
		}
	}
	from, order, args := listQuery(annotator, f, true)
	page := " LIMIT ? OFFSET ?"
	pageArgs := []any{limit, offset}
	if f.IsZero() && offset > 0 {
		// OFFSET would join every skipped row to its annotation set;
		// finding the first row's id walks the rowid index alone, which
		// keeps the end of a million-document list as quick as its start.
		from += " AND d.id >= (SELECT id FROM documents INDEXED BY documents_order ORDER BY id LIMIT 1 OFFSET ?)"
		args = append(args, offset)
		pageArgs = []any{limit, 0}
	}
	rows, err := db.read.QueryContext(ctx, `SELECT d.uuid, d.external_id, d.title, d.length,
		coalesce(s.status, `+sqlTodo+`), (SELECT count(*) FROM spans WHERE set_id = s.id) `+from+
		" ORDER BY "+order+page, append(args, pageArgs...)...)
	if err != nil {
		return nil, err
	}
	return scanSummaries(rows, max(min(limit, 1000), 0))
}

// ListPosition is where a document stands in a filtered list (what
// ListDocuments' offset would be to reach it), or -1 when the list does not
// hold it.
func (db *DB) ListPosition(ctx context.Context, annotator string, f model.DocumentFilter, documentID string) (int, error) {
	if err := db.searchReady(ctx, f); err != nil {
		return -1, err
	}
	var id int64
	err := db.read.QueryRowContext(ctx, "SELECT id FROM documents WHERE uuid = ?", documentID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return -1, nil
	}
	if err != nil {
		return -1, err
	}
	from, _, args := listQuery(annotator, f, false)
	var in bool
	if err := db.read.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 "+from+" AND d.id = ?)", append(slices.Clone(args), id)...).Scan(&in); err != nil || !in {
		return -1, err
	}
	if onlyStatuses(f) && slices.Contains(f.Statuses, model.StatusTodo) {
		// As in CountDocuments: the documents before it, less those the
		// annotator's sets rule out.
		var before, out int
		if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM documents INDEXED BY documents_order WHERE id < ?", id).Scan(&before); err != nil {
			return -1, err
		}
		args := []any{annotator}
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
		err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM annotation_sets
			WHERE annotator_id = (SELECT id FROM annotators WHERE name = ?)
			AND status NOT IN (`+placeholders(len(f.Statuses))+") AND document_id < ?", append(args, id)...).Scan(&out)
		return before - out, err
	}
	before, beforeArgs := " AND d.id < ?", []any{id}
	if f.Disagreeing {
		// Ordered worst first: before it are the worse documents and the
		// equally bad ones that come earlier in the project.
		var v float64
		if err := db.read.QueryRowContext(ctx, "SELECT value FROM disagreement WHERE document_id = ?", id).Scan(&v); err != nil {
			return -1, err
		}
		before, beforeArgs = " AND (g.value > ? OR (g.value = ? AND d.id < ?))", []any{v, v, id}
	}
	q := "SELECT count(*) " + from + before
	args = append(args, beforeArgs...)
	if f.Query != "" {
		q = "SELECT count(*) FROM (SELECT 1 " + from + before + " LIMIT ?)"
		args = append(args, model.MaxSearchResults)
	}
	var n int
	if err := db.read.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return -1, err
	}
	if f.Query != "" && n >= model.MaxSearchResults {
		return -1, nil // found, but past the results a search lists
	}
	return n, nil
}

// ListPage reads what a list view shows when its filter changes: the count,
// the first limit rows, and the open document's position with the page of
// limit rows around it (documentID "" for none). A search's count is exact
// up to model.MaxSearchResults; past it the page lists that many and says
// there are more.
//
// A search finds its matches once for all three: a prefix ("Idl" while
// typing "Idlib") makes SQLite's full-text index gather every matching
// term's documents before it yields the first, 30-50 ms on a million
// documents, which three separate queries would pay three times.
func (db *DB) ListPage(ctx context.Context, annotator string, f model.DocumentFilter, documentID string, limit int) (model.DocumentPage, error) {
	page := model.DocumentPage{Position: -1}
	if limit <= 0 {
		return page, model.Errorf(model.EINVALID, "a page needs at least one row")
	}
	if f.Query == "" {
		var err error
		if page.Total, err = db.CountDocuments(ctx, annotator, f); err != nil {
			return page, err
		}
		if page.First, err = db.ListDocuments(ctx, annotator, f, 0, limit); err != nil {
			return page, err
		}
		if documentID != "" {
			if page.Position, err = db.ListPosition(ctx, annotator, f, documentID); err != nil {
				return page, err
			}
		}
		if page.Position >= limit {
			page.Around, err = db.ListDocuments(ctx, annotator, f, page.Position/limit*limit, limit)
		}
		return page, err
	}

	if err := db.searchReady(ctx, f); err != nil {
		return page, err
	}
	from, order, args := listQuery(annotator, f, false)
	// One row past the cap tells "exactly 1,000" from "more than 1,000":
	// counting every match of a common word would cost a full pass over
	// its documents on every key.
	//
	// The first rows' snippets come in the same statement: a second one
	// would expand a prefix again, 25-55 ms on a million documents for a
	// prefix of a word found in most of them ("Erdo", "Idli").
	snippet := "NULL"
	if order == "f.rowid" { // rows come in index order, as evaluated: see firstRows
		token := firstRows.begin()
		defer firstRows.end(token)
		snippet = "CASE WHEN inkspan_first(?, ?) THEN snippet(documents_fts, 1, X'02', X'03', '…', ?) END"
		args = append([]any{token, model.PageSnippets, snippetTokens}, args...)
	}
	rows, err := db.read.QueryContext(ctx, "SELECT d.id, "+snippet+" "+from+" ORDER BY "+order+" LIMIT ?", append(args, model.MaxSearchResults+1)...)
	if err != nil {
		return page, err
	}
	ids, snippets, err := scanSnippets(rows)
	if err != nil {
		return page, err
	}
	if len(ids) > model.MaxSearchResults {
		ids, page.More = ids[:model.MaxSearchResults], true
	}
	page.Total = len(ids)
	if documentID != "" {
		var id int64
		err := db.read.QueryRowContext(ctx, "SELECT id FROM documents WHERE uuid = ?", documentID).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return page, err
		}
		page.Position = slices.Index(ids, id)
	}
	if page.First, err = db.summariesOf(ctx, annotator, ids[:min(limit, len(ids))]); err != nil {
		return page, err
	}
	if len(snippets) > 0 && len(page.First) == min(limit, len(ids)) {
		page.Snippets = make(map[string]model.Snippet, len(snippets))
		for i, d := range page.First {
			if s, ok := snippets[ids[i]]; ok {
				page.Snippets[d.ID] = s
			}
		}
	}
	if page.Position >= limit {
		from := page.Position / limit * limit
		page.Around, err = db.summariesOf(ctx, annotator, ids[from:min(from+limit, len(ids))])
	}
	return page, err
}

// scanSnippets reads rows of internal ids and marked snippets (NULL for
// none) and closes them.
func scanSnippets(rows *sql.Rows) ([]int64, map[int64]model.Snippet, error) {
	defer rows.Close()
	var ids []int64
	snippets := map[int64]model.Snippet{}
	for rows.Next() {
		var id int64
		var marked sql.NullString
		if err := rows.Scan(&id, &marked); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
		if marked.Valid {
			snippets[id] = snippetOf(marked.String)
		}
	}
	return ids, snippets, rows.Err()
}

// scanIDs reads a column of internal ids and closes the rows.
func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// summariesOf lists the documents with these internal ids, in the order
// given.
func (db *DB) summariesOf(ctx context.Context, annotator string, ids []int64) ([]model.DocumentSummary, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{annotator}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT d.uuid, d.external_id, d.title, d.length,
		coalesce(s.status, `+sqlTodo+`), (SELECT count(*) FROM spans WHERE set_id = s.id)
		FROM documents d LEFT JOIN annotation_sets s ON s.document_id = d.id
			AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)
		WHERE d.id IN (`+placeholders(len(ids))+`) ORDER BY d.id`, args...)
	if err != nil {
		return nil, err
	}
	byID, err := scanSummaries(rows, len(ids))
	if err != nil || len(byID) != len(ids) {
		return byID, err
	}
	// The rows came in id order; put them in the order asked for.
	sorted := slices.Sorted(slices.Values(ids))
	out := make([]model.DocumentSummary, len(ids))
	for i, id := range ids {
		j, _ := slices.BinarySearch(sorted, id)
		out[i] = byID[j]
	}
	return out, nil
}

// Finished counts the documents the annotator has marked done or skipped:
// the progress bar's value, from an index rather than a scan.
func (db *DB) Finished(ctx context.Context, annotator string) (int, error) {
	return readFinished(ctx, db.read, annotator)
}

func readFinished(ctx context.Context, q querier, annotator string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM annotation_sets
		WHERE annotator_id = (SELECT id FROM annotators WHERE name = ?) AND status IN (`+sqlDone+`, `+sqlSkipped+`)`, annotator).Scan(&n)
	return n, err
}

// scanSummaries reads rows of (uuid, external_id, title, length, status,
// span count), the columns every document list selects, and closes them.
func scanSummaries(rows *sql.Rows, capacity int) ([]model.DocumentSummary, error) {
	defer rows.Close()
	list := make([]model.DocumentSummary, 0, capacity)
	for rows.Next() {
		var d model.DocumentSummary
		if err := rows.Scan(&d.ID, &d.ExternalID, &d.Title, &d.Length, &d.Status, &d.SpanCount); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// NextUnfinished returns the first document after the given one (or from
// the start, for "") that the annotator has not marked done or skipped,
// wrapping around; "" when every document is finished.
func (db *DB) NextUnfinished(ctx context.Context, annotator, afterID string) (string, error) {
	return readNextUnfinished(ctx, db.read, annotator, afterID)
}

func readNextUnfinished(ctx context.Context, q querier, annotator, afterID string) (string, error) {
	const query = `SELECT d.uuid FROM documents d
		LEFT JOIN annotation_sets s ON s.document_id = d.id
			AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)
		WHERE coalesce(s.status, ` + sqlTodo + `) IN (` + sqlTodo + `, ` + sqlInProgress + `) AND d.id %s
		ORDER BY d.id LIMIT 1`
	after := int64(0)
	if afterID != "" {
		if err := q.QueryRowContext(ctx, "SELECT id FROM documents WHERE uuid = ?", afterID).Scan(&after); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	var id string
	err := q.QueryRowContext(ctx, strings.Replace(query, "%s", "> ?", 1), annotator, after).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) && after > 0 {
		err = q.QueryRowContext(ctx, strings.Replace(query, "%s", "<= ?", 1), annotator, after).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// Note returns the annotator's note on a document ("" when none).
func (db *DB) Note(ctx context.Context, documentID, annotator string) (string, error) {
	return readNote(ctx, db.read, documentID, annotator)
}

func readNote(ctx context.Context, q querier, documentID, annotator string) (string, error) {
	var note string
	err := q.QueryRowContext(ctx, `SELECT s.note FROM annotation_sets s
		JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id
		WHERE d.uuid = ? AND a.name = ?`, documentID, annotator).Scan(&note)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return note, err
}

// SetNote stores the annotator's free-text note on a document ("ambiguous",
// "duplicate") for the reviewer.
func (db *DB) SetNote(ctx context.Context, documentID, annotator, note string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return db.setNote(ctx, tx, db.now(), documentID, annotator, note) })
}

func (db *DB) setNote(ctx context.Context, tx *sql.Tx, now time.Time, documentID, annotator, note string) error {
	set, err := db.annotationSet(ctx, tx, documentID, annotator)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE annotation_sets SET note = ?, updated_at = ? WHERE id = ?", note, now.UnixMilli(), set.id)
	return err
}

// LastDocument is the document the annotator had open when they left, or "".
func (db *DB) LastDocument(ctx context.Context, annotator string) (string, error) {
	return readLastDocument(ctx, db.read, annotator)
}

func readLastDocument(ctx context.Context, q querier, annotator string) (string, error) {
	var id sql.NullString
	err := q.QueryRowContext(ctx, `SELECT d.uuid FROM annotators a JOIN documents d ON d.id = a.last_document_id
		WHERE a.name = ?`, annotator).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id.String, err
}

// SetLastDocument remembers the document the annotator has open.
func (db *DB) SetLastDocument(ctx context.Context, annotator, documentID string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return setLastDocument(ctx, tx, db.now(), annotator, documentID) })
}

func setLastDocument(ctx context.Context, tx *sql.Tx, now time.Time, annotator, documentID string) error {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return err
	}
	if _, err := annotatorID(ctx, tx, annotator, now.UnixMilli()); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE annotators SET last_document_id = (SELECT id FROM documents WHERE uuid = ?)
		WHERE name = ? AND EXISTS (SELECT 1 FROM documents WHERE uuid = ?)`, documentID, annotator, documentID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	return nil
}
