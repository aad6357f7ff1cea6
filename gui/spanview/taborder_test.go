package spanview

import (
	"strings"
	"testing"
)

// tabWalk follows Tab (or Shift+Tab) from the caret at cp through every
// span and once more, naming the spans focused.
func tabWalk(spans []Span, cp int, fwd bool) string {
	var out []string
	i := TabFrom(spans, cp, fwd)
	for range len(spans) + 1 {
		out = append(out, spans[i].ID)
		i = TabNext(spans, i, fwd)
	}
	return strings.Join(out, " ")
}

func TestTabOrder(t *testing.T) {
	// Sorted as the view sorts them: by start, longer first, then by ID.
	// "gold" and "bob" cover the same words; "role" starts there too and
	// is longer; "moscow" is a proposal alone; "anna" one inside "role".
	spans := []Span{
		{ID: "0a", Start: 0, End: 5},
		{ID: "role", Start: 10, End: 30},
		{ID: "4f-gold", Start: 10, End: 15},
		{ID: "proposal:bob", Start: 10, End: 15, Candidate: true},
		{ID: "proposal:anna", Start: 12, End: 15, Candidate: true},
		{ID: "proposal:moscow", Start: 40, End: 46, Candidate: true},
	}
	// Of the spans starting together, the proposal comes first; the rest
	// keep the view's order.
	if got, want := tabWalk(spans, 0, true), "0a proposal:bob role 4f-gold proposal:anna proposal:moscow 0a"; got != want {
		t.Errorf("Tab from the start: %s, want %s", got, want)
	}
	if got, want := tabWalk(spans, 47, false), "proposal:moscow proposal:anna 4f-gold role proposal:bob 0a proposal:moscow"; got != want {
		t.Errorf("Shift+Tab from the end: %s, want %s", got, want)
	}
	// From a caret between spans: the next one starting at or after it, or
	// the last one before it.
	if got := spans[TabFrom(spans, 10, true)].ID; got != "proposal:bob" {
		t.Errorf("Tab at 10 focuses %s", got)
	}
	if got := spans[TabFrom(spans, 12, false)].ID; got != "4f-gold" {
		t.Errorf("Shift+Tab at 12 focuses %s", got)
	}
	if got := spans[TabFrom(spans, 50, true)].ID; got != "0a" {
		t.Errorf("Tab past the last span focuses %s, want the first", got)
	}
	if TabFrom(nil, 0, true) != -1 {
		t.Error("Tab with no spans focused one")
	}
	// Every span is reached once per round, whatever the caret.
	for cp := range 48 {
		for _, fwd := range []bool{true, false} {
			seen := map[string]bool{}
			i := TabFrom(spans, cp, fwd)
			for range spans {
				seen[spans[i].ID] = true
				i = TabNext(spans, i, fwd)
			}
			if len(seen) != len(spans) {
				t.Fatalf("from %d (forward %v) a round reaches %d of %d spans", cp, fwd, len(seen), len(spans))
			}
		}
	}
}
