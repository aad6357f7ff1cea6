package gui

import (
	"context"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// Project is what the window needs from an open project file.
//
// Methods are called from background goroutines, one at a time per window
// action but possibly overlapping across actions, so implementations must be
// safe for concurrent use. A cancelled ctx means the result is no longer
// wanted (the user moved on or closed the window). Writes (the edit.Store
// methods, SetLastDocument) return only once the change is on disk.
type Project interface {
	Path() string
	Documents(ctx context.Context, annotator string) ([]model.DocumentSummary, error) // in project order
	Document(ctx context.Context, id string) (model.Document, error)
	Spans(ctx context.Context, documentID, annotator string) ([]model.Span, error) // text order
	Labels(ctx context.Context) ([]model.Label, error)
	Annotators(ctx context.Context) ([]string, error)
	// ListDocuments lists the documents that pass a filter (a label the
	// annotator used, another annotator's work), limit < 0 for all.
	ListDocuments(ctx context.Context, annotator string, f model.DocumentFilter, offset, limit int) ([]model.DocumentSummary, error)
	// Search finds documents by words of their text, in project order.
	Search(ctx context.Context, query, annotator string, limit int) ([]model.DocumentSummary, error)
	Settings(ctx context.Context) (model.Settings, error) // guidelines
	Stats(ctx context.Context) (model.Stats, error)
	Pace(ctx context.Context) (map[string]float64, error) // documents finished per hour, per annotator

	// SetLabels applies an edited label set at once; rename maps old names
	// to new ones so spans follow their label.
	SetLabels(ctx context.Context, rename map[string]string, labels []model.Label) error

	// The annotator's free-text note on a document, for the reviewer.
	Note(ctx context.Context, documentID, annotator string) (string, error)
	SetNote(ctx context.Context, documentID, annotator, note string) error

	// Editing, through the undo history.
	edit.Store

	// Document flow: the first unfinished document after one ("" for the
	// start), and the document the annotator had open when they left.
	NextUnfinished(ctx context.Context, annotator, afterID string) (string, error)
	LastDocument(ctx context.Context, annotator string) (string, error)
	SetLastDocument(ctx context.Context, annotator, documentID string) error
}
