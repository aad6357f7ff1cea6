package transfer

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model/formats"
)

// ImportRequest is what the import dialog asks for.
type ImportRequest struct {
	Paths       []string       // files, or one folder
	Format      formats.Format // FormatAuto unless the user chose one
	Annotator   string         // who made the spans in the input, unless a record names its own
	SkipInvalid bool           // skip bad records, reporting each, instead of importing nothing
	TextColumn  string         // csv/tsv: the column holding the text; never "" (defaults to "text")
}

// ImportResult is what the import reports back: the summary `inkspan
// import` prints, which the dialog shows in the same words.
type ImportResult = formats.ImportSummary

// shownPaths is how many chosen paths the form lists before "and N more".
const shownPaths = 4

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
	format       *widget.Select
	hint         *widget.Label
	annotator    *entry
	textColumn   *entry
	skip         *widget.Check
	summary      *widget.Label // after a successful import
	lastDir      string        // where the next chooser opens
}

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
	d.format = widget.NewSelect(names, nil)
	d.format.SetSelected(string(formats.FormatAuto))
	d.format.OnChanged = func(s string) {
		d.form.format = formats.Format(s)
		d.refreshForm()
	}
	d.hint = hintLabel("")
	d.hint.Truncation = fyne.TextTruncateEllipsis

	d.annotator = newEntry(escape)
	d.annotator.SetText(annotator)
	d.annotator.SetPlaceHolder("your name")
	d.annotator.OnChanged = func(s string) { d.form.annotator = s; d.setError("") }
	d.annotator.OnSubmitted = func(string) { d.submit() }

	d.textColumn = newEntry(escape)
	d.textColumn.SetText(d.form.textColumn)
	d.textColumn.OnChanged = func(s string) { d.form.textColumn = s }
	d.textColumn.OnSubmitted = func(string) { d.submit() }

	d.skip = widget.NewCheck("Skip invalid records, listing each, instead of importing nothing", func(on bool) {
		d.form.skipInvalid = on
	})

	form := container.New(layout.NewFormLayout(),
		formLabel("Input"), container.NewVBox(
			container.NewHBox(d.chooseFiles, d.chooseFolder, d.clear),
			d.paths),
		formLabel("Format"), container.NewBorder(nil, nil, d.format, nil, d.hint),
		formLabel("Annotator"), d.annotator,
		formLabel("Text column"), container.NewBorder(nil, nil, nil,
			hintLabel("csv and tsv only"), d.textColumn),
		layout.NewSpacer(), d.skip,
	)

	d.shell = newShell(parent, "Import", "Import", form, d.submit)
	d.setEnabled = d.enableForm
	d.refreshForm()
	d.show()
	parent.Canvas().Focus(d.chooseFiles)
	return d
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
	fd.Show()
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
	fd.Show()
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
		d.paths.Importance = widget.LowImportance
		d.paths.SetText("Nothing chosen yet. Choose files one at a time, or one folder.")
	} else {
		d.paths.Importance = widget.MediumImportance
		d.paths.SetText(strings.Join(lines, "\n"))
	}
	d.hint.SetText(d.form.autoHint())
	if !d.running {
		enable(d.form.textColumnEnabled(), d.textColumn)
		if len(d.form.paths) == 0 {
			d.clear.Disable()
		} else {
			d.clear.Enable()
		}
	}
	if d.shell != nil {
		d.dlg.Refresh()
	}
}

func (d *importDialog) enableForm(on bool) {
	enable(on, d.chooseFiles, d.chooseFolder, d.clear, d.format, d.annotator, d.textColumn, d.skip)
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
			d.failed(errorText("Import failed: ", err), true)
		default:
			d.succeeded(d.summaryView(res))
			if d.done != nil {
				d.done(res)
			}
		}
	})
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
