package formats

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// Relation is a relation between two spans of one record (on import) or
// one annotation (on export), named by their indexes in its Spans: the
// index is unambiguous where offsets and label are not unique enough to
// say which of two equal spans a file meant, and it survives the import
// giving spans IDs of their own.
type Relation struct {
	From, To int    // indexes into the record's or annotation's Spans
	Label    string // the relation label
	Note     string
	// Symmetric says the input declares the relation symmetric (a brat
	// "*" equivalence, a Label Studio "bi" relation): a label the
	// project lacks is added as a symmetric one. On export it says the
	// project's label is symmetric, which brat writes as a "*" line.
	Symmetric bool
	// Line is the 1-based input line of the relation where the format
	// knows it (a brat .ann line); 0 when unknown.
	Line int
}

// RelationsLeftOut is implemented by the writers of formats that cannot
// carry relations (CoNLL, Hugging Face): how many relations of the
// annotations written they left out, for the export to say so.
type RelationsLeftOut interface {
	RelationsLeftOut() int
}

// exportRelations checks a's relations against its spans and returns them
// with their indexes into spans, a's spans in text order as
// charExportSpans returned them (a may hold them in another order).
func exportRelations(a *Annotation, spans []model.Span) ([]Relation, error) {
	if len(a.Relations) == 0 {
		return nil, nil
	}
	order := []int(nil) // index in a.Spans -> index in spans, nil when the same
	if len(spans) > 0 && len(a.Spans) > 0 && &spans[0] != &a.Spans[0] {
		idx := make([]int, len(a.Spans))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(x, y int) int { return model.CompareSpans(a.Spans[x], a.Spans[y]) })
		order = make([]int, len(a.Spans))
		for sorted, orig := range idx {
			order[orig] = sorted
		}
	}
	out := make([]Relation, len(a.Relations))
	for i, r := range a.Relations {
		if r.From < 0 || r.From >= len(a.Spans) || r.To < 0 || r.To >= len(a.Spans) || r.From == r.To {
			return nil, charDocError(&a.Document, fmt.Errorf("relation %d joins spans %d and %d of %d", i+1, r.From, r.To, len(a.Spans)))
		}
		if r.Label == "" || !utf8.ValidString(r.Label) || !utf8.ValidString(r.Note) {
			return nil, charDocError(&a.Document, fmt.Errorf("relation %d: label empty, or label or note not valid UTF-8", i+1))
		}
		if order != nil {
			r.From, r.To = order[r.From], order[r.To]
		}
		out[i] = r
	}
	return out, nil
}
