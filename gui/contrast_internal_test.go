package gui

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestInformationTextContrast measures, on the rendered window, the
// contrast of text that carries information but is drawn quieter than the
// document: a list row's status line, the status bar, the search box's
// placeholder. WCAG asks 4.5:1 of such text; Fyne's low-importance colour
// gave 1.3:1 (light) and 1.55:1 (dark).
func TestInformationTextContrast(t *testing.T) {
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		name := map[fyne.ThemeVariant]string{theme.VariantLight: "light", theme.VariantDark: "dark"}[variant]
		t.Run(name, func(t *testing.T) {
			p := newTestProject(t)
			ws := openWorkspace(t, p)
			v := variant
			var shot image.Image
			asUI(ws, func() {
				fyne.CurrentApp().Settings().SetTheme(appTheme{variant: &v, scale: 1})
				ws.search.SetText("") // the placeholder shows
				shot = ws.win.Canvas().Capture()
			})
			var row, path *widget.Label
			walkObjects(ws.win.Content(), func(o fyne.CanvasObject) {
				switch o := o.(type) {
				case *docRow:
					if row == nil && o.detail.Text != "" {
						row = o.detail
					}
				case *widget.Label:
					if o.Text == p.Path() {
						path = o
					}
				}
			})
			if row == nil || path == nil {
				t.Fatal("the list row's status line or the project path is not on screen")
			}
			for _, c := range []struct {
				what string
				obj  fyne.CanvasObject
			}{
				{"list row status line", row},
				{"saved indicator", ws.saved},
				{"project path", path},
				{"search placeholder", ws.search},
			} {
				got := renderedContrast(shot, ws.win.Canvas(), c.obj)
				t.Logf("%s: %.2f:1", c.what, got)
				if got < 4.5 {
					t.Errorf("%s has a contrast of %.2f:1, want at least 4.5:1", c.what, got)
				}
			}
			// Every text in the status bar: who, where, how many, the
			// finished count (white on the progress bar's light blue was
			// 2.2:1), the notice, the path and whether work is saved.
			var bar []*canvas.Text
			asUI(ws, func() {
				ws.say("Labeled 2 occurrences of “Łódź” as PLACE.")
				ws.win.Content().Refresh()
				shot = ws.win.Canvas().Capture()
				d := fyne.CurrentApp().Driver()
				top := d.AbsolutePositionForObject(ws.saved).Y
				walkObjects(ws.win.Content(), func(o fyne.CanvasObject) {
					if tx, ok := o.(*canvas.Text); ok && tx.Visible() && strings.TrimSpace(tx.Text) != "" &&
						d.AbsolutePositionForObject(tx).Y >= top-1 {
						bar = append(bar, tx)
					}
				})
			})
			saveScreenshot(t, shot, "status-bar-"+name+".png")
			var shown []string
			for _, tx := range bar {
				shown = append(shown, tx.Text)
				got := renderedContrast(shot, ws.win.Canvas(), tx)
				t.Logf("status bar %q: %.2f:1", tx.Text, got)
				if got < 4.5 {
					t.Errorf("status bar text %q has a contrast of %.2f:1, want at least 4.5:1", tx.Text, got)
				}
			}
			for _, want := range []string{"anna", "finished", "Labeled 2 occurrences", "All changes saved"} {
				if !strings.Contains(strings.Join(shown, "|"), want) {
					t.Errorf("the status bar shows %q, nothing with %q", shown, want)
				}
			}
		})
	}
}

// walkObjects calls fn on o and everything drawn inside it.
func walkObjects(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch o := o.(type) {
	case *fyne.Container:
		for _, child := range o.Objects {
			walkObjects(child, fn)
		}
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(o).Objects() {
			walkObjects(child, fn)
		}
	}
}

// renderedContrast is the contrast ratio, in the screenshot, between the
// area's commonest colour (its background) and the pixel that differs from
// it most (the core of a glyph: anti-aliased edges are fainter).
func renderedContrast(shot image.Image, c fyne.Canvas, o fyne.CanvasObject) float64 {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	scale := c.Scale()
	area := image.Rect(int(pos.X*scale), int(pos.Y*scale), int((pos.X+o.Size().Width)*scale), int((pos.Y+o.Size().Height)*scale)).
		Intersect(shot.Bounds())
	counts := map[color.RGBA]int{}
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			r, g, b, _ := shot.At(x, y).RGBA()
			counts[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xff}]++
		}
	}
	// The commonest colour; of equally common ones the first in the
	// area, so that the map's random order never decides.
	var bg color.RGBA
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			r, g, b, _ := shot.At(x, y).RGBA()
			if col := (color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xff}); counts[col] > counts[bg] {
				bg = col
			}
		}
	}
	best := 1.0
	for col := range counts {
		best = math.Max(best, contrastRatio(col, bg))
	}
	return best
}

// contrastRatio is WCAG 2's (L1 + 0.05) / (L2 + 0.05) of relative
// luminances.
func contrastRatio(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.RGBA) float64 {
	channel := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(c.R) + 0.7152*channel(c.G) + 0.0722*channel(c.B)
}
