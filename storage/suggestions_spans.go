package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// This file holds the reads and writes of changes to many spans at once:
// label all and remove all (their use cases are in package app), and the
// undo and redo of any such change.

// AddLabeledSpans adds exactly spans, keeping their IDs (or choosing one
// where ID is empty; origin manual where Origin is empty), in one
// transaction, and returns them as stored, with Started set on the span
// that moved a todo document to in progress. It checks each span as
// AddSpan does and fails, adding nothing, with the first span's error;
// ECONFLICT also when a span's ID is taken.
func (db *DB) AddLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) (stored []model.LabeledSpan, err error) {
	err = db.writeTx(ctx, func(t *WriteTx) error {
		stored, err = t.AddLabeledSpans(ctx, annotator, spans)
		return err
	})
	if err != nil {
		return nil, err
	}
	return stored, nil
}

// DeleteLabeledSpans deletes exactly spans (by ID, from the annotator's
// sets) in one transaction, and moves the document of each Started span
// back from in progress to todo (a status set since stays). ENOTFOUND, and
// nothing deleted, if one of the spans is gone.
func (db *DB) DeleteLabeledSpans(ctx context.Context, annotator string, spans []model.LabeledSpan) error {
	return db.writeTx(ctx, func(t *WriteTx) error { return t.DeleteLabeledSpans(ctx, annotator, spans) })
}

// setOf finds or makes an annotator's set on a document, by internal ids.
func setOf(ctx context.Context, tx *sql.Tx, docID, annID, now int64) (setRef, error) {
	ref := setRef{}
	err := tx.QueryRowContext(ctx, `INSERT INTO annotation_sets (document_id, annotator_id, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (document_id, annotator_id) DO UPDATE SET document_id = excluded.document_id
		RETURNING id, status`, docID, annID, model.StatusTodo, now, now).Scan(&ref.id, &ref.status)
	return ref, err
}

// PhraseDocuments calls fn, in project order and from one read snapshot,
// for each document but exceptDocumentID ("" for none) whose text contains
// phrase, with its ID, its text and the annotator's spans on it (none for
// an annotator the project does not know). It brings the search index up
// to date first and reads only the documents the index allows
// (candidateDocuments), so a document where phrase is only part of a word
// may be left out or not: fn decides where phrase is whole tokens. fn's
// error stops the walk and is returned.
func (db *DB) PhraseDocuments(ctx context.Context, annotator, phrase, exceptDocumentID string, fn func(documentID, text string, spans []model.Span) error) error {
	if err := db.UpdateSearchIndex(ctx, nil); err != nil {
		return err
	}
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return phraseDocuments(ctx, tx, annotator, phrase, exceptDocumentID, fn)
}

// phraseDocuments is PhraseDocuments on q as it stands: the documents the
// search index has not taken in yet are candidates all the same
// (candidateDocuments), so inside a write transaction, which does not
// bring the index up to date, it finds the same documents, only slower
// when many are new.
func phraseDocuments(ctx context.Context, tx querier, annotator, phrase, exceptDocumentID string, fn func(documentID, text string, spans []model.Span) error) error {
	var annID int64 // 0, which no row has, for an annotator with no spans
	err := tx.QueryRowContext(ctx, "SELECT id FROM annotators WHERE name = ?", annotator).Scan(&annID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	ids, err := candidateDocuments(ctx, tx, phrase)
	if err != nil {
		return err
	}
	for _, id := range ids {
		var uuid, text string
		if err := tx.QueryRowContext(ctx, "SELECT uuid, text FROM documents WHERE id = ?", id).Scan(&uuid, &text); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			return err
		}
		if uuid == exceptDocumentID || !strings.Contains(text, phrase) {
			continue
		}
		var existing []model.Span
		if annID != 0 {
			if existing, err = querySpans(ctx, tx, `SELECT `+spanColumns+` FROM spans s JOIN labels l ON l.id = s.label_id
				JOIN annotation_sets a ON a.id = s.set_id WHERE a.document_id = ? AND a.annotator_id = ?`, id, annID); err != nil {
				return err
			}
		}
		if err := fn(uuid, text, existing); err != nil {
			return err
		}
	}
	return nil
}

// candidateDocuments returns, in project order, the ids of the documents
// that may hold phrase as whole tokens: those the search index finds with
// every word of the phrase, the last word also as a prefix, plus any not
// indexed yet. The index splits text only between letters or digits and
// other characters, so a token of ours is part of one of its words, and a
// word of the phrase other than the first and last is exactly a word of
// the index. The last may go on ("do" in "don't" is "don" to the index),
// hence the prefix; the first may be glued to what comes before ("km" in
// "40km" is "40km" to the index), so it is left out of the query when our
// tokenizer splits it off a digit or a letter. Without a usable word,
// every document is a candidate.
func candidateDocuments(ctx context.Context, q querier, phrase string) ([]int64, error) {
	words := strings.FieldsFunc(phrase, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r)
	})
	var terms []string
	for i, w := range words {
		if i == 0 && gluesToWords(w) {
			continue
		}
		term := `"` + w + `"`
		if i == len(words)-1 {
			term += "*"
		}
		terms = append(terms, term)
	}
	query := "SELECT id FROM documents ORDER BY id"
	var args []any
	if len(terms) > 0 {
		query = `SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?
			UNION SELECT id FROM documents WHERE id > (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'search_indexed_through')
			ORDER BY 1`
		args = append(args, strings.Join(terms, " "))
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// gluesToWords reports whether our tokenizer would split w off a digit or
// a letter written right before it (units: "40km"; CJK characters), where
// the search index sees one word.
func gluesToWords(w string) bool {
	for _, before := range []string{"0", "a"} {
		if toks := tokenize.Tokenize(before + w); len(toks) > 1 && toks[0].Text == before {
			return true
		}
	}
	for _, r := range w {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}

// SpansWithText returns every span of the annotator's labeled label whose
// text is exactly phrase, in every document, in project and text order:
// what removing the label from all of them deletes. EINVALID for a label
// the project does not have.
func (db *DB) SpansWithText(ctx context.Context, annotator, phrase, label string) ([]model.LabeledSpan, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return spansWithText(ctx, tx, annotator, phrase, label)
}

func spansWithText(ctx context.Context, tx querier, annotator, phrase, label string) ([]model.LabeledSpan, error) {
	labelID, err := labelIDOf(ctx, tx, model.Span{Label: label})
	if err != nil {
		return nil, err
	}
	// substr counts characters in a text: code points, like offsets.
	// CROSS JOIN keeps SQLite to this order, so that it reads a
	// document only for a span with the label.
	rows, err := tx.QueryContext(ctx, `SELECT d.uuid, `+spanColumns+` FROM annotation_sets a
		CROSS JOIN spans s ON s.set_id = a.id
		CROSS JOIN documents d ON d.id = a.document_id
		JOIN labels l ON l.id = s.label_id
		WHERE a.annotator_id = (SELECT id FROM annotators WHERE name = ?) AND s.label_id = ?
		AND substr(d.text, s.start + 1, s.end - s.start) = ?
		ORDER BY d.id, s.start, s.end`, annotator, labelID, phrase)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []model.LabeledSpan
	for rows.Next() {
		var ls model.LabeledSpan
		var err error
		if ls.Span, err = scanSpan(prefixed{rows, &ls.DocumentID}); err != nil {
			return nil, err
		}
		found = append(found, ls)
	}
	return found, rows.Err()
}

// prefixed scans a row of one column, into first, before a span's
// columns (spanColumns), for scanSpan.
type prefixed struct {
	rows  interface{ Scan(...any) error }
	first any
}

func (p prefixed) Scan(dest ...any) error {
	return p.rows.Scan(append([]any{p.first}, dest...)...)
}
