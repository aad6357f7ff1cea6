package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// MergeSource is the project file at otherPath as a merge into this
// project reads it (app.MergeSource): opened read-only, and only when the
// merge reads it, in one read transaction. Its Name is otherPath as given.
// Reading it fails with ENOTFOUND for a missing file, and EINVALID for a
// file that is not a project, was written by a newer Inkspan, is this
// project itself (by another name or link too), or was copied without
// the -wal file that held its last changes.
func (db *DB) MergeSource(otherPath string) app.MergeSource {
	return &mergeFile{path: otherPath, here: db.path}
}

// mergeFile is an app.MergeSource: another project file.
type mergeFile struct {
	path string // as given, for messages
	here string // the project merged into, which it must not be
}

func (f *mergeFile) Name() string { return f.path }

// MergeRead opens the file read-only, checks it, and runs fn on one read
// transaction of it (app.MergeSource).
func (f *mergeFile) MergeRead(ctx context.Context, fn func(tx app.MergeSourceTx) error) error {
	src, err := openMergeSource(ctx, f.here, f.path)
	if err != nil {
		return err
	}
	defer src.close()
	return fn(src)
}

// mergeSource is the other project file, open read-only in one read
// transaction: a consistent snapshot even if its owner is still writing.
type mergeSource struct {
	conn       *sql.DB
	tx         *sql.Tx
	hasReviews bool // files before schema 5 have no reviews table
	hasAnswers bool // files before schema 11 have no answers or Prodigy hashes on their sets
	// hasRelations: files before schema 12 have no relations.
	hasRelations bool
	// spans is the query of one set's spans: files before schema 14 have
	// no attributes column, and read as spans without attributes.
	spans string
	stmts map[string]*sql.Stmt // prepared on tx, run once a document or set
	// last is the document the walk of Documents is at, whose row id
	// the reads of its sets and review use without looking it up.
	last struct {
		uuid string
		id   int64
	}
	// mainFileOnly: read without its WAL, so the file must say it holds
	// every change (see durable.go).
	mainFileOnly bool
}

func openMergeSource(ctx context.Context, targetPath, path string) (*mergeSource, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, model.Errorf(model.ENOTFOUND, "the file does not exist")
	case err != nil:
		return nil, err
	case info.IsDir():
		return nil, model.Errorf(model.EINVALID, "it is a folder, not a project file")
	}
	// Stat follows symbolic links and SameFile sees hard links: a project
	// reached by another name is still this project.
	if here, err := os.Stat(targetPath); err == nil && os.SameFile(here, info) {
		return nil, model.Errorf(model.EINVALID, "that is this project itself: give another copy of it")
	}
	// With no WAL beside it, the file is read as immutable: SQLite then
	// reads the main file only and leaves no -wal or -shm file behind, and
	// begin refuses a copy whose WAL held changes it lacks. With a WAL,
	// SQLite must read it too, which needs its -shm companion.
	wal, walErr := os.Stat(abs + "-wal")
	hasWAL := walErr == nil && wal.Size() > 0
	src, err := openReadOnly(ctx, abs, !hasWAL)
	if err != nil {
		return nil, explainOpenError(err)
	}
	return src, nil
}

func openReadOnly(ctx context.Context, abs string, immutable bool) (*mergeSource, error) {
	conn, err := sql.Open("sqlite", readOnlyDSN(abs, immutable))
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	src := &mergeSource{conn: conn, mainFileOnly: immutable}
	if err := src.begin(ctx); err != nil {
		src.close()
		return nil, err
	}
	return src, nil
}

// readOnlyDSN opens the file as it is: no journal mode or other setting
// is changed, and SQLite refuses any write. Reading a WAL file still
// creates its -wal and -shm companions when they are missing, as every
// SQLite reader does, unless immutable.
func readOnlyDSN(abs string, immutable bool) string {
	base, _, _ := strings.Cut(dsn(abs, true), "?")
	q := url.Values{}
	q.Add("mode", "ro")
	if immutable {
		q.Add("immutable", "1")
	}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "query_only(1)")
	return base + "?" + q.Encode()
}

// begin starts the read transaction and checks the file is a project this
// Inkspan understands.
func (src *mergeSource) begin(ctx context.Context) error {
	var err error
	if src.tx, err = src.conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
		return err
	}
	var version int
	if err := src.tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version == 0 {
		return model.Errorf(model.EINVALID, "not an Inkspan project")
	}
	if latest := SchemaVersion(); version > latest {
		return model.Errorf(model.EINVALID,
			"the file was written by a newer Inkspan (schema version %d; this Inkspan knows up to %d): update Inkspan to merge it",
			version, latest)
	}
	rows, err := src.tx.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table'")
	if err != nil {
		return err
	}
	defer rows.Close()
	tables := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		tables[name] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range []string{"labels", "documents", "annotators", "annotation_sets", "spans"} {
		if !tables[t] {
			return model.Errorf(model.EINVALID, "not an Inkspan project (it has no %s table)", t)
		}
	}
	src.hasReviews = tables["reviews"]
	src.hasRelations = tables["relations"] && tables["relation_labels"]
	if err := src.tx.QueryRowContext(ctx,
		"SELECT count(*) = 3 FROM pragma_table_info('annotation_sets') WHERE name IN ('answer', 'input_hash', 'task_hash')",
	).Scan(&src.hasAnswers); err != nil {
		return err
	}
	var hasAttributes bool
	if err := src.tx.QueryRowContext(ctx,
		"SELECT count(*) = 1 FROM pragma_table_info('spans') WHERE name = 'attributes'",
	).Scan(&hasAttributes); err != nil {
		return err
	}
	src.spans = spansOfSet
	if !hasAttributes {
		src.spans = strings.Replace(spansOfSet, "s.attributes", "NULL", 1)
	}
	if src.mainFileOnly {
		var pending string
		err := src.tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", walPendingKey).Scan(&pending)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if pending == "1" {
			return model.Errorf(model.EINVALID,
				"it was copied while Inkspan still had changes for it in its -wal file, which is not beside it: the copy may lack the last changes. "+
					"Copy the -wal file along with it, or open and close the original in Inkspan and copy it again")
		}
	}
	return nil
}

func (src *mergeSource) close() {
	for _, st := range src.stmts {
		st.Close()
	}
	if src.tx != nil {
		src.tx.Rollback()
	}
	src.conn.Close()
}

var _ app.MergeSourceTx = (*mergeSource)(nil)

// stmt returns query prepared on the read transaction, once.
func (src *mergeSource) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := src.stmts[query]; ok {
		return st, nil
	}
	st, err := src.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if src.stmts == nil {
		src.stmts = map[string]*sql.Stmt{}
	}
	src.stmts[query] = st
	return st, nil
}

// Labels returns the file's span labels (app.MergeSourceTx).
func (src *mergeSource) Labels(ctx context.Context) ([]model.Label, error) {
	return queryLabels(ctx, src.tx)
}

// RelationLabels returns the file's relation labels, none before schema
// 12 (app.MergeSourceTx).
func (src *mergeSource) RelationLabels(ctx context.Context) ([]model.RelationLabel, error) {
	if !src.hasRelations {
		return nil, nil
	}
	return queryRelationLabels(ctx, src.tx)
}

// Annotators returns the file's annotators by name (app.MergeSourceTx).
func (src *mergeSource) Annotators(ctx context.Context) ([]app.MergeAnnotator, error) {
	rows, err := src.tx.QueryContext(ctx, "SELECT name, created_at FROM annotators ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []app.MergeAnnotator
	for rows.Next() {
		var a app.MergeAnnotator
		var created int64
		if err := rows.Scan(&a.Name, &created); err != nil {
			return nil, err
		}
		a.Created = time.UnixMilli(created).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// DocumentCount counts the file's documents (app.MergeSourceTx).
func (src *mergeSource) DocumentCount(ctx context.Context) (int, error) {
	var n int
	err := src.tx.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&n)
	return n, err
}

// Documents walks the file's documents in project order
// (app.MergeSourceTx).
func (src *mergeSource) Documents(ctx context.Context, fn func(d app.DocumentHeader) error) error {
	rows, err := src.tx.QueryContext(ctx,
		"SELECT id, uuid, external_id, hash, title, length, created_at FROM documents ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var d app.DocumentHeader
		var id, created int64
		if err := rows.Scan(&id, &d.ID, &d.ExternalID, &d.Hash, &d.Title, &d.Length, &created); err != nil {
			return err
		}
		d.Created = time.UnixMilli(created).UTC()
		src.last.uuid, src.last.id = d.ID, id
		if err := fn(d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// documentRow is the row id of the document with the UUID id; found is
// false when there is none.
func (src *mergeSource) documentRow(ctx context.Context, id string) (int64, bool, error) {
	if src.last.uuid == id && src.last.id != 0 {
		return src.last.id, true, nil
	}
	var row int64
	err := src.tx.QueryRowContext(ctx, "SELECT id FROM documents WHERE uuid = ?", id).Scan(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return row, err == nil, err
}

// Document returns a document of the file with its text
// (app.MergeSourceTx).
func (src *mergeSource) Document(ctx context.Context, id string) (model.Document, error) {
	d := model.Document{ID: id}
	row, found, err := src.documentRow(ctx, id)
	if err != nil {
		return d, err
	}
	if !found {
		return d, model.Errorf(model.ENOTFOUND, "no document %s", id)
	}
	var meta string
	err = src.tx.QueryRowContext(ctx, "SELECT external_id, text, meta, hash FROM documents WHERE id = ?", row).
		Scan(&d.ExternalID, &d.Text, &meta, &d.Hash)
	d.Meta = json.RawMessage(meta)
	return d, err
}

// spansOfSet lists one set's spans in text order.
const spansOfSet = `SELECT ` + spanColumns + ` FROM spans s JOIN labels l ON l.id = s.label_id
	WHERE s.set_id = ? ORDER BY s.start, s.end, l.name`

// relationsOfSet lists one set's relations in reading order.
const relationsOfSet = relationQuery + ` WHERE r.set_id = ?` + relationOrder

// Sets returns every set of a document of the file with its spans and
// relations (app.MergeSourceTx).
func (src *mergeSource) Sets(ctx context.Context, documentID string) ([]app.MergeSet, error) {
	row, found, err := src.documentRow(ctx, documentID)
	if err != nil || !found {
		return nil, err
	}
	answers := "a.answer, a.input_hash, a.task_hash"
	if !src.hasAnswers {
		answers = "'', NULL, NULL" // what schema 11 gives every older set
	}
	st, err := src.stmt(ctx, `SELECT a.id, n.name, a.status, a.note, a.created_at, a.updated_at, `+answers+`
		FROM annotation_sets a JOIN annotators n ON n.id = a.annotator_id WHERE a.document_id = ? ORDER BY a.id`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, row)
	if err != nil {
		return nil, err
	}
	var sets []app.MergeSet
	var ids []int64
	for rows.Next() {
		var s app.MergeSet
		var id, created, updated int64
		var input, task sql.NullInt64
		if err := rows.Scan(&id, &s.Annotator, &s.Status, &s.Note, &created, &updated, &s.Answer, &input, &task); err != nil {
			rows.Close()
			return nil, err
		}
		s.Created, s.Updated = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
		if input.Valid {
			s.InputHash = &input.Int64
		}
		if task.Valid {
			s.TaskHash = &task.Int64
		}
		sets = append(sets, s)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	spans, err := src.stmt(ctx, src.spans)
	if err != nil {
		return nil, err
	}
	related := false
	if src.hasRelations && len(sets) > 0 {
		// Most documents have no relations: one probe for the document
		// instead of a query a set.
		probe, err := src.stmt(ctx, `SELECT EXISTS (SELECT 1 FROM relations r JOIN annotation_sets a ON a.id = r.set_id
			WHERE a.document_id = ?)`)
		if err != nil {
			return nil, err
		}
		if err := probe.QueryRowContext(ctx, row).Scan(&related); err != nil {
			return nil, err
		}
	}
	for i := range sets {
		if sets[i].Spans, err = querySpans(ctx, preparedQuery{spans}, src.spans, ids[i]); err != nil {
			return nil, err
		}
		if related && len(sets[i].Spans) > 1 {
			rels, err := src.stmt(ctx, relationsOfSet)
			if err != nil {
				return nil, err
			}
			if sets[i].Relations, err = queryRelations(ctx, preparedQuery{rels}, relationsOfSet, ids[i]); err != nil {
				return nil, err
			}
		}
	}
	return sets, nil
}

// Review returns the reviews row of a document of the file, none before
// schema 5 (app.MergeSourceTx).
func (src *mergeSource) Review(ctx context.Context, documentID string) (string, time.Time, bool, error) {
	if !src.hasReviews {
		return "", time.Time{}, false, nil
	}
	row, found, err := src.documentRow(ctx, documentID)
	if err != nil || !found {
		return "", time.Time{}, false, err
	}
	var reviewer string
	var updated int64
	err = src.tx.QueryRowContext(ctx, "SELECT reviewer, updated_at FROM reviews WHERE document_id = ?", row).Scan(&reviewer, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, false, nil
	}
	if err != nil {
		return "", time.Time{}, false, err
	}
	return reviewer, time.UnixMilli(updated).UTC(), true, nil
}

// preparedQuery lets querySpans run a prepared statement: the query text
// it is handed is the one the statement was prepared from, and is ignored.
type preparedQuery struct{ *sql.Stmt }

func (p preparedQuery) QueryContext(ctx context.Context, _ string, args ...any) (*sql.Rows, error) {
	return p.Stmt.QueryContext(ctx, args...)
}

func (p preparedQuery) QueryRowContext(ctx context.Context, _ string, args ...any) *sql.Row {
	return p.Stmt.QueryRowContext(ctx, args...)
}

func (p preparedQuery) ExecContext(ctx context.Context, _ string, args ...any) (sql.Result, error) {
	return p.Stmt.ExecContext(ctx, args...)
}
