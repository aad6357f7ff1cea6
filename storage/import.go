package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// RecordReader is the stream an import consumes; formats.Reader is one.
type RecordReader interface {
	Next() (*formats.Record, error)
}

// ImportOptions controls an import.
type ImportOptions struct {
	// Annotator owns spans whose record names no annotator.
	Annotator string
	// SkipInvalid skips bad records (reporting each) instead of failing the
	// whole import.
	SkipInvalid bool
	// Progress, when set, is called with the number of records read so far
	// every ProgressEvery records and at the end.
	Progress      func(records int)
	ProgressEvery int
	// AllowOverlap turns the project's overlap rule on in the import's
	// own transaction, for data with nested or overlapping spans: a failed
	// import leaves the rule as it was.
	AllowOverlap bool
}

// ImportReport says what an import changed.
type ImportReport struct {
	Records           int
	DocumentsAdded    int
	DocumentsExisting int
	SpansAdded        int
	SpansExisting     int
	LabelsAdded       []string // labels met in the input that the project did not have
	Skipped           []error  // bad records left out under SkipInvalid, each naming file and line
	// OverlapAllowed says AllowOverlap turned the rule on: it was off.
	OverlapAllowed bool
}

// Import reads every record and stores it in one transaction: either the
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
		im, err := newImporter(ctx, db, tx, opts.Annotator)
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
			var inputErr *formats.InputError
			if err != nil && !errors.As(err, &inputErr) {
				return err
			}
			if err == nil {
				report.Records++
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
		return nil
	})
	if opts.Progress != nil {
		opts.Progress(report.Records)
	}
	if err != nil {
		return ImportReport{Records: report.Records, Skipped: report.Skipped}, err
	}
	sort.Strings(report.LabelsAdded)
	return report, nil
}

// importer holds what an import reuses across records.
type importer struct {
	db           *DB
	tx           *sql.Tx
	docs         *documentInserter
	insertSpan   *sql.Stmt
	findSet      *sql.Stmt
	insertSet    *sql.Stmt
	setNote      *sql.Stmt
	defaultOwner string
	allowOverlap bool
	labels       map[string]int64 // name -> id
	labelList    []model.Label
	labelsAdded  []string
	annotators   map[string]int64
	now          int64
}

func newImporter(ctx context.Context, db *DB, tx *sql.Tx, defaultOwner string) (*importer, error) {
	im := &importer{db: db, tx: tx, defaultOwner: defaultOwner, labels: map[string]int64{},
		annotators: map[string]int64{}, now: db.now().UnixMilli()}
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
	im.findSet = prepare("SELECT id FROM annotation_sets WHERE document_id = ? AND annotator_id = ?")
	im.insertSet = prepare(`INSERT INTO annotation_sets (document_id, annotator_id, status, created_at, updated_at)
		VALUES (?, ?, 'in_progress', ?, ?)`)
	im.setNote = prepare("UPDATE annotation_sets SET note = ? WHERE id = ?")
	if err != nil {
		im.close()
		return nil, err
	}
	return im, nil
}

func (im *importer) close() {
	im.docs.close()
	for _, s := range []*sql.Stmt{im.insertSpan, im.findSet, im.insertSet, im.setNote} {
		if s != nil {
			s.Close()
		}
	}
}

// add stores one record. Every check that can fail runs before the first
// write, so a skipped record leaves nothing behind.
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
	if len(rec.Spans) > 0 || rec.Note != "" {
		if owner == "" {
			return fail(model.Errorf(model.EINVALID, "the record has spans or a note but no annotator: pass --annotator"))
		}
		if err := model.ValidateAnnotatorName(owner); err != nil {
			return fail(err)
		}
	}
	textLen := model.RuneLen(rec.Text)
	hash := model.ContentHash(rec.Text)

	// Find what is stored already, to check the new spans against it.
	ref, found, err := im.docs.lookup(ctx, hash)
	if err != nil {
		return err
	}
	var setID int64
	var kept []model.Span
	if (len(rec.Spans) > 0 || rec.Note != "") && found {
		if annID, ok := im.annotators[owner]; ok || im.annotatorExists(ctx, owner, &annID) {
			im.annotators[owner] = annID
			err := im.findSet.QueryRowContext(ctx, ref.id, annID).Scan(&setID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if setID != 0 {
				if kept, err = setSpans(ctx, im.tx, setID); err != nil {
					return err
				}
			}
		}
	}
	var fresh []model.Span
	for _, s := range rec.Spans {
		if err := s.Validate(textLen, nil); err != nil {
			return fail(err)
		}
		if _, known := im.labels[s.Label]; !known {
			if err := model.NewLabel(s.Label, im.labelList).Validate(); err != nil {
				return fail(err)
			}
		}
		err := model.CheckAddition(kept, s, im.allowOverlap)
		if model.ErrorCode(err) == model.ECONFLICT {
			report.SpansExisting++
			continue
		}
		if err != nil {
			return fail(err)
		}
		kept = append(kept, s)
		fresh = append(fresh, s)
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
	if len(fresh) == 0 && rec.Note == "" {
		return nil
	}
	if setID != 0 {
		// New spans or a note change an existing set: its time says so,
		// which is what merge and the disagreement measures go by.
		if _, err := im.tx.ExecContext(ctx, "UPDATE annotation_sets SET updated_at = ? WHERE id = ?", im.now, setID); err != nil {
			return err
		}
	} else {
		annID, err := im.annotator(ctx, owner)
		if err != nil {
			return err
		}
		res, err := im.insertSet.ExecContext(ctx, ref.id, annID, im.now, im.now)
		if err != nil {
			return err
		}
		if setID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	if rec.Note != "" {
		if _, err := im.setNote.ExecContext(ctx, rec.Note, setID); err != nil {
			return err
		}
	}
	for _, s := range fresh {
		labelID, err := im.label(ctx, s.Label)
		if err != nil {
			return fail(err)
		}
		if _, err := im.insertSpan.ExecContext(ctx, newID(), setID, s.Start, s.End, labelID, s.Note, im.now, im.now); err != nil {
			return explainOpenError(err)
		}
		report.SpansAdded++
	}
	return nil
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
