package edit

import (
	"slices"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// What the span panel offers while an attribute is typed: the names the
// project's spans carry and, for a name, the values chosen with it
// (model.AttributeUse, read once by app.ReadTx.AttributesInUse and kept
// current by NoteAttributes as the annotator saves).

// MatchWords returns the options that hold typed, ignoring case: those
// that start with it first, then those that hold it elsewhere, each group
// in the options' order. Empty typed matches every option. Case is
// ignored so that typing "negated" offers the "Negated" already in use,
// which is the typo the offer is there to prevent.
func MatchWords(options []string, typed string) []string {
	typed = strings.ToLower(strings.TrimSpace(typed))
	if typed == "" {
		return slices.Clone(options)
	}
	var starts, holds []string
	for _, o := range options {
		lower := strings.ToLower(o)
		switch {
		case strings.HasPrefix(lower, typed):
			starts = append(starts, o)
		case strings.Contains(lower, typed):
			holds = append(holds, o)
		}
	}
	return append(starts, holds...)
}

// AttributeNames returns the names in use, in order.
func AttributeNames(uses []model.AttributeUse) []string {
	out := make([]string, len(uses))
	for i, u := range uses {
		out[i] = u.Name
	}
	return out
}

// AttributeValues returns the values chosen with name: the exact name's,
// else, when only one name in use differs from it in case alone, that
// one's (the annotator is about to pick it). Nil when there are none.
func AttributeValues(uses []model.AttributeUse, name string) []string {
	name = strings.TrimSpace(name)
	var folded []model.AttributeUse
	for _, u := range uses {
		if u.Name == name {
			return slices.Clone(u.Values)
		}
		if strings.EqualFold(u.Name, name) {
			folded = append(folded, u)
		}
	}
	if len(folded) == 1 {
		return slices.Clone(folded[0].Values)
	}
	return nil
}

// NoteAttributes returns uses with the attributes as added: a new name
// in its place, a new chosen value among its name's (typed text and flags
// add no value), up to model.MaxAttributeValues. uses is not changed.
func NoteAttributes(uses []model.AttributeUse, as model.Attributes) []model.AttributeUse {
	out := slices.Clone(uses)
	for _, a := range as {
		i, found := slices.BinarySearchFunc(out, a.Name, func(u model.AttributeUse, name string) int {
			return strings.Compare(u.Name, name)
		})
		if !found {
			out = slices.Insert(out, i, model.AttributeUse{Name: a.Name})
		}
		if a.Text || a.Value == "" {
			continue
		}
		u := &out[i]
		j, has := slices.BinarySearch(u.Values, a.Value)
		switch {
		case has:
		case len(u.Values) >= model.MaxAttributeValues:
			u.More = true
		default:
			u.Values = slices.Insert(slices.Clone(u.Values), j, a.Value)
		}
	}
	return out
}

// maxMarker keeps AttributeMarker's first attribute short: the marker sits
// in a list row beside the span's text and label.
const maxMarker = 16

// AttributeMarker says, compactly, what attributes a span carries, for
// its row in the span panel's list: its knowledge-base id if it has one
// (the value alone, as linking tools show it), else its first attribute
// as AttributeWords says it, cut short, then "+N" for the others. "" for
// a span without attributes.
func AttributeMarker(as model.Attributes) string {
	if len(as) == 0 {
		return ""
	}
	first := slices.IndexFunc(as, func(a model.Attribute) bool { return a.Name == model.AttributeKB && a.Value != "" })
	words := ""
	if first >= 0 {
		words = strings.Join(strings.Fields(as[first].Value), " ")
	} else {
		first = 0
		words = AttributeWords(as[0])
	}
	if r := []rune(words); len(r) > maxMarker {
		words = strings.TrimSpace(string(r[:maxMarker-1])) + "…"
	}
	if len(as) > 1 {
		words += " +" + strconv.Itoa(len(as)-1)
	}
	return words
}
