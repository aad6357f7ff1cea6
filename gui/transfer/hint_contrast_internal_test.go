package transfer

import (
	"image"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestChooserHintsReadable renders the import and export dialogs with
// nothing chosen, in both themes, and measures the hint under the choose
// buttons ("Nothing chosen yet…"): it says what to do next, so it must
// reach the 4.5:1 asked of text that carries information. Fyne's disabled
// grey, which it had, gave under 3:1.
func TestChooserHintsReadable(t *testing.T) {
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		a := test.NewTempApp(t)
		a.Settings().SetTheme(variantTheme{variant})
		w := test.NewTempWindow(t, nil)
		w.Resize(fyne.NewSize(900, 700))
		d := showImport(w, "ana", (&fakeImport{}).run, nil)
		if got := inkContrast(w, d.paths); got < 4.5 {
			t.Errorf("variant %v: the import hint has a contrast of %.2f:1, want 4.5:1", variant, got)
		}
	}
}

// variantTheme is Fyne's theme forced to one variant.
type variantTheme struct{ v fyne.ThemeVariant }

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, t.v)
}
func (t variantTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t variantTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (t variantTheme) Size(n fyne.ThemeSizeName) float32       { return theme.DefaultTheme().Size(n) }

// inkContrast is the WCAG contrast, in the rendered window, between the
// commonest colour of o's area (its background) and its most distant pixel
// (the core of a glyph).
func inkContrast(w fyne.Window, o fyne.CanvasObject) float64 {
	shot := w.Canvas().Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	s := w.Canvas().Scale()
	area := image.Rect(int(pos.X*s), int(pos.Y*s), int((pos.X+o.Size().Width)*s), int((pos.Y+o.Size().Height)*s)).Intersect(shot.Bounds())
	counts := map[[3]uint32]int{}
	for y := area.Min.Y; y < area.Max.Y; y++ {
		for x := area.Min.X; x < area.Max.X; x++ {
			r, g, b, _ := shot.At(x, y).RGBA()
			counts[[3]uint32{r >> 8, g >> 8, b >> 8}]++
		}
	}
	var bg [3]uint32
	for c, n := range counts {
		if n > counts[bg] {
			bg = c
		}
	}
	lum := func(c [3]uint32) float64 {
		ch := func(v uint32) float64 {
			x := float64(v) / 255
			if x <= 0.04045 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(c[0]) + 0.7152*ch(c[1]) + 0.0722*ch(c[2])
	}
	best := 1.0
	for c := range counts {
		a, b := lum(c), lum(bg)
		best = math.Max(best, (math.Max(a, b)+0.05)/(math.Min(a, b)+0.05))
	}
	return best
}
