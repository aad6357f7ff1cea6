package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// Where a suggestion came from: the values of suggestions.source, and of
// Span.Note on the spans Suggestions returns.
const (
	SourcePatterns   = "patterns"   // a patterns file
	SourceFigures    = "figures"    // the FIGURE recognizer
	SourceDictionary = "dictionary" // the annotator's own earlier spans
	SourceImport     = "import"     // a model's predictions read by an import (Label Studio)
)

func validSource(s string) bool {
	return s == SourcePatterns || s == SourceFigures || s == SourceDictionary || s == SourceImport
}

// LabeledSpan is a span with its document: what LabelAll and UnlabelAll
// report, for the undo stack to take back exactly.
type LabeledSpan = edit.LabeledSpan

// suggestionID turns a stored 16-byte uuid into the ID callers see.
func suggestionID(raw []byte) string {
	id, err := uuid.FromBytes(raw)
	if err != nil {
		return fmt.Sprintf("%x", raw)
	}
	return id.String()
}

// Suggestions returns the annotator's pending suggestions on a document in
// text order: Span.ID is the suggestion's ID, Origin is suggestion and Note
// names the source (SourcePatterns, SourceFigures, SourceDictionary).
// Suggestions the annotator already has as spans are left out: there is
// nothing left to decide about them. An unknown document or annotator has
// none.
func (db *DB) Suggestions(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	return readSuggestions(ctx, db.read, documentID, annotator)
}

func readSuggestions(ctx context.Context, q querier, documentID, annotator string) ([]model.Span, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.uuid, s.start, s.end, l.name, s.source, s.created_at
		FROM suggestions s JOIN labels l ON l.id = s.label_id
		WHERE s.document_id = (SELECT id FROM documents WHERE uuid = ?)
		AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?) AND s.rejected = 0
		AND NOT EXISTS (SELECT 1 FROM annotation_sets a JOIN spans p ON p.set_id = a.id
			WHERE a.document_id = s.document_id AND a.annotator_id = s.annotator_id
			AND p.start = s.start AND p.end = s.end AND p.label_id = s.label_id)
		ORDER BY s.start, s.end, l.name`, documentID, annotator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []model.Span
	for rows.Next() {
		var raw []byte
		var created int64
		s := model.Span{Origin: model.OriginSuggestion}
		if err := rows.Scan(&raw, &s.Start, &s.End, &s.Label, &s.Note, &created); err != nil {
			return nil, err
		}
		s.ID = suggestionID(raw)
		s.Created = time.UnixMilli(created).UTC()
		s.Updated = s.Created
		list = append(list, s)
	}
	return list, rows.Err()
}

// suggestionKey is where a suggestion is looked up by ID: the key's prefix.
type suggestionKey struct {
	docID, annID int64
	uuid         []byte
}

// findSuggestion reads the suggestion with id. ENOTFOUND if there is none.
func findSuggestion(ctx context.Context, q querier, documentID, annotator, id string) (suggestionKey, model.Span, error) {
	notFound := model.Errorf(model.ENOTFOUND, "no suggestion %s for %s on document %s", id, annotator, documentID)
	parsed, err := uuid.Parse(id)
	if err != nil {
		return suggestionKey{}, model.Span{}, notFound
	}
	key := suggestionKey{uuid: parsed[:]}
	s := model.Span{ID: parsed.String(), Origin: model.OriginSuggestion}
	var created int64
	err = q.QueryRowContext(ctx, `SELECT s.document_id, s.annotator_id, s.start, s.end, l.name, s.source, s.created_at
		FROM suggestions s JOIN labels l ON l.id = s.label_id
		WHERE s.document_id = (SELECT id FROM documents WHERE uuid = ?)
		AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?) AND s.uuid = ? AND s.rejected = 0`,
		documentID, annotator, key.uuid).Scan(&key.docID, &key.annID, &s.Start, &s.End, &s.Label, &s.Note, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return key, s, notFound
	}
	s.Created = time.UnixMilli(created).UTC()
	s.Updated = s.Created
	return key, s, err
}

func deleteSuggestion(ctx context.Context, tx *sql.Tx, key suggestionKey) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM suggestions WHERE document_id = ? AND annotator_id = ? AND uuid = ?",
		key.docID, key.annID, key.uuid)
	return err
}

// AcceptSuggestion turns a suggestion into a span of the annotator's, in
// one transaction: the span keeps the suggestion's ID (so that accepting it
// again after an undo brings back the same span) and has origin
// suggestion, and a todo document becomes in progress. ENOTFOUND for an
// unknown suggestion; EINVALID or ECONFLICT when the span cannot join the
// annotator's spans, as for AddSpan.
func (db *DB) AcceptSuggestion(ctx context.Context, documentID, annotator, suggestionID string) (model.Span, error) {
	var span model.Span
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		key, s, err := findSuggestion(ctx, tx, documentID, annotator, suggestionID)
		if err != nil {
			return err
		}
		span, err = db.accept(ctx, tx, documentID, annotator, key, s)
		return err
	})
	return span, err
}

// accept stores suggestion s as a span and deletes it.
func (db *DB) accept(ctx context.Context, tx *sql.Tx, documentID, annotator string, key suggestionKey, s model.Span) (model.Span, error) {
	now := db.now()
	span := model.Span{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Origin: model.OriginSuggestion,
		Created: now.UTC().Truncate(time.Millisecond), Updated: now.UTC().Truncate(time.Millisecond)}
	t := &WriteTx{db: db, tx: tx, now: now}
	set, labelID, err := t.check(ctx, documentID, annotator, span, "")
	if err != nil {
		return span, err
	}
	if err := insertSpan(ctx, tx, set.id, labelID, span, now.UnixMilli()); err != nil {
		return span, err
	}
	if err := deleteSuggestion(ctx, tx, key); err != nil {
		return span, err
	}
	return span, t.markStarted(ctx, set)
}

// insertSpan stores span, whose ID is set, in a set; ECONFLICT if another
// span has its ID.
func insertSpan(ctx context.Context, tx *sql.Tx, setID, labelID int64, span model.Span, now int64) error {
	var taken int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM spans WHERE uuid = ?", span.ID).Scan(&taken); err != nil {
		return err
	}
	if taken > 0 {
		return model.Errorf(model.ECONFLICT, "span %s already exists", span.ID)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, span.ID, setID, span.Start, span.End, labelID, span.Note, span.Origin, now, now)
	return explainOpenError(err)
}

// RejectSuggestion marks a suggestion rejected: it is no longer offered,
// and a later suggest run does not offer it again (migration 8).
// ENOTFOUND if there is no pending suggestion with that ID.
func (db *DB) RejectSuggestion(ctx context.Context, documentID, annotator, suggestionID string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		key, _, err := findSuggestion(ctx, tx, documentID, annotator, suggestionID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE suggestions SET rejected = 1 WHERE document_id = ? AND annotator_id = ? AND uuid = ?",
			key.docID, key.annID, key.uuid)
		return err
	})
}

// RestoreSuggestion puts back a suggestion as Suggestions returned it (ID,
// offsets, label, and the source in Note), as an undo does. EINVALID for a
// bad span, ID or source, or an unknown label; ENOTFOUND for an unknown
// document; ECONFLICT when the suggestion is there already.
func (db *DB) RestoreSuggestion(ctx context.Context, documentID, annotator string, s model.Span) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return db.restoreSuggestion(ctx, tx, documentID, annotator, s)
	})
}

func (db *DB) restoreSuggestion(ctx context.Context, tx *sql.Tx, documentID, annotator string, s model.Span) error {
	id, err := uuid.Parse(s.ID)
	if err != nil {
		return model.Errorf(model.EINVALID, "suggestion ID %q is not a UUID", s.ID)
	}
	if !validSource(s.Note) {
		return model.Errorf(model.EINVALID, "suggestion %s has source %q (want patterns, figures or dictionary in Note)", s.ID, s.Note)
	}
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return err
	}
	var docID int64
	var length int
	err = tx.QueryRowContext(ctx, "SELECT id, length FROM documents WHERE uuid = ?", documentID).Scan(&docID, &length)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil {
		return err
	}
	labelID, err := labelIDOf(ctx, tx, s)
	if err != nil {
		return err
	}
	if err := s.Validate(length, nil); err != nil {
		return err
	}
	now := db.now().UnixMilli()
	annID, err := annotatorID(ctx, tx, annotator, now)
	if err != nil {
		return err
	}
	// Undoing a rejection: the suggestion is still there, marked.
	res, err := tx.ExecContext(ctx, "UPDATE suggestions SET rejected = 0 WHERE document_id = ? AND annotator_id = ? AND uuid = ? AND rejected = 1",
		docID, annID, id[:])
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	created := now
	if !s.Created.IsZero() {
		created = s.Created.UnixMilli()
	}
	var same int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM suggestions WHERE document_id = ? AND annotator_id = ? AND uuid = ?",
		docID, annID, id[:]).Scan(&same); err != nil {
		return err
	}
	res, err = tx.ExecContext(ctx, `INSERT INTO suggestions (document_id, annotator_id, start, end, label_id, uuid, source, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, docID, annID, s.Start, s.End, labelID, id[:], s.Note, created)
	if err != nil {
		return explainOpenError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 || same > 0 {
		return model.Errorf(model.ECONFLICT, "suggestion [%d, %d) %s is there already", s.Start, s.End, s.Label)
	}
	return nil
}

// labelIDOf finds the id of s's label. EINVALID if the project lacks it.
func labelIDOf(ctx context.Context, q querier, s model.Span) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT id FROM labels WHERE name = ?", s.Label).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, model.Errorf(model.EINVALID, "span [%d, %d) has label %s, which the project does not have", s.Start, s.End, s.Label)
	}
	return id, err
}

// AcceptSuggestions accepts, in one transaction, every pending suggestion
// that can join the annotator's spans and returns the new spans in text
// order, each with its suggestion's ID. Where the project forbids overlaps
// and suggestions overlap one another, the longest wins, then the
// leftmost (suggest.Resolve); suggestions that conflict stay suggested.
func (db *DB) AcceptSuggestions(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	pending, err := db.Suggestions(ctx, documentID, annotator)
	if err != nil || len(pending) == 0 {
		return nil, err
	}
	var accepted []model.Span
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		set, err := db.annotationSet(ctx, tx, documentID, annotator)
		if err != nil {
			return err
		}
		existing, err := setSpans(ctx, tx, set.id)
		if err != nil {
			return err
		}
		overlap, err := allowOverlap(ctx, tx)
		if err != nil {
			return err
		}
		for _, s := range suggest.Resolve(pending, existing, overlap) {
			// Read again inside the transaction: another window may have
			// accepted or rejected it since.
			key, s, err := findSuggestion(ctx, tx, documentID, annotator, s.ID)
			if model.ErrorCode(err) == model.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			span, err := db.accept(ctx, tx, documentID, annotator, key, s)
			switch model.ErrorCode(err) {
			case "":
				accepted = append(accepted, span)
			case model.EINVALID, model.ECONFLICT:
			default:
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return accepted, nil
}

// UnacceptSuggestions takes accepted suggestions back in one transaction:
// it deletes the annotator's spans with the suggestions' IDs and restores
// the suggestions (as Suggestions returned them). The status stays as it
// is. ENOTFOUND, and nothing changed, if one of the spans is gone; the
// errors of RestoreSuggestion.
func (db *DB) UnacceptSuggestions(ctx context.Context, documentID, annotator string, suggestions []model.Span) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, s := range suggestions {
			if err := deleteOwnSpan(ctx, tx, documentID, annotator, s.ID); err != nil {
				return err
			}
			if err := db.restoreSuggestion(ctx, tx, documentID, annotator, s); err != nil {
				return err
			}
		}
		return nil
	})
}

// deleteOwnSpan deletes the span with id from the annotator's set on a
// document. ENOTFOUND if it is not there.
func deleteOwnSpan(ctx context.Context, tx *sql.Tx, documentID, annotator, id string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM spans WHERE uuid = ? AND set_id = (SELECT a.id FROM annotation_sets a
		JOIN documents d ON d.id = a.document_id JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = ? AND n.name = ?)`, id, documentID, annotator)
	if err != nil {
		return explainOpenError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Errorf(model.ENOTFOUND, "no span %s of %s on document %s", id, annotator, documentID)
	}
	return nil
}

// AddLabeledSpans adds exactly spans, keeping their IDs (or choosing one
// where ID is empty; origin manual where Origin is empty), in one
// transaction, and returns them as stored, with Started set on the span
// that moved a todo document to in progress. It checks each span as
// AddSpan does and fails, adding nothing, with the first span's error;
// ECONFLICT also when a span's ID is taken.
func (db *DB) AddLabeledSpans(ctx context.Context, annotator string, spans []LabeledSpan) ([]LabeledSpan, error) {
	now := db.now()
	at := now.UnixMilli()
	stored := make([]LabeledSpan, 0, len(spans))
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		overlap, err := allowOverlap(ctx, tx)
		if err != nil {
			return err
		}
		// What WriteTx.check reads for each span, read once per document and
		// label: an undo of label all may add tens of thousands.
		type docState struct {
			set      setRef
			existing []model.Span
			added    bool
		}
		docs := map[string]*docState{}
		labels := map[string]int64{}
		for _, ls := range spans {
			span := ls.Span
			if span.Origin == "" {
				span.Origin = model.OriginManual
			}
			if span.ID == "" {
				span.ID = newID()
			}
			span.Created, span.Updated = time.UnixMilli(at).UTC(), time.UnixMilli(at).UTC()
			d := docs[ls.DocumentID]
			if d == nil {
				d = &docState{}
				if d.set, err = db.annotationSet(ctx, tx, ls.DocumentID, annotator); err != nil {
					return err
				}
				if d.existing, err = setSpans(ctx, tx, d.set.id); err != nil {
					return err
				}
				if err := markStarted(ctx, tx, d.set, at); err != nil {
					return err
				}
				docs[ls.DocumentID] = d
			}
			labelID, ok := labels[span.Label]
			if !ok {
				if labelID, err = labelIDOf(ctx, tx, span); err != nil {
					return err
				}
				labels[span.Label] = labelID
			}
			if err := span.Validate(d.set.textLength, nil); err != nil {
				return fmt.Errorf("document %s: %w", ls.DocumentID, err)
			}
			if err := model.CheckAddition(d.existing, span, overlap); err != nil {
				return fmt.Errorf("document %s: %w", ls.DocumentID, err)
			}
			if err := insertSpan(ctx, tx, d.set.id, labelID, span, at); err != nil {
				return err
			}
			stored = append(stored, LabeledSpan{DocumentID: ls.DocumentID, Span: span, Started: !d.added && d.set.status == model.StatusTodo})
			d.existing = append(d.existing, span)
			d.added = true
		}
		return nil
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
func (db *DB) DeleteLabeledSpans(ctx context.Context, annotator string, spans []LabeledSpan) error {
	now := db.now().UnixMilli()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, ls := range spans {
			if err := deleteOwnSpan(ctx, tx, ls.DocumentID, annotator, ls.Span.ID); err != nil {
				return err
			}
			if !ls.Started {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE annotation_sets SET status = 'todo', updated_at = ?
				WHERE status = 'in_progress' AND document_id = (SELECT id FROM documents WHERE uuid = ?)
				AND annotator_id = (SELECT id FROM annotators WHERE name = ?)`, now, ls.DocumentID, annotator); err != nil {
				return err
			}
		}
		return nil
	})
}

// LabelAll labels label every whole-token occurrence of phrase
// (suggest.LabelPhrase) in every document of the project but
// exceptDocumentID ("" for none), leaving out places where the span would
// conflict with the annotator's spans, in one transaction. It returns the
// spans added (origin manual), in project and text order, with Started set
// where a todo document became in progress. EINVALID for an unknown label
// or a phrase without tokens.
func (db *DB) LabelAll(ctx context.Context, annotator, phrase, label, exceptDocumentID string) ([]LabeledSpan, error) {
	if err := checkPhrase(annotator, phrase); err != nil {
		return nil, err
	}
	if err := db.UpdateSearchIndex(ctx, nil); err != nil {
		return nil, err
	}
	var added []LabeledSpan
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		labelID, err := labelIDOf(ctx, tx, model.Span{Label: label})
		if err != nil {
			return err
		}
		now := db.now()
		annID, err := annotatorID(ctx, tx, annotator, now.UnixMilli())
		if err != nil {
			return err
		}
		// Fresh IDs, so no check that one is taken (insertSpan's).
		insert, err := tx.PrepareContext(ctx, `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, '', 'manual', ?, ?)`)
		if err != nil {
			return err
		}
		defer insert.Close()
		at := now.UnixMilli()
		return occurrences(ctx, tx, annID, phrase, label, exceptDocumentID, func(o occurrence) error {
			set, err := setOf(ctx, tx, o.docID, annID, at)
			if err != nil {
				return err
			}
			for i, s := range o.spans {
				s.ID = newID()
				s.Created, s.Updated = time.UnixMilli(at).UTC(), time.UnixMilli(at).UTC()
				if _, err := insert.ExecContext(ctx, s.ID, set.id, int64(s.Start), int64(s.End), labelID, at, at); err != nil {
					return explainOpenError(err)
				}
				added = append(added, LabeledSpan{DocumentID: o.docUUID, Span: s, Started: i == 0 && set.status == model.StatusTodo})
			}
			return markStarted(ctx, tx, set, at)
		})
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// setOf finds or makes an annotator's set on a document, by internal ids.
func setOf(ctx context.Context, tx *sql.Tx, docID, annID, now int64) (setRef, error) {
	ref := setRef{}
	err := tx.QueryRowContext(ctx, `INSERT INTO annotation_sets (document_id, annotator_id, status, created_at, updated_at)
		VALUES (?, ?, 'todo', ?, ?)
		ON CONFLICT (document_id, annotator_id) DO UPDATE SET document_id = excluded.document_id
		RETURNING id, status`, docID, annID, now, now).Scan(&ref.id, &ref.status)
	return ref, err
}

// CountOccurrences counts what LabelAll (with no document excepted) would
// add, for a confirmation that says how many: spans, and the documents
// they are in.
func (db *DB) CountOccurrences(ctx context.Context, annotator, phrase, label string) (spans, documents int, err error) {
	if err := checkPhrase(annotator, phrase); err != nil {
		return 0, 0, err
	}
	if err := db.UpdateSearchIndex(ctx, nil); err != nil {
		return 0, 0, err
	}
	// One read transaction, so that the counts come from one snapshot.
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	if _, err := labelIDOf(ctx, tx, model.Span{Label: label}); err != nil {
		return 0, 0, err
	}
	var annID int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM annotators WHERE name = ?", annotator).Scan(&annID); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, 0, err
	}
	err = occurrences(ctx, tx, annID, phrase, label, "", func(o occurrence) error {
		spans += len(o.spans)
		documents++
		return nil
	})
	return spans, documents, err
}

func checkPhrase(annotator, phrase string) error {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return err
	}
	if len(tokenize.Tokenize(phrase)) == 0 {
		return model.Errorf(model.EINVALID, "%q has no words to look for", phrase)
	}
	return nil
}

// occurrence is one document where LabelAll would add spans.
type occurrence struct {
	docID   int64
	docUUID string
	spans   []model.Span
}

// occurrences calls fn for each document (but except) where phrase can be
// labeled label next to the spans of the annotator with id annID (0 for
// one who has none), in project order.
func occurrences(ctx context.Context, q querier, annID int64, phrase, label, except string, fn func(occurrence) error) error {
	overlap, err := allowOverlap(ctx, q)
	if err != nil {
		return err
	}
	ids, err := candidateDocuments(ctx, q, phrase)
	if err != nil {
		return err
	}
	for _, id := range ids {
		o := occurrence{docID: id}
		var text string
		if err := q.QueryRowContext(ctx, "SELECT uuid, text FROM documents WHERE id = ?", id).Scan(&o.docUUID, &text); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			return err
		}
		if o.docUUID == except || !strings.Contains(text, phrase) {
			continue
		}
		var existing []model.Span
		if annID != 0 {
			if existing, err = querySpans(ctx, q, `SELECT `+spanColumns+` FROM spans s JOIN labels l ON l.id = s.label_id
				JOIN annotation_sets a ON a.id = s.set_id WHERE a.document_id = ? AND a.annotator_id = ?`, id, annID); err != nil {
				return err
			}
		}
		if o.spans = suggest.LabelPhrase(text, tokenize.Tokenize(text), phrase, label, existing, overlap); len(o.spans) > 0 {
			if err := fn(o); err != nil {
				return err
			}
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

// UnlabelAll deletes, in one transaction, every span of the annotator's
// labeled label whose text is exactly phrase (suggest.Labeled's rule), in
// every document, and returns them as they were, in project and text
// order. EINVALID for an unknown label.
func (db *DB) UnlabelAll(ctx context.Context, annotator, phrase, label string) ([]LabeledSpan, error) {
	if err := checkPhrase(annotator, phrase); err != nil {
		return nil, err
	}
	var removed []LabeledSpan
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		labelID, err := labelIDOf(ctx, tx, model.Span{Label: label})
		if err != nil {
			return err
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
			return err
		}
		for rows.Next() {
			var ls LabeledSpan
			var created, updated int64
			if err := rows.Scan(&ls.DocumentID, &ls.Span.ID, &ls.Span.Start, &ls.Span.End, &ls.Span.Label, &ls.Span.Note,
				&ls.Span.Origin, &created, &updated); err != nil {
				rows.Close()
				return err
			}
			ls.Span.Created, ls.Span.Updated = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
			removed = append(removed, ls)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, ls := range removed {
			if _, err := tx.ExecContext(ctx, "DELETE FROM spans WHERE uuid = ?", ls.Span.ID); err != nil {
				return explainOpenError(err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return removed, nil
}

// SuggestRun says which sources a bulk Suggest runs and what it stores.
type SuggestRun struct {
	Matcher    *suggest.Matcher // a patterns file's patterns; nil for none
	Figures    bool             // the FIGURE recognizer
	Dictionary bool             // the strings the annotator has labeled
	// Accept stores what the sources find as the annotator's spans (origin
	// suggestion) instead of as suggestions.
	Accept bool
}

// SuggestReport says what a bulk Suggest stored.
type SuggestReport struct {
	Documents   int            // documents read
	Touched     int            // documents that got at least one suggestion (span, with Accept)
	Added       int            // suggestions stored (spans, with Accept)
	ByLabel     map[string]int // Added by label
	BySource    map[string]int // Added by source (SourcePatterns, SourceFigures, SourceDictionary)
	LabelsAdded []string       // labels the sources brought that the project did not have
}

// Tuning of a bulk Suggest, measured on 100,000 news articles: a
// transaction per suggestBatchDocs documents keeps commits (each an fsync) rare
// and a failure's loss small; suggestRows rows per INSERT statement make
// the cost of a call through database/sql small next to SQLite's work.
const (
	suggestBatchDocs = 1000
	suggestRows      = 64
)

// Suggest runs the sources of run over every document for an annotator and
// stores what they find as suggestions, or with run.Accept as the
// annotator's spans. The dictionary is built first from all the
// annotator's spans. On each document, suggestions are resolved against the
// annotator's spans (suggest.Resolve, under the project's overlap rule;
// the dictionary is trusted before patterns, patterns before figures) and
// against the pending suggestions, which are not stored twice. A label the
// sources bring that the project lacks is added to it.
//
// Documents are tokenized and matched on every core and written by one
// goroutine, suggestBatchDocs documents a transaction: a failure or a
// cancellation keeps the batches written before it, never part of a
// document. progress, when set, is called after each batch with the
// documents done and the total. EINVALID for no source or a bad annotator
// name.
func (db *DB) Suggest(ctx context.Context, annotator string, run SuggestRun, progress func(done, total int)) (SuggestReport, error) {
	report := SuggestReport{ByLabel: map[string]int{}, BySource: map[string]int{}}
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return report, err
	}
	if run.Matcher == nil && !run.Figures && !run.Dictionary {
		return report, model.Errorf(model.EINVALID, "no source to suggest from: give patterns, figures or the dictionary")
	}
	w, err := db.newSuggestWriter(ctx, annotator, run)
	if err != nil {
		return report, err
	}
	var total int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&total); err != nil {
		return report, err
	}
	var dict *suggest.Dictionary
	if run.Dictionary {
		if dict, err = db.dictionary(ctx, w.annID); err != nil {
			return report, err
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *suggestBatch, 2)
	results := make(chan *suggestBatch, 2)
	errc := make(chan error, 1)
	fail := func(err error) {
		select {
		case errc <- err:
		default:
		}
		cancel()
	}
	go func() {
		defer close(batches)
		if err := db.readSuggestBatches(ctx, w.annID, batches); err != nil {
			fail(err)
		}
	}()
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := suggestMatcher{run: run, dict: dict, allowOverlap: w.allowOverlap}
			for b := range batches {
				for i := range b.docs {
					m.match(&b.docs[i])
				}
				select {
				case results <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	// Batches come back in any order; they are written in project order,
	// which appends to the suggestions' key instead of inserting into it.
	waiting := map[int]*suggestBatch{}
	next, done := 0, 0
	var werr error
	for b := range results {
		if werr != nil {
			continue // drain, so the workers can stop
		}
		waiting[b.seq] = b
		for b := waiting[next]; b != nil; b = waiting[next] {
			delete(waiting, next)
			next++
			if werr = w.write(ctx, b, &report); werr != nil {
				cancel()
				break
			}
			done += len(b.docs)
			report.Documents = done
			if progress != nil {
				progress(done, total)
			}
		}
	}
	report.LabelsAdded = w.labelsAdded
	sort.Strings(report.LabelsAdded)
	if werr != nil {
		return report, werr
	}
	select {
	case err := <-errc:
		return report, err
	default:
	}
	return report, ctx.Err()
}

// dictionary builds the annotator's dictionary from all their spans, in
// one query.
func (db *DB) dictionary(ctx context.Context, annID int64) (*suggest.Dictionary, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT substr(d.text, s.start + 1, s.end - s.start), l.name
		FROM annotation_sets a JOIN spans s ON s.set_id = a.id
		JOIN documents d ON d.id = a.document_id JOIN labels l ON l.id = s.label_id
		WHERE a.annotator_id = ?`, annID)
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
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return suggest.NewDictionary(entries), nil
}

// suggestBatch is suggestBatchDocs documents on their way through Suggest.
type suggestBatch struct {
	seq  int
	docs []suggestDoc
}

type suggestDoc struct {
	id        int64
	text      string
	existing  []model.Span // the annotator's spans
	suggested []model.Span // the annotator's pending suggestions
	found     []model.Span // what to store; ID holds the source until then
}

// readSuggestBatches sends every document, with the annotator's spans and
// suggestions on it, in batches of suggestBatchDocs in project order.
func (db *DB) readSuggestBatches(ctx context.Context, annID int64, out chan<- *suggestBatch) error {
	var after int64
	for seq := 0; ; seq++ {
		b := &suggestBatch{seq: seq, docs: make([]suggestDoc, 0, suggestBatchDocs)}
		rows, err := db.read.QueryContext(ctx, "SELECT id, text FROM documents WHERE id > ? ORDER BY id LIMIT ?", after, suggestBatchDocs)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d suggestDoc
			if err := rows.Scan(&d.id, &d.text); err != nil {
				rows.Close()
				return err
			}
			b.docs = append(b.docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(b.docs) == 0 {
			return nil
		}
		first, last := b.docs[0].id, b.docs[len(b.docs)-1].id
		after = last
		index := make(map[int64]int, len(b.docs))
		for i, d := range b.docs {
			index[d.id] = i
		}
		// "+a.annotator_id" keeps SQLite on the (document, annotator)
		// index: by annotator, it would read all of their sets per batch.
		if err := addKnownSpans(ctx, db.read, `SELECT a.document_id, s.start, s.end, l.name FROM annotation_sets a
			JOIN spans s ON s.set_id = a.id JOIN labels l ON l.id = s.label_id
			WHERE a.document_id BETWEEN ? AND ? AND +a.annotator_id = ?`, first, last, annID, func(doc int64, s model.Span) {
			d := &b.docs[index[doc]]
			d.existing = append(d.existing, s)
		}); err != nil {
			return err
		}
		if err := addKnownSpans(ctx, db.read, `SELECT s.document_id, s.start, s.end, l.name FROM suggestions s
			JOIN labels l ON l.id = s.label_id
			WHERE s.document_id BETWEEN ? AND ? AND s.annotator_id = ?`, first, last, annID, func(doc int64, s model.Span) {
			d := &b.docs[index[doc]]
			d.suggested = append(d.suggested, s)
		}); err != nil {
			return err
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
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

// suggestMatcher is one worker's state: buffers reused across documents.
type suggestMatcher struct {
	run          SuggestRun
	dict         *suggest.Dictionary
	allowOverlap bool
	tokens       []tokenize.Token
	found        []model.Span
}

// match fills d.found. Sources go in the order Resolve trusts them: on a
// tie, the dictionary (the annotator's own choice), then patterns, then
// figures. The source rides in each span's ID, which Resolve carries over.
func (m *suggestMatcher) match(d *suggestDoc) {
	m.tokens = tokenize.Append(m.tokens[:0], d.text)
	// Tokens keep pieces of the text, but only until the next document.
	d.text = ""
	m.found = m.found[:0]
	tag := func(from int, source string) {
		for i := from; i < len(m.found); i++ {
			m.found[i].ID = source
		}
	}
	if m.dict != nil {
		n := len(m.found)
		m.found = m.dict.Match(m.tokens, m.found)
		tag(n, SourceDictionary)
	}
	if m.run.Matcher != nil {
		n := len(m.found)
		m.found = m.run.Matcher.Match(m.tokens, m.found)
		tag(n, SourcePatterns)
	}
	if m.run.Figures {
		n := len(m.found)
		m.found = suggest.Figures(m.tokens, m.found)
		tag(n, SourceFigures)
	}
	if len(m.found) == 0 {
		return
	}
	resolved := suggest.Resolve(m.found, d.existing, m.allowOverlap)
	if len(d.suggested) > 0 {
		resolved = slices.DeleteFunc(resolved, func(s model.Span) bool {
			return slices.ContainsFunc(d.suggested, s.SameAs)
		})
	}
	d.found = resolved
}

// suggestWriter stores the batches of a bulk Suggest.
type suggestWriter struct {
	db           *DB
	annID        int64
	accept       bool
	allowOverlap bool
	labels       map[string]int64 // name -> id, of the labels met so far
	labelsAdded  []string
	ids          []byte // uuids of the batch being written, 16 bytes each
}

func (db *DB) newSuggestWriter(ctx context.Context, annotator string, run SuggestRun) (*suggestWriter, error) {
	w := &suggestWriter{db: db, accept: run.Accept, labels: map[string]int64{}}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if w.annID, err = annotatorID(ctx, tx, annotator, db.now().UnixMilli()); err != nil {
			return err
		}
		w.allowOverlap, err = allowOverlap(ctx, tx)
		return err
	})
	return w, err
}

// sqlSource is how the bulk insert of suggestions spells a source: a
// literal, since a value bound per row cost as much as an indexed column.
func sqlSource(source string) string {
	switch source {
	case SourceFigures, SourceDictionary:
		return "'" + source + "'"
	}
	return "'" + SourcePatterns + "'"
}

// write stores one batch in one transaction and, once it has committed,
// counts it in report.
func (w *suggestWriter) write(ctx context.Context, b *suggestBatch, report *SuggestReport) error {
	n := 0
	for _, d := range b.docs {
		n += len(d.found)
	}
	if n == 0 {
		return nil
	}
	now := w.db.now().UnixMilli()
	var added []string // labels added by this batch, kept only if it commits
	err := w.db.inTxUnchecked(ctx, func(tx *sql.Tx) error {
		labelID := func(name string) (int64, error) {
			if id, ok := w.labels[name]; ok {
				return id, nil
			}
			id, err := labelIDOf(ctx, tx, model.Span{Label: name})
			if err == nil {
				w.labels[name] = id
				return id, nil
			}
			if model.ErrorCode(err) != model.EINVALID {
				return 0, err
			}
			labels, err := queryLabels(ctx, tx)
			if err != nil {
				return 0, err
			}
			l := model.NewLabel(name, labels)
			if err := l.Validate(); err != nil {
				return 0, fmt.Errorf("cannot add label %q to the project: %w", name, err)
			}
			if id, err = addLabel(ctx, tx, l); err != nil {
				return 0, err
			}
			w.labels[name] = id
			added = append(added, name)
			return id, nil
		}
		var err error
		if w.accept {
			err = w.writeSpans(ctx, tx, b, now, labelID)
		} else {
			err = w.writeSuggestions(ctx, tx, b, n, now, labelID)
		}
		return err
	})
	if err != nil {
		for _, name := range added {
			delete(w.labels, name)
		}
		return err
	}
	w.labelsAdded = append(w.labelsAdded, added...)
	for _, d := range b.docs {
		if len(d.found) > 0 {
			report.Touched++
		}
		for _, s := range d.found {
			report.Added++
			report.ByLabel[s.Label]++
			report.BySource[s.ID]++
		}
	}
	return nil
}

// inTxUnchecked is inTx with SQLite's foreign key checks off, for the
// bulk writes of Suggest: the checks looked up the document, the annotator
// and the label of every row, a third of the time of writing suggestions,
// and the writer takes all three from the project in the first place
// (documents are never deleted; the annotator and labels it added itself).
// The connection has the checks back on before anyone else uses it, or is
// thrown away.
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

func (w *suggestWriter) writeSuggestions(ctx context.Context, tx *sql.Tx, b *suggestBatch, n int, now int64, labelID func(string) (int64, error)) (err error) {
	// One inserter per source, so the source can be a literal.
	inserters := map[string]*bulkInserter{}
	defer func() {
		for _, ins := range inserters {
			if cerr := ins.close(ctx); err == nil {
				err = cerr
			}
		}
	}()
	// One read of random bytes for the batch's IDs.
	if cap(w.ids) < 16*n {
		w.ids = make([]byte, 16*n)
	}
	ids := w.ids[:16*n]
	if err := newUUIDs(ids); err != nil {
		return err
	}
	for _, d := range b.docs {
		for _, s := range d.found {
			label, err := labelID(s.Label)
			if err != nil {
				return err
			}
			ins := inserters[s.ID]
			if ins == nil {
				row := fmt.Sprintf("(?, %d, ?, ?, ?, ?, %s, %d)", w.annID, sqlSource(s.ID), now)
				if ins, err = newBulkInserter(ctx, tx, "INSERT INTO suggestions (document_id, annotator_id, start, end, label_id, uuid, source, created_at)", row, 5); err != nil {
					return err
				}
				inserters[s.ID] = ins
			}
			id := ids[:16:16]
			ids = ids[16:]
			if err := ins.add(ctx, d.id, int64(s.Start), int64(s.End), label, id); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *suggestWriter) writeSpans(ctx context.Context, tx *sql.Tx, b *suggestBatch, now int64, labelID func(string) (int64, error)) (err error) {
	row := fmt.Sprintf("(?, ?, ?, ?, ?, '', 'suggestion', %d, %d)", now, now)
	ins, err := newBulkInserter(ctx, tx, "INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at)", row, 5)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := ins.close(ctx); err == nil {
			err = cerr
		}
	}()
	for _, d := range b.docs {
		if len(d.found) == 0 {
			continue
		}
		set, err := setOf(ctx, tx, d.id, w.annID, now)
		if err != nil {
			return err
		}
		for _, s := range d.found {
			label, err := labelID(s.Label)
			if err != nil {
				return err
			}
			if err := ins.add(ctx, newID(), set.id, int64(s.Start), int64(s.End), label); err != nil {
				return err
			}
		}
		if err := markStarted(ctx, tx, set, now); err != nil {
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
