package formats

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// bratReader reads one brat standoff document: the .ann file it is given and
// the text beside it, NAME.txt, as one record. Offsets are code points, as
// brat (Python) counts them, from the first byte of the .txt: a byte order
// mark is kept as the character it is, because brat counts it.
//
// Of the .ann lines, T lines become spans and "#N AnnotatorNotes Tx" lines
// their notes. Relations (R), events (E), attributes (A, M) and
// normalizations (N) have no place in Inkspan, which stores labeled spans
// only, so they are skipped, as are "*" equivalence lines; an event's
// trigger is a T line and imports as a span. Discontinuous spans
// ("0 5;10 17") are refused rather than joined or split silently.
type bratReader struct {
	f      *os.File
	lines  *lineReader
	source string
	base   string
	done   bool
}

func newBratReader(f *os.File, source, base string) fileReader {
	return &bratReader{f: f, lines: newLineReader(f), source: source, base: base}
}

func (r *bratReader) close() error { return r.f.Close() }

func (r *bratReader) next() (*Record, error) {
	if r.done {
		return nil, io.EOF
	}
	r.done = true
	ext := filepath.Ext(r.source)
	if strings.EqualFold(ext, ".txt") {
		return nil, fatalf(r.source, "is the text of a brat document: give its .ann file (the text is read from beside it) or the folder")
	}
	// Any other extension is an annotation file: the BioNLP tasks use .a1
	// and .a2 beside the .txt.
	txtPath := strings.TrimSuffix(r.source, ext) + ".txt"
	text, err := readBratText(txtPath, r.source)
	if err != nil {
		return nil, err
	}
	spans, err := r.parse(text)
	if err != nil {
		return nil, err
	}
	return &Record{
		Source:     r.source,
		ExternalID: strings.TrimSuffix(r.base, filepath.Ext(r.base)),
		Text:       text,
		Spans:      spans,
	}, nil
}

// readBratText reads the text of the document whose annotations are in ann.
func readBratText(path, ann string) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fatalf(ann, "no text file %s beside it: brat keeps a document's text in NAME.txt next to NAME.ann", path)
	}
	if err != nil {
		return "", fatalf(path, "cannot read: %s", osReason(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > 4*model.MaxDocumentRunes {
		return "", &InputError{File: path, Msg: fmt.Sprintf("file is too large for one document (%d bytes; the limit is %d characters)", info.Size(), model.MaxDocumentRunes)}
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return "", fatalf(path, "cannot read: %s", osReason(err))
	}
	if !utf8.Valid(data) {
		return "", &InputError{File: path, Msg: "file is " + badUTF8(data)}
	}
	text := string(data)
	if _, problem := checkText(text); problem != "" {
		return "", &InputError{File: path, Msg: problem}
	}
	return text, nil
}

// bratSpan is a T line on its way to a span.
type bratSpan struct {
	span  model.Span
	line  int
	notes int
}

// bratNote is an AnnotatorNotes line, attached once every T line is known.
type bratNote struct {
	target string
	text   string
	line   int
}

// parse reads the .ann lines against the text. The first bad line is
// reported, with its number, and the document is not imported.
func (r *bratReader) parse(text string) ([]model.Span, error) {
	off := model.NewOffsets(text)
	byID := map[string]*bratSpan{}
	var order []*bratSpan
	var notes []bratNote
	for {
		raw, n, err := r.lines.read(r.source)
		if err == io.EOF {
			return r.finish(byID, order, notes)
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		if !utf8.Valid(raw) {
			return nil, lineErrorf(r.source, n, "line is %s", badUTF8(raw))
		}
		line := string(raw)
		switch line[0] {
		case 'T':
			id, s, problem := parseBratT(line, off)
			if problem != "" {
				return nil, lineErrorf(r.source, n, "%s", problem)
			}
			if prev := byID[id]; prev != nil {
				return nil, lineErrorf(r.source, n, "%s is defined twice (first on line %d)", id, prev.line)
			}
			bs := &bratSpan{span: s, line: n}
			byID[id] = bs
			order = append(order, bs)
		case '#':
			fields := strings.SplitN(line, "\t", 3)
			if len(fields) < 2 {
				return nil, lineErrorf(r.source, n, "a note line needs tab-separated fields: #N, \"AnnotatorNotes T1\" and the note")
			}
			kind, target, _ := strings.Cut(fields[1], " ")
			if kind != "AnnotatorNotes" || !strings.HasPrefix(target, "T") {
				continue // other comment types, and notes on relations or events, have nowhere to go
			}
			note := ""
			if len(fields) == 3 {
				note = fields[2]
			}
			notes = append(notes, bratNote{target: strings.TrimSpace(target), text: note, line: n})
		case 'R', 'E', 'A', 'M', 'N', '*':
			// See bratReader: nothing in Inkspan holds these.
		default:
			return nil, lineErrorf(r.source, n, "not a brat annotation line: brat lines start with an id such as T1, R1, E1, A1, N1, #1 or *")
		}
	}
}

// parseBratT reads "T1\tLABEL START END\tTEXT" and checks it against the text.
func parseBratT(line string, off *model.Offsets) (id string, s model.Span, problem string) {
	fields := strings.SplitN(line, "\t", 3)
	if len(fields) < 3 {
		return "", s, fmt.Sprintf("a T line needs three tab-separated fields (T1, \"LABEL START END\" and the text), found %d", len(fields))
	}
	id = fields[0]
	if strings.Contains(fields[1], ";") {
		return "", s, fmt.Sprintf("%s is a discontinuous span (%q): discontinuous spans are not supported; split it into one span per piece", id, fields[1])
	}
	parts := strings.Fields(fields[1])
	if len(parts) != 3 {
		return "", s, fmt.Sprintf("%s: %q should be \"LABEL START END\"", id, fields[1])
	}
	start, err1 := strconv.Atoi(parts[1])
	end, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil {
		return "", s, fmt.Sprintf("%s: offsets must be whole numbers, not %q and %q", id, parts[1], parts[2])
	}
	s = model.Span{Start: start, End: end, Label: bratDecodeLabel(parts[0])}
	if err := s.Validate(off.Len(), nil); err != nil {
		return "", s, fmt.Sprintf("%s: %s", id, err)
	}
	got := off.Slice(start, end)
	// brat writes line breaks and tabs inside a span as spaces.
	if want := fields[2]; bratOneLine(want) != bratOneLine(got) {
		return "", s, fmt.Sprintf("%s: the text %s does not match %s, the text at [%d, %d) of the .txt%s",
			id, quoteCut(want), quoteCut(got), start, end, bratOffsetHint(off, start, end, want))
	}
	return id, s, ""
}

// bratOffsetHint guesses why a span's text does not match: offsets counted
// in bytes or UTF-16 units by the tool that wrote the file, rather than in
// characters.
func bratOffsetHint(off *model.Offsets, start, end int, want string) string {
	text := off.Slice(0, off.Len())
	if start <= end && end <= len(text) && bratOneLine(text[start:end]) == bratOneLine(want) {
		return "; the offsets count bytes, but brat counts characters"
	}
	if s, ok := off.FromUTF16(start); ok {
		if e, ok := off.FromUTF16(end); ok && s < e && bratOneLine(off.Slice(s, e)) == bratOneLine(want) {
			return "; the offsets count UTF-16 units, but brat counts characters"
		}
	}
	return "; was the .txt edited after annotating?"
}

func (r *bratReader) finish(byID map[string]*bratSpan, order []*bratSpan, notes []bratNote) ([]model.Span, error) {
	for _, nt := range notes {
		bs := byID[nt.target]
		if bs == nil {
			return nil, lineErrorf(r.source, nt.line, "note on %s, which this file does not define", nt.target)
		}
		if bs.notes > 0 {
			// Several notes on one span: the writer splits a note's lines so.
			bs.span.Note += "\n"
		}
		bs.span.Note += nt.text
		bs.notes++
	}
	if len(order) == 0 {
		return nil, nil
	}
	spans := make([]model.Span, len(order))
	for i, bs := range order {
		spans[i] = bs.span
	}
	model.SortSpans(spans)
	return spans, nil
}

// walkBratDir lists the brat annotation files (.ann) under dir, for
// --format brat given a folder.
func walkBratDir(dir string) ([]input, error) {
	return walkDir(dir, FormatBrat, "no .ann files in this folder (brat keeps each document as NAME.txt and NAME.ann)", func(path string) bool {
		return strings.EqualFold(filepath.Ext(path), ".ann")
	})
}

// A T line's middle field is "LABEL START END", with fragments of a
// discontinuous span separated by ';' ("LABEL 0 5;10 17"). Label names hold
// no white space or control characters (model.Label.Validate), so ';' is the
// one character a name may hold that brat would misread: it is written as
// %3B, and '%' as %25 so that a name holding "%3B" itself comes back whole.
// brat has no escape of its own for type names; this is the URL's percent
// escape, kept to the two characters that need it so that every other name
// is written as it is. Reading decodes those two escapes only (in either
// case): any other '%', in a file from another tool, is read as it stands.

// appendBratLabel appends name encoded for a T line.
func appendBratLabel(b []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		switch c := name[i]; c {
		case '%':
			b = append(b, "%25"...)
		case ';':
			b = append(b, "%3B"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// bratDecodeLabel reverses appendBratLabel.
func bratDecodeLabel(field string) string {
	if !strings.Contains(field, "%") {
		return field
	}
	var b strings.Builder
	for i := 0; i < len(field); i++ {
		if field[i] == '%' && i+3 <= len(field) {
			switch strings.ToUpper(field[i+1 : i+3]) {
			case "25":
				b.WriteByte('%')
				i += 2
				continue
			case "3B":
				b.WriteByte(';')
				i += 2
				continue
			}
		}
		b.WriteByte(field[i])
	}
	return b.String()
}
