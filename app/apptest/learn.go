package apptest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// LearnStore is a store that training a learned model reads and keeps the
// model in (app.LearnModelStore), besides the units of work.
type LearnStore interface {
	app.Store
	app.LearnModelStore
}

// OpenLearn is Open for a LearnStore.
type OpenLearn func(t *testing.T) (store LearnStore, documentIDs []string)

// TestLearnStore checks what a learned model reads and where it is kept
// (issue 16): the annotator's done documents in the order they were
// finished with their spans and rejected suggestions, then the documents in
// progress they rejected a suggestion on; the model's suggestions with
// their source and confidence; the saved model replaced and read back.
func TestLearnStore(t *testing.T, open OpenLearn) {
	t.Run("Documents", func(t *testing.T) { testLearnDocuments(t, open) })
	t.Run("ModelSuggestions", func(t *testing.T) { testModelSuggestions(t, open) })
	t.Run("SavedModel", func(t *testing.T) { testSavedModel(t, open) })
}

func testLearnDocuments(t *testing.T, open OpenLearn) {
	ctx := context.Background()
	st, ids := open(t)
	putin := model.Span{Start: 0, End: 5, Label: "ACTOR"}
	border := model.Span{Start: 42, End: 56, Label: "PLACE"}
	rejected := model.Suggestion{ID: "0190f5b2-0000-7000-8000-00000000b001", Start: 3, End: 8, Label: "ACTOR", Source: model.SourceModel, Confidence: 0.4}
	wrongFigure := model.Suggestion{ID: "0190f5b2-0000-7000-8000-00000000b002", Start: 0, End: 5, Label: "FIGURE", Source: model.SourceModel, Confidence: 0.25}
	write := func(fn func(tx app.WriteTx) error) {
		t.Helper()
		if err := st.Write(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	// The second document is finished first, then the first: training
	// reads them in that order. The clock of a set's change is in
	// milliseconds, so the two are written apart.
	write(func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, ids[1], "alice", border); err != nil {
			return err
		}
		return tx.SetStatus(ctx, ids[1], "alice", model.StatusDone)
	})
	time.Sleep(5 * time.Millisecond)
	write(func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, ids[0], "alice", putin); err != nil {
			return err
		}
		if err := tx.RestoreSuggestion(ctx, ids[0], "alice", wrongFigure); err != nil {
			return err
		}
		if err := tx.RejectSuggestion(ctx, ids[0], "alice", wrongFigure.ID); err != nil {
			return err
		}
		return tx.SetStatus(ctx, ids[0], "alice", model.StatusDone)
	})
	// The third is untouched but for a rejected suggestion: it teaches by
	// that alone. Bob's work is not alice's.
	write(func(tx app.WriteTx) error {
		if err := tx.RestoreSuggestion(ctx, ids[2], "alice", rejected); err != nil {
			return err
		}
		if err := tx.RejectSuggestion(ctx, ids[2], "alice", rejected.ID); err != nil {
			return err
		}
		if _, err := tx.AddSpan(ctx, ids[2], "bob", model.Span{Start: 0, End: 2, Label: "ACTOR"}); err != nil {
			return err
		}
		return tx.SetStatus(ctx, ids[2], "bob", model.StatusDone)
	})

	var got []app.LearnDocument
	if err := st.LearnDocuments(ctx, "alice", func(d app.LearnDocument) error {
		got = append(got, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("LearnDocuments gave %d documents, want 3: %+v", len(got), got)
	}
	same := func(spans []model.Span, want ...model.Span) bool {
		if len(spans) != len(want) {
			return false
		}
		for i := range spans {
			if !spans[i].SameAs(want[i]) {
				return false
			}
		}
		return true
	}
	if d := got[0]; d.ID != ids[1] || !d.Done || d.Text != Texts[1] || !same(d.Spans, border) || len(d.Rejected) != 0 {
		t.Errorf("first = %+v, want the document finished first with its span", d)
	}
	if d := got[1]; d.ID != ids[0] || !d.Done || !same(d.Spans, putin) || !same(d.Rejected, wrongFigure.Span()) {
		t.Errorf("second = %+v, want the one finished next with its span and rejected suggestion", d)
	}
	if d := got[2]; d.ID != ids[2] || d.Done || len(d.Spans) != 0 || !same(d.Rejected, rejected.Span()) {
		t.Errorf("third = %+v, want the untouched document with alice's rejected suggestion only", d)
	}

	stop := errors.New("stop")
	calls := 0
	if err := st.LearnDocuments(ctx, "alice", func(app.LearnDocument) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
		t.Errorf("fn's error: LearnDocuments returned %v after %d calls, want it after 1", err, calls)
	}
	if err := st.LearnDocuments(ctx, "nobody", func(d app.LearnDocument) error {
		t.Errorf("an unknown annotator has no documents, got %+v", d)
		return nil
	}); err != nil {
		t.Error(err)
	}
}

func testModelSuggestions(t *testing.T, open OpenLearn) {
	ctx := context.Background()
	st, ids := open(t)
	moscow := model.Suggestion{ID: "0190f5b2-0000-7000-8000-00000000b003", Start: 21, End: 27, Label: "PLACE", Source: model.SourceModel, Confidence: 0.875}
	if err := st.Write(ctx, func(tx app.WriteTx) error {
		bad := moscow
		bad.ID, bad.Confidence = "0190f5b2-0000-7000-8000-00000000b0ff", 1.5
		if err := tx.RestoreSuggestion(ctx, ids[0], "alice", bad); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("a confidence above 1: %v, want EINVALID", err)
		}
		return tx.RestoreSuggestion(ctx, ids[0], "alice", moscow)
	}); err != nil {
		t.Fatal(err)
	}
	var pending []model.Suggestion
	if err := st.Read(ctx, func(tx app.ReadTx) error {
		var err error
		pending, err = tx.Suggestions(ctx, ids[0], "alice")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || pending[0].Source != model.SourceModel || pending[0].Confidence != 0.875 {
		t.Fatalf("Suggestions = %+v, want the model's with its confidence", pending)
	}
	// Accepted and taken back, it comes back with its confidence.
	if err := st.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AcceptSuggestion(ctx, ids[0], "alice", moscow.ID); err != nil {
			return err
		}
		return tx.UnacceptSuggestions(ctx, ids[0], "alice", pending)
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.Read(ctx, func(tx app.ReadTx) error {
		var err error
		pending, err = tx.Suggestions(ctx, ids[0], "alice")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || pending[0].Confidence != 0.875 {
		t.Errorf("after an accept taken back, Suggestions = %+v, want it with its confidence", pending)
	}
}

func testSavedModel(t *testing.T, open OpenLearn) {
	ctx := context.Background()
	st, _ := open(t)
	if _, err := st.SavedModel(ctx, "alice"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("SavedModel before any: %v, want ENOTFOUND", err)
	}
	if err := st.SaveModel(ctx, "alice", app.SavedModel{}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("SaveModel without data: %v, want EINVALID", err)
	}
	if err := st.SaveModel(ctx, "", app.SavedModel{Data: []byte{1}}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("SaveModel for no name: %v, want EINVALID", err)
	}
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i, data := range [][]byte{{1, 2, 3}, {4, 5}} {
		if err := st.SaveModel(ctx, "alice", app.SavedModel{Data: data, TrainedAt: at.Add(time.Duration(i) * time.Hour), Documents: 10 + i}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.SavedModel(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Data, []byte{4, 5}) || got.Documents != 11 || !got.TrainedAt.Equal(at.Add(time.Hour)) {
		t.Errorf("SavedModel = %+v, want the second one saved", got)
	}
	if _, err := st.SavedModel(ctx, "bob"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("another annotator's model: %v, want ENOTFOUND", err)
	}
}
