package main

import (
	"errors"
	"fmt"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// parseImportStatus reads --status, one of app.ImportStatuses; "" leaves
// each record's own.
func parseImportStatus(s string) (model.Status, error) {
	if s == "" {
		return "", nil
	}
	st, err := model.ParseStatus(s)
	for _, ok := range app.ImportStatuses {
		if err == nil && st == ok {
			return st, nil
		}
	}
	return "", model.Errorf(model.EINVALID, "--status %q: want done, in_progress or skipped", s)
}

// withConflictFlags says a conflict's ways out as this command's flags:
// the use case names them in words, which the window words as its own
// choices.
func withConflictFlags(err error) error {
	var c *app.ConflictError
	if !errors.As(err, &c) {
		return err
	}
	return model.Errorf(model.ECONFLICT, "%s: pass --on-conflict first to keep the version at %s, "+
		"or --on-conflict separate to keep each file's version as its own annotation set", c.Reason(), c.Earlier)
}

// parseOnConflict reads --on-conflict.
func parseOnConflict(s string) (string, error) {
	switch s {
	case "", app.ConflictFirst, app.ConflictSeparate:
		return s, nil
	}
	return "", model.Errorf(model.EINVALID, "--on-conflict %q: want first or separate", s)
}

// printImportSummary says what an import did, one line per fact, and lists
// on stderr each thing it left out or warned about, with its file and line.
// The window's import dialog shows the same summary (windowImport).
func printImportSummary(e env, report app.ImportReport) {
	summary := report.Summary()
	for _, d := range summary.Details() {
		fmt.Fprintln(e.stderr, d)
	}
	for _, line := range summary.Lines("listed on stderr", 0) {
		fmt.Fprintln(e.stdout, line)
	}
}
