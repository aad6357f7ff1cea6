package formats

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// bratWriter writes brat standoff: per annotation, NAME.txt holding the exact
// text and NAME.ann with a line per span, offsets in code points:
//
//	T1	ACTOR 0 5	Putin
//	#1	AnnotatorNotes T1	the president
//
// NAME is the document's ExternalID made safe for every file system (see
// bratName), made unique within the export. When a document comes a second
// time (an export of every annotator), its files are named NAME.ANNOTATOR
// instead, the first one's renamed to match, so that nobody's annotations
// overwrite another's and a single-annotator export keeps plain names.
//
// The files are written straight into dir: an export gives it the
// temporary folder of an AtomicDir, which appears under its real name only
// when the whole collection is complete, so neither brat nor a training
// script ever reads a half-written file or a mix of two exports.
type bratWriter struct {
	dir  string
	docs map[string]*bratDoc // by Document.ID
	used map[string]bool     // names taken, lower-cased: macOS and Windows ignore case
	buf  []byte
	err  error
}

// bratDoc is a document written once already.
type bratDoc struct {
	base      string // the name made from its id
	name      string // the name its first annotation's files have now
	annotator string // whose that first annotation is
	split     bool   // renamed to base.ANNOTATOR
}

// NewBratWriter returns a Writer of brat standoff files into dir, creating
// dir if needed (mode 0777 less the umask; files get 0666 less the umask).
// Files already in dir under the names it writes are overwritten; to
// replace an earlier export as a whole, write into an AtomicDir's Dir.
func NewBratWriter(dir string, opts WriterOptions) (Writer, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("create the output folder: %w", err)
	}
	return &bratWriter{dir: dir, docs: map[string]*bratDoc{}, used: map[string]bool{}}, nil
}

func (w *bratWriter) Write(a *Annotation) error {
	if w.err != nil {
		return w.err
	}
	spans, _, err := charExportSpans(a)
	if err != nil {
		return err
	}
	for _, s := range spans {
		if hasWhiteSpace(s.Label) {
			// brat's "LABEL START END" field is split at spaces.
			return charDocError(&a.Document, fmt.Errorf("label %q contains white space, which brat cannot hold", s.Label))
		}
	}

	key := a.Document.ID
	if key == "" {
		key = "\x00" + charDocID(&a.Document)
	}
	var name string
	if d := w.docs[key]; d == nil {
		base := bratName(charDocID(&a.Document))
		name = w.unique(base)
		w.docs[key] = &bratDoc{base: base, name: name, annotator: a.Annotator}
	} else {
		if !d.split {
			renamed := w.unique(d.base + "." + bratAnnotatorName(d.annotator))
			if err := w.rename(d.name, renamed); err != nil {
				w.err = err
				return err
			}
			d.name, d.split = renamed, true
		}
		name = w.unique(d.base + "." + bratAnnotatorName(a.Annotator))
	}

	if err := writeNewFile(filepath.Join(w.dir, name+".txt"), []byte(a.Document.Text)); err != nil {
		w.err = err
		return err
	}
	w.buf = appendBratAnn(w.buf[:0], a.Document.Text, spans)
	if err := writeNewFile(filepath.Join(w.dir, name+".ann"), w.buf); err != nil {
		w.err = err
		return err
	}
	return nil
}

// appendBratAnn appends the .ann lines for spans (in text order): the T
// lines first, then the notes, as brat writes them. A note's line breaks
// start further AnnotatorNotes lines on the same span, which the reader joins
// again; a carriage return in a note is lost, as brat would lose it.
func appendBratAnn(b []byte, text string, spans []model.Span) []byte {
	off := model.NewOffsets(text)
	for i, s := range spans {
		b = append(b, 'T')
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, '\t')
		b = appendBratLabel(b, s.Label) // ';' and '%' escaped: see appendBratLabel
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(s.Start), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(s.End), 10)
		b = append(b, '\t')
		b = append(b, bratOneLine(off.Slice(s.Start, s.End))...)
		b = append(b, '\n')
	}
	n := 0
	for i, s := range spans {
		if s.Note == "" {
			continue
		}
		note := strings.ReplaceAll(s.Note, "\r\n", "\n")
		for line := range strings.SplitSeq(strings.ReplaceAll(note, "\r", "\n"), "\n") {
			n++
			b = append(b, '#')
			b = strconv.AppendInt(b, int64(n), 10)
			b = append(b, "\tAnnotatorNotes T"...)
			b = strconv.AppendInt(b, int64(i+1), 10)
			b = append(b, '\t')
			b = append(b, line...)
			b = append(b, '\n')
		}
	}
	return b
}

// unique returns name, or name-2, name-3… if it is taken, and takes it.
func (w *bratWriter) unique(name string) string {
	cand := name
	for n := 2; w.used[strings.ToLower(cand)]; n++ {
		cand = name + "-" + strconv.Itoa(n)
	}
	w.used[strings.ToLower(cand)] = true
	return cand
}

func (w *bratWriter) rename(from, to string) error {
	for _, ext := range []string{".txt", ".ann"} {
		if err := os.Rename(filepath.Join(w.dir, from+ext), filepath.Join(w.dir, to+ext)); err != nil {
			return fmt.Errorf("rename %s%s to %s%s: %w", from, ext, to, ext, err)
		}
	}
	return nil
}

func (w *bratWriter) Close() error { return w.err }

// bratName makes a document id into a file name that works everywhere:
// path separators and every character outside [A-Za-z0-9._-] become "_", a
// trailing .txt goes (a document imported from a.txt is written a.txt, not
// a.txt.txt), the name is cut to 100 bytes, and names that would be hidden
// or that Windows reserves (CON, NUL, COM1…) get a "_" in front.
func bratName(id string) string {
	name := bratSafeName(id)
	if len(name) >= 4 && strings.EqualFold(name[len(name)-4:], ".txt") {
		name = name[:len(name)-4]
	}
	return bratFixName(name, 100, "document")
}

// bratAnnotatorName is the annotator's part of a file name; "" is the gold
// (reviewed) set.
func bratAnnotatorName(annotator string) string {
	return bratFixName(bratSafeName(annotator), 50, "gold")
}

func bratSafeName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

func bratFixName(name string, max int, empty string) string {
	if len(name) > max {
		name = name[:max] // ASCII by now
	}
	if name == "" {
		return empty
	}
	if name[0] == '.' {
		name = "_" + name[1:]
	}
	stem, _, _ := strings.Cut(name, ".")
	switch strings.ToUpper(stem) {
	case "CON", "PRN", "AUX", "NUL",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		name = "_" + name
	}
	return name
}
