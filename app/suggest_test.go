package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
)

// suggestStore is a project in memory, as far as a suggest run sees it:
// documents keyed 1, 2, ... and what the run writes, call by call. Its
// write fails with failWrite on call number failOn (1-based).
type suggestStore struct {
	texts     []string
	spans     map[int64][]model.Span // the annotator's, by key
	entries   []suggest.Entry
	writes    [][]model.FoundSuggestions
	failOn    int
	failWrite error
}

func (s *suggestStore) AddAnnotator(ctx context.Context, name string) error { return nil }

func (s *suggestStore) Settings(ctx context.Context) (model.Settings, error) {
	return model.Settings{}, nil
}

func (s *suggestStore) CountDocuments(ctx context.Context, annotator string, f model.DocumentFilter) (int, error) {
	return len(s.texts), nil
}

func (s *suggestStore) DictionaryEntries(ctx context.Context, annotator string) ([]suggest.Entry, error) {
	return s.entries, nil
}

func (s *suggestStore) SuggestBatch(ctx context.Context, annotator string, after int64, limit int) ([]model.SuggestDocument, error) {
	var docs []model.SuggestDocument
	for k := after + 1; k <= int64(len(s.texts)) && len(docs) < limit; k++ {
		docs = append(docs, model.SuggestDocument{Key: k, Text: s.texts[k-1], Spans: s.spans[k]})
	}
	return docs, nil
}

func (s *suggestStore) AddSuggestions(ctx context.Context, annotator string, found []model.FoundSuggestions) ([]string, error) {
	if len(s.writes)+1 == s.failOn {
		return nil, s.failWrite
	}
	s.writes = append(s.writes, found)
	return nil, nil
}

func (s *suggestStore) AddSuggestedSpans(ctx context.Context, annotator string, found []model.FoundSuggestions) ([]string, error) {
	return nil, model.Errorf(model.EINTERNAL, "not in these tests")
}

func dispatches(n int) []string {
	texts := make([]string, n)
	for i := range texts {
		texts[i] = fmt.Sprintf("Dispatch %d: 34 soldiers left Moscow.", i)
	}
	return texts
}

// Batches are matched in parallel but written in project order, each
// with its progress call.
func TestSuggestWritesInProjectOrder(t *testing.T) {
	store := &suggestStore{texts: dispatches(2500)}
	var calls []string
	report, err := app.Suggest(context.Background(), store, "alice", app.SuggestRun{Figures: true},
		func(done, total int) { calls = append(calls, fmt.Sprint(done, "/", total)) })
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(calls), "[1000/2500 2000/2500 2500/2500]"; got != want {
		t.Fatalf("progress calls %s, want %s", got, want)
	}
	var keys []int64
	for _, w := range store.writes {
		for _, d := range w {
			keys = append(keys, d.Key)
		}
	}
	if len(store.writes) != 3 || len(keys) != 2500 || !slices.IsSorted(keys) {
		t.Fatalf("%d writes of %d documents, in order: %v", len(store.writes), len(keys), slices.IsSorted(keys))
	}
	if report.Documents != 2500 || report.Touched != 2500 || report.Added != 2500 ||
		report.BySource[model.SourceFigures] != 2500 || report.ByLabel["FIGURE"] != 2500 {
		t.Fatalf("report %+v", report)
	}
}

// A failed write stops the run: the batches before it stay, and the
// report counts only them.
func TestSuggestStopsAtAFailedWrite(t *testing.T) {
	failure := model.Errorf(model.EINVALID, "cannot add label")
	store := &suggestStore{texts: dispatches(2500), failOn: 2, failWrite: failure}
	report, err := app.Suggest(context.Background(), store, "alice", app.SuggestRun{Figures: true}, nil)
	if err != failure {
		t.Fatalf("err = %v, want the store's", err)
	}
	if len(store.writes) != 1 || report.Documents != 1000 || report.Added != 1000 {
		t.Fatalf("%d writes; report %+v", len(store.writes), report)
	}
}

// Each suggestion names the source that found it; where two find the same
// span, the annotator's dictionary wins over patterns, and nothing the
// annotator has is suggested again.
func TestSuggestSources(t *testing.T) {
	store := &suggestStore{
		texts:   []string{"34 soldiers left Moscow for Idlib.", "Moscow again."},
		spans:   map[int64][]model.Span{2: {{Start: 0, End: 6, Label: "PLACE"}}},
		entries: []suggest.Entry{{Text: "Moscow", Label: "PLACE"}},
	}
	m, err := suggest.NewMatcher([]suggest.Pattern{{Label: "PLACE", Phrase: "Moscow"}, {Label: "PLACE", Phrase: "Idlib"}})
	if err != nil {
		t.Fatal(err)
	}
	report, err := app.Suggest(context.Background(), store, "alice", app.SuggestRun{Matcher: m, Figures: true, Dictionary: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range store.writes {
		for _, d := range w {
			for _, s := range d.Suggestions {
				got = append(got, fmt.Sprintf("%d:[%d,%d)%s/%s", d.Key, s.Start, s.End, s.Label, s.Source))
			}
		}
	}
	if want := "[1:[0,2)FIGURE/figures 1:[17,23)PLACE/dictionary 1:[28,33)PLACE/patterns]"; fmt.Sprint(got) != want {
		t.Fatalf("stored %v, want %s", got, want)
	}
	if report.Touched != 1 || fmt.Sprint(report.BySource) != "map[dictionary:1 figures:1 patterns:1]" {
		t.Fatalf("report %+v", report)
	}
}

func TestSuggestErrors(t *testing.T) {
	store := &suggestStore{texts: dispatches(1)}
	if _, err := app.Suggest(context.Background(), store, "alice", app.SuggestRun{}, nil); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("no source: %v", err)
	}
	if _, err := app.Suggest(context.Background(), store, "", app.SuggestRun{Figures: true}, nil); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("no annotator: %v", err)
	}
	if len(store.writes) != 0 {
		t.Fatalf("wrote %v", store.writes)
	}
}
