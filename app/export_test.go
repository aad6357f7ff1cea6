package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// exportProject is a project file with three documents: alice labeled the
// first two (the first done, the second in progress), bob the first, and
// the first has a gold version. It returns the documents' ids.
func exportProject(t *testing.T) (*storage.DB, []string) {
	t.Helper()
	db, ids := mustProject(t, idlib, "Close to a million people fled toward Ankara.", "No names here.")
	ctx := context.Background()
	add := func(tx app.WriteTx, doc, who string, start, end int, label string) error {
		_, err := tx.AddSpan(ctx, doc, who, model.Span{Start: start, End: end, Label: label})
		return err
	}
	err := db.Write(ctx, func(tx app.WriteTx) error {
		return errors.Join(
			add(tx, ids[0], "alice", 0, 6, "ACTOR"), add(tx, ids[0], "alice", 11, 17, "PLACE"),
			tx.SetStatus(ctx, ids[0], "alice", model.StatusDone),
			add(tx, ids[1], "alice", 38, 44, "PLACE"),
			add(tx, ids[0], "bob", 0, 6, "ACTOR"),
			add(tx, ids[0], model.GoldAnnotator, 0, 6, "ACTOR"),
		)
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, ids
}

// readJSONL reads a doccano file: one record a line, the text and labels.
func readJSONL(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var rec struct {
			Text  string  `json:"text"`
			Label [][]any `json:"label"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		labels := ""
		for _, l := range rec.Label {
			labels += " " + l[2].(string)
		}
		got = append(got, strings.Fields(rec.Text)[0]+labels)
	}
	return got
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	db, _ := exportProject(t)

	t.Run("OK", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "alice.jsonl")
		var calls [][2]int
		res, err := app.Export(ctx, db, app.ExportOptions{Format: formats.FormatDoccano, Out: out,
			Query: app.ExportQuery{Annotators: []string{"alice"}}, Files: files.Exports{}}, func(done, total int) { calls = append(calls, [2]int{done, total}) })
		if err != nil {
			t.Fatal(err)
		}
		if res.Records != 2 || res.Documents != 2 || res.Out != out || len(res.Parts) != 0 || !slices.Equal(res.Written, []string{out}) {
			t.Fatalf("report = %+v", res)
		}
		if got, want := strings.Join(readJSONL(t, out), "|"), "Ankara ACTOR PLACE|Close PLACE"; got != want {
			t.Fatalf("exported %q, want %q", got, want)
		}
		// The last call says all of it was written.
		if len(calls) == 0 || calls[len(calls)-1] != [2]int{2, 2} {
			t.Fatalf("progress calls = %v", calls)
		}
	})

	t.Run("Filters", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			query app.ExportQuery
			want  string
		}{
			{"done", app.ExportQuery{Annotators: []string{"alice"}, Statuses: []model.Status{model.StatusDone}}, "Ankara ACTOR PLACE"},
			{"in progress", app.ExportQuery{Statuses: []model.Status{model.StatusInProgress}}, "Close PLACE|Ankara ACTOR|Ankara ACTOR"},
			{"gold", app.ExportQuery{Annotators: []string{model.GoldAnnotator}}, "Ankara ACTOR"},
			{"everyone", app.ExportQuery{}, "Ankara ACTOR PLACE|Close PLACE|Ankara ACTOR|Ankara ACTOR"},
			{"skipped", app.ExportQuery{Statuses: []model.Status{model.StatusSkipped}}, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "out.jsonl")
				res, err := app.Export(ctx, db, app.ExportOptions{Format: formats.FormatDoccano, Out: out, Query: tc.query, Files: files.Exports{}}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Join(readJSONL(t, out), "|"); got != tc.want {
					t.Fatalf("exported %q, want %q", got, tc.want)
				}
				if want := len(strings.FieldsFunc(tc.want, func(r rune) bool { return r == '|' })); res.Records != want {
					t.Fatalf("%d records, want %d", res.Records, want)
				}
			})
		}
	})

	t.Run("Split", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "all.jsonl")
		split, err := formats.ParseSplit("train=0.5,dev=0.5", 7)
		if err != nil {
			t.Fatal(err)
		}
		res, err := app.Export(ctx, db, app.ExportOptions{Format: formats.FormatDoccano, Out: out, Split: split, Files: files.Exports{}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		records := 0
		for _, part := range res.Parts {
			records += len(readJSONL(t, app.PartPath(out, part)))
		}
		if records != 4 || res.Records != 4 || len(res.Written) != len(res.Parts) {
			t.Fatalf("%d records in parts %v, report %+v", records, res.Parts, res)
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("a split wrote the unsplit name too: %v", err)
		}
	})

	t.Run("Stdout", func(t *testing.T) {
		var stdout bytes.Buffer
		res, err := app.Export(ctx, db, app.ExportOptions{Format: formats.FormatLabelStudio, Out: "-", Stdout: &stdout,
			Query: app.ExportQuery{Annotators: []string{"bob"}}, Files: files.Exports{}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var tasks []any
		if err := json.Unmarshal(stdout.Bytes(), &tasks); err != nil || len(tasks) != 1 {
			t.Fatalf("standard output %q: %v", stdout.String(), err)
		}
		if res.Out != "" || res.Written != nil || res.Records != 1 {
			t.Fatalf("report = %+v", res)
		}
	})

	t.Run("Brat", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "brat")
		res, err := app.Export(ctx, db, app.ExportOptions{Format: formats.FormatBrat, Out: dir,
			Query: app.ExportQuery{Annotators: []string{"alice"}}, Files: files.Exports{}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		// Two documents, each a .txt and an .ann, and the labels.
		if len(entries) != 5 || !slices.Equal(res.Written, []string{dir}) {
			t.Fatalf("%d entries in the folder, report %+v", len(entries), res)
		}
		noTemporaries(t, filepath.Dir(dir))
	})

	t.Run("ErrOnProject", func(t *testing.T) {
		for _, out := range []string{db.Path(), db.Path() + "-wal"} {
			_, err := app.Export(ctx, db, app.ExportOptions{Format: formats.FormatDoccano, Out: out, Files: files.Exports{}}, nil)
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "cannot export to") {
				t.Fatalf("export to %s: %v", out, err)
			}
		}
		_, err := app.Export(ctx, db, app.ExportOptions{Format: formats.FormatBrat, Out: filepath.Dir(db.Path()), Files: files.Exports{}}, nil)
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "the folder holds the project") {
			t.Fatalf("brat export to the project's folder: %v", err)
		}
		if _, err := db.Labels(ctx); err != nil {
			t.Fatalf("the project after the refusals: %v", err)
		}
	})

	t.Run("ErrFolderToStdout", func(t *testing.T) {
		_, err := app.Export(ctx, db, app.ExportOptions{Format: formats.FormatHF, Out: "-", Stdout: &bytes.Buffer{}, Files: files.Exports{}}, nil)
		if model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("hf to standard output: %v", err)
		}
	})

	t.Run("ErrMisaligned", func(t *testing.T) {
		// "nkar" falls inside a token: a token format refuses it unless
		// Snap widens it, and then nothing has the real name.
		misaligned, ids := mustProject(t, idlib)
		err := misaligned.Write(ctx, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, ids[0], "carol", model.Span{Start: 1, End: 5, Label: "ACTOR"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		out := filepath.Join(dir, "out.conll")
		_, err = app.Export(ctx, misaligned, app.ExportOptions{Format: formats.FormatCoNLL, Out: out, Files: files.Exports{}}, nil)
		if err == nil || !strings.Contains(err.Error(), "nothing was written") {
			t.Fatalf("misaligned span: %v", err)
		}
		if _, serr := os.Stat(out); !errors.Is(serr, os.ErrNotExist) {
			t.Fatalf("a failed export left %s: %v", out, serr)
		}
		noTemporaries(t, dir)
		res, err := app.Export(ctx, misaligned, app.ExportOptions{Format: formats.FormatCoNLL, Out: out, Snap: true, Files: files.Exports{}}, nil)
		if err != nil || res.Snapped != 1 {
			t.Fatalf("with Snap: %+v, %v", res, err)
		}
	})

	t.Run("Cancelled", func(t *testing.T) {
		// Cancelled before it starts, or once every record is written but
		// before anything has its name: nothing is written either way.
		dir := t.TempDir()
		out := filepath.Join(dir, "out.jsonl")
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		res, err := app.Export(cancelled, db, app.ExportOptions{Format: formats.FormatDoccano, Out: out, Files: files.Exports{}}, nil)
		if !errors.Is(err, context.Canceled) || len(res.Written) != 0 {
			t.Fatalf("export cancelled before it starts: %+v, %v", res, err)
		}
		late, cancel := context.WithCancel(ctx)
		defer cancel()
		res, err = app.Export(late, db, app.ExportOptions{Format: formats.FormatDoccano, Out: out, Files: files.Exports{}},
			func(done, total int) {
				if done == total {
					cancel()
				}
			})
		if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "interrupted") || len(res.Written) != 0 {
			t.Fatalf("export cancelled at its end: %+v, %v", res, err)
		}
		if _, serr := os.Stat(out); !errors.Is(serr, os.ErrNotExist) {
			t.Fatalf("a cancelled export left %s: %v", out, serr)
		}
		noTemporaries(t, dir)
	})

	t.Run("ErrSource", func(t *testing.T) {
		// A database that fails part way leaves nothing under the name.
		dir := t.TempDir()
		out := filepath.Join(dir, "out.jsonl")
		broken := failingSource{ExportSource: db, after: 1}
		_, err := app.Export(ctx, broken, app.ExportOptions{Format: formats.FormatDoccano, Out: out, Files: files.Exports{}}, nil)
		if !errors.Is(err, errDisk) || !strings.Contains(err.Error(), "nothing was written") {
			t.Fatalf("failing source: %v", err)
		}
		if _, serr := os.Stat(out); !errors.Is(serr, os.ErrNotExist) {
			t.Fatalf("a failed export left %s: %v", out, serr)
		}
		noTemporaries(t, dir)
	})
}

var errDisk = errors.New("disk I/O error")

// failingSource is a database that fails after passing some records.
type failingSource struct {
	app.ExportSource
	after int
}

func (f failingSource) Export(ctx context.Context, q app.ExportQuery, fn func(*formats.Annotation) error) error {
	n := 0
	err := f.ExportSource.Export(ctx, q, func(a *formats.Annotation) error {
		if n == f.after {
			return errDisk
		}
		n++
		return fn(a)
	})
	return err
}

// noTemporaries fails if dir holds anything an export writes on its way
// (hidden temporary files and folders).
func noTemporaries(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Fatalf("%s left in %s", e.Name(), dir)
		}
	}
}

func TestChooseExportAnnotator(t *testing.T) {
	ctx := context.Background()
	t.Run("OnlyAnnotator", func(t *testing.T) {
		db, ids := mustProject(t, idlib)
		err := db.Write(ctx, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, ids[0], "alice", model.Span{Start: 0, End: 6, Label: "ACTOR"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := app.ChooseExportAnnotator(ctx, db, "")
		if err != nil || got != (app.ExportChoice{Annotator: "alice"}) {
			t.Fatalf("choice = %+v, %v", got, err)
		}
	})
	t.Run("DefaultGold", func(t *testing.T) {
		db, _ := exportProject(t)
		got, err := app.ChooseExportAnnotator(ctx, db, "")
		if err != nil || got != (app.ExportChoice{Annotator: model.GoldAnnotator, DefaultGold: true, GoldDocuments: 1}) {
			t.Fatalf("choice = %+v, %v", got, err)
		}
		// Asked for, a person or gold is theirs.
		for _, name := range []string{"bob", model.GoldAnnotator} {
			if got, err := app.ChooseExportAnnotator(ctx, db, name); err != nil || got != (app.ExportChoice{Annotator: name}) {
				t.Fatalf("asked for %s: %+v, %v", name, got, err)
			}
		}
	})
	t.Run("ErrSeveral", func(t *testing.T) {
		db, ids := mustProject(t, idlib)
		for _, who := range []string{"alice", "bob"} {
			err := db.Write(ctx, func(tx app.WriteTx) error {
				_, err := tx.AddSpan(ctx, ids[0], who, model.Span{Start: 0, End: 6, Label: "ACTOR"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		_, err := app.ChooseExportAnnotator(ctx, db, "")
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "several annotators (alice, bob)") {
			t.Fatalf("several annotators: %v", err)
		}
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		db, _ := mustProject(t, idlib)
		if _, err := app.ChooseExportAnnotator(ctx, db, ""); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("nobody annotated: %v", err)
		}
		if _, err := app.ChooseExportAnnotator(ctx, db, "carol"); model.ErrorCode(err) != model.ENOTFOUND ||
			!strings.Contains(err.Error(), "no annotator named carol") {
			t.Fatalf("unknown annotator: %v", err)
		}
	})
}
