package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/learn"
)

// learnStore is an annotator's finished documents in memory, as training
// reads them.
type learnStore struct {
	labels []model.Label
	docs   []app.LearnDocument
}

func (s *learnStore) Settings(ctx context.Context) (model.Settings, error) {
	return model.Settings{}, nil
}

func (s *learnStore) Labels(ctx context.Context) ([]model.Label, error) { return s.labels, nil }

func (s *learnStore) LearnDocuments(ctx context.Context, annotator string, fn func(app.LearnDocument) error) error {
	for _, d := range s.docs {
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// re3dStore holds the first n documents of re3d's public part (the
// repository's test data) as done.
func re3dStore(t testing.TB, n int) *learnStore {
	t.Helper()
	f, err := os.Open("../testdata/real/re3d/re3d-public.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := &learnStore{labels: []model.Label{{Name: "ACTOR"}, {Name: "PLACE"}, {Name: "FIGURE"}}}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() && len(s.docs) < n {
		var rec struct {
			ID    string
			Text  string
			Spans []model.Span
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		s.docs = append(s.docs, app.LearnDocument{ID: rec.ID, Text: rec.Text, Spans: rec.Spans, Done: true})
	}
	return s
}

// TestTrainModel: the use case trains on the finished documents, scores
// the model by cross-validation with a curve, and the model's suggestions
// for another document leave out what the annotator already has or
// rejected, and what is below the threshold.
func TestTrainModel(t *testing.T) {
	store := re3dStore(t, 25)
	held := store.docs[20:]
	store.docs = store.docs[:20]
	ctx := context.Background()
	trained, err := app.TrainModel(ctx, store, "alice", app.TrainRun{Folds: 3, Curve: []int{5, 13}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if trained.Documents != 20 || len(trained.Report.Labels) != 3 || len(trained.Curve) != 2 {
		t.Fatalf("trained on %d documents, report %+v, curve %+v", trained.Documents, trained.Report, trained.Curve)
	}
	if trained.Report.Overall.F1 <= 0.3 {
		t.Errorf("cross-validated F1 %.3f", trained.Report.Overall.F1)
	}
	if err := app.CheckModelLabels(trained.Model, store.labels); err != nil {
		t.Fatal(err)
	}
	doc := held[0]
	all := trained.Model.Suggest(doc.Text)
	if len(all) < 3 {
		t.Fatalf("the model suggests %d spans on a re3d document", len(all))
	}
	// The annotator has the first suggestion as a span and rejected the second.
	sd := model.SuggestDocument{Text: doc.Text, Spans: []model.Span{all[0].Span()}, Suggested: []model.Span{all[1].Span()}}
	got := app.ModelSuggestions(trained.Model, sd, false, 0)
	if len(got) != len(all)-2 {
		t.Errorf("%d suggestions offered of %d found, the annotator having one and rejected one", len(got), len(all))
	}
	for _, s := range got {
		if s.Span().Overlaps(all[0].Span()) || s.Span().SameAs(all[1].Span()) {
			t.Errorf("offered %+v, which the annotator has or rejected", s)
		}
	}
	sure := app.ModelSuggestions(trained.Model, model.SuggestDocument{Text: doc.Text}, false, 0.7)
	for _, s := range sure {
		if s.Confidence < 0.7 {
			t.Errorf("offered %+v below the threshold 0.7", s)
		}
	}
	if slices.ContainsFunc(all, func(s learn.Suggestion) bool { return s.Confidence < 0.7 }) && len(sure) >= len(all) {
		t.Errorf("the threshold hid nothing: %d of %d", len(sure), len(all))
	}
}

// TestTrainModelRefuses: what TrainModel and CheckModelLabels refuse.
func TestTrainModelRefuses(t *testing.T) {
	ctx := context.Background()
	store := re3dStore(t, 3)
	if _, err := app.TrainModel(ctx, store, "", app.TrainRun{}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("no annotator: %v", err)
	}
	if _, err := app.TrainModel(ctx, store, "alice", app.TrainRun{Folds: 5}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("5 folds of 3 documents: %v", err)
	}
	if _, err := app.TrainModel(ctx, store, "alice", app.TrainRun{Curve: []int{2}}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a curve without folds: %v", err)
	}
	if _, err := app.TrainModel(ctx, &learnStore{docs: store.docs}, "alice", app.TrainRun{}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a project without labels: %v", err)
	}
	trained, err := app.TrainModel(ctx, store, "alice", app.TrainRun{})
	if err != nil {
		t.Fatal(err)
	}
	renamed := []model.Label{{Name: "PERSON"}, {Name: "PLACE"}, {Name: "FIGURE"}}
	if err := app.CheckModelLabels(trained.Model, renamed); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a model of ACTOR in a project that renamed it: %v", err)
	}
}
