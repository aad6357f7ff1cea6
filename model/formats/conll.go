package formats

import (
	"bytes"
	"io"
	"os"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// conllReader reads CoNLL-2003 style files: one token per line, its tag in
// the last column, blank lines between sentences and -DOCSTART- lines
// between documents. A file without -DOCSTART- lines is one document: its
// sentences would be too small to label as documents of their own, and
// splitting elsewhere would be a guess.
//
// CoNLL keeps tokens but not the text they came from, so the reader rebuilds
// one: tokens joined by single spaces, sentences joined by a single space
// too. The tokenizer never joins across white space, so tokenizing that
// text gives back the file's tokens or splits some of them further (spaCy's
// rules are not idempotent: "don't" glued to an emoji stays whole, alone it
// is "do" "n't"); either way every span still falls on token boundaries
// when the documents are exported again.
type conllReader struct {
	f      *os.File
	lines  *lineReader
	source string
	base   string
	docs   int // documents met so far, for ExternalIDs
	eof    bool

	// The document being read.
	started  bool // a token (or a bad line) has been met
	startsAt int  // its -DOCSTART- line, or its first token's line
	skipping bool // it was bad and reported: skip to the next -DOCSTART-
	newSent  bool // a blank line came since the last token
	text     []byte
	runes    int   // code points in text
	starts   []int // code-point offset of each token
	ends     []int
	dec      spanDecoder
	names    map[string]string // labels repeat: one copy each
}

func newCoNLLReader(f *os.File, source, base string) fileReader {
	return &conllReader{f: f, lines: newLineReader(f), source: source, base: base, names: map[string]string{}}
}

func (r *conllReader) close() error { return r.f.Close() }

const docStart = "-DOCSTART-"

func (r *conllReader) next() (*Record, error) {
	if r.eof {
		return nil, io.EOF
	}
	for {
		line, err := r.lines.next()
		n := r.lines.n
		switch {
		case err == io.EOF:
			r.eof = true
			if rec := r.finish(); rec != nil {
				return rec, nil
			}
			return nil, io.EOF
		case err == errLineTooLong:
			return nil, r.fail(n, "%s", tooLongMessage())
		case err != nil:
			return nil, &InputError{File: r.source, Line: n, Msg: "cannot read: " + osReason(err), Fatal: true}
		}
		first, last, fields := splitColumns(line)
		if fields == 0 {
			r.newSent = true
			continue
		}
		if string(first) == docStart {
			rec := r.finish()
			r.startsAt = n
			if rec != nil {
				return rec, nil
			}
			continue
		}
		if r.skipping {
			continue
		}
		if !utf8.Valid(line) {
			return nil, r.fail(n, "line is %s", badUTF8(line))
		}
		if fields == 1 {
			return nil, r.fail(n, "line has one column, %s; want the token first and its tag last, e.g. \"Moscow -X- _ B-PLACE\" or \"Moscow B-PLACE\"", quoteCut(string(line)))
		}
		if len(bytes.TrimFunc(first, unicode.IsSpace)) == 0 {
			return nil, r.fail(n, "the token %q is only white space", first)
		}
		kind, label, err := parseTag(string(last))
		if err != nil {
			return nil, r.fail(n, "%s", err)
		}
		r.begin(n)
		if len(r.starts) > 0 {
			r.text = append(r.text, ' ')
			r.runes++
		}
		if r.newSent {
			r.dec.stop() // a span never runs across a sentence boundary, as in seqeval
			r.newSent = false
		}
		r.starts = append(r.starts, r.runes)
		r.text = append(r.text, first...)
		r.runes += runeCount(first)
		r.ends = append(r.ends, r.runes)
		if r.runes > model.MaxDocumentRunes {
			return nil, r.fail(r.startsAt, "document has more than %d characters, the limit; split it with -DOCSTART- lines", model.MaxDocumentRunes)
		}
		if kind != tagO {
			label = r.intern(label)
		}
		r.dec.add(kind, label)
	}
}

// begin notes that the current document has content, numbering it.
func (r *conllReader) begin(line int) {
	if r.started {
		return
	}
	r.started = true
	r.docs++
	if r.startsAt == 0 {
		r.startsAt = line
	}
}

// fail reports a problem on line and drops the rest of the document: a
// document with a bad line would come in with text or spans missing.
func (r *conllReader) fail(line int, format string, args ...any) *InputError {
	r.begin(line)
	r.skipping = true
	return lineErrorf(r.source, line, format, args...)
}

// finish returns the document read so far, or nil if it was empty or bad,
// and gets ready for the next one.
func (r *conllReader) finish() *Record {
	var rec *Record
	if r.started && !r.skipping && len(r.starts) > 0 {
		rec = &Record{
			Source:     r.source,
			Line:       r.startsAt,
			ExternalID: lineID(r.base, r.docs),
			Text:       string(r.text),
		}
		if n := len(r.dec.spans); n > 0 {
			rec.Spans = make([]model.Span, n)
			for i, s := range r.dec.spans {
				rec.Spans[i] = model.Span{Start: r.starts[s.First], End: r.ends[s.Last], Label: s.Label}
			}
		}
	}
	r.started, r.startsAt, r.skipping, r.newSent = false, 0, false, false
	r.text, r.runes = r.text[:0], 0
	r.starts, r.ends = r.starts[:0], r.ends[:0]
	r.dec = spanDecoder{spans: r.dec.spans[:0]}
	if cap(r.text) > 4*readBufferSize {
		r.text, r.starts, r.ends = nil, nil, nil // one huge document must not hold memory for the rest
	}
	return rec
}

func (r *conllReader) intern(label string) string {
	if s, ok := r.names[label]; ok {
		return s
	}
	if len(r.names) < 10000 {
		r.names[label] = label
	}
	return label
}

// splitColumns returns the first and last of line's columns, separated by
// spaces and tabs, and how many there are (counting stops at two, all the
// reader needs).
func splitColumns(line []byte) (first, last []byte, fields int) {
	isSep := func(c byte) bool { return c == ' ' || c == '\t' }
	i := 0
	for i < len(line) && isSep(line[i]) {
		i++
	}
	if i == len(line) {
		return nil, nil, 0
	}
	j := i
	for j < len(line) && !isSep(line[j]) {
		j++
	}
	first = line[i:j]
	end := len(line)
	for end > j && isSep(line[end-1]) {
		end--
	}
	if end == j {
		return first, first, 1
	}
	k := bytes.LastIndexAny(line[:end], " \t")
	return first, line[k+1 : end], 2
}
