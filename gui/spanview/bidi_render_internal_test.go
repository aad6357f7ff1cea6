package spanview

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// These tests look for the glyphs in the rendered picture, independently of
// the layout the view computes: each word is drawn alone with Fyne, and the
// place where that picture of it appears in the view's picture is where it
// is drawn. Highlights and double-clicks are then checked against those
// places.

// rtlDoc is news text in Arabic with and without Latin words and digits,
// and English with an Arabic phrase, one paragraph a line at 900 px.
const rtlDoc = "قالت مصادر محلية إن طائرات حربية قصفت مدينة إدلب يوم الثلاثاء.\n" +
	"وقالت وكالة Reuters إن 12 مدنيا قتلوا في الغارات.\n" +
	"The strike on إدلب الشمالية was reported by SANA.\n" +
	"Another raid on سراقب الشرقية was confirmed."

// lum is the darkest channel of a pixel: white text is high in all three,
// the grey background and the label colours over it are low in one.
func lum(c color.Color) uint32 {
	r, g, b, _ := c.RGBA()
	return min(r, g, b) >> 8
}

// bright reports a pixel of the test theme's white text: the cores of the
// glyphs, on the grey background or on a highlight.
func bright(c color.Color) bool { return lum(c) > 0xb0 }

// glyphs renders s alone in the view's font and returns the picture.
func glyphs(t *testing.T, s string, size float32) image.Image {
	t.Helper()
	txt := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
	txt.TextSize = size
	txt.Move(fyne.NewPos(10, 5))
	ms := fyne.MeasureText(s, size, fyne.TextStyle{})
	txt.Resize(ms)
	w := test.NewTempWindow(t, container.NewWithoutLayout(txt))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(ms.Width+20, ms.Height+10))
	return w.Canvas().Capture()
}

// inkCols is the first and last column holding bright pixels, -1 for none.
func inkCols(img image.Image) (int, int) {
	b := img.Bounds()
	lo, hi := -1, -1
	for x := b.Min.X; x < b.Max.X; x++ {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if bright(img.At(x, y)) {
				if lo < 0 {
					lo = x
				}
				hi = x
				break
			}
		}
	}
	return lo, hi
}

// gray is a picture as the glyph search reads it: the darkest channel of
// each pixel from 0 to 1, indexed [y][x] from the image's origin, blurred
// over 3x3 pixels twice. The glyphs of a word are placed at fractional x,
// so inside a line each may sit up to a pixel off from where it sits in the
// word drawn alone, and antialiased differently; blurred, both look alike.
type gray [][]float64

func newGray(img image.Image) gray {
	b := img.Bounds()
	g := make(gray, b.Dy())
	for y := range g {
		g[y] = make([]float64, b.Dx())
		for x := range g[y] {
			g[y][x] = float64(lum(img.At(b.Min.X+x, b.Min.Y+y))) / 255
		}
	}
	return g.blur().blur()
}

func (g gray) blur() gray {
	out := make(gray, len(g))
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
	return out
}

// findGlyphs finds where the picture of s drawn alone appears in a view's
// picture on the line whose text rows start at y0 and returns the columns
// its ink spans there. The template's text box is 5 px from its top, so it
// lines up about 5 px above y0; 8 px either way are searched, since Fyne
// centres the glyphs of a text vertically in its box and the boxes differ
// in height. The match is the normalised correlation of the blurred
// pictures over the template's ink and 3 px around it; under 0.8, the word
// is not drawn as such on that line.
func findGlyphs(t *testing.T, img gray, s string, size float32, y0 int) (int, int) {
	t.Helper()
	pic := glyphs(t, s, size)
	tx0, tx1 := inkCols(pic)
	if tx0 < 0 {
		t.Fatalf("%q draws nothing alone", s)
	}
	tg := newGray(pic)
	ty0, ty1 := len(tg), 0
	for y := range tg {
		for x := range tg[y] {
			if bright(pic.At(pic.Bounds().Min.X+x, pic.Bounds().Min.Y+y)) {
				ty0, ty1 = min(ty0, y), max(ty1, y)
			}
		}
	}
	// The template: its ink's box and 3 px around, centred on its mean.
	x0, x1 := max(tx0-3, 0), min(tx1+3, len(tg[0])-1)
	y0t, y1t := max(ty0-3, 0), min(ty1+3, len(tg)-1)
	var tv []float64
	mean := 0.0
	for y := y0t; y <= y1t; y++ {
		for x := x0; x <= x1; x++ {
			tv = append(tv, tg[y][x])
			mean += tg[y][x]
		}
	}
	mean /= float64(len(tv))
	tn := 0.0
	for i := range tv {
		tv[i] -= mean
		tn += tv[i] * tv[i]
	}
	w, h := x1-x0+1, y1t-y0t+1
	best, bx := -1.0, 0
	for dy := y0 - 13; dy <= y0+3; dy++ {
		if dy+y0t < 0 || dy+y1t >= len(img) {
			continue
		}
		for dx := -x0; dx+x1 < len(img[0]); dx++ {
			m := 0.0
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					m += img[dy+y0t+y][dx+x0+x]
				}
			}
			m /= float64(w * h)
			dot, in := 0.0, 0.0
			for y := 0; y < h; y++ {
				row := img[dy+y0t+y]
				for x := 0; x < w; x++ {
					d := row[dx+x0+x] - m
					dot += d * tv[y*w+x]
					in += d * d
				}
			}
			if in == 0 {
				continue
			}
			if score := dot / math.Sqrt(in*tn); score > best {
				best, bx = score, dx
			}
		}
	}
	if best < 0.8 {
		t.Fatalf("%q is not drawn on the line at row %d (best match %.2f)", s, y0, best)
	}
	return tx0 + bx, tx1 + bx
}

// highlightRuns lists the runs of columns, between rows y0 and y1, holding
// pixels of label colour c drawn as a span background over the theme's.
func highlightRuns(img image.Image, c color.NRGBA, y0, y1 int) [][2]int {
	bg := color.NRGBAModel.Convert(theme.Color(theme.ColorNameBackground)).(color.NRGBA)
	mix := func(a, b uint8) int { return (int(a)*0x60 + int(b)*(0xff-0x60)) / 0xff }
	want := [3]int{mix(c.R, bg.R), mix(c.G, bg.G), mix(c.B, bg.B)}
	near := func(col color.Color) bool {
		n := color.NRGBAModel.Convert(col).(color.NRGBA)
		got := [3]int{int(n.R), int(n.G), int(n.B)}
		for k := range got {
			if got[k]-want[k] > 6 || want[k]-got[k] > 6 {
				return false
			}
		}
		return true
	}
	var runs [][2]int
	b := img.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		in := false
		for y := y0; y < y1 && !in; y++ {
			in = near(img.At(x, y))
		}
		switch {
		case !in:
		case len(runs) > 0 && runs[len(runs)-1][1] >= x-2:
			// A glyph covering a column whole is no gap in the highlight.
			runs[len(runs)-1][1] = x
		default:
			runs = append(runs, [2]int{x, x})
		}
	}
	return runs
}

// chipRuns lists the runs of columns, between rows y0 and y1, where at
// least 4 pixels are colour c itself: a tag's chip, whose letters leave
// rows of its colour above and below them (antialiased glyphs on a
// highlight come near c in a pixel or two, never in four of a column).
func chipRuns(img image.Image, c color.NRGBA, y0, y1 int) [][2]int {
	var runs [][2]int
	b := img.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		n := 0
		for y := y0; y < y1; y++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			d := func(a, b uint8) bool { return a-b < 0x10 || b-a < 0x10 }
			if d(p.R, c.R) && d(p.G, c.G) && d(p.B, c.B) {
				n++
			}
		}
		switch {
		case n < 4:
		case len(runs) > 0 && runs[len(runs)-1][1] >= x-1:
			runs[len(runs)-1][1] = x
		default:
			runs = append(runs, [2]int{x, x})
		}
	}
	return runs
}

// saveShot keeps a picture for a person to look at when
// INKSPAN_SCREENSHOTS is set.
func saveShot(t *testing.T, img image.Image, name string) {
	dir := os.Getenv("INKSPAN_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// origin is where the area's content origin is in the window's picture:
// the window pads its content, and the area scrolls inside the view.
// (The test driver's AbsolutePositionForObject answers in the coordinates
// of its simulated interactive area, and for the last window opened.)
func origin(v *SpanView) fyne.Position {
	return v.Position().Add(v.scroll.Position()).Add(v.area.Position())
}

// textBand is the rows of the picture where line i's text is drawn.
func textBand(v *SpanView, i int) (int, int) {
	top := origin(v).Y + v.met.padTop + v.lines[i].Y
	return int(top), int(top + v.met.textH)
}

// TestRTLHighlightsOverGlyphs labels words in Arabic, in Arabic with Latin
// words and digits, and in English with Arabic inside, renders the view and
// checks that each highlight covers the glyphs of its own words and does
// not reach the words beside them; a span crossing a change of direction is
// two highlights, one over each part.
func TestRTLHighlightsOverGlyphs(t *testing.T) {
	type part struct {
		span  string   // the span's text: its first occurrence in rtlDoc
		n     int      // which occurrence
		label string   // its label
		drawn []string // the pieces of it drawn apart, left to right
	}
	parts := []part{
		{"إدلب", 0, "LOC", []string{"إدلب"}},
		{"مصادر محلية", 0, "ORG", []string{"مصادر محلية"}},
		{"Reuters", 0, "ORG", []string{"Reuters"}},
		{"مدنيا", 0, "PER", []string{"مدنيا"}},
		{"الشمالية", 0, "LOC", []string{"الشمالية"}},
		// The second Arabic word is drawn at the left end of the phrase,
		// "was" after its right end: two highlights.
		// The space before "was" is left to right like it, so it is drawn
		// after the phrase and highlighted with "was".
		{"الشرقية was", 0, "PER", []string{"الشرقية", " was"}},
	}
	var spans []Span
	for _, p := range parts {
		s := cpOf(rtlDoc, p.span, p.n)
		spans = append(spans, Span{ID: p.span, Start: s, End: s + len([]rune(p.span)), Label: p.label})
	}
	v, w := newView(t, rtlDoc, spans, fyne.NewSize(900, 400))
	if len(v.lines) != 4 {
		t.Fatalf("%d lines, want one per paragraph", len(v.lines))
	}
	img := w.Canvas().Capture()
	saveShot(t, img, "spanview-rtl-highlights.png")
	sh := newGray(img)

	for _, p := range parts {
		i := LineOf(v.lines, cpOf(rtlDoc, p.span, p.n))
		y0, y1 := textBand(v, i)
		c := v.labelColor(p.label)
		runs := highlightRuns(img, c, y0, y1)
		if len(runs) != len(p.drawn) {
			t.Errorf("%s %q: %d highlights %v on line %d, want %d", p.label, p.span, len(runs), runs, i, len(p.drawn))
			continue
		}
		// The tag is a chip of the label's colour inside the highlight,
		// right after the span's last character: at the right end of the
		// part holding it when that part runs left to right, at its left
		// end when it runs right to left.
		tags := chipRuns(img, c, y0, y1)
		if len(tags) != 1 {
			t.Errorf("%s %q: tag drawn over columns %v", p.label, p.span, tags)
			continue
		}
		tg := tags[0]
		last := []rune(p.span)[len([]rune(p.span))-1]
		k := slices.IndexFunc(p.drawn, func(d string) bool { return strings.HasSuffix(strings.TrimSpace(p.span), strings.TrimSpace(d)) })
		if k < 0 {
			t.Fatalf("%s %q: no drawn part ends the span", p.label, p.span)
		}
		h := &runs[k]
		tagPart := k
		if HasRTL(string(last)) {
			if tg[0] < h[0] || tg[0] > h[0]+3 {
				t.Errorf("%s %q: tag over columns %d-%d, want it at the left end of the last part %d-%d", p.label, p.span, tg[0], tg[1], h[0], h[1])
			}
			h[0] = tg[1] + 1 + chipGap // the glyphs start after the tag and the room beside it
		} else {
			if tg[1] > h[1] || tg[1] < h[1]-3 {
				t.Errorf("%s %q: tag over columns %d-%d, want it at the right end of the last part %d-%d", p.label, p.span, tg[0], tg[1], h[0], h[1])
			}
			h[1] = tg[0] - 1 - chipGap
		}
		for k, word := range p.drawn {
			gx0, gx1 := findGlyphs(t, sh, strings.TrimSpace(word), v.met.textSize, y0)
			h := runs[k]
			// The highlight runs from the boundary before the word to the
			// one after it: it covers the glyphs (antialiasing may put a
			// pixel of ink either side of a boundary at a fractional x) and
			// reaches past them by their side bearings, a pixel or two,
			// and by the spaces the part holds, but not into the words
			// beside it, a space (4 px) away. A word drawn as a piece of its
			// own (its tag cuts it from the words after it) may overhang its
			// advance by the side bearing of its first letter: the hamza of
			// "إ" reaches 2 px past it.
			space := fyne.MeasureText(" ", v.met.textSize, fyne.TextStyle{}).Width
			lead := float32(len(word)-len(strings.TrimLeft(word, " "))) * space
			trail := float32(len(word)-len(strings.TrimRight(word, " "))) * space
			t.Logf("%s %q: highlight %d-%d, glyphs of %q %d-%d", p.label, p.span, h[0], h[1], word, gx0, gx1)
			// On the tag's side the part ends at the tag, checked above; the
			// letter beside it may keep its side bearing of a few pixels.
			if k == tagPart {
				lead, trail = lead+2, trail+2
			}
			if h[0] > gx0+2 || h[1] < gx1-2 || float32(gx0-h[0]) > 3+lead || float32(h[1]-gx1) > 3+trail {
				t.Errorf("%s %q: highlight over columns %d-%d, the glyphs of %q are drawn at %d-%d",
					p.label, p.span, h[0], h[1], word, gx0, gx1)
			}
		}
	}
}

// TestRTLDoubleTapSelectsWordUnderPointer double-clicks the middle of
// where each word's glyphs are drawn and checks that the word is selected.
func TestRTLDoubleTapSelectsWordUnderPointer(t *testing.T) {
	v, w := newView(t, rtlDoc, nil, fyne.NewSize(900, 400))
	img := w.Canvas().Capture()
	saveShot(t, img, "spanview-rtl.png")
	sh := newGray(img)
	for _, tc := range []struct {
		word string
		n    int
	}{
		{"قالت", 0}, {"محلية", 0}, {"إدلب", 0}, {"الثلاثاء", 0},
		{"Reuters", 0}, {"12", 0}, {"مدنيا", 0}, {"الغارات", 0},
		{"إدلب", 1}, {"الشمالية", 0}, {"was", 0}, {"SANA", 0},
	} {
		c := cpOf(rtlDoc, tc.word, tc.n)
		y0, y1 := textBand(v, LineOf(v.lines, c))
		gx0, gx1 := findGlyphs(t, sh, tc.word, v.met.textSize, y0)
		at := fyne.NewPos(float32(gx0+gx1)/2, float32(y0+y1)/2).Subtract(origin(v))
		v.area.DoubleTapped(&fyne.PointEvent{Position: at})
		if got := selected(v); got != tc.word {
			t.Errorf("double-click on %q drawn at %d-%d selected %q", tc.word, gx0, gx1, got)
		}
	}
}

// TestRTLTapBesideLine taps beside a line of an Arabic paragraph: right of
// it is before its first word (its start), left of it after its last (its
// end), and either way the caret stays on that line, drawn at that side.
func TestRTLTapBesideLine(t *testing.T) {
	v, _ := newView(t, rtlDoc, nil, fyne.NewSize(900, 400))
	v.FocusGained()
	i := 1 // "وقالت وكالة Reuters إن 12 مدنيا قتلوا في الغارات."
	ps := v.linePieces(i)
	left, right := ps[0].X, ps[len(ps)-1].X+ps[len(ps)-1].W
	y := v.met.padTop + v.lines[i].Y + v.met.textH/2
	for _, tc := range []struct {
		name  string
		x     float32
		token string
		after bool
	}{
		{"Right", v.met.padX + right + 6, "وقالت", false},
		{"Left", v.met.padX + left - 6, ".", true},
	} {
		v.tapped(fyne.NewPos(tc.x, y))
		if got := v.caretLine(); got != i {
			t.Errorf("tap %s of the line: caret on line %d, want %d", tc.name, got, i)
		}
		tok := v.tokens[v.cursor]
		if tc.after {
			tok = v.tokens[v.cursor-1]
		}
		if tok.Text != tc.token || v.after != tc.after {
			t.Errorf("tap %s of the line: caret at %q (after=%v), want %q (after=%v)", tc.name, tok.Text, v.after, tc.token, tc.after)
		}
		// The caret is drawn at that side of the line.
		x := v.area.r.caret.Position().X - v.met.padX
		if tc.after && (x < left-3 || x > left+3) || !tc.after && (x < right-3 || x > right+3) {
			t.Errorf("tap %s of the line: caret drawn at %v, the line is drawn from %v to %v", tc.name, x, left, right)
		}
	}
}

// TestRTLArrowsFollowTheText: in an Arabic paragraph Left goes on to the
// next word, as the text runs leftwards, and Right back; Alt+Left grows a
// focused span's end there. In the English paragraph the keys are as ever.
func TestRTLArrowsFollowTheText(t *testing.T) {
	s := cpOf(rtlDoc, "مصادر", 0)
	v, _ := newView(t, rtlDoc, []Span{{ID: "org", Start: s, End: s + 5, Label: "ORG"}}, fyne.NewSize(900, 400))
	typeKey(v, fyne.KeyLeft, 0)
	if got := caretToken(v); got != "|مصادر" {
		t.Fatalf("Left from the start of the Arabic paragraph: caret %s, want |مصادر", got)
	}
	typeKey(v, fyne.KeyLeft, fyne.KeyModifierShift)
	if got := selected(v); got != "مصادر" {
		t.Fatalf("Shift+Left selected %q, want مصادر", got)
	}
	typeKey(v, fyne.KeyRight, 0)
	typeKey(v, fyne.KeyRight, 0)
	if got := caretToken(v); got != "|قالت" {
		t.Fatalf("Right twice: caret %s, want |قالت", got)
	}

	var bounds [2]int
	v.OnBoundsChange = func(_ string, a, b int) { bounds = [2]int{a, b} }
	v.FocusSpan("org")
	typeKey(v, fyne.KeyLeft, fyne.KeyModifierAlt)
	if got := string([]rune(rtlDoc)[bounds[0]:bounds[1]]); got != "مصادر محلية" {
		t.Fatalf("Alt+Left on the span asked for %q, want it grown to مصادر محلية", got)
	}

	v.FocusSpan("")
	v.moveTo(v.boundaryAt(cpOf(rtlDoc, "The", 0)), false, false, false)
	typeKey(v, fyne.KeyRight, 0)
	if got := caretToken(v); got != "|strike" {
		t.Fatalf("Right in the English paragraph: caret %s, want |strike", got)
	}
}
