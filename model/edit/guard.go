package edit

import (
	"context"

	"github.com/inkspan/inkspan/model"
)

// SpanReader is a Store that can read an annotator's spans on a document.
// On one, undoing or redoing a span change first checks that the span is
// as the step left it: when another window (the same annotator on another
// machine, a team project) changed or deleted it since, the undo is
// refused instead of overwriting that change. A store without it gets the
// store's own refusals only (an unknown span, an overlap).
type SpanReader interface {
	Spans(ctx context.Context, documentID, annotator string) ([]model.Span, error)
}

// sameSpan reports whether two spans say the same: offsets, label, note
// and attributes (not the times, which every write moves).
func sameSpan(a, b model.Span) bool {
	return a.Start == b.Start && a.End == b.End && a.Label == b.Label && a.Note == b.Note &&
		a.Attributes.Equal(b.Attributes)
}

// expectSpan refuses to go on when the store reads and the annotator's
// span want.ID is not as want says: ENOTFOUND when it is gone, ECONFLICT
// when it was changed. what names the operation for the message.
func expectSpan(ctx context.Context, st Store, doc, ann string, want model.Span, what string) error {
	r, ok := st.(SpanReader)
	if !ok || want.ID == "" {
		return nil
	}
	spans, err := r.Spans(ctx, doc, ann)
	if err != nil {
		return err
	}
	for _, s := range spans {
		if s.ID == want.ID {
			if sameSpan(s, want) {
				return nil
			}
			return model.Errorf(model.ECONFLICT, "the span was changed elsewhere (another window on this project) since: %s would overwrite that change, so it was not done", what)
		}
	}
	return model.Errorf(model.ENOTFOUND, "the span was deleted elsewhere (another window on this project) since: nothing to %s", what)
}

// expectNoSpan refuses to go on when the store reads and the span with id
// is there already (another window brought it back): ECONFLICT.
func expectNoSpan(ctx context.Context, st Store, doc, ann, id, what string) error {
	r, ok := st.(SpanReader)
	if !ok || id == "" {
		return nil
	}
	spans, err := r.Spans(ctx, doc, ann)
	if err != nil {
		return err
	}
	for _, s := range spans {
		if s.ID == id {
			return model.Errorf(model.ECONFLICT, "the span is there already (put back elsewhere, in another window on this project): %s was not done", what)
		}
	}
	return nil
}

// storedSpan reads the annotator's span id as the store holds it; found
// false when the store does not read spans or the span is not there.
func storedSpan(ctx context.Context, st Store, doc, ann, id string) (model.Span, bool, error) {
	r, ok := st.(SpanReader)
	if !ok || id == "" {
		return model.Span{}, false, nil
	}
	spans, err := r.Spans(ctx, doc, ann)
	if err != nil {
		return model.Span{}, false, err
	}
	for _, s := range spans {
		if s.ID == id {
			return s, true, nil
		}
	}
	return model.Span{}, false, nil
}
