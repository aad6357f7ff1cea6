package formats

import (
	"bufio"
	"io"

	"github.com/inkspan/inkspan/model"
)

// hfWriter writes Hugging Face token classification JSONL: a running id,
// the tokens and their tag ids, which index HFTags(opts.Labels, opts.Scheme)
// (the caller ships that list as labels.json).
type hfWriter struct {
	w      *bufio.Writer
	tt     tokenTags
	labels map[string]int // label name → its index in opts.Labels
	n      int            // records written: the next id
	buf    []byte
	err    error
}

func newHFWriter(w io.Writer, opts WriterOptions) Writer {
	scheme := opts.Scheme
	if scheme == "" {
		scheme = SchemeIOB2
	}
	labels := make(map[string]int, len(opts.Labels))
	for i, l := range opts.Labels {
		if _, dup := labels[l]; !dup {
			labels[l] = i
		}
	}
	return &hfWriter{
		w:      bufio.NewWriterSize(w, writeBufferSize),
		tt:     tokenTags{al: spanAligner{format: FormatHF, snap: opts.Snap, skip: opts.SkipMisaligned}, scheme: scheme},
		labels: labels,
	}
}

// Write writes one line for a. A span whose label is not among
// opts.Labels has no tag id: Write fails, naming it, and writes nothing.
func (h *hfWriter) Write(a *Annotation) error {
	if h.err != nil {
		return h.err
	}
	for _, s := range a.Spans {
		if _, ok := h.labels[s.Label]; !ok {
			return model.Errorf(model.EINVALID, "span [%d, %d) of %s has label %q, which is not in the label list of the hf export",
				s.Start, s.End, docName(a), s.Label)
		}
	}
	h.tt.tag(a)
	b := append(h.buf[:0], `{"id":"`...)
	b = appendInt(b, h.n)
	b = append(b, `","tokens":[`...)
	for i, t := range h.tt.toks {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, t.Text)
	}
	b = append(b, `],"ner_tags":[`...)
	for i, t := range h.tt.tags {
		if i > 0 {
			b = append(b, ',')
		}
		id := 0
		if t.kind != tagO {
			id = tagID(t.kind, h.labels[h.tt.plain[t.span].Label], h.tt.scheme)
		}
		b = appendInt(b, id)
	}
	b = append(b, ']')
	// What follows each token, so that the text can be rebuilt exactly:
	// importing the export again finds its documents instead of adding
	// look-alikes joined by single spaces.
	b = append(b, `,"whitespace":`...)
	b = appendWhitespace(b, a.Document.Text, h.tt.toks)
	if len(h.tt.toks) > 0 && h.tt.toks[0].Start > 0 {
		b = append(b, `,"`+hfBeforeKey+`":`...)
		b = appendJSONString(b, runeSlice(a.Document.Text, 0, h.tt.toks[0].Start))
	}
	if a.Note != "" {
		// Datasets keeps a column it does not know; the note rides along
		// for whoever reviews the data, and comes back on import.
		b = append(b, `,"`+NoteKey+`":`...)
		b = appendJSONString(b, a.Note)
	}
	b = append(b, "}\n"...)
	h.buf = b
	h.n++
	if _, err := h.w.Write(b); err != nil {
		h.err = err
	}
	return h.err
}

// Close flushes the output and reports the spans that could not be written.
func (h *hfWriter) Close() error {
	err := h.w.Flush()
	if h.err != nil {
		err = h.err
	}
	return h.tt.al.err(err)
}

// Snapped is how many spans were widened to token boundaries.
func (h *hfWriter) Snapped() int { return h.tt.al.snapped }

func (h *hfWriter) RelationsLeftOut() int { return h.tt.relations }

// AttributesLeftOut counts every attribute of the spans written, by name:
// ner_tags cannot carry them.
func (h *hfWriter) AttributesLeftOut() map[string]int { return h.tt.attrs.counts() }

// Skipped lists the spans left out (SkipMisaligned).
func (h *hfWriter) Skipped() []Misaligned { return h.tt.al.skipped() }

// RelationsSkipped is 0: Hugging Face token classification carries no
// relations (RelationsLeftOut counts them all).
func (h *hfWriter) RelationsSkipped() int { return 0 }
