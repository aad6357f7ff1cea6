package formats_test

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// Prodigy's entity linking (testdata/real/jsonl/prodigy-nel-emerson.jsonl,
// the nel_emerson tutorial's annotations): the id chosen in "accept" is
// the span's kb_id, the export writes it as the span's "kb_id", and
// reading the export gives it again.
func TestProdigyKBIDReal(t *testing.T) {
	path := filepath.Join("testdata", "real", "jsonl", "prodigy-nel-emerson.jsonl")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var chosen []string // each line's accepted id, read with encoding/json
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var task struct{ Accept []string }
		if err := json.Unmarshal([]byte(line), &task); err != nil || len(task.Accept) != 1 {
			t.Fatalf("line %q: accept %v, %v", line, task.Accept, err)
		}
		chosen = append(chosen, task.Accept[0])
	}
	recs := readRecords(t, []string{path}, formats.FormatProdigy, formats.Options{})
	if len(recs) != len(chosen) {
		t.Fatalf("%d records for %d lines", len(recs), len(chosen))
	}
	var anns []*formats.Annotation
	for i, rec := range recs {
		want := model.Attributes{{Name: model.AttributeKB, Value: chosen[i]}}
		if len(rec.Spans) != 1 || !slices.Equal(rec.Spans[0].Attributes, want) {
			t.Errorf("line %d: spans %+v, want one with %+v", rec.Line, rec.Spans, want)
		}
		if rec.NotKept != nil {
			t.Errorf("line %d: NotKept %v, want the link kept", rec.Line, rec.NotKept)
		}
		anns = append(anns, annotationOf(rec))
	}
	out, w, err := export(t, formats.FormatProdigy, formats.WriterOptions{}, anns...)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.(formats.AttributesLeftOut).AttributesLeftOut(); got != nil {
		t.Errorf("AttributesLeftOut = %v, want nothing", got)
	}
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var task struct {
			Spans []map[string]any
		}
		if err := json.Unmarshal([]byte(line), &task); err != nil {
			t.Fatal(err)
		}
		if len(task.Spans) != 1 || task.Spans[0]["kb_id"] != chosen[i] {
			t.Errorf("exported line %d: spans %v, want kb_id %q", i+1, task.Spans, chosen[i])
		}
	}
	back := readRecords(t, []string{writeFile(t, t.TempDir(), "back.jsonl", out)}, formats.FormatProdigy, formats.Options{})
	for i := range back {
		if !back[i].Spans[0].Equal(recs[i].Spans[0]) {
			t.Errorf("line %d read back as %+v, want %+v", i+1, back[i].Spans[0], recs[i].Spans[0])
		}
	}
}

// A span's own "kb_id" (spaCy's name) is read; what Prodigy cannot carry
// (other attributes, several kb_ids) is counted as left out, as it is by
// doccano, CoNLL and Hugging Face, which carry none.
func TestWriters_AttributesLeftOut(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "kb.jsonl",
		`{"text":"Putin met Erdoğan in Moscow.","spans":[{"start":0,"end":5,"label":"ACTOR","kb_id":"Q7747"},{"start":10,"end":17,"label":"ACTOR","kb_id":null},{"start":21,"end":27,"label":"PLACE","kb_id":""}],"answer":"accept"}`+"\n")
	rec := readOne(t, path, formats.FormatProdigy)
	if want := (model.Attributes{{Name: model.AttributeKB, Value: "Q7747"}}); !slices.Equal(rec.Spans[0].Attributes, want) || rec.Spans[1].Attributes != nil || rec.Spans[2].Attributes != nil {
		t.Errorf("attributes %+v, %+v, %+v; want kb_id Q7747 on the first span only", rec.Spans[0].Attributes, rec.Spans[1].Attributes, rec.Spans[2].Attributes)
	}
	bad := writeFile(t, dir, "bad.jsonl", `{"text":"Putin","spans":[{"start":0,"end":5,"label":"ACTOR","kb_id":42}]}`+"\n")
	checkInputError(t, firstError(t, []string{bad}, formats.FormatProdigy, formats.Options{}), bad, 1, false, "kb_id must be a string")

	a := annotationOf(rec)
	a.Spans = slices.Clone(a.Spans)
	a.Spans[0].Attributes = model.Attributes{{Name: "Negated"}, {Name: model.AttributeKB, Value: "Q7747"}}
	a.Spans[1].Attributes = model.Attributes{{Name: model.AttributeKB, Value: "Q1"}, {Name: model.AttributeKB, Value: "Q2"}}
	a.Spans[2].Attributes = model.Attributes{{Name: "comment", Value: "the city", Text: true}}
	all := map[string]int{"Negated": 1, model.AttributeKB: 3, "comment": 1}
	for _, tt := range []struct {
		format formats.Format
		want   map[string]int
	}{
		{formats.FormatProdigy, map[string]int{"Negated": 1, model.AttributeKB: 2, "comment": 1}},
		{formats.FormatDoccano, all},
		{formats.FormatCoNLL, all},
		{formats.FormatHF, all},
	} {
		out, w, err := export(t, tt.format, formats.WriterOptions{Labels: []string{"ACTOR", "PLACE"}}, a)
		if err != nil {
			t.Fatalf("%s: %v", tt.format, err)
		}
		if got := w.(formats.AttributesLeftOut).AttributesLeftOut(); !maps.Equal(got, tt.want) {
			t.Errorf("%s: AttributesLeftOut = %v, want %v", tt.format, got, tt.want)
		}
		if tt.format == formats.FormatProdigy && (strings.Count(out, `"kb_id":`) != 1 || !strings.Contains(out, `"label":"ACTOR","kb_id":"Q7747"}`)) {
			t.Errorf("prodigy: want kb_id written on the first span only:\n%s", out)
		}
	}
	if got, want := formats.AttributesLeftOutLine(all), "5 span attributes left out: Negated (1), comment (1), kb_id (3)"; got != want {
		t.Errorf("AttributesLeftOutLine = %q, want %q", got, want)
	}
}
