package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// outputs holds one writer per split part. Nothing it writes has its
// real name before finish: single files are ExportFiles, named one by
// one once all of them are complete on disk; hf and brat write into an
// ExportFolder, which replaces the real one as a whole.
type outputs struct {
	fsys       ExportFiles
	format     formats.Format
	opts       formats.WriterOptions
	stdout     io.Writer
	toStdout   bool
	parts      map[string]*outputPart
	files      []ExportFile
	names      []string     // files[i] is written as names[i]
	dir        ExportFolder // hf and brat
	spool      ExportSpool  // what goes to standard output
	newPart    func(part string) (*outputPart, error)
	labelsFile string // hf: labels.json
	target     string

	// What finish wrote: the names it gave, or what went to standard output
	// of the spool's bytes.
	written                 []string
	stdoutBytes, spoolBytes int64
	stdoutLines             int
}

type outputPart struct {
	w formats.Writer
}

func newOutputs(fsys ExportFiles, f formats.Format, out string, split *formats.Split, opts formats.WriterOptions, stdout io.Writer, project string) (*outputs, error) {
	o := &outputs{fsys: fsys, format: f, opts: opts, stdout: stdout, parts: map[string]*outputPart{}, target: out}
	toDir := f == formats.FormatHF || f == formats.FormatBrat
	if out == "" || out == "-" {
		if toDir {
			return nil, model.Errorf(model.EINVALID, "%s writes a folder, not standard output: name the folder to write", f)
		}
		if split != nil {
			return nil, model.Errorf(model.EINVALID, "a split export writes one file per part, not standard output: name the file the parts are named after")
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
				names = append(names, PartPath(out, p.Name))
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
		d, err := fsys.CreateFolder(out, f)
		if err != nil {
			return nil, err
		}
		o.dir = d
	}
	o.newPart = func(part string) (*outputPart, error) {
		switch {
		case f == formats.FormatBrat:
			w, err := formats.NewBratWriter(o.dir.Folder(part), opts)
			return &outputPart{w: w}, err
		case f == formats.FormatHF:
			name := part
			if name == "" {
				name = "train"
			}
			return o.filePart(name + ".jsonl")
		case o.toStdout:
			return o.spoolPart()
		default:
			return o.filePart(PartPath(out, part))
		}
	}
	if f == formats.FormatHF {
		o.labelsFile = "labels.json"
	}
	return o, nil
}

// PartPath names a split part's file: data.jsonl -> data.train.jsonl.
func PartPath(path, part string) string {
	if part == "" {
		return path
	}
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "." + part + ext
}

// createFile starts the file name: a path, or for hf a name in the folder.
func (o *outputs) createFile(name string) (ExportFile, error) {
	var file ExportFile
	var err error
	shown := name
	if o.dir != nil {
		shown = filepath.Join(o.target, name)
		file, err = o.dir.Create(name)
	} else {
		file, err = o.fsys.CreateFile(name)
	}
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

func (o *outputs) filePart(name string) (*outputPart, error) {
	file, err := o.createFile(name)
	if err != nil {
		return nil, err
	}
	w, err := formats.NewWriter(o.format, file, o.opts)
	if err != nil {
		return nil, err
	}
	return &outputPart{w: w}, nil
}

// spoolPart writes what goes to standard output to a temporary file first:
// a token format finds misaligned spans only at the end, and standard
// output cannot be taken back.
func (o *outputs) spoolPart() (*outputPart, error) {
	file, err := o.fsys.Spool()
	if err != nil {
		return nil, err
	}
	o.files = append(o.files, file)
	o.spool = file
	w, err := formats.NewWriter(o.format, file, o.opts)
	if err != nil {
		return nil, err
	}
	return &outputPart{w: w}, nil
}

func (o *outputs) write(part string, a *formats.Annotation) error {
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
func (o *outputs) finish(ctx context.Context) error {
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
func (o *outputs) copySpool() error {
	file := o.spool
	size, err := file.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	o.spoolBytes = size
	out := &countingWriter{w: o.stdout}
	_, err = io.Copy(out, file)
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
func (o *outputs) explain(err error, records int) error {
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
func (o *outputs) abort() {
	for _, file := range o.files {
		file.Abort()
	}
	if o.dir != nil {
		o.dir.Abort()
	}
}

func (o *outputs) partNames() []string {
	names := make([]string, 0, len(o.parts))
	for name := range o.parts {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// mapped lists the label names a writer could not write as they are, once
// each, in the order of the project's labels.
func (o *outputs) mapped() []formats.MappedLabel {
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

func (o *outputs) snapped() int {
	n := 0
	for _, p := range o.parts {
		if s, ok := p.w.(formats.Snapper); ok {
			n += s.Snapped()
		}
	}
	return n
}

// skipped lists the spans the writers left out (formats.Skipper), part
// by part in the order of their names, and counts the relations left out
// with them.
func (o *outputs) skipped() ([]formats.Misaligned, int) {
	var spans []formats.Misaligned
	relations := 0
	for _, name := range o.partNames() {
		if s, ok := o.parts[name].w.(formats.Skipper); ok {
			spans = append(spans, s.Skipped()...)
			relations += s.RelationsSkipped()
		}
	}
	return spans, relations
}

// attributesLeftOut counts, by name, the span attributes the writers
// could not carry (formats.AttributesLeftOut); nil when none.
func (o *outputs) attributesLeftOut() map[string]int {
	var counts map[string]int
	for _, p := range o.parts {
		a, ok := p.w.(formats.AttributesLeftOut)
		if !ok {
			continue
		}
		for name, n := range a.AttributesLeftOut() {
			if n > 0 {
				if counts == nil {
					counts = map[string]int{}
				}
				counts[name] += n
			}
		}
	}
	return counts
}

// relationsLeftOut counts the relations the writers could not carry
// (formats.RelationsLeftOut: CoNLL, Hugging Face).
func (o *outputs) relationsLeftOut() int {
	n := 0
	for _, p := range o.parts {
		if r, ok := p.w.(formats.RelationsLeftOut); ok {
			n += r.RelationsLeftOut()
		}
	}
	return n
}
