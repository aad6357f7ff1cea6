package model_test

import (
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

func TestDefaultRelationLabelsAreValid(t *testing.T) {
	labels := model.DefaultRelationLabels()
	if err := model.ValidateRelationLabelSet(labels); err != nil {
		t.Fatal(err)
	}
	symmetric := 0
	for _, l := range labels {
		if l.Description == "" || l.Key == "" {
			t.Errorf("default relation label %s has no description or no key", l.Name)
		}
		if l.Symmetric {
			symmetric++
		}
	}
	if symmetric != 1 || !model.RelationNamesOf(labels)["SAME_AS"] {
		t.Errorf("want exactly one symmetric default, SAME_AS; got %+v", labels)
	}
}

func TestValidateRelationLabelSet(t *testing.T) {
	ok := model.RelationLabel{Label: model.Label{Name: "ACTS_IN", Color: "#000000", Key: "i"}}
	for _, tc := range []struct {
		name   string
		labels []model.RelationLabel
		code   string
		says   string
	}{
		{"empty name", []model.RelationLabel{{Label: model.Label{Color: "#000000"}}}, model.EINVALID, "relation label name required"},
		{"bad colour", []model.RelationLabel{{Label: model.Label{Name: "A", Color: "red"}}}, model.EINVALID, "colour"},
		{"hidden character", []model.RelationLabel{{Label: model.Label{Name: "A\u200bB", Color: "#000000"}}}, model.EINVALID, "U+200B"},
		{"two keys", []model.RelationLabel{{Label: model.Label{Name: "A", Color: "#000000", Key: "ab"}}}, model.EINVALID, "single character"},
		{"same name", []model.RelationLabel{ok, ok}, model.ECONFLICT, "ACTS_IN already exists"},
		{"same key", []model.RelationLabel{ok, {Label: model.Label{Name: "OTHER", Color: "#000000", Key: "i"}}}, model.ECONFLICT, "key i"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := model.ValidateRelationLabelSet(tc.labels)
			if model.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("ValidateRelationLabelSet = %v, want %s saying %q", err, tc.code, tc.says)
			}
		})
	}
	// Keys and names of span labels are another set's: a relation label may
	// reuse them.
	reuse := []model.RelationLabel{{Label: model.Label{Name: "ACTOR", Color: "#000000", Key: "1"}}}
	if err := model.ValidateRelationLabelSet(reuse); err != nil {
		t.Errorf("a relation label named like a span label: %v, want it valid", err)
	}
}

func TestRelationValidate(t *testing.T) {
	labels := model.RelationNamesOf(model.DefaultRelationLabels())
	good := model.Relation{From: "a", To: "b", Label: "ACTS_IN"}
	if err := good.Validate(labels); err != nil {
		t.Fatalf("Validate(%+v) = %v", good, err)
	}
	for name, r := range map[string]model.Relation{
		"no from":       {To: "b", Label: "ACTS_IN"},
		"no to":         {From: "a", Label: "ACTS_IN"},
		"itself":        {From: "a", To: "a", Label: "ACTS_IN"},
		"no label":      {From: "a", To: "b"},
		"unknown label": {From: "a", To: "b", Label: "LOVES"},
	} {
		if err := r.Validate(labels); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("%s: Validate = %v, want EINVALID", name, err)
		}
	}
	// Without the project's labels only the shape is checked.
	if err := (model.Relation{From: "a", To: "b", Label: "LOVES"}).Validate(nil); err != nil {
		t.Errorf("Validate(nil) of an unknown label = %v, want nil", err)
	}
}

func TestCheckRelation(t *testing.T) {
	labels := model.RelationNamesOf(model.DefaultRelationLabels())
	existing := []model.Relation{
		{ID: "r1", From: "putin", To: "moscow", Label: "ACTS_IN"},
		{ID: "r2", From: "putin", To: "president", Label: "SAME_AS"},
	}
	for _, tc := range []struct {
		name string
		r    model.Relation
		skip string
		code string
	}{
		{"same", model.Relation{From: "putin", To: "moscow", Label: "ACTS_IN"}, "", model.ECONFLICT},
		{"reverse of a directed label", model.Relation{From: "moscow", To: "putin", Label: "ACTS_IN"}, "", ""},
		{"reverse of a symmetric label", model.Relation{From: "president", To: "putin", Label: "SAME_AS"}, "", model.ECONFLICT},
		{"same spans, other label", model.Relation{From: "putin", To: "moscow", Label: "TARGETS"}, "", ""},
		{"itself, being changed", model.Relation{ID: "r1", From: "putin", To: "moscow", Label: "ACTS_IN"}, "r1", ""},
		{"relabeled onto another", model.Relation{ID: "r1", From: "putin", To: "president", Label: "SAME_AS"}, "r1", model.ECONFLICT},
	} {
		if err := model.CheckRelation(existing, tc.r, labels, tc.skip); model.ErrorCode(err) != tc.code {
			t.Errorf("%s: CheckRelation = %v, want code %q", tc.name, err, tc.code)
		}
	}
}

func TestSortRelations(t *testing.T) {
	spans := []model.Span{
		{ID: "moscow", Start: 21, End: 27, Label: "PLACE"},
		{ID: "putin", Start: 0, End: 5, Label: "ACTOR"},
		{ID: "erdogan", Start: 10, End: 17, Label: "ACTOR"},
	}
	relations := []model.Relation{
		{ID: "r4", From: "gone", To: "putin", Label: "SAME_AS"},
		{ID: "r3", From: "erdogan", To: "moscow", Label: "ACTS_IN"},
		{ID: "r2", From: "putin", To: "moscow", Label: "TARGETS"},
		{ID: "r1", From: "putin", To: "moscow", Label: "ACTS_IN"},
		{ID: "r0", From: "putin", To: "erdogan", Label: "SAME_AS"},
	}
	model.SortRelations(relations, spans)
	var ids []string
	for _, r := range relations {
		ids = append(ids, r.ID)
	}
	if got, want := strings.Join(ids, " "), "r0 r1 r2 r3 r4"; got != want {
		t.Errorf("SortRelations = %s, want %s (by from span, to span, label; unknown spans last)", got, want)
	}
}

func TestRelationTouches(t *testing.T) {
	r := model.Relation{From: "a", To: "b", Label: "X"}
	if !r.Touches(map[string]bool{"b": true}) || !r.Touches(map[string]bool{"a": true}) || r.Touches(map[string]bool{"c": true}) {
		t.Error("Touches must be true exactly for the relation's two spans")
	}
}
