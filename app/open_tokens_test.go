package app_test

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/tokenize"
)

// conllLed is a CoNLL-2003 document whose tokens the tokenizer would cut
// otherwise: "U.S.-led" is one token, "New York-based" two.
const conllLed = "-DOCSTART- -X- -X- O\n\n" +
	"U.S.-led NNP B-NP B-MISC\nforces NNS I-NP O\nleft VBD B-VP O\nNew NNP B-NP B-LOC\nYork-based JJ I-NP O\nfirms NNS I-NP O\n. . O O\n\n" +
	"They PRP B-NP O\nmet VBD B-VP O\n. . O O\n"

// importCoNLL imports data as a CoNLL file into a new project and returns
// the project and its one document.
func importCoNLL(t *testing.T, data string) (app.Store, string) {
	t.Helper()
	ctx := context.Background()
	db := openProject(t)
	r, err := formats.Open([]formats.Input{{FS: fstest.MapFS{"in.conll": {Data: []byte(data)}}, Name: "in.conll", Path: "in.conll"}}, formats.FormatCoNLL, formats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := app.Import(ctx, db, r, app.ImportOptions{Annotator: "anna"}); err != nil {
		t.Fatal(err)
	}
	docs, err := db.Documents(ctx, "anna")
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents %+v, %v", docs, err)
	}
	return db, docs[0].ID
}

// A document that came with tokens opens with them, from the same
// snapshot, as the words the window snaps to and the sentences its keys
// move by: the source's, not the tokenizer's.
func TestOpenDocumentGivesStoredTokens(t *testing.T) {
	ctx := context.Background()
	db, doc := importCoNLL(t, conllLed)
	st := &countingStore{Store: db}
	o, err := app.OpenDocument(ctx, st, doc, app.Layer{Person: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	if st.reads.Load() != 1 {
		t.Errorf("opening took %d reads, want one snapshot", st.reads.Load())
	}
	var got []string
	for _, w := range o.Words {
		got = append(got, w.Text)
	}
	want := []string{"U.S.-led", "forces", "left", "New", "York-based", "firms", ".", "They", "met", "."}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("words %q, want the CoNLL tokens %q (text %q)", got, want, o.Document.Text)
	}
	text := []rune(o.Document.Text)
	for _, w := range o.Words {
		if string(text[w.Start:w.End]) != w.Text {
			t.Errorf("word %+v is not the text at its offsets: %q", w, string(text[w.Start:w.End]))
		}
	}
	if wantS := []tokenize.Sentence{{First: 0, End: 7}, {First: 7, End: 10}}; !reflect.DeepEqual(o.Sentences, wantS) {
		t.Errorf("sentences %v, want CoNLL's %v", o.Sentences, wantS)
	}
	if tk := tokenize.Tokenize(o.Document.Text); len(tk) == len(o.Words) {
		t.Fatalf("the tokenizer gives as many tokens (%d): the test shows nothing", len(tk))
	}
	// The spans imported with the document fall on those words.
	for _, s := range o.Spans {
		if _, _, ok := tokenize.Align(o.Words, s.Start, s.End); !ok {
			t.Errorf("span %+v is off the stored tokens", s)
		}
	}
	if len(o.Spans) != 2 {
		t.Errorf("spans %+v, want U.S.-led and New", o.Spans)
	}
}

// A document without stored tokens opens without words: the window uses
// the tokenizer's, which it makes anyway to lay the text out.
func TestOpenDocumentWithoutStoredTokens(t *testing.T) {
	db, ids := mustProject(t, idlib)
	o, err := app.OpenDocument(context.Background(), db, ids[0], app.Layer{Person: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	if o.Words != nil || o.Sentences != nil {
		t.Errorf("words %v, sentences %v; want none", o.Words, o.Sentences)
	}
	if _, err := app.OpenDocument(context.Background(), db, "0190f5b2-0000-7000-8000-0000000000ff", app.Layer{Person: "anna"}); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("unknown document: %v, want ENOTFOUND", err)
	}
}

// Label all finds a phrase among the tokens a document came with, as the
// window snaps to them: "York" is inside the stored token "York-based"
// (the tokenizer would cut it out), so it is no occurrence there, while
// "York-based" is one.
func TestLabelAllMatchesStoredTokens(t *testing.T) {
	ctx := context.Background()
	db, doc := importCoNLL(t, conllLed)
	if len(tokenize.Tokenize("New York-based")) != 4 {
		t.Fatal("the tokenizer no longer cuts York-based: the test shows nothing")
	}
	occ, ok := db.(app.OccurrenceStore)
	if !ok {
		t.Fatalf("%T is no OccurrenceStore", db)
	}
	spans, docs, err := app.CountOccurrences(ctx, occ, "anna", "York", "PLACE")
	if err != nil || spans != 0 || docs != 0 {
		t.Fatalf("York: %d spans in %d documents, %v; want none inside the token York-based", spans, docs, err)
	}
	e := app.NewEditor(db)
	state, err := e.Do(ctx, doc, app.Layer{Person: "anna"}, app.LabelAll("anna", "York-based", "PLACE", ""))
	if err != nil {
		t.Fatal(err)
	}
	var added []model.Span
	for _, s := range state.Spans {
		if s.Label == "PLACE" {
			added = append(added, s)
		}
	}
	o, err := app.OpenDocument(ctx, db, doc, app.Layer{Person: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	text := []rune(o.Document.Text)
	if len(added) != 1 || string(text[added[0].Start:added[0].End]) != "York-based" {
		t.Fatalf("label all York-based added %+v, want the one stored token", added)
	}
}
