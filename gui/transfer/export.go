package transfer

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// ExportRequest is what the export dialog asks for.
type ExportRequest struct {
	Format    formats.Format // prodigy, doccano, conll, hf, brat or labelstudio
	Annotator string         // whose annotations; "" with All
	All       bool           // every annotator's annotations, one record per annotator per document
	Statuses  []model.Status // only documents with these statuses, in workflow order; empty means any
	Split     string         // "" or a split such as "train=0.8,dev=0.1,test=0.1", already checked by formats.ParseSplit
	Seed      int64          // the split's seed; 0 without a split
	Scheme    formats.Scheme // conll and hf; "" for the other formats
	Snap      bool           // widen spans to token boundaries; false for formats without tokens
	Skip      bool           // leave out the spans the format cannot write on its tokens; false for formats without tokens
	Out       string         // a file, or a folder for hf and brat
}

// ExportResult is what the export reports back.
type ExportResult struct {
	Records, Documents int
	Snapped            int                  // spans widened to token boundaries
	RelationsLeftOut   int                  // relations between spans the format cannot carry (conll, hf)
	AttributesLeftOut  map[string]int       // span attributes the format cannot carry, by name
	Skipped            []formats.Misaligned // spans left out (Skip)
	SkippedRelations   int                  // relations left out with them (prodigy)
	Written            []string             // the files or folders written
}

// allAnnotators is the annotator choice that exports everyone's annotations.
const allAnnotators = "Every annotator"

// snapHelp is the one-line explanation under the snap check.
const snapHelp = "A span that cuts a token is widened to whole tokens instead of failing the export."

// skipHelp is the one-line explanation under the skip check.
const skipHelp = "A span that does not fit the tokens is left out and listed; the rest is exported."

// ShowExport opens the export dialog over parent. annotators are the
// project's annotators, in the order to offer them; current is preselected
// when among them.
//
// Export validates the form, then calls run on a goroutine of its own with
// a context that Cancel cancels and a progress function to call with the
// records written so far and the total (as often as convenient: the dialog
// draws only the latest). run must not touch the UI, and should write
// nothing under the chosen names unless it succeeds (storage/files.CreateAtomic,
// CreateAtomicDir); when it fails having written some files (a
// split whose last rename failed), it returns them in ExportResult.Written,
// so that the dialog does not claim that nothing was written. An error
// from run is shown in the dialog, whose form comes back for another try;
// after a successful run the dialog shows what was written.
//
// ShowExport must be called on the UI goroutine.
func ShowExport(parent fyne.Window, annotators []string, current string,
	run func(ctx context.Context, req ExportRequest, progress func(done, total int)) (ExportResult, error)) {
	showExport(parent, annotators, current, run)
}

// exportDialog is an open export dialog.
type exportDialog struct {
	*shell
	form       *exportForm
	annotators []string
	run        func(context.Context, ExportRequest, func(int, int)) (ExportResult, error)

	format    *dialogkit.Select
	annotator *dialogkit.Select
	statuses  *checkRow
	split     *entry
	seed      *entry
	scheme    *dialogkit.Select
	snap      *dialogCheck
	snapNote  *widget.Label
	skip      *dialogCheck
	skipNote  *widget.Label
	chooseOut *button
	out       *widget.Label
	outHint   *widget.Label
	summary   *widget.Label // after a successful export
	lastDir   string        // where the choosers open
}

func showExport(parent fyne.Window, annotators []string, current string,
	run func(context.Context, ExportRequest, func(int, int)) (ExportResult, error)) *exportDialog {
	d := &exportDialog{form: newExportForm(annotators, current), annotators: slices.Clone(annotators), run: run,
		lastDir: rememberedFolder()}
	escape := func() { d.cancelOrClose() }

	names := make([]string, len(exportFormats))
	for i, f := range exportFormats {
		names[i] = string(f)
	}
	d.format = d.newSelect(names)
	d.format.SetSelected(string(d.form.format))
	d.format.OnChanged = func(s string) {
		d.form.setFormat(formats.Format(s))
		d.edited()
	}

	d.annotator = d.newSelect(append(slices.Clone(annotators), allAnnotators))
	d.annotator.PlaceHolder = "(choose whose annotations)"
	switch {
	case d.form.all:
		d.annotator.SetSelectedIndex(len(annotators))
	case d.form.annotator != "":
		d.annotator.SetSelectedIndex(slices.Index(annotators, d.form.annotator))
	}
	d.annotator.OnChanged = func(string) {
		i := d.annotator.SelectedIndex()
		d.form.all = i == len(d.annotators)
		d.form.annotator = ""
		if i >= 0 && i < len(d.annotators) {
			d.form.annotator = d.annotators[i]
		}
		d.edited()
	}

	statusOptions := make([]string, len(model.Statuses))
	for i, s := range model.Statuses {
		statusOptions[i] = statusNames[s]
	}
	d.statuses = newCheckRow(statusOptions, func(chosen []string) {
		d.form.statuses = nil
		for _, s := range model.Statuses { // workflow order, whatever the order of ticking
			if slices.Contains(chosen, statusNames[s]) {
				d.form.statuses = append(d.form.statuses, s)
			}
		}
	}, d.submit, escape)

	d.split = newEntry(escape)
	d.split.SetPlaceHolder("train=0.8,dev=0.1,test=0.1 (empty: no split)")
	d.split.OnChanged = func(s string) { d.form.split = s; d.edited() }
	d.split.OnSubmitted = func(string) { d.submit() }

	d.seed = newEntry(escape)
	d.seed.SetText(d.form.seed)
	d.seed.OnChanged = func(s string) { d.form.seed = s; d.edited() }
	d.seed.OnSubmitted = func(string) { d.submit() }

	schemeNames := make([]string, len(schemes))
	for i, s := range schemes {
		schemeNames[i] = string(s)
	}
	d.scheme = d.newSelect(schemeNames)
	d.scheme.OnChanged = func(s string) { d.form.scheme = formats.Scheme(s) }
	d.scheme.SetSelected(string(d.form.scheme))

	d.snap = newDialogCheck("Snap spans to token boundaries", func(on bool) { d.form.snap = on }, d.submit, escape)
	d.snapNote = hintLabel(snapHelp)
	d.snapNote.Wrapping = fyne.TextWrapWord
	d.skip = newDialogCheck("Leave out spans that do not fit the tokens", func(on bool) { d.form.skip = on }, d.submit, escape)
	d.skipNote = hintLabel(skipHelp)
	d.skipNote.Wrapping = fyne.TextWrapWord

	d.chooseOut = newButton("Choose file…", theme.DocumentSaveIcon(), d.pickOut, escape)
	d.out = &widget.Label{Wrapping: fyne.TextWrapBreak}
	d.outHint = hintLabel("")
	d.outHint.Wrapping = fyne.TextWrapWord

	form := container.New(layout.NewFormLayout(),
		formLabel("Format"), container.NewBorder(nil, nil, d.format, nil),
		formLabel("Annotations of"), container.NewBorder(nil, nil, d.annotator, nil),
		formLabel("Statuses"), container.NewBorder(nil, nil, d.statuses, nil,
			hintLabel("none ticked: any")),
		formLabel("Split"), d.split,
		formLabel("Seed"), container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(120, d.seed.MinSize().Height), d.seed), nil,
			hintLabel("the same seed gives the same parts")),
		formLabel("Tag scheme"), container.NewBorder(nil, nil, d.scheme, nil,
			hintLabel("conll and hf only")),
		// No gap: the note belongs to the check above it.
		layout.NewSpacer(), container.New(layout.NewCustomPaddedVBoxLayout(0), d.snap, d.snapNote),
		layout.NewSpacer(), container.New(layout.NewCustomPaddedVBoxLayout(0), d.skip, d.skipNote),
		formLabel("Output"), container.NewVBox(
			container.NewBorder(nil, nil, d.chooseOut, nil, d.out),
			d.outHint),
	)

	d.shell = newShell(parent, "Export", "Export", form, d.submit)
	d.setEnabled = d.enableForm
	d.refreshForm()
	d.show()
	parent.Canvas().Focus(d.format)
	return d
}

// newSelect is a select of the form: Space and the arrows open it, Enter
// exports, Escape cancels (Fyne's swallowed both).
func (d *exportDialog) newSelect(options []string) *dialogkit.Select {
	// Closures, not method values: d.shell does not exist yet.
	s := dialogkit.NewSelect(options, nil, func() { d.cancelOrClose() })
	s.OnEnter = func() { d.submit() }
	return s
}

// checkRow is a row of check boxes for a choice of several (Fyne's
// CheckGroup, whose boxes swallow Enter and Escape): Space ticks one, and
// Enter and Escape are the dialog's.
type checkRow struct {
	*fyne.Container
	checks  []*dialogCheck
	changed func(chosen []string)
}

func newCheckRow(options []string, changed func(chosen []string), onEnter, onEscape func()) *checkRow {
	r := &checkRow{Container: container.NewHBox(), changed: changed}
	for _, o := range options {
		c := newDialogCheck(o, func(bool) { r.changed(r.chosen()) }, onEnter, onEscape)
		r.checks = append(r.checks, c)
		r.Add(c)
	}
	return r
}

// chosen lists the options ticked, in the row's order.
func (r *checkRow) chosen() []string {
	var out []string
	for _, c := range r.checks {
		if c.Checked {
			out = append(out, c.Text)
		}
	}
	return out
}

// SetSelected ticks the options named and no other.
func (r *checkRow) SetSelected(chosen []string) {
	for _, c := range r.checks {
		c.SetChecked(slices.Contains(chosen, c.Text))
	}
}

// Enable, Disable and Disabled make the row a fyne.Disableable.
func (r *checkRow) Enable() {
	for _, c := range r.checks {
		c.Enable()
	}
}

func (r *checkRow) Disable() {
	for _, c := range r.checks {
		c.Disable()
	}
}

func (r *checkRow) Disabled() bool { return len(r.checks) > 0 && r.checks[0].Disabled() }

// edited redraws after any change; the typed fields are checked at once,
// so a bad split shows while it is being typed and Export stays disabled.
func (d *exportDialog) edited() {
	d.refreshForm()
}

// refreshForm redraws what depends on the form's data.
func (d *exportDialog) refreshForm() {
	if wantsFolder(d.form.format) {
		d.chooseOut.SetText("Choose folder…")
		d.chooseOut.SetIcon(theme.FolderOpenIcon())
	} else {
		d.chooseOut.SetText("Choose file…")
		d.chooseOut.SetIcon(theme.DocumentSaveIcon())
	}
	if d.form.out == "" {
		// In italics, not in the disabled colour: the hint says what to do
		// next, and Fyne's disabled grey is under 3:1 on the dialog.
		d.out.TextStyle = fyne.TextStyle{Italic: true}
		d.out.SetText("Nothing chosen yet.")
	} else {
		d.out.TextStyle = fyne.TextStyle{}
		d.out.SetText(d.form.out)
	}
	d.outHint.SetText(d.form.outputHint())
	if d.outHint.Text == "" {
		d.outHint.Hide()
	} else {
		d.outHint.Show()
	}
	if !d.running {
		enable(d.form.schemeEnabled(), d.scheme)
		enable(d.form.snapEnabled(), d.snap, d.skip)
		if err := d.form.fieldError(); err != nil {
			d.setError(errorText("", err))
			d.primary.Disable()
		} else {
			d.setError("")
			d.primary.Enable()
		}
	}
	d.dlg.Refresh()
}

func (d *exportDialog) enableForm(on bool) {
	enable(on, d.format, d.annotator, d.statuses, d.split, d.seed, d.scheme, d.snap, d.skip, d.chooseOut)
	if on {
		d.refreshForm()
	}
}

// setOut sets the output as the chooser would; tests use it.
func (d *exportDialog) setOut(path string) {
	d.form.out = path
	d.refreshForm()
}

// defaultName is the file name the save chooser proposes.
func defaultName(f formats.Format) string {
	switch f {
	case formats.FormatCoNLL:
		return "export.conll"
	case formats.FormatLabelStudio:
		return "export.json"
	}
	return "export.jsonl"
}

// exportFolder is the folder of the last output chosen, in any export
// dialog of this process: the next export usually goes beside the last.
var exportFolder struct {
	sync.Mutex
	dir string
}

func rememberFolder(dir string) {
	exportFolder.Lock()
	exportFolder.dir = dir
	exportFolder.Unlock()
}

func rememberedFolder() string {
	exportFolder.Lock()
	defer exportFolder.Unlock()
	return exportFolder.dir
}

// replaceNote is what the save chooser adds when it asks whether to
// replace a file: the question is asked before anything is written.
const replaceNote = "Nothing is written yet: the export writes a new file and puts it in place only when complete, " +
	"so Cancel, now or during the export, leaves this one as it is."

// pickOut opens the save chooser, or the folder chooser for hf and brat.
// Neither opens the file or folder chosen: the export alone writes, under
// a temporary name that it renames when it is complete. (Fyne's
// dialog.NewFileSave is not used for that reason: it creates the file, or
// empties an existing one, as soon as the user confirms the name.)
func (d *exportDialog) pickOut() {
	if !wantsFolder(d.form.format) {
		name := defaultName(d.form.format)
		if d.form.out != "" {
			name = filepath.Base(d.form.out)
		}
		dialogkit.ShowSaveChooser(d.parent, dialogkit.SaveOptions{
			Title: "Export to", Dir: d.lastDir, Name: name, ReplaceNote: replaceNote,
		}, func(path string) {
			d.lastDir = filepath.Dir(path)
			rememberFolder(d.lastDir)
			d.setOut(path)
		})
		return
	}
	fd := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			d.setError(errorText("Cannot use the folder: ", err))
			return
		}
		if u == nil {
			return
		}
		d.lastDir = filepath.Dir(u.Path())
		rememberFolder(d.lastDir)
		d.setOut(u.Path())
	}, d.parent)
	if d.lastDir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(d.lastDir)); err == nil {
			fd.SetLocation(l)
		}
	}
	dialogkit.ShowFileDialog(d.parent, fd)
}

// submit validates the form and, when it is complete, runs the export.
func (d *exportDialog) submit() {
	if d.running || d.closed || d.primary.Disabled() {
		return
	}
	if err := d.form.validate(); err != nil {
		d.setError(errorText("", err))
		return
	}
	req := d.form.request()
	var res ExportResult
	d.start(true, func(ctx context.Context, p *progressPump) error {
		var err error
		res, err = d.run(ctx, req, p.update)
		return err
	}, func(err error, cancelled bool) {
		switch {
		case cancelled:
			d.failed(cancelledText(res.Written), false)
		case err != nil:
			d.failed(errorText("Export failed: ", err), true)
		default:
			d.summary = &widget.Label{Text: exportSummary(req, res), Wrapping: fyne.TextWrapBreak}
			d.succeeded(d.summary)
		}
	})
}

// cancelledText says what a cancelled export left: usually nothing, as
// nothing has its name before the whole export is complete, but a cancel
// that arrives while a split's files are being renamed may find some of
// them renamed already.
func cancelledText(written []string) string {
	if len(written) == 0 {
		return "Cancelled: nothing was written."
	}
	return "Cancelled after writing " + strings.Join(written, ", ") + "; the rest was not written."
}
