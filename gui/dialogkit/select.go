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
// a cache whose entries expire a minute after they were last read, and the
// canvas re-adds them only when it repaints. A window that has been busy
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

	// Do runs a function on the UI goroutine; fyne.Do when nil. A window
	// whose UI work goes through its own lock sets it to that.
	Do func(func())

	waiting bool // a list is waiting to be opened
}

// selectRetries bounds how long a list waits for the canvas: past it the
// select is no longer on screen, and there is nothing to open it over.
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
	s.whenPlaced(func() { s.Select.Tapped(ev) })
}

// TypedKey is part of fyne.Focusable. The keys that open the list wait
// for the canvas as a tap does.
func (s *Select) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if s.OnEscape != nil {
			s.OnEscape()
		}
		return
	case fyne.KeySpace, fyne.KeyUp, fyne.KeyDown:
		s.whenPlaced(func() { s.Select.TypedKey(ev) })
		return
	}
	s.Select.TypedKey(ev)
}

// placed reports whether the driver knows the select's canvas, which
// Fyne's Select needs to open its list.
func (s *Select) placed() bool {
	return fyne.CurrentApp().Driver().CanvasForObject(s) != nil
}

// whenPlaced runs open now if the canvas is known, or else once a repaint
// has made it known again.
func (s *Select) whenPlaced(open func()) {
	if s.placed() {
		open()
		return
	}
	if s.waiting {
		return // a second click while the first waits opens nothing more
	}
	s.waiting = true
	s.retry(open, selectRetries)
}

func (s *Select) retry(open func(), tries int) {
	if s.placed() {
		s.waiting = false
		open()
		return
	}
	if tries == 0 {
		s.waiting = false
		return
	}
	// Refreshing the select on each window's canvas marks the canvas dirty
	// without asking the driver (which has forgotten the select), so the
	// next frame repaints and re-learns every widget it shows. A canvas the
	// select is not on just repaints once.
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		w.Canvas().Refresh(s)
	}
	do := s.Do
	if do == nil {
		do = fyne.Do
	}
	go func() {
		time.Sleep(selectFrame)
		do(func() { s.retry(open, tries-1) })
	}()
}
