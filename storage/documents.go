package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/inkspan/inkspan/model"
)

// titleRunes bounds the title kept for document lists.
const titleRunes = 120

// Title is what a document list shows for a text: its first non-blank line,
// cut to a readable length.
func Title(text string) string {
	for _, line := range strings.SplitN(text, "\n", 8) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if r := []rune(line); len(r) > titleRunes {
			return strings.TrimRightFunc(string(r[:titleRunes]), unicode.IsSpace) + "…"
		}
		return line
	}
	return ""
}

// AddDocument stores a document, or finds the one with the same text. It
// returns the document's UUID and whether it was new.
func (db *DB) AddDocument(ctx context.Context, d model.Document) (id string, added bool, err error) {
	if err := model.ValidateText(d.Text); err != nil {
		return "", false, err
	}
	if err := model.ValidateMeta(d.Meta); err != nil {
		return "", false, err
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		ins, err := newDocumentInserter(ctx, tx, db.now)
		if err != nil {
			return err
		}
		defer ins.close()
		ref, err := ins.add(ctx, d)
		id, added = ref.uuid, ref.added
		return err
	})
	return id, added, err
}

// docRef is what an insert needs to know about a stored document.
type docRef struct {
	id     int64
	uuid   string
	length int
	added  bool
}

// documentInserter holds the statements an import reuses for every record.
type documentInserter struct {
	find, insert *sql.Stmt
	now          func() int64
}

// The statements of a documentInserter.
const (
	findDocumentByHash = "SELECT id, uuid, length FROM documents WHERE hash = ?"
	insertDocument     = `INSERT INTO documents (uuid, external_id, text, meta, hash, length, title, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
)

func newDocumentInserter(ctx context.Context, tx *sql.Tx, now nowFunc) (*documentInserter, error) {
	find, err := tx.PrepareContext(ctx, findDocumentByHash)
	if err != nil {
		return nil, err
	}
	insert, err := tx.PrepareContext(ctx, insertDocument)
	if err != nil {
		find.Close()
		return nil, err
	}
	return &documentInserter{find: find, insert: insert, now: func() int64 { return now().UnixMilli() }}, nil
}

func (ins *documentInserter) close() {
	ins.find.Close()
	ins.insert.Close()
}

// add finds d by content hash or inserts it; d.Text must be valid.
func (ins *documentInserter) add(ctx context.Context, d model.Document) (docRef, error) {
	if d.Hash == "" {
		d.Hash = model.ContentHash(d.Text)
	}
	ref, found, err := ins.lookup(ctx, d.Hash)
	if err != nil || found {
		return ref, err
	}
	return ins.insertNew(ctx, d)
}

// lookup finds the document with the given content hash.
func (ins *documentInserter) lookup(ctx context.Context, hash string) (docRef, bool, error) {
	var ref docRef
	err := ins.find.QueryRowContext(ctx, hash).Scan(&ref.id, &ref.uuid, &ref.length)
	if errors.Is(err, sql.ErrNoRows) {
		return ref, false, nil
	}
	return ref, err == nil, err
}

// insertNew stores d, whose Hash is set and not yet in the project.
func (ins *documentInserter) insertNew(ctx context.Context, d model.Document) (docRef, error) {
	ref := docRef{uuid: d.ID, length: model.RuneLen(d.Text), added: true}
	if ref.uuid == "" {
		ref.uuid = newID()
	}
	meta := "{}"
	if len(d.Meta) > 0 {
		meta = string(d.Meta)
	}
	res, err := ins.insert.ExecContext(ctx, ref.uuid, d.ExternalID, d.Text, meta, d.Hash, ref.length, Title(d.Text), ins.now())
	if err != nil {
		return ref, fmt.Errorf("insert document: %w", explainOpenError(err))
	}
	ref.id, err = res.LastInsertId()
	return ref, err
}

// Documents lists every document in import order with the given
// annotator's status and span count. Texts are not read.
func (db *DB) Documents(ctx context.Context, annotator string) ([]model.DocumentSummary, error) {
	return db.ListDocuments(ctx, annotator, model.DocumentFilter{}, 0, -1)
}

// Document returns one document with its text. ENOTFOUND if there is none.
func (db *DB) Document(ctx context.Context, id string) (model.Document, error) {
	return readDocument(ctx, db.read, id)
}

func readDocument(ctx context.Context, q querier, id string) (model.Document, error) {
	d := model.Document{ID: id}
	var meta string
	err := q.QueryRowContext(ctx, "SELECT external_id, text, meta, hash FROM documents WHERE uuid = ?", id).
		Scan(&d.ExternalID, &d.Text, &meta, &d.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return d, model.Errorf(model.ENOTFOUND, "no document %s", id)
	}
	d.Meta = json.RawMessage(meta)
	return d, err
}

// Annotators lists the people who annotate the project, by name: not the
// gold version (model.GoldAnnotator), which is the reviewers' work.
func (db *DB) Annotators(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT name FROM annotators WHERE name <> ? ORDER BY name", model.GoldAnnotator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// AddAnnotator registers an annotator; an existing name is not an error.
func (db *DB) AddAnnotator(ctx context.Context, name string) error {
	if err := model.ValidateAnnotatorName(name); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := annotatorID(ctx, tx, name, db.now().UnixMilli())
		return err
	})
}

func annotatorID(ctx context.Context, q querier, name string, now int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO annotators (name, created_at) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`, name, now).Scan(&id)
	return id, err
}

// Status returns an annotator's status on a document; todo when the
// annotator has not touched it.
func (db *DB) Status(ctx context.Context, documentID, annotator string) (model.Status, error) {
	return status(ctx, db.read, documentID, annotator)
}

// status reads an annotator's status through q (the read pool or a
// transaction): todo when they have not touched the document, ENOTFOUND
// when there is no such document.
func status(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, documentID, annotator string) (model.Status, error) {
	var s model.Status
	err := q.QueryRowContext(ctx, `SELECT s.status FROM annotation_sets s
		JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id
		WHERE d.uuid = ? AND a.name = ?`, documentID, annotator).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		// Untouched is todo; only a document that is not there is an error.
		var exists bool
		if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM documents WHERE uuid = ?)", documentID).Scan(&exists); err != nil {
			return "", err
		}
		if !exists {
			return "", model.Errorf(model.ENOTFOUND, "no document %s", documentID)
		}
		return model.StatusTodo, nil
	}
	return s, err
}

// SetStatus records an annotator's status on a document.
func (db *DB) SetStatus(ctx context.Context, documentID, annotator string, status model.Status) error {
	if err := status.Validate(); err != nil {
		return err
	}
	return db.writeTx(ctx, func(tx *WriteTx) error { return tx.SetStatus(ctx, documentID, annotator, status) })
}

// SetStatus is DB.SetStatus inside the transaction.
func (t *WriteTx) SetStatus(ctx context.Context, documentID, annotator string, status model.Status) error {
	if err := status.Validate(); err != nil {
		return err
	}
	set, err := t.set(ctx, documentID, annotator)
	if err != nil {
		return err
	}
	if _, err = t.exec(ctx, "UPDATE annotation_sets SET status = ?, updated_at = ? WHERE id = ?",
		status, t.now.UnixMilli(), set.id); err != nil {
		return err
	}
	t.setStatus(set.id, status)
	t.touchedNow(set.id)
	return nil
}

// Status is DB.Status inside the transaction: it sees the transaction's
// own changes.
func (t *WriteTx) Status(ctx context.Context, documentID, annotator string) (model.Status, error) {
	ref, found, err := t.findSet(ctx, documentID, annotator)
	if err != nil || found {
		return ref.status, err
	}
	// No set: todo, or ENOTFOUND for a document that is not there.
	return status(ctx, prepared{t}, documentID, annotator)
}

// setRef identifies an annotator's set on a document inside a transaction.
type setRef struct {
	id         int64
	textLength int
	status     model.Status
	// unrelated says that the set had no relations when the transaction
	// read it (WriteTx.relationsOf then reads none).
	unrelated bool
}

// annotationSet finds or creates the annotator's set on a document.
func (db *DB) annotationSet(ctx context.Context, tx *sql.Tx, documentID, annotator string) (setRef, error) {
	var ref setRef
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return ref, err
	}
	var docID int64
	err := tx.QueryRowContext(ctx, "SELECT id, length FROM documents WHERE uuid = ?", documentID).Scan(&docID, &ref.textLength)
	if errors.Is(err, sql.ErrNoRows) {
		return ref, model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil {
		return ref, err
	}
	now := db.now().UnixMilli()
	annID, err := annotatorID(ctx, tx, annotator, now)
	if err != nil {
		return ref, err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO annotation_sets (document_id, annotator_id, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (document_id, annotator_id) DO UPDATE SET document_id = excluded.document_id
		RETURNING id, status`, docID, annID, model.StatusTodo, now, now).Scan(&ref.id, &ref.status)
	return ref, err
}
