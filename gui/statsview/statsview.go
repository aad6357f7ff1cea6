// Package statsview draws a project's statistics as bar charts: spans per
// label, spans per attribute name (when spans carry attributes), documents
// per status for each annotator, and each annotator's labeling pace.
//
// No chart library supports Fyne 2.7.1, so the bars are canvas.Rectangle and
// the words canvas.Text, placed by hand. The widget builds its objects when
// its data or the theme changes (Refresh) and only moves and sizes them when
// its size changes (Layout), so a resize never rebuilds anything.
//
// Like every Fyne widget, a View is used on the UI goroutine only.
package statsview

import (
	"fmt"
	"image/color"
	"maps"
	"math"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
)

// Texts the view shows instead of a chart.
const (
	EmptyMessage       = "No documents yet"
	NoAnnotatorMessage = "No annotators yet"
	UnknownPace        = "—"
)

// View shows a project's statistics. Create it with New and give it new
// figures with Update.
type View struct {
	widget.BaseWidget

	stats  model.Stats
	labels []model.Label
	pace   map[string]float64
}

// New returns a view of st. labels gives the order and colours of the
// label chart; pace is documents per hour per annotator and may be nil or
// lack annotators whose pace is unknown.
func New(st model.Stats, labels []model.Label, pace map[string]float64) *View {
	v := &View{}
	v.ExtendBaseWidget(v)
	v.set(st, labels, pace)
	return v
}

// Update replaces the figures shown, with the same meaning as New's
// arguments, and redraws the charts.
func (v *View) Update(st model.Stats, labels []model.Label, pace map[string]float64) {
	v.set(st, labels, pace)
	v.Refresh()
}

// set copies the figures so a caller reusing its maps cannot change what a
// later redraw shows, or race with it.
func (v *View) set(st model.Stats, labels []model.Label, pace map[string]float64) {
	st.Labels = maps.Clone(st.Labels)
	st.Attributes = maps.Clone(st.Attributes)
	if st.Annotators != nil {
		annotators := make(map[string]map[model.Status]int, len(st.Annotators))
		for name, counts := range st.Annotators {
			annotators[name] = maps.Clone(counts)
		}
		st.Annotators = annotators
	}
	v.stats, v.labels, v.pace = st, slices.Clone(labels), maps.Clone(pace)
}

// CreateRenderer is part of fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	r := &renderer{view: v}
	r.body = &fyne.Container{Layout: (*bodyLayout)(r)}
	r.scroll = container.NewVScroll(r.body)
	r.build()
	return r
}

// statusColors are the colours of the four statuses, in model.Statuses
// order. Only todo follows the theme (its placeholder grey, so "nothing
// happened yet" reads as quiet in both variants); the others are fixed
// mid-tones, because the theme's primary colour is the user's accent choice
// (it may be green or orange and clash with done or skipped) and its
// success green is a neon #43f436 that glares on white.
var statusColors = [...]color.Color{
	nil, // todo: theme.ColorNamePlaceHolder, looked up when drawing
	color.NRGBA{R: 0x3d, G: 0x7e, B: 0xe8, A: 0xff}, // in progress: blue
	color.NRGBA{R: 0x2e, G: 0xa0, B: 0x4b, A: 0xff}, // done: green
	color.NRGBA{R: 0xe6, G: 0x93, B: 0x1e, A: 0xff}, // skipped: amber
}

// paceColor is a violet no status uses: the theme's primary blue would
// read as "in progress", which sits right above.
var paceColor = color.NRGBA{R: 0x8a, G: 0x63, B: 0xd2, A: 0xff}

// attributeColor is the bars' colour in the attribute chart: a slate no
// label, status or pace uses, since an attribute has no colour of its own.
var attributeColor = color.NRGBA{R: 0x4f, G: 0x7a, B: 0x94, A: 0xff}

// statusNames are the legend's words for model.Statuses.
var statusNames = [...]string{"todo", "in progress", "done", "skipped"}

// row is one line of a chart: a name, a bar of one or more segments, and
// the figure drawn after the bar.
type row struct {
	name *canvas.Text
	// segs[i] draws values[i]; it is nil when values[i] is zero, so a zero
	// count has no rectangle at all rather than an invisible one.
	segs   []*canvas.Rectangle
	values []float64
	value  *canvas.Text
}

// chart is one titled section.
type chart struct {
	title *canvas.Text
	// legend alternates swatch and word, for the status chart.
	legend []fyne.CanvasObject
	rows   []row
	// note replaces the rows when there is nothing to chart.
	note *canvas.Text
	// full is the value a bar spanning the whole bar area stands for.
	full float64
	// valueW is the widest figure, reserved at the right of the bar area
	// so the longest bar still has room for its figure.
	valueW float32
}

// metrics are the theme's sizes, read once per build so Layout does no
// theme look-ups.
type metrics struct {
	pad, textSize, titleSize float32
	rowH, barH, titleH       float32
	swatch                   float32
	// nameW is the width of the name column, shared by the charts so their
	// bars start at the same x.
	nameW float32
}

type renderer struct {
	view   *View
	scroll *container.Scroll
	body   *fyne.Container

	m      metrics
	empty  *canvas.Text // set instead of charts when the project is empty
	charts []*chart
}

// bodyLayout places the charts; it is the renderer seen as a fyne.Layout
// for the scrolled container, whose width is the view's width.
type bodyLayout renderer

func (r *renderer) Destroy() {}

func (r *renderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.scroll} }

func (r *renderer) MinSize() fyne.Size { return r.scroll.MinSize() }

func (r *renderer) Layout(size fyne.Size) {
	r.scroll.Resize(size)
}

func (r *renderer) Refresh() {
	r.build()
	// The scroll picks up the body's new minimum height; the body's own
	// Refresh lays the new objects out at its current size and repaints.
	r.scroll.Refresh()
	r.body.Refresh()
}

// build makes the canvas objects for the view's figures and the current
// theme. Positions and bar widths are left to Layout.
func (r *renderer) build() {
	v := r.view
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, variant)
	quiet := th.Color(theme.ColorNamePlaceHolder, variant)

	m := metrics{
		pad:       th.Size(theme.SizeNamePadding),
		textSize:  th.Size(theme.SizeNameText),
		titleSize: th.Size(theme.SizeNameSubHeadingText),
	}
	textH := fyne.MeasureText("Mg", m.textSize, fyne.TextStyle{}).Height
	m.rowH = textH + m.pad
	m.barH = float32(math.Round(float64(textH) * 0.75))
	m.titleH = fyne.MeasureText("Mg", m.titleSize, fyne.TextStyle{Bold: true}).Height
	m.swatch = float32(math.Round(float64(m.textSize) * 0.85))
	r.m = m // the empty view returns before nameW is known

	text := func(s string, c color.Color) *canvas.Text {
		t := canvas.NewText(s, c)
		t.TextSize = m.textSize
		return t
	}
	title := func(s string) *canvas.Text {
		t := canvas.NewText(s, fg)
		t.TextSize = m.titleSize
		t.TextStyle.Bold = true
		return t
	}

	r.empty, r.charts = nil, nil
	st := v.stats
	if st.Documents <= 0 {
		r.empty = text(EmptyMessage, quiet)
		r.empty.Alignment = fyne.TextAlignCenter
		r.body.Objects = []fyne.CanvasObject{r.empty}
		return
	}

	// The name column fits the longest name up to a cap, past which names
	// are cut: a long annotator name must not squeeze every bar.
	maxNameW := 12 * m.textSize
	var names []string

	// Spans per label, in project order; labels the counts know but the
	// label list does not (a label removed since) follow in grey.
	spans := &chart{title: title(fmt.Sprintf("Spans per label (%s in all)", thousands(st.Spans)))}
	known := make(map[string]bool, len(v.labels))
	type labelRow struct {
		name  string
		count int
		color color.Color
	}
	var labelRows []labelRow
	for _, l := range v.labels {
		if known[l.Name] {
			continue
		}
		known[l.Name] = true
		labelRows = append(labelRows, labelRow{l.Name, st.Labels[l.Name], labelColor(l.Color, quiet)})
	}
	for _, name := range slices.Sorted(maps.Keys(st.Labels)) {
		if !known[name] {
			labelRows = append(labelRows, labelRow{name, st.Labels[name], quiet})
		}
	}
	for _, lr := range labelRows {
		spans.full = max(spans.full, float64(lr.count))
		spans.rows = append(spans.rows, row{
			name:   text(lr.name, fg),
			segs:   []*canvas.Rectangle{bar(lr.count > 0, lr.color)},
			values: []float64{float64(max(lr.count, 0))},
			value:  text(thousands(lr.count), fg),
		})
		names = append(names, lr.name)
	}
	if len(labelRows) == 0 {
		spans.note = text("No labels yet", quiet)
	}

	// Spans per attribute name, most used first (names are not declared,
	// so there is no project order): only when some span carries one.
	var attrs *chart
	if len(st.Attributes) > 0 {
		attrs = &chart{title: title(fmt.Sprintf("Spans per attribute (%s names)", thousands(len(st.Attributes))))}
		attrNames := slices.Sorted(maps.Keys(st.Attributes))
		slices.SortStableFunc(attrNames, func(a, b string) int { return st.Attributes[b] - st.Attributes[a] })
		for _, name := range attrNames {
			n := max(st.Attributes[name], 0)
			attrs.full = max(attrs.full, float64(n))
			attrs.rows = append(attrs.rows, row{
				name:   text(name, fg),
				segs:   []*canvas.Rectangle{bar(n > 0, attributeColor)},
				values: []float64{float64(n)},
				value:  text(thousands(n), fg),
			})
			names = append(names, name)
		}
	}

	annotators := slices.Sorted(maps.Keys(st.Annotators))

	// Documents per status. A bar spanning the area stands for every
	// document of the project, so an annotator who has not been given some
	// documents shows a shorter bar rather than a stretched one.
	statuses := &chart{title: title(fmt.Sprintf("Documents per status (%s documents)", thousands(st.Documents)))}
	statuses.full = float64(st.Documents)
	for i, name := range statusNames {
		statuses.legend = append(statuses.legend, swatch(statusColor(i, quiet), m.swatch), text(name, fg))
	}
	for _, a := range annotators {
		counts := st.Annotators[a]
		rw := row{name: text(a, fg)}
		total, figures := 0, ""
		for i, s := range model.Statuses {
			n := max(counts[s], 0)
			total += n
			rw.segs = append(rw.segs, bar(n > 0, statusColor(i, quiet)))
			rw.values = append(rw.values, float64(n))
			if i > 0 {
				figures += " · "
			}
			figures += thousands(n)
		}
		statuses.full = max(statuses.full, float64(total))
		for _, s := range rw.segs {
			if s != nil {
				// Square inner corners: the segments must join into one bar.
				s.CornerRadius = 0
			}
		}
		rw.value = text(figures, fg)
		statuses.rows = append(statuses.rows, rw)
		names = append(names, a)
	}
	if len(annotators) == 0 {
		statuses.note = text(NoAnnotatorMessage, quiet)
	}

	// Labeling pace: every annotator with counts or a pace.
	paceChart := &chart{title: title("Labeling pace (documents per hour)")}
	paced := slices.Clone(annotators)
	for a := range v.pace {
		if _, ok := st.Annotators[a]; !ok {
			paced = append(paced, a)
		}
	}
	slices.Sort(paced)
	for _, a := range paced {
		p, ok := v.pace[a]
		if !ok || math.IsNaN(p) || math.IsInf(p, 0) || p < 0 {
			paceChart.rows = append(paceChart.rows, row{name: text(a, fg), value: text(UnknownPace, quiet)})
			names = append(names, a)
			continue
		}
		paceChart.full = max(paceChart.full, p)
		paceChart.rows = append(paceChart.rows, row{
			name:   text(a, fg),
			segs:   []*canvas.Rectangle{bar(p > 0, paceColor)},
			values: []float64{p},
			value:  text(strconv.FormatFloat(p, 'f', 1, 64), fg),
		})
		names = append(names, a)
	}
	if len(paced) == 0 {
		paceChart.note = text(NoAnnotatorMessage, quiet)
	}

	for _, n := range names {
		m.nameW = max(m.nameW, fyne.MeasureText(n, m.textSize, fyne.TextStyle{}).Width)
	}
	m.nameW = min(m.nameW, maxNameW)
	r.m = m

	r.charts = []*chart{spans}
	if attrs != nil {
		r.charts = append(r.charts, attrs)
	}
	r.charts = append(r.charts, statuses, paceChart)
	var objs []fyne.CanvasObject
	for _, c := range r.charts {
		objs = append(objs, c.title)
		objs = append(objs, c.legend...)
		if c.note != nil {
			objs = append(objs, c.note)
		}
		for _, rw := range c.rows {
			rw.name.Text = truncate(rw.name.Text, m.nameW, m.textSize)
			objs = append(objs, rw.name)
			for _, s := range rw.segs {
				if s != nil {
					objs = append(objs, s)
				}
			}
			objs = append(objs, rw.value)
			c.valueW = max(c.valueW, rw.value.MinSize().Width)
		}
	}
	r.body.Objects = objs
}

// bar returns the rectangle for a non-zero value, nil for zero.
func bar(nonZero bool, c color.Color) *canvas.Rectangle {
	if !nonZero {
		return nil
	}
	b := canvas.NewRectangle(c)
	b.CornerRadius = 2
	return b
}

func swatch(c color.Color, side float32) *canvas.Rectangle {
	s := canvas.NewRectangle(c)
	s.CornerRadius = 2
	s.SetMinSize(fyne.NewSquareSize(side))
	return s
}

func statusColor(i int, todo color.Color) color.Color {
	if statusColors[i] == nil {
		return todo
	}
	return statusColors[i]
}

// labelColor parses a #rrggbb label colour; an unreadable one is drawn in
// fallback rather than failing the whole view.
func labelColor(hex string, fallback color.Color) color.Color {
	if c, ok := model.ParseColor(hex); ok {
		return c
	}
	return fallback
}

// thousands formats n with comma separators, so 1234567 reads at a glance.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// truncate shortens s with a trailing "…" until it fits width at the text
// size; it cuts at code points, which is exact enough for names.
func truncate(s string, width, size float32) string {
	measure := func(t string) float32 { return fyne.MeasureText(t, size, fyne.TextStyle{}).Width }
	if measure(s) <= width {
		return s
	}
	runes := []rune(s)
	// The longest prefix that fits with the ellipsis, by binary search.
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if measure(string(runes[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(runes[:lo]) + "…"
}

// barWidth is the width of a bar for value when full spans width, rounded
// to whole units so bars have crisp ends. A non-zero value keeps at least
// one unit, so a label used once still shows a bar next to the biggest.
func barWidth(value, full float64, width float32) float32 {
	if value <= 0 || full <= 0 || width <= 0 {
		return 0
	}
	return max(1, float32(math.Round(value/full*float64(width))))
}

// stackEdges returns where each segment of a stacked bar starts, plus the
// end of the last: segment i runs from edges[i] to edges[i+1]. Rounding the
// running total rather than each segment keeps the sum exact, so a row whose
// values add up to full ends exactly at width.
func stackEdges(values []float64, full float64, width float32) []float32 {
	edges := make([]float32, len(values)+1)
	if full <= 0 || width <= 0 {
		return edges
	}
	sum := 0.0
	for i, v := range values {
		sum += max(v, 0)
		edges[i+1] = float32(math.Round(sum / full * float64(width)))
	}
	return edges
}

// MinSize is part of fyne.Layout: the charts' height, and a width that
// leaves the bars a little room.
func (l *bodyLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	r := (*renderer)(l)
	m := r.m
	if r.empty != nil {
		s := r.empty.MinSize()
		return fyne.NewSize(s.Width+4*m.pad, s.Height+8*m.pad)
	}
	h := m.pad
	w := float32(0)
	for _, c := range r.charts {
		h += m.titleH + m.pad
		if len(c.legend) > 0 {
			h += m.rowH
		}
		if c.note != nil {
			h += m.rowH
		}
		h += float32(len(c.rows)) * m.rowH
		h += 3 * m.pad
		w = max(w, 4*m.pad+m.nameW+8*m.pad+c.valueW)
	}
	return fyne.NewSize(w, h)
}

// Layout is part of fyne.Layout. It sizes bars for the width it is given
// and only moves and resizes: it never refreshes.
func (l *bodyLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	r := (*renderer)(l)
	m := r.m
	if r.empty != nil {
		s := r.empty.MinSize()
		r.empty.Move(fyne.NewPos(0, (size.Height-s.Height)/2))
		r.empty.Resize(fyne.NewSize(size.Width, s.Height))
		return
	}
	x0 := m.pad
	barX := x0 + m.nameW + 2*m.pad
	y := m.pad
	for _, c := range r.charts {
		c.title.Move(fyne.NewPos(x0, y))
		c.title.Resize(c.title.MinSize())
		y += m.titleH + m.pad

		if len(c.legend) > 0 {
			x := barX
			for i := 0; i+1 < len(c.legend); i += 2 {
				sw, word := c.legend[i], c.legend[i+1]
				sw.Resize(fyne.NewSquareSize(m.swatch))
				sw.Move(fyne.NewPos(x, y+(m.rowH-m.swatch)/2))
				x += m.swatch + m.pad
				ws := word.MinSize()
				word.Resize(ws)
				word.Move(fyne.NewPos(x, y+(m.rowH-ws.Height)/2))
				x += ws.Width + 3*m.pad
			}
			y += m.rowH
		}
		if c.note != nil {
			c.note.Move(fyne.NewPos(barX, y+(m.rowH-c.note.MinSize().Height)/2))
			c.note.Resize(c.note.MinSize())
			y += m.rowH
		}

		// Whole units, so stacked segments that fill a row sum to it exactly.
		area := float32(math.Floor(float64(max(0, size.Width-barX-m.pad-c.valueW-m.pad))))
		// Rounded, so bar edges fall on whole pixels at scale 1 and stay sharp.
		barY := y + float32(math.Round(float64(m.rowH-m.barH)/2))
		for _, rw := range c.rows {
			ns := rw.name.MinSize()
			rw.name.Move(fyne.NewPos(x0, y+(m.rowH-ns.Height)/2))
			rw.name.Resize(ns)

			end := float32(0)
			if len(rw.segs) == 1 {
				end = barWidth(rw.values[0], c.full, area)
				if s := rw.segs[0]; s != nil {
					s.Move(fyne.NewPos(barX, barY))
					s.Resize(fyne.NewSize(end, m.barH))
				}
			} else if len(rw.segs) > 1 {
				edges := stackEdges(rw.values, c.full, area)
				for i, s := range rw.segs {
					if s == nil {
						continue
					}
					s.Move(fyne.NewPos(barX+edges[i], barY))
					s.Resize(fyne.NewSize(edges[i+1]-edges[i], m.barH))
				}
				end = edges[len(edges)-1]
			}

			vs := rw.value.MinSize()
			gap := m.pad
			if end == 0 {
				gap = 0
			}
			rw.value.Move(fyne.NewPos(barX+end+gap, y+(m.rowH-vs.Height)/2))
			rw.value.Resize(vs)
			y += m.rowH
			barY += m.rowH
		}
		y += 3 * m.pad
	}
}
