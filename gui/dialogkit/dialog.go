package dialogkit

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne 2.7.1's dialogs ignore Enter and Escape: nothing in them has the
// focus when they open, so keys go to the window's own key handler (behind
// the dialog, PageDown would open another document), and their buttons
// answer only Space, once Tab has focused one. Dialog is a modal dialog
// whose default button has the focus when it opens: Enter presses the
// focused button, Escape the cancel button wherever the focus is, and with
// nothing focused (after a click on the dialog's text) Enter is the default
// and Escape the cancel. It gives the window its keys and focus back when
// it closes.

// Answer is a dialog button: its text, icon and what it does once the
// dialog has closed (nil: closing is all it does).
type Answer struct {
	Text string
	Icon fyne.Resource
	Do   func()
}

// Dialog is a modal dialog that works from the keyboard. Build it with
// NewDialog or one of the Show functions; use it on the UI goroutine.
type Dialog struct {
	parent fyne.Window
	dlg    *dialog.CustomDialog
	cancel Answer
	ok     *Answer
	okBtn  *Button
	cancBt *Button
	first  fyne.Focusable // what has the focus when the dialog opens
	popup  fyne.CanvasObject
	shown  bool
	closed bool

	// OnClosed, when set, is called once the dialog has closed, however it
	// was closed, before the answer's Do.
	OnClosed func()
}

// NewDialog returns a dialog over parent showing content, with a cancel
// button that answers Escape and, when ok is not nil, a default button that
// answers Enter. Without ok, the cancel button answers Enter too: it is the
// dialog's only button (Close, OK). Show it with Show.
func NewDialog(parent fyne.Window, title string, content fyne.CanvasObject, cancel Answer, ok *Answer) *Dialog {
	d := &Dialog{parent: parent, cancel: cancel, ok: ok}
	d.cancBt = NewButton(cancel.Text, cancel.Icon, d.Escape, d.Escape)
	buttons := []fyne.CanvasObject{d.cancBt}
	d.first = d.cancBt
	if ok != nil {
		d.okBtn = NewButton(ok.Text, ok.Icon, func() { d.answer(d.ok) }, d.Escape)
		d.okBtn.Importance = widget.HighImportance
		buttons = append(buttons, d.okBtn)
		d.first = d.okBtn
	}
	d.dlg = dialog.NewCustomWithoutButtons(title, content, parent)
	d.dlg.SetButtons(buttons)
	d.dlg.SetOnClosed(d.onClosed)
	return d
}

// SetIcon sets the icon shown at the top right (error, question, …).
func (d *Dialog) SetIcon(icon fyne.Resource) { d.dlg.SetIcon(icon) }

// Resize sets the dialog's size.
func (d *Dialog) Resize(size fyne.Size) { d.dlg.Resize(size) }

// FocusOnShow makes f, a widget of the content, have the focus when the
// dialog opens instead of the default button: an entry to type in.
func (d *Dialog) FocusOnShow(f fyne.Focusable) { d.first = f }

// SetDefaultEnabled enables or disables the default button and with it
// Enter: a form whose fields are not valid has nothing to submit.
func (d *Dialog) SetDefaultEnabled(on bool) {
	if d.okBtn == nil {
		return
	}
	if on {
		d.okBtn.Enable()
	} else {
		d.okBtn.Disable()
	}
}

// Show opens the dialog and takes the window's keys until it closes.
func (d *Dialog) Show() {
	if d.shown {
		return
	}
	d.shown = true
	c := d.parent.Canvas()
	pushKeys(c, d)
	d.dlg.Show()
	d.popup = c.Overlays().Top()
	c.Focus(d.first)
}

// onScreen reports whether the dialog's overlay is still on the canvas:
// code that removes an overlay directly closes a dialog without a word.
func (d *Dialog) onScreen(c fyne.Canvas) bool {
	return d.popup != nil && slices.Contains(c.Overlays().List(), d.popup)
}

// Enter runs the default answer, as the Enter key does: the default
// button's, or else the cancel button's. A disabled default does nothing.
func (d *Dialog) Enter() {
	if d.ok == nil {
		d.answer(&d.cancel)
		return
	}
	if !d.okBtn.Disabled() {
		d.answer(d.ok)
	}
}

// Escape runs the cancel answer, as the Escape key does.
func (d *Dialog) Escape() { d.answer(&d.cancel) }

// Close closes the dialog without running either answer.
func (d *Dialog) Close() { d.answer(nil) }

// Closed reports whether the dialog has closed.
func (d *Dialog) Closed() bool { return d.closed }

// answer closes the dialog, then runs a's Do: an answer that opens another
// dialog (an error) finds the window's keys given back.
func (d *Dialog) answer(a *Answer) {
	if d.closed {
		return
	}
	d.dlg.Hide() // calls onClosed
	if a != nil && a.Do != nil {
		a.Do()
	}
}

func (d *Dialog) onClosed() {
	if d.closed {
		return
	}
	d.closed = true
	if d.shown {
		popKeys(d.parent.Canvas(), d)
	}
	if d.OnClosed != nil {
		d.OnClosed()
	}
}

// keyState is a window's stack of open dialogs, the newest last, with the
// key handler and focus the window had before the first opened. Dialogs
// can close out of order (an error raised by a load behind a dialog the
// person then closes first): keys always go to the newest still open.
type keyState struct {
	open    []*Dialog
	prevKey func(*fyne.KeyEvent)
	focused fyne.Focusable
}

var (
	keysMu sync.Mutex // windows' dialogs open and close on one UI goroutine; tests may not
	keys   = map[fyne.Canvas]*keyState{}
)

func pushKeys(c fyne.Canvas, d *Dialog) {
	keysMu.Lock()
	st := keys[c]
	first := st == nil
	if first {
		st = &keyState{prevKey: c.OnTypedKey(), focused: c.Focused()}
		keys[c] = st
	}
	st.open = append(st.open, d)
	keysMu.Unlock()
	if first {
		c.SetOnTypedKey(func(ev *fyne.KeyEvent) { st.route(c, ev) })
	}
}

func popKeys(c fyne.Canvas, d *Dialog) {
	keysMu.Lock()
	st := keys[c]
	if st == nil {
		keysMu.Unlock()
		return
	}
	st.open = slices.DeleteFunc(st.open, func(o *Dialog) bool { return o == d })
	last := len(st.open) == 0
	if last {
		delete(keys, c)
	}
	keysMu.Unlock()
	if !last {
		return
	}
	c.SetOnTypedKey(st.prevKey)
	// A keyboard-first window must not come back from a dialog with its
	// keys going nowhere.
	if st.focused != nil && c.Focused() != st.focused {
		c.Focus(st.focused)
	}
}

// route is the window's key handler while dialogs are open: it gets the
// keys no widget of the dialog took (nothing focused, after a click on the
// dialog's text). Other keys stop here: behind a modal dialog, PageDown must
// not open another document.
func (st *keyState) route(c fyne.Canvas, ev *fyne.KeyEvent) {
	top := st.top()
	for top != nil && !top.onScreen(c) {
		top.onClosed()
		top = st.top()
	}
	if top == nil {
		// Every dialog has gone (this handler was kept by another's, which
		// gave it back late): the key is the window's.
		if st.prevKey != nil {
			st.prevKey(ev)
		}
		return
	}
	switch ev.Name {
	case fyne.KeyEscape:
		top.Escape()
	case fyne.KeyReturn, fyne.KeyEnter:
		top.Enter()
	}
}

func (st *keyState) top() *Dialog {
	keysMu.Lock()
	defer keysMu.Unlock()
	if len(st.open) > 0 {
		return st.open[len(st.open)-1]
	}
	return nil
}

// message is a dialog's text, wrapped, as Fyne's own dialogs show it.
func message(text string) *widget.Label {
	return &widget.Label{Text: text, Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
}

// fitText sizes a text dialog as Fyne's do: as wide as the text on one
// line, up to 600 and nine tenths of the window, then as tall as it needs.
func fitText(d *Dialog, parent fyne.Window, text string) {
	width := widget.NewLabel(text).MinSize().Width + 32 + 2*theme.Padding()
	width = min(width, 600, parent.Canvas().Size().Width*0.9)
	d.Resize(fyne.NewSize(width, d.dlg.MinSize().Height))
	// The height at that width, now that the text wraps to it.
	d.Resize(fyne.NewSize(width, d.dlg.MinSize().Height))
}

// ShowError shows err in an error dialog with an OK button that Enter and
// Escape press.
func ShowError(parent fyne.Window, err error) *Dialog {
	text := err.Error()
	if r, n := utf8.DecodeRuneInString(text); r != utf8.RuneError {
		text = string(unicode.ToUpper(r)) + text[n:]
	}
	d := NewDialog(parent, "Error", message(text), Answer{Text: "OK"}, nil)
	d.SetIcon(theme.ErrorIcon())
	fitText(d, parent, text)
	d.Show()
	return d
}

// ShowInformation shows a message with an OK button that Enter and Escape
// press.
func ShowInformation(parent fyne.Window, title, text string) *Dialog {
	d := NewDialog(parent, title, message(text), Answer{Text: "OK"}, nil)
	d.SetIcon(theme.InfoIcon())
	fitText(d, parent, text)
	d.Show()
	return d
}

// ShowConfirm asks a question: confirm is the default button (Enter) and
// runs yes; Cancel (Escape) runs nothing.
func ShowConfirm(parent fyne.Window, title, question, confirm string, yes func()) *Dialog {
	d := NewDialog(parent, title, message(question), Answer{Text: "Cancel", Icon: theme.CancelIcon()},
		&Answer{Text: confirm, Icon: theme.ConfirmIcon(), Do: yes})
	d.SetIcon(theme.QuestionIcon())
	fitText(d, parent, question)
	d.Show()
	return d
}

// ShowContent shows content with one button, such as Close, that Enter and
// Escape press, at size.
func ShowContent(parent fyne.Window, title, closeText string, content fyne.CanvasObject, size fyne.Size) *Dialog {
	d := NewDialog(parent, title, content, Answer{Text: closeText}, nil)
	d.Resize(size)
	d.Show()
	return d
}

// CloseOnKeys makes a secondary window (statistics, agreement) close on
// Escape and on Enter, its default action, when no widget of it takes the
// key: a window opened from the keyboard should close from it.
func CloseOnKeys(w fyne.Window) {
	c := w.Canvas()
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
			w.Close()
			return
		}
		if prev != nil {
			prev(ev)
		}
	})
}
