package apptest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/formats"
)

// The attributes the suite stores, each list out of canonical order as a
// caller may give it: a store keeps and returns them in canonical order
// (model.SortAttributes), and nil for a span without any.
var (
	attrsKB = model.Attributes{{Name: model.AttributeKB, Value: "Q7747"}, {Name: "Negated"}}
	// attrsMixed has a multiple choice and typed text with a line break.
	attrsMixed = model.Attributes{
		{Name: "comment", Value: "seen twice\nin the source", Text: true},
		{Name: "Topic", Value: "war"}, {Name: "Topic", Value: "diplomacy"},
	}
)

func canonicalOf(as model.Attributes) model.Attributes {
	if len(as) == 0 {
		return nil
	}
	out := slices.Clone(as)
	model.SortAttributes(out)
	return out
}

// sameAttributes reports whether got is want in canonical order, nil for
// none: exactly, as a store must return them.
func sameAttributes(got, want model.Attributes) bool {
	want = canonicalOf(want)
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	return slices.Equal(got, want)
}

// attributesOf is the attributes of each of the annotator's spans on a
// document, by offsets and label, read in a unit of its own.
func attributesOf(t *testing.T, st app.Store, doc, annotator string) map[[2]int]model.Attributes {
	t.Helper()
	ctx := context.Background()
	out := map[[2]int]model.Attributes{}
	err := st.Read(ctx, func(tx app.ReadTx) error {
		spans, err := tx.Spans(ctx, doc, annotator)
		for _, s := range spans {
			out[[2]int{s.Start, s.End}] = s.Attributes
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// testAttributes checks that a span's attributes go through every write
// of spans and come back from every read: add, update (change, remove),
// the many-span adds of a batch and of label all, delete and its undo,
// and the people's spans review compares; and that invalid attributes
// are EINVALID and change nothing.
func testAttributes(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	doc := ids[0] // "Putin met Erdogan in Moscow on Thursday. Dozens were killed in Idlib."
	var putin model.Span
	err := st.Write(ctx, func(tx app.WriteTx) error {
		var err error
		if putin, err = tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: attrsKB}); err != nil {
			return err
		}
		if !sameAttributes(putin.Attributes, attrsKB) {
			t.Errorf("AddSpan returned attributes %+v, want %+v in canonical order", putin.Attributes, canonicalOf(attrsKB))
		}
		spans, err := tx.Spans(ctx, doc, "alice")
		if err != nil || len(spans) != 1 || !sameAttributes(spans[0].Attributes, attrsKB) {
			t.Errorf("Spans in the transaction after AddSpan = %+v, %v", spans, err)
		}
		_, err = tx.AddSpan(ctx, doc, "alice", model.Span{Start: 21, End: 27, Label: "PLACE"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := attributesOf(t, st, doc, "alice"); !sameAttributes(got[[2]int{0, 5}], attrsKB) || got[[2]int{21, 27}] != nil {
		t.Fatalf("after AddSpan the spans hold %+v; want Putin's attributes and none on Moscow", got)
	}

	// An update that changes the attributes alone, then one that takes
	// them all away.
	changed := putin
	changed.Attributes = attrsMixed
	err = st.Write(ctx, func(tx app.WriteTx) error {
		got, err := tx.UpdateSpan(ctx, changed)
		if err == nil && !sameAttributes(got.Attributes, attrsMixed) {
			t.Errorf("UpdateSpan returned attributes %+v, want %+v", got.Attributes, canonicalOf(attrsMixed))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := attributesOf(t, st, doc, "alice"); !sameAttributes(got[[2]int{0, 5}], attrsMixed) {
		t.Fatalf("after UpdateSpan Putin holds %+v, want %+v", got[[2]int{0, 5}], canonicalOf(attrsMixed))
	}
	bare := putin
	bare.Attributes = nil
	if err := st.Write(ctx, func(tx app.WriteTx) error { _, err := tx.UpdateSpan(ctx, bare); return err }); err != nil {
		t.Fatal(err)
	}
	if got := attributesOf(t, st, doc, "alice"); got[[2]int{0, 5}] != nil {
		t.Fatalf("after UpdateSpan without attributes Putin holds %+v, want none", got[[2]int{0, 5}])
	}

	// Invalid attributes are EINVALID, for a new span and a changed one.
	bad := []model.Attributes{
		{{Name: "has space", Value: "x"}},
		{{Name: "Negated"}, {Name: "Negated", Value: "yes"}},
		{{Name: "kb_id", Value: "two\nlines"}},
		{{Name: "", Value: "x"}},
	}
	for _, as := range bad {
		err := st.Write(ctx, func(tx app.WriteTx) error {
			_, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 10, End: 17, Label: "ACTOR", Attributes: as})
			return err
		})
		if model.ErrorCode(err) != model.EINVALID {
			t.Errorf("AddSpan with attributes %+v: %v, want EINVALID", as, err)
		}
		s := bare
		s.Attributes = as
		err = st.Write(ctx, func(tx app.WriteTx) error { _, err := tx.UpdateSpan(ctx, s); return err })
		if model.ErrorCode(err) != model.EINVALID {
			t.Errorf("UpdateSpan with attributes %+v: %v, want EINVALID", as, err)
		}
	}
	if got := attributesOf(t, st, doc, "alice"); len(got) != 2 || got[[2]int{0, 5}] != nil {
		t.Fatalf("refused writes changed the spans: %+v", got)
	}

	// Delete and its undo bring the attributes back exactly.
	bare.Attributes = attrsKB
	if err := st.Write(ctx, func(tx app.WriteTx) error { _, err := tx.UpdateSpan(ctx, bare); return err }); err != nil {
		t.Fatal(err)
	}
	var stored model.Span
	err = st.Read(ctx, func(tx app.ReadTx) error {
		spans, err := tx.Spans(ctx, doc, "alice")
		if err == nil {
			stored = spans[0]
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	del := edit.DeleteSpan(doc, "alice", stored, "Putin")
	if err := st.Write(ctx, func(tx app.WriteTx) error { return del.Do(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	if got := attributesOf(t, st, doc, "alice"); len(got) != 1 {
		t.Fatalf("after the delete: %+v", got)
	}
	if err := st.Write(ctx, func(tx app.WriteTx) error { return del.Undo(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	if got := attributesOf(t, st, doc, "alice"); !sameAttributes(got[[2]int{0, 5}], attrsKB) {
		t.Fatalf("after undoing the delete Putin holds %+v, want %+v", got[[2]int{0, 5}], canonicalOf(attrsKB))
	}

	// A batch of adds (one call on a store with many-span adds), some
	// with attributes and some without; its undo and redo.
	batch := edit.Batch("label all",
		edit.AddSpan(doc, "bob", model.Span{Start: 10, End: 17, Label: "ACTOR", Attributes: attrsMixed}, "Erdogan"),
		edit.AddSpan(doc, "bob", model.Span{Start: 21, End: 27, Label: "PLACE"}, "Moscow"),
		edit.AddSpan(doc, "bob", model.Span{Start: 63, End: 68, Label: "PLACE", Attributes: attrsKB}, "Idlib"),
	)
	checkBob := func(when string) {
		t.Helper()
		got := attributesOf(t, st, doc, "bob")
		if len(got) != 3 || !sameAttributes(got[[2]int{10, 17}], attrsMixed) || got[[2]int{21, 27}] != nil ||
			!sameAttributes(got[[2]int{63, 68}], attrsKB) {
			t.Fatalf("%s bob's spans hold %+v", when, got)
		}
	}
	if err := st.Write(ctx, func(tx app.WriteTx) error { return batch.Do(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	checkBob("after a batch of adds")
	if err := st.Write(ctx, func(tx app.WriteTx) error { return batch.Undo(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	if got := attributesOf(t, st, doc, "bob"); len(got) != 0 {
		t.Fatalf("after undoing the batch bob has %+v", got)
	}
	if err := st.Write(ctx, func(tx app.WriteTx) error { return batch.Do(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	checkBob("after redoing the batch")

	// Label all's adds across documents, and the undo of remove from
	// all, which adds the very spans back.
	labeled := []model.LabeledSpan{
		{DocumentID: ids[1], Span: model.Span{Start: 0, End: 18, Label: "FIGURE", Attributes: attrsKB}},
		{DocumentID: ids[2], Span: model.Span{Start: 0, End: 2, Label: "ACTOR"}},
	}
	var added []model.LabeledSpan
	err = st.Write(ctx, func(tx app.WriteTx) error {
		var err error
		added, err = tx.AddLabeledSpans(ctx, "carol", labeled)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 2 || !sameAttributes(added[0].Span.Attributes, attrsKB) || added[1].Span.Attributes != nil {
		t.Fatalf("AddLabeledSpans returned %+v", added)
	}
	for round := range 2 {
		if got := attributesOf(t, st, ids[1], "carol"); !sameAttributes(got[[2]int{0, 18}], attrsKB) {
			t.Fatalf("round %d: label all's span holds %+v", round, got)
		}
		if got := attributesOf(t, st, ids[2], "carol"); len(got) != 1 || got[[2]int{0, 2}] != nil {
			t.Fatalf("round %d: label all's span without attributes holds %+v", round, got)
		}
		err = st.Write(ctx, func(tx app.WriteTx) error {
			if err := tx.DeleteLabeledSpans(ctx, "carol", added); err != nil {
				return err
			}
			_, err := tx.AddLabeledSpans(ctx, "carol", added)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	// Review compares the people's spans with their attributes.
	err = st.Read(ctx, func(tx app.ReadTx) error {
		people, err := tx.PeopleSpans(ctx, doc)
		if err != nil {
			return err
		}
		if a := people["alice"]; len(a) != 2 || !sameAttributes(a[0].Attributes, attrsKB) || a[1].Attributes != nil {
			t.Errorf("PeopleSpans for alice = %+v", a)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testImportAttributes checks that PutSet stores the spans' attributes,
// with and without IDs of their own, and that Set and the store's reads
// give them back.
func testImportAttributes(t *testing.T, open OpenImport) {
	st, ids := open(t)
	doc := ids[0]
	putin := model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: attrsKB}
	moscow := model.Span{Start: 21, End: 27, Label: "PLACE"}
	idlib := model.Span{ID: "0190f5b2-0000-7000-8000-0000000000a1", Start: 63, End: 68, Label: "PLACE", Attributes: attrsMixed}
	importUnit(t, st, func(ctx context.Context, tx app.ImportTx) error {
		n, err := tx.PutSet(ctx, doc, "alice", app.ImportSet{Status: model.StatusDone}, []model.Span{idlib, moscow, putin})
		if err != nil || n != 3 {
			t.Fatalf("PutSet = %d, %v; want 3 spans added", n, err)
		}
		_, spans, found, err := tx.Set(ctx, doc, "alice")
		if err != nil || !found || len(spans) != 3 {
			t.Fatalf("Set after PutSet = %+v, %v, %v", spans, found, err)
		}
		if !sameAttributes(spans[0].Attributes, attrsKB) || spans[1].Attributes != nil || !sameAttributes(spans[2].Attributes, attrsMixed) ||
			spans[2].ID != idlib.ID {
			t.Errorf("Set's spans = %+v; want the attributes PutSet was given, in canonical order", spans)
		}
		_, err = tx.PutSet(ctx, doc, "bob", app.ImportSet{Status: model.StatusDone},
			[]model.Span{{Start: 0, End: 5, Label: "ACTOR", Attributes: model.Attributes{{Name: "two words"}}}})
		wantCode(t, "PutSet of a span with an invalid attribute", err, model.EINVALID)
		return nil
	})
	got := attributesOf(t, st, doc, "alice")
	if !sameAttributes(got[[2]int{0, 5}], attrsKB) || got[[2]int{21, 27}] != nil || !sameAttributes(got[[2]int{63, 68}], attrsMixed) {
		t.Fatalf("the store reads the imported spans as %+v", got)
	}
}

// testMergeAttributes checks that ReplaceSet stores the spans'
// attributes, and that replacing a set again replaces them.
func testMergeAttributes(t *testing.T, open OpenMerge) {
	st, ids := open(t)
	doc := ids[0]
	putin := model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: attrsKB}
	moscow := model.Span{Start: 21, End: 27, Label: "PLACE", Attributes: attrsMixed}
	set := app.ImportSet{Status: model.StatusDone, Created: mergeHour, Updated: mergeHour}
	mergeUnit(t, st, func(ctx context.Context, tx app.MergeTx) error {
		_, _, err := tx.ReplaceSet(ctx, doc, "anna", set, []model.Span{putin, moscow},
			[]app.ImportRelation{{From: putin, To: moscow, Label: model.DefaultRelationLabels()[0].Name}})
		return err
	})
	got := attributesOf(t, st, doc, "anna")
	if !sameAttributes(got[[2]int{0, 5}], attrsKB) || !sameAttributes(got[[2]int{21, 27}], attrsMixed) {
		t.Fatalf("after ReplaceSet the set holds %+v", got)
	}
	putin.Attributes = nil
	moscow.Attributes = attrsKB
	mergeUnit(t, st, func(ctx context.Context, tx app.MergeTx) error {
		_, _, err := tx.ReplaceSet(ctx, doc, "anna", set, []model.Span{putin, moscow}, nil)
		return err
	})
	got = attributesOf(t, st, doc, "anna")
	if got[[2]int{0, 5}] != nil || !sameAttributes(got[[2]int{21, 27}], attrsKB) {
		t.Fatalf("after a second ReplaceSet the set holds %+v", got)
	}
}

// testExportAttributes checks that Export gives each span its own
// attributes: one without any, after one with, has none.
func testExportAttributes(t *testing.T, open OpenExport) {
	ctx := context.Background()
	st, ids := open(t)
	err := st.Write(ctx, func(tx app.WriteTx) error {
		for _, s := range []model.Span{
			{Start: 0, End: 5, Label: "ACTOR", Attributes: attrsKB},
			{Start: 10, End: 17, Label: "ACTOR"},
			{Start: 21, End: 27, Label: "PLACE", Attributes: attrsMixed},
		} {
			if _, err := tx.AddSpan(ctx, ids[0], "alice", s); err != nil {
				return err
			}
		}
		_, err := tx.AddSpan(ctx, ids[1], "alice", model.Span{Start: 0, End: 5, Label: "FIGURE"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []model.Attributes
	err = st.Export(ctx, app.ExportQuery{}, func(a *formats.Annotation) error {
		for _, s := range a.Spans {
			got = append(got, s.Attributes)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || !sameAttributes(got[0], attrsKB) || got[1] != nil || !sameAttributes(got[2], attrsMixed) || got[3] != nil {
		t.Fatalf("Export gave the spans attributes %+v", got)
	}
}

// testAttributesInUse checks the names and chosen values the project's
// spans carry, as the span panel offers them: every annotator's, sorted,
// typed text and flags giving no value, a transaction seeing its own
// change, a name with too many values cut at model.MaxAttributeValues,
// and a name no span carries any more gone.
func testAttributesInUse(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	doc := ids[0] // "Putin met Erdogan in Moscow on Thursday. Dozens were killed in Idlib."
	inUse := func() []model.AttributeUse {
		t.Helper()
		var got []model.AttributeUse
		if err := st.Read(ctx, func(tx app.ReadTx) (err error) { got, err = tx.AttributesInUse(ctx); return err }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := inUse(); len(got) != 0 {
		t.Fatalf("AttributesInUse on a project without attributes = %+v, want none", got)
	}
	var many model.Span
	err := st.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: attrsKB}); err != nil {
			return err
		}
		if _, err := tx.AddSpan(ctx, doc, "bob", model.Span{Start: 10, End: 17, Label: "ACTOR", Attributes: attrsMixed}); err != nil {
			return err
		}
		if _, err := tx.AddSpan(ctx, doc, "bob", model.Span{Start: 21, End: 27, Label: "PLACE"}); err != nil {
			return err
		}
		// The write sees its own span.
		peace := model.Attributes{{Name: "Topic", Value: "peace"}}
		if _, err := tx.AddSpan(ctx, doc, model.GoldAnnotator, model.Span{Start: 63, End: 68, Label: "PLACE", Attributes: peace}); err != nil {
			return err
		}
		got, err := tx.AddSpan(ctx, doc, "carol", model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: manyValues()})
		many = got
		if err != nil {
			return err
		}
		uses, err := tx.AttributesInUse(ctx)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(uses, func(u model.AttributeUse) bool { return u.Name == "Topic" }); i < 0 ||
			!slices.Equal(uses[i].Values, []string{"diplomacy", "peace", "war"}) {
			t.Errorf("AttributesInUse in the writing transaction = %+v; want Topic with diplomacy, peace, war", uses)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := inUse()
	want := []model.AttributeUse{
		{Name: "Negated"},
		{Name: "Topic", Values: []string{"diplomacy", "peace", "war"}},
		{Name: "comment"},
		{Name: "kb_id", Values: []string{"Q7747"}},
		{Name: "many", Values: manyValues()[:model.MaxAttributeValues].Values("many"), More: true},
	}
	if !sameUses(got, want) {
		t.Fatalf("AttributesInUse = %+v\nwant %+v", got, want)
	}
	// Once no span carries a name, it is no longer offered.
	many.Attributes = nil
	if err := st.Write(ctx, func(tx app.WriteTx) error { _, err := tx.UpdateSpan(ctx, many); return err }); err != nil {
		t.Fatal(err)
	}
	if got := inUse(); !sameUses(got, want[:4]) {
		t.Fatalf("AttributesInUse after the last \"many\" went = %+v\nwant %+v", got, want[:4])
	}
}

// manyValues is one more value of "many" than AttributesInUse lists, in
// sorted order.
func manyValues() model.Attributes {
	var as model.Attributes
	for i := range model.MaxAttributeValues + 1 {
		as = append(as, model.Attribute{Name: "many", Value: fmt.Sprintf("v%03d", i)})
	}
	return as
}

func sameUses(got, want []model.AttributeUse) bool {
	return slices.EqualFunc(got, want, func(a, b model.AttributeUse) bool {
		return a.Name == b.Name && a.More == b.More && slices.Equal(a.Values, b.Values)
	})
}
