package formats_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// The brat .ann of the formats notes, verbatim.
const bratExample = "T1\tACTOR 0 5\tPutin\n" +
	"T2\tACTOR 10 17\tErdoğan\n" +
	"T3\tPLACE 21 27\tMoscow\n" +
	"T4\tFIGURE 29 31\t34\n" +
	"#1\tAnnotatorNotes T4\tsoldiers killed\n"

// bratExport writes anns into dir with the brat writer.
func bratExport(tb testing.TB, dir string, anns ...*formats.Annotation) {
	tb.Helper()
	w, err := formats.NewBratWriter(formats.DiskFolder(dir), formats.WriterOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range anns {
		if err := w.Write(a); err != nil {
			tb.Fatalf("Write: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatalf("Close: %v", err)
	}
}

// bratFiles lists the files under dir, as slash-separated paths relative
// to it, sorted.
func bratFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// A document whose id is a path is written at that path: a collection
// imported from nested folders comes back in them.
func TestBratWriter_Example(t *testing.T) {
	dir := t.TempDir()
	bratExport(t, dir, charExample("news/2024/putin.txt", true))
	if got, want := bratFiles(t, dir), []string{"annotation.conf", "news/2024/putin.ann", "news/2024/putin.txt"}; !slices.Equal(got, want) {
		t.Fatalf("files %q, want %q (and no temporary files left)", got, want)
	}
	if got := charMustRead(t, dir, "news/2024/putin.ann"); got != bratExample {
		t.Errorf(".ann =\n%s\nwant\n%s", got, bratExample)
	}
	if got := charMustRead(t, dir, "news/2024/putin.txt"); got != example {
		t.Errorf(".txt = %q, want the exact text", got)
	}
}

func TestBratWriter_SpanTextOnOneLine(t *testing.T) {
	dir := t.TempDir()
	a := &formats.Annotation{
		Document: model.Document{ID: "u1", ExternalID: "a", Text: "Mr\r\nBig\tCo and 🇹🇷 x"},
		Spans: []model.Span{
			{Start: 0, End: 10, Label: "ORG", Note: "line one\nline two\n"},
			{Start: 15, End: 17, Label: "FLAG", Note: "crlf\r\nnote"},
		},
	}
	bratExport(t, dir, a)
	want := "T1\tORG 0 10\tMr  Big Co\n" +
		"T2\tFLAG 15 17\t🇹🇷\n" +
		"#1\tAnnotatorNotes T1\tline one\n" +
		"#2\tAnnotatorNotes T1\tline two\n" +
		"#3\tAnnotatorNotes T1\t\n" +
		"#4\tAnnotatorNotes T2\tcrlf\n" +
		"#5\tAnnotatorNotes T2\tnote\n"
	if got := charMustRead(t, dir, "a.ann"); got != want {
		t.Fatalf(".ann =\n%q\nwant\n%q", got, want)
	}
	rec := readOne(t, filepath.Join(dir, "a.ann"), formats.FormatBrat)
	checkSpans(t, rec, []wantSpan{{0, 10, "ORG", "Mr\r\nBig\tCo"}, {15, 17, "FLAG", "🇹🇷"}})
	if got := rec.Spans[0].Note; got != "line one\nline two\n" {
		t.Errorf("note = %q, want the lines joined again", got)
	}
	if got := rec.Spans[1].Note; got != "crlf\nnote" {
		t.Errorf("note = %q, want the CRLF as a line break", got)
	}
}

func TestBratWriter_Names(t *testing.T) {
	doc := func(id, extID string) *formats.Annotation {
		return &formats.Annotation{Document: model.Document{ID: id, ExternalID: extID, Text: "text"}}
	}
	long := strings.Repeat("x", 150)
	dir := t.TempDir()
	bratExport(t, dir,
		doc("1", "a b"),
		doc("2", "a_b"),
		doc("3", "A_B.TXT"), // macOS and Windows would take it for a_b
		doc("4", "../../etc/passwd"),
		doc("5", ".hidden"),
		doc("6", "con.txt"),
		doc("7", "Zoë’s café"),
		doc("8", long),
		doc("9-uuid", ""),
		doc("10", `C:\corpus\x.txt`),
		doc("11", "/abs//./sub/../x.txt"),
		doc("12", "CON/.git/y"),
		doc("13", "CON"),     // Windows' reserved names, the three
		doc("14", "a:b"),     // a drive-letter colon
		doc("15", "x/../y"),  // a way out of the folder
		doc("16", "nul.tar"), // reserved whatever the extension
		doc("17", "report."), // Windows would open "report"
	)
	want := []string{
		"A_B-3", "C__corpus_x", "Zo__s_caf_", "etc/passwd", "_con", "_hidden", "a_b", "a_b-2", "9-uuid", long[:100],
		"abs/sub/x", "_CON/_git/y", "_CON-2", "a_b-4", "x/y", "_nul.tar", "report_", // _CON-2 and a_b-4: names differing only in case are one file on Windows and macOS
	}
	var got []string
	for _, name := range bratFiles(t, dir) {
		if stem, ok := strings.CutSuffix(name, ".txt"); ok {
			got = append(got, stem)
		} else if !strings.HasSuffix(name, ".ann") && name != "annotation.conf" {
			t.Errorf("unexpected file %q", name)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("names %q, want %q", got, want)
	}
}

func TestBratWriter_EveryAnnotator(t *testing.T) {
	dir := t.TempDir()
	alice, bob, gold := charExample("putin", true), charExample("putin", false), charExample("putin", false)
	alice.Annotator, bob.Annotator = "alice", "bob"
	bob.Spans = bob.Spans[:1]
	other := charExample("other", false)
	other.Document.ID = "other-id"
	bratExport(t, dir, alice, other, bob, gold)
	want := []string{
		"annotation.conf",
		"other.ann", "other.txt",
		"putin.alice.ann", "putin.alice.txt",
		"putin.bob.ann", "putin.bob.txt",
		"putin.gold.ann", "putin.gold.txt",
	}
	if got := charReadDir(t, dir); !slices.Equal(got, want) {
		t.Fatalf("files %q, want %q", got, want)
	}
	if got := charMustRead(t, dir, "putin.alice.ann"); got != bratExample {
		t.Errorf("alice's .ann =\n%s\nwant\n%s", got, bratExample)
	}
	if got, want := charMustRead(t, dir, "putin.bob.ann"), "T1\tACTOR 0 5\tPutin\n"; got != want {
		t.Errorf("bob's .ann = %q, want %q", got, want)
	}
}

func TestBratWriter_Errors(t *testing.T) {
	t.Run("FolderIsAFile", func(t *testing.T) {
		path := writeFile(t, t.TempDir(), "out", "not a folder")
		if _, err := formats.NewBratWriter(formats.DiskFolder(path), formats.WriterOptions{}); err == nil {
			t.Fatal("no error for an output folder that is a file")
		}
	})
	t.Run("CloseReportsFirstError", func(t *testing.T) {
		dir := t.TempDir()
		w, err := formats.NewBratWriter(formats.DiskFolder(dir), formats.WriterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// A folder where the .txt must go makes the rename fail.
		if err := os.Mkdir(filepath.Join(dir, "a.txt"), 0o755); err != nil {
			t.Fatal(err)
		}
		first := w.Write(charExample("a", false))
		if first == nil {
			t.Fatal("Write succeeded over a folder")
		}
		if err := w.Close(); err == nil || err.Error() != first.Error() {
			t.Fatalf("Close = %v, want the first error %v", err, first)
		}
		for _, name := range charReadDir(t, dir) {
			if strings.HasPrefix(name, ".") {
				t.Errorf("temporary file %q left behind", name)
			}
		}
	})
}

func TestReadBrat_Example(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "putin.txt", example)
	ann := writeFile(t, dir, "putin.ann", bratExample)
	rec := readOne(t, ann, formats.FormatAuto) // .ann is brat
	if rec.Text != example || rec.ExternalID != "putin" || rec.Source != ann || rec.Line != 0 {
		t.Fatalf("got %q, id %q, source %q, line %d", rec.Text, rec.ExternalID, rec.Source, rec.Line)
	}
	checkSpans(t, rec, exampleSpans)
	for i, s := range rec.Spans {
		if want := map[int]string{3: "soldiers killed"}[i]; s.Note != want {
			t.Errorf("span %d note = %q, want %q", i, s.Note, want)
		}
	}
}

func TestReadBrat_OtherLines(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", example)
	// CRLF line ends, a BOM, lines in no particular order, a relation and
	// an equivalence (kept), events, attributes and normalizations
	// (counted, not kept), and notes on things that are not spans.
	content := "\xEF\xBB\xBFT3\tPLACE 21 27\tMoscow\r\n" +
		"#1\tAnnotatorNotes T1\tfirst\r\n" +
		"T1\tACTOR 0 5\tPutin\r\n" +
		"\r\n" +
		"R1\tMeets Arg1:T1 Arg2:T2\r\n" +
		"T2\tACTOR 10 17\tErdoğan\r\n" +
		"E1\tMeeting:T1 Agent:T2\r\n" +
		"A1\tNegated E1\r\n" +
		"M1\tUncertain E1\r\n" +
		"N1\tReference T3 Wikipedia:Moscow\tMoscow\r\n" +
		"*\tEquiv T1 T2\r\n" +
		"#2\tAnnotatorNotes R1\ton a relation\r\n" +
		"#3\tAnnotatorNotes T1\tsecond\r\n"
	rec := readOne(t, writeFile(t, dir, "a.ann", content), formats.FormatBrat)
	checkSpans(t, rec, exampleSpans[:3])
	if got := rec.Spans[0].Note; got != "first\nsecond" {
		t.Errorf("note = %q, want both notes", got)
	}
	// Each span names its own line, for messages about it.
	if got, want := rec.SpanLines, []int{3, 6, 1}; !slices.Equal(got, want) {
		t.Errorf("SpanLines = %v, want %v", got, want)
	}
	if got := rec.SpanWhere(1); got != rec.Source+":6" {
		t.Errorf("SpanWhere(1) = %q, want the .ann's line 6", got)
	}
	// The relation and the equivalence join kept spans: they are read,
	// the note on R1 with it; what joins an event or names an unknown
	// span is counted.
	wantRels := []formats.Relation{
		{From: 0, To: 1, Label: "Meets", Note: "on a relation", Line: 5},
		{From: 0, To: 1, Label: "Equiv", Symmetric: true, Line: 11},
	}
	if !slices.Equal(rec.Relations, wantRels) {
		t.Errorf("Relations = %+v, want %+v", rec.Relations, wantRels)
	}
	want := map[string]int{"events": 1, "attributes on events": 2, "normalizations": 1}
	if !maps.Equal(rec.NotKept, want) {
		t.Errorf("NotKept = %v, want %v", rec.NotKept, want)
	}
	if !rec.Annotated || rec.Format != formats.FormatBrat {
		t.Errorf("Annotated %v, Format %q: want an annotated brat record", rec.Annotated, rec.Format)
	}
}

// What Inkspan does not store is counted by kind, never dropped without a
// word: discontinuous spans and the notes on them, notes on events and
// other annotations, and comments of other types than AnnotatorNotes.
func TestReadBrat_NotKept(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", example)
	content := "T1\tACTOR 0 5\tPutin\n" +
		"T2\tACTOR 0 5;10 17\tPutin Erdoğan\n" +
		"T3\tMeeting 6 9\tmet\n" +
		"E1\tMeeting:T3 Agent:T1\n" +
		"E2\tMeeting:T3 Agent:T2\n" +
		"#1\tAnnotatorNotes T2\tboth of them\n" +
		"#2\tAnnotatorNotes E1\ton an event\n" +
		"#3\tLemma T1\tputin\n" +
		"#4\tAnnotatorNotes T1\tkept\n" +
		"#5\tAnnotatorNotes N1\ton a normalization\n" +
		"T4\tPLACE 21 27;28 28\tMoscow\n"
	rec := readOne(t, writeFile(t, dir, "a.ann", content), formats.FormatBrat)
	checkSpans(t, rec, []wantSpan{{0, 5, "ACTOR", "Putin"}, {6, 9, "Meeting", "met"}})
	if rec.Spans[0].Note != "kept" {
		t.Errorf("note on T1 = %q, want %q", rec.Spans[0].Note, "kept")
	}
	want := map[string]int{
		"discontinuous spans": 2, "notes on discontinuous spans": 1, "events": 2,
		"notes on events": 1, "notes of type Lemma": 1, "notes on normalizations": 1,
	}
	if !maps.Equal(rec.NotKept, want) {
		t.Errorf("NotKept = %v, want %v", rec.NotKept, want)
	}
	if got, want := rec.SpanLines, []int{1, 3}; !slices.Equal(got, want) {
		t.Errorf("SpanLines = %v, want %v", got, want)
	}
}

// An empty .ann says the text was read and nothing found in it: a negative
// example, which a model needs, not a document nobody looked at.
func TestReadBrat_EmptyAnnIsAnnotated(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", example)
	rec := readOne(t, writeFile(t, dir, "a.ann", ""), formats.FormatBrat)
	if !rec.Annotated || len(rec.Spans) != 0 || rec.NotKept != nil || rec.SpanLines != nil {
		t.Fatalf("got Annotated %v, spans %v, NotKept %v, SpanLines %v: want annotated with nothing", rec.Annotated, rec.Spans, rec.NotKept, rec.SpanLines)
	}
}

func TestReadBrat_Folder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b.txt", "second")
	writeFile(t, dir, "b.ann", "T1\tX 0 3\tsec\n")
	writeFile(t, dir, "a.txt", "first")
	writeFile(t, dir, "a.ann", "")
	writeFile(t, dir, "sub/c.txt", "third")
	writeFile(t, dir, "sub/c.ann", "")
	writeFile(t, dir, "annotation.conf", "[entities]\nX\n")
	writeFile(t, dir, "loose.txt", "a text without annotations")
	writeFile(t, dir, ".a.ann.123.tmp", "T1\tX 0 1\tf\n")
	writeFile(t, dir, ".git/d.ann", "")
	// The ids keep the folders, without the extension; a text with no .ann
	// is a document brat lists though nobody annotated it.
	want := []string{"a=first annotated", "b=second annotated", "loose=a text without annotations is not annotated", "sub/c=third annotated"}
	for _, format := range []formats.Format{formats.FormatBrat, formats.FormatAuto} {
		recs := readRecords(t, []string{dir}, format, formats.Options{})
		var got []string
		for _, r := range recs {
			got = append(got, r.ExternalID+"="+r.Text+map[bool]string{true: " annotated", false: " is not annotated"}[r.Annotated])
			if r.Format != formats.FormatBrat {
				t.Errorf("%s read as %q, want brat", r.Source, r.Format)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s: read %q, want %q", format, got, want)
		}
		checkSpans(t, recs[1], []wantSpan{{0, 3, "X", "sec"}})
	}

	t.Run("NoAnnFiles", func(t *testing.T) {
		empty := t.TempDir()
		writeFile(t, empty, "a.txt", "x")
		err := firstError(t, []string{empty}, formats.FormatBrat, formats.Options{})
		checkInputError(t, err, empty, 0, true, "no .ann files")
	})
	t.Run("DetectFormat", func(t *testing.T) {
		if got := formats.DetectPath(dir); got != formats.FormatBrat {
			t.Errorf("DetectFormat = %q, want brat", got)
		}
	})
	t.Run("TextsAloneStayTxt", func(t *testing.T) {
		texts := t.TempDir()
		writeFile(t, texts, "a.txt", "first")
		writeFile(t, texts, "sub/b.txt", "second")
		// An .ann without its text, or in a hidden folder, makes no collection.
		writeFile(t, texts, "orphan.ann", "")
		writeFile(t, texts, ".old/c.txt", "x")
		writeFile(t, texts, ".old/c.ann", "")
		if got := formats.DetectPath(texts); got != formats.FormatTxt {
			t.Errorf("DetectFormat = %q, want txt", got)
		}
		recs := readRecords(t, []string{texts}, formats.FormatAuto, formats.Options{})
		if len(recs) != 2 || recs[0].ExternalID != "a.txt" || recs[1].ExternalID != "sub/b.txt" {
			t.Fatalf("auto read %d records (%+v), want the 2 texts as txt", len(recs), recs)
		}
	})
}

func TestReadBrat_Errors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ann    string
		line   int
		phrase string
	}{
		{"TooFewFields", "T1\tACTOR 0 5\tPutin\nT2\tACTOR 10 17\n", 2, "three tab-separated fields"},
		{"NonNumericOffsets", "T1\tACTOR zero 5\tPutin\n", 1, "whole numbers"},
		{"NoLabel", "T1\t0 5\tPutin\n", 1, `"LABEL START END"`},
		{"OutOfRange", "\nT1\tACTOR 40 60\tdied 🇹🇷.\n", 2, "ends past the text, which has 49 characters"},
		{"Inverted", "T1\tACTOR 5 0\tPutin\n", 1, "inverted"},
		{"TextMismatch", "T1\tACTOR 0 5\tPutin\nT2\tACTOR 10 17\tErdogan\n", 2, `T2: the text "Erdogan" does not match "Erdoğan"`},
		{"ByteOffsets", "T3\tPLACE 22 28\tMoscow\n", 1, "the offsets count bytes"},
		{"DiscontinuousDefinedTwice", "T2\tACTOR 0 5;10 17\tPutin Erdoğan\nT2\tACTOR 0 5\tPutin\n", 2, "defined twice (first on line 1)"},
		{"DuplicateID", "T1\tACTOR 0 5\tPutin\nT1\tACTOR 10 17\tErdoğan\n", 2, "defined twice (first on line 1)"},
		{"NoteOnMissingSpan", "T1\tACTOR 0 5\tPutin\n#1\tAnnotatorNotes T9\tnote\n", 2, "T9, which this file does not define"},
		{"UnknownLine", "T1\tACTOR 0 5\tPutin\nPutin met Erdoğan\n", 2, "not a brat annotation line"},
		{"InvalidUTF8Line", "T1\tACTOR 0 5\tPut\xffn\n", 1, "not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "a.txt", example)
			ann := writeFile(t, dir, "a.ann", tc.ann)
			err := firstError(t, []string{ann}, formats.FormatBrat, formats.Options{})
			checkInputError(t, err, ann, tc.line, false, tc.phrase)
		})
	}
	t.Run("MissingTxt", func(t *testing.T) {
		ann := writeFile(t, t.TempDir(), "a.ann", "T1\tACTOR 0 5\tPutin\n")
		err := firstError(t, []string{ann}, formats.FormatBrat, formats.Options{})
		checkInputError(t, err, ann, 0, true, "a.txt")
	})
	t.Run("InvalidUTF8Txt", func(t *testing.T) {
		dir := t.TempDir()
		txt := writeFile(t, dir, "a.txt", "caf\xe9 au lait")
		ann := writeFile(t, dir, "a.ann", "")
		err := firstError(t, []string{ann}, formats.FormatBrat, formats.Options{})
		checkInputError(t, err, txt, 0, false, "not valid UTF-8 (bad byte 0xE9 at byte offset 3)")
	})
	t.Run("EmptyTxt", func(t *testing.T) {
		dir := t.TempDir()
		txt := writeFile(t, dir, "a.txt", "")
		ann := writeFile(t, dir, "a.ann", "")
		err := firstError(t, []string{ann}, formats.FormatBrat, formats.Options{})
		checkInputError(t, err, txt, 0, false, "empty")
	})
	t.Run("TxtGiven", func(t *testing.T) {
		dir := t.TempDir()
		txt := writeFile(t, dir, "a.txt", example)
		writeFile(t, dir, "a.ann", "")
		err := firstError(t, []string{txt}, formats.FormatBrat, formats.Options{})
		checkInputError(t, err, txt, 0, true, "give its .ann file")
	})
	t.Run("GoesOnWithNextFile", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "a.txt", example)
		writeFile(t, dir, "a.ann", "T1\tACTOR 0 5\tPutn\n")
		writeFile(t, dir, "b.txt", example)
		writeFile(t, dir, "b.ann", bratExample)
		items := readAll(t, []string{dir}, formats.FormatBrat, formats.Options{})
		// a's bad span is its own error; a follows without it, then b.
		if len(items) != 3 || items[0].err == nil || !items[0].err.Part || items[1].rec == nil || items[1].rec.ExternalID != "a" ||
			len(items[1].rec.Spans) != 0 || items[2].rec == nil || items[2].rec.ExternalID != "b" {
			t.Fatalf("got %+v, want a's span's error, a without it, then b", items)
		}
	})
}

func TestBratWriter_RoundTrip(t *testing.T) {
	anns := charRandomDocs(3, 300)
	dir := t.TempDir()
	bratExport(t, dir, anns...)
	recs := readRecords(t, []string{dir}, formats.FormatBrat, formats.Options{})
	if len(recs) != len(anns) {
		t.Fatalf("read %d documents, want %d", len(recs), len(anns))
	}
	byName := map[string]*formats.Record{}
	for _, r := range recs {
		byName[r.ExternalID] = r
	}
	for _, a := range anns {
		// The random ids are all safe file names already.
		rec := byName[charWantID(a)]
		if rec == nil {
			t.Fatalf("no document %q read back", charWantID(a))
		}
		charCheckRecord(t, rec, a, true, false)
	}
}

// A relation carries over from brat to brat: R lines with their notes,
// equivalences as one "*" line again, and an R line naming a span the
// file lacks is refused with its line.
func TestBratRelations_WriteAndRefuse(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", example)
	ann := "T1\tACTOR 0 5\tPutin\nT2\tACTOR 10 17\tErdoğan\nT3\tPLACE 21 27\tMoscow\n" +
		"R1\tACTS_IN Arg1:T2 Arg2:T3\t\n#1\tAnnotatorNotes R1\tin person\n*\tSAME_AS T1 T2 T3\n"
	rec := readOne(t, writeFile(t, dir, "a.ann", ann), formats.FormatBrat)
	mem := memFolder{fsys: fstest.MapFS{}, root: "out"}
	w, err := formats.NewBratWriter(mem, formats.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&formats.Annotation{Document: model.Document{ID: "d", ExternalID: "a", Text: rec.Text}, Spans: rec.Spans, Relations: rec.Relations}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := string(mem.fsys["out/a.ann"].Data)
	for _, line := range []string{"*\tSAME_AS T1 T2 T3\n", "R1\tACTS_IN Arg1:T2 Arg2:T3\t\n", "#1\tAnnotatorNotes R1\tin person\n"} {
		if !strings.Contains(got, line) {
			t.Errorf("written .ann lacks %q:\n%s", line, got)
		}
	}
	conf := string(mem.fsys["out/"+formats.BratConfName].Data)
	if !strings.Contains(conf, "SAME_AS\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive\n") || !strings.Contains(conf, "ACTS_IN\tArg1:<ENTITY>, Arg2:<ENTITY>\n") {
		t.Errorf("annotation.conf does not declare the relation types:\n%s", conf)
	}

	bad := writeFile(t, dir, "b.ann", "T1\tACTOR 0 5\tPutin\nR1\tACTS_IN Arg1:T1 Arg2:T9\n")
	writeFile(t, dir, "b.txt", example)
	ie := firstError(t, []string{bad}, formats.FormatBrat, formats.Options{})
	if ie.Line != 2 || !strings.Contains(ie.Error(), "T9") {
		t.Errorf("a relation naming an unknown span: %v, want an input error on line 2 naming T9", ie)
	}
}
