package formats_test

import (
	"fmt"
	"maps"
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

// Label names are the user's: "MRI Image Type" is a real one. brat splits a
// T line's type from its offsets at white space and reads '|', '<', a
// leading '#' or '!' and a name of hyphens specially in annotation.conf, so
// those characters are written percent-encoded, the writer says which names
// it changed, and the reader turns them back.
func TestBratLabelMappedRoundTrip(t *testing.T) {
	const text = "Putin met Erdoğan in Moscow."
	labels := []string{"MRI Image Type", "PIRADS\u00a0Score", "tab\there", "a|b", "<x>", "#tag", "!x", "---", "-LRB-", "in#side", "PLACE"}
	written := map[string]string{
		"MRI Image Type":    "MRI%20Image%20Type",
		"PIRADS\u00a0Score": "PIRADS%C2%A0Score",
		"tab\there":         "tab%09here",
		"a|b":               "a%7Cb",
		"<x>":               "%3Cx%3E",
		"#tag":              "%23tag",
		"!x":                "%21x",
		"---":               "%2D--",
	}
	var spans []model.Span
	for i, l := range labels {
		spans = append(spans, model.Span{Start: i, End: i + 1, Label: l})
	}
	dir := t.TempDir()
	w, err := formats.NewBratWriter(formats.DiskFolder(dir), formats.WriterOptions{Labels: []string{"PLACE", "MRI Image Type"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&formats.Annotation{Document: model.Document{ID: "d1", ExternalID: "doc", Text: text}, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	mapper, ok := w.(formats.LabelMapper)
	if !ok {
		t.Fatal("the brat writer does not say which labels it mapped")
	}
	got := map[string]string{}
	for _, m := range mapper.MappedLabels() {
		got[m.Name] = m.Written
	}
	if !maps.Equal(got, written) {
		t.Errorf("MappedLabels = %q, want %q", got, written)
	}
	ann := charMustRead(t, dir, "doc.ann")
	for i, l := range labels {
		want := l
		if e, ok := written[l]; ok {
			want = e
		}
		if !strings.Contains(ann, fmt.Sprintf("T%d\t%s %d %d\t", i+1, want, i, i+1)) {
			t.Errorf(".ann does not write %q as %q:\n%s", l, want, ann)
		}
	}
	conf := charMustRead(t, dir, "annotation.conf")
	if !strings.Contains(conf, "\n[entities]\nPLACE\nMRI%20Image%20Type\nPIRADS%C2%A0Score\n") {
		t.Errorf("annotation.conf does not list the project's labels first, then the others, encoded:\n%s", conf)
	}

	rec := readOne(t, dir+"/doc.ann", formats.FormatBrat)
	if len(rec.Spans) != len(labels) {
		t.Fatalf("read %d spans back, want %d", len(rec.Spans), len(labels))
	}
	for i, s := range rec.Spans {
		if s.Label != labels[i] {
			t.Errorf("span %d read back as %q, want %q", i, s.Label, labels[i])
		}
	}
}
