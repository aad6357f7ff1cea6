package transfer

import (
	"context"
	"errors"
	"image/color"
	"strconv"
	"sync"
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

// formWidth is the narrowest a dialog's content is drawn: room for a path
// and the auto-detection hint without wrapping every line.
const formWidth = 620

// shell is what the import and export dialogs share: the dialog with its
// buttons, the error line, the progress area, and the life cycle of one
// run (start, progress, cancel, outcome).
type shell struct {
	parent fyne.Window
	dlg    *dialog.CustomDialog
	body   *fyne.Container // the form, then the summary
	errMsg *widget.Label
	status *widget.Label
	bar    *widget.ProgressBar
	spin   *widget.ProgressBarInfinite
	work   *fyne.Container // status and bar, shown while running

	primary   *button
	cancelBtn *button

	setEnabled func(bool) // enables or disables the dialog's own form widgets
	unit       string     // what progress counts: "record" unless set

	running bool
	closed  bool
	cancel  context.CancelFunc
	runID   int // which run progress updates belong to

	keys *dialogkit.KeyHold

	// busy counts runs started whose outcome is not yet applied, and
	// progressShown is the last progress count drawn. Both are atomics so
	// tests can wait on them: the test driver runs fyne.Do callbacks on the
	// worker's goroutine, and reading widgets before these say so races.
	busy          atomic.Int32
	progressShown atomic.Int64
}

// newShell builds the dialog around form. primaryText is the verb of the
// action (Import, Export).
func newShell(parent fyne.Window, title, primaryText string, form fyne.CanvasObject, submit func()) *shell {
	s := &shell{parent: parent}

	// The error line is always present, empty when there is nothing to
	// say, so that the buttons do not jump when one appears.
	s.errMsg = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	s.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	s.bar = widget.NewProgressBar()
	s.spin = widget.NewProgressBarInfinite()
	s.spin.Stop()
	gap := canvas.NewRectangle(color.Transparent)
	gap.SetMinSize(fyne.NewSize(0, theme.Padding()))
	s.work = container.NewVBox(s.status, container.NewStack(s.bar, s.spin), gap)
	s.work.Hide()

	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(formWidth, 0))
	s.body = container.NewStack(form)
	content := container.NewVBox(width, s.body, s.errMsg, s.work)

	s.cancelBtn = newButton("Cancel", theme.CancelIcon(), s.cancelOrClose, s.cancelOrClose)
	s.primary = newButton(primaryText, theme.ConfirmIcon(), submit, s.cancelOrClose)
	s.primary.Importance = widget.HighImportance

	s.dlg = dialog.NewCustomWithoutButtons(title, content, parent)
	s.dlg.SetButtons([]fyne.CanvasObject{s.cancelBtn, s.primary})
	s.dlg.SetOnClosed(s.onClosed)

	s.keys = dialogkit.Hold(parent, s.cancelOrClose)
	// Enter with nothing focused is the dialog's default action, as the
	// highlighted button says: Export or Import, and Close once done.
	s.keys.OnEnter = func() {
		if !s.primary.Disabled() && s.primary.OnTapped != nil {
			s.primary.OnTapped()
		}
	}
	return s
}

func (s *shell) show() { s.dlg.Show() }

// setError shows msg on the error line ("" clears it) and lays the dialog
// out again, since a long message wraps to more lines.
func (s *shell) setError(msg string) {
	s.setMessage(msg, widget.DangerImportance)
}

// setNotice shows msg where errors go, but not as an error: a cancel is
// the user's own choice.
func (s *shell) setNotice(msg string) {
	s.setMessage(msg, widget.WarningImportance)
}

func (s *shell) setMessage(msg string, importance widget.Importance) {
	if s.errMsg.Text == msg && s.errMsg.Importance == importance {
		return
	}
	s.errMsg.Importance = importance
	s.errMsg.SetText(msg)
	s.dlg.Refresh()
}

// start runs work on a goroutine of its own. determinate chooses the
// progress bar: a count of a known total, or an animation for a run that
// cannot know its total. finish gets the outcome on the UI goroutine.
func (s *shell) start(determinate bool, work func(ctx context.Context, p *progressPump) error, finish func(err error, cancelled bool)) {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.running = true
	s.runID++
	id := s.runID
	s.setEnabled(false)
	s.primary.Disable()
	s.setError("")
	s.status.SetText("Starting…")
	s.bar.SetValue(0)
	if determinate {
		s.spin.Hide()
		s.bar.Show()
	} else {
		s.bar.Hide()
		s.spin.Show()
		s.spin.Start()
	}
	s.work.Show()
	// The (empty) error line would only put a gap above the progress.
	s.errMsg.Hide()
	s.dlg.Refresh()
	// Focus Cancel, so that Escape or Space stops the run, and no entry
	// shows a cursor it does not take input at.
	s.parent.Canvas().Focus(s.cancelBtn)

	pump := &progressPump{apply: func(done, total int) {
		if s.running && s.runID == id {
			s.showProgress(done, total)
		}
		s.progressShown.Store(int64(done))
	}}
	s.busy.Add(1)
	go func() {
		err := work(ctx, pump)
		cancelled := (ctx.Err() != nil && err != nil) || errors.Is(err, context.Canceled)
		cancel()
		fyne.Do(func() {
			defer s.busy.Add(-1)
			s.running = false
			s.cancel = nil
			s.spin.Stop()
			s.work.Hide()
			s.cancelBtn.Enable()
			finish(err, cancelled)
			s.dlg.Refresh()
		})
	}()
}

// showProgress draws a progress update; total 0 means unknown.
func (s *shell) showProgress(done, total int) {
	if total > 0 {
		s.bar.Max = float64(total)
		s.bar.SetValue(float64(min(done, total)))
		s.status.SetText(plural(done, s.countUnit()) + " of " + strconv.Itoa(total))
		return
	}
	s.status.SetText(plural(done, s.countUnit()) + " read")
}

func (s *shell) countUnit() string {
	if s.unit == "" {
		return "record"
	}
	return s.unit
}

// fileChooser is a file-open dialog over the shell's window that hands
// the chosen file's path to picked, and says on the error line when the file cannot
// be opened; cancelling it does nothing.
func (s *shell) fileChooser(picked func(path string)) *dialog.FileDialog {
	return dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.setError(errorText("Cannot open the file: ", err))
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		picked(path)
	}, s.parent)
}

// failed puts the form back for another try after an error or a cancel.
func (s *shell) failed(msg string, isError bool) {
	s.setEnabled(true)
	s.primary.Enable()
	s.errMsg.Show()
	if isError {
		s.setError(msg)
		return
	}
	s.setNotice(msg)
}

// succeeded replaces the form by summary and the buttons by Close.
func (s *shell) succeeded(summary fyne.CanvasObject) {
	s.body.Objects = []fyne.CanvasObject{summary}
	s.body.Refresh()
	s.errMsg.Hide()
	closeBtn := newButton("Close", theme.ConfirmIcon(), s.cancelOrClose, s.cancelOrClose)
	closeBtn.Importance = widget.HighImportance
	s.dlg.SetButtons([]fyne.CanvasObject{closeBtn})
	s.primary = closeBtn // Enter's default action now
	s.parent.Canvas().Focus(closeBtn)
}

// cancelOrClose is Cancel, Close and Escape: during a run it cancels the
// run (the dialog stays to say how it ended), otherwise it closes.
func (s *shell) cancelOrClose() {
	if s.closed {
		return
	}
	if s.running {
		if s.cancel != nil {
			s.status.SetText("Cancelling…")
			s.cancelBtn.Disable()
			// Last: the run may end at once, and what it then shows must
			// not be overwritten by the lines above.
			s.cancel()
		}
		return
	}
	s.dlg.Hide()
}

// onClosed runs once the dialog is hidden, by whatever route.
func (s *shell) onClosed() {
	if s.closed {
		return
	}
	s.closed = true
	s.keys.Release()
}

// errorText is how a failed run is reported in the dialog.
func errorText(prefix string, err error) string {
	return prefix + model.ErrorMessage(err)
}

// progressPump carries progress from the worker to the UI. The worker may
// report every record; the pump keeps only the latest count and has at most
// one fyne.Do pending, so a fast worker never floods the UI goroutine.
type progressPump struct {
	mu          sync.Mutex
	done, total int
	queued      bool
	apply       func(done, total int) // on the UI goroutine
}

func (p *progressPump) update(done, total int) {
	p.mu.Lock()
	p.done, p.total = done, total
	queued := p.queued
	p.queued = true
	p.mu.Unlock()
	if queued {
		return
	}
	fyne.Do(func() {
		p.mu.Lock()
		done, total := p.done, p.total
		p.queued = false
		p.mu.Unlock()
		p.apply(done, total)
	})
}
