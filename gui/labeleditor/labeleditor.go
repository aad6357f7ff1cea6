// Package labeleditor is the dialog in which a project's labels are
// renamed, recoloured, given keys and descriptions, and added.
//
// Labels cannot be removed in it: removing a label would delete every span
// that carries it, which deserves a command of its own and a confirmation.
//
// The rules live in a plain type (state.go) tested without a window; this
// file only binds widgets to it.
package labeleditor

import (
	"fmt"
	"image/color"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model"
)

// RemoveHint explains, beside Add label, why there is no way to remove one.
const RemoveHint = "Labels cannot be removed here: removing one would delete all of its spans."

// Show opens the label editor over parent, on labels in project order.
//
// Save validates the set with model.ValidateLabelSet and, when it is valid,
// calls save with the labels in display order and rename, which maps the
// old name of each renamed label to its new name so storage can rename in
// place and keep every span. Added labels have no entry in rename. rename
// may hold a swap or a chain (A→B with B→C): apply it as a whole, not one
// label at a time against a uniqueness check.
//
// save runs on a goroutine of its own, since it writes to the project; it
// must use fyne.Do for any change to the UI. While it runs, the buttons are
// disabled. An error from validation or from save is shown in red under
// the list and the dialog stays open; on success it closes. Escape or
// Cancel closes it without calling save.
//
// Show must be called on the UI goroutine.
func Show(parent fyne.Window, labels []model.Label, save func(rename map[string]string, labels []model.Label) error) {
	show(parent, labels, save)
}

// listSize is the smallest the list of labels is drawn: room for the four
// columns and about five labels before it scrolls.
var listSize = fyne.NewSize(680, 300)

// Column widths of a row: swatch, name, key; the description takes the
// rest.
var columnWidths = []float32{56, 180, 56}

// editor is an open label editor.
type editor struct {
	state  *editState
	parent fyne.Window
	save   func(map[string]string, []model.Label) error

	dlg     *dialog.CustomDialog
	rows    []*rowWidgets
	list    *fyne.Container
	content *fyne.Container
	scroll  *container.Scroll
	errText *widget.Label
	add     *button
	saveBtn *button
	cancel  *button
	closed  bool
	saving  bool
	keys    *dialogkit.KeyHold // the parent window's keys, given back on close

	// pending counts saves started and not yet applied; tests wait on it.
	pending atomic.Int32
}

// rowWidgets are the widgets of one label row.
type rowWidgets struct {
	swatch *canvas.Rectangle
	colour *button
	name   *entry
	key    *keyEntry
	desc   *entry
	box    *fyne.Container
}

func show(parent fyne.Window, labels []model.Label, save func(map[string]string, []model.Label) error) *editor {
	ed := &editor{state: newEditState(labels), parent: parent, save: save}

	ed.list = container.NewVBox()
	for i := range ed.state.rows {
		ed.appendRow(i)
	}
	ed.scroll = container.NewVScroll(ed.list)
	minSize := canvas.NewRectangle(color.Transparent)
	minSize.SetMinSize(listSize)

	// The error line is always there, empty when there is nothing to say:
	// showing a hidden label would not re-lay out the dialog around it, and
	// a reserved line keeps the buttons from jumping.
	ed.errText = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}

	ed.add = newButton("Add label", theme.ContentAddIcon(), ed.addLabel, ed.close)
	hint := &widget.Label{Text: RemoveHint, Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}

	header := container.New(&columns{widths: columnWidths, gap: theme.Padding()},
		heading("Colour"), heading("Name"), heading("Key"), heading("Description"))

	ed.content = container.NewBorder(
		header,
		container.NewVBox(ed.errText, container.NewBorder(nil, nil, ed.add, nil, hint)),
		nil, nil,
		container.NewStack(minSize, ed.scroll),
	)

	ed.cancel = newButton("Cancel", theme.CancelIcon(), ed.close, ed.close)
	ed.saveBtn = newButton("Save", theme.ConfirmIcon(), ed.submit, ed.close)
	ed.saveBtn.Importance = widget.HighImportance

	ed.dlg = dialog.NewCustomWithoutButtons("Labels", ed.content, parent)
	ed.dlg.SetButtons([]fyne.CanvasObject{ed.cancel, ed.saveBtn})
	ed.dlg.SetOnClosed(ed.onClosed)

	ed.keys = dialogkit.Hold(parent, ed.close)
	ed.keys.OnEnter = ed.submit

	ed.dlg.Show()
	if len(ed.rows) > 0 {
		parent.Canvas().Focus(ed.rows[0].name)
	}
	return ed
}

func heading(text string) fyne.CanvasObject {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}}
}

// appendRow adds the widgets for state row i to the list.
func (ed *editor) appendRow(i int) {
	l := ed.state.rows[i].label
	rw := &rowWidgets{}

	rw.swatch = canvas.NewRectangle(parseColor(l.Color))
	rw.swatch.CornerRadius = 3
	rw.swatch.SetMinSize(fyne.NewSize(20, 14))
	rw.colour = newButton("", nil, func() { ed.pickColour(i) }, ed.close)
	swatch := container.NewStack(rw.colour, container.New(&inset{by: 2 * theme.Padding()}, rw.swatch))

	rw.name = newEntry(false, ed.close)
	rw.name.SetText(l.Name)
	rw.name.SetPlaceHolder("NAME")
	rw.name.OnChanged = func(s string) {
		ed.state.rows[i].label.Name = s
		ed.edited()
	}
	// Enter in a one-line field saves, as the Save button; the description
	// takes Enter as a new line.
	rw.name.OnSubmitted = func(string) { ed.submit() }

	rw.key = newKeyEntry(ed.close)
	rw.key.SetText(l.Key)
	rw.key.SetPlaceHolder("–")
	rw.key.OnChanged = func(s string) {
		if rw.key.clamp(s) {
			return
		}
		ed.state.rows[i].label.Key = s
		ed.edited()
	}
	rw.key.OnSubmitted = func(string) { ed.submit() }

	rw.desc = newEntry(true, ed.close)
	rw.desc.SetText(l.Description)
	rw.desc.SetPlaceHolder("What the label covers")
	rw.desc.SetMinRowsVisible(2)
	rw.desc.OnChanged = func(s string) {
		ed.state.rows[i].label.Description = s
		ed.edited()
	}

	rw.box = container.New(&columns{widths: columnWidths, gap: theme.Padding()},
		swatch, rw.name, rw.key, rw.desc)
	ed.rows = append(ed.rows, rw)
	ed.list.Add(rw.box)
}

// addLabel appends a label with default colour and key and focuses its
// name, which is what one changes first.
func (ed *editor) addLabel() {
	i := ed.state.add()
	ed.appendRow(i)
	ed.scroll.ScrollToBottom()
	ed.edited()
	ed.parent.Canvas().Focus(ed.rows[i].name)
}

// pickColour opens Fyne's colour picker on row i's colour. Enter confirms
// the colour it shows and Escape cancels (see pickerKeys).
func (ed *editor) pickColour(i int) {
	p := dialog.NewColorPicker("Colour of "+ed.state.rows[i].label.Name, "", func(c color.Color) {
		hex := colorHex(c)
		ed.state.rows[i].label.Color = hex
		ed.rows[i].swatch.FillColor = parseColor(hex)
		ed.rows[i].swatch.Refresh()
		ed.edited()
	}, ed.parent)
	p.Advanced = true
	p.SetColor(parseColor(ed.state.rows[i].label.Color))
	keys := pickerKeys(ed.parent, p)
	p.Show()
	if confirm := confirmOf(ed.parent.Canvas().Overlays().Top()); confirm != nil {
		keys.OnEnter = confirm
	}
}

// edited clears an error shown for a previous attempt: it may no longer
// hold, and a stale red line reads as a new failure.
func (ed *editor) edited() {
	if ed.errText.Text != "" {
		ed.setError("")
	}
}

func (ed *editor) showError(err error) {
	ed.setError(model.ErrorMessage(err))
}

// setError sets the error line and lays the dialog out again, since a long
// message wraps to more lines.
func (ed *editor) setError(msg string) {
	ed.errText.SetText(msg)
	ed.content.Refresh()
}

// submit validates and, if the labels are valid, saves them off the UI
// goroutine.
func (ed *editor) submit() {
	if ed.saving || ed.closed {
		return
	}
	if err := ed.state.validate(); err != nil {
		ed.showError(err)
		return
	}
	rename, labels := ed.state.rename(), ed.state.labels()
	ed.setSaving(true)
	ed.pending.Add(1)
	go func() {
		err := ed.save(rename, labels)
		fyne.Do(func() {
			defer ed.pending.Add(-1)
			ed.setSaving(false)
			if err != nil {
				ed.showError(fmt.Errorf("not saved: %s", model.ErrorMessage(err)))
				return
			}
			ed.dlg.Hide()
		})
	}()
}

func (ed *editor) setSaving(on bool) {
	ed.saving = on
	for _, b := range []*button{ed.saveBtn, ed.cancel, ed.add} {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// close cancels the editor unless a save is under way, whose outcome the
// user is waiting to see.
func (ed *editor) close() {
	if ed.saving || ed.closed {
		return
	}
	ed.dlg.Hide()
}

// onClosed runs once the dialog is hidden, by whatever route.
func (ed *editor) onClosed() {
	if ed.closed {
		return
	}
	ed.closed = true
	ed.keys.Release()
}

// colorHex formats c as #rrggbb, ignoring transparency, which labels do
// not have.
func colorHex(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
}

// parseColor reads a #rrggbb colour; anything else draws grey, so a label
// stored with a bad colour can still be opened and fixed.
func parseColor(hex string) color.Color {
	if c, ok := model.ParseColor(hex); ok {
		return c
	}
	return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
}

// inset lays its objects out smaller than its size by a margin on every
// side: the swatch sits inside its button, leaving the button's edge to
// show hover and focus.
type inset struct{ by float32 }

func (l *inset) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s = s.Max(o.MinSize())
	}
	return s.AddWidthHeight(2*l.by, 2*l.by)
}

func (l *inset) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(l.by, l.by))
		o.Resize(size.SubtractWidthHeight(2*l.by, 2*l.by))
	}
}
