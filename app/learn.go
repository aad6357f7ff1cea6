package app

import (
	"context"
	"slices"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/learn"
	"github.com/inkspan/inkspan/model/suggest"
)

// LearnDocument is one document as training reads it: its text, the
// annotator's spans, and the suggestions the annotator rejected on it
// (offsets and label).
type LearnDocument struct {
	ID       string
	Text     string
	Spans    []model.Span
	Rejected []model.Span
	// Done says the annotator marked the document done, so its spans are
	// the whole truth; a document in progress teaches by its rejections
	// only.
	Done bool
}

// LearnStore is what training a model on an annotator's work reads.
type LearnStore interface {
	// Settings returns the project's settings: the overlap rule. No error
	// codes of its own.
	Settings(ctx context.Context) (model.Settings, error)
	// Labels returns the project's labels in their order. No error codes
	// of its own.
	Labels(ctx context.Context) ([]model.Label, error)
	// LearnDocuments calls fn for every document the annotator marked done,
	// in the order they were marked done or last changed after (oldest
	// first: a store keeps a set's last change, not its finishing), then for every
	// document in progress on which they rejected a suggestion, in project
	// order. fn's error stops the walk and is returned; no error codes of
	// its own.
	LearnDocuments(ctx context.Context, annotator string, fn func(LearnDocument) error) error
}

// TrainRun says how to train.
type TrainRun struct {
	// Folds is the number of cross-validation folds for the report and
	// the learning curve; 0 trains the model only.
	Folds int
	// Curve lists the document counts of the learning curve's points;
	// none for no curve. Needs Folds.
	Curve []int
	// Seed makes the model and its report repeatable.
	Seed uint64
	// Patterns are the project's patterns, used as features; nil for none.
	Patterns *suggest.Matcher
	// MinDocuments is the fewest finished documents worth training on:
	// with fewer, TrainModel returns ENOTFOUND without training.
	MinDocuments int
}

// Trained is what TrainModel made.
type Trained struct {
	Model     *learn.Model
	Documents int // finished documents it learned from
	// Report is per-label precision, recall and F1 by cross-validation
	// on the finished documents; zero without Folds.
	Report learn.Report
	Curve  []learn.CurvePoint
}

// TrainModel trains a model of the project's labels on the annotator's
// finished documents and the suggestions they rejected, and with run.Folds
// scores it by cross-validation. It reads everything first and trains
// after, so the store is not held while the model learns: a window calls
// it from a goroutine when a document is marked done. EINVALID for a bad
// annotator name, a project without labels, or fewer finished documents
// than run.Folds; ENOTFOUND for fewer than run.MinDocuments; the store's
// errors otherwise.
func TrainModel(ctx context.Context, store LearnStore, annotator string, run TrainRun) (Trained, error) {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return Trained{}, err
	}
	if len(run.Curve) > 0 && run.Folds == 0 {
		return Trained{}, model.Errorf(model.EINVALID, "a learning curve needs cross-validation folds")
	}
	settings, err := store.Settings(ctx)
	if err != nil {
		return Trained{}, err
	}
	labels, err := store.Labels(ctx)
	if err != nil {
		return Trained{}, err
	}
	opt := learn.Options{AllowOverlap: settings.AllowOverlap, Seed: run.Seed, Patterns: run.Patterns}
	for _, l := range labels {
		opt.Labels = append(opt.Labels, l.Name)
	}
	if len(opt.Labels) == 0 {
		return Trained{}, model.Errorf(model.EINVALID, "the project has no labels to learn")
	}
	var examples []learn.Example
	finished := 0
	err = store.LearnDocuments(ctx, annotator, func(d LearnDocument) error {
		examples = append(examples, learn.Example{Text: d.Text, Spans: d.Spans, Rejected: d.Rejected, Partial: !d.Done})
		if d.Done {
			finished++
		}
		return ctx.Err()
	})
	if err != nil {
		return Trained{}, err
	}
	if finished < run.MinDocuments {
		return Trained{Documents: finished}, model.Errorf(model.ENOTFOUND, "%s has finished %d documents; a model learns from %d or more", annotator, finished, run.MinDocuments)
	}
	out := Trained{Documents: finished}
	if out.Model, err = learn.Train(examples, opt); err != nil {
		return Trained{}, err
	}
	if run.Folds > 0 {
		if out.Report, err = learn.CrossValidate(examples, opt, run.Folds); err != nil {
			return Trained{}, err
		}
	}
	if len(run.Curve) > 0 {
		if out.Curve, err = learn.LearningCurve(examples, opt, run.Folds, run.Curve); err != nil {
			return Trained{}, err
		}
	}
	return out, nil
}

// CheckModelLabels reports whether a model may still suggest for the
// project: every label it tags must still be one of the project's, so that
// a renamed or removed label is never suggested under its old name.
// EINVALID naming the first missing label: train again.
func CheckModelLabels(m *learn.Model, labels []model.Label) error {
	names := model.NamesOf(labels)
	for _, l := range m.Labels() {
		if !names[l] {
			return model.Errorf(model.EINVALID, "the model was trained on label %s, which the project no longer has: train it again", l)
		}
	}
	return nil
}

// ModelSuggestions are the model's suggestions for one document that may
// be offered to the annotator: those of confidence minConfidence or more,
// resolved against the annotator's spans under the project's overlap rule,
// leaving out those already suggested or rejected there (doc.Suggested),
// in text order.
func ModelSuggestions(m *learn.Model, doc model.SuggestDocument, allowOverlap bool, minConfidence float64) []learn.Suggestion {
	found := m.Suggest(doc.Text)
	kept := found[:0]
	for _, s := range found {
		if s.Confidence >= minConfidence && !slices.ContainsFunc(doc.Suggested, s.Span().SameAs) {
			kept = append(kept, s)
		}
	}
	chosen := suggest.ResolveIndices(learn.Spans(kept), doc.Spans, allowOverlap)
	out := make([]learn.Suggestion, len(chosen))
	for k, i := range chosen {
		out[k] = kept[i]
	}
	return out
}

// SavedModel is an annotator's trained model as the project keeps it, so
// that reopening the project suggests without training again.
type SavedModel struct {
	Data      []byte // learn.Model.MarshalBinary
	TrainedAt time.Time
	Documents int // finished documents it learned from
}

// ModelStore keeps each annotator's trained model with the project.
type ModelStore interface {
	// SaveModel stores m as the annotator's model, replacing the one
	// before. EINVALID for a bad annotator name or no data.
	SaveModel(ctx context.Context, annotator string, m SavedModel) error
	// SavedModel returns the annotator's stored model. ENOTFOUND when
	// there is none.
	SavedModel(ctx context.Context, annotator string) (SavedModel, error)
}
