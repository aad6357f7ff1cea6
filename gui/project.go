package gui

import (
	"context"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// Project is what the window needs from an open project file.
//
// Methods are called from background goroutines, one at a time per window
// action but possibly overlapping across actions, so implementations must be
// safe for concurrent use. A cancelled ctx means the result is no longer
// wanted (the user moved on or closed the window). Writes (the edit.Store
// methods, SetLastDocument) return only once the change is on disk.
type Project interface {
	// Units of work: opening a document and every edit go through them
	// (package app), each one transaction.
	app.Store

	Path() string
	Labels(ctx context.Context) ([]model.Label, error)
	Annotators(ctx context.Context) ([]string, error)

	// The document list, in project order, a page at a time: the
	// documents that pass a filter (words of the text, the annotator's
	// status, a label they used, another annotator's work) from offset,
	// limit < 0 for all; how many there are; and where a document stands
	// among them (-1 when it does not pass). A search lists at most
	// model.MaxSearchResults.
	ListDocuments(ctx context.Context, annotator string, f model.DocumentFilter, offset, limit int) ([]model.DocumentSummary, error)
	CountDocuments(ctx context.Context, annotator string, f model.DocumentFilter) (int, error)
	ListPosition(ctx context.Context, annotator string, f model.DocumentFilter, documentID string) (int, error)
	// ListPage is the three at once, with the rows around documentID, for a
	// list whose filter just changed: a search is answered once for all.
	ListPage(ctx context.Context, annotator string, f model.DocumentFilter, documentID string, limit int) (model.DocumentPage, error)
	Settings(ctx context.Context) (model.Settings, error) // guidelines, overlap rule
	// SetAllowOverlap changes the overlap rule at once; turning it off
	// fails with ECONFLICT, naming where, while spans overlap.
	SetAllowOverlap(ctx context.Context, allow bool) error
	Stats(ctx context.Context) (model.Stats, error)
	Pace(ctx context.Context) (map[string]float64, error) // documents finished per hour, per annotator

	// SetLabels applies an edited label set at once; rename maps old names
	// to new ones so spans follow their label.
	SetLabels(ctx context.Context, rename map[string]string, labels []model.Label) error

	// What measuring agreement reads (app.Agreement): every person's and
	// gold's counted sets.
	app.AgreementStore

	// What counting the occurrences of a phrase before labeling them all
	// reads (app.CountOccurrences), each read bringing the search index
	// up to date; label all itself goes through the editor.
	app.OccurrenceStore
}
