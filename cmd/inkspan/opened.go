package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/inkspan/inkspan/cmd/inkspan/internal/projectopen"
	"github.com/inkspan/inkspan/model"
)

// openedProjects are the projects a command opened. run closes them after
// the command, whatever the command did with them, and reports a failed
// close: closing copies the saved changes into the project file, and a
// command must not say it succeeded when that copy failed (a full disk).
// A project's Close runs once and then returns its first result, so a
// command's own deferred Close does no harm.
type openedProjects struct {
	stderr io.Writer
	mu     sync.Mutex
	dbs    []io.Closer
}

type openedKey struct{}

// withOpenedProjects returns a context that openStorage registers projects in.
func withOpenedProjects(ctx context.Context, stderr io.Writer) (context.Context, *openedProjects) {
	o := &openedProjects{stderr: stderr}
	return context.WithValue(ctx, openedKey{}, o), o
}

// openStorage opens a project for a command: a project file's path or a
// team project's URL (projectopen). A write that has to wait for another
// program (the window, another import) says so once on stderr and goes on
// waiting until that program is done or the user presses Ctrl+C. created
// says that opts.Create made the project.
func openStorage(ctx context.Context, path string, opts projectopen.Options) (db projectopen.Project, created bool, err error) {
	o, _ := ctx.Value(openedKey{}).(*openedProjects)
	if o != nil && opts.OnWait == nil {
		var once sync.Once
		opts.OnWait = func() {
			once.Do(func() {
				fmt.Fprintf(o.stderr, "waiting for another program writing to %s (Ctrl+C stops)…\n", model.Printable(projectopen.Display(path)))
			})
		}
	}
	db, created, err = projectopen.Open(ctx, path, opts)
	if err == nil && o != nil {
		o.mu.Lock()
		o.dbs = append(o.dbs, db)
		o.mu.Unlock()
	}
	return db, created, err
}

// closeAll closes every project the command opened.
func (o *openedProjects) closeAll() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	var errs []error
	for _, db := range o.dbs {
		errs = append(errs, db.Close())
	}
	o.dbs = nil
	return errors.Join(errs...)
}

// projectFlagHelp describes --project: a file or a team project's URL,
// whose password comes from ~/.pgpass or PGPASSWORD, never the command
// line's history.
const projectFlagHelp = "project `FILE` (.inkspan), or a team project's URL postgres://USER@HOST:PORT/DATABASE?sslmode=...\n(the password from ~/.pgpass or PGPASSWORD)"
