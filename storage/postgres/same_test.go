package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
)

// sameStore is what the comparison needs of a store: imports and exports.
type sameStore interface {
	app.ImportTarget
	app.ExportSource
}

// The same inputs imported into a project file and into a team database
// export to the same bytes in every format: offsets, Unicode, tokens,
// relations, attributes, meta, Prodigy answers and hashes, labels made by
// the import, the order of sets and spans (issue 15).
//
// The team database is written by its owner, whose imports COPY into the
// tables, and by a manager, under row-level security, whose imports COPY
// into staging tables first; and with batches of two documents, so that
// the imports' later records find earlier ones written (import_copy.go).
func TestSameExportsAsSQLite(t *testing.T) {
	t.Run("Owner", func(t *testing.T) { sameExports(t, open(t)) })
	t.Run("OwnerSmallBatches", func(t *testing.T) {
		defer postgres.SetCopyBatches(2)()
		sameExports(t, open(t))
	})
	t.Run("ManagerSmallBatches", func(t *testing.T) {
		defer postgres.SetCopyBatches(2)()
		ctx := context.Background()
		u := pgtest.Database(t, project(t))
		owner, err := postgres.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		defer owner.Close()
		boss := fmt.Sprintf("boss%d", teamCount.Add(1))
		if err := owner.EnableTeam(ctx, boss, "", false); err != nil {
			t.Fatal(err)
		}
		tm := &team{url: u}
		sameExports(t, tm.open(t, boss))
	})
}

// sameExports imports the test data into a new project file and into
// team, and compares their exports.
func sameExports(t *testing.T, team sameStore) {
	ctx := context.Background()
	lite, err := storage.Open(ctx, filepath.Join(t.TempDir(), "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	imports := []struct {
		file   string
		format formats.Format
		opts   app.ImportOptions
	}{
		{"doccano.jsonl", formats.FormatDoccano, app.ImportOptions{Annotator: "alice"}},
		{"doccano-bob.jsonl", formats.FormatDoccano, app.ImportOptions{Annotator: "bob", Status: model.StatusSkipped}},
		{"relations.jsonl", formats.FormatDoccano, app.ImportOptions{Annotator: "carol", Status: model.StatusInProgress}},
		{"tokens.conll", formats.FormatCoNLL, app.ImportOptions{Annotator: "dave"}},
		{"prodigy.jsonl", formats.FormatProdigy, app.ImportOptions{Annotator: "erin"}},
		{"brat/talks.ann", formats.FormatBrat, app.ImportOptions{Annotator: "fay"}}, // attributes
	}
	for _, st := range []sameStore{lite, team} {
		for _, in := range imports {
			r, err := files.Open([]string{filepath.Join("testdata", in.file)}, in.format, formats.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = app.Import(ctx, st, r, in.opts)
			r.Close()
			if err != nil {
				t.Fatalf("import %s into %T: %v", in.file, st, err)
			}
		}
	}
	for _, format := range []formats.Format{formats.FormatJSONL, formats.FormatProdigy, formats.FormatDoccano,
		formats.FormatCoNLL, formats.FormatHF, formats.FormatLabelStudio, formats.FormatBrat} {
		t.Run(string(format), func(t *testing.T) {
			var outs [2]map[string][]byte
			for i, st := range []sameStore{lite, team} {
				dir := t.TempDir()
				out := filepath.Join(dir, "out")
				if format != formats.FormatHF && format != formats.FormatBrat {
					out += ".txt"
				}
				_, err := app.Export(ctx, st, app.ExportOptions{Format: format, Out: out, Files: files.Exports{}, Snap: true}, nil)
				if err != nil {
					t.Fatalf("export from %T: %v", st, err)
				}
				outs[i] = readTree(t, dir)
			}
			if len(outs[0]) == 0 {
				t.Fatal("the project file exported nothing")
			}
			for name, want := range outs[0] {
				if got, ok := outs[1][name]; !ok || !bytes.Equal(got, want) {
					t.Errorf("%s from the team database:\n%s\nfrom the project file:\n%s", name, got, want)
				}
			}
			for name := range outs[1] {
				if _, ok := outs[0][name]; !ok {
					t.Errorf("the team database exported %s, the project file did not", name)
				}
			}
		})
	}
}

// readTree reads every file under dir, by path relative to it.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Label all counts the same occurrences in both stores, among the tokens
// a document came with where it has them.
func TestSameOccurrencesAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := storage.Open(ctx, filepath.Join(t.TempDir(), "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	team := open(t)
	for _, st := range []sameStore{lite, team} {
		for _, in := range []string{"doccano.jsonl", "tokens.conll"} {
			format := formats.FormatDoccano
			if filepath.Ext(in) == ".conll" {
				format = formats.FormatCoNLL
			}
			r, err := files.Open([]string{filepath.Join("testdata", in)}, format, formats.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = app.Import(ctx, st, r, app.ImportOptions{Annotator: "alice"})
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	total := 0
	for _, c := range []struct{ phrase, label string }{{"Idlib", "PLACE"}, {"German", "MISC"}, {"in", "PLACE"}, {"Putin", "ACTOR"}} {
		wantSpans, wantDocs, wantErr := app.CountOccurrences(ctx, lite, "bob", c.phrase, c.label)
		total += wantSpans
		spans, docs, err := app.CountOccurrences(ctx, team, "bob", c.phrase, c.label)
		if spans != wantSpans || docs != wantDocs || model.ErrorCode(err) != model.ErrorCode(wantErr) {
			t.Errorf("CountOccurrences(%s, %s) = %d spans in %d documents, %v; the project file's %d in %d, %v",
				c.phrase, c.label, spans, docs, err, wantSpans, wantDocs, wantErr)
		}
	}
	if total == 0 {
		t.Error("no occurrences found at all: the comparison proves nothing")
	}
}
