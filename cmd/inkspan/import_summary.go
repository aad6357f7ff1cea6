package main

import (
	"fmt"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

// importStatuses are the statuses --status may give imported sets: todo
// would say nobody read what the input says someone annotated.
var importStatuses = []model.Status{model.StatusDone, model.StatusInProgress, model.StatusSkipped}

// parseImportStatus reads --status; "" leaves each record's own.
func parseImportStatus(s string) (model.Status, error) {
	if s == "" {
		return "", nil
	}
	st, err := model.ParseStatus(s)
	for _, ok := range importStatuses {
		if err == nil && st == ok {
			return st, nil
		}
	}
	return "", model.Errorf(model.EINVALID, "--status %q: want done, in_progress or skipped", s)
}

// parseOnConflict reads --on-conflict.
func parseOnConflict(s string) (string, error) {
	switch s {
	case "", storage.ConflictFirst, storage.ConflictSeparate:
		return s, nil
	}
	return "", model.Errorf(model.EINVALID, "--on-conflict %q: want first or separate", s)
}

// printImportSummary says what an import did, one line per fact, and lists
// on stderr each thing it left out or warned about, with its file and line.
// The window's import dialog shows the same summary (windowImport).
func printImportSummary(e env, report storage.ImportReport) {
	summary := importSummary(report)
	for _, d := range summary.Details() {
		fmt.Fprintln(e.stderr, d)
	}
	for _, line := range summary.Lines("listed on stderr", 0) {
		fmt.Fprintln(e.stdout, line)
	}
}

// importSummary is report in the words both the command and the window
// use: each error as its message.
func importSummary(report storage.ImportReport) formats.ImportSummary {
	messages := func(errs []error) []string {
		var out []string
		for _, err := range errs {
			out = append(out, model.ErrorMessage(err))
		}
		return out
	}
	return formats.ImportSummary{
		Formats: report.Formats, Records: report.Records,
		DocumentsAdded: report.DocumentsAdded, DocumentsExisting: report.DocumentsExisting,
		SpansAdded: report.SpansAdded, SpansExisting: report.SpansExisting, LabelsAdded: report.LabelsAdded,
		AnnotatedEmpty: report.AnnotatedEmpty, SuggestionsAdded: report.SuggestionsAdded, Relaxed: report.Relaxed,
		NotKept:  report.NotKept,
		Warnings: messages(report.Warnings), Skipped: messages(report.Skipped),
		SkippedSpans: messages(report.SkippedSpans), Conflicts: messages(report.Conflicts),
	}
}
