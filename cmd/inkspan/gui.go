package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/app"

	"github.com/inkspan/inkspan/assets"
	"github.com/inkspan/inkspan/cmd/inkspan/internal/projectopen"
	"github.com/inkspan/inkspan/gui"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/storage"
)

// The window edits through the project file: storage must do what the
// undo history and the workspace expect of a project.
var (
	_ edit.Store       = (*storage.DB)(nil)
	_ gui.Project      = (*storage.DB)(nil)
	_ gui.Checkpointer = (*storage.DB)(nil)
	_ gui.WaitNotifier = (*storage.DB)(nil)
)

// appID names Inkspan to the OS; Fyne keys preferences and storage by it.
const appID = "io.inkspan.app"

func runGUI(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "gui", "inkspan gui [--project FILE] [--annotator NAME] [FILE]\n\n"+
		"Opens the annotation window. Without --project it opens the default project in the\n"+
		"user's data folder, created with sample articles on first use. A FILE after the flags\n"+
		"is the project to open, as a file manager passes a double-clicked .inkspan file.")
	project := flags.String("project", "", projectFlagHelp+", created if missing; default: the default project")
	annotator := flags.String("annotator", "", "annotate as `NAME` for this session (default: the name given at first launch)")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) == 1 && *project == "":
		*project = rest[0]
	case len(rest) > 0:
		fmt.Fprintf(e.stderr, "gui: unexpected argument %q: name one project\n", printable(rest[len(rest)-1]))
		flags.Usage()
		return errUsage
	}
	if *annotator != "" {
		if err := model.ValidatePersonName(*annotator); err != nil {
			return err
		}
	}
	if err := checkDisplay(); err != nil {
		return err
	}
	a := app.NewWithID(appID)
	a.SetIcon(assets.Icon)
	var db projectopen.Project
	path := projectopen.Display(*project)
	if path == "" {
		path = "the default project"
		var file *storage.DB
		if file, err = openDefaultProject(ctx); err == nil {
			db = file
		}
	} else {
		db, _, err = projectopen.Open(ctx, *project, projectopen.Options{Create: true})
	}
	// Closing copies the last changes into the project file: a failure
	// there (a full disk) is said on stderr, the window being gone.
	defer func() {
		if db == nil {
			return
		}
		if err := db.Close(); err != nil {
			fmt.Fprintf(e.stderr, "inkspan gui: %s\n", model.Printable(model.ErrorMessage(err)))
		}
	}()
	start := func(p projectopen.Project) error {
		ws, err := gui.Start(a, p, *annotator, defaultAnnotator())
		if err != nil {
			return err
		}
		ws.SetOpener(func(ctx context.Context, path string, create bool) (gui.Project, func() error, error) {
			db, _, err := projectopen.Open(ctx, path, projectopen.Options{Create: create})
			if err != nil {
				return nil, nil, err
			}
			return db, db.Close, nil
		})
		ws.SetTransfers(windowTransfers())
		ws.SetAbout(readBuild().about())
		ws.Window().Show()
		return nil
	}
	if errors.Is(err, gui.ErrPasswordNeeded) && projectopen.IsURL(*project) {
		// No password in the URL, ~/.pgpass or PGPASSWORD: the window
		// asks for it, for this connection only (issue 15).
		gui.AskPasswordAtStart(a, *project, func(withPw string) error {
			p, _, err := projectopen.Open(ctx, withPw, projectopen.Options{Create: true})
			if err != nil {
				return err
			}
			if err := start(p); err != nil {
				p.Close()
				return err
			}
			db = p
			return nil
		}).Show()
		a.Run()
		return nil
	}
	if err != nil {
		// Said twice: on stderr for scripts, in a window for people.
		fmt.Fprintf(e.stderr, "inkspan gui: %s\n", model.Printable(model.ErrorMessage(err)))
		gui.ShowOpenFailure(a, path, err).ShowAndRun()
		return errReported
	}
	if err := start(db); err != nil {
		return err
	}
	a.Run()
	return nil
}

// openDefaultProject opens the project a new user starts with, creating it
// with the bundled sample articles the first time.
func openDefaultProject(ctx context.Context) (*storage.DB, error) {
	dir, err := dataDir()
	if err != nil {
		return nil, fmt.Errorf("find the data folder: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create the data folder: %w", err)
	}
	path := filepath.Join(dir, "default"+storage.Extension)
	_, statErr := os.Stat(path)
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		return nil, err
	}
	if !errors.Is(statErr, fs.ErrNotExist) {
		return db, nil
	}
	if err := addSamples(ctx, db); err != nil {
		// Without its samples the project would stay empty for good: start
		// over next time.
		db.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		return nil, err
	}
	return db, nil
}

// addSamples stores the bundled sample articles.
func addSamples(ctx context.Context, db *storage.DB) error {
	for _, s := range assets.Samples() {
		if _, _, err := db.AddDocument(ctx, model.Document{ExternalID: s.Name, Text: s.Text}); err != nil {
			return fmt.Errorf("add sample %s: %w", s.Name, err)
		}
	}
	return nil
}
