// Package dialogkittest helps test widgets against what Fyne's desktop
// driver does and its test driver does not.
package dialogkittest

import (
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// App is a test app whose driver can forget which canvas the objects are
// on, as the desktop driver does: its answers come from a cache whose
// entries expire a minute after they were last read, and a canvas adds
// them again only when it repaints. The test driver always answers with
// the newest window's canvas, so a widget that trusts
// Driver().CanvasForObject passes its tests and dies in the window
// (Fyne issue #5965).
type App struct {
	fyne.App
	driver *Driver
}

// Driver is the App's driver.
type Driver struct {
	fyne.Driver

	mu        sync.Mutex
	forgotten bool // CanvasForObject answers nil
	dirty     bool // a canvas was refreshed since Forget: the next frame repaints
	repaints  int  // frames that re-learnt the canvases
}

// frame is how often the fake driver "repaints" a dirty canvas.
const frame = 5 * time.Millisecond

// Install makes a forgetful App around a (a test app) the current app until
// the test ends, and starts its frames.
func Install(t testing.TB, a fyne.App) *App {
	t.Helper()
	fa := &App{App: a, driver: &Driver{Driver: a.Driver()}}
	fyne.SetCurrentApp(fa)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(frame)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				fa.driver.paint()
			}
		}
	}()
	t.Cleanup(func() {
		close(stop)
		<-done
		fyne.SetCurrentApp(a)
	})
	return fa
}

// Driver is part of fyne.App.
func (a *App) Driver() fyne.Driver { return a.driver }

// Forgetful is the app's driver, for the test to make it forget.
func (a *App) Forgetful() *Driver { return a.driver }

// Forget drops every object's canvas, as the desktop driver's cache
// clean-up does to objects nobody read for a minute.
func (d *Driver) Forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.forgotten, d.dirty = true, false
}

// Forgotten reports whether CanvasForObject answers nil.
func (d *Driver) Forgotten() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.forgotten
}

// Repaints counts the frames that re-learnt the canvases after a Forget.
func (d *Driver) Repaints() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.repaints
}

// paint is one frame: a canvas refreshed since Forget re-learns its
// objects, as the desktop canvas does when it walks them to repaint.
func (d *Driver) paint() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.forgotten && d.dirty {
		d.forgotten, d.dirty = false, false
		d.repaints++
	}
}

// CanvasForObject is part of fyne.Driver: nil while forgotten.
func (d *Driver) CanvasForObject(o fyne.CanvasObject) fyne.Canvas {
	d.mu.Lock()
	forgotten := d.forgotten
	d.mu.Unlock()
	if forgotten {
		return nil
	}
	return d.Driver.CanvasForObject(o)
}

// AbsolutePositionForObject is part of fyne.Driver: the origin while
// forgotten, as the desktop driver answers.
func (d *Driver) AbsolutePositionForObject(o fyne.CanvasObject) fyne.Position {
	if d.Forgotten() {
		return fyne.Position{}
	}
	return d.Driver.AbsolutePositionForObject(o)
}

// AllWindows is part of fyne.Driver. Its windows' canvases tell the driver
// when they are refreshed, which is what makes a real canvas repaint.
func (d *Driver) AllWindows() []fyne.Window {
	ws := d.Driver.AllWindows()
	out := make([]fyne.Window, len(ws))
	for i, w := range ws {
		out[i] = &window{Window: w, d: d}
	}
	return out
}

type window struct {
	fyne.Window
	d *Driver
}

func (w *window) Canvas() fyne.Canvas { return &canvas{Canvas: w.Window.Canvas(), d: w.d} }

type canvas struct {
	fyne.Canvas
	d *Driver
}

func (c *canvas) Refresh(o fyne.CanvasObject) {
	c.Canvas.Refresh(o)
	c.d.mu.Lock()
	c.d.dirty = true
	c.d.mu.Unlock()
}
