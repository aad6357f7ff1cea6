package formats

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	// HFLabels is the tag list that hf ner_tags ids index, as the user
	// named it; "" means the first one found beside the data (see
	// hfLabelFiles). HFLabelsFile is where it is read: storage/files.Open
	// sets it from HFLabels, and Open refuses HFLabels without it.
	HFLabels     string
	HFLabelsFile Input
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

// Input is a file or folder to read, as the file system that holds it and
// its name there, so that the readers never open a path themselves: what
// they read comes from FS, which is the disk for an import
// (storage/files.Open) and may be a folder in memory in tests. A folder
// format reads the files beside the one it is given through the same FS
// (brat's NAME.txt beside NAME.ann, hf's labels.json beside the data).
type Input struct {
	FS   fs.FS
	Name string // in FS: slash-separated, as fs.ValidPath wants it
	// Path is the input as the user named it (even ""), what messages name
	// it by, what the records' Source and ExternalID are made of, and
	// what auto reads its format from; files found in a folder are named
	// by joining it and their names in the folder.
	Path string
}

// PathInput is path as an Input: the folder it is in, opened with dirFS,
// and its base name there (a root folder, or "..", is the folder itself).
// Splitting a path is plain string work; the file system comes from dirFS,
// os.DirFS for the disk, so that this package never opens a path itself.
func PathInput(path string, dirFS func(dir string) fs.FS) Input {
	clean := filepath.Clean(path)
	dir, base := filepath.Dir(clean), filepath.Base(clean)
	if base == ".." || !fs.ValidPath(base) {
		return Input{FS: dirFS(clean), Name: ".", Path: path}
	}
	return Input{FS: dirFS(dir), Name: base, Path: path}
}

// Open returns a Reader over inputs (files or folders), read in the order
// given. It fails only for what is wrong before reading anything (no
// inputs, an unknown format, an hf tag list named without a file system to
// read it from); an input that is missing or unreadable is reported by
// Next, at its turn, as a Fatal *model.InputError, so the caller can name
// the file. storage/files.Open is Open for paths on disk.
func Open(inputs []Input, format Format, opts Options) (Reader, error) {
	if len(inputs) == 0 {
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
	if opts.HFLabels != "" && opts.HFLabelsFile.FS == nil {
		return nil, model.Errorf(model.EINVALID, "the hf tag list %s is named without a file system to read it from (Options.HFLabelsFile)", opts.HFLabels)
	}
	queue := make([]input, len(inputs))
	for i, in := range inputs {
		queue[i] = input{fsys: in.FS, name: in.Name, source: in.Path, format: format, given: true}
	}
	return &multiReader{queue: queue, opts: opts}, nil
}

// input is one file or directory waiting its turn.
type input struct {
	fsys   fs.FS             // where it is read from
	name   string            // its name in fsys
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
	// closers are the zip archives whose files are being read (zip.go),
	// closed with the reader.
	closers []io.Closer
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
	var err error
	if m.cur != nil {
		err = m.cur.close()
		m.cur = nil
	}
	for _, c := range m.closers {
		c.Close()
	}
	m.closers = nil
	return err
}

// open starts reading one input. A directory is expanded into the queue and
// yields no reader of its own.
func (m *multiReader) open(in input) (fileReader, error) {
	info, err := fs.Stat(in.fsys, in.name)
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
		if format == FormatAuto && isBratDir(in.fsys, in.name) {
			// .txt files with .ann files beside them are a brat collection,
			// not texts to read without their annotations.
			format = FormatBrat
		}
		if format == FormatBrat {
			// A brat corpus is a folder of NAME.txt + NAME.ann pairs: read
			// each .ann, which brings its .txt (see walkBratDir in brat.go).
			files, err := walkBratDir(in)
			if err != nil {
				return nil, err
			}
			m.queue = append(files, m.queue...)
			return nil, nil
		}
		if format != FormatAuto && format != FormatTxt {
			return nil, fatalf(in.source, "is a directory; only the txt and brat formats read folders (name the %s files instead)", format)
		}
		files, err := walkTextDir(in)
		if err != nil {
			return nil, err
		}
		m.queue = append(files, m.queue...)
		return nil, nil
	}
	if !info.Mode().IsRegular() && info.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice) == 0 {
		return nil, fatalf(in.source, "cannot read: not a regular file")
	}
	if IsZip(in.source) {
		// An archive of exports, doccano's one file per user: its files
		// are read in turn, as a folder's are.
		files, err := m.openZip(in)
		if err != nil {
			return nil, err
		}
		m.queue = append(files, m.queue...)
		return nil, nil
	}
	if format == FormatAuto {
		format = formatByExt(in.source)
		if format == "" {
			return nil, fatalf(in.source, "cannot tell the format from the file name; pass --format (one of %s)", formatNames)
		}
	}
	f, err := in.fsys.Open(in.name)
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
		return newJSONLReader(f, in, base, format), nil
	case FormatCSV, FormatTSV:
		return newCSVReader(f, in.source, base, format == FormatTSV, m.opts.TextColumn), nil
	case FormatProdigy, FormatDoccano:
		return newJSONLReader(f, in, base, format), nil
	case FormatCoNLL:
		return newCoNLLReader(f, in.source, base, m.opts), nil
	case FormatHF:
		return newHFReader(f, in, base, m.opts.HFLabels, m.opts.HFLabelsFile), nil
	case FormatBrat:
		return newBratReader(f, in, extID), nil
	case FormatLabelStudio:
		return newLabelStudioReader(f, in.source, base), nil
	}
	f.Close()
	return nil, fatalf(in.source, "unknown format %q (valid formats: %s)", format, formatNames)
}

// DetectFormat is what FormatAuto reads in as: a folder as brat when it
// holds .ann files beside its .txt files (see isBratDir), else as txt, a file
// by its extension, "" when the name does not tell. Dialogs show it before
// the import runs.
func DetectFormat(in Input) Format {
	if info, err := fs.Stat(in.FS, in.Name); err == nil && info.IsDir() {
		if isBratDir(in.FS, in.Name) {
			return FormatBrat
		}
		return FormatTxt
	}
	return formatByExt(in.Path)
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

// walkTextDir lists the text files under the folder dir, each a txt input
// whose ExternalID is its path relative to dir.
func walkTextDir(dir input) ([]input, error) {
	return walkDir(dir, FormatTxt, "no .txt files in this directory", func(name string) bool {
		return formatByExt(name) == FormatTxt
	})
}

// walkDir lists the files under dir that keep accepts, in WalkDir's lexical
// order, so that repeated imports of one directory see the same documents
// in the same order. Hidden files and directories (.git,
// .ipynb_checkpoints, the brat writer's temporary files) are left out: they
// hold copies and tool state, not corpus texts. A subdirectory that cannot
// be read becomes a Fatal error queued at its place; finding nothing is
// an error that says what was looked for.
func walkDir(dir input, format Format, noneFound string, keep func(name string) bool) ([]input, error) {
	var files []input
	err := walkFS(dir.fsys, dir.name, func(name string, d fs.DirEntry, err error) error {
		rel := relName(dir.name, name)
		path := filepath.Join(dir.source, filepath.FromSlash(rel))
		if err != nil {
			if name == dir.name {
				return err
			}
			files = append(files, input{source: path, err: fatalf(path, "cannot read: %s", osReason(err))})
			return nil
		}
		if name != dir.name && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !keep(name) {
			return nil
		}
		files = append(files, input{fsys: dir.fsys, name: name, source: path, extID: rel, format: format})
		return nil
	})
	if err != nil {
		return nil, fatalf(dir.source, "cannot read directory: %s", osReason(err))
	}
	if len(files) == 0 {
		return nil, fatalf(dir.source, "%s", noneFound)
	}
	return files, nil
}

// walkFS is fs.WalkDir as filepath.WalkDir walks the disk: a root that is
// a symbolic link is passed to fn as the link it is, not walked (a
// folder's own links are never followed by either). The import named
// folders that way before its readers read file systems, and still does.
func walkFS(fsys fs.FS, root string, fn fs.WalkDirFunc) error {
	if info, err := fs.Lstat(fsys, root); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		err := fn(root, fs.FileInfoToDirEntry(info), nil)
		if err == fs.SkipDir || err == fs.SkipAll {
			return nil
		}
		return err
	}
	return fs.WalkDir(fsys, root, fn)
}

// relName is name, found by walking the folder root, relative to root, "."
// for root itself.
func relName(root, name string) string {
	switch {
	case name == root:
		return "."
	case root == ".":
		return name
	}
	return strings.TrimPrefix(name, root+"/")
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
