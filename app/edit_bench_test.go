package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// The cost of one undo step as the window takes it, through app.Editor on
// the project file: the step, and the document's state read back for the
// redraw, in one write transaction. EditOne is one span (a label key),
// EditBatch200 is 200 spans as one step (label all in a document, accept
// all agreed). Each op does the step and undoes it, so the document stays
// the same size. The ratio of the two says whether a batch is one
// transaction (the target is at most 3x) or one per span.
func BenchmarkEditOne(b *testing.B) { benchmarkEdit(b, 1) }

func BenchmarkEditBatch200(b *testing.B) { benchmarkEdit(b, 200) }

func benchmarkEdit(b *testing.B, n int) {
	ctx := context.Background()
	const word = "Ankara and Moscow met in Idlib. "
	db, ids := mustProject(b, strings.Repeat(word, 400))
	doc := ids[0]
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
	e := app.NewEditor(db)
	alice := app.Layer{Person: "alice"}
	for b.Loop() {
		state, err := e.Do(ctx, doc, alice, step)
		if err != nil || len(state.Spans) != n+1 {
			b.Fatal(len(state.Spans), err)
		}
		if _, state, err = e.Undo(ctx, doc, alice); err != nil || len(state.Spans) != 1 {
			b.Fatal(len(state.Spans), err)
		}
	}
}
