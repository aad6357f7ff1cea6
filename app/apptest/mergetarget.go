package apptest

import (
	"context"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// MergeStore is a store a merge fills (app.MergeTarget) and the suite
// reads back through the store contract.
type MergeStore interface {
	app.Store
	app.MergeTarget
}

// OpenMerge is OpenImport for a MergeStore: a new project holding Texts
// with the default labels, not allowing overlaps.
type OpenMerge func(t *testing.T) (store MergeStore, documentIDs []string)

// TestMergeTarget checks the operations app.MergeTx adds to an import's,
// each error code they document, and that a refused one changes nothing.
func TestMergeTarget(t *testing.T, open OpenMerge) {
	t.Run("Documents", func(t *testing.T) { testMergeDocuments(t, open) })
	t.Run("Annotators", func(t *testing.T) { testMergeAnnotators(t, open) })
	t.Run("ReplaceSet", func(t *testing.T) { testMergeReplaceSet(t, open) })
	t.Run("Attributes", func(t *testing.T) { testMergeAttributes(t, open) })
	t.Run("Review", func(t *testing.T) { testMergeReview(t, open) })
}

// mergeUnit runs fn in a merge's unit of work and fails t when it fails.
func mergeUnit(t *testing.T, st app.MergeTarget, fn func(ctx context.Context, tx app.MergeTx) error) {
	t.Helper()
	ctx := context.Background()
	if err := st.MergeUnit(ctx, func(tx app.MergeTx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("MergeUnit: %v", err)
	}
}

var mergeHour = time.Date(2026, 11, 19, 8, 0, 0, 0, time.UTC)

func testMergeDocuments(t *testing.T, open OpenMerge) {
	st, ids := open(t)
	const text = "Geir Pedersen spoke in Geneva."
	mergeUnit(t, st, func(ctx context.Context, tx app.MergeTx) error {
		d, found, err := tx.DocumentWithHash(ctx, model.ContentHash(Texts[0]))
		if err != nil || !found || d.ID != ids[0] || d.Length != model.RuneLen(Texts[0]) || d.Title == "" || d.Hash != model.ContentHash(Texts[0]) {
			t.Errorf("DocumentWithHash of a stored text = %+v, %v, %v", d, found, err)
		}
		if _, found, err := tx.DocumentWithHash(ctx, model.ContentHash(text)); err != nil || found {
			t.Errorf("DocumentWithHash of a new text = %v, %v; want not found", found, err)
		}
		// An ID this project has already: the copy gets a new one.
		id, err := tx.CopyDocument(ctx, model.Document{ID: ids[0], ExternalID: "x-1", Text: text}, mergeHour)
		if err != nil || id == "" || id == ids[0] {
			t.Errorf("CopyDocument with a taken ID = %q, %v; want a new ID", id, err)
		}
		if d, found, err := tx.DocumentWithHash(ctx, model.ContentHash(text)); err != nil || !found || d.ID != id ||
			d.ExternalID != "x-1" || !d.Created.Equal(mergeHour) {
			t.Errorf("the copied document reads %+v, %v, %v; want its created time kept", d, found, err)
		}
		const free = "0190f5b2-0000-7000-8000-0000000000c7"
		if id, err := tx.CopyDocument(ctx, model.Document{ID: free, Text: "Another text."}, time.Time{}); err != nil || id != free {
			t.Errorf("CopyDocument with a free ID = %q, %v; want it kept", id, err)
		}
		_, err = tx.CopyDocument(ctx, model.Document{Text: Texts[1]}, mergeHour)
		wantCode(t, "CopyDocument of a text the project has", err, model.ECONFLICT)
		_, err = tx.CopyDocument(ctx, model.Document{Text: "bad \xff text"}, mergeHour)
		wantCode(t, "CopyDocument of an invalid text", err, model.EINVALID)
		return nil
	})
}

func testMergeAnnotators(t *testing.T, open OpenMerge) {
	st, _ := open(t)
	mergeUnit(t, st, func(ctx context.Context, tx app.MergeTx) error {
		if added, err := tx.AddAnnotator(ctx, "zoë", mergeHour); err != nil || !added {
			t.Errorf("AddAnnotator of a new name = %v, %v", added, err)
		}
		if added, err := tx.AddAnnotator(ctx, "zoë", mergeHour.Add(time.Hour)); err != nil || added {
			t.Errorf("AddAnnotator of a known name = %v, %v; want not added", added, err)
		}
		_, err := tx.AddAnnotator(ctx, "", mergeHour)
		wantCode(t, "AddAnnotator of an empty name", err, model.EINVALID)
		return nil
	})
}

func testMergeReplaceSet(t *testing.T, open OpenMerge) {
	st, ids := open(t)
	doc := ids[0] // Texts[0]: "Putin met Erdoğan in Moscow; ..."
	putin := model.Span{Start: 0, End: 5, Label: "ACTOR"}
	erdogan := model.Span{Start: 10, End: 17, Label: "ACTOR"}
	moscow := model.Span{Start: 21, End: 27, Label: "PLACE"}
	set := app.ImportSet{Status: model.StatusDone, Note: "checked", Created: mergeHour, Updated: mergeHour.Add(time.Hour)}
	mergeUnit(t, st, func(ctx context.Context, tx app.MergeTx) error {
		spans, rels, err := tx.ReplaceSet(ctx, doc, "anna", set, []model.Span{putin, erdogan, moscow},
			[]app.ImportRelation{{From: putin, To: moscow, Label: "ACTS_IN"}, {From: erdogan, To: moscow, Label: "ACTS_IN"}})
		if err != nil || spans != 3 || rels != 2 {
			t.Errorf("ReplaceSet of a new set = %d spans, %d relations, %v", spans, rels, err)
		}
		got, _, found, err := tx.Set(ctx, doc, "anna")
		if err != nil || !found || !got.Updated.Equal(set.Updated) || got.Note != "checked" {
			t.Errorf("the set reads %+v, %v, %v; want its own updated time although relations were added", got, found, err)
		}
		if rels, err := tx.Relations(ctx, doc, "anna"); err != nil || len(rels) != 2 {
			t.Errorf("Relations = %+v, %v; want 2", rels, err)
		}
		// Replaced: the old spans and relations go, the new ones come.
		set.Updated = set.Updated.Add(time.Hour)
		spans, rels, err = tx.ReplaceSet(ctx, doc, "anna", set, []model.Span{putin, moscow},
			[]app.ImportRelation{{From: moscow, To: putin, Label: "SAME_AS"}})
		if err != nil || spans != 2 || rels != 1 {
			t.Errorf("ReplaceSet of the set = %d spans, %d relations, %v", spans, rels, err)
		}
		if _, got, _, err := tx.Set(ctx, doc, "anna"); err != nil || len(got) != 2 {
			t.Errorf("after ReplaceSet the set has spans %+v, %v; want 2", got, err)
		}
		if rels, err := tx.Relations(ctx, doc, "anna"); err != nil || len(rels) != 1 || rels[0].Label != "SAME_AS" {
			t.Errorf("after ReplaceSet the relations are %+v, %v; want the one SAME_AS", rels, err)
		}
		if rels, err := tx.Relations(ctx, doc, "nobody"); err != nil || len(rels) != 0 {
			t.Errorf("Relations of an annotator with no set = %+v, %v", rels, err)
		}
		// Refusals change nothing.
		_, _, err = tx.ReplaceSet(ctx, "0190f5b2-0000-7000-8000-00000000dead", "anna", set, nil, nil)
		wantCode(t, "ReplaceSet on an unknown document", err, model.ENOTFOUND)
		_, _, err = tx.ReplaceSet(ctx, doc, "anna", set, []model.Span{putin}, []app.ImportRelation{{From: putin, To: moscow, Label: "ACTS_IN"}})
		wantCode(t, "ReplaceSet with a relation to a span it lacks", err, model.EINVALID)
		_, _, err = tx.ReplaceSet(ctx, doc, "anna", set, []model.Span{{Start: 0, End: 999, Label: "ACTOR"}}, nil)
		wantCode(t, "ReplaceSet with a span past the text", err, model.EINVALID)
		_, _, err = tx.ReplaceSet(ctx, doc, "anna", set, []model.Span{putin, moscow}, []app.ImportRelation{{From: putin, To: moscow, Label: "NO_SUCH"}})
		wantCode(t, "ReplaceSet with an unknown relation label", err, model.EINVALID)
		_, _, err = tx.ReplaceSet(ctx, doc, "anna", app.ImportSet{Status: "bogus"}, nil, nil)
		wantCode(t, "ReplaceSet with an invalid status", err, model.EINVALID)
		if _, got, _, err := tx.Set(ctx, doc, "anna"); err != nil || len(got) != 2 {
			t.Errorf("after refusals the set has spans %+v, %v; want the 2 it had", got, err)
		}
		return nil
	})
}

func testMergeReview(t *testing.T, open OpenMerge) {
	st, ids := open(t)
	review := func() model.Review {
		var rv model.Review
		err := st.Read(context.Background(), func(tx app.ReadTx) (err error) {
			rv, err = tx.Review(context.Background(), ids[0])
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return rv
	}
	mergeUnit(t, st, func(ctx context.Context, tx app.MergeTx) error {
		return tx.PutReview(ctx, ids[0], "rita", mergeHour)
	})
	if rv := review(); rv.Reviewer != "rita" || !rv.Updated.Equal(mergeHour) {
		t.Errorf("after PutReview the review is %+v", rv)
	}
	mergeUnit(t, st, func(ctx context.Context, tx app.MergeTx) error {
		wantCode(t, "PutReview on an unknown document", tx.PutReview(ctx, "0190f5b2-0000-7000-8000-00000000dead", "rita", mergeHour), model.ENOTFOUND)
		wantCode(t, "PutReview with an invalid name", tx.PutReview(ctx, ids[0], model.GoldAnnotator, mergeHour), model.EINVALID)
		return tx.PutReview(ctx, ids[0], "", time.Time{})
	})
	if rv := review(); rv.Reviewer != "" {
		t.Errorf("after PutReview of nobody the review is %+v", rv)
	}
}
