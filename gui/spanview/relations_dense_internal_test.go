package spanview

import (
	"fmt"
	"image/color"
	"math"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// denseView shows the seed article in a window of the given size with a
// span on every capitalised word and number, each related to the next two
// spans, and a hub, the n-th span, related to the twelve spans around it:
// relations as dense as an annotator makes them.
func denseView(t *testing.T, size fyne.Size, hub int) (*SpanView, []Span) {
	t.Helper()
	text := readSeed(t)
	v, _ := newView(t, text, nil, size)
	var spans []Span
	for _, tk := range v.tokens {
		if r := []rune(tk.Text)[0]; unicode.IsUpper(r) || unicode.IsDigit(r) {
			spans = append(spans, Span{ID: fmt.Sprint("s", len(spans)), Start: tk.Start, End: tk.End, Label: testLabels[len(spans)%3].Name})
		}
	}
	v.SetSpans(spans)
	var rels []Relation
	add := func(a, b int) {
		if a >= 0 && b >= 0 && a < len(spans) && b < len(spans) && a != b {
			l := relLabels[len(rels)%3]
			rels = append(rels, Relation{ID: fmt.Sprint("r", len(rels)), From: spans[a].ID, To: spans[b].ID, Label: l.Name, Symmetric: l.Name == "SAME_AS"})
		}
	}
	for i := range spans {
		if i != hub && i+1 != hub && i+2 != hub {
			add(i, i+1)
			add(i, i+2)
		}
	}
	for _, d := range []int{-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 8, 30} {
		if d%2 == 0 {
			add(hub, hub+d)
		} else {
			add(hub+d, hub)
		}
	}
	v.SetRelations(rels, relLabels)
	return v, spans
}

// focusedBoxes are the rectangles of span s as drawn, found from the
// positions the view hit-tests with: its glyphs on each line, and its tag.
func focusedBoxes(v *SpanView, i int) []box {
	m := v.met
	s := v.spans[i]
	var out []box
	for li := LineOf(v.lines, s.Start); li <= LineOf(v.lines, s.End-1); li++ {
		a, b := v.xOf(li, max(s.Start, v.lines[li].Start)), v.xOf(li, min(s.End, v.lines[li].End))
		y := m.padTop + v.lines[li].Y
		out = append(out, box{m.padX + min(a, b), y, m.padX + max(a, b), y + m.textH})
		if ps := v.linePieces(li); ps != nil {
			if k := v.chipIndex(i); k >= 0 {
				if x0, x1, _, ok := v.chipBox(ps, v.chips[k]); ok {
					out = append(out, box{m.padX + x0, y, m.padX + x1, y + m.textH})
				}
			}
		}
	}
	return out
}

// TestRelationChipsDense focuses a span with twelve relations among spans
// word against word, on screen in the middle of the view, at its top, and
// with its relations reaching off screen: as drawn, every relation has its
// chip, no two chips cover each other, none covers the focused span, and
// all are inside the view.
func TestRelationChipsDense(t *testing.T) {
	for _, c := range []struct {
		name string
		size fyne.Size
		hub  int
		at   int // the line of the view the hub's line is scrolled to, -1 to leave it
	}{
		{"middle", fyne.NewSize(700, 420), 30, 7},
		{"narrow", fyne.NewSize(420, 420), 40, 6},
		{"first line", fyne.NewSize(700, 300), 30, 0},
		{"last line", fyne.NewSize(700, 300), 30, 9},
		{"short view", fyne.NewSize(700, 160), 30, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, spans := denseView(t, c.size, c.hub)
			v.FocusSpan(spans[c.hub].ID)
			if c.at >= 0 {
				v.scrollTo(v.met.padTop + v.lines[LineOf(v.lines, spans[c.hub].Start)-c.at].Y)
				v.area.update()
			}
			arcs := v.area.r.arcs
			if n := len(v.relsOf[spans[c.hub].ID]); len(arcs) != n {
				t.Fatalf("%d arcs drawn, want the hub's %d relations", len(arcs), n)
			}
			chipH := v.chipH()
			top, bottom := v.scroll.Offset.Y, v.scroll.Offset.Y+v.scroll.Size().Height
			hub := focusedBoxes(v, c.hub)
			markers := 0
			for _, a := range arcs {
				markers += a.edge * a.edge
			}
			t.Logf("%d arcs, %d of them markers, the hub on line %d of %d on screen", len(arcs), markers,
				LineOf(v.lines, spans[c.hub].Start)-LineAt(v.lines, top-v.met.padTop), int(v.scroll.Size().Height/v.met.lineH))
			for i := range arcs {
				a := &arcs[i]
				name := v.rels[a.rel].ID + " " + a.text
				if a.chipW == 0 {
					t.Fatalf("%s has no chip", name)
				}
				cb := box{a.chip.X, a.chip.Y, a.chip.X + a.chipW, a.chip.Y + chipH}
				if cb.x0 < 0 || cb.x1 > v.area.Size().Width || cb.y0 < top || cb.y1 > bottom {
					t.Fatalf("the chip of %s at %v is outside the view (y %.1f..%.1f, width %.1f)", name, cb, top, bottom, v.area.Size().Width)
				}
				for _, h := range hub {
					if cb.hits(h) {
						t.Fatalf("the chip of %s at %v covers the focused span at %v", name, cb, h)
					}
				}
				for j := range i {
					if overlaps(a, &arcs[j], chipH) {
						t.Fatalf("the chips of %s (%v) and %s (%v) cover each other", name, a.chip, arcs[j].text, arcs[j].chip)
					}
				}
				if len(a.path) < 2 || a.path[0] != a.p0 || a.path[len(a.path)-1] != a.p1 {
					t.Fatalf("%s's line runs through %v, not from %v to %v", name, a.path, a.p0, a.p1)
				}
			}
		})
	}
}

// TestRelationArcsAlongBands: an arc between spans on screen crosses lines
// of text only upright; its run across the page is in a band between
// lines, where no letter is.
func TestRelationArcsAlongBands(t *testing.T) {
	v, spans := denseView(t, fyne.NewSize(700, 420), 30)
	v.FocusSpan(spans[30].ID)
	m := v.met
	for _, a := range v.area.r.arcs {
		if a.edge != 0 {
			continue
		}
		for k := 1; k < len(a.path); k++ {
			p, q := a.path[k-1], a.path[k]
			if p.Y != q.Y {
				if p.X != q.X {
					t.Fatalf("%s runs slanted from %v to %v", a.text, p, q)
				}
				continue
			}
			// Horizontal: between one line's text and the next's.
			in := math.Mod(float64(q.Y-m.padTop), float64(m.lineH))
			if in < float64(m.textH) {
				t.Fatalf("%s runs along y %.1f, through the text of a line (%.1f into it)", a.text, q.Y, in)
			}
		}
	}
}

// TestRelationChipContrast: a chip's text reads on its fill, at least
// 4.5:1 (WCAG AA), for the default relation labels' colours and one the
// view was not given, in the light and the dark theme; so does the
// focused relation's chip (the text's colours inverted) and the chip of
// the relation being made (the text's colours).
func TestRelationChipContrast(t *testing.T) {
	test.NewTempApp(t)
	defaults := []color.NRGBA{ // model.DefaultRelationLabels
		{R: 0x3d, G: 0x5a, B: 0x80, A: 0xff}, {R: 0xc1, G: 0x12, B: 0x1f, A: 0xff},
		{R: 0xe0, G: 0x9f, B: 0x3e, A: 0xff}, {R: 0x6c, G: 0x75, B: 0x7d, A: 0xff},
		(&SpanView{}).relColour("unknown"),
	}
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		th := theme.DefaultTheme()
		fg, bg := th.Color(theme.ColorNameForeground, variant), th.Color(theme.ColorNameBackground, variant)
		dark := isDark(bg)
		for _, c := range defaults {
			fill := relInk(c, dark)
			if r := contrast(inkOn(fill), fill); r < 4.5 {
				t.Errorf("variant %d: a chip of %v has text at %.2f:1", variant, c, r)
			}
		}
		if r := contrast(fg, bg); r < 4.5 {
			t.Errorf("variant %d: the focused and the new relation's chips have text at %.2f:1", variant, r)
		}
	}
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		ch := func(v uint32) float64 {
			s := float64(v) / 0xffff
			if s <= 0.04045 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
