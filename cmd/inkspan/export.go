package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

func runExport(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "export", "inkspan export --project FILE --format F [--annotator NAME | --all] [--status done,...]\n"+
		"                      [--split train=0.8,dev=0.1,test=0.1 --seed N] [--scheme iob2] [--snap] [--out PATH]\n\n"+
		"Writes annotations as training data. Formats: prodigy (spaCy/Prodigy JSONL with tokens),\n"+
		"doccano (JSONL), conll (CoNLL-2003), hf (Hugging Face token classification: --out DIR gets\n"+
		"train.jsonl and labels.json), brat (--out DIR gets .txt and .ann files), labelstudio (JSON,\n"+
		"UTF-16 offsets). Offsets are exact: a span off token boundaries fails a token format unless\n"+
		"--snap widens it. Files appear under their names only when complete.\n\n"+
		"Without --annotator or --all: once any document has a gold (reviewed) version, the gold\n"+
		"versions, and documents without one are left out; before that, the only annotator's work.")
	project := flags.String("project", "", "project `FILE`")
	format := flags.String("format", "", "output `format`: prodigy, doccano, conll, hf, brat or labelstudio")
	annotator := flags.String("annotator", "", "export this annotator's annotations (gold: the reviewed versions)")
	all := flags.Bool("all", false, "export every annotator's annotations, one record per annotator per document, gold versions as annotator gold")
	status := flags.String("status", "", "only documents with these `statuses` (comma-separated: todo, in_progress, done, skipped)")
	splitSpec := flags.String("split", "", "assign whole documents to parts, e.g. `train=0.8,dev=0.1,test=0.1`")
	seed := flags.Int64("seed", 1, "seed of --split: the same seed gives the same parts")
	scheme := flags.String("scheme", "iob2", "tag `scheme` of conll and hf: iob1, iob2 or bioes")
	snap := flags.Bool("snap", false, "widen spans that fall inside tokens to token boundaries (token formats) and say how many")
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

	db, err := openProject(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	query := storage.ExportQuery{Statuses: statuses}
	if !*all {
		who, err := chooseAnnotator(ctx, db, *annotator)
		if err != nil {
			return err
		}
		query.Annotators = []string{who}
		if *annotator == "" && who == model.GoldAnnotator {
			n, err := db.ExportCount(ctx, storage.ExportQuery{Annotators: query.Annotators})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "exporting the gold (reviewed) versions (documents with one: %d); --annotator NAME or --all for annotators' work\n", n)
		}
	}
	job := exportJob{Format: f, Query: query, Split: split, Scheme: formats.Scheme(*scheme), Snap: *snap, Out: *out}
	var bar *progress
	if e.stderrIsTerminal {
		job.Progress = func(done, total int) {
			if bar == nil {
				bar = newProgress(e.stderr, "exporting", total)
			}
			bar.update(done)
		}
	}
	res, err := job.run(ctx, db, e.stdout)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "exported %d records of %d documents as %s%s\n", res.Records, res.Documents, f, model.Printable(res.Where))
	if res.Snapped > 0 {
		fmt.Fprintf(e.stderr, "%d spans were widened to token boundaries (--snap)\n", res.Snapped)
	}
	return nil
}

// exportJob is one export, asked for on the command line or in the window.
type exportJob struct {
	Format   formats.Format
	Query    storage.ExportQuery
	Split    *formats.Split // nil for one output
	Scheme   formats.Scheme
	Snap     bool
	Out      string                // a file, "-" for stdout, a folder for hf and brat
	Progress func(done, total int) // optional, called every 500 records and at the end
}

// exportResult says what an export wrote.
type exportResult struct {
	Records, Documents, Snapped int
	Where                       string   // " to PATH (parts)", or "" for stdout
	Written                     []string // the files given their names
}

// run writes the export; on any error nothing is left under the real names.
func (j exportJob) run(ctx context.Context, db *storage.DB, stdout io.Writer) (exportResult, error) {
	var res exportResult
	labels, err := db.Labels(ctx)
	if err != nil {
		return res, err
	}
	opts := formats.WriterOptions{Scheme: j.Scheme, Snap: j.Snap}
	for _, l := range labels {
		opts.Labels = append(opts.Labels, l.Name)
	}
	outs, err := newExportOutputs(j.Format, j.Out, j.Split, opts, stdout)
	if err != nil {
		return res, err
	}
	total := 0
	if j.Progress != nil {
		if total, err = db.ExportCount(ctx, j.Query); err != nil {
			return res, err
		}
	}
	documents := map[string]bool{}
	err = db.Export(ctx, j.Query, func(a *formats.Annotation) error {
		part := ""
		if j.Split != nil {
			part = j.Split.Part(a.Document.ID)
		}
		res.Records++
		documents[a.Document.ID] = true
		if j.Progress != nil && res.Records%500 == 0 {
			j.Progress(res.Records, total)
		}
		return outs.write(part, a)
	})
	if j.Progress != nil {
		j.Progress(res.Records, total)
	}
	if err == nil {
		err = outs.finish()
	}
	if err != nil {
		outs.abort()
		return res, fmt.Errorf("%w (nothing was written)", err)
	}
	res.Documents, res.Snapped, res.Where = len(documents), outs.snapped(), outs.describe()
	for _, f := range outs.files {
		res.Written = append(res.Written, f.Path())
	}
	return res, nil
}

// chooseAnnotator picks whose annotations an export writes when the command
// line does not say: the gold versions once any document has one, else the
// only annotator, or else it names them all. Asked for by name, gold is
// there once it exists.
func chooseAnnotator(ctx context.Context, db *storage.DB, asked string) (string, error) {
	names, err := db.Annotators(ctx)
	if err != nil {
		return "", err
	}
	hasGold, err := db.HasGold(ctx)
	if err != nil {
		return "", err
	}
	if hasGold {
		if asked == "" {
			return model.GoldAnnotator, nil
		}
		names = append(names, model.GoldAnnotator)
	}
	if asked != "" {
		for _, n := range names {
			if n == asked {
				return asked, nil
			}
		}
		return "", model.Errorf(model.ENOTFOUND, "no annotator named %s in this project (annotators: %s)", asked, listOrNone(names))
	}
	switch len(names) {
	case 0:
		return "", model.Errorf(model.ENOTFOUND, "nobody has annotated this project yet: nothing to export")
	case 1:
		return names[0], nil
	}
	return "", model.Errorf(model.EINVALID, "the project has several annotators (%s): choose one with --annotator NAME, or --all", strings.Join(names, ", "))
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// exportOutputs holds one writer per split part, each writing to an atomic
// file that is renamed into place only when the whole export succeeded.
type exportOutputs struct {
	format     formats.Format
	opts       formats.WriterOptions
	stdout     io.Writer
	toStdout   bool
	parts      map[string]*exportPart
	files      []*formats.AtomicFile
	newPart    func(part string) (*exportPart, error)
	labelsFile string // hf: DIR/labels.json
	target     string
}

type exportPart struct {
	w    formats.Writer
	file *formats.AtomicFile // nil for brat, which writes its own files
}

func newExportOutputs(f formats.Format, out string, split *formats.Split, opts formats.WriterOptions, stdout io.Writer) (*exportOutputs, error) {
	o := &exportOutputs{format: f, opts: opts, stdout: stdout, parts: map[string]*exportPart{}, target: out}
	toDir := f == formats.FormatHF || f == formats.FormatBrat
	if out == "" || out == "-" {
		if toDir {
			return nil, model.Errorf(model.EINVALID, "%s writes a folder: give --out DIR", f)
		}
		if split != nil {
			return nil, model.Errorf(model.EINVALID, "--split writes one file per part: give --out FILE")
		}
		o.toStdout = true
	}
	if toDir {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", out, err)
		}
	}
	// Check the writer options (scheme) before touching any file.
	if f != formats.FormatBrat {
		if _, err := formats.NewWriter(f, io.Discard, opts); err != nil {
			return nil, err
		}
	}
	o.newPart = func(part string) (*exportPart, error) {
		switch {
		case f == formats.FormatBrat:
			dir := out
			if part != "" {
				dir = filepath.Join(out, part)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return nil, err
				}
			}
			w, err := formats.NewBratWriter(dir, opts)
			return &exportPart{w: w}, err
		case f == formats.FormatHF:
			name := part
			if name == "" {
				name = "train"
			}
			return o.filePart(filepath.Join(out, name+".jsonl"))
		case o.toStdout:
			// Written to a temporary file first: a token format finds
			// misaligned spans only at the end, and standard output cannot
			// be taken back.
			return o.filePart(filepath.Join(os.TempDir(), "inkspan-export"))
		default:
			return o.filePart(partPath(out, part))
		}
	}
	if f == formats.FormatHF {
		o.labelsFile = filepath.Join(out, "labels.json")
	}
	return o, nil
}

// partPath names a split part's file: data.jsonl -> data.train.jsonl.
func partPath(path, part string) string {
	if part == "" {
		return path
	}
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "." + part + ext
}

func (o *exportOutputs) filePart(path string) (*exportPart, error) {
	file, err := formats.CreateAtomic(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	o.files = append(o.files, file)
	w, err := formats.NewWriter(o.format, file, o.opts)
	if err != nil {
		return nil, err
	}
	return &exportPart{w: w, file: file}, nil
}

func (o *exportOutputs) write(part string, a *formats.Annotation) error {
	p, ok := o.parts[part]
	if !ok {
		var err error
		if p, err = o.newPart(part); err != nil {
			return err
		}
		o.parts[part] = p
	}
	return p.w.Write(a)
}

// finish closes every writer, and only when all of them succeeded gives the
// files their names.
func (o *exportOutputs) finish() error {
	if len(o.parts) == 0 && o.format != formats.FormatBrat {
		// An export of nothing still writes a valid, empty output ("[]"
		// for Label Studio), so a pipeline sees "no data", not "no file".
		p, err := o.newPart("")
		if err != nil {
			return err
		}
		o.parts[""] = p
	}
	var errs []error
	for _, name := range o.partNames() {
		errs = append(errs, o.parts[name].w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if o.labelsFile != "" {
		tags, err := json.MarshalIndent(formats.HFTags(o.opts.Labels, o.opts.Scheme), "", "  ")
		if err != nil {
			return err
		}
		file, err := formats.CreateAtomic(o.labelsFile)
		if err != nil {
			return err
		}
		o.files = append(o.files, file)
		if _, err := file.Write(append(tags, '\n')); err != nil {
			return err
		}
	}
	if o.toStdout {
		if p, ok := o.parts[""]; ok {
			if _, err := p.file.Seek(0, io.SeekStart); err != nil {
				return err
			}
			if _, err := io.Copy(o.stdout, p.file); err != nil {
				return err
			}
		}
		o.abort() // the temporary file has served its purpose
		return nil
	}
	for _, file := range o.files {
		if err := file.Commit(); err != nil {
			return fmt.Errorf("write %s: %w", file.Path(), err)
		}
	}
	return nil
}

func (o *exportOutputs) abort() {
	for _, file := range o.files {
		file.Abort()
	}
}

func (o *exportOutputs) partNames() []string {
	names := make([]string, 0, len(o.parts))
	for name := range o.parts {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (o *exportOutputs) snapped() int {
	n := 0
	for _, p := range o.parts {
		if s, ok := p.w.(formats.Snapper); ok {
			n += s.Snapped()
		}
	}
	return n
}

func (o *exportOutputs) describe() string {
	if o.toStdout {
		return ""
	}
	if len(o.parts) <= 1 {
		return " to " + o.target
	}
	return fmt.Sprintf(" to %s (%s)", o.target, strings.Join(o.partNames(), ", "))
}
