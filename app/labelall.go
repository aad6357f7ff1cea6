package app

import (
	"context"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// OccurrenceStore is what labeling every occurrence of a phrase in the
// project, and removing a label from all of them, read: the reads of
// ReadTx with those names, documented there. A ReadTx and a WriteTx are
// one, and so is *storage.DB (each read a snapshot of its own).
type OccurrenceStore interface {
	Labels(ctx context.Context) ([]model.Label, error)
	Settings(ctx context.Context) (model.Settings, error)
	PhraseDocuments(ctx context.Context, annotator, phrase, exceptDocumentID string, fn func(documentID, text string, spans []model.Span) error) error
	SpansWithText(ctx context.Context, annotator, phrase, label string) ([]model.LabeledSpan, error)
	Tokens(ctx context.Context, documentID string) ([]model.Token, error)
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
// Do finds the occurrences through the store it runs on, which must also
// be an OccurrenceStore: run by an Editor (or a history on the project
// file) that store is the step's write transaction, so what it reads and
// what it adds are one unit of work and no other writer can come between.
// Do fails with EINVALID for a bad annotator name, a phrase without words
// or a label the project does not have, and with EINTERNAL on a store
// that cannot find occurrences.
func LabelAll(annotator, phrase, label, exceptDocumentID string) edit.ManySpans {
	return edit.LabelAll(annotator, phrase, label, func(ctx context.Context, st edit.SuggestionStore) ([]model.LabeledSpan, error) {
		occ, err := occurrenceStore(st)
		if err != nil {
			return nil, err
		}
		var found []model.LabeledSpan
		err = eachOccurrence(ctx, occ, annotator, phrase, label, exceptDocumentID, func(documentID string, spans []model.Span) {
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
// Do finds the spans through the store it runs on, as LabelAll does, and
// fails with EINVALID for a bad annotator name, a phrase without words or
// a label the project does not have.
func UnlabelAll(annotator, phrase, label string) edit.ManySpans {
	return edit.UnlabelAll(annotator, phrase, label, func(ctx context.Context, st edit.SuggestionStore) ([]model.LabeledSpan, error) {
		if err := checkPhrase(annotator, phrase); err != nil {
			return nil, err
		}
		occ, err := occurrenceStore(st)
		if err != nil {
			return nil, err
		}
		found, err := occ.SpansWithText(ctx, annotator, phrase, label)
		if err != nil || len(found) == 0 {
			return nil, err
		}
		if err := st.DeleteLabeledSpans(ctx, annotator, found); err != nil {
			return nil, err
		}
		return found, nil
	})
}

// occurrenceStore is st as the finding of occurrences reads it.
func occurrenceStore(st edit.SuggestionStore) (OccurrenceStore, error) {
	occ, ok := st.(OccurrenceStore)
	if !ok {
		return nil, model.Errorf(model.EINTERNAL, "this store cannot find the occurrences of a phrase (%T)", st)
	}
	return occ, nil
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
		words, err := DocumentWords(ctx, store, documentID, text)
		if err != nil {
			return err
		}
		if found := suggest.LabelPhrase(text, words, phrase, label, existing, settings.AllowOverlap); len(found) > 0 {
			fn(documentID, found)
		}
		return nil
	})
}

// DocumentWords are the words occurrences of a phrase are found among: the
// tokens the document came with (CoNLL, Hugging Face, Prodigy), so that a
// span label all adds falls on them as one drawn in the window does and a
// token export writes it, else the tokenizer's.
func DocumentWords(ctx context.Context, store interface {
	Tokens(ctx context.Context, documentID string) ([]model.Token, error)
}, documentID, text string) ([]tokenize.Token, error) {
	stored, err := store.Tokens(ctx, documentID)
	if err != nil {
		return nil, err
	}
	if len(stored) == 0 {
		return tokenize.Tokenize(text), nil
	}
	return tokenize.AppendStored(make([]tokenize.Token, 0, len(stored)), text, stored), nil
}
