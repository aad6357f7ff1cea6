package formats

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// bom is the UTF-8 byte order mark some Windows editors put first.
const bom = "\xEF\xBB\xBF"

// maxLineBytes bounds one line of a lines or JSONL file. It is large enough
// for a document of model.MaxDocumentRunes characters with its spans, and
// small enough that a file without newlines cannot exhaust memory. A variable
// so that tests need not write 256 MiB.
var maxLineBytes = 256 << 20

// readBufferSize is big enough that typical records never need a second read.
const readBufferSize = 256 << 10

// checkText reports what is wrong with a record's text, or "" if nothing is;
// the caller has already checked that it is valid UTF-8. It returns the length
// in code points, which span checks need.
func checkText(text string) (runes int, problem string) {
	if text == "" {
		return 0, "text is empty"
	}
	if isBlank(text) {
		return 0, "text is only white space"
	}
	n := runeCount(text)
	if n > model.MaxDocumentRunes {
		return n, fmt.Sprintf("text has %d characters, more than the limit of %d", n, model.MaxDocumentRunes)
	}
	return n, ""
}

// isBlank reports whether s has nothing but white space. Real texts stop it
// at their first byte.
func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// badUTF8 describes where s stops being valid UTF-8, for messages that help
// the user find a file saved in another encoding.
func badUTF8(s []byte) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	return fmt.Sprintf("not valid UTF-8 (bad byte 0x%02X at byte offset %d); convert the file to UTF-8", s[min(i, len(s)-1)], i)
}

// lineReader splits a file into lines without a length limit short of
// maxLineBytes, unlike bufio.Scanner's 64 KiB default.
type lineReader struct {
	r    *bufio.Reader
	long []byte // holds a line longer than the buffer
	n    int    // number of the line last returned
}

func newLineReader(f io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(f, readBufferSize)}
}

// read is next for readers of one source: it returns the line and its
// number, io.EOF at the end, or an *model.InputError naming source and line, for
// a line too long to read (reading can go on) or a failed read (Fatal).
func (l *lineReader) read(source string) ([]byte, int, error) {
	line, err := l.next()
	switch {
	case err == nil, err == io.EOF:
		return line, l.n, err
	case err == errLineTooLong:
		return nil, l.n, lineErrorf(source, l.n, "%s", tooLongMessage())
	}
	return nil, l.n, &model.InputError{File: source, Line: l.n, Msg: "cannot read: " + osReason(err), Fatal: true}
}

// errLineTooLong reports a line over maxLineBytes.
var errLineTooLong = errors.New("line too long")

func tooLongMessage() string {
	if maxLineBytes >= 1<<20 {
		return fmt.Sprintf("line is longer than %d MiB", maxLineBytes>>20)
	}
	return fmt.Sprintf("line is longer than %d bytes", maxLineBytes)
}

// next returns the next line without its "\n" or "\r\n" and, on line 1,
// without a BOM. The slice is only valid until the following call. At the end
// it returns io.EOF; a line over maxLineBytes is skipped and reported as
// errLineTooLong, after which reading can go on.
func (l *lineReader) next() ([]byte, error) {
	if cap(l.long) > readBufferSize*4 {
		l.long = nil // do not keep a huge buffer for the rest of the file
	}
	l.n++
	line, err := l.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		l.long = append(l.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = l.r.ReadSlice('\n')
			if len(l.long)+len(line) > maxLineBytes {
				for errors.Is(err, bufio.ErrBufferFull) {
					_, err = l.r.ReadSlice('\n')
				}
				if err != nil && err != io.EOF {
					return nil, err
				}
				l.long = nil
				return nil, errLineTooLong
			}
			l.long = append(l.long, line...)
		}
		line = l.long
	}
	if err != nil && (err != io.EOF || len(line) == 0) {
		return nil, err
	}
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if l.n == 1 {
		line = bytes.TrimPrefix(line, []byte(bom))
	}
	return line, nil
}

// txtReader reads a whole file as one document.
type txtReader struct {
	f      fs.File
	source string
	extID  string
	done   bool
}

func (r *txtReader) next() (*Record, error) {
	if r.done {
		return nil, io.EOF
	}
	r.done = true
	if info, err := r.f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > 4*model.MaxDocumentRunes {
		// Checked before reading so that a stray disk image is not loaded.
		return nil, &model.InputError{File: r.source, Msg: fmt.Sprintf("file is too large for one document (%d bytes; the limit is %d characters)", info.Size(), model.MaxDocumentRunes)}
	}
	data, err := io.ReadAll(r.f)
	if err != nil {
		return nil, fatalf(r.source, "cannot read: %s", osReason(err))
	}
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		return nil, &model.InputError{File: r.source, Msg: "file is " + badUTF8(data)}
	}
	text := string(data)
	// An empty file among the texts is no document, but no reason to refuse
	// the others either: it is skipped with a warning.
	if text == "" {
		return nil, &model.InputError{File: r.source, Msg: "file is empty; skipped", Warning: true}
	}
	if isBlank(text) {
		return nil, &model.InputError{File: r.source, Msg: "file is empty (nothing but white space); skipped", Warning: true}
	}
	if _, problem := checkText(text); problem != "" {
		return nil, &model.InputError{File: r.source, Msg: problem}
	}
	return &Record{Source: r.source, ExternalID: r.extID, Text: text}, nil
}

func (r *txtReader) close() error { return r.f.Close() }

// linesReader reads one document per non-blank line.
type linesReader struct {
	f      fs.File
	lines  *lineReader
	source string
	base   string
}

func newLinesReader(f fs.File, source, base string) *linesReader {
	return &linesReader{f: f, lines: newLineReader(f), source: source, base: base}
}

func (r *linesReader) next() (*Record, error) {
	for {
		line, n, err := r.lines.read(r.source)
		if err != nil {
			return nil, err
		}
		if !utf8.Valid(line) {
			return nil, lineErrorf(r.source, n, "line is %s", badUTF8(line))
		}
		text := string(line)
		if text == "" || isBlank(text) {
			continue // blank lines separate paragraphs; they are not documents
		}
		if _, problem := checkText(text); problem != "" {
			return nil, lineErrorf(r.source, n, "%s", problem)
		}
		return &Record{Source: r.source, Line: n, ExternalID: lineID(r.base, n), Text: text}, nil
	}
}

func (r *linesReader) close() error { return r.f.Close() }
