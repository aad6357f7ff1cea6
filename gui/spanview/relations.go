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
// (the lines are packed: the narrow band between two lines holds a few
// runs, not dozens) and the reader can no longer tell which arc ends where. The panel lists
// every relation of the document; the text shows the ones of what the
// annotator is looking at, strong, in the relation label's colour.
//
// How (place): as brat draws them. Lines of text are packed, with only the
// nested-span bars' band between them, and curves across the page (the
// first design) crossed words and piled their labels at their apexes where a
// span had many relations. So each relation leaves its span upright, runs
// along a band between two lines, where there are no letters, and goes
// upright into the other span, with an arrowhead there (none for a
// symmetric label); the lines are drawn under the text, so a word an
// upright crosses keeps its letters. Each band carries at most one run over
// a stretch of the page; the label's chip sits across its run at the free
// place nearest its middle: never over another chip or the focused span,
// always inside the view, and off other spans where there is a choice. A
// relation whose other span is off screen ends at a marker on the band
// nearest the edge the span lies beyond ("↑ ACTS_IN “Moscow”"), at that
// span's x where there is room. Lines are lightened on a dark background.

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
	rel    int // index in v.rels; -1 for the relation being made
	label  string
	c      color.NRGBA
	a, b   int           // the spans it joins, in v.spans; -1 for the pointer of a drag
	p0, p1 fyne.Position // the line runs from p0 to p1
	// path is the line's corners from p0 to p1: up (or down) from one
	// span into the band between two lines, along it, and into the
	// other span; drawn with its corners rounded.
	path  []fyne.Position
	band  int     // the band it runs along: the one above that line
	bandY float32 // the y of the run along it
	// bottom0 and bottom1: the line meets the span at p0 (p1) from below.
	bottom0, bottom1 bool
	head             bool          // an arrowhead at p1
	chip             fyne.Position // top-left of the label's chip
	chipW            float32
	text             string // the chip's text
	edge             int    // 0 on screen; -1 or +1: the other span is above or below, and the chip is a marker on that edge
	focused          bool   // the focused relation: its chip is drawn inverted, its line thicker
	markAt1          bool   // a marker's line ends at p1 (the relation points off screen), else starts at p0
	below            bool   // the arc runs under the spans (no room above them)
}

// relAnchor is where a relation meets span i when its first line is on
// screen: the middle of the span's glyphs on that line, at the top of the
// text (bottom when the line leaves downwards). ok is false off screen.
func (v *SpanView) relAnchor(i int, bottom bool) (fyne.Position, bool) {
	x0, x1, y, on := v.anchorRange(i, bottom)
	return fyne.NewPos((x0+x1)/2, y), on
}

// anchorRange is the x-range, in the area's coordinates, where relations
// may meet span i on its first line (the middle two fifths of its glyphs,
// clear of the last letter whichever way the text runs), and
// that line's text top (or bottom); on is false when it is off screen.
func (v *SpanView) anchorRange(i int, bottom bool) (x0, x1, y float32, on bool) {
	m := v.met
	s := v.spans[i]
	li := LineOf(v.lines, s.Start)
	a, b := v.spanXs(li, s.Start, min(s.End, v.lines[li].End))
	y = m.padTop + v.lines[li].Y
	if bottom {
		y += m.textH
	}
	top, h := v.scroll.Offset.Y, v.scroll.Size().Height
	on = y >= top-1 && y <= top+h+1
	q := (b - a) * 0.3
	return m.padX + a + q, m.padX + b - q, y, on
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
	return v.relsOf[v.shownFor()]
}

// shownFor is the span whose relations are drawn.
func (v *SpanView) shownFor() string {
	if v.relating || v.relDrag {
		return v.relFrom
	}
	return v.focused
}

// arcs lays out the relations to draw for the viewport and the relation
// being made, placing their chips so that none covers another.
func (v *SpanView) arcs(out []arc) []arc { return v.arcsAvoiding(out, nil) }

// arcsAvoiding is arcs with the chips kept, where there is a choice, off
// the spans drawn (their highlights, spans).
func (v *SpanView) arcsAvoiding(out []arc, spans []box) []arc {
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
		if ar, ok := v.newArc(a, b, r.Label, relInk(v.relColour(r.Label), dark)); ok {
			ar.rel, ar.head, ar.focused = k, !r.Symmetric, r.ID == v.focusedRel
			out = append(out, ar)
		}
	}
	from := v.spanIndex(v.relFrom)
	switch to := v.spanIndex(v.relTo); {
	case (v.relating || v.relDrag) && from >= 0 && to >= 0:
		if ar, ok := v.newArc(from, to, "?", v.caretColour()); ok {
			ar.rel, ar.head = -1, true
			out = append(out, ar)
		}
	case v.relDrag && from >= 0:
		if p0, ok := v.relAnchor(from, false); ok {
			// Following the pointer: a curve, as the pointer goes
			// anywhere.
			p1 := v.relDragAt
			ctrl := fyne.NewPos((p0.X+p1.X)/2, min(p0.Y, p1.Y)-v.met.lineH)
			out = append(out, arc{rel: -1, a: from, b: -1, c: v.caretColour(), p0: p0, p1: p1, head: true,
				path: bezier(p0, ctrl, p1, 12, nil)})
		}
	}
	v.place(out, spans)
	return out
}

// newArc starts the arc between spans a and b (in v.spans): its chip's
// text and width, its direction, and for a relation with one end off
// screen the marker on the edge the other lies beyond; false when neither
// end is on screen. place puts the rest.
func (v *SpanView) newArc(a, b int, label string, c color.NRGBA) (arc, bool) {
	ar := arc{a: a, b: b, label: label, c: c, text: label}
	_, _, _, on0 := v.anchorRange(a, false)
	_, _, _, on1 := v.anchorRange(b, false)
	switch {
	case !on0 && !on1:
		return ar, false
	case on0 && on1:
	default:
		// One end off screen: the line runs from the visible end to a
		// marker on the edge the other lies beyond, which names it.
		other := b
		if !on0 {
			other = a
		}
		_, _, y, _ := v.anchorRange(other, false)
		ar.edge = -1
		if y > v.scroll.Offset.Y {
			ar.edge = 1
		}
		ar.below, ar.markAt1 = ar.edge > 0, on0
		arrow := "↑ "
		if ar.edge > 0 {
			arrow = "↓ "
		}
		ar.text = arrow + label + " " + quoteShort(v.spanText(other))
	}
	ar.chipW = v.tagW(ar.text, true) + 2*chipPadX
	return ar, true
}

func (v *SpanView) chipH() float32 { return v.met.tagH + 2 }

// bandY is the middle of the band between line li-1's text and line li's
// (the nested-span bars' room): arcs run along bands, where they cross no
// letters, and their chips sit across them, hiding the descenders of one
// line and the tops of the next rather than the words of either. Lines
// are lineH apart (Wrap), so a band past the last line is the room under
// the text.
func (v *SpanView) bandY(li int) float32 {
	m := v.met
	return m.padTop + float32(li)*m.lineH - (m.lineH-m.textH)/2
}

// box is a rectangle in the area's coordinates.
type box struct{ x0, y0, x1, y1 float32 }

func (b box) hits(c box) bool { return b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1 }

// spanBoxes appends the rectangles span i's glyphs and tag cover on the
// lines on screen: what no chip may hide when it is the focused span.
func (v *SpanView) spanBoxes(i int, out []box) []box {
	m := v.met
	s := v.spans[i]
	top := v.scroll.Offset.Y
	bottom := top + v.scroll.Size().Height
	tag := v.tagW(spanTag(s), !s.Candidate) + 2*chipPadX + 2*chipGap
	la, lb := LineOf(v.lines, s.Start), LineOf(v.lines, max(s.End-1, s.Start))
	for li := la; li <= lb; li++ {
		y := m.padTop + v.lines[li].Y
		if y+m.textH < top || y > bottom {
			continue
		}
		x0, x1 := v.spanXs(li, max(s.Start, v.lines[li].Start), min(s.End, v.lines[li].End))
		if li == lb {
			// The tag sits after the span's last character, in the
			// direction the text runs.
			if v.paragraphRTL(li) {
				x0 -= tag
			} else {
				x1 += tag
			}
		}
		out = append(out, box{m.padX + x0, y, m.padX + x1, y + m.textH})
	}
	return out
}

// run is the stretch of a band an arc runs along.
type run struct {
	band   int
	x0, x1 float32
}

// place lays out the arcs the way brat does, in the bands between lines:
// each arc leaves its spans upright, runs along a band where no other arc
// runs over the same stretch, and carries its chip on that run at the free
// place nearest its middle. So no two chips cover each other, no chip
// covers the focused span, all stay inside the view, and an arc crosses a
// line of text only upright, through a letter or two. An arc between two
// lines takes a band between them, the one next to the other span first
// (the arcs of the focused span fan out from it to their labels beside
// the spans they reach); an arc within a line, the band above it; then the
// bands further above, then below. Markers on an edge are placed first
// (they can only move along it), then the arcs from the narrowest, whose
// runs stay nearest their spans. Where several arcs meet a span, their
// ends are spread along it in the order of where the arcs go, so that
// their uprights do not run together. spans (the highlights on screen)
// are avoided where there is a choice.
func (v *SpanView) place(arcs []arc, spans []box) {
	m := v.met
	chipH := v.chipH()
	top := v.scroll.Offset.Y
	bottom := top + v.scroll.Size().Height
	width := v.area.Size().Width
	// By the table: a linear search of 10,000 spans was most of a repaint.
	focus := -1
	if id := v.shownFor(); id != "" {
		focus = v.indexOf(id)
	}
	var hard []box
	if r, ok := v.FocusedRelation(); v.focusedRel != "" && ok && !v.relating && !v.relDrag {
		for _, id := range [2]string{r.From, r.To} {
			if i := v.indexOf(id); i >= 0 {
				hard = v.spanBoxes(i, hard)
			}
		}
	} else if focus >= 0 {
		hard = v.spanBoxes(focus, hard)
	}
	order := make([]int, 0, len(arcs))
	for i := range arcs {
		a := &arcs[i]
		if a.chipW == 0 {
			continue
		}
		order = append(order, i)
		if a.edge == 0 {
			a.p0, _ = v.relAnchor(a.a, false)
			a.p1, _ = v.relAnchor(a.b, false)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		if c := cmp.Compare(arcs[j].edge*arcs[j].edge, arcs[i].edge*arcs[i].edge); c != 0 {
			return c
		}
		return cmp.Compare(abs32(arcs[i].p1.X-arcs[i].p0.X), abs32(arcs[j].p1.X-arcs[j].p0.X))
	})
	placed := make([]box, 0, len(order))
	var runs []run
	// free reports whether a chip may sit at (x, y), and how many spans
	// it would hide there.
	free := func(a *arc, x, y float32) (int, bool) {
		if x < 2 || x+a.chipW > width-2 || y < top+2 || y+chipH > bottom-2 {
			return 0, false
		}
		b := box{x - 1, y - 1, x + a.chipW + 1, y + chipH + 1}
		for _, o := range placed {
			if b.hits(o) {
				return 0, false
			}
		}
		for _, o := range hard {
			if b.hits(o) {
				return 0, false
			}
		}
		n := 0
		for _, o := range spans {
			if b.hits(o) {
				n++
			}
		}
		return n, true
	}
	runFree := func(band int, x0, x1 float32) bool {
		for _, r := range runs {
			if r.band == band && x0 < r.x1+4 && r.x0 < x1+4 {
				return false
			}
		}
		return true
	}
	const step = 12
	for _, i := range order {
		a := &arcs[i]
		if a.edge != 0 {
			v.placeMarker(a, free, step)
			placed = append(placed, box{a.chip.X - 1, a.chip.Y - 1, a.chip.X + a.chipW + 1, a.chip.Y + chipH + 1})
			continue
		}
		la, lb := LineOf(v.lines, v.spans[a.a].Start), LineOf(v.lines, v.spans[a.b].Start)
		x0, x1 := min(a.p0.X, a.p1.X), max(a.p0.X, a.p1.X)
		mid := (x0+x1)/2 - a.chipW/2
		// chipOn finds the place for the chip on band j nearest the
		// run's middle, hiding the fewest spans; false when the run is
		// taken or no place on it is free.
		chipOn := func(j int, anyRun bool) bool {
			y := v.bandY(j) - chipH/2
			if y < top+2 || y+chipH > bottom-2 {
				return false
			}
			if !anyRun && !runFree(j, x0, x1) {
				return false
			}
			// The cost of a place: how far it is from the middle, and a
			// step and a half for each span it hides.
			best, bestX, found := float32(0), float32(0), false
			reach := max((x1-x0)/2, a.chipW/2)
			if anyRun {
				reach = width
			}
			for k := 0; float32(k/2)*step <= reach; k++ {
				x := mid + float32((k+1)/2*(1-k%2*2))*step
				x = min(max(x, 2), width-a.chipW-2)
				n, ok := free(a, x, y)
				if c := abs32(x-mid) + 1.5*step*float32(n); ok && (!found || c < best) {
					best, bestX, found = c, x, true
				}
				if found && float32(k/2)*step > best {
					break // nothing further can cost less
				}
			}
			if !found {
				return false
			}
			a.chip, a.band = fyne.NewPos(bestX, y), j
			runs = append(runs, run{j, min(x0, bestX), max(x1, bestX+a.chipW)})
			return true
		}
		ok := false
		hi, lo := min(la, lb), max(la, lb)
		if hi < lo {
			// Between the two lines, next to the other span first.
			other := lb
			if a.b == focus {
				other = la
			}
			if other == lo {
				for j := lo; j > hi && !ok; j-- {
					ok = chipOn(j, false)
				}
			} else {
				for j := hi + 1; j <= lo && !ok; j++ {
					ok = chipOn(j, false)
				}
			}
		}
		for j := hi; !ok && j >= 0 && v.bandY(j) > top; j-- {
			ok = chipOn(j, false)
		}
		for j := lo + 1; !ok && v.bandY(j) < bottom; j++ {
			ok = chipOn(j, false)
		}
		// Every band is taken over this stretch: share one.
		for j := LineAt(v.lines, top-m.padTop); !ok && v.bandY(j) < bottom; j++ {
			ok = chipOn(j, true)
		}
		if !ok {
			a.chip = fyne.NewPos(min(max(mid, 2), width-a.chipW-2), top+2)
			a.band = LineAt(v.lines, top-m.padTop)
		}
		a.bandY = v.bandY(a.band)
		// An end meets its span from below when the band is under it.
		a.bottom0, a.bottom1 = a.band > la, a.band > lb
		a.below = a.bottom0 && a.bottom1
		placed = append(placed, box{a.chip.X - 1, a.chip.Y - 1, a.chip.X + a.chipW + 1, a.chip.Y + chipH + 1})
	}
	v.spreadEnds(arcs)
	for i := range arcs {
		a := &arcs[i]
		switch {
		case a.b < 0: // following the pointer: its curve is made
		case a.edge != 0:
			v.markerPath(a)
		default:
			a.path = append(a.path[:0], a.p0, fyne.NewPos(a.p0.X, a.bandY), fyne.NewPos(a.p1.X, a.bandY), a.p1)
		}
	}
}

// placeMarker puts a marker's chip on its edge at the free place nearest
// the x it points at, a row inwards when the edge is full.
func (v *SpanView) placeMarker(a *arc, free func(*arc, float32, float32) (int, bool), step float32) {
	chipH := v.chipH()
	top := v.scroll.Offset.Y
	bottom := top + v.scroll.Size().Height
	width := v.area.Size().Width
	far := a.b
	if !a.markAt1 {
		far = a.a
	}
	farX, _ := v.relAnchor(far, false)
	want := fyne.NewPos(min(max(farX.X-a.chipW/2, 2), width-a.chipW-2), top+2)
	if a.edge > 0 {
		want.Y = bottom - chipH - 2
	}
	a.chip = want
	// On the band nearest the edge, and the next ones inwards, where a
	// chip hides the tops and tails of two lines' letters, not a line's
	// words; on the edge itself when the view is too short for a band.
	row := func(k int) float32 { return want.Y - float32(a.edge*k)*(chipH+2) }
	band := LineAt(v.lines, top-v.met.padTop)
	for v.bandY(band)-chipH/2 < top+2 {
		band++
	}
	if a.edge > 0 {
		band = LineAt(v.lines, bottom-v.met.padTop) + 1
		for v.bandY(band)+chipH/2 > bottom-2 {
			band--
		}
	}
	if y := v.bandY(band) - chipH/2; y >= top+2 && y+chipH <= bottom-2 {
		row = func(k int) float32 { return v.bandY(band-a.edge*k) - chipH/2 }
	}
	for k := range 4 {
		y := row(k)
		for j := 0; float32(j/2)*step < width; j++ {
			x := want.X + float32((j+1)/2*(1-j%2*2))*step
			if _, ok := free(a, x, y); ok {
				a.chip = fyne.NewPos(x, y)
				return
			}
		}
	}
}

// markerPath runs a marker's line from the visible span into the band next
// to it, along it, and upright to the marker; straight when the marker is
// over the span, into the marker's side when it is nearer than the band.
func (v *SpanView) markerPath(a *arc) {
	chipH := v.chipH()
	near, li := a.p0, LineOf(v.lines, v.spans[a.a].Start)
	if !a.markAt1 {
		near, li = a.p1, LineOf(v.lines, v.spans[a.b].Start)
	}
	end := fyne.NewPos(a.chip.X+a.chipW/2, a.chip.Y+chipH)
	band := v.bandY(li)
	if a.edge > 0 {
		end.Y, band = a.chip.Y, v.bandY(li+1)
	}
	var corners []fyne.Position
	switch {
	case abs32(end.X-near.X) < 4:
		end.X = near.X
		corners = []fyne.Position{near, end}
	case (a.edge < 0) == (band > end.Y):
		corners = []fyne.Position{near, fyne.NewPos(near.X, band), fyne.NewPos(end.X, band), end}
	default:
		y := a.chip.Y + chipH/2
		x := a.chip.X
		if near.X > end.X {
			x += a.chipW
		}
		end = fyne.NewPos(x, y)
		corners = []fyne.Position{near, fyne.NewPos(near.X, y), end}
	}
	a.bandY = band
	if !a.markAt1 {
		slices.Reverse(corners)
	}
	a.path = append(a.path[:0], corners...)
	a.p0, a.p1 = corners[0], corners[len(corners)-1]
}

// spreadEnds sets where each arc meets its spans, at the text's top or
// bottom as place chose, spread along the middle of the span when several
// arcs meet it on the same side, in the order of the x where they go.
func (v *SpanView) spreadEnds(arcs []arc) {
	type end struct {
		arc   int
		at1   bool    // the arc's p1
		other float32 // the x of the arc's other end, to order them by
	}
	ends := map[[2]int][]end{} // by span and side (0 top, 1 bottom)
	side := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	for i := range arcs {
		a := &arcs[i]
		if a.b < 0 {
			continue // following the pointer
		}
		pa, onA := v.relAnchor(a.a, false)
		pb, onB := v.relAnchor(a.b, false)
		if a.edge != 0 {
			// The off-screen end is the marker, where the other span is.
			a.bottom0, a.bottom1 = a.edge > 0, a.edge > 0
			pb.X, pa.X = a.chip.X+a.chipW/2, a.chip.X+a.chipW/2
		}
		if onA {
			k := [2]int{a.a, side(a.bottom0)}
			ends[k] = append(ends[k], end{i, false, pb.X})
		}
		if onB {
			k := [2]int{a.b, side(a.bottom1)}
			ends[k] = append(ends[k], end{i, true, pa.X})
		}
	}
	for k, es := range ends {
		slices.SortStableFunc(es, func(p, q end) int { return cmp.Compare(p.other, q.other) })
		x0, x1, y, _ := v.anchorRange(k[0], k[1] == 1)
		for n, e := range es {
			p := fyne.NewPos((x0+x1)/2, y)
			if len(es) > 1 {
				p.X = x0 + (x1-x0)*float32(n)/float32(len(es)-1)
			}
			if e.at1 {
				arcs[e.arc].p1 = p
			} else {
				arcs[e.arc].p0 = p
			}
		}
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
