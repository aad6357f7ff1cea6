package formats_test

import (
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// brat separates the fragments of a discontinuous span with ';', so a label
// name holding one is written escaped (%3B, and '%' as %25) and read back as
// it was, never refused as a discontinuous span or cut.
func TestBratLabelSeparatorRoundTrip(t *testing.T) {
	const text = "Putin met Erdoğan in Moscow."
	labels := []string{"A;B", "50%", "x%3By", "%25;%", ";", "PLACE"}
	var spans []model.Span
	for i, l := range labels {
		// One-character spans, in text order, one per label.
		spans = append(spans, model.Span{Start: i, End: i + 1, Label: l})
	}
	dir := t.TempDir()
	bratExport(t, dir, &formats.Annotation{Document: model.Document{ID: "d1", ExternalID: "doc", Text: text}, Annotator: "alice", Spans: spans})

	ann := charMustRead(t, dir, "doc.ann")
	for _, line := range strings.Split(strings.TrimSuffix(ann, "\n"), "\n") {
		if middle := strings.Split(line, "\t")[1]; strings.Contains(middle, ";") {
			t.Fatalf("a raw ';' in the offsets field %q would read as a second fragment:\n%s", middle, ann)
		}
	}
	if !strings.Contains(ann, "T1\tA%3BB 0 1\t") || !strings.Contains(ann, "T2\t50%25 1 2\t") {
		t.Fatalf(".ann does not hold the escaped names:\n%s", ann)
	}

	rec := readOne(t, dir+"/doc.ann", formats.FormatBrat)
	if len(rec.Spans) != len(labels) {
		t.Fatalf("read %d spans back, want %d: %+v", len(rec.Spans), len(labels), rec.Spans)
	}
	for i, s := range rec.Spans {
		if s.Label != labels[i] || s.Start != i {
			t.Fatalf("span %d read back as %+v, want label %q at %d", i, s, labels[i], i)
		}
	}
}

// Only the two escapes the writer makes are decoded: a '%' written by another
// tool stays as it is.
func TestReadBratForeignPercent(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", "abcdef")
	path := writeFile(t, dir, "a.ann", "T1\t100% 0 1\ta\nT2\tA%41 1 2\tb\nT3\tx%3b 2 3\tc\nT4\tp%2 3 4\td\n")
	rec := readOne(t, path, formats.FormatBrat)
	var got []string
	for _, s := range rec.Spans {
		got = append(got, s.Label)
	}
	if want := []string{"100%", "A%41", "x;", "p%2"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("labels %q, want %q", got, want)
	}
}
