package transfer

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

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

// ImportRequest is what the import dialog asks for: what `inkspan import`
// takes as arguments and flags.
type ImportRequest struct {
	Paths       []string       // files, or one folder
	Format      formats.Format // FormatAuto unless the user chose one
	Annotator   string         // who made the spans in the input, unless a record or FileUsers names its own
	FileUsers   bool           // each file is the user it is named after (alice.jsonl: alice), as doccano exports them
	SkipInvalid bool           // skip bad records, reporting each, instead of importing nothing
	TextColumn  string         // csv/tsv: the column holding the text; never "" (defaults to "text")

	Status       model.Status   // --status: done, in_progress or skipped; "" keeps each record's own
	OnConflict   ConflictChoice // --on-conflict
	AllowOverlap bool           // --allow-overlap: turn the project's overlap rule on for this data

	// CoNLL and hf options, set only when the import reads that format
	// (chosen, or detected by auto); zero otherwise.
	TokenColumn    int    // --token-column: 1-based; 0 lets the reader guess
	TagColumns     []int  // --tag-column: 1-based; nil lets the reader guess
	CoNLLDocuments string // --conll-documents: docstart, sentence or file; "" is docstart
	HFLabels       string // --hf-labels: the tag list file; "" looks beside the data
}

// ConflictChoice is what an import does when, within the input, the same
// text comes again from the same annotator with other spans. Its values
// are those of `inkspan import --on-conflict`.
type ConflictChoice string

const (
	ConflictRefuse    ConflictChoice = ""         // refuse the import, naming both places
	ConflictKeepFirst ConflictChoice = "first"    // keep the first version, list the others
	ConflictSeparate  ConflictChoice = "separate" // keep each version as its own annotation set
)

// ImportResult is what the import reports back: the summary `inkspan
// import` prints, which the dialog shows in the same words, and what the
// command adds after it about overlaps.
type ImportResult struct {
	formats.ImportSummary
	// OverlapAllowed says the import turned the project's overlap rule on
	// (AllowOverlap, and the rule was off).
	OverlapAllowed bool
	// OverlapSkipped says spans were skipped for overlapping others, which
	// AllowOverlap would have imported.
	OverlapSkipped bool
}

// ImportRefusal is an import refused for something one of the dialog's
// choices decides: run returns it so that the dialog can say which choice
// imports the data, and put the focus on it. Err names both places (file
// and line) in words free of the command's flags.
type ImportRefusal struct {
	Err error
	For Refused
}

// Refused is what an import was refused for.
type Refused int

const (
	// RefusedConflict: the same text came twice from one annotator with
	// other spans (ConflictRefuse).
	RefusedConflict Refused = iota + 1
	// RefusedOverlap: a span overlaps another and the project does not
	// allow that.
	RefusedOverlap
)

func (r *ImportRefusal) Error() string { return r.Err.Error() }
func (r *ImportRefusal) Unwrap() error { return r.Err }

// shownPaths is how many chosen paths the form lists before "and N more".
const shownPaths = 3

// shownNames is how many formats or new labels the summary names before
// "and N more": an import may bring hundreds of labels.
const shownNames = 10

// ShowImport opens the import dialog over parent, with the annotator entry
// prefilled with annotator.
//
// Import validates the form, then calls run on a goroutine of its own with
// a context that Cancel cancels and a progress function to call with the
// number of records read so far (as often as convenient: the dialog draws
// only the latest). run must not touch the UI. An error from run is shown
// in the dialog, whose form comes back for another try; a cancelled run
// should return ctx.Err() and leave the project unchanged. After a
// successful run the dialog shows a summary and done (which may be nil) is
// called on the UI goroutine, so the caller can refresh its views.
//
// ShowImport must be called on the UI goroutine.
func ShowImport(parent fyne.Window, annotator string,
	run func(ctx context.Context, req ImportRequest, progress func(records int)) (ImportResult, error),
	done func(ImportResult)) {
	showImport(parent, annotator, run, done)
}

// importDialog is an open import dialog.
type importDialog struct {
	*shell
	form *importForm
	run  func(context.Context, ImportRequest, func(int)) (ImportResult, error)
	done func(ImportResult)

	chooseFiles  *button
	chooseFolder *button
	clear        *button
	paths        *widget.Label
	format       *dialogkit.Select
	hint         *widget.Label
	annotator    *entry
	textColumn   *entry
	tokenColumn  *entry
	tagColumns   *entry
	conllDocs    *dialogkit.Select
	chooseLabels *button
	clearLabels  *button
	labelsFile   *widget.Label
	setStatus    *dialogkit.Select
	onConflict   *dialogkit.Select
	overlap      *dialogCheck
	skip         *dialogCheck
	fileUsers    *dialogCheck  // shown for several files or a zip archive
	summary      *widget.Label // after a successful import
	lastDir      string        // where the next chooser opens

	// Rows shown only for the formats they apply to.
	textRow, columnsRow, labelsRow formRow
}

// formRow is a row of the form layout: its label and its field, shown and
// hidden together (the layout drops a row whose two cells are hidden).
type formRow struct{ label, field fyne.CanvasObject }

func (r formRow) show(on bool) {
	for _, o := range []fyne.CanvasObject{r.label, r.field} {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// dialogCheck is a check box of the form: Space ticks it, and Enter and
// Escape are the dialog's (import, cancel), as in the form's entries;
// Fyne's check box would swallow them and leave the keyboard stuck.
type dialogCheck struct {
	widget.Check
	onEnter, onEscape func()
}

func newDialogCheck(text string, changed func(bool), onEnter, onEscape func()) *dialogCheck {
	c := &dialogCheck{onEnter: onEnter, onEscape: onEscape}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey is part of fyne.Focusable.
func (c *dialogCheck) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		c.onEscape()
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		c.onEnter()
		return
	}
	c.Check.TypedKey(ev)
}

// The words of the choices an error points to.
const (
	sameTextLabel = "Same text"
	overlapText   = "Allow overlapping and nested spans in the project"
	skipText      = "Skip invalid records and spans, listing each"
	fileUsersText = "Each file is the annotator it is named after (doccano: alice.jsonl is alice's)"
)

func showImport(parent fyne.Window, annotator string,
	run func(context.Context, ImportRequest, func(int)) (ImportResult, error), done func(ImportResult)) *importDialog {
	d := &importDialog{form: newImportForm(annotator), run: run, done: done}
	escape := func() { d.cancelOrClose() }

	d.chooseFiles = newButton("Choose files…", theme.FileIcon(), d.pickFile, escape)
	d.chooseFolder = newButton("Choose folder…", theme.FolderOpenIcon(), d.pickFolder, escape)
	d.clear = newButton("Clear", theme.ContentClearIcon(), func() {
		d.form.setPaths(nil)
		d.pathsChanged()
	}, escape)
	d.paths = &widget.Label{Wrapping: fyne.TextWrapBreak}

	names := make([]string, len(importFormats))
	for i, f := range importFormats {
		names[i] = string(f)
	}
	d.format = d.newSelect(names, slices.Index(importFormats, d.form.format), func(i int) {
		d.form.format = importFormats[i]
		d.refreshForm()
	})
	d.hint = hintLabel("")
	d.hint.Truncation = fyne.TextTruncateEllipsis

	d.annotator = d.newEntry(nil)
	d.annotator.SetText(annotator)
	d.annotator.OnChanged = func(s string) { d.form.annotator = s; d.setError("") }
	d.annotator.SetPlaceHolder("your name")

	d.textColumn = d.newEntry(nil)
	d.textColumn.SetText(d.form.textColumn)
	d.textColumn.OnChanged = func(s string) { d.form.textColumn = s }

	d.tokenColumn = d.newEntry(func(s string) { d.form.tokenColumn = s; d.setError("") })
	d.tokenColumn.SetPlaceHolder("guess")
	d.tagColumns = d.newEntry(func(s string) { d.form.tagColumns = s; d.setError("") })
	d.tagColumns.SetPlaceHolder("last")
	d.conllDocs = d.newSelect(choiceTexts(conllDocumentChoices), choiceIndex(conllDocumentChoices, d.form.conllDocuments),
		func(i int) { d.form.conllDocuments = conllDocumentChoices[i].value })

	d.chooseLabels = newButton("Choose file…", theme.FileIcon(), d.pickLabels, escape)
	d.clearLabels = newButton("Clear", theme.ContentClearIcon(), func() {
		d.form.hfLabels = ""
		d.refreshForm()
	}, escape)
	d.labelsFile = &widget.Label{Truncation: fyne.TextTruncateEllipsis}

	d.setStatus = d.newSelect(choiceTexts(importStatuses), choiceIndex(importStatuses, d.form.status),
		func(i int) { d.form.status = importStatuses[i].value })
	d.onConflict = d.newSelect(choiceTexts(conflictChoices), choiceIndex(conflictChoices, d.form.onConflict),
		func(i int) { d.form.onConflict = conflictChoices[i].value; d.setError("") })

	d.overlap = newDialogCheck(overlapText, func(on bool) { d.form.allowOverlap = on; d.setError("") }, d.submit, escape)
	d.skip = newDialogCheck(skipText, func(on bool) { d.form.skipInvalid = on }, d.submit, escape)
	d.fileUsers = newDialogCheck(fileUsersText, func(on bool) { d.form.fileUsers = on }, d.submit, escape)

	// Narrow fields for numbers. Related choices share a row, and the
	// format's own rows show only for it: the form must fit a 900x600
	// window with five lines of paths and an error below it.
	narrow := func(e *entry, width float32) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(width, e.MinSize().Height), e)
	}
	d.textRow = formRow{formLabel("Text column"), narrow(d.textColumn, 140)}
	d.columnsRow = formRow{formLabel("Token column"), container.NewHBox(
		narrow(d.tokenColumn, 80), formLabel("Tag columns"), narrow(d.tagColumns, 100),
		formLabel("Documents"), fitSelect(d.conllDocs))}
	d.labelsRow = formRow{formLabel("Tag names"), container.NewBorder(nil, nil,
		container.NewHBox(d.chooseLabels, d.clearLabels), nil, d.labelsFile)}

	form := container.New(layout.NewFormLayout(),
		formLabel("Input"), container.NewVBox(
			container.NewHBox(d.chooseFiles, d.chooseFolder, d.clear),
			d.paths, d.fileUsers),
		formLabel("Format"), container.NewBorder(nil, nil, fitSelect(d.format), nil, d.hint),
		d.columnsRow.label, d.columnsRow.field,
		d.labelsRow.label, d.labelsRow.field,
		formLabel("Annotator"), container.NewBorder(nil, nil, nil,
			container.NewHBox(d.textRow.label, d.textRow.field), d.annotator),
		formLabel("Status"), container.NewHBox(fitSelect(d.setStatus), formLabel(sameTextLabel), fitSelect(d.onConflict)),
		layout.NewSpacer(), container.NewHBox(d.overlap, d.skip),
	)

	d.shell = newShell(parent, "Import", "Import", form, d.submit)
	d.setEnabled = d.enableForm
	d.refreshForm()
	d.show()
	parent.Canvas().Focus(d.chooseFiles)
	return d
}

// newEntry is a one-line field of the form: Enter imports, Escape cancels.
func (d *importDialog) newEntry(changed func(string)) *entry {
	// Closures, not method values: d.shell does not exist yet.
	e := newEntry(func() { d.cancelOrClose() })
	e.OnChanged = changed
	e.OnSubmitted = func(string) { d.submit() }
	return e
}

// newSelect is a select of the form, on options[selected]: Space and the
// arrows open it, Enter imports, Escape cancels. changed gets the index of
// each later choice.
func (d *importDialog) newSelect(options []string, selected int, changed func(int)) *dialogkit.Select {
	s := dialogkit.NewSelect(options, nil, func() { d.cancelOrClose() })
	s.OnEnter = func() { d.submit() }
	s.SetSelectedIndex(selected)
	s.OnChanged = func(string) { changed(s.SelectedIndex()) }
	return s
}

// fitSelect gives a select the width of its longest option: Fyne's is
// as narrow as its placeholder, and cuts "at each -DOCSTART- line" short.
func fitSelect(s *dialogkit.Select) fyne.CanvasObject {
	var text float32
	for _, o := range s.Options {
		text = max(text, fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	width := text + theme.IconInlineSize() + 4*theme.InnerPadding()
	return container.NewGridWrap(fyne.NewSize(max(width, s.MinSize().Width), s.MinSize().Height), s)
}

// hintLabel explains the field beside it. Italic rather than low
// importance, which Fyne draws in the disabled colour: a hint must not
// look like a field that is switched off.
func hintLabel(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Italic: true}}
}

func formLabel(text string) fyne.CanvasObject {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignTrailing}
}

// pickFile opens the file chooser; each pick adds one file.
func (d *importDialog) pickFile() {
	fd := d.fileChooser(func(path string) {
		d.lastDir = filepath.Dir(path)
		d.form.addFile(path)
		d.pathsChanged()
	})
	d.openAt(fd)
	dialogkit.ShowFileDialog(d.parent, fd)
}

// pickLabels opens the file chooser for the hf tag list. Fyne's open
// dialog only reads: choosing a file never creates or empties one.
func (d *importDialog) pickLabels() {
	fd := d.fileChooser(func(path string) {
		d.lastDir = filepath.Dir(path)
		d.form.hfLabels = path
		d.setError("")
		d.refreshForm()
	})
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	d.openAt(fd)
	dialogkit.ShowFileDialog(d.parent, fd)
}

// pickFolder opens the folder chooser; a folder replaces what was chosen.
func (d *importDialog) pickFolder() {
	fd := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			d.setError(errorText("Cannot open the folder: ", err))
			return
		}
		if u == nil {
			return
		}
		d.lastDir = filepath.Dir(u.Path())
		d.form.setFolder(u.Path())
		d.pathsChanged()
	}, d.parent)
	d.openAt(fd)
	dialogkit.ShowFileDialog(d.parent, fd)
}

// openAt starts a chooser where the last pick was made: picking several
// files one at a time should not mean walking to their folder each time.
func (d *importDialog) openAt(fd *dialog.FileDialog) {
	if d.lastDir == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(d.lastDir)); err == nil {
		fd.SetLocation(l)
	}
}

// setPaths replaces the chosen paths as the choosers would; tests use it.
func (d *importDialog) setPaths(paths ...string) {
	d.form.setPaths(paths)
	d.pathsChanged()
}

func (d *importDialog) pathsChanged() {
	d.setError("")
	d.refreshForm()
}

// refreshForm redraws what depends on the form's data: the list of paths,
// the auto-detection hint, and whether the text column applies.
func (d *importDialog) refreshForm() {
	var lines []string
	for i, p := range d.form.paths {
		if i == shownPaths {
			lines = append(lines, "and "+strconv.Itoa(len(d.form.paths)-shownPaths)+" more")
			break
		}
		if isDir(p) {
			p += string(filepath.Separator)
		}
		lines = append(lines, p)
	}
	if len(lines) == 0 {
		// In italics, not in the disabled colour: the hint says what to do
		// next, and Fyne's disabled grey is under 3:1 on the dialog.
		d.paths.TextStyle = fyne.TextStyle{Italic: true}
		d.paths.SetText("Nothing chosen yet. Choose files one at a time, or one folder.")
	} else {
		d.paths.TextStyle = fyne.TextStyle{}
		d.paths.SetText(strings.Join(lines, "\n"))
	}
	d.hint.SetText(d.form.autoHint())
	if d.form.fileUsersEnabled() {
		d.fileUsers.SetChecked(d.form.fileUsers)
		d.fileUsers.Show()
	} else {
		d.fileUsers.Hide()
	}
	// Options of formats the import will not read are hidden, so the form
	// shows only what the chosen input needs (and fits at 900x600).
	d.textRow.show(d.form.textColumnEnabled())
	d.columnsRow.show(d.form.conllEnabled())
	d.labelsRow.show(d.form.hfEnabled())
	if d.form.hfLabels == "" {
		d.labelsFile.TextStyle = fyne.TextStyle{Italic: true}
		d.labelsFile.SetText("found beside the data (labels.json, config.json…)")
	} else {
		d.labelsFile.TextStyle = fyne.TextStyle{}
		d.labelsFile.SetText(d.form.hfLabels)
	}
	if !d.running {
		enable(len(d.form.paths) > 0, d.clear)
		enable(d.form.hfLabels != "", d.clearLabels)
	}
	if d.shell != nil {
		d.dlg.Refresh()
	}
}

func (d *importDialog) enableForm(on bool) {
	enable(on, d.chooseFiles, d.chooseFolder, d.clear, d.format, d.annotator, d.textColumn,
		d.tokenColumn, d.tagColumns, d.conllDocs, d.chooseLabels, d.clearLabels,
		d.setStatus, d.onConflict, d.overlap, d.skip, d.fileUsers)
	if on {
		d.refreshForm()
	}
}

// submit validates the form and, when it is complete, runs the import.
func (d *importDialog) submit() {
	if d.running || d.closed {
		return
	}
	if err := d.form.validate(); err != nil {
		d.setError(errorText("", err))
		return
	}
	req := d.form.request()
	var res ImportResult
	d.start(false, func(ctx context.Context, p *progressPump) error {
		var err error
		res, err = d.run(ctx, req, func(records int) { p.update(records, 0) })
		return err
	}, func(err error, cancelled bool) {
		switch {
		case cancelled:
			d.failed("Cancelled: nothing was imported.", false)
		case err != nil:
			d.failed(errorText("Import failed: ", err)+d.remedy(err), true)
			// The choice that imports the data has the focus: Space
			// makes it (or opens it), Enter imports again.
			var r *ImportRefusal
			if errors.As(err, &r) {
				switch r.For {
				case RefusedConflict:
					d.parent.Canvas().Focus(d.onConflict)
				case RefusedOverlap:
					d.parent.Canvas().Focus(d.overlap)
				}
			}
		default:
			d.succeeded(d.summaryView(res))
			if d.done != nil {
				d.done(res)
			}
		}
	})
}

// remedy is what an error adds about the dialog's choice that imports the
// data anyway, in the dialog's words ("" when no choice does).
func (d *importDialog) remedy(err error) string {
	var r *ImportRefusal
	if !errors.As(err, &r) {
		return ""
	}
	switch r.For {
	case RefusedConflict:
		return "\nTo import it, choose " + sameTextLabel + ": “" + conflictFirstText + "” or “" + conflictSeparateText + "”."
	case RefusedOverlap:
		return "\nTo import it, tick “" + overlapText + "” (or skip invalid spans)."
	}
	return ""
}

// summaryView shows what the import did, with what it left out or warned
// about (each naming file and line) in a list that scrolls: there may be
// thousands.
func (d *importDialog) summaryView(r ImportResult) fyne.CanvasObject {
	d.summary = &widget.Label{Text: importSummary(r), Wrapping: fyne.TextWrapWord}
	details := r.Details()
	if len(details) == 0 {
		return d.summary
	}
	list := widget.NewList(
		func() int { return len(details) },
		func() fyne.CanvasObject {
			return &widget.Label{Truncation: fyne.TextTruncateEllipsis}
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(details[i]) },
	)
	rows := min(len(details), 6)
	rowH := (&widget.Label{Text: "x"}).MinSize().Height
	h := float32(rows)*rowH + float32(rows-1)*theme.SeparatorThicknessSize()
	sized := container.NewGridWrap(fyne.NewSize(formWidth, h), list)
	return container.NewVBox(d.summary, sized)
}
