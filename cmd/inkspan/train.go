package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/cmd/inkspan/internal/projectopen"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/learn"
	"github.com/inkspan/inkspan/storage"
)

// Training reads the project file and keeps the model in it.
var _ app.LearnModelStore = (*storage.DB)(nil)

func runTrain(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "train", "inkspan train --project FILE --annotator NAME [--folds N] [--seed N] [--json]\n\n"+
		"Trains the annotator's model on the documents they marked done (and the suggestions they\n"+
		"rejected) and keeps it in the project, where suggest and the window use it.\n"+
		"Prints each label's precision, recall and F1 by cross-validation on the finished documents,\n"+
		"and a learning curve: F1 as the documents are added, in the order they were finished.")
	project := flags.String("project", "", projectFlagHelp)
	annotator := flags.String("annotator", "", "the annotator `NAME` whose work the model learns (required)")
	folds := flags.Int("folds", 5, "cross-validation folds, `N` of 2 or more; 0 trains without a report")
	seed := flags.Uint64("seed", 1, "the seed `N` the model and its report are repeatable for")
	asJSON := flags.Bool("json", false, "print the report as JSON")
	if _, err := parse(flags, args); err != nil {
		return err
	}
	if err := requireProject(flags, *project); err != nil {
		return err
	}
	if *annotator == "" {
		fmt.Fprintln(e.stderr, "train: --annotator NAME is required")
		flags.Usage()
		return errUsage
	}
	if *folds == 1 || *folds < 0 {
		fmt.Fprintln(e.stderr, "train: --folds is 0 or at least 2")
		flags.Usage()
		return errUsage
	}
	db, err := openProject(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := learnStore(db)
	if err != nil {
		return err
	}
	run := app.TrainRun{Folds: *folds, Seed: *seed}
	if *folds > 0 {
		// The curve's points are counted before training, so that a
		// project with fewer finished documents than folds says so.
		finished := 0
		if err := st.LearnDocuments(ctx, *annotator, func(d app.LearnDocument) error {
			if d.Done {
				finished++
			}
			return nil
		}); err != nil {
			return err
		}
		run.Curve = curveSizes(finished, *folds)
	}
	start := time.Now()
	trained, err := app.TrainAndSave(ctx, st, *annotator, run)
	if err != nil {
		return err
	}
	if *asJSON {
		return printTrainJSON(e.stdout, *annotator, trained)
	}
	printTrainReport(e.stdout, *annotator, trained, *folds, time.Since(start))
	return nil
}

// learnStore is the project as training reads it: a project file is one;
// a team project is not yet, and says so.
func learnStore(p projectopen.Project) (app.LearnModelStore, error) {
	st, ok := p.(app.LearnModelStore)
	if !ok {
		return nil, model.Errorf(model.EINVALID, "train is not available for team projects yet (%s)", p.Path())
	}
	return st, nil
}

// curveSizes are the learning curve's points for n finished documents
// and k folds: a fold trains on about n(k-1)/k of them, and the curve
// doubles up to that (1, 2, 4, ... and the whole).
func curveSizes(n, folds int) []int {
	if n < folds {
		return nil
	}
	most := n - (n+folds-1)/folds
	var sizes []int
	for s := 1; s < most; s *= 2 {
		sizes = append(sizes, s)
	}
	return append(sizes, most)
}

func printTrainReport(out io.Writer, annotator string, t app.Trained, folds int, took time.Duration) {
	fmt.Fprintf(out, "model trained for %s on %d finished documents in %.1fs and kept in the project\n",
		printable(annotator), t.Documents, took.Seconds())
	if folds == 0 {
		return
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(out, "\ncross-validation, %d folds (exact matches):\n", folds)
	fmt.Fprintf(w, "Label\tPrecision\tRecall\tF1\tSpans\t\n")
	row := func(s learn.Score) {
		fmt.Fprintf(w, "%s\t%.2f\t%.2f\t%.2f\t%d\t\n", printable(s.Label), s.Precision, s.Recall, s.F1, s.TP+s.FN)
	}
	for _, s := range t.Report.Labels {
		row(s)
	}
	overall := t.Report.Overall
	overall.Label = "overall"
	row(overall)
	w.Flush()
	if len(t.Curve) == 0 {
		return
	}
	fmt.Fprintf(out, "\nlearning curve (F1 by cross-validation, training on the first N finished documents):\n")
	fmt.Fprintf(w, "N\tF1\t\n")
	for _, p := range t.Curve {
		fmt.Fprintf(w, "%d\t%.2f\t\n", p.Documents, p.Report.Overall.F1)
	}
	w.Flush()
}

func printTrainJSON(out io.Writer, annotator string, t app.Trained) error {
	type score struct {
		Label     string  `json:"label,omitempty"`
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		F1        float64 `json:"f1"`
		Spans     int     `json:"spans"`
	}
	conv := func(s learn.Score) score {
		return score{Label: s.Label, Precision: s.Precision, Recall: s.Recall, F1: s.F1, Spans: s.TP + s.FN}
	}
	type point struct {
		Documents int     `json:"documents"`
		F1        float64 `json:"f1"`
	}
	doc := struct {
		Annotator string  `json:"annotator"`
		Documents int     `json:"documents"`
		Labels    []score `json:"labels"`
		Overall   score   `json:"overall"`
		Curve     []point `json:"curve"`
	}{Annotator: annotator, Documents: t.Documents, Labels: []score{}, Overall: conv(t.Report.Overall), Curve: []point{}}
	for _, s := range t.Report.Labels {
		doc.Labels = append(doc.Labels, conv(s))
	}
	for _, p := range t.Curve {
		doc.Curve = append(doc.Curve, point{p.Documents, p.Report.Overall.F1})
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
