// Package formats reads and writes the files annotation tools exchange:
// plain text, one-document-per-line files, JSONL in Prodigy and doccano
// shapes, and CSV/TSV. Readers stream: they hold one record at a time, so an
// import's memory does not grow with its input.
package formats

import (
	"encoding/json"
	"fmt"

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
	Spans      []model.Span    // Start, End (code points), Label and Note set; checked against Text
	Note       string          // the annotator's note on the document, where the format carries one
}

// Where names the record's place in its input for error messages.
func (r *Record) Where() string { return where(r.Source, r.Line) }

// InputError is a problem with one record or one file of an input. Readers
// return it from Next and can go on with the following record afterwards,
// unless Fatal is set (the file could not be read at all).
type InputError struct {
	File  string
	Line  int // 0 when the error is about the whole file
	Msg   string
	Fatal bool
}

// Error escapes what the input put into the message (a file name, a quoted
// line, a label) with model.Printable: a carriage return in a bad line would
// otherwise send the terminal back to the start of the line and hide the
// file:line the message starts with, and an escape sequence would act on the
// terminal.
func (e *InputError) Error() string { return where(e.File, e.Line) + ": " + model.Printable(e.Msg) }

// where is "file:line", or the file alone, with the file name made safe to
// print (a file name can hold any byte but / and NUL).
func where(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", model.Printable(file), line)
	}
	return model.Printable(file)
}
