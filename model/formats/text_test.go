package formats_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// seedPath is the real news article shared by the project's tests, kept
// in testdata/ at the top of the repository.
const seedPath = "../../testdata/idlib-talks.txt"

func readSeed(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatalf("the seed article is missing (%v): it belongs in testdata/ at the top of the repository", err)
	}
	return string(data)
}

func TestReadTxt_File(t *testing.T) {
	// CRLF line endings stay: offsets point into the exact text. The BOM
	// goes: it is not part of the text.
	text := example + "\r\n\r\nSecond paragraph, 東京.\r\n"
	path := writeFile(t, t.TempDir(), "putin.txt", "\ufeff"+text)
	rec := readOne(t, path, formats.FormatAuto)
	if got, want := rec.Text, text; got != want {
		t.Fatalf("Text = %q, want %q", got, want)
	}
	if got, want := rec.Line, 0; got != want {
		t.Errorf("Line = %d, want %d", got, want)
	}
	if got, want := rec.ExternalID, "putin.txt"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	if got, want := rec.Source, path; got != want {
		t.Errorf("Source = %q, want %q", got, want)
	}
	if rec.Meta != nil || rec.Spans != nil || rec.Annotator != "" {
		t.Errorf("a text file has no meta, spans or annotator: %+v", rec)
	}
	off := model.NewOffsets(rec.Text)
	if got, want := off.Slice(10, 17), "Erdoğan"; got != want {
		t.Errorf("[10, 17) = %q, want %q", got, want)
	}
	if got, want := off.Slice(49, 51), "\r\n"; got != want {
		t.Errorf("[49, 51) = %q, want the CRLF", got)
	}
}

func TestReadTxt_Seed(t *testing.T) {
	want := readSeed(t)
	rec := readOne(t, seedPath, formats.FormatTxt)
	if rec.Text != want {
		t.Fatal("the seed article was not read byte for byte")
	}
	if got, want := rec.ExternalID, "idlib-talks.txt"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	if got, want := rec.Source, seedPath; got != want {
		t.Errorf("Source = %q, want %q", got, want)
	}
	if got, want := model.RuneLen(rec.Text), 2367; got != want {
		t.Errorf("length = %d characters, want %d", got, want)
	}
	// Curly quotes before these make byte and code-point offsets differ.
	off := model.NewOffsets(rec.Text)
	for _, w := range []wantSpan{{286, 300, "", "Vladimir Putin"}, {336, 341, "", "Idlib"}, {436, 453, "", "“The entire world"}} {
		if got := off.Slice(w.start, w.end); got != w.text {
			t.Errorf("[%d, %d) = %q, want %q", w.start, w.end, got, w.text)
		}
	}
}

func TestReadLines_Seed(t *testing.T) {
	readSeed(t)
	recs := readRecords(t, []string{seedPath}, formats.FormatLines, formats.Options{})
	// 15 lines; line 2 is empty.
	if got, want := len(recs), 14; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	if got, want := recs[0].Text, "Putin, Erdogan look to defuse Syria crisis at talks"; got != want {
		t.Errorf("line 1 = %q, want %q", got, want)
	}
	if got, want := recs[1].Line, 3; got != want {
		t.Errorf("second record is on line %d, want %d", got, want)
	}
	if !strings.HasPrefix(recs[1].Text, "MOSCOW: The leaders") {
		t.Errorf("line 3 = %q", recs[1].Text)
	}
	if got, want := recs[1].ExternalID, "idlib-talks.txt#3"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	last := recs[len(recs)-1]
	if got, want := last.Line, 15; got != want {
		t.Errorf("last record is on line %d, want %d", got, want)
	}
	if !strings.HasSuffix(last.Text, "suffering”.") {
		t.Errorf("last line = %q, want it whole, with no newline", last.Text)
	}
	if got, want := model.NewOffsets(recs[3].Text).Slice(0, 17), "“The entire world"; got != want {
		t.Errorf("line 5 starts %q, want %q", got, want)
	}
	for _, rec := range recs {
		if strings.ContainsAny(rec.Text, "\r\n") {
			t.Errorf("%s keeps a line ending: %q", rec.Where(), rec.Text)
		}
	}
}

func TestReadTxt_Directory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b.txt", "second")
	writeFile(t, dir, "a.txt", "first")
	writeFile(t, dir, filepath.Join("sub", "deeper", "c.txt"), "東京 🇹🇷")
	writeFile(t, dir, filepath.Join("sub", "d.TXT"), "upper-case extension")
	writeFile(t, dir, filepath.Join("sub", "notes.md"), "not a text file")
	writeFile(t, dir, "data.jsonl", `{"text":"not read in a txt walk"}`)
	writeFile(t, dir, ".hidden.txt", "editor backup")
	writeFile(t, dir, filepath.Join(".git", "x.txt"), "tool state")

	for _, format := range []formats.Format{formats.FormatAuto, formats.FormatTxt} {
		recs := readRecords(t, []string{dir}, format, formats.Options{})
		wantIDs := []string{"a.txt", "b.txt", "sub/d.TXT", "sub/deeper/c.txt"}
		wantTexts := []string{"first", "second", "upper-case extension", "東京 🇹🇷"}
		if got, want := len(recs), len(wantIDs); got != want {
			t.Fatalf("%s: read %d records, want %d", format, got, want)
		}
		for i, rec := range recs {
			if rec.ExternalID != wantIDs[i] || rec.Text != wantTexts[i] {
				t.Errorf("%s: record %d = %q %q, want %q %q", format, i, rec.ExternalID, rec.Text, wantIDs[i], wantTexts[i])
			}
			if want := filepath.Join(dir, filepath.FromSlash(wantIDs[i])); rec.Source != want {
				t.Errorf("%s: Source = %q, want %q", format, rec.Source, want)
			}
			if rec.Line != 0 {
				t.Errorf("%s: Line = %d, want 0", format, rec.Line)
			}
		}
	}
}

func TestReadTxt_DirectoryGoesOnAfterBadFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "1.txt", "one")
	bad := writeFile(t, dir, "2.txt", "  \n ")
	writeFile(t, dir, "3.txt", "three")
	items := readAll(t, []string{dir}, formats.FormatTxt, formats.Options{})
	if got, want := len(items), 3; got != want {
		t.Fatalf("got %d results, want 3", got)
	}
	checkInputError(t, items[1].err, bad, 0, false, "file is empty")
	if items[2].rec == nil || items[2].rec.Text != "three" {
		t.Fatalf("third result = %+v, want the record \"three\"", items[2])
	}
}

func TestReadTxt_Errors(t *testing.T) {
	t.Run("EmptyFile", func(t *testing.T) {
		path := writeFile(t, t.TempDir(), "empty.txt", "")
		checkInputError(t, firstError(t, []string{path}, formats.FormatAuto, formats.Options{}), path, 0, false, "file is empty")
	})
	t.Run("OnlyBOM", func(t *testing.T) {
		path := writeFile(t, t.TempDir(), "bom.txt", "\ufeff")
		checkInputError(t, firstError(t, []string{path}, formats.FormatTxt, formats.Options{}), path, 0, false, "file is empty")
	})
	t.Run("WhiteSpace", func(t *testing.T) {
		path := writeFile(t, t.TempDir(), "blank.txt", " \r\n\t\u00a0\n")
		checkInputError(t, firstError(t, []string{path}, formats.FormatTxt, formats.Options{}), path, 0, false, "file is empty")
	})
	t.Run("InvalidUTF8", func(t *testing.T) {
		path := writeFile(t, t.TempDir(), "latin1.txt", "Erdo\xf0an")
		checkInputError(t, firstError(t, []string{path}, formats.FormatTxt, formats.Options{}), path, 0, false, "not valid UTF-8 (bad byte 0xF0 at byte offset 4)")
	})
	t.Run("Missing", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "nope.txt")
		checkInputError(t, firstError(t, []string{path}, formats.FormatAuto, formats.Options{}), path, 0, true, "no such file")
	})
	t.Run("EmptyDirectory", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "readme.md", "no texts here")
		checkInputError(t, firstError(t, []string{dir}, formats.FormatAuto, formats.Options{}), dir, 0, true, "no .txt files")
	})
}

func TestReadLines(t *testing.T) {
	// A BOM, CRLF and LF endings, blank and white-space lines, leading
	// spaces that belong to the text, and no newline at the end.
	content := "\ufeffHélène Dupré\r\n\r\n   \t\r\n  indented 北京\n👩\u200d🔬🇹🇷 done\n\u00a0\nlast"
	path := writeFile(t, t.TempDir(), "notes.txt", content)
	recs := readRecords(t, []string{path}, formats.FormatLines, formats.Options{})
	want := []struct {
		line int
		text string
	}{{1, "Hélène Dupré"}, {4, "  indented 北京"}, {5, "👩\u200d🔬🇹🇷 done"}, {7, "last"}}
	if got, want := len(recs), len(want); got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	for i, rec := range recs {
		if rec.Line != want[i].line || rec.Text != want[i].text {
			t.Errorf("record %d = line %d %q, want line %d %q", i, rec.Line, rec.Text, want[i].line, want[i].text)
		}
		if got, want := rec.ExternalID, "notes.txt#"+strings.TrimPrefix(rec.Where(), path+":"); got != want {
			t.Errorf("ExternalID = %q, want %q", got, want)
		}
		if rec.Source != path {
			t.Errorf("Source = %q, want %q", rec.Source, path)
		}
	}
	if got, want := model.NewOffsets(recs[2].Text).Slice(3, 5), "🇹🇷"; got != want {
		t.Errorf("[3, 5) = %q, want %q", got, want)
	}
}

func TestReadLines_LongLine(t *testing.T) {
	// Longer than 64 MiB yet under the document limit of 50M characters:
	// CJK takes three bytes a character.
	long := strings.Repeat("北京大学 ", (65<<20)/13+1)
	path := writeFile(t, t.TempDir(), "book.txt", "short\n"+long+"\nafter\n")
	recs := readRecords(t, []string{path}, formats.FormatLines, formats.Options{})
	if got, want := len(recs), 3; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	if len(recs[1].Text) != len(long) || recs[1].Text != long {
		t.Fatalf("long line is %d bytes, want %d", len(recs[1].Text), len(long))
	}
	if got, want := recs[2].Line, 3; got != want {
		t.Errorf("Line after the long line = %d, want %d", got, want)
	}
}

func TestReadLines_Errors(t *testing.T) {
	t.Run("InvalidUTF8", func(t *testing.T) {
		path := writeFile(t, t.TempDir(), "mixed.txt", "good\n\ncaf\xe9\nalso good\n")
		items := readAll(t, []string{path}, formats.FormatLines, formats.Options{})
		if got, want := len(items), 3; got != want {
			t.Fatalf("got %d results, want 3", got)
		}
		checkInputError(t, items[1].err, path, 3, false, "not valid UTF-8")
		if items[2].rec == nil || items[2].rec.Line != 4 {
			t.Fatalf("third result = %+v, want the record on line 4", items[2])
		}
	})
	t.Run("Missing", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "gone.txt")
		checkInputError(t, firstError(t, []string{path}, formats.FormatLines, formats.Options{}), path, 0, true, "no such file")
	})
	t.Run("Directory", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "a.txt", "text")
		checkInputError(t, firstError(t, []string{dir}, formats.FormatLines, formats.Options{}), dir, 0, true, "is a directory")
	})
}
