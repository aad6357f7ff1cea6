package spanview

import (
	"image/color"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// area is the scroll's content: as tall as all the wrapped lines, it draws
// only the lines inside the scroll's viewport. It is also the object the
// pointer lands on (the deepest one under it, so the scroll does not take
// the drags), and hands every pointer event to the view in content
// coordinates.
type area struct {
	widget.BaseWidget
	v *SpanView
	r *areaRenderer
}

func (a *area) CreateRenderer() fyne.WidgetRenderer {
	a.ExtendBaseWidget(a)
	a.r = newAreaRenderer(a.v)
	return a.r
}

// MinSize is the height of the lines; the scroll gives the width.
func (a *area) MinSize() fyne.Size { return fyne.NewSize(0, a.v.contentHeight()) }

// update redraws the objects for the current viewport and state; before the
// renderer exists there is nothing to draw.
func (a *area) update() {
	if a.r != nil {
		a.r.update()
	}
}

// areaRenderer owns pools of canvas objects and gives them to what is on
// screen. Texts are kept per line index so that scrolling by a few pixels
// moves the existing texts instead of re-rasterising them all.
type areaRenderer struct {
	v *SpanView

	bg         *canvas.Rectangle // always present: refreshing it asks the canvas to repaint
	markRects  rectPool          // search matches (SetMarks)
	spanRects  rectPool          // span backgrounds and nested-span bars
	selRects   rectPool
	texts      textPool[textKey] // one per visible line, or per piece of a bidi line
	tags       textPool[string]
	focusRects rectPool
	// Relations (relations.go): the curves' strokes, the chips and their
	// texts.
	relLines linePool
	relRects rectPool
	relTexts textPool[relKey]
	arcs     []arc
	pts      []fyne.Position
	// spanBoxes are the highlights (tags included) of the spans drawn,
	// which relation chips had better not hide.
	spanBoxes []box
	caret     *canvas.Rectangle
	objects   []fyne.CanvasObject

	disp  []string // display text of the lines being drawn, by index from first
	first int
	lines []Line // the lines being drawn, v.lines[first:last+1]

	xsFn func(i, a, b int, out []Interval) []Interval // r.xs, made once
	ivs  []Interval                                   // scratch for xs
}

func newAreaRenderer(v *SpanView) *areaRenderer {
	r := &areaRenderer{
		v:     v,
		bg:    canvas.NewRectangle(color.Transparent),
		caret: canvas.NewRectangle(color.Transparent),
	}
	r.caret.Hide()
	r.objects = []fyne.CanvasObject{r.bg, r.caret}
	r.xsFn = r.xs
	return r
}

func (r *areaRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.update()
}

func (r *areaRenderer) MinSize() fyne.Size { return r.v.area.MinSize() }

// Refresh comes from the scroll's and the view's Refresh: theme colours
// may have changed, so every object is checked, but only the changed ones
// are refreshed (refreshing the area itself would free every text texture).
func (r *areaRenderer) Refresh() { r.update() }

func (r *areaRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *areaRenderer) Destroy() {}

// colours is the theme colours the renderer uses.
type colours struct {
	fg, bg, sel, focus, caret color.Color
}

func (r *areaRenderer) colours() colours {
	th := r.v.Theme()
	vr := fyne.CurrentApp().Settings().ThemeVariant()
	return colours{
		fg:    th.Color(theme.ColorNameForeground, vr),
		bg:    th.Color(theme.ColorNameBackground, vr),
		sel:   th.Color(theme.ColorNameSelection, vr),
		focus: th.Color(theme.ColorNameFocus, vr),
		caret: th.Color(theme.ColorNamePrimary, vr),
	}
}

// update draws what is inside the viewport. It is cheap when little
// changed: texts whose line and content stay are only moved.
func (r *areaRenderer) update() {
	v := r.v
	m := v.met
	r.markRects.reset()
	r.spanRects.reset()
	r.selRects.reset()
	r.focusRects.reset()
	r.relLines.reset()
	r.relRects.reset()
	r.spanBoxes = r.spanBoxes[:0]
	r.texts.begin()
	r.tags.begin()
	r.relTexts.begin()
	r.disp = r.disp[:0]

	vh := v.scroll.Size().Height
	if len(v.lines) > 0 && vh > 0 {
		off := v.scroll.Offset.Y
		first := LineAt(v.lines, off-m.padTop)
		last := LineAt(v.lines, off+vh-m.padTop)
		r.first = first
		col := r.colours()
		width := v.area.Size().Width - 2*m.padX
		for i := first; i <= last; i++ {
			l := v.lines[i]
			d := Display(v.text[l.StartByte:l.EndByte])
			r.disp = append(r.disp, d)
			y := m.padTop + l.Y
			if ps := v.linePieces(i); ps != nil {
				// Each piece is its own text at its own x: Fyne would draw
				// the parts of a mixed line in logical order (bidi.go).
				for k := range ps {
					p := &ps[k]
					if p.blank(v.text) {
						continue
					}
					t := r.texts.get(textKey{i, k}, p.Text(v.text), col.fg, m.textSize, false)
					t.Move(fyne.NewPos(m.padX+p.X, y))
					t.Resize(fyne.NewSize(p.W, m.textH))
				}
				continue
			}
			t := r.texts.get(textKey{i, 0}, d, col.fg, m.textSize, false)
			t.Move(fyne.NewPos(m.padX, y))
			t.Resize(fyne.NewSize(width, m.textH))
		}
		lines := v.lines[first : last+1]
		r.lines = lines
		r.drawMarks(lines)
		r.drawSpans(lines, col)
		r.drawSelection(lines, col)
		r.drawRelations(col)
	} else {
		r.caret.Hide()
	}
	r.texts.end()
	r.tags.end()
	r.relTexts.end()

	r.objects = r.objects[:0]
	r.objects = append(r.objects, r.bg)
	r.objects = r.spanRects.appendTo(r.objects)
	r.objects = r.markRects.appendTo(r.objects)
	r.objects = r.selRects.appendTo(r.objects)
	// The curves go under the text: a word an arc crosses stays whole,
	// its glyphs drawn over the stroke, which shows between them.
	r.objects = r.relLines.appendTo(r.objects)
	for _, t := range r.texts.order {
		r.objects = append(r.objects, t)
	}
	for _, t := range r.tags.order {
		r.objects = append(r.objects, t)
	}
	r.objects = r.relRects.appendTo(r.objects)
	for _, t := range r.relTexts.order {
		r.objects = append(r.objects, t)
	}
	r.objects = r.focusRects.appendTo(r.objects)
	r.objects = append(r.objects, r.caret)
	// Objects that only moved or were added would not be noticed otherwise.
	canvas.Refresh(r.bg)
}

// textKey names a text: the line's, or its k-th piece's on a bidi line.
type textKey struct{ line, piece int }

// xs appends the x-ranges where code points [a, b) of the i-th line being
// drawn are: one range on a left-to-right line, one per visually separate
// part on a bidi line (see SpanRects). Given no buffer it fills the
// renderer's, so that drawing a screen of spans allocates none.
func (r *areaRenderer) xs(i, a, b int, out []Interval) []Interval {
	v := r.v
	if out == nil {
		out = r.ivs[:0]
	}
	if ps := v.linePieces(r.first + i); ps != nil {
		out = Intervals(v.text, ps, a, b, v.measure, out)
	} else {
		out = append(out, Interval{r.xAt(r.lines, i, a), r.xAt(r.lines, i, b)})
	}
	r.ivs = out
	return out
}

// xAt is the x, from the text's left edge, of code point cp on the i-th
// line being drawn, measured on the whole prefix: the leading edge of its
// character.
func (r *areaRenderer) xAt(lines []Line, i, cp int) float32 {
	v := r.v
	if ps := v.linePieces(r.first + i); ps != nil {
		return XOf(v.text, ps, cp, v.measure)
	}
	d := r.disp[i]
	n := byteIn(v.text, lines[i], cp) - lines[i].StartByte
	if n >= len(d) {
		return v.measure(d)
	}
	if n <= 0 {
		return 0
	}
	return v.measure(d[:n])
}

// drawSpans draws the spans that reach into lines, their tags and the
// focused span's outline.
func (r *areaRenderer) drawSpans(lines []Line, col colours) {
	v := r.v
	m := v.met
	a, b := lines[0].Start, lines[len(lines)-1].End
	// Spans are sorted by start; maxEnd finds the first one reaching a.
	i0 := sort.Search(len(v.spans), func(i int) bool { return v.maxEnd[i] > a })
	relA, relB := "\x00", "\x00" // the focused relation's spans, outlined
	if r, ok := v.FocusedRelation(); ok {
		relA, relB = r.From, r.To
	}
	for i := i0; i < len(v.spans) && v.spans[i].Start < b; i++ {
		s := v.spans[i]
		if s.End <= a {
			continue
		}
		c := v.labelColor(s.Label)
		level := v.level[i]
		rects := SpanRects(lines, s.Start, s.End, m.lineH, r.xsFn)
		// The tag, in the gap after the span's last character, if that is
		// on screen; the highlight reaches over it.
		tagLine, x0, x1, edge := -1, float32(0), float32(0), float32(0)
		if li := LineOf(v.lines, s.End-1) - r.first; li >= 0 && li < len(lines) {
			if ps := v.linePieces(r.first + li); ps != nil {
				if k := v.chipIndex(i); k >= 0 {
					var ok bool
					if x0, x1, edge, ok = v.chipBox(ps, v.chips[k]); ok {
						tagLine = li
						rects = reachTag(rects, li, x0, x1, edge)
					}
				}
			}
		}
		for _, rc := range rects {
			y := m.padTop + rc.Y
			x := m.padX + rc.X
			r.spanBoxes = append(r.spanBoxes, box{x, y, x + rc.W, y + m.textH})
			switch {
			case level == 0 && s.Candidate:
				fill := color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x14}
				edge := color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0xff}
				r.spanRects.set(x, y, rc.W, m.textH, fill, edge, 1.5, 3)
			case level == 0:
				fill := color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x60}
				r.spanRects.set(x, y, rc.W, m.textH, fill, nil, 0, 3)
			default:
				bar := min(level, maxBars) - 1
				alpha := uint8(0xe0)
				if s.Candidate {
					alpha = 0x70 // a bar too thin to outline: paler instead
				}
				fill := color.NRGBA{R: c.R, G: c.G, B: c.B, A: alpha}
				r.spanRects.set(x, y+m.textH+1+float32(bar*barStep), rc.W, barH, fill, nil, 0, 1)
			}
			switch {
			case (v.relating || v.relDrag) && s.ID == v.relTo:
				// The candidate for a relation's other end.
				r.focusRects.set(x-2, y-2, rc.W+4, m.textH+4, color.Transparent, col.caret, 2.5, 4)
			case s.ID == v.focused:
				r.focusRects.set(x-1, y-1, rc.W+2, m.textH+2, color.Transparent, col.focus, 2, 3)
			case s.ID == relA || s.ID == relB:
				r.focusRects.set(x-1, y-1, rc.W+2, m.textH+2, color.Transparent, col.focus, 1, 3)
			}
		}
		if tagLine >= 0 {
			r.drawTag(s, c, lines[tagLine], x0, x1, col)
		}
	}
}

// reachTag widens the rectangle of line li that ends where the tag's gap
// starts (at edge: on the gap's left, or on its right when the span runs
// right to left) so that the highlight holds the tag.
func reachTag(rects []Rect, li int, x0, x1, edge float32) []Rect {
	for k := range rects {
		rc := &rects[k]
		if rc.Line != li {
			continue
		}
		switch right := rc.X + rc.W; {
		case abs32(right-edge) < 0.5 && x0 >= edge:
			rc.W = x1 + 1 - rc.X
			return rects
		case abs32(rc.X-edge) < 0.5 && x1 <= edge:
			rc.W = right - (x0 - 1)
			rc.X = x0 - 1
			return rects
		}
	}
	return rects
}

func abs32(x float32) float32 { return max(x, -x) }

// drawTag draws span s's tag in the chip x0..x1 on line l: the label
// colour with black or white letters, whichever reads better on it; an
// outline for a candidate; the text's colours, inverted, for the focused
// span, so that of two marks over the same words the focused one is plain.
func (r *areaRenderer) drawTag(s Span, c color.NRGBA, l Line, x0, x1 float32, col colours) {
	v := r.v
	m := v.met
	h := m.tagH + 2
	y := m.padTop + l.Y + (m.textH-h)/2
	var fill, edge, text color.Color
	switch {
	case s.ID == v.focused:
		fill, text = col.fg, col.bg
	case s.Candidate:
		fill, edge, text = col.bg, c, col.fg
	default:
		fill, text = c, inkOn(c)
	}
	strokeW := float32(0)
	if edge != nil {
		strokeW = 1
	}
	r.spanRects.set(m.padX+x0, y, x1-x0, h, fill, edge, strokeW, 3)
	t := r.tags.get(s.ID, spanTag(s), text, m.tagSize, !s.Candidate)
	t.Move(fyne.NewPos(m.padX+x0+chipPadX, y+1))
	t.Resize(fyne.NewSize(x1-x0-2*chipPadX, m.tagH))
}

// inkOn is black or white, whichever contrasts more with c: one of them
// always reaches 4.5:1.
func inkOn(c color.NRGBA) color.Color {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	lum := 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
	if (lum+0.05)/0.05 >= 1.05/(lum+0.05) {
		return color.Black
	}
	return color.White
}

// Search matches are yellow, as find bars draw them, translucent so that a
// span's colour still shows through, and outlined so that they read on a
// dark background too.
var (
	markFill = color.NRGBA{R: 255, G: 200, B: 0, A: 110}
	markEdge = color.NRGBA{R: 214, G: 150, B: 0, A: 255}
)

// drawMarks draws the search matches that reach into lines.
func (r *areaRenderer) drawMarks(lines []Line) {
	v := r.v
	m := v.met
	a, b := lines[0].Start, lines[len(lines)-1].End
	// Marks do not overlap: the first reaching a is found by its end.
	i0 := sort.Search(len(v.marks), func(i int) bool { return v.marks[i][1] > a })
	for _, mk := range v.marks[i0:] {
		if mk[0] >= b {
			break
		}
		for _, rc := range SpanRects(lines, mk[0], mk[1], m.lineH, r.xsFn) {
			r.markRects.set(m.padX+rc.X, m.padTop+rc.Y, rc.W, m.textH, markFill, markEdge, 1, 2)
		}
	}
}

// drawSelection draws the selection and the caret.
func (r *areaRenderer) drawSelection(lines []Line, col colours) {
	v := r.v
	m := v.met
	if v.sel {
		for _, rc := range SpanRects(lines, v.selStart, v.selEnd, m.lineH, r.xsFn) {
			r.selRects.set(m.padX+rc.X, m.padTop+rc.Y, rc.W, m.textH, col.sel, nil, 0, 0)
		}
	}
	li := v.caretLine() - r.first
	if !v.hasFocus || li < 0 || li >= len(lines) {
		r.caret.Hide()
		return
	}
	x := m.padX + r.xAt(lines, li, max(v.caretCP(), lines[li].Start)) - 1
	r.caret.FillColor = col.caret
	r.caret.Move(fyne.NewPos(x, m.padTop+lines[li].Y))
	r.caret.Resize(fyne.NewSize(2, m.textH))
	r.caret.Show()
}

// tagW is the width of a tag: bold for a span, plain for a candidate.
func (v *SpanView) tagW(tag string, bold bool) float32 {
	key := tagKey{tag, bold}
	w, ok := v.tagWidth[key]
	if !ok {
		w = fyne.MeasureText(tag, v.met.tagSize, fyne.TextStyle{Bold: bold}).Width
		v.tagWidth[key] = w
	}
	return w
}

type tagKey struct {
	tag  string
	bold bool
}

// rectPool hands out rectangles, reusing last update's. Rectangles have no
// texture to free, so reusing one for another span costs nothing.
type rectPool struct {
	all []*canvas.Rectangle
	n   int
}

func (p *rectPool) reset() { p.n = 0 }

func (p *rectPool) set(x, y, w, h float32, fill, stroke color.Color, strokeW, radius float32) {
	if p.n == len(p.all) {
		p.all = append(p.all, canvas.NewRectangle(color.Transparent))
	}
	rc := p.all[p.n]
	p.n++
	if rc.FillColor != fill || rc.StrokeColor != stroke || rc.StrokeWidth != strokeW || rc.CornerRadius != radius {
		rc.FillColor, rc.StrokeColor, rc.StrokeWidth, rc.CornerRadius = fill, stroke, strokeW, radius
		canvas.Refresh(rc)
	}
	rc.Move(fyne.NewPos(x, y))
	rc.Resize(fyne.NewSize(w, h))
}

func (p *rectPool) appendTo(objs []fyne.CanvasObject) []fyne.CanvasObject {
	for _, rc := range p.all[:p.n] {
		objs = append(objs, rc)
	}
	return objs
}

// textPool hands out texts by key, giving back the text the key had in the
// last update when there was one. A text's texture is keyed by the object,
// so a text that keeps its key and content is never re-rasterised, and one
// that changes is refreshed to drop the stale texture.
type textPool[K comparable] struct {
	live  map[K]*canvas.Text // last update's texts
	next  map[K]*canvas.Text // this update's texts
	free  []*canvas.Text
	order []*canvas.Text // this update's texts in the order asked for, for a stable drawing order
}

func (p *textPool[K]) begin() {
	if p.live == nil {
		p.live, p.next = map[K]*canvas.Text{}, map[K]*canvas.Text{}
	}
	p.order = p.order[:0]
}

func (p *textPool[K]) get(k K, s string, c color.Color, size float32, bold bool) *canvas.Text {
	t, ok := p.live[k]
	if ok {
		delete(p.live, k)
	} else if n := len(p.free); n > 0 {
		t, p.free = p.free[n-1], p.free[:n-1]
	} else {
		t = canvas.NewText("", c)
	}
	if !ok || t.Text != s || t.Color != c || t.TextSize != size || t.TextStyle.Bold != bold {
		t.Text, t.Color, t.TextSize, t.TextStyle.Bold = s, c, size, bold
		canvas.Refresh(t)
	}
	p.next[k] = t
	p.order = append(p.order, t)
	return t
}

func (p *textPool[K]) end() {
	for k, t := range p.live {
		p.free = append(p.free, t)
		delete(p.live, k)
	}
	p.live, p.next = p.next, p.live
}

// relKey names a relation chip's text: the relation's, or the one being
// made's ("").
type relKey struct{ id string }

// drawRelations draws the arcs of the relations shown (relations.go).
func (r *areaRenderer) drawRelations(col colours) {
	v := r.v
	m := v.met
	r.arcs = v.arcsAvoiding(r.arcs, r.spanBoxes)
	chipH := m.tagH + 2
	for i := range r.arcs {
		a := &r.arcs[i]
		r.pts = rounded(a.path, 5, r.pts)
		// Under the text a thin line broke up into dashes between the
		// letters; the focused relation's is thicker still.
		w := float32(2)
		if a.focused {
			w = 3
		}
		for k := 1; k < len(r.pts); k++ {
			r.relLines.set(r.pts[k-1], r.pts[k], a.c, w)
		}
		if a.head && len(r.pts) > 1 {
			from := r.pts[len(r.pts)-2]
			h1, h2 := arrowhead(from, a.p1, 9)
			r.relLines.set(h1, a.p1, a.c, w)
			r.relLines.set(h2, a.p1, a.c, w)
		}
		if a.chipW == 0 {
			continue
		}
		fill, ink, edge := color.Color(a.c), inkOn(a.c), color.Color(nil)
		var strokeW float32
		if a.focused {
			fill, ink, edge, strokeW = col.fg, col.bg, a.c, 2
		}
		if a.rel < 0 {
			fill, ink, edge, strokeW = col.bg, col.fg, a.c, 1.5
		}
		r.relRects.set(a.chip.X, a.chip.Y, a.chipW, chipH, fill, edge, strokeW, 3)
		id := ""
		if a.rel >= 0 {
			id = v.rels[a.rel].ID
		}
		t := r.relTexts.get(relKey{id}, a.text, ink, m.tagSize, true)
		t.Move(fyne.NewPos(a.chip.X+chipPadX, a.chip.Y+1))
		t.Resize(fyne.NewSize(a.chipW-2*chipPadX, m.tagH))
	}
}

// rounded appends to out[:0] the points of the polyline through corners
// with each inner corner rounded by a quarter curve of radius at most r
// (less where a leg is short).
func rounded(corners []fyne.Position, r float32, out []fyne.Position) []fyne.Position {
	out = out[:0]
	if len(corners) == 0 {
		return out
	}
	out = append(out, corners[0])
	for k := 1; k+1 < len(corners); k++ {
		p, c, n := corners[k-1], corners[k], corners[k+1]
		d0, d1 := dist(p, c), dist(c, n)
		rr := min(r, d0/2, d1/2)
		if rr < 0.5 {
			out = append(out, c)
			continue
		}
		a := towards(c, p, rr)
		b := towards(c, n, rr)
		for i := 0; i <= 4; i++ {
			t := float32(i) / 4
			u := 1 - t
			out = append(out, fyne.NewPos(u*u*a.X+2*u*t*c.X+t*t*b.X, u*u*a.Y+2*u*t*c.Y+t*t*b.Y))
		}
	}
	return append(out, corners[len(corners)-1])
}

func dist(a, b fyne.Position) float32 {
	return float32(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y)))
}

// towards is the point d from a on the way to b.
func towards(a, b fyne.Position, d float32) fyne.Position {
	l := dist(a, b)
	if l == 0 {
		return a
	}
	return fyne.NewPos(a.X+(b.X-a.X)*d/l, a.Y+(b.Y-a.Y)*d/l)
}

// linePool hands out lines as rectPool hands out rectangles.
type linePool struct {
	all []*canvas.Line
	n   int
}

func (p *linePool) reset() { p.n = 0 }

func (p *linePool) set(a, b fyne.Position, c color.Color, w float32) {
	if p.n == len(p.all) {
		p.all = append(p.all, canvas.NewLine(color.Transparent))
	}
	l := p.all[p.n]
	p.n++
	if l.StrokeColor != c || l.StrokeWidth != w {
		l.StrokeColor, l.StrokeWidth = c, w
		canvas.Refresh(l)
	}
	l.Position1, l.Position2 = a, b
}

func (p *linePool) appendTo(objs []fyne.CanvasObject) []fyne.CanvasObject {
	for _, l := range p.all[:p.n] {
		objs = append(objs, l)
	}
	return objs
}
