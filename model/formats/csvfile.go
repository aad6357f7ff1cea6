package formats

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/inkspan/inkspan/model"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"
)

// csvReader reads a CSV or TSV file with a header row: one document per row.
type csvReader struct {
	f          fs.File
	cr         *csv.Reader
	source     string
	base       string
	textColumn string
	started    bool
	header     []string // Meta keys by column; "" for the text and id columns
	unnamed    []bool   // columns the header gave no name
	textCol    int
	idCol      int // -1 when there is none
	meta       []byte
}

func newCSVReader(f fs.File, source, base string, tsv bool, textColumn string) *csvReader {
	br := bufio.NewReaderSize(f, readBufferSize)
	if head, _ := br.Peek(len(bom)); string(head) == bom {
		br.Discard(len(bom))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // counted here, so the message can say which row and how
	cr.ReuseRecord = true
	if tsv {
		// Spreadsheets write TSV without quoting, so a stray quote in a text
		// must not swallow the following rows.
		cr.Comma = '\t'
		cr.LazyQuotes = true
	}
	return &csvReader{f: f, cr: cr, source: source, base: base, textColumn: textColumn, idCol: -1}
}

func (r *csvReader) close() error { return r.f.Close() }

func (r *csvReader) next() (*Record, error) {
	if !r.started {
		r.started = true
		if err := r.readHeader(); err != nil {
			return nil, err
		}
	}
	fields, err := r.cr.Read()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// The csv reader starts afresh on the next line after a
			// quoting error, so the rest of the file is still readable.
			return nil, lineErrorf(r.source, pe.StartLine, "%s", pe.Err)
		}
		return nil, &model.InputError{File: r.source, Msg: "cannot read: " + osReason(err), Fatal: true}
	}
	line, _ := r.cr.FieldPos(0)
	if len(fields) != len(r.header) {
		return nil, lineErrorf(r.source, line, "row has %d %s but the header has %d columns", len(fields), plural(len(fields), "field"), len(r.header))
	}
	for i, v := range fields {
		if !utf8.ValidString(v) {
			return nil, lineErrorf(r.source, line, "column %s is %s", r.columnName(i), badUTF8([]byte(v)))
		}
	}
	text := fields[r.textCol]
	if text == "" || isBlank(text) {
		// A row with no text is no document, but neither is it a reason to
		// refuse the rows around it: it is skipped with a warning.
		return nil, &model.InputError{File: r.source, Line: line, Msg: "text is empty or only white space; row skipped", Warning: true}
	}
	if _, problem := checkText(text); problem != "" {
		return nil, lineErrorf(r.source, line, "%s", problem)
	}
	rec := &Record{Source: r.source, Line: line, Text: text}
	if r.idCol >= 0 && fields[r.idCol] != "" {
		rec.ExternalID = strings.Clone(fields[r.idCol])
	} else {
		rec.ExternalID = lineID(r.base, line)
	}
	rec.Meta = r.buildMeta(fields)
	return rec, nil
}

// readHeader finds the text and id columns; the rest become Meta keys.
func (r *csvReader) readHeader() error {
	names, err := r.cr.Read()
	if err == io.EOF {
		return &model.InputError{File: r.source, Msg: "file is empty: expected a header row naming the columns", Fatal: true}
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return &model.InputError{File: r.source, Line: pe.StartLine, Msg: "cannot read the header row: " + pe.Err.Error(), Fatal: true}
		}
		return &model.InputError{File: r.source, Msg: "cannot read: " + osReason(err), Fatal: true}
	}
	line, _ := r.cr.FieldPos(0)
	header := make([]string, len(names))
	for i, n := range names {
		if !utf8.ValidString(n) {
			return &model.InputError{File: r.source, Line: line, Msg: "the header row is " + badUTF8([]byte(n)), Fatal: true}
		}
		header[i] = strings.TrimSpace(n)
	}
	r.textCol = findColumn(header, r.textColumn)
	if r.textCol < 0 {
		return &model.InputError{File: r.source, Line: line, Fatal: true,
			Msg: fmt.Sprintf("no column named %q for the text (the header has: %s)", r.textColumn, strings.Join(quoteAll(header), ", "))}
	}
	if r.textColumn != "id" {
		r.idCol = findColumn(header, "id")
	}
	r.unnamed = make([]bool, len(header))
	seen := make(map[string]bool, len(header))
	for i, h := range header {
		if i == r.textCol || i == r.idCol {
			header[i] = ""
			continue
		}
		if h == "" {
			h = "column" + strconv.Itoa(i+1)
			header[i] = h
			r.unnamed[i] = true
		}
		if seen[h] {
			return &model.InputError{File: r.source, Line: line, Fatal: true, Msg: fmt.Sprintf("column %q appears twice in the header", h)}
		}
		seen[h] = true
	}
	r.header = header
	return nil
}

// findColumn prefers an exact match and falls back to one that differs only
// in case, since spreadsheets often capitalise headers ("Text").
func findColumn(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	found := -1
	for i, h := range header {
		if strings.EqualFold(h, name) {
			if found >= 0 {
				return -1 // ambiguous: make the user say which
			}
			found = i
		}
	}
	return found
}

func (r *csvReader) columnName(i int) string {
	switch i {
	case r.textCol:
		return model.Quote(r.textColumn)
	case r.idCol:
		return `"id"`
	}
	return model.Quote(r.header[i])
}

// buildMeta puts the other columns into a JSON object of strings. Columns
// without a name are kept only when they have a value: a trailing separator in
// a header should not add an empty key to every document.
func (r *csvReader) buildMeta(fields []string) json.RawMessage {
	buf := append(r.meta[:0], '{')
	for i, key := range r.header {
		if key == "" || (r.unnamed[i] && fields[i] == "") {
			continue
		}
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, key)
		buf = append(buf, ':')
		buf = appendJSONString(buf, fields[i])
	}
	r.meta = buf
	if len(buf) == 1 {
		return nil
	}
	buf = append(buf, '}')
	r.meta = buf
	return append(json.RawMessage(nil), buf...)
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = model.Quote(n)
	}
	return q
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
