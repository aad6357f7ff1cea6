package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"path/filepath"
	"sort"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// The import's contract is package app's (app.ImportTarget): these are its
// types under the names storage's callers know.
type (
	RecordReader  = app.RecordReader
	ImportOptions = app.ImportOptions
	ImportReport  = app.ImportReport
)

// Import reads every record and stores it in one transaction (app.ImportTarget): either the
// whole input lands or, on the first bad record (unless SkipInvalid), none of
// it does. Documents are matched by content hash and spans by offsets and
// label, so importing the same input twice adds nothing.
func (db *DB) Import(ctx context.Context, r RecordReader, opts ImportOptions) (ImportReport, error) {
	var report ImportReport
	if opts.ProgressEvery <= 0 {
		opts.ProgressEvery = 1000
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if opts.AllowOverlap {
			var err error
			if report.OverlapAllowed, err = setAllowOverlap(ctx, tx, true); err != nil {
				return err
			}
		}
		im, err := newImporter(ctx, db, tx, opts)
		if err != nil {
			return err
		}
		defer im.close()
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var inputErr *model.InputError
			if err != nil && !errors.As(err, &inputErr) {
				return err
			}
			if inputErr != nil && inputErr.Warning {
				// Nothing the user wants is lost: say so and go on.
				report.Warnings = append(report.Warnings, err)
				continue
			}
			if err == nil {
				report.Records++
				im.counted(rec, &report)
				err = im.add(ctx, rec, &report)
			}
			if err != nil {
				if !opts.SkipInvalid || model.ErrorCode(err) == model.EINTERNAL && inputErr == nil {
					return err
				}
				report.Skipped = append(report.Skipped, err)
			}
			if opts.Progress != nil && report.Records%opts.ProgressEvery == 0 {
				opts.Progress(report.Records)
			}
		}
		report.LabelsAdded = im.labelsAdded
		for f := range im.formats {
			report.Formats = append(report.Formats, f)
		}
		return nil
	})
	if opts.Progress != nil {
		opts.Progress(report.Records)
	}
	if err != nil {
		return ImportReport{Records: report.Records, Skipped: report.Skipped, Warnings: report.Warnings}, err
	}
	sort.Strings(report.LabelsAdded)
	sort.Strings(report.Formats)
	return report, nil
}

// The choices ImportOptions.OnConflict takes besides "" (refuse).
const (
	ConflictFirst    = app.ConflictFirst
	ConflictSeparate = app.ConflictSeparate
)

// importer holds what an import reuses across records.
type importer struct {
	db               *DB
	tx               *sql.Tx
	docs             *documentInserter
	insertSpan       *sql.Stmt
	findSet          *sql.Stmt
	insertSet        *sql.Stmt
	updateSet        *sql.Stmt
	setNote          *sql.Stmt
	insertSuggestion *sql.Stmt
	defaultOwner     string
	status           model.Status
	skipInvalid      bool
	onConflict       string
	formats          map[string]bool
	// versions holds, per document and annotator, the first set of spans
	// this import brought, and moreVersions those kept apart: a repeat is
	// fine, other spans are a conflict. Keys are small (a document id and
	// an interned name) so that 100,000 documents cost a few megabytes.
	versions     map[versionKey]version
	moreVersions map[versionKey][]version
	interned     map[string]int32
	names        []string
	seed         maphash.Seed
	allowOverlap bool
	labels       map[string]int64 // name -> id
	labelList    []model.Label
	labelsAdded  []string
	annotators   map[string]int64
	now          int64
}

func newImporter(ctx context.Context, db *DB, tx *sql.Tx, opts ImportOptions) (*importer, error) {
	im := &importer{db: db, tx: tx, defaultOwner: opts.Annotator, labels: map[string]int64{},
		annotators: map[string]int64{}, now: db.now().UnixMilli(),
		status: opts.Status, skipInvalid: opts.SkipInvalid, onConflict: opts.OnConflict,
		formats: map[string]bool{}, versions: map[versionKey]version{}, moreVersions: map[versionKey][]version{},
		interned: map[string]int32{}, seed: maphash.MakeSeed()}
	switch opts.OnConflict {
	case "", ConflictFirst, ConflictSeparate:
	default:
		return nil, model.Errorf(model.EINVALID, "unknown conflict choice %q (want first or separate)", opts.OnConflict)
	}
	if opts.Status != "" {
		if err := opts.Status.Validate(); err != nil {
			return nil, err
		}
	}
	var err error
	if im.allowOverlap, err = allowOverlap(ctx, tx); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, name, color, key FROM labels ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var l model.Label
		if err := rows.Scan(&id, &l.Name, &l.Color, &l.Key); err != nil {
			rows.Close()
			return nil, err
		}
		im.labels[l.Name] = id
		im.labelList = append(im.labelList, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if im.docs, err = newDocumentInserter(ctx, tx, db.now); err != nil {
		return nil, err
	}
	prepare := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		s, err = tx.PrepareContext(ctx, q)
		return s
	}
	im.insertSpan = prepare(`INSERT INTO spans (uuid, set_id, start, end, label_id, note, origin, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?)`)
	im.findSet = prepare(`SELECT id, status, answer, input_hash, task_hash FROM annotation_sets
		WHERE document_id = ? AND annotator_id = ?`)
	im.insertSet = prepare(`INSERT INTO annotation_sets (document_id, annotator_id, status, answer, input_hash, task_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	im.updateSet = prepare(`UPDATE annotation_sets SET status = ?, answer = ?, input_hash = ?, task_hash = ?, updated_at = ?
		WHERE id = ?`)
	im.setNote = prepare("UPDATE annotation_sets SET note = ? WHERE id = ?")
	im.insertSuggestion = prepare(`INSERT INTO suggestions (document_id, annotator_id, start, end, label_id, uuid, source, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 'import', ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		im.close()
		return nil, err
	}
	return im, nil
}

func (im *importer) close() {
	im.docs.close()
	for _, s := range []*sql.Stmt{im.insertSpan, im.findSet, im.insertSet, im.updateSet, im.setNote, im.insertSuggestion} {
		if s != nil {
			s.Close()
		}
	}
}

// counted notes what a record read brings to the report, whatever becomes
// of it: the format it was read as and what a project cannot keep.
func (im *importer) counted(rec *formats.Record, report *ImportReport) {
	if rec.Format != "" {
		im.formats[string(rec.Format)] = true
	}
	report.Relaxed += rec.Relaxed
	for kind, n := range rec.NotKept {
		if n <= 0 {
			continue
		}
		if report.NotKept == nil {
			report.NotKept = map[string]int{}
		}
		report.NotKept[kind] += n
	}
}

// storedSet is what add needs to know of an annotation set already there.
type storedSet struct {
	id                  int64
	status, answer      string
	inputHash, taskHash sql.NullInt64
}

// add stores one record. Every check that can fail runs before the first
// write, so a skipped record leaves nothing behind; under SkipInvalid a bad
// span or suggestion is left out alone, reported, and its record kept.
func (im *importer) add(ctx context.Context, rec *formats.Record, report *ImportReport) error {
	fail := func(err error) error { return fmt.Errorf("%s: %w", rec.Where(), err) }
	if err := model.ValidateText(rec.Text); err != nil {
		return fail(err)
	}
	if err := model.ValidateMeta(rec.Meta); err != nil {
		return fail(err)
	}
	owner := rec.Annotator
	if owner == "" {
		owner = im.defaultOwner
	}
	// The record is a version of the annotator's work on the text: spans,
	// or the word that they read it and found none.
	annotates := len(rec.Spans) > 0 || rec.Annotated
	if annotates || rec.Note != "" || len(rec.Suggestions) > 0 {
		if owner == "" {
			return fail(model.Errorf(model.EINVALID, "the record has spans, a note or suggestions but no annotator: pass --annotator"))
		}
		if err := model.ValidateAnnotatorName(owner); err != nil {
			return fail(err)
		}
	}
	status, err := im.statusOf(rec)
	if err != nil {
		return fail(err)
	}
	textLen := model.RuneLen(rec.Text)
	hash := model.ContentHash(rec.Text)

	// Find what is stored already, to check the new spans against it.
	ref, found, err := im.docs.lookup(ctx, hash)
	if err != nil {
		return err
	}
	var vkey versionKey
	var sig uint64
	remember := false
	if annotates {
		vkey, sig, remember = versionKey{ref.id, im.intern(owner)}, im.spanSignature(rec.Spans), !found
		if found {
			var drop bool
			if owner, drop, remember, err = im.version(rec, vkey, sig, owner, report); err != nil {
				return err
			}
			if drop {
				report.DocumentsExisting++
				return nil
			}
		}
	}
	var set storedSet
	var kept []model.Span
	if (annotates || rec.Note != "" || len(rec.Suggestions) > 0) && found {
		if annID, ok := im.annotators[owner]; ok || im.annotatorExists(ctx, owner, &annID) {
			im.annotators[owner] = annID
			err := im.findSet.QueryRowContext(ctx, ref.id, annID).Scan(&set.id, &set.status, &set.answer, &set.inputHash, &set.taskHash)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if set.id != 0 {
				if kept, err = setSpans(ctx, im.tx, set.id); err != nil {
					return err
				}
			}
		}
	}
	inProject := len(kept)
	var fresh []model.Span
	var freshFrom []int // the index in rec.Spans of each of fresh
	for i, s := range rec.Spans {
		err := im.checkSpan(s, textLen)
		if err == nil {
			err = model.CheckAddition(kept, s, im.allowOverlap)
			if model.ErrorCode(err) == model.ECONFLICT {
				report.SpansExisting++
				continue
			}
			var refusal *model.SpanRefusal
			if errors.As(err, &refusal) {
				err = overlapError(rec, refusal, kept, inProject, freshFrom)
			}
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", rec.SpanWhere(i), err)
			if !im.skipInvalid {
				return err
			}
			report.SkippedSpans = append(report.SkippedSpans, err)
			continue
		}
		kept = append(kept, s)
		fresh = append(fresh, s)
		freshFrom = append(freshFrom, i)
	}
	var suggestions []model.Span
suggested:
	for i, s := range rec.Suggestions {
		for _, k := range kept {
			if k.SameAs(s) {
				continue suggested // the annotator has it: nothing to decide
			}
		}
		if err := im.checkSpan(s, textLen); err != nil {
			err = fmt.Errorf("%s: suggestion %d: %w", rec.Where(), i+1, err)
			if !im.skipInvalid {
				return err
			}
			report.SkippedSpans = append(report.SkippedSpans, err)
			continue
		}
		suggestions = append(suggestions, s)
	}

	// Write.
	if found {
		report.DocumentsExisting++
	} else {
		ref, err = im.docs.insertNew(ctx, model.Document{ExternalID: rec.ExternalID, Text: rec.Text, Meta: rec.Meta, Hash: hash})
		if err != nil {
			return err
		}
		report.DocumentsAdded++
	}
	if remember {
		vkey.doc = ref.id
		im.versions[vkey] = version{sig: sig, source: im.intern(rec.Source), line: int32(rec.Line), owner: vkey.owner}
	}
	if rec.Annotated && len(rec.Spans) == 0 {
		report.AnnotatedEmpty++
	}
	if len(fresh) > 0 || rec.Note != "" || rec.Annotated {
		if err := im.writeSet(ctx, rec, ref.id, owner, status, &set, len(fresh) > 0); err != nil {
			return err
		}
	}
	for _, s := range fresh {
		labelID, err := im.label(ctx, s.Label)
		if err != nil {
			return fail(err)
		}
		if _, err := im.insertSpan.ExecContext(ctx, newID(), set.id, s.Start, s.End, labelID, s.Note, im.now, im.now); err != nil {
			return explainOpenError(err)
		}
		report.SpansAdded++
	}
	if len(suggestions) > 0 {
		annID, err := im.annotator(ctx, owner)
		if err != nil {
			return err
		}
		for _, s := range suggestions {
			labelID, err := im.label(ctx, s.Label)
			if err != nil {
				return fail(err)
			}
			id, err := uuid.NewV7()
			if err != nil {
				id = uuid.New()
			}
			res, err := im.insertSuggestion.ExecContext(ctx, ref.id, annID, s.Start, s.End, labelID, id[:], im.now)
			if err != nil {
				return explainOpenError(err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				report.SuggestionsAdded++
			}
		}
	}
	return nil
}

// writeSet makes the record's annotation set, or brings the existing one
// up to date, leaving set.id naming it. An existing set keeps its status
// (the annotator may have moved it on in Inkspan) unless it was todo and
// the record says it was annotated; its answer and hashes are filled where
// it has none.
func (im *importer) writeSet(ctx context.Context, rec *formats.Record, docID int64, owner string, status model.Status, set *storedSet, newSpans bool) error {
	hashOf := func(p *int64) sql.NullInt64 {
		if p == nil {
			return sql.NullInt64{}
		}
		return sql.NullInt64{Int64: *p, Valid: true}
	}
	if set.id == 0 {
		annID, err := im.annotator(ctx, owner)
		if err != nil {
			return err
		}
		res, err := im.insertSet.ExecContext(ctx, docID, annID, string(status), rec.Answer,
			hashOf(rec.InputHash), hashOf(rec.TaskHash), im.now, im.now)
		if err != nil {
			return err
		}
		set.id, err = res.LastInsertId()
		if err != nil {
			return err
		}
	} else {
		changed := newSpans || rec.Note != ""
		newStatus := set.status
		if rec.Annotated && set.status == string(model.StatusTodo) {
			newStatus, changed = string(status), true
		}
		answer := set.answer
		if answer == "" && rec.Answer != "" {
			answer, changed = rec.Answer, true
		}
		input, task := set.inputHash, set.taskHash
		if !input.Valid && rec.InputHash != nil {
			input, changed = hashOf(rec.InputHash), true
		}
		if !task.Valid && rec.TaskHash != nil {
			task, changed = hashOf(rec.TaskHash), true
		}
		// New spans or a note change an existing set: its time says so,
		// which is what merge and the disagreement measures go by.
		if changed {
			if _, err := im.updateSet.ExecContext(ctx, newStatus, answer, input, task, im.now, set.id); err != nil {
				return err
			}
		}
	}
	if rec.Note != "" {
		if _, err := im.setNote.ExecContext(ctx, rec.Note, set.id); err != nil {
			return err
		}
	}
	return nil
}

// statusOf is the status a set the record makes starts with.
func (im *importer) statusOf(rec *formats.Record) (model.Status, error) {
	switch rec.Answer {
	case "", "accept", "reject", "ignore":
	default:
		return "", model.Errorf(model.EINVALID, "answer %q is not accept, reject or ignore", rec.Answer)
	}
	switch {
	case rec.Status != "":
		return rec.Status, rec.Status.Validate()
	case rec.Answer == "reject" || rec.Answer == "ignore":
		return model.StatusSkipped, nil
	case im.status != "":
		return im.status, nil
	case rec.Annotated:
		return model.StatusDone, nil
	}
	return model.StatusInProgress, nil
}

// checkSpan checks a span of the record on its own: offsets and a label
// the project has or can take.
func (im *importer) checkSpan(s model.Span, textLen int) error {
	if err := s.Validate(textLen, nil); err != nil {
		return err
	}
	if _, known := im.labels[s.Label]; !known {
		if err := model.NewLabel(s.Label, im.labelList).Validate(); err != nil {
			return err
		}
	}
	return nil
}

// overlapError says which span a span of rec overlaps, and where that one
// is: on its own line of the input, or already in the project. kept holds
// the project's spans first (inProject of them), then the record's
// accepted so far, whose indexes in rec.Spans are in freshFrom.
func overlapError(rec *formats.Record, refusal *model.SpanRefusal, kept []model.Span, inProject int, freshFrom []int) error {
	place := "already in the project"
	for j, k := range kept {
		if k.SameAs(refusal.Existing) {
			if j >= inProject {
				place = "at " + rec.SpanWhere(freshFrom[j-inProject])
			}
			break
		}
	}
	s, e := refusal.Span, refusal.Existing
	return &model.SpanRefusal{Span: s, Existing: e, Err: model.Errorf(model.EINVALID,
		"span [%d, %d) %s overlaps span [%d, %d) %s %s, and this project does not allow overlapping spans",
		s.Start, s.End, s.Label, e.Start, e.End, e.Label, place)}
}

// versionKey is one annotator's work on one document: the document's id
// and the annotator's interned name.
type versionKey struct {
	doc   int64
	owner int32
}

// version is one set of spans an import met for a versionKey.
type version struct {
	sig          uint64 // spanSignature
	source, line int32  // where: an interned file name and a line
	owner        int32  // the interned annotator it is stored under
}

// intern returns the index of s in im.names, adding it the first time.
func (im *importer) intern(s string) int32 {
	if i, ok := im.interned[s]; ok {
		return i
	}
	i := int32(len(im.names))
	im.names = append(im.names, s)
	im.interned[s] = i
	return i
}

// version tells a record that repeats an earlier one of the same text and
// annotator (fine: the import stays idempotent) from one that brings other
// spans, which would otherwise merge into a union neither file holds. It
// returns the annotator to store the record under; drop when the record is
// to be left out (ConflictFirst); first when no earlier record of this
// import had the text, so this one is the version to remember.
func (im *importer) version(rec *formats.Record, key versionKey, sig uint64, owner string, report *ImportReport) (storeAs string, drop, first bool, err error) {
	earliest, seen := im.versions[key]
	if !seen {
		return owner, false, true, nil
	}
	if earliest.sig == sig {
		return owner, false, false, nil
	}
	more := im.moreVersions[key]
	for _, v := range more {
		if v.sig == sig {
			return im.names[v.owner], false, false, nil
		}
	}
	at := place(im.names[earliest.source], int(earliest.line))
	switch im.onConflict {
	case ConflictFirst:
		report.Conflicts = append(report.Conflicts, model.Errorf(model.ECONFLICT,
			"%s: %s's spans on this text differ from those at %s: kept the version at %s, left this one out",
			rec.Where(), owner, at, at))
		return "", true, false, nil
	case ConflictSeparate:
		taken := map[string]string{owner: im.names[earliest.source]} // name → the file of its version
		for _, v := range more {
			taken[im.names[v.owner]] = im.names[v.source]
		}
		name := separateName(owner, rec, taken)
		im.moreVersions[key] = append(more, version{sig: sig, source: im.intern(rec.Source), line: int32(rec.Line), owner: im.intern(name)})
		report.Conflicts = append(report.Conflicts, model.Errorf(model.ECONFLICT,
			"%s: %s's spans on this text differ from those at %s: kept both, this one as annotator %s",
			rec.Where(), owner, at, name))
		return name, false, false, nil
	}
	return "", false, false, app.NewConflictError(rec.Where(), at, owner)
}

// ConflictError refuses a record whose text an earlier record of the same
// import holds, by the same annotator, with other spans (app.ConflictError).
type ConflictError = app.ConflictError

// spanSignature identifies a set of spans by offsets and label, whatever
// their order: the sum of one hash per span.
func (im *importer) spanSignature(spans []model.Span) uint64 {
	var sum uint64
	var h maphash.Hash
	h.SetSeed(im.seed)
	var b [16]byte
	for _, s := range spans {
		h.Reset()
		for i := 0; i < 8; i++ {
			b[i] = byte(uint64(s.Start) >> (8 * i))
			b[8+i] = byte(uint64(s.End) >> (8 * i))
		}
		h.Write(b[:])
		h.WriteString(s.Label)
		sum += h.Sum64()
	}
	return sum
}

// separateName names the annotator a version is kept under: the annotator
// and the file's name, "anna (b.jsonl)", so that a file's versions stay
// together. Where that is taken by a version of another file of the same
// name, the file's path as the user gave it ("anna (dir/b.jsonl)"); where a
// version of the same file has it (one file holding the text three times),
// the file's name and the record's line ("anna (b.jsonl:3)"), then its path
// and line. A path is never made absolute here: the name stays the same on
// every machine the same command runs on. taken maps the names in use to
// the file whose version each holds.
func separateName(owner string, rec *formats.Record, taken map[string]string) string {
	base := filepath.Base(rec.Source)
	tags := []string{base}
	if from, used := taken[annotatorTagged(owner, base)]; used && from != rec.Source && rec.Source != base {
		tags = append(tags, rec.Source)
	}
	tags = append(tags, place(base, rec.Line))
	if rec.Source != base {
		tags = append(tags, place(rec.Source, rec.Line))
	}
	for n := 2; ; n++ {
		for _, tag := range tags {
			name := annotatorTagged(owner, tag)
			if _, used := taken[name]; !used {
				return name
			}
		}
		tags = []string{fmt.Sprintf("%s #%d", place(base, rec.Line), n)}
	}
}

// annotatorTagged is "owner (tag)", cut to the 128 characters an annotator
// name may hold: the tag loses its start (a path's folders), then the
// owner its end.
func annotatorTagged(owner, tag string) string {
	const max = 128
	if r := []rune(tag); len(r) > 48 && utf8.RuneCountInString(owner)+len(r)+3 > max {
		tag = "…" + string(r[len(r)-47:])
	}
	if o := []rune(owner); len(o)+utf8.RuneCountInString(tag)+3 > max {
		owner = string(o[:max-3-utf8.RuneCountInString(tag)])
	}
	return owner + " (" + tag + ")"
}

// place is "file:line", or the file alone, as formats.Record.Where says it.
func place(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", model.Printable(file), line)
	}
	return model.Printable(file)
}

func (im *importer) annotatorExists(ctx context.Context, name string, id *int64) bool {
	return im.tx.QueryRowContext(ctx, "SELECT id FROM annotators WHERE name = ?", name).Scan(id) == nil
}

func (im *importer) annotator(ctx context.Context, name string) (int64, error) {
	if id, ok := im.annotators[name]; ok {
		return id, nil
	}
	id, err := annotatorID(ctx, im.tx, name, im.now)
	if err == nil {
		im.annotators[name] = id
	}
	return id, err
}

// label returns the id of the named label, adding it to the project when
// the input brings a label the project does not have yet.
func (im *importer) label(ctx context.Context, name string) (int64, error) {
	if id, ok := im.labels[name]; ok {
		return id, nil
	}
	l := model.NewLabel(name, im.labelList)
	id, err := addLabel(ctx, im.tx, l)
	if err != nil {
		return 0, err
	}
	im.labels[name] = id
	im.labelList = append(im.labelList, l)
	im.labelsAdded = append(im.labelsAdded, name)
	return id, nil
}
