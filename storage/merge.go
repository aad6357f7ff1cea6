package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/inkspan/inkspan/model"
)

// MergeReport says what a merge changed. Sets are counted per (document,
// annotator) annotation set of the other file, the gold version included.
type MergeReport struct {
	Documents         int // documents in the other file
	DocumentsAdded    int
	DocumentsExisting int // already here (same text)
	SetsAdded         int // sets this project did not have
	SetsUnchanged     int // same status, note and spans in both files
	SetsReplaced      int // differed, and the other file's was changed later: it replaced this project's
	SetsKept          int // differed, and this project's was changed later or at the same time: kept
	SpansAdded        int // spans copied in with added and replacing sets
	LabelsAdded       []string
	KeysDropped       []DroppedKey    // labels added without their key, which a label here already uses
	AnnotatorsAdded   []string        // people, not model.GoldAnnotator
	Conflicts         []MergeConflict // every set that differed, replaced or kept
}

// Changed reports whether the merge wrote anything.
func (r MergeReport) Changed() bool {
	return r.DocumentsAdded > 0 || r.SetsAdded > 0 || r.SetsReplaced > 0 ||
		len(r.LabelsAdded) > 0 || len(r.AnnotatorsAdded) > 0
}

// DroppedKey is a label that came in without its key, because the label
// UsedBy already has that key here.
type DroppedKey struct {
	Label, Key, UsedBy string
}

// MergeConflict is an annotator's set on a document that differs between
// the two files: the one changed last won.
type MergeConflict struct {
	DocumentID   string // the document's UUID in this project
	Title        string
	ExternalID   string
	Annotator    string    // model.GoldAnnotator for the gold version
	TookOther    bool      // the other file's set replaced this project's; false: this project's was kept
	HereUpdated  time.Time // when this project's set last changed
	OtherUpdated time.Time // when the other file's set last changed
}

// Merge brings in the documents (matched by content hash), labels,
// annotators and annotation sets of the project file at otherPath, an
// annotator's copy of this project: a set this project lacks is copied; a
// set that differs is replaced when the other file's copy changed later, and
// kept otherwise (ties keep this project's), and every such case is in the
// report's Conflicts. The gold version's reviews row travels with its set,
// and so do what an import stored on a set: its Prodigy answer and hashes.
// Suggestions are not merged: what an annotator accepted is a span and
// travels; what is still undecided stays in the file it was offered in.
// The other file is only read; everything lands in one transaction, so
// merging the same file twice changes nothing the second time. progress,
// if set, is called with the number of the other file's documents done.
//
// It fails with ENOTFOUND for a missing file, and EINVALID for a file that
// is not a project, was written by a newer Inkspan, is this project itself,
// or has spans this project's rules reject (overlaps where it allows none).
func (db *DB) Merge(ctx context.Context, otherPath string, progress func(done, total int)) (MergeReport, error) {
	var report MergeReport
	src, err := openMergeSource(ctx, db.path, otherPath)
	if err == nil {
		defer src.close()
		err = db.inTx(ctx, func(tx *sql.Tx) error {
			m, err := newMerger(ctx, tx, src, &report)
			if err != nil {
				return err
			}
			defer m.close()
			return m.run(ctx, progress)
		})
	}
	if err != nil {
		return MergeReport{}, fmt.Errorf("merge %s: %w", otherPath, err)
	}
	return report, nil
}

// mergeSource is the other project file, open read-only in one read
// transaction: a consistent snapshot even if its owner is still writing.
type mergeSource struct {
	conn       *sql.DB
	tx         *sql.Tx
	hasReviews bool // files before schema 5 have no reviews table
	hasAnswers bool // files before schema 11 have no answers or Prodigy hashes on their sets
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
	if err := src.tx.QueryRowContext(ctx,
		"SELECT count(*) = 3 FROM pragma_table_info('annotation_sets') WHERE name IN ('answer', 'input_hash', 'task_hash')",
	).Scan(&src.hasAnswers); err != nil {
		return err
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
	if src.tx != nil {
		src.tx.Rollback()
	}
	src.conn.Close()
}

// merger holds what a merge reuses across documents.
type merger struct {
	tx         *sql.Tx // this project
	src        *mergeSource
	report     *MergeReport
	overlap    bool                      // this project allows overlapping spans
	labels     map[string]int64          // name -> id here
	annotators map[int64]mergedAnnotator // the other file's id -> here

	findDoc, otherDoc, docUUIDTaken, insertDoc     *sql.Stmt
	otherSets, findSet, insertSet, updateSet       *sql.Stmt
	otherSpans, spansHere, insertSpan, deleteSpans *sql.Stmt
	otherReview, putReview, dropReview             *sql.Stmt
	stmts                                          []*sql.Stmt
}

// spansOfSet lists one set's spans in text order.
const spansOfSet = `SELECT ` + spanColumns + ` FROM spans s JOIN labels l ON l.id = s.label_id
	WHERE s.set_id = ? ORDER BY s.start, s.end, l.name`

type mergedAnnotator struct {
	id   int64 // here
	name string
}

// docHere is a document of the other file as stored in this project.
type docHere struct {
	id                      int64
	uuid, externalID, title string
	length                  int
}

// setContent is an annotation set as a merge compares it.
type setContent struct {
	id, annotator    int64 // in its own file
	status           model.Status
	note             string
	created, updated int64
	spans            []model.Span
	// What an import keeps on a set (schema 11): the Prodigy answer and
	// hashes travel with it, or a Prodigy export of the merged project
	// would write answers and hashes Prodigy does not know.
	answer              string
	inputHash, taskHash sql.NullInt64
}

func newMerger(ctx context.Context, tx *sql.Tx, src *mergeSource, report *MergeReport) (*merger, error) {
	m := &merger{tx: tx, src: src, report: report, labels: map[string]int64{}, annotators: map[int64]mergedAnnotator{}}
	var err error
	prepare := func(on *sql.Tx, q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		if s, err = on.PrepareContext(ctx, q); err == nil {
			m.stmts = append(m.stmts, s)
		}
		return s
	}
	m.findDoc = prepare(tx, "SELECT id, uuid, external_id, title, length FROM documents WHERE hash = ?")
	m.otherDoc = prepare(src.tx, "SELECT uuid, external_id, text, meta, title, created_at FROM documents WHERE id = ?")
	m.docUUIDTaken = prepare(tx, "SELECT EXISTS (SELECT 1 FROM documents WHERE uuid = ?)")
	m.insertDoc = prepare(tx, `INSERT INTO documents (uuid, external_id, text, meta, hash, length, title, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	answers := "answer, input_hash, task_hash"
	if !src.hasAnswers {
		answers = "'', NULL, NULL" // what schema 11 gives every older set
	}
	m.otherSets = prepare(src.tx, `SELECT id, annotator_id, status, note, created_at, updated_at, `+answers+`
		FROM annotation_sets WHERE document_id = ? ORDER BY id`)
	m.findSet = prepare(tx, `SELECT id, status, note, updated_at, answer, input_hash, task_hash
		FROM annotation_sets WHERE document_id = ? AND annotator_id = ?`)
	m.insertSet = prepare(tx, `INSERT INTO annotation_sets (document_id, annotator_id, status, note, created_at, updated_at,
		answer, input_hash, task_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	m.updateSet = prepare(tx, `UPDATE annotation_sets SET status = ?, note = ?, updated_at = ?,
		answer = ?, input_hash = ?, task_hash = ? WHERE id = ?`)
	m.otherSpans = prepare(src.tx, spansOfSet)
	m.spansHere = prepare(tx, spansOfSet)
	// A span keeps its UUID (?1) unless a span here has it: then it takes ?2.
	m.insertSpan = prepare(tx, `INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at)
		VALUES (iif(EXISTS (SELECT 1 FROM spans WHERE uuid = ?1), ?2, ?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`)
	m.deleteSpans = prepare(tx, "DELETE FROM spans WHERE set_id = ?")
	if src.hasReviews {
		m.otherReview = prepare(src.tx, "SELECT reviewer, updated_at FROM reviews WHERE document_id = ?")
	}
	m.putReview = prepare(tx, `INSERT INTO reviews (document_id, reviewer, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (document_id) DO UPDATE SET reviewer = excluded.reviewer, updated_at = excluded.updated_at`)
	m.dropReview = prepare(tx, "DELETE FROM reviews WHERE document_id = ?")
	if err == nil {
		m.overlap, err = allowOverlap(ctx, tx)
	}
	if err != nil {
		m.close()
		return nil, explainOpenError(err)
	}
	return m, nil
}

func (m *merger) close() {
	for _, s := range m.stmts {
		s.Close()
	}
}

// run merges labels and annotators, then streams the other file's
// documents one at a time with their sets.
func (m *merger) run(ctx context.Context, progress func(done, total int)) error {
	if err := m.mergeLabels(ctx); err != nil {
		return err
	}
	if err := m.mergeAnnotators(ctx); err != nil {
		return err
	}
	total := &m.report.Documents
	if err := m.src.tx.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(total); err != nil {
		return err
	}
	if progress != nil {
		progress(0, *total)
	}
	rows, err := m.src.tx.QueryContext(ctx, "SELECT id, hash FROM documents ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for done := 1; rows.Next(); done++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		var id int64
		var hash string
		if err := rows.Scan(&id, &hash); err != nil {
			return err
		}
		if err := m.mergeDocument(ctx, id, hash); err != nil {
			return err
		}
		if progress != nil {
			progress(min(done, *total), *total)
		}
	}
	return rows.Err()
}

// mergeLabels adds the other file's labels this project lacks, at the end
// and in the other file's order. A key already used here is dropped.
func (m *merger) mergeLabels(ctx context.Context) error {
	theirs, err := queryLabels(ctx, m.src.tx)
	if err != nil {
		return err
	}
	ours, err := queryLabels(ctx, m.tx)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	keys := map[string]string{} // key -> label here
	for _, l := range ours {
		names[l.Name] = true
		if l.Key != "" {
			keys[l.Key] = l.Name
		}
	}
	for _, l := range theirs {
		if names[l.Name] {
			continue
		}
		if owner, taken := keys[l.Key]; taken && l.Key != "" {
			m.report.KeysDropped = append(m.report.KeysDropped, DroppedKey{Label: l.Name, Key: l.Key, UsedBy: owner})
			l.Key = ""
		}
		if _, err := addLabel(ctx, m.tx, l); err != nil {
			return fmt.Errorf("label %s: %w", l.Name, err)
		}
		names[l.Name] = true
		if l.Key != "" {
			keys[l.Key] = l.Name
		}
		m.report.LabelsAdded = append(m.report.LabelsAdded, l.Name)
	}
	rows, err := m.tx.QueryContext(ctx, "SELECT id, name FROM labels")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		m.labels[name] = id
	}
	return rows.Err()
}

// mergeAnnotators matches the other file's annotators by name, adding the
// missing ones with the time they were first seen there.
func (m *merger) mergeAnnotators(ctx context.Context) error {
	rows, err := m.src.tx.QueryContext(ctx, "SELECT id, name, created_at FROM annotators ORDER BY name")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var theirs int64
		var name string
		var created int64
		if err := rows.Scan(&theirs, &name, &created); err != nil {
			return err
		}
		if err := model.ValidateAnnotatorName(name); err != nil {
			return err
		}
		var id int64
		err := m.tx.QueryRowContext(ctx, `INSERT INTO annotators (name, created_at) VALUES (?, ?)
			ON CONFLICT (name) DO NOTHING RETURNING id`, name, created).Scan(&id)
		switch {
		case err == nil:
			if name != model.GoldAnnotator { // not a person
				m.report.AnnotatorsAdded = append(m.report.AnnotatorsAdded, name)
			}
		case errors.Is(err, sql.ErrNoRows):
			if err := m.tx.QueryRowContext(ctx, "SELECT id FROM annotators WHERE name = ?", name).Scan(&id); err != nil {
				return err
			}
		default:
			return err
		}
		m.annotators[theirs] = mergedAnnotator{id: id, name: name}
	}
	return rows.Err()
}

// mergeDocument finds or copies one document of the other file, then
// merges its sets one at a time.
func (m *merger) mergeDocument(ctx context.Context, theirs int64, hash string) error {
	var doc docHere
	err := m.findDoc.QueryRowContext(ctx, hash).Scan(&doc.id, &doc.uuid, &doc.externalID, &doc.title, &doc.length)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if doc, err = m.copyDocument(ctx, theirs, hash); err != nil {
			return err
		}
		m.report.DocumentsAdded++
	case err != nil:
		return err
	default:
		m.report.DocumentsExisting++
	}
	sets, err := m.theirSets(ctx, theirs)
	if err != nil {
		return err
	}
	for _, s := range sets {
		if s.spans, err = stmtSpans(ctx, m.otherSpans, s.id); err != nil {
			return err
		}
		if err := m.mergeSet(ctx, doc, theirs, s); err != nil {
			return err
		}
	}
	return nil
}

// copyDocument stores the other file's document theirs, keeping its UUID
// unless a different text here has it.
func (m *merger) copyDocument(ctx context.Context, theirs int64, hash string) (docHere, error) {
	var doc docHere
	var text, meta string
	var created int64
	if err := m.otherDoc.QueryRowContext(ctx, theirs).Scan(&doc.uuid, &doc.externalID, &text, &meta, &doc.title, &created); err != nil {
		return doc, err
	}
	if err := model.ValidateText(text); err != nil {
		return doc, fmt.Errorf("document %s: %w", doc.uuid, err)
	}
	if model.ContentHash(text) != hash {
		return doc, model.Errorf(model.EINVALID, "document %s is damaged: its text does not match its hash", doc.uuid)
	}
	if err := model.ValidateMeta([]byte(meta)); err != nil {
		return doc, fmt.Errorf("document %s: %w", doc.uuid, err)
	}
	var taken bool
	if err := m.docUUIDTaken.QueryRowContext(ctx, doc.uuid).Scan(&taken); err != nil {
		return doc, err
	}
	if taken || doc.uuid == "" {
		doc.uuid = newID()
	}
	doc.length = model.RuneLen(text)
	res, err := m.insertDoc.ExecContext(ctx, doc.uuid, doc.externalID, text, meta, hash, doc.length, doc.title, created)
	if err != nil {
		return doc, fmt.Errorf("insert document: %w", explainOpenError(err))
	}
	doc.id, err = res.LastInsertId()
	return doc, err
}

// theirSets lists a document's sets in the other file, without spans.
func (m *merger) theirSets(ctx context.Context, theirs int64) ([]setContent, error) {
	rows, err := m.otherSets.QueryContext(ctx, theirs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var sets []setContent
	for rows.Next() {
		var s setContent
		if err := rows.Scan(&s.id, &s.annotator, &s.status, &s.note, &s.created, &s.updated,
			&s.answer, &s.inputHash, &s.taskHash); err != nil {
			return nil, err
		}
		sets = append(sets, s)
	}
	return sets, rows.Err()
}

// mergeSet adds, keeps or replaces this project's copy of the set theirs.
func (m *merger) mergeSet(ctx context.Context, doc docHere, theirDoc int64, theirs setContent) error {
	who, ok := m.annotators[theirs.annotator]
	if !ok {
		return model.Errorf(model.EINVALID, "document %s: a set belongs to no annotator", doc.uuid)
	}
	var ours setContent
	err := m.findSet.QueryRowContext(ctx, doc.id, who.id).Scan(&ours.id, &ours.status, &ours.note, &ours.updated,
		&ours.answer, &ours.inputHash, &ours.taskHash)
	if errors.Is(err, sql.ErrNoRows) {
		if err := m.check(doc, who.name, theirs); err != nil {
			return err
		}
		res, err := m.insertSet.ExecContext(ctx, doc.id, who.id, theirs.status, theirs.note, theirs.created, theirs.updated,
			theirs.answer, theirs.inputHash, theirs.taskHash)
		if err != nil {
			return err
		}
		if ours.id, err = res.LastInsertId(); err != nil {
			return err
		}
		m.report.SetsAdded++
		return m.takeContent(ctx, doc, theirDoc, who.name, ours.id, theirs)
	}
	if err != nil {
		return err
	}
	if ours.spans, err = stmtSpans(ctx, m.spansHere, ours.id); err != nil {
		return err
	}
	if sameContent(ours, theirs) {
		m.report.SetsUnchanged++
		return nil
	}
	c := MergeConflict{DocumentID: doc.uuid, Title: doc.title, ExternalID: doc.externalID, Annotator: who.name,
		TookOther:   theirs.updated > ours.updated, // a tie keeps this project's
		HereUpdated: time.UnixMilli(ours.updated).UTC(), OtherUpdated: time.UnixMilli(theirs.updated).UTC()}
	m.report.Conflicts = append(m.report.Conflicts, c)
	if !c.TookOther {
		m.report.SetsKept++
		return nil
	}
	if err := m.check(doc, who.name, theirs); err != nil {
		return err
	}
	if _, err := m.deleteSpans.ExecContext(ctx, ours.id); err != nil {
		return err
	}
	if _, err := m.updateSet.ExecContext(ctx, theirs.status, theirs.note, theirs.updated,
		theirs.answer, theirs.inputHash, theirs.taskHash, ours.id); err != nil {
		return err
	}
	m.report.SetsReplaced++
	return m.takeContent(ctx, doc, theirDoc, who.name, ours.id, theirs)
}

// check applies this project's rules to a set about to be copied in.
func (m *merger) check(doc docHere, annotator string, s setContent) error {
	fail := func(err error) error {
		name := doc.externalID
		if name == "" {
			name = fmt.Sprintf("%q", doc.title)
		}
		return fmt.Errorf("document %s, %s's annotation: %w", name, annotator, err)
	}
	if err := s.status.Validate(); err != nil {
		return fail(err)
	}
	for i, span := range s.spans {
		if err := span.Validate(doc.length, nil); err != nil {
			return fail(err)
		}
		if err := model.CheckAddition(s.spans[:i], span, m.overlap); err != nil {
			return fail(err)
		}
	}
	return nil
}

// takeContent writes the spans of theirs into this project's set setID,
// which has none, and brings the gold version's reviews row along.
func (m *merger) takeContent(ctx context.Context, doc docHere, theirDoc int64, annotator string, setID int64, theirs setContent) error {
	for _, s := range theirs.spans {
		if _, err := m.insertSpan.ExecContext(ctx, s.ID, newID(), setID, s.Start, s.End, m.labels[s.Label], s.Note, s.Origin,
			s.Created.UnixMilli(), s.Updated.UnixMilli()); err != nil {
			return explainOpenError(err)
		}
		m.report.SpansAdded++
	}
	// The set keeps the other file's time, which may be older than when the
	// document's disagreement was last measured: forget the measure.
	if _, err := m.tx.ExecContext(ctx, "DELETE FROM disagreement WHERE document_id = ?", doc.id); err != nil {
		return err
	}
	if annotator != model.GoldAnnotator {
		return nil
	}
	return m.takeReview(ctx, doc.id, theirDoc)
}

// takeReview copies the other file's reviews row of a document whose gold
// version came from it, or removes this project's when it has none.
func (m *merger) takeReview(ctx context.Context, ours, theirs int64) error {
	var reviewer string
	var updated int64
	err := sql.ErrNoRows
	if m.otherReview != nil {
		err = m.otherReview.QueryRowContext(ctx, theirs).Scan(&reviewer, &updated)
	}
	if errors.Is(err, sql.ErrNoRows) {
		_, err = m.dropReview.ExecContext(ctx, ours)
		return err
	}
	if err != nil {
		return err
	}
	_, err = m.putReview.ExecContext(ctx, ours, reviewer, updated)
	return err
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

// stmtSpans returns a set's spans through a statement prepared from spansOfSet.
func stmtSpans(ctx context.Context, stmt *sql.Stmt, setID int64) ([]model.Span, error) {
	return querySpans(ctx, preparedQuery{stmt}, spansOfSet, setID)
}

// sameContent compares what an annotator decided: status, note, the
// imported answer and Prodigy hashes, and spans by offsets, label and note.
// Span ids and times do not count.
func sameContent(a, b setContent) bool {
	if a.status != b.status || a.note != b.note || len(a.spans) != len(b.spans) ||
		a.answer != b.answer || a.inputHash != b.inputHash || a.taskHash != b.taskHash {
		return false
	}
	model.SortSpans(a.spans)
	model.SortSpans(b.spans)
	for i := range a.spans {
		if !a.spans[i].SameAs(b.spans[i]) || a.spans[i].Note != b.spans[i].Note {
			return false
		}
	}
	return true
}
