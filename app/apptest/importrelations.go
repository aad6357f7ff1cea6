package apptest

import (
	"context"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// testImportRelations checks the relation operations of an import:
// relation labels, relations found by their spans' offsets and label,
// duplicates left out (either way round when symmetric), IDs kept when
// free, and refusals that add nothing.
func testImportRelations(t *testing.T, open OpenImport) {
	st, ids := open(t)
	putin := model.Span{Start: 0, End: 5, Label: "ACTOR"}
	erdogan := model.Span{Start: 10, End: 17, Label: "ACTOR"}
	moscow := model.Span{Start: 21, End: 27, Label: "PLACE"}
	const keptID = "0190f5b2-0000-7000-8000-00000000c001"
	count := func(doc, annotator string) []model.Relation {
		t.Helper()
		var rels []model.Relation
		err := st.Read(context.Background(), func(tx app.ReadTx) (err error) {
			rels, err = tx.Relations(context.Background(), doc, annotator)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return rels
	}
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		if _, err := tx.PutSet(ctx, ids[0], "anna", app.ImportSet{Status: model.StatusDone}, []model.Span{putin, erdogan, moscow}); err != nil {
			return err
		}
		n, err := tx.PutRelations(ctx, ids[0], "anna", []app.ImportRelation{
			{From: putin, To: moscow, Label: "ACTS_IN", Note: "met there"},
			{ID: keptID, From: erdogan, To: moscow, Label: "ACTS_IN"},
			{From: putin, To: erdogan, Label: "SAME_AS"},
		})
		if err != nil || n != 3 {
			t.Errorf("PutRelations of three = %d, %v; want 3", n, err)
		}
		// Again, and the symmetric one the other way round: all there.
		n, err = tx.PutRelations(ctx, ids[0], "anna", []app.ImportRelation{
			{From: putin, To: moscow, Label: "ACTS_IN"},
			{From: erdogan, To: putin, Label: "SAME_AS"},
		})
		if err != nil || n != 0 {
			t.Errorf("PutRelations of relations there already = %d, %v; want 0", n, err)
		}
		return nil
	})
	rels := count(ids[0], "anna")
	if len(rels) != 3 {
		t.Fatalf("after the import anna has %d relations, want 3: %+v", len(rels), rels)
	}
	kept, noted := false, false
	for _, r := range rels {
		kept = kept || r.ID == keptID && r.Label == "ACTS_IN"
		noted = noted || r.Note == "met there"
	}
	if !kept || !noted {
		t.Errorf("relations = %+v, want the given ID and note kept", rels)
	}

	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		_, err := tx.PutRelations(ctx, "0190f5b2-0000-7000-8000-0000000000ff", "anna", []app.ImportRelation{{From: putin, To: moscow, Label: "ACTS_IN"}})
		wantCode(t, "PutRelations on an unknown document", err, model.ENOTFOUND)
		_, err = tx.PutRelations(ctx, ids[0], "bob", []app.ImportRelation{{From: putin, To: moscow, Label: "ACTS_IN"}})
		wantCode(t, "PutRelations for an annotator with no set there", err, model.ENOTFOUND)
		cases := []struct {
			what string
			rel  app.ImportRelation
		}{
			{"a span the set does not hold", app.ImportRelation{From: putin, To: model.Span{Start: 63, End: 68, Label: "PLACE"}, Label: "ACTS_IN"}},
			{"a span related to itself", app.ImportRelation{From: putin, To: putin, Label: "SAME_AS"}},
			{"an unknown label", app.ImportRelation{From: erdogan, To: moscow, Label: "NOPE"}},
		}
		for _, c := range cases {
			// A good relation before the bad one: nothing is added.
			n, err := tx.PutRelations(ctx, ids[0], "anna", []app.ImportRelation{{From: moscow, To: erdogan, Label: "TARGETS"}, c.rel})
			wantCode(t, "PutRelations with "+c.what, err, model.EINVALID)
			if n != 0 {
				t.Errorf("PutRelations with %s added %d, want 0", c.what, n)
			}
		}
		// An ID another relation has: the relation comes in under a new one.
		if _, err := tx.PutSet(ctx, ids[1], "anna", app.ImportSet{Status: model.StatusDone},
			[]model.Span{{Start: 0, End: 18, Label: "FIGURE"}, {Start: 19, End: 25, Label: "ACTOR"}}); err != nil {
			return err
		}
		n, err := tx.PutRelations(ctx, ids[1], "anna", []app.ImportRelation{{ID: keptID,
			From: model.Span{Start: 0, End: 18, Label: "FIGURE"}, To: model.Span{Start: 19, End: 25, Label: "ACTOR"}, Label: "COUNTS"}})
		if err != nil || n != 1 {
			t.Errorf("PutRelations with a taken ID = %d, %v; want 1", n, err)
		}
		return nil
	})
	if rels := count(ids[0], "anna"); len(rels) != 3 {
		t.Errorf("after refused relations anna has %d on the first document, want the 3 from before", len(rels))
	}
	if rels := count(ids[1], "anna"); len(rels) != 1 || rels[0].ID == keptID || rels[0].ID == "" {
		t.Errorf("the relation with a taken ID = %+v, want one under a new ID", rels)
	}

	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		before, err := tx.RelationLabels(ctx)
		if err != nil || len(before) == 0 {
			t.Fatalf("RelationLabels = %v, %v; want the defaults", before, err)
		}
		fled := model.RelationLabel{Label: model.Label{Name: "FLED_TO", Color: "#336699"}}
		if err := tx.AddRelationLabel(ctx, fled); err != nil {
			return err
		}
		after, err := tx.RelationLabels(ctx)
		if err != nil || len(after) != len(before)+1 || after[len(after)-1].Name != "FLED_TO" {
			t.Errorf("RelationLabels after AddRelationLabel = %+v, %v; want FLED_TO last", after, err)
		}
		wantCode(t, "AddRelationLabel of a name taken", tx.AddRelationLabel(ctx, fled), model.ECONFLICT)
		wantCode(t, "AddRelationLabel of a bad colour", tx.AddRelationLabel(ctx, model.RelationLabel{Label: model.Label{Name: "X", Color: "blue"}}), model.EINVALID)
		// The new label serves at once.
		n, err := tx.PutRelations(ctx, ids[1], "anna", []app.ImportRelation{{
			From: model.Span{Start: 19, End: 25, Label: "ACTOR"}, To: model.Span{Start: 0, End: 18, Label: "FIGURE"}, Label: "FLED_TO"}})
		if err != nil || n != 1 {
			t.Errorf("PutRelations with a label just added = %d, %v; want 1", n, err)
		}
		return nil
	})
}
