package edit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// related is a fake store with alice's Putin, Moscow, mayor and 34 on d1,
// and two relations: Putin ACTS_IN Moscow (noted) and mayor SAME_AS Putin.
func related(t *testing.T) *fakeStore {
	t.Helper()
	f := newFake()
	relateIn(t, f)
	return f
}

// relateIn seeds f as related describes.
func relateIn(t *testing.T, f *fakeStore) {
	t.Helper()
	var spans []model.Span
	for _, s := range []model.Span{spanOn(t, "p", "d1", "Putin", "ACTOR"), spanOn(t, "m", "d1", "Moscow", "PLACE"),
		spanOn(t, "y", "d1", "mayor", "ACTOR"), spanOn(t, "f", "d1", "34", "FIGURE")} {
		s.Origin = model.OriginManual
		spans = append(spans, s)
	}
	f.seed(t, "d1", alice, model.StatusInProgress, spans...)
	f.relate("d1", alice,
		model.Relation{ID: "pm", From: "p", To: "m", Label: "ACTS_IN", Note: "a visit"},
		model.Relation{ID: "yp", From: "y", To: "p", Label: "SAME_AS"})
}

const relatedState = `d1/alice in_progress: p[0,5)ACTOR note="" origin=manual; y[14,19)ACTOR note="" origin=manual; m[23,29)PLACE note="" origin=manual; f[42,44)FIGURE note="" origin=manual;` +
	` pm:p-ACTS_IN->m note="a visit"; yp:y-SAME_AS->p note="";`

func TestAddRelation(t *testing.T) {
	f := related(t)
	checkState(t, f, "seed", relatedState)
	h := edit.NewHistory(f, 0)
	mustDo(t, h, edit.AddRelation("d1", alice, model.Relation{From: "f", To: "y", Label: "COUNTS"}, "34", "mayor"))
	withNew := relatedState + ` rel-1:f-COUNTS->y note="";` // from 34, the last span
	checkState(t, f, "add", withNew)
	checkStack(t, h, "add COUNTS “34” → “mayor”", "")
	for range 2 {
		mustUndo(t, h)
		checkState(t, f, "undo", relatedState)
		mustRedo(t, h)
		checkState(t, f, "redo", withNew) // the same ID, rel-1, in every round
	}
}

func TestDeleteRelation(t *testing.T) {
	f := related(t)
	h := edit.NewHistory(f, 0)
	rels, _ := f.Relations(context.Background(), "d1", alice)
	mustDo(t, h, edit.DeleteRelation("d1", alice, rels[0], "Putin", "Moscow"))
	checkState(t, f, "delete", strings.Replace(relatedState, ` pm:p-ACTS_IN->m note="a visit";`, "", 1))
	checkStack(t, h, "delete ACTS_IN “Putin” → “Moscow”", "")
	mustUndo(t, h)
	checkState(t, f, "undo", relatedState) // same ID, same note
	if err := h.Do(context.Background(), edit.DeleteRelation("d1", alice, model.Relation{Label: "ACTS_IN"}, "", "")); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("deleting a relation without an ID: %v, want EINVALID", err)
	}
}

func TestUpdateRelation(t *testing.T) {
	f := related(t)
	h := edit.NewHistory(f, 0)
	now := time.Unix(0, 0)
	h.Now = func() time.Time { return now }
	rels, _ := f.Relations(context.Background(), "d1", alice)
	before := rels[0]
	relabeled := before
	relabeled.Label = "TARGETS"
	mustDo(t, h, edit.UpdateRelation("d1", alice, before, relabeled, "Putin", "Moscow"))
	checkState(t, f, "relabel", strings.Replace(relatedState, "pm:p-ACTS_IN->m", "pm:p-TARGETS->m", 1))
	checkStack(t, h, "relabel “Putin” → “Moscow” ACTS_IN to TARGETS", "")
	mustUndo(t, h)
	checkState(t, f, "undo relabel", relatedState)

	// Typing a note is one step, as for a span's note.
	typed := before
	for _, note := range []string{"a visit.", "a visit. Or", "a visit. Or not"} {
		next := typed
		next.Note = note
		mustDo(t, h, edit.UpdateRelation("d1", alice, typed, next, "Putin", "Moscow"))
		typed = next
		now = now.Add(time.Second)
	}
	checkStack(t, h, "edit note on ACTS_IN “Putin” → “Moscow”", "")
	checkState(t, f, "typing", strings.Replace(relatedState, `"a visit"`, `"a visit. Or not"`, 1))
	mustUndo(t, h)
	checkState(t, f, "undo typing", relatedState)

	other := before
	other.ID = "other"
	if err := h.Do(context.Background(), edit.UpdateRelation("d1", alice, before, other, "", "")); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("an update that changes the ID: %v, want EINVALID", err)
	}
}

// Every refusal of the store reaches the caller with its code, and leaves
// the store and the history as they were.
func TestRelationRefusals(t *testing.T) {
	f := related(t)
	f.seed(t, "d1", "bob", model.StatusInProgress, spanOn(t, "bp", "d1", "Putin", "ACTOR"))
	h := edit.NewHistory(f, 0)
	state := f.dump()
	rels, _ := f.Relations(context.Background(), "d1", alice)
	onto := rels[0]
	onto.Label = "SAME_AS"
	onto.From, onto.To = "y", "p"
	for _, tc := range []struct {
		name string
		cmd  edit.Command
		code string
	}{
		{"Duplicate", edit.AddRelation("d1", alice, model.Relation{From: "p", To: "m", Label: "ACTS_IN"}, "", ""), model.ECONFLICT},
		{"SymmetricReverse", edit.AddRelation("d1", alice, model.Relation{From: "p", To: "y", Label: "SAME_AS"}, "", ""), model.ECONFLICT},
		{"TakenID", edit.AddRelation("d1", alice, model.Relation{ID: "pm", From: "f", To: "y", Label: "COUNTS"}, "", ""), model.ECONFLICT},
		{"UnknownLabel", edit.AddRelation("d1", alice, model.Relation{From: "p", To: "m", Label: "LOVES"}, "", ""), model.EINVALID},
		{"Itself", edit.AddRelation("d1", alice, model.Relation{From: "p", To: "p", Label: "SAME_AS"}, "", ""), model.EINVALID},
		{"MissingSpan", edit.AddRelation("d1", alice, model.Relation{From: "p", To: "gone", Label: "ACTS_IN"}, "", ""), model.ENOTFOUND},
		{"OtherSet", edit.AddRelation("d1", alice, model.Relation{From: "p", To: "bp", Label: "SAME_AS"}, "", ""), model.EINVALID},
		{"UnknownDocument", edit.AddRelation("d9", alice, model.Relation{From: "p", To: "m", Label: "ACTS_IN"}, "", ""), model.ENOTFOUND},
		{"DeleteUnknown", edit.DeleteRelation("d1", alice, model.Relation{ID: "gone", From: "p", To: "m", Label: "ACTS_IN"}, "", ""), model.ENOTFOUND},
		{"UpdateUnknown", edit.UpdateRelation("d1", alice, model.Relation{ID: "gone", Label: "ACTS_IN"}, model.Relation{ID: "gone", Label: "TARGETS"}, "", ""), model.ENOTFOUND},
		{"RelabelOntoAnother", edit.UpdateRelation("d1", alice, rels[0], onto, "", ""), model.EINVALID}, // its spans may not change
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := h.Do(context.Background(), tc.cmd); model.ErrorCode(err) != tc.code {
				t.Fatalf("Do = %v, want code %q", err, tc.code)
			}
			checkState(t, f, "a refusal", state)
			checkStack(t, h, "", "")
		})
	}
	// A relabel that makes the relation another's duplicate.
	mustDo(t, h, edit.AddRelation("d1", alice, model.Relation{ID: "pm2", From: "p", To: "m", Label: "TARGETS"}, "", ""))
	dup := rels[0]
	dup.Label = "TARGETS"
	if err := h.Do(context.Background(), edit.UpdateRelation("d1", alice, rels[0], dup, "", "")); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("relabel onto a duplicate: %v, want ECONFLICT", err)
	}
}

// Deleting a span deletes its relations; undoing the deletion brings back
// the span and those relations with their IDs and notes.
func TestDeleteSpanRestoresRelations(t *testing.T) {
	for _, name := range []string{"one span", "batch", "batch on a bulk store", "DeleteSpans"} {
		t.Run(name, func(t *testing.T) {
			f := related(t)
			var st edit.Store = f
			switch name {
			case "batch on a bulk store":
				st = &bulkFake{fakeStore: f}
			case "DeleteSpans":
				s := newSugStore()
				relateIn(t, s.fakeStore)
				f, st = s.fakeStore, s
			}
			h := edit.NewHistory(st, 0)
			putin := f.span(t, "p")
			mayor := f.span(t, "y")
			var cmd edit.Command
			want := `d1/alice in_progress: m[23,29)PLACE note="" origin=manual; f[42,44)FIGURE note="" origin=manual;`
			switch name {
			case "one span":
				cmd = edit.DeleteSpan("d1", alice, putin, "Putin")
				want = `d1/alice in_progress: y[14,19)ACTOR note="" origin=manual; m[23,29)PLACE note="" origin=manual; f[42,44)FIGURE note="" origin=manual;`
			case "DeleteSpans":
				cmd = edit.DeleteSpans(alice, []model.LabeledSpan{{DocumentID: "d1", Span: putin}, {DocumentID: "d1", Span: mayor}}, "remove ACTOR")
			default:
				cmd = edit.Batch("remove ACTOR", edit.DeleteSpan("d1", alice, putin, "Putin"), edit.DeleteSpan("d1", alice, mayor, "mayor"))
			}
			mustDo(t, h, cmd)
			checkState(t, f, "delete", want)
			mustUndo(t, h)
			checkState(t, f, "undo", relatedState)
			mustRedo(t, h)
			checkState(t, f, "redo", want)
			mustUndo(t, h)
			checkState(t, f, "second undo", relatedState)
		})
	}
}

// When a relation cannot come back (its other span is gone), the undo of
// the deletion is refused as a whole: the span stays deleted.
func TestDeleteSpanUndoRefusedForItsRelation(t *testing.T) {
	ctx := context.Background()
	f := related(t)
	h := edit.NewHistory(f, 0)
	mustDo(t, h, edit.DeleteSpan("d1", alice, f.span(t, "p"), "Putin"))
	if err := f.DeleteSpan(ctx, "m"); err != nil { // another window
		t.Fatal(err)
	}
	state := f.dump()
	if _, err := h.Undo(ctx); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("Undo = %v, want ENOTFOUND for the relation's missing span", err)
	}
	checkState(t, f, "a refused undo", state)
	checkStack(t, h, "delete ACTOR “Putin”", "")
}

// Undoing an addition takes the relations another window made on the span
// since; the redo brings them back.
func TestUndoOfAddKeepsRelationsForRedo(t *testing.T) {
	ctx := context.Background()
	f := related(t)
	h := edit.NewHistory(f, 0)
	mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "k", "d1", "Kremlin", "PLACE"), "Kremlin"))
	if _, err := f.AddRelation(ctx, "d1", alice, model.Relation{ID: "yk", From: "y", To: "k", Label: "ACTS_IN"}); err != nil {
		t.Fatal(err)
	}
	made := f.dump()
	mustUndo(t, h)
	checkState(t, f, "undo", relatedState)
	mustRedo(t, h)
	checkState(t, f, "redo", made)
}

// Taking back accepted suggestions takes the relations on their spans, and
// accepting them again brings those back.
func TestAcceptUndoKeepsRelations(t *testing.T) {
	ctx := context.Background()
	for _, all := range []bool{false, true} {
		s := newSugStore()
		moscow := sugOn(t, "s1", "d2", "Moscow", 0, "PLACE", model.SourceDictionary)
		s.suggest("d2", alice, moscow)
		if _, err := s.AddSpan(ctx, "d2", alice, model.Span{ID: "e", Start: 0, End: 7, Label: "ACTOR"}); err != nil {
			t.Fatal(err)
		}
		h := edit.NewHistory(s, 0)
		cmd := edit.AcceptSuggestion("d2", alice, moscow, "Moscow")
		if all {
			cmd = edit.AcceptAllSuggestions("d2", alice)
		}
		mustDo(t, h, cmd)
		if _, err := s.AddRelation(ctx, "d2", alice, model.Relation{ID: "em", From: "e", To: "s1", Label: "ACTS_IN"}); err != nil {
			t.Fatal(err)
		}
		accepted := s.sugDump()
		mustUndo(t, h)
		if strings.Contains(s.sugDump(), "em:") {
			t.Fatalf("accept all %v: the relation stayed after the span went:\n%s", all, s.sugDump())
		}
		mustRedo(t, h)
		checkSugState(t, s, "redo", accepted)
	}
}

// A store that keeps no relations still serves every span command; the
// relation commands fail on it with EINTERNAL.
func TestStoreWithoutRelations(t *testing.T) {
	f := newFake()
	st := struct{ edit.Store }{f} // only the span and status calls
	h := edit.NewHistory(st, 0)
	mustDo(t, h, edit.AddSpan("d1", alice, spanOn(t, "p", "d1", "Putin", "ACTOR"), "Putin"))
	mustDo(t, h, edit.DeleteSpan("d1", alice, f.span(t, "p"), "Putin"))
	mustUndo(t, h)
	err := h.Do(context.Background(), edit.AddRelation("d1", alice, model.Relation{From: "p", To: "m", Label: "ACTS_IN"}, "", ""))
	if model.ErrorCode(err) != model.EINTERNAL {
		t.Fatalf("AddRelation on a store without relations: %v, want EINTERNAL", err)
	}
}

// The relation commands are plain: the history runs each, and its undo
// and redo, as one unit of work.
func TestRelationStepsAreOneUnit(t *testing.T) {
	ctx := context.Background()
	st := &atomicFake{fakeStore: related(t)}
	h := edit.NewHistory(st, 0)
	rels, _ := st.Relations(ctx, "d1", alice)
	changed := rels[0]
	changed.Note = "changed"
	for _, cmd := range []edit.Command{
		edit.AddRelation("d1", alice, model.Relation{From: "f", To: "y", Label: "COUNTS"}, "", ""),
		edit.UpdateRelation("d1", alice, rels[0], changed, "", ""),
		edit.DeleteRelation("d1", alice, rels[1], "", ""),
	} {
		st.units = 0
		mustDo(t, h, cmd)
		mustUndo(t, h)
		mustRedo(t, h)
		if st.units != 3 {
			t.Errorf("%s: do, undo and redo ran as %d units, want 3", cmd.Describe(), st.units)
		}
	}
}
