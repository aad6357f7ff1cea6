package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/cmd/inkspan/internal/projectopen"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/storage"
)

// The window's undo stack accepts, rejects and labels all through the
// project, and the suggest, label-all and agreement use cases run on it;
// model/edit and app may not import storage to check this themselves.
var (
	_ edit.SuggestionStore = (*storage.DB)(nil)
	_ app.SuggestStore     = (*storage.DB)(nil)
	_ app.OccurrenceStore  = (*storage.DB)(nil)
	_ app.AgreementStore   = (*storage.DB)(nil)
)

func runSuggest(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "suggest", "inkspan suggest --project FILE --annotator NAME [--patterns FILE] [--figures] [--dictionary] [--model] [--min-confidence P] [--accept]\n\n"+
		"Pre-annotates every document of a project for an annotator, who then accepts or rejects\n"+
		"each suggestion in the window. Sources (at least one): a patterns file in Prodigy's JSONL\n"+
		"format, the built-in FIGURE recognizer, the annotator's dictionary (strings they have\n"+
		"labeled elsewhere suggest the same label), and the model learned from the documents they\n"+
		"finished (the one 'inkspan train' kept, trained now if there is none or it is out of date),\n"+
		"each suggestion with its confidence. Suggestions never duplicate or, unless the\n"+
		"project allows overlaps, overlap the annotator's spans, and are not stored twice.\n"+
		"Labels the sources use that the project lacks are added to it.")
	project := flags.String("project", "", projectFlagHelp)
	annotator := flags.String("annotator", "", "the annotator `NAME` to suggest for (required)")
	patternsFile := flags.String("patterns", "", "a Prodigy patterns `FILE` (JSONL: {\"label\": ..., \"pattern\": ...} a line)")
	figures := flags.Bool("figures", false, "suggest FIGURE spans: counts, amounts, percentages, measures")
	dictionary := flags.Bool("dictionary", false, "suggest the labels the annotator gave the same strings elsewhere")
	useModel := flags.Bool("model", false, "suggest what the annotator's learned model finds, with its confidence")
	minConfidence := flags.Float64("min-confidence", 0, "leave out the model's suggestions less likely than `P` (0 to 1) to be right")
	accept := flags.Bool("accept", false, "store the suggestions as the annotator's spans (origin suggestion) instead")
	if _, err := parse(flags, args); err != nil {
		return err
	}
	if err := requireProject(flags, *project); err != nil {
		return err
	}
	if *annotator == "" {
		fmt.Fprintln(e.stderr, "suggest: --annotator NAME is required")
		flags.Usage()
		return errUsage
	}
	if *patternsFile == "" && !*figures && !*dictionary && !*useModel {
		fmt.Fprintln(e.stderr, "suggest: give at least one source: --patterns FILE, --figures, --dictionary or --model")
		flags.Usage()
		return errUsage
	}
	if *minConfidence < 0 || *minConfidence > 1 || (*minConfidence > 0 && !*useModel) {
		fmt.Fprintln(e.stderr, "suggest: --min-confidence is between 0 and 1, and goes with --model")
		flags.Usage()
		return errUsage
	}
	run := app.SuggestRun{Figures: *figures, Dictionary: *dictionary, Accept: *accept, MinConfidence: *minConfidence}
	var patterns []suggest.Pattern
	if *patternsFile != "" {
		var err error
		if patterns, err = readPatterns(*patternsFile, e); err != nil {
			return err
		}
		if run.Matcher, err = suggest.NewMatcher(patterns); err != nil {
			return fmt.Errorf("%s: %w", *patternsFile, err)
		}
	}

	db, err := openProject(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := suggestStore(db)
	if err != nil {
		return err
	}
	if err := checkPatternLabels(ctx, db, *patternsFile, patterns, e); err != nil {
		return err
	}
	if *useModel {
		ls, err := learnStore(db)
		if err != nil {
			return err
		}
		var retrained bool
		if run.Model, retrained, err = app.ModelFor(ctx, ls, *annotator, app.TrainRun{Seed: 1}); err != nil {
			return err
		}
		if retrained {
			fmt.Fprintf(e.stderr, "inkspan suggest: trained %s's model on their finished documents and kept it in the project\n", printable(*annotator))
		}
	}
	var progress func(done, total int)
	if e.stderrIsTerminal {
		bar := newProgress(e.stderr, "suggesting", 0)
		progress = func(done, total int) {
			bar.total = total
			bar.update(done)
		}
		defer bar.finish()
	}
	start := time.Now()
	report, err := app.Suggest(ctx, st, *annotator, run, progress)
	if err != nil {
		if report.Documents > 0 {
			// Whole batches were stored before the failure: say so.
			return fmt.Errorf("%w (the first %d documents were done and keep what they got)", err, report.Documents)
		}
		return err
	}
	printSuggestReport(e.stdout, *annotator, report, *accept, time.Since(start))
	return nil
}

// suggestStore is the project as bulk suggesting writes to it: a project
// file is one; a team project is not yet, and says so.
func suggestStore(p projectopen.Project) (app.SuggestStore, error) {
	st, ok := p.(app.SuggestStore)
	if !ok {
		return nil, model.Errorf(model.EINVALID, "suggest is not available for team projects yet (%s)", p.Path())
	}
	return st, nil
}

// readPatterns reads a patterns file, printing each bad line as
// FILE:LINE: message, and fails (exit 1, after the messages) if any.
func readPatterns(path string, e env) ([]suggest.Pattern, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	patterns, err := suggest.ReadPatterns(f, path)
	if err == nil {
		return patterns, nil
	}
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	for _, err := range errs {
		fmt.Fprintf(e.stderr, "inkspan suggest: %s\n", printable(model.ErrorMessage(err)))
	}
	fmt.Fprintf(e.stderr, "inkspan suggest: %s has errors: nothing was suggested\n", printable(path))
	return nil, errReported
}

// checkPatternLabels refuses, before anything is stored, a pattern whose
// label the project lacks and could not take (white space in the name, say).
func checkPatternLabels(ctx context.Context, db projectopen.Project, path string, patterns []suggest.Pattern, e env) error {
	labels, err := db.Labels(ctx)
	if err != nil {
		return err
	}
	known := model.NamesOf(labels)
	bad := 0
	for _, p := range patterns {
		if known[p.Label] {
			continue
		}
		if err := model.NewLabel(p.Label, labels).Validate(); err != nil {
			bad++
			in := &model.InputError{File: path, Line: p.Line, Msg: "the project has no label " + p.Label + " and cannot add it: " + model.ErrorMessage(err)}
			fmt.Fprintf(e.stderr, "inkspan suggest: %s\n", in) // InputError.Error escapes
			continue
		}
		known[p.Label] = true
	}
	if bad > 0 {
		return errReported
	}
	return nil
}

func printSuggestReport(out io.Writer, annotator string, r app.SuggestReport, accept bool, took time.Duration) {
	annotator = printable(annotator)
	what := "suggestions"
	stored := fmt.Sprintf("%d suggestions stored for %s", r.Added, annotator)
	if accept {
		what = "spans"
		stored = fmt.Sprintf("%d spans stored as %s's (origin suggestion)", r.Added, annotator)
	}
	fmt.Fprintf(out, "%d documents read, %d with new %s: %s in %.1fs\n", r.Documents, r.Touched, what, stored, took.Seconds())
	if r.Added == 0 {
		return
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	table := func(head string, counts map[string]int) {
		fmt.Fprintf(w, "\n%s\t%s\n", head, titleCase(what))
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "%s\t%d\n", printable(k), counts[k])
		}
	}
	table("Label", r.ByLabel)
	bySource := make(map[string]int, len(r.BySource))
	for source, n := range r.BySource {
		bySource[string(source)] = n
	}
	table("Source", bySource)
	w.Flush()
	if len(r.LabelsAdded) > 0 {
		fmt.Fprintf(out, "\nnew labels added to the project: %s\n", printableList(r.LabelsAdded))
	}
}

func titleCase(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
