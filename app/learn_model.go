package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/learn"
)

// This file holds the use cases that take a learned model to the
// annotator: training and keeping it with the project, reading it back,
// and storing its suggestions on a document as the window opens it.

// MinTrainingDocuments is how many finished documents an annotator needs
// before a model is trained for them: with fewer, its suggestions are
// mostly noise (on re3d, F1 below 0.3 from two documents) and the
// annotator learns to ignore them.
const MinTrainingDocuments = 3

// LearnModelStore is what training and keeping a model reads and writes.
type LearnModelStore interface {
	LearnStore
	ModelStore
}

// TrainAndSave trains the annotator's model (TrainModel) and keeps it with
// the project, so that reopening the project suggests at once. TrainModel's
// errors, and the store's.
func TrainAndSave(ctx context.Context, store LearnModelStore, annotator string, run TrainRun) (Trained, error) {
	trained, err := TrainModel(ctx, store, annotator, run)
	if err != nil {
		return trained, err
	}
	data, err := trained.Model.MarshalBinary()
	if err != nil {
		return trained, err
	}
	err = store.SaveModel(ctx, annotator, SavedModel{Data: data, TrainedAt: time.Now().UTC(), Documents: trained.Documents})
	return trained, err
}

// LoadModel reads the annotator's saved model back, if it may still
// suggest: ENOTFOUND when there is none; EINVALID when this program cannot
// read it (an older format) or it tags a label the project no longer has
// (CheckModelLabels) or the project's overlap rule changed since. On
// EINVALID the caller trains again instead of suggesting wrong labels.
func LoadModel(ctx context.Context, store ModelStore, annotator string, labels []model.Label, settings model.Settings) (*learn.Model, SavedModel, error) {
	saved, err := store.SavedModel(ctx, annotator)
	if err != nil {
		return nil, saved, err
	}
	m, err := learn.Load(saved.Data)
	if err != nil {
		return nil, saved, err
	}
	if err := CheckModelLabels(m, labels); err != nil {
		return nil, saved, err
	}
	if m.AllowOverlap() != settings.AllowOverlap {
		return nil, saved, model.Errorf(model.EINVALID, "the model was trained under another overlap rule: train it again")
	}
	return m, saved, nil
}

// ModelFor returns the annotator's model: the saved one when LoadModel can
// use it, else one trained now and saved (retrained, true). ENOTFOUND when
// there is no usable saved model and fewer than MinTrainingDocuments
// finished documents to train one; TrainModel's errors and the store's
// otherwise.
func ModelFor(ctx context.Context, store LearnModelStore, annotator string, run TrainRun) (m *learn.Model, retrained bool, err error) {
	labels, err := store.Labels(ctx)
	if err != nil {
		return nil, false, err
	}
	settings, err := store.Settings(ctx)
	if err != nil {
		return nil, false, err
	}
	m, _, err = LoadModel(ctx, store, annotator, labels, settings)
	switch model.ErrorCode(err) {
	case "":
		return m, false, nil
	case model.ENOTFOUND, model.EINVALID:
	default:
		return nil, false, err
	}
	run.Folds, run.Curve, run.MinDocuments = 0, nil, MinTrainingDocuments
	trained, err := TrainModel(ctx, store, annotator, run)
	if err != nil {
		return nil, false, err
	}
	data, err := trained.Model.MarshalBinary()
	if err != nil {
		return nil, false, err
	}
	if err := store.SaveModel(ctx, annotator, SavedModel{Data: data, TrainedAt: time.Now().UTC(), Documents: trained.Documents}); err != nil {
		return nil, false, err
	}
	return trained.Model, true, nil
}

// SuggestWithModel stores the model's suggestions on one document for the
// annotator, as suggestions of source model with their confidence, in one
// transaction, and returns how many it stored. It leaves out those below
// minConfidence, those the annotator has as spans or has pending, and those
// they rejected (a rejected suggestion is not offered again: storing it
// conflicts and is skipped), and under the project's overlap rule those
// that would overlap a span. A document the annotator finished (done or
// skipped) gets none: its spans are their answer. The window calls it as
// it opens a document;
// it writes nothing when there is nothing new. ENOTFOUND for an unknown
// document; the store's errors otherwise.
func SuggestWithModel(ctx context.Context, st Store, annotator string, m *learn.Model, documentID string, minConfidence float64) (int, error) {
	var doc model.SuggestDocument
	var allowOverlap, finished bool
	err := st.Read(ctx, func(tx ReadTx) error {
		d, err := tx.Document(ctx, documentID)
		if err != nil {
			return err
		}
		status, err := tx.Status(ctx, documentID, annotator)
		if err != nil || status == model.StatusDone || status == model.StatusSkipped {
			finished = err == nil
			return err
		}
		doc.Text = d.Text
		if doc.Spans, err = tx.Spans(ctx, documentID, annotator); err != nil {
			return err
		}
		pending, err := tx.Suggestions(ctx, documentID, annotator)
		if err != nil {
			return err
		}
		for _, s := range pending {
			doc.Suggested = append(doc.Suggested, s.Span())
		}
		settings, err := tx.Settings(ctx)
		allowOverlap = settings.AllowOverlap
		return err
	})
	if err != nil || finished {
		return 0, err
	}
	// Tagging is done outside any transaction: no writer waits for it.
	found := ModelSuggestions(m, doc, allowOverlap, minConfidence)
	if len(found) == 0 {
		return 0, nil
	}
	added := 0
	err = st.Write(ctx, func(tx WriteTx) error {
		added = 0
		for _, f := range found {
			id, err := newSuggestionID()
			if err != nil {
				return err
			}
			s := model.Suggestion{ID: id, Start: f.Start, End: f.End, Label: f.Label, Source: model.SourceModel, Confidence: f.Confidence}
			switch err := tx.RestoreSuggestion(ctx, documentID, annotator, s); model.ErrorCode(err) {
			case "":
				added++
			case model.ECONFLICT:
				// Rejected before, or suggested meanwhile: not offered again.
			default:
				return err
			}
		}
		return nil
	})
	return added, err
}

// newSuggestionID is a version 4 UUID, which the stores take as a
// suggestion's ID.
func newSuggestionID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:]), nil
}
