package formats_test

import (
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// Label names are the user's ("MRI Image Type"), but a CoNLL line is split
// into columns at white space, so "B-MRI Image Type" would read back as a
// label "Type" in the last column. The writer percent-encodes white space
// (and '%' itself, so that a name holding "%20" comes back whole), says
// which names it changed, and the reader turns them back.
func TestCoNLLLabelMappedRoundTrip(t *testing.T) {
	const text = "MRI shows lesion in zone four today ."
	labels := []string{"MRI Image Type", "PIRADS\u00a0Score", "Gleason  Grade", "50%", "a%20b", "PLACE"}
	var spans []model.Span
	for i, l := range labels {
		start := []int{0, 4, 10, 17, 20, 25}[i]
		end := []int{3, 9, 16, 19, 24, 29}[i]
		spans = append(spans, model.Span{Start: start, End: end, Label: l})
	}
	a := &formats.Annotation{Document: model.Document{ExternalID: "d", Text: text}, Annotator: "alice", Spans: spans}
	out, w, err := export(t, formats.FormatCoNLL, formats.WriterOptions{}, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 4 {
			t.Fatalf("line %q has %d columns: a label's white space splits it\n%s", line, len(f), out)
		}
	}
	if !strings.Contains(out, "MRI -X- _ B-MRI%20Image%20Type\n") {
		t.Fatalf("the label with spaces is not written escaped:\n%s", out)
	}
	m, ok := w.(formats.LabelMapper)
	if !ok {
		t.Fatalf("the CoNLL writer does not say which label names it wrote otherwise")
	}
	got := map[string]string{}
	for _, l := range m.MappedLabels() {
		got[l.Name] = l.Written
	}
	want := map[string]string{"MRI Image Type": "MRI%20Image%20Type", "PIRADS\u00a0Score": "PIRADS%C2%A0Score", "Gleason  Grade": "Gleason%20%20Grade", "50%": "50%25", "a%20b": "a%2520b"}
	if len(got) != len(want) {
		t.Fatalf("mapped %q, want %q", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("mapped %q, want %q", got, want)
		}
	}

	path := writeFile(t, t.TempDir(), "back.conll", out)
	rec := readOne(t, path, formats.FormatCoNLL)
	if len(rec.Spans) != len(labels) {
		t.Fatalf("read %d spans back, want %d: %+v", len(rec.Spans), len(labels), rec.Spans)
	}
	for i, s := range rec.Spans {
		if s.Label != labels[i] || s.Start != spans[i].Start || s.End != spans[i].End {
			t.Fatalf("span %d read back as %+v, want %+v", i, s, spans[i])
		}
	}
}

// Only the escapes the writer makes are decoded: another tool's '%' in a
// tag stays as it is.
func TestReadCoNLLForeignPercent(t *testing.T) {
	path := writeFile(t, t.TempDir(), "f.conll", "a B-100%\nb B-A%41\nc B-p%2\nd B-x%20y\n")
	rec := readOne(t, path, formats.FormatCoNLL)
	var got []string
	for _, s := range rec.Spans {
		got = append(got, s.Label)
	}
	if want := []string{"100%", "A%41", "p%2", "x y"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("labels %q, want %q", got, want)
	}
}
