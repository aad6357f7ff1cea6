// Package edit makes every change an annotator makes undoable. Each change is
// a Command that applies and reverts itself against a Store, and a History
// keeps a session's commands as an undo stack.
//
// Inkspan saves every change at once, so the store is the only copy of the
// annotations: undo is a further write through the store rather than the
// restoring of a snapshot. That keeps undo cheap on long documents and keeps
// the store's rules in force. If another window changed the same span in the
// meantime, the store refuses the undo (ENOTFOUND, ECONFLICT, EINVALID) and
// the History stays where it was.
//
// Accepting and rejecting suggestions, and labeling or unlabeling every
// occurrence of a string at once, are commands too (suggestions.go); they
// need a store that is also a SuggestionStore. Adding, relabeling and
// deleting relations between spans need a RelationStore (relations.go);
// on one, every command that deletes spans brings their relations back
// with them when it is undone.
//
// The package imports only the standard library and model, so the GUI can be
// handed a History and its logic tested with no window and no database.
package edit

import (
	"context"

	"github.com/inkspan/inkspan/model"
)

// Store is what commands change. *storage.DB satisfies it; cmd asserts that
// with `var _ edit.Store = (*storage.DB)(nil)`, because a model package may not
// import storage.
type Store interface {
	// AddSpan stores s on the annotator's copy of the document and returns the
	// stored span. It keeps s.ID when it is set, which is what lets a redo bring
	// back the same span, and it moves a todo document to in progress.
	// EINVALID for a bad or overlapping span, ECONFLICT for a duplicate,
	// ENOTFOUND for an unknown document.
	AddSpan(ctx context.Context, documentID, annotator string, s model.Span) (model.Span, error)
	// UpdateSpan replaces the offsets, label and note of the span with s.ID; it
	// too moves a todo document to in progress. ENOTFOUND for an unknown span,
	// otherwise the errors of AddSpan.
	UpdateSpan(ctx context.Context, s model.Span) (model.Span, error)
	// DeleteSpan removes a span. ENOTFOUND for an unknown span.
	DeleteSpan(ctx context.Context, spanID string) error
	// SetStatus records the annotator's status on a document. EINVALID for an
	// unknown status, ENOTFOUND for an unknown document.
	SetStatus(ctx context.Context, documentID, annotator string, st model.Status) error
	// Status returns the annotator's status on a document: todo when the
	// annotator has not touched it.
	Status(ctx context.Context, documentID, annotator string) (model.Status, error)
}

// Atomic is a Store that can run several of its calls as one unit of work:
// Atomically gives fn a Store whose changes all commit when fn returns nil
// and none of them when it returns an error. fn must make its changes
// through that Store only: a write through another path would wait for the
// unit to end. The history runs a step as one unit when its store is Atomic
// and the step is plain (span and status changes, and batches of them).
type Atomic interface {
	Store
	Atomically(ctx context.Context, fn func(st Store) error) error
}

// Contained is a command made outside this package that, like the span
// and status commands, changes the project only through the Store its Do
// and Undo are given (asserting the operations it needs on it), so that
// the history can run it inside one unit of work.
type Contained interface {
	Command
	// ChangesOnlyItsStore marks the command; it does nothing.
	ChangesOnlyItsStore()
}

// plain reports whether cmd changes spans, relations, statuses and
// suggestions through its Store and nothing else, so that it can run
// inside Atomically: commands that reach other stores are not.
func plain(cmd Command) bool {
	switch c := cmd.(type) {
	case Contained:
		return true
	case *addCmd, *deleteCmd, *updateCmd, *statusCmd:
		return true
	case *addRelationCmd, *deleteRelationCmd, *updateRelationCmd:
		// The unit's Store is then a RelationStore too, or they fail.
		return true
	case *acceptCmd, *rejectCmd, *acceptAllCmd:
		// The unit's Store is then a SuggestionStore too, or they fail.
		return true
	case *manyCmd:
		// Its first Do has find read through the unit's Store too, so
		// that what it found is what it changes.
		return true
	case *batchCmd:
		for _, sub := range c.cmds {
			if !plain(sub) {
				return false
			}
		}
		return true
	}
	return false
}

// Command is one undoable change. Do applies it to the store and Undo reverts
// it exactly; Do after Undo applies it again (redo).
//
// Both methods are all or nothing: when they fail, they first take back what
// they had already written, and a failure to take it back is joined to the
// error. A command remembers what its Do found in the store (the span ID the
// store chose, the status before), so one value serves one History entry and
// its methods must not run concurrently; History serialises them.
type Command interface {
	Do(ctx context.Context, st Store) error
	Undo(ctx context.Context, st Store) error
	// Describe names the change for an Undo or Redo menu item, for example
	// add ACTOR “Putin”.
	Describe() string
}
