package gui

import (
	"context"
	"fmt"
	"math"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/learn"
)

// This file takes the annotator's learned model (issue 16) to the window:
// it is loaded from the project or trained as the window opens, trained
// again in the background each time a document is marked done, and its
// suggestions are stored on each unfinished document as it opens, drawn
// like the other sources' with their confidence in the tag. A threshold
// (View ▸ Model suggestions) hides the less confident ones.

// learner is the window's model and its training. Its fields are guarded
// by mu: training runs on a goroutine of its own, never on the UI's or the
// writer's, so a key press never waits for it.
type learner struct {
	mu      sync.Mutex
	model   *learn.Model // nil until one is loaded or trained
	gen     int          // bumped with each new model
	docs    int          // finished documents the model learned from
	running bool         // a training is under way
	again   bool         // a document was finished while it ran: train once more
	err     error        // the last training's failure, for the Model panel
	// suggested records, per document, the model generation that last
	// stored its suggestions there, so reopening it does not tag it again.
	suggested map[string]int

	// threshold hides model suggestions less confident than it; read and
	// set on the UI goroutine only.
	threshold float64
}

// learnStore is the project as training reads it and keeps the model, when
// it is one (a project file is; a team project not yet).
func (ws *Workspace) learnStore() (app.LearnModelStore, bool) {
	st, ok := ws.project.(app.LearnModelStore)
	return st, ok
}

// learning is the window's learner, made on first use.
func (ws *Workspace) learning() *learner {
	if ws.learn == nil {
		// The threshold is the annotator's taste, kept between sessions.
		threshold := fyne.CurrentApp().Preferences().FloatWithFallback(prefModelThreshold, 0)
		ws.learn = &learner{suggested: map[string]int{}, threshold: threshold}
	}
	return ws.learn
}

// prefModelThreshold keeps View ▸ Model suggestions' choice.
const prefModelThreshold = "model_threshold"

// startLearning loads the annotator's model from the project, or trains
// one when there is none or it is out of date (labels renamed, an older
// format), in the background. The window opens without waiting.
func (ws *Workspace) startLearning() {
	l := ws.learning()
	st, ok := ws.learnStore()
	if !ok {
		return
	}
	ws.runTraining(l, func(ctx context.Context) (*learn.Model, int, error) {
		m, _, err := app.ModelFor(ctx, st, ws.annotator, app.TrainRun{Seed: 1})
		if err != nil {
			return nil, 0, err
		}
		saved, err := st.SavedModel(ctx, ws.annotator)
		return m, saved.Documents, err
	})
}

// trainAfterDone trains the model again, in the background, once the
// annotator has marked a document done: what they just finished teaches
// the suggestions of the next documents. A document finished while a
// training runs makes it run once more when it ends.
func (ws *Workspace) trainAfterDone() {
	st, ok := ws.learnStore()
	if !ok || ws.reviewing {
		return
	}
	ws.runTraining(ws.learning(), func(ctx context.Context) (*learn.Model, int, error) {
		trained, err := app.TrainModel(ctx, st, ws.annotator, app.TrainRun{Seed: 1, MinDocuments: app.MinTrainingDocuments})
		if err != nil {
			return nil, trained.Documents, err
		}
		data, err := trained.Model.MarshalBinary()
		if err == nil {
			err = st.SaveModel(ctx, ws.annotator, app.SavedModel{Data: data, Documents: trained.Documents})
		}
		return trained.Model, trained.Documents, err
	})
}

// runTraining runs train on a goroutine unless one is running, in which
// case that one runs train once more when it ends. It counts in
// ws.pending, so that the window's Loading covers it.
func (ws *Workspace) runTraining(l *learner, train func(ctx context.Context) (*learn.Model, int, error)) {
	l.mu.Lock()
	if l.running {
		l.again = true
		l.mu.Unlock()
		return
	}
	l.running = true
	l.mu.Unlock()
	ws.pending.Add(1)
	// The window may close while it runs: a read then fails (the context
	// is cancelled, or the project closed) and the result is dropped.
	// Close does not wait for it, as a store call can be slow to return.
	go func() {
		for {
			m, docs, err := train(ws.ctx)
			l.mu.Lock()
			if model.ErrorCode(err) == model.ENOTFOUND {
				err = nil // too few finished documents yet: no model, no failure
			}
			l.err = err
			if m != nil {
				l.model, l.docs = m, docs
				l.gen++
			}
			again := l.again && ws.ctx.Err() == nil
			l.again, l.running = false, again
			l.mu.Unlock()
			if !again {
				break
			}
		}
		ws.onUI(func() { ws.pending.Add(-1) })
	}()
}

// suggestFromModel stores the model's suggestions on a document about to
// be opened, unless the current model did already or the window is
// reviewing. It runs on the load's goroutine, before the document is
// read, so the suggestions come with it; a failure only leaves them out.
func (ws *Workspace) suggestFromModel(ctx context.Context, documentID string, at app.Layer) {
	if at.Reviewing || ws.learn == nil {
		return
	}
	l := ws.learn
	l.mu.Lock()
	m, gen := l.model, l.gen
	done := l.suggested[documentID] == gen
	l.mu.Unlock()
	if m == nil || done {
		return
	}
	if _, err := app.SuggestWithModel(ctx, ws.project, at.Person, m, documentID, 0); err != nil {
		return
	}
	l.mu.Lock()
	l.suggested[documentID] = gen
	l.mu.Unlock()
}

// shows reports whether the window draws a pending suggestion: a model's
// only when it is at least as confident as the threshold.
func (l *learner) shows(s model.Suggestion) bool {
	return l == nil || s.Source != model.SourceModel || s.Confidence >= l.threshold
}

// shownSuggestions are the open document's pending suggestions the window
// draws: all but the model's below the threshold. Accept all takes these.
func (ws *Workspace) shownSuggestions() []model.Suggestion {
	var shown []model.Suggestion
	for _, s := range ws.suggested {
		if ws.learn.shows(s) {
			shown = append(shown, s)
		}
	}
	return shown
}

// suggestionTag is what a suggestion's tag says: its label and where it
// came from, or for the model's, how likely it is to be right.
func suggestionTag(s model.Suggestion) string {
	if s.Source == model.SourceModel {
		return fmt.Sprintf("%s · %d%%", s.Label, int(math.Round(s.Confidence*100)))
	}
	return s.Label + " · " + sourceWords(s.Source)
}

// modelThresholds are the View menu's choices of the least confidence a
// model suggestion is shown with.
var modelThresholds = []float64{0, 0.3, 0.5, 0.7, 0.9}

// SetModelThreshold hides the model's suggestions less confident than
// threshold (0 to 1) and redraws the open document's.
func (ws *Workspace) SetModelThreshold(threshold float64) {
	ws.learning().threshold = threshold
	fyne.CurrentApp().Preferences().SetFloat(prefModelThreshold, threshold)
	ws.showSpans()
	ws.refreshThresholdItems()
}

// thresholdMenu is View ▸ Model suggestions: the threshold's choices.
func (ws *Workspace) thresholdMenu() *fyne.MenuItem {
	item := fyne.NewMenuItem("Model suggestions", nil)
	var items []*fyne.MenuItem
	for _, t := range modelThresholds {
		label := "All"
		if t > 0 {
			label = fmt.Sprintf("%d%% likely or more", int(t*100))
		}
		items = append(items, fyne.NewMenuItem(label, func() { ws.SetModelThreshold(t) }))
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	ws.thresholdItems = items
	ws.refreshThresholdItems()
	return item
}

func (ws *Workspace) refreshThresholdItems() {
	for i, item := range ws.thresholdItems {
		item.Checked = modelThresholds[i] == ws.learning().threshold
	}
}
