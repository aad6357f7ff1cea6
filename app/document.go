package app

import (
	"context"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// Layer is whose version of a document a window shows and edits: a
// person's own, or, when they review, the gold version they adjudicate
// from everyone's proposals.
type Layer struct {
	Person    string // the annotator, or the reviewer
	Reviewing bool
}

// Annotator is the name the layer's spans are stored under.
func (l Layer) Annotator() string {
	if l.Reviewing {
		return model.GoldAnnotator
	}
	return l.Person
}

// Opened is everything a window shows of one document for one layer, read
// from one snapshot: the text, the layer's spans, relations, status and
// note, and either the pending suggestions (annotating) or the people's
// proposals, the review and the rejected proposals (reviewing).
type Opened struct {
	Document model.Document
	// Words and Sentences are what a selection snaps to and the keys move
	// by when the document came with tokens (tokenize.Stored): its own, so
	// that a span drawn in the window falls on the tokens a token export
	// writes. Both nil for a document without: the window then uses the
	// tokenizer's, which it has for laying the text out anyway.
	Words     []tokenize.Token
	Sentences []tokenize.Sentence
	State
	Note string
	// Reviewing only.
	People   map[string][]model.Span
	Rejected []model.Span
}

// State is what an edit changes of an open document, as it stands after
// the edit: the window redraws from it without reading again.
type State struct {
	Spans []model.Span // the layer's spans, in text order
	// Relations are the layer's relations between its spans, in reading
	// order (model.SortRelations); each joins two of Spans.
	Relations []model.Relation
	Status    model.Status // the layer's status on the document
	// Finished counts the documents the layer has marked done or skipped
	// (the progress bar).
	Finished int
	// Suggestions still pending (annotating), Review the gold version's
	// review (reviewing).
	Suggestions []model.Suggestion
	Review      model.Review
}

// OpenDocument reads a document as the layer sees it, from one snapshot of
// the project: nothing another writer commits meanwhile can make the parts
// disagree. ENOTFOUND for an unknown document.
func OpenDocument(ctx context.Context, st Store, documentID string, layer Layer) (Opened, error) {
	var o Opened
	var stored []model.Token
	err := st.Read(ctx, func(tx ReadTx) error {
		var err error
		if o.Document, err = tx.Document(ctx, documentID); err != nil {
			return err
		}
		if stored, err = tx.Tokens(ctx, documentID); err != nil {
			return err
		}
		if o.State, err = readState(ctx, tx, documentID, layer); err != nil {
			return err
		}
		if o.Note, err = tx.Note(ctx, documentID, layer.Annotator()); err != nil {
			return err
		}
		if layer.Reviewing {
			if o.People, err = tx.PeopleSpans(ctx, documentID); err != nil {
				return err
			}
			if o.Rejected, err = tx.Rejections(ctx, documentID); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && stored != nil {
		// Made after the snapshot is released: it is work on the text
		// alone, which no writer waits for.
		o.Words, o.Sentences = tokenize.Stored(o.Document.Text, stored)
	}
	return o, err
}

// readState reads what an edit can change of a document for the layer.
func readState(ctx context.Context, tx ReadTx, documentID string, layer Layer) (State, error) {
	var s State
	var err error
	annotator := layer.Annotator()
	if s.Spans, err = tx.Spans(ctx, documentID, annotator); err != nil {
		return s, err
	}
	if s.Relations, err = tx.Relations(ctx, documentID, annotator); err != nil {
		return s, err
	}
	if s.Status, err = tx.Status(ctx, documentID, annotator); err != nil {
		return s, err
	}
	if s.Finished, err = tx.Finished(ctx, annotator); err != nil {
		return s, err
	}
	if layer.Reviewing {
		s.Review, err = tx.Review(ctx, documentID)
	} else {
		s.Suggestions, err = tx.Suggestions(ctx, documentID, annotator)
	}
	return s, err
}

// Start is what a window needs of a project as it opens it for a layer.
type Start struct {
	Labels []model.Label
	// RelationLabels are the labels a relation can have, with their keys.
	RelationLabels []model.RelationLabel
	Settings       model.Settings
	// Document is where the layer starts: the document the person had open
	// when they left, else the first one the layer has not finished; ""
	// for a project with no document.
	Document string
}

// OpenProject reads what a window shows first, from one snapshot; when
// the annotator has nothing left to do and the store hands documents out
// as annotators ask (Taker), the document is one taken for them. No
// error codes of its own: a failure of the store.
func OpenProject(ctx context.Context, st Store, layer Layer) (Start, error) {
	var s Start
	err := st.Read(ctx, func(tx ReadTx) error {
		var err error
		if s.Labels, err = tx.Labels(ctx); err != nil {
			return err
		}
		if s.RelationLabels, err = tx.RelationLabels(ctx); err != nil {
			return err
		}
		if s.Settings, err = tx.Settings(ctx); err != nil {
			return err
		}
		if s.Document, err = tx.LastDocument(ctx, layer.Person); err != nil || s.Document != "" {
			return err
		}
		s.Document, err = tx.NextUnfinished(ctx, layer.Annotator(), "")
		return err
	})
	if err == nil && s.Document == "" {
		// Nothing left in the annotator's queue: a project that hands
		// documents out as annotators ask gives them one.
		s.Document, err = TakeDocument(ctx, st, layer)
	}
	return s, err
}

// RememberDocument records that person has documentID open, so that their
// next session starts there. EINVALID for an invalid name, ENOTFOUND for an
// unknown document.
func RememberDocument(ctx context.Context, st Store, person, documentID string) error {
	return st.Write(ctx, func(tx WriteTx) error { return tx.SetLastDocument(ctx, person, documentID) })
}
