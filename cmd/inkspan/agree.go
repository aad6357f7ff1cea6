package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/cmd/inkspan/internal/projectopen"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/storage"
)

// agreeWorst is how many of the least agreed documents the table lists.
const agreeWorst = 10

func runAgree(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "agree", "inkspan agree --project FILE [--json | --csv] [--label L] [--documents reviewed|all]\n\n"+
		"Measures how far annotators agree, for each pair on the documents both labeled: exact span F1,\n"+
		"overlap span F1 (same label, overlapping) and Cohen's kappa over token labels, each also per\n"+
		"label; Fleiss' kappa where three or more labeled the same documents; each annotator against the\n"+
		"gold (reviewed) versions once there are some (exact precision, recall, F1); and the documents\n"+
		"with the lowest agreement. A set counts when it is in progress or done (todo and skipped ones\n"+
		"do not), and a gold version when it is in review or reviewed.\n\n"+
		"--csv writes one row per pair and label, label * for all labels, with the header\n"+
		"a,b,label,documents,span_f1,span_f1_overlap,token_kappa,precision,recall,spans_a,spans_b,matched,matched_overlap;\n"+
		"rows with b = gold score annotator a against gold: span_f1 is F1 against gold, precision and\n"+
		"recall are filled, spans_b counts gold's spans, and the overlap and kappa columns are empty.\n"+
		"Fleiss' kappa and the per-document figures are in the table and --json only.")
	project := flags.String("project", "", projectFlagHelp)
	asJSON := flags.Bool("json", false, "print the report as JSON: {pairs: [{a, b, documents, span_f1, span_f1_overlap, token_kappa, per_label}], fleiss, gold, documents}")
	asCSV := flags.Bool("csv", false, "print one CSV row per pair (and gold) and label")
	label := flags.String("label", "", "only spans of label `L`")
	documents := flags.String("documents", "all", "`reviewed|all`: only the documents whose gold version is reviewed, or every document")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "agree: unexpected argument %q\n", rest[0])
		return errUsage
	}
	if *asJSON && *asCSV {
		fmt.Fprintln(e.stderr, "agree: give --json or --csv, not both")
		return errUsage
	}
	var reviewedOnly bool
	switch *documents {
	case "all":
	case "reviewed":
		reviewedOnly = true
	default:
		return model.Errorf(model.EINVALID, "--documents takes reviewed or all, not %q", *documents)
	}

	db, err := openProject(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := app.Agreement(ctx, db, agree.Options{Label: *label}, reviewedOnly)
	if err != nil {
		return err
	}
	labels, err := db.Labels(ctx)
	if err != nil {
		return err
	}
	order := make([]string, len(labels))
	for i, l := range labels {
		order[i] = l.Name
	}

	// Fewer than two annotators on any document is a state of the project,
	// not a failure: the command still answers (with an empty pairs list,
	// and gold scores where there are some), so a script that checks
	// agreement as a project goes along gets valid output and exit 0 from
	// the first day. The note goes to standard error beside --json and
	// --csv, where standard output is for the data.
	note := ""
	if len(r.Pairs) == 0 {
		note = noPairsNote(r, reviewedOnly)
	}
	switch {
	case *asJSON:
		if note != "" {
			fmt.Fprintln(e.stderr, "agree: "+note)
		}
		return writeJSON(e.stdout, r)
	case *asCSV:
		if note != "" {
			fmt.Fprintln(e.stderr, "agree: "+note)
		}
		return writeAgreeCSV(e.stdout, r, order)
	}
	return writeAgreeTable(ctx, e.stdout, db, r, order, reviewedOnly, note)
}

// noPairsNote explains an empty pairs list.
func noPairsNote(r agree.Report, reviewedOnly bool) string {
	which := "document"
	if reviewedOnly {
		which = "reviewed document"
	}
	return fmt.Sprintf("no %s has two annotators yet (annotators: %s): pair agreement needs two people's sets, in progress or done, on the same document",
		which, printable(listOrNone(r.Annotators)))
}

// labelOrder lists the labels of m in the project's order, then any others
// by name.
func labelOrder[V any](m map[string]V, order []string) []string {
	var out []string
	for _, l := range order {
		if _, ok := m[l]; ok {
			out = append(out, l)
		}
	}
	for _, l := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(order, l) {
			out = append(out, l)
		}
	}
	return out
}

func writeAgreeTable(ctx context.Context, out io.Writer, db projectopen.Project, r agree.Report, order []string, reviewedOnly bool, note string) error {
	which := "all documents"
	if reviewedOnly {
		which = "reviewed documents"
	}
	if r.Label != "" {
		which += ", label " + printable(r.Label) + " only"
	}
	fmt.Fprintf(out, "Agreement on %s\n\n", which)
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	if note != "" {
		fmt.Fprintf(w, "%s%s.\n", strings.ToUpper(note[:1]), note[1:])
	}
	if len(r.Pairs) > 0 {
		fmt.Fprintln(w, "A\tB\tLabel\tDocuments\tSpan F1\tOverlap F1\tToken κ")
		for _, p := range r.Pairs {
			fmt.Fprintf(w, "%s\t%s\t(all)\t%d\t%.3f\t%.3f\t%.3f\n", printable(p.A), printable(p.B), p.Documents, p.SpanF1, p.SpanF1Overlap, p.TokenKappa)
			for _, l := range labelOrder(p.PerLabel, order) {
				a := p.PerLabel[l]
				fmt.Fprintf(w, "\t\t%s\t\t%.3f\t%.3f\t%.3f\n", printable(l), a.F1, a.F1Overlap, a.TokenKappa)
			}
		}
	}
	if f := r.Fleiss; f != nil {
		documents := "documents"
		if f.Documents == 1 {
			documents = "document"
		}
		fmt.Fprintf(w, "\nFleiss' κ over %d %s with three or more annotators (%s), %d tokens: %.3f\n",
			f.Documents, documents, printableList(f.Annotators), f.Tokens, f.Kappa)
		for _, l := range labelOrder(f.PerLabel, order) {
			fmt.Fprintf(w, "  %s\t%.3f\n", printable(l), f.PerLabel[l].Kappa)
		}
	}
	if len(r.Gold) > 0 {
		fmt.Fprintln(w, "\nAgainst gold (exact spans)")
		fmt.Fprintln(w, "Annotator\tDocuments\tPrecision\tRecall\tF1")
		for _, g := range r.Gold {
			fmt.Fprintf(w, "%s\t%d\t%.3f\t%.3f\t%.3f\n", printable(g.Annotator), g.Documents, g.Precision, g.Recall, g.F1)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if len(r.Documents) == 0 {
		return nil
	}
	fmt.Fprintf(out, "\nLowest agreement (mean exact span F1 over the document's pairs)\n")
	w = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "Agreement\tID\tDocument")
	for _, d := range r.Documents[:min(agreeWorst, len(r.Documents))] {
		doc, err := db.Document(ctx, d.ID)
		if err != nil {
			return err
		}
		title := []rune(storage.Title(doc.Text))
		if len(title) > 60 {
			title = append(title[:59], '…')
		}
		fmt.Fprintf(w, "%.3f\t%s\t%s\n", d.Agreement, printable(cmp.Or(doc.ExternalID, "-")), printable(string(title)))
	}
	return w.Flush()
}

// writeAgreeCSV writes the rows the usage text describes. Names are
// written as printable makes them: CSV has no escape for a control
// character, and a raw one would act on the terminal the output is shown on.
func writeAgreeCSV(out io.Writer, r agree.Report, order []string) error {
	w := csv.NewWriter(out)
	w.Write([]string{"a", "b", "label", "documents", "span_f1", "span_f1_overlap", "token_kappa",
		"precision", "recall", "spans_a", "spans_b", "matched", "matched_overlap"})
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	pairRow := func(p agree.Pair, label string, f1, overlap, kappa float64, c agree.Counts) {
		w.Write([]string{printable(p.A), printable(p.B), printable(label), strconv.Itoa(p.Documents), num(f1), num(overlap), num(kappa), "", "",
			strconv.Itoa(c.SpansA), strconv.Itoa(c.SpansB), strconv.Itoa(c.Matched), strconv.Itoa(c.MatchedOverlap)})
	}
	for _, p := range r.Pairs {
		pairRow(p, "*", p.SpanF1, p.SpanF1Overlap, p.TokenKappa, p.Counts)
		for _, l := range labelOrder(p.PerLabel, order) {
			a := p.PerLabel[l]
			pairRow(p, l, a.F1, a.F1Overlap, a.TokenKappa, a.Counts)
		}
	}
	goldRow := func(g agree.Gold, label string, s agree.Score) {
		w.Write([]string{printable(g.Annotator), model.GoldAnnotator, printable(label), strconv.Itoa(g.Documents), num(s.F1), "", "",
			num(s.Precision), num(s.Recall), strconv.Itoa(s.TP + s.FP), strconv.Itoa(s.TP + s.FN), strconv.Itoa(s.TP), ""})
	}
	for _, g := range r.Gold {
		goldRow(g, "*", g.Score)
		for _, l := range labelOrder(g.PerLabel, order) {
			goldRow(g, l, g.PerLabel[l])
		}
	}
	w.Flush()
	return w.Error()
}
