package model

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label is a tag an annotator gives a span.
type Label struct {
	Name        string // unique in a project; any text without control or invisible formatting characters (formats that cannot hold a space map it on export)
	Color       string // #rrggbb
	Key         string // one character that applies the label, or "" for none
	Description string // what the label covers, shown in the guidelines
}

// MaxLabelNameLength keeps names short enough for tags drawn in the text.
const MaxLabelNameLength = 64

// Validate checks the label on its own; uniqueness of names and keys is a
// property of a label set (see ValidateLabelSet).
func (l Label) Validate() error {
	if l.Name == "" {
		return Errorf(EINVALID, "label name required")
	}
	if !utf8.ValidString(l.Name) {
		return Errorf(EINVALID, "label name %q is not valid UTF-8", l.Name)
	}
	if utf8.RuneCountInString(l.Name) > MaxLabelNameLength {
		return Errorf(EINVALID, "label name %q is longer than %d characters", l.Name, MaxLabelNameLength)
	}
	if i := strings.IndexFunc(l.Name, hiddenRune); i >= 0 {
		// A name is shown in tags, tables and terminals, and matched
		// exactly: a control character acts on the terminal, and a format
		// character (zero width, bidi) hides or reorders text, so two labels
		// could look alike or one could look like another.
		return Errorf(EINVALID, "label name %q contains %s, %s", l.Name, describeRune(l.Name[i:]), hiddenKind(l.Name[i:]))
	}
	if strings.TrimSpace(l.Name) == "" {
		// Spaces are the user's ("MRI Image Type"), but a name of
		// nothing else shows as nothing.
		return Errorf(EINVALID, "label name %q is only white space", l.Name)
	}
	if !IsColor(l.Color) {
		return Errorf(EINVALID, "label %s: colour %q is not of the form #rrggbb", l.Name, l.Color)
	}
	if utf8.RuneCountInString(l.Key) > 1 {
		return Errorf(EINVALID, "label %s: key %q must be a single character", l.Name, l.Key)
	}
	if l.Key != "" && unicode.IsSpace([]rune(l.Key)[0]) {
		return Errorf(EINVALID, "label %s: key must not be white space", l.Name)
	}
	if l.Key != "" && hiddenRune([]rune(l.Key)[0]) {
		return Errorf(EINVALID, "label %s: key %s is %s, not a key one can type", l.Name, describeRune(l.Key), hiddenKind(l.Key))
	}
	return nil
}

// hiddenRune reports whether r is a character a label may not hold: a
// control character (Cc), a format character (Cf: zero width, bidi
// controls, byte order mark) or a line or paragraph separator (Zl, Zp).
func hiddenRune(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// hiddenKind names the kind of the hidden character s starts with.
func hiddenKind(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case unicode.Is(unicode.Cc, r):
		return "a control character"
	case InvisibleName(r) != "":
		article := "a "
		if strings.ContainsRune("aeiou", rune(InvisibleName(r)[0])) {
			article = "an "
		}
		return article + InvisibleName(r) + ", an invisible formatting character"
	case unicode.Is(unicode.Cf, r):
		return "an invisible formatting character"
	case unicode.Is(unicode.Zl, r):
		return "a line separator"
	}
	return "a paragraph separator"
}

// describeRune names the character s starts with by its code point and,
// escaped, as it would be typed in Go or JSON: U+202E (\u202e). (Printable
// would write a named one as <U+FEFF byte order mark>, which repeats the
// code point; hiddenKind gives the name.)
func describeRune(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	if r == ' ' {
		return "U+0020, a space"
	}
	if InvisibleName(r) != "" {
		return fmt.Sprintf("U+%04X (%s)", r, appendHexEscape(nil, 'u', uint32(r), 4))
	}
	return fmt.Sprintf("U+%04X (%s)", r, Printable(string(r)))
}

// IsColor reports whether s is a colour of the form #rrggbb.
func IsColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < 7; i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// ParseColor reads a #rrggbb colour; ok is false for anything else, which
// a view draws in a fallback colour rather than failing on one bad label.
func ParseColor(hex string) (c color.NRGBA, ok bool) {
	if !IsColor(hex) {
		return c, false
	}
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}, true
}

// ValidateLabelSet checks every label and that no two share a name or a key.
func ValidateLabelSet(labels []Label) error {
	return validateNamedSet("label", len(labels), func(i int) (Label, error) { return labels[i], labels[i].Validate() })
}

// validateNamedSet checks n labels, each as label(i) gives it with the
// result of its own validation, and that no two share a name or a key:
// EINVALID (the label's own error) for a bad one, ECONFLICT for a name or
// key used twice. kind names the labels in messages.
func validateNamedSet(kind string, n int, label func(i int) (Label, error)) error {
	names := make(map[string]bool, n)
	keys := make(map[string]string, n)
	for i := range n {
		l, err := label(i)
		if err != nil {
			return err
		}
		if names[l.Name] {
			return Errorf(ECONFLICT, "%s %s already exists", kind, l.Name)
		}
		names[l.Name] = true
		if l.Key == "" {
			continue
		}
		if other, taken := keys[l.Key]; taken {
			return Errorf(ECONFLICT, "key %s is already used by %s %s", l.Key, kind, other)
		}
		keys[l.Key] = l.Name
	}
	return nil
}

// DefaultLabels is the label set a new project starts with.
func DefaultLabels() []Label {
	return []Label{
		{Name: "ACTOR", Color: "#e4572e", Key: "1",
			Description: "A person, group, organisation or state that acts or is acted upon."},
		{Name: "PLACE", Color: "#29a19c", Key: "2",
			Description: "A named or described location."},
		{Name: "FIGURE", Color: "#f0a202", Key: "3",
			Description: "A number or quantity the text reports: \"34\", \"dozens\", \"close to a million\"."},
	}
}

// labelPalette gives labels added on the fly (by an import) distinct colours.
var labelPalette = []string{
	"#4c6ef5", "#b5179e", "#2b9348", "#d00000", "#7209b7",
	"#0096c7", "#ff7b00", "#6a994e", "#c9184a", "#5e60ce",
}

// NewLabel returns a label for a name met in imported data: a colour picked
// from the palette by how many labels exist already, and the next free digit
// key, if any.
func NewLabel(name string, existing []Label) Label {
	used := make(map[string]bool, len(existing))
	for _, l := range existing {
		used[l.Key] = true
	}
	key := ""
	for d := 1; d <= 9; d++ {
		if k := fmt.Sprint(d); !used[k] {
			key = k
			break
		}
	}
	return Label{Name: name, Color: labelPalette[len(existing)%len(labelPalette)], Key: key}
}

// PlanLabelEdit works out what replacing a label set with an edited one
// does, for span labels and relation labels alike. current is the set as
// stored; edited the labels the user kept or added, in their new order;
// rename maps a current name to its new one, so that what carries the
// label follows it. final is edited followed by the current labels the
// edit left out (removing a label would remove what carries it), and from
// maps each final name that an existing label becomes to that label's
// current name; a final name missing from it is a new label.
//
// Errors: ENOTFOUND for a rename of a label that is not there; the error
// of validate for a final set it refuses; ECONFLICT for a rename onto the
// name of a label that keeps it (two labels would become one). kind names
// the labels in messages ("label", "relation label").
func PlanLabelEdit[L any](kind string, current, edited []L, rename map[string]string, name func(L) string, validate func([]L) error) (final []L, from map[string]string, err error) {
	exists := make(map[string]bool, len(current))
	for _, l := range current {
		exists[name(l)] = true
	}
	for old := range rename {
		if !exists[old] {
			return nil, nil, Errorf(ENOTFOUND, "no %s named %s", kind, old)
		}
	}
	after := func(l L) string {
		if n, ok := rename[name(l)]; ok {
			return n
		}
		return name(l)
	}
	final = append([]L(nil), edited...)
	kept := make(map[string]bool, len(edited))
	for _, l := range edited {
		kept[name(l)] = true
	}
	for _, l := range current {
		if !kept[after(l)] {
			final = append(final, l)
		}
	}
	if err := validate(final); err != nil {
		return nil, nil, err
	}
	from = make(map[string]string, len(current))
	for _, l := range current {
		n := after(l)
		if _, taken := from[n]; taken {
			return nil, nil, Errorf(ECONFLICT, "%s %s already exists", kind, n)
		}
		from[n] = name(l)
	}
	return final, from, nil
}
