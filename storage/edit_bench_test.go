package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// The cost of one undo step through the edit commands on the project file,
// the path a label key takes: EditOne is one span, EditBatch200 is 200
// spans as one step (label all in a document, accept all agreed). Each op
// does the step and undoes it, so the document stays the same size. The
// ratio of the two says whether a batch is one transaction (the target is
// at most 3x) or one per span.
func BenchmarkEditOne(b *testing.B) { benchmarkEdit(b, 1) }

func BenchmarkEditBatch200(b *testing.B) { benchmarkEdit(b, 200) }

func benchmarkEdit(b *testing.B, n int) {
	ctx := context.Background()
	db := mustOpen(b)
	const word = "Ankara and Moscow met in Idlib. "
	text := strings.Repeat(word, 400)
	doc := mustAddDocument(b, db, text)
	// A span already there keeps the document in progress, so a step's
	// status bookkeeping is the same in every op.
	if _, err := db.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 6, Label: "PLACE"}); err != nil {
		b.Fatal(err)
	}
	cmds := make([]edit.Command, n)
	for i := range cmds {
		at := (i + 1) * len(word) // "Ankara" of the (i+1)-th sentence
		cmds[i] = edit.AddSpan(doc, "alice", model.Span{Start: at, End: at + 6, Label: "PLACE"}, "Ankara")
	}
	step := cmds[0]
	if n > 1 {
		step = edit.Batch("label all", cmds...)
	}
	// Through the history, as the window does: it runs a step as one unit
	// of work when the store can.
	h := edit.NewHistory(db, 0)
	for b.Loop() {
		if err := h.Do(ctx, step); err != nil {
			b.Fatal(err)
		}
		if _, err := h.Undo(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
