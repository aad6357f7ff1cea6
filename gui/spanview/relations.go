package spanview

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

// Relations between spans.
//
// What is drawn: only the relations of the focused span (or the one focused
// relation, or the relations of the span a relation is being made from),
// never every relation of the screen. News text is dense with spans, often
// word against word, and a screen of 25 lines can hold dozens of relations;
// drawn all at once, even faintly, their arcs cross the text of every line
// (the lines are packed: there is no band between them to route arcs in)
// and the reader can no longer tell which arc ends where. The panel lists
// every relation of the document; the text shows the ones of what the
// annotator is looking at, strong, in the relation label's colour.
//
// How: each relation is a curve (a quadratic Bézier cut into short straight
// lines, Fyne has no curve) from the top of one span's first line to the
// top of the other's, rising above the higher of the two, with an arrowhead
// on the span it points to (none for a symmetric label) and its label in a
// chip at the top of the curve. Chips that would cover each other are
// stacked upwards, and their curves rise with them, so that every label of
// a span with many relations stays readable. A relation whose other span is
// off screen ends at a marker on the edge of the view the span lies beyond
// ("↑ ACTS_IN “Moscow”"), at that span's x where there is room. Curves get
// a halo of the background colour, so that they stay visible where they
// cross text, and are lightened on a dark background.

// Relation is a labelled link between two of the view's spans, by ID.
type Relation struct {
	ID       string
	From, To string
	Label    string
	// Symmetric relations are drawn without an arrowhead.
	Symmetric bool
}

// SetRelations gives the view the document's relations and the relation
// labels' colours. A relation naming a span the view does not have is
// kept but not drawn. The focused relation stays focused if it remains.
func (v *SpanView) SetRelations(rels []Relation, labels []Label) {
	v.rels = append(v.rels[:0], rels...)
	if v.relColor == nil {
		v.relColor = map[string]color.Color{}
	}
	clear(v.relColor)
	for _, l := range labels {
		v.relColor[l.Name] = l.Color
	}
	if v.relsOf == nil {
		v.relsOf = map[string][]int{}
	}
	clear(v.relsOf)
	found := false
	for i, r := range v.rels {
		v.relsOf[r.From] = append(v.relsOf[r.From], i)
		if r.To != r.From {
			v.relsOf[r.To] = append(v.relsOf[r.To], i)
		}
		found = found || r.ID == v.focusedRel
	}
	if !found {
		v.focusedRel = ""
	}
	v.area.update()
}

// Relations returns the relations the view was given.
func (v *SpanView) Relations() []Relation { return slices.Clone(v.rels) }

// FocusRelation focuses the relation with that ID: it is drawn, and Delete
// calls OnDeleteRelation with it. The span focus and the selection go, and
// the relation's first span is scrolled into view. An unknown ID only
// clears the relation focus.
func (v *SpanView) FocusRelation(id string) {
	v.focusedRel = ""
	k := v.relIndex(id)
	if k < 0 {
		v.area.update()
		return
	}
	v.stopRelating(false)
	v.focused, v.sel, v.anchor = "", false, -1
	v.focusedRel = id
	if i := v.spanIndex(v.rels[k].From); i >= 0 {
		v.cursor, v.after, v.goalValid = v.boundaryAt(v.spans[i].Start), false, false
		v.ensureVisible(v.spans[i].Start, true)
	}
	v.area.update()
}

// FocusedRelation returns the focused relation; ok is false when none is.
func (v *SpanView) FocusedRelation() (Relation, bool) {
	if k := v.relIndex(v.focusedRel); k >= 0 {
		return v.rels[k], true
	}
	return Relation{}, false
}

func (v *SpanView) relIndex(id string) int {
	if id == "" {
		return -1
	}
	return slices.IndexFunc(v.rels, func(r Relation) bool { return r.ID == id })
}

// indexOf is the index in v.spans of the span with that ID, or -1, through
// a table built when first needed after the spans change: drawing a span's
// relations looks up each other end.
func (v *SpanView) indexOf(id string) int {
	if v.byID == nil {
		v.byID = make(map[string]int, len(v.spans))
		for i, s := range v.spans {
			v.byID[s.ID] = i
		}
	}
	if i, ok := v.byID[id]; ok {
		return i
	}
	return -1
}

// Making a relation.
//
// With a span focused, StartRelating (the workspace's key) makes it the
// relation's first span and picks a second: the next span in Tab order.
// Tab, Shift+Tab and the arrows pick another, a tap on a span picks it, and
// a drag with Ctrl held from one span to another starts it with both
// picked. The view draws the candidate outlined in the caret colour with an
// arrow to it; the workspace creates the relation (a relation label key,
// Enter) and calls EndRelating. Escape cancels.

// StartRelating starts making a relation from the focused span; false when
// no span (or only a proposal) is focused, or there is no other span.
func (v *SpanView) StartRelating() bool {
	i := v.spanIndex(v.focused)
	if i < 0 || v.spans[i].Candidate {
		return false
	}
	to := v.nextTarget(i, i, true)
	if to < 0 {
		return false
	}
	v.relating, v.relFrom, v.relTo = true, v.spans[i].ID, v.spans[to].ID
	v.focusedRel = ""
	v.ensureVisible(v.spans[to].Start, false)
	v.area.update()
	v.notifyRelating()
	return true
}

// Relating reports the relation being made: the span it starts at and the
// candidate it would point to.
func (v *SpanView) Relating() (from, to string, ok bool) {
	return v.relFrom, v.relTo, v.relating
}

// EndRelating leaves relation mode (the relation was made, or the document
// changed) without calling OnRelatingChanged.
func (v *SpanView) EndRelating() { v.stopRelating(false) }

func (v *SpanView) stopRelating(notify bool) {
	if !v.relating && !v.relDrag {
		return
	}
	was := v.relating
	v.relating, v.relDrag, v.relFrom, v.relTo = false, false, "", ""
	v.area.update()
	if notify && was {
		v.notifyRelating()
	}
}

func (v *SpanView) notifyRelating() {
	if v.OnRelatingChanged != nil {
		v.OnRelatingChanged(v.relFrom, v.relTo)
	}
}

// nextTarget is the span after (fwd) or before cur in Tab order that a
// relation from span from can point to: a span of the layer (not a
// proposal) other than from itself; -1 when there is none.
func (v *SpanView) nextTarget(from, cur int, fwd bool) int {
	i := cur
	for range v.spans {
		i = TabNext(v.spans, i, fwd)
		if i != from && !v.spans[i].Candidate {
			return i
		}
		if i == cur {
			break
		}
	}
	return -1
}

// pickTarget moves the candidate to the next or previous span.
func (v *SpanView) pickTarget(fwd bool) {
	from, cur := v.spanIndex(v.relFrom), v.spanIndex(v.relTo)
	if from < 0 {
		v.stopRelating(true)
		return
	}
	if cur < 0 {
		cur = from
	}
	if to := v.nextTarget(from, cur, fwd); to >= 0 {
		v.relTo = v.spans[to].ID
		v.ensureVisible(v.spans[to].Start, false)
	}
	v.area.update()
	v.notifyRelating()
}

// relatingKey handles a key while a relation is being made; false for the
// keys the view passes on (Enter, which the workspace takes as "the label
// used last").
func (v *SpanView) relatingKey(name fyne.KeyName, mods fyne.KeyModifier) bool {
	shift := mods&fyne.KeyModifierShift != 0
	switch name {
	case fyne.KeyTab:
		v.pickTarget(!shift)
	case fyne.KeyDown:
		v.pickTarget(true)
	case fyne.KeyUp:
		v.pickTarget(false)
	case fyne.KeyLeft, fyne.KeyRight:
		fwd := name == fyne.KeyRight
		if i := v.spanIndex(v.relTo); i >= 0 && v.paragraphRTL(LineOf(v.lines, v.spans[i].Start)) {
			fwd = !fwd // the text runs leftwards
		}
		v.pickTarget(fwd)
	case fyne.KeyEscape:
		v.stopRelating(true)
	case fyne.KeyPageDown, fyne.KeyPageUp:
		h := v.scroll.Size().Height - v.met.lineH
		if name == fyne.KeyPageUp {
			h = -h
		}
		v.scrollTo(v.scroll.Offset.Y + h)
	case fyne.KeyReturn, fyne.KeyEnter:
		return false
	}
	return true // every other key waits: the mode expects one of these
}

// relatable is the span a tap or a drag's end at pos picks as a relation's
// other end: a span of the layer under it other than from, or -1.
func (v *SpanView) relatable(pos fyne.Position, from int) int {
	i := v.tagAt(pos)
	if i < 0 {
		if c := v.charAt(pos); c >= 0 {
			i = v.spanAt(c)
		}
	}
	if i < 0 || i == from || v.spans[i].Candidate {
		return -1
	}
	return i
}

// relDragged follows a Ctrl+drag from a span: the candidate is the span
// under the pointer, drawn with an arrow from the first span.
func (v *SpanView) relDragged(ev *fyne.DragEvent) {
	v.relDragAt = ev.Position
	from := v.spanIndex(v.relFrom)
	if to := v.relatable(ev.Position, from); to >= 0 {
		v.relTo = v.spans[to].ID
	} else {
		v.relTo = ""
	}
	v.area.update()
}

// relDragEnd ends a Ctrl+drag: on another span, the relation is being made
// with both ends picked and waits for its label; elsewhere nothing happens.
func (v *SpanView) relDragEnd() {
	v.relDrag = false
	if v.relTo == "" {
		v.relFrom = ""
		v.area.update()
		return
	}
	v.relating = true
	v.focused = v.relFrom
	v.area.update()
	v.notifyRelating()
}

// Geometry.

// arc is one relation as drawn, in the area's coordinates.
type arc struct {
	rel     int // index in v.rels; -1 for the relation being made
	label   string
	c       color.NRGBA
	p0, p1  fyne.Position // the curve runs from p0 to p1
	ctrl    fyne.Position // its Bézier control point
	head    bool          // an arrowhead at p1
	chip    fyne.Position // top-left of the label's chip
	chipW   float32
	text    string // the chip's text
	edge    int    // 0 on screen; -1 or +1: the other span is above or below, and the chip is a marker on that edge
	focused bool   // the focused relation: its chip is drawn inverted
	markAt1 bool   // a marker's curve ends at p1 (the relation points off screen), else starts at p0
	below   bool   // the arc hangs under the spans (no room above them)
}

// relAnchor is where a relation meets span i when its first line is on
// screen: the middle of the span's glyphs on that line, at the top of the
// text (bottom when the curve leaves downwards). ok is false off screen.
func (v *SpanView) relAnchor(i int, bottom bool) (fyne.Position, bool) {
	m := v.met
	s := v.spans[i]
	li := LineOf(v.lines, s.Start)
	x0, x1 := v.spanXs(li, s.Start, min(s.End, v.lines[li].End))
	y := m.padTop + v.lines[li].Y
	if bottom {
		y += m.textH
	}
	top, h := v.scroll.Offset.Y, v.scroll.Size().Height
	on := y >= top-1 && y <= top+h+1
	return fyne.NewPos(m.padX+(x0+x1)/2, y), on
}

// spanXs is the x-range, from the text's left edge, covering code points
// [a, b) on line li: one range on a left-to-right line, the hull of the
// visually separate parts on a line mixing directions.
func (v *SpanView) spanXs(li, a, b int) (float32, float32) {
	if ps := v.linePieces(li); ps != nil {
		ivs := Intervals(v.text, ps, a, b, v.measure, nil)
		if len(ivs) == 0 {
			x := XOf(v.text, ps, a, v.measure)
			return x, x
		}
		return ivs[0].X0, ivs[len(ivs)-1].X1
	}
	x0, x1 := v.xOf(li, a), v.xOf(li, b)
	if b >= v.lines[li].End {
		x1 = v.measure(v.display(li))
	}
	return min(x0, x1), max(x0, x1)
}

// shown lists the relations to draw: the focused relation, or those of
// the span a relation is being made from, or of the focused span.
func (v *SpanView) shown() []int {
	if k := v.relIndex(v.focusedRel); k >= 0 && !v.relating && !v.relDrag {
		return []int{k}
	}
	id := v.focused
	if v.relating || v.relDrag {
		id = v.relFrom
	}
	return v.relsOf[id]
}

// arcs lays out the relations to draw for the viewport, stacking their
// chips so that none covers another, and the relation being made.
func (v *SpanView) arcs(out []arc) []arc {
	out = out[:0]
	if len(v.lines) == 0 || v.scroll.Size().Height <= 0 {
		return out
	}
	dark := isDark(v.bgColour())
	for _, k := range v.shown() {
		r := v.rels[k]
		a, b := v.indexOf(r.From), v.indexOf(r.To)
		if a < 0 || b < 0 {
			continue
		}
		c := relInk(v.relColour(r.Label), dark)
		if ar, ok := v.layArc(a, b, r.Label, c); ok {
			ar.rel, ar.head, ar.focused = k, !r.Symmetric, r.ID == v.focusedRel
			out = append(out, ar)
		}
	}
	from := v.spanIndex(v.relFrom)
	switch to := v.spanIndex(v.relTo); {
	case (v.relating || v.relDrag) && from >= 0 && to >= 0:
		if ar, ok := v.layArc(from, to, "?", v.caretColour()); ok {
			ar.rel, ar.head = -1, true
			out = append(out, ar)
		}
	case v.relDrag && from >= 0:
		if p0, ok := v.relAnchor(from, false); ok {
			p1 := v.relDragAt
			out = append(out, arc{rel: -1, c: v.caretColour(), p0: p0, p1: p1, head: true,
				ctrl: fyne.NewPos((p0.X+p1.X)/2, min(p0.Y, p1.Y)-v.met.lineH)})
		}
	}
	v.stack(out)
	return out
}

// layArc places the curve between spans a and b (in v.spans) and its
// chip, before stacking; false when neither end is on screen.
func (v *SpanView) layArc(a, b int, label string, c color.NRGBA) (arc, bool) {
	m := v.met
	p0, on0 := v.relAnchor(a, false)
	p1, on1 := v.relAnchor(b, false)
	ar := arc{label: label, c: c, text: label}
	top := v.scroll.Offset.Y
	bottom := top + v.scroll.Size().Height
	chipH := m.tagH + 2
	switch {
	case on0 && on1:
		ar.p0, ar.p1 = p0, p1
	case !on0 && !on1:
		return ar, false
	default:
		// One end off screen: the curve runs from the visible end to a
		// marker on the edge the other lies beyond, which names it.
		far, other := p1, b
		if !on0 {
			far, other = p0, a
		}
		ar.edge = -1
		if far.Y > bottom {
			ar.edge = 1
		}
		arrow := "↑ "
		if ar.edge > 0 {
			arrow = "↓ "
		}
		ar.text = arrow + label + " " + quoteShort(v.spanText(other))
		ar.chipW = v.tagW(ar.text, true) + 2*chipPadX
		x := min(max(far.X-ar.chipW/2, 2), v.area.Size().Width-ar.chipW-2)
		y := top + 2
		if ar.edge > 0 {
			y = bottom - chipH - 2
		}
		ar.chip = fyne.NewPos(x, y)
		end := fyne.NewPos(x+ar.chipW/2, y+chipH)
		near, nearIdx := p0, a
		if !on0 {
			near, nearIdx = p1, b
		}
		if ar.edge > 0 {
			end.Y = y
			near, _ = v.relAnchor(nearIdx, true)
		}
		if on0 {
			ar.p0, ar.p1, ar.markAt1 = near, end, true
		} else {
			ar.p0, ar.p1 = end, near
		}
		ar.ctrl = fyne.NewPos(near.X, end.Y)
		return ar, true
	}
	ar.chipW = v.tagW(label, true) + 2*chipPadX
	dx := abs32(p1.X - p0.X)
	lift := m.textH*0.6 + min(dx, 400)*0.05
	apexY := min(p0.Y, p1.Y) - lift
	if apexY-top < 3*(chipH+2) {
		// No room above (the first line on screen): the arc hangs under
		// the spans instead, and its chips stack downwards.
		ar.below = true
		ar.p0, _ = v.relAnchor(a, true)
		ar.p1, _ = v.relAnchor(b, true)
		p0, p1 = ar.p0, ar.p1
		apexY = max(p0.Y, p1.Y) + lift
	}
	ar.chip = fyne.NewPos((p0.X+p1.X)/2-ar.chipW/2, apexY-chipH/2)
	ar.ctrl = ctrlFor(p0, p1, fyne.NewPos((p0.X+p1.X)/2, apexY))
	return ar, true
}

// ctrlFor is the control point that makes the quadratic Bézier from p0 to
// p1 pass through apex halfway (t = 0.5).
func ctrlFor(p0, p1, apex fyne.Position) fyne.Position {
	return fyne.NewPos(2*apex.X-(p0.X+p1.X)/2, 2*apex.Y-(p0.Y+p1.Y)/2)
}

// stack moves chips that would cover one another: an arc's chip rises
// above those placed before it (its curve rising with it), and markers on
// an edge move aside. Chips are placed from the shortest arc on, so that
// the arcs nearest the span stay lowest.
func (v *SpanView) stack(arcs []arc) {
	chipH := v.met.tagH + 2
	order := make([]int, len(arcs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		return cmp.Compare(abs32(arcs[i].p1.X-arcs[i].p0.X), abs32(arcs[j].p1.X-arcs[j].p0.X))
	})
	top := v.scroll.Offset.Y + 2
	var placed []int
	for _, i := range order {
		a := &arcs[i]
		if a.chipW == 0 {
			continue
		}
		for tries := 0; tries < 12; tries++ {
			hit := -1
			for _, j := range placed {
				if overlaps(a, &arcs[j], chipH) {
					hit = j
					break
				}
			}
			if hit < 0 {
				break
			}
			if a.edge != 0 {
				// A marker moves along its edge.
				a.chip.X = arcs[hit].chip.X + arcs[hit].chipW + 3
				if a.markAt1 {
					a.p1.X = a.chip.X + a.chipW/2
				} else {
					a.p0.X = a.chip.X + a.chipW/2
				}
				continue
			}
			if a.below {
				a.chip.Y = arcs[hit].chip.Y + chipH + 2
			} else {
				a.chip.Y = arcs[hit].chip.Y - chipH - 2
			}
		}
		if a.edge == 0 {
			// Not above the view: a chip off screen says nothing.
			a.chip.Y = max(a.chip.Y, top)
			apex := fyne.NewPos(a.chip.X+a.chipW/2, a.chip.Y+chipH/2)
			a.ctrl = ctrlFor(a.p0, a.p1, apex)
		}
		placed = append(placed, i)
	}
}

// overlaps reports whether two chips, chipH tall, cover each other (with a
// pixel to spare).
func overlaps(a, b *arc, chipH float32) bool {
	return a.chip.X < b.chip.X+b.chipW+1 && b.chip.X < a.chip.X+a.chipW+1 &&
		a.chip.Y < b.chip.Y+chipH+1 && b.chip.Y < a.chip.Y+chipH+1
}

// bezier returns n+1 points along the quadratic Bézier from p0 to p1.
func bezier(p0, ctrl, p1 fyne.Position, n int, out []fyne.Position) []fyne.Position {
	out = out[:0]
	for i := 0; i <= n; i++ {
		t := float32(i) / float32(n)
		u := 1 - t
		out = append(out, fyne.NewPos(
			u*u*p0.X+2*u*t*ctrl.X+t*t*p1.X,
			u*u*p0.Y+2*u*t*ctrl.Y+t*t*p1.Y))
	}
	return out
}

// arrowhead returns the two ends of an arrowhead's strokes at tip, for a
// curve arriving from from.
func arrowhead(from, tip fyne.Position, size float32) (fyne.Position, fyne.Position) {
	dx, dy := float64(tip.X-from.X), float64(tip.Y-from.Y)
	ang := math.Atan2(dy, dx)
	const spread = 0.5 // radians each side of the curve
	l := float64(size)
	a := fyne.NewPos(tip.X-float32(l*math.Cos(ang-spread)), tip.Y-float32(l*math.Sin(ang-spread)))
	b := fyne.NewPos(tip.X-float32(l*math.Cos(ang+spread)), tip.Y-float32(l*math.Sin(ang+spread)))
	return a, b
}

// spanText is span i's text, for a marker.
func (v *SpanView) spanText(i int) string {
	s := v.spans[i]
	la, lb := LineOf(v.lines, s.Start), LineOf(v.lines, max(s.End-1, s.Start))
	a, b := byteIn(v.text, v.lines[la], s.Start), byteIn(v.text, v.lines[lb], s.End)
	return Display(v.text[a:b])
}

// quoteShort quotes s, cut to 20 characters.
func quoteShort(s string) string {
	if utf8.RuneCountInString(s) > 20 {
		s = string([]rune(s)[:19]) + "…"
	}
	return "“" + VisualOrder(s) + "”"
}

// relColour is a relation label's colour, grey for one the view was not
// given.
func (v *SpanView) relColour(name string) color.NRGBA {
	c, ok := v.relColor[name]
	if !ok || c == nil {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
	}
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// relInk is the colour a relation's curve is drawn in: its label's, mixed
// a third of the way to white on a dark background, where the default
// labels' dark blue and grey would vanish.
func relInk(c color.NRGBA, dark bool) color.NRGBA {
	if !dark {
		return c
	}
	mix := func(x uint8) uint8 { return uint8(float32(x) + (255-float32(x))*0.35) }
	return color.NRGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 0xff}
}

// isDark reports whether a background is dark.
func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return 0.2126*float64(r)+0.7152*float64(g)+0.0722*float64(b) < 0.5*0xffff
}
