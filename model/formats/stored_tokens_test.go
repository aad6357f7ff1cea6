package formats_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// storedAnnotation is what an export gets for a record imported with its
// tokens: the document, its spans and its stored tokens.
func storedAnnotation(rec *formats.Record) *formats.Annotation {
	return &formats.Annotation{
		Document:  model.Document{ExternalID: rec.ExternalID, Text: rec.Text},
		Annotator: "ann", Status: model.StatusDone, Spans: rec.Spans, Tokens: rec.Tokens,
	}
}

// A Prodigy task whose tokens are not the tokenizer's ("self-driving" and
// "Erdoğan's" whole, a flag split in two) keeps them, and its export writes
// the same tokens and the same token_start/token_end.
func TestProdigyTokensComeBack(t *testing.T) {
	in := `{"text":"Erdoğan's self-driving 🇹🇷 cars","tokens":[` +
		`{"text":"Erdoğan's","start":0,"end":9,"id":0,"ws":true},{"text":"self-driving","start":10,"end":22,"id":1,"ws":true},` +
		`{"text":"🇹","start":23,"end":24,"id":2,"ws":false},{"text":"🇷","start":24,"end":25,"id":3,"ws":true},{"text":"cars","start":26,"end":30,"id":4,"ws":false}],` +
		`"spans":[{"start":0,"end":9,"token_start":0,"token_end":0,"label":"ACTOR"},{"start":10,"end":30,"token_start":1,"token_end":4,"label":"THING"}],"answer":"accept"}`
	rec := readOne(t, writeFile(t, t.TempDir(), "in.jsonl", in+"\n"), formats.FormatProdigy)
	wantToks := []model.Token{{Start: 0, End: 9, SentenceStart: true}, {Start: 10, End: 22}, {Start: 23, End: 24}, {Start: 24, End: 25}, {Start: 26, End: 30}}
	if !reflect.DeepEqual(rec.Tokens, wantToks) {
		t.Fatalf("tokens read %+v, want %+v", rec.Tokens, wantToks)
	}
	out, _, err := export(t, formats.FormatProdigy, formats.WriterOptions{}, storedAnnotation(rec))
	if err != nil {
		t.Fatal(err)
	}
	var src, back struct {
		Tokens []map[string]any `json:"tokens"`
		Spans  []struct {
			TokenStart int `json:"token_start"`
			TokenEnd   int `json:"token_end"`
		} `json:"spans"`
	}
	if err := json.Unmarshal([]byte(in), &src); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Tokens, src.Tokens) {
		t.Errorf("tokens written %v\nwant %v", back.Tokens, src.Tokens)
	}
	if !reflect.DeepEqual(back.Spans, src.Spans) {
		t.Errorf("token_start/token_end written %+v, want %+v", back.Spans, src.Spans)
	}
}

// Prodigy tokens that do not fit the text are not kept, and the summary
// says so; the record itself is read.
func TestProdigyTokensThatDoNotFit(t *testing.T) {
	in := `{"text":"Putin met Erdoğan","tokens":[{"text":"Putin","start":0,"end":5},{"text":"met","start":4,"end":9}],"answer":"accept"}`
	rec := readOne(t, writeFile(t, t.TempDir(), "in.jsonl", in+"\n"), formats.FormatProdigy)
	if rec.Tokens != nil || rec.NotKept["token lists that do not fit the text"] != 1 {
		t.Fatalf("tokens %+v, not kept %v: want none kept and one counted", rec.Tokens, rec.NotKept)
	}
}

// CoNLL sentences and middle columns come back line for line from the
// reader to the writer; a document without stored tokens is tokenized as
// before.
func TestCoNLLStoredTokensComeBack(t *testing.T) {
	in := "-DOCSTART- -X- O O\n\nSelf-driving NN B-NP O\ncars NNS I-NP O\n\nErdoğan NNP B-NP B-ACTOR\n's POS B-NP O\n🇹🇷 NN I-NP O\n\n"
	rec := readOne(t, writeFile(t, t.TempDir(), "in.conll", in), formats.FormatCoNLL)
	if len(rec.Tokens) != 5 || !rec.Tokens[2].SentenceStart || rec.Tokens[1].SentenceStart ||
		strings.Join(rec.Tokens[3].Columns, " ") != "POS B-NP" {
		t.Fatalf("tokens read %+v", rec.Tokens)
	}
	out, _, err := export(t, formats.FormatCoNLL, formats.WriterOptions{}, storedAnnotation(rec))
	if err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Fatalf("export\n%s\nwant\n%s", out, in)
	}
	plain := storedAnnotation(rec)
	plain.Tokens = nil
	out, _, err = export(t, formats.FormatCoNLL, formats.WriterOptions{}, plain)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Self -X- _ O\n- -X- _ O\n") {
		t.Fatalf("without stored tokens the tokenizer's: %s", out)
	}
}
