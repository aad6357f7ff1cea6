package app

import (
	"context"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// OccurrenceStore is what labeling every occurrence of a phrase in the
// project, and removing a label from all of them, read; the changes
// themselves go through edit.SuggestionStore (AddLabeledSpans,
// DeleteLabeledSpans), as undo and redo do. *storage.DB implements it.
type OccurrenceStore interface {
	// Labels returns the project's labels. No error codes of its own.
	Labels(ctx context.Context) ([]model.Label, error)
	// Settings returns the project's settings: the overlap rule. No error
	// codes of its own.
	Settings(ctx context.Context) (model.Settings, error)
	// PhraseDocuments calls fn, in project order and from one read
	// snapshot, for documents but exceptDocumentID ("" for none) whose
	// text contains phrase, with the document's ID, its text and the
	// annotator's spans on it: at least every one where phrase is whole
	// tokens (a store may use an index to leave the others out). fn's
	// error stops the walk and is returned; no error codes of its own.
	PhraseDocuments(ctx context.Context, annotator, phrase, exceptDocumentID string, fn func(documentID, text string, spans []model.Span) error) error
	// SpansWithText returns every span of the annotator's labeled label
	// whose text is exactly phrase, in project and text order. EINVALID for
	// a label the project does not have.
	SpansWithText(ctx context.Context, annotator, phrase, label string) ([]model.LabeledSpan, error)
}

// CountOccurrences counts what LabelAll (with no document excepted) would
// add, for a confirmation that says how many: spans, and the documents
// they are in. EINVALID for a bad annotator name, a phrase without words
// or a label the project does not have.
func CountOccurrences(ctx context.Context, store OccurrenceStore, annotator, phrase, label string) (spans, documents int, err error) {
	err = eachOccurrence(ctx, store, annotator, phrase, label, "", func(documentID string, found []model.Span) {
		spans += len(found)
		documents++
	})
	return spans, documents, err
}

// LabelAll returns the command that labels label every whole-token
// occurrence of phrase (suggest.LabelPhrase) in every document of the
// project but exceptDocumentID ("" for none), leaving out places where the
// span would conflict with the annotator's spans. Its Do finds them and
// adds them as one change (AddLabeledSpans), origin manual; Changed lists
// them in project and text order, with Started set where a todo document
// became in progress. Undo deletes exactly those spans; redo adds them
// again.
//
// The occurrences are read from store, the spans added through the store
// the command runs on: the same project. Do fails with EINVALID for a bad
// annotator name, a phrase without words or a label the project does not
// have, and with AddLabeledSpans' errors, adding nothing, if another
// window changed the annotator's spans so that one no longer fits.
func LabelAll(store OccurrenceStore, annotator, phrase, label, exceptDocumentID string) edit.ManySpans {
	return edit.LabelAll(annotator, phrase, label, func(ctx context.Context, st edit.SuggestionStore) ([]model.LabeledSpan, error) {
		var found []model.LabeledSpan
		err := eachOccurrence(ctx, store, annotator, phrase, label, exceptDocumentID, func(documentID string, spans []model.Span) {
			for _, s := range spans {
				found = append(found, model.LabeledSpan{DocumentID: documentID, Span: s})
			}
		})
		if err != nil || len(found) == 0 {
			return nil, err
		}
		return st.AddLabeledSpans(ctx, annotator, found)
	})
}

// UnlabelAll returns the command that deletes every span of the
// annotator's labeled label whose text is exactly phrase (suggest.Labeled's
// rule), in every document, as one change. Changed lists them as they were,
// in project and text order. Undo adds exactly those spans back.
//
// The spans are read from store, deleted through the store the command
// runs on: the same project. Do fails with EINVALID for a bad annotator
// name, a phrase without words or a label the project does not have, and
// with ENOTFOUND, deleting nothing, if another window deleted one of the
// spans meanwhile.
func UnlabelAll(store OccurrenceStore, annotator, phrase, label string) edit.ManySpans {
	return edit.UnlabelAll(annotator, phrase, label, func(ctx context.Context, st edit.SuggestionStore) ([]model.LabeledSpan, error) {
		if err := checkPhrase(annotator, phrase); err != nil {
			return nil, err
		}
		found, err := store.SpansWithText(ctx, annotator, phrase, label)
		if err != nil || len(found) == 0 {
			return nil, err
		}
		if err := st.DeleteLabeledSpans(ctx, annotator, found); err != nil {
			return nil, err
		}
		return found, nil
	})
}

func checkPhrase(annotator, phrase string) error {
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return err
	}
	if len(tokenize.Tokenize(phrase)) == 0 {
		return model.Errorf(model.EINVALID, "%q has no words to look for", phrase)
	}
	return nil
}

// eachOccurrence calls fn for each document (but except) where phrase can
// be labeled label next to the annotator's spans, with the spans to add,
// in project order.
func eachOccurrence(ctx context.Context, store OccurrenceStore, annotator, phrase, label, except string, fn func(documentID string, spans []model.Span)) error {
	if err := checkPhrase(annotator, phrase); err != nil {
		return err
	}
	labels, err := store.Labels(ctx)
	if err != nil {
		return err
	}
	if !model.NamesOf(labels)[label] {
		return model.Errorf(model.EINVALID, "the project has no label %s", label)
	}
	settings, err := store.Settings(ctx)
	if err != nil {
		return err
	}
	return store.PhraseDocuments(ctx, annotator, phrase, except, func(documentID, text string, existing []model.Span) error {
		if found := suggest.LabelPhrase(text, tokenize.Tokenize(text), phrase, label, existing, settings.AllowOverlap); len(found) > 0 {
			fn(documentID, found)
		}
		return nil
	})
}
