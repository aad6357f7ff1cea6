package formats

import (
	"errors"
	"fmt"
	"github.com/inkspan/inkspan/model"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestBlankRecordsAreWarnings reads a CSV with a row of white space and a
// folder with an empty text file among others: each blank one is a warning
// naming its place, and the records after it are read, so an import keeps
// the rest instead of refusing the file.
func TestBlankRecordsAreWarnings(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "rows.csv")
	if err := os.WriteFile(csvPath, []byte("id,text\n1,\"  \"\n2,Putin met Erdogan.\n3,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "texts")
	os.Mkdir(folder, 0o755)
	os.WriteFile(filepath.Join(folder, "a.txt"), []byte(" \n\t\n"), 0o644)
	os.WriteFile(filepath.Join(folder, "b.txt"), []byte("Idlib talks."), 0o644)
	os.WriteFile(filepath.Join(folder, "c.txt"), nil, 0o644)
	for _, tc := range []struct {
		path         string
		texts        []string
		warningsWant []string
	}{
		{csvPath, []string{"Putin met Erdogan."}, []string{csvPath + ":2", csvPath + ":4"}},
		{folder, []string{"Idlib talks."}, []string{filepath.Join(folder, "a.txt"), filepath.Join(folder, "c.txt")}},
	} {
		r, err := OpenPaths([]string{tc.path}, FormatAuto, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var texts, warnings []string
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var ie *model.InputError
			switch {
			case errors.As(err, &ie) && ie.Warning:
				warnings = append(warnings, where(ie.File, ie.Line))
			case err != nil:
				t.Fatalf("%s: %v", tc.path, err)
			default:
				texts = append(texts, rec.Text)
			}
		}
		r.Close()
		if len(texts) != len(tc.texts) || texts[0] != tc.texts[0] {
			t.Errorf("%s: read %q, want %q", tc.path, texts, tc.texts)
		}
		if len(warnings) != len(tc.warningsWant) || warnings[0] != tc.warningsWant[0] || warnings[1] != tc.warningsWant[1] {
			t.Errorf("%s: warnings at %q, want %q", tc.path, warnings, tc.warningsWant)
		}
	}
}

// A brat document whose text is white space only (or empty), with an empty
// .ann or none, holds nothing to label and nothing labeled: it is a warning
// naming its text file and the collection's other documents are read. One
// whose .ann has spans over such a text is still an error: skipping it
// would lose them. A Hugging Face row with no tokens is the same: a
// warning, the rows after it read.
func TestBlankBratAndHFRecordsAreWarnings(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "brat")
	os.MkdirAll(filepath.Join(folder, "sub"), 0o755)
	os.WriteFile(filepath.Join(folder, "a.txt"), []byte("Idlib talks."), 0o644)
	os.WriteFile(filepath.Join(folder, "a.ann"), []byte("T1\tPLACE 0 5\tIdlib\n"), 0o644)
	os.WriteFile(filepath.Join(folder, "sub", "ws.txt"), []byte(" \n\t\n"), 0o644)
	os.WriteFile(filepath.Join(folder, "sub", "ws.ann"), nil, 0o644)
	os.WriteFile(filepath.Join(folder, "sub", "empty.txt"), nil, 0o644)
	hfPath := filepath.Join(dir, "rows.jsonl")
	os.WriteFile(hfPath, []byte(`{"tokens":[],"ner_tags":[]}`+"\n"+`{"tokens":["Idlib","talks"],"ner_tags":["B-PLACE","O"]}`+"\n"), 0o644)
	for _, tc := range []struct {
		path         string
		format       Format
		texts        []string
		warningsWant []string
	}{
		{folder, FormatAuto, []string{"Idlib talks."}, []string{filepath.Join(folder, "sub", "empty.txt"), filepath.Join(folder, "sub", "ws.txt")}},
		{hfPath, FormatHF, []string{"Idlib talks"}, []string{hfPath + ":1"}},
	} {
		r, err := OpenPaths([]string{tc.path}, tc.format, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var texts, warnings []string
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var ie *model.InputError
			switch {
			case errors.As(err, &ie) && ie.Warning:
				warnings = append(warnings, where(ie.File, ie.Line))
			case err != nil:
				t.Fatalf("%s: %v", tc.path, err)
			default:
				texts = append(texts, rec.Text)
			}
		}
		r.Close()
		if fmt.Sprint(texts) != fmt.Sprint(tc.texts) {
			t.Errorf("%s: read %q, want %q", tc.path, texts, tc.texts)
		}
		if fmt.Sprint(warnings) != fmt.Sprint(tc.warningsWant) {
			t.Errorf("%s: warnings at %q, want %q", tc.path, warnings, tc.warningsWant)
		}
	}

	// Spans over a blank text are not skipped silently.
	os.WriteFile(filepath.Join(folder, "sub", "ws.ann"), []byte("T1\tPLACE 0 1\t \n"), 0o644)
	r, err := OpenPaths([]string{filepath.Join(folder, "sub", "ws.ann")}, FormatBrat, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.Next()
	var ie *model.InputError
	if !errors.As(err, &ie) || ie.Warning {
		t.Fatalf("a blank text with spans read as %v, want an error", err)
	}
}
