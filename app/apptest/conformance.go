// Package apptest is the conformance suite of package app's store
// contract: every implementation (the SQLite project file today, a team
// database later) runs TestStore, TestExportSource and TestImportTarget
// from its own tests and must pass all of them. They check each operation
// (relations.go for the relations between spans), each documented error
// code, and the guarantees of the units of work: rollback, a snapshot per
// Read, writers that wait for one another, and cancelled contexts.
package apptest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// Texts are the documents a store must hold when a test starts, in this
// order. The project has the default labels (model.DefaultLabels) and does
// not allow overlapping spans.
var Texts = []string{
	"Putin met Erdogan in Moscow on Thursday. Dozens were killed in Idlib.",
	"Close to a million people fled toward the Turkish border.",
	"No names here.",
}

// Open makes a new, empty project holding Texts with the default labels
// and relation labels (model.DefaultRelationLabels), and returns it with
// the documents' ids in the order of Texts. It is called once per test;
// the project must be closed by t.Cleanup.
type Open func(t *testing.T) (store app.Store, documentIDs []string)

// TestStore runs the whole suite on the stores open makes.
func TestStore(t *testing.T, open Open) {
	t.Run("Read", func(t *testing.T) { testRead(t, open) })
	t.Run("Write", func(t *testing.T) { testWrite(t, open) })
	t.Run("Errors", func(t *testing.T) { testErrors(t, open) })
	t.Run("Flow", func(t *testing.T) { testFlow(t, open) })
	t.Run("Suggestions", func(t *testing.T) { testSuggestions(t, open) })
	t.Run("LabeledSpans", func(t *testing.T) { testLabeledSpans(t, open) })
	t.Run("Occurrences", func(t *testing.T) { testOccurrences(t, open) })
	t.Run("Attributes", func(t *testing.T) { testAttributes(t, open) })
	t.Run("AttributesInUse", func(t *testing.T) { testAttributesInUse(t, open) })
	t.Run("Relations", func(t *testing.T) { testRelations(t, open) })
	t.Run("RelationErrors", func(t *testing.T) { testRelationErrors(t, open) })
	t.Run("RelationCascade", func(t *testing.T) { testRelationCascade(t, open) })
	t.Run("RelationLabels", func(t *testing.T) { testRelationLabels(t, open) })
	t.Run("Rollback", func(t *testing.T) { testRollback(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("Cancel", func(t *testing.T) { testCancel(t, open) })
}

func testRead(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	err := st.Read(ctx, func(tx app.ReadTx) error {
		d, err := tx.Document(ctx, ids[0])
		if err != nil {
			return err
		}
		if d.ID != ids[0] || d.Text != Texts[0] {
			t.Errorf("Document = %q %q, want %q %q", d.ID, d.Text, ids[0], Texts[0])
		}
		if spans, err := tx.Spans(ctx, ids[0], "alice"); err != nil || len(spans) != 0 {
			t.Errorf("Spans of an untouched document = %v, %v; want none", spans, err)
		}
		if s, err := tx.Status(ctx, ids[0], "alice"); err != nil || s != model.StatusTodo {
			t.Errorf("Status of an untouched document = %q, %v; want todo", s, err)
		}
		if n, err := tx.Note(ctx, ids[0], "alice"); err != nil || n != "" {
			t.Errorf("Note of an untouched document = %q, %v; want none", n, err)
		}
		if n, err := tx.Finished(ctx, "alice"); err != nil || n != 0 {
			t.Errorf("Finished = %d, %v; want 0", n, err)
		}
		if people, err := tx.PeopleSpans(ctx, ids[0]); err != nil || len(people) != 0 {
			t.Errorf("PeopleSpans = %v, %v; want none", people, err)
		}
		if r, err := tx.Review(ctx, ids[0]); err != nil || r.Status != model.ReviewUnreviewed || r.Reviewer != "" {
			t.Errorf("Review = %+v, %v; want unreviewed, no reviewer", r, err)
		}
		if r, err := tx.Rejections(ctx, ids[0]); err != nil || len(r) != 0 {
			t.Errorf("Rejections = %v, %v; want none", r, err)
		}
		labels, err := tx.Labels(ctx)
		if err != nil {
			return err
		}
		var names []string
		for _, l := range labels {
			names = append(names, l.Name)
		}
		if got, want := fmt.Sprint(names), "[ACTOR PLACE FIGURE]"; got != want {
			t.Errorf("Labels = %s, want %s", got, want)
		}
		if s, err := tx.Settings(ctx); err != nil || s.AllowOverlap {
			t.Errorf("Settings = %+v, %v; want overlaps not allowed", s, err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	wantErr := errors.New("fn's own error")
	if err := st.Read(ctx, func(app.ReadTx) error { return wantErr }); !errors.Is(err, wantErr) {
		t.Errorf("Read returned %v, want fn's error", err)
	}
}

// testWrite checks every write operation and what reads see after it:
// inside the transaction and after the commit.
func testWrite(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	doc := ids[0]
	var putin, erdogan model.Span
	err := st.Write(ctx, func(tx app.WriteTx) error {
		var err error
		if putin, err = tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"}); err != nil {
			return err
		}
		if putin.ID == "" {
			t.Error("AddSpan gave the span no ID")
		}
		// An ID given is kept: that is how redo brings back the same span.
		if erdogan, err = tx.AddSpan(ctx, doc, "alice", model.Span{ID: "0190f5b2-0000-7000-8000-000000000001", Start: 10, End: 17, Label: "ACTOR"}); err != nil {
			return err
		}
		if erdogan.ID != "0190f5b2-0000-7000-8000-000000000001" {
			t.Errorf("AddSpan kept ID %q, want the one given", erdogan.ID)
		}
		if !putin.Created.Equal(erdogan.Created) || putin.Created.IsZero() {
			t.Errorf("two spans of one transaction made at %v and %v, want one timestamp", putin.Created, erdogan.Created)
		}
		// The first span moves a todo document to in progress.
		if s, err := tx.Status(ctx, doc, "alice"); err != nil || s != model.StatusInProgress {
			t.Errorf("Status after the first span = %q, %v; want in_progress", s, err)
		}
		if spans, err := tx.Spans(ctx, doc, "alice"); err != nil || len(spans) != 2 {
			t.Errorf("Spans inside the transaction = %v, %v; want its 2 spans", spans, err)
		}
		if err := tx.SetNote(ctx, doc, "alice", "ambiguous"); err != nil {
			return err
		}
		if err := tx.SetRejected(ctx, doc, model.Span{Start: 31, End: 39, Label: "FIGURE"}, true); err != nil {
			return err
		}
		if err := tx.SetRejected(ctx, doc, model.Span{Start: 41, End: 47, Label: "ACTOR"}, true); err != nil {
			return err
		}
		return tx.SetReviewer(ctx, doc, "rita")
	})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}

	err = st.Write(ctx, func(tx app.WriteTx) error {
		moved := erdogan
		moved.Start, moved.End, moved.Label = 21, 27, "PLACE" // "Moscow"
		got, err := tx.UpdateSpan(ctx, moved)
		if err != nil {
			return err
		}
		if got.Start != 21 || got.End != 27 || got.Label != "PLACE" || got.ID != erdogan.ID {
			t.Errorf("UpdateSpan = %+v, want the span at 21–27 as PLACE", got)
		}
		if err := tx.DeleteSpan(ctx, putin.ID); err != nil {
			return err
		}
		if err := tx.SetRejected(ctx, doc, model.Span{Start: 31, End: 39, Label: "FIGURE"}, false); err != nil {
			return err
		}
		return tx.SetStatus(ctx, doc, "alice", model.StatusDone)
	})
	if err != nil {
		t.Fatalf("second Write: %v", err)
	}

	err = st.Read(ctx, func(tx app.ReadTx) error {
		spans, err := tx.Spans(ctx, doc, "alice")
		if err != nil {
			return err
		}
		if len(spans) != 1 || spans[0].ID != erdogan.ID || spans[0].Start != 21 || spans[0].Label != "PLACE" {
			t.Errorf("Spans after both writes = %+v, want the moved span only", spans)
		}
		if s, _ := tx.Status(ctx, doc, "alice"); s != model.StatusDone {
			t.Errorf("Status = %q, want done", s)
		}
		if n, _ := tx.Finished(ctx, "alice"); n != 1 {
			t.Errorf("Finished = %d, want 1", n)
		}
		if n, _ := tx.Note(ctx, doc, "alice"); n != "ambiguous" {
			t.Errorf("Note = %q, want ambiguous", n)
		}
		if r, _ := tx.Review(ctx, doc); r.Reviewer != "rita" || r.Updated.IsZero() {
			t.Errorf("Review = %+v, want reviewer rita with a time", r)
		}
		if r, err := tx.Rejections(ctx, doc); err != nil || len(r) != 1 || r[0].Start != 41 || r[0].Label != "ACTOR" {
			t.Errorf("Rejections = %+v, %v; want the one still rejected", r, err)
		}
		people, err := tx.PeopleSpans(ctx, doc)
		if err != nil {
			return err
		}
		if len(people) != 1 || len(people["alice"]) != 1 {
			t.Errorf("PeopleSpans = %v, want alice's one span", people)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
}

// testErrors checks the error code of every refusal the contract names.
func testErrors(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	doc := ids[0] // 69 code points
	const unknownDoc = "0190f5b2-0000-7000-8000-0000000000ff"
	var existing model.Span
	if err := st.Write(ctx, func(tx app.WriteTx) error {
		var err error
		existing, err = tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		code string
		op   func(tx app.WriteTx) error
	}{
		{"AddSpanPastTheEnd", model.EINVALID, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 60, End: 100, Label: "PLACE"})
			return err
		}},
		{"AddSpanEmpty", model.EINVALID, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 5, End: 5, Label: "PLACE"})
			return err
		}},
		{"AddSpanUnknownLabel", model.EINVALID, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 10, End: 17, Label: "WEAPON"})
			return err
		}},
		{"AddSpanOverlap", model.EINVALID, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 3, End: 9, Label: "PLACE"})
			return err
		}},
		{"AddSpanDuplicate", model.ECONFLICT, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"})
			return err
		}},
		{"AddSpanUnknownDocument", model.ENOTFOUND, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, unknownDoc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"})
			return err
		}},
		{"UpdateSpanUnknown", model.ENOTFOUND, func(tx app.WriteTx) error {
			_, err := tx.UpdateSpan(ctx, model.Span{ID: "0190f5b2-0000-7000-8000-0000000000fe", Start: 0, End: 5, Label: "ACTOR"})
			return err
		}},
		{"UpdateSpanPastTheEnd", model.EINVALID, func(tx app.WriteTx) error {
			s := existing
			s.End = 1000
			_, err := tx.UpdateSpan(ctx, s)
			return err
		}},
		{"DeleteSpanUnknown", model.ENOTFOUND, func(tx app.WriteTx) error {
			return tx.DeleteSpan(ctx, "0190f5b2-0000-7000-8000-0000000000fe")
		}},
		{"SetStatusUnknownStatus", model.EINVALID, func(tx app.WriteTx) error {
			return tx.SetStatus(ctx, doc, "alice", model.Status("finished-ish"))
		}},
		{"SetStatusUnknownDocument", model.ENOTFOUND, func(tx app.WriteTx) error {
			return tx.SetStatus(ctx, unknownDoc, "alice", model.StatusDone)
		}},
		{"StatusUnknownDocument", model.ENOTFOUND, func(tx app.WriteTx) error {
			_, err := tx.Status(ctx, unknownDoc, "alice")
			return err
		}},
		{"SetNoteUnknownDocument", model.ENOTFOUND, func(tx app.WriteTx) error {
			return tx.SetNote(ctx, unknownDoc, "alice", "x")
		}},
		{"SetNoteBadAnnotator", model.EINVALID, func(tx app.WriteTx) error {
			return tx.SetNote(ctx, doc, "", "x")
		}},
		{"SetReviewerGold", model.EINVALID, func(tx app.WriteTx) error {
			return tx.SetReviewer(ctx, doc, model.GoldAnnotator)
		}},
		{"SetReviewerUnknownDocument", model.ENOTFOUND, func(tx app.WriteTx) error {
			return tx.SetReviewer(ctx, unknownDoc, "rita")
		}},
		{"SetLastDocumentUnknownDocument", model.ENOTFOUND, func(tx app.WriteTx) error {
			return tx.SetLastDocument(ctx, "alice", unknownDoc)
		}},
		{"SetLastDocumentBadAnnotator", model.EINVALID, func(tx app.WriteTx) error {
			return tx.SetLastDocument(ctx, "", doc)
		}},
		{"SetRejectedUnknownDocument", model.ENOTFOUND, func(tx app.WriteTx) error {
			return tx.SetRejected(ctx, unknownDoc, model.Span{Start: 0, End: 5, Label: "ACTOR"}, true)
		}},
		{"SetRejectedUnknownLabel", model.EINVALID, func(tx app.WriteTx) error {
			return tx.SetRejected(ctx, doc, model.Span{Start: 0, End: 5, Label: "WEAPON"}, true)
		}},
		{"DocumentUnknown", model.ENOTFOUND, func(tx app.WriteTx) error {
			_, err := tx.Document(ctx, unknownDoc)
			return err
		}},
		{"ReviewUnknownDocument", model.ENOTFOUND, func(tx app.WriteTx) error {
			_, err := tx.Review(ctx, unknownDoc)
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var opErr error
			err := st.Write(ctx, func(tx app.WriteTx) error {
				opErr = c.op(tx)
				return opErr
			})
			if got := model.ErrorCode(opErr); got != c.code {
				t.Errorf("error %v has code %q, want %q", opErr, got, c.code)
			}
			if !errors.Is(err, opErr) {
				t.Errorf("Write returned %v, want the operation's error", err)
			}
		})
	}
	// Nothing a refused operation did stayed.
	if err := st.Read(ctx, func(tx app.ReadTx) error {
		spans, err := tx.Spans(ctx, doc, "alice")
		if err == nil && (len(spans) != 1 || !spans[0].Equal(existing)) {
			t.Errorf("after the refusals the spans are %+v, want only %+v", spans, existing)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// testFlow checks the document flow: the next unfinished document, in
// project order and wrapping around, and the document last open.
func testFlow(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	next := func(after string) string {
		t.Helper()
		var id string
		if err := st.Read(ctx, func(tx app.ReadTx) error {
			var err error
			id, err = tx.NextUnfinished(ctx, "alice", after)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	finish := func(doc string, status model.Status) {
		t.Helper()
		if err := st.Write(ctx, func(tx app.WriteTx) error { return tx.SetStatus(ctx, doc, "alice", status) }); err != nil {
			t.Fatal(err)
		}
	}
	if got := next(""); got != ids[0] {
		t.Errorf("NextUnfinished from the start = %q, want the first document %q", got, ids[0])
	}
	finish(ids[0], model.StatusDone)
	finish(ids[1], model.StatusInProgress)
	if got := next(""); got != ids[1] {
		t.Errorf("NextUnfinished from the start, first done = %q, want the second (in progress) %q", got, ids[1])
	}
	if got := next(ids[2]); got != ids[1] {
		t.Errorf("NextUnfinished after the last = %q, want it to wrap around to %q", got, ids[1])
	}
	finish(ids[1], model.StatusSkipped)
	finish(ids[2], model.StatusDone)
	if got := next(ids[0]); got != "" {
		t.Errorf("NextUnfinished with every document finished = %q, want none", got)
	}

	last := func() string {
		t.Helper()
		var id string
		if err := st.Read(ctx, func(tx app.ReadTx) error {
			var err error
			id, err = tx.LastDocument(ctx, "alice")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	if got := last(); got != "" {
		t.Errorf("LastDocument before any = %q, want none", got)
	}
	if err := st.Write(ctx, func(tx app.WriteTx) error { return tx.SetLastDocument(ctx, "alice", ids[2]) }); err != nil {
		t.Fatal(err)
	}
	if got := last(); got != ids[2] {
		t.Errorf("LastDocument = %q, want %q", got, ids[2])
	}
}

// testSuggestions checks the suggestion operations: a suggestion put back
// is offered, accepting makes it the annotator's span (with its ID, origin
// suggestion, and the document started), rejecting removes it, and taking
// an acceptance back offers it again.
func testSuggestions(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	doc := ids[0]
	moscow := model.Suggestion{ID: "0190f5b2-0000-7000-8000-00000000a001", Start: 21, End: 27, Label: "PLACE", Source: model.SourceDictionary}
	idlib := model.Suggestion{ID: "0190f5b2-0000-7000-8000-00000000a002", Start: 63, End: 68, Label: "PLACE", Source: model.SourcePatterns}
	dozens := model.Suggestion{ID: "0190f5b2-0000-7000-8000-00000000a003", Start: 41, End: 47, Label: "FIGURE", Source: model.SourceFigures}
	write := func(fn func(tx app.WriteTx) error) {
		t.Helper()
		if err := st.Write(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	pending := func() []model.Suggestion {
		t.Helper()
		var list []model.Suggestion
		if err := st.Read(ctx, func(tx app.ReadTx) error {
			var err error
			list, err = tx.Suggestions(ctx, doc, "alice")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return list
	}
	write(func(tx app.WriteTx) error {
		for _, s := range []model.Suggestion{moscow, idlib, dozens} {
			if err := tx.RestoreSuggestion(ctx, doc, "alice", s); err != nil {
				return err
			}
		}
		if err := tx.RestoreSuggestion(ctx, doc, "alice", moscow); model.ErrorCode(err) != model.ECONFLICT {
			t.Errorf("RestoreSuggestion of one that is there: %v, want ECONFLICT", err)
		}
		bad := moscow
		bad.ID, bad.End = "0190f5b2-0000-7000-8000-00000000a0ff", 500
		if err := tx.RestoreSuggestion(ctx, doc, "alice", bad); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("RestoreSuggestion past the end: %v, want EINVALID", err)
		}
		return nil
	})
	list := pending()
	if len(list) != 3 || list[0].ID != moscow.ID || list[0].Source != model.SourceDictionary || list[1].ID != dozens.ID || list[2].Source != model.SourcePatterns {
		t.Fatalf("Suggestions = %+v, want the three in text order with their sources", list)
	}

	write(func(tx app.WriteTx) error {
		span, err := tx.AcceptSuggestion(ctx, doc, "alice", moscow.ID)
		if err != nil {
			return err
		}
		if span.ID != moscow.ID || span.Origin != model.OriginSuggestion || span.Start != 21 || span.Label != "PLACE" {
			t.Errorf("AcceptSuggestion = %+v, want the suggestion's span with its ID and origin suggestion", span)
		}
		if s, _ := tx.Status(ctx, doc, "alice"); s != model.StatusInProgress {
			t.Errorf("status after accepting = %s, want in_progress", s)
		}
		if _, err := tx.AcceptSuggestion(ctx, doc, "alice", "0190f5b2-0000-7000-8000-00000000a0fe"); model.ErrorCode(err) != model.ENOTFOUND {
			t.Errorf("AcceptSuggestion of an unknown one: %v, want ENOTFOUND", err)
		}
		if err := tx.RejectSuggestion(ctx, doc, "alice", "0190f5b2-0000-7000-8000-00000000a0fe"); model.ErrorCode(err) != model.ENOTFOUND {
			t.Errorf("RejectSuggestion of an unknown one: %v, want ENOTFOUND", err)
		}
		return tx.RejectSuggestion(ctx, doc, "alice", dozens.ID)
	})
	if list := pending(); len(list) != 1 || list[0].ID != idlib.ID {
		t.Fatalf("after accepting one and rejecting one, Suggestions = %+v, want only the third", list)
	}

	var accepted []model.Span
	write(func(tx app.WriteTx) error {
		var err error
		accepted, err = tx.AcceptSuggestions(ctx, doc, "alice")
		return err
	})
	if len(accepted) != 1 || accepted[0].ID != idlib.ID || len(pending()) != 0 {
		t.Fatalf("AcceptSuggestions = %+v, pending %v; want the last one accepted", accepted, pending())
	}
	write(func(tx app.WriteTx) error {
		return tx.UnacceptSuggestions(ctx, doc, "alice", []model.Suggestion{idlib})
	})
	if list := pending(); len(list) != 1 || list[0].ID != idlib.ID {
		t.Errorf("after taking the acceptance back, Suggestions = %+v, want it offered again", list)
	}
	if err := st.Read(ctx, func(tx app.ReadTx) error {
		spans, err := tx.Spans(ctx, doc, "alice")
		if err == nil && (len(spans) != 1 || spans[0].ID != moscow.ID) {
			t.Errorf("spans = %+v, want only the first accepted", spans)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// testLabeledSpans checks the many-span operations label all and its undo
// use: all or nothing, IDs kept, the status moved and moved back.
func testLabeledSpans(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	spans := []model.LabeledSpan{
		{DocumentID: ids[0], Span: model.Span{ID: "0190f5b2-0000-7000-8000-00000000b001", Start: 21, End: 27, Label: "PLACE"}},
		{DocumentID: ids[1], Span: model.Span{ID: "0190f5b2-0000-7000-8000-00000000b002", Start: 0, End: 18, Label: "FIGURE"}},
	}
	var added []model.LabeledSpan
	if err := st.Write(ctx, func(tx app.WriteTx) error {
		var err error
		added, err = tx.AddLabeledSpans(ctx, "alice", spans)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(added) != 2 || added[0].Span.ID != spans[0].Span.ID || !added[0].Started || !added[1].Started {
		t.Fatalf("AddLabeledSpans = %+v, want both kept with their IDs, each starting its document", added)
	}
	// One bad span refuses them all.
	more := []model.LabeledSpan{
		{DocumentID: ids[2], Span: model.Span{Start: 0, End: 2, Label: "ACTOR"}},
		{DocumentID: ids[0], Span: model.Span{Start: 24, End: 30, Label: "PLACE"}}, // overlaps "Moscow"
	}
	err := st.Write(ctx, func(tx app.WriteTx) error {
		_, err := tx.AddLabeledSpans(ctx, "alice", more)
		return err
	})
	if model.ErrorCode(err) != model.EINVALID {
		t.Errorf("AddLabeledSpans with an overlap: %v, want EINVALID", err)
	}
	mustBeUntouched(t, st, ids[2], "alice")

	if err := st.Write(ctx, func(tx app.WriteTx) error { return tx.DeleteLabeledSpans(ctx, "alice", added) }); err != nil {
		t.Fatal(err)
	}
	mustBeUntouched(t, st, ids[0], "alice")
	mustBeUntouched(t, st, ids[1], "alice")
	err = st.Write(ctx, func(tx app.WriteTx) error { return tx.DeleteLabeledSpans(ctx, "alice", added) })
	if model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("DeleteLabeledSpans of spans already gone: %v, want ENOTFOUND", err)
	}
}

// testOccurrences checks the reads label all and remove all make: in a
// write transaction they see its own changes, so that what label all
// finds and what it adds are one unit.
func testOccurrences(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	idlib := model.Span{Start: strings.Index(Texts[0], "Idlib"), End: strings.Index(Texts[0], "Idlib") + len("Idlib"), Label: "PLACE"}
	type visit struct {
		doc, text string
		spans     int
	}
	walk := func(tx app.ReadTx, annotator, phrase, except string) []visit {
		t.Helper()
		var got []visit
		err := tx.PhraseDocuments(ctx, annotator, phrase, except, func(doc, text string, spans []model.Span) error {
			got = append(got, visit{doc, text, len(spans)})
			return nil
		})
		if err != nil {
			t.Errorf("PhraseDocuments(%q): %v", phrase, err)
		}
		return got
	}
	err := st.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, ids[0], "alice", idlib); err != nil {
			return err
		}
		// The span just added, in the same transaction.
		if got := walk(tx, "alice", "Idlib", ""); len(got) != 1 || got[0].doc != ids[0] || got[0].text != Texts[0] || got[0].spans != 1 {
			t.Errorf("PhraseDocuments(Idlib) in the writing transaction = %+v, want the first document with alice's one span", got)
		}
		found, err := tx.SpansWithText(ctx, "alice", "Idlib", "PLACE")
		if err != nil || len(found) != 1 || found[0].DocumentID != ids[0] || found[0].Span.Start != idlib.Start {
			t.Errorf("SpansWithText(Idlib, PLACE) in the writing transaction = %+v, %v; want the span just added", found, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Read(ctx, func(tx app.ReadTx) error {
		if got := walk(tx, "alice", "Turkish border", ""); len(got) != 1 || got[0].doc != ids[1] || got[0].spans != 0 {
			t.Errorf("PhraseDocuments(Turkish border) = %+v, want the second document only, no spans", got)
		}
		if got := walk(tx, "alice", "Idlib", ids[0]); len(got) != 0 {
			t.Errorf("PhraseDocuments(Idlib) except the first document = %+v, want none", got)
		}
		if got := walk(tx, "bob", "Idlib", ""); len(got) != 1 || got[0].spans != 0 {
			t.Errorf("PhraseDocuments(Idlib) for an annotator with no spans = %+v, want the first document, no spans", got)
		}
		if got := walk(tx, "alice", "Aleppo", ""); len(got) != 0 {
			t.Errorf("PhraseDocuments(Aleppo) = %+v, want none", got)
		}
		stop := errors.New("enough")
		calls := 0
		err := tx.PhraseDocuments(ctx, "alice", "e", "", func(string, string, []model.Span) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("PhraseDocuments whose fn fails: %d calls, %v; want 1 call and fn's error", calls, err)
		}
		if found, err := tx.SpansWithText(ctx, "alice", "Idlib", "ACTOR"); err != nil || len(found) != 0 {
			t.Errorf("SpansWithText(Idlib, ACTOR) = %+v, %v; want none", found, err)
		}
		if found, err := tx.SpansWithText(ctx, "bob", "Idlib", "PLACE"); err != nil || len(found) != 0 {
			t.Errorf("SpansWithText for an annotator with no spans = %+v, %v; want none", found, err)
		}
		if _, err := tx.SpansWithText(ctx, "alice", "Idlib", "NOPE"); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("SpansWithText of an unknown label: %v, want EINVALID", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testRollback checks that a unit of work that fails, or panics, leaves
// nothing behind.
func testRollback(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	doc := ids[1]
	stop := errors.New("stop")
	err := st.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 18, Label: "FIGURE"}); err != nil {
			return err
		}
		if err := tx.SetNote(ctx, doc, "alice", "half done"); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Write returned %v, want fn's error", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a panic inside Write did not reach the caller")
			}
		}()
		_ = st.Write(ctx, func(tx app.WriteTx) error {
			if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 19, End: 25, Label: "ACTOR"}); err != nil {
				return err
			}
			panic("a bug in a use case")
		})
	}()
	mustBeUntouched(t, st, doc, "alice")
	// The store still works after both.
	if err := st.Write(ctx, func(tx app.WriteTx) error {
		_, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 18, Label: "FIGURE"})
		return err
	}); err != nil {
		t.Fatalf("Write after a rollback: %v", err)
	}
}

// mustBeUntouched fails t unless the annotator has nothing on doc.
func mustBeUntouched(t *testing.T, st app.Store, doc, annotator string) {
	t.Helper()
	ctx := context.Background()
	err := st.Read(ctx, func(tx app.ReadTx) error {
		spans, err := tx.Spans(ctx, doc, annotator)
		if err != nil {
			return err
		}
		status, err := tx.Status(ctx, doc, annotator)
		if err != nil {
			return err
		}
		note, err := tx.Note(ctx, doc, annotator)
		if err != nil {
			return err
		}
		if len(spans) != 0 || status != model.StatusTodo || note != "" {
			t.Errorf("after a rolled back write: spans %v, status %q, note %q; want none, todo, none", spans, status, note)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testConcurrency checks two writers at once (both land, one after the
// other), a reader during a write (it neither waits nor sees the
// uncommitted change) and that a Read is one snapshot.
func testConcurrency(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	doc := ids[0]

	// A writer holds its transaction open; a second writer must wait for
	// it rather than fail, and a reader must not wait at all.
	inside, release := make(chan struct{}), make(chan struct{})
	firstDone := make(chan error, 1)
	go func() {
		firstDone <- st.Write(ctx, func(tx app.WriteTx) error {
			if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"}); err != nil {
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	secondDone := make(chan error, 1)
	go func() {
		secondDone <- st.Write(ctx, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, doc, "bob", model.Span{Start: 10, End: 17, Label: "ACTOR"})
			return err
		})
	}()
	readDone := make(chan error, 1)
	go func() {
		readDone <- st.Read(ctx, func(tx app.ReadTx) error {
			spans, err := tx.Spans(ctx, doc, "alice")
			if err == nil && len(spans) != 0 {
				t.Errorf("a reader saw an uncommitted span: %v", spans)
			}
			return err
		})
	}()
	select {
	case err := <-readDone:
		if err != nil {
			t.Errorf("Read during a write: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a reader waited for a writer")
	}
	select {
	case err := <-secondDone:
		t.Fatalf("the second writer ended (%v) while the first held its transaction", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-firstDone; err != nil {
		t.Fatalf("first writer: %v", err)
	}
	if err := <-secondDone; err != nil {
		t.Fatalf("second writer, which should have waited: %v", err)
	}

	// Many writers at once all land.
	const writers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			name := fmt.Sprintf("writer%d", w)
			for i := range each {
				err := st.Write(ctx, func(tx app.WriteTx) error {
					_, err := tx.AddSpan(ctx, ids[1], name, model.Span{Start: i * 6, End: i*6 + 5, Label: "FIGURE"})
					return err
				})
				if err != nil {
					errs <- fmt.Errorf("%s, span %d: %w", name, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// One snapshot: a commit made while a Read runs is not seen by it.
	var before, after int
	err := st.Read(ctx, func(tx app.ReadTx) error {
		people, err := tx.PeopleSpans(ctx, doc)
		if err != nil {
			return err
		}
		before = len(people)
		if err := st.Write(ctx, func(w app.WriteTx) error {
			_, err := w.AddSpan(ctx, doc, "carol", model.Span{Start: 21, End: 27, Label: "PLACE"})
			return err
		}); err != nil {
			return err
		}
		people, err = tx.PeopleSpans(ctx, doc)
		after = len(people)
		return err
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if before != 2 || after != before {
		t.Errorf("a Read saw %d people, then %d after another commit; want 2 both times", before, after)
	}
	err = st.Read(ctx, func(tx app.ReadTx) error {
		people, err := tx.PeopleSpans(ctx, ids[1])
		if err == nil && len(people) != writers {
			t.Errorf("%d writers' sets, want %d", len(people), writers)
		}
		for name, spans := range people {
			if len(spans) != each {
				t.Errorf("%s has %d spans, want %d", name, len(spans), each)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testCancel checks cancelled contexts: before a unit of work starts, and
// during a write, which then changes nothing.
func testCancel(t *testing.T, open Open) {
	st, ids := open(t)
	doc := ids[2]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := st.Read(ctx, func(app.ReadTx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Read with a cancelled context: %v, want context.Canceled", err)
	}
	if err := st.Write(ctx, func(app.WriteTx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Write with a cancelled context: %v, want context.Canceled", err)
	}
	if ran {
		t.Error("a unit of work ran on a cancelled context")
	}

	ctx, cancel = context.WithCancel(context.Background())
	err := st.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 2, Label: "ACTOR"}); err != nil {
			return err
		}
		cancel() // the user closed the window mid-way
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Write cancelled during fn: %v, want context.Canceled", err)
	}
	mustBeUntouched(t, st, doc, "alice")
}
