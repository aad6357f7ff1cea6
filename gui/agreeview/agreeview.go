// Package agreeview shows inter-annotator agreement: a matrix of annotator
// pairs coloured by the chosen figure, the chosen pair's figures per label,
// Fleiss' kappa and each annotator against gold, and the documents worst
// first, each of which can be opened for review.
//
// It draws an agree.Report and nothing else: computing one is storage's
// job, run off the UI goroutine by the caller.
package agreeview

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model/agree"
)

// Metric names a figure the matrix can colour by.
type Metric string

const (
	SpanF1        Metric = "Span F1 (exact)"
	SpanF1Overlap Metric = "Span F1 (overlap)"
	TokenKappa    Metric = "Token kappa"
)

var metrics = []Metric{SpanF1, SpanF1Overlap, TokenKappa}

func (m Metric) of(p agree.Pair) float64 {
	switch m {
	case SpanF1Overlap:
		return p.SpanF1Overlap
	case TokenKappa:
		return p.TokenKappa
	}
	return p.SpanF1
}

// View is the agreement panel. Build it with New.
type View struct {
	report  agree.Report
	titles  map[string]string
	open    func(documentID string)
	metric  Metric
	a, b    string // the pair whose labels are shown
	matrix  *fyne.Container
	labels  *widget.Label
	summary *widget.Label
	docs    *dialogkit.List
	content fyne.CanvasObject
	close   func() // closes the panel's window, once ShowIn has put it in one
}

// New returns the panel for r. titles names documents for the list (an id
// without a title is shown as it is); open, when not nil, is called with a
// document's id when the reviewer picks it.
func New(r agree.Report, titles map[string]string, open func(documentID string)) *View {
	v := &View{report: r, titles: titles, open: open, metric: SpanF1}
	if len(r.Pairs) > 0 {
		v.a, v.b = r.Pairs[0].A, r.Pairs[0].B
	}
	v.matrix = container.NewGridWithColumns(max(len(r.Annotators)+1, 1))
	v.labels = &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}}
	v.summary = &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Wrapping: fyne.TextWrapWord}
	v.docs = dialogkit.NewList(
		func() int { return len(v.report.Documents) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}}, nil,
				&widget.Label{Truncation: fyne.TextTruncateEllipsis})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			d := v.report.Documents[i]
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Label).SetText(v.documentLine(d))
			row.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%.2f", d.Agreement))
		},
		v.escape,
	)
	v.docs.OnSelected = func(i widget.ListItemID) {
		if v.open != nil && i < len(v.report.Documents) {
			v.open(v.report.Documents[i].ID)
		}
		v.docs.UnselectAll()
	}
	// A dialogkit.Select: Fyne's own can kill the window (dialogkit.Select
	// says when), and a focused select should let Escape close the window.
	pick := dialogkit.NewSelect(metricNames(), nil, v.escape)
	pick.SetSelected(string(v.metric))
	pick.OnChanged = func(s string) {
		v.metric = Metric(s)
		v.refresh()
	}
	heading := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	left := container.NewVBox(
		container.NewBorder(nil, nil, heading("Annotator pairs"), nil, pick),
		v.matrix,
		heading("Per label, for the pair picked in the matrix"),
		v.labels,
		v.summary,
	)
	right := container.NewBorder(heading("Documents, lowest agreement first (pick one to review it)"), nil, nil, nil, v.docs)
	split := container.NewHSplit(container.NewVScroll(left), right)
	split.Offset = 0.55
	v.content = split
	if len(r.Pairs) == 0 {
		v.content = container.NewCenter(widget.NewLabel(
			"No two annotators have labeled the same document yet: there is no agreement to measure."))
	}
	v.refresh()
	return v
}

// Content is the panel's canvas object, to put in a window.
func (v *View) Content() fyne.CanvasObject { return v.content }

// ShowIn makes the panel w's content, and makes Escape and Enter close w
// wherever the focus is (Enter picks a document when the list has the
// focus): the panel is read and left, and a window opened from the
// keyboard should close from it.
func (v *View) ShowIn(w fyne.Window) {
	w.SetContent(v.content)
	v.close = w.Close
	dialogkit.CloseOnKeys(w)
}

func (v *View) escape() {
	if v.close != nil {
		v.close()
	}
}

// Pick shows the figures per label of the pair a, b.
func (v *View) Pick(a, b string) {
	if a > b {
		a, b = b, a
	}
	v.a, v.b = a, b
	v.refresh()
}

func metricNames() []string {
	out := make([]string, len(metrics))
	for i, m := range metrics {
		out[i] = string(m)
	}
	return out
}

func (v *View) pair(a, b string) (agree.Pair, bool) {
	if a > b {
		a, b = b, a
	}
	i := slices.IndexFunc(v.report.Pairs, func(p agree.Pair) bool { return p.A == a && p.B == b })
	if i < 0 {
		return agree.Pair{}, false
	}
	return v.report.Pairs[i], true
}

func (v *View) refresh() {
	v.matrix.Objects = v.matrix.Objects[:0]
	names := v.report.Annotators
	v.matrix.Objects = append(v.matrix.Objects, widget.NewLabel(""))
	for _, n := range names {
		v.matrix.Objects = append(v.matrix.Objects, widget.NewLabelWithStyle(n, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	for _, a := range names {
		v.matrix.Objects = append(v.matrix.Objects, widget.NewLabelWithStyle(a, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		for _, b := range names {
			v.matrix.Objects = append(v.matrix.Objects, v.cell(a, b))
		}
	}
	v.matrix.Refresh()
	v.labels.SetText(v.labelTable())
	v.summary.SetText(v.summaryText())
	v.docs.Refresh()
}

// cell is one square of the matrix: the pair's figure on a colour from red
// (0 or less) through amber to green (1), tappable to show its labels.
func (v *View) cell(a, b string) fyne.CanvasObject {
	p, ok := v.pair(a, b)
	if a == b || !ok {
		text := "—"
		if a != b {
			text = "no shared document"
		}
		return container.NewStack(canvas.NewRectangle(color.Transparent),
			widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	value := v.metric.of(p)
	bg := canvas.NewRectangle(Shade(value))
	bg.CornerRadius = 4
	if p.A == min(v.a, v.b) && p.B == max(v.a, v.b) {
		bg.StrokeColor = theme.Color(theme.ColorNameForeground)
		bg.StrokeWidth = 2
	}
	text := canvas.NewText(fmt.Sprintf("%.2f", value), color.Black)
	text.Alignment = fyne.TextAlignCenter
	text.TextStyle.Bold = true
	tap := widget.NewButton("", func() { v.Pick(a, b) })
	tap.Importance = widget.LowImportance
	return container.NewStack(bg, container.NewCenter(text), tap)
}

// Shade is the matrix colour for a value: red at 0 (and below, where kappa
// says worse than chance), amber at 0.5, green at 1.
func Shade(value float64) color.NRGBA {
	x := math.Max(0, math.Min(1, value))
	red := color.NRGBA{R: 0xe5, G: 0x73, B: 0x73, A: 0xff}
	amber := color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff}
	green := color.NRGBA{R: 0x81, G: 0xc7, B: 0x84, A: 0xff}
	from, to, t := red, amber, x*2
	if x > 0.5 {
		from, to, t = amber, green, (x-0.5)*2
	}
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + (float64(q)-float64(p))*t)) }
	return color.NRGBA{R: mix(from.R, to.R), G: mix(from.G, to.G), B: mix(from.B, to.B), A: 0xff}
}

// labelTable is the picked pair's figures per label, aligned in columns.
func (v *View) labelTable() string {
	p, ok := v.pair(v.a, v.b)
	if !ok {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s and %s, %d documents\n", p.A, p.B, p.Documents)
	fmt.Fprintf(&b, "%-12s %8s %8s %8s\n", "label", "F1", "overlap", "kappa")
	fmt.Fprintf(&b, "%-12s %8.3f %8.3f %8.3f\n", "all", p.SpanF1, p.SpanF1Overlap, p.TokenKappa)
	labels := make([]string, 0, len(p.PerLabel))
	for l := range p.PerLabel {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	for _, l := range labels {
		a := p.PerLabel[l]
		fmt.Fprintf(&b, "%-12s %8.3f %8.3f %8.3f\n", l, a.F1, a.F1Overlap, a.TokenKappa)
	}
	return strings.TrimRight(b.String(), "\n")
}

// summaryText is Fleiss' kappa and each annotator against gold.
func (v *View) summaryText() string {
	var b strings.Builder
	if f := v.report.Fleiss; f != nil {
		fmt.Fprintf(&b, "Fleiss' kappa %.3f over %d documents (%s)\n", f.Kappa, f.Documents, strings.Join(f.Annotators, ", "))
	}
	if len(v.report.Gold) > 0 {
		fmt.Fprintf(&b, "\nAgainst gold        %9s %8s %8s\n", "precision", "recall", "F1")
		for _, g := range v.report.Gold {
			fmt.Fprintf(&b, "%-19s %9.3f %8.3f %8.3f\n", g.Annotator, g.Precision, g.Recall, g.F1)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func (v *View) documentLine(d agree.DocumentAgreement) string {
	if t := v.titles[d.ID]; t != "" {
		return t
	}
	return d.ID
}
