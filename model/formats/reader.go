package formats

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// Format names an input format.
type Format string

// The input formats. FormatAuto picks one per file from its extension.
const (
	FormatAuto  Format = "auto"
	FormatTxt   Format = "txt"
	FormatLines Format = "lines"
	FormatJSONL Format = "jsonl"
	FormatCSV   Format = "csv"
	FormatTSV   Format = "tsv"

	FormatProdigy     Format = "prodigy"     // JSONL with tokens and token-indexed spans
	FormatDoccano     Format = "doccano"     // JSONL with label: [[start, end, LABEL]]
	FormatCoNLL       Format = "conll"       // CoNLL-2003 columns
	FormatHF          Format = "hf"          // Hugging Face token classification JSONL + labels.json
	FormatBrat        Format = "brat"        // brat standoff .txt + .ann
	FormatLabelStudio Format = "labelstudio" // Label Studio JSON tasks, UTF-16 offsets
)

// formatNames is the list error messages offer.
const formatNames = "auto, txt, lines, jsonl, csv, tsv, prodigy, doccano, conll, hf, brat, labelstudio"

// ParseFormat reads a format name as a user types it. "" means auto, and the
// spellings other tools use ("text", "ndjson") are accepted too.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return FormatAuto, nil
	case "txt", "text":
		return FormatTxt, nil
	case "lines", "line":
		return FormatLines, nil
	case "jsonl", "ndjson", "json-lines", "jsonlines":
		return FormatJSONL, nil
	case "csv":
		return FormatCSV, nil
	case "tsv", "tab":
		return FormatTSV, nil
	case "prodigy", "spacy":
		return FormatProdigy, nil
	case "doccano":
		return FormatDoccano, nil
	case "conll", "conll2003", "iob", "bio":
		return FormatCoNLL, nil
	case "hf", "huggingface", "hugging-face":
		return FormatHF, nil
	case "brat", "standoff":
		return FormatBrat, nil
	case "labelstudio", "label-studio", "ls":
		return FormatLabelStudio, nil
	}
	return "", model.Errorf(model.EINVALID, "unknown format %q (valid formats: %s)", s, formatNames)
}

// Options tunes how inputs are read.
type Options struct {
	TextColumn string // the CSV/TSV column holding the text; "" means "text"

	// TokenColumn and TagColumns are the 1-based CoNLL columns of the token
	// and of its tags; 0 and nil mean the reader's guess (see conllReader).
	// More than one tag column reads nested layers (GermEval-2014's outer
	// and inner entities) as spans that overlap.
	TokenColumn int
	TagColumns  []int
	// CoNLLDocuments says where a CoNLL file's documents begin:
	// ConllDocstart ("" too), ConllSentence or ConllFile.
	CoNLLDocuments string
	// HFLabels is the tag list that hf ner_tags ids index; "" means the
	// first one found beside the data (see hfLabelFiles).
	HFLabels string
}

// Reader streams records from one or more inputs.
type Reader interface {
	// Next returns the next record, io.EOF after the last one, or an
	// *model.InputError naming the file and line of a bad record or file. After an
	// error that is not Fatal, Next goes on with the following record; after a
	// Fatal one, with the next input file.
	Next() (*Record, error)
	// Close releases the open file, if any; Next fails after it.
	Close() error
}

// Open returns a Reader over paths (files or directories), read in the order
// given. It fails only for what is wrong before reading anything (no paths,
// an unknown format); a path that is missing or unreadable is reported by
// Next, at its turn, as a Fatal *model.InputError, so the caller can name the file.
func Open(paths []string, format Format, opts Options) (Reader, error) {
	if len(paths) == 0 {
		return nil, model.Errorf(model.EINVALID, "no input files given")
	}
	switch format {
	case "":
		format = FormatAuto
	case FormatAuto, FormatTxt, FormatLines, FormatJSONL, FormatCSV, FormatTSV,
		FormatProdigy, FormatDoccano, FormatCoNLL, FormatHF, FormatBrat, FormatLabelStudio:
	default:
		return nil, model.Errorf(model.EINVALID, "unknown format %q (valid formats: %s)", string(format), formatNames)
	}
	if opts.TextColumn == "" {
		opts.TextColumn = "text"
	}
	if err := opts.checkCoNLL(); err != nil {
		return nil, err
	}
	queue := make([]input, len(paths))
	for i, p := range paths {
		queue[i] = input{source: p, format: format, given: true}
	}
	return &multiReader{queue: queue, opts: opts}, nil
}

// input is one file or directory waiting its turn.
type input struct {
	source string            // the path as given, or joined from a directory walk
	extID  string            // ExternalID for a txt document; "" means the base name
	format Format            // as asked; auto is resolved when the input is opened
	given  bool              // named by the user rather than found in a directory
	err    *model.InputError // a problem met while walking, reported at its turn
}

// fileReader reads the records of one file.
type fileReader interface {
	next() (*Record, error) // io.EOF at the end, or an *model.InputError
	close() error
}

type multiReader struct {
	queue  []input
	cur    fileReader
	opts   Options
	closed bool
}

var errClosed = errors.New("formats: Next called after Close")

func (m *multiReader) Next() (*Record, error) {
	if m.closed {
		return nil, errClosed
	}
	for {
		if m.cur != nil {
			rec, err := m.cur.next()
			if err == nil {
				return rec, nil
			}
			var ie *model.InputError
			if errors.As(err, &ie) && !ie.Fatal {
				return nil, err
			}
			m.cur.close()
			m.cur = nil
			if err != io.EOF {
				return nil, err
			}
			continue
		}
		if len(m.queue) == 0 {
			return nil, io.EOF
		}
		in := m.queue[0]
		m.queue = m.queue[1:]
		if in.err != nil {
			return nil, in.err
		}
		r, err := m.open(in)
		if err != nil {
			return nil, err
		}
		m.cur = r // nil when a directory only queued its files
	}
}

func (m *multiReader) Close() error {
	m.closed = true
	m.queue = nil
	if m.cur == nil {
		return nil
	}
	err := m.cur.close()
	m.cur = nil
	return err
}

// open starts reading one input. A directory is expanded into the queue and
// yields no reader of its own.
func (m *multiReader) open(in input) (fileReader, error) {
	info, err := os.Stat(in.source)
	if err != nil {
		return nil, fatalf(in.source, "cannot read: %s", osReason(err))
	}
	format := in.format
	if info.IsDir() {
		if !in.given {
			// A symbolic link named like a text file: following it could
			// walk in circles.
			return nil, fatalf(in.source, "is a directory, not a text file")
		}
		if format == FormatAuto && isBratDir(in.source) {
			// .txt files with .ann files beside them are a brat collection,
			// not texts to read without their annotations.
			format = FormatBrat
		}
		if format == FormatBrat {
			// A brat corpus is a folder of NAME.txt + NAME.ann pairs: read
			// each .ann, which brings its .txt (see walkBratDir in brat.go).
			files, err := walkBratDir(in.source)
			if err != nil {
				return nil, err
			}
			m.queue = append(files, m.queue...)
			return nil, nil
		}
		if format != FormatAuto && format != FormatTxt {
			return nil, fatalf(in.source, "is a directory; only the txt and brat formats read folders (name the %s files instead)", format)
		}
		files, err := walkTextDir(in.source)
		if err != nil {
			return nil, err
		}
		m.queue = append(files, m.queue...)
		return nil, nil
	}
	if !info.Mode().IsRegular() && info.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice) == 0 {
		return nil, fatalf(in.source, "cannot read: not a regular file")
	}
	if format == FormatAuto {
		format = formatByExt(in.source)
		if format == "" {
			return nil, fatalf(in.source, "cannot tell the format from the file name; pass --format (one of %s)", formatNames)
		}
	}
	f, err := os.Open(in.source)
	if err != nil {
		return nil, fatalf(in.source, "cannot read: %s", osReason(err))
	}
	extID := in.extID
	if extID == "" {
		extID = filepath.Base(in.source)
	}
	base := filepath.Base(in.source)
	switch format {
	case FormatTxt:
		return &txtReader{f: f, source: in.source, extID: extID}, nil
	case FormatLines:
		return newLinesReader(f, in.source, base), nil
	case FormatJSONL:
		return newJSONLReader(f, in.source, base, format), nil
	case FormatCSV, FormatTSV:
		return newCSVReader(f, in.source, base, format == FormatTSV, m.opts.TextColumn), nil
	case FormatProdigy, FormatDoccano:
		return newJSONLReader(f, in.source, base, format), nil
	case FormatCoNLL:
		return newCoNLLReader(f, in.source, base, m.opts), nil
	case FormatHF:
		return newHFReader(f, in.source, base, m.opts.HFLabels), nil
	case FormatBrat:
		return newBratReader(f, in.source, extID, in.given), nil
	case FormatLabelStudio:
		return newLabelStudioReader(f, in.source, base), nil
	}
	f.Close()
	return nil, fatalf(in.source, "unknown format %q (valid formats: %s)", format, formatNames)
}

// DetectFormat is what FormatAuto reads path as: a folder as brat when it
// holds .ann files beside its .txt files (see isBratDir), else as txt, a file
// by its extension, "" when the name does not tell. Dialogs show it before
// the import runs.
func DetectFormat(path string) Format {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		if isBratDir(path) {
			return FormatBrat
		}
		return FormatTxt
	}
	return formatByExt(path)
}

// formatByExt is auto's choice for a file, or "" when the name does not tell.
func formatByExt(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson":
		return FormatJSONL
	case ".csv":
		return FormatCSV
	case ".tsv", ".tab":
		return FormatTSV
	case ".txt", ".text":
		return FormatTxt
	case ".conll", ".conll03", ".iob", ".bio":
		return FormatCoNLL
	case ".ann":
		return FormatBrat
	case ".json":
		return FormatLabelStudio
	}
	return ""
}

// walkTextDir lists the text files under dir, each a txt input whose
// ExternalID is its path relative to dir.
func walkTextDir(dir string) ([]input, error) {
	return walkDir(dir, FormatTxt, "no .txt files in this directory", func(path string) bool {
		return formatByExt(path) == FormatTxt
	})
}

// walkDir lists the files under dir that keep accepts, in WalkDir's lexical
// order, so that repeated imports of one directory see the same documents
// in the same order. Hidden files and directories (.git,
// .ipynb_checkpoints, the brat writer's temporary files) are left out: they
// hold copies and tool state, not corpus texts. A subdirectory that cannot
// be read becomes a Fatal error queued at its place; finding nothing is
// an error that says what was looked for.
func walkDir(dir string, format Format, noneFound string, keep func(path string) bool) ([]input, error) {
	var files []input
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			files = append(files, input{source: path, err: fatalf(path, "cannot read: %s", osReason(err))})
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !keep(path) {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			rel = d.Name()
		}
		files = append(files, input{source: path, extID: filepath.ToSlash(rel), format: format})
		return nil
	})
	if err != nil {
		return nil, fatalf(dir, "cannot read directory: %s", osReason(err))
	}
	if len(files) == 0 {
		return nil, fatalf(dir, "%s", noneFound)
	}
	return files, nil
}

// osReason drops the operation and path from an *fs.PathError: the
// model.InputError names the file already.
func osReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func fatalf(file, format string, args ...any) *model.InputError {
	return &model.InputError{File: file, Msg: fmt.Sprintf(format, args...), Fatal: true}
}

func lineErrorf(file string, line int, format string, args ...any) *model.InputError {
	return &model.InputError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// lineID is the ExternalID of a record that has no id of its own.
func lineID(base string, line int) string {
	return base + "#" + strconv.Itoa(line)
}
