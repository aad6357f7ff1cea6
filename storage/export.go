package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// ExportQuery picks the annotation sets an export writes; the export use
// case (package app) declares it with the contract storage implements.
type ExportQuery = app.ExportQuery

// Export calls fn with each annotation set q picks (app.ExportSource), in the order the sets were
// made, from one consistent snapshot of the project. A set with no spans is
// passed too: an annotator read the document and found nothing, a negative
// example (with its Prodigy answer and hashes when it was imported with
// them). Each set's relations come with it, naming their spans by index
// in its sorted spans. It streams: one document's text, spans and
// relations are in memory at a time. The Annotation passed to
// fn is reused for the next call.
func (db *DB) Export(ctx context.Context, q app.ExportQuery, fn func(*formats.Annotation) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()

	where, args := exportFilter(q)
	// Two cursors walk the sets and their spans in set id order side by side:
	// each document's text is read once, and the spans come in index order
	// from spans(set_id, start, end, label_id) with no sort.
	sets, err := tx.QueryContext(ctx, `SELECT s.id, d.uuid, d.external_id, d.text, d.meta, a.name, s.status, s.note,
		s.answer, s.input_hash, s.task_hash, t.count, t.data
		FROM annotation_sets s JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id
		LEFT JOIN document_tokens t ON t.document_id = d.id
		WHERE `+where+` ORDER BY s.id`, args...)
	if err != nil {
		return err
	}
	defer sets.Close()
	spans, err := tx.QueryContext(ctx, `SELECT sp.set_id, sp.start, sp.end, l.name, sp.note, sp.attributes
		FROM spans sp JOIN labels l ON l.id = sp.label_id
		JOIN annotation_sets s ON s.id = sp.set_id JOIN annotators a ON a.id = s.annotator_id
		WHERE `+where+` ORDER BY sp.set_id, sp.start, sp.end, sp.label_id`, args...)
	if err != nil {
		return err
	}
	defer spans.Close()
	// A third cursor walks the relations in set order, each with its spans'
	// offsets and labels, by which it finds their indexes in the set's
	// sorted spans; relations_set gives the order.
	rels, err := tx.QueryContext(ctx, `SELECT r.set_id, f.start, f.end, fl.name, t.start, t.end, tl.name, l.name, l.symmetric, r.note
		FROM relations r JOIN spans f ON f.id = r.from_span JOIN spans t ON t.id = r.to_span
		JOIN labels fl ON fl.id = f.label_id JOIN labels tl ON tl.id = t.label_id
		JOIN relation_labels l ON l.id = r.label_id
		JOIN annotation_sets s ON s.id = r.set_id JOIN annotators a ON a.id = s.annotator_id
		WHERE `+where+` ORDER BY r.set_id, r.id`, args...)
	if err != nil {
		return err
	}
	defer rels.Close()

	var a formats.Annotation
	var stored []model.Token // reused: the Annotation is too
	var pending struct {
		setID int64
		span  model.Span
		ok    bool
	}
	nextSpan := func() error {
		pending.ok = spans.Next()
		if !pending.ok {
			return spans.Err()
		}
		s := &pending.span
		var attrs []byte
		if err := spans.Scan(&pending.setID, &s.Start, &s.End, &s.Label, &s.Note, &attrs); err != nil {
			return err
		}
		// Every span is decoded afresh: one without attributes must not
		// keep the last one's.
		var err error
		s.Attributes, err = decodeAttributes(attrs)
		return err
	}
	if err := nextSpan(); err != nil {
		return err
	}
	var pendingRel struct {
		setID    int64
		from, to model.Span
		rel      formats.Relation
		ok       bool
	}
	nextRel := func() error {
		pendingRel.ok = rels.Next()
		if !pendingRel.ok {
			return rels.Err()
		}
		p := &pendingRel
		return rels.Scan(&p.setID, &p.from.Start, &p.from.End, &p.from.Label, &p.to.Start, &p.to.End, &p.to.Label,
			&p.rel.Label, &p.rel.Symmetric, &p.rel.Note)
	}
	if err := nextRel(); err != nil {
		return err
	}
	type spanKey struct {
		start, end int
		label      string
	}
	index := map[spanKey]int{}
	for sets.Next() {
		var setID int64
		var meta string
		var inputHash, taskHash, tokCount sql.NullInt64
		var tokData []byte
		d := &a.Document
		if err := sets.Scan(&setID, &d.ID, &d.ExternalID, &d.Text, &meta, &a.Annotator, &a.Status, &a.Note,
			&a.Answer, &inputHash, &taskHash, &tokCount, &tokData); err != nil {
			return err
		}
		// The tokens the document came with, for the token writers; nil
		// when it has none (they tokenize then).
		a.Tokens = nil
		if tokCount.Valid {
			if stored, err = decodeTokens(tokData, int(tokCount.Int64), stored); err != nil {
				return err
			}
			a.Tokens = stored
		}
		// Prodigy's hashes as imported: a document's text never changes,
		// so they still name it.
		a.InputHash, a.TaskHash = nil, nil
		if inputHash.Valid {
			a.InputHash = &inputHash.Int64
		}
		if taskHash.Valid {
			a.TaskHash = &taskHash.Int64
		}
		d.Meta = json.RawMessage(meta)
		if meta == "{}" {
			d.Meta = nil
		}
		a.Spans = a.Spans[:0]
		for pending.ok && pending.setID < setID {
			// Cannot happen with both cursors under one filter, but a
			// skipped span must never attach to the wrong document.
			if err := nextSpan(); err != nil {
				return err
			}
		}
		for pending.ok && pending.setID == setID {
			a.Spans = append(a.Spans, pending.span)
			if err := nextSpan(); err != nil {
				return err
			}
		}
		model.SortSpans(a.Spans) // by label name where offsets tie, as everywhere else
		a.Relations = a.Relations[:0]
		for pendingRel.ok && pendingRel.setID < setID {
			if err := nextRel(); err != nil {
				return err
			}
		}
		if pendingRel.ok && pendingRel.setID == setID {
			clear(index)
			for i, s := range a.Spans {
				index[spanKey{s.Start, s.End, s.Label}] = i
			}
			for pendingRel.ok && pendingRel.setID == setID {
				p := &pendingRel
				from, okFrom := index[spanKey{p.from.Start, p.from.End, p.from.Label}]
				to, okTo := index[spanKey{p.to.Start, p.to.End, p.to.Label}]
				if okFrom && okTo { // always, within one snapshot
					r := p.rel
					r.From, r.To = from, to
					a.Relations = append(a.Relations, r)
				}
				if err := nextRel(); err != nil {
					return err
				}
			}
			// Reading order: by the span a relation starts at, then the
			// one it points to (model.SortRelations), then label.
			slices.SortFunc(a.Relations, func(x, y formats.Relation) int {
				return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To), cmp.Compare(x.Label, y.Label))
			})
		}
		if err := fn(&a); err != nil {
			return err
		}
	}
	return sets.Err()
}

// exportFilter turns a query into a WHERE clause over sets s and annotators a.
func exportFilter(q app.ExportQuery) (string, []any) {
	clauses := []string{"1"}
	var args []any
	if len(q.Annotators) > 0 {
		clauses = append(clauses, "a.name IN ("+placeholders(len(q.Annotators))+")")
		for _, n := range q.Annotators {
			args = append(args, n)
		}
	}
	if len(q.Statuses) > 0 {
		clauses = append(clauses, "s.status IN ("+placeholders(len(q.Statuses))+")")
		for _, s := range q.Statuses {
			args = append(args, string(s))
		}
	}
	return strings.Join(clauses, " AND "), args
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// ExportCount is how many annotation sets Export would pass to its callback:
// the total a progress bar needs (app.ExportSource).
func (db *DB) ExportCount(ctx context.Context, q app.ExportQuery) (int, error) {
	where, args := exportFilter(q)
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id
		WHERE `+where, args...).Scan(&n)
	return n, err
}
