package formats

import (
	"fmt"
	"io"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// Annotation is one version of one document's labels, what an export writes
// as one record: an annotator's set, or (once review exists) the gold one.
type Annotation struct {
	Document  model.Document // ID, ExternalID, Text, Meta
	Annotator string
	Status    model.Status
	Spans     []model.Span // text order; Start, End, Label, Note, Attributes (see AttributesLeftOut)
	Note      string       // the annotator's note on the document, for the reviewer
	// Relations join spans of Spans, by index (see Relation), in the
	// set's reading order; Symmetric is the project's word on the label.
	Relations []Relation
	// Answer is the Prodigy answer the set was imported with ("accept",
	// "reject", "ignore"), "" for one made in Inkspan: the Prodigy writer
	// derives it from the status then.
	Answer string
	// InputHash and TaskHash are Prodigy's hashes as imported, nil when the
	// set has none (or its text changed since).
	InputHash, TaskHash *int64
	// Tokens are the document's stored tokens (model.Token), nil when it
	// came without: the token writers use them instead of the tokenizer.
	Tokens []model.Token
}

// NoteKey is the field that carries a document note in the JSON formats
// that have no field of their own for it (prodigy, doccano).
const NoteKey = "annotator_note"

// Scheme is how token formats tag the tokens of a span.
type Scheme string

// The tag schemes: IOB1 (I- unless a span follows one of the same label, the
// original CoNLL-2003 data), IOB2 (every span starts with B-, most model
// code) and BIOES (B-, I-, E- and S- for one-token spans).
const (
	SchemeIOB1  Scheme = "iob1"
	SchemeIOB2  Scheme = "iob2"
	SchemeBIOES Scheme = "bioes"
)

// WriterOptions tunes an export.
type WriterOptions struct {
	Labels []string // the project's label names, in order: tag ids for hf
	Scheme Scheme   // conll and hf; "" means iob2
	Snap   bool     // widen spans to token boundaries instead of failing
	// SkipMisaligned leaves out of a token format the spans it cannot
	// write exactly (off token boundaries, unless Snap placed them; and
	// the others AlignmentError lists) instead of failing: the writer
	// lists them (Skipper) for the export to report.
	SkipMisaligned bool
}

// Writer writes annotations in one format. Write may be called any number of
// times; Close finishes the output (closing brackets, trailing files) and
// reports spans that could not be written exactly (see AlignmentError).
type Writer interface {
	Write(a *Annotation) error
	Close() error
}

// Misaligned is a span that does not fall on token boundaries.
type Misaligned struct {
	Document string // external id, or the document's UUID
	Start    int
	End      int
	Label    string
	Text     string
	Reason   string // "" for off token boundaries; else what else is wrong
}

// AlignmentError lists the spans a token format could not write exactly:
// spans off token boundaries (unless WriterOptions.Snap) and spans that
// overlap, which token tags cannot express. Nothing is ever shifted silently.
type AlignmentError struct {
	Format Format
	Spans  []Misaligned
}

func (e *AlignmentError) Error() string {
	const shown = 10
	var b strings.Builder
	fmt.Fprintf(&b, "%d spans cannot be written as %s tokens", len(e.Spans), e.Format)
	for i, s := range e.Spans {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", len(e.Spans)-shown)
			break
		}
		fmt.Fprintf(&b, "; %s [%d, %d) %s %q", s.Document, s.Start, s.End, s.Label, s.Text)
		if s.Reason != "" {
			fmt.Fprintf(&b, " (%s)", s.Reason)
		}
	}
	for _, s := range e.Spans {
		if s.Reason == "" { // only spans off token boundaries can be snapped
			b.WriteString(" — pass --snap to widen spans to token boundaries")
			break
		}
	}
	b.WriteString(", or --skip-misaligned to leave such spans out and list them")
	return b.String()
}

// Snapper is implemented by token-format writers: how many spans they
// widened to token boundaries under WriterOptions.Snap.
type Snapper interface {
	Snapped() int
}

// Skipper is implemented by token-format writers: the spans they left out
// under WriterOptions.SkipMisaligned, in the order they met them, each
// with why (Misaligned.Reason), and how many relations they left out with
// them (a relation needs both its spans; only Prodigy writes relations).
type Skipper interface {
	Skipped() []Misaligned
	RelationsSkipped() int
}

// NewWriter returns a writer of format to w. brat writes a folder: use
// NewBratWriter.
func NewWriter(format Format, w io.Writer, opts WriterOptions) (Writer, error) {
	if opts.Scheme == "" {
		opts.Scheme = SchemeIOB2
	}
	switch opts.Scheme {
	case SchemeIOB1, SchemeIOB2, SchemeBIOES:
	default:
		return nil, model.Errorf(model.EINVALID, "unknown tag scheme %q (want iob1, iob2 or bioes)", string(opts.Scheme))
	}
	switch format {
	case FormatProdigy:
		return newProdigyWriter(w, opts), nil
	case FormatDoccano, FormatJSONL:
		return newDoccanoWriter(w, opts), nil
	case FormatCoNLL:
		return newCoNLLWriter(w, opts), nil
	case FormatHF:
		return newHFWriter(w, opts), nil
	case FormatLabelStudio:
		return newLabelStudioWriter(w, opts), nil
	case FormatBrat:
		return nil, model.Errorf(model.EINVALID, "brat writes a folder of .txt and .ann files: give --out DIR")
	}
	return nil, model.Errorf(model.EINVALID, "cannot export as %q (formats: prodigy, doccano, conll, hf, brat, labelstudio)", string(format))
}
