package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

func runExport(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "export", "inkspan export --project FILE --format F [--annotator NAME | --all] [--status S,...]\n"+
		"                      [--split train=0.8,dev=0.1,test=0.1 --seed N] [--scheme iob1|iob2|bioes] [--snap] [--out PATH]\n\n"+
		"Writes annotations as training data. Formats: prodigy (spaCy/Prodigy JSONL with tokens),\n"+
		"doccano (JSONL), conll (CoNLL-2003), hf (Hugging Face token classification: --out DIR gets\n"+
		"train.jsonl and labels.json), brat (--out DIR gets .txt and .ann files), labelstudio (JSON,\n"+
		"UTF-16 offsets). Offsets are exact: a span off token boundaries fails a token format unless\n"+
		"--snap widens it. Files appear under their names only when complete, and an hf or brat\n"+
		"folder is replaced as a whole (only one holding nothing but an earlier export).\n\n"+
		"Without --annotator or --all: once any document has a gold (reviewed) version, the gold\n"+
		"versions, and documents without one are left out; before that, the only annotator's work.")
	project := flags.String("project", "", "project `FILE`")
	format := flags.String("format", "", "output format `F`: prodigy, doccano, conll, hf, brat or labelstudio")
	annotator := flags.String("annotator", "", "export the annotations of annotator `NAME` (gold: the reviewed versions)")
	all := flags.Bool("all", false, "export every annotator's annotations, one record per annotator per document, gold versions as annotator gold")
	status := flags.String("status", "", "only the annotation sets with one of these statuses, `S,...` comma-separated: todo, in_progress,\ndone, skipped (of gold versions: done is reviewed)")
	splitSpec := flags.String("split", "", "assign whole documents to parts, e.g. `train=0.8,dev=0.1,test=0.1`")
	seed := flags.Int64("seed", 1, "seed `N` of --split: the same seed gives the same parts")
	scheme := flags.String("scheme", "iob2", "tag scheme of conll and hf, `iob1|iob2|bioes`")
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
	if len(res.Mapped) > 0 {
		fmt.Fprintf(e.stderr, "%s\n", mappedMessage(f, res.Mapped))
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
	Where                       string // " to PATH (parts)", or "" for stdout
	// Written lists the files (or the brat folder) given their names. After
	// a failure it lists those written before it, which is none unless a
	// split's files failed between renames.
	Written []string
	// Mapped lists the label names the format could not hold as they are
	// and the export wrote percent-encoded (brat).
	Mapped []formats.MappedLabel
}

// run writes the export. Nothing appears under the real names unless every
// record was written: files and folders are written under temporary names
// and renamed at the end. The error of a failed export says what it wrote.
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
	outs, err := newExportOutputs(j.Format, j.Out, j.Split, opts, stdout, db.Path())
	if err != nil {
		return res, err
	}
	total := 0
	if j.Progress != nil {
		if total, err = db.ExportCount(ctx, j.Query); err != nil {
			outs.abort()
			return res, outs.explain(err, 0)
		}
	}
	documents := map[string]bool{}
	err = db.Export(ctx, j.Query, func(a *formats.Annotation) error {
		// Checked here too: SIGTERM, SIGINT and the window's Cancel must
		// stop an export promptly, whatever the database does meanwhile.
		if err := ctx.Err(); err != nil {
			return err
		}
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
		err = outs.finish(ctx)
	}
	res.Written = outs.written
	if err != nil {
		outs.abort()
		if errors.Is(err, context.Canceled) {
			err = errInterrupted
		}
		return res, outs.explain(err, res.Records)
	}
	res.Documents, res.Snapped, res.Where = len(documents), outs.snapped(), outs.describe()
	res.Mapped = outs.mapped()
	return res, nil
}

// errInterrupted is a cancelled export (Ctrl-C, SIGTERM, the window's
// Cancel) in words a user reads; errors.Is still finds context.Canceled in
// it, which is how the window tells a cancel from a failure.
var errInterrupted error = interruptedError{}

type interruptedError struct{}

func (interruptedError) Error() string        { return "interrupted" }
func (interruptedError) Is(target error) bool { return target == context.Canceled }

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

// exportOutputs holds one writer per split part. Nothing it writes has its
// real name before finish: single files are AtomicFiles, renamed one by
// one once all of them are complete on disk; hf and brat write into an
// AtomicDir's temporary folder, which replaces the real one as a whole.
type exportOutputs struct {
	format     formats.Format
	opts       formats.WriterOptions
	stdout     io.Writer
	toStdout   bool
	parts      map[string]*exportPart
	files      []*formats.AtomicFile
	names      []string           // files[i] is written as names[i]
	dir        *formats.AtomicDir // hf and brat
	newPart    func(part string) (*exportPart, error)
	labelsFile string // hf: labels.json
	target     string

	// What finish wrote: the names it gave, or what went to standard output
	// of the spool's bytes.
	written                 []string
	stdoutBytes, spoolBytes int64
	stdoutLines             int
}

type exportPart struct {
	w    formats.Writer
	file *formats.AtomicFile // nil for brat, which writes its own files
}

func newExportOutputs(f formats.Format, out string, split *formats.Split, opts formats.WriterOptions, stdout io.Writer, project string) (*exportOutputs, error) {
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
	// Every name the export may write is checked before anything is.
	guard := newProjectGuard(project)
	switch {
	case toDir:
		if err := guard.checkFolder(out); err != nil {
			return nil, err
		}
	case !o.toStdout:
		names := []string{out}
		if split != nil {
			names = names[:0]
			for _, p := range split.Parts {
				names = append(names, partPath(out, p.Name))
			}
		}
		for _, name := range names {
			if err := guard.check(name); err != nil {
				return nil, err
			}
		}
	}
	// Check the writer options (scheme) before touching any file.
	if f != formats.FormatBrat {
		if _, err := formats.NewWriter(f, io.Discard, opts); err != nil {
			return nil, err
		}
	}
	if toDir {
		d, err := formats.CreateAtomicDir(out, f)
		if err != nil {
			return nil, err
		}
		o.dir = d
	}
	o.newPart = func(part string) (*exportPart, error) {
		switch {
		case f == formats.FormatBrat:
			dir := o.dir.Dir()
			if part != "" {
				dir = filepath.Join(dir, part)
			}
			w, err := formats.NewBratWriter(dir, opts)
			return &exportPart{w: w}, err
		case f == formats.FormatHF:
			name := part
			if name == "" {
				name = "train"
			}
			return o.filePart(name + ".jsonl")
		case o.toStdout:
			return o.spoolPart()
		default:
			return o.filePart(partPath(out, part))
		}
	}
	if f == formats.FormatHF {
		o.labelsFile = "labels.json"
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

// createFile starts the file name: a path, or for hf a name in the folder.
func (o *exportOutputs) createFile(name string) (*formats.AtomicFile, error) {
	path, shown := name, name
	if o.dir != nil {
		path, shown = filepath.Join(o.dir.Dir(), name), filepath.Join(o.target, name)
	}
	file, err := formats.CreateAtomic(path)
	if err != nil && o.dir != nil {
		// Named as the file will be, not as in the temporary folder.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("create %s: %w", shown, err)
	}
	if err != nil {
		return nil, err // it names the file
	}
	o.files = append(o.files, file)
	o.names = append(o.names, shown)
	return file, nil
}

func (o *exportOutputs) filePart(name string) (*exportPart, error) {
	file, err := o.createFile(name)
	if err != nil {
		return nil, err
	}
	w, err := formats.NewWriter(o.format, file, o.opts)
	if err != nil {
		return nil, err
	}
	return &exportPart{w: w, file: file}, nil
}

// spoolPart writes what goes to standard output to a temporary file first:
// a token format finds misaligned spans only at the end, and standard
// output cannot be taken back.
func (o *exportOutputs) spoolPart() (*exportPart, error) {
	file, err := formats.CreateAtomic(filepath.Join(os.TempDir(), "inkspan-export"))
	if err != nil {
		return nil, fmt.Errorf("create a temporary file in %s: %w", os.TempDir(), err)
	}
	o.files = append(o.files, file)
	// Unnamed at once where the system allows it (not on Windows), so that
	// not even a killed process leaves it behind; the open file lives on.
	os.Remove(file.Name())
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

// finish closes every writer and, only when all of them succeeded and
// every file is on disk, gives the files their names (or the folder its
// name, or copies the spool to standard output). o.written records what it
// gave a name, for explain. A cancel is heeded until the first rename:
// flushing and syncing a large export takes a while, and nothing has its
// name before then.
func (o *exportOutputs) finish(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
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
		file, err := o.createFile(o.labelsFile)
		if err != nil {
			return err
		}
		if _, err := file.Write(append(tags, '\n')); err != nil {
			return fmt.Errorf("write %s: %w", o.names[len(o.names)-1], err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.toStdout {
		return o.copySpool()
	}
	// Every file is synced before any is renamed: a full disk fails here,
	// while nothing has its real name yet.
	for i, file := range o.files {
		if err := file.Flush(); err != nil {
			return fmt.Errorf("write %s: %w", o.names[i], err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.dir != nil {
		// Named inside the temporary folder, which then replaces the real one.
		for i, file := range o.files {
			if err := file.Commit(); err != nil {
				return fmt.Errorf("write %s: %w", o.names[i], err)
			}
		}
		if err := o.dir.Commit(); err != nil {
			return fmt.Errorf("write %s: %w", o.target, err)
		}
		o.written = o.names
		if o.format == formats.FormatBrat {
			o.written = []string{o.target}
		}
		return nil
	}
	for i, file := range o.files {
		if err := file.Commit(); err != nil {
			return fmt.Errorf("write %s: %w", o.names[i], err)
		}
		o.written = append(o.written, o.names[i])
	}
	return nil
}

// copySpool sends the complete export to standard output, counting what
// went out in case standard output fails part way (a full disk, a closed
// pipe).
func (o *exportOutputs) copySpool() error {
	file := o.parts[""].file
	size, err := file.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	o.spoolBytes = size
	out := &countingWriter{w: o.stdout}
	// From the *os.File itself: the AtomicFile's methods are for writing.
	_, err = io.Copy(out, file.File)
	o.stdoutBytes, o.stdoutLines = out.n, out.lines
	o.abort() // the temporary file has served its purpose
	return err
}

// countingWriter counts the bytes and lines its writer took.
type countingWriter struct {
	w     io.Writer
	n     int64
	lines int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.lines += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}

// explain adds to the error of a failed export what it wrote: nothing
// (the usual case: nothing has its name before everything is complete),
// the files of a split renamed before one failed, or how much of the
// export reached standard output before it failed.
func (o *exportOutputs) explain(err error, records int) error {
	switch {
	case o.stdoutBytes > 0:
		what := fmt.Sprintf("%d of %d bytes", o.stdoutBytes, o.spoolBytes)
		switch o.format {
		case formats.FormatProdigy, formats.FormatDoccano, formats.FormatJSONL:
			// One record a line: the complete lines are the records out.
			what = fmt.Sprintf("%d of the %d records, %s,", o.stdoutLines, records, what)
		}
		return fmt.Errorf("%w (standard output got %s before it failed: what it holds is incomplete)", err, what)
	case len(o.written) > 0:
		var missing []string
		for _, name := range o.names {
			if !slices.Contains(o.written, name) {
				missing = append(missing, name)
			}
		}
		return fmt.Errorf("%w (written: %s; not written: %s)", err, strings.Join(o.written, ", "), strings.Join(missing, ", "))
	}
	return fmt.Errorf("%w (nothing was written)", err)
}

// abort removes every temporary file and folder; what has its real name
// already stays.
func (o *exportOutputs) abort() {
	for _, file := range o.files {
		file.Abort()
	}
	if o.dir != nil {
		o.dir.Abort()
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

// mapped lists the label names a writer could not write as they are, once
// each, in the order of the project's labels.
func (o *exportOutputs) mapped() []formats.MappedLabel {
	var all []formats.MappedLabel
	seen := map[string]bool{}
	for _, name := range o.partNames() {
		if m, ok := o.parts[name].w.(formats.LabelMapper); ok {
			for _, l := range m.MappedLabels() {
				if !seen[l.Name] {
					seen[l.Name] = true
					all = append(all, l)
				}
			}
		}
	}
	return all
}

// mappedMessage tells the user which label names the export wrote
// otherwise, and that an import reads them back.
func mappedMessage(f formats.Format, mapped []formats.MappedLabel) string {
	const shown = 5
	var b strings.Builder
	if len(mapped) == 1 {
		fmt.Fprintf(&b, "1 label name was written percent-encoded, as %s type names need (no spaces): ", f)
	} else {
		fmt.Fprintf(&b, "%d label names were written percent-encoded, as %s type names need (no spaces): ", len(mapped), f)
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

// projectGuard keeps exports off the project: an export renamed over the
// project file, or over the files SQLite keeps beside it (the -wal holds
// changes not yet in the main file; a stray -journal is taken for an
// interrupted transaction and rolled "back"), destroys the project.
type projectGuard struct {
	project string
	names   []string      // absolute, as given and with links resolved
	files   []os.FileInfo // those that exist, to catch other names for them (hard links)
}

// projectCompanions are the suffixes of the files SQLite keeps beside a
// database, "" for the database itself.
var projectCompanions = []string{"", "-wal", "-shm", "-journal"}

func newProjectGuard(project string) projectGuard {
	g := projectGuard{project: project}
	if project == "" {
		return g
	}
	abs, err := filepath.Abs(project)
	if err != nil {
		return g
	}
	forms := []string{abs}
	if r := resolveLinks(abs); r != abs {
		forms = append(forms, r)
	}
	for _, form := range forms {
		for _, c := range projectCompanions {
			g.names = append(g.names, form+c)
			if info, err := os.Stat(form + c); err == nil {
				g.files = append(g.files, info)
			}
		}
	}
	return g
}

// resolveLinks resolves the symbolic links in path, or where path does not
// exist yet, in its folder.
func resolveLinks(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(d, filepath.Base(path))
	}
	return path
}

// check refuses an output file that is the project or one of its
// companions. Names compare without case: macOS and Windows ignore it, and
// on Linux such a near-miss is no loss.
func (g projectGuard) check(out string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	hit := false
	for _, form := range []string{abs, resolveLinks(abs)} {
		for _, n := range g.names {
			hit = hit || strings.EqualFold(form, n)
		}
	}
	if info, err := os.Stat(abs); err == nil {
		for _, f := range g.files {
			hit = hit || os.SameFile(info, f)
		}
	}
	if hit {
		return model.Errorf(model.EINVALID, "cannot export to %s: it is the project %s, or a file SQLite keeps beside it "+
			"(-wal, -shm, -journal), which the export would replace; choose another name", out, g.project)
	}
	return nil
}

// checkFolder refuses an output folder that is, or holds, the project or a
// companion: the export replaces the folder as a whole.
func (g projectGuard) checkFolder(out string) error {
	if err := g.check(out); err != nil {
		return err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	for _, dir := range []string{abs, resolveLinks(abs)} {
		for _, n := range g.names {
			if within(n, dir) {
				return model.Errorf(model.EINVALID, "cannot export to %s: the folder holds the project %s, "+
					"and the export replaces the folder as a whole; choose another folder", out, g.project)
			}
		}
	}
	return nil
}

// within says whether path lies inside dir, ignoring case as check does.
func within(path, dir string) bool {
	rel, err := filepath.Rel(strings.ToLower(dir), strings.ToLower(path))
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
