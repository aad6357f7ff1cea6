package edit

import (
	"slices"
	"testing"

	"github.com/inkspan/inkspan/model"
)

func TestMatchWords(t *testing.T) {
	options := []string{"Negated", "Speculated", "kb_id", "negation_cue", "Topic"}
	cases := []struct {
		typed string
		want  []string
	}{
		{"", options},
		{"  ", options},
		{"neg", []string{"Negated", "negation_cue"}},
		{"negated", []string{"Negated"}},
		{"ated", []string{"Negated", "Speculated"}},
		{"T", []string{"Topic", "Negated", "Speculated", "negation_cue"}},
		{"Ω", nil},
	}
	for _, c := range cases {
		if got := MatchWords(options, c.typed); !slices.Equal(got, c.want) {
			t.Errorf("MatchWords(%q) = %q, want %q", c.typed, got, c.want)
		}
	}
}

func TestAttributeValues(t *testing.T) {
	uses := []model.AttributeUse{
		{Name: "Topic", Values: []string{"diplomacy", "war"}},
		{Name: "kb_id", Values: []string{"Q7747"}},
		{Name: "mood", Values: []string{"calm"}},
		{Name: "Mood", Values: []string{"Angry"}},
	}
	cases := []struct {
		name string
		want []string
	}{
		{"Topic", []string{"diplomacy", "war"}},
		{" topic ", []string{"diplomacy", "war"}}, // one name differs in case alone
		{"mood", []string{"calm"}},                // the exact one wins
		{"MOOD", nil},                             // two differ in case: neither is meant
		{"kb", nil},
	}
	for _, c := range cases {
		if got := AttributeValues(uses, c.name); !slices.Equal(got, c.want) {
			t.Errorf("AttributeValues(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestNoteAttributes(t *testing.T) {
	uses := []model.AttributeUse{{Name: "Topic", Values: []string{"war"}}}
	got := NoteAttributes(uses, model.Attributes{
		{Name: "Negated"},
		{Name: "Topic", Value: "diplomacy"},
		{Name: "Topic", Value: "war"},
		{Name: "comment", Value: "typed freely", Text: true},
	})
	want := []model.AttributeUse{
		{Name: "Negated"},
		{Name: "Topic", Values: []string{"diplomacy", "war"}},
		{Name: "comment"},
	}
	if !slices.EqualFunc(got, want, func(a, b model.AttributeUse) bool {
		return a.Name == b.Name && a.More == b.More && slices.Equal(a.Values, b.Values)
	}) {
		t.Fatalf("NoteAttributes = %+v, want %+v", got, want)
	}
	if !slices.Equal(uses[0].Values, []string{"war"}) || len(uses) != 1 {
		t.Fatalf("NoteAttributes changed its argument: %+v", uses)
	}
	// A name at the cap takes no further value and says there are more.
	full := model.AttributeUse{Name: "kb_id"}
	for i := range model.MaxAttributeValues {
		full.Values = append(full.Values, string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	slices.Sort(full.Values)
	got = NoteAttributes([]model.AttributeUse{full}, model.Attributes{{Name: "kb_id", Value: "zzz"}})
	if len(got[0].Values) != model.MaxAttributeValues || !got[0].More {
		t.Fatalf("a name at the cap: %d values, More %v", len(got[0].Values), got[0].More)
	}
}

func TestAttributeMarker(t *testing.T) {
	cases := []struct {
		as   model.Attributes
		want string
	}{
		{nil, ""},
		{model.Attributes{{Name: "Negated"}}, "Negated"},
		{model.Attributes{{Name: "Negated"}, {Name: "kb_id", Value: "Q7747"}}, "Q7747 +1"},
		{model.Attributes{{Name: "Topic", Value: "diplomacy"}, {Name: "Topic", Value: "war"}}, "Topic = diploma… +1"},
		{model.Attributes{{Name: "comment", Value: "two\nlines", Text: true}}, "comment: two li…"},
		{model.Attributes{{Name: "kb_id", Value: "https://www.wikidata.org/wiki/Q7747"}}, "https://www.wik…"},
	}
	for _, c := range cases {
		if got := AttributeMarker(c.as); got != c.want {
			t.Errorf("AttributeMarker(%+v) = %q, want %q", c.as, got, c.want)
		}
	}
}
