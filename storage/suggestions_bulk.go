package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
)

// This file holds what a bulk suggest run (app.Suggest) reads and writes:
// the annotator's dictionary, documents in batches with what the sources
// must not propose again, and each batch's suggestions or spans in one
// transaction.

// suggestRows is how many rows one INSERT statement of a suggest batch
// writes: measured on 100,000 news articles, 64 make the cost of a call
// through database/sql small next to SQLite's work.
const suggestRows = 64

// DictionaryEntries returns the text and label of every span of the
// annotator's, in every document, in one query: what the dictionary of a
// suggest run learns from. An unknown annotator has none.
func (db *DB) DictionaryEntries(ctx context.Context, annotator string) ([]suggest.Entry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT substr(d.text, s.start + 1, s.end - s.start), l.name
		FROM annotation_sets a JOIN spans s ON s.set_id = a.id
		JOIN documents d ON d.id = a.document_id JOIN labels l ON l.id = s.label_id
		WHERE a.annotator_id = (SELECT id FROM annotators WHERE name = ?)`, annotator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var entries []suggest.Entry
	for rows.Next() {
		var e suggest.Entry
		if err := rows.Scan(&e.Text, &e.Label); err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, rows.Err()
}

// SuggestBatch returns, from one read snapshot, up to limit documents in
// project order after the one with key after (0 for the first), each with
// the annotator's spans and suggestions on it (rejected ones too); none
// after the last. An unknown annotator has no spans or suggestions.
func (db *DB) SuggestBatch(ctx context.Context, annotator string, after int64, limit int) ([]model.SuggestDocument, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var annID int64 // 0, which no row has, for an annotator not in the project
	err = tx.QueryRowContext(ctx, "SELECT id FROM annotators WHERE name = ?", annotator).Scan(&annID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, text FROM documents WHERE id > ? ORDER BY id LIMIT ?", after, limit)
	if err != nil {
		return nil, err
	}
	docs := make([]model.SuggestDocument, 0, limit)
	for rows.Next() {
		var d model.SuggestDocument
		if err := rows.Scan(&d.Key, &d.Text); err != nil {
			rows.Close()
			return nil, err
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(docs) == 0 || annID == 0 {
		return docs, err
	}
	first, last := docs[0].Key, docs[len(docs)-1].Key
	index := make(map[int64]int, len(docs))
	for i, d := range docs {
		index[d.Key] = i
	}
	// "+a.annotator_id" keeps SQLite on the (document, annotator)
	// index: by annotator, it would read all of their sets per batch.
	if err := addKnownSpans(ctx, tx, `SELECT a.document_id, s.start, s.end, l.name FROM annotation_sets a
		JOIN spans s ON s.set_id = a.id JOIN labels l ON l.id = s.label_id
		WHERE a.document_id BETWEEN ? AND ? AND +a.annotator_id = ?`, first, last, annID, func(doc int64, s model.Span) {
		d := &docs[index[doc]]
		d.Spans = append(d.Spans, s)
	}); err != nil {
		return nil, err
	}
	if err := addKnownSpans(ctx, tx, `SELECT s.document_id, s.start, s.end, l.name FROM suggestions s
		JOIN labels l ON l.id = s.label_id
		WHERE s.document_id BETWEEN ? AND ? AND s.annotator_id = ?`, first, last, annID, func(doc int64, s model.Span) {
		d := &docs[index[doc]]
		d.Suggested = append(d.Suggested, s)
	}); err != nil {
		return nil, err
	}
	return docs, nil
}

func addKnownSpans(ctx context.Context, q querier, query string, first, last, annID int64, add func(int64, model.Span)) error {
	rows, err := q.QueryContext(ctx, query, first, last, annID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var doc int64
		var s model.Span
		if err := rows.Scan(&doc, &s.Start, &s.End, &s.Label); err != nil {
			return err
		}
		add(doc, s)
	}
	return rows.Err()
}

// AddSuggestions stores found as the annotator's suggestions, with new
// IDs, in one transaction, and returns the labels it added to the project
// for them (a label the project lacks is added). Keys are those
// SuggestBatch gave; a suggestion already there (same document, offsets
// and label) is left as it is. EINVALID for a bad annotator name, a bad
// source or a label the project cannot take; nothing is stored then.
func (db *DB) AddSuggestions(ctx context.Context, annotator string, found []model.FoundSuggestions) ([]string, error) {
	return db.writeFound(ctx, annotator, found, writeSuggestions)
}

// AddSuggestedSpans stores found as the annotator's spans (origin
// suggestion, new IDs) instead, moving each todo document they land on to
// in progress, and returns the labels added, as AddSuggestions does. The
// spans are not checked against the annotator's: found must have been
// resolved against them (model/suggest.Resolve). The errors of
// AddSuggestions.
func (db *DB) AddSuggestedSpans(ctx context.Context, annotator string, found []model.FoundSuggestions) ([]string, error) {
	return db.writeFound(ctx, annotator, found, writeSuggestedSpans)
}

// foundWriter is a way to write found suggestions: as suggestions or spans.
type foundWriter func(ctx context.Context, w *batchWrite, found []model.FoundSuggestions) error

// batchWrite is the state of one AddSuggestions or AddSuggestedSpans.
type batchWrite struct {
	tx     *sql.Tx
	annID  int64
	now    int64
	labels map[string]int64 // name -> id, of the labels met so far
	added  []string         // labels added
}

func (db *DB) writeFound(ctx context.Context, annotator string, found []model.FoundSuggestions, write foundWriter) ([]string, error) {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return nil, err
	}
	n := 0
	for _, d := range found {
		n += len(d.Suggestions)
	}
	if n == 0 {
		return nil, nil
	}
	w := &batchWrite{now: db.now().UnixMilli(), labels: map[string]int64{}}
	err := db.inTxUnchecked(ctx, func(tx *sql.Tx) error {
		w.tx = tx
		var err error
		if w.annID, err = annotatorID(ctx, tx, annotator, w.now); err != nil {
			return err
		}
		return write(ctx, w, found)
	})
	if err != nil {
		return nil, err
	}
	return w.added, nil
}

// labelID returns the id of the label named name, adding it to the
// project if it lacks it.
func (w *batchWrite) labelID(ctx context.Context, name string) (int64, error) {
	if id, ok := w.labels[name]; ok {
		return id, nil
	}
	id, err := labelIDOf(ctx, w.tx, model.Span{Label: name})
	if err == nil {
		w.labels[name] = id
		return id, nil
	}
	if model.ErrorCode(err) != model.EINVALID {
		return 0, err
	}
	labels, err := queryLabels(ctx, w.tx)
	if err != nil {
		return 0, err
	}
	l := model.NewLabel(name, labels)
	if err := l.Validate(); err != nil {
		return 0, fmt.Errorf("cannot add label %q to the project: %w", name, err)
	}
	if id, err = addLabel(ctx, w.tx, l); err != nil {
		return 0, err
	}
	w.labels[name] = id
	w.added = append(w.added, name)
	return id, nil
}

// inTxUnchecked is inTx with SQLite's foreign key checks off, for the
// bulk writes of a suggest run: the checks looked up the document, the
// annotator and the label of every row, a third of the time of writing
// suggestions, and the writer takes all three from the project in the
// first place (documents are never deleted; the annotator and labels it
// added itself). The connection has the checks back on before anyone else
// uses it, or is thrown away.
func (db *DB) inTxUnchecked(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return explainOpenError(err)
	}
	defer conn.Close()
	// A pragma that sets foreign_keys does nothing inside a transaction, so
	// it goes before BEGIN and after COMMIT.
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); rerr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
			err = errors.Join(err, rerr)
		}
	}()
	tx, err := db.beginWrite(ctx, conn)
	if err == nil {
		defer tx.Rollback()
		if err = fn(tx); err == nil {
			err = tx.Commit()
		}
	}
	return explainOpenError(err)
}

// bulkInserter inserts rows suggestRows at a time with one statement, and
// what is left at the end one by one. Values the same in every row of a
// batch (annotator, time, source) are literals in row, so fewer values are
// bound per row; integers are passed as int64, which database/sql hands
// to the driver as they are instead of converting them by reflection.
type bulkInserter struct {
	many, one *sql.Stmt
	perRow    int
	args      []any
}

func newBulkInserter(ctx context.Context, tx *sql.Tx, insert, row string, perRow int) (*bulkInserter, error) {
	many, err := tx.PrepareContext(ctx, insert+" VALUES "+strings.TrimSuffix(strings.Repeat(row+", ", suggestRows), ", ")+" ON CONFLICT DO NOTHING")
	if err != nil {
		return nil, err
	}
	one, err := tx.PrepareContext(ctx, insert+" VALUES "+row+" ON CONFLICT DO NOTHING")
	if err != nil {
		many.Close()
		return nil, err
	}
	return &bulkInserter{many: many, one: one, perRow: perRow, args: make([]any, 0, suggestRows*perRow)}, nil
}

func (ins *bulkInserter) add(ctx context.Context, row ...any) error {
	ins.args = append(ins.args, row...)
	if len(ins.args) < suggestRows*ins.perRow {
		return nil
	}
	_, err := ins.many.ExecContext(ctx, ins.args...)
	ins.args = ins.args[:0]
	return explainOpenError(err)
}

// close inserts what is left and closes the statements.
func (ins *bulkInserter) close(ctx context.Context) error {
	defer ins.many.Close()
	defer ins.one.Close()
	for i := 0; i < len(ins.args); i += ins.perRow {
		if _, err := ins.one.ExecContext(ctx, ins.args[i:i+ins.perRow]...); err != nil {
			return explainOpenError(err)
		}
	}
	return nil
}

// sqlText is s as an SQL string literal, for the values a bulk insert
// writes as literals (a value bound per row cost as much as an indexed
// column): a known source or origin, which has no quote in it.
func sqlText[T ~string](s T) string {
	return "'" + strings.ReplaceAll(string(s), "'", "''") + "'"
}

func writeSuggestions(ctx context.Context, w *batchWrite, found []model.FoundSuggestions) (err error) {
	n := 0
	for _, d := range found {
		n += len(d.Suggestions)
	}
	// One inserter per source, so the source can be a literal.
	inserters := map[model.SuggestionSource]*bulkInserter{}
	defer func() {
		for _, ins := range inserters {
			if cerr := ins.close(ctx); err == nil {
				err = cerr
			}
		}
	}()
	// One read of random bytes for the batch's IDs.
	ids := make([]byte, 16*n)
	if err := newUUIDs(ids); err != nil {
		return err
	}
	for _, d := range found {
		for _, s := range d.Suggestions {
			label, err := w.labelID(ctx, s.Label)
			if err != nil {
				return err
			}
			ins := inserters[s.Source]
			if ins == nil {
				if err := s.Source.Validate(); err != nil {
					return err
				}
				// Only the model's suggestions carry a confidence, bound per
				// row; the other sources' rows stay as they were measured.
				row := fmt.Sprintf("(?, %d, ?, ?, ?, ?, %s, %d)", w.annID, sqlText(s.Source), w.now)
				insert, perRow := "INSERT INTO suggestions (document_id, annotator_id, start, end, label_id, uuid, source, created_at)", 5
				if s.Source == model.SourceModel {
					row = fmt.Sprintf("(?, %d, ?, ?, ?, ?, %s, %d, ?)", w.annID, sqlText(s.Source), w.now)
					insert, perRow = "INSERT INTO suggestions (document_id, annotator_id, start, end, label_id, uuid, source, created_at, confidence)", 6
				}
				if ins, err = newBulkInserter(ctx, w.tx, insert, row, perRow); err != nil {
					return err
				}
				inserters[s.Source] = ins
			}
			id := ids[:16:16]
			ids = ids[16:]
			if s.Source == model.SourceModel {
				err = ins.add(ctx, d.Key, int64(s.Start), int64(s.End), label, id, s.Confidence)
			} else {
				err = ins.add(ctx, d.Key, int64(s.Start), int64(s.End), label, id)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func writeSuggestedSpans(ctx context.Context, w *batchWrite, found []model.FoundSuggestions) (err error) {
	row := fmt.Sprintf("(?, ?, ?, ?, ?, '', %s, %d, %d)", sqlText(model.OriginSuggestion), w.now, w.now)
	ins, err := newBulkInserter(ctx, w.tx, "INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at)", row, 5)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := ins.close(ctx); err == nil {
			err = cerr
		}
	}()
	for _, d := range found {
		if len(d.Suggestions) == 0 {
			continue
		}
		set, err := setOf(ctx, w.tx, d.Key, w.annID, w.now)
		if err != nil {
			return err
		}
		for _, s := range d.Suggestions {
			label, err := w.labelID(ctx, s.Label)
			if err != nil {
				return err
			}
			if err := ins.add(ctx, newID(), set.id, int64(s.Start), int64(s.End), label); err != nil {
				return err
			}
		}
		if err := markStarted(ctx, w.tx, set, w.now); err != nil {
			return err
		}
	}
	return nil
}

// newUUIDs fills ids with version 4 UUIDs, 16 bytes each.
func newUUIDs(ids []byte) error {
	if _, err := rand.Read(ids); err != nil {
		return err
	}
	for i := 0; i < len(ids); i += 16 {
		ids[i+6] = ids[i+6]&0x0f | 0x40 // version 4
		ids[i+8] = ids[i+8]&0x3f | 0x80 // RFC 4122 variant
	}
	return nil
}
