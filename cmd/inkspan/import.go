package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/cmd/inkspan/internal/projectopen"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage/files"
)

func runImport(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "import", importHelp)
	project := flags.String("project", "", projectFlagHelp+", created if missing (a team project in an empty database)")
	format := flags.String("format", "auto", "input format `F`: one of the formats above")
	annotator := flags.String("annotator", defaultAnnotator(), "`NAME` of who made the spans in the input, unless a record names its own annotator (Prodigy's _annotator_id / _session_id, doccano 0.x's user: \"doccano user 1\");\nwithout it, several doccano 1.x files imported together, or the zip archive doccano exports them in,\nare each the user its file is named after (alice.jsonl: alice)")
	status := flags.String("status", "", "`S`, the status of the annotation sets the input makes: done, in_progress or skipped; default: a record's\nown (a Prodigy reject or ignore is skipped), else done for an annotated record (spans, or\nannotated with none: a negative example) and in_progress for spans in a format that does not say")
	onConflict := flags.String("on-conflict", "", "`first|separate`: when two records in the input hold the same text by the same annotator with other spans\n(refused by default, naming both): first keeps the first one's spans and lists the others;\nseparate keeps each file's version as its own annotation set, annotator \"NAME (FILE)\"\n(the file's name; its path as given when two files share a name, and \"NAME (FILE:LINE)\"\nfor a further version in the same file); the document keeps the first record's metadata,\nas one text is one document.\nImporting into a project that already has the annotator's spans on a text adds to them by\noffsets, so running an import again adds nothing new")
	skip := flags.Bool("skip-invalid", false, "skip bad records, and bad spans alone (their records kept), listing each on stderr,\ninstead of importing nothing")
	allowOverlap := flags.Bool("allow-overlap", false, "allow overlapping and nested spans in the project (as inkspan settings --allow-overlap on does), in the import's own transaction")
	textColumn := flags.String("text-column", "text", "csv/tsv: the column `C` holding the text")
	tokenColumn := flags.Int("token-column", 0, "conll: the `N`th column (counting from 1) holds the token; default: the first,\nor the second when the first counts 1, 2, 3... down each sentence (an index, as in GermEval-2014)")
	tagColumns := flags.String("tag-column", "", "conll: the `N`th column (counting from 1) holds the tags; several, as in 3,4, read nested\nlayers as overlapping spans; default: the last column, or the third after an index column")
	conllDocs := flags.String("conll-documents", formats.ConllDocstart, "conll: `docstart|sentence|file`, where documents begin: docstart (at each -DOCSTART- line; a file without one is one\ndocument), sentence (each sentence is a document) or file (the whole file is one)")
	hfLabels := flags.String("hf-labels", "", "hf: the `FILE` listing the tag names ner_tags ids stand for (a list, label2id, id2label,\nconfig.json or dataset_info.json); default: the first of labels.json, label2id.json,\nid2label.json, label.json, config.json, dataset_info.json, dataset_infos.json beside the data")
	paths, err := parse(flags, args)
	if err != nil {
		return err
	}
	if err := requireProject(flags, *project); err != nil {
		return err
	}
	if len(paths) == 0 {
		fmt.Fprintln(e.stderr, "import: give at least one file or folder to import")
		flags.Usage()
		return errUsage
	}
	setStatus, err := parseImportStatus(*status)
	if err != nil {
		return err
	}
	conflicts, err := parseOnConflict(*onConflict)
	if err != nil {
		return err
	}
	f, err := formats.ParseFormat(*format)
	if err != nil {
		return err
	}
	tagCols, err := parseColumns(*tagColumns)
	if err != nil {
		return err
	}
	// The input is opened, and so checked, before the project is: an
	// input that cannot be read creates no project.
	reader, err := files.Open(paths, f, formats.Options{TextColumn: *textColumn,
		TokenColumn: *tokenColumn, TagColumns: tagCols, CoNLLDocuments: *conllDocs, HFLabels: *hfLabels})
	if err != nil {
		return err
	}
	defer reader.Close()

	_, statErr := os.Stat(*project)
	newFile := !projectopen.IsURL(*project) && errors.Is(statErr, fs.ErrNotExist)
	db, _, err := openStorage(ctx, *project, projectopen.Options{Create: true})
	if err != nil {
		return err
	}
	opts := app.ImportOptions{Annotator: *annotator, SkipInvalid: *skip, Status: setStatus, OnConflict: conflicts}
	if e.stderrIsTerminal {
		bar := newProgress(e.stderr, "importing", 0)
		opts.Progress, opts.ProgressEvery = bar.update, 500
		defer bar.finish()
	}
	opts.AllowOverlap = *allowOverlap
	// doccano 1.x exports one file per user, named after the user and
	// zipped, with no user in the records: files imported together, or
	// an archive of them, are their users' work, unless the user says
	// whose it is.
	opts.AnnotatorFromFile = !flagGiven(flags, "annotator") && (len(paths) > 1 || slices.ContainsFunc(paths, formats.IsZip))
	report, err := app.Import(ctx, db, reader, opts)
	closeErr := db.Close()
	if err != nil {
		if newFile {
			// A failed import into a new project file leaves no empty
			// project behind. (A team project made in an empty database
			// stays: its schema is the database's, not a file to remove.)
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(*project + suffix)
			}
		}
		return fmt.Errorf("%w (nothing was imported)%s", withConflictFlags(err), overlapHint(err))
	}
	if closeErr != nil {
		return closeErr
	}
	for i, skipped := range report.Skipped {
		report.Skipped[i] = withConflictFlags(skipped)
	}
	printImportSummary(e, report)
	sayOverlap(e, report)
	return nil
}

// flagGiven says whether the command line set the flag.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// parseColumns reads --tag-column: column numbers separated by commas.
func parseColumns(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var cols []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 {
			return nil, model.Errorf(model.EINVALID, "--tag-column %q: want column numbers from 1, separated by commas, as in 4 or 3,4", s)
		}
		cols = append(cols, n)
	}
	return cols, nil
}
