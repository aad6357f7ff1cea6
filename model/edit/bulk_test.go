package edit_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// bulkFake is the fake store with the bulk calls of edit.BulkStore, made
// of its single calls and all or nothing. It counts the bulk calls.
type bulkFake struct {
	*fakeStore
	addCalls, deleteCalls int
}

var _ edit.BulkStore = (*bulkFake)(nil)

func (b *bulkFake) AddSpans(ctx context.Context, doc, ann string, spans []model.Span) ([]model.Span, error) {
	b.addCalls++
	saved := b.save()
	var out []model.Span
	for _, s := range spans {
		stored, err := b.AddSpan(ctx, doc, ann, s)
		if err != nil {
			b.restore(saved)
			return nil, err
		}
		out = append(out, stored)
	}
	return out, nil
}

func (b *bulkFake) DeleteSpans(ctx context.Context, ids []string) error {
	b.deleteCalls++
	saved := b.save()
	for _, id := range ids {
		if err := b.DeleteSpan(ctx, id); err != nil {
			b.restore(saved)
			return err
		}
	}
	return nil
}

// save copies the sets (not the ID counter: a failed bulk call uses up
// the same IDs as the calls one by one).
func (f *fakeStore) save() map[string]map[string]fakeSet {
	f.mu.Lock()
	defer f.mu.Unlock()
	saved := map[string]map[string]fakeSet{}
	for doc, byAnn := range f.sets {
		saved[doc] = map[string]fakeSet{}
		for ann, s := range byAnn {
			saved[doc][ann] = fakeSet{status: s.status, spans: slices.Clone(s.spans), relations: slices.Clone(s.relations)}
		}
	}
	return saved
}

func (f *fakeStore) restore(saved map[string]map[string]fakeSet) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sets = map[string]map[string]*fakeSet{}
	for doc, byAnn := range saved {
		f.sets[doc] = map[string]*fakeSet{}
		for ann, s := range byAnn {
			f.sets[doc][ann] = &fakeSet{status: s.status, spans: s.spans, relations: s.relations}
		}
	}
}

// bulkStep is one thing a scenario does to a history: do a command, undo,
// redo, or change the store behind the history's back.
type bulkStep struct {
	do     func(t *testing.T) edit.Command
	undo   bool
	redo   bool
	behind func(f *fakeStore)
	// code is the error code the step must end with ("" for success).
	code string
}

// TestBatchOnBulkStore runs the same steps on a store with the bulk calls
// and on one without, and requires the same errors and the same state
// after every step: a batch that hands its runs of adds and deletes to the
// store in one call must be indistinguishable from one that calls it once
// a span, spans' IDs, statuses and errors included.
func TestBatchOnBulkStore(t *testing.T) {
	add := func(id, doc, phrase, label string) func(t *testing.T) edit.Command {
		return func(t *testing.T) edit.Command {
			return edit.AddSpan(doc, alice, spanOn(t, id, doc, phrase, label), phrase)
		}
	}
	batch := func(parts ...func(t *testing.T) edit.Command) func(t *testing.T) edit.Command {
		return func(t *testing.T) edit.Command {
			cmds := make([]edit.Command, len(parts))
			for i, p := range parts {
				cmds[i] = p(t)
			}
			return edit.Batch("step", cmds...)
		}
	}
	seeded := func(t *testing.T, id, doc, phrase, label string) model.Span {
		s := spanOn(t, id, doc, phrase, label)
		s.Origin, s.Note = model.OriginImport, "seeded"
		return s
	}
	del := func(id, doc, phrase, label string) func(t *testing.T) edit.Command {
		return func(t *testing.T) edit.Command {
			return edit.DeleteSpan(doc, alice, seeded(t, id, doc, phrase, label), phrase)
		}
	}
	seed := func(t *testing.T, f *fakeStore, st model.Status) {
		f.seed(t, "d1", alice, st,
			seeded(t, "k", "d1", "Kremlin", "PLACE"),
			seeded(t, "t", "d1", "Tuesday", "FIGURE"),
			seeded(t, "m", "d1", "mayor", "ACTOR"))
	}
	// Relations among the seeded spans and one more, Putin, that stays.
	relate := func(t *testing.T, f *fakeStore, st model.Status) {
		seed(t, f, st)
		f.seed(t, "d1", alice, st, seeded(t, "p", "d1", "Putin", "ACTOR"))
		f.relate("d1", alice,
			model.Relation{ID: "r1", From: "m", To: "k", Label: "ACTS_IN", Note: "at the talks"},
			model.Relation{ID: "r2", From: "t", To: "m", Label: "COUNTS"},
			model.Relation{ID: "r3", From: "p", To: "k", Label: "ACTS_IN"},
			model.Relation{ID: "r4", From: "p", To: "m", Label: "SAME_AS"})
	}
	labelAll := batch(add("", "d1", "Putin", "ACTOR"), add("", "d1", "Moscow", "PLACE"),
		add("", "d1", "34 people", "FIGURE"), add("", "d1", "talks", "ACTOR"))
	undo, redo := bulkStep{undo: true}, bulkStep{redo: true}

	scenarios := []struct {
		name  string
		seed  func(t *testing.T, f *fakeStore)
		steps []bulkStep
		bulk  bool // the bulk calls must have been used
	}{
		{"AddsOnTodo", nil, []bulkStep{{do: labelAll}, undo, redo, undo, redo}, true},
		{"AddsOnDone", func(t *testing.T, f *fakeStore) { f.seed(t, "d1", alice, model.StatusDone) },
			[]bulkStep{{do: labelAll}, undo, redo}, true},
		{"AddsWithIDs", nil, []bulkStep{{do: batch(add("a", "d1", "Putin", "ACTOR"), add("b", "d1", "Moscow", "PLACE"))}, undo, redo}, true},
		{"StatusSetSinceDo", nil, []bulkStep{
			{do: labelAll},
			{behind: func(f *fakeStore) { f.SetStatus(context.Background(), "d1", alice, model.StatusDone) }},
			undo, redo, undo}, true},
		{"StatusResetSinceDo", nil, []bulkStep{
			{do: labelAll},
			{behind: func(f *fakeStore) { f.SetStatus(context.Background(), "d1", alice, model.StatusTodo) }},
			undo, redo, undo}, true},
		{"Deletes", func(t *testing.T, f *fakeStore) { seed(t, f, model.StatusTodo) }, []bulkStep{
			{do: batch(del("k", "d1", "Kremlin", "PLACE"), del("t", "d1", "Tuesday", "FIGURE"), del("m", "d1", "mayor", "ACTOR"))},
			undo, redo, undo}, true},
		{"DeletesOnDone", func(t *testing.T, f *fakeStore) { seed(t, f, model.StatusDone) }, []bulkStep{
			{do: batch(del("k", "d1", "Kremlin", "PLACE"), del("t", "d1", "Tuesday", "FIGURE"))},
			{behind: func(f *fakeStore) { f.SetStatus(context.Background(), "d1", alice, model.StatusTodo) }},
			undo, redo}, true},
		{"Mixed", func(t *testing.T, f *fakeStore) { seed(t, f, model.StatusInProgress) }, []bulkStep{
			{do: batch(
				add("", "d1", "Putin", "ACTOR"), add("", "d1", "Moscow", "PLACE"),
				add("", "d2", "Erdoğan", "ACTOR"), add("", "d2", "Ankara", "PLACE"),
				func(t *testing.T) edit.Command {
					before := seeded(t, "k", "d1", "Kremlin", "PLACE")
					after := before
					after.Label = "ACTOR"
					return edit.UpdateSpan("d1", alice, before, after, "Kremlin")
				},
				del("t", "d1", "Tuesday", "FIGURE"), del("m", "d1", "mayor", "ACTOR"),
				func(*testing.T) edit.Command {
					return edit.SetStatus("d2", alice, model.StatusInProgress, model.StatusDone)
				},
				batch(add("", "d1", "34 people", "FIGURE"), add("", "d1", "talks", "ACTOR")),
			)},
			undo, redo, undo}, true},
		{"OverlapWithStoredInTheMiddle", func(t *testing.T, f *fakeStore) { seed(t, f, model.StatusTodo) }, []bulkStep{
			{do: batch(add("", "d1", "Putin", "ACTOR"), add("", "d1", "Moscow", "PLACE"),
				add("", "d1", "the Kremlin", "PLACE"), add("", "d1", "talks", "ACTOR")), code: model.EINVALID}}, true},
		{"OverlapInsideTheBatch", nil, []bulkStep{
			{do: batch(add("", "d1", "Putin", "ACTOR"), add("", "d1", "Moscow", "PLACE"),
				add("", "d1", "Putin met", "ACTOR"), add("", "d1", "talks", "ACTOR")), code: model.EINVALID}}, true},
		{"DuplicateInsideTheBatch", nil, []bulkStep{
			{do: batch(add("", "d1", "Putin", "ACTOR"), add("", "d1", "Moscow", "PLACE"), add("", "d1", "Putin", "ACTOR")),
				code: model.ECONFLICT}}, true},
		{"UnknownLabelAfterAnOverlap", nil, []bulkStep{
			{do: batch(add("", "d1", "Putin", "ACTOR"), add("", "d1", "Putin met", "ACTOR"), add("", "d1", "Moscow", "CITY")),
				code: model.EINVALID}}, true},
		{"BadOffsets", nil, []bulkStep{
			{do: batch(add("", "d1", "Putin", "ACTOR"), func(*testing.T) edit.Command {
				return edit.AddSpan("d1", alice, model.Span{Start: 80, End: 500, Label: "PLACE"}, "")
			}), code: model.EINVALID}}, true},
		{"UnknownDocument", nil, []bulkStep{
			{do: batch(func(*testing.T) edit.Command {
				return edit.AddSpan("nope", alice, model.Span{Start: 0, End: 5, Label: "ACTOR"}, "")
			}, func(*testing.T) edit.Command {
				return edit.AddSpan("nope", alice, model.Span{Start: 6, End: 9, Label: "ACTOR"}, "")
			}), code: model.ENOTFOUND}}, true},
		{"FailureAfterARun", nil, []bulkStep{
			{do: batch(add("", "d1", "Putin", "ACTOR"), add("", "d1", "Moscow", "PLACE"), add("", "d2", "Ankara", "PLACE"),
				add("", "d1", "Putin met", "ACTOR")), code: model.EINVALID}}, true},
		{"DeleteOfAGoneSpan", func(t *testing.T, f *fakeStore) { seed(t, f, model.StatusTodo) }, []bulkStep{
			{do: batch(del("k", "d1", "Kremlin", "PLACE"), del("gone", "d1", "Moscow", "PLACE"), del("m", "d1", "mayor", "ACTOR")),
				code: model.ENOTFOUND}}, true},
		{"DeleteWithoutID", func(t *testing.T, f *fakeStore) { seed(t, f, model.StatusTodo) }, []bulkStep{
			{do: batch(del("k", "d1", "Kremlin", "PLACE"), del("", "d1", "Moscow", "PLACE")), code: model.EINVALID}}, false},
		{"UndoOfAGoneSpan", nil, []bulkStep{
			{do: batch(add("a", "d1", "Putin", "ACTOR"), add("b", "d1", "Moscow", "PLACE"), add("c", "d1", "talks", "ACTOR"))},
			{behind: func(f *fakeStore) { f.DeleteSpan(context.Background(), "b") }},
			{undo: true, code: model.ENOTFOUND}}, true},
		{"UndoOfTwoGoneSpans", nil, []bulkStep{ // the error names the one undone first
			{do: batch(add("a", "d1", "Putin", "ACTOR"), add("b", "d1", "Moscow", "PLACE"), add("c", "d1", "talks", "ACTOR"))},
			{behind: func(f *fakeStore) {
				f.DeleteSpan(context.Background(), "a")
				f.DeleteSpan(context.Background(), "c")
			}},
			{undo: true, code: model.ENOTFOUND}}, true},
		{"UndoOfARemovalWhoseSpacesAreTaken", func(t *testing.T, f *fakeStore) { seed(t, f, model.StatusTodo) }, []bulkStep{
			{do: batch(del("k", "d1", "Kremlin", "PLACE"), del("t", "d1", "Tuesday", "FIGURE"))},
			{behind: func(f *fakeStore) {
				f.AddSpan(context.Background(), "d1", alice, model.Span{ID: "x", Start: 70, End: 80, Label: "ACTOR"})
				f.AddSpan(context.Background(), "d1", alice, model.Span{ID: "y", Start: 30, End: 36, Label: "ACTOR"})
			}},
			{undo: true, code: model.EINVALID}}, true},
		{"DeletesWithRelations", func(t *testing.T, f *fakeStore) { relate(t, f, model.StatusInProgress) }, []bulkStep{
			{do: batch(del("k", "d1", "Kremlin", "PLACE"), del("t", "d1", "Tuesday", "FIGURE"))},
			undo, redo, undo}, true},
		{"DeletesOfBothEnds", func(t *testing.T, f *fakeStore) { relate(t, f, model.StatusInProgress) }, []bulkStep{
			{do: batch(del("m", "d1", "mayor", "ACTOR"), del("k", "d1", "Kremlin", "PLACE"), del("t", "d1", "Tuesday", "FIGURE"))},
			undo, redo, undo}, true},
		{"UndoOfDeletesWhoseRelationCannotReturn", func(t *testing.T, f *fakeStore) { relate(t, f, model.StatusInProgress) }, []bulkStep{
			{do: batch(del("k", "d1", "Kremlin", "PLACE"), del("t", "d1", "Tuesday", "FIGURE"))},
			{behind: func(f *fakeStore) { f.DeleteSpan(context.Background(), "p") }},
			{undo: true, code: model.ENOTFOUND}}, true},
		{"UndoOfAddsTakesRelationsMadeSince", nil, []bulkStep{
			{do: batch(add("a", "d1", "Putin", "ACTOR"), add("b", "d1", "Moscow", "PLACE"), add("c", "d1", "talks", "ACTOR"))},
			{behind: func(f *fakeStore) {
				f.AddRelation(context.Background(), "d1", alice, model.Relation{ID: "ab", From: "a", To: "b", Label: "ACTS_IN"})
				f.AddRelation(context.Background(), "d1", alice, model.Relation{ID: "ca", From: "c", To: "a", Label: "SAME_AS"})
			}},
			undo, redo, undo, redo}, true},
		{"UndoOfARemovalWhoseSpaceIsTaken", func(t *testing.T, f *fakeStore) { seed(t, f, model.StatusTodo) }, []bulkStep{
			{do: batch(del("k", "d1", "Kremlin", "PLACE"), del("t", "d1", "Tuesday", "FIGURE"))},
			{behind: func(f *fakeStore) {
				f.AddSpan(context.Background(), "d1", alice, model.Span{ID: "x", Start: 70, End: 80, Label: "ACTOR"})
			}},
			{undo: true, code: model.EINVALID}}, true},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			run := func(f *fakeStore, st edit.Store) []string {
				if sc.seed != nil {
					sc.seed(t, f)
				}
				h := edit.NewHistory(st, 0)
				var trace []string
				for i, step := range sc.steps {
					var err error
					switch {
					case step.do != nil:
						err = h.Do(context.Background(), step.do(t))
					case step.undo:
						_, err = h.Undo(context.Background())
					case step.redo:
						_, err = h.Redo(context.Background())
					default:
						step.behind(f)
					}
					if got := model.ErrorCode(err); err != nil && got != step.code || err == nil && step.code != "" {
						t.Fatalf("step %d: error %v, want code %q", i, err, step.code)
					}
					trace = append(trace, fmt.Sprintf("step %d: error %v; undo %q, redo %q\n%s",
						i, err, h.UndoDescription(), h.RedoDescription(), f.dump()))
				}
				return trace
			}
			plain := newFake()
			one := run(plain, plain)
			bulk := &bulkFake{fakeStore: newFake()}
			many := run(bulk.fakeStore, bulk)
			for i := range one {
				if one[i] != many[i] {
					t.Fatalf("call by call:\n%s\nin bulk:\n%s", one[i], many[i])
				}
			}
			if used := bulk.addCalls+bulk.deleteCalls > 0; used != sc.bulk {
				t.Fatalf("bulk calls used: %v, want %v", used, sc.bulk)
			}
		})
	}
}
