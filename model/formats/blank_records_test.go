package formats

import (
	"errors"
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
