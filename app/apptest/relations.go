package apptest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// The relations part of the suite. In Texts[0], Putin is [0, 5), Erdogan
// [10, 17), Moscow [21, 27), Dozens [41, 47) and Idlib [63, 68).

// relSpans are alice's Putin, Erdogan, Moscow, Dozens and Idlib on the
// first document, bob's Putin there, and alice's "Close to a million" on
// the second.
type relSpans struct {
	doc, doc2                             string
	putin, erdogan, moscow, dozens, idlib model.Span
	bobPutin, million                     model.Span
}

func addRelSpans(t *testing.T, st app.Store, ids []string) relSpans {
	t.Helper()
	ctx := context.Background()
	s := relSpans{doc: ids[0], doc2: ids[1]}
	err := st.Write(ctx, func(tx app.WriteTx) error {
		for _, a := range []struct {
			to       *model.Span
			doc, ann string
			at       [2]int
			label    string
		}{
			{&s.putin, ids[0], "alice", [2]int{0, 5}, "ACTOR"},
			{&s.erdogan, ids[0], "alice", [2]int{10, 17}, "ACTOR"},
			{&s.moscow, ids[0], "alice", [2]int{21, 27}, "PLACE"},
			{&s.dozens, ids[0], "alice", [2]int{41, 47}, "FIGURE"},
			{&s.idlib, ids[0], "alice", [2]int{63, 68}, "PLACE"},
			{&s.bobPutin, ids[0], "bob", [2]int{0, 5}, "ACTOR"},
			{&s.million, ids[1], "alice", [2]int{0, 18}, "FIGURE"},
		} {
			var err error
			if *a.to, err = tx.AddSpan(ctx, a.doc, a.ann, model.Span{Start: a.at[0], End: a.at[1], Label: a.label}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// readRelations returns the annotator's relations on doc from a snapshot.
func readRelations(t *testing.T, st app.Store, doc, annotator string) []model.Relation {
	t.Helper()
	var rels []model.Relation
	if err := st.Read(context.Background(), func(tx app.ReadTx) error {
		var err error
		rels, err = tx.Relations(context.Background(), doc, annotator)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return rels
}

// describe lists relations as "FROM-LABEL->TO" with the spans' offsets.
func describe(rels []model.Relation, spans ...model.Span) string {
	name := map[string]string{}
	for _, s := range spans {
		name[s.ID] = fmt.Sprint(s.Start)
	}
	out := ""
	for _, r := range rels {
		out += name[r.From] + "-" + r.Label + "->" + name[r.To] + " "
	}
	return out
}

// testRelations checks adding, reading, changing and deleting relations,
// inside a write and after it, and their order.
func testRelations(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	s := addRelSpans(t, st, ids)
	all := []model.Span{s.putin, s.erdogan, s.moscow, s.dozens, s.idlib}
	const keptID = "0190f5b2-0000-7000-8000-00000000c001"
	var first, kept model.Relation
	err := st.Write(ctx, func(tx app.WriteTx) error {
		var err error
		if first, err = tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.putin.ID, To: s.moscow.ID, Label: "ACTS_IN", Note: "a visit"}); err != nil {
			return err
		}
		if first.ID == "" || first.From != s.putin.ID || first.To != s.moscow.ID || first.Label != "ACTS_IN" || first.Note != "a visit" {
			t.Errorf("AddRelation = %+v, want the relation with an ID", first)
		}
		if first.Created.IsZero() || !first.Created.Equal(first.Updated) {
			t.Errorf("AddRelation's times: %v, %v; want the transaction's", first.Created, first.Updated)
		}
		// An ID given is kept: that is how redo brings back the same relation.
		if kept, err = tx.AddRelation(ctx, s.doc, "alice", model.Relation{ID: keptID, From: s.dozens.ID, To: s.erdogan.ID, Label: "COUNTS"}); err != nil {
			return err
		}
		if kept.ID != keptID || !kept.Created.Equal(first.Created) {
			t.Errorf("AddRelation with an ID = %+v, want ID %s and one timestamp for the transaction", kept, keptID)
		}
		for _, r := range []model.Relation{
			{From: s.putin.ID, To: s.erdogan.ID, Label: "SAME_AS"},
			{From: s.putin.ID, To: s.moscow.ID, Label: "TARGETS"},
			{From: s.moscow.ID, To: s.putin.ID, Label: "ACTS_IN"}, // the reverse of a directed one is another
			{From: s.erdogan.ID, To: s.idlib.ID, Label: "ACTS_IN"},
		} {
			if _, err := tx.AddRelation(ctx, s.doc, "alice", r); err != nil {
				return err
			}
		}
		rels, err := tx.Relations(ctx, s.doc, "alice")
		if err != nil {
			return err
		}
		// By the span each starts at, in text order, then the span it points
		// to, then the label.
		want := "0-SAME_AS->10 0-ACTS_IN->21 0-TARGETS->21 10-ACTS_IN->63 21-ACTS_IN->0 41-COUNTS->10 "
		if got := describe(rels, all...); got != want {
			t.Errorf("Relations inside the write = %s, want %s", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	rels := readRelations(t, st, s.doc, "alice")
	if got, want := describe(rels, all...), "0-SAME_AS->10 0-ACTS_IN->21 0-TARGETS->21 10-ACTS_IN->63 21-ACTS_IN->0 41-COUNTS->10 "; got != want {
		t.Errorf("Relations after the commit = %s, want %s", got, want)
	}
	if got := rels[1]; got.ID != first.ID || got.Note != "a visit" || !got.Created.Equal(first.Created) {
		t.Errorf("stored relation = %+v, want %+v", got, first)
	}
	for _, who := range [][2]string{{s.doc, "bob"}, {s.doc2, "alice"}, {ids[2], "alice"}, {"0190f5b2-0000-7000-8000-0000000000ff", "alice"}} {
		if rels := readRelations(t, st, who[0], who[1]); len(rels) != 0 {
			t.Errorf("Relations of %s on %s = %+v, want none", who[1], who[0], rels)
		}
	}

	err = st.Write(ctx, func(tx app.WriteTx) error {
		changed := first
		changed.Label, changed.Note = "TARGETS", "shelling"
		changed.From, changed.To = "", "" // not read: a relation keeps its spans
		if _, err := tx.UpdateRelation(ctx, changed); model.ErrorCode(err) != model.ECONFLICT {
			t.Errorf("relabeling onto an existing relation: %v, want ECONFLICT", err)
		}
		changed.Label = "ACTS_IN"
		got, err := tx.UpdateRelation(ctx, changed)
		if err != nil {
			return err
		}
		if got.ID != first.ID || got.From != s.putin.ID || got.To != s.moscow.ID || got.Note != "shelling" || !got.Created.Equal(first.Created) {
			t.Errorf("UpdateRelation = %+v, want the note changed and the spans and creation kept", got)
		}
		relabeled := kept
		relabeled.Label = "TARGETS"
		if _, err := tx.UpdateRelation(ctx, relabeled); err != nil {
			return err
		}
		return tx.DeleteRelation(ctx, rels[0].ID) // Putin SAME_AS Erdogan
	})
	if err != nil {
		t.Fatalf("second Write: %v", err)
	}
	rels = readRelations(t, st, s.doc, "alice")
	if got, want := describe(rels, all...), "0-ACTS_IN->21 0-TARGETS->21 10-ACTS_IN->63 21-ACTS_IN->0 41-TARGETS->10 "; got != want {
		t.Errorf("Relations after the changes = %s, want %s", got, want)
	}
	if rels[0].Note != "shelling" || rels[0].Updated.Before(rels[0].Created) {
		t.Errorf("updated relation = %+v", rels[0])
	}
}

// testRelationErrors checks the error code of every refusal the contract
// names for relations, and that a refused operation changed nothing.
func testRelationErrors(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	s := addRelSpans(t, st, ids)
	const unknown = "0190f5b2-0000-7000-8000-0000000000fe"
	var existing, same model.Relation
	if err := st.Write(ctx, func(tx app.WriteTx) error {
		var err error
		if existing, err = tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.putin.ID, To: s.moscow.ID, Label: "ACTS_IN"}); err != nil {
			return err
		}
		same, err = tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.putin.ID, To: s.erdogan.ID, Label: "SAME_AS"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	add := func(doc, ann string, r model.Relation) func(tx app.WriteTx) error {
		return func(tx app.WriteTx) error {
			_, err := tx.AddRelation(ctx, doc, ann, r)
			return err
		}
	}
	update := func(r model.Relation) func(tx app.WriteTx) error {
		return func(tx app.WriteTx) error {
			_, err := tx.UpdateRelation(ctx, r)
			return err
		}
	}
	with := func(r model.Relation, change func(*model.Relation)) model.Relation {
		change(&r)
		return r
	}
	cases := []struct {
		name string
		code string
		op   func(tx app.WriteTx) error
	}{
		{"AddUnknownDocument", model.ENOTFOUND, add(unknown, "alice", model.Relation{From: s.putin.ID, To: s.moscow.ID, Label: "TARGETS"})},
		{"AddMissingSpan", model.ENOTFOUND, add(s.doc, "alice", model.Relation{From: s.putin.ID, To: unknown, Label: "TARGETS"})},
		{"AddMissingFromSpan", model.ENOTFOUND, add(s.doc, "alice", model.Relation{From: unknown, To: s.putin.ID, Label: "TARGETS"})},
		{"AddOtherAnnotatorsSpan", model.EINVALID, add(s.doc, "alice", model.Relation{From: s.putin.ID, To: s.bobPutin.ID, Label: "SAME_AS"})},
		{"AddOtherDocumentsSpan", model.EINVALID, add(s.doc, "alice", model.Relation{From: s.dozens.ID, To: s.million.ID, Label: "SAME_AS"})},
		{"AddSpansOfAnotherAnnotator", model.EINVALID, add(s.doc, "carol", model.Relation{From: s.putin.ID, To: s.moscow.ID, Label: "TARGETS"})},
		{"AddUnknownLabel", model.EINVALID, add(s.doc, "alice", model.Relation{From: s.putin.ID, To: s.moscow.ID, Label: "LOVES"})},
		{"AddNoLabel", model.EINVALID, add(s.doc, "alice", model.Relation{From: s.putin.ID, To: s.moscow.ID})},
		{"AddItself", model.EINVALID, add(s.doc, "alice", model.Relation{From: s.putin.ID, To: s.putin.ID, Label: "SAME_AS"})},
		{"AddDuplicate", model.ECONFLICT, add(s.doc, "alice", model.Relation{From: s.putin.ID, To: s.moscow.ID, Label: "ACTS_IN"})},
		{"AddSymmetricReverse", model.ECONFLICT, add(s.doc, "alice", model.Relation{From: s.erdogan.ID, To: s.putin.ID, Label: "SAME_AS"})},
		{"AddTakenID", model.ECONFLICT, add(s.doc, "alice", model.Relation{ID: existing.ID, From: s.dozens.ID, To: s.erdogan.ID, Label: "COUNTS"})},
		{"UpdateUnknown", model.ENOTFOUND, update(model.Relation{ID: unknown, Label: "ACTS_IN"})},
		{"UpdateUnknownLabel", model.EINVALID, update(with(existing, func(r *model.Relation) { r.Label = "LOVES" }))},
		{"UpdateOtherSpans", model.EINVALID, update(with(existing, func(r *model.Relation) { r.To = s.idlib.ID }))},
		{"UpdateIntoSymmetricReverse", model.ECONFLICT, func(tx app.WriteTx) error {
			// Erdogan SAME_AS Putin exists as Putin SAME_AS Erdogan.
			r, err := tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.erdogan.ID, To: s.putin.ID, Label: "TARGETS"})
			if err != nil {
				return fmt.Errorf("setting up: %w", err) // EINTERNAL: the case fails
			}
			r.Label = "SAME_AS"
			_, err = tx.UpdateRelation(ctx, r)
			return err
		}},
		{"DeleteUnknown", model.ENOTFOUND, func(tx app.WriteTx) error { return tx.DeleteRelation(ctx, unknown) }},
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
	rels := readRelations(t, st, s.doc, "alice")
	if len(rels) != 2 || rels[0].ID != same.ID || rels[1].ID != existing.ID {
		t.Errorf("after the refusals the relations are %+v, want only the two made first", rels)
	}
	if rels := readRelations(t, st, s.doc, "carol"); len(rels) != 0 {
		t.Errorf("carol has relations after a refusal: %+v", rels)
	}
}

// testRelationCascade checks that deleting a span deletes its relations,
// in the write (its reads see it) and after, whichever operation deletes
// it, and that a write that fails leaves relations as they were.
func testRelationCascade(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	s := addRelSpans(t, st, ids)
	relate := func(tx app.WriteTx) error {
		for _, r := range []model.Relation{
			{From: s.putin.ID, To: s.moscow.ID, Label: "ACTS_IN"},
			{From: s.dozens.ID, To: s.putin.ID, Label: "COUNTS"},
			{From: s.erdogan.ID, To: s.idlib.ID, Label: "ACTS_IN"},
			{From: s.moscow.ID, To: s.idlib.ID, Label: "SAME_AS"},
		} {
			if _, err := tx.AddRelation(ctx, s.doc, "alice", r); err != nil {
				return err
			}
		}
		return nil
	}
	if err := st.Write(ctx, relate); err != nil {
		t.Fatal(err)
	}
	all := []model.Span{s.putin, s.erdogan, s.moscow, s.dozens, s.idlib}
	const full = "0-ACTS_IN->21 10-ACTS_IN->63 21-SAME_AS->63 41-COUNTS->0 "

	// A write that fails, or panics, after deleting a span and a relation
	// leaves both.
	stop := errors.New("stop")
	err := st.Write(ctx, func(tx app.WriteTx) error {
		if err := tx.DeleteSpan(ctx, s.putin.ID); err != nil {
			return err
		}
		rels, err := tx.Relations(ctx, s.doc, "alice")
		if err != nil {
			return err
		}
		if got, want := describe(rels, all...), "10-ACTS_IN->63 21-SAME_AS->63 "; got != want {
			t.Errorf("Relations in the write after deleting Putin = %s, want %s", got, want)
		}
		if err := tx.DeleteRelation(ctx, rels[0].ID); err != nil {
			return err
		}
		if _, err := tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.dozens.ID, To: s.erdogan.ID, Label: "COUNTS"}); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Write = %v, want fn's error", err)
	}
	if got := describe(readRelations(t, st, s.doc, "alice"), all...); got != full {
		t.Errorf("after a rolled back write the relations are %s, want %s", got, full)
	}

	// Each way a span goes takes its relations: Moscow (two relations) by
	// DeleteLabeledSpans, then Idlib by DeleteSpan, then Putin as an
	// accepted suggestion taken back.
	steps := []struct {
		name string
		op   func(tx app.WriteTx) error
		want string
	}{
		{"DeleteLabeledSpans", func(tx app.WriteTx) error {
			return tx.DeleteLabeledSpans(ctx, "alice", []model.LabeledSpan{{DocumentID: s.doc, Span: s.moscow}})
		}, "10-ACTS_IN->63 41-COUNTS->0 "},
		{"DeleteSpan", func(tx app.WriteTx) error { return tx.DeleteSpan(ctx, s.idlib.ID) }, "41-COUNTS->0 "},
		{"UnacceptSuggestions", func(tx app.WriteTx) error {
			return tx.UnacceptSuggestions(ctx, s.doc, "alice", []model.Suggestion{{ID: s.putin.ID, Start: 0, End: 5, Label: "ACTOR", Source: model.SourceDictionary}})
		}, ""},
	}
	for _, step := range steps {
		err := st.Write(ctx, func(tx app.WriteTx) error {
			if err := step.op(tx); err != nil {
				return err
			}
			rels, err := tx.Relations(ctx, s.doc, "alice")
			if got := describe(rels, all...); err == nil && got != step.want {
				t.Errorf("%s: Relations in the write = %s, want %s", step.name, got, step.want)
			}
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got := describe(readRelations(t, st, s.doc, "alice"), all...); got != step.want {
			t.Errorf("%s: Relations after = %s, want %s", step.name, got, step.want)
		}
	}
}

// testRelationLabels checks the relation label set: the defaults, a
// replacement with a rename (the relations follow) and its refusals.
func testRelationLabels(t *testing.T, open Open) {
	ctx := context.Background()
	st, ids := open(t)
	s := addRelSpans(t, st, ids)
	read := func() []model.RelationLabel {
		t.Helper()
		var labels []model.RelationLabel
		if err := st.Read(ctx, func(tx app.ReadTx) error {
			var err error
			labels, err = tx.RelationLabels(ctx)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return labels
	}
	if got := read(); !reflect.DeepEqual(got, model.DefaultRelationLabels()) {
		t.Fatalf("RelationLabels = %+v, want model.DefaultRelationLabels()", got)
	}
	write := func(rename map[string]string, labels ...model.RelationLabel) error {
		return st.Write(ctx, func(tx app.WriteTx) error {
			if err := tx.SetRelationLabels(ctx, rename, labels); err != nil {
				return err
			}
			// The transaction sees its own change, and relations use it.
			got, err := tx.RelationLabels(ctx)
			if err == nil && len(got) < len(labels) {
				t.Errorf("RelationLabels in the write = %+v, want the new set", got)
			}
			return err
		})
	}
	if err := st.Write(ctx, func(tx app.WriteTx) error {
		_, err := tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.putin.ID, To: s.moscow.ID, Label: "ACTS_IN"})
		if err != nil {
			return err
		}
		_, err = tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.moscow.ID, To: s.putin.ID, Label: "TARGETS"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	located := model.DefaultRelationLabels()[0]
	located.Name, located.Description = "LOCATED_IN", "Where an ACTOR is."
	flees := model.RelationLabel{Label: model.Label{Name: "FLEES_TO", Color: "#00aa00", Key: "f"}}
	if err := write(map[string]string{"ACTS_IN": "LOCATED_IN"}, flees, located); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range read() {
		names = append(names, l.Name)
	}
	if got, want := fmt.Sprint(names), "[FLEES_TO LOCATED_IN TARGETS COUNTS SAME_AS]"; got != want {
		t.Errorf("RelationLabels after the change = %s, want %s", got, want)
	}
	if rels := readRelations(t, st, s.doc, "alice"); len(rels) != 2 || rels[0].Label != "LOCATED_IN" {
		t.Errorf("relations after the rename = %+v, want Putin's LOCATED_IN Moscow first", rels)
	}
	err := st.Write(ctx, func(tx app.WriteTx) error {
		_, err := tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.putin.ID, To: s.idlib.ID, Label: "FLEES_TO"})
		return err
	})
	if err != nil {
		t.Errorf("a relation with a new label: %v", err)
	}
	// TARGETS joins Putin and Moscow both ways (with LOCATED_IN one way):
	// add the other way, and it cannot become symmetric.
	if err := st.Write(ctx, func(tx app.WriteTx) error {
		_, err := tx.AddRelation(ctx, s.doc, "alice", model.Relation{From: s.putin.ID, To: s.moscow.ID, Label: "TARGETS"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	symmetric := model.DefaultRelationLabels()[1]
	symmetric.Symmetric = true
	before := read()
	for _, c := range []struct {
		name   string
		rename map[string]string
		labels []model.RelationLabel
		code   string
	}{
		{"UnknownRename", map[string]string{"NOPE": "YES"}, nil, model.ENOTFOUND},
		{"BadColour", nil, []model.RelationLabel{{Label: model.Label{Name: "X", Color: "green"}}}, model.EINVALID},
		{"NameTwice", map[string]string{"FLEES_TO": "SAME_AS"}, []model.RelationLabel{{Label: model.Label{Name: "SAME_AS", Color: "#000000"}}}, model.ECONFLICT},
		{"KeyTwice", nil, []model.RelationLabel{{Label: model.Label{Name: "X", Color: "#000000", Key: "c"}}}, model.ECONFLICT},
		{"SymmetricBothWays", nil, []model.RelationLabel{symmetric}, model.ECONFLICT},
	} {
		if err := write(c.rename, c.labels...); model.ErrorCode(err) != c.code {
			t.Errorf("%s: SetRelationLabels = %v, want code %q", c.name, err, c.code)
		}
	}
	if after := read(); !reflect.DeepEqual(after, before) {
		t.Errorf("refused changes changed the relation labels to %+v", after)
	}
}
