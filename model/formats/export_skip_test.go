package formats_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// With SkipMisaligned a token format writes the spans it can and leaves
// the others out instead of failing: Close succeeds, the writer lists
// what it left out (with why) and the output is the rest's.
func TestTokenWriters_SkipMisaligned(t *testing.T) {
	for _, f := range []formats.Format{formats.FormatCoNLL, formats.FormatHF, formats.FormatProdigy} {
		t.Run(string(f), func(t *testing.T) {
			a := exampleAnnotation()
			whole := exampleAnnotation()
			a.Spans[1] = model.Span{Start: 10, End: 14, Label: "ACTOR"} // "Erdo": off token boundaries
			whole.Spans = append(whole.Spans[:1:1], whole.Spans[2:]...)
			opts := formats.WriterOptions{Labels: []string{"ACTOR", "PLACE", "FIGURE"}, SkipMisaligned: true}
			out, w, err := export(t, f, opts, a)
			if err != nil {
				t.Fatalf("Close = %v, want the rest written", err)
			}
			want := []formats.Misaligned{{Document: "example-1", Start: 10, End: 14, Label: "ACTOR", Text: "Erdo"}}
			if got := w.(formats.Skipper).Skipped(); !reflect.DeepEqual(got, want) {
				t.Errorf("Skipped = %+v, want %+v", got, want)
			}
			// The output is the export of the spans that fit, alone.
			rest, _, err := export(t, f, formats.WriterOptions{Labels: opts.Labels}, whole)
			if err != nil {
				t.Fatal(err)
			}
			if out != rest {
				t.Errorf("with the span left out:\n%s\nwant the export without it:\n%s", out, rest)
			}
			// Snap first, then leave out what snapping cannot place.
			a.Spans = append(a.Spans, model.Span{Start: 45, End: 46, Label: "FIGURE"}) // " ": no token
			opts.Snap = true
			_, w, err = export(t, f, opts, a)
			if err != nil {
				t.Fatal(err)
			}
			if got := w.(formats.Skipper).Skipped(); len(got) != 1 || got[0].Start != 45 || got[0].Reason != "covers no token" {
				t.Errorf("Skipped with Snap = %+v, want the white-space span only", got)
			}
			if n := w.(formats.Snapper).Snapped(); n != 1 {
				t.Errorf("Snapped = %d, want Erdo widened", n)
			}
			// Without the option nothing is listed as left out: it fails.
			_, w, err = export(t, f, formats.WriterOptions{Labels: opts.Labels}, a)
			if err == nil || w.(formats.Skipper).Skipped() != nil {
				t.Errorf("without SkipMisaligned: %v, skipped %v", err, w.(formats.Skipper).Skipped())
			}
			if err != nil && !strings.Contains(err.Error(), "--skip-misaligned") {
				t.Errorf("the refusal does not name the way out: %v", err)
			}
		})
	}
}

// Prodigy leaves out a relation whose span it left out, and counts it.
func TestProdigyWriter_SkipMisalignedRelations(t *testing.T) {
	a := exampleAnnotation()
	a.Spans[1] = model.Span{Start: 10, End: 14, Label: "ACTOR"} // "Erdo"
	a.Relations = []formats.Relation{{From: 0, To: 1, Label: "MET"}, {From: 0, To: 2, Label: "IN"}}
	out, w, err := export(t, formats.FormatProdigy, formats.WriterOptions{SkipMisaligned: true}, a)
	if err != nil {
		t.Fatal(err)
	}
	s := w.(formats.Skipper)
	if len(s.Skipped()) != 1 || s.RelationsSkipped() != 1 {
		t.Errorf("skipped %+v and %d relations, want Erdo and its relation", s.Skipped(), s.RelationsSkipped())
	}
	if strings.Contains(out, `"MET"`) || !strings.Contains(out, `"IN"`) {
		t.Errorf("relations written: %s", out)
	}
}
