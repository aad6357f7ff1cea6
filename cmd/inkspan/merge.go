package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/cmd/inkspan/internal/projectopen"
)

func runMerge(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "merge", "inkspan merge --project FILE OTHER.inkspan...\n\n"+
		"Brings copies of a project (one per annotator, say) into FILE, one after another:\n"+
		"documents it lacks (matched by text), labels, annotators, and every annotator's\n"+
		"annotation sets, the reviewed (gold) version with its reviewer included. When an\n"+
		"annotator's set on a document differs between the files, the one changed last wins\n"+
		"(on a tie, FILE's) and the case is listed. Each file is merged whole or not at all and\n"+
		"is only read; merging a file again changes nothing.")
	project := flags.String("project", "", projectFlagHelp+" to merge into; it must exist")
	others, err := parse(flags, args)
	if err != nil {
		return err
	}
	if err := requireProject(flags, *project); err != nil {
		return err
	}
	if len(others) == 0 {
		fmt.Fprintln(e.stderr, "merge: give at least one project file to merge")
		flags.Usage()
		return errUsage
	}
	db, _, err := openStorage(ctx, *project, projectopen.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	for i, other := range others {
		src, err := projectopen.MergeSource(db, other)
		if err != nil {
			return err
		}
		report, err := app.Merge(ctx, db, src, mergeProgress(e, other))
		if err != nil {
			if i > 0 {
				return fmt.Errorf("%w; nothing from it was merged, the files before it were", err)
			}
			return fmt.Errorf("%w; nothing was merged", err)
		}
		printMergeReport(e.stdout, other, report)
	}
	return db.Close()
}

// mergeProgress draws a bar on a terminal once the merge knows how many
// documents the file has, and finishes it with the last document.
func mergeProgress(e env, other string) func(done, total int) {
	if !e.stderrIsTerminal {
		return nil
	}
	var bar *progress
	return func(done, total int) {
		if bar == nil {
			bar = newProgress(e.stderr, "merging "+other, total)
		}
		bar.update(done)
		if done == total {
			bar.finish()
		}
	}
}

// printMergeReport tells what merging other brought. Every name in it came
// from the other file (or is its file name): each is shown printable.
func printMergeReport(w io.Writer, other string, r app.MergeReport) {
	other = printable(other)
	fmt.Fprintf(w, "%s: %d new documents, %d already here; annotation sets: %d new, %d unchanged, %d replaced, %d kept; %d spans added\n",
		other, r.DocumentsAdded, r.DocumentsExisting, r.SetsAdded, r.SetsUnchanged, r.SetsReplaced, r.SetsKept, r.SpansAdded)
	if r.RelationsAdded > 0 {
		fmt.Fprintf(w, "%d relations added\n", r.RelationsAdded)
	}
	if len(r.LabelsAdded) > 0 {
		fmt.Fprintf(w, "new labels added to the project: %s\n", printableList(r.LabelsAdded))
	}
	if len(r.RelationLabelsAdded) > 0 {
		fmt.Fprintf(w, "new relation labels added to the project: %s\n", printableList(r.RelationLabelsAdded))
	}
	for _, k := range r.RelationKeysDropped {
		fmt.Fprintf(w, "relation label %s came without its key %s, which %s has here\n", printable(k.Label), printable(k.Key), printable(k.UsedBy))
	}
	for _, name := range r.SymmetryKept {
		fmt.Fprintf(w, "relation label %s is symmetric in one file and not in the other: this project's rule is kept\n", printable(name))
	}
	for _, k := range r.KeysDropped {
		fmt.Fprintf(w, "label %s came without its key %s, which %s has here\n", printable(k.Label), printable(k.Key), printable(k.UsedBy))
	}
	if len(r.AnnotatorsAdded) > 0 {
		fmt.Fprintf(w, "new annotators: %s\n", printableList(r.AnnotatorsAdded))
	}
	for _, c := range r.Conflicts {
		doc := printable(c.ExternalID)
		if doc == "" {
			doc = fmt.Sprintf("%q", mergeShorten(c.Title, 40)) // %q escapes as printable does
		}
		winner, loser := "this project's", other+"'s"
		won, lost := c.HereUpdated, c.OtherUpdated
		verb := "kept"
		if c.TookOther {
			winner, loser, won, lost, verb = loser, winner, lost, won, "took"
		}
		fmt.Fprintf(w, "conflict: %s (%s): %s %s set (changed %s) over %s (changed %s)\n",
			doc, printable(c.Annotator), verb, winner, mergeTimeText(won), loser, mergeTimeText(lost))
	}
}

// mergeTimeText shows when a set changed, in local time to the second:
// two versions a minute apart must not read alike.
func mergeTimeText(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05") }

// mergeShorten cuts s to at most n characters, marking the cut.
func mergeShorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}
