package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/inkspan/inkspan/model"
)

func runLabels(ctx context.Context, args []string, e env) error {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return runLabelsEdit(ctx, args[1:], e, false)
		case "set":
			return runLabelsEdit(ctx, args[1:], e, true)
		}
	}
	flags := newFlags(e, "labels", "inkspan labels --project FILE\n\n"+
		"Lists the project's labels: name, key, colour and description. 'inkspan labels add' adds\n"+
		"one and 'inkspan labels set' changes one (renaming keeps every span): see their --help.")
	project := flags.String("project", "", projectFlagHelp)
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "labels: unknown subcommand %q (want add or set)\n", rest[0])
		return errUsage
	}
	db, err := openProject(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	labels, err := db.Labels(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tKEY\tCOLOR\tDESCRIPTION")
	for _, l := range labels {
		key := l.Key
		if key == "" {
			key = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", printable(l.Name), printable(key), printable(l.Color), printable(l.Description))
	}
	return w.Flush()
}

// runLabelsEdit adds a label, or (update) changes the one named by the
// first argument, leaving unset fields as they are.
func runLabelsEdit(ctx context.Context, args []string, e env, update bool) error {
	synopsis := "inkspan labels add --project FILE --name NAME [--color #rrggbb] [--key K] [--description TEXT]\n\n" +
		"Adds a label to the project; without --color it gets a colour of the palette, and without --key\n" +
		"the first digit key no other label has."
	if update {
		synopsis = "inkspan labels set --project FILE NAME [--name NEW] [--color #rrggbb] [--key K] [--description TEXT]\n\n" +
			"Changes the label NAME: only what is given changes. Renaming keeps every span of the label."
	}
	flags := newFlags(e, "labels", synopsis)
	project := flags.String("project", "", projectFlagHelp)
	name := flags.String("name", "", "label `NAME`: any text up to 64 characters, spaces included, without control or invisible\ncharacters; with set, the new name")
	color := flags.String("color", "", "colour as `#rrggbb`")
	key := flags.String("key", "", "`K`, one character that applies the label in the window; \"\" for none")
	description := flags.String("description", "", "`TEXT` saying what the label covers, shown to annotators (F1)")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	given := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { given[f.Name] = true })

	db, err := openProject(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	labels, err := db.Labels(ctx)
	if err != nil {
		return err
	}
	if !update {
		if len(rest) > 0 || *name == "" {
			fmt.Fprintln(e.stderr, "labels add: give the label with --name NAME")
			flags.Usage()
			return errUsage
		}
		l := model.NewLabel(*name, labels)
		if given["color"] {
			l.Color = *color
		}
		if given["key"] {
			l.Key = *key
		}
		l.Description = *description
		if err := db.AddLabel(ctx, l); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added label %s (key %s, colour %s)\n", printable(l.Name), printable(orDash(l.Key)), printable(l.Color))
		return nil
	}
	if len(rest) != 1 {
		fmt.Fprintln(e.stderr, "labels set: name the label to change")
		flags.Usage()
		return errUsage
	}
	var l *model.Label
	for i := range labels {
		if labels[i].Name == rest[0] {
			l = &labels[i]
		}
	}
	if l == nil {
		return model.Errorf(model.ENOTFOUND, "no label named %s", rest[0])
	}
	changed := *l
	if given["name"] {
		changed.Name = *name
	}
	if given["color"] {
		changed.Color = *color
	}
	if given["key"] {
		changed.Key = *key
	}
	if given["description"] {
		changed.Description = *description
	}
	if err := db.UpdateLabel(ctx, l.Name, changed); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "label %s is now %s (key %s, colour %s)\n",
		printable(l.Name), printable(changed.Name), printable(orDash(changed.Key)), printable(changed.Color))
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
