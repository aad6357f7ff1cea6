package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/inkspan/inkspan/model"
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
func printImportSummary(e env, report storage.ImportReport) {
	for _, w := range report.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", printable(model.ErrorMessage(w)))
	}
	for _, s := range report.Skipped {
		fmt.Fprintf(e.stderr, "skipped %s\n", printable(model.ErrorMessage(s)))
	}
	for _, s := range report.SkippedSpans {
		fmt.Fprintf(e.stderr, "skipped %s\n", printable(model.ErrorMessage(s)))
	}
	for _, c := range report.Conflicts {
		fmt.Fprintf(e.stderr, "conflict: %s\n", printable(model.ErrorMessage(c)))
	}

	out := e.stdout
	if len(report.Formats) > 0 {
		fmt.Fprintf(out, "read as %s\n", printableList(report.Formats))
	}
	fmt.Fprintf(out, "%d records read: %d new documents, %d already there; %d new spans, %d already there\n",
		report.Records, report.DocumentsAdded, report.DocumentsExisting, report.SpansAdded, report.SpansExisting)
	if len(report.LabelsAdded) > 0 {
		fmt.Fprintf(out, "new labels added to the project: %s\n", printableList(report.LabelsAdded))
	}
	if report.AnnotatedEmpty > 0 {
		fmt.Fprintf(out, "%d documents annotated with no spans\n", report.AnnotatedEmpty)
	}
	if report.SuggestionsAdded > 0 {
		fmt.Fprintf(out, "%d model predictions stored as suggestions, for the annotator to accept or reject\n", report.SuggestionsAdded)
	}
	if report.Relaxed > 0 {
		fmt.Fprintf(out, "%d Label Studio regions whose text matched their offsets only after trimming white space or normalising line breaks\n", report.Relaxed)
	}
	if line := notKeptLine(report.NotKept); line != "" {
		fmt.Fprintln(out, line)
	}
	if n := len(report.Conflicts); n > 0 {
		fmt.Fprintf(out, "%d records had other spans than an earlier record of the same text and annotator (listed on stderr)\n", n)
	}
	if len(report.Skipped) > 0 {
		fmt.Fprintf(out, "%d invalid records skipped (listed on stderr)\n", len(report.Skipped))
	}
	if len(report.SkippedSpans) > 0 {
		fmt.Fprintf(out, "%d invalid spans skipped, their documents kept (listed on stderr)\n", len(report.SkippedSpans))
	}
	if len(report.Warnings) > 0 {
		fmt.Fprintf(out, "%d warnings (listed on stderr)\n", len(report.Warnings))
	}
}

// notKeptLine is "not kept: 8 relations, 23 events, 11 attributes", kinds
// in alphabetical order, or "" when the input held nothing Inkspan drops.
func notKeptLine(counts map[string]int) string {
	kinds := make([]string, 0, len(counts))
	for k, n := range counts {
		if n > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return ""
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", counts[k], printable(k))
	}
	return "not kept: " + strings.Join(parts, ", ")
}
