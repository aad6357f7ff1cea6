package edit_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// readingFake is the fake store that also reads spans (edit.SpanReader),
// as both real stores' write transactions do.
type readingFake struct{ *fakeStore }

func (r readingFake) Spans(ctx context.Context, doc, ann string) ([]model.Span, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if set := r.sets[doc][ann]; set != nil {
		return slices.Clone(set.spans), nil
	}
	return nil, nil
}

// An undo or redo whose span another window changed since is refused with
// a message saying so, and changes nothing: the other window's change
// stays, and the history stays where it was (issue 15: one annotator on
// two machines).
func TestUndoRefusedWhenSpanChangedElsewhere(t *testing.T) {
	ctx := context.Background()
	putin := spanOn(t, "a", "d1", "Putin", "ACTOR")
	relabeled := putin
	relabeled.Label = "PLACE"
	other := putin
	other.Label = "FIGURE"

	t.Run("UndoUpdate", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(readingFake{f}, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, putin, "Putin"))
		mustDo(t, h, edit.UpdateSpan("d1", alice, putin, relabeled, "Putin"))
		if _, err := f.UpdateSpan(ctx, other); err != nil { // another window
			t.Fatal(err)
		}
		before := f.dump()
		cmd, err := h.Undo(ctx)
		if model.ErrorCode(err) != model.ECONFLICT || cmd != nil || !strings.Contains(err.Error(), "changed elsewhere") {
			t.Fatalf("Undo = %v, %v; want a conflict saying the span changed elsewhere", cmd, err)
		}
		checkState(t, f, "a refused undo", before)
		checkStack(t, h, "relabel “Putin” ACTOR → PLACE", "")
		if got := f.span(t, "a").Label; got != "FIGURE" {
			t.Fatalf("the other window's label became %s", got)
		}
	})

	t.Run("UndoAdd", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(readingFake{f}, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, putin, "Putin"))
		if _, err := f.UpdateSpan(ctx, other); err != nil {
			t.Fatal(err)
		}
		if _, err := h.Undo(ctx); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("Undo error = %v, want a conflict", err)
		}
		if f.count("d1", alice) != 1 {
			t.Fatal("the refused undo deleted the span the other window changed")
		}
	})

	t.Run("RedoUpdate", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(readingFake{f}, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, putin, "Putin"))
		mustDo(t, h, edit.UpdateSpan("d1", alice, putin, relabeled, "Putin"))
		mustUndo(t, h)
		if _, err := f.UpdateSpan(ctx, other); err != nil {
			t.Fatal(err)
		}
		if _, err := h.Redo(ctx); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("Redo error = %v, want a conflict", err)
		}
		if got := f.span(t, "a").Label; got != "FIGURE" {
			t.Fatalf("the refused redo left label %s, want the other window's FIGURE", got)
		}
	})

	t.Run("RedoDelete", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(readingFake{f}, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, putin, "Putin"))
		mustDo(t, h, edit.DeleteSpan("d1", alice, putin, "Putin"))
		mustUndo(t, h)
		if _, err := f.UpdateSpan(ctx, other); err != nil {
			t.Fatal(err)
		}
		if _, err := h.Redo(ctx); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("Redo error = %v, want a conflict", err)
		}
		if f.count("d1", alice) != 1 {
			t.Fatal("the refused redo deleted the span the other window changed")
		}
	})

	t.Run("Unchanged", func(t *testing.T) {
		// Nothing changed elsewhere: undo and redo go through as before.
		f := newFake()
		h := edit.NewHistory(readingFake{f}, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, putin, "Putin"))
		mustDo(t, h, edit.UpdateSpan("d1", alice, putin, relabeled, "Putin"))
		mustUndo(t, h)
		mustRedo(t, h)
		mustUndo(t, h)
		mustUndo(t, h)
		checkState(t, f, "everything undone", "")
	})
}

// Two relabels in a row from a window whose copy lagged the first (its
// write still on its way): each undo restores the span as it was stored,
// and both go through.
func TestUndoAfterEditsFromALaggingView(t *testing.T) {
	putin := spanOn(t, "a", "d1", "Putin", "ACTOR")
	f := newFake()
	h := edit.NewHistory(readingFake{f}, 0)
	mustDo(t, h, edit.AddSpan("d1", alice, putin, "Putin"))
	place, figure := putin, putin
	place.Label, figure.Label = "PLACE", "FIGURE"
	mustDo(t, h, edit.UpdateSpan("d1", alice, putin, place, "Putin"))
	mustDo(t, h, edit.UpdateSpan("d1", alice, putin, figure, "Putin")) // before as the lagging view had it
	mustUndo(t, h)
	if got := f.span(t, "a").Label; got != "PLACE" {
		t.Fatalf("after one undo the span is %s, want PLACE", got)
	}
	mustUndo(t, h)
	if got := f.span(t, "a").Label; got != "ACTOR" {
		t.Fatalf("after two undos the span is %s, want ACTOR", got)
	}
	mustRedo(t, h)
	mustRedo(t, h)
	if got := f.span(t, "a").Label; got != "FIGURE" {
		t.Fatalf("after two redos the span is %s, want FIGURE", got)
	}
}
