package gui

import (
	"context"

	"github.com/inkspan/inkspan/model"
)

// Project is what the window needs from an open project file.
//
// Methods are called from background goroutines, one at a time per window
// action but possibly overlapping across actions, so implementations must be
// safe for concurrent use. A cancelled ctx means the result is no longer
// wanted (the user moved on or closed the window).
type Project interface {
	Path() string
	Documents(ctx context.Context, annotator string) ([]model.DocumentSummary, error) // in project order
	Document(ctx context.Context, id string) (model.Document, error)
	Spans(ctx context.Context, documentID, annotator string) ([]model.Span, error) // text order
	Labels(ctx context.Context) ([]model.Label, error)
}
