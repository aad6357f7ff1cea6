package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/tokenize"
)

// BenchmarkOpenDocument1M opens a 1,000,000-character document with 10,000
// spans as the window does: Snapshot is app.OpenDocument, one read unit;
// Calls is how the window read it before, one store call per part, each on
// its own. The target is Snapshot no slower than Calls. StoredTokens is
// Snapshot for a document imported with its tokens; NoTokens the part of
// Snapshot that looks for tokens on a document without.
func BenchmarkOpenDocument1M(b *testing.B) {
	ctx := context.Background()
	const sentence = "Ankara and Moscow met in Idlib, where 34 soldiers died. "
	text := strings.Repeat(sentence, 1_000_000/len(sentence)+1)[:1_000_000]
	db, ids := mustProject(b, text)
	doc := ids[0]
	err := db.Write(ctx, func(tx app.WriteTx) error {
		for i := range 10_000 {
			at := i * 100 // 10,000 spans spread over the text, none overlapping
			if _, err := tx.AddSpan(ctx, doc, "anna", model.Span{Start: at, End: at + 6, Label: "PLACE"}); err != nil {
				return err
			}
		}
		return tx.SetNote(ctx, doc, "anna", "long")
	})
	if err != nil {
		b.Fatal(err)
	}
	layer := app.Layer{Person: "anna"}

	b.Run("Snapshot", func(b *testing.B) {
		for b.Loop() {
			o, err := app.OpenDocument(ctx, db, doc, layer)
			if err != nil || len(o.Spans) != 10_000 {
				b.Fatal(len(o.Spans), err)
			}
		}
	})
	// StoredTokens opens the same document imported with its tokens (as a
	// CoNLL one is): the snapshot reads them and makes the words the
	// window snaps to. Without stored tokens (Snapshot) that is one lookup.
	tdb := openProject(b)
	toks := tokenize.Tokenize(text)
	r := &formats.Record{Text: text, Annotator: "anna", Tokens: make([]model.Token, len(toks))}
	for i, t := range toks {
		r.Tokens[i] = model.Token{Start: t.Start, End: t.End, SentenceStart: i == 0}
	}
	for i := range 10_000 {
		r.Spans = append(r.Spans, model.Span{Start: i * 100, End: i*100 + 6, Label: "PLACE"})
	}
	if _, err := app.Import(ctx, tdb, records(r), app.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	docs, err := tdb.Documents(ctx, "anna")
	if err != nil || len(docs) != 1 {
		b.Fatal(len(docs), err)
	}
	b.Run("StoredTokens", func(b *testing.B) {
		for b.Loop() {
			o, err := app.OpenDocument(ctx, tdb, docs[0].ID, layer)
			if err != nil || len(o.Spans) != 10_000 || len(o.Words) != len(toks) {
				b.Fatal(len(o.Spans), len(o.Words), err)
			}
		}
	})
	// NoTokens is what Snapshot reads beyond what it read before documents
	// kept tokens: the lookup that finds the document has none.
	b.Run("NoTokens", func(b *testing.B) {
		for b.Loop() {
			err := db.Read(ctx, func(tx app.ReadTx) error {
				toks, err := tx.Tokens(ctx, doc)
				if toks != nil {
					b.Fatal("tokens on a document imported without")
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Calls", func(b *testing.B) {
		for b.Loop() {
			d, err := db.Document(ctx, doc)
			if err != nil {
				b.Fatal(err)
			}
			spans, err := db.Spans(ctx, doc, "anna")
			if err != nil || len(spans) != 10_000 || len(d.Text) == 0 {
				b.Fatal(len(spans), err)
			}
			if _, err := db.Suggestions(ctx, doc, "anna"); err != nil {
				b.Fatal(err)
			}
			if _, err := db.Note(ctx, doc, "anna"); err != nil {
				b.Fatal(err)
			}
			if _, err := db.Status(ctx, doc, "anna"); err != nil {
				b.Fatal(err)
			}
			if _, err := db.Finished(ctx, "anna"); err != nil {
				b.Fatal(err)
			}
			if _, err := db.Relations(ctx, doc, "anna"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
