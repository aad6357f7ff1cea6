package formats

import (
	"fmt"
	"strings"
)

// tokenSpan is a span over tokens: tokens First to Last, both included.
type tokenSpan struct {
	First, Last int
	Label       string
}

// tagKind is the prefix of a tag.
type tagKind uint8

const (
	tagO tagKind = iota // outside any span
	tagB                // begins a span
	tagI                // inside a span
	tagE                // ends a span (BIOES)
	tagS                // a one-token span (BIOES)
)

// tagPrefixes spells each kind; tagO has no label and so no dash.
var tagPrefixes = [...]string{tagO: "O", tagB: "B-", tagI: "I-", tagE: "E-", tagS: "S-"}

// tagOf is one token's tag: its kind and, unless it is tagO, the index of
// the span it belongs to.
type tagOf struct {
	kind tagKind
	span int
}

// encodeKinds tags n tokens for spans, which must be in token order and must
// not overlap, and returns the tags in dst (reused when large enough). The
// writers use it rather than encodeTags so that they can turn a tag into
// bytes or an id without building a string per token.
func encodeKinds(dst []tagOf, n int, spans []tokenSpan, scheme Scheme) []tagOf {
	if cap(dst) < n {
		dst = make([]tagOf, n)
	}
	dst = dst[:n]
	clear(dst)
	for k, s := range spans {
		for t := s.First; t <= s.Last; t++ {
			dst[t] = tagOf{tagI, k}
		}
		switch scheme {
		case SchemeIOB1:
			// IOB1 only needs B- where a span would otherwise run on into
			// the one before it.
			if k > 0 && spans[k-1].Last == s.First-1 && spans[k-1].Label == s.Label {
				dst[s.First].kind = tagB
			}
		case SchemeBIOES:
			if s.First == s.Last {
				dst[s.First].kind = tagS
			} else {
				dst[s.First].kind = tagB
				dst[s.Last].kind = tagE
			}
		default: // IOB2, and "" as everywhere else
			dst[s.First].kind = tagB
		}
	}
	return dst
}

// encodeTags returns the tags of n tokens carrying spans (in token order,
// not overlapping) in scheme.
func encodeTags(n int, spans []tokenSpan, scheme Scheme) []string {
	kinds := encodeKinds(nil, n, spans, scheme)
	tags := make([]string, n)
	for i, t := range kinds {
		if t.kind == tagO {
			tags[i] = "O"
		} else {
			tags[i] = tagPrefixes[t.kind] + spans[t.span].Label
		}
	}
	return tags
}

// parseTag splits a tag into its kind and label. Besides the BIOES letters it
// takes BILOU's L- and U-, the same tags under other names.
func parseTag(tag string) (tagKind, string, error) {
	if tag == "O" {
		return tagO, "", nil
	}
	if len(tag) < 2 || tag[1] != '-' {
		return 0, "", fmt.Errorf("tag %q is not O or a B-, I-, E- or S- tag", tag)
	}
	var kind tagKind
	switch tag[0] {
	case 'B':
		kind = tagB
	case 'I':
		kind = tagI
	case 'E', 'L':
		kind = tagE
	case 'S', 'U':
		kind = tagS
	default:
		return 0, "", fmt.Errorf("tag %q has an unknown prefix %q (want O, B-, I-, E- or S-)", tag, tag[:2])
	}
	label := tag[2:]
	if strings.TrimSpace(label) == "" {
		return 0, "", fmt.Errorf("tag %q has no label after the prefix", tag)
	}
	return kind, label, nil
}

// spanDecoder rebuilds spans from a stream of parsed tags. It is lenient the
// way seqeval's default mode is, because files in the wild mix schemes and
// break their rules: an I- after O or after another label starts a span
// (IOB1 files start spans that way), a B- or S- always starts one, and an E-
// or S- closes the span it is in.
type spanDecoder struct {
	spans []tokenSpan
	open  bool // the last span may go on at the next token
	n     int  // tokens seen
}

func (d *spanDecoder) add(kind tagKind, label string) {
	t := d.n
	d.n++
	if kind == tagO {
		d.open = false
		return
	}
	last := len(d.spans) - 1
	continues := d.open && (kind == tagI || kind == tagE) && d.spans[last].Label == label
	if continues {
		d.spans[last].Last = t
	} else {
		d.spans = append(d.spans, tokenSpan{First: t, Last: t, Label: label})
	}
	d.open = kind == tagB || kind == tagI
}

// stop ends any open span: the next token starts afresh, as at a sentence
// boundary.
func (d *spanDecoder) stop() { d.open = false }

// decodeTags returns the spans the tags carry. Decoding is lenient and reads
// tags of every scheme (see spanDecoder), so scheme only says what the
// caller expects; a tag that is not O or prefix-dash-label is an error that
// names it.
func decodeTags(tags []string, scheme Scheme) ([]tokenSpan, error) {
	var d spanDecoder
	for i, tag := range tags {
		kind, label, err := parseTag(tag)
		if err != nil {
			return nil, fmt.Errorf("token %d: %w", i, err)
		}
		d.add(kind, label)
	}
	return d.spans, nil
}

// tagCount is how many tags each label has in scheme.
func tagCount(scheme Scheme) int {
	if scheme == SchemeBIOES {
		return 4
	}
	return 2
}

// tagID is the index in HFTags(labels, scheme) of a tag of kind for the
// label at index label.
func tagID(kind tagKind, label int, scheme Scheme) int {
	if kind == tagO {
		return 0
	}
	return 1 + label*tagCount(scheme) + int(kind-tagB)
}
