package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
)

// AgreementSets calls fn, in project order and from one read snapshot,
// with each document on which a person (anyone but model.GoldAnnotator)
// has a set whose status is one of counted: doc.Sets holds those people's
// spans by name, doc.Gold the gold set's when its status is one of counted
// too (HasGold). With reviewedOnly, only documents whose gold set is done
// (reviewed) are read. With label, only spans of that label are read; a
// set without any still counts. doc.ID and doc.Text are read only where
// two or more people have sets, the only documents agreement tokenizes.
//
// doc and the slices in it are the store's, reused for the next document:
// fn copies what it keeps. fn's error stops the walk and is returned;
// ENOTFOUND when label is not one of the project's labels.
func (db *DB) AgreementSets(ctx context.Context, counted []model.Status, label string, reviewedOnly bool, fn func(doc *agree.Document) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return agreement(ctx, tx, counted, label, reviewedOnly, fn)
}

// agreeBuffer is the document being gathered.
type agreeBuffer struct {
	doc    agree.Document
	people int // sets in doc.Sets: the people's, not gold
	// spans keeps each annotator's span buffer from document to document;
	// doc.Sets points into it.
	spans map[string][]model.Span
}

func newAgreeBuffer() *agreeBuffer {
	return &agreeBuffer{doc: agree.Document{Sets: map[string][]model.Span{}}, spans: map[string][]model.Span{}}
}

// reset empties b for the next document, keeping its buffers.
func (b *agreeBuffer) reset() {
	clear(b.doc.Sets)
	b.doc.ID, b.doc.Text, b.doc.Gold, b.doc.HasGold = "", "", b.doc.Gold[:0], false
	b.people = 0
}

// agreement walks the counted sets document by document, handing each
// document with a person's set on it to fn.
func agreement(ctx context.Context, tx *sql.Tx, counted []model.Status, label string, reviewedOnly bool, fn func(*agree.Document) error) error {
	if len(counted) == 0 {
		return nil
	}
	labels, order, err := labelsByID(ctx, tx)
	if err != nil {
		return err
	}
	var labelID int64
	if label != "" {
		for id, name := range labels {
			if name == label {
				labelID = id
			}
		}
		if labelID == 0 {
			return model.Errorf(model.ENOTFOUND, "no label named %s in this project (labels: %s)", label, strings.Join(order, ", "))
		}
	}
	var goldID int64 // 0, which no row has, while nobody has made gold
	err = tx.QueryRowContext(ctx, "SELECT id FROM annotators WHERE name = ?", model.GoldAnnotator).Scan(&goldID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if reviewedOnly && goldID == 0 {
		return nil // nothing has been reviewed
	}

	where, args := "s.status IN ("+placeholders(len(counted))+")", []any{}
	for _, st := range counted {
		args = append(args, st)
	}
	if reviewedOnly {
		where += ` AND s.document_id IN (SELECT document_id FROM annotation_sets
			WHERE annotator_id = ? AND status = ?)`
		args = append(args, goldID, model.StatusDone)
	}
	// Two cursors walk the documents in id order side by side. The first
	// gives each counted set with its spans packed into one string
	// ("start,end,label_id;..."): one row per set instead of one per span
	// is most of what makes this fast, since a row through database/sql
	// costs more than SQLite's work on it. Sets come in document order from
	// the index on (document_id, annotator_id) and each set's spans from the
	// index on (set_id, ...), so nothing is sorted. The spans' order does not
	// matter: the accumulator puts them in its own.
	spanArgs := []any{}
	spanFilter := ""
	if labelID != 0 {
		// Only the spans: a set with none of the label still counts, as
		// an annotator who found nothing of it.
		spanFilter = " AND sp.label_id = ?"
		spanArgs = append(spanArgs, labelID)
	}
	sets, err := tx.QueryContext(ctx, `SELECT s.document_id, s.annotator_id, a.name,
			(SELECT group_concat(sp.start || ',' || sp.end || ',' || sp.label_id, ';')
				FROM spans sp WHERE sp.set_id = s.id`+spanFilter+`)
		FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id
		WHERE `+where+` ORDER BY s.document_id`, append(spanArgs, args...)...)
	if err != nil {
		return err
	}
	defer sets.Close()
	// The second gives the text of the documents with two or more people's
	// sets: the rest are never tokenized.
	texts, err := tx.QueryContext(ctx, `SELECT d.id, d.uuid, d.text FROM documents d
		WHERE d.id IN (SELECT s.document_id FROM annotation_sets s
			WHERE `+where+` AND s.annotator_id <> ? GROUP BY s.document_id HAVING count(*) >= 2)
		ORDER BY d.id`, append(args, goldID)...)
	if err != nil {
		return err
	}
	defer texts.Close()

	w := agreementWalk{texts: texts, labels: labels, goldID: goldID, fn: fn, buf: newAgreeBuffer()}
	for sets.Next() {
		var docID, annotatorID int64
		var name string
		var packed sql.RawBytes
		if err := sets.Scan(&docID, &annotatorID, &name, &packed); err != nil {
			return err
		}
		if docID != w.docID {
			if err := w.flush(); err != nil {
				return err
			}
			w.docID = docID
		}
		if err := w.addSet(annotatorID, name, packed); err != nil {
			return err
		}
	}
	if err := sets.Err(); err != nil {
		return err
	}
	return w.flush()
}

// agreementWalk gathers one document's sets at a time and sends each
// finished document on.
type agreementWalk struct {
	texts  *sql.Rows
	labels map[int64]string // label names by id
	goldID int64
	fn     func(*agree.Document) error

	docID int64        // the document being gathered; 0 before the first
	buf   *agreeBuffer // what it has of it
}

func (w *agreementWalk) addSet(annotatorID int64, name string, packed []byte) error {
	b := w.buf
	if annotatorID == w.goldID {
		var err error
		b.doc.Gold, err = w.unpack(b.doc.Gold[:0], packed)
		b.doc.HasGold = true
		return err
	}
	set, err := w.unpack(b.spans[name][:0], packed)
	if err != nil {
		return err
	}
	b.spans[name] = set
	b.doc.Sets[name] = set
	b.people++
	return nil
}

// flush hands the gathered document to fn, if it has a person's set, and
// starts afresh. A document with one person's set is not tokenized and
// needs no text, nor an ID: it appears in no list of documents.
func (w *agreementWalk) flush() error {
	if w.buf.people == 0 {
		w.buf.reset()
		return nil
	}
	if w.buf.people >= 2 {
		if err := w.readText(); err != nil {
			return err
		}
	}
	err := w.fn(&w.buf.doc)
	w.buf.reset()
	return err
}

// readText moves the text cursor to the document being gathered. It walks
// the same documents in the same order, so it is never behind by more than
// documents it has no use for, and never ahead.
func (w *agreementWalk) readText() error {
	for w.texts.Next() {
		var id int64
		if err := w.texts.Scan(&id, &w.buf.doc.ID, &w.buf.doc.Text); err != nil {
			return err
		}
		if id == w.docID {
			return nil
		}
	}
	if err := w.texts.Err(); err != nil {
		return err
	}
	return fmt.Errorf("agreement: no text for document %d", w.docID)
}

// unpack appends the spans of a packed list to dst.
func (w *agreementWalk) unpack(dst []model.Span, packed []byte) ([]model.Span, error) {
	for len(packed) > 0 {
		var f [3]int
		for i := range f {
			n, rest, ok := cutInt(packed)
			if !ok || i < 2 && (len(rest) == 0 || rest[0] != ',') {
				return dst, fmt.Errorf("agreement: bad span list %q", packed)
			}
			f[i], packed = n, rest[min(1, len(rest)):]
		}
		label, ok := w.labels[int64(f[2])]
		if !ok {
			return dst, fmt.Errorf("agreement: a span has label id %d, which no label has", f[2])
		}
		dst = append(dst, model.Span{Start: f[0], End: f[1], Label: label})
	}
	return dst, nil
}

// cutInt reads the non-negative decimal number at the start of b.
func cutInt(b []byte) (n int, rest []byte, ok bool) {
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int(b[i]-'0')
	}
	return n, b[i:], i > 0
}

// labelsByID returns the label names by id, and in display order.
func labelsByID(ctx context.Context, tx *sql.Tx) (map[int64]string, []string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, name FROM labels ORDER BY position, id")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byID := map[int64]string{}
	var order []string
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, nil, err
		}
		byID[id] = name
		order = append(order, name)
	}
	return byID, order, rows.Err()
}
