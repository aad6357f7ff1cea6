package dialogkit

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Select is a widget.Select that opens its list only once the driver can
// tell which canvas the select is on, and that reports Escape.
//
// Fyne 2.7.1's Select opens its list with the canvas
// Driver().CanvasForObject gives it, and dereferences it without a check
// (widget/select.go showPopUp, NewPopUpMenu, overlayRenderer.MinSize:
// upstream issue #5965, fixed after 2.7.1). The desktop driver answers from
// a cache whose entries expire a minute after they were added or last
// read (a repaint does not renew them), and the canvas re-adds dropped
// ones only when it repaints. A window that has been busy
// for over a minute (typing in the search box, changing filters) drops the
// entries of widgets nobody read, such as a filter left alone, at its next
// clean-up; if nothing repaints after that, a click on the filter reaches a
// Select the driver knows no canvas for, and the window dies with a nil
// pointer. Select asks the windows to repaint instead and opens the list a
// frame later, once the canvas has walked its widgets again.
type Select struct {
	widget.Select

	// OnEscape, when set, is called for Escape while the select has focus
	// (its list closed): a filter gives focus back to the text that way.
	OnEscape func()

	// OnEnter, when set, is called for Enter while the select has focus: in
	// a form, Enter is the dialog's default action, as in its entries.
	OnEnter func()

	// OnKey, when set, is offered each key first and reports whether it
	// took it, as Entry's.
	OnKey func(*fyne.KeyEvent) bool

	// Do runs a function on the UI goroutine; fyne.Do when nil. A window
	// whose UI work goes through its own lock sets it to that.
	Do func(func())

	place placement
}

// selectRetries bounds how long a pop-up waits for the canvas: past it the
// widget is no longer on screen, and there is nothing to open it over.
const (
	selectRetries = 30
	selectFrame   = 16 * time.Millisecond
)

// NewSelect returns a select of options, as widget.NewSelect does.
func NewSelect(options []string, changed func(string), onEscape func()) *Select {
	s := &Select{OnEscape: onEscape}
	s.Options, s.OnChanged = options, changed
	s.ExtendBaseWidget(s)
	return s
}

// Tapped is part of fyne.Tappable.
func (s *Select) Tapped(ev *fyne.PointEvent) {
	if s.Disabled() {
		return
	}
	s.place.run(s, s.Do, func() { s.Select.Tapped(ev) })
}

// TypedKey is part of fyne.Focusable. The keys that open the list wait
// for the canvas as a tap does.
func (s *Select) TypedKey(ev *fyne.KeyEvent) {
	if s.OnKey != nil && s.OnKey(ev) {
		return
	}
	switch ev.Name {
	case fyne.KeyEscape:
		if s.OnEscape != nil {
			s.OnEscape()
		}
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		if s.OnEnter != nil {
			s.OnEnter()
		}
		return
	case fyne.KeySpace, fyne.KeyUp, fyne.KeyDown:
		s.place.run(s, s.Do, func() { s.Select.TypedKey(ev) })
		return
	}
	s.Select.TypedKey(ev)
}

// placed reports whether the driver knows obj's canvas, which Fyne's
// pop-ups need to open.
func placed(obj fyne.CanvasObject) bool {
	return fyne.CurrentApp().Driver().CanvasForObject(obj) != nil
}

// placement opens a Fyne pop-up over a widget only once the driver knows
// the widget's canvas (see Select): now if it does, else after the
// repaint it asks for.
type placement struct {
	waiting bool // a pop-up is waiting to be opened
}

// run opens now, or once a repaint has made obj's canvas known again; do
// runs a function on the UI goroutine (fyne.Do when nil).
func (p *placement) run(obj fyne.CanvasObject, do func(func()), open func()) {
	if placed(obj) {
		open()
		return
	}
	if p.waiting {
		return // a second click while the first waits opens nothing more
	}
	if do == nil {
		do = fyne.Do
	}
	p.waiting = true
	p.retry(obj, do, open, selectRetries)
}

func (p *placement) retry(obj fyne.CanvasObject, do func(func()), open func(), tries int) {
	if placed(obj) {
		p.waiting = false
		open()
		return
	}
	if tries == 0 {
		p.waiting = false
		return
	}
	// Refreshing the object on each window's canvas marks the canvas dirty
	// without asking the driver (which has forgotten the object), so the
	// next frame repaints and re-learns every widget it shows. A canvas the
	// object is not on just repaints once.
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		w.Canvas().Refresh(obj)
	}
	go func() {
		time.Sleep(selectFrame)
		do(func() { p.retry(obj, do, open, tries-1) })
	}()
}
