package app_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// writeInput writes an import's input file into a new folder.
func writeInput(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// importFile reads path in format and imports it into db with opts.
func importFile(t *testing.T, db *storage.DB, path string, format formats.Format, opts app.ImportOptions) (app.ImportReport, error) {
	t.Helper()
	r, err := files.Open([]string{path}, format, formats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return app.Import(context.Background(), db, r, opts)
}

func documentCount(t *testing.T, db *storage.DB) int {
	t.Helper()
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Documents
}

const twoRecords = `{"text":"Ankara and Moscow met.","spans":[{"start":0,"end":6,"label":"ACTOR"}]}
{"text":"Close to a million people fled.","spans":[]}
`

func TestImport(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db, _ := mustProject(t)
		in := writeInput(t, "in.jsonl", twoRecords)
		var progress []int
		report, err := importFile(t, db, in, formats.FormatAuto, app.ImportOptions{Annotator: "anna",
			Progress: func(n int) { progress = append(progress, n) }, ProgressEvery: 1})
		if err != nil {
			t.Fatal(err)
		}
		if report.Records != 2 || report.DocumentsAdded != 2 || report.SpansAdded != 1 || len(progress) == 0 || progress[len(progress)-1] != 2 {
			t.Fatalf("report %+v, progress %v", report, progress)
		}
		lines := strings.Join(report.Summary().Lines("listed", 0), "\n")
		if !strings.Contains(lines, "2 records read: 2 new documents") {
			t.Fatalf("summary:\n%s", lines)
		}
		// The same input again adds nothing.
		again, err := importFile(t, db, in, formats.FormatAuto, app.ImportOptions{Annotator: "anna"})
		if err != nil || again.DocumentsAdded != 0 || again.DocumentsExisting != 2 || again.SpansAdded != 0 {
			t.Fatalf("second import: %+v, %v", again, err)
		}
		// Imported by anna, exported as hers.
		got, err := app.ChooseExportAnnotator(ctx, db, "")
		if err != nil || got.Annotator != "anna" {
			t.Fatalf("annotator after the import: %+v, %v", got, err)
		}
	})

	t.Run("ErrOptions", func(t *testing.T) {
		db, _ := mustProject(t)
		in := writeInput(t, "in.jsonl", twoRecords)
		for _, opts := range []app.ImportOptions{
			{Annotator: "anna", Status: model.StatusTodo},
			{Annotator: "anna", OnConflict: "last"},
		} {
			if _, err := importFile(t, db, in, formats.FormatAuto, opts); model.ErrorCode(err) != model.EINVALID {
				t.Fatalf("options %+v: %v", opts, err)
			}
		}
		if n := documentCount(t, db); n != 0 {
			t.Fatalf("refused imports left %d documents", n)
		}
	})

	t.Run("ErrConflict", func(t *testing.T) {
		// The same text twice by the same annotator with other spans: a
		// ConflictError naming both records, and nothing imported.
		db, _ := mustProject(t)
		in := writeInput(t, "in.jsonl", twoRecords+
			`{"text":"Ankara and Moscow met.","spans":[{"start":11,"end":17,"label":"PLACE"}]}`+"\n")
		_, err := importFile(t, db, in, formats.FormatAuto, app.ImportOptions{Annotator: "anna"})
		var c *app.ConflictError
		if !errors.As(err, &c) || model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(c.Reason(), "in.jsonl:1") {
			t.Fatalf("conflict: %v", err)
		}
		if n := documentCount(t, db); n != 0 {
			t.Fatalf("a refused import left %d documents", n)
		}
		report, err := importFile(t, db, in, formats.FormatAuto, app.ImportOptions{Annotator: "anna", OnConflict: app.ConflictFirst})
		if err != nil || report.DocumentsAdded != 2 || len(report.Conflicts) != 1 {
			t.Fatalf("keeping the first: %+v, %v", report, err)
		}
	})
}
