package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

// The cost of keeping the main project file whole (durable.go), per label:
//   - Burst: a label in a run of labels, the common case: no extra work.
//   - AfterIdle: the first label after the window checkpointed, which
//     first marks the main file (one more commit and a checkpoint).
//   - IdleCheckpoint: the window's checkpoint after a label.
//
// Each label is fsynced (synchronous=FULL), so these measure the disk.
func BenchmarkLabelWrite(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	doc := mustAddDocument(b, db, strings.Repeat("Ankara and Moscow met in Idlib. ", 2000))
	i := 0
	label := func() {
		if _, err := db.AddSpan(ctx, doc, "alice", model.Span{Start: i, End: i + 1, Label: "PLACE"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.Run("Burst", func(b *testing.B) {
		label()
		for b.Loop() {
			label()
		}
	})
	b.Run("AfterIdle", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			must(b, db.Checkpoint(ctx))
			b.StartTimer()
			label()
		}
	})
	b.Run("IdleCheckpoint", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			label()
			b.StartTimer()
			must(b, db.Checkpoint(ctx))
		}
	})
}
