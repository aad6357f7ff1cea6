package storage_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/storage"
)

// errRollBack ends a Write a test only looks inside of.
var errRollBack = errors.New("roll back")

// inside runs fn in a write transaction of db as the bulk store it is, and
// rolls it back.
func inside(t *testing.T, db *storage.DB, fn func(tx edit.BulkStore) error) {
	t.Helper()
	err := db.Write(context.Background(), func(tx app.WriteTx) error {
		bulk, ok := tx.(edit.BulkStore)
		if !ok {
			t.Fatalf("%T is not an edit.BulkStore", tx)
		}
		if err := fn(bulk); err != nil {
			return err
		}
		return errRollBack
	})
	if err != errRollBack {
		t.Fatal(err)
	}
}

// oneByOne is what AddSpans must equal: AddSpan for each span in turn,
// up to the first error.
func oneByOne(ctx context.Context, tx edit.Store, doc, annotator string, spans []model.Span) ([]model.Span, error) {
	var out []model.Span
	for _, s := range spans {
		stored, err := tx.AddSpan(ctx, doc, annotator, s)
		if err != nil {
			return nil, err
		}
		out = append(out, stored)
	}
	return out, nil
}

func describe(spans []model.Span, err error) string {
	if err != nil {
		var refusal *model.SpanRefusal
		if errors.As(err, &refusal) {
			return fmt.Sprintf("%s (%s), in the way [%d, %d) %s", err, model.ErrorCode(err),
				refusal.Existing.Start, refusal.Existing.End, refusal.Existing.Label)
		}
		return fmt.Sprintf("%s (%s)", err, model.ErrorCode(err))
	}
	var b strings.Builder
	for _, s := range spans {
		fmt.Fprintf(&b, "[%d, %d) %s %s %s %q; ", s.Start, s.End, s.Label, s.Origin, s.Created, s.Note)
	}
	return b.String()
}

// TestAddSpansMatchesAddSpan checks AddSpans against AddSpan one span
// after the other on random batches, with overlaps allowed and not: the
// same spans stored, or the same error for the same span with the same
// span in its way. The batches hold spans past the text, empty ones,
// unknown labels, duplicates of stored spans and of each other, and
// overlaps with both.
func TestAddSpansMatchesAddSpan(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(13, 200))
	labels := []string{"ACTOR", "PLACE", "FIGURE", "CITY"}
	for _, overlap := range []bool{false, true} {
		db := mustOpen(t)
		at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
		storage.SetClock(db, func() time.Time { return at })
		if err := db.SetAllowOverlap(ctx, overlap); err != nil {
			t.Fatal(err)
		}
		doc := mustAddDocument(t, db, strings.Repeat("x", 300))
		// Stored spans the batches meet: every 20th character.
		for at := 0; at < 300; at += 20 {
			if _, err := db.AddSpan(ctx, doc, "alice", model.Span{Start: at, End: at + 4, Label: "PLACE"}); err != nil {
				t.Fatal(err)
			}
		}
		refused := 0
		for trial := range 150 {
			batch := make([]model.Span, 1+rng.IntN(12))
			for i := range batch {
				start := rng.IntN(310)
				batch[i] = model.Span{Start: start, End: start + rng.IntN(6), Label: labels[rng.IntN(len(labels)-1)]}
				if rng.IntN(20) == 0 {
					batch[i].Label = labels[len(labels)-1] // not in the project
				}
				if i > 0 && rng.IntN(8) == 0 {
					batch[i] = batch[rng.IntN(i)] // a duplicate inside the batch
				}
				batch[i].Note = fmt.Sprint("note ", i)
			}
			var want, got string
			inside(t, db, func(tx edit.BulkStore) error {
				want = describe(oneByOne(ctx, tx, doc, "alice", batch))
				return nil
			})
			inside(t, db, func(tx edit.BulkStore) error {
				got = describe(tx.AddSpans(ctx, doc, "alice", batch))
				return nil
			})
			if got != want {
				t.Fatalf("overlap %v, trial %d, batch %+v:\nAddSpans: %s\nAddSpan:  %s", overlap, trial, batch, got, want)
			}
			if strings.Contains(got, "(") {
				refused++
			}
		}
		// Both kinds of outcome must have been tried.
		if refused == 0 || refused == 150 {
			t.Fatalf("overlap %v: %d of 150 batches refused", overlap, refused)
		}
	}
}

// TestAddSpansAllOrNothing makes the last statement of a batch of 150
// spans (three statements and more) fail in SQLite itself, with the ID of
// a stored span: nothing of the batch is left, and the transaction goes
// on.
func TestAddSpansAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, strings.Repeat("Ankara met Moscow. ", 200))
	stored, err := db.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 6, Label: "PLACE"})
	if err != nil {
		t.Fatal(err)
	}
	batch := make([]model.Span, 150)
	for i := range batch {
		at := (i + 1) * 19
		batch[i] = model.Span{Start: at, End: at + 6, Label: "PLACE"}
	}
	batch[149].ID = stored.ID
	inside(t, db, func(tx edit.BulkStore) error {
		if _, err := tx.AddSpans(ctx, doc, "alice", batch); err == nil {
			t.Fatal("a batch with a stored span's ID was added")
		}
		spans, err := tx.(app.WriteTx).Spans(ctx, doc, "alice")
		if err != nil {
			return err
		}
		if len(spans) != 1 {
			t.Fatalf("%d spans after a failed batch, want the 1 stored before", len(spans))
		}
		batch[149].ID = ""
		added, err := tx.AddSpans(ctx, doc, "alice", batch)
		if err != nil {
			return err
		}
		if spans, _ := tx.(app.WriteTx).Spans(ctx, doc, "alice"); len(spans) != 151 {
			t.Fatalf("%d spans after the batch, want 151", len(spans))
		}
		// The transaction's own view has the batch in it: a span on one
		// of them is refused.
		_, err = tx.AddSpan(ctx, doc, "alice", model.Span{Start: added[100].Start + 2, End: added[100].End, Label: "ACTOR"})
		if code := model.ErrorCode(err); code != model.EINVALID {
			t.Fatalf("an overlap with a span of the batch: %v, want EINVALID", err)
		}
		return nil
	})
}

// TestDeleteSpans deletes in bulk: an unknown ID, or one named twice, is
// the error DeleteSpan one after the other gives, and nothing is deleted;
// otherwise all of them are, and the transaction sees it.
func TestDeleteSpans(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, strings.Repeat("Ankara met Moscow. ", 200))
	var ids []string
	for i := range 150 {
		s, err := db.AddSpan(ctx, doc, "alice", model.Span{Start: i * 19, End: i*19 + 6, Label: "PLACE"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	count := func(tx edit.BulkStore) int {
		spans, err := tx.(app.WriteTx).Spans(ctx, doc, "alice")
		if err != nil {
			t.Fatal(err)
		}
		return len(spans)
	}
	unknown := "0191e5a0-0000-7000-8000-000000000000"
	for name, list := range map[string][]string{
		"UnknownLate":  append(slices.Clone(ids[:130]), unknown, ids[140]),
		"UnknownFirst": append([]string{unknown}, ids[:20]...),
		"Twice":        append(slices.Clone(ids[:70]), ids[3]),
	} {
		t.Run(name, func(t *testing.T) {
			var want error
			inside(t, db, func(tx edit.BulkStore) error {
				for _, id := range list {
					if want = tx.DeleteSpan(ctx, id); want != nil {
						break
					}
				}
				return nil
			})
			if model.ErrorCode(want) != model.ENOTFOUND {
				t.Fatalf("DeleteSpan one by one: %v", want)
			}
			inside(t, db, func(tx edit.BulkStore) error {
				err := tx.DeleteSpans(ctx, list)
				if err == nil || err.Error() != want.Error() || model.ErrorCode(err) != model.ENOTFOUND {
					t.Fatalf("DeleteSpans: %v, want %v", err, want)
				}
				if n := count(tx); n != 150 {
					t.Fatalf("%d spans after a refused deletion, want 150", n)
				}
				return nil
			})
		})
	}
	inside(t, db, func(tx edit.BulkStore) error {
		if err := tx.DeleteSpans(ctx, ids[10:140]); err != nil {
			return err
		}
		if n := count(tx); n != 20 {
			t.Fatalf("%d spans after deleting 130 of 150, want 20", n)
		}
		// The transaction's view has them gone: their places are free.
		_, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 10 * 19, End: 10*19 + 6, Label: "PLACE"})
		return err
	})
}

// TestBatchOf200 runs label all on 200 places of a todo document through
// the history, as the window does: one commit, the document in progress;
// undo takes all of it back to todo; redo brings back the same spans, IDs
// included. A batch that fails at its last span, on an overlap with one of
// its own spans, leaves nothing, names that span, and keeps the status.
func TestBatchOf200(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	const word = "Ankara and Moscow met in Idlib. "
	doc := mustAddDocument(t, db, strings.Repeat(word, 210))
	cmds := make([]edit.Command, 200)
	for i := range cmds {
		at := i * len(word)
		cmds[i] = edit.AddSpan(doc, "alice", model.Span{Start: at, End: at + 6, Label: "PLACE"}, "Ankara")
	}
	h := edit.NewHistory(db, 0)
	if err := h.Do(ctx, edit.Batch("label all", cmds...)); err != nil {
		t.Fatal(err)
	}
	ids := func() []string {
		spans, err := db.Spans(ctx, doc, "alice")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range spans {
			if !s.Created.Equal(spans[0].Created) {
				t.Fatalf("span at %d written at %v, the first at %v: more than one transaction", s.Start, s.Created, spans[0].Created)
			}
			ids = append(ids, s.ID)
		}
		return ids
	}
	status := func() model.Status {
		st, err := db.Status(ctx, doc, "alice")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	done := ids()
	if len(done) != 200 || status() != model.StatusInProgress {
		t.Fatalf("%d spans, status %s after the step; want 200, in_progress", len(done), status())
	}
	if _, err := h.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(ids()); n != 0 || status() != model.StatusTodo {
		t.Fatalf("%d spans, status %s after undo; want none, todo", n, status())
	}
	if _, err := h.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if redone := ids(); !slices.Equal(redone, done) || status() != model.StatusInProgress {
		t.Fatalf("redo brought back other spans or status (%s)", status())
	}

	other := mustAddDocument(t, db, strings.Repeat(word, 210))
	bad := make([]edit.Command, 200)
	for i := range bad {
		at := i * len(word)
		bad[i] = edit.AddSpan(other, "bob", model.Span{Start: at, End: at + 6, Label: "PLACE"}, "Ankara")
	}
	bad[199] = edit.AddSpan(other, "bob", model.Span{Start: 3, End: 10, Label: "ACTOR"}, "ara and")
	err := h.Do(ctx, edit.Batch("label all", bad...))
	var refusal *model.SpanRefusal
	if !errors.As(err, &refusal) || model.ErrorCode(err) != model.EINVALID || refusal.Existing.Start != 0 || refusal.Existing.End != 6 {
		t.Fatalf("a batch overlapping its own first span: %v, want EINVALID naming [0, 6)", err)
	}
	if spans, _ := db.Spans(ctx, other, "bob"); len(spans) != 0 {
		t.Fatalf("%d spans left by a refused batch", len(spans))
	}
	if st, _ := db.Status(ctx, other, "bob"); st != model.StatusTodo {
		t.Fatalf("status %s after a refused batch, want todo", st)
	}
}

// A batch binds a column once when every span shares its value (label,
// note, origin) and once a span otherwise: every mix of shared and own
// values, with and without attributes, at sizes that take one statement
// and several, is stored exactly as given.
func TestAddSpansEveryShape(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, strings.Repeat("Putin met Erdogan in Moscow. ", 200))
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	origins := []model.Origin{model.OriginManual, model.OriginImport, model.OriginSuggestion}
	for shape := range 16 {
		for _, n := range []int{1, 2, 7, 64, 200} {
			batch := make([]model.Span, n)
			for i := range batch {
				vary := func(bit int) int {
					if shape&bit != 0 {
						return i % 3
					}
					return 0
				}
				at := 29 * i // "Putin" of sentence i
				batch[i] = model.Span{Start: at, End: at + 5, Label: labels[vary(1)],
					Note: []string{"", "head of state", "ﬁrst"}[vary(2)], Origin: origins[vary(4)]}
				if shape&8 != 0 && i%2 == 0 {
					batch[i].Attributes = model.Attributes{{Name: "kb_id", Value: fmt.Sprint("Q", i)}}
				}
			}
			name := fmt.Sprintf("shape %04b, %d spans", shape, n)
			inside(t, db, func(tx edit.BulkStore) error {
				added, err := tx.AddSpans(ctx, doc, "alice", batch)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				stored, err := tx.(app.WriteTx).Spans(ctx, doc, "alice")
				if err != nil {
					t.Fatal(err)
				}
				byID := map[string]model.Span{}
				for _, s := range stored {
					byID[s.ID] = s
				}
				for i, a := range added {
					s, ok := byID[a.ID]
					want := batch[i]
					if !ok || s.Start != want.Start || s.End != want.End || s.Label != want.Label || s.Note != want.Note ||
						s.Origin != want.Origin || !s.Attributes.Equal(want.Attributes) {
						t.Fatalf("%s: span %d stored as %+v, want %+v", name, i, s, want)
					}
				}
				if len(stored) != n {
					t.Fatalf("%s: %d spans stored, want %d", name, len(stored), n)
				}
				return nil
			})
		}
	}
}
