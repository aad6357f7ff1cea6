package formats

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// AttributesLeftOut is implemented by the writers of formats that cannot
// carry some or all of a span's attributes (see model.Attribute): CoNLL,
// Hugging Face and doccano carry none, Prodigy only kb_id, brat no text
// with white space in it. The export says what was left out, as it does
// for relations (RelationsLeftOut).
type AttributesLeftOut interface {
	// AttributesLeftOut counts the attribute values of the spans written
	// that were left out, by attribute name; nil when none were. Valid
	// after Close.
	AttributesLeftOut() map[string]int
}

// AttributesLeftOutLine is "5 span attributes left out: comment (3),
// Negated (2)", names in order, or "" when counts holds none.
func AttributesLeftOutLine(counts map[string]int) string {
	total := 0
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(counts)) {
		if n := counts[name]; n > 0 {
			total += n
			parts = append(parts, fmt.Sprintf("%s (%d)", model.Printable(name), n))
		}
	}
	if total == 0 {
		return ""
	}
	word := "attributes"
	if total == 1 {
		word = "attribute"
	}
	return fmt.Sprintf("%d span %s left out: %s", total, word, strings.Join(parts, ", "))
}

// leftOutAttrs counts attribute values a writer left out, by name.
type leftOutAttrs struct{ m map[string]int }

func (l *leftOutAttrs) add(name string, n int) {
	if l.m == nil {
		l.m = map[string]int{}
	}
	l.m[name] += n
}

// spans counts every attribute of spans except those keep says the
// format writes.
func (l *leftOutAttrs) spans(spans []model.Span, keep func(model.Attribute) bool) {
	for _, s := range spans {
		for _, a := range s.Attributes {
			if keep == nil || !keep(a) {
				l.add(a.Name, 1)
			}
		}
	}
}

// counts returns a copy of the counts, nil when there are none.
func (l *leftOutAttrs) counts() map[string]int {
	if len(l.m) == 0 {
		return nil
	}
	return maps.Clone(l.m)
}
