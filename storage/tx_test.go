package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/storage"
)

// TestUndoStepIsOneTransaction labels the same word in 50 sentences as one
// undo step (label all) through the history, with a clock that moves a
// millisecond every time the project reads it: the step is one
// transaction, so every span carries the same time; undo takes them all
// back. A step whose last span is refused leaves none of the others and
// the document's status as it was.
func TestUndoStepIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	const word = "Ankara and Moscow met in Idlib. "
	doc := mustAddDocument(t, db, strings.Repeat(word, 60))
	tick := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	storage.SetClock(db, func() time.Time { tick = tick.Add(time.Millisecond); return tick })

	var cmds []edit.Command
	for i := range 50 {
		at := i * len(word)
		cmds = append(cmds, edit.AddSpan(doc, "alice", model.Span{Start: at, End: at + 6, Label: "PLACE"}, "Ankara"))
	}
	h := edit.NewHistory(db, 0)
	if err := h.Do(ctx, edit.Batch("label all", cmds...)); err != nil {
		t.Fatal(err)
	}
	spans, err := db.Spans(ctx, doc, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 50 {
		t.Fatalf("%d spans after the step, want 50", len(spans))
	}
	for _, s := range spans {
		if !s.Created.Equal(spans[0].Created) {
			t.Fatalf("span at %d was written at %v, the first at %v: the step was more than one transaction", s.Start, s.Created, spans[0].Created)
		}
	}
	if st, _ := db.Status(ctx, doc, "alice"); st != model.StatusInProgress {
		t.Fatalf("status %s after the first spans, want in_progress", st)
	}
	if _, err := h.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if spans, _ := db.Spans(ctx, doc, "alice"); len(spans) != 0 {
		t.Fatalf("%d spans after undo, want none", len(spans))
	}

	// A step that fails at its end: an overlap with its own first span.
	other := mustAddDocument(t, db, strings.Repeat(word, 5))
	bad := []edit.Command{
		edit.AddSpan(other, "bob", model.Span{Start: 0, End: 6, Label: "PLACE"}, "Ankara"),
		edit.AddSpan(other, "bob", model.Span{Start: len(word), End: len(word) + 6, Label: "PLACE"}, "Ankara"),
		edit.AddSpan(other, "bob", model.Span{Start: 2, End: 10, Label: "ACTOR"}, "kara and"),
	}
	if err := h.Do(ctx, edit.Batch("label all", bad...)); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("the overlapping step: %v, want EINVALID", err)
	}
	if spans, _ := db.Spans(ctx, other, "bob"); len(spans) != 0 {
		t.Fatalf("%d spans left by a refused step, want none", len(spans))
	}
	if st, _ := db.Status(ctx, other, "bob"); st != model.StatusTodo {
		t.Fatalf("status %s after a refused step, want todo", st)
	}
}

// TestWriteRollsBack checks the unit of work itself: what fn wrote is gone
// when it returns an error, and the transaction sees its own writes.
func TestWriteRollsBack(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, "Putin met Erdogan in Moscow.")
	refused := model.Errorf(model.EINVALID, "stop")
	err := db.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"}); err != nil {
			return err
		}
		if st, err := tx.Status(ctx, doc, "alice"); err != nil || st != model.StatusInProgress {
			t.Errorf("inside the transaction the status is %s (%v), want in_progress", st, err)
		}
		return refused
	})
	if err != refused {
		t.Fatalf("Write returned %v, want fn's error", err)
	}
	if spans, _ := db.Spans(ctx, doc, "alice"); len(spans) != 0 {
		t.Fatalf("%d spans after a rolled back write", len(spans))
	}
	if st, _ := db.Status(ctx, doc, "alice"); st != model.StatusTodo {
		t.Fatalf("status %s after a rolled back write, want todo", st)
	}
}

// TestWriteSeesItsOwnEdits runs a sequence of edits in one transaction,
// where each check depends on the ones before it (the transaction keeps
// the set's spans it read current with its own writes): a span moved away
// frees its old place, a deleted span frees its place, a duplicate and an
// overlap with spans added earlier in the transaction are refused, and the
// status read inside follows the writes.
func TestWriteSeesItsOwnEdits(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, "Putin met Erdogan in Moscow on Thursday.")
	err := db.Write(ctx, func(tx app.WriteTx) error {
		a, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"})
		if err != nil {
			return err
		}
		if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"}); model.ErrorCode(err) != model.ECONFLICT {
			t.Errorf("a duplicate of a span added in the transaction: %v, want ECONFLICT", err)
		}
		a.Start, a.End = 10, 17 // "Erdogan"
		if _, err := tx.UpdateSpan(ctx, a); err != nil {
			return err
		}
		if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 9, Label: "ACTOR"}); err != nil {
			t.Errorf("the place the span moved from is still taken: %v", err)
		}
		if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 14, End: 20, Label: "PLACE"}); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("an overlap with the moved span: %v, want EINVALID", err)
		}
		if err := tx.DeleteSpan(ctx, a.ID); err != nil {
			return err
		}
		if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 10, End: 17, Label: "PLACE"}); err != nil {
			t.Errorf("the place of a deleted span is still taken: %v", err)
		}
		if st, _ := tx.Status(ctx, doc, "alice"); st != model.StatusInProgress {
			t.Errorf("status %s inside, want in_progress", st)
		}
		if err := tx.SetStatus(ctx, doc, "alice", model.StatusDone); err != nil {
			return err
		}
		if st, _ := tx.Status(ctx, doc, "alice"); st != model.StatusDone {
			t.Errorf("status %s after SetStatus inside, want done", st)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	spans, _ := db.Spans(ctx, doc, "alice")
	var got []string
	for _, s := range spans {
		got = append(got, fmt.Sprintf("%d-%d %s", s.Start, s.End, s.Label))
	}
	if strings.Join(got, ", ") != "0-9 ACTOR, 10-17 PLACE" {
		t.Fatalf("after the transaction: %v", got)
	}
	if st, _ := db.Status(ctx, doc, "alice"); st != model.StatusDone {
		t.Fatalf("status %s after the transaction, want done", st)
	}
}
