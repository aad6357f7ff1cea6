package app

import "context"

// A team project (issue 15) is changed by many people at once: the window
// hears of the changes others make (Watcher) and, for an annotator given
// documents as they go, asks for the next one (Taker). Both are optional:
// a store that has them says so by implementing them, and the front ends
// ask for the interface, never for a store's type. A project file has
// neither; another window on the same file sees changes when it reads.

// Change says that another connection changed part of the project. It
// names what changed only by IDs the receiver may read: a store delivers
// a change only when the connected user may read what it is about, and
// the receiver reads the change itself through its own store, under its
// own permissions.
type Change struct {
	// DocumentID is the document changed; "" when anything may have
	// changed (a bulk change, or changes missed while the connection was
	// down): re-read all that is shown.
	DocumentID string
	// Annotator is whose annotation set on the document changed (spans,
	// relations, status, note; model.GoldAnnotator for the reviewed
	// version); "" when the change is the document's own (its review,
	// its assignment) or not one set's.
	Annotator string
}

// Watcher is a store that tells of the changes other connections make
// (other windows, other people, the command line): PostgreSQL's
// LISTEN/NOTIFY for a team project.
type Watcher interface {
	// Changes delivers changes until ctx ends, then closes the channel.
	// Changes made through this store itself are left out (the window
	// showing them has them already). Changes close together may come
	// as one, and a burst of them as one Change{} (anything). The store
	// never waits for the receiver: one that falls behind gets Change{}
	// for what it missed, with the next change. No error codes: a lost
	// connection is tried again, and once it is back a Change{} says
	// that anything may have changed meanwhile.
	Changes(ctx context.Context) <-chan Change
}

// Taker is a store that hands an annotator further documents as they
// ask: a team project with dynamic assignment, where a document goes to
// the first K annotators who ask for it, on a lease.
type Taker interface {
	// TakeNext gives the connected annotator a further document to work
	// on: one they took before and have not finished, or a new one,
	// which becomes theirs; "" when the project hands out no documents
	// this way, the connected user is not an annotator, or every
	// document has its annotators. No error codes of its own: a failure
	// of the store.
	TakeNext(ctx context.Context) (string, error)
}

// TakeDocument asks st for a further document for layer's person when
// the project hands documents out as annotators ask (Taker): the
// document's ID, "" when there is none to take or st does not hand
// documents out, or when layer is the reviewed version (a reviewer reads
// every document). No error codes of its own.
func TakeDocument(ctx context.Context, st Store, layer Layer) (string, error) {
	t, ok := st.(Taker)
	if !ok || layer.Reviewing {
		return "", nil
	}
	return t.TakeNext(ctx)
}

// Identified is a store that knows whose it is: a team project's
// connection is a person of the team, a PostgreSQL login role named as
// their annotator, and the database lets them write only under that
// name. The window then works as that person.
type Identified interface {
	// Person is the connected person's name; "" when the connection is
	// no one of the team (the project's owner), and the window keeps the
	// name it was given. No error codes of its own.
	Person(ctx context.Context) (string, error)
}
