package app

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// ExportSource is a project as an export reads it. The SQLite project file
// (storage.DB) implements it.
//
// Errors: a failure of the database (the disk, the connection) is
// model.EINTERNAL, any error that carries no model code; a cancelled
// context ends a method with an error that wraps ctx.Err().
type ExportSource interface {
	// Path is the project's file, which an export must never replace, nor
	// the files its database keeps beside it; "" when the project is not a
	// file. No error.
	Path() string
	// Labels returns the project's labels in their order: the tag set of
	// the token formats. EINTERNAL.
	Labels(ctx context.Context) ([]model.Label, error)
	// Annotators returns the names of the people who annotate the project,
	// sorted, without model.GoldAnnotator. EINTERNAL.
	Annotators(ctx context.Context) ([]string, error)
	// HasGold says whether any document has a gold (reviewed) version.
	// EINTERNAL.
	HasGold(ctx context.Context) (bool, error)
	// ExportCount counts the annotation sets Export passes for q: the total
	// of a progress bar. EINTERNAL.
	ExportCount(ctx context.Context, q ExportQuery) (int, error)
	// Export calls fn with each annotation set q picks, in the order the
	// sets were made, from one snapshot of the project, a set with no
	// spans included (a negative example); the spans come in text order,
	// and the set's relations with them (Annotation.Relations, naming
	// their spans by index in Spans, in reading order, Symmetric set for
	// a label the project declares symmetric).
	// It streams: the Annotation passed to fn is reused for the next call.
	// An error of fn ends it and is returned unchanged; else EINTERNAL.
	Export(ctx context.Context, q ExportQuery, fn func(*formats.Annotation) error) error
}

// ExportQuery picks the annotation sets an export writes.
type ExportQuery struct {
	Annotators []string       // whose sets (model.GoldAnnotator for the gold versions); empty means everyone's
	Statuses   []model.Status // which statuses; empty means any
}

// ExportOptions is one export: what it writes, how, and where.
type ExportOptions struct {
	Format formats.Format
	Query  ExportQuery
	Split  *formats.Split // whole documents into parts, one output each; nil for one output
	Scheme formats.Scheme // conll and hf; "" means iob2
	// Snap widens spans that fall inside tokens to token boundaries in
	// the token formats, which otherwise refuse them.
	Snap bool
	// SkipMisaligned writes the rest when a token format cannot write a
	// span exactly (off token boundaries and not snapped, or overlapping
	// in CoNLL and Hugging Face) instead of refusing the export: the
	// report lists the spans left out (ExportReport.Skipped).
	SkipMisaligned bool
	// Out is a file, or "-" (or "") for Stdout; a folder for hf and brat.
	Out    string
	Stdout io.Writer
	// Files is where the export writes Out, and spools what goes to
	// Stdout: storage/files.Exports for the disk.
	Files ExportFiles
}

// ExportReport says what an export wrote.
type ExportReport struct {
	Records   int // annotation sets written
	Documents int // distinct documents among them
	Snapped   int // spans widened to token boundaries (Snap)
	// Skipped lists the spans a token format left out (SkipMisaligned),
	// in the order met, each with its document, offsets, label, text
	// and why; SkippedRelations counts the relations left out with them
	// (Prodigy: a relation needs both its spans).
	Skipped          []formats.Misaligned
	SkippedRelations int
	// RelationsLeftOut counts the relations between spans of the sets
	// written that the format cannot carry (CoNLL, Hugging Face): the
	// export says so rather than drop them without a word.
	RelationsLeftOut int
	// AttributesLeftOut counts, by name, the span attributes the format
	// cannot carry (all in CoNLL, Hugging Face and doccano; those other
	// than kb_id in Prodigy; flags in Label Studio; free text with white
	// space in brat); nil when none were.
	AttributesLeftOut map[string]int
	// Out is where the export went, as given; "" for standard output.
	Out string
	// Parts names the split's parts that received records, sorted; none
	// without a split.
	Parts []string
	// Written lists the files (or the brat folder) given their names.
	// After a failure it lists those written before it, which is none
	// unless a split's files failed between renames.
	Written []string
	// Mapped lists the label names the format could not hold as they are
	// and the export wrote percent-encoded (brat, conll).
	Mapped []formats.MappedLabel
}

// progressEvery is how many records an export writes between two calls of
// its progress function: often enough for a bar, rarely enough to cost
// nothing.
const progressEvery = 500

// Export writes the annotation sets opts picks in opts.Format. Nothing
// appears under the real names unless every record was written: files and
// folders are written under temporary names and renamed at the end, every
// file synced before the first rename, and what goes to standard output is
// spooled first (a token format finds a misaligned span only when it
// closes). An output that is the project file, one SQLite keeps beside it,
// or a folder holding them is refused before anything is written.
//
// opts.Files writes the files and folders; an export without it is
// refused (EINVALID) before anything is read. progress, when not nil, is
// called with the records written and the total every 500 records and at
// the end. A cancelled ctx stops the export until
// the first rename; the error then says "interrupted" and errors.Is finds
// context.Canceled in it. The error of a failed export says what it wrote:
// nothing, the split's files renamed before one failed, or how much
// reached standard output. Errors: EINVALID for options that cannot work
// (a folder format to standard output, an output on the project, an
// unknown scheme, a span off token boundaries without Snap or
// SkipMisaligned), else the
// error of the source or the file system.
func Export(ctx context.Context, src ExportSource, opts ExportOptions, progress func(done, total int)) (ExportReport, error) {
	var res ExportReport
	if opts.Files == nil {
		return res, model.Errorf(model.EINVALID, "an export needs ExportOptions.Files to write to")
	}
	labels, err := src.Labels(ctx)
	if err != nil {
		return res, err
	}
	wopts := formats.WriterOptions{Scheme: opts.Scheme, Snap: opts.Snap, SkipMisaligned: opts.SkipMisaligned}
	for _, l := range labels {
		wopts.Labels = append(wopts.Labels, l.Name)
	}
	outs, err := newOutputs(opts.Files, opts.Format, opts.Out, opts.Split, wopts, opts.Stdout, src.Path())
	if err != nil {
		return res, err
	}
	total := 0
	if progress != nil {
		if total, err = src.ExportCount(ctx, opts.Query); err != nil {
			outs.abort()
			return res, outs.explain(err, 0)
		}
	}
	documents := map[string]bool{}
	err = src.Export(ctx, opts.Query, func(a *formats.Annotation) error {
		// Checked here too: SIGTERM, SIGINT and the window's Cancel must
		// stop an export promptly, whatever the database does meanwhile.
		if err := ctx.Err(); err != nil {
			return err
		}
		part := ""
		if opts.Split != nil {
			part = opts.Split.Part(a.Document.ID)
		}
		res.Records++
		documents[a.Document.ID] = true
		if progress != nil && res.Records%progressEvery == 0 {
			progress(res.Records, total)
		}
		return outs.write(part, a)
	})
	if progress != nil {
		progress(res.Records, total)
	}
	if err == nil {
		err = outs.finish(ctx)
	}
	res.Written = outs.written
	if err != nil {
		outs.abort()
		if errors.Is(err, context.Canceled) {
			err = errInterrupted
		}
		return res, outs.explain(err, res.Records)
	}
	res.Documents, res.Snapped, res.Mapped = len(documents), outs.snapped(), outs.mapped()
	res.RelationsLeftOut = outs.relationsLeftOut()
	res.AttributesLeftOut = outs.attributesLeftOut()
	res.Skipped, res.SkippedRelations = outs.skipped()
	if !outs.toStdout {
		res.Out = opts.Out
	}
	if opts.Split != nil {
		for _, name := range outs.partNames() {
			if name != "" {
				res.Parts = append(res.Parts, name)
			}
		}
	}
	return res, nil
}

// errInterrupted is a cancelled export (Ctrl-C, SIGTERM, the window's
// Cancel) in words a user reads; errors.Is still finds context.Canceled in
// it, which is how the window tells a cancel from a failure.
var errInterrupted error = interruptedError{}

type interruptedError struct{}

func (interruptedError) Error() string        { return "interrupted" }
func (interruptedError) Is(target error) bool { return target == context.Canceled }

// ExportChoice is whose annotation sets an export writes when the caller
// wants one annotator's.
type ExportChoice struct {
	Annotator string // a person's name or model.GoldAnnotator
	// DefaultGold says the gold versions were chosen because nobody was
	// named, and GoldDocuments counts the documents that have one: a
	// front end says so, since documents without one are left out.
	DefaultGold   bool
	GoldDocuments int
}

// ChooseExportAnnotator picks whose annotations an export writes: asked,
// when the project has that annotator (gold included once it exists), or,
// when asked is "", the gold versions once any document has one, else the
// only annotator. ENOTFOUND for an unknown name or a project nobody has
// annotated, EINVALID when asked is "" and several people annotate (the
// message names them and nothing more), EINTERNAL when the source fails.
func ChooseExportAnnotator(ctx context.Context, src ExportSource, asked string) (ExportChoice, error) {
	names, err := src.Annotators(ctx)
	if err != nil {
		return ExportChoice{}, err
	}
	hasGold, err := src.HasGold(ctx)
	if err != nil {
		return ExportChoice{}, err
	}
	if hasGold {
		if asked == "" {
			n, err := src.ExportCount(ctx, ExportQuery{Annotators: []string{model.GoldAnnotator}})
			if err != nil {
				return ExportChoice{}, err
			}
			return ExportChoice{Annotator: model.GoldAnnotator, DefaultGold: true, GoldDocuments: n}, nil
		}
		names = append(names, model.GoldAnnotator)
	}
	if asked != "" {
		for _, n := range names {
			if n == asked {
				return ExportChoice{Annotator: asked}, nil
			}
		}
		known := "none"
		if len(names) > 0 {
			known = strings.Join(names, ", ")
		}
		return ExportChoice{}, model.Errorf(model.ENOTFOUND, "no annotator named %s in this project (annotators: %s)", asked, known)
	}
	switch len(names) {
	case 0:
		return ExportChoice{}, model.Errorf(model.ENOTFOUND, "nobody has annotated this project yet: nothing to export")
	case 1:
		return ExportChoice{Annotator: names[0]}, nil
	}
	// Which way out there is (a flag, a menu) is the front end's to say.
	return ExportChoice{}, model.Errorf(model.EINVALID, "the project has several annotators (%s)", strings.Join(names, ", "))
}
