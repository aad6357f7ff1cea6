package formats_test

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// doccano 0.x's "JSONL" download (doccano's JSONPainter) writes each
// document's "annotations" with the label's id, the offsets and the user's
// id. The spans are read, under labels named by the id, each user's as
// their own set; the file's first such record comes after one warning that
// says why the labels are numbers and how to name them.
func TestReadDoccano0xDownload(t *testing.T) {
	content := `{"id": 1, "text": "EU rejects ...", "annotations": [{"id": 1, "label": 2, "start_offset": 0, "end_offset": 2, "user": 1}], "meta": {}}` + "\n" +
		`{"id": 2, "text": "Peter Blackburn", "annotations": [{"label": 1, "start_offset": 0, "end_offset": 15, "user": 1}, {"label": 3, "start_offset": 6, "end_offset": 15, "user": 2}, {"label": 1, "start_offset": 0, "end_offset": 5, "user": 1}]}` + "\n" +
		`{"id": 3, "text": "nobody read this", "annotations": []}` + "\n" +
		`{"id": 4, "text": "President Obama", "annotations": [{"label": "PERSON", "start_offset": 10, "end_offset": 15}]}` + "\n"
	path := writeFile(t, t.TempDir(), "download.jsonl", content)
	items := readAll(t, []string{path}, formats.FormatDoccano, formats.Options{})
	if len(items) != 6 {
		t.Fatalf("%d items, want a warning and 5 records: %+v", len(items), items)
	}
	checkInputError(t, items[0].err, path, 1, false, `"label 2"`)
	if !items[0].err.Warning || !strings.Contains(items[0].err.Msg, "inkspan labels set") || !strings.Contains(items[0].err.Msg, "JSON(Text-Labels)") {
		t.Errorf("warning = %+v", items[0].err)
	}
	recs := make([]*formats.Record, 0, 5)
	for _, it := range items[1:] {
		if it.err != nil {
			t.Fatalf("unexpected error %v (only one warning per file)", it.err)
		}
		recs = append(recs, it.rec)
	}
	checkSpans(t, recs[0], []wantSpan{{0, 2, "label 2", "EU"}})
	if !recs[0].Annotated || recs[0].Annotator != "doccano user 1" || recs[0].Format != formats.FormatDoccano {
		t.Errorf("first: Annotated %v, Annotator %q, Format %q", recs[0].Annotated, recs[0].Annotator, recs[0].Format)
	}
	// Two users on one text: two sets, never one union.
	checkSpans(t, recs[1], []wantSpan{{0, 15, "label 1", "Peter Blackburn"}, {0, 5, "label 1", "Peter"}})
	checkSpans(t, recs[2], []wantSpan{{6, 15, "label 3", "Blackburn"}})
	if recs[1].Annotator != "doccano user 1" || recs[2].Annotator != "doccano user 2" || recs[1].Line != 2 || recs[2].Line != 2 || recs[2].Text != recs[1].Text {
		t.Errorf("the users' records: %q line %d, %q line %d", recs[1].Annotator, recs[1].Line, recs[2].Annotator, recs[2].Line)
	}
	// doccano lists every document: an empty list is nobody's work.
	if recs[3].Annotated || len(recs[3].Spans) != 0 {
		t.Errorf("empty annotations: Annotated %v, spans %v", recs[3].Annotated, recs[3].Spans)
	}
	// A label given by name, and no user: the import's annotator.
	checkSpans(t, recs[4], []wantSpan{{10, 15, "PERSON", "Obama"}})
	if recs[4].Annotator != "" {
		t.Errorf("Annotator = %q, want the import's", recs[4].Annotator)
	}
}

// A download of a text-classification or sequence-to-sequence project has
// annotations without offsets: counted, not dropped, not refused. An
// annotation with one offset is an error naming it.
func TestReadDoccano0xAnnotationsNotSpans(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "classes.jsonl",
		`{"text": "Python is awesome!", "annotations": [{"label": 4, "user": 1}, {"label": 5, "user": 2}]}`+"\n"+
			`{"text": "Hello, World!", "annotations": [{"text": "Bonjour", "user": 1}]}`+"\n")
	recs := readRecords(t, []string{path}, formats.FormatDoccano, formats.Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	if got, want := recs[0].NotKept, map[string]int{"labels of whole documents": 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("NotKept = %v, want %v", got, want)
	}
	if got, want := recs[1].NotKept, map[string]int{"texts written for a whole document": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("NotKept = %v, want %v", got, want)
	}
	bad := writeFile(t, dir, "bad.jsonl", `{"text": "EU rejects", "annotations": [{"label": 1, "start_offset": 0}]}`+"\n")
	checkInputError(t, firstError(t, []string{bad}, formats.FormatDoccano, formats.Options{}), bad, 1, false, `annotations[0]: missing "end_offset"`)
}

// Prodigy's nel and choice recipes answer with the ids of the chosen
// options in "accept": the kb_id of the task's one span (entity linking);
// with several spans, which one they link is not said, so they are
// counted as entity links (or choices, with no span to link). Meta keeps
// them as written.
func TestReadProdigyChoiceAnswers(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "nel.jsonl",
		`{"text":"Emerson won.","spans":[{"start":0,"end":7,"label":"PERSON"}],"options":[{"id":"Q48226"},{"id":"Q312545"}],"accept":["Q312545"],"answer":"accept","_view_id":"choice"}`+"\n"+
			`{"text":"Great phone.","options":[{"id":"POSITIVE"},{"id":"NEGATIVE"}],"accept":["POSITIVE"],"answer":"accept"}`+"\n"+
			`{"text":"Not sure.","spans":[{"start":0,"end":3,"label":"X"}],"accept":[],"answer":"accept"}`+"\n"+
			`{"text":"Emerson and Laver won.","spans":[{"start":0,"end":7,"label":"PERSON"},{"start":12,"end":17,"label":"PERSON"}],"accept":["Q312545"],"answer":"accept"}`+"\n")
	recs := readRecords(t, []string{path}, formats.FormatProdigy, formats.Options{})
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4", len(recs))
	}
	if recs[0].NotKept != nil {
		t.Errorf("NotKept = %v, want the link kept", recs[0].NotKept)
	}
	checkSpans(t, recs[0], []wantSpan{{0, 7, "PERSON", "Emerson"}})
	if got, want := recs[0].Spans[0].Attributes, (model.Attributes{{Name: model.AttributeKB, Value: "Q312545"}}); !slices.Equal(got, want) {
		t.Errorf("attributes %+v, want %+v", got, want)
	}
	if got, want := recs[3].NotKept, map[string]int{"entity links": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("two spans: NotKept = %v, want %v", got, want)
	}
	checkMeta(t, recs[0], `{"options":[{"id":"Q48226"},{"id":"Q312545"}],"accept":["Q312545"]}`)
	if got, want := recs[1].NotKept, map[string]int{"choices": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("NotKept = %v, want %v", got, want)
	}
	if recs[2].NotKept != nil {
		t.Errorf("an empty accept list chose nothing, but NotKept = %v", recs[2].NotKept)
	}
}

// Tag columns beside ner_tags are counted, never dropped without a word:
// another entity layer by its spans, other tags by their lists.
func TestReadHF_OtherTagColumns(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "labels.json", `["O","B-PER","I-PER","B-ORG","I-ORG"]`)
	path := writeFile(t, dir, "nested.jsonl",
		`{"tokens":["Lehmbruck","Beuys","Museum","opens"],"ner_tags":[3,4,4,0],"nested_ner_tags":[1,1,0,0],"pos_tags":[5,5,5,7],"chunk_tags":[1,2,2,0]}`+"\n"+
			`{"tokens":["Nothing","nested"],"ner_tags":[0,0],"nested_ner_tags":[0,0]}`+"\n")
	recs := readRecords(t, []string{path}, formats.FormatHF, formats.Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	checkSpans(t, recs[0], []wantSpan{{0, 22, "ORG", "Lehmbruck Beuys Museum"}})
	want := map[string]int{"nested_ner_tags spans": 2, "pos_tags lists": 1, "chunk_tags lists": 1}
	if !reflect.DeepEqual(recs[0].NotKept, want) {
		t.Errorf("NotKept = %v, want %v", recs[0].NotKept, want)
	}
	if recs[1].NotKept != nil {
		t.Errorf("an all-O nested layer holds nothing, but NotKept = %v", recs[1].NotKept)
	}
	// The same line read as jsonl (auto's choice for .jsonl) counts the same.
	auto := readRecords(t, []string{path}, formats.FormatJSONL, formats.Options{})
	if !reflect.DeepEqual(auto[0].NotKept, want) {
		t.Errorf("jsonl: NotKept = %v, want %v", auto[0].NotKept, want)
	}
	bad := writeFile(t, filepath.Dir(path), "bad.jsonl", `{"tokens":["a","b"],"ner_tags":[0,0],"nested_ner_tags":[0]}`+"\n")
	checkInputError(t, firstError(t, []string{bad}, formats.FormatHF, formats.Options{}), bad, 1, false, `"nested_ner_tags" has 1`)
	unknown := writeFile(t, filepath.Dir(path), "unknown.jsonl", `{"tokens":["a"],"ner_tags":[0],"nested_ner_tags":[9]}`+"\n")
	checkInputError(t, firstError(t, []string{unknown}, formats.FormatHF, formats.Options{}), unknown, 1, false, "nested_ner_tags[0]")
}
