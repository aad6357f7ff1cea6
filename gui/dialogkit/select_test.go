package dialogkit_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/gui/dialogkit/dialogkittest"
)

// ui stands for the UI goroutine: the select's retries and the test take
// it in turn, as the desktop driver's one main goroutine would.
var ui sync.Mutex

func onUI(f func()) {
	ui.Lock()
	defer ui.Unlock()
	f()
}

// eventually polls cond, as the UI goroutine, for up to two seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		var ok bool
		onUI(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// panics runs f and returns what it panicked with, nil if it did not.
func panics(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// openMenu is the select's open list: a pop-up menu takes the focus when
// it opens (its overlay is an internal container, not the menu).
func openMenu(c fyne.Canvas) *widget.PopUpMenu {
	if c.Overlays().Top() == nil {
		return nil
	}
	m, _ := c.Focused().(*widget.PopUpMenu)
	return m
}

// TestFyneSelectDiesWhenTheCanvasIsForgotten is the bug Select works
// around, reproduced with the forgetful driver: Fyne 2.7.1's own Select,
// tapped while the driver knows no canvas for it, panics with a nil
// pointer. Should a Fyne release fix it, this test fails, and Select's
// waiting can go.
func TestFyneSelectDiesWhenTheCanvasIsForgotten(t *testing.T) {
	fa := dialogkittest.Install(t, test.NewTempApp(t))
	sel := widget.NewSelect([]string{"Every label", "ACTOR"}, nil)
	w := test.NewTempWindow(t, container.NewVBox(sel))
	w.Resize(fyne.NewSize(300, 200))
	fa.Forgetful().Forget()
	p := panics(func() { onUI(func() { sel.Tapped(&fyne.PointEvent{}) }) })
	if p == nil {
		t.Fatal("Fyne's Select opened its list on a forgotten canvas: the upstream bug may be fixed")
	}
	if msg := fmt.Sprint(p); msg != "runtime error: invalid memory address or nil pointer dereference" {
		t.Fatalf("panicked with %q, want the nil pointer of issue #5965", msg)
	}
}

// TestSelectWaitsForTheCanvas: with the canvas forgotten, a tap, Space and
// Down neither panic nor get lost: the list opens once a frame has made
// the canvas known, and choosing from it works as ever. Escape reports.
func TestSelectWaitsForTheCanvas(t *testing.T) {
	fa := dialogkittest.Install(t, test.NewTempApp(t))
	var chosen []string
	escapes := 0
	sel := dialogkit.NewSelect([]string{"Every label", "ACTOR", "PLACE"}, func(s string) { chosen = append(chosen, s) },
		func() { escapes++ })
	sel.Do = onUI
	w := test.NewTempWindow(t, container.NewVBox(sel))
	w.Resize(fyne.NewSize(300, 300))
	c := w.Canvas()

	opens := []struct {
		name string
		open func()
	}{
		{"tap", func() { sel.Tapped(&fyne.PointEvent{}) }},
		{"Space", func() { sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) }},
		{"Down", func() { sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) }},
	}
	for i, o := range opens {
		before := fa.Forgetful().Repaints()
		fa.Forgetful().Forget()
		if p := panics(func() { onUI(o.open) }); p != nil {
			t.Fatalf("%s on a forgotten canvas panicked: %v", o.name, p)
		}
		eventually(t, o.name+" to open the list", func() bool { return openMenu(c) != nil })
		if fa.Forgetful().Repaints() == before {
			t.Fatalf("%s: the list opened without a repaint, on a canvas the driver did not know", o.name)
		}
		// Down to the i-th option and Enter, as a person would.
		onUI(func() {
			m := openMenu(c)
			for range i + 1 {
				m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
			}
			m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		})
		eventually(t, o.name+" to close the list", func() bool { return openMenu(c) == nil })
	}
	if want := []string{"Every label", "ACTOR", "PLACE"}; fmt.Sprint(chosen) != fmt.Sprint(want) {
		t.Fatalf("chosen %v, want %v", chosen, want)
	}

	// Known to the driver, the select opens at once, as Fyne's does.
	onUI(func() { sel.Tapped(&fyne.PointEvent{}) })
	if openMenu(c) == nil {
		t.Fatal("a tap on a known canvas did not open the list at once")
	}
	onUI(func() { openMenu(c).TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })

	onUI(func() { sel.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	if escapes != 1 {
		t.Fatalf("Escape reported %d times, want 1", escapes)
	}
}

// An entry's right-click menu has the same bug as the select's list: Fyne's
// Entry panics on a forgotten canvas; dialogkit.Entry opens its menu once a
// frame has made the canvas known.
func TestEntryMenuWaitsForTheCanvas(t *testing.T) {
	fa := dialogkittest.Install(t, test.NewTempApp(t))
	plain := widget.NewEntry()
	e := dialogkit.NewEntry(nil)
	e.Do = onUI
	w := test.NewTempWindow(t, container.NewVBox(plain, e))
	w.Resize(fyne.NewSize(300, 200))
	c := w.Canvas()

	fa.Forgetful().Forget()
	if p := panics(func() { onUI(func() { plain.TappedSecondary(&fyne.PointEvent{}) }) }); fmt.Sprint(p) != "runtime error: invalid memory address or nil pointer dereference" {
		t.Fatalf("Fyne's Entry, right-clicked on a forgotten canvas, panicked with %v: the upstream bug may be fixed", p)
	}
	fa.Forgetful().Forget()
	if p := panics(func() { onUI(func() { e.TappedSecondary(&fyne.PointEvent{}) }) }); p != nil {
		t.Fatalf("a right-click on a forgotten canvas panicked: %v", p)
	}
	eventually(t, "the entry's menu to open", func() bool { return openMenu(c) != nil })
	onUI(func() { openMenu(c).TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	eventually(t, "the menu to close", func() bool { return openMenu(c) == nil })
}
