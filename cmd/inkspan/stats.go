package main

import (
	"context"
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/inkspan/inkspan/model"
)

func runStats(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "stats", "inkspan stats --project FILE [--json]\n\n"+
		"Counts documents, spans and relations, spans per label, relations per relation label, spans per attribute name, and each annotator's documents by status.")
	project := flags.String("project", "", projectFlagHelp)
	asJSON := flags.Bool("json", false, "print JSON: {documents, spans, labels: {LABEL: n}, annotators: {NAME: {STATUS: n}}, relations, relation_labels: {LABEL: n}, attributes: {NAME: spans}}")
	if _, err := parse(flags, args); err != nil {
		return err
	}
	db, err := openProject(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, st)
	}
	labels, err := db.Labels(ctx)
	if err != nil {
		return err
	}
	relationLabels, err := db.RelationLabels(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "Documents\t%d\nSpans\t%d\nRelations\t%d\n\nLabel\tSpans\n", st.Documents, st.Spans, st.Relations)
	for _, l := range labels {
		fmt.Fprintf(w, "%s\t%d\n", printable(l.Name), st.Labels[l.Name])
	}
	fmt.Fprint(w, "\nRelation label\tRelations\n")
	for _, l := range relationLabels {
		fmt.Fprintf(w, "%s\t%d\n", printable(l.Name), st.RelationLabels[l.Name])
	}
	if len(st.Attributes) > 0 {
		fmt.Fprint(w, "\nAttribute\tSpans\n")
		names := make([]string, 0, len(st.Attributes))
		for name := range st.Attributes {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Fprintf(w, "%s\t%d\n", printable(name), st.Attributes[name])
		}
	}
	if len(st.Annotators) > 0 {
		fmt.Fprint(w, "\nAnnotator")
		for _, s := range model.Statuses {
			fmt.Fprintf(w, "\t%s", s)
		}
		fmt.Fprintln(w)
		names := make([]string, 0, len(st.Annotators))
		for name := range st.Annotators {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Fprint(w, printable(name))
			for _, s := range model.Statuses {
				fmt.Fprintf(w, "\t%d", st.Annotators[name][s])
			}
			fmt.Fprintln(w)
		}
	}
	return w.Flush()
}
