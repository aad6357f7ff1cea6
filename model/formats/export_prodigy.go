package formats

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"strconv"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// prodigyWriter writes Prodigy's ner_manual task JSONL, which spaCy's
// training data converters read too: the text, its tokens, the spans with
// the tokens they start and end on, and Prodigy's bookkeeping fields.
//
// Prodigy tasks may carry overlapping spans (spans_manual), so overlaps are
// written as they are; spans off token boundaries are not, since Prodigy
// and spaCy could not place them on tokens.
type prodigyWriter struct {
	toks []tokenize.Token
	w    *bufio.Writer
	al   spanAligner
	buf  []byte
	meta bytes.Buffer // scratch for compacting a document's meta
	// leftOut counts the attributes a task cannot carry.
	leftOut leftOutAttrs
	// relSkipped counts the relations not written because a span of
	// theirs was not (appendRelations).
	relSkipped int
	err        error
}

// prodigyKeeps says which of a span's attributes (as) a Prodigy task
// carries: its kb_id, when it has one.
func prodigyKeeps(as model.Attributes) func(model.Attribute) bool {
	one := len(as.Values(model.AttributeKB)) == 1
	return func(a model.Attribute) bool { return one && a.Name == model.AttributeKB && a.Value != "" }
}

// AttributesLeftOut counts the attributes left out, by name: all but a
// span's one kb_id.
func (p *prodigyWriter) AttributesLeftOut() map[string]int { return p.leftOut.counts() }

func newProdigyWriter(w io.Writer, opts WriterOptions) Writer {
	return &prodigyWriter{
		w:  bufio.NewWriterSize(w, writeBufferSize),
		al: spanAligner{format: FormatProdigy, snap: opts.Snap, skip: opts.SkipMisaligned},
	}
}

// The FNV-1a 32-bit parameters: the hashes only need to be stable and
// spread, and FNV-1a is short enough to inline over the text.
const (
	fnvOffset32 = 2166136261
	fnvPrime32  = 16777619
)

func fnv32a[T ~string | ~[]byte](h uint32, s T) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime32
	}
	return h
}

// Write writes one task line for a, with "spans": [] when it has none (a
// negative example, which Prodigy and spaCy train on). Its "answer" comes
// from prodigyAnswer.
//
// The hashes are the ones the set was imported with, when it has them, so
// that Prodigy recognises its own tasks. Otherwise _input_hash is FNV-1a 32
// of the UTF-8 text as a signed 32-bit number: signed 32-bit like Prodigy's
// own, though not Prodigy's algorithm, and stable, so the same text gets the
// same hash in every export and Prodigy can find duplicates; _task_hash is
// FNV-1a 32 of the input hash and each span's offsets and label, so it
// changes when the spans do. Span notes go in a "note" key of the span,
// which Prodigy ignores; a span's one kb_id attribute is its "kb_id", as
// spaCy names a span's knowledge-base id. Its other attributes, and
// kb_ids of a span that has several, have no place in a Prodigy task: they
// are left out and counted (AttributesLeftOut); meta is the document's meta plus its external id as
// "id" (unless meta has an "id" of its own).
func (p *prodigyWriter) Write(a *Annotation) error {
	if p.err != nil {
		return p.err
	}
	text := a.Document.Text
	p.toks = documentTokens(p.toks[:0], a) // stored tokens, else the tokenizer's; reuse: tokens are the per-document allocation
	toks := p.toks
	spans := p.al.align(a, toks, true)

	b := append(p.buf[:0], `{"text":`...)
	b = appendJSONText(b, text)
	b = append(b, `,"tokens":[`...)
	for i, t := range toks {
		if i > 0 {
			b = append(b, ',')
		}
		if plainJSON(t.Text) {
			b = append(b, `{"text":"`...)
			b = append(b, t.Text...)
			b = append(b, `","start":`...)
		} else {
			b = append(b, `{"text":`...)
			b = appendJSONString(b, t.Text)
			b = append(b, `,"start":`...)
		}
		b = appendInt(b, t.Start)
		b = append(b, `,"end":`...)
		b = appendInt(b, t.End)
		b = append(b, `,"id":`...)
		b = appendInt(b, i)
		if t.WS {
			b = append(b, `,"ws":true}`...)
		} else {
			b = append(b, `,"ws":false}`...)
		}
	}

	inputHash := fnv32a(fnvOffset32, text)
	taskHash := fnv32a(fnvOffset32, []byte{byte(inputHash >> 24), byte(inputHash >> 16), byte(inputHash >> 8), byte(inputHash)})
	b = append(b, `],"spans":[`...)
	for i, s := range spans {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"start":`...)
		at := len(b)
		b = appendInt(b, s.Start)
		b = append(b, `,"end":`...)
		b = appendInt(b, s.End)
		taskHash = fnv32a(taskHash, b[at:])
		b = append(b, `,"token_start":`...)
		b = appendInt(b, s.First)
		b = append(b, `,"token_end":`...)
		b = appendInt(b, s.Last)
		b = append(b, `,"label":`...)
		at = len(b)
		b = appendJSONString(b, s.Label)
		taskHash = fnv32a(taskHash, b[at:])
		if s.Note != "" {
			b = append(b, `,"note":`...)
			b = appendJSONString(b, s.Note)
		}
		if ids := a.Spans[s.index].Attributes.Values(model.AttributeKB); len(ids) == 1 && ids[0] != "" {
			b = append(b, `,"kb_id":`...)
			b = appendJSONString(b, ids[0])
		}
		b = append(b, '}')
	}
	for _, s := range spans {
		p.leftOut.spans(a.Spans[s.index:s.index+1], prodigyKeeps(a.Spans[s.index].Attributes))
	}
	b = append(b, ']')
	viewID := `,"_view_id":"ner_manual"`
	if len(a.Relations) > 0 {
		b = p.appendRelations(b, a, spans)
		viewID = `,"_view_id":"relations"`
	}
	b = append(b, `,"answer":"`...)
	b = append(b, prodigyAnswer(a)...)
	b = append(b, `","_input_hash":`...)
	if a.InputHash != nil {
		b = strconv.AppendInt(b, *a.InputHash, 10)
	} else {
		b = strconv.AppendInt(b, int64(int32(inputHash)), 10)
	}
	b = append(b, `,"_task_hash":`...)
	if a.TaskHash != nil {
		b = strconv.AppendInt(b, *a.TaskHash, 10)
	} else {
		b = strconv.AppendInt(b, int64(int32(taskHash)), 10)
	}
	if a.Annotator != "" {
		b = append(b, `,"_annotator_id":`...)
		b = appendJSONString(b, a.Annotator)
		b = append(b, `,"_session_id":`...)
		b = appendJSONString(b, a.Annotator)
	}
	b = append(b, viewID...)
	if a.Note != "" {
		b = append(b, `,"`+NoteKey+`":`...)
		b = appendJSONString(b, a.Note)
	}
	b, err := p.appendMeta(b, a)
	if err != nil {
		p.buf = b
		return err
	}
	b = append(b, "}\n"...)
	p.buf = b
	if _, err := p.w.Write(b); err != nil {
		p.err = err
	}
	return p.err
}

// prodigyAnswer is the answer a's line carries. The status decides, as it
// is what the annotator last said: a skipped set keeps the "reject" or
// "ignore" it was imported with ("ignore" when it was made in Inkspan, or
// imported without an answer), every other set is "accept", spans or none.
func prodigyAnswer(a *Annotation) string {
	if a.Status != model.StatusSkipped {
		return "accept"
	}
	if a.Answer == "reject" {
		return "reject"
	}
	return "ignore"
}

// appendMeta appends `,"meta":{...}` for a's document, or nothing when there
// is neither meta nor an external id.
func (p *prodigyWriter) appendMeta(b []byte, a *Annotation) ([]byte, error) {
	meta := bytes.TrimSpace(a.Document.Meta)
	id := a.Document.ExternalID
	if len(meta) == 0 || string(meta) == "null" {
		if id == "" {
			return b, nil
		}
		b = append(b, `,"meta":{"id":`...)
		b = appendJSONString(b, id)
		return append(b, '}'), nil
	}
	if bytes.ContainsAny(meta, "\r\n") {
		// Pretty-printed meta would break the line; JSON strings cannot
		// hold raw line breaks, so all of them are white space.
		p.meta.Reset()
		if err := json.Compact(&p.meta, meta); err != nil {
			return b, model.Errorf(model.EINVALID, "document %s: meta is not valid JSON", docName(a))
		}
		meta = p.meta.Bytes()
	}
	it := objectIter{b: meta}
	members, hasID := 0, false
	for it.next() {
		members++
		if string(it.Key) == "id" || it.KeyEsc && it.key() == "id" {
			hasID = true
		}
	}
	if it.end() != len(meta) {
		return b, model.Errorf(model.EINVALID, "document %s: meta is not a JSON object", docName(a))
	}
	b = append(b, `,"meta":`...)
	if hasID || id == "" {
		return append(b, meta...), nil
	}
	if members == 0 {
		b = append(b, `{"id":`...)
	} else {
		b = append(b, bytes.TrimRight(meta[:len(meta)-1], " \t")...)
		b = append(b, `,"id":`...)
	}
	b = appendJSONString(b, id)
	return append(b, '}'), nil
}

// appendInt appends n in decimal. Token lines are mostly numbers below
// 10,000, and strconv.AppendInt's general path took a third of the writer's
// time.
func appendInt(b []byte, n int) []byte {
	switch {
	case n < 0:
		return strconv.AppendInt(b, int64(n), 10)
	case n < 10:
		return append(b, byte('0'+n))
	case n < 100:
		return append(b, byte('0'+n/10), byte('0'+n%10))
	case n < 1000:
		return append(b, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
	case n < 10000:
		return append(b, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// plainJSON reports whether s can go between JSON quotes as it is, as short
// tokens almost always can.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if !plainInString[s[i]] {
			return false
		}
	}
	return true
}

// appendJSONText is appendJSONString for long strings that rarely need
// escapes: it finds the first byte that does eight bytes at a time.
func appendJSONText(b []byte, s string) []byte {
	i := 0
	for i+8 <= len(s) && plainWord(binary.LittleEndian.Uint64([]byte(s[i:i+8]))) {
		i += 8
	}
	for i < len(s) && plainInString[s[i]] {
		i++
	}
	if i < len(s) {
		return appendJSONString(b, s)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// Close flushes the output and reports the spans that could not be written.
func (p *prodigyWriter) Close() error {
	err := p.w.Flush()
	if p.err != nil {
		err = p.err
	}
	return p.al.err(err)
}

// Snapped is how many spans were widened to token boundaries.
func (p *prodigyWriter) Snapped() int { return p.al.snapped }

// Skipped lists the spans left out (SkipMisaligned).
func (p *prodigyWriter) Skipped() []Misaligned { return p.al.skipped() }

// RelationsSkipped counts the relations left out because a span of theirs
// was (SkipMisaligned).
func (p *prodigyWriter) RelationsSkipped() int {
	if !p.al.skip {
		return 0
	}
	return p.relSkipped
}

// appendRelations appends "relations" as Prodigy's rel.manual writes
// them: head and child are the last tokens of the two spans (their
// token_end), head_span and child_span copies of the spans, and label;
// a relation's note goes in a "note" key, which Prodigy ignores. A
// relation whose span could not be placed on tokens is not written: Close
// reports that span, and the export fails, unless Snap placed it or
// SkipMisaligned left it out (and the relation with it, counted).
func (p *prodigyWriter) appendRelations(b []byte, a *Annotation, spans []alignedSpan) []byte {
	at := make(map[int]int, len(spans)) // index in a.Spans -> in spans
	for i, s := range spans {
		at[s.index] = i
	}
	b = append(b, `,"relations":[`...)
	n := 0
	for _, r := range a.Relations {
		head, okHead := at[r.From]
		child, okChild := at[r.To]
		if !okHead || !okChild {
			p.relSkipped++
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, `{"head":`...)
		b = appendInt(b, spans[head].Last)
		b = append(b, `,"child":`...)
		b = appendInt(b, spans[child].Last)
		b = append(b, `,"head_span":`...)
		b = appendProdigyRelSpan(b, &spans[head])
		b = append(b, `,"child_span":`...)
		b = appendProdigyRelSpan(b, &spans[child])
		b = append(b, `,"label":`...)
		b = appendJSONString(b, r.Label)
		if r.Note != "" {
			b = append(b, `,"note":`...)
			b = appendJSONString(b, r.Note)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendProdigyRelSpan(b []byte, s *alignedSpan) []byte {
	b = append(b, `{"start":`...)
	b = appendInt(b, s.Start)
	b = append(b, `,"end":`...)
	b = appendInt(b, s.End)
	b = append(b, `,"token_start":`...)
	b = appendInt(b, s.First)
	b = append(b, `,"token_end":`...)
	b = appendInt(b, s.Last)
	b = append(b, `,"label":`...)
	b = appendJSONString(b, s.Label)
	return append(b, '}')
}
