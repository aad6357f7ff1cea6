package formats_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// Fuzz targets for the importers, one per reader. Each target writes the
// fuzzer's bytes to files in a temporary folder, reads them through
// formats.Open as an import does, and holds every answer to the contract of
// formats.Reader: a record has valid UTF-8 text and spans inside it, an
// error is an *model.InputError naming the file (and, for a bad record, its line),
// and the reader reaches io.EOF and stays there. On top of that, each target
// checks what its format promises (see the targets).
//
// The corpus starts from real files kept in testdata/fuzz-seeds (their
// sources are in the README there) and from f.Add entries for the corners
// those files do not reach. `go test` runs only the corpus; to fuzz:
//
//	go test -run '^$' -fuzz '^FuzzJSONL$' -fuzztime 10m -parallel 1 ./model/formats/
//
// A crasher the fuzzer finds lands in testdata/fuzz/FuzzX/ and stays there
// as a regression test.

// fuzzSeedDir holds the real files the corpus starts from.
const fuzzSeedDir = "testdata/fuzz-seeds"

// partSep splits one fuzz input into two files for the formats that need
// two (brat's .ann and .txt, Hugging Face data and its labels.json). NUL
// almost never occurs in text files, so a mutation rarely splits a file by
// accident.
const partSep = "\x00"

// readDeadline bounds one input: a reader that loops forever must fail the
// fuzzer rather than stall it, and the largest inputs take milliseconds.
const readDeadline = 20 * time.Second

// seedFiles returns the contents of the files in testdata/fuzz-seeds/dir
// whose names end in one of exts, by name. A missing folder fails: the
// corpus would silently lose its real files.
func seedFiles(f *testing.F, dir string, exts ...string) map[string][]byte {
	f.Helper()
	entries, err := os.ReadDir(filepath.Join(fuzzSeedDir, dir))
	if err != nil {
		f.Fatalf("seed files: %v", err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		name := e.Name()
		keep := len(exts) == 0
		for _, ext := range exts {
			keep = keep || strings.HasSuffix(name, ext)
		}
		if !keep || e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(fuzzSeedDir, dir, name))
		if err != nil {
			f.Fatal(err)
		}
		files[name] = data
	}
	if len(files) == 0 {
		f.Fatalf("no seed files in %s/%s", fuzzSeedDir, dir)
	}
	return files
}

// sortedNames gives map keys in a fixed order, so the corpus is the same on
// every run.
func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// fuzzInput is one import to check: the files written for it and what the
// records and errors may point at.
type fuzzInput struct {
	format  formats.Format
	opts    formats.Options
	path    string // the file given to Open
	data    []byte // its content
	others  map[string][]byte
	whole   bool // a record is a whole file (Line 0) rather than a line of it
	perLine bool // every non-blank line is one record or one error, in order
}

// fuzzItem is one answer of Next.
type fuzzItem struct {
	rec *formats.Record
	err *model.InputError
}

// lineCount is the number of lines a line number can point at.
func lineCount(data []byte) int { return bytes.Count(data, []byte{'\n'}) + 1 }

// readFuzz reads in through formats.Open and checks every answer against
// the Reader contract. It returns the answers for the format's own checks.
func readFuzz(t *testing.T, in fuzzInput) []fuzzItem {
	t.Helper()
	watchdog := time.AfterFunc(readDeadline, func() {
		// Next runs on the test goroutine and cannot be interrupted: a
		// panic takes the process down, and the fuzzer keeps the input.
		panic("formats: reading " + string(in.format) + " did not finish within " + readDeadline.String())
	})
	defer watchdog.Stop()

	r, err := formats.OpenPaths([]string{in.path}, in.format, in.opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	// Each answer consumes at least one byte of input (a line, a row, a
	// task), so more answers than bytes means the reader is going round.
	limit := len(in.data) + 2
	var items []fuzzItem
	for {
		rec, err := r.Next()
		if err == io.EOF {
			if rec != nil {
				t.Fatalf("Next returned a record with io.EOF")
			}
			break
		}
		if err != nil {
			if rec != nil {
				t.Fatalf("Next returned a record and an error: %v", err)
			}
			ie, ok := err.(*model.InputError)
			if !ok {
				t.Fatalf("Next: %v (%T), want an *model.InputError", err, err)
			}
			checkFuzzError(t, in, ie)
			items = append(items, fuzzItem{err: ie})
		} else {
			if rec == nil {
				t.Fatal("Next returned neither a record nor an error")
			}
			checkFuzzRecord(t, in, rec)
			items = append(items, fuzzItem{rec: rec})
		}
		if len(items) > limit {
			t.Fatalf("Next gave %d answers for %d bytes without reaching io.EOF", len(items), len(in.data))
		}
	}
	for i := 0; i < 2; i++ {
		if rec, err := r.Next(); err != io.EOF || rec != nil {
			t.Fatalf("Next after io.EOF = %v, %v; want nil, io.EOF", rec, err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if rec, err := r.Next(); err == nil || err == io.EOF || rec != nil {
		t.Fatalf("Next after Close = %v, %v; want an error", rec, err)
	}
	if in.perLine {
		checkPerLine(t, in, items)
	}
	return items
}

func checkFuzzError(t *testing.T, in fuzzInput, e *model.InputError) {
	t.Helper()
	if e.Msg == "" || !utf8.ValidString(e.Msg) {
		t.Fatalf("error message %q is empty or not valid UTF-8", e.Msg)
	}
	if !strings.HasPrefix(e.Error(), e.File) {
		t.Fatalf("Error() = %q does not start with the file %q", e.Error(), e.File)
	}
	var lines int
	switch data, other := in.others[e.File]; {
	case e.File == in.path:
		lines = lineCount(in.data)
	case other:
		lines = lineCount(data)
	default:
		t.Fatalf("error names %q, which is not an input of this import: %v", e.File, e)
	}
	if e.Line < 0 || e.Line > lines {
		t.Fatalf("error points at line %d of a file of %d lines: %v", e.Line, lines, e)
	}
	if !e.Fatal && e.File == in.path && e.Line < 1 {
		// A record's error must say where the record is, or the user
		// cannot find it; only errors about a whole file have no line.
		t.Fatalf("a record's error has no line: %v", e)
	}
}

func checkFuzzRecord(t *testing.T, in fuzzInput, rec *formats.Record) {
	t.Helper()
	if rec.Source != in.path {
		t.Fatalf("record Source = %q, want %q", rec.Source, in.path)
	}
	if in.whole {
		if rec.Line != 0 {
			t.Fatalf("record of a whole file has Line %d", rec.Line)
		}
	} else if n := lineCount(in.data); rec.Line < 1 || rec.Line > n {
		t.Fatalf("record at line %d of a file of %d lines", rec.Line, n)
	}
	where := rec.Where()
	if !utf8.ValidString(rec.Text) {
		t.Fatalf("%s: text is not valid UTF-8: %q", where, rec.Text)
	}
	if strings.TrimFunc(rec.Text, unicode.IsSpace) == "" {
		t.Fatalf("%s: text is empty or blank: %q", where, rec.Text)
	}
	runes := utf8.RuneCountInString(rec.Text)
	if runes > model.MaxDocumentRunes {
		t.Fatalf("%s: text has %d characters, over the limit", where, runes)
	}
	if rec.ExternalID == "" || !utf8.ValidString(rec.ExternalID) {
		t.Fatalf("%s: ExternalID %q is empty or not valid UTF-8", where, rec.ExternalID)
	}
	if !utf8.ValidString(rec.Annotator) || !utf8.ValidString(rec.Note) {
		t.Fatalf("%s: annotator %q or note %q is not valid UTF-8", where, rec.Annotator, rec.Note)
	}
	if rec.Meta != nil {
		if err := model.ValidateMeta(rec.Meta); err != nil || !utf8.Valid(rec.Meta) {
			t.Fatalf("%s: Meta %q is not a JSON object in UTF-8", where, rec.Meta)
		}
	}
	for i, s := range rec.Spans {
		if s.Start < 0 || s.Start >= s.End || s.End > runes {
			t.Fatalf("%s: span %d [%d, %d) is not inside a text of %d characters", where, i, s.Start, s.End, runes)
		}
		if s.Label == "" || !utf8.ValidString(s.Label) || !utf8.ValidString(s.Note) {
			t.Fatalf("%s: span %d has label %q, note %q", where, i, s.Label, s.Note)
		}
	}
}

// fuzzLines splits data as the line readers do: at "\n", without a "\r"
// before it, and without a byte order mark on line 1.
func fuzzLines(data []byte) [][]byte {
	lines := bytes.Split(data, []byte{'\n'})
	for i, l := range lines {
		l = bytes.TrimSuffix(l, []byte{'\r'})
		if i == 0 {
			l = bytes.TrimPrefix(l, []byte("\xEF\xBB\xBF"))
		}
		lines[i] = l
	}
	return lines
}

func isBlankJSONLine(l []byte) bool { return len(bytes.Trim(l, " \t\r\n")) == 0 }

// checkPerLine holds a line-per-record reader to its shape: each non-blank
// line gives exactly one answer, in file order, pointing at that line, until
// a Fatal error ends the file.
func checkPerLine(t *testing.T, in fuzzInput, items []fuzzItem) {
	t.Helper()
	var want []int
	for i, l := range fuzzLines(in.data) {
		if !isBlankJSONLine(l) {
			want = append(want, i+1)
		}
	}
	// A bad span left out of its record is an error of its own
	// (model.InputError.Part) before the line's answer, at the same line.
	n := 0 // answers other than those
	for i, it := range items {
		line := 0
		if it.rec != nil {
			line = it.rec.Line
		} else {
			line = it.err.Line
		}
		if n >= len(want) || line != want[n] {
			t.Fatalf("answer %d points at line %d; the non-blank lines are %v", i+1, line, want)
		}
		if it.err != nil && it.err.Part {
			if i+1 == len(items) {
				t.Fatalf("line %d: an error for a bad span, then no record", line)
			}
			continue
		}
		if it.err != nil && it.err.Fatal {
			return
		}
		n++
	}
	if n != len(want) {
		t.Fatalf("%d answers for %d non-blank lines", n, len(want))
	}
}

// checkRoundTrip writes the records as doccano JSONL, with encoding/json,
// and reads them back: whatever one importer accepts must come through the
// JSONL importer unchanged, since that is how projects move between tools.
func checkRoundTrip(t *testing.T, dir string, items []fuzzItem) {
	t.Helper()
	var recs []*formats.Record
	var buf bytes.Buffer
	for _, it := range items {
		if it.rec == nil {
			continue
		}
		rec := it.rec
		line := map[string]any{"text": rec.Text, "id": rec.ExternalID}
		if rec.Annotator != "" {
			line["_annotator_id"] = rec.Annotator
		}
		if rec.Note != "" {
			line[formats.NoteKey] = rec.Note
		}
		if rec.Meta != nil {
			line["meta"] = rec.Meta
		}
		spans := make([][]any, 0, len(rec.Spans))
		for _, s := range rec.Spans {
			spans = append(spans, []any{s.Start, s.End, s.Label})
		}
		line["label"] = spans
		b, err := json.Marshal(line)
		if err != nil {
			t.Fatalf("%s: cannot write the record as JSON: %v", rec.Where(), err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
		recs = append(recs, rec)
	}
	if len(recs) == 0 {
		return
	}
	path := writeFuzzFile(t, dir, "again.jsonl", buf.Bytes())
	back := readFuzz(t, fuzzInput{format: formats.FormatJSONL, path: path, data: buf.Bytes(), perLine: true})
	if len(back) != len(recs) {
		t.Fatalf("read %d answers back for %d records", len(back), len(recs))
	}
	for i, it := range back {
		want := recs[i]
		if it.err != nil {
			t.Fatalf("%s does not read back as JSONL: %v", want.Where(), it.err)
		}
		got := it.rec
		if got.Text != want.Text || got.ExternalID != want.ExternalID || got.Annotator != want.Annotator || got.Note != want.Note {
			t.Fatalf("%s reads back as text %q, id %q, annotator %q, note %q; want %q, %q, %q, %q", want.Where(),
				got.Text, got.ExternalID, got.Annotator, got.Note, want.Text, want.ExternalID, want.Annotator, want.Note)
		}
		if len(got.Spans) != len(want.Spans) {
			t.Fatalf("%s reads back with %d spans, want %d", want.Where(), len(got.Spans), len(want.Spans))
		}
		for k, s := range got.Spans {
			w := want.Spans[k]
			if s.Start != w.Start || s.End != w.End || s.Label != w.Label {
				t.Fatalf("%s: span %d reads back as [%d, %d) %q, want [%d, %d) %q", want.Where(), k, s.Start, s.End, s.Label, w.Start, w.End, w.Label)
			}
		}
		if !sameJSON(got.Meta, want.Meta) {
			t.Fatalf("%s: Meta reads back as %s, want %s", want.Where(), got.Meta, want.Meta)
		}
	}
}

// sameJSON compares two JSON values by content; nil only equals nil.
func sameJSON(a, b json.RawMessage) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// removeFuzzFile deletes dir/name, left by an earlier input, if it is there.
func removeFuzzFile(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
}

// writeFuzzFile writes one input file into dir. The targets reuse one folder
// for every input (f.TempDir): a folder per input would cost more than
// reading it.
func writeFuzzFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// FuzzJSONL reads Prodigy and doccano JSONL (and the Hugging Face lines a
// .jsonl may hold). Beyond the contract: one answer per non-blank line, a
// record only for a line encoding/json accepts, with the text and id
// encoding/json decodes from it (the reader has its own scanner).
func FuzzJSONL(f *testing.F) {
	files := seedFiles(f, "jsonl", ".jsonl")
	for _, name := range sortedNames(files) {
		f.Add(files[name])
	}
	for _, s := range []string{
		// Corners of the fields the reader understands.
		`{"text":"Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.","spans":[{"start":10,"end":17,"label":"ACTOR"}],"_annotator_id":"ann-1","meta":{"id":"story-7"}}`,
		`{"text":"caf\u00e9 \ud83c\uddf9\ud83c\uddf7 ok","label":[[0,4,"PLACE"],[5,7,"FLAG"]],"id":12}`,
		`{"text":"x y","labels":[[0,1,"A"]],"answer":"reject","annotator_note":"unsure"}`,
		"\xEF\xBB\xBF{\"text\":\"bom\",\"id\":\"\"}\r\n\r\n{\"text\":\"second\",\"entities\":[{\"start_offset\":0,\"end_offset\":6,\"label\":\"L\"}]}\n",
		`{"tokens":["EU","rejects","German"],"ner_tags":["B-ORG","O","B-MISC"]}`,
		`{"text":"dup","text":"last wins","source":"wire","meta":{"source":"meta wins"}}`,
		`{"text":"\ud800 lone surrogate","label":[[0,1,"X"]]}`,
		`["not","an","object"]`,
		`{"text":"a","spans":[{"start":0,"end":1.0,"label":"X"}]}`,
		// A Prodigy review: versions with their sessions, one rejected.
		`{"text":"Smad and Id1","spans":[{"start":0,"end":4,"label":"GGP","token_end":0}],"answer":"accept","_session_id":"r-carol","versions":[{"text":"Smad and Id1","spans":[{"start":0,"end":4,"label":"GGP","token_end":0}],"relations":[],"sessions":["s-a","s-b"],"default":true},{"spans":[],"answer":"reject","_session_id":"s-c"}]}`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := writeFuzzFile(t, dir, "in.jsonl", data)
		in := fuzzInput{format: formats.FormatJSONL, path: path, data: data, perLine: true}
		items := readFuzz(t, in)
		lines := fuzzLines(data)
		for _, it := range items {
			if it.rec == nil {
				continue
			}
			checkJSONLRecord(t, it.rec, lines[it.rec.Line-1])
		}
		checkRoundTrip(t, dir, items)
	})
}

// checkJSONLRecord compares a record with what encoding/json reads from its
// line.
func checkJSONLRecord(t *testing.T, rec *formats.Record, line []byte) {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil || obj == nil {
		t.Fatalf("%s: a record from a line encoding/json rejects (%v): %q", rec.Where(), err, line)
	}
	raw, ok := obj["text"]
	if !ok {
		if _, hf := obj["ner_tags"]; hf {
			return // a Hugging Face line: FuzzHF checks those
		}
		t.Fatalf("%s: a record from a line without \"text\": %q", rec.Where(), line)
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		t.Fatalf("%s: a record whose \"text\" is not a string (%v): %q", rec.Where(), err, line)
	}
	if text != rec.Text {
		t.Fatalf("%s: text %q, but encoding/json reads %q", rec.Where(), rec.Text, text)
	}
	var id string
	if raw, ok := obj["id"]; ok && json.Unmarshal(raw, &id) == nil && id != "" && id != rec.ExternalID {
		t.Fatalf("%s: ExternalID %q, but encoding/json reads the id %q", rec.Where(), rec.ExternalID, id)
	}
}

// FuzzCSV reads the input as CSV and again as TSV. Beyond the contract: a
// record's text is its row's text column as encoding/csv reads it, and every
// record reads back through JSONL.
func FuzzCSV(f *testing.F) {
	files := seedFiles(f, "csv", ".csv", ".tsv")
	for _, name := range sortedNames(files) {
		f.Add(files[name])
	}
	for _, s := range []string{
		"id,text,source\n1,\"Putin met Erdoğan\",wire\n2,\"multi\nline \"\"quoted\"\"\",\n",
		"\xEF\xBB\xBFText\tlang\tnote\nBonjour 🇫🇷\tfr\t\"stray quote\n",
		"text,text\na,b\n",
		"TEXT,Text\na,b\n",
		"text,,\nhello,,x\n  ,a,b\nshort\n",
		"text\n\"unterminated\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []formats.Format{formats.FormatCSV, formats.FormatTSV} {
			path := writeFuzzFile(t, dir, "in."+string(format), data)
			items := readFuzz(t, fuzzInput{format: format, path: path, data: data})
			for _, it := range items {
				if it.rec != nil && it.rec.Spans != nil {
					t.Fatalf("%s: CSV has no spans, but the record has %v", it.rec.Where(), it.rec.Spans)
				}
			}
			checkRoundTrip(t, dir, items)
		}
	})
}

// FuzzCoNLL reads CoNLL-2003 columns. Beyond the contract: the text is
// rebuilt from tokens joined by spaces, so every span starts and ends at a
// token boundary, next to a space or an end of the text.
func FuzzCoNLL(f *testing.F) {
	files := seedFiles(f, "conll")
	for _, name := range sortedNames(files) {
		f.Add(files[name])
	}
	for _, s := range []string{
		"-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\n-DOCSTART- -X- O O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n",
		"Erdoğan\tB-ACTOR\nin\tO\nMoscow\tS-PLACE\n🇹🇷\tU-FLAG\n\nNew\tB-LOC\nYork\tE-LOC\n",
		"a I-X\nb I-X\n\nc I-Y\n",
		"only-one-column\nok O\n-DOCSTART-\nx B-\n",
		"\xEF\xBB\xBFtoken\t \t B-X \r\n\r\n",
		"\u00a0 O\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := writeFuzzFile(t, dir, "in.conll", data)
		items := readFuzz(t, fuzzInput{format: formats.FormatCoNLL, path: path, data: data})
		for _, it := range items {
			if it.rec == nil {
				continue
			}
			runes := []rune(it.rec.Text)
			for _, s := range it.rec.Spans {
				if (s.Start > 0 && runes[s.Start-1] != ' ') || (s.End < len(runes) && runes[s.End] != ' ') {
					t.Fatalf("%s: span [%d, %d) %q is not on token boundaries of %q", it.rec.Where(), s.Start, s.End, string(runes[s.Start:s.End]), it.rec.Text)
				}
				if strings.ContainsRune(string(runes[s.Start:s.End]), '\n') {
					t.Fatalf("%s: span [%d, %d) crosses a line break", it.rec.Where(), s.Start, s.End)
				}
			}
		}
		checkRoundTrip(t, dir, items)
	})
}

// FuzzBrat reads one brat document. The input is the .ann file, then NUL,
// then the .txt file (no NUL: no .txt at all). Beyond the contract: exactly
// one answer, a record or an error, and every span of the record cuts out of
// the text what its T line says it does.
func FuzzBrat(f *testing.F) {
	anns := seedFiles(f, "brat", ".ann")
	txts := seedFiles(f, "brat", ".txt")
	for _, name := range sortedNames(anns) {
		txt, ok := txts[strings.TrimSuffix(name, ".ann")+".txt"]
		if !ok {
			f.Fatalf("seed %s has no .txt", name)
		}
		f.Add(append(append(append([]byte(nil), anns[name]...), partSep...), txt...))
	}
	const text = "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.\nSecond line\ttab."
	for _, ann := range []string{
		"T1\tACTOR 0 5\tPutin\nT2\tACTOR 10 17\tErdoğan\nT3\tFLAG 46 48\t🇹🇷\n#1\tAnnotatorNotes T2\tPresident\n#2\tAnnotatorNotes T2\tsecond line\nR1\tMeets Arg1:T1 Arg2:T2\n",
		"T1\tPLACE 21 27;30 31\tMoscow 4\n",
		"T1\tA%3bB 0 5\tPutin\nT2\t100%25%2 10 17\tErdoğan\n",
		"T1\tX 48 61\t. Second line\n",
		"T1\tX 0 5\tPutin\nT1\tY 0 5\tPutin\n",
		"T1\tX -1 5\tPutin\n\n\nE1\tX:T1\nA1\tNeg E1\n*\tEquiv T1 T1\nN1\tReference T1 Wiki:1\tPutin\n",
		"#1\tAnnotatorNotes T9\tnobody\n",
		"X1\tnot a line\n",
		"T1\tACTOR 0 5\tPutin\nA1\tNegated T1\nM2\tRole T1 Head%20of%2Cstate\nA3\tRole T1 guest\t\n#1\tAnnotatorNotes A1\tsure\n",
		"T1\tACTOR 0 5\tPutin\nA1\tNegated T1\nA2\tNegated T1 yes\nA3\tX T9\n",
	} {
		f.Add([]byte(ann + partSep + text))
	}
	f.Add([]byte("T1\tX 0 1\ta\n" + partSep + "\xEF\xBB\xBFa"))
	f.Add([]byte("T1\tX 0 1\ta\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		ann, txt, hasTxt := bytes.Cut(data, []byte(partSep))
		path := writeFuzzFile(t, dir, "doc.ann", ann)
		in := fuzzInput{format: formats.FormatBrat, path: path, data: ann, whole: true, others: map[string][]byte{}}
		if hasTxt {
			in.others[writeFuzzFile(t, dir, "doc.txt", txt)] = txt
		} else {
			removeFuzzFile(t, dir, "doc.txt")
		}
		items := readFuzz(t, in)
		// A document is one answer, a record or an error, after an error
		// for each bad span left out of it (model.InputError.Part).
		if len(items) == 0 {
			t.Fatalf("no answer for a brat document")
		}
		for _, it := range items[:len(items)-1] {
			if it.err == nil || !it.err.Part {
				t.Fatalf("%d answers for one brat document, want 1 after the errors of its bad spans: %+v", len(items), items)
			}
		}
		if last := items[len(items)-1]; len(items) > 1 && last.rec == nil {
			t.Fatalf("errors for bad spans, then no record: %+v", items)
		}
		if rec := items[len(items)-1].rec; rec != nil {
			if rec.Text != string(txt) {
				t.Fatalf("text %q, want the .txt as it is, %q", rec.Text, txt)
			}
			checkBratSpans(t, rec, ann)
			checkBratRewrite(t, rec)
		}
		checkRoundTrip(t, dir, items)
	})
}

// checkBratRewrite writes a record read from brat back as brat and reads
// it again: every span comes back with its offsets, label and attributes.
func checkBratRewrite(t *testing.T, rec *formats.Record) {
	t.Helper()
	out := t.TempDir()
	w, err := formats.NewBratWriter(formats.DiskFolder(out), formats.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&formats.Annotation{Document: model.Document{ID: "d", ExternalID: "doc", Text: rec.Text}, Spans: rec.Spans}); err != nil {
		t.Fatalf("writing what was read: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	back := readOne(t, filepath.Join(out, "doc.ann"), formats.FormatBrat).Spans
	if len(back) != len(rec.Spans) {
		t.Fatalf("%d spans came back of %d", len(back), len(rec.Spans))
	}
	for i, s := range rec.Spans {
		b := back[i]
		if b.Start != s.Start || b.End != s.End || b.Label != s.Label || !b.Attributes.Equal(s.Attributes) {
			t.Fatalf("span %d came back as [%d, %d) %s %+v, want [%d, %d) %s %+v", i, b.Start, b.End, b.Label, b.Attributes, s.Start, s.End, s.Label, s.Attributes)
		}
	}
}

// checkBratSpans checks each span against the T lines of ann: there is one
// with its offsets and label, and the text it gives is what the span cuts out
// (brat writes line breaks and tabs inside a span as spaces).
func checkBratSpans(t *testing.T, rec *formats.Record, ann []byte) {
	t.Helper()
	type tLine struct {
		start, end int
		label      string
	}
	texts := map[tLine][]string{}
	for _, l := range fuzzLines(ann) {
		fields := strings.SplitN(string(l), "\t", 3)
		if len(fields) < 3 || !strings.HasPrefix(fields[0], "T") {
			continue
		}
		var k tLine
		parts := strings.Fields(fields[1])
		if len(parts) != 3 {
			continue
		}
		k.label = bratLabel(parts[0])
		var err1, err2 error
		k.start, err1 = strconv.Atoi(parts[1])
		k.end, err2 = strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil {
			continue
		}
		texts[k] = append(texts[k], fields[2])
	}
	runes := []rune(rec.Text)
	oneLine := strings.NewReplacer("\n", " ", "\r", " ", "\t", " ")
	for _, s := range rec.Spans {
		got := oneLine.Replace(string(runes[s.Start:s.End]))
		found := false
		for _, want := range texts[tLine{s.Start, s.End, s.Label}] {
			found = found || oneLine.Replace(want) == got
		}
		if !found {
			t.Fatalf("span [%d, %d) %s cutting %q matches no T line of the .ann", s.Start, s.End, s.Label, got)
		}
	}
}

// bratLabel decodes a T line's label field: the writer escapes ';' (brat's
// fragment separator) as %3B and '%' as %25, in either case; every other
// byte, a lone '%' included, stands for itself.
func bratLabel(field string) string {
	var b strings.Builder
	for i := 0; i < len(field); i++ {
		if field[i] == '%' && i+2 < len(field) {
			switch esc := strings.ToUpper(field[i+1 : i+3]); esc {
			case "25", "3B":
				b.WriteByte(map[string]byte{"25": '%', "3B": ';'}[esc])
				i += 2
				continue
			}
		}
		b.WriteByte(field[i])
	}
	return b.String()
}

// FuzzLabelStudio reads a Label Studio JSON export. Beyond the contract:
// a record's text is a string of its task's data as encoding/json reads it.
func FuzzLabelStudio(f *testing.F) {
	files := seedFiles(f, "labelstudio", ".json")
	for _, name := range sortedNames(files) {
		data := files[name]
		f.Add(data)
		if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
			// One task, as Label Studio keeps it per file: as a list it is
			// an export of one task.
			f.Add(append(append([]byte("["), data...), ']'))
		}
	}
	for _, s := range []string{
		`[{"id":7,"data":{"text":"Putin met Erdoğan 🇹🇷 in Moscow.","external_id":"story-7","source":"wire"},"annotations":[{"completed_by":3,"result":[{"id":"r1","type":"labels","value":{"start":10,"end":17,"text":"Erdoğan","labels":["ACTOR"]}},{"id":"r2","type":"labels","value":{"start":18,"end":22,"labels":["FLAG"]},"meta":{"text":["a note"]}}],"meta":{"note":"checked"}},{"was_cancelled":true,"result":[]}]}]`,
		`[{"data":{"content":"only one string field","n":3}}, {"text":"a task without data","id":"x"}]`,
		`[{"data":{"text":"🇹🇷 flag"},"completions":[{"completed_by":{"email":"a@b.c"},"result":[{"type":"labels","value":{"start":0,"end":4,"labels":["FLAG"]}}]}]}]`,
		`[{"data":{"text":"bad"},"annotations":[{"result":[{"type":"labels","value":{"start":0,"end":9,"labels":["X"]}}]}]}] trailing`,
		"\xEF\xBB\xBF[\n{\"data\":{\"text\":\"a\"}},\n{\"data\":{\"text\":\"b\"}}\n",
		`{"data":{"text":"not a list"}}`,
		`[{"data":{"a":"x","b":"y"}},1,[],{"data":"text"}]`,
		`[{"Data":{"text":"not the data"},"ID":5,"text":"a task without data","Annotations":[]}]`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := writeFuzzFile(t, dir, "export.json", data)
		items := readFuzz(t, fuzzInput{format: formats.FormatLabelStudio, path: path, data: data})
		if len(items) > 0 {
			checkLabelStudioTexts(t, data, items)
		}
		checkRoundTrip(t, dir, items)
	})
}

// checkLabelStudioTexts checks that each record's text is one of the
// strings in the data of the export's tasks, as encoding/json decodes them.
func checkLabelStudioTexts(t *testing.T, data []byte, items []fuzzItem) {
	t.Helper()
	var tasks []json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	if dec.Decode(&tasks) != nil {
		return // the reader streams, so a broken end still gives the tasks before it
	}
	strs := map[string]bool{}
	for _, raw := range tasks {
		var task map[string]json.RawMessage
		if json.Unmarshal(raw, &task) != nil {
			continue
		}
		fields := task
		var inner map[string]json.RawMessage
		if d, ok := task["data"]; ok && json.Unmarshal(d, &inner) == nil && inner != nil {
			fields = inner
		}
		for _, v := range fields {
			var s string
			if json.Unmarshal(v, &s) == nil {
				strs[s] = true
			}
		}
	}
	for _, it := range items {
		if it.rec != nil && !strs[it.rec.Text] {
			t.Fatalf("%s: text %q is none of the tasks' strings", it.rec.Where(), it.rec.Text)
		}
	}
}

// FuzzHF reads Hugging Face token classification JSONL. The input is the
// data, then NUL, then labels.json (no NUL: no labels.json). Beyond the
// contract: one answer per non-blank line, and a record's text is its
// tokens, as encoding/json reads them, joined as "ws" (or single spaces)
// says, with every span on token boundaries.
func FuzzHF(f *testing.F) {
	files := seedFiles(f, "hf")
	labels := files["labels.json"]
	for _, name := range sortedNames(files) {
		if name == "labels.json" {
			continue
		}
		f.Add(files[name])
		f.Add(append(append(append([]byte(nil), files[name]...), partSep...), labels...))
	}
	for _, s := range []string{
		`{"id":0,"tokens":["Putin","met","Erdoğan","🇹🇷","."],"ner_tags":[1,0,1,5,0],"ws":[true,true,true,false,false]}` + partSep + `["O","B-ACTOR","I-ACTOR","B-PLACE","I-PLACE","B-FLAG"]`,
		`{"tokens":["New","York","\u00e9t\u00e9"],"ner_tags":["B-LOC","E-LOC","S-X"],"whitespace":[true,true,true],"annotator_note":"n"}`,
		`{"tokens":["a b"],"ner_tags":["O"]}` + "\n" + `{"tokens":[],"ner_tags":[]}` + "\n" + `{"tokens":["x"],"ner_tags":[9]}`,
		`{"tokens":["x"],"ner_tags":[0]}` + partSep + `{"not":"a list"}`,
		`{"tokens":["x","y"],"ner_tags":["I-A","I-A"],"id":"","pos_tags":[1,2]}`,
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		jsonl, labelsJSON, hasLabels := bytes.Cut(data, []byte(partSep))
		path := writeFuzzFile(t, dir, "train.jsonl", jsonl)
		in := fuzzInput{format: formats.FormatHF, path: path, data: jsonl, perLine: true}
		if hasLabels {
			writeFuzzFile(t, dir, "labels.json", labelsJSON)
		} else {
			removeFuzzFile(t, dir, "labels.json")
		}
		items := readFuzz(t, in)
		lines := fuzzLines(jsonl)
		for _, it := range items {
			if it.rec != nil {
				checkHFRecord(t, it.rec, lines[it.rec.Line-1])
			}
		}
		checkRoundTrip(t, dir, items)
	})
}

// checkHFRecord rebuilds a record's text from its line with encoding/json.
func checkHFRecord(t *testing.T, rec *formats.Record, line []byte) {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil || obj == nil {
		t.Fatalf("%s: a record from a line encoding/json rejects (%v): %q", rec.Where(), err, line)
	}
	var tokens []string
	if err := json.Unmarshal(obj["tokens"], &tokens); err != nil {
		t.Fatalf("%s: a record whose tokens are not a list of strings (%v): %q", rec.Where(), err, line)
	}
	var ws []bool
	wsRaw, ok := obj["ws"]
	if !ok {
		wsRaw = obj["whitespace"]
	}
	if wsRaw != nil && string(wsRaw) != "null" {
		if err := json.Unmarshal(wsRaw, &ws); err != nil {
			t.Fatalf("%s: a record whose ws is not a list of booleans (%v): %q", rec.Where(), err, line)
		}
	}
	var sb strings.Builder
	var bounds []int // code-point offsets where tokens start and end
	n := 0
	for i, tok := range tokens {
		if i > 0 && (ws == nil || ws[i-1]) {
			sb.WriteByte(' ')
			n++
		}
		bounds = append(bounds, n)
		sb.WriteString(tok)
		n += utf8.RuneCountInString(tok)
		bounds = append(bounds, n)
	}
	if sb.String() != rec.Text {
		t.Fatalf("%s: text %q, but the tokens make %q", rec.Where(), rec.Text, sb.String())
	}
	for _, s := range rec.Spans {
		i := sort.SearchInts(bounds, s.Start)
		j := sort.SearchInts(bounds, s.End)
		if i == len(bounds) || bounds[i] != s.Start || j == len(bounds) || bounds[j] != s.End {
			t.Fatalf("%s: span [%d, %d) is not on token boundaries %v", rec.Where(), s.Start, s.End, bounds)
		}
	}
}
