package transfer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage/files"
)

func TestDetectFormat(t *testing.T) {
	dir := t.TempDir()
	for path, want := range map[string]formats.Format{
		"a.jsonl":        formats.FormatJSONL,
		"a.NDJSON":       formats.FormatJSONL,
		"a.csv":          formats.FormatCSV,
		"a.tsv":          formats.FormatTSV,
		"a.tab":          formats.FormatTSV,
		"a.txt":          formats.FormatTxt,
		"a.text":         formats.FormatTxt,
		"a.conll":        formats.FormatCoNLL,
		"a.iob":          formats.FormatCoNLL,
		"a.ann":          formats.FormatBrat,
		"tasks.json":     formats.FormatLabelStudio,
		"notes.dat":      "",
		"README":         "",
		dir:              formats.FormatTxt, // a folder, whatever its name
		dir + "/x.jsonl": formats.FormatJSONL,
	} {
		if got := detectFormat(path); got != want {
			t.Errorf("detectFormat(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestDetectFormatAgreesWithOpen checks the hint against what files.Open
// actually does with an extension it cannot read: it must refuse exactly
// the names detectFormat cannot place.
func TestDetectFormatAgreesWithOpen(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.dat", "a.jsonl"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(`{"text": "hello"}`+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := files.Open([]string{path}, formats.FormatAuto, formats.Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Next()
		r.Close()
		if refused := err != nil && strings.Contains(err.Error(), "cannot tell the format"); refused != (detectFormat(path) == "") {
			t.Errorf("%s: Open says %v, detectFormat says %q", name, err, detectFormat(path))
		}
	}
}

func TestImportFormValidate(t *testing.T) {
	dir := t.TempDir()
	t.Run("ErrNoPaths", func(t *testing.T) {
		f := newImportForm("ana")
		if err := f.validate(); err == nil || !strings.Contains(err.Error(), "Choose the files") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrUnknownExtension", func(t *testing.T) {
		f := newImportForm("ana")
		f.setPaths([]string{"a.jsonl", "notes.dat"})
		if err := f.validate(); err == nil || !strings.Contains(err.Error(), "notes.dat") {
			t.Fatalf("err = %v", err)
		}
		f.format = formats.FormatLines // an explicit format reads any name
		if err := f.validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrFolderAsJSONL", func(t *testing.T) {
		f := newImportForm("ana")
		f.setFolder(dir)
		f.format = formats.FormatJSONL
		if err := f.validate(); err == nil || !strings.Contains(err.Error(), "folder") {
			t.Fatalf("err = %v", err)
		}
		for _, ok := range []formats.Format{formats.FormatAuto, formats.FormatTxt, formats.FormatBrat} {
			f.format = ok
			if err := f.validate(); err != nil {
				t.Fatalf("%s: %v", ok, err)
			}
		}
	})
	t.Run("ErrNoAnnotator", func(t *testing.T) {
		f := newImportForm("  ")
		f.setPaths([]string{"a.txt"})
		if err := f.validate(); err == nil || !strings.Contains(err.Error(), "annotator") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestImportFormPaths(t *testing.T) {
	dir := t.TempDir()
	f := newImportForm("ana")
	f.addFile("/x/a.jsonl")
	f.addFile("/x/b.csv")
	f.addFile("/x/a.jsonl") // picked twice: listed once
	if want := []string{"/x/a.jsonl", "/x/b.csv"}; !reflect.DeepEqual(f.paths, want) {
		t.Fatalf("paths = %v", f.paths)
	}
	if got := f.autoHint(); got != "auto reads them as jsonl, csv" {
		t.Fatalf("hint = %q", got)
	}
	if !f.textColumnEnabled() {
		t.Fatal("text column disabled with a .csv chosen under auto")
	}
	f.setFolder(dir)
	if want := []string{dir}; !reflect.DeepEqual(f.paths, want) {
		t.Fatalf("a folder did not replace the files: %v", f.paths)
	}
	if got := f.autoHint(); !strings.Contains(got, "txt") {
		t.Fatalf("hint = %q", got)
	}
	if f.textColumnEnabled() {
		t.Fatal("text column enabled for a folder")
	}
	f.addFile("/x/c.txt")
	if want := []string{"/x/c.txt"}; !reflect.DeepEqual(f.paths, want) {
		t.Fatalf("a file did not replace the folder: %v", f.paths)
	}
	if got := f.autoHint(); got != "auto reads it as txt" {
		t.Fatalf("hint = %q", got)
	}
	f.format = formats.FormatTSV
	if f.autoHint() != "" || !f.textColumnEnabled() {
		t.Fatalf("tsv: hint %q, text column %v", f.autoHint(), f.textColumnEnabled())
	}
}

func TestImportFormRequest(t *testing.T) {
	f := newImportForm("ana")
	f.setPaths([]string{"a.csv"})
	f.textColumn = "  "
	f.annotator = " bob "
	f.skipInvalid = true
	want := ImportRequest{Paths: []string{"a.csv"}, Format: formats.FormatAuto, Annotator: "bob", SkipInvalid: true, TextColumn: "text"}
	if got := f.request(); !reflect.DeepEqual(got, want) {
		t.Fatalf("request = %+v, want %+v", got, want)
	}
}

// validExport is an export form that passes validate.
func validExport() *exportForm {
	f := newExportForm([]string{"ana", "bob"}, "ana")
	f.out = "/tmp/out.jsonl"
	return f
}

func TestNewExportFormAnnotator(t *testing.T) {
	for _, c := range []struct {
		names   []string
		current string
		want    string
		all     bool
	}{
		{[]string{"ana", "bob"}, "bob", "bob", false},
		{[]string{"ana", "bob"}, "carl", "", false}, // must choose
		{[]string{"ana"}, "carl", "ana", false},
		{nil, "carl", "", true},
	} {
		f := newExportForm(c.names, c.current)
		if f.annotator != c.want || f.all != c.all {
			t.Errorf("%v/%s: annotator %q all %v", c.names, c.current, f.annotator, f.all)
		}
	}
}

func TestExportFormValidate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		if err := validExport().validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrNoOutput", func(t *testing.T) {
		f := validExport()
		f.out = ""
		if err := f.validate(); err == nil || !strings.Contains(err.Error(), "file") {
			t.Fatalf("err = %v", err)
		}
		f.setFormat(formats.FormatBrat)
		if err := f.validate(); err == nil || !strings.Contains(err.Error(), "folder") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrBadSplit", func(t *testing.T) {
		f := validExport()
		for _, bad := range []string{"train=0.8,dev=0.1", "train", "train=x,dev=1", "a=0.5,a=0.5"} {
			f.split = bad
			if f.fieldError() == nil || f.validate() == nil {
				t.Errorf("split %q accepted", bad)
			}
		}
		f.split = " train=0.8,dev=0.1,test=0.1 "
		if err := f.validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrBadSeed", func(t *testing.T) {
		f := validExport()
		f.seed = "1.5"
		if err := f.fieldError(); err == nil || !strings.Contains(err.Error(), "seed") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrNoAnnotator", func(t *testing.T) {
		f := validExport()
		f.annotator = ""
		if err := f.validate(); err == nil || !strings.Contains(err.Error(), "whose") {
			t.Fatalf("err = %v", err)
		}
		f.all = true
		if err := f.validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrBadStatus", func(t *testing.T) {
		f := validExport()
		f.statuses = []model.Status{model.StatusDone, "finished"}
		if err := f.validate(); err == nil || !strings.Contains(err.Error(), "finished") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestExportFormSchemeAndSnap(t *testing.T) {
	f := validExport()
	for _, c := range []struct {
		format       formats.Format
		scheme, snap bool
	}{
		{formats.FormatProdigy, false, true},
		{formats.FormatDoccano, false, false},
		{formats.FormatCoNLL, true, true},
		{formats.FormatHF, true, true},
		{formats.FormatBrat, false, false},
		{formats.FormatLabelStudio, false, false},
	} {
		f.setFormat(c.format)
		if f.schemeEnabled() != c.scheme || f.snapEnabled() != c.snap {
			t.Errorf("%s: scheme %v snap %v", c.format, f.schemeEnabled(), f.snapEnabled())
		}
	}
}

func TestExportFormSetFormatDropsOtherKindOfOutput(t *testing.T) {
	f := validExport()
	f.setFormat(formats.FormatDoccano)
	if f.out == "" {
		t.Fatal("file output dropped between two file formats")
	}
	f.setFormat(formats.FormatHF)
	if f.out != "" {
		t.Fatal("a file kept as the output of a folder format")
	}
}

func TestExportFormRequest(t *testing.T) {
	f := validExport()
	f.setFormat(formats.FormatCoNLL)
	f.out = "/tmp/x.conll"
	f.statuses = []model.Status{model.StatusInProgress, model.StatusDone}
	f.split = "train=0.5,test=0.5"
	f.seed = " 7 "
	f.scheme = formats.SchemeBIOES
	f.snap = true
	want := ExportRequest{Format: formats.FormatCoNLL, Annotator: "ana", Statuses: []model.Status{"in_progress", "done"},
		Split: "train=0.5,test=0.5", Seed: 7, Scheme: formats.SchemeBIOES, Snap: true, Out: "/tmp/x.conll"}
	if got := f.request(); !reflect.DeepEqual(got, want) {
		t.Fatalf("request = %+v\nwant      %+v", got, want)
	}

	// Options that do not apply are left out, and All clears the annotator.
	f.setFormat(formats.FormatDoccano)
	f.out = "/tmp/x.jsonl"
	f.all = true
	f.split = ""
	want = ExportRequest{Format: formats.FormatDoccano, All: true, Statuses: want.Statuses, Out: "/tmp/x.jsonl"}
	if got := f.request(); !reflect.DeepEqual(got, want) {
		t.Fatalf("request = %+v\nwant      %+v", got, want)
	}
}

func TestExportOutputHint(t *testing.T) {
	f := validExport()
	f.out = "/tmp/data.jsonl"
	if got := f.outputHint(); got != "" {
		t.Fatalf("hint without split = %q", got)
	}
	f.split = "train=0.8,dev=0.2"
	if got := f.outputHint(); !strings.Contains(got, "data.train.jsonl, data.dev.jsonl") {
		t.Fatalf("hint = %q", got)
	}
	f.setFormat(formats.FormatHF)
	if got := f.outputHint(); !strings.Contains(got, "train.jsonl, dev.jsonl and labels.json") {
		t.Fatalf("hint = %q", got)
	}
}

func TestSummaries(t *testing.T) {
	got := importSummary(ImportResult{ImportSummary: formats.ImportSummary{Records: 6, DocumentsAdded: 6, SpansAdded: 13, LabelsAdded: []string{"DRUG"}, Skipped: []string{"a.jsonl:3: bad"}}})
	want := "6 records read: 6 new documents, 0 already there; 13 new spans, 0 already there\n" +
		"new labels added to the project: DRUG\n" +
		"1 invalid records skipped (listed below)"
	if got != want {
		t.Errorf("import summary\n%s\nwant\n%s", got, want)
	}
	got = exportSummary(ExportRequest{Format: formats.FormatCoNLL, Out: "/o/x.conll"},
		ExportResult{Records: 3, Documents: 2, Snapped: 1, Written: []string{"/o/x.conll"}})
	if want := "Exported 3 records of 2 documents as conll to /o/x.conll.\n1 span was widened to token boundaries."; got != want {
		t.Errorf("export summary %q", got)
	}
	got = exportSummary(ExportRequest{Format: formats.FormatHF, Out: "/o/hf"},
		ExportResult{Records: 3, Documents: 2, RelationsLeftOut: 4, Written: []string{"/o/hf"}})
	if want := "Exported 3 records of 2 documents as hf to /o/hf.\n4 relations between spans left out: hf cannot carry relations."; got != want {
		t.Errorf("export summary with relations left out %q", got)
	}
	got = exportSummary(ExportRequest{Format: formats.FormatDoccano, Out: "/o/d.jsonl"},
		ExportResult{Records: 1, Documents: 1, AttributesLeftOut: map[string]int{"kb_id": 2, "Negated": 1}, Written: []string{"/o/d.jsonl"}})
	if want := "Exported 1 record of 1 document as doccano to /o/d.jsonl.\n3 span attributes left out: Negated (1), kb_id (2): doccano cannot carry them."; got != want {
		t.Errorf("export summary with attributes left out %q", got)
	}
}
