package gui

import (
	"image"
	"image/png"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// TestDocumentDensity opens the seed article, with a span on every
// capitalised word and every number, in a window of the default size and
// counts the lines of text in the rendered document pane, in both themes.
// The view used to keep a band for tags above every line, a line pitch of
// about three times the font size: 13 lines in this pane. Tags now sit
// inside the line, and the pane must show at least half as many lines again.
func TestDocumentDensity(t *testing.T) {
	b, err := os.ReadFile("../testdata/idlib-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	var spans []model.Span
	for _, tk := range tokenize.Tokenize(text) {
		r := []rune(tk.Text)[0]
		switch {
		case r >= '0' && r <= '9':
			spans = append(spans, model.Span{Start: tk.Start, End: tk.End, Label: "FIGURE"})
		case r >= 'A' && r <= 'Z':
			spans = append(spans, model.Span{Start: tk.Start, End: tk.End, Label: "ACTOR"})
		}
	}
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		name := map[fyne.ThemeVariant]string{theme.VariantLight: "light", theme.VariantDark: "dark"}[variant]
		t.Run(name, func(t *testing.T) {
			p := newProject(t, model.Document{ID: "seed", ExternalID: "idlib-talks.txt", Text: text})
			p.addSpans("seed", "anna", spans...)
			ws := openWorkspace(t, p)
			v := variant
			var shot image.Image
			var area image.Rectangle
			asUI(ws, func() {
				fyne.CurrentApp().Settings().SetTheme(appTheme{variant: &v, scale: 1})
				shot = ws.win.Canvas().Capture()
				pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ws.view)
				s := ws.win.Canvas().Scale()
				area = image.Rect(int(pos.X*s), int(pos.Y*s), int((pos.X+ws.view.Size().Width)*s), int((pos.Y+ws.view.Size().Height)*s))
			})
			if got := ws.win.Canvas().Size(); got != windowSize {
				t.Fatalf("window is %v, want the default %v", got, windowSize)
			}
			fg := theme.DefaultTheme().Color(theme.ColorNameForeground, variant)
			lines := textRows(shot, area, fg)
			// The old pitch: a tag band at the caption size over the text
			// and the bars of nested spans.
			th := fyne.CurrentApp().Settings().Theme()
			oldPitch := fyne.MeasureText("Mg", th.Size(theme.SizeNameCaptionText), fyne.TextStyle{}).Height +
				fyne.MeasureText("Mg", th.Size(theme.SizeNameText), fyne.TextStyle{}).Height + 10
			old := int(float32(area.Dy()) / oldPitch)
			saveScreenshot(t, shot, "density-"+name+".png")
			t.Logf("%d lines of text in a %d px pane; %d at the old pitch of %.1f px", lines, area.Dy(), old, oldPitch)
			if float64(lines) < 1.5*float64(old) {
				t.Fatalf("%d lines on screen, want at least 1.5 × %d", lines, old)
			}
		})
	}
}

// textRows counts the lines of text drawn in area: runs of pixel rows
// holding the text's colour, separated by at least 6 rows without it. Tags' letters
// are drawn inside their line's rows and add none.
func textRows(img image.Image, area image.Rectangle, fg interface{ RGBA() (r, g, b, a uint32) }) int {
	fr, fgG, fb, _ := fg.RGBA()
	near := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		d := func(a, b uint32) bool { return a>>8-b>>8 < 0x28 || b>>8-a>>8 < 0x28 }
		return d(r, fr) && d(g, fgG) && d(b, fb)
	}
	// A line's rows may have a thin row between its capitals' tops and
	// its small letters; lines are at least 6 rows apart.
	lines, gap := 0, 6
	for y := area.Min.Y; y < area.Max.Y; y++ {
		ink := 0
		for x := area.Min.X; x < area.Max.X && ink < 3; x++ {
			if near(x, y) {
				ink++
			}
		}
		if ink < 3 {
			gap++
			continue
		}
		if gap >= 6 {
			lines++
		}
		gap = 0
	}
	return lines
}

// saveScreenshot keeps a picture for a person when INKSPAN_SCREENSHOTS is set.
func saveScreenshot(t *testing.T, img image.Image, name string) {
	dir := os.Getenv("INKSPAN_SCREENSHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(strings.TrimSuffix(dir, "/") + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
