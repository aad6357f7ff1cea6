package formats

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// Where a CoNLL file's documents begin (Options.CoNLLDocuments).
const (
	// ConllDocstart starts a document at each -DOCSTART- line; a file
	// without any is one document. The default: it is what CoNLL-2003 and
	// Inkspan's own exports mean.
	ConllDocstart = "docstart"
	// ConllSentence makes each sentence (lines between blank lines) a
	// document: what WNUT-17, GermEval-2014 and WikiANN hold, unrelated
	// sentences with no -DOCSTART- between them.
	ConllSentence = "sentence"
	// ConllFile makes the whole file one document, -DOCSTART- lines
	// ignored.
	ConllFile = "file"
)

// checkCoNLL refuses CoNLL options that cannot work, before any file is
// read.
func (o Options) checkCoNLL() error {
	switch o.CoNLLDocuments {
	case "", ConllDocstart, ConllSentence, ConllFile:
	default:
		return model.Errorf(model.EINVALID, "unknown CoNLL document split %q (want docstart, sentence or file)", o.CoNLLDocuments)
	}
	if o.TokenColumn < 0 {
		return model.Errorf(model.EINVALID, "the token column is %d; columns count from 1", o.TokenColumn)
	}
	seen := map[int]bool{}
	for _, c := range o.TagColumns {
		switch {
		case c < 1:
			return model.Errorf(model.EINVALID, "tag column %d: columns count from 1", c)
		case c == o.TokenColumn:
			return model.Errorf(model.EINVALID, "column %d cannot hold both the tokens and their tags", c)
		case seen[c]:
			return model.Errorf(model.EINVALID, "tag column %d is given twice", c)
		}
		seen[c] = true
	}
	return nil
}

// lastColumn stands for "the last column of the line" among tag columns.
const lastColumn = -1

// conllReader reads CoNLL-2003 style files: one token per line, blank lines
// between sentences and -DOCSTART- lines between documents (see
// Options.CoNLLDocuments for the other splits). Columns are separated by
// spaces or tabs.
//
// Which columns hold the token and its tags is the user's to say
// (Options.TokenColumn, TagColumns); otherwise the reader looks at the
// file's first sentence. When the first column counts 1, 2, 3... down the
// sentence and there are at least three columns, it is an index
// (GermEval-2014: index, token, outer tag, inner tag): the token is the
// second column and the tag the third. Else the token is the first column
// and the tag the last (CoNLL-2003: token, POS, chunk, NER). A guess that
// leaves the token column all numbers is reported as a warning at the end
// of the file, since it is most likely an index read as text.
//
// A line whose first column is only #'s, at the start of a sentence, is a
// comment (GermEval's "#	source [date]", CoNLL-U's "# text = ...")
// unless its last column is a tag ("# O" is the token "#"). Comments are
// counted in the record's NotKept. A byte order mark at the start of any
// line is dropped: it is what concatenating files saved by Windows tools
// leaves.
//
// CoNLL keeps tokens but not the text they came from, so the reader rebuilds
// one: tokens joined by single spaces, sentences joined by a single space
// too. The tokens themselves, the sentence breaks and the columns between
// the token and the tag (POS, chunk) go in Record.Tokens, kept with the
// document so that an export writes them back; what follows is about
// documents exported without them. The tokenizer never joins across white space, so tokenizing that
// text gives back the file's tokens or splits some of them further (spaCy's
// rules are not idempotent: "don't" glued to an emoji stays whole, alone it
// is "do" "n't"); either way every span still falls on token boundaries
// when the documents are exported again.
type conllReader struct {
	f      fs.File
	lines  *lineReader
	source string
	base   string
	docs   int // documents met so far, for ExternalIDs
	eof    bool

	split    string    // ConllDocstart, ConllSentence or ConllFile
	tokenCol int       // 0-based; -1 until guessed
	tagCols  []int     // 0-based or lastColumn; nil until guessed
	replay   []rawLine // lines read ahead for the guess, to be read again
	fields   [][]byte

	// Over the whole file, for the warning about a numeric token column.
	tokens     int
	allNumeric bool
	warned     bool

	// The document being read.
	started    bool // a token (or a bad line) has been met
	startsAt   int  // its -DOCSTART- line, or its first token's line
	skipping   bool // it was bad and reported: skip to the next document
	newSent    bool // a blank line came since the last token
	sentTokens int  // tokens of the current sentence
	comments   int  // comment lines met in it
	text       []byte
	runes      int   // code points in text
	starts     []int // code-point offset of each token
	ends       []int
	lineOf     []int             // the input line of each token
	sentStart  []bool            // whether each token starts a sentence
	cols       [][]string        // each token's other columns (POS, chunk)
	decs       []spanDecoder     // one per tag column
	names      map[string]string // labels repeat: one copy each
}

// rawLine is a line read ahead, with what reading it returned.
type rawLine struct {
	b   []byte
	n   int
	err error
}

func newCoNLLReader(f fs.File, source, base string, opts Options) fileReader {
	r := &conllReader{
		f: f, lines: newLineReader(f), source: source, base: base, names: map[string]string{},
		split: opts.CoNLLDocuments, tokenCol: opts.TokenColumn - 1, allNumeric: true,
	}
	if r.split == "" {
		r.split = ConllDocstart
	}
	for _, c := range opts.TagColumns {
		r.tagCols = append(r.tagCols, c-1)
	}
	if r.tokenCol >= 0 && r.tagCols != nil {
		r.decs = make([]spanDecoder, len(r.tagCols))
	}
	return r
}

func (r *conllReader) close() error { return r.f.Close() }

const docStart = "-DOCSTART-"

// nextLine returns the next line, from the lines read ahead first.
func (r *conllReader) nextLine() ([]byte, int, error) {
	if len(r.replay) > 0 {
		l := r.replay[0]
		r.replay = r.replay[1:]
		return l.b, l.n, l.err
	}
	line, err := r.lines.next()
	return line, r.lines.n, err
}

func (r *conllReader) next() (*Record, error) {
	if r.eof {
		return nil, r.endOfFile()
	}
	for {
		line, n, err := r.nextLine()
		switch {
		case err == io.EOF:
			r.eof = true
			if rec := r.finish(); rec != nil {
				return rec, nil
			}
			return nil, r.endOfFile()
		case err == errLineTooLong:
			return nil, r.fail(n, "%s", tooLongMessage())
		case err != nil:
			return nil, &model.InputError{File: r.source, Line: n, Msg: "cannot read: " + osReason(err), Fatal: true}
		}
		line = bytes.TrimPrefix(line, []byte(bom))
		r.fields = splitFields(r.fields[:0], line)
		fields := r.fields
		if len(fields) == 0 {
			r.newSent, r.sentTokens = true, 0
			if r.split == ConllSentence {
				if rec := r.finish(); rec != nil {
					return rec, nil
				}
			}
			continue
		}
		if string(fields[0]) == docStart {
			if r.split == ConllFile {
				continue
			}
			rec := r.finish()
			r.startsAt = n
			if rec != nil {
				return rec, nil
			}
			continue
		}
		if r.sentTokens == 0 && isComment(fields) {
			r.comments++
			continue
		}
		if r.skipping {
			continue
		}
		if !utf8.Valid(line) {
			return nil, r.fail(n, "line is %s", badUTF8(line))
		}
		if r.decs == nil {
			r.guess(line, n)
			continue // the line comes back from replay
		}
		if err := r.token(line, fields, n); err != nil {
			return nil, err
		}
	}
}

// token adds the token of a line split into fields.
func (r *conllReader) token(line []byte, fields [][]byte, n int) error {
	need := r.tokenCol + 1
	for _, c := range r.tagCols {
		need = max(need, c+1)
	}
	if len(fields) < need || (len(fields) == r.tokenCol+1 && slices.Contains(r.tagCols, lastColumn)) {
		if len(fields) == 1 {
			return r.fail(n, "line has one column, %s; want the token first and its tag last, e.g. \"Moscow -X- _ B-PLACE\" or \"Moscow B-PLACE\"", quoteCut(string(line)))
		}
		return r.fail(n, "line has %d columns, but the token is read from column %d and tags from %s (see --token-column and --tag-column)",
			len(fields), r.tokenCol+1, r.tagColumnNames())
	}
	tok := fields[r.tokenCol]
	if len(bytes.TrimFunc(tok, unicode.IsSpace)) == 0 {
		return r.fail(n, "the token %q is only white space", tok)
	}
	for i, c := range r.tagCols {
		if c == lastColumn {
			c = len(fields) - 1
		}
		kind, label, err := readTag(string(fields[c]))
		if err != nil {
			return r.fail(n, "column %d: %s", c+1, err)
		}
		if kind != tagO {
			label = r.intern(decodeCoNLLLabel(label))
		}
		if r.newSent {
			r.decs[i].stop() // a span never runs across a sentence boundary, as in seqeval
		}
		r.decs[i].add(kind, label)
	}
	r.newSent = false
	r.begin(n)
	if len(r.starts) > 0 {
		r.text = append(r.text, ' ')
		r.runes++
	}
	r.sentStart = append(r.sentStart, r.sentTokens == 0)
	r.cols = append(r.cols, r.otherColumns(fields))
	r.starts = append(r.starts, r.runes)
	r.text = append(r.text, tok...)
	r.runes += runeCount(tok)
	r.ends = append(r.ends, r.runes)
	r.lineOf = append(r.lineOf, n)
	r.sentTokens++
	r.tokens++
	if r.allNumeric && !isNumber(tok) {
		r.allNumeric = false
	}
	if r.runes > model.MaxDocumentRunes {
		return r.fail(r.startsAt, "document has more than %d characters, the limit; split it with -DOCSTART- lines, or read a document per sentence (--conll-documents sentence)", model.MaxDocumentRunes)
	}
	return nil
}

// otherColumns returns the line's columns between the token and its first
// tag (CoNLL-2003's POS and chunk), kept with the token so that an export,
// which writes the token first and the tag last, puts them back where they
// were; nil when there are none or the token is not the first column (an
// index before it, GermEval's, means nothing once the file is split).
func (r *conllReader) otherColumns(fields [][]byte) []string {
	if r.tokenCol != 0 {
		return nil
	}
	firstTag := len(fields) - 1
	for _, t := range r.tagCols {
		if t != lastColumn {
			firstTag = min(firstTag, t)
		}
	}
	if firstTag <= 1 {
		return nil
	}
	cols := make([]string, 0, firstTag-1)
	for _, f := range fields[1:firstTag] {
		cols = append(cols, r.intern(string(f))) // POS tags repeat: one copy each
	}
	return cols
}

func (r *conllReader) tagColumnNames() string {
	var parts []string
	for _, c := range r.tagCols {
		if c == lastColumn {
			parts = append(parts, "the last column")
		} else {
			parts = append(parts, "column "+strconv.Itoa(c+1))
		}
	}
	return strings.Join(parts, " and ")
}

// guessLookahead bounds how many lines the column guess reads ahead.
const guessLookahead = 200

// guess settles the columns the user did not give, from the sentence that
// starts at line (see conllReader), and queues the lines it read to be read
// again.
func (r *conllReader) guess(line []byte, n int) {
	ahead := []rawLine{{b: slices.Clone(line), n: n}}
	var sample [][][]byte
	sample = append(sample, splitFields(nil, ahead[0].b))
	for len(ahead) < guessLookahead {
		b, m, err := r.nextLine()
		ahead = append(ahead, rawLine{b: slices.Clone(b), n: m, err: err})
		if err != nil {
			break
		}
		f := splitFields(nil, ahead[len(ahead)-1].b)
		if len(f) == 0 || string(f[0]) == docStart {
			break
		}
		sample = append(sample, f)
	}
	r.replay = append(ahead, r.replay...)

	index := true
	first := -1
	for i, f := range sample {
		v, err := strconv.Atoi(string(f[0]))
		if i == 0 {
			first = v
		}
		if len(f) < 3 || err != nil || (first != 0 && first != 1) || v != first+i {
			index = false
			break
		}
	}
	if r.tokenCol < 0 {
		r.tokenCol = 0
		if index {
			r.tokenCol = 1
		}
	}
	if r.tagCols == nil {
		r.tagCols = []int{lastColumn}
		if index && r.tokenCol == 1 {
			r.tagCols = []int{2}
		}
	}
	r.decs = make([]spanDecoder, len(r.tagCols))
}

// endOfFile is what next returns once the file is read: the warning about
// a token column of numbers, once, then io.EOF.
func (r *conllReader) endOfFile() error {
	if r.warned || r.tokens == 0 || !r.allNumeric {
		return io.EOF
	}
	r.warned = true
	return &model.InputError{File: r.source, Msg: fmt.Sprintf(
		"every one of the %d tokens read from column %d is a number: if that column is an index, name the token column with --token-column",
		r.tokens, r.tokenCol+1), Warning: true}
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
func (r *conllReader) fail(line int, format string, args ...any) *model.InputError {
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
			Format:     FormatCoNLL,
			// The tag column is someone's annotation: a document of all O
			// is a negative example, not a document nobody read.
			Annotated: true,
		}
		r.spans(rec)
		rec.Tokens = make([]model.Token, len(r.starts))
		for i := range r.starts {
			rec.Tokens[i] = model.Token{Start: r.starts[i], End: r.ends[i], SentenceStart: r.sentStart[i], Columns: r.cols[i]}
		}
		if r.comments > 0 {
			rec.NotKept = map[string]int{"comment lines": r.comments}
		}
	}
	r.started, r.startsAt, r.skipping, r.newSent = false, 0, false, false
	r.sentTokens, r.comments = 0, 0
	r.text, r.runes = r.text[:0], 0
	r.starts, r.ends, r.lineOf = r.starts[:0], r.ends[:0], r.lineOf[:0]
	clear(r.cols) // the columns went to the record: drop the references
	r.sentStart, r.cols = r.sentStart[:0], r.cols[:0]
	for i := range r.decs {
		r.decs[i] = spanDecoder{spans: r.decs[i].spans[:0]}
	}
	if cap(r.text) > 4*readBufferSize {
		r.sentStart, r.cols = nil, nil
		r.text, r.starts, r.ends, r.lineOf = nil, nil, nil, nil // one huge document must not hold memory for the rest
	}
	return rec
}

// spans sets rec's spans from every tag column, in text order (an outer
// span before the inner ones it holds), with the line of each span's first
// token. A span two columns agree on is one span.
func (r *conllReader) spans(rec *Record) {
	var all []tokenSpan
	for _, d := range r.decs {
		all = append(all, d.spans...)
	}
	if len(all) == 0 {
		return
	}
	if len(r.decs) > 1 {
		slices.SortStableFunc(all, func(x, y tokenSpan) int {
			return cmp.Or(cmp.Compare(x.First, y.First), cmp.Compare(y.Last, x.Last))
		})
		all = slices.CompactFunc(all, func(x, y tokenSpan) bool { return x == y })
	}
	rec.Spans = make([]model.Span, len(all))
	rec.SpanLines = make([]int, len(all))
	for i, s := range all {
		rec.Spans[i] = model.Span{Start: r.starts[s.First], End: r.ends[s.Last], Label: s.Label}
		rec.SpanLines[i] = r.lineOf[s.First]
	}
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

// splitFields appends line's columns, separated by spaces and tabs, to dst.
func splitFields(dst [][]byte, line []byte) [][]byte {
	isSep := func(c byte) bool { return c == ' ' || c == '\t' }
	for i := 0; i < len(line); {
		for i < len(line) && isSep(line[i]) {
			i++
		}
		j := i
		for j < len(line) && !isSep(line[j]) {
			j++
		}
		if j > i {
			dst = append(dst, line[i:j])
		}
		i = j
	}
	return dst
}

// isComment says whether a line at the start of a sentence is a comment:
// its first column is only #'s and its last column is not a tag.
func isComment(fields [][]byte) bool {
	if strings.Trim(string(fields[0]), "#") != "" {
		return false
	}
	if len(fields) == 1 {
		return true
	}
	_, _, err := parseTag(string(fields[len(fields)-1]))
	return err != nil
}

// isNumber says whether a token is a number such as 12, 3.5 or 1,000.
func isNumber(tok []byte) bool {
	digits := false
	for _, c := range tok {
		switch {
		case isDigit(c):
			digits = true
		case c == '.' || c == ',':
		default:
			return false
		}
	}
	return digits
}
