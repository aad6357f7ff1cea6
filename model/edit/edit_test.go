package edit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// There is no test that *storage.DB satisfies edit.Store: model packages may
// not import storage, so cmd asserts it with var _ edit.Store = (*storage.DB)(nil).

const alice = "alice"

func mustDo(tb testing.TB, h *edit.History, cmd edit.Command) {
	tb.Helper()
	if err := h.Do(context.Background(), cmd); err != nil {
		tb.Fatalf("do %s: %v", cmd.Describe(), err)
	}
}

func mustUndo(tb testing.TB, h *edit.History) edit.Command {
	tb.Helper()
	cmd, err := h.Undo(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	if cmd == nil {
		tb.Fatal("nothing to undo")
	}
	return cmd
}

func mustRedo(tb testing.TB, h *edit.History) edit.Command {
	tb.Helper()
	cmd, err := h.Redo(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	if cmd == nil {
		tb.Fatal("nothing to redo")
	}
	return cmd
}

// checkState compares the whole store with want, one line per annotator's set.
func checkState(tb testing.TB, f *fakeStore, step, want string) {
	tb.Helper()
	if got := f.dump(); got != want {
		tb.Fatalf("after %s the store holds\n%s\nwant\n%s", step, got, want)
	}
}

// checkStack compares what the history offers to undo and redo.
func checkStack(tb testing.TB, h *edit.History, undo, redo string) {
	tb.Helper()
	if got, want := h.UndoDescription(), undo; got != want {
		tb.Fatalf("UndoDescription() = %q, want %q", got, want)
	}
	if got, want := h.RedoDescription(), redo; got != want {
		tb.Fatalf("RedoDescription() = %q, want %q", got, want)
	}
	if got, want := h.CanUndo(), undo != ""; got != want {
		tb.Fatalf("CanUndo() = %v, want %v", got, want)
	}
	if got, want := h.CanRedo(), redo != ""; got != want {
		tb.Fatalf("CanRedo() = %v, want %v", got, want)
	}
}

func TestAddSpan(t *testing.T) {
	t.Run("UndoRedoUndo", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(f, 0)
		checkStack(t, h, "", "")

		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "", "d1", "Putin", "ACTOR"), "Putin"))
		const added = `d1/alice in_progress: span-1[0,5)ACTOR note="" origin=manual;`
		checkState(t, f, "add", added)
		checkStack(t, h, "add ACTOR “Putin”", "")

		if got, want := mustUndo(t, h).Describe(), "add ACTOR “Putin”"; got != want {
			t.Fatalf("Undo returned %q, want %q", got, want)
		}
		checkState(t, f, "undo", "")
		if got, want := f.status("d1", alice), model.StatusTodo; got != want {
			t.Fatalf("status after undo = %s, want %s", got, want)
		}
		checkStack(t, h, "", "add ACTOR “Putin”")

		mustRedo(t, h)
		checkState(t, f, "redo", added) // the same ID, span-1, not a new one
		checkStack(t, h, "add ACTOR “Putin”", "")

		mustUndo(t, h)
		checkState(t, f, "second undo", "")
		checkStack(t, h, "", "add ACTOR “Putin”")
	})

	t.Run("StatusItDidNotChange", func(t *testing.T) {
		f := newFake()
		f.seed(t, "d1", alice, model.StatusDone)
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"))
		mustUndo(t, h)
		checkState(t, f, "add and undo on a done document", "d1/alice done:")
	})

	t.Run("StatusSetSince", func(t *testing.T) {
		// Another window marks the document done after the add: undoing the
		// add must not throw that decision away.
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"))
		if err := f.SetStatus(context.Background(), "d1", alice, model.StatusDone); err != nil {
			t.Fatal(err)
		}
		mustUndo(t, h)
		checkState(t, f, "undo after the status was set elsewhere", "d1/alice done:")
	})

	t.Run("RedoKeepsIDForLaterCommands", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "", "d1", "Putin", "ACTOR"), "Putin"))
		before := f.span(t, "span-1")
		after := before
		after.Label = "PLACE"
		mustDo(t, h, edit.UpdateSpan("d1", alice, before, after, "Putin"))
		const final = `d1/alice in_progress: span-1[0,5)PLACE note="" origin=manual;`
		checkState(t, f, "add and relabel", final)
		for round := range 3 {
			mustUndo(t, h)
			mustUndo(t, h)
			checkState(t, f, fmt.Sprintf("undo round %d", round), "")
			mustRedo(t, h)
			mustRedo(t, h) // finds span-1 only because the add brought back the same ID
			checkState(t, f, fmt.Sprintf("redo round %d", round), final)
		}
	})
}

func TestDeleteSpan(t *testing.T) {
	f := newFake()
	stored := spanOn(t, "imp-1", "d1", "Moscow", "PLACE")
	stored.Note, stored.Origin = "capital", model.OriginImport
	// Imported spans can sit on a todo document: re-adding on undo must not
	// leave it in progress.
	f.seed(t, "d1", alice, model.StatusTodo, stored)
	initial := f.dump()
	h := edit.NewHistory(f, 0)

	mustDo(t, h, edit.DeleteSpan("d1", alice, stored, "Moscow"))
	checkState(t, f, "delete", "")
	checkStack(t, h, "delete PLACE “Moscow”", "")

	mustUndo(t, h)
	if got, want := f.span(t, "imp-1"), stored; !got.Equal(want) {
		t.Fatalf("span after undo = %+v, want %+v", got, want)
	}
	checkState(t, f, "undo", initial)
	if got, want := f.status("d1", alice), model.StatusTodo; got != want {
		t.Fatalf("status after undo = %s, want %s", got, want)
	}

	mustRedo(t, h)
	checkState(t, f, "redo", "")
	mustUndo(t, h)
	checkState(t, f, "second undo", initial)
}

func TestUpdateSpan(t *testing.T) {
	base := spanOn(t, "s1", "d1", "Putin", "ACTOR")
	base.Origin = model.OriginSuggestion
	for _, tc := range []struct {
		name     string
		change   func(s *model.Span)
		text     string
		describe string
	}{
		{"Relabel", func(s *model.Span) { s.Label = "PLACE" }, "Putin", "relabel “Putin” ACTOR → PLACE"},
		{"Resize", func(s *model.Span) { s.End = 9 }, "Putin met", "resize ACTOR “Putin met”"},
		{"Note", func(s *model.Span) { s.Note = "head of state" }, "Putin", "edit note on ACTOR “Putin”"},
		{"Several", func(s *model.Span) { s.Start, s.Label, s.Note = 1, "FIGURE", "?" }, "utin", "edit FIGURE “utin”"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			f.seed(t, "d1", alice, model.StatusInProgress, base)
			h := edit.NewHistory(f, 0)
			after := base
			tc.change(&after)

			mustDo(t, h, edit.UpdateSpan("d1", alice, base, after, tc.text))
			if got, want := f.span(t, "s1"), after; !got.Equal(want) {
				t.Fatalf("span after do = %+v, want %+v", got, want)
			}
			checkStack(t, h, tc.describe, "")
			mustUndo(t, h)
			if got, want := f.span(t, "s1"), base; !got.Equal(want) {
				t.Fatalf("span after undo = %+v, want %+v", got, want)
			}
			checkStack(t, h, "", tc.describe)
			mustRedo(t, h)
			if got, want := f.span(t, "s1"), after; !got.Equal(want) {
				t.Fatalf("span after redo = %+v, want %+v", got, want)
			}
		})
	}

	t.Run("UndoRestoresTodo", func(t *testing.T) {
		f := newFake()
		f.seed(t, "d1", alice, model.StatusTodo, base)
		h := edit.NewHistory(f, 0)
		after := base
		after.Note = "checked"
		mustDo(t, h, edit.UpdateSpan("d1", alice, base, after, "Putin"))
		if got, want := f.status("d1", alice), model.StatusInProgress; got != want {
			t.Fatalf("status after update = %s, want %s", got, want)
		}
		mustUndo(t, h)
		if got, want := f.status("d1", alice), model.StatusTodo; got != want {
			t.Fatalf("status after undo = %s, want %s", got, want)
		}
	})

	t.Run("ErrIDChanged", func(t *testing.T) {
		f := newFake()
		f.seed(t, "d1", alice, model.StatusInProgress, base)
		after := base
		after.ID = "other"
		err := edit.NewHistory(f, 0).Do(context.Background(), edit.UpdateSpan("d1", alice, base, after, "Putin"))
		if got, want := model.ErrorCode(err), model.EINVALID; got != want {
			t.Fatalf("error code = %q (%v), want %q", got, err, want)
		}
	})
}

func TestSetStatus(t *testing.T) {
	t.Run("FromTodo", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.SetStatus("d1", alice, model.StatusTodo, model.StatusDone))
		checkState(t, f, "mark done", "d1/alice done:")
		checkStack(t, h, "mark done", "")
		mustUndo(t, h)
		checkState(t, f, "undo", "")
		mustRedo(t, h)
		checkState(t, f, "redo", "d1/alice done:")
	})

	t.Run("FromInProgress", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"))
		mustDo(t, h, edit.SetStatus("d1", alice, model.StatusInProgress, model.StatusDone))
		mustUndo(t, h)
		if got, want := f.status("d1", alice), model.StatusInProgress; got != want {
			t.Fatalf("status after undoing done = %s, want %s", got, want)
		}
		mustUndo(t, h)
		if got, want := f.status("d1", alice), model.StatusTodo; got != want {
			t.Fatalf("status after undoing the add = %s, want %s", got, want)
		}
	})

	t.Run("StaleBefore", func(t *testing.T) {
		// The caller still shows todo though the add moved the document on;
		// undo restores what the store had.
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"))
		mustDo(t, h, edit.SetStatus("d1", alice, model.StatusTodo, model.StatusDone))
		mustUndo(t, h)
		if got, want := f.status("d1", alice), model.StatusInProgress; got != want {
			t.Fatalf("status after undo = %s, want %s", got, want)
		}
	})
}

// TestUndoAllRedoAll runs 20 mixed commands, then undoes every one, checking
// the whole store after each step, then redoes them all.
func TestUndoAllRedoAll(t *testing.T) {
	f := newFake()
	kremlin := spanOn(t, "imp-1", "d1", "Kremlin", "PLACE")
	kremlin.Origin, kremlin.Note = model.OriginImport, "seeded"
	f.seed(t, "d1", alice, model.StatusInProgress, kremlin)
	h := edit.NewHistory(f, 0)
	clock := time.Unix(0, 0)
	h.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }

	// with returns the stored span with id after change.
	with := func(id string, change func(*model.Span)) (model.Span, model.Span) {
		before := f.span(t, id)
		after := before
		change(&after)
		return before, after
	}
	update := func(id, text string, change func(*model.Span)) edit.Command {
		before, after := with(id, change)
		return edit.UpdateSpan("d1", alice, before, after, text)
	}
	del := func(id, text string) edit.Command { return edit.DeleteSpan("d1", alice, f.span(t, id), text) }
	add := func(id, doc, ann, phrase, label string) edit.Command {
		return edit.AddSpan(doc, ann, spanOn(t, id, doc, phrase, label), phrase)
	}
	steps := []func() edit.Command{
		func() edit.Command { return add("a1", "d1", alice, "Putin", "ACTOR") },
		func() edit.Command { return add("a2", "d1", alice, "Moscow", "PLACE") },
		func() edit.Command { return update("a1", "Putin", func(s *model.Span) { s.Note = "president" }) },
		func() edit.Command { return update("a2", "Moscow", func(s *model.Span) { s.Label = "ACTOR" }) },
		func() edit.Command { return update("a2", "Moscow", func(s *model.Span) { s.Label = "PLACE" }) },
		func() edit.Command { return update("a1", "Putin met", func(s *model.Span) { s.End = 9 }) },
		func() edit.Command { return add("f1", "d1", alice, "34", "FIGURE") },
		func() edit.Command { return del("a1", "Putin met") },
		func() edit.Command { return edit.SetStatus("d1", alice, model.StatusInProgress, model.StatusDone) },
		func() edit.Command { return add("", "d2", "bob", "Erdoğan", "ACTOR") },
		func() edit.Command {
			return edit.Batch("label the mayor", add("m1", "d1", alice, "mayor", "ACTOR"),
				update("f1", "34", func(s *model.Span) { s.Note = "approximate" }))
		},
		func() edit.Command { return update("a2", "Moscow", func(s *model.Span) { s.Note = "capital" }) },
		func() edit.Command { return del("f1", "34") },
		func() edit.Command { return edit.SetStatus("d1", alice, model.StatusDone, model.StatusInProgress) },
		func() edit.Command { return del("imp-1", "Kremlin") },
		func() edit.Command { return edit.SetStatus("d2", "bob", model.StatusInProgress, model.StatusSkipped) },
		func() edit.Command { return add("a3", "d1", alice, "Putin", "ACTOR") },
		func() edit.Command { return update("m1", "the mayor", func(s *model.Span) { s.Start -= 4 }) },
		func() edit.Command {
			return edit.Batch("move Moscow to the Kremlin", del("a2", "Moscow"), add("k1", "d1", alice, "Kremlin", "PLACE"))
		},
		func() edit.Command { return edit.SetStatus("d1", alice, model.StatusInProgress, model.StatusDone) },
	}
	states := []string{f.dump()}
	for _, step := range steps {
		mustDo(t, h, step())
		states = append(states, f.dump())
	}
	if got, want := states[len(steps)], strings.Join([]string{
		`d1/alice done: a3[0,5)ACTOR note="" origin=manual; m1[10,19)ACTOR note="" origin=manual; k1[78,85)PLACE note="" origin=manual;`,
		`d2/bob skipped: span-1[0,7)ACTOR note="" origin=manual;`,
	}, "\n"); got != want {
		t.Fatalf("final state\n%s\nwant\n%s", got, want)
	}
	for i := len(steps); i > 0; i-- {
		cmd := mustUndo(t, h)
		checkState(t, f, fmt.Sprintf("undoing step %d (%s)", i, cmd.Describe()), states[i-1])
	}
	if cmd, err := h.Undo(context.Background()); cmd != nil || err != nil {
		t.Fatalf("Undo past the start = %v, %v; want nil, nil", cmd, err)
	}
	for i := 1; i <= len(steps); i++ {
		cmd := mustRedo(t, h)
		checkState(t, f, fmt.Sprintf("redoing step %d (%s)", i, cmd.Describe()), states[i])
	}
	if cmd, err := h.Redo(context.Background()); cmd != nil || err != nil {
		t.Fatalf("Redo past the end = %v, %v; want nil, nil", cmd, err)
	}
}

func TestDoClearsRedo(t *testing.T) {
	f := newFake()
	h := edit.NewHistory(f, 0)
	mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"))
	mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "b", "d1", "Moscow", "PLACE"), "Moscow"))
	mustUndo(t, h)
	checkStack(t, h, "add ACTOR “Putin”", "add PLACE “Moscow”")
	mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "c", "d1", "34", "FIGURE"), "34"))
	checkStack(t, h, "add FIGURE “34”", "")
	if cmd, err := h.Redo(context.Background()); cmd != nil || err != nil {
		t.Fatalf("Redo = %v, %v; want nil, nil", cmd, err)
	}
	mustUndo(t, h)
	mustUndo(t, h)
	checkState(t, f, "undoing both", "")
	checkStack(t, h, "", "add ACTOR “Putin”")
}

func TestDoFails(t *testing.T) {
	f := newFake()
	h := edit.NewHistory(f, 0)
	mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"))
	mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "b", "d1", "Moscow", "PLACE"), "Moscow"))
	mustUndo(t, h)
	state := f.dump()
	for _, tc := range []struct {
		name string
		cmd  edit.Command
		code string
	}{
		{"Overlap", edit.AddSpan("d1", alice, spanOn(t, "x", "d1", "Putin met", "PLACE"), "Putin met"), model.EINVALID},
		{"Duplicate", edit.AddSpan("d1", alice, spanOn(t, "", "d1", "Putin", "ACTOR"), "Putin"), model.ECONFLICT},
		{"UnknownDocument", edit.AddSpan("d9", alice, spanOn(t, "", "d1", "Putin", "ACTOR"), "Putin"), model.ENOTFOUND},
		{"DeleteUnknown", edit.DeleteSpan("d1", alice, spanOn(t, "zz", "d1", "mayor", "ACTOR"), "mayor"), model.ENOTFOUND},
		{"UpdateUnknown", edit.UpdateSpan("d1", alice, spanOn(t, "zz", "d1", "mayor", "ACTOR"), spanOn(t, "zz", "d1", "mayor", "PLACE"), "mayor"), model.ENOTFOUND},
		{"BadStatus", edit.SetStatus("d1", alice, model.StatusInProgress, "finished"), model.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := h.Do(context.Background(), tc.cmd)
			if got, want := model.ErrorCode(err), tc.code; got != want {
				t.Fatalf("error code = %q (%v), want %q", got, err, want)
			}
			checkState(t, f, "a failed do", state)
			// The redo branch survives: nothing was done.
			checkStack(t, h, "add ACTOR “Putin”", "add PLACE “Moscow”")
		})
	}
}

func TestUndoFails(t *testing.T) {
	ctx := context.Background()
	conflict := model.Errorf(model.ECONFLICT, "the span was changed in another window")

	t.Run("StoreRefuses", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"))
		added := f.dump()
		f.fail = func(op, _ string) error {
			if op == "DeleteSpan" {
				return conflict
			}
			return nil
		}
		cmd, err := h.Undo(ctx)
		if got, want := model.ErrorCode(err), model.ECONFLICT; got != want || cmd != nil {
			t.Fatalf("Undo = %v, %v; want nil and code %q", cmd, err, want)
		}
		if !strings.Contains(err.Error(), "undo add ACTOR “Putin”") {
			t.Fatalf("error %q does not say what could not be undone", err)
		}
		checkState(t, f, "a refused undo", added)
		checkStack(t, h, "add ACTOR “Putin”", "")

		f.fail = nil
		mustUndo(t, h)
		checkState(t, f, "undo", "")

		f.fail = func(op, _ string) error {
			if op == "AddSpan" {
				return conflict
			}
			return nil
		}
		if cmd, err := h.Redo(ctx); model.ErrorCode(err) != model.ECONFLICT || cmd != nil {
			t.Fatalf("Redo = %v, %v; want nil and a conflict", cmd, err)
		}
		checkState(t, f, "a refused redo", "")
		checkStack(t, h, "", "add ACTOR “Putin”")
	})

	t.Run("SpanGoneElsewhere", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"))
		if err := f.DeleteSpan(ctx, "a"); err != nil { // another window
			t.Fatal(err)
		}
		if _, err := h.Undo(ctx); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("Undo error = %v, want not found", err)
		}
		checkStack(t, h, "add ACTOR “Putin”", "")
	})

	t.Run("StatusWriteFailsAfterDelete", func(t *testing.T) {
		// Undoing the add deletes the span, then must restore todo; when that
		// write fails the span comes back, so store and stack still agree.
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"))
		added := f.dump()
		diskFull := errors.New("database or disk is full")
		f.fail = func(op, _ string) error {
			if op == "SetStatus" {
				return diskFull
			}
			return nil
		}
		if _, err := h.Undo(ctx); !errors.Is(err, diskFull) || model.ErrorCode(err) != model.EINTERNAL {
			t.Fatalf("Undo error = %v, want the disk error", err)
		}
		checkState(t, f, "a failed status restore", added)
		checkStack(t, h, "add ACTOR “Putin”", "")
	})
}

func TestBatch(t *testing.T) {
	ctx := context.Background()
	adds := func(t *testing.T) []edit.Command {
		return []edit.Command{
			edit.AddSpan("d1", alice, spanOn(t, "a", "d1", "Putin", "ACTOR"), "Putin"),
			edit.AddSpan("d1", alice, spanOn(t, "b", "d1", "Moscow", "PLACE"), "Moscow"),
			edit.AddSpan("d1", alice, spanOn(t, "c", "d1", "34", "FIGURE"), "34"),
		}
	}

	t.Run("OneStep", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.Batch("accept 3 suggestions", adds(t)...))
		done := f.dump()
		if got, want := f.count("d1", alice), 3; got != want {
			t.Fatalf("%d spans after the batch, want %d", got, want)
		}
		checkStack(t, h, "accept 3 suggestions", "")
		mustUndo(t, h)
		checkState(t, f, "undoing the batch", "")
		checkStack(t, h, "", "accept 3 suggestions")
		mustRedo(t, h)
		checkState(t, f, "redoing the batch", done)
	})

	t.Run("FailureRevertsEarlier", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(f, 0)
		cmds := append(adds(t)[:2], edit.AddSpan("d1", alice, spanOn(t, "x", "d1", "Putin met", "ACTOR"), "Putin met"))
		err := h.Do(ctx, edit.Batch("accept 3 suggestions", cmds...))
		if got, want := model.ErrorCode(err), model.EINVALID; got != want {
			t.Fatalf("error code = %q (%v), want %q", got, err, want)
		}
		checkState(t, f, "a failed batch", "") // the first add's move to in progress is reverted too
		checkStack(t, h, "", "")
	})

	t.Run("UndoFailureRedoesLater", func(t *testing.T) {
		f := newFake()
		h := edit.NewHistory(f, 0)
		mustDo(t, h, edit.Batch("accept 3 suggestions", adds(t)...))
		done := f.dump()
		f.fail = func(op, id string) error {
			if op == "DeleteSpan" && id == "a" { // undone last: b and c are gone by then
				return model.Errorf(model.ECONFLICT, "changed elsewhere")
			}
			return nil
		}
		if _, err := h.Undo(ctx); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("Undo error = %v, want a conflict", err)
		}
		checkState(t, f, "a failed batch undo", done)
		checkStack(t, h, "accept 3 suggestions", "")
	})
}

func TestLimit(t *testing.T) {
	f := newFake()
	h := edit.NewHistory(f, 3)
	for i, w := range []string{"Putin", "mayor", "Moscow", "Tuesday", "people"} {
		mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, fmt.Sprint(i), "d1", w, "ACTOR"), w))
	}
	for range 3 {
		mustUndo(t, h)
	}
	if cmd, err := h.Undo(context.Background()); cmd != nil || err != nil {
		t.Fatalf("fourth Undo = %v, %v; want nil, nil", cmd, err)
	}
	if got, want := f.count("d1", alice), 2; got != want {
		t.Fatalf("%d spans left, want the %d whose steps were dropped", got, want)
	}
	checkStack(t, h, "", "add ACTOR “Moscow”")
	for range 3 {
		mustRedo(t, h)
	}
	if got, want := f.count("d1", alice), 5; got != want {
		t.Fatalf("%d spans after redoing, want %d", got, want)
	}
}

func TestNoteMerge(t *testing.T) {
	base := spanOn(t, "s1", "d1", "Putin", "ACTOR")
	// typeNote edits the note of s1 once per entry of notes, each gap after
	// the previous one on a fake clock.
	typeNote := func(t *testing.T, h *edit.History, f *fakeStore, clock *time.Time, gap time.Duration, notes ...string) {
		t.Helper()
		for _, n := range notes {
			*clock = clock.Add(gap)
			before := f.span(t, "s1")
			after := before
			after.Note = n
			mustDo(t, h, edit.UpdateSpan("d1", alice, before, after, "Putin"))
		}
	}
	setup := func(t *testing.T) (*fakeStore, *edit.History, *time.Time) {
		f := newFake()
		f.seed(t, "d1", alice, model.StatusInProgress, base)
		h := edit.NewHistory(f, 0)
		clock := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
		h.Now = func() time.Time { return clock }
		return f, h, &clock
	}
	note := func(t *testing.T, f *fakeStore) string { t.Helper(); return f.span(t, "s1").Note }

	t.Run("WithinWindow", func(t *testing.T) {
		f, h, clock := setup(t)
		// Each keystroke comes 1.5 s after the last: the run spans 4.5 s and is still one step.
		typeNote(t, h, f, clock, 1500*time.Millisecond, "c", "ca", "cap", "capital")
		checkStack(t, h, "edit note on ACTOR “Putin”", "")
		mustUndo(t, h)
		if got, want := note(t, f), ""; got != want {
			t.Fatalf("note after one undo = %q, want %q", got, want)
		}
		checkStack(t, h, "", "edit note on ACTOR “Putin”")
		mustRedo(t, h)
		if got, want := note(t, f), "capital"; got != want {
			t.Fatalf("note after redo = %q, want %q", got, want)
		}
	})

	t.Run("AfterPause", func(t *testing.T) {
		f, h, clock := setup(t)
		typeNote(t, h, f, clock, time.Second, "c")
		typeNote(t, h, f, clock, 3*time.Second, "ca")
		mustUndo(t, h)
		if got, want := note(t, f), "c"; got != want {
			t.Fatalf("note after one undo = %q, want %q", got, want)
		}
		mustUndo(t, h)
		if got, want := note(t, f), ""; got != want {
			t.Fatalf("note after two undos = %q, want %q", got, want)
		}
		checkStack(t, h, "", "edit note on ACTOR “Putin”")
	})

	t.Run("NotAcrossOtherEdits", func(t *testing.T) {
		f, h, clock := setup(t)
		typeNote(t, h, f, clock, time.Second, "c")
		relabeled := f.span(t, "s1")
		relabeled.Label = "PLACE"
		mustDo(t, h, edit.UpdateSpan("d1", alice, f.span(t, "s1"), relabeled, "Putin"))
		typeNote(t, h, f, clock, time.Second, "ca")
		mustUndo(t, h)
		mustUndo(t, h)
		if got, want := note(t, f), "c"; got != want {
			t.Fatalf("note after undoing the note and the relabel = %q, want %q", got, want)
		}
	})

	t.Run("NotWhenStatusMoved", func(t *testing.T) {
		// Another window set the document back to todo between two keystrokes;
		// the second moves it to in progress again and keeps its own step so
		// that its undo restores todo.
		f, h, clock := setup(t)
		typeNote(t, h, f, clock, time.Second, "c")
		if err := f.SetStatus(context.Background(), "d1", alice, model.StatusTodo); err != nil {
			t.Fatal(err)
		}
		typeNote(t, h, f, clock, time.Second, "ca")
		mustUndo(t, h)
		if got, want := note(t, f), "c"; got != want {
			t.Fatalf("note after one undo = %q, want %q", got, want)
		}
		if got, want := f.status("d1", alice), model.StatusTodo; got != want {
			t.Fatalf("status after one undo = %s, want %s", got, want)
		}
	})

	t.Run("NotAcrossUndo", func(t *testing.T) {
		f, h, clock := setup(t)
		typeNote(t, h, f, clock, time.Second, "c", "ca")
		mustUndo(t, h)
		mustRedo(t, h)
		typeNote(t, h, f, clock, time.Second, "cap")
		mustUndo(t, h)
		if got, want := note(t, f), "ca"; got != want {
			t.Fatalf("note after one undo = %q, want %q", got, want)
		}
	})
}

func TestDescribe(t *testing.T) {
	putin := spanOn(t, "s1", "d1", "Putin", "ACTOR")
	relabeled := putin
	relabeled.Label = "PLACE"
	long := strings.Repeat("word ", 20)
	for _, tc := range []struct {
		cmd  edit.Command
		want string
	}{
		{edit.AddSpan("d1", alice, putin, "Putin"), "add ACTOR “Putin”"},
		{edit.DeleteSpan("d1", alice, spanOn(t, "m", "d1", "Moscow", "PLACE"), "Moscow"), "delete PLACE “Moscow”"},
		{edit.UpdateSpan("d1", alice, putin, relabeled, "Putin"), "relabel “Putin” ACTOR → PLACE"},
		{edit.SetStatus("d1", alice, model.StatusInProgress, model.StatusDone), "mark done"},
		{edit.SetStatus("d1", alice, model.StatusDone, model.StatusInProgress), "mark in progress"},
		{edit.SetStatus("d1", alice, model.StatusTodo, model.StatusSkipped), "mark skipped"},
		{edit.Batch("accept 2 suggestions"), "accept 2 suggestions"},
		{edit.AddSpan("d1", alice, putin, "Putin\nmet"), "add ACTOR “Putin met”"},
		{edit.AddSpan("d1", alice, putin, ""), "add ACTOR"},
		{edit.AddSpan("d1", alice, putin, long), "add ACTOR “" + strings.TrimSpace(long[:39]) + "…”"},
	} {
		if got := tc.cmd.Describe(); got != tc.want {
			t.Errorf("Describe() = %q, want %q", got, tc.want)
		}
	}
}

// TestConcurrentUse drives one History from several goroutines while another
// polls it as the UI goroutine would; run with -race.
func TestConcurrentUse(t *testing.T) {
	f := newFake()
	h := edit.NewHistory(f, 0)
	ctx := context.Background()
	var spans []model.Span // built here: t.Fatal may not run on the workers
	for _, w := range []string{"Putin", "mayor", "Moscow", "Tuesday", "people", "talks", "Kremlin"} {
		spans = append(spans, spanOn(t, "", "d1", w, "ACTOR"))
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				_, _ = h.CanUndo(), h.UndoDescription()
				_, _ = h.CanRedo(), h.RedoDescription()
			}
		}
	}()
	for g := range 4 {
		wg.Go(func() {
			ann := fmt.Sprint("annotator", g)
			for i, s := range spans {
				s.ID = fmt.Sprint(ann, "-", i)
				if err := h.Do(ctx, edit.AddSpan("d1", ann, s, "")); err != nil {
					t.Error(err)
					return
				}
				if i%3 == 0 {
					if _, err := h.Undo(ctx); err != nil {
						t.Error(err)
					}
					if _, err := h.Redo(ctx); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	for {
		cmd, err := h.Undo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cmd == nil {
			break
		}
	}
	checkState(t, f, "undoing everything", "")
}
