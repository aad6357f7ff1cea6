package formats

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// jsonlReader reads one record per line in the shapes Prodigy and doccano
// export (see decode for the fields it reads).
type jsonlReader struct {
	f       fs.File
	lines   *lineReader
	in      input // the file: hf lines read their tag list from beside it
	source  string
	base    string
	spans   []model.Span      // scratch for the current line's spans, copied out per record
	spanAt  []spanPlace       // where each of spans was read
	problem string            // the first problem met in the current line's spans
	names   map[string]string // labels and annotators repeat: keep one copy of each
	extras  []jsonMember      // scratch for top-level fields that go to Meta
	meta    []byte            // scratch for building Meta
	hf      *hfDecoder        // for lines in Hugging Face's shape, made when first met
	// format is what the user asked for: prodigy or doccano name the
	// records' format outright; jsonl (auto's choice for .jsonl) lets each
	// record's fields tell.
	format  Format
	notKept map[string]int // scratch: what the current line carries that is not stored
	warning bool           // the current line's problem loses nothing (a blank text)
	// labelIDs is set when the current line named a label by a doccano
	// id; idsSaid once the file's warning about it has been given.
	labelIDs, idsSaid bool
	// queue holds records read but not returned yet: the other users'
	// versions of a doccano line, or a record held back behind a warning.
	queue []*Record
	// errq holds errors to return before the queued records: a line's bad
	// spans (model.InputError.Part), each left out of its record, and a
	// warning; bad collects the current line's bad spans.
	errq, bad []error
}

func newJSONLReader(f fs.File, in input, base string, format Format) *jsonlReader {
	return &jsonlReader{f: f, lines: newLineReader(f), in: in, source: in.source, base: base, names: map[string]string{}, format: format}
}

func (r *jsonlReader) close() error { return r.f.Close() }

func (r *jsonlReader) next() (*Record, error) {
	if len(r.errq) > 0 {
		err := r.errq[0]
		r.errq = r.errq[1:]
		return nil, err
	}
	if len(r.queue) > 0 {
		rec := r.queue[0]
		r.queue = r.queue[1:]
		return rec, nil
	}
	for {
		line, n, err := r.lines.read(r.source)
		if err != nil {
			return nil, err
		}
		if skipWS(line, 0) == len(line) {
			continue
		}
		rec, problem := r.decode(line, n)
		if problem == hfShape {
			// A Hugging Face token-classification line in a file read as
			// JSONL (auto picks jsonl for .jsonl): tokens and tags, no text.
			if r.hf == nil {
				r.hf = newHFDecoder(r.in, r.base)
			}
			rec, ierr := r.hf.decode(line, n)
			if ierr != nil {
				return nil, ierr
			}
			return rec, nil
		}
		if problem != "" {
			err := lineErrorf(r.source, n, "%s", problem)
			err.Warning = r.warning
			return nil, err
		}
		recs := r.byUser(rec)
		errs := r.bad
		r.bad = nil
		if r.labelIDs && !r.idsSaid {
			// Said once per file, before its first such record: the
			// labels the project gains are numbers, and the user should
			// know why and how to name them.
			r.idsSaid = true
			err := lineErrorf(r.source, n, "%s", labelIDWarning)
			err.Warning = true
			errs = append(errs, err)
		}
		if len(errs) > 0 {
			r.queue = append(r.queue, recs...)
			r.errq = append(r.errq, errs[1:]...)
			return nil, errs[0]
		}
		r.queue = append(r.queue, recs[1:]...)
		return recs[0], nil
	}
}

// labelIDWarning explains the labels made of a doccano 0.x download's
// label ids.
const labelIDWarning = `doccano 0.x "JSONL" downloads give each span's label as doccano's label id, not its name (the file holds no names), ` +
	`so each label is named "label" and its id ("label 2"): rename those labels with 'inkspan labels set' (renaming keeps every span), ` +
	`or download the project again in doccano's "JSON(Text-Labels)" format, which writes the names`

// jsonMember is a top-level field on its way to Meta.
type jsonMember struct {
	key string
	raw []byte // the quoted key as written, then ':' and the value
}

// jsonlFields holds the raw values of the fields the reader understands.
type jsonlFields struct {
	text, id, meta                 []byte
	annotatorID, sessionID, answer []byte
	note                           []byte
	inputHash, taskHash            []byte
	data, dataMember               []byte // doccano 1.x's text, and the member as written
	hasText, hasNERTags            bool
	hasLabels                      bool   // a doccano "label", "labels" or "entities" list
	accept                         []byte // Prodigy's choice answer: the ids of the options chosen
	relations                      []byte // Prodigy's or doccano's relations, read once the spans are known
	tokens                         []byte // Prodigy's tokens, kept with the document
	versions                       []byte // Prodigy review's versions, read after the record's own spans
	prodigyish, doccanoish         bool   // fields only that tool writes
}

// hfShape is decode's answer for a line with "ner_tags" and no "text".
const hfShape = "\x00hf"

// spanPlace is where a span was read, for messages, and for a doccano 0.x
// annotation who made it.
type spanPlace struct {
	field string
	index int
	user  string // the annotator the span names ("doccano user 1"); "" for the record's
	// id is a doccano entity's "id" as written (a number, or a string
	// unquoted), by which its relations name it; "" when it has none.
	id string
	// tokenEnd is a Prodigy span's token_end, by which a relation's
	// "head" and "child" name it; -1 when it has none.
	tokenEnd int
}

// decode turns one line into a record or says what is wrong with it.
//
// Field by field:
//   - text (required) and id (string or number) as usual; doccano 1.x
//     exports keep the text under "data", read when "text" is absent;
//   - meta must be an object; doccano spreads metadata over the top level
//     instead, so every field this reader does not know joins Meta, with
//     meta's own keys winning a clash;
//   - spans come from Prodigy's "spans" ([{start, end, label}]), doccano's
//     "label" or older "labels" ([[start, end, "LABEL"]]) and doccano's
//     "entities" (objects with start_offset/end_offset, or the same
//     [start, end, "LABEL"] lists in its intent-detection export);
//   - the annotator is Prodigy's _annotator_id, else its _session_id;
//   - Prodigy's answer says the task was annotated. "accept" takes the
//     spans, none included: a task accepted with no span is a negative
//     example. "reject" and "ignore" make the record skipped: a rejected
//     task's spans were turned down, so they are only counted in NotKept; an
//     ignored task's spans were never judged, so they become suggestions;
//   - a doccano label list, even empty, says the record was annotated;
//   - doccano 0.x "JSONL" downloads write "annotations": objects with
//     start_offset, end_offset, a label given by doccano's numeric id (the
//     file has no label names: such a label is named "label 2", and the
//     file's first such record comes after a warning saying how to rename
//     it) and the id of the user who made it. Each user's spans become
//     their own set, annotator "doccano user 1", as Prodigy's _annotator_id
//     does; without a user, the import's annotator. An empty list says
//     nothing (doccano lists every document, annotated or not). Entries
//     without offsets (a text-classification or sequence-to-sequence
//     project's labels and texts) are counted in NotKept;
//   - a span's "kb_id" (spaCy's and Prodigy's knowledge-base id of the
//     entity) is its attribute model.AttributeKB;
//   - Prodigy's choice answers (the nel and choice recipes' "accept", the
//     ids of the options chosen) of an accepted task with one span are
//     that span's entity links: its kb_id attributes. Otherwise they are
//     counted in NotKept, as "entity links" when the task has spans and
//     "choices" when it has none. "accept" and "options" still join Meta
//     like any other field, so the ids are written back as they were;
//   - _input_hash and _task_hash are kept, by which Prodigy deduplicates;
//   - relations (Prodigy's rel.manual, doccano's relation export) are read
//     against the spans;
//   - Prodigy review's "versions" make the record a review: see review;
//   - a doccano record's file name is the user who made it when doccano
//     wrote one file per user (Record.FileAnnotator).
//
// The line is scanned once: span lists are parsed where they stand, and only
// checked against the text's length once the whole line has been read, since
// "text" may come after them.
func (r *jsonlReader) decode(line []byte, lineNo int) (*Record, string) {
	r.warning, r.labelIDs = false, false
	if !utf8.Valid(line) {
		// encoding/json would quietly turn the bad bytes into U+FFFD and
		// shift every offset after them.
		return nil, "line is " + badUTF8(line)
	}
	start := skipWS(line, 0)
	if line[start] != '{' {
		if end := scanValue(line, start, 0); end >= 0 && skipWS(line, end) == len(line) {
			return nil, "not a JSON object but " + jsonKind(line[start:end]) + "; each line must be an object with a \"text\" field"
		}
		return nil, syntaxProblem(line)
	}
	var f jsonlFields
	r.extras = r.extras[:0]
	r.spans, r.spanAt, r.problem, r.bad = r.spans[:0], r.spanAt[:0], "", nil
	clear(r.notKept)
	it := objectIter{b: line, i: start}
	for it.nextKey() {
		k := it.Key
		if it.KeyEsc {
			k = []byte(it.key())
		}
		var end int
		switch string(k) {
		case "spans":
			end = r.objectSpans(line, it.i, "spans", "start", "end")
		case "entities":
			end = r.objectSpans(line, it.i, "entities", "start_offset", "end_offset")
		case "label":
			end = r.tupleSpans(line, it.i, "label")
		case "labels":
			end = r.tupleSpans(line, it.i, "labels")
		case "annotations":
			end = r.doccanoAnnotations(line, it.i)
		default:
			end = scanValue(line, it.i, 1)
		}
		if !it.took(end) {
			break
		}
		switch string(k) {
		case "text":
			f.text, f.hasText = it.Val, true
		case "data":
			f.data, f.dataMember = it.Val, line[it.KeyAt:it.i]
		case "id":
			f.id = it.Val
		case "meta":
			f.meta = it.Val
		case "_annotator_id":
			f.annotatorID = it.Val
		case "_session_id":
			f.sessionID = it.Val
		case "answer":
			f.answer = it.Val
		case "spans":
			// Parsed above. Prodigy's input streams carry "spans": [] on
			// tasks nobody has seen yet, so only the answer, or spans
			// themselves, say that someone annotated the record.
			f.prodigyish = true
		case "entities", "label", "labels":
			// Parsed above. doccano writes the list, empty or not, for
			// every record of a labeling project's export.
			f.hasLabels = !isNull(it.Val)
			f.doccanoish = true
		case "annotations":
			// Parsed above: doccano 0.x's download.
			f.doccanoish = true
		case "ner_tags":
			f.hasNERTags = true
		case NoteKey:
			f.note = it.Val
		case "_input_hash":
			f.inputHash, f.prodigyish = it.Val, true
		case "_task_hash":
			f.taskHash, f.prodigyish = it.Val, true
		case "tokens":
			f.tokens, f.prodigyish = it.Val, true
		case "_view_id", "_timestamp":
			// Prodigy's bookkeeping: derived from the text or the session.
			f.prodigyish = true
		case "relations":
			f.relations = it.Val
		case "versions":
			// Prodigy's review recipe: each annotator's version of the task
			// (prodigy_review.go).
			f.versions, f.prodigyish = it.Val, true
		case "accept":
			// Prodigy's nel and choice recipes. Kept in Meta as written
			// too, counted once the spans are known.
			f.accept = it.Val
			r.addExtra(string(k), line[it.KeyAt:it.i])
		default:
			// The member is copied into Meta as written, key and all.
			r.addExtra(string(k), line[it.KeyAt:it.i])
		}
	}
	if end := it.end(); end < 0 || skipWS(line, end) != len(line) {
		return nil, syntaxProblem(line)
	}

	if !f.hasText && len(f.data) > 0 && f.data[0] == '"' {
		// doccano 1.x: {"id": 1, "data": "…", "label": [[0, 2, "ORG"]]}.
		f.text, f.hasText, f.doccanoish = f.data, true, true
	} else if f.dataMember != nil {
		r.addExtra("data", f.dataMember)
	}
	if !f.hasText && f.hasNERTags {
		return nil, hfShape
	}
	if !f.hasText {
		return nil, `missing "text" field (doccano 1.x exports name it "data")`
	}
	if f.text[0] != '"' {
		return nil, `"text" must be a string, not ` + jsonKind(f.text)
	}
	text := unquote(f.text)
	if isBlank(text) && len(r.spans) == 0 {
		// Nothing to label and nothing labeled: the import goes on with
		// the next record whatever --skip-invalid says.
		r.warning = true
		if text == "" {
			return nil, "text is empty; record skipped"
		}
		return nil, "text is only white space; record skipped"
	}
	runes, problem := checkText(text)
	if problem != "" {
		return nil, problem
	}
	rec := &Record{Source: r.source, Line: lineNo, Text: text, Format: r.recordFormat(&f)}
	if rec.Format == FormatDoccano {
		rec.FileAnnotator = doccanoFileUser(r.base)
	}
	if !isNull(f.tokens) {
		rec.Tokens = r.prodigyTokens(f.tokens, text, runes)
	}

	if isNull(f.id) && !isNull(f.meta) {
		// Prodigy keeps the source's id in meta.
		f.id = metaID(f.meta)
	}
	switch id := f.id; {
	case isNull(id):
		rec.ExternalID = lineID(r.base, lineNo)
	case id[0] == '"':
		rec.ExternalID = unquote(id)
	case id[0] == '-' || isDigit(id[0]):
		rec.ExternalID = string(id)
	default:
		return nil, `"id" must be a string or a number, not ` + jsonKind(id)
	}
	if rec.ExternalID == "" {
		rec.ExternalID = lineID(r.base, lineNo)
	}

	if !isNull(f.meta) && f.meta[0] != '{' {
		return nil, `"meta" must be a JSON object, not ` + jsonKind(f.meta)
	}
	rec.Meta = r.buildMeta(f.meta)

	for _, who := range [][]byte{f.annotatorID, f.sessionID} {
		if isNull(who) {
			continue
		}
		if who[0] != '"' {
			return nil, "_annotator_id and _session_id must be strings, not " + jsonKind(who)
		}
		rec.Annotator = r.intern(who)
		break
	}

	if !isNull(f.note) {
		if f.note[0] != '"' {
			return nil, NoteKey + " must be a string, not " + jsonKind(f.note)
		}
		rec.Note = unquote(f.note)
	}

	var ok bool
	if rec.InputHash, ok = hashField(f.inputHash); !ok {
		return nil, "_input_hash must be an integer, not " + shorten(f.inputHash)
	}
	if rec.TaskHash, ok = hashField(f.taskHash); !ok {
		return nil, "_task_hash must be an integer, not " + shorten(f.taskHash)
	}

	if !isNull(f.accept) && !r.linkAccepted(&f) {
		kind := "choices"
		if len(r.spans) > 0 {
			kind = "entity links"
		}
		r.countNotKept(kind, f.accept)
	}

	if !isNull(f.answer) {
		switch a := string(f.answer); a {
		case `"accept"`, `"reject"`, `"ignore"`:
			rec.Answer = a[1 : len(a)-1]
		default:
			return nil, `"answer" must be "accept", "reject" or "ignore", not ` + shorten(f.answer)
		}
		rec.Annotated = true
	}
	if !isNull(f.versions) {
		if problem := r.review(rec, f.versions, f.meta, text, runes); problem != "" {
			return nil, problem
		}
	}
	switch rec.Answer {
	case "reject":
		// The annotator turned these spans down (ner.teach, the binary
		// recipes): they are not the annotation, and a suggestion would
		// ask the same question again.
		rec.Status = model.StatusSkipped
		if len(r.spans) > 0 {
			r.addNotKept("rejected spans", len(r.spans))
		}
		r.countNotKept("relations", f.relations)
		rec.NotKept = r.takeNotKept()
		return rec, ""
	case "ignore":
		// The annotator skipped the task: its spans (patterns' or a
		// model's pre-annotation) were never judged, which is what a
		// suggestion is. One that does not fit the text is only counted,
		// as a suggestion is no reason to refuse a skipped record.
		rec.Status = model.StatusSkipped
		misfits := 0
		for _, s := range r.spans {
			if r.problem != "" || s.Validate(runes, nil) != nil {
				misfits++
				continue
			}
			rec.Suggestions = append(rec.Suggestions, s)
		}
		if misfits > 0 {
			r.addNotKept("ignored spans that do not fit the text", misfits)
		}
		// A suggestion has no relations: they were never judged either.
		r.countNotKept("relations", f.relations)
		rec.NotKept = r.takeNotKept()
		return rec, ""
	}
	if r.problem != "" {
		return nil, r.problem
	}
	// A span that does not fit the text is its own error (Part), and the
	// record comes after it without that span: an import that stops at
	// errors stops there, naming it, and one that skips them (--skip-invalid)
	// skips the span alone. A record with relations is refused whole
	// instead, since a relation may name the span.
	keep := 0
	for i, s := range r.spans {
		if err := s.Validate(runes, nil); err != nil {
			msg := fmt.Sprintf("%s[%d]: %s", r.spanAt[i].field, r.spanAt[i].index, err)
			if !isNull(f.relations) {
				return nil, msg
			}
			e := lineErrorf(r.source, lineNo, "%s", msg)
			e.Part = true
			r.bad = append(r.bad, e)
			continue
		}
		r.spans[keep], r.spanAt[keep] = s, r.spanAt[i]
		keep++
	}
	r.spans, r.spanAt = r.spans[:keep], r.spanAt[:keep]
	if len(r.spans) > 0 {
		rec.Spans = make([]model.Span, len(r.spans))
		copy(rec.Spans, r.spans)
	}
	if !isNull(f.relations) {
		var problem string
		if rec.Relations, problem = r.relations(f.relations); problem != "" {
			return nil, problem
		}
	}
	if f.hasLabels || len(rec.Spans) > 0 {
		rec.Annotated = true
	}
	if len(rec.Spans) == 0 && len(r.bad) > 0 {
		// Every span was left out as bad: what remains is not an
		// annotation that found nothing (a negative example) but the
		// document, to annotate again.
		rec.Annotated = false
	}
	rec.NotKept = r.takeNotKept()
	return rec, ""
}

// byUser splits a record whose spans name the users who made them (doccano
// 0.x annotations) into one record per user, in the order the users first
// appear, so that two annotators' spans are not merged into a set neither
// made. What the record carries besides its spans (NotKept included) goes
// with the first; a record with no user named is returned as it is.
func (r *jsonlReader) byUser(rec *Record) []*Record {
	if len(rec.Spans) == 0 || len(r.spanAt) != len(rec.Spans) || !slices.ContainsFunc(r.spanAt, func(at spanPlace) bool { return at.user != "" }) {
		return []*Record{rec}
	}
	var users []string
	for _, at := range r.spanAt {
		if !slices.Contains(users, at.user) {
			users = append(users, at.user)
		}
	}
	if len(users) == 1 {
		if users[0] != "" && rec.Annotator == "" {
			rec.Annotator = users[0]
		}
		return []*Record{rec}
	}
	recs := make([]*Record, len(users))
	for u, user := range users {
		one := *rec
		one.Spans = nil
		if u > 0 {
			one.NotKept = nil
		}
		if user != "" && rec.Annotator == "" {
			one.Annotator = user
		}
		for i, at := range r.spanAt {
			if at.user == user {
				one.Spans = append(one.Spans, rec.Spans[i])
			}
		}
		recs[u] = &one
	}
	return recs
}

// recordFormat names what a record was read as: the format the user gave,
// or for plain jsonl the tool whose fields the record has.
func (r *jsonlReader) recordFormat(f *jsonlFields) Format {
	switch {
	case r.format == FormatProdigy || r.format == FormatDoccano:
		return r.format
	case f.prodigyish || !isNull(f.answer):
		return FormatProdigy
	case f.doccanoish:
		return FormatDoccano
	}
	return FormatJSONL
}

// kbID reads a span's "kb_id": a string, "" or null for none.
func (r *jsonlReader) kbID(raw []byte, field string, k int) model.Attributes {
	if isNull(raw) {
		return nil
	}
	if raw[0] != '"' {
		r.problemf("%s[%d]: kb_id must be a string, not %s", field, k, jsonKind(raw))
		return nil
	}
	id := unquote(raw)
	if id == "" {
		return nil
	}
	as := model.Attributes{{Name: model.AttributeKB, Value: id}}
	if err := as.Validate(); err != nil {
		r.problemf("%s[%d]: kb_id: %s", field, k, model.ErrorMessage(err))
		return nil
	}
	return as
}

// linkAccepted makes the ids an accepted task with one span chose
// ("accept": ["Q312545"], Prodigy's entity linking) that span's kb_id
// attributes, and reports whether it did.
func (r *jsonlReader) linkAccepted(f *jsonlFields) bool {
	if len(r.spans) != 1 || string(f.answer) != `"accept"` || f.accept[0] != '[' {
		return false
	}
	var ids []string
	if json.Unmarshal(f.accept, &ids) != nil || len(ids) == 0 {
		return false
	}
	var links model.Attributes
	for _, id := range ids {
		if id != "" {
			links = append(links, model.Attribute{Name: model.AttributeKB, Value: id})
		}
	}
	merged, err := mergeAttributes(r.spans[0].Attributes, links)
	if err != nil || len(links) == 0 {
		return false
	}
	r.spans[0].Attributes = merged
	return true
}

// countNotKept counts the elements of a list that Inkspan does not store
// (one for any other non-null value) under kind.
func (r *jsonlReader) countNotKept(kind string, raw []byte) {
	if isNull(raw) {
		return
	}
	n := 1
	if raw[0] == '[' {
		n = 0
		arr := arrayIter{b: raw, depth: 1}
		for arr.next() {
			n++
		}
	}
	if n > 0 {
		r.addNotKept(kind, n)
	}
}

func (r *jsonlReader) addNotKept(kind string, n int) {
	if r.notKept == nil {
		r.notKept = map[string]int{}
	}
	r.notKept[kind] += n
}

// takeNotKept returns a copy of the line's counts for its record, nil when
// there are none.
func (r *jsonlReader) takeNotKept() map[string]int {
	if len(r.notKept) == 0 {
		return nil
	}
	m := make(map[string]int, len(r.notKept))
	for k, n := range r.notKept {
		m[k] = n
	}
	return m
}

// hashField reads a Prodigy hash: nil when absent, false when it is not an
// integer.
func hashField(raw []byte) (*int64, bool) {
	if isNull(raw) {
		return nil, true
	}
	n, ok := parseInt(raw)
	if !ok {
		return nil, false
	}
	h := int64(n)
	return &h, true
}

// problemf keeps the first problem met in a line's spans.
func (r *jsonlReader) problemf(format string, args ...any) {
	if r.problem == "" {
		r.problem = fmt.Sprintf(format, args...)
	}
}

func (r *jsonlReader) addExtra(key string, raw []byte) {
	for i := range r.extras {
		if r.extras[i].key == key { // the last of duplicate keys wins, as in encoding/json
			r.extras[i].raw = raw
			return
		}
	}
	r.extras = append(r.extras, jsonMember{key: key, raw: raw})
}

// buildMeta merges the unknown top-level fields with the meta object into a
// fresh copy that does not share the line buffer.
func (r *jsonlReader) buildMeta(meta []byte) json.RawMessage {
	if len(r.extras) == 0 {
		if isNull(meta) {
			return nil
		}
		return append(json.RawMessage(nil), meta...)
	}
	var own map[string]bool
	var body []byte // meta's members, without the braces
	if !isNull(meta) {
		it := objectIter{b: meta}
		for it.next() {
			if own == nil {
				own = map[string]bool{}
			}
			own[it.key()] = true
		}
		end := len(meta) - 1 // the closing brace
		body = meta[skipWS(meta, 1):end]
	}
	buf := append(r.meta[:0], '{')
	for _, e := range r.extras {
		if own[e.key] {
			continue
		}
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		buf = append(buf, e.raw...)
	}
	if len(body) > 0 {
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		buf = append(buf, body...)
	}
	buf = append(buf, '}')
	r.meta = buf
	return append(json.RawMessage(nil), buf...)
}

// intern returns the text of a string value, sharing one copy between the
// records of a file: labels and annotators repeat.
func (r *jsonlReader) intern(raw []byte) string {
	body := raw[1 : len(raw)-1]
	if s, ok := r.names[string(body)]; ok {
		return s
	}
	s := unquote(raw)
	if len(r.names) < 10000 { // a field of unique values must not grow the map forever
		r.names[string(body)] = s
	}
	return s
}

// objectSpans parses the list of span objects at b[i] (Prodigy's spans,
// doccano's entities) into r.spans and returns the index past it, or -1 if
// the JSON is malformed. Problems with the spans go to problemf. In
// "entities" a [start, end, "LABEL"] entry is read too: doccano's
// intent-detection export writes its entities that way.
func (r *jsonlReader) objectSpans(b []byte, i int, field, startKey, endKey string) int {
	const depth = 1 // the list is a member of the line's object
	if i >= len(b) || b[i] != '[' {
		end := scanValue(b, i, depth)
		if end >= 0 && !isNull(b[i:end]) {
			r.problemf("%q must be a list of spans, not %s", field, jsonKind(b[i:end]))
		}
		return end
	}
	arr := arrayIter{b: b, i: i, depth: depth}
	for k := 0; arr.nextElem(); k++ {
		if b[arr.i] != '{' {
			end := scanValue(b, arr.i, depth+1)
			if end >= 0 {
				if b[arr.i] == '[' && field == "entities" {
					r.tupleSpan(b[arr.i:end], field, k)
				} else {
					r.problemf("%s[%d]: a span must be an object with %q, %q and \"label\", not %s", field, k, startKey, endKey, jsonKind(b[arr.i:end]))
				}
			}
			if !arr.took(end) {
				break
			}
			continue
		}
		var s model.Span
		var haveStart, haveEnd bool
		at := spanPlace{field: field, index: k, tokenEnd: -1}
		obj := objectIter{b: b, i: arr.i, depth: depth + 1}
		for obj.next() {
			key := obj.Key
			if obj.KeyEsc {
				key = []byte(obj.key())
			}
			switch string(key) {
			case startKey:
				s.Start = r.offset(obj.Val, field, k, startKey)
				haveStart = true
			case endKey:
				s.End = r.offset(obj.Val, field, k, endKey)
				haveEnd = true
			case "label":
				s.Label = r.label(obj.Val, field, k)
			case model.AttributeKB:
				s.Attributes = r.kbID(obj.Val, field, k)
			case "id":
				at.id = jsonIDString(obj.Val)
			case "token_end":
				if n, err := strconv.Atoi(string(obj.Val)); err == nil {
					at.tokenEnd = n
				}
			}
		}
		if !arr.took(obj.end()) {
			break
		}
		if !haveStart {
			r.problemf("%s[%d]: missing %q", field, k, startKey)
		} else if !haveEnd {
			r.problemf("%s[%d]: missing %q", field, k, endKey)
		}
		r.spans = append(r.spans, s)
		r.spanAt = append(r.spanAt, at)
	}
	return arr.end()
}

// doccanoAnnotations parses doccano 0.x's "annotations" at b[i]: objects
// with start_offset, end_offset, label (a label id, or a name) and user.
// It returns the index past the list, or -1 if the JSON is malformed.
func (r *jsonlReader) doccanoAnnotations(b []byte, i int) int {
	const depth = 1
	const field = "annotations"
	if i >= len(b) || b[i] != '[' {
		end := scanValue(b, i, depth)
		if end >= 0 && !isNull(b[i:end]) {
			r.problemf("%q must be a list of doccano annotations, not %s", field, jsonKind(b[i:end]))
		}
		return end
	}
	arr := arrayIter{b: b, i: i, depth: depth}
	for k := 0; arr.nextElem(); k++ {
		if b[arr.i] != '{' {
			end := scanValue(b, arr.i, depth+1)
			if end >= 0 {
				r.problemf("%s[%d]: an annotation must be an object with \"start_offset\", \"end_offset\" and \"label\", not %s", field, k, jsonKind(b[arr.i:end]))
			}
			if !arr.took(end) {
				break
			}
			continue
		}
		var s model.Span
		var start, end, label, user, text []byte
		obj := objectIter{b: b, i: arr.i, depth: depth + 1}
		for obj.next() {
			key := obj.Key
			if obj.KeyEsc {
				key = []byte(obj.key())
			}
			switch string(key) {
			case "start_offset":
				start = obj.Val
			case "end_offset":
				end = obj.Val
			case "label":
				label = obj.Val
			case "user":
				user = obj.Val
			case "text":
				text = obj.Val
			}
		}
		if !arr.took(obj.end()) {
			break
		}
		switch {
		case isNull(start) && isNull(end):
			// Not a span: a text-classification project's label of the
			// whole text, or a sequence-to-sequence project's text.
			if !isNull(text) {
				r.addNotKept("texts written for a whole document", 1)
			} else {
				r.addNotKept("labels of whole documents", 1)
			}
			continue
		case isNull(start):
			r.problemf("%s[%d]: missing %q", field, k, "start_offset")
		case isNull(end):
			r.problemf("%s[%d]: missing %q", field, k, "end_offset")
		}
		if !isNull(start) {
			s.Start = r.offset(start, field, k, "start_offset")
		}
		if !isNull(end) {
			s.End = r.offset(end, field, k, "end_offset")
		}
		if len(label) > 0 && (label[0] == '-' || isDigit(label[0])) {
			id, ok := parseInt(label)
			if !ok {
				r.problemf("%s[%d]: the label must be a label id or a name, not %s", field, k, shorten(label))
			}
			s.Label = r.internString("label " + strconv.Itoa(id))
			r.labelIDs = true
		} else {
			s.Label = r.label(label, field, k)
		}
		who := ""
		switch {
		case isNull(user):
		case user[0] == '"':
			who = r.internString("doccano user " + unquote(user))
		case user[0] == '-' || isDigit(user[0]):
			who = r.internString("doccano user " + string(user))
		default:
			r.problemf("%s[%d]: \"user\" must be a user id, not %s", field, k, jsonKind(user))
		}
		r.spans = append(r.spans, s)
		r.spanAt = append(r.spanAt, spanPlace{field: field, index: k, user: who})
	}
	return arr.end()
}

// internString is intern for a name made here rather than read.
func (r *jsonlReader) internString(s string) string {
	if v, ok := r.names["\x00"+s]; ok {
		return v
	}
	if len(r.names) < 10000 {
		r.names["\x00"+s] = s
	}
	return s
}

// tupleShape is how doccano writes a span.
const tupleShape = `[start, end, "LABEL"]`

// tupleSpans parses doccano's list of [start, end, "LABEL"] at b[i], like
// objectSpans.
func (r *jsonlReader) tupleSpans(b []byte, i int, field string) int {
	const depth = 1
	if i >= len(b) || b[i] != '[' {
		end := scanValue(b, i, depth)
		if end >= 0 && !isNull(b[i:end]) {
			r.problemf("%q must be a list of %s entries, not %s", field, tupleShape, jsonKind(b[i:end]))
		}
		return end
	}
	arr := arrayIter{b: b, i: i, depth: depth}
	for k := 0; arr.next(); k++ {
		r.tupleSpan(arr.Val, field, k)
	}
	return arr.end()
}

// tupleSpan reads entry k of field, a checked JSON value, as
// [start, end, "LABEL"] into r.spans.
func (r *jsonlReader) tupleSpan(el []byte, field string, k int) {
	const depth = 2
	var parts [3][]byte
	n := 0
	if el[0] == '[' {
		tuple := arrayIter{b: el, depth: depth}
		for tuple.next() {
			if n < len(parts) {
				parts[n] = tuple.Val
			}
			n++
		}
	}
	if n != 3 {
		hint := ""
		if el[0] == '"' {
			// doccano's text-classification export has "label":
			// ["POSITIVE"], which looks right at a glance.
			hint = " (labels of whole texts, as in a text-classification export, are not spans)"
		}
		r.problemf("%s[%d]: span entries must be %s, not %s%s", field, k, tupleShape, shorten(el), hint)
		return
	}
	s := model.Span{
		Start: r.offset(parts[0], field, k, "start"),
		End:   r.offset(parts[1], field, k, "end"),
		Label: r.label(parts[2], field, k),
	}
	r.spans = append(r.spans, s)
	r.spanAt = append(r.spanAt, spanPlace{field: field, index: k})
}

// offset reads a span offset, which must be an integer.
func (r *jsonlReader) offset(raw []byte, field string, k int, name string) int {
	n, ok := parseInt(raw)
	if !ok {
		r.problemf("%s[%d]: %q must be an integer, not %s", field, k, name, shorten(raw))
	}
	return n
}

// label reads a span's label; null or absent leaves it empty, which
// model.Span.Validate reports.
func (r *jsonlReader) label(raw []byte, field string, k int) string {
	if isNull(raw) {
		return ""
	}
	if raw[0] != '"' {
		r.problemf("%s[%d]: the label must be a string, not %s", field, k, jsonKind(raw))
		return ""
	}
	return r.intern(raw)
}

// parseInt reads a JSON number that is an integer. 5.0 and 5e0 are refused:
// offsets written that way come from a tool that computed them as floats, and
// a float offset is as likely to be wrong as right.
func parseInt(raw []byte) (int, bool) {
	if len(raw) == 0 || len(raw) > 18 {
		return 0, false
	}
	neg := raw[0] == '-'
	digits := raw
	if neg {
		digits = raw[1:]
	}
	if len(digits) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range digits {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func isNull(raw []byte) bool { return len(raw) == 0 || string(raw) == "null" }

// jsonKind names the type of a raw value for messages.
func jsonKind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string (" + shorten(raw) + ")"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number (" + shorten(raw) + ")"
}

// shorten quotes a raw value for a message without pasting a whole document.
func shorten(raw []byte) string {
	const max = 40
	if len(raw) <= max {
		return string(raw)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(raw[cut]) {
		cut--
	}
	return string(raw[:cut]) + "…"
}

// syntaxProblem describes malformed JSON in encoding/json's words, which
// users can search for; the scanner only knows that the line is bad.
func syntaxProblem(line []byte) string {
	var v json.RawMessage
	if err := json.Unmarshal(line, &v); err != nil {
		msg := err.Error()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			msg += " (at byte " + strconv.FormatInt(se.Offset, 10) + ")"
		}
		return "malformed JSON: " + msg
	}
	return "malformed JSON"
}

// metaID returns the raw value of meta's "id" member, or nil.
func metaID(meta []byte) []byte {
	if len(meta) == 0 || meta[0] != '{' {
		return nil
	}
	it := objectIter{b: meta, i: 0}
	for it.nextKey() {
		end := scanValue(meta, it.i, 1)
		if !it.took(end) {
			return nil
		}
		if it.key() == "id" {
			if v := it.Val; len(v) > 0 && (v[0] == '"' || v[0] == '-' || isDigit(v[0])) {
				return v
			}
			return nil
		}
	}
	return nil
}
