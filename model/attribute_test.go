package model_test

import (
	"testing"

	"github.com/inkspan/inkspan/model"
)

func TestAttributesValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		as   model.Attributes
		ok   bool
	}{
		{"none", nil, true},
		{"a flag", model.Attributes{{Name: "Negated"}}, true},
		{"multiple choice", model.Attributes{{Name: "sentiment", Value: "Positive"}, {Name: "sentiment", Value: "Hopeful"}}, true},
		{"text with a line break", model.Attributes{{Name: "comment", Value: "two\nlines", Text: true}}, true},
		{"no name", model.Attributes{{Value: "x"}}, false},
		{"space in the name", model.Attributes{{Name: "kb id", Value: "Q1"}}, false},
		{"tab in the name", model.Attributes{{Name: "kb\tid", Value: "Q1"}}, false},
		{"chosen value with a line break", model.Attributes{{Name: "sentiment", Value: "a\nb"}}, false},
		{"the same value twice", model.Attributes{{Name: "kb_id", Value: "Q1"}, {Name: "kb_id", Value: "Q1"}}, false},
		{"a flag and a value", model.Attributes{{Name: "Negated"}, {Name: "Negated", Value: "yes"}}, false},
	} {
		err := tc.as.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v, want ok %v", tc.name, err, tc.ok)
		}
		if err != nil && model.ErrorCode(err) != model.EINVALID {
			t.Errorf("%s: code %s, want EINVALID", tc.name, model.ErrorCode(err))
		}
	}
}

func TestAttributesSetAndRead(t *testing.T) {
	as := model.Attributes{{Name: "kb_id", Value: "Q42"}}
	as = as.Set("sentiment", false, "Positive", "Hopeful")
	if got := as.Values("sentiment"); len(got) != 2 || got[0] != "Hopeful" || got[1] != "Positive" {
		t.Fatalf("Values(sentiment) = %q, want [Hopeful Positive] in canonical order", got)
	}
	if v, ok := as.Value(model.AttributeKB); !ok || v != "Q42" {
		t.Fatalf("Value(kb_id) = %q, %v; want Q42, true", v, ok)
	}
	if got := as.Names(); len(got) != 2 || got[0] != "kb_id" || got[1] != "sentiment" {
		t.Fatalf("Names() = %q", got)
	}
	cleared := as.Set("sentiment", false)
	if !cleared.Equal(model.Attributes{{Name: "kb_id", Value: "Q42"}}) {
		t.Fatalf("after clearing sentiment: %+v", cleared)
	}
	if len(as) != 3 {
		t.Fatalf("Set changed its receiver: %+v", as)
	}
	if as.Set("kb_id", false).Set("sentiment", false) != nil {
		t.Fatal("removing every name should leave nil")
	}
}

func TestSpanEqualComparesAttributesInAnyOrder(t *testing.T) {
	a := model.Span{ID: "1", Start: 0, End: 5, Label: "ACTOR",
		Attributes: model.Attributes{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}}}
	b := a
	b.Attributes = model.Attributes{{Name: "b", Value: "2"}, {Name: "a", Value: "1"}}
	if !a.Equal(b) {
		t.Fatal("the same attributes in another order should be equal")
	}
	b.Attributes = b.Attributes[:1]
	if a.Equal(b) {
		t.Fatal("spans with different attributes compared equal")
	}
	a.Attributes = model.Attributes{{Name: "bad name", Value: "x"}}
	if err := a.Validate(10, nil); err == nil {
		t.Fatal("a span with a bad attribute validated")
	}
}
