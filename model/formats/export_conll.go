package formats

import (
	"bufio"
	"cmp"
	"io"
	"slices"

	"github.com/inkspan/inkspan/model/tokenize"
)

// writeBufferSize batches the small writes of token formats; a Prodigy line
// longer than this goes through unbuffered.
const writeBufferSize = 256 << 10

// alignedSpan is a span placed on tokens, with its code-point offsets
// (widened when it was snapped).
type alignedSpan struct {
	tokenSpan
	Start, End int
	Note       string
	orig       [2]int // the offsets before snapping, for messages
	index      int    // its index in the annotation's Spans, which relations name
}

// spanAligner places an annotation's spans on its tokens for the token
// writers and keeps the spans that do not fit, which Close reports.
type spanAligner struct {
	format  Format
	snap    bool
	skip    bool // leave the spans in bad out instead of failing (SkipMisaligned)
	snapped int
	bad     []Misaligned
	spans   []alignedSpan // scratch, returned by align
}

// align places a's spans on toks. A span off token boundaries is widened
// (opts.Snap) or set aside for Close to report. With allowOverlap the spans
// come back in a's order; without, they come back sorted by token, as the
// tag encoders need, and a span that overlaps one before it is set aside.
func (al *spanAligner) align(a *Annotation, toks []tokenize.Token, allowOverlap bool) []alignedSpan {
	al.spans = al.spans[:0]
	if len(a.Spans) == 0 {
		return al.spans
	}
	textLen := -1
	for i, s := range a.Spans {
		first, last, ok := tokenize.Align(toks, s.Start, s.End)
		start, end := s.Start, s.End
		if !ok {
			if textLen < 0 {
				textLen = runeCount(a.Document.Text)
			}
			if s.Start >= s.End {
				al.misaligned(a, s.Start, s.End, s.Label, "empty or inverted")
				continue
			}
			if s.Start < 0 || s.End > textLen {
				al.misaligned(a, s.Start, s.End, s.Label, "outside the text")
				continue
			}
			if !al.snap {
				al.misaligned(a, s.Start, s.End, s.Label, "")
				continue
			}
			var snapped bool
			start, end, snapped = tokenize.Snap(toks, s.Start, s.End)
			if snapped {
				first, last, snapped = tokenize.Align(toks, start, end)
			}
			if !snapped {
				al.misaligned(a, s.Start, s.End, s.Label, "covers no token")
				continue
			}
			al.snapped++
		}
		al.spans = append(al.spans, alignedSpan{tokenSpan{first, last, s.Label}, start, end, s.Note, [2]int{s.Start, s.End}, i})
	}
	if allowOverlap {
		return al.spans
	}
	slices.SortStableFunc(al.spans, func(x, y alignedSpan) int {
		return cmp.Or(cmp.Compare(x.First, y.First), cmp.Compare(x.Last, y.Last))
	})
	kept := al.spans[:0]
	for _, s := range al.spans {
		if len(kept) > 0 && s.First <= kept[len(kept)-1].Last {
			al.misaligned(a, s.orig[0], s.orig[1], s.Label, "overlaps another span")
			continue
		}
		kept = append(kept, s)
	}
	al.spans = kept
	return kept
}

func (al *spanAligner) misaligned(a *Annotation, start, end int, label, reason string) {
	al.bad = append(al.bad, Misaligned{
		Document: docName(a), Start: start, End: end, Label: label,
		Text: runeSlice(a.Document.Text, start, end), Reason: reason,
	})
}

// skipped is the spans set aside when they are left out, none when they
// fail the export instead.
func (al *spanAligner) skipped() []Misaligned {
	if !al.skip {
		return nil
	}
	return al.bad
}

// docName names a's document to the user: its external id, else its UUID.
func docName(a *Annotation) string {
	if a.Document.ExternalID != "" {
		return a.Document.ExternalID
	}
	return a.Document.ID
}

// err is what Close reports once the output is written: the spans set
// aside fail the export, unless it leaves them out (skip).
func (al *spanAligner) err(flushErr error) error {
	if len(al.bad) > 0 && !al.skip {
		return &AlignmentError{Format: al.format, Spans: al.bad}
	}
	return flushErr
}

// runeSlice cuts text between code-point offsets, clamped to the text: it
// serves messages, which must not fail on the offsets they report.
func runeSlice(text string, start, end int) string {
	from, to, i := len(text), len(text), 0
	for b := range text {
		if i == start {
			from = b
		}
		if i == end {
			to = b
			break
		}
		i++
	}
	if start < 0 {
		from = 0
	}
	if from > to {
		return ""
	}
	return text[from:to]
}

// tokenTags holds what every tagging writer does per annotation: tokenize,
// align, tag.
type tokenTags struct {
	al     spanAligner
	scheme Scheme
	toks   []tokenize.Token
	spans  []alignedSpan
	tags   []tagOf
	plain  []tokenSpan
	// relations counts the relations of the annotations tagged: token
	// tags cannot carry them (RelationsLeftOut), nor attributes
	// (AttributesLeftOut).
	relations int
	attrs     leftOutAttrs
}

func (tt *tokenTags) tag(a *Annotation) {
	tt.relations += len(a.Relations)
	tt.attrs.spans(a.Spans, nil)
	tt.toks = documentTokens(tt.toks[:0], a) // reuse: tokens are the per-document allocation
	tt.spans = tt.al.align(a, tt.toks, false)
	tt.plain = tt.plain[:0]
	for _, s := range tt.spans {
		tt.plain = append(tt.plain, s.tokenSpan)
	}
	tt.tags = encodeKinds(tt.tags, len(tt.toks), tt.plain, tt.scheme)
}

// conllWriter writes CoNLL-2003 columns: token, -X-, _, tag.
type conllWriter struct {
	w      *bufio.Writer
	tt     tokenTags
	buf    []byte
	sents  []tokenize.Sentence
	labels []string    // the project's, for MappedLabels' order
	mapped conllMapped // labels written percent-encoded (white space splits a CoNLL line)
	err    error
}

func newCoNLLWriter(w io.Writer, opts WriterOptions) Writer {
	scheme := opts.Scheme
	if scheme == "" {
		scheme = SchemeIOB2
	}
	return &conllWriter{
		w:      bufio.NewWriterSize(w, writeBufferSize),
		tt:     tokenTags{al: spanAligner{format: FormatCoNLL, snap: opts.Snap, skip: opts.SkipMisaligned}, scheme: scheme},
		labels: opts.Labels,
	}
}

// Write writes a document as -DOCSTART-, then its sentences, each followed
// by a blank line. A span that runs across a sentence boundary keeps its
// sentences together: readers (seqeval among them) end spans at sentence
// ends, and the boundary was the sentence splitter's guess while the span
// is the annotator's word.
func (c *conllWriter) Write(a *Annotation) error {
	if c.err != nil {
		return c.err
	}
	c.tt.tag(a)
	toks, tags, spans := c.tt.toks, c.tt.tags, c.tt.plain
	b := append(c.buf[:0], "-DOCSTART- -X- O O\n\n"...)
	// Stored tokens bring their sentences (a CoNLL file's blank lines);
	// the tokenizer's tokens get the sentence splitter's.
	if a.Tokens != nil && len(a.Tokens) == len(toks) {
		c.sents = storedSentences(c.sents[:0], a.Tokens)
	} else {
		c.sents = tokenize.Sentences(a.Document.Text, toks)
	}
	for _, sent := range c.sents {
		if sent.First >= sent.End {
			continue
		}
		if sent.First > 0 && sent.First < len(toks) {
			prev, cur := tags[sent.First-1], tags[sent.First]
			if prev.kind != tagO && cur.kind != tagO && prev.span == cur.span {
				b = b[:len(b)-1] // take back the blank line
			}
		}
		for i := sent.First; i < sent.End; i++ {
			b = append(b, toks[i].Text...)
			if cols := storedColumns(a, len(toks), i); len(cols) > 0 {
				// The source's own middle columns (POS, chunk) go back
				// where they were.
				for _, col := range cols {
					b = append(b, ' ')
					b = append(b, col...)
				}
				b = append(b, ' ')
			} else {
				b = append(b, " -X- _ "...)
			}
			if t := tags[i]; t.kind == tagO {
				b = append(b, 'O')
			} else {
				b = append(b, tagPrefixes[t.kind]...)
				b = c.mapped.encode(b, spans[t.span].Label)
			}
			b = append(b, '\n')
		}
		b = append(b, '\n')
	}
	c.buf = b
	if _, err := c.w.Write(b); err != nil {
		c.err = err
	}
	return c.err
}

// storedColumns is stored token i's other columns, when a's stored tokens
// are the ones being written.
func storedColumns(a *Annotation, n, i int) []string {
	if len(a.Tokens) != n {
		return nil
	}
	return a.Tokens[i].Columns
}

// Close flushes the output and reports the spans that could not be written.
func (c *conllWriter) Close() error {
	err := c.w.Flush()
	if c.err != nil {
		err = c.err
	}
	return c.tt.al.err(err)
}

// Snapped is how many spans were widened to token boundaries.
func (c *conllWriter) Snapped() int { return c.tt.al.snapped }

// MappedLabels lists the labels written percent-encoded: a CoNLL tag
// cannot hold white space (see appendCoNLLLabel).
func (c *conllWriter) MappedLabels() []MappedLabel { return c.mapped.mapped(c.labels) }

func (c *conllWriter) RelationsLeftOut() int { return c.tt.relations }

// AttributesLeftOut counts every attribute of the spans written, by name:
// CoNLL's tags cannot carry them.
func (c *conllWriter) AttributesLeftOut() map[string]int { return c.tt.attrs.counts() }

// Skipped lists the spans left out (SkipMisaligned).
func (c *conllWriter) Skipped() []Misaligned { return c.tt.al.skipped() }

// RelationsSkipped is 0: CoNLL carries no relations (RelationsLeftOut
// counts them all).
func (c *conllWriter) RelationsSkipped() int { return 0 }
