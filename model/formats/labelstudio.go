package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// labelStudioReader reads Label Studio's JSON export (or import) file: one
// array of tasks. The array is streamed, a task at a time, so a large export
// takes no more memory than its largest task.
//
// Per task:
//   - the text is data.text or, when data has no "text", its only string
//     field (Label Studio configs name the field freely: $content, $body);
//     a task without "data" is all data, as Label Studio reads it;
//   - ExternalID is data.external_id, else the task's id, else FILE#LINE;
//   - data's other fields become Meta (the members of a data.meta object
//     join them: the writer puts clashing keys there);
//   - each annotation ("completions" in files older than Label Studio 1.0)
//     is one Record, skipped if was_cancelled (the annotator skipped the
//     task); its annotator is completed_by (a string as is, a user id N as
//     "user-N", an object by its email), else meta.annotator, which the
//     writer fills in;
//   - spans come from results of type "labels", one per label; start and end
//     count UTF-16 code units and are converted to code points. An offset
//     inside a surrogate pair or past the end, or a value.text that is not
//     the text the offsets cut out, is an error naming the task and result:
//     it is how offsets counted in other units show (issues #1347, #539,
//     #4988), and importing such spans would shift them silently;
//   - a region's meta.text (the notes typed into it) is the span's Note;
//   - predictions are ignored: they are a model's suggestions, not anyone's
//     annotation, and importing them as spans would credit a person with
//     them. Drafts are ignored too.
//
// A task without (uncancelled) annotations is one Record without spans: a
// document to label. A problem anywhere in a task is reported once, at the
// line where the task starts, and none of the task's records are returned:
// a task is one document, and half of its annotations would mislead.
type labelStudioReader struct {
	f       *os.File
	lc      *lineCounter
	dec     *json.Decoder
	source  string
	base    string
	started bool
	done    bool
	tasks   int           // tasks read so far
	pending []*Record     // the rest of the current task's records
	offsets model.Offsets // reused for every task: the tables are the reader's main allocation
}

func newLabelStudioReader(f *os.File, source, base string) fileReader {
	br := bufio.NewReaderSize(f, 64<<10)
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		br.Discard(len(bom))
	}
	lc := &lineCounter{r: br}
	return &labelStudioReader{f: f, lc: lc, dec: json.NewDecoder(lc), source: source, base: base}
}

func (r *labelStudioReader) close() error { return r.f.Close() }

func (r *labelStudioReader) next() (*Record, error) {
	for {
		if len(r.pending) > 0 {
			rec := r.pending[0]
			r.pending = r.pending[1:]
			return rec, nil
		}
		if r.done {
			return nil, io.EOF
		}
		if !r.started {
			r.started = true
			if err := r.begin(); err != nil {
				r.done = true
				return nil, err
			}
		}
		if !r.dec.More() {
			r.done = true
			return nil, r.end()
		}
		var raw json.RawMessage
		if err := r.dec.Decode(&raw); err != nil {
			r.done = true
			return nil, r.syntaxError(err)
		}
		r.tasks++
		line := r.lc.lineAt(r.dec.InputOffset() - int64(len(raw)))
		recs, problem := r.task(raw, line)
		if problem != "" {
			return nil, lineErrorf(r.source, line, "task %d%s: %s", r.tasks, taskIDNote(raw), problem)
		}
		r.pending = recs
	}
}

// begin enters the array.
func (r *labelStudioReader) begin() error {
	tok, err := r.dec.Token()
	if err == io.EOF {
		return fatalf(r.source, "file is empty; Label Studio JSON is a list of tasks, [{\"data\": {\"text\": …}}, …]")
	}
	if err != nil {
		return r.syntaxError(err)
	}
	if tok != json.Delim('[') {
		hint := ""
		if tok == json.Delim('{') {
			hint = " (for one JSON object per line, use --format jsonl)"
		}
		return &InputError{File: r.source, Line: r.lc.lineAt(r.dec.InputOffset() - 1), Fatal: true,
			Msg: "not a Label Studio export: the file must be a JSON list of tasks, [{\"data\": {\"text\": …}}, …]" + hint}
	}
	return nil
}

// end leaves the array and checks that nothing follows it.
func (r *labelStudioReader) end() error {
	if _, err := r.dec.Token(); err != nil { // the ']'
		return r.syntaxError(err)
	}
	if _, err := r.dec.Token(); err != io.EOF {
		return &InputError{File: r.source, Line: r.lc.lineAt(r.dec.InputOffset()), Fatal: true,
			Msg: "unexpected data after the list of tasks"}
	}
	return io.EOF
}

// syntaxError reports malformed JSON at the line where it is, as far as the
// decoder tells.
func (r *labelStudioReader) syntaxError(err error) error {
	// InputOffset is where the failing value (or token) began, before any
	// white space; the decoder's read-ahead holds the value itself.
	at := r.dec.InputOffset()
	held, _ := io.ReadAll(r.dec.Buffered())
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF:
		at += int64(skipWS(held, 0))
		return &InputError{File: r.source, Line: r.lc.lineAt(at), Fatal: true,
			Msg: "the file ends in the middle of the list of tasks (was it cut short?)"}
	case errors.As(err, &se):
		// The decoder's Offset counts from an earlier point than
		// InputOffset: parse the held value again to find the bad byte.
		// A missing comma is found before the value, at InputOffset.
		if !strings.Contains(se.Error(), "after array element") {
			var v json.RawMessage
			var inner *json.SyntaxError
			if errors.As(json.Unmarshal(held, &v), &inner) && inner.Offset > 0 {
				at += inner.Offset - 1
			}
		}
		return &InputError{File: r.source, Line: r.lc.lineAt(at), Fatal: true, Msg: "malformed JSON: " + se.Error()}
	}
	return &InputError{File: r.source, Line: r.lc.lineAt(at), Fatal: true, Msg: "cannot read: " + osReason(err)}
}

// lsTask is the part of a task the reader uses.
type lsTask struct {
	ID          json.RawMessage `json:"id"`
	Data        json.RawMessage `json:"data"`
	Annotations []lsAnnotation  `json:"annotations"`
	Completions []lsAnnotation  `json:"completions"` // before Label Studio 1.0
}

type lsAnnotation struct {
	CompletedBy  json.RawMessage `json:"completed_by"`
	WasCancelled bool            `json:"was_cancelled"`
	Result       []lsResult      `json:"result"`
	Meta         json.RawMessage `json:"meta"`
}

type lsResult struct {
	ID    json.RawMessage `json:"id"`
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"` // its shape depends on Type
	Meta  json.RawMessage `json:"meta"`
}

type lsLabels struct {
	Start  json.RawMessage `json:"start"`
	End    json.RawMessage `json:"end"`
	Text   json.RawMessage `json:"text"`
	Labels []string        `json:"labels"`
}

// task turns one task into its records, or says what is wrong with it.
func (r *labelStudioReader) task(raw []byte, line int) ([]*Record, string) {
	if !utf8.Valid(raw) {
		// encoding/json would quietly turn the bad bytes into U+FFFD and
		// shift every offset after them.
		return nil, "the task is " + badUTF8(raw)
	}
	if raw[0] != '{' {
		return nil, "a task must be a JSON object, not " + jsonKind(raw)
	}
	var t lsTask
	if err := json.Unmarshal(lsTaskFields(raw), &t); err != nil {
		return nil, typeProblem(err)
	}
	data := []byte(t.Data)
	whole := isNull(data)
	if whole {
		data = raw
	} else if data[0] != '{' {
		return nil, `"data" must be an object, not ` + jsonKind(data)
	}

	textKey, problem := lsTextKey(data, whole)
	if problem != "" {
		return nil, problem
	}
	base := Record{Source: r.source, Line: line}
	it := objectIter{b: data}
	var extID []byte
	for it.next() {
		switch it.key() {
		case textKey:
			if it.Val[0] != '"' {
				return nil, fmt.Sprintf("data.%s must be a string, not %s", textKey, jsonKind(it.Val))
			}
			base.Text = unquote(it.Val)
		case "external_id":
			extID = it.Val
		}
	}
	runes, problem := checkText(base.Text)
	if problem != "" {
		return nil, "data." + textKey + ": " + problem
	}
	for _, id := range [][]byte{extID, t.ID} {
		if isNull(id) {
			continue
		}
		switch {
		case id[0] == '"':
			base.ExternalID = unquote(id)
		case id[0] == '-' || isDigit(id[0]):
			base.ExternalID = string(id)
		}
		if base.ExternalID != "" {
			break
		}
	}
	if base.ExternalID == "" {
		base.ExternalID = lineID(r.base, line)
	}
	base.Meta = mergeMetaMembers(data, func(k string) bool {
		if k == textKey || k == "external_id" {
			return true
		}
		// A task without "data" holds its own fields beside the data.
		return whole && (k == "id" || k == "annotations" || k == "completions" || k == "predictions" || k == "drafts" || k == "meta")
	})

	anns := t.Annotations
	if len(anns) == 0 {
		anns = t.Completions
	}
	var recs []*Record
	var off *model.Offsets // indexed for the first span: import files have none
	for i, a := range anns {
		if a.WasCancelled {
			continue
		}
		rec := base
		rec.Annotator = lsAnnotator(a)
		rec.Note = lsAnnotationNote(a)
		for _, res := range a.Result {
			if res.Type != "labels" {
				continue // choices, relations, text areas: not spans
			}
			if off == nil {
				off = &r.offsets
				off.Reset(base.Text)
			}
			spans, problem := lsSpans(res, off, runes)
			if problem != "" {
				return nil, fmt.Sprintf("annotation %d, result %s: %s", i+1, lsResultID(res), problem)
			}
			rec.Spans = append(rec.Spans, spans...)
		}
		model.SortSpans(rec.Spans)
		recs = append(recs, &rec)
	}
	if len(recs) == 0 {
		recs = append(recs, &base)
	}
	return recs, ""
}

// lsTaskFields returns an object holding only the members of the task
// object raw that Label Studio itself reads, found by their exact names.
// encoding/json matches names regardless of case, and a task without "data"
// keeps its own fields beside these: a field of its named "Data" or "ID" is
// text or metadata, as it is to Label Studio, not the task's data or id.
func lsTaskFields(raw []byte) []byte {
	buf := []byte{'{'}
	it := objectIter{b: raw}
	for it.next() {
		switch it.key() {
		case "id", "data", "annotations", "completions":
			if len(buf) > 1 {
				buf = append(buf, ',')
			}
			buf = append(buf, raw[it.KeyAt:it.i]...)
		}
	}
	return append(buf, '}')
}

// lsTextKey finds the data field holding the text.
func lsTextKey(data []byte, whole bool) (string, string) {
	var strs []string
	it := objectIter{b: data}
	for it.next() {
		k := it.key()
		if k == "text" {
			return k, ""
		}
		if it.Val[0] == '"' && k != "external_id" && !(whole && k == "id") {
			strs = append(strs, k)
		}
	}
	switch len(strs) {
	case 1:
		return strs[0], ""
	case 0:
		return "", `no text: data has no "text" field and no other text field`
	}
	return "", fmt.Sprintf(`data has no "text" field and several text fields (%s): cannot tell which is the text`, strings.Join(quoteAll(strs), ", "))
}

// lsAnnotator names whoever made an annotation.
// lsAnnotationNote is the document note Inkspan keeps in an annotation's
// meta ("note"), or "".
func lsAnnotationNote(a lsAnnotation) string {
	var meta struct {
		Note string `json:"note"`
	}
	if len(a.Meta) > 0 && json.Unmarshal(a.Meta, &meta) == nil {
		return meta.Note
	}
	return ""
}

func lsAnnotator(a lsAnnotation) string {
	by := []byte(a.CompletedBy)
	switch {
	case isNull(by):
	case by[0] == '"':
		var s string
		if json.Unmarshal(by, &s) == nil && s != "" {
			return s
		}
	case by[0] == '-' || isDigit(by[0]):
		return "user-" + string(by)
	case by[0] == '{':
		var u struct {
			Email string          `json:"email"`
			ID    json.RawMessage `json:"id"`
		}
		if json.Unmarshal(by, &u) == nil {
			if u.Email != "" {
				return u.Email
			}
			if len(u.ID) > 0 && isDigit(u.ID[0]) {
				return "user-" + string(u.ID)
			}
		}
	}
	var meta struct {
		Annotator string `json:"annotator"`
	}
	if len(a.Meta) > 0 && a.Meta[0] == '{' && json.Unmarshal(a.Meta, &meta) == nil {
		return meta.Annotator
	}
	return ""
}

// lsSpans converts one "labels" result into spans, one per label.
func lsSpans(res lsResult, off *model.Offsets, runes int) ([]model.Span, string) {
	var v lsLabels
	if isNull(res.Value) || res.Value[0] != '{' {
		return nil, "value must be an object with start, end and labels"
	}
	if err := json.Unmarshal(res.Value, &v); err != nil {
		return nil, "value: " + typeProblem(err)
	}
	if isNull(v.Start) || isNull(v.End) {
		return nil, "value has no start or end"
	}
	u16Start, ok1 := parseInt(v.Start)
	u16End, ok2 := parseInt(v.End)
	if !ok1 || !ok2 {
		return nil, fmt.Sprintf("value.start and value.end must be whole numbers, not %s and %s", shorten(v.Start), shorten(v.End))
	}
	units := off.UTF16Len()
	start, okS := off.FromUTF16(u16Start)
	end, okE := off.FromUTF16(u16End)
	for _, o := range []struct {
		name string
		u    int
		ok   bool
	}{{"start", u16Start, okS}, {"end", u16End, okE}} {
		switch {
		case o.u < 0 || o.u > units:
			return nil, fmt.Sprintf("value.%s %d is outside the text, which has %d UTF-16 units", o.name, o.u, units)
		case !o.ok:
			return nil, fmt.Sprintf("value.%s %d falls inside a character written as two UTF-16 units (an emoji or other character beyond U+FFFF): the offsets were not counted in UTF-16 units", o.name, o.u)
		}
	}
	if !isNull(v.Text) {
		if v.Text[0] != '"' {
			return nil, "value.text must be a string, not " + jsonKind(v.Text)
		}
		if start <= end {
			want, got := unquote(v.Text), off.Slice(start, end)
			if want != got {
				return nil, fmt.Sprintf("value.text %s does not match %s, the text at UTF-16 [%d, %d)%s",
					quoteCut(want), quoteCut(got), u16Start, u16End, lsOffsetHint(off, u16Start, u16End, want))
			}
		}
	}
	if len(v.Labels) == 0 {
		return nil, "value.labels is empty"
	}
	note := lsNote(res.Meta)
	spans := make([]model.Span, 0, len(v.Labels))
	for _, l := range v.Labels {
		s := model.Span{Start: start, End: end, Label: l, Note: note}
		if err := s.Validate(runes, nil); err != nil {
			return nil, err.Error()
		}
		spans = append(spans, s)
	}
	return spans, ""
}

// lsOffsetHint guesses the unit the offsets were counted in when they do not
// cut out value.text: code points (Python) and bytes (Go, Rust) are the
// usual mistakes of tools that write Label Studio files.
func lsOffsetHint(off *model.Offsets, start, end int, want string) string {
	if 0 <= start && start < end && end <= off.Len() && off.Slice(start, end) == want {
		return "; the offsets count characters (code points), but Label Studio counts UTF-16 units"
	}
	text := off.Slice(0, off.Len())
	if 0 <= start && start < end && end <= len(text) && text[start:end] == want {
		return "; the offsets count bytes, but Label Studio counts UTF-16 units"
	}
	return "; was the text changed after annotating?"
}

// lsNote joins the notes Label Studio keeps in a region's meta.text.
func lsNote(meta json.RawMessage) string {
	if len(meta) == 0 || meta[0] != '{' {
		return ""
	}
	var m struct {
		Text json.RawMessage `json:"text"`
	}
	if json.Unmarshal(meta, &m) != nil || isNull(m.Text) {
		return ""
	}
	var one string
	if json.Unmarshal(m.Text, &one) == nil {
		return one
	}
	var many []string
	if json.Unmarshal(m.Text, &many) == nil {
		return strings.Join(many, "\n")
	}
	return ""
}

func lsResultID(res lsResult) string {
	if isNull(res.ID) {
		return "(no id)"
	}
	return shorten(res.ID)
}

// taskIDNote names a task by its id, when it has one, for messages. An id
// that is not valid UTF-8 is left out: json.RawMessage keeps the bytes of a
// task saved in another encoding as they are, and a message must stay text.
func taskIDNote(raw []byte) string {
	var t struct {
		ID json.RawMessage `json:"id"`
	}
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(lsTaskFields(raw), &t) != nil || isNull(t.ID) || !utf8.Valid(t.ID) {
		return ""
	}
	return " (id " + shorten(t.ID) + ")"
}

// typeProblem says which field of a task has the wrong type, in JSON's
// words rather than Go's.
func typeProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		want := "a different kind of value"
		switch te.Type.Kind() {
		case reflect.Slice:
			want = "a list"
		case reflect.Struct, reflect.Map:
			want = "an object"
		case reflect.String:
			want = "a string"
		case reflect.Bool:
			want = "true or false"
		}
		field := te.Field
		if field == "" {
			field = "the task"
		}
		return fmt.Sprintf("%s must be %s, not %s", field, want, jsonKindName(te.Value))
	}
	return err.Error()
}

// jsonKindName turns encoding/json's name of a JSON value's kind into words.
func jsonKindName(v string) string {
	switch {
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	case v == "string":
		return "a string"
	case v == "bool":
		return "true or false"
	case strings.HasPrefix(v, "number"):
		return "a number"
	}
	return v
}

// lineCounter passes a file through to the JSON decoder and remembers where
// the newlines were, so a byte offset the decoder reports can be turned into
// a line number. It keeps only the newlines past the last offset asked
// about, that is those in the decoder's read-ahead.
type lineCounter struct {
	r     io.Reader
	read  int64   // bytes passed through
	nl    []int64 // offsets of newlines not yet counted
	lines int     // newlines before the last offset asked about
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := 0, p[:n]; ; {
		k := bytes.IndexByte(b[i:], '\n')
		if k < 0 {
			break
		}
		c.nl = append(c.nl, c.read+int64(i+k))
		i += k + 1
	}
	c.read += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off. Offsets must not
// decrease from one call to the next.
func (c *lineCounter) lineAt(off int64) int {
	k := 0
	for k < len(c.nl) && c.nl[k] < off {
		k++
	}
	c.lines += k
	c.nl = append(c.nl[:0], c.nl[k:]...)
	return c.lines + 1
}
