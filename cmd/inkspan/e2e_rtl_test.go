//go:build e2e

package main

import (
	"bufio"
	"encoding/json"
	"image"
	"image/color"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// rtlNews is a short Arabic news report: an Arabic paragraph, then one with
// a Latin agency name and digits inside. ("Local sources said that warplanes
// bombed the city of Idlib in north-western Syria on Tuesday, killing three
// civilians. Reuters reported that 12 people were wounded in the raids.")
const rtlNews = "قالت مصادر محلية إن طائرات حربية قصفت مدينة إدلب في شمال غرب سوريا يوم الثلاثاء، ما أدى إلى مقتل ثلاثة مدنيين.\n" +
	"وذكرت وكالة Reuters أن 12 شخصا أصيبوا في الغارات.\n"

// TestE2ELabelArabicWordByDoubleClick imports the Arabic report, finds
// where two Arabic words are drawn in a screenshot of the real window (the
// second after a Latin word and digits), double-clicks each there, labels
// it with its key, and checks the stored spans hold those words and that
// each highlight is drawn over its word.
func TestE2ELabelArabicWordByDoubleClick(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())
	project := filepath.Join(t.TempDir(), "rtl.inkspan")
	doc := write(t, filepath.Join(t.TempDir(), "idlib-ar.txt"), rtlNews)
	if code, out, errOut := inkspan(t, "import", "--project", project, doc); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	_, win := openProjectWindow(t, bin, env, project, "e2e")
	xdo(t, env, "windowfocus", "--sync", win)

	// The templates are the words drawn alone by Fyne in the text size the
	// window uses (the default theme's: no View ▸ Larger text here).
	test.NewTempApp(t)
	size := theme.DefaultTheme().Size(theme.SizeNameText)

	for _, tc := range []struct{ word, key, label string }{
		{"إدلب", "2", "PLACE"},
		{"شخصا", "1", "ACTOR"},
	} {
		before := screenshot(t, env, "e2e-rtl-before-"+tc.label+".png")
		at := findWord(t, before, tc.word, size)
		t.Logf("%q is drawn at columns %d-%d, rows %d-%d", tc.word, at.Min.X, at.Max.X, at.Min.Y, at.Max.Y)
		x, y := (at.Min.X+at.Max.X)/2, (at.Min.Y+at.Max.Y)/2
		xdo(t, env, "mousemove", strconv.Itoa(x), strconv.Itoa(y))
		time.Sleep(100 * time.Millisecond)
		xdo(t, env, "click", "--repeat", "2", "--delay", "80", "1")
		time.Sleep(300 * time.Millisecond)
		xdo(t, env, "key", "--window", win, tc.key)

		var got string
		waitFor(t, 15*time.Second, "a "+tc.label+" span in the project", func() bool {
			got = spanText(t, project, tc.label)
			return got != ""
		})
		if got != tc.word {
			t.Fatalf("double-clicking %q where it is drawn labeled %q", tc.word, got)
		}
		time.Sleep(500 * time.Millisecond) // the highlight is drawn
		after := screenshot(t, env, "e2e-rtl-labeled-"+tc.label+".png")
		checkHighlight(t, before, after, at, tc.word, size)
	}
}

// spanText is the text of the annotator's first span with that label in
// the project, from the doccano export (offsets in code points), or "".
func spanText(t *testing.T, project, label string) string {
	t.Helper()
	_, out, _ := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "e2e")
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			Text  string  `json:"text"`
			Label [][]any `json:"label"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue
		}
		for _, l := range rec.Label {
			if len(l) == 3 && l[2] == label {
				s, e := int(l[0].(float64)), int(l[1].(float64))
				return string([]rune(rec.Text)[s:e])
			}
		}
	}
	return ""
}

// lum is a pixel's darkest channel, 0 to 1: text is far from the
// background in it whatever the theme and the label colours.
func lum(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return float64(min(r, g, b)) / 0xffff
}

// grayOf reads img's region as lum values, light text on dark (a light
// theme's picture is inverted), blurred over 3x3 pixels twice: the glyphs
// of a word sit at fractional x, so in a line each may be a pixel off from
// where it is in the word drawn alone, antialiased differently, and
// blurred both look alike.
func grayOf(img image.Image, r image.Rectangle) [][]float64 {
	g := make([][]float64, r.Dy())
	mean := 0.0
	for y := range g {
		g[y] = make([]float64, r.Dx())
		for x := range g[y] {
			g[y][x] = lum(img.At(r.Min.X+x, r.Min.Y+y))
			mean += g[y][x]
		}
	}
	if mean/float64(r.Dx()*r.Dy()) > 0.5 {
		for y := range g {
			for x := range g[y] {
				g[y][x] = 1 - g[y][x]
			}
		}
	}
	for range 2 {
		out := make([][]float64, len(g))
		for y := range g {
			out[y] = make([]float64, len(g[y]))
			for x := range g[y] {
				sum, n := 0.0, 0
				for yy := max(y-1, 0); yy <= min(y+1, len(g)-1); yy++ {
					for xx := max(x-1, 0); xx <= min(x+1, len(g[y])-1); xx++ {
						sum += g[yy][xx]
						n++
					}
				}
				out[y][x] = sum / float64(n)
			}
		}
		g = out
	}
	return g
}

// textPane is where the window of the first size draws the document.
var textPane = image.Rect(300, 40, 860, 720)

// findWord finds where word is drawn in the document pane of a screenshot: it draws the word
// alone with Fyne's test driver (white on grey), and looks for the place
// where the blurred pictures correlate best. It returns the box of the
// word's ink on the screen; a correlation under 0.8 means it is not there.
func findWord(t *testing.T, shot image.Image, word string, size float32) image.Rectangle {
	t.Helper()
	txt := canvas.NewText(word, color.White)
	txt.TextSize = size
	ms := fyne.MeasureText(word, size, fyne.TextStyle{})
	txt.Move(fyne.NewPos(10, 10))
	txt.Resize(ms)
	w := test.NewTempWindow(t, container.NewWithoutLayout(txt))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(ms.Width+20, ms.Height+20))
	pic := w.Canvas().Capture()
	pb := pic.Bounds()
	ink := image.Rectangle{Min: pb.Max, Max: pb.Min}
	for y := pb.Min.Y; y < pb.Max.Y; y++ {
		for x := pb.Min.X; x < pb.Max.X; x++ {
			if lum(pic.At(x, y)) > 0.7 {
				ink = ink.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if ink.Empty() {
		t.Fatalf("%q draws nothing alone", word)
	}
	box := ink.Inset(-3).Intersect(pb)
	tg := grayOf(pic, pb)
	var tv []float64
	mean := 0.0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			tv = append(tv, tg[y-pb.Min.Y][x-pb.Min.X])
			mean += tv[len(tv)-1]
		}
	}
	mean /= float64(len(tv))
	tn := 0.0
	for i := range tv {
		tv[i] -= mean
		tn += tv[i] * tv[i]
	}
	bw, bh := box.Dx(), box.Dy()

	// The document pane: below the menu and toolbar, between the list and
	// the span panel (which lists a labeled word too).
	region := shot.Bounds().Intersect(textPane)
	g := grayOf(shot, region)
	best, at := -1.0, image.Point{}
	for y := 0; y+bh <= len(g); y++ {
		for x := 0; x+bw <= len(g[0]); x++ {
			m := 0.0
			for yy := 0; yy < bh; yy++ {
				for _, p := range g[y+yy][x : x+bw] {
					m += p
				}
			}
			m /= float64(bw * bh)
			dot, in := 0.0, 0.0
			for yy := 0; yy < bh; yy++ {
				row := g[y+yy][x : x+bw]
				for xx, p := range row {
					d := p - m
					dot += d * tv[yy*bw+xx]
					in += d * d
				}
			}
			if in == 0 {
				continue
			}
			if s := dot / math.Sqrt(in*tn); s > best {
				best, at = s, image.Pt(x, y)
			}
		}
	}
	if best < 0.8 {
		t.Fatalf("%q is not on the screen (best correlation %.2f)", word, best)
	}
	off := region.Min.Add(at).Sub(box.Min)
	return ink.Add(off)
}

// checkHighlight finds the word again after it was labeled (its tag, drawn
// inside the line after the span's last letter, moves the words after it)
// and follows the row through the middle of its glyphs from the word's
// right end, where a right-to-left span starts: the highlight starts a few
// pixels right of the glyphs, covers them, and goes on over the tag on
// their left, ending a tag's width from them, before the next word.
func checkHighlight(t *testing.T, before, after image.Image, word image.Rectangle, text string, size float32) {
	t.Helper()
	at := findWord(t, after, text, size)
	bg := before.At(word.Min.X, word.Min.Y-8) // between lines: the background
	y := (at.Min.Y + at.Max.Y) / 2
	covered := func(x int) bool {
		for yy := y - 1; yy <= y+1; yy++ {
			if differ(after.At(x, yy), bg) {
				return true
			}
		}
		return false
	}
	// The run of columns off the background through the word, gaps of two
	// pixels (antialiasing at the highlight's rounded edge) allowed.
	run := func(from, step int) int {
		x, last := from, from
		for gap := 0; gap <= 2; x += step {
			if covered(x) {
				last, gap = x, 0
			} else {
				gap++
			}
		}
		return last
	}
	hi, lo := run(at.Max.X-1, 1), run(at.Min.X, -1)
	t.Logf("%q: glyphs at %d-%d after labeling, highlight and tag over %d-%d", text, at.Min.X, at.Max.X-1, lo, hi)
	if hi-(at.Max.X-1) > 6 {
		t.Errorf("the highlight of %q reaches %d px right of its glyphs", text, hi-(at.Max.X-1))
	}
	if tag := at.Min.X - lo; tag < 20 || tag > 90 {
		t.Errorf("the highlight of %q goes %d px left of its glyphs: want its tag there, 20-90 px", text, tag)
	}
}

func differ(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { return x > y+0x1000 || y > x+0x1000 }
	return d(ar, br) || d(ag, bg) || d(ab, bb)
}
