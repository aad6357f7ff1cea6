package formats

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// hfReader reads Hugging Face token classification JSONL: one object per
// line with "tokens" and "ner_tags" (see hfDecoder).
type hfReader struct {
	f     fs.File
	lines *lineReader
	dec   *hfDecoder
}

func newHFReader(f fs.File, in input, base, labels string, labelsFile Input) fileReader {
	dec := newHFDecoder(in, base)
	dec.labelsPath, dec.labelsFile = labels, labelsFile
	return &hfReader{f: f, lines: newLineReader(f), dec: dec}
}

func (r *hfReader) close() error { return r.f.Close() }

func (r *hfReader) next() (*Record, error) {
	for {
		line, n, err := r.lines.read(r.dec.source)
		if err != nil {
			return nil, err
		}
		if skipWS(line, 0) == len(line) {
			continue
		}
		rec, ierr := r.dec.decode(line, n)
		if ierr != nil {
			return nil, ierr
		}
		return rec, nil
	}
}

// hfDecoder turns lines of Hugging Face token classification data into
// records. It is separate from hfReader so that the JSONL reader can hand it
// the lines that have "tokens" and "ner_tags" instead of "text".
//
// A line holds "tokens" (strings), "ner_tags" (tag ids or tag strings, one
// per token), optionally "id" (string or number) and optionally "ws" or
// "whitespace" (booleans, spaCy's token.whitespace_).
//
// Other tag columns are not read, and never dropped without a word: they are
// counted in the record's NotKept. A column of entity tags beside ner_tags
// (germeval_14's nested_ner_tags: the inner entities of nested ones) is
// decoded like ner_tags and its spans are counted ("2 nested_ner_tags
// spans"): read as spans they would overlap the outer ones, which most
// projects refuse and which the hf export cannot write back in one column,
// so the import stays the flat ner_tags layer that datasets' users train on.
// Any other column whose name ends in _tags (conll2003's pos_tags and
// chunk_tags) is counted as one list per record ("1 pos_tags lists").
// Fields of another kind (source, a url) are not annotations and are left
// out.
//
// The text is rebuilt from the tokens: joined by single spaces, or as "ws"
// says when it is given, except that white space after the last token is
// left out since it carries nothing. Entries of "ws"/"whitespace" may
// instead be the exact text after each token, with "whitespace_before" the
// text before the first, as Inkspan's export writes them: the text then
// comes back exactly, trailing white space included. The tokens go in
// Record.Tokens, one sentence per line. Tag ids index a tag list: the file
// named by Options.HFLabels, else the first of hfLabelFiles found in the
// data's directory (see loadHFLabels for the shapes it may take), read the
// first time a line needs it. A tag string made of digits only ("3") is an
// id too: exports that went through CSV or pandas carry ids as strings,
// and a label named "3" is far less likely.
// hfBeforeKey carries the text before a record's first token, which
// "whitespace" (the text after each token) cannot: Inkspan's hf export
// writes it when there is any, so that the text comes back exactly.
const hfBeforeKey = "whitespace_before"

type hfDecoder struct {
	in         input // the data, beside which the tag list is looked for
	source     string
	base       string
	labelsPath string            // Options.HFLabels; "" means look beside the data
	labelsFile Input             // Options.HFLabelsFile, which reads labelsPath
	tags       *hfTagList        // once loaded
	loaded     *model.InputError // the load failed: every line fails the same way
	names      map[string]string

	toks   [][]byte     // raw values of the current line's tokens
	tagVal [][]byte     // and of its ner_tags
	others []jsonMember // its other tag columns: the key, and the raw value
	ws     []bool
	gaps   []string // the text after each token, when ws or whitespace gives it
	trail  string   // the text after the last token, when given as text
	text   []byte
	starts []int
	ends   []int
}

func newHFDecoder(in input, base string) *hfDecoder {
	return &hfDecoder{in: in, source: in.source, base: base, names: map[string]string{}}
}

// decode reads one line, which is not blank. The error is an *model.InputError
// for the line, or a Fatal one when labels.json is missing or bad.
func (h *hfDecoder) decode(line []byte, n int) (*Record, *model.InputError) {
	rec, problem, fatal := h.decodeLine(line, n)
	if fatal != nil {
		return nil, fatal
	}
	if problem != "" {
		err := lineErrorf(h.source, n, "%s", problem)
		// A row with no text holds nothing to label and nothing labeled:
		// the import goes on with the next row, as for a blank JSONL record.
		err.Warning = problem == hfEmptyRow
		return nil, err
	}
	return rec, nil
}

// hfEmptyRow is the warning for a row without tokens (and so without tags).
const hfEmptyRow = `"tokens" is empty: there is no text; row skipped`

func (h *hfDecoder) decodeLine(line []byte, n int) (*Record, string, *model.InputError) {
	if !utf8.Valid(line) {
		return nil, "line is " + badUTF8(line), nil
	}
	start := skipWS(line, 0)
	if line[start] != '{' {
		if end := scanValue(line, start, 0); end >= 0 && skipWS(line, end) == len(line) {
			return nil, "not a JSON object but " + jsonKind(line[start:end]) + `; each line must be an object with "tokens" and "ner_tags"`, nil
		}
		return nil, syntaxProblem(line), nil
	}
	var tokens, tags, id, ws, note, before []byte
	wsName := ""
	h.others = h.others[:0]
	it := objectIter{b: line, i: start}
	for it.next() {
		k := it.Key
		if it.KeyEsc {
			k = []byte(it.key())
		}
		switch string(k) {
		case "tokens":
			tokens = it.Val
		case "ner_tags":
			tags = it.Val
		case "id":
			id = it.Val
		case "ws", "whitespace":
			ws, wsName = it.Val, string(k)
		case hfBeforeKey:
			before = it.Val
		case NoteKey:
			note = it.Val
		default:
			if key := string(k); strings.HasSuffix(key, "_tags") {
				h.others = append(h.others, jsonMember{key: key, raw: it.Val})
			}
		}
	}
	if end := it.end(); end < 0 || skipWS(line, end) != len(line) {
		return nil, syntaxProblem(line), nil
	}

	var problem string
	if h.toks, problem = listField(h.toks[:0], tokens, "tokens"); problem != "" {
		return nil, problem, nil
	}
	if h.tagVal, problem = listField(h.tagVal[:0], tags, "ner_tags"); problem != "" {
		return nil, problem, nil
	}
	if len(h.toks) == 0 && len(h.tagVal) == 0 {
		return nil, hfEmptyRow, nil
	}
	if len(h.toks) == 0 {
		return nil, `"tokens" is empty: there is no text`, nil
	}
	if len(h.toks) != len(h.tagVal) {
		return nil, fmt.Sprintf(`"tokens" has %d entries but "ner_tags" has %d: want one tag per token`, len(h.toks), len(h.tagVal)), nil
	}
	h.ws, h.gaps, h.trail = h.ws[:0], h.gaps[:0], ""
	if !isNull(ws) {
		var vals [][]byte
		vals, problem = listField(nil, ws, wsName)
		if problem != "" {
			return nil, problem, nil
		}
		if len(vals) != len(h.toks) {
			return nil, fmt.Sprintf("%q has %d entries but \"tokens\" has %d", wsName, len(vals), len(h.toks)), nil
		}
		for i, v := range vals {
			switch {
			case string(v) == "true":
				h.ws = append(h.ws, true)
				h.gaps = append(h.gaps, " ")
			case string(v) == "false":
				h.ws = append(h.ws, false)
				h.gaps = append(h.gaps, "")
			case len(v) > 0 && v[0] == '"':
				// The exact text after the token, as Inkspan's hf export
				// writes it: the text comes back as it was.
				g := unquote(v)
				h.ws = append(h.ws, g != "")
				h.gaps = append(h.gaps, g)
				if i == len(vals)-1 {
					h.trail = g
				}
			default:
				return nil, fmt.Sprintf("%s[%d] must be true or false or the text after the token, not %s", wsName, i, jsonKind(v)), nil
			}
		}
	}

	h.text, h.starts, h.ends = h.text[:0], h.starts[:0], h.ends[:0]
	runes := 0
	if !isNull(before) {
		if before[0] != '"' {
			return nil, hfBeforeKey + " must be a string, not " + jsonKind(before), nil
		}
		h.text = append(h.text, unquote(before)...)
		runes = runeCount(h.text)
	}
	for i, raw := range h.toks {
		if raw[0] != '"' {
			return nil, fmt.Sprintf("tokens[%d] must be a string, not %s", i, jsonKind(raw)), nil
		}
		switch {
		case i == 0:
		case len(h.gaps) > 0:
			h.text = append(h.text, h.gaps[i-1]...)
			runes += runeCount(h.gaps[i-1])
		default:
			h.text = append(h.text, ' ')
			runes++
		}
		at := len(h.text)
		body := raw[1 : len(raw)-1]
		if bytes.IndexByte(body, '\\') < 0 {
			h.text = append(h.text, body...)
		} else {
			h.text = append(h.text, unquoteBody(body)...)
		}
		tok := h.text[at:]
		if len(tok) == 0 {
			return nil, fmt.Sprintf("tokens[%d] is empty", i), nil
		}
		if bytes.IndexFunc(tok, unicode.IsSpace) >= 0 {
			return nil, fmt.Sprintf("tokens[%d] (%s) contains white space: tokens are split at white space, so it would not come back as one token", i, shorten(raw)), nil
		}
		h.starts = append(h.starts, runes)
		runes += runeCount(tok)
		h.ends = append(h.ends, runes)
	}
	h.text = append(h.text, h.trail...)
	runes += runeCount(h.trail)
	if runes > model.MaxDocumentRunes {
		return nil, fmt.Sprintf("text has %d characters, more than the limit of %d", runes, model.MaxDocumentRunes), nil
	}

	dec, problem, fatal := h.decodeTags(h.tagVal, "ner_tags", n)
	if fatal != nil || problem != "" {
		return nil, problem, fatal
	}

	// The tag column is someone's annotation: all O is a negative example.
	rec := &Record{Source: h.source, Line: n, Text: string(h.text), Format: FormatHF, Annotated: true}
	if !isNull(note) {
		if note[0] != '"' {
			return nil, NoteKey + " must be a string, not " + jsonKind(note), nil
		}
		rec.Note = unquote(note)
	}
	switch {
	case isNull(id):
	case id[0] == '"':
		rec.ExternalID = unquote(id)
	case id[0] == '-' || isDigit(id[0]):
		rec.ExternalID = string(id)
	default:
		return nil, `"id" must be a string or a number, not ` + jsonKind(id), nil
	}
	if rec.ExternalID == "" {
		rec.ExternalID = lineID(h.base, n)
	}
	if _, problem := checkText(rec.Text); problem != "" {
		return nil, problem, nil
	}
	// The line's tokens are kept with the document: one sentence, as a
	// line of a token classification dataset is.
	rec.Tokens = make([]model.Token, len(h.starts))
	for i := range h.starts {
		rec.Tokens[i] = model.Token{Start: h.starts[i], End: h.ends[i], SentenceStart: i == 0}
	}
	if len(dec.spans) > 0 {
		rec.Spans = make([]model.Span, len(dec.spans))
		for i, s := range dec.spans {
			rec.Spans[i] = model.Span{Start: h.starts[s.First], End: h.ends[s.Last], Label: s.Label}
		}
	}
	if fatal := h.countOthers(rec, n); fatal != nil {
		return nil, "", fatal
	}
	return rec, "", nil
}

// countOthers counts the line's other tag columns in rec.NotKept (see
// hfDecoder). A column of entity tags that does not decode (one tag per
// token, ids in the tag list) is an error, as it would be in ner_tags: the
// file is not what it seems, and a count of it would mean nothing.
func (h *hfDecoder) countOthers(rec *Record, n int) *model.InputError {
	for _, col := range h.others {
		if isNull(col.raw) {
			continue
		}
		if !strings.HasSuffix(col.key, "ner_tags") {
			addNotKept(rec, col.key+" lists", 1)
			continue
		}
		vals, problem := listField(nil, col.raw, col.key)
		if problem == "" && len(vals) != len(h.toks) {
			problem = fmt.Sprintf(`"tokens" has %d entries but %q has %d: want one tag per token`, len(h.toks), col.key, len(vals))
		}
		if problem != "" {
			return lineErrorf(h.source, n, "%s", problem)
		}
		dec, problem, fatal := h.decodeTags(vals, col.key, n)
		if fatal != nil {
			return fatal
		}
		if problem != "" {
			return lineErrorf(h.source, n, "%s", problem)
		}
		if len(dec.spans) > 0 {
			addNotKept(rec, col.key+" spans", len(dec.spans))
		}
	}
	return nil
}

// addNotKept adds n of kind to rec.NotKept.
func addNotKept(rec *Record, kind string, n int) {
	if rec.NotKept == nil {
		rec.NotKept = map[string]int{}
	}
	rec.NotKept[kind] += n
}

// decodeTags reads one column of tags, field, into spans: tag strings, or
// ids into the tag list, which it loads the first time.
func (h *hfDecoder) decodeTags(vals [][]byte, field string, n int) (spanDecoder, string, *model.InputError) {
	var dec spanDecoder
	for i, raw := range vals {
		var kind tagKind
		var label string
		switch {
		case raw[0] == '"' && !allDigits(raw[1:len(raw)-1]):
			var err error
			kind, label, err = readTag(unquote(raw))
			if err != nil {
				return dec, fmt.Sprintf("%s[%d]: %s", field, i, err), nil
			}
		case raw[0] == '"' || raw[0] == '-' || isDigit(raw[0]):
			if fatal := h.loadTags(n); fatal != nil {
				return dec, "", fatal
			}
			id, ok := parseInt(bytes.Trim(raw, `"`))
			if !ok {
				return dec, fmt.Sprintf("%s[%d] must be a whole number or a tag string, not %s", field, i, shorten(raw)), nil
			}
			tag, problem := h.tags.tag(id)
			if problem != "" {
				return dec, fmt.Sprintf("%s[%d] %s", field, i, problem), nil
			}
			kind, label, _ = readTag(tag) // checked when loaded
		default:
			return dec, fmt.Sprintf("%s[%d] must be a tag id or a tag string, not %s", field, i, jsonKind(raw)), nil
		}
		if kind != tagO {
			label = h.intern(label)
		}
		dec.add(kind, label)
	}
	return dec, "", nil
}

// listField collects the elements of the list field name, whose raw value
// is raw (nil when absent), into dst.
func listField(dst [][]byte, raw []byte, name string) ([][]byte, string) {
	if isNull(raw) {
		return dst, fmt.Sprintf("missing %q field", name)
	}
	if raw[0] != '[' {
		return dst, fmt.Sprintf("%q must be a list, not %s", name, jsonKind(raw))
	}
	arr := arrayIter{b: raw, depth: 1}
	for arr.next() {
		dst = append(dst, arr.Val)
	}
	return dst, ""
}

// loadTags reads the tag list the first time a line has tag ids. Its
// problems are Fatal: no line of the file can be read without it.
func (h *hfDecoder) loadTags(line int) *model.InputError {
	if h.tags != nil || h.loaded != nil {
		return h.loaded
	}
	tags, err := findHFLabels(h.in, h.labelsPath, h.labelsFile)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, fs.ErrNotExist) { // the file the user named
			msg = "cannot read " + h.labelsPath + ": " + osReason(err)
		}
		h.loaded = &model.InputError{File: h.source, Line: line, Msg: "ner_tags are tag ids, but " + msg, Fatal: true}
		return h.loaded
	}
	h.tags = tags
	return nil
}

// allDigits says whether s is a non-empty run of ASCII digits.
func allDigits(s []byte) bool {
	for _, c := range s {
		if !isDigit(c) {
			return false
		}
	}
	return len(s) > 0
}

func (h *hfDecoder) intern(label string) string {
	if s, ok := h.names[label]; ok {
		return s
	}
	if len(h.names) < 10000 {
		h.names[label] = label
	}
	return label
}
