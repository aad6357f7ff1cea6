package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/jackc/pgx/v5"
)

// exportBatch is how many annotation sets Export reads at a time: enough
// to make the round trips few, few enough to keep a batch's texts small.
var exportBatch = 256

// Path is "": a team project is not a file an export could overwrite
// (app.ExportSource).
func (db *DB) Path() string { return "" }

// Labels returns the project's labels in their order (app.ExportSource).
func (db *DB) Labels(ctx context.Context) (labels []model.Label, err error) {
	err = db.Read(ctx, func(tx app.ReadTx) error {
		labels, err = tx.Labels(ctx)
		return err
	})
	return labels, err
}

// Annotators returns the names of the people who annotate the project,
// sorted (byte order, as SQLite), without the gold version
// (app.ExportSource).
func (db *DB) Annotators(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT name FROM annotators WHERE name <> $1 ORDER BY name COLLATE "C"`, model.GoldAnnotator)
	if err != nil {
		return nil, withContext(ctx, err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return names, withContext(ctx, err)
}

// HasGold says whether any document has a gold version (app.ExportSource).
func (db *DB) HasGold(ctx context.Context) (bool, error) {
	var has bool
	err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM annotation_sets s
		JOIN annotators a ON a.id = s.annotator_id WHERE a.name = $1)`, model.GoldAnnotator).Scan(&has)
	return has, withContext(ctx, err)
}

// exportFilter turns a query into a condition on sets s and annotators a,
// its arguments numbered from $1.
func exportFilter(q app.ExportQuery) (string, []any) {
	clauses := []string{"true"}
	var args []any
	if len(q.Annotators) > 0 {
		args = append(args, q.Annotators)
		clauses = append(clauses, "a.name = ANY($"+strconv.Itoa(len(args))+")")
	}
	if len(q.Statuses) > 0 {
		statuses := make([]string, len(q.Statuses))
		for i, s := range q.Statuses {
			statuses[i] = string(s)
		}
		args = append(args, statuses)
		clauses = append(clauses, "s.status = ANY($"+strconv.Itoa(len(args))+")")
	}
	return strings.Join(clauses, " AND "), args
}

// ExportCount counts the annotation sets Export passes for q
// (app.ExportSource).
func (db *DB) ExportCount(ctx context.Context, q app.ExportQuery) (int, error) {
	where, args := exportFilter(q)
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id
		WHERE `+where, args...).Scan(&n)
	return n, withContext(ctx, err)
}

// exportSet is an annotation set as an export batch holds it.
type exportSet struct {
	id      int64
	docID   int64
	a       formats.Annotation
	meta    string
	tokens  *storedTokens
	spans   []model.Span
	related bool
}

// Export calls fn with each annotation set q picks, in the order the sets
// were made, from one snapshot (app.ExportSource): a REPEATABLE READ
// transaction read in batches of sets, each batch's spans and relations
// by the batch's set ids, so that memory holds one batch whatever the
// project's size, and fn runs while no query is open.
func (db *DB) Export(ctx context.Context, q app.ExportQuery, fn func(*formats.Annotation) error) error {
	return db.Read(ctx, func(rtx app.ReadTx) error {
		tx := rtx.(ReadTx).q
		where, args := exportFilter(q)
		after := int64(0)
		var a formats.Annotation
		var tokens []model.Token // reused, as a is
		for {
			batch, err := exportSets(ctx, tx, where, args, after)
			if err != nil || len(batch) == 0 {
				return withContext(ctx, err)
			}
			after = batch[len(batch)-1].id
			if err := exportSpans(ctx, tx, batch); err != nil {
				return withContext(ctx, err)
			}
			for i := range batch {
				set := &batch[i]
				a.Document, a.Annotator, a.Status, a.Note = set.a.Document, set.a.Annotator, set.a.Status, set.a.Note
				a.Answer, a.InputHash, a.TaskHash = set.a.Answer, set.a.InputHash, set.a.TaskHash
				a.Document.Meta = json.RawMessage(set.meta)
				if set.meta == "{}" {
					a.Document.Meta = nil
				}
				a.Tokens = nil
				if set.tokens != nil {
					if tokens, err = set.tokens.decode(tokens); err != nil {
						return err
					}
					a.Tokens = tokens
				}
				a.Spans = append(a.Spans[:0], set.spans...)
				model.SortSpans(a.Spans)
				a.Relations = a.Relations[:0]
				if set.related {
					if a.Relations, err = exportRelations(ctx, tx, set.id, a.Spans, a.Relations); err != nil {
						return withContext(ctx, err)
					}
				}
				if err := fn(&a); err != nil {
					return err
				}
			}
		}
	})
}

// exportSets reads the next batch of sets after set id after.
func exportSets(ctx context.Context, tx querier, where string, args []any, after int64) ([]exportSet, error) {
	n := len(args)
	rows, err := tx.Query(ctx, `SELECT s.id, d.id, d.uuid, d.external_id, d.text, d.meta, a.name, s.status, s.note,
			s.answer, s.input_hash, s.task_hash, t.starts, t.ends, t.sentence_starts, t.columns,
			EXISTS (SELECT 1 FROM relations r WHERE r.set_id = s.id)
		FROM annotation_sets s JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id
		LEFT JOIN document_tokens t ON t.document_id = d.id
		WHERE `+where+` AND s.id > $`+strconv.Itoa(n+1)+` ORDER BY s.id LIMIT $`+strconv.Itoa(n+2),
		append(slices.Clone(args), after, exportBatch)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var batch []exportSet
	for rows.Next() {
		var set exportSet
		var tok storedTokens
		d := &set.a.Document
		if err := rows.Scan(&set.id, &set.docID, &d.ID, &d.ExternalID, &d.Text, &set.meta, &set.a.Annotator, &set.a.Status, &set.a.Note,
			&set.a.Answer, &set.a.InputHash, &set.a.TaskHash, &tok.starts, &tok.ends, &tok.sentences, &tok.columns, &set.related); err != nil {
			return nil, err
		}
		if tok.starts != nil {
			set.tokens = &tok
		}
		batch = append(batch, set)
	}
	return batch, rows.Err()
}

// exportSpans reads the spans of a batch's sets.
func exportSpans(ctx context.Context, tx querier, batch []exportSet) error {
	ids := make([]int64, len(batch))
	at := make(map[int64]int, len(batch))
	for i, set := range batch {
		ids[i], at[set.id] = set.id, i
	}
	// The spans' attributes go with them: the writers carry what their
	// formats can (brat A lines, Label Studio choices, Prodigy kb_id).
	rows, err := tx.Query(ctx, `SELECT sp.set_id, sp.start_cp, sp.end_cp, l.name, sp.note, sp.attributes
		FROM spans sp JOIN labels l ON l.id = sp.label_id WHERE sp.set_id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var setID int64
		var s model.Span
		var attrs []byte
		if err := rows.Scan(&setID, &s.Start, &s.End, &s.Label, &s.Note, &attrs); err != nil {
			return err
		}
		if s.Attributes, err = decodeAttributes(attrs); err != nil {
			return err
		}
		set := &batch[at[setID]]
		set.spans = append(set.spans, s)
	}
	return rows.Err()
}

// exportRelations reads a set's relations, naming their spans by index in
// spans (the set's, sorted), in reading order: by the span a relation
// starts at, the one it points to, the label.
func exportRelations(ctx context.Context, tx querier, setID int64, spans []model.Span, dst []formats.Relation) ([]formats.Relation, error) {
	type spanKey struct {
		start, end int
		label      string
	}
	index := make(map[spanKey]int, len(spans))
	for i, s := range spans {
		index[spanKey{s.Start, s.End, s.Label}] = i
	}
	rows, err := tx.Query(ctx, `SELECT f.start_cp, f.end_cp, fl.name, t.start_cp, t.end_cp, tl.name, l.name, l.is_symmetric, r.note
		FROM relations r JOIN spans f ON f.id = r.from_span JOIN spans t ON t.id = r.to_span
		JOIN labels fl ON fl.id = f.label_id JOIN labels tl ON tl.id = t.label_id
		JOIN relation_labels l ON l.id = r.label_id
		WHERE r.set_id = $1`, setID)
	if err != nil {
		return dst, err
	}
	defer rows.Close()
	for rows.Next() {
		var from, to spanKey
		var r formats.Relation
		if err := rows.Scan(&from.start, &from.end, &from.label, &to.start, &to.end, &to.label, &r.Label, &r.Symmetric, &r.Note); err != nil {
			return dst, err
		}
		f, okFrom := index[from]
		t, okTo := index[to]
		if okFrom && okTo { // always, within one snapshot
			r.From, r.To = f, t
			dst = append(dst, r)
		}
	}
	if err := rows.Err(); err != nil {
		return dst, err
	}
	slices.SortFunc(dst, func(x, y formats.Relation) int {
		return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To), cmp.Compare(x.Label, y.Label))
	})
	return dst, nil
}

var _ app.ExportSource = (*DB)(nil)
