package transfer

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model"
)

func TestSuggestRunsAndShowsSummary(t *testing.T) {
	w := newWindow(t)
	var mu sync.Mutex
	var got []SuggestRequest
	run := func(ctx context.Context, req SuggestRequest, progress func(int, int)) (SuggestResult, error) {
		mu.Lock()
		got = append(got, req)
		mu.Unlock()
		progress(2, 5)
		return SuggestResult{Documents: 4, PerLabel: map[string]int{"FIGURE": 9, "PLACE": 3}}, nil
	}
	var done SuggestResult
	d := showSuggest(w, run, func(r SuggestResult) { done = r })
	if !d.figures.Checked || !d.dict.Checked || d.accept.Checked || !d.clear.Disabled() {
		t.Fatal("the dialog should start with FIGURE and the dictionary, suggesting, no patterns")
	}
	d.setPatterns("/data/places.jsonl")
	test.Tap(d.dict)
	tapButton(t, w, "Suggest")
	waitIdle(t, d.shell)
	mu.Lock()
	defer mu.Unlock()
	want := SuggestRequest{Patterns: "/data/places.jsonl", Figures: true}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("requests = %+v, want %+v", got, want)
	}
	if done.Documents != 4 {
		t.Fatalf("done with %+v", done)
	}
	text := dialogText(w)
	for _, s := range []string{"12 suggestions in 4 documents.", "FIGURE: 9", "PLACE: 3", "Enter accepts"} {
		if !strings.Contains(text, s) {
			t.Errorf("summary lacks %q:\n%s", s, text)
		}
	}
	tapButton(t, w, "Close")
}

func TestSuggestNeedsASource(t *testing.T) {
	w := newWindow(t)
	called := false
	d := showSuggest(w, func(context.Context, SuggestRequest, func(int, int)) (SuggestResult, error) {
		called = true
		return SuggestResult{}, nil
	}, nil)
	test.Tap(d.figures)
	test.Tap(d.dict)
	tapButton(t, w, "Suggest")
	if called || !strings.Contains(dialogText(w), "Choose at least one source.") {
		t.Fatalf("ran without a source (%v); dialog:\n%s", called, dialogText(w))
	}
}

func TestSuggestErrorKeepsForm(t *testing.T) {
	w := newWindow(t)
	d := showSuggest(w, func(context.Context, SuggestRequest, func(int, int)) (SuggestResult, error) {
		return SuggestResult{}, errors.Join(model.Errorf(model.EINVALID, "places.jsonl:3: pattern token 1: unknown attribute \"POS\""))
	}, nil)
	d.setPatterns("/data/places.jsonl")
	tapButton(t, w, "Suggest")
	waitIdle(t, d.shell)
	if text := dialogText(w); !strings.Contains(text, "places.jsonl:3:") || d.figures.Disabled() {
		t.Fatalf("after a failed run:\n%s", text)
	}
}

// Escape cancels and Enter suggests from every control of the dialog: its
// check boxes swallowed both.
func TestSuggestKeysOnEveryControl(t *testing.T) {
	w := newWindow(t)
	var runs atomic.Int32
	g := &gate{}
	run := func(context.Context, SuggestRequest, func(int, int)) (SuggestResult, error) {
		g.wait()
		runs.Add(1)
		return SuggestResult{Documents: 1, PerLabel: map[string]int{"FIGURE": 1}}, nil
	}
	everyControlAnswers(t, w, g, func() *shell {
		d := showSuggest(w, run, nil)
		d.setPatterns("/data/places.jsonl") // Clear enabled
		return d.shell
	}, func() int { return int(runs.Load()) })
}
