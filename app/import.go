package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// ImportTarget is a project as an import fills it: one write transaction
// holding the few operations the import's rules are written over. The
// SQLite project file (storage.DB) implements it; a team database
// implements the same contract and passes the same conformance suite
// (apptest.TestImportTarget). Merging another project file into this one
// copies documents, labels, annotators and sets through the same kind of
// operations.
type ImportTarget interface {
	// ImportUnit runs fn in one write transaction: every change fn makes
	// through tx commits, durably, when fn returns nil, and none of them
	// when it returns an error or panics. Every change of one unit carries
	// one timestamp. A second writer waits for the first instead of
	// failing. fn sees its own changes through tx and must not keep tx
	// after it returns.
	// Errors: fn's own error, unchanged (wrapped at most); an error
	// wrapping ctx.Err() when ctx is cancelled before or during the unit
	// (nothing is changed then); EINTERNAL for a failure of the database.
	ImportUnit(ctx context.Context, fn func(tx ImportTx) error) error
}

// ImportTx is the write transaction of an import. Documents are named by
// their ID (a UUID) and annotators by name, as everywhere in the store
// contract. The operations check what a database must not hold (an
// invalid status, a span past its text, a label the project lacks); the
// import's rules (overlaps, versions, what a record may change) are the
// caller's. A refused operation changes nothing, and the unit goes on.
type ImportTx interface {
	// Labels returns the project's labels in their order.
	// Errors: EINTERNAL.
	Labels(ctx context.Context) ([]model.Label, error)
	// AddLabel adds l at the end of the project's labels.
	// Errors: EINVALID for a label that is not valid with the project's
	// others (model.ValidateLabelSet), ECONFLICT when its name or key is
	// taken, EINTERNAL.
	AddLabel(ctx context.Context, l model.Label) error
	// AllowOverlap returns the project's overlap rule.
	// Errors: EINTERNAL.
	AllowOverlap(ctx context.Context) (bool, error)
	// SetAllowOverlap stores the project's overlap rule and says whether
	// it changed. Errors: ECONFLICT when turning the rule off while spans
	// of one set overlap (naming where), EINTERNAL.
	SetAllowOverlap(ctx context.Context, allow bool) (changed bool, err error)
	// DocumentByHash returns the ID of the document whose text has the
	// content hash (model.ContentHash); found is false when there is none.
	// Errors: EINTERNAL.
	DocumentByHash(ctx context.Context, hash string) (id string, found bool, err error)
	// AddDocument stores a new document and returns its ID: d.ID when
	// given, else a new one. d.Hash is model.ContentHash(d.Text), computed
	// when empty; the caller vouches for a hash it gives (an import has
	// just computed it to find the document). Errors: EINVALID for an
	// invalid text or meta (model.ValidateText, model.ValidateMeta),
	// ECONFLICT when a document has the text (its hash) or the ID,
	// EINTERNAL.
	AddDocument(ctx context.Context, d model.Document) (id string, err error)
	// Set returns the annotator's annotation set on a document and its
	// spans in text order; found is false when the annotator has none
	// there (or is unknown). Errors: ENOTFOUND for an unknown document,
	// EINTERNAL.
	Set(ctx context.Context, documentID, annotator string) (set ImportSet, spans []model.Span, found bool, err error)
	// PutSet makes the annotator's set on a document (and the annotator,
	// if new) with set's fields, or gives the existing set set's fields,
	// and adds the spans add to it; added counts the spans stored: a span
	// the set has already (same offsets and label) is left out. The set's
	// updated time becomes the unit's (set.Updated when given), its
	// created time, for a new set, the unit's (set.Created when given).
	// Each span of add keeps its ID when it has one no span of the project
	// has, else gets a new one; its Origin, or model.OriginImport; its
	// Created and Updated, or the unit's time. The spans are checked on
	// their own (offsets within the text, a label the project has), not
	// against each other or the set's spans: overlaps are the caller's
	// rule. Every check runs before the first write.
	// Errors: ENOTFOUND for an unknown document; EINVALID for an invalid
	// annotator name, status or answer, or a span that is invalid on its
	// own or has a label the project lacks; EINTERNAL.
	PutSet(ctx context.Context, documentID, annotator string, set ImportSet, add []model.Span) (added int, err error)
	// AddSuggestions stores spans (offsets and label) as the annotator's
	// pending suggestions on a document, from model.SourceImport, making
	// the annotator if new. A suggestion the annotator has already there
	// (same offsets and label, pending or rejected) is left as it is; added
	// counts the others. Every check runs before the first write.
	// Errors: ENOTFOUND for an unknown document; EINVALID for an invalid
	// annotator name, or a span invalid on its own or with a label the
	// project lacks; EINTERNAL.
	AddSuggestions(ctx context.Context, documentID, annotator string, spans []model.Span) (added int, err error)
	// RelationLabels returns the project's relation labels in their
	// order. Errors: EINTERNAL.
	RelationLabels(ctx context.Context) ([]model.RelationLabel, error)
	// AddRelationLabel adds l at the end of the project's relation
	// labels. Errors: EINVALID for a label that is not valid with the
	// project's others (model.ValidateRelationLabelSet), ECONFLICT when
	// its name or key is taken, EINTERNAL.
	AddRelationLabel(ctx context.Context, l model.RelationLabel) error
	// PutRelations adds relations to the annotator's set on a document.
	// Each names its two spans by offsets and label (model.Span.SameAs),
	// so that it finds them whatever IDs PutSet gave them, and keeps its
	// ID when it has one no relation of the project has, else gets a new
	// one. A relation the set has already (same spans and label, either
	// way round for a symmetric label) is left out; added counts the
	// others. Every check runs before the first write.
	// Errors: ENOTFOUND for an unknown document or an annotator with no
	// set there (PutSet first); EINVALID for a span the set does not
	// hold, a relation from a span to itself, or a label the project
	// lacks; EINTERNAL.
	PutRelations(ctx context.Context, documentID, annotator string, relations []ImportRelation) (added int, err error)
	// PutTokens stores the tokens a document came with (a CoNLL, Hugging
	// Face or Prodigy source's), in text order, replacing any it had:
	// token exports write them instead of the tokenizer's. Errors:
	// ENOTFOUND for an unknown document; EINVALID for no tokens, or a token
	// empty, outside the text or overlapping the one before it
	// (model.ValidateTokens); EINTERNAL.
	PutTokens(ctx context.Context, documentID string, tokens []model.Token) error
	// Tokens returns the tokens stored with a document (PutTokens), nil
	// when it has none. Errors: ENOTFOUND for an unknown document,
	// EINTERNAL.
	Tokens(ctx context.Context, documentID string) ([]model.Token, error)
	// PutReview records that reviewer last changed the document's gold
	// version (model.GoldAnnotator's set) at updated, the unit's time when
	// zero; reviewer "" removes the record (nobody has reviewed). An
	// import stores a review's result this way, a merge the other
	// project's record. Errors: ENOTFOUND for an unknown document,
	// EINVALID for an invalid name (model.ValidatePersonName), EINTERNAL.
	PutReview(ctx context.Context, documentID, reviewer string, updated time.Time) error
}

// ImportRelation is a relation as an import or a merge brings it: its two
// spans by offsets and label, which the set holds already.
type ImportRelation struct {
	ID       string // kept when free; "" for a new one
	From, To model.Span
	Label    string
	Note     string
}

// ResolveImportRelations joins the relations an import brings to the
// spans of the annotator's set on a document (spans, as stored, with
// their IDs), by offsets and label, and checks each against the
// project's relation labels (names): the relations to add, in order.
// EINVALID for a relation naming a span the set lacks, a span related to
// itself or an unknown label. Every ImportTx's PutRelations resolves its
// relations so, after reading the set's spans its own way.
func ResolveImportRelations(annotator, documentID string, spans []model.Span, relations []ImportRelation, names model.RelationLabelNames) ([]model.Relation, error) {
	type key struct {
		start, end int
		label      string
	}
	ids := make(map[key]string, len(spans))
	for _, s := range spans {
		ids[key{s.Start, s.End, s.Label}] = s.ID
	}
	resolved := make([]model.Relation, len(relations))
	for i, ir := range relations {
		r := model.Relation{ID: ir.ID, Label: ir.Label, Note: ir.Note}
		var ok bool
		for _, end := range []struct {
			span model.Span
			id   *string
		}{{ir.From, &r.From}, {ir.To, &r.To}} {
			if *end.id, ok = ids[key{end.span.Start, end.span.End, end.span.Label}]; !ok {
				return nil, model.Errorf(model.EINVALID, "%s's set on document %s has no %s span [%d, %d) to relate",
					model.Printable(annotator), documentID, model.Printable(end.span.Label), end.span.Start, end.span.End)
			}
		}
		if err := r.Validate(names); err != nil {
			return nil, err
		}
		resolved[i] = r
	}
	return resolved, nil
}

// ImportSet is an annotator's annotation set on a document as an import
// reads and writes it: everything but its spans.
type ImportSet struct {
	Status model.Status
	Note   string
	// Answer is a Prodigy answer ("accept", "reject", "ignore") kept for
	// the export to write back; "" for none.
	Answer string
	// InputHash and TaskHash are Prodigy's hashes; nil for none.
	InputHash, TaskHash *int64
	// Created and Updated are the set's times as Set reads them; PutSet
	// uses the unit's time where they are zero.
	Created, Updated time.Time
}

// Validate checks the set's status and answer, as every ImportTx does
// before it writes a set: EINVALID for either that is not one.
func (s ImportSet) Validate() error {
	if err := s.Status.Validate(); err != nil {
		return err
	}
	return model.ValidateAnswer(s.Answer)
}

// ImportStatuses are the statuses an import may give the sets it makes:
// todo would say nobody read what the input says someone annotated.
var ImportStatuses = []model.Status{model.StatusDone, model.StatusInProgress, model.StatusSkipped}

// Import reads every record of r and stores it in dst in one unit of work
// (ImportTarget.ImportUnit): the whole input lands, or, on the first bad
// record (unless opts.SkipInvalid), none of it does. Documents are matched
// by content and spans by offsets and label, so importing the same input
// twice adds nothing. It calls opts.Progress as documented there.
// Errors: EINVALID for opts that cannot work (a status outside
// ImportStatuses, an unknown conflict choice), checked before dst is
// touched; the *model.InputError of a bad record (its code, EINVALID as a
// rule, naming file and line), a *ConflictError (ECONFLICT) for a record at
// odds with an earlier one, a *model.SpanRefusal (EINVALID) for an
// overlapping span, ECONFLICT when AllowOverlap cannot be stored, an error
// wrapping ctx.Err() when cancelled, EINTERNAL for a failure of the
// database. After an error, the report holds what was read before it
// (Records, Skipped, Warnings).
func Import(ctx context.Context, dst ImportTarget, r RecordReader, opts ImportOptions) (ImportReport, error) {
	if opts.Status != "" && !slices.Contains(ImportStatuses, opts.Status) {
		return ImportReport{}, model.Errorf(model.EINVALID, "an import makes sets done, in progress or skipped, not %s", opts.Status)
	}
	switch opts.OnConflict {
	case "", ConflictFirst, ConflictSeparate:
	default:
		return ImportReport{}, model.Errorf(model.EINVALID, "unknown conflict choice %q (want first or separate)", opts.OnConflict)
	}
	if opts.ProgressEvery <= 0 {
		opts.ProgressEvery = 1000
	}
	var report ImportReport
	err := dst.ImportUnit(ctx, func(tx ImportTx) error {
		return importRecords(ctx, tx, r, opts, &report)
	})
	if opts.Progress != nil {
		opts.Progress(report.Records)
	}
	if err != nil {
		return ImportReport{Records: report.Records, Skipped: report.Skipped, Warnings: report.Warnings}, err
	}
	sort.Strings(report.LabelsAdded)
	sort.Strings(report.RelationLabelsAdded)
	sort.Strings(report.Formats)
	return report, nil
}

// importRecords is the record loop of Import, inside its unit of work.
func importRecords(ctx context.Context, tx ImportTx, r RecordReader, opts ImportOptions, report *ImportReport) error {
	if opts.AllowOverlap {
		var err error
		if report.OverlapAllowed, err = tx.SetAllowOverlap(ctx, true); err != nil {
			return err
		}
	}
	im, err := newImporter(ctx, tx, opts)
	if err != nil {
		return err
	}
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
			im.counted(rec, report)
			err = im.add(ctx, rec, report)
		}
		if err != nil {
			if !opts.SkipInvalid || model.ErrorCode(err) == model.EINTERNAL && inputErr == nil {
				return err
			}
			if inputErr != nil && inputErr.Part {
				// A bad region alone: its task's records come next.
				report.SkippedSpans = append(report.SkippedSpans, err)
			} else {
				report.Skipped = append(report.Skipped, err)
			}
		}
		if opts.Progress != nil && report.Records%opts.ProgressEvery == 0 {
			opts.Progress(report.Records)
		}
	}
	report.LabelsAdded = im.labelsAdded
	report.RelationLabelsAdded = im.relLabelsAdded
	report.AnnotatorsFromFiles = sortedNames(im.fileOwners)
	report.Reviewers = sortedNames(im.reviewers)
	for f := range im.formats {
		report.Formats = append(report.Formats, f)
	}
	return nil
}

// Summary is the report in the words the command line and the window
// both use: each error as its message.
func (r ImportReport) Summary() formats.ImportSummary {
	messages := func(errs []error) []string {
		var out []string
		for _, err := range errs {
			out = append(out, model.ErrorMessage(err))
		}
		return out
	}
	return formats.ImportSummary{
		Formats: r.Formats, Records: r.Records,
		DocumentsAdded: r.DocumentsAdded, DocumentsExisting: r.DocumentsExisting,
		SpansAdded: r.SpansAdded, SpansExisting: r.SpansExisting, LabelsAdded: r.LabelsAdded,
		RelationsAdded: r.RelationsAdded, RelationsExisting: r.RelationsExisting, RelationLabelsAdded: r.RelationLabelsAdded,
		AnnotatedEmpty: r.AnnotatedEmpty, SuggestionsAdded: r.SuggestionsAdded, Relaxed: r.Relaxed,
		Reviews: r.Reviews, ReviewVersions: r.ReviewVersions, ReviewGold: r.ReviewGold, Reviewers: r.Reviewers,
		AnnotatorsFromFiles: r.AnnotatorsFromFiles, UserFileUnlabeled: r.UserFileUnlabeled,
		NotKept:  r.NotKept,
		Warnings: messages(r.Warnings), Skipped: messages(r.Skipped),
		SkippedSpans: messages(r.SkippedSpans), Conflicts: messages(r.Conflicts),
	}
}

// RecordReader is the stream an import consumes; formats.Reader is one.
// Next returns io.EOF at the end, and a *model.InputError for a bad
// record (a warning when nothing wanted is lost), after which it goes on.
type RecordReader interface {
	Next() (*formats.Record, error)
}

// ImportOptions controls an import.
type ImportOptions struct {
	// Annotator owns spans whose record names no annotator.
	Annotator string
	// SkipInvalid skips bad records (reporting each) instead of failing the
	// whole import; a bad span (out of range, overlapping another) is
	// skipped alone, its record kept.
	SkipInvalid bool
	// Status is the status of the annotation sets annotated records make
	// (done, in_progress or skipped), unless a record gives its own (a
	// Prodigy reject or ignore is skipped); "" means done. A record not
	// marked annotated that brings spans makes an in_progress set unless
	// Status is set.
	Status model.Status
	// OnConflict says what to do when, within one import, a second record
	// with the same text and annotator brings other spans than the first:
	// "" refuses (naming both), ConflictFirst keeps the first version and
	// reports the others, ConflictSeparate keeps each version as its own
	// annotation set, under the annotator's name and the file's.
	OnConflict string
	// Progress, when set, is called with the number of records read so far
	// every ProgressEvery records and at the end.
	Progress      func(records int)
	ProgressEvery int
	// AllowOverlap turns the project's overlap rule on in the import's
	// own transaction, for data with nested or overlapping spans: a failed
	// import leaves the rule as it was.
	AllowOverlap bool
	// AnnotatorFromFile makes a record that names no annotator the
	// annotator its file is named after, where its format names files
	// after users (formats.Record.FileAnnotator: doccano 1.x writes one
	// file per user, alice.jsonl), rather than Annotator: several users'
	// files of the same texts import as several annotators of the same
	// documents.
	AnnotatorFromFile bool
}

// ImportReport says what an import changed.
type ImportReport struct {
	Formats          []string // the formats the input was read as, sorted
	AnnotatedEmpty   int      // records annotated with no span: sets with no spans (negative examples)
	SuggestionsAdded int      // model predictions stored as suggestions
	Relaxed          int      // Label Studio regions whose text matched only after trimming (formats.Record.Relaxed)
	SkippedSpans     []error  // bad spans left out under SkipInvalid, their records kept
	Warnings         []error  // problems that lost nothing wanted (model.InputError.Warning)
	// NotKept counts, by kind ("relations", "events"...), what the input
	// carried that a project does not store.
	NotKept map[string]int
	// Conflicts lists records whose spans differed from an earlier record
	// of the same text and annotator, and what became of each (under
	// ConflictFirst and ConflictSeparate).
	Conflicts []error

	Records           int
	DocumentsAdded    int
	DocumentsExisting int
	SpansAdded        int
	SpansExisting     int
	LabelsAdded       []string // labels met in the input that the project did not have
	// RelationsAdded counts the relations between spans stored, and
	// RelationsExisting those the annotator's set had already;
	// RelationLabelsAdded names the relation labels met in the input that
	// the project did not have, sorted.
	RelationsAdded, RelationsExisting int
	RelationLabelsAdded               []string
	Skipped                           []error // bad records left out under SkipInvalid, each naming file and line
	// OverlapAllowed says AllowOverlap turned the rule on: it was off.
	OverlapAllowed bool
	// Reviews counts the review records read (formats.Record.Review);
	// ReviewVersions the annotators' sets their versions made or added
	// to, ReviewGold the gold versions; Reviewers names who reviewed the
	// gold versions stored, sorted.
	Reviews, ReviewVersions, ReviewGold int
	Reviewers                           []string
	// AnnotatorsFromFiles names the annotators records were stored under
	// because their files are named so (AnnotatorFromFile), sorted;
	// UserFileUnlabeled counts the records of such files with nothing
	// labeled, which make no set (a user's file lists every text).
	AnnotatorsFromFiles []string
	UserFileUnlabeled   int
}

// The choices ImportOptions.OnConflict takes besides "" (refuse).
const (
	ConflictFirst    = "first"
	ConflictSeparate = "separate"
)

// ConflictError refuses a record whose text an earlier record of the same
// import holds, by the same annotator, with other spans. Its message says
// how `inkspan import` chooses (--on-conflict); Reason says only what
// happened, for a caller that offers the choice otherwise (the window's
// import dialog). Its code is ECONFLICT.
type ConflictError struct {
	Where     string // the record refused: file and line
	Earlier   string // the earlier record's file and line
	Annotator string
	err       *model.Error
}

// NewConflictError is the refusal of the record at where, whose text the
// record at earlier holds, annotated by annotator with other spans.
func NewConflictError(where, earlier, annotator string) *ConflictError {
	e := &ConflictError{Where: where, Earlier: earlier, Annotator: annotator}
	e.err = model.Errorf(model.ECONFLICT, "%s: keep the first version (at %s) or each file's version as its own annotation set", e.Reason(), earlier)
	return e
}

// Reason names both records and says why they cannot both be imported.
func (e *ConflictError) Reason() string {
	return fmt.Sprintf("%s: the same text as %s, also annotated by %s, with other spans; "+
		"importing both would merge them into a version neither holds", e.Where, e.Earlier, e.Annotator)
}

func (e *ConflictError) Error() string { return e.err.Error() }
func (e *ConflictError) Unwrap() error { return e.err }
