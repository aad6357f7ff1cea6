package transfer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// importFormats are the formats the import dialog offers, auto first.
var importFormats = []formats.Format{
	formats.FormatAuto, formats.FormatTxt, formats.FormatLines, formats.FormatJSONL,
	formats.FormatCSV, formats.FormatTSV, formats.FormatProdigy, formats.FormatDoccano,
	formats.FormatCoNLL, formats.FormatHF, formats.FormatBrat, formats.FormatLabelStudio,
}

// exportFormats are the formats the export dialog offers.
var exportFormats = []formats.Format{
	formats.FormatProdigy, formats.FormatDoccano, formats.FormatCoNLL,
	formats.FormatHF, formats.FormatBrat, formats.FormatLabelStudio,
}

// schemes are the tag schemes of the token formats, as offered.
var schemes = []formats.Scheme{formats.SchemeIOB1, formats.SchemeIOB2, formats.SchemeBIOES}

// detectFormat is what the auto format will read path as, or "" when its
// name does not tell: formats.DetectFormat of the disk, as the import will
// read it (storage/files.DetectFormat, which the window may not import).
func detectFormat(path string) formats.Format {
	return formats.DetectFormat(formats.PathInput(path, os.DirFS))
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// importForm is the import dialog's data, kept apart from the widgets.
type importForm struct {
	paths     []string
	format    formats.Format
	annotator string
	// fileUsers makes each file the annotator it is named after
	// (doccano's per-user files: alice.jsonl is alice's), for records
	// that name nobody; annotator is then for the others.
	fileUsers   bool
	skipInvalid bool
	textColumn  string

	// The choices `inkspan import` has as flags: --status, --on-conflict,
	// --allow-overlap, and the CoNLL and hf options (typed as they are on
	// the command line, checked by validate).
	status         model.Status // "": each record's own
	onConflict     ConflictChoice
	allowOverlap   bool
	tokenColumn    string // "" or a column number from 1
	tagColumns     string // "" or column numbers from 1, separated by commas
	conllDocuments string // formats.ConllDocstart, ConllSentence or ConllFile
	hfLabels       string // "" or the tag list file
}

// choice is an option of a select as the dialog words it, and its value.
type choice[T comparable] struct {
	text  string
	value T
}

func choiceTexts[T comparable](cs []choice[T]) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.text
	}
	return out
}

func choiceIndex[T comparable](cs []choice[T], v T) int {
	for i, c := range cs {
		if c.value == v {
			return i
		}
	}
	return -1
}

// importStatuses are the statuses an import may give the sets it makes,
// first the command's default: todo would say nobody read what the input
// says someone annotated.
var importStatuses = []choice[model.Status]{
	{"as each record says", ""},
	{"done", model.StatusDone},
	{"in progress", model.StatusInProgress},
	{"skipped", model.StatusSkipped},
}

// conflictChoices are what to do with the same text brought again by the
// same annotator with other spans, first the command's default.
var conflictChoices = []choice[ConflictChoice]{
	{conflictRefuseText, ConflictRefuse},
	{conflictFirstText, ConflictKeepFirst},
	{conflictSeparateText, ConflictSeparate},
}

// The conflict choices' words, which an error about a conflict repeats.
const (
	conflictRefuseText   = "refuse, naming both"
	conflictFirstText    = "keep the first"
	conflictSeparateText = "keep each as its own set"
)

// conllDocumentChoices say where a CoNLL file's documents begin, first
// the command's default.
var conllDocumentChoices = []choice[string]{
	{"at each -DOCSTART- line", formats.ConllDocstart},
	{"each sentence is one", formats.ConllSentence},
	{"each file is one", formats.ConllFile},
}

func newImportForm(annotator string) *importForm {
	return &importForm{format: formats.FormatAuto, annotator: annotator, textColumn: "text",
		conllDocuments: formats.ConllDocstart}
}

// setPaths replaces the chosen paths. The file and folder choosers go
// through addFile and setFolder; tests, which cannot drive a chooser, call
// this directly.
func (f *importForm) setPaths(paths []string) {
	f.paths = slices.Clone(paths)
	f.fileUsers = f.severalFiles()
}

// severalFiles says whether the input is several files, or a zip archive
// of them: then each may be one user's, as doccano exports them.
func (f *importForm) severalFiles() bool {
	return len(f.paths) > 1 || slices.ContainsFunc(f.paths, formats.IsZip)
}

// fileUsersEnabled says whether the dialog offers to take each file's
// annotator from its name: several JSONL files (or a zip of them) read as
// doccano's may be one user's each. The dialog proposes it, as `inkspan
// import` does it when no --annotator is given; a record that names its
// annotator keeps them, and the import uses it only for formats whose
// files are so named.
func (f *importForm) fileUsersEnabled() bool {
	if !f.severalFiles() {
		return false
	}
	switch f.format {
	case formats.FormatJSONL, formats.FormatDoccano:
		return true
	case formats.FormatAuto:
		return slices.ContainsFunc(f.paths, func(p string) bool { return formats.IsZip(p) || detectFormat(p) == formats.FormatJSONL })
	}
	return false
}

// addFile adds one picked file: the file chooser picks one at a time, so
// several files are chosen by picking again. A folder chosen before is
// dropped, since an import reads files or one folder, not both.
func (f *importForm) addFile(path string) {
	if len(f.paths) == 1 && isDir(f.paths[0]) {
		f.paths = nil
	}
	if !slices.Contains(f.paths, path) {
		f.paths = append(f.paths, path)
	}
	f.fileUsers = f.severalFiles()
}

// setFolder makes dir the only input.
func (f *importForm) setFolder(dir string) {
	f.paths = []string{dir}
}

// textColumnEnabled says whether the text column means anything for the
// chosen format, or, under auto, for any chosen file.
func (f *importForm) textColumnEnabled() bool {
	switch f.format {
	case formats.FormatCSV, formats.FormatTSV:
		return true
	case formats.FormatAuto:
		for _, p := range f.paths {
			if d := detectFormat(p); d == formats.FormatCSV || d == formats.FormatTSV {
				return true
			}
		}
	}
	return false
}

// conllEnabled says whether the CoNLL options mean anything: conll is
// chosen, or auto will read one of the chosen files as conll.
func (f *importForm) conllEnabled() bool {
	return f.reads(formats.FormatCoNLL)
}

// hfEnabled says whether the hf tag list applies. auto never reads a file
// as hf (hf data is .jsonl), so only choosing hf does.
func (f *importForm) hfEnabled() bool {
	return f.reads(formats.FormatHF)
}

// reads says whether the import will read some input as format: chosen,
// or detected by auto.
func (f *importForm) reads(format formats.Format) bool {
	if f.format == format {
		return true
	}
	if f.format != formats.FormatAuto {
		return false
	}
	for _, p := range f.paths {
		if detectFormat(p) == format {
			return true
		}
	}
	return false
}

// columns reads the CoNLL column fields; an error says which field and
// what it wants, in the dialog's words.
func (f *importForm) columns() (token int, tags []int, err error) {
	if s := strings.TrimSpace(f.tokenColumn); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return 0, nil, model.Errorf(model.EINVALID, "Token column: a column number from 1, such as 2, or empty to let the import guess.")
		}
		token = n
	}
	if s := strings.TrimSpace(f.tagColumns); s != "" {
		for _, part := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil || n < 1 {
				return 0, nil, model.Errorf(model.EINVALID, "Tag columns: column numbers from 1 separated by commas, such as 4 or 3,4, or empty for the last column.")
			}
			tags = append(tags, n)
		}
	}
	return token, tags, nil
}

// autoHint says, beside the format select, what auto will read the chosen
// inputs as; "" when a format is chosen explicitly.
func (f *importForm) autoHint() string {
	if f.format != formats.FormatAuto {
		return ""
	}
	if len(f.paths) == 0 {
		return "auto: by each file's extension"
	}
	if len(f.paths) == 1 && isDir(f.paths[0]) {
		return "auto: the folder's .txt files, as txt"
	}
	var seen []string
	for _, p := range f.paths {
		d := detectFormat(p)
		if d == "" {
			return fmt.Sprintf("auto cannot tell the format of %s", filepath.Base(p))
		}
		if !slices.Contains(seen, string(d)) {
			seen = append(seen, string(d))
		}
	}
	if len(f.paths) == 1 {
		return "auto reads it as " + seen[0]
	}
	return "auto reads them as " + strings.Join(seen, ", ")
}

// validate reports the first thing that keeps the form from being run,
// phrased as what to do about it. It checks only what the dialog can know:
// whether the files parse is the import's business.
func (f *importForm) validate() error {
	if len(f.paths) == 0 {
		return model.Errorf(model.EINVALID, "Choose the files or the folder to import.")
	}
	for _, p := range f.paths {
		if isDir(p) {
			if f.format != formats.FormatAuto && f.format != formats.FormatTxt && f.format != formats.FormatBrat {
				return model.Errorf(model.EINVALID, "%s is a folder: only txt and brat read folders. Choose the %s files instead.", filepath.Base(p), f.format)
			}
			continue
		}
		if f.format == formats.FormatAuto && detectFormat(p) == "" && !formats.IsZip(p) {
			return model.Errorf(model.EINVALID, "Cannot tell the format of %s from its name: choose a format.", filepath.Base(p))
		}
	}
	if strings.TrimSpace(f.annotator) == "" {
		return model.Errorf(model.EINVALID, "Say who made the spans in the input (annotator).")
	}
	if f.conllEnabled() {
		if _, _, err := f.columns(); err != nil {
			return err
		}
	}
	return nil
}

// request builds what the import is asked to do.
func (f *importForm) request() ImportRequest {
	col := strings.TrimSpace(f.textColumn)
	if col == "" {
		col = "text"
	}
	req := ImportRequest{
		Paths:        slices.Clone(f.paths),
		Format:       f.format,
		Annotator:    strings.TrimSpace(f.annotator),
		FileUsers:    f.fileUsers && f.fileUsersEnabled(),
		SkipInvalid:  f.skipInvalid,
		TextColumn:   col,
		Status:       f.status,
		OnConflict:   f.onConflict,
		AllowOverlap: f.allowOverlap,
	}
	// Options of formats the import will not read are left out, so the
	// request says only what matters (as the export's does).
	if f.conllEnabled() {
		req.TokenColumn, req.TagColumns, _ = f.columns()
		req.CoNLLDocuments = f.conllDocuments
	}
	if f.hfEnabled() {
		req.HFLabels = f.hfLabels
	}
	return req
}

// exportForm is the export dialog's data, kept apart from the widgets.
type exportForm struct {
	format    formats.Format
	annotator string // "" when all is set, or while nobody is chosen
	all       bool
	statuses  []model.Status
	split     string
	seed      string // as typed: validated, not silently read as 0
	scheme    formats.Scheme
	snap      bool
	skip      bool // leave out the spans that do not fit the tokens
	out       string
}

// newExportForm starts on the current annotator when they have annotated
// this project, on the only annotator if there is one, and on everybody
// when nobody has annotated yet (the export then writes an empty, valid
// file rather than failing on a choice that cannot be made).
func newExportForm(annotators []string, current string) *exportForm {
	f := &exportForm{format: formats.FormatProdigy, seed: "1", scheme: formats.SchemeIOB2}
	switch {
	case slices.Contains(annotators, current):
		f.annotator = current
	case len(annotators) == 1:
		f.annotator = annotators[0]
	case len(annotators) == 0:
		f.all = true
	}
	return f
}

// wantsFolder says whether the format writes a folder rather than a file.
func wantsFolder(format formats.Format) bool {
	return format == formats.FormatHF || format == formats.FormatBrat
}

// setFormat changes the format. An output chosen for the other kind (a
// file for a folder format, or the reverse) is dropped: writing a folder
// where a file was meant is never what the user chose.
func (f *exportForm) setFormat(format formats.Format) {
	if wantsFolder(format) != wantsFolder(f.format) {
		f.out = ""
	}
	f.format = format
}

// schemeEnabled says whether the tag scheme applies: only the formats that
// write token tags use it.
func (f *exportForm) schemeEnabled() bool {
	return f.format == formats.FormatCoNLL || f.format == formats.FormatHF
}

// snapEnabled says whether snapping, and leaving spans out, applies: only
// formats that write tokens can have spans off token boundaries.
func (f *exportForm) snapEnabled() bool {
	return f.format == formats.FormatCoNLL || f.format == formats.FormatHF || f.format == formats.FormatProdigy
}

// fieldError checks what is typed (seed, split): these are checked as the
// user types, and while one is wrong Export stays disabled.
func (f *exportForm) fieldError() error {
	seed, err := strconv.ParseInt(strings.TrimSpace(f.seed), 10, 64)
	if err != nil {
		return model.Errorf(model.EINVALID, "The seed must be a whole number, such as 1.")
	}
	if spec := strings.TrimSpace(f.split); spec != "" {
		if _, err := formats.ParseSplit(spec, seed); err != nil {
			return err
		}
	}
	return nil
}

// validate reports the first thing that keeps the form from being run.
func (f *exportForm) validate() error {
	if !slices.Contains(exportFormats, f.format) {
		return model.Errorf(model.EINVALID, "Choose a format to export as.")
	}
	if !f.all && f.annotator == "" {
		return model.Errorf(model.EINVALID, "Choose whose annotations to export, or every annotator's.")
	}
	for _, s := range f.statuses {
		if err := s.Validate(); err != nil {
			return err
		}
	}
	if err := f.fieldError(); err != nil {
		return err
	}
	if f.schemeEnabled() && !slices.Contains(schemes, f.scheme) {
		return model.Errorf(model.EINVALID, "Choose a tag scheme: iob1, iob2 or bioes.")
	}
	if f.out == "" {
		if wantsFolder(f.format) {
			return model.Errorf(model.EINVALID, "Choose the folder to write the %s export to.", f.format)
		}
		return model.Errorf(model.EINVALID, "Choose the file to write the export to.")
	}
	return nil
}

// request builds what the export is asked to do. Call it only after
// validate: a bad seed reads as 0. Options that do not apply to the format
// are left at their zero value, so the request says only what matters.
func (f *exportForm) request() ExportRequest {
	seed, _ := strconv.ParseInt(strings.TrimSpace(f.seed), 10, 64)
	req := ExportRequest{
		Format:   f.format,
		All:      f.all,
		Statuses: slices.Clone(f.statuses),
		Split:    strings.TrimSpace(f.split),
		Out:      f.out,
	}
	if !f.all {
		req.Annotator = f.annotator
	}
	if req.Split != "" {
		req.Seed = seed
	}
	if f.schemeEnabled() {
		req.Scheme = f.scheme
	}
	if f.snapEnabled() {
		req.Snap, req.Skip = f.snap, f.skip
	}
	return req
}

// outputHint says which files the export will write, which is not obvious
// with a split or a folder format.
func (f *exportForm) outputHint() string {
	var parts []string
	if s, err := formats.ParseSplit(strings.TrimSpace(f.split), 1); strings.TrimSpace(f.split) != "" && err == nil {
		for _, p := range s.Parts {
			parts = append(parts, p.Name)
		}
	}
	switch f.format {
	case formats.FormatHF:
		if len(parts) == 0 {
			return "Writes train.jsonl and labels.json; the folder is replaced as a whole when the export is complete."
		}
		return "Writes " + strings.Join(parts, ".jsonl, ") + ".jsonl and labels.json; the folder is replaced as a whole when the export is complete."
	case formats.FormatBrat:
		if len(parts) == 0 {
			return "Writes a .txt and an .ann file per document; the folder is replaced as a whole when the export is complete."
		}
		return "Writes .txt and .ann files into a subfolder per part (" + strings.Join(parts, ", ") + "); the folder is replaced as a whole when the export is complete."
	}
	if len(parts) == 0 {
		return ""
	}
	name := "data.jsonl"
	if f.out != "" {
		name = filepath.Base(f.out)
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	files := make([]string, len(parts))
	for i, p := range parts {
		files[i] = stem + "." + p + ext
	}
	return "Writes one file per part: " + strings.Join(files, ", ") + "."
}

// statusNames are the statuses as the check group shows them.
var statusNames = map[model.Status]string{
	model.StatusTodo:       "todo",
	model.StatusInProgress: "in progress",
	model.StatusDone:       "done",
	model.StatusSkipped:    "skipped",
}

// plural writes n and a noun, adding s when n is not 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// importSummary is the text the dialog shows after an import: the lines
// `inkspan import` prints on stdout, the messages they count listed below
// them instead of on stderr.
func importSummary(r ImportResult) string {
	lines := r.Lines("listed below", shownNames)
	if r.OverlapAllowed {
		lines = append(lines, "overlapping spans are now allowed in this project")
	}
	if r.OverlapSkipped {
		lines = append(lines, "overlapping spans were skipped: “Allow overlapping and nested spans in the project” imports them")
	}
	return strings.Join(lines, "\n")
}

// exportSummary is the text the dialog shows after an export.
func exportSummary(req ExportRequest, r ExportResult) string {
	head := fmt.Sprintf("Exported %s of %s as %s", plural(r.Records, "record"), plural(r.Documents, "document"), req.Format)
	var lines []string
	switch len(r.Written) {
	case 0:
		lines = append(lines, head+" to "+req.Out+".")
	case 1:
		lines = append(lines, head+" to "+r.Written[0]+".")
	default:
		lines = append(lines, head+" to:")
		for _, w := range r.Written {
			lines = append(lines, "    "+w)
		}
	}
	if r.Snapped > 0 {
		verb := "spans were"
		if r.Snapped == 1 {
			verb = "span was"
		}
		lines = append(lines, fmt.Sprintf("%d %s widened to token boundaries.", r.Snapped, verb))
	}
	if r.RelationsLeftOut > 0 {
		lines = append(lines, fmt.Sprintf("%s between spans left out: %s cannot carry relations.", plural(r.RelationsLeftOut, "relation"), req.Format))
	}
	if line := formats.AttributesLeftOutLine(r.AttributesLeftOut); line != "" {
		lines = append(lines, fmt.Sprintf("%s: %s cannot carry them.", line, req.Format))
	}
	lines = append(lines, skippedLines(r)...)
	return strings.Join(lines, "\n")
}

// shownSkipped is how many spans left out the summary names one by one:
// enough to see what went wrong, few enough for a dialog.
const shownSkipped = 10

// skippedLines says which spans the export left out (SkipMisaligned):
// their count, then each with its document, offsets, label and quoted
// text (and why, when it is more than being off token boundaries).
func skippedLines(r ExportResult) []string {
	if len(r.Skipped) == 0 {
		return nil
	}
	head := fmt.Sprintf("%s left out: they do not fit the tokens", plural(len(r.Skipped), "span"))
	if r.SkippedRelations > 0 {
		head += fmt.Sprintf(" (with %s)", plural(r.SkippedRelations, "relation"))
	}
	lines := []string{head + ":"}
	for i, s := range r.Skipped {
		if i == shownSkipped {
			lines = append(lines, fmt.Sprintf("    and %d more", len(r.Skipped)-shownSkipped))
			break
		}
		line := fmt.Sprintf("    %s [%d, %d) %s %q", s.Document, s.Start, s.End, s.Label, s.Text)
		if s.Reason != "" {
			line += " (" + s.Reason + ")"
		}
		lines = append(lines, model.Printable(line))
	}
	return lines
}
