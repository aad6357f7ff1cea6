package gui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
)

// About is what the binary knows of itself, for Help ▸ About: the command
// reads it from the build (the version and date the link recorded, the
// commit the Go toolchain recorded) and gives it to the window.
type About struct {
	Version string // "0.1.0"
	Commit  string // the commit, shortened, with its date
	Built   string // when and with which Go the binary was linked
}

// SchemaReporter is a project that can say which schema version it is at:
// both stores can, and About shows it so a support question can name it.
type SchemaReporter interface {
	ProjectSchema(ctx context.Context) (int, error)
}

// SetAbout gives the window the build's facts for Help ▸ About.
func (ws *Workspace) SetAbout(a About) { ws.about = a }

// ShowAbout opens Help ▸ About: what Inkspan is, its version, commit and
// build, and the open project with its schema version.
func (ws *Workspace) ShowAbout() {
	dialogkit.ShowInformation(ws.win, "About Inkspan", ws.aboutText())
}

// aboutText is the About dialog's text. The schema version is read from
// the project now, with a short wait: a team server that stopped answering
// leaves it out rather than holding the dialog.
func (ws *Workspace) aboutText() string {
	var b strings.Builder
	b.WriteString("Inkspan labels spans of text: fast, exact, keyboard-first, offline.\n" +
		"Every change is saved to the project the moment you make it.\n\n")
	version := ws.about.Version
	if version == "" {
		version = "not recorded"
	}
	fmt.Fprintf(&b, "Version: %s\n", version)
	if ws.about.Commit != "" {
		fmt.Fprintf(&b, "Commit: %s\n", ws.about.Commit)
	}
	if ws.about.Built != "" {
		fmt.Fprintf(&b, "Built: %s\n", ws.about.Built)
	}
	fmt.Fprintf(&b, "\nProject: %s\n", ws.project.Path())
	if r, ok := ws.project.(SchemaReporter); ok {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if v, err := r.ProjectSchema(ctx); err == nil {
			fmt.Fprintf(&b, "Schema version: %d\n", v)
		} else {
			fmt.Fprintf(&b, "Schema version: not readable (%s)\n", model.ErrorMessage(err))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
