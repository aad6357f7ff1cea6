package edit

import (
	"slices"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// ChangeAttribute returns as with old replaced by new, in canonical order:
// the one change the span panel makes at a time. An old without a name
// adds new; a new without a name removes old. Changing an attribute's
// value keeps its kind (typed text or chosen), so that an export writes
// it back as the same control. The receiver is not changed.
//
// ENOTFOUND when old is not among as (the span changed since the panel
// showed it), EINVALID when the result breaks a rule of model.Attributes
// (a name with a space, a value given twice, a flag and a value under one
// name).
func ChangeAttribute(as model.Attributes, old, new model.Attribute) (model.Attributes, error) {
	out := slices.Clone(as)
	if old.Name != "" {
		i := slices.Index(out, old)
		if i < 0 {
			return nil, model.Errorf(model.ENOTFOUND, "the span has no attribute %s any more", AttributeWords(old))
		}
		out = slices.Delete(out, i, i+1)
		if new.Name != "" {
			new.Text = old.Text
		}
	}
	if new.Name != "" {
		new.Name = strings.TrimSpace(new.Name)
		if !new.Text {
			new.Value = strings.TrimSpace(new.Value)
		}
		out = append(out, new)
	}
	if err := out.Validate(); err != nil {
		return nil, err
	}
	model.SortAttributes(out)
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// maxValue keeps an attribute's value short where it is named in a line:
// the undo menu, a list row.
const maxValue = 30

// AttributeWords says an attribute the way the span panel lists it: a
// flag by its name, a chosen value as name = value, typed text as
// name: text, line breaks folded and long values cut.
func AttributeWords(a model.Attribute) string {
	value := strings.Join(strings.Fields(a.Value), " ")
	if r := []rune(value); len(r) > maxValue {
		value = strings.TrimSpace(string(r[:maxValue-1])) + "…"
	}
	switch {
	case a.Text:
		return a.Name + ": " + value
	case a.Value == "":
		return a.Name
	}
	return a.Name + " = " + value
}

// describeAttributes says what an update did to a span's attributes, for
// Describe: "set kb_id = Q7747 on", "remove Negated from", or, when it
// changed several names, "edit attributes on". The span follows.
func describeAttributes(before, after model.Attributes) string {
	var names []string
	note := func(a model.Attribute) {
		if !slices.Contains(names, a.Name) {
			names = append(names, a.Name)
		}
	}
	for _, a := range before {
		if !slices.Contains(after, a) {
			note(a)
		}
	}
	for _, a := range after {
		if !slices.Contains(before, a) {
			note(a)
		}
	}
	if len(names) != 1 {
		return "edit attributes on"
	}
	name := names[0]
	var now []model.Attribute
	for _, a := range after {
		if a.Name == name {
			now = append(now, a)
		}
	}
	switch {
	case len(now) == 0:
		return "remove " + name + " from"
	case len(now) == 1 && !now[0].Text:
		return "set " + AttributeWords(now[0]) + " on"
	}
	return "set " + name + " on"
}
