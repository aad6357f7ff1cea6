package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

func allowsOverlap(t *testing.T, db *storage.DB) bool {
	t.Helper()
	s, err := db.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s.AllowOverlap
}

func TestSetAllowOverlap(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		doc := mustAddDocument(t, db, example)
		if err := db.SetAllowOverlap(ctx, true); err != nil {
			t.Fatal(err)
		}
		if !allowsOverlap(t, db) {
			t.Fatal("the setting did not change")
		}
		if _, err := db.AddSpan(ctx, doc, "alice", span(0, 9, "ACTOR")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddSpan(ctx, doc, "alice", span(6, 17, "PLACE")); err != nil {
			t.Fatalf("an overlap once overlaps are allowed: %v", err)
		}
		// Setting what is already set changes nothing and refuses nothing.
		if err := db.SetAllowOverlap(ctx, true); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("GuidelinesKept", func(t *testing.T) {
		db := mustOpen(t)
		if err := db.SetSettings(ctx, model.Settings{Guidelines: "Label people."}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAllowOverlap(ctx, true); err != nil {
			t.Fatal(err)
		}
		if s, _ := db.Settings(ctx); s.Guidelines != "Label people." || !s.AllowOverlap {
			t.Fatalf("settings = %+v", s)
		}
	})
	t.Run("ErrOverlapsPresent", func(t *testing.T) {
		db := mustOpen(t)
		if err := db.SetAllowOverlap(ctx, true); err != nil {
			t.Fatal(err)
		}
		// Seven documents, each with one pair of overlapping spans of
		// alice's, and the first with a second pair of bob's.
		for i := range 7 {
			id, _, err := db.AddDocument(ctx, model.Document{ExternalID: fmt.Sprintf("doc-%d", i), Text: fmt.Sprintf("%d %s", i, example)})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range spans(span(0, 9, "ACTOR"), span(6, 17, "PLACE")) {
				if _, err := db.AddSpan(ctx, id, "alice", s); err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					if _, err := db.AddSpan(ctx, id, "bob", s); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		err := db.SetAllowOverlap(ctx, false)
		if model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("turning overlaps off over overlapping spans: err = %v", err)
		}
		msg := err.Error()
		for _, want := range []string{"8 pairs of spans overlap in 7 documents", "“doc-0” (alice: 1)", "“doc-0” (bob: 1)", "“doc-2” (alice: 1)", "and 3 more"} {
			if !strings.Contains(msg, want) {
				t.Errorf("the refusal does not say %q: %s", want, msg)
			}
		}
		if strings.Contains(msg, "doc-5") {
			t.Errorf("the refusal names more than the first few documents: %s", msg)
		}
		if !allowsOverlap(t, db) {
			t.Fatal("a refused change changed the setting")
		}
		// SetSettings refuses the same way.
		if err := db.SetSettings(ctx, model.Settings{}); model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "doc-0") {
			t.Fatalf("SetSettings over overlapping spans: err = %v", err)
		}
	})
	t.Run("OffWithoutOverlaps", func(t *testing.T) {
		db := mustOpen(t)
		doc := mustAddDocument(t, db, example)
		if err := db.SetAllowOverlap(ctx, true); err != nil {
			t.Fatal(err)
		}
		// Touching spans, and overlapping spans of two annotators, break no rule.
		for _, a := range []struct {
			who string
			s   model.Span
		}{{"alice", span(0, 9, "ACTOR")}, {"alice", span(9, 17, "PLACE")}, {"bob", span(6, 17, "PLACE")}} {
			if _, err := db.AddSpan(ctx, doc, a.who, a.s); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetAllowOverlap(ctx, false); err != nil {
			t.Fatal(err)
		}
		if allowsOverlap(t, db) {
			t.Fatal("the setting did not change")
		}
	})
}

func TestImportAllowOverlap(t *testing.T) {
	ctx := context.Background()
	nested := func() *sliceReader {
		return records(&formats.Record{Source: "nested.jsonl", Line: 1, Text: example,
			Spans: spans(span(0, 17, "ACTOR"), span(10, 17, "ACTOR"))})
	}
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		report, err := app.Import(ctx, db, nested(), app.ImportOptions{Annotator: "alice", AllowOverlap: true})
		if err != nil {
			t.Fatal(err)
		}
		if !report.OverlapAllowed || report.SpansAdded != 2 || !allowsOverlap(t, db) {
			t.Fatalf("report = %+v, allowed = %v", report, allowsOverlap(t, db))
		}
		// A second import finds the rule already on.
		report, err = app.Import(ctx, db, nested(), app.ImportOptions{Annotator: "alice", AllowOverlap: true})
		if err != nil || report.OverlapAllowed {
			t.Fatalf("again: report = %+v, err = %v", report, err)
		}
	})
	t.Run("FailedImportLeavesTheRule", func(t *testing.T) {
		db := mustOpen(t)
		bad := records(&formats.Record{Source: "bad.jsonl", Line: 1, Text: example, Spans: spans(span(0, 99, "ACTOR"))})
		if _, err := app.Import(ctx, db, bad, app.ImportOptions{Annotator: "alice", AllowOverlap: true}); err == nil {
			t.Fatal("a span past the end imported")
		}
		if allowsOverlap(t, db) {
			t.Fatal("a failed import turned overlaps on")
		}
	})
	t.Run("ErrOverlapWithout", func(t *testing.T) {
		db := mustOpen(t)
		_, err := app.Import(ctx, db, nested(), app.ImportOptions{Annotator: "alice"})
		if err == nil || !strings.Contains(err.Error(), "does not allow overlapping") {
			t.Fatalf("err = %v", err)
		}
	})
}
