package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// BenchmarkOpenDocument1M opens a 1,000,000-character document with 10,000
// spans as the window does: Snapshot is app.OpenDocument, one read unit;
// Calls is how the window read it before, one store call per part, each on
// its own. The target is Snapshot no slower than Calls.
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
