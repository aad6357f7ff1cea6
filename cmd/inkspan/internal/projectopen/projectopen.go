// Package projectopen opens the project a command or the window names:
// the path of a project file (package storage, SQLite) or the URL of a
// team project (postgres:// or postgresql://, package storage/postgres).
// It is the one place that knows both stores: the commands and the window
// get a Project, the application layer's contracts and gui.Project, and
// never see which store is behind it.
//
// A URL's password is never kept: pgx reads it from PostgreSQL's own
// ~/.pgpass or PGPASSWORD when the URL has none, and every name this
// package gives back for showing or remembering (Display, Project.Path)
// has it removed. TLS settings pass through the URL (sslmode=...).
package projectopen

import (
	"context"
	"fmt"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/postgres"
)

// Project is an open project as the commands and the window use it. What
// only some stores can do is asked for by the contract's own interface:
// app.SuggestStore (`inkspan suggest`, the window's Suggest; both stores
// have it), and MergeSourcer for a project file merging other files.
type Project interface {
	gui.Project
	app.ExportSource
	app.ImportTarget
	app.MergeTarget
	// RelationLabels returns the relation labels in their order.
	RelationLabels(ctx context.Context) ([]model.RelationLabel, error)
	// AddLabel adds a label at the end of the list: EINVALID for a bad
	// label, ECONFLICT for a name or key taken.
	AddLabel(ctx context.Context, l model.Label) error
	// UpdateLabel replaces the label called name: ENOTFOUND when there is
	// none, and AddLabel's codes.
	UpdateLabel(ctx context.Context, name string, l model.Label) error
	// Document returns a document with its text: ENOTFOUND for an
	// unknown id.
	Document(ctx context.Context, id string) (model.Document, error)
	// Close closes the project; for a project file it copies the last
	// changes into the file, and its error says that copy failed.
	Close() error
}

// Options say how to open a project.
type Options struct {
	// Create makes the project when it does not exist: a new project file,
	// or the schema in an empty database.
	Create bool
	// OnWait is called when a write waits for another program writing to
	// a project file. A team project's writers take turns on the server
	// without saying so.
	OnWait func()
}

// IsURL reports whether name is a team project's URL rather than a path.
func IsURL(name string) bool { return postgres.IsURL(name) }

// Display is name as it may be shown or remembered: a URL without its
// password, a path as it is.
func Display(name string) string {
	if IsURL(name) {
		return postgres.DisplayURL(name)
	}
	return name
}

// Open opens the project named by name. created says that Create made
// it. A team project's errors name its database, never the URL's
// password.
func Open(ctx context.Context, name string, opts Options) (p Project, created bool, err error) {
	if IsURL(name) {
		var db *postgres.DB
		if opts.Create {
			db, created, err = postgres.OpenOrCreate(ctx, name)
		} else {
			db, err = postgres.Open(ctx, name)
		}
		if postgres.NeedsPassword(err) {
			// The window asks for it (gui.ErrPasswordNeeded); a command
			// says the server's words, which name neither password.
			err = fmt.Errorf("%w: %w", gui.ErrPasswordNeeded, err)
		}
		if err != nil {
			return nil, false, err
		}
		return teamProject{DB: db, display: postgres.DisplayURL(name)}, created, nil
	}
	db, err := storage.Open(ctx, name, storage.OpenOptions{Create: opts.Create, OnWait: opts.OnWait})
	if err != nil {
		return nil, false, err
	}
	return db, false, nil
}

// teamProject is a team project as the window and the commands see it:
// its Path is its URL without the password, which titles the window and
// is what recent projects remember (the store's own Path is "", a project
// that is no file). An export's guard against replacing the project file
// compares with this string, which no file has.
type teamProject struct {
	*postgres.DB
	display string
}

func (t teamProject) Path() string { return t.display }

// MergeSourcer is a project that can read another project file to merge
// it: a project file, which checks the other file is not itself. A team
// project must not have this method (its store names its own reading as a
// source SourceForMerge): the file would be read as the team project.
type MergeSourcer interface {
	MergeSource(otherPath string) app.MergeSource
}

// MergeSource is the project named other, a file or a team project, as a
// merge into p reads it. A team project is opened when the merge reads
// it, and closed after; merging a project into itself is refused with
// EINVALID.
func MergeSource(p Project, other string) (app.MergeSource, error) {
	if IsURL(other) {
		return teamSource{url: other, into: p.Path()}, nil
	}
	if m, ok := p.(MergeSourcer); ok {
		return m.MergeSource(other), nil
	}
	return storage.FileMergeSource(other, ""), nil
}

// teamSource is a team project a merge reads (app.MergeSource).
type teamSource struct {
	url  string
	into string // the Path of the project merged into
}

func (s teamSource) Name() string { return Display(s.url) }

func (s teamSource) MergeRead(ctx context.Context, fn func(tx app.MergeSourceTx) error) error {
	if Display(s.url) == s.into {
		return model.Errorf(model.EINVALID, "that is this project itself: give another project")
	}
	db, err := postgres.Open(ctx, s.url)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.SourceForMerge(s.Name()).MergeRead(ctx, fn)
}

// The stores must be what the commands and the window take.
var (
	_ Project      = (*storage.DB)(nil)
	_ Project      = teamProject{}
	_ MergeSourcer = (*storage.DB)(nil)
	// Both stores suggest in bulk (`inkspan suggest`, the window's
	// Suggest); cmd still asks for app.SuggestStore, the contract.
	_ app.SuggestStore = (*storage.DB)(nil)
	_ app.SuggestStore = teamProject{}
	// A team project's search marks its matches and shows passages too.
	_ gui.Searcher = teamProject{}
	// A team project's window hears others' changes and takes documents
	// for an annotator as they go (issue 15); the window asks for these
	// contracts of app, never for the store's type.
	_ app.Watcher = teamProject{}
	_ app.Taker   = teamProject{}
	// And works as the person connected.
	_ app.Identified = teamProject{}
)

// SchemaVersions are the schema versions this Inkspan writes: of project
// files and of team databases.
func SchemaVersions() (file, team int) {
	return storage.SchemaVersion(), postgres.SchemaVersion()
}
