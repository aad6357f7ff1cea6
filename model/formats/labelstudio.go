package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// labelStudioReader reads Label Studio's JSON export (or import) file: a
// list of tasks, one task object on its own, or tasks one after another (JSON
// Lines), as Label Studio's own import takes them. The tasks are streamed,
// one at a time, so a large export takes no more memory than its largest
// task.
//
// Per task:
//   - the text is data.text or, when data has no "text", its only string
//     field (Label Studio configs name the field freely: $content, $body);
//     a task without "data" is all data, as Label Studio reads it;
//   - ExternalID is data.external_id, else the task's id, else FILE#LINE;
//   - data's other fields become Meta (the members of a data.meta object
//     join them: the writer puts clashing keys there);
//   - each annotation ("completions" in files older than Label Studio 1.0)
//     is one Record, Annotated even when its result holds no span (a
//     negative example); a cancelled one (was_cancelled: the annotator
//     skipped the task) has Status skipped. Its annotator is completed_by (a
//     string as is, a user id N as "user-N", an object by its email), else
//     meta.annotator, which the writer fills in. Several annotators' versions
//     of one task are several records;
//   - spans come from results of type "labels", one per label, with each
//     region's line in SpanLines; start and end count UTF-16 code units and
//     are converted to code points. Label names pass through as written;
//   - a region's value.text must be the text its offsets cut out. Label
//     Studio itself often stores it trimmed of surrounding white space, or
//     with \n where the text has \r\n, while the offsets are right: such a
//     region is kept and counted in Record.Relaxed. Any other difference is
//     how offsets counted in other units show (Label Studio issues #1347,
//     #539, #4988);
//   - a region's meta.text (the notes typed into it) is the span's Note;
//   - a region's per-region controls (perRegion="true": Choices,
//     TextArea) are results of type "choices" or "textarea" with the same
//     id as its "labels" result: they become the span's Attributes, named
//     by the control's from_name, one per chosen value (value.choices) or
//     typed text (value.text, Text set). A region with several labels
//     gives each of its spans the same attributes. Such a result naming no
//     labeled region of its annotation is the whole document's choice or
//     text and is counted as not kept;
//   - predictions are a model's proposals, not anyone's annotation: their
//     regions become every record's Suggestions, for each annotator to
//     accept or reject, never spans credited to a person. The copy of a
//     prediction inside an annotation ("prediction") is not read again;
//   - what is not a span (relations, choices, text areas, ratings, ...;
//     drafts; reviews) is counted in Record.NotKept by kind. Counts that
//     belong to the task rather than to one annotation (predictions'
//     other results, drafts) go on its first record only, so that a summary
//     adding up the records counts them once.
//
// A task without annotations is one Record without spans, not Annotated: a
// document to label.
//
// Errors come in two sizes. A problem with the task itself (no text, data
// of the wrong type, invalid UTF-8) is one *model.InputError at the line where the
// task starts, and none of its records are returned: a task is one document.
// A problem with one region (offsets outside the text or inside a surrogate
// pair, a value.text that does not match, no labels) concerns that region
// alone: Next returns one *model.InputError per bad region, at the region's line
// and naming the task and the region, and then the task's records without
// those regions. An import that stops at the first error (the default)
// thus fails naming file, task and region; one that goes on after errors
// (--skip-invalid) reports each bad region and keeps the rest of its task.
type labelStudioReader struct {
	f       fs.File
	br      *bufio.Reader
	lc      *lineCounter
	dec     *json.Decoder
	source  string
	base    string
	started bool
	done    bool
	stream  bool          // tasks follow one another at the top level (one object, JSON Lines), not in a list
	tasks   int           // tasks read so far
	errs    []error       // the current task's bad regions, reported before its records
	pending []*Record     // the rest of the current task's records
	offsets model.Offsets // reused for every task: the tables are the reader's main allocation
}

func newLabelStudioReader(f fs.File, source, base string) fileReader {
	br := bufio.NewReaderSize(f, 64<<10)
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		br.Discard(len(bom))
	}
	lc := &lineCounter{r: br}
	return &labelStudioReader{f: f, br: br, lc: lc, dec: json.NewDecoder(lc), source: source, base: base}
}

func (r *labelStudioReader) close() error { return r.f.Close() }

func (r *labelStudioReader) next() (*Record, error) {
	for {
		if len(r.errs) > 0 {
			err := r.errs[0]
			r.errs = r.errs[1:]
			// The task's records follow without the bad part.
			if ie, ok := err.(*model.InputError); ok {
				ie.Part = true
			}
			return nil, err
		}
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
		recs, errs, problem := r.task(raw, line)
		if problem != nil {
			return nil, problem
		}
		r.pending, r.errs = recs, errs
	}
}

// begin enters the list of tasks, or notes that the file holds task objects
// at its top level.
func (r *labelStudioReader) begin() error {
	if c, ok := firstNonSpace(r.br); ok && c == '{' {
		r.stream = true
		return nil
	}
	tok, err := r.dec.Token()
	if err == io.EOF {
		return fatalf(r.source, "file is empty; Label Studio JSON is a list of tasks, [{\"data\": {\"text\": …}}, …], or one task")
	}
	if err != nil {
		return r.syntaxError(err)
	}
	if tok != json.Delim('[') {
		return &model.InputError{File: r.source, Line: r.lc.lineAt(r.dec.InputOffset() - 1), Fatal: true,
			Msg: "not a Label Studio export: the file must be a JSON list of tasks, [{\"data\": {\"text\": …}}, …], or task objects"}
	}
	return nil
}

// firstNonSpace peeks at the first byte of br that is not JSON white space,
// without consuming anything; ok is false at the end of the input or when
// white space fills the whole buffer.
func firstNonSpace(br *bufio.Reader) (byte, bool) {
	for n := 1; n <= br.Size(); n++ {
		b, _ := br.Peek(n)
		if len(b) < n {
			return 0, false
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\n', '\r':
		default:
			return c, true
		}
	}
	return 0, false
}

// end leaves the list of tasks and checks that nothing follows it.
func (r *labelStudioReader) end() error {
	if !r.stream {
		if _, err := r.dec.Token(); err != nil { // the ']'
			return r.syntaxError(err)
		}
	}
	if _, err := r.dec.Token(); err != io.EOF {
		msg := "unexpected data after the list of tasks"
		if r.stream {
			msg = "unexpected data after the last task: a task is a JSON object"
		}
		return &model.InputError{File: r.source, Line: r.lc.lineAt(r.dec.InputOffset()), Fatal: true, Msg: msg}
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
		msg := "the file ends in the middle of the list of tasks (was it cut short?)"
		if r.stream {
			msg = "the file ends in the middle of a task (was it cut short?)"
		}
		return &model.InputError{File: r.source, Line: r.lc.lineAt(at), Fatal: true, Msg: msg}
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
		return &model.InputError{File: r.source, Line: r.lc.lineAt(at), Fatal: true, Msg: "malformed JSON: " + se.Error()}
	}
	return &model.InputError{File: r.source, Line: r.lc.lineAt(at), Fatal: true, Msg: "cannot read: " + osReason(err)}
}

// lsTask is the part of a task the reader uses.
type lsTask struct {
	ID          json.RawMessage   `json:"id"`
	Data        json.RawMessage   `json:"data"`
	Annotations []lsAnnotation    `json:"annotations"`
	Completions []lsAnnotation    `json:"completions"` // before Label Studio 1.0
	Predictions []lsAnnotation    `json:"predictions"`
	Drafts      []json.RawMessage `json:"drafts"`
}

type lsAnnotation struct {
	CompletedBy  json.RawMessage `json:"completed_by"`
	WasCancelled bool            `json:"was_cancelled"`
	Result       []lsResult      `json:"result"`
	Meta         json.RawMessage `json:"meta"`
	Reviews      json.RawMessage `json:"reviews"` // Label Studio Enterprise's reviewers' verdicts
}

type lsResult struct {
	ID       json.RawMessage `json:"id"`
	Type     string          `json:"type"`
	FromName string          `json:"from_name"` // the control that made it: a per-region result's attribute name
	Value    json.RawMessage `json:"value"`     // its shape depends on Type
	Meta     json.RawMessage `json:"meta"`
	// A relation's: the regions it joins, which way, its labels.
	FromID    json.RawMessage `json:"from_id"`
	ToID      json.RawMessage `json:"to_id"`
	Direction string          `json:"direction"`
	Labels    []string        `json:"labels"`
}

type lsLabels struct {
	Start  json.RawMessage `json:"start"`
	End    json.RawMessage `json:"end"`
	Text   json.RawMessage `json:"text"`
	Labels []string        `json:"labels"`
}

// lsSpan is a span with the input line of its region, kept together while
// an annotation's spans are sorted.
type lsSpan struct {
	model.Span
	line   int
	region string // its result's id (jsonIDString), which relations name
}

// task turns one task into its records and the errors of its bad regions,
// or says what is wrong with the task as a whole.
func (r *labelStudioReader) task(raw []byte, line int) ([]*Record, []error, *model.InputError) {
	taskErr := func(problem string) *model.InputError {
		return lineErrorf(r.source, line, "task %d%s: %s", r.tasks, taskIDNote(raw), problem)
	}
	if !utf8.Valid(raw) {
		// encoding/json would quietly turn the bad bytes into U+FFFD and
		// shift every offset after them.
		return nil, nil, taskErr("the task is " + badUTF8(raw))
	}
	if raw[0] != '{' {
		return nil, nil, taskErr("a task must be a JSON object, not " + jsonKind(raw))
	}
	var t lsTask
	if err := json.Unmarshal(lsTaskFields(raw), &t); err != nil {
		return nil, nil, taskErr(typeProblem(err))
	}
	data := []byte(t.Data)
	whole := isNull(data)
	if whole {
		data = raw
	} else if data[0] != '{' {
		return nil, nil, taskErr(`"data" must be an object, not ` + jsonKind(data))
	}

	textKey, problem := lsTextKey(data, whole)
	if problem != "" {
		return nil, nil, taskErr(problem)
	}
	base := Record{Source: r.source, Line: line, Format: FormatLabelStudio}
	it := objectIter{b: data}
	var extID []byte
	for it.next() {
		switch it.key() {
		case textKey:
			if it.Val[0] != '"' {
				return nil, nil, taskErr(fmt.Sprintf("data.%s must be a string, not %s", textKey, jsonKind(it.Val)))
			}
			base.Text = unquote(it.Val)
		case "external_id":
			extID = it.Val
		}
	}
	runes, problem := checkText(base.Text)
	if problem != "" {
		e := taskErr("data." + textKey + ": " + problem)
		// A task of white space only holds nothing to label or to lose:
		// it is left out with a word, not a refusal of the file.
		e.Warning = base.Text != "" && isBlank(base.Text)
		return nil, nil, e
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

	anns, annKey := t.Annotations, "annotations"
	if len(anns) == 0 {
		anns, annKey = t.Completions, "completions"
	}
	rc := lsRegionCtx{r: r, raw: raw, line: line, runes: runes, text: base.Text}
	if bytes.IndexByte(raw, '\n') >= 0 {
		// Pretty-printed: each region has a line of its own to name.
		rc.annAt = lsResultOffsets(raw, annKey)
		rc.predAt = lsResultOffsets(raw, "predictions")
	}

	// Predictions: the task's suggestions, for whoever annotates it.
	var suggestions []model.Span
	var taskNotKept map[string]int // allocated on the first thing not kept
	predNotKept := func(kind string) {
		if taskNotKept == nil {
			taskNotKept = map[string]int{}
		}
		taskNotKept["predicted "+kind]++
	}
	for i, p := range t.Predictions {
		var spans []lsSpan
		var perRegion []int
		for k, res := range p.Result {
			if lsPerRegionType(res.Type) {
				perRegion = append(perRegion, k)
				continue
			}
			if res.Type != "labels" {
				predNotKept(lsKind(res.Type))
				continue
			}
			var err error
			at := len(spans)
			if spans, err = rc.region(spans, res, "prediction", i+1, rc.predLine(i, k), nil); err != nil {
				rc.errs = append(rc.errs, err)
			}
			for j := at; j < len(spans); j++ {
				spans[j].region = jsonIDString(res.ID)
			}
		}
		rc.attributes(spans, p.Result, perRegion, "prediction", i+1, rc.predLine, predNotKept)
		for _, s := range spans {
			// The same span in two predictions is one suggestion, with
			// the attributes of both where they agree with each other.
			k := slices.IndexFunc(suggestions, func(o model.Span) bool { return o.SameAs(s.Span) })
			if k < 0 {
				suggestions = append(suggestions, s.Span)
				continue
			}
			if merged, err := mergeAttributes(suggestions[k].Attributes, s.Attributes); err == nil {
				suggestions[k].Attributes = merged
			} else {
				predNotKept("attributes that contradict another prediction's")
			}
		}
	}
	model.SortSpans(suggestions)
	if n := len(t.Drafts); n > 0 {
		if taskNotKept == nil {
			taskNotKept = map[string]int{}
		}
		taskNotKept["drafts"] += n
	}

	var recs []*Record
	for i, a := range anns {
		rec := base
		rec.Annotated = true
		if a.WasCancelled {
			rec.Status = model.StatusSkipped
		}
		rec.Annotator = lsAnnotator(a)
		rec.Note = lsAnnotationNote(a)
		rec.Suggestions = suggestions
		var spans []lsSpan
		var relations []int // indexes in a.Result
		var perRegion []int
		errsBefore := len(rc.errs)
		for k, res := range a.Result {
			if res.Type == "relation" {
				relations = append(relations, k)
				continue
			}
			if lsPerRegionType(res.Type) {
				perRegion = append(perRegion, k)
				continue
			}
			if res.Type != "labels" {
				lsNotKept(&rec, lsKind(res.Type), 1)
				continue
			}
			var err error
			at := len(spans)
			if spans, err = rc.region(spans, res, "annotation", i+1, rc.annLine(i, k), &rec.Relaxed); err != nil {
				rc.errs = append(rc.errs, err)
			}
			for j := at; j < len(spans); j++ {
				spans[j].region = jsonIDString(res.ID)
			}
		}
		if n := countArray(a.Reviews); n > 0 {
			lsNotKept(&rec, "reviews", n)
		}
		rc.attributes(spans, a.Result, perRegion, "annotation", i+1, rc.annLine, func(kind string) { lsNotKept(&rec, kind, 1) })
		rec.Spans, rec.SpanLines = lsSortSpans(spans, line)
		if len(rec.Spans) == 0 && len(rc.errs) > errsBefore {
			// Every region was left out as bad: what remains is not an
			// annotation that found nothing (a negative example) but the
			// document, to annotate again.
			rec.Annotated = false
		}
		if len(relations) > 0 {
			// lsSortSpans sorted spans in place: spans[j] is rec.Spans[j].
			// A bad relation is reported, as a bad region is, and left
			// out alone.
			rc.errs = append(rc.errs, rc.relations(&rec, a.Result, relations, spans, i+1)...)
		}
		recs = append(recs, &rec)
	}
	if len(recs) == 0 {
		rec := base
		rec.Suggestions = suggestions
		recs = append(recs, &rec)
	}
	for k, n := range taskNotKept {
		lsNotKept(recs[0], k, n)
	}
	// Bad regions are reported in the order of the file.
	slices.SortStableFunc(rc.errs, func(a, b error) int { return a.(*model.InputError).Line - b.(*model.InputError).Line })
	return recs, rc.errs, nil
}

// lsPerRegionType reports whether results of type typ are a control that
// may be per region, whose values Inkspan keeps as a span's attributes.
func lsPerRegionType(typ string) bool { return typ == "choices" || typ == "textarea" }

// attributes gives the spans of one annotation or prediction (owner n) the
// values of its per-region results (the indexes perRegion in results):
// each goes to the spans of the region whose id it shares. One that
// shares no region's id is the whole document's, counted by notKept as
// its kind. A result whose values cannot be attributes (no from_name, a
// chosen value with a line break) is reported as a bad region is, and
// left out alone. lineOf gives a result's input line.
func (rc *lsRegionCtx) attributes(spans []lsSpan, results []lsResult, perRegion []int, owner string, n int,
	lineOf func(i, k int) int, notKept func(kind string)) {
	for _, k := range perRegion {
		res := results[k]
		id := jsonIDString(res.ID)
		found := false
		for j := range spans {
			found = found || (id != "" && spans[j].region == id)
		}
		if !found {
			notKept(lsKind(res.Type))
			continue
		}
		attrs, problem := lsAttributes(res)
		if problem == "" {
			for j := range spans {
				if spans[j].region != id {
					continue
				}
				merged, err := mergeAttributes(spans[j].Attributes, attrs)
				if err != nil {
					problem = model.ErrorMessage(err)
					break
				}
				spans[j].Attributes = merged
			}
		}
		if problem != "" {
			rc.errs = append(rc.errs, lineErrorf(rc.r.source, lineOf(n-1, k), "task %d%s, %s %d, region %s, %s result: %s",
				rc.r.tasks, taskIDNote(rc.raw), owner, n, lsResultID(res), res.Type, problem))
		}
	}
}

// lsAttributes reads a per-region result's values as attributes named by
// its from_name: value.choices for choices, value.text (a list, or one
// string) for a text area.
func lsAttributes(res lsResult) (model.Attributes, string) {
	if res.FromName == "" {
		return nil, "no from_name to name the attribute by"
	}
	if isNull(res.Value) || res.Value[0] != '{' {
		return nil, "value must be an object"
	}
	var v struct {
		Choices []string        `json:"choices"`
		Text    json.RawMessage `json:"text"`
	}
	if err := json.Unmarshal(res.Value, &v); err != nil {
		return nil, "value: " + typeProblem(err)
	}
	var attrs model.Attributes
	if res.Type == "choices" {
		for _, c := range v.Choices {
			attrs = append(attrs, model.Attribute{Name: res.FromName, Value: c})
		}
	} else if !isNull(v.Text) {
		var texts []string
		if v.Text[0] == '"' {
			texts = []string{unquote(v.Text)}
		} else if err := json.Unmarshal(v.Text, &texts); err != nil {
			return nil, "value.text must be a list of strings, not " + jsonKind(v.Text)
		}
		for _, t := range texts {
			attrs = append(attrs, model.Attribute{Name: res.FromName, Value: t, Text: true})
		}
	}
	merged, err := mergeAttributes(nil, attrs)
	if err != nil {
		return nil, model.ErrorMessage(err)
	}
	return merged, ""
}

// mergeAttributes adds to as the attributes of bs it lacks (by name and
// value), in canonical order, or says why the result would not be valid
// (see model.Attributes.Validate), leaving as as it was.
func mergeAttributes(as, bs model.Attributes) (model.Attributes, error) {
	if len(bs) == 0 {
		return as, nil
	}
	out := slices.Clone(as)
	for _, b := range bs {
		if !slices.ContainsFunc(out, func(a model.Attribute) bool { return a.Name == b.Name && a.Value == b.Value }) {
			out = append(out, b)
		}
	}
	if err := out.Validate(); err != nil {
		return as, err
	}
	model.SortAttributes(out)
	return out, nil
}

// lsNotKept adds to rec n things of a kind it carried but Inkspan does not
// store.
func lsNotKept(rec *Record, kind string, n int) {
	if rec.NotKept == nil {
		rec.NotKept = map[string]int{}
	}
	rec.NotKept[kind] += n
}

// countArray is the number of elements of a JSON array, 0 for anything else.
func countArray(raw []byte) int {
	if len(raw) == 0 || raw[0] != '[' {
		return 0
	}
	n := 0
	for it := (arrayIter{b: raw}); it.next(); {
		n++
	}
	return n
}

// lsSortSpans puts an annotation's spans in text order, their lines with
// them. SpanLines is nil when every region is on the task's line (a task
// written on one line): the record's line names them all.
func lsSortSpans(spans []lsSpan, taskLine int) ([]model.Span, []int) {
	if len(spans) == 0 {
		return nil, nil
	}
	slices.SortStableFunc(spans, func(a, b lsSpan) int { return model.CompareSpans(a.Span, b.Span) })
	out := make([]model.Span, len(spans))
	var lines []int
	for i, s := range spans {
		out[i] = s.Span
		if s.line != taskLine && lines == nil {
			lines = make([]int, len(spans))
			for k := range i {
				lines[k] = spans[k].line
			}
		}
		if lines != nil {
			lines[i] = s.line
		}
	}
	return out, lines
}

// lsKind names a kind of result Inkspan does not store, in the plural, for
// the import's summary.
func lsKind(typ string) string {
	switch typ {
	case "relation":
		return "relations"
	case "choices":
		return "choices"
	case "textarea":
		return "text areas"
	case "rating":
		return "ratings"
	case "taxonomy":
		return "taxonomies"
	case "number":
		return "numbers"
	case "datetime":
		return "dates"
	case "ranker":
		return "rankings"
	case "pairwise":
		return "pairwise choices"
	case "":
		return "results without a type"
	}
	// Another tool's type, or a span over something that is not the text
	// (hypertextlabels, rectanglelabels): named as the file names it.
	return model.Printable(shorten([]byte(typ))) + " results"
}

// lsRegionCtx is what checking one region of a task needs.
type lsRegionCtx struct {
	r      *labelStudioReader
	raw    []byte
	line   int    // the task's first line
	runes  int    // the text's length in code points
	text   string // the task's text
	off    *model.Offsets
	annAt  [][]int // byte offsets in raw of each annotation's results; nil on one line
	predAt [][]int // the same for predictions
	errs   []error // *model.InputError, one per bad region
}

func (rc *lsRegionCtx) annLine(i, k int) int  { return rc.lineOf(rc.annAt, i, k) }
func (rc *lsRegionCtx) predLine(i, k int) int { return rc.lineOf(rc.predAt, i, k) }

// lineOf is the input line of result k of element i, or the task's line
// when unknown.
func (rc *lsRegionCtx) lineOf(at [][]int, i, k int) int {
	if i >= len(at) || k >= len(at[i]) {
		return rc.line
	}
	return rc.line + bytes.Count(rc.raw[:at[i][k]], []byte{'\n'})
}

// region appends to dst the spans of one "labels" result, one per label, or
// returns the error that names the task, the region and its owner
// (annotation or prediction n). relaxed, when not
// nil, counts a region accepted after trimming or newline normalisation.
func (rc *lsRegionCtx) region(dst []lsSpan, res lsResult, owner string, n, line int, relaxed *int) ([]lsSpan, error) {
	if rc.off == nil { // indexed for the first span: import files have none
		rc.off = &rc.r.offsets
		rc.off.Reset(rc.text)
	}
	spans, loose, problem := lsSpans(res, rc.off, rc.runes)
	if problem != "" {
		return dst, lineErrorf(rc.r.source, line, "task %d%s, %s %d, region %s: %s",
			rc.r.tasks, taskIDNote(rc.raw), owner, n, lsResultID(res), problem)
	}
	if loose && relaxed != nil {
		*relaxed++
	}
	for _, s := range spans {
		dst = append(dst, lsSpan{Span: s, line: line})
	}
	return dst, nil
}

// lsResultOffsets returns, for the list under key in the task object raw
// (annotations, completions or predictions), the byte offset in raw of each
// result of each of its elements, in their order. Like encoding/json, the
// last of repeated keys counts.
func lsResultOffsets(raw []byte, key string) [][]int {
	var out [][]int
	it := objectIter{b: raw}
	for it.next() {
		if it.key() != key || it.Val[0] != '[' {
			continue
		}
		listAt := it.i - len(it.Val)
		out = nil
		for ai := (arrayIter{b: it.Val}); ai.next(); {
			var offs []int
			if ai.Val[0] == '{' {
				annAt := listAt + ai.i - len(ai.Val)
				for oi := (objectIter{b: ai.Val}); oi.next(); {
					if oi.key() != "result" || oi.Val[0] != '[' {
						continue
					}
					resAt := annAt + oi.i - len(oi.Val)
					offs = nil
					for ri := (arrayIter{b: oi.Val}); ri.next(); {
						offs = append(offs, resAt+ri.i-len(ri.Val))
					}
				}
			}
			out = append(out, offs)
		}
	}
	return out
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
		case "id", "data", "annotations", "completions", "predictions", "drafts":
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

// lsAnnotator names whoever made an annotation.
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

// lsSpans converts one "labels" result into spans, one per label. loose is
// true when value.text matched the text only after trimming and newline
// normalisation.
func lsSpans(res lsResult, off *model.Offsets, runes int) (spans []model.Span, loose bool, problem string) {
	var v lsLabels
	if isNull(res.Value) || res.Value[0] != '{' {
		return nil, false, "value must be an object with start, end and labels"
	}
	if err := json.Unmarshal(res.Value, &v); err != nil {
		return nil, false, "value: " + typeProblem(err)
	}
	if isNull(v.Start) || isNull(v.End) {
		return nil, false, "value has no start or end"
	}
	u16Start, ok1 := parseInt(v.Start)
	u16End, ok2 := parseInt(v.End)
	if !ok1 || !ok2 {
		return nil, false, fmt.Sprintf("value.start and value.end must be whole numbers, not %s and %s", shorten(v.Start), shorten(v.End))
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
			return nil, false, fmt.Sprintf("value.%s %d is outside the text, which has %d UTF-16 units", o.name, o.u, units)
		case !o.ok:
			return nil, false, fmt.Sprintf("value.%s %d falls inside a character written as two UTF-16 units (an emoji or other character beyond U+FFFF): the offsets were not counted in UTF-16 units", o.name, o.u)
		}
	}
	if !isNull(v.Text) {
		if v.Text[0] != '"' {
			return nil, false, "value.text must be a string, not " + jsonKind(v.Text)
		}
		if start <= end {
			want, got := unquote(v.Text), off.Slice(start, end)
			if want != got {
				if !lsSameText(want, got) {
					return nil, false, fmt.Sprintf("value.text %s does not match %s, the text at UTF-16 [%d, %d)%s",
						quoteCut(want), quoteCut(got), u16Start, u16End, lsOffsetHint(off, u16Start, u16End, want))
				}
				loose = true
			}
		}
	}
	if len(v.Labels) == 0 {
		return nil, false, "value.labels is empty"
	}
	note := lsNote(res.Meta)
	spans = make([]model.Span, 0, len(v.Labels))
	for _, l := range v.Labels {
		s := model.Span{Start: start, End: end, Label: l, Note: note}
		if err := s.Validate(runes, nil); err != nil {
			return nil, false, err.Error()
		}
		spans = append(spans, s)
	}
	return spans, loose, ""
}

// lsSameText reports whether a region's value.text and the text its offsets
// cut out differ only as Label Studio makes them differ: white space
// trimmed from either end, and line breaks written \r\n, \r or \n. Label
// Studio takes value.text from the browser's selection, which trims and
// normalises, and start and end from the text itself.
func lsSameText(a, b string) bool {
	return lsNewlines(strings.TrimSpace(a)) == lsNewlines(strings.TrimSpace(b))
}

func lsNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
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

// relations reads an annotation's "relation" results (the indexes
// relations in results) into rec.Relations: from_id and to_id name
// regions of the same annotation (spans, in rec.Spans' order; a region
// with several labels is its first span), direction "right" runs from
// from_id to to_id, "left" the other way, "bi" both (a symmetric
// relation); each of labels makes one relation. A relation without a label
// is counted as not kept: Inkspan's relations have one, and inventing it
// would put a guess in the data. A relation naming no region of the
// annotation is an error naming its line.
func (rc *lsRegionCtx) relations(rec *Record, results []lsResult, relations []int, spans []lsSpan, n int) []error {
	var errs []error
	region := make(map[string]int, len(spans))
	for j := len(spans) - 1; j >= 0; j-- {
		if spans[j].region != "" {
			region[spans[j].region] = j
		}
	}
	for _, k := range relations {
		res := results[k]
		fail := func(problem string) error {
			return lineErrorf(rc.r.source, rc.annLine(n-1, k), "task %d%s, annotation %d, relation %d: %s",
				rc.r.tasks, taskIDNote(rc.raw), n, k+1, problem)
		}
		from, okFrom := region[jsonIDString(res.FromID)]
		to, okTo := region[jsonIDString(res.ToID)]
		if !okFrom || !okTo {
			errs = append(errs, fail(fmt.Sprintf("from_id %s or to_id %s names no labeled region of this annotation", string(res.FromID), string(res.ToID))))
			continue
		}
		if len(res.Labels) == 0 {
			lsNotKept(rec, "relations without a label", 1)
			continue
		}
		if from == to {
			errs = append(errs, fail("relates a region to itself"))
			continue
		}
		symmetric := false
		switch res.Direction {
		case "", "right":
		case "left":
			from, to = to, from
		case "bi":
			symmetric = true
		default:
			errs = append(errs, fail(fmt.Sprintf("direction %q is not right, left or bi", res.Direction)))
			continue
		}
		note := lsNote(res.Meta)
		for _, label := range res.Labels {
			if label == "" {
				errs = append(errs, fail("a relation label is empty"))
				continue
			}
			rec.Relations = append(rec.Relations, Relation{From: from, To: to, Label: label, Note: note, Symmetric: symmetric, Line: rc.annLine(n-1, k)})
		}
	}
	return errs
}
