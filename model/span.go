package model

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Span is a labeled stretch of a document's text, [Start, End) in code points.
type Span struct {
	ID     string // UUID
	Start  int
	End    int
	Label  string
	Note   string
	Origin Origin
	// Attributes are what the span carries besides its label (see
	// Attribute), in canonical order; nil for most spans.
	Attributes Attributes
	Created    time.Time
	Updated    time.Time
}

// Validate checks the span against a text of textLen code points and the
// project's labels.
func (s Span) Validate(textLen int, labels LabelNames) error {
	if s.Start < 0 || s.End < 0 {
		return Errorf(EINVALID, "span [%d, %d) has a negative offset", s.Start, s.End)
	}
	if s.Start >= s.End {
		return Errorf(EINVALID, "span [%d, %d) is empty or inverted: start must be before end", s.Start, s.End)
	}
	if s.End > textLen {
		return Errorf(EINVALID, "span [%d, %d) ends past the text, which has %d characters", s.Start, s.End, textLen)
	}
	if s.Label == "" {
		return Errorf(EINVALID, "span [%d, %d) has no label", s.Start, s.End)
	}
	if labels != nil && !labels[s.Label] {
		return Errorf(EINVALID, "span [%d, %d) has label %s, which the project does not have", s.Start, s.End, s.Label)
	}
	if s.Origin != "" {
		if err := s.Origin.Validate(); err != nil {
			return err
		}
	}
	if err := s.Attributes.Validate(); err != nil {
		return Errorf(EINVALID, "span [%d, %d) %s: %s", s.Start, s.End, s.Label, ErrorMessage(err))
	}
	return nil
}

// LabelNames is the set of label names a project knows.
type LabelNames map[string]bool

// NamesOf returns the names of labels as a set.
func NamesOf(labels []Label) LabelNames {
	names := make(LabelNames, len(labels))
	for _, l := range labels {
		names[l.Name] = true
	}
	return names
}

// Overlaps reports whether two spans share at least one code point.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// SameAs reports whether two spans have the same offsets and label: the
// identity that deduplication and agreement use.
func (s Span) SameAs(o Span) bool { return s.Start == o.Start && s.End == o.End && s.Label == o.Label }

// SortSpans orders spans by start, then end, then label: text order.
func SortSpans(spans []Span) {
	slices.SortFunc(spans, CompareSpans)
}

// CompareSpans is the text order used by SortSpans.
func CompareSpans(a, b Span) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.End, b.End); c != 0 {
		return c
	}
	return cmp.Compare(a.Label, b.Label)
}

// CheckAddition reports whether span may join existing, the spans one
// annotator already has on the document: no exact duplicate, and no overlap
// unless the project allows overlaps. A duplicate is ECONFLICT so importers
// can count it as "already there" rather than fail.
//
// A refusal is a *SpanRefusal, which names the span in the way, so that
// the window can say it in words.
func CheckAddition(existing []Span, span Span, allowOverlap bool) error {
	for _, e := range existing {
		if e.SameAs(span) {
			return &SpanRefusal{Span: span, Existing: e, Duplicate: true,
				Err: Errorf(ECONFLICT, "span [%d, %d) %s already exists", span.Start, span.End, span.Label)}
		}
		if !allowOverlap && e.Overlaps(span) {
			return &SpanRefusal{Span: span, Existing: e,
				Err: Errorf(EINVALID, "span [%d, %d) %s overlaps span [%d, %d) %s, and this project does not allow overlapping spans",
					span.Start, span.End, span.Label, e.Start, e.End, e.Label)}
		}
	}
	return nil
}

// SpanRefusal is why a span may not join an annotator's spans: it is the
// same as Existing, or overlaps it. Its message (for logs and the command
// line) gives offsets; Describe says it the way an annotator sees it.
type SpanRefusal struct {
	Span, Existing Span
	Duplicate      bool
	Err            *Error // carries the code: ECONFLICT for a duplicate, else EINVALID
}

func (r *SpanRefusal) Error() string { return r.Err.Error() }
func (r *SpanRefusal) Unwrap() error { return r.Err }

// Describe says the refusal in words, quoting the spans' text from the
// document: FIGURE “close to a million” overlaps ACTOR “a million”.
func (r *SpanRefusal) Describe(text *Offsets) string {
	quote := func(s Span) string {
		words := []rune(text.Slice(s.Start, s.End))
		if len(words) > 40 {
			words = append(words[:39], '…')
		}
		return s.Label + " “" + Printable(strings.Join(strings.Fields(string(words)), " ")) + "”"
	}
	if r.Duplicate {
		return quote(r.Existing) + " is already labeled."
	}
	return quote(r.Span) + " overlaps " + quote(r.Existing) + ": this project does not allow overlapping spans."
}

// LabeledSpan is one span of a change that reaches several documents at
// once: label all occurrences, remove a label from all of them, accept all
// suggestions.
type LabeledSpan struct {
	DocumentID string
	Span       Span
	// Started marks the span whose addition moved the annotator's status on
	// its document from todo to in progress (at most one per document), so
	// that deleting the spans again can move it back.
	Started bool
}

// Equal reports whether two spans are the same in every field, attributes
// included (a Span holds a slice, so == does not compile).
func (s Span) Equal(o Span) bool {
	return s.ID == o.ID && s.Start == o.Start && s.End == o.End && s.Label == o.Label &&
		s.Note == o.Note && s.Origin == o.Origin && s.Created.Equal(o.Created) &&
		s.Updated.Equal(o.Updated) && s.Attributes.Equal(o.Attributes)
}
