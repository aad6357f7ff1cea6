package formats_test

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]formats.Format{
		"":       formats.FormatAuto,
		"auto":   formats.FormatAuto,
		"txt":    formats.FormatTxt,
		"text":   formats.FormatTxt,
		"lines":  formats.FormatLines,
		"jsonl":  formats.FormatJSONL,
		"ndjson": formats.FormatJSONL,
		"JSONL":  formats.FormatJSONL,
		"csv":    formats.FormatCSV,
		"tsv":    formats.FormatTSV,
	} {
		got, err := formats.ParseFormat(in)
		if err != nil {
			t.Errorf("ParseFormat(%q): %v", in, err)
			continue
		}
		if got != want {
			t.Errorf("ParseFormat(%q) = %q, want %q", in, got, want)
		}
	}
	t.Run("Unknown", func(t *testing.T) {
		_, err := formats.ParseFormat("xml")
		if err == nil {
			t.Fatal("no error")
		}
		if got, want := model.ErrorCode(err), model.EINVALID; got != want {
			t.Errorf("code = %q, want %q", got, want)
		}
		for _, name := range []string{`"xml"`, "auto", "txt", "lines", "jsonl", "csv", "tsv"} {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not mention %s", err, name)
			}
		}
	})
}

func TestOpen_Errors(t *testing.T) {
	t.Run("NoPaths", func(t *testing.T) {
		_, err := formats.OpenPaths(nil, formats.FormatAuto, formats.Options{})
		if err == nil || !strings.Contains(err.Error(), "no input files") {
			t.Fatalf("err = %v, want one saying no input files were given", err)
		}
	})
	t.Run("UnknownFormat", func(t *testing.T) {
		_, err := formats.OpenPaths([]string{"a.txt"}, formats.Format("xml"), formats.Options{})
		if err == nil || !strings.Contains(err.Error(), "jsonl") {
			t.Fatalf("err = %v, want one listing the formats", err)
		}
	})
	t.Run("MissingFileReportedByNext", func(t *testing.T) {
		r, err := formats.OpenPaths([]string{filepath.Join(t.TempDir(), "nope.jsonl")}, formats.FormatAuto, formats.Options{})
		if err != nil {
			t.Fatalf("Open: %v; a missing file must be reported by Next, with its name", err)
		}
		r.Close()
	})
}

func TestOpen_ManyInputsInOrder(t *testing.T) {
	dir := t.TempDir()
	jsonl := writeFile(t, dir, "in/a.jsonl", `{"text":"from jsonl"}`+"\n")
	csv := writeFile(t, dir, "in/b.csv", "text\nfrom csv\n")
	missing := filepath.Join(dir, "in", "missing.txt")
	unknown := writeFile(t, dir, "in/c.docx", "binary")
	texts := filepath.Join(dir, "texts")
	writeFile(t, texts, "x.txt", "from dir x")
	writeFile(t, texts, "y/z.txt", "from dir z")
	txt := writeFile(t, dir, "in/d.txt", "from txt")

	items := readAll(t, []string{txt, jsonl, missing, csv, unknown, texts}, formats.FormatAuto, formats.Options{})
	want := []string{"from txt", "from jsonl", "!" + missing, "from csv", "!" + unknown, "from dir x", "from dir z"}
	if got, want := len(items), len(want); got != want {
		t.Fatalf("got %d results, want %d: %+v", got, want, items)
	}
	for i, it := range items {
		if strings.HasPrefix(want[i], "!") {
			if it.err == nil {
				t.Fatalf("result %d = %+v, want an error for %s", i, it.rec, want[i][1:])
			}
			if got, want := it.err.File, want[i][1:]; got != want {
				t.Errorf("error %d names %q, want %q", i, got, want)
			}
			if !it.err.Fatal {
				t.Errorf("error %d is not Fatal: %v", i, it.err)
			}
			continue
		}
		if it.err != nil {
			t.Fatalf("result %d: %v", i, it.err)
		}
		if got := it.rec.Text; got != want[i] {
			t.Errorf("result %d = %q, want %q", i, got, want[i])
		}
	}
	checkInputError(t, items[4].err, unknown, 0, true, "pass --format")
	checkInputError(t, items[2].err, missing, 0, true, "cannot read: no such file or directory")
}

func TestOpen_DirectoryWhereFileExpected(t *testing.T) {
	dir := t.TempDir()
	named := filepath.Join(dir, "export.jsonl")
	writeFile(t, named, "part.jsonl", `{"text":"x"}`)
	after := writeFile(t, dir, "after.jsonl", `{"text":"after"}`)
	for _, format := range []formats.Format{formats.FormatJSONL, formats.FormatCSV, formats.FormatTSV, formats.FormatLines} {
		items := readAll(t, []string{named, after}, format, formats.Options{})
		if len(items) == 0 {
			t.Fatalf("%s: no results", format)
		}
		checkInputError(t, items[0].err, named, 0, true, "is a directory")
	}
}

func TestOpen_FatalErrorMovesToNextFile(t *testing.T) {
	dir := t.TempDir()
	first := writeFile(t, dir, "first.csv", "id,body\n1,x\n2,y\n")
	second := writeFile(t, dir, "second.csv", "text\nfine\n")
	items := readAll(t, []string{first, second}, formats.FormatCSV, formats.Options{})
	if got, want := len(items), 2; got != want {
		t.Fatalf("got %d results, want 2 (the header error, then the second file's record)", got)
	}
	checkInputError(t, items[0].err, first, 1, true, "no column")
	if items[1].rec == nil || items[1].rec.Source != second {
		t.Fatalf("second result = %+v, want a record from %s", items[1], second)
	}
}

func TestReader_Close(t *testing.T) {
	path := writeFile(t, t.TempDir(), "two.jsonl", `{"text":"a"}`+"\n"+`{"text":"b"}`+"\n")
	r, err := formats.OpenPaths([]string{path}, formats.FormatJSONL, formats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := r.Next(); err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("Next after Close = %v, want an error", err)
	}
}

func TestReader_RecordWhere(t *testing.T) {
	path := writeFile(t, t.TempDir(), "w.jsonl", "\n"+`{"text":"a"}`)
	rec := readOne(t, path, formats.FormatJSONL)
	if got, want := rec.Where(), path+":2"; got != want {
		t.Errorf("Where() = %q, want %q", got, want)
	}
}
