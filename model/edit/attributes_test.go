package edit_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

var (
	kbQ1    = model.Attribute{Name: model.AttributeKB, Value: "Q1"}
	negated = model.Attribute{Name: "Negated"}
	comment = model.Attribute{Name: "comment", Value: "first line\nsecond line", Text: true}
)

func TestChangeAttribute(t *testing.T) {
	has := model.Attributes{negated, kbQ1, comment}
	model.SortAttributes(has)
	kept := append(model.Attributes(nil), has...)
	for _, tc := range []struct {
		name     string
		old, new model.Attribute
		want     model.Attributes
		code     string
	}{
		{"add", model.Attribute{}, model.Attribute{Name: "Topic", Value: " war "}, model.Attributes{negated, {Name: "Topic", Value: "war"}, comment, kbQ1}, ""},
		{"add a flag", model.Attribute{}, model.Attribute{Name: " Speculated "}, model.Attributes{negated, {Name: "Speculated"}, comment, kbQ1}, ""},
		{"change a value", kbQ1, model.Attribute{Name: model.AttributeKB, Value: "Q2"}, model.Attributes{negated, comment, {Name: model.AttributeKB, Value: "Q2"}}, ""},
		// Typed text stays typed text, its spaces and line breaks kept.
		{"change a text", comment, model.Attribute{Name: "comment", Value: " one\ntwo "}, model.Attributes{negated, {Name: "comment", Value: " one\ntwo ", Text: true}, kbQ1}, ""},
		{"rename", negated, model.Attribute{Name: "Negation"}, model.Attributes{{Name: "Negation"}, comment, kbQ1}, ""},
		{"remove", kbQ1, model.Attribute{}, model.Attributes{negated, comment}, ""},
		{"gone meanwhile", model.Attribute{Name: model.AttributeKB, Value: "Q9"}, model.Attribute{}, nil, model.ENOTFOUND},
		{"a name with a space", model.Attribute{}, model.Attribute{Name: "two words", Value: "x"}, nil, model.EINVALID},
		{"a value beside a flag", model.Attribute{}, model.Attribute{Name: "Negated", Value: "yes"}, nil, model.EINVALID},
		{"the same value twice", model.Attribute{}, model.Attribute{Name: model.AttributeKB, Value: "Q1"}, nil, model.EINVALID},
		{"a line break in a chosen value", model.Attribute{}, model.Attribute{Name: "Topic", Value: "a\nb"}, nil, model.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := edit.ChangeAttribute(has, tc.old, tc.new)
			if model.ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
				t.Fatalf("ChangeAttribute = %+v, %v; want code %q", got, err, tc.code)
			}
			if tc.code == "" && !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ChangeAttribute = %+v, want %+v", got, tc.want)
			}
			if !reflect.DeepEqual(has, kept) {
				t.Fatalf("ChangeAttribute changed its argument to %+v", has)
			}
		})
	}
	// Removing the last one leaves none, nil as a span without any has.
	if got, err := edit.ChangeAttribute(model.Attributes{kbQ1}, kbQ1, model.Attribute{}); err != nil || got != nil {
		t.Fatalf("removing the last attribute = %#v, %v; want nil", got, err)
	}
}

func TestAttributeWords(t *testing.T) {
	for _, tc := range []struct {
		a    model.Attribute
		want string
	}{
		{kbQ1, "kb_id = Q1"},
		{negated, "Negated"},
		{comment, "comment: first line second line"},
		{model.Attribute{Name: "comment", Value: strings.Repeat("long ", 10), Text: true}, "comment: long long long long long long…"},
	} {
		if got := edit.AttributeWords(tc.a); got != tc.want {
			t.Errorf("AttributeWords(%+v) = %q, want %q", tc.a, got, tc.want)
		}
	}
}

func TestDescribeAttributes(t *testing.T) {
	putin := spanOn(t, "s1", "d1", "Putin", "ACTOR")
	with := func(as ...model.Attribute) model.Span {
		s := putin
		s.Attributes = as
		model.SortAttributes(s.Attributes)
		return s
	}
	relabeled := with(kbQ1)
	relabeled.Label = "PLACE"
	for _, tc := range []struct {
		before, after model.Span
		want          string
	}{
		{putin, with(kbQ1), "set kb_id = Q1 on ACTOR “Putin”"},
		{with(kbQ1), with(model.Attribute{Name: model.AttributeKB, Value: "Q2"}), "set kb_id = Q2 on ACTOR “Putin”"},
		{with(kbQ1), with(kbQ1, negated), "set Negated on ACTOR “Putin”"},
		{with(kbQ1), with(kbQ1, comment), "set comment on ACTOR “Putin”"},
		{with(kbQ1, negated), with(negated), "remove kb_id from ACTOR “Putin”"},
		{with(model.Attribute{Name: "Topic", Value: "war"}), with(model.Attribute{Name: "Topic", Value: "war"}, model.Attribute{Name: "Topic", Value: "oil"}), "set Topic on ACTOR “Putin”"},
		{putin, with(kbQ1, negated), "edit attributes on ACTOR “Putin”"},
		// An attribute edit with another change is an edit of the span.
		{putin, relabeled, "edit PLACE “Putin”"},
	} {
		if got := edit.UpdateSpan("d1", alice, tc.before, tc.after, "Putin").Describe(); got != tc.want {
			t.Errorf("Describe() = %q, want %q", got, tc.want)
		}
	}
}

// An edit of the attributes is one undo step, which undo and redo restore
// exactly, and which does not join the note typed before it.
func TestAttributeEditUndoRedo(t *testing.T) {
	putin := spanOn(t, "s1", "d1", "Putin", "ACTOR")
	putin.Attributes = model.Attributes{kbQ1}
	f := newFake()
	f.seed(t, "d1", alice, model.StatusInProgress, putin)
	h := edit.NewHistory(f, 0)
	clock := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	h.Now = func() time.Time { return clock }

	before := f.span(t, "s1")
	noted := before
	noted.Note = "n"
	mustDo(t, h, edit.UpdateSpan("d1", alice, before, noted, "Putin"))
	clock = clock.Add(time.Second) // within the window that joins typing
	attrs, err := edit.ChangeAttribute(noted.Attributes, kbQ1, model.Attribute{Name: model.AttributeKB, Value: "Q2"})
	if err != nil {
		t.Fatal(err)
	}
	attrs, err = edit.ChangeAttribute(attrs, model.Attribute{}, comment)
	if err != nil {
		t.Fatal(err)
	}
	changed := noted
	changed.Attributes = attrs
	mustDo(t, h, edit.UpdateSpan("d1", alice, noted, changed, "Putin"))
	checkStack(t, h, "edit attributes on ACTOR “Putin”", "")

	mustUndo(t, h)
	if got := f.span(t, "s1"); !reflect.DeepEqual(got.Attributes, model.Attributes{kbQ1}) || got.Note != "n" {
		t.Fatalf("after undo the span holds %+v, note %q; want the attributes as before and the note kept", got.Attributes, got.Note)
	}
	mustRedo(t, h)
	if got := f.span(t, "s1"); !reflect.DeepEqual(got.Attributes, attrs) {
		t.Fatalf("after redo the span holds %+v, want %+v", got.Attributes, attrs)
	}
	mustUndo(t, h)
	mustUndo(t, h)
	if got := f.span(t, "s1"); !reflect.DeepEqual(got.Attributes, model.Attributes{kbQ1}) || got.Note != "" {
		t.Fatalf("after undoing both the span holds %+v, note %q", got.Attributes, got.Note)
	}
}
