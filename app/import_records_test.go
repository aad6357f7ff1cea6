package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage/files"
)

// A record someone annotated and found nothing in is a negative example:
// it becomes the annotator's set with no spans, and every export has it.
func TestImportAnnotatedEmpty(t *testing.T) {
	ctx := context.Background()
	t.Run("DoneAndExported", func(t *testing.T) {
		db := openProject(t)
		empty := rec(1, "Nothing happened in Zyxwvut today.", "alice", nil)
		empty.Annotated, empty.Answer, empty.InputHash, empty.TaskHash = true, "accept", hash(-123456789), hash(42)
		rejected := rec(2, "A record the annotator rejected.", "alice", nil)
		rejected.Annotated, rejected.Answer = true, "reject"
		unread := rec(3, "Nobody read this one.", "alice", nil)
		report, err := app.Import(ctx, db, records(empty, rejected, unread), app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if report.AnnotatedEmpty != 2 || report.DocumentsAdded != 3 || report.SpansAdded != 0 {
			t.Fatalf("report = %+v", report)
		}
		var got []formats.Annotation
		err = db.Export(ctx, app.ExportQuery{}, func(a *formats.Annotation) error {
			c := *a
			got = append(got, c)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("exported %d sets, want the two annotated ones: %+v", len(got), got)
		}
		a := got[0]
		if a.Status != model.StatusDone || len(a.Spans) != 0 || a.Answer != "accept" ||
			a.InputHash == nil || *a.InputHash != -123456789 || a.TaskHash == nil || *a.TaskHash != 42 {
			t.Fatalf("first set = %+v", a)
		}
		if b := got[1]; b.Status != model.StatusSkipped || b.Answer != "reject" || b.InputHash != nil {
			t.Fatalf("rejected set = %+v", b)
		}
		list, _ := db.Documents(ctx, "alice")
		if len(list) != 3 || list[2].Status != model.StatusTodo {
			t.Fatalf("documents = %+v", list)
		}
	})
	t.Run("StatusOption", func(t *testing.T) {
		db := openProject(t)
		empty := rec(1, "Nothing here.", "alice", nil)
		empty.Annotated = true
		withSpans := rec(2, example, "alice", spans(span(0, 5, "ACTOR")))
		own := rec(3, "Its own status.", "alice", nil)
		own.Annotated, own.Status = true, model.StatusDone
		if _, err := app.Import(ctx, db, records(empty, withSpans, own), app.ImportOptions{Status: model.StatusInProgress}); err != nil {
			t.Fatal(err)
		}
		got := exported(t, db, app.ExportQuery{})
		want := []string{"alice in_progress : ", "alice in_progress : Putin/ACTOR", "alice done : "}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("exported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if _, err := app.Import(ctx, db, records(empty), app.ImportOptions{Status: "finished"}); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("a bad status: %v", err)
		}
	})
	t.Run("SpansWithoutAnswerStayInProgress", func(t *testing.T) {
		db := openProject(t)
		if _, err := app.Import(ctx, db, records(rec(1, example, "alice", spans(span(0, 5, "ACTOR")))), app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := exported(t, db, app.ExportQuery{}); len(got) != 1 || !strings.HasPrefix(got[0], "alice in_progress") {
			t.Fatalf("exported %q", got)
		}
	})
	t.Run("AgainFillsATodoSet", func(t *testing.T) {
		db := openProject(t)
		id := mustAddDocument(t, db, "Nothing happened in Zyxwvut today.")
		if err := db.SetStatus(ctx, id, "alice", model.StatusTodo); err != nil {
			t.Fatal(err)
		}
		empty := rec(1, "Nothing happened in Zyxwvut today.", "alice", nil)
		empty.Annotated, empty.Answer = true, "accept"
		report, err := app.Import(ctx, db, records(empty), app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got := exported(t, db, app.ExportQuery{})
		if report.DocumentsExisting != 1 || len(got) != 1 || got[0] != "alice done : " {
			t.Fatalf("report %+v, exported %q", report, got)
		}
	})
}

// Every writer gets the annotated-empty set and writes its document.
func TestExportAnnotatedEmptyEveryFormat(t *testing.T) {
	ctx := context.Background()
	db := openProject(t)
	empty := rec(1, "Nothing happened in Zyxwvut today.", "alice", nil)
	empty.ExternalID, empty.Annotated, empty.Answer = "neg-1", true, "accept"
	if _, err := app.Import(ctx, db, records(empty), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	export := func(w formats.Writer) {
		t.Helper()
		if err := db.Export(ctx, app.ExportQuery{}, w.Write); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	opts := formats.WriterOptions{Labels: []string{"ACTOR", "PLACE", "FIGURE"}}
	for _, f := range []formats.Format{formats.FormatProdigy, formats.FormatDoccano, formats.FormatCoNLL, formats.FormatHF, formats.FormatLabelStudio} {
		t.Run(string(f), func(t *testing.T) {
			var out bytes.Buffer
			w, err := formats.NewWriter(f, &out, opts)
			if err != nil {
				t.Fatal(err)
			}
			export(w)
			if !strings.Contains(out.String(), "Zyxwvut") {
				t.Fatalf("%s dropped the document annotated with no spans:\n%s", f, out.String())
			}
			if f == formats.FormatProdigy && !strings.Contains(out.String(), `"answer":"accept"`) {
				t.Fatalf("prodigy lost the answer:\n%s", out.String())
			}
		})
	}
	t.Run("brat", func(t *testing.T) {
		dir := t.TempDir()
		w, err := formats.NewBratWriter(files.Folder(dir), opts)
		if err != nil {
			t.Fatal(err)
		}
		export(w)
		var txt, ann int
		err = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			data, _ := os.ReadFile(path)
			switch filepath.Ext(path) {
			case ".txt":
				if strings.Contains(string(data), "Zyxwvut") {
					txt++
				}
			case ".ann":
				ann++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if txt != 1 || ann != 1 {
			t.Fatalf("brat wrote %d .txt with the document and %d .ann files, want 1 and 1", txt, ann)
		}
	})
}

// A model's predictions are suggestions for the annotator, not their spans.
func TestImportSuggestions(t *testing.T) {
	ctx := context.Background()
	db := openProject(t)
	r := rec(1, example, "alice", spans(span(0, 5, "ACTOR")))
	r.Suggestions = spans(span(21, 27, "PLACE"), span(0, 5, "ACTOR"), span(29, 31, "MODEL FIGURE"))
	report, err := app.Import(ctx, db, records(r), app.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if report.SpansAdded != 1 || report.SuggestionsAdded != 2 { // not the one alice has as a span
		t.Fatalf("report = %+v", report)
	}
	list, _ := db.Documents(ctx, "alice")
	got, err := db.Suggestions(ctx, list[0].ID, "alice")
	if err != nil {
		t.Fatal(err)
	}
	// The one alice has as a span is nothing left to decide.
	if len(got) != 2 || got[0].Label != "PLACE" || got[0].Source != model.SourceImport || got[1].Label != "MODEL FIGURE" {
		t.Fatalf("suggestions = %+v", got)
	}
	if s, _ := db.Spans(ctx, list[0].ID, "alice"); len(s) != 1 {
		t.Fatalf("spans = %+v", s)
	}
	if _, err := db.AcceptSuggestion(ctx, list[0].ID, "alice", got[0].ID); err != nil {
		t.Fatal(err)
	}
	// Imported again: nothing new.
	report, err = app.Import(ctx, db, records(r), app.ImportOptions{})
	if err != nil || report.SuggestionsAdded != 0 {
		t.Fatalf("again: %+v, %v", report, err)
	}
	bad := rec(2, "Short.", "alice", nil)
	bad.Suggestions = spans(span(0, 50, "PLACE"))
	if _, err := app.Import(ctx, db, records(bad), app.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "in.jsonl:2: suggestion 1") {
		t.Fatalf("a suggestion out of range: %v", err)
	}
}

// The summary's material: formats read, what was not kept, warnings that
// do not stop the import.
func TestImportReportCounts(t *testing.T) {
	ctx := context.Background()
	db := openProject(t)
	a := rec(1, example, "alice", spans(span(0, 5, "ACTOR")))
	a.Format, a.NotKept = formats.FormatBrat, map[string]int{"relations": 2, "events": 1}
	b := rec(2, "Second.", "alice", nil)
	b.Format, b.NotKept = formats.FormatBrat, map[string]int{"relations": 6, "attributes": 0}
	c := rec(3, "Third.", "alice", nil)
	c.Format = formats.FormatJSONL
	report, err := app.Import(ctx, db, records(a,
		&model.InputError{File: "in.jsonl", Line: 4, Msg: "the record is only white space", Warning: true},
		b, c), app.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(report.Formats, ",") != "brat,jsonl" || report.NotKept["relations"] != 8 || report.NotKept["events"] != 1 ||
		len(report.NotKept) != 2 || len(report.Warnings) != 1 || len(report.Skipped) != 0 || report.DocumentsAdded != 3 {
		t.Fatalf("report = %+v", report)
	}
}

// An overlap names the file and line of both spans, and --skip-invalid
// leaves out the span alone.
func TestImportOverlapNamesBoth(t *testing.T) {
	ctx := context.Background()
	brat := func() *formats.Record {
		r := rec(0, example, "alice", spans(span(0, 5, "ACTOR"), span(21, 27, "PLACE"), span(3, 9, "FIGURE")))
		r.Source, r.SpanLines = "doc.ann", []int{1, 2, 7}
		return r
	}
	t.Run("Refused", func(t *testing.T) {
		db := openProject(t)
		_, err := app.Import(ctx, db, records(brat()), app.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "doc.ann:7: span [3, 9) FIGURE overlaps span [0, 5) ACTOR at doc.ann:1") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("InTheProject", func(t *testing.T) {
		db := openProject(t)
		if _, err := app.Import(ctx, db, records(rec(1, example, "alice", spans(span(0, 5, "ACTOR")))), app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		r := brat()
		r.Spans, r.SpanLines = r.Spans[2:], r.SpanLines[2:]
		_, err := app.Import(ctx, db, records(r), app.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "doc.ann:7: span [3, 9) FIGURE overlaps span [0, 5) ACTOR already in the project") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("SkipInvalidSkipsTheSpan", func(t *testing.T) {
		db := openProject(t)
		report, err := app.Import(ctx, db, records(brat()), app.ImportOptions{SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if report.SpansAdded != 2 || len(report.SkippedSpans) != 1 || len(report.Skipped) != 0 ||
			!strings.HasPrefix(report.SkippedSpans[0].Error(), "doc.ann:7: ") {
			t.Fatalf("report = %+v", report)
		}
	})
}

// The same text with other spans by the same annotator, in two files, is
// not merged into a union neither holds.
func TestImportConflictingVersions(t *testing.T) {
	ctx := context.Background()
	input := func() app.RecordReader {
		a := rec(2, example, "anna", spans(span(0, 5, "ACTOR"), span(21, 27, "PLACE")))
		a.Source = "a.jsonl"
		same := rec(5, example, "anna", spans(span(21, 27, "PLACE"), span(0, 5, "ACTOR")))
		same.Source = "c.jsonl"
		b := rec(4, example, "anna", spans(span(0, 5, "PLACE")))
		b.Source = "dir/b.jsonl"
		b2 := rec(9, example, "anna", spans(span(0, 5, "PLACE")))
		b2.Source = "d.jsonl"
		return records(a, same, b, b2)
	}
	t.Run("Refused", func(t *testing.T) {
		db := openProject(t)
		_, err := app.Import(ctx, db, input(), app.ImportOptions{})
		if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "dir/b.jsonl:4: the same text as a.jsonl:2") ||
			!strings.Contains(err.Error(), "keep the first version (at a.jsonl:2)") || !strings.Contains(err.Error(), "each file's version as its own annotation set") ||
			strings.Contains(err.Error(), "--") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("First", func(t *testing.T) {
		db := openProject(t)
		report, err := app.Import(ctx, db, input(), app.ImportOptions{OnConflict: app.ConflictFirst})
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Conflicts) != 2 || !strings.Contains(report.Conflicts[0].Error(), "dir/b.jsonl:4") {
			t.Fatalf("report = %+v", report)
		}
		got := exported(t, db, app.ExportQuery{})
		if len(got) != 1 || got[0] != "anna in_progress : Putin/ACTOR Moscow/PLACE" {
			t.Fatalf("exported %q", got)
		}
	})
	t.Run("Separate", func(t *testing.T) {
		db := openProject(t)
		report, err := app.Import(ctx, db, input(), app.ImportOptions{OnConflict: app.ConflictSeparate})
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Conflicts) != 1 {
			t.Fatalf("report = %+v", report)
		}
		got := exported(t, db, app.ExportQuery{})
		want := []string{"anna in_progress : Putin/ACTOR Moscow/PLACE", "anna (b.jsonl) in_progress : Putin/PLACE"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("exported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// Importing the same again is a re-run: it changes nothing.
		again, err := app.Import(ctx, db, input(), app.ImportOptions{OnConflict: app.ConflictSeparate})
		if err != nil || again.SpansAdded != 0 {
			t.Fatalf("again: %+v, %v", again, err)
		}
	})
	t.Run("ReimportMerges", func(t *testing.T) {
		// Across imports the project's set is the annotator's: a later
		// file adds to it by offsets, as re-running an import always has.
		db := openProject(t)
		if _, err := app.Import(ctx, db, records(rec(1, example, "anna", spans(span(0, 5, "ACTOR")))), app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Import(ctx, db, records(rec(1, example, "anna", spans(span(21, 27, "PLACE")))), app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := exported(t, db, app.ExportQuery{}); len(got) != 1 || got[0] != "anna in_progress : Putin/ACTOR Moscow/PLACE" {
			t.Fatalf("exported %q", got)
		}
	})
}
