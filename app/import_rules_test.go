package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

func TestImportRules(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db := openProject(t)
		report, err := app.Import(ctx, db, records(
			rec(1, example, "", spans(span(0, 5, "ACTOR"), span(10, 17, "ACTOR"), span(21, 27, "PLACE"), span(29, 31, "FIGURE"))),
			rec(2, "Ankara said 34 soldiers died.", "", nil),
		), app.ImportOptions{Annotator: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		if report.DocumentsAdded != 2 || report.SpansAdded != 4 || report.DocumentsExisting != 0 || report.SpansExisting != 0 {
			t.Fatalf("report = %+v", report)
		}
		list, _ := db.Documents(ctx, "alice")
		if len(list) != 2 || list[0].SpanCount != 4 || list[1].Status != model.StatusTodo {
			t.Fatalf("documents = %+v", list)
		}
		got, _ := db.Spans(ctx, list[0].ID, "alice")
		if len(got) != 4 || got[1].Start != 10 || got[1].Origin != model.OriginImport {
			t.Fatalf("spans = %+v", got)
		}
	})
	t.Run("TwiceAddsNothing", func(t *testing.T) {
		db := openProject(t)
		input := func() app.RecordReader {
			return records(rec(1, example, "alice", spans(span(0, 5, "ACTOR"), span(21, 27, "PLACE"))), rec(2, "Second text.", "", nil))
		}
		if _, err := app.Import(ctx, db, input(), app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		report, err := app.Import(ctx, db, input(), app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if report.DocumentsAdded != 0 || report.DocumentsExisting != 2 || report.SpansAdded != 0 || report.SpansExisting != 2 {
			t.Fatalf("second import report = %+v", report)
		}
		if st, _ := db.Stats(ctx); st.Documents != 2 || st.Spans != 2 {
			t.Fatalf("stats = %+v", st)
		}
	})
	t.Run("SameTextTwoAnnotators", func(t *testing.T) {
		db := openProject(t)
		report, err := app.Import(ctx, db, records(
			rec(1, example, "alice", spans(span(0, 5, "ACTOR"))),
			rec(2, example, "bob", spans(span(0, 5, "ACTOR"), span(21, 27, "PLACE"))),
		), app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if report.DocumentsAdded != 1 || report.DocumentsExisting != 1 || report.SpansAdded != 3 {
			t.Fatalf("report = %+v", report)
		}
		list, _ := db.Documents(ctx, "bob")
		if len(list) != 1 || list[0].SpanCount != 2 {
			t.Fatalf("documents = %+v", list)
		}
		if names, _ := db.Annotators(ctx); strings.Join(names, ",") != "alice,bob" {
			t.Fatalf("annotators = %v", names)
		}
	})
	t.Run("UnknownLabelsAdded", func(t *testing.T) {
		db := openProject(t)
		report, err := app.Import(ctx, db, records(rec(1, example, "alice", spans(span(0, 5, "PERSON"), span(21, 27, "GPE"), span(10, 17, "PERSON")))), app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(report.LabelsAdded, ",") != "GPE,PERSON" {
			t.Fatalf("labels added = %v", report.LabelsAdded)
		}
		labels, _ := db.Labels(ctx)
		if len(labels) != 5 || labels[3].Key != "4" || !model.IsColor(labels[3].Color) {
			t.Fatalf("labels = %+v", labels)
		}
	})
	t.Run("ErrBadRecordLeavesNothing", func(t *testing.T) {
		db := openProject(t)
		_, err := app.Import(ctx, db, records(
			rec(1, "First text.", "alice", spans(span(0, 5, "ACTOR"))),
			rec(2, example, "alice", spans(span(40, 60, "PLACE"))),
			rec(3, "Third text.", "", nil),
		), app.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "in.jsonl:2") || !strings.Contains(err.Error(), "ends past the text") {
			t.Fatalf("err = %v", err)
		}
		if st, _ := db.Stats(ctx); st.Documents != 0 || st.Spans != 0 {
			t.Fatalf("a failed import left %+v", st)
		}
		if names, _ := db.Annotators(ctx); len(names) != 0 {
			t.Fatalf("a failed import left annotators %v", names)
		}
	})
	t.Run("ErrReaderErrorLeavesNothing", func(t *testing.T) {
		db := openProject(t)
		_, err := app.Import(ctx, db, records(
			rec(1, "First text.", "", nil),
			&model.InputError{File: "in.jsonl", Line: 2, Msg: "malformed JSON"},
		), app.ImportOptions{})
		var inputErr *model.InputError
		if !errors.As(err, &inputErr) || inputErr.Line != 2 {
			t.Fatalf("err = %v", err)
		}
		if st, _ := db.Stats(ctx); st.Documents != 0 {
			t.Fatalf("a failed import left %d documents", st.Documents)
		}
	})
	t.Run("ErrOverlapInRecord", func(t *testing.T) {
		db := openProject(t)
		_, err := app.Import(ctx, db, records(rec(7, example, "alice", spans(span(0, 9, "ACTOR"), span(6, 17, "ACTOR")))), app.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "in.jsonl:7") || !strings.Contains(err.Error(), "overlap") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrOverlapWithStoredSpan", func(t *testing.T) {
		db := openProject(t)
		doc := mustAddDocument(t, db, example)
		if _, err := db.AddSpan(ctx, doc, "alice", span(0, 9, "ACTOR")); err != nil {
			t.Fatal(err)
		}
		_, err := app.Import(ctx, db, records(rec(1, example, "alice", spans(span(6, 17, "ACTOR")))), app.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "overlap") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrSpansWithoutAnnotator", func(t *testing.T) {
		db := openProject(t)
		_, err := app.Import(ctx, db, records(rec(1, example, "", spans(span(0, 5, "ACTOR")))), app.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "--annotator") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrBadLabelName", func(t *testing.T) {
		db := openProject(t)
		_, err := app.Import(ctx, db, records(rec(3, example, "alice", spans(span(0, 5, "TWO\x1bWORDS")))), app.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "in.jsonl:3") || !strings.Contains(err.Error(), "control character") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("SkipInvalid", func(t *testing.T) {
		db := openProject(t)
		report, err := app.Import(ctx, db, records(
			rec(1, "First text.", "alice", spans(span(0, 5, "ACTOR"))),
			rec(2, example, "alice", spans(span(0, 5, "ACTOR"), span(40, 60, "PLACE"))),
			&model.InputError{File: "in.jsonl", Line: 3, Msg: "malformed JSON"},
			rec(4, "Fourth text.", "", nil),
		), app.ImportOptions{SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		// The bad span is skipped alone: its record and its good span stay.
		if report.DocumentsAdded != 3 || report.SpansAdded != 2 || len(report.Skipped) != 1 || len(report.SkippedSpans) != 1 {
			t.Fatalf("report = %+v", report)
		}
		if !strings.Contains(report.SkippedSpans[0].Error(), "in.jsonl:2: span [40, 60)") || !strings.Contains(report.Skipped[0].Error(), "in.jsonl:3") {
			t.Fatalf("skipped = %v, skipped spans = %v", report.Skipped, report.SkippedSpans)
		}
		if st, _ := db.Stats(ctx); st.Documents != 3 || st.Spans != 2 {
			t.Fatalf("stats = %+v", st)
		}
	})
	t.Run("Progress", func(t *testing.T) {
		db := openProject(t)
		var seen []int
		var items []any
		for i := 0; i < 25; i++ {
			items = append(items, rec(i+1, strings.Repeat("word ", i+1), "", nil))
		}
		if _, err := app.Import(ctx, db, records(items...), app.ImportOptions{ProgressEvery: 10, Progress: func(n int) { seen = append(seen, n) }}); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(seen); got != "[10 20 25]" {
			t.Fatalf("progress calls = %v", got)
		}
	})
}
