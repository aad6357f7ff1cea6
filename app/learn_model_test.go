package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// re3dProject is a project file holding the first n documents of re3d,
// the first done of them anna's with their spans, the rest untouched.
func re3dProject(t testing.TB, n, done int) (*storage.DB, []string, []app.LearnDocument) {
	t.Helper()
	ctx := context.Background()
	src := re3dStore(t, n)
	texts := make([]string, len(src.docs))
	for i, d := range src.docs {
		texts[i] = d.Text
	}
	db, ids := mustProject(t, texts...)
	err := db.Write(ctx, func(tx app.WriteTx) error {
		for i, d := range src.docs[:done] {
			for _, s := range d.Spans {
				if _, err := tx.AddSpan(ctx, ids[i], "anna", s); err != nil && model.ErrorCode(err) != model.ECONFLICT {
					return err
				}
			}
			if err := tx.SetStatus(ctx, ids[i], "anna", model.StatusDone); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, ids, src.docs
}

// TestModelForAndSuggestWithModel: the model is trained and kept when
// there is none, read back after, trained again when the kept one is
// unreadable or names a renamed label; its suggestions are stored on an
// unfinished document once, not on a finished one, and one rejected is
// not offered again and is read back for training.
func TestModelForAndSuggestWithModel(t *testing.T) {
	ctx := context.Background()
	db, ids, _ := re3dProject(t, 14, 12)
	m, retrained, err := app.ModelFor(ctx, db, "anna", app.TrainRun{Seed: 1})
	if err != nil || !retrained || m == nil {
		t.Fatalf("first ModelFor: retrained %v, %v", retrained, err)
	}
	if _, retrained, err = app.ModelFor(ctx, db, "anna", app.TrainRun{Seed: 1}); err != nil || retrained {
		t.Fatalf("second ModelFor: retrained %v, %v; want the kept one", retrained, err)
	}
	if _, _, err := app.ModelFor(ctx, db, "bob", app.TrainRun{Seed: 1}); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("ModelFor an annotator with nothing finished: %v, want ENOTFOUND", err)
	}
	if err := db.SaveModel(ctx, "anna", app.SavedModel{Data: []byte("not a model"), Documents: 12}); err != nil {
		t.Fatal(err)
	}
	if _, retrained, err = app.ModelFor(ctx, db, "anna", app.TrainRun{Seed: 1}); err != nil || !retrained {
		t.Fatalf("ModelFor over an unreadable model: retrained %v, %v", retrained, err)
	}
	labels, _ := db.Labels(ctx)
	renamed := make([]model.Label, len(labels))
	copy(renamed, labels)
	for i := range renamed {
		if renamed[i].Name == "ACTOR" {
			renamed[i].Name = "PERSON"
		}
	}
	if err := db.SetLabels(ctx, map[string]string{"ACTOR": "PERSON"}, renamed); err != nil {
		t.Fatal(err)
	}
	settings, _ := db.Settings(ctx)
	if _, _, err := app.LoadModel(ctx, db, "anna", renamed, settings); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("LoadModel after ACTOR was renamed: %v, want EINVALID", err)
	}
	m, retrained, err = app.ModelFor(ctx, db, "anna", app.TrainRun{Seed: 1})
	if err != nil || !retrained || !contains(m.Labels(), "PERSON") || contains(m.Labels(), "ACTOR") {
		t.Fatalf("ModelFor after the rename: retrained %v, labels %v, %v", retrained, m.Labels(), err)
	}

	doc := ids[13]
	added, err := app.SuggestWithModel(ctx, db, "anna", m, doc, 0)
	if err != nil || added < 3 {
		t.Fatalf("SuggestWithModel stored %d, %v", added, err)
	}
	pending, err := db.Suggestions(ctx, doc, "anna")
	if err != nil || len(pending) != added {
		t.Fatalf("%d pending, %v; want the %d stored", len(pending), err, added)
	}
	for _, s := range pending {
		if s.Source != model.SourceModel || s.Confidence <= 0 || s.Confidence > 1 {
			t.Fatalf("stored %+v, want source model with a confidence", s)
		}
	}
	if err := db.RejectSuggestion(ctx, doc, "anna", pending[0].ID); err != nil {
		t.Fatal(err)
	}
	if again, err := app.SuggestWithModel(ctx, db, "anna", m, doc, 0); err != nil || again != 0 {
		t.Fatalf("SuggestWithModel again stored %d, %v; want none: the rest pending, one rejected", again, err)
	}
	var rejected []model.Span
	if err := db.LearnDocuments(ctx, "anna", func(d app.LearnDocument) error {
		if d.ID == doc {
			rejected = d.Rejected
		}
		return nil
	}); err != nil || len(rejected) != 1 || !rejected[0].SameAs(pending[0].Span()) {
		t.Fatalf("training reads %v rejected on the document, %v; want the one", rejected, err)
	}
	if n, err := app.SuggestWithModel(ctx, db, "anna", m, ids[0], 0); err != nil || n != 0 {
		t.Fatalf("SuggestWithModel on a done document stored %d, %v", n, err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// BenchmarkSuggestWithModel is what the window waits for (on the load's
// goroutine, never a key press) as it opens an unfinished document when
// the annotator has a model: read the document, tag it, store the
// suggestions, for one of re3d's 15 unseen press releases with a
// model of 30 finished documents. Reopen is the same document opened
// again: read and tag, nothing to store. Train is one background training
// after a document is marked done.
func BenchmarkSuggestWithModel(b *testing.B) {
	ctx := context.Background()
	db, ids, docs := re3dProject(b, 45, 30)
	m, _, err := app.ModelFor(ctx, db, "anna", app.TrainRun{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	fresh := 0 // documents added so far: b.Run calls Open with growing b.N
	b.Run("Open", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			// A fresh unfinished document each time, from the 15 unseen.
			fresh++
			text := docs[30+fresh%15].Text + fmt.Sprintf("\n\n%d", fresh)
			id, _, err := db.AddDocument(ctx, model.Document{Text: text})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if n, err := app.SuggestWithModel(ctx, db, "anna", m, id, 0); err != nil || n == 0 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("Reopen", func(b *testing.B) {
		doc := ids[40]
		if _, err := app.SuggestWithModel(ctx, db, "anna", m, doc, 0); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if n, err := app.SuggestWithModel(ctx, db, "anna", m, doc, 0); err != nil || n != 0 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("Train", func(b *testing.B) {
		for b.Loop() {
			if _, err := app.TrainModel(ctx, db, "anna", app.TrainRun{Seed: 1}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
