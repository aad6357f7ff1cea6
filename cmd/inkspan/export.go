package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage/files"
)

func runExport(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "export", "inkspan export --project FILE --format F [--annotator NAME | --all] [--status S,...]\n"+
		"                      [--split train=0.8,dev=0.1,test=0.1 --seed N] [--scheme iob1|iob2|bioes]\n"+
		"                      [--snap] [--skip-misaligned] [--out PATH]\n\n"+
		"Writes annotations as training data. Formats: prodigy (spaCy/Prodigy JSONL with tokens),\n"+
		"doccano (JSONL), conll (CoNLL-2003), hf (Hugging Face token classification: --out DIR gets\n"+
		"train.jsonl and labels.json), brat (--out DIR gets .txt and .ann files), labelstudio (JSON,\n"+
		"UTF-16 offsets). Offsets are exact: a span off token boundaries fails a token format unless\n"+
		"--snap widens it, or --skip-misaligned leaves it out (and spans conll and hf cannot tag\n"+
		"because they overlap), writes the rest and lists each span left out. Files appear under\n"+
		"their names only when complete, and an hf or brat folder is replaced as a whole (only one\n"+
		"holding nothing but an earlier export). A label name the format cannot hold (a space in a\n"+
		"brat type or a CoNLL tag) is written percent-encoded (MRI%20Image%20Type), said so, and\n"+
		"read back as it was by inkspan import.\n\n"+
		"Without --annotator or --all: once any document has a gold (reviewed) version, the gold\n"+
		"versions, and documents without one are left out; before that, the only annotator's work.")
	project := flags.String("project", "", projectFlagHelp)
	format := flags.String("format", "", "output format `F`: prodigy, doccano, conll, hf, brat or labelstudio")
	annotator := flags.String("annotator", "", "export the annotations of annotator `NAME` (gold: the reviewed versions)")
	all := flags.Bool("all", false, "export every annotator's annotations, one record per annotator per document, gold versions as annotator gold")
	status := flags.String("status", "", "only the annotation sets with one of these statuses, `S,...` comma-separated: todo, in_progress,\ndone, skipped (of gold versions: done is reviewed)")
	splitSpec := flags.String("split", "", "assign whole documents to parts, e.g. `train=0.8,dev=0.1,test=0.1`")
	seed := flags.Int64("seed", 1, "seed `N` of --split: the same seed gives the same parts")
	scheme := flags.String("scheme", "iob2", "tag scheme of conll and hf, `iob1|iob2|bioes`")
	snap := flags.Bool("snap", false, "widen spans that fall inside tokens to token boundaries (token formats) and say how many")
	skip := flags.Bool("skip-misaligned", false, "leave out the spans a token format cannot write exactly, write the rest, and list\nthe spans left out (with --snap: those snapping cannot place)")
	out := flags.String("out", "-", "output `PATH`: a file, - for standard output, or a folder for hf and brat")
	if _, err := parse(flags, args); err != nil {
		return err
	}
	if *format == "" {
		fmt.Fprintln(e.stderr, "export: --format is required (prodigy, doccano, conll, hf, brat or labelstudio)")
		return errUsage
	}
	f, err := formats.ParseFormat(*format)
	if err != nil {
		return err
	}
	if *all && *annotator != "" {
		fmt.Fprintln(e.stderr, "export: give --annotator NAME or --all, not both")
		return errUsage
	}
	var statuses []model.Status
	if *status != "" {
		for _, s := range strings.Split(*status, ",") {
			st, err := model.ParseStatus(strings.TrimSpace(s))
			if err != nil {
				return err
			}
			statuses = append(statuses, st)
		}
	}
	var split *formats.Split
	if *splitSpec != "" {
		if split, err = formats.ParseSplit(*splitSpec, *seed); err != nil {
			return err
		}
	}

	// Said in the command's own words before the project opens; the use
	// case refuses the same in words the window also uses.
	if *out == "" || *out == "-" {
		if f == formats.FormatHF || f == formats.FormatBrat {
			return model.Errorf(model.EINVALID, "%s writes a folder: give --out DIR", f)
		}
		if split != nil {
			return model.Errorf(model.EINVALID, "--split writes one file per part: give --out FILE")
		}
	}
	db, err := openProject(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	opts := app.ExportOptions{Format: f, Query: app.ExportQuery{Statuses: statuses}, Split: split,
		Scheme: formats.Scheme(*scheme), Snap: *snap, SkipMisaligned: *skip, Out: *out, Stdout: e.stdout, Files: files.Exports{}}
	if !*all {
		who, err := app.ChooseExportAnnotator(ctx, db, *annotator)
		if model.ErrorCode(err) == model.EINVALID {
			err = fmt.Errorf("%w: choose one with --annotator NAME, or --all", err)
		}
		if err != nil {
			return err
		}
		opts.Query.Annotators = []string{who.Annotator}
		if who.DefaultGold {
			fmt.Fprintf(e.stderr, "exporting the gold (reviewed) versions (documents with one: %d); --annotator NAME or --all for annotators' work\n", who.GoldDocuments)
		}
	}
	var bar *progress
	var progressFn func(done, total int)
	if e.stderrIsTerminal {
		progressFn = func(done, total int) {
			if bar == nil {
				bar = newProgress(e.stderr, "exporting", total)
			}
			bar.update(done)
		}
	}
	res, err := app.Export(ctx, db, opts, progressFn)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return err
	}
	leftOut := ""
	if res.RelationsLeftOut > 0 {
		leftOut = fmt.Sprintf("; %d relations between spans left out (%s cannot carry relations)", res.RelationsLeftOut, f)
	}
	if line := formats.AttributesLeftOutLine(res.AttributesLeftOut); line != "" {
		leftOut += fmt.Sprintf("; %s (%s cannot carry them)", line, f)
	}
	if len(res.Skipped) > 0 {
		leftOut += fmt.Sprintf("; %d spans left out (--skip-misaligned)", len(res.Skipped))
		if res.SkippedRelations > 0 {
			leftOut += fmt.Sprintf(" with %d relations", res.SkippedRelations)
		}
	}
	fmt.Fprintf(e.stderr, "exported %d records of %d documents as %s%s%s\n", res.Records, res.Documents, f, model.Printable(exportedWhere(res)), leftOut)
	if res.Snapped > 0 {
		fmt.Fprintf(e.stderr, "%d spans were widened to token boundaries (--snap)\n", res.Snapped)
	}
	for _, s := range res.Skipped {
		fmt.Fprintln(e.stderr, skippedLine(s))
	}
	if len(res.Mapped) > 0 {
		fmt.Fprintf(e.stderr, "%s\n", mappedMessage(f, res.Mapped))
	}
	return nil
}

// skippedLine names a span an export left out: its document, offsets,
// label and text, and why when it is more than being off token
// boundaries, quoted so that the text cannot act on the terminal.
func skippedLine(s formats.Misaligned) string {
	why := "off token boundaries"
	if s.Reason != "" {
		why = s.Reason
	}
	return model.Printable(fmt.Sprintf("left out: %s [%d, %d) %s %q (%s)", s.Document, s.Start, s.End, s.Label, s.Text, why))
}

// exportedWhere says where an export went: " to PATH", " to PATH (parts)"
// for a split into several, "" for standard output.
func exportedWhere(res app.ExportReport) string {
	switch {
	case res.Out == "":
		return ""
	case len(res.Parts) <= 1:
		return " to " + res.Out
	}
	return fmt.Sprintf(" to %s (%s)", res.Out, strings.Join(res.Parts, ", "))
}

// listOrNone joins names for a message, "none" when there are none.
func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// mappedMessage tells the user which label names the export wrote
// otherwise, and that an import reads them back.
func mappedMessage(f formats.Format, mapped []formats.MappedLabel) string {
	const shown = 5
	// What the format cannot hold: brat's type names no spaces, a CoNLL
	// tag no white space (a line splits into columns at it).
	need := fmt.Sprintf("as %s type names need (no spaces)", f)
	if f == formats.FormatCoNLL {
		need = "as conll tags need (no white space; '%' itself as %25)"
	}
	var b strings.Builder
	if len(mapped) == 1 {
		fmt.Fprintf(&b, "1 label name was written percent-encoded, %s: ", need)
	} else {
		fmt.Fprintf(&b, "%d label names were written percent-encoded, %s: ", len(mapped), need)
	}
	for i, l := range mapped {
		if i == shown {
			fmt.Fprintf(&b, ", and %d more", len(mapped)-shown)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q as %s", l.Name, l.Written)
	}
	b.WriteString("; inkspan import reads them back as they were")
	return model.Printable(b.String())
}
