package model

import (
	"fmt"
	"strings"
)

// OverlapsFound gathers the annotation sets whose spans overlap, as a store
// finds them, for the refusal to disallow overlapping spans: how many
// pairs, in how many documents, and the first few places by name, so that
// every store refuses in the same words.
type OverlapsFound struct {
	pairs, sets int
	documents   map[int64]bool
	places      []string
}

// overlapPlacesShown is how many sets a refusal names: enough to find
// the first ones, short enough for one line on a terminal.
const overlapPlacesShown = 5

// Add counts one set's overlapping pairs: document is the store's key for
// its document, name the document's external id or title, annotator whose
// set it is.
func (o *OverlapsFound) Add(document int64, name, annotator string, pairs int) {
	if o.documents == nil {
		o.documents = map[int64]bool{}
	}
	o.pairs += pairs
	o.sets++
	o.documents[document] = true
	if len(o.places) < overlapPlacesShown {
		o.places = append(o.places, fmt.Sprintf("“%s” (%s: %d)", Printable(name), Printable(annotator), pairs))
	}
}

// Err is the refusal, ECONFLICT, naming where spans overlap; nil when no
// set was added.
func (o *OverlapsFound) Err() error {
	if o.pairs == 0 {
		return nil
	}
	where := strings.Join(o.places, ", ")
	if o.sets > len(o.places) {
		where += fmt.Sprintf(" and %d more", o.sets-len(o.places))
	}
	verb := "overlap"
	if o.pairs == 1 {
		verb = "overlaps"
	}
	return Errorf(ECONFLICT, "overlapping spans cannot be disallowed: %s of spans %s in %s: %s; remove or shorten them first",
		pluralCount(o.pairs, "pair", "pairs"), verb, pluralCount(len(o.documents), "document", "documents"), where)
}

func pluralCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
