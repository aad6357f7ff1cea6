package model

import (
	"cmp"
	"slices"
	"time"
)

// Relation is a labeled, directed link between two spans of one annotation
// set (one annotator's version of one document): "Putin" ACTS_IN
// "Moscow". Its label comes from the project's relation labels; a label
// marked Symmetric makes From and To interchangeable (SAME_AS).
//
// A relation names its spans by ID and belongs to their set: it cannot
// join spans of two annotators or two documents, and deleting either span
// deletes it.
type Relation struct {
	ID      string // UUID
	From    string // the ID of the span the relation starts at (the head)
	To      string // the ID of the span it points to
	Label   string // a relation label of the project
	Note    string
	Created time.Time
	Updated time.Time
}

// RelationLabel is a label a relation can have: a name, colour, key and
// description as a span label has (the key picks the label while a
// relation is being made), and whether the relation it labels is
// symmetric, so that A–B and B–A are one relation.
type RelationLabel struct {
	Label
	Symmetric bool
}

// Validate checks the relation label on its own, by the rules of span
// labels; uniqueness of names and keys is a property of the set (see
// ValidateRelationLabelSet). EINVALID when it breaks one.
func (l RelationLabel) Validate() error {
	if err := l.Label.Validate(); err != nil {
		return Errorf(EINVALID, "relation %s", err.Error())
	}
	return nil
}

// ValidateRelationLabelSet checks every relation label and that no two
// share a name or a key: EINVALID for a bad label, ECONFLICT for a name or
// key used twice. Relation labels are a set of their own: a relation label
// may share a name or key with a span label, because its key is read only
// while a relation is being made.
func ValidateRelationLabelSet(labels []RelationLabel) error {
	return validateNamedSet("relation label", len(labels), func(i int) (Label, error) { return labels[i].Label, labels[i].Validate() })
}

// DefaultRelationLabels is the relation label set a project starts with
// (and an older project gets when it is first opened by an Inkspan that
// knows relations): the links that conflict news draws between its
// ACTOR, PLACE and FIGURE spans.
func DefaultRelationLabels() []RelationLabel {
	return []RelationLabel{
		{Label: Label{Name: "ACTS_IN", Color: "#3d5a80", Key: "i",
			Description: "An ACTOR acting in a PLACE (from the actor to the place): fighting, striking, meeting, fleeing or living there."}},
		{Label: Label{Name: "TARGETS", Color: "#c1121f", Key: "t",
			Description: "An ACTOR acting against another ACTOR or a PLACE (from the one who acts): attacks, shells, arrests, sanctions."}},
		{Label: Label{Name: "COUNTS", Color: "#e09f3e", Key: "c",
			Description: "A FIGURE counting an ACTOR (from the figure to what it counts): \"34\" people killed, \"dozens\" of soldiers."}},
		{Label: Label{Name: "SAME_AS", Color: "#6c757d", Key: "s", Description: "Two mentions of the same thing: " +
			"\"Putin\" and \"the Russian president\", \"Idlib\" and \"the province\". Either way round."},
			Symmetric: true},
	}
}

// RelationLabelNames says, for each relation label of a project, whether
// it is symmetric.
type RelationLabelNames map[string]bool

// RelationNamesOf returns the relation labels by name, each with whether it
// is symmetric.
func RelationNamesOf(labels []RelationLabel) RelationLabelNames {
	names := make(RelationLabelNames, len(labels))
	for _, l := range labels {
		names[l.Name] = l.Symmetric
	}
	return names
}

// Validate checks the relation on its own: it names two different spans
// and has a label, one of labels when labels is not nil. EINVALID if not.
// Whether its spans exist and share a set is the store's to check (a
// missing span is ENOTFOUND there, a span of another set EINVALID).
func (r Relation) Validate(labels RelationLabelNames) error {
	if r.From == "" || r.To == "" {
		return Errorf(EINVALID, "a relation needs two spans, from and to")
	}
	if r.From == r.To {
		return Errorf(EINVALID, "a relation joins two different spans, not span %s with itself", r.From)
	}
	if r.Label == "" {
		return Errorf(EINVALID, "the relation from span %s to span %s has no label", r.From, r.To)
	}
	if labels != nil {
		if _, ok := labels[r.Label]; !ok {
			return Errorf(EINVALID, "the relation has label %s, which is not one of the project's relation labels", r.Label)
		}
	}
	return nil
}

// SameAs reports whether r and o are the same relation: the same label
// between the same spans in the same direction, or, when the label is
// symmetric, in either direction. IDs and notes do not count.
func (r Relation) SameAs(o Relation, symmetric bool) bool {
	if r.Label != o.Label {
		return false
	}
	return r.From == o.From && r.To == o.To || symmetric && r.From == o.To && r.To == o.From
}

// Touches reports whether the relation starts or ends at one of the spans
// whose IDs are in spanIDs.
func (r Relation) Touches(spanIDs map[string]bool) bool { return spanIDs[r.From] || spanIDs[r.To] }

// CheckRelation reports whether r may join existing, the relations of its
// set: ECONFLICT when one of them is the same relation (SameAs, with the
// symmetry labels gives r's label), unless it is the relation with ID skip
// (the one being changed).
func CheckRelation(existing []Relation, r Relation, labels RelationLabelNames, skip string) error {
	symmetric := labels[r.Label]
	for _, e := range existing {
		if e.ID != skip && e.SameAs(r, symmetric) {
			return Errorf(ECONFLICT, "span %s already has a %s relation with span %s", e.From, e.Label, e.To)
		}
	}
	return nil
}

// SortRelations puts relations in their reading order, the order a list of
// a document's relations shows: by the span they start at, in text order
// (CompareSpans), then by the span they point to, then by label and ID.
// spans are the set's spans; a relation whose span is not among them goes
// after those whose spans are.
func SortRelations(relations []Relation, spans []Span) {
	byID := make(map[string]Span, len(spans))
	for _, s := range spans {
		byID[s.ID] = s
	}
	end := func(id string) (Span, bool) { s, ok := byID[id]; return s, ok }
	compareEnd := func(a, b string) int {
		sa, oka := end(a)
		sb, okb := end(b)
		switch {
		case oka && okb:
			return CompareSpans(sa, sb)
		case oka:
			return -1
		case okb:
			return 1
		}
		return cmp.Compare(a, b)
	}
	slices.SortFunc(relations, func(a, b Relation) int {
		if c := compareEnd(a.From, b.From); c != 0 {
			return c
		}
		if c := compareEnd(a.To, b.To); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Label, b.Label); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
