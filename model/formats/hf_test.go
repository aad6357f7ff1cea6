package formats_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/tokenize"
)

// hfExample is the Hugging Face line of the formats notes, verbatim, and
// hfExampleTags the label list it ships with.
const (
	hfExample = `{"id":"0","tokens":["Putin","met","Erdoğan","in","Moscow",";","34","soldiers","died","🇹🇷","."],"ner_tags":[1,0,1,0,3,0,5,0,0,0,0]}`
	// hfExampleOut is hfExample as the writer writes it: with the text
	// after each token, so that the text comes back exactly.
	hfExampleOut  = `{"id":"0","tokens":["Putin","met","Erdoğan","in","Moscow",";","34","soldiers","died","🇹🇷","."],"ner_tags":[1,0,1,0,3,0,5,0,0,0,0],"whitespace":[" "," "," "," ",""," "," "," "," ","",""]}`
	hfExampleTags = `["O","B-ACTOR","I-ACTOR","B-PLACE","I-PLACE","B-FIGURE","I-FIGURE"]`
)

func TestReadHF_Example(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "labels.json", hfExampleTags)
	path := writeFile(t, dir, "train.jsonl", hfExample+"\n")
	rec := readOne(t, path, formats.FormatHF)
	if rec.Text != exampleRebuilt {
		t.Fatalf("Text = %q, want %q", rec.Text, exampleRebuilt)
	}
	checkSpans(t, rec, exampleRebuiltSpans)
	if rec.Line != 1 || rec.ExternalID != "0" || rec.Source != path {
		t.Errorf("Line, ExternalID, Source = %d, %q, %q", rec.Line, rec.ExternalID, rec.Source)
	}
}

func TestReadHF_StringTags(t *testing.T) {
	// No labels.json needed; BIOES tags; a number id and no id.
	content := `{"id":7,"tokens":["Vladimir","Putin","met","Erdoğan"],"ner_tags":["B-PER","E-PER","O","S-PER"]}` + "\n" +
		"\n" +
		`{"tokens":["北京"],"ner_tags":["B-LOC"],"pos_tags":[1]}` + "\n"
	path := writeFile(t, t.TempDir(), "t.jsonl", content)
	recs := readRecords(t, []string{path}, formats.FormatHF, formats.Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	if recs[0].Text != "Vladimir Putin met Erdoğan" || recs[0].ExternalID != "7" {
		t.Errorf("first: %q, %q", recs[0].Text, recs[0].ExternalID)
	}
	checkSpans(t, recs[0], []wantSpan{{0, 14, "PER", "Vladimir Putin"}, {19, 26, "PER", "Erdoğan"}})
	if recs[1].Text != "北京" || recs[1].ExternalID != "t.jsonl#3" || recs[1].Line != 3 {
		t.Errorf("second: %q, %q, line %d", recs[1].Text, recs[1].ExternalID, recs[1].Line)
	}
	checkSpans(t, recs[1], []wantSpan{{0, 2, "LOC", "北京"}})
}

func TestReadHF_Whitespace(t *testing.T) {
	// With spaCy's whitespace flags the original text comes back exactly;
	// escapes in tokens are decoded.
	content := `{"tokens":["Putin","met","Erdo\u011fan","in","Moscow",";","34","soldiers","died","\ud83c\uddf9\ud83c\uddf7","."],` +
		`"ws":[true,true,true,true,false,true,true,true,true,false,true],"ner_tags":["B-ACTOR","O","B-ACTOR","O","B-PLACE","O","B-FIGURE","O","O","O","O"]}` + "\n" +
		`{"tokens":["a","b"],"whitespace":[false,false],"ner_tags":["O","O"]}` + "\n"
	path := writeFile(t, t.TempDir(), "ws.jsonl", content)
	recs := readRecords(t, []string{path}, formats.FormatHF, formats.Options{})
	if recs[0].Text != example {
		t.Fatalf("Text = %q, want %q", recs[0].Text, example)
	}
	checkSpans(t, recs[0], exampleSpans)
	if recs[1].Text != "ab" {
		t.Errorf("Text = %q, want \"ab\"", recs[1].Text)
	}
}

func TestReadHF_MissingLabelsJSON(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "train.jsonl", `{"tokens":["a"],"ner_tags":["O"]}`+"\n"+hfExample+"\n"+hfExample+"\n")
	items := readAll(t, []string{path}, formats.FormatHF, formats.Options{})
	// The first line needs no labels.json; the second stops the file.
	if len(items) != 2 || items[0].rec == nil {
		t.Fatalf("got %+v, want a record and a Fatal error", items)
	}
	checkInputError(t, items[1].err, path, 2, true, "labels.json")
	if !strings.Contains(items[1].err.Msg, "missing") {
		t.Errorf("message %q does not say labels.json is missing", items[1].err.Msg)
	}
}

func TestReadHF_BadLabelsJSON(t *testing.T) {
	for name, labels := range map[string]string{
		"NotAList":  `"O"`,
		"BadPrefix": `["O","X-PER"]`,
		"Numbers":   `[0,1]`,
		"Empty":     `[]`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "labels.json", labels)
			path := writeFile(t, dir, "train.jsonl", `{"tokens":["a"],"ner_tags":[0]}`+"\n")
			checkInputError(t, firstError(t, []string{path}, formats.FormatHF, formats.Options{}), path, 1, true, "labels.json")
		})
	}
}

func TestReadHF_Errors(t *testing.T) {
	tests := []struct {
		name, line, phrase string
	}{
		{"Malformed", `{"tokens":["a"],}`, "malformed JSON"},
		{"NotObject", `["a"]`, "not a JSON object"},
		{"InvalidUTF8", "{\"tokens\":[\"caf\xe9\"],\"ner_tags\":[0]}", "not valid UTF-8"},
		{"NoTokens", `{"ner_tags":[0]}`, `missing "tokens"`},
		{"NoTags", `{"tokens":["a"]}`, `missing "ner_tags"`},
		{"TokensNotList", `{"tokens":"a b","ner_tags":[0]}`, `"tokens" must be a list`},
		{"EmptyTokens", `{"tokens":[],"ner_tags":[]}`, `"tokens" is empty`},
		{"LengthMismatch", `{"tokens":["a","b"],"ner_tags":[0]}`, `"tokens" has 2 entries but "ner_tags" has 1`},
		{"IDOutOfRange", `{"tokens":["a"],"ner_tags":[7]}`, "labels.json has no tag with that id (its ids go from 0 to 6)"},
		{"NegativeID", `{"tokens":["a"],"ner_tags":[-1]}`, "ner_tags[0] is -1"},
		{"FloatID", `{"tokens":["a"],"ner_tags":[1.0]}`, "must be a whole number"},
		{"BadTagString", `{"tokens":["a"],"ner_tags":["X-PER"]}`, `ner_tags[0]: tag "X-PER"`},
		{"TagNull", `{"tokens":["a"],"ner_tags":[null]}`, "ner_tags[0] must be a tag id or a tag string"},
		{"TokenNotString", `{"tokens":[1],"ner_tags":[0]}`, "tokens[0] must be a string"},
		{"TokenEmpty", `{"tokens":["a",""],"ner_tags":[0,0]}`, "tokens[1] is empty"},
		{"TokenWithSpace", `{"tokens":["New York"],"ner_tags":[0]}`, "tokens[0] (\"New York\") contains white space"},
		{"TokenWithEscapedNewline", `{"tokens":["a\nb"],"ner_tags":[0]}`, "contains white space"},
		{"WSMismatch", `{"tokens":["a","b"],"ner_tags":[0,0],"ws":[true]}`, `"ws" has 1 entries`},
		{"WSNotBool", `{"tokens":["a"],"ner_tags":[0],"ws":[1]}`, "ws[0] must be true or false"},
		{"IDWrongType", `{"id":[1],"tokens":["a"],"ner_tags":[0]}`, `"id" must be a string or a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "labels.json", hfExampleTags)
			// The bad line is line 2, between good ones.
			path := writeFile(t, dir, "bad.jsonl", hfExample+"\n"+tt.line+"\n"+hfExample+"\n")
			items := readAll(t, []string{path}, formats.FormatHF, formats.Options{})
			if len(items) != 3 || items[0].rec == nil || items[2].rec == nil {
				t.Fatalf("got %+v, want record, error, record", items)
			}
			checkInputError(t, items[1].err, path, 2, false, tt.phrase)
		})
	}
}

var exampleLabels = []string{"ACTOR", "PLACE", "FIGURE"}

func TestHFWriter_Example(t *testing.T) {
	second := exampleAnnotation()
	second.Spans = second.Spans[2:]
	out, _, err := export(t, formats.FormatHF, formats.WriterOptions{Labels: exampleLabels}, exampleAnnotation(), second)
	if err != nil {
		t.Fatal(err)
	}
	want := hfExampleOut + "\n" +
		`{"id":"1","tokens":["Putin","met","Erdoğan","in","Moscow",";","34","soldiers","died","🇹🇷","."],"ner_tags":[0,0,0,0,3,0,5,0,0,0,0],"whitespace":[" "," "," "," ",""," "," "," "," ","",""]}` + "\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if got := formats.HFTags(exampleLabels, formats.SchemeIOB2); strings.Join(got, ",") != strings.Trim(strings.ReplaceAll(hfExampleTags, `"`, ""), "[]") {
		t.Errorf("HFTags = %v, want %s", got, hfExampleTags)
	}
}

// The annotator's document note rides in the record and comes back.
func TestHFNote(t *testing.T) {
	a := exampleAnnotation()
	a.Note = "ambiguous: \"Ankara\" is the government"
	out, _, err := export(t, formats.FormatHF, formats.WriterOptions{Labels: exampleLabels}, a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"annotator_note":"ambiguous: \"Ankara\" is the government"}`) {
		t.Fatalf("no note in %s", out)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "train.jsonl")
	os.WriteFile(path, []byte(out), 0o644)
	tags, _ := json.Marshal(formats.HFTags(exampleLabels, formats.SchemeIOB2))
	os.WriteFile(filepath.Join(dir, "labels.json"), tags, 0o644)
	r, err := formats.OpenPaths([]string{path}, formats.FormatHF, formats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Note != a.Note {
		t.Fatalf("note came back as %q, want %q", rec.Note, a.Note)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"tokens":["a"],"ner_tags":[0],"annotator_note":3}`+"\n"), 0o644)
	r, _ = formats.OpenPaths([]string{bad}, formats.FormatHF, formats.Options{})
	defer r.Close()
	if _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "bad.jsonl:1: annotator_note must be a string") {
		t.Fatalf("a note that is not a string: %v", err)
	}
}

func TestHFWriter_BIOES(t *testing.T) {
	a := exampleAnnotation()
	a.Spans = []model.Span{{Start: 0, End: 17, Label: "FIGURE"}, {Start: 21, End: 27, Label: "PLACE"}} // Putin met Erdoğan; Moscow
	out, _, err := export(t, formats.FormatHF, formats.WriterOptions{Labels: exampleLabels, Scheme: formats.SchemeBIOES}, a)
	if err != nil {
		t.Fatal(err)
	}
	// O=0, ACTOR 1-4, PLACE 5-8, FIGURE 9-12 (B, I, E, S).
	if want := `"ner_tags":[9,10,11,0,8,0,0,0,0,0,0],`; !strings.Contains(out, want) {
		t.Errorf("got %s, want it to end %s", out, want)
	}
}

func TestHFWriter_UnknownLabel(t *testing.T) {
	var out strings.Builder
	w, err := formats.NewWriter(formats.FormatHF, &out, formats.WriterOptions{Labels: []string{"ACTOR", "PLACE"}})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Write(exampleAnnotation())
	if err == nil || !strings.Contains(err.Error(), `"FIGURE"`) || !strings.Contains(err.Error(), "example-1") {
		t.Fatalf("Write = %v, want an error naming FIGURE and the document", err)
	}
	if err := w.Close(); err != nil || out.Len() != 0 {
		t.Errorf("Close = %v, output %q: want nothing written", err, out.String())
	}
}

func TestHFWriter_Misaligned(t *testing.T) {
	a := exampleAnnotation()
	a.Spans[0].End = 3 // "Put"
	_, _, err := export(t, formats.FormatHF, formats.WriterOptions{Labels: exampleLabels}, a)
	var ae *formats.AlignmentError
	if !errors.As(err, &ae) || len(ae.Spans) != 1 || ae.Spans[0].Text != "Put" || ae.Format != formats.FormatHF {
		t.Fatalf("Close = %v, want an *AlignmentError for \"Put\"", err)
	}
	out, w, err := export(t, formats.FormatHF, formats.WriterOptions{Labels: exampleLabels, Snap: true}, a)
	if err != nil || out != hfExampleOut+"\n" || w.(formats.Snapper).Snapped() != 1 {
		t.Fatalf("snapped: %v, %q", err, out)
	}
}

func TestHFWriter_RoundTrip(t *testing.T) {
	anns := randomAnnotations(3, 300)
	for _, scheme := range []formats.Scheme{formats.SchemeIOB1, formats.SchemeIOB2, formats.SchemeBIOES} {
		t.Run(string(scheme), func(t *testing.T) {
			dir := t.TempDir()
			opts := formats.WriterOptions{Labels: randomLabs, Scheme: scheme}
			path := writeExport(t, dir, "train.jsonl", formats.FormatHF, opts, anns)
			tags, err := json.Marshal(formats.HFTags(randomLabs, scheme))
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "labels.json", string(tags))
			checkExactRoundTrip(t, anns, readRecords(t, []string{path}, formats.FormatHF, formats.Options{}))
		})
	}
}

// checkExactRoundTrip checks that records read back from a token export
// that records the text between tokens (hf) have the annotations' texts,
// spans and tokens exactly: importing the export finds the same documents.
func checkExactRoundTrip(t *testing.T, anns []*formats.Annotation, recs []*formats.Record) {
	t.Helper()
	if len(recs) != len(anns) {
		t.Fatalf("read %d records, want %d", len(recs), len(anns))
	}
	for i, rec := range recs {
		a := anns[i]
		if rec.Text != a.Document.Text {
			t.Fatalf("record %d: text %q, want %q", i, rec.Text, a.Document.Text)
		}
		if len(rec.Spans) != len(a.Spans) {
			t.Fatalf("record %d: %d spans, want %d", i, len(rec.Spans), len(a.Spans))
		}
		for k, s := range rec.Spans {
			if s.Start != a.Spans[k].Start || s.End != a.Spans[k].End || s.Label != a.Spans[k].Label {
				t.Fatalf("record %d span %d: %+v, want %+v", i, k, s, a.Spans[k])
			}
		}
		want := tokenize.Tokenize(a.Document.Text)
		if len(rec.Tokens) != len(want) {
			t.Fatalf("record %d: %d tokens, want %d", i, len(rec.Tokens), len(want))
		}
		for k, tok := range rec.Tokens {
			if tok.Start != want[k].Start || tok.End != want[k].End {
				t.Fatalf("record %d token %d: [%d, %d), want [%d, %d)", i, k, tok.Start, tok.End, want[k].Start, want[k].End)
			}
		}
	}
}
