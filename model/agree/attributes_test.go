package agree_test

import (
	"reflect"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
)

func TestAttributesOfAMark(t *testing.T) {
	kb := model.Attribute{Name: model.AttributeKB, Value: "Q7747"}
	negated := model.Attribute{Name: "Negated"}
	putin := func(as ...model.Attribute) model.Span {
		return model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: as}
	}
	moscow := model.Span{Start: 21, End: 27, Label: "PLACE"}
	sets := map[string][]model.Span{
		"anna":  {putin(kb, negated), moscow},
		"ben":   {putin(negated, kb)},
		"carla": {putin(kb)},
		"dan":   {moscow},
	}
	marks := agree.Compare(sets)
	if len(marks) != 2 {
		t.Fatalf("marks = %+v", marks)
	}
	// What all three who made Putin gave it: kb_id, not Negated.
	if got := agree.Attributes(sets, marks[0]); !reflect.DeepEqual(got, model.Attributes{kb}) {
		t.Fatalf("Attributes of Putin = %+v, want kb_id alone", got)
	}
	if got := agree.Attributes(sets, marks[1]); got != nil {
		t.Fatalf("Attributes of Moscow = %#v, want nil", got)
	}
	// One annotator's span gives gold all of its attributes, in order.
	one := map[string][]model.Span{"anna": {putin(kb, negated)}}
	if got := agree.Attributes(one, agree.Compare(one)[0]); !reflect.DeepEqual(got, model.Attributes{negated, kb}) {
		t.Fatalf("Attributes of one annotator's span = %+v", got)
	}
}
