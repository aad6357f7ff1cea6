package formats

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A CoNLL line is split into columns at white space, so a label whose name
// holds white space ("MRI Image Type", a real label) cannot be written as
// it is: "B-MRI Image Type" reads back as the tag "Type" in the last
// column. The writer percent-encodes white space in a tag's label, and '%'
// itself as %25 so that a name holding "%20" comes back whole; the reader
// decodes those escapes only (in either case), so that a '%' written by
// another tool ("B-100%", "A%41") is read as it stands. brat's type names
// are encoded the same way (appendBratLabel).

// conllEscaped says whether r is written escaped in a CoNLL tag's label.
func conllEscaped(r rune) bool { return r == '%' || unicode.IsSpace(r) }

// needsCoNLLEscape says whether a label is written otherwise than spelled.
func needsCoNLLEscape(label string) bool { return strings.ContainsFunc(label, conllEscaped) }

// appendCoNLLLabel appends label encoded for a CoNLL tag.
func appendCoNLLLabel(b []byte, label string) []byte {
	for _, r := range label {
		if !conllEscaped(r) {
			b = utf8.AppendRune(b, r)
			continue
		}
		for _, c := range []byte(string(r)) {
			b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		}
	}
	return b
}

// decodeCoNLLLabel reverses appendCoNLLLabel.
func decodeCoNLLLabel(label string) string {
	if strings.IndexByte(label, '%') < 0 {
		return label
	}
	var b strings.Builder
	for i := 0; i < len(label); {
		if label[i] == '%' {
			if r, n := percentUnescape(label[i:], conllEscaped); n > 0 {
				b.WriteRune(r)
				i += n
				continue
			}
		}
		b.WriteByte(label[i])
		i++
	}
	return b.String()
}

// conllMapped remembers the labels a CoNLL writer wrote otherwise than
// spelled, for MappedLabels.
type conllMapped struct {
	written map[string]string // label -> what was written, for each label met that needs escaping
	order   []string          // those labels, in the order met
}

// encode appends label's encoding to b, remembering it when it differs.
func (m *conllMapped) encode(b []byte, label string) []byte {
	if !needsCoNLLEscape(label) {
		return append(b, label...)
	}
	if w, ok := m.written[label]; ok {
		return append(b, w...)
	}
	if m.written == nil {
		m.written = map[string]string{}
	}
	w := string(appendCoNLLLabel(nil, label))
	m.written[label] = w
	m.order = append(m.order, label)
	return append(b, w...)
}

// mapped lists the labels written otherwise, in the project's order (labels),
// then the others in the order met.
func (m *conllMapped) mapped(labels []string) []MappedLabel {
	var out []MappedLabel
	listed := map[string]bool{}
	for _, l := range labels {
		if w, ok := m.written[l]; ok && !listed[l] {
			listed[l] = true
			out = append(out, MappedLabel{Name: l, Written: w})
		}
	}
	for _, l := range m.order {
		if !listed[l] {
			listed[l] = true
			out = append(out, MappedLabel{Name: l, Written: m.written[l]})
		}
	}
	return out
}
