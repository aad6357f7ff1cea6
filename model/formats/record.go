// Package formats reads and writes the files annotation tools exchange:
// plain text, one-document-per-line files, JSONL in Prodigy and doccano
// shapes, CSV/TSV, CoNLL, Hugging Face token classification, brat and Label
// Studio. Readers stream: they hold one record at a time, so an import's
// memory does not grow with its input.
//
// It holds the codecs only, and never opens a path: readers read an
// Input, a name in an fs.FS (a folder format reads the files beside it
// through the same FS), writers write to an io.Writer, or, for brat's
// folder of files, to a Folder. Where the files are and how they reach the
// disk safely (temporary names, fsync, renames) is storage/files', so that
// every codec can be tested on a folder in memory.
package formats

import (
	"encoding/json"

	"github.com/inkspan/inkspan/model"
)

// Record is one document as read from an input file, with the spans the file
// gave it (if any).
type Record struct {
	Source     string          // the file it came from, as given by the user
	Line       int             // 1-based line the record starts on; 0 when a whole file is the record
	ExternalID string          // the id in the input, or the file's relative path
	Text       string          // valid UTF-8, non-empty
	Meta       json.RawMessage // a JSON object or nil
	Annotator  string          // _annotator_id / _session_id from the input; "" means the importer's default
	Spans      []model.Span    // Start, End (code points), Label, Note and Attributes set; checked against Text
	Note       string          // the annotator's note on the document, where the format carries one
	// Relations join spans of Spans, by index; see Relation.
	Relations []Relation

	// Format is the format the record was read as (auto resolved), for the
	// import's summary to name.
	Format Format
	// Annotated is true when the input says someone annotated the record
	// (a Prodigy answer, a brat .ann file, a doccano label list, a Label
	// Studio annotation, a CoNLL or Hugging Face tag column). With no spans
	// that is a negative example, which models need: it is stored as the
	// annotator's set with no spans, not left as a document nobody read.
	Annotated bool
	// Status is the status the input gives the annotation, "" for the
	// import's default (done for an annotated record).
	Status model.Status
	// Answer is a Prodigy answer ("accept", "reject", "ignore"), kept so that
	// an export writes it back; "" when the format has none.
	Answer string
	// InputHash and TaskHash are Prodigy's _input_hash and _task_hash, by
	// which Prodigy deduplicates; nil when the input has none.
	InputHash, TaskHash *int64
	// Suggestions are spans a model proposed (Label Studio predictions):
	// stored as suggestions for the annotator to accept or reject, not as
	// their spans.
	Suggestions []model.Span
	// SpanLines gives, where the format knows it, the 1-based input line of
	// each span of Spans (a brat .ann line, a CoNLL token line); nil or 0
	// when unknown. Messages about a span name it.
	SpanLines []int
	// NotKept counts what the record carried that Inkspan does not store,
	// by kind in the plural ("relations" a format carries only where
	// Inkspan cannot keep them, "events", "attributes on events",
	// "normalizations", "entity links" that name no one span), for the
	// import's summary: nothing is dropped without a word. Attributes of
	// spans (brat's A lines, Label Studio's per-region controls, kb_id)
	// are kept, in the spans' Attributes.
	NotKept map[string]int
	// Relaxed counts the regions accepted after trimming or newline
	// normalisation: Label Studio's value.text is often the region's text
	// trimmed of surrounding white space, or with its line breaks shown
	// differently (\n for \r\n), while start and end are right. Such a
	// region is kept with its offsets as given; the import's summary says
	// how many there were, so that a systematic shift does not pass unseen.
	Relaxed int
	// Tokens are the tokens the input gave the text (CoNLL, Hugging Face,
	// Prodigy's "tokens"), with sentence starts and CoNLL's other columns;
	// nil when it gave none. The import keeps them with a new document so
	// that token exports write them back.
	Tokens []model.Token

	// Review is true for the result of a review (Prodigy's review
	// recipe): the record's spans, answer and relations are the reviewed
	// (gold) version of the text, and Annotator is who reviewed it ("" for
	// the import's annotator). Versions holds what each annotator had
	// made of the text before the review.
	Review   bool
	Versions []Version
	// FileAnnotator is the annotator the input file's name names, for a
	// format whose exports write one file per user named after the user
	// (doccano 1.x: alice.jsonl); "" otherwise. The import uses it for a
	// record that names no annotator only when asked to
	// (app.ImportOptions.AnnotatorFromFile): a file named otherwise is no
	// one's name.
	FileAnnotator string
}

// Version is one annotator's annotation of a reviewed record's text, as a
// review input keeps it beside the reviewed result: Prodigy's review
// recipe groups the annotations that agree into one version and lists the
// sessions that made it, so each session becomes a Version of its own.
type Version struct {
	Annotator string       // the session (Prodigy's "dataset-name") that made it
	Spans     []model.Span // checked against the record's Text, as Record.Spans
	Relations []Relation   // join spans of Spans, by index
	// Answer is the annotator's Prodigy answer; Status the status it
	// gives their set ("" for the import's default, done): a rejected
	// version is skipped and keeps no spans, as a rejected record does.
	Answer string
	Status model.Status
	// Default is true for the version the review preselected (the one
	// most annotators made).
	Default bool
}

// SpanWhere names span i of the record's Spans for an error message: the
// file and the span's own line when the format gave it, else the record's.
func (r *Record) SpanWhere(i int) string {
	if i >= 0 && i < len(r.SpanLines) && r.SpanLines[i] > 0 {
		return where(r.Source, r.SpanLines[i])
	}
	return r.Where()
}

// Where names the record's place in its input for error messages.
func (r *Record) Where() string { return where(r.Source, r.Line) }

// where is "file:line" for error messages; see model.Place.
func where(file string, line int) string { return model.Place(file, line) }
