package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// ImportTarget is a project as an import fills it. The SQLite project file
// (storage.DB) implements it.
type ImportTarget interface {
	// Import reads every record of r and stores it in one write
	// transaction: the whole input lands, or, on the first bad record
	// (unless opts.SkipInvalid), none of it does. Documents are matched by
	// content and spans by offsets and label, so importing the same input
	// twice adds nothing. It calls opts.Progress as documented there.
	// Errors: the *model.InputError of a bad record (its code, EINVALID
	// as a rule, naming file and line), a *ConflictError (ECONFLICT) for
	// a record at odds with an earlier one, a *model.SpanRefusal
	// (EINVALID) for an overlapping span, EINVALID for options that cannot
	// work, an error wrapping ctx.Err() when cancelled, EINTERNAL for a
	// failure of the database. After an error, the report holds what was
	// read before it (Records, Skipped, Warnings).
	Import(ctx context.Context, r RecordReader, opts ImportOptions) (ImportReport, error)
}

// ImportStatuses are the statuses an import may give the sets it makes:
// todo would say nobody read what the input says someone annotated.
var ImportStatuses = []model.Status{model.StatusDone, model.StatusInProgress, model.StatusSkipped}

// Import stores every record of r in dst as one unit of work (see
// ImportTarget). EINVALID for opts that cannot work (a status outside
// ImportStatuses, an unknown conflict choice), checked before dst is
// touched; else the errors of dst.Import.
func Import(ctx context.Context, dst ImportTarget, r RecordReader, opts ImportOptions) (ImportReport, error) {
	if opts.Status != "" && !slices.Contains(ImportStatuses, opts.Status) {
		return ImportReport{}, model.Errorf(model.EINVALID, "an import makes sets done, in progress or skipped, not %s", opts.Status)
	}
	switch opts.OnConflict {
	case "", ConflictFirst, ConflictSeparate:
	default:
		return ImportReport{}, model.Errorf(model.EINVALID, "unknown conflict choice %q (want first or separate)", opts.OnConflict)
	}
	return dst.Import(ctx, r, opts)
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
		AnnotatedEmpty: r.AnnotatedEmpty, SuggestionsAdded: r.SuggestionsAdded, Relaxed: r.Relaxed,
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
	Skipped           []error  // bad records left out under SkipInvalid, each naming file and line
	// OverlapAllowed says AllowOverlap turned the rule on: it was off.
	OverlapAllowed bool
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
	e.err = model.Errorf(model.ECONFLICT, "%s: pass --on-conflict first to keep the version at %s, "+
		"or --on-conflict separate to keep each file's version as its own annotation set", e.Reason(), earlier)
	return e
}

// Reason names both records and says why they cannot both be imported.
func (e *ConflictError) Reason() string {
	return fmt.Sprintf("%s: the same text as %s, also annotated by %s, with other spans; "+
		"importing both would merge them into a version neither holds", e.Where, e.Earlier, e.Annotator)
}

func (e *ConflictError) Error() string { return e.err.Error() }
func (e *ConflictError) Unwrap() error { return e.err }
