package model

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// Attribute is one name = value a span carries besides its label: brat's
// attributes (A and M lines), a Label Studio region's choices and text
// areas, a knowledge-base id from entity linking (Prodigy's and spaCy's
// kb_id). A span may carry several values under one name (a multiple
// choice); each is an Attribute of its own.
type Attribute struct {
	Name string
	// Value is what was chosen or typed. "" makes the attribute a flag,
	// whose presence is its meaning (brat's binary attributes: Negated,
	// Speculated).
	Value string
	// Text marks a value typed freely (a Label Studio text area) rather
	// than chosen from a closed list, so that an export writes it back as
	// the same kind of control.
	Text bool
}

// AttributeKB is the attribute name for a span's knowledge-base id, the
// name spaCy and Prodigy give it.
const AttributeKB = "kb_id"

// Attributes are a span's attributes in their canonical order: by name,
// then value (see SortAttributes).
type Attributes []Attribute

// Validate checks the attributes: every name is non-empty, has no white
// space or control character (brat writes names between spaces), no
// value holds a line break unless it is text, and no name carries the
// same value twice, or both a flag and values. EINVALID when one breaks a
// rule.
func (as Attributes) Validate() error {
	seen := make(map[Attribute]bool, len(as))
	flag := make(map[string]bool, len(as))
	valued := make(map[string]bool, len(as))
	for _, a := range as {
		if a.Name == "" {
			return Errorf(EINVALID, "an attribute has no name")
		}
		if strings.IndexFunc(a.Name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
			return Errorf(EINVALID, "attribute name %q has white space or a control character in it", Printable(a.Name))
		}
		if !a.Text && strings.ContainsAny(a.Value, "\r\n") {
			return Errorf(EINVALID, "attribute %s has a line break in its value; only a text attribute may", Printable(a.Name))
		}
		key := Attribute{Name: a.Name, Value: a.Value}
		if seen[key] {
			return Errorf(EINVALID, "attribute %s = %q is given twice", Printable(a.Name), Printable(a.Value))
		}
		seen[key] = true
		if a.Value == "" && !a.Text {
			flag[a.Name] = true
		} else {
			valued[a.Name] = true
		}
		if flag[a.Name] && valued[a.Name] {
			return Errorf(EINVALID, "attribute %s is given both as a flag and with a value", Printable(a.Name))
		}
	}
	return nil
}

// SortAttributes puts attributes in their canonical order, by name, then
// value, so that two spans with the same attributes compare equal.
func SortAttributes(as Attributes) {
	slices.SortFunc(as, func(a, b Attribute) int {
		if c := cmp.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
}

// Values returns the values the attributes give name, in order; nil when
// none do. A flag gives one empty value.
func (as Attributes) Values(name string) []string {
	var out []string
	for _, a := range as {
		if a.Name == name {
			out = append(out, a.Value)
		}
	}
	return out
}

// Value returns the first value of name, and whether the span has it.
func (as Attributes) Value(name string) (string, bool) {
	for _, a := range as {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// Set returns the attributes with name's values replaced by values (none
// removes the name), in canonical order. The receiver is not changed.
func (as Attributes) Set(name string, text bool, values ...string) Attributes {
	out := make(Attributes, 0, len(as)+len(values))
	for _, a := range as {
		if a.Name != name {
			out = append(out, a)
		}
	}
	for _, v := range values {
		out = append(out, Attribute{Name: name, Value: v, Text: text})
	}
	SortAttributes(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// Equal reports whether two attribute lists hold the same attributes,
// in any order.
func (as Attributes) Equal(bs Attributes) bool {
	if len(as) != len(bs) {
		return false
	}
	a, b := slices.Clone(as), slices.Clone(bs)
	SortAttributes(a)
	SortAttributes(b)
	return slices.Equal(a, b)
}

// Names returns the distinct attribute names, in order.
func (as Attributes) Names() []string {
	var out []string
	for _, a := range as {
		if len(out) == 0 || out[len(out)-1] != a.Name {
			if !slices.Contains(out, a.Name) {
				out = append(out, a.Name)
			}
		}
	}
	return out
}

// MaxAttributeValues caps the values AttributeUse lists for one name: the
// values are offered for picking, and a name used as a free-form id
// (kb_id) may have thousands, which no list shows usefully.
const MaxAttributeValues = 200

// AttributeUse is an attribute name some span of a project carries and
// the values chosen with it (not typed text, not a flag), sorted: what
// the span panel offers when the annotator types an attribute, so that
// "Negated" and "negated" do not split the data.
type AttributeUse struct {
	Name   string
	Values []string
	// More says Values stopped at MaxAttributeValues.
	More bool
}
