package gui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model/learn"
)

// modelFolds is the cross-validation the Model panel scores by: five
// folds, as inkspan train does by default.
const modelFolds = 5

// ShowModel opens View ▸ Model: each label's precision, recall and F1 by
// cross-validation on the annotator's finished documents, and a learning
// curve of F1 as documents are added, drawn as a chart. Scoring trains a
// model per fold and point, on a goroutine; the window stays usable.
func (ws *Workspace) ShowModel() {
	st, ok := ws.learnStore()
	if !ok {
		ws.showMessageDialog("Model", "Learned suggestions are not available for team projects yet.")
		return
	}
	annotator := ws.annotator
	ws.pending.Add(1)
	go func() {
		ctx := context.WithoutCancel(ws.ctx)
		finished := 0
		err := st.LearnDocuments(ctx, annotator, func(d app.LearnDocument) error {
			if d.Done {
				finished++
			}
			return nil
		})
		var trained app.Trained
		if err == nil && finished >= modelFolds {
			trained, err = app.TrainModel(ctx, st, annotator, app.TrainRun{Folds: modelFolds, Curve: curvePoints(finished), Seed: 1})
		}
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if err != nil {
				ws.showError("score the model", err)
				return
			}
			if finished < modelFolds {
				ws.showMessageDialog("Model", fmt.Sprintf("The model is scored by %d-fold cross-validation on the documents you finished: "+
					"finish %d more to see its scores.", modelFolds, modelFolds-finished))
				return
			}
			dialogkit.ShowContent(ws.win, "Model", "Close", modelPanel(trained), fyne.NewSize(640, 560))
		})
	}()
}

func (ws *Workspace) showMessageDialog(title, text string) {
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	dialogkit.ShowContent(ws.win, title, "Close", label, fyne.NewSize(480, 200))
}

// curvePoints are the learning curve's document counts for n finished
// documents: each fold trains on about four fifths of them, and the curve
// doubles up to that.
func curvePoints(n int) []int {
	most := n - (n+modelFolds-1)/modelFolds
	var sizes []int
	for s := 1; s < most; s *= 2 {
		sizes = append(sizes, s)
	}
	return append(sizes, most)
}

// modelPanel is the Model panel's content: the scores table and the chart.
func modelPanel(t app.Trained) fyne.CanvasObject {
	grid := container.NewGridWithColumns(4)
	head := func(s string) {
		grid.Add(widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	}
	for _, h := range []string{"Label", "Precision", "Recall", "F1"} {
		head(h)
	}
	row := func(s learn.Score, name string) {
		grid.Add(widget.NewLabelWithStyle(name, fyne.TextAlignTrailing, fyne.TextStyle{}))
		for _, v := range []float64{s.Precision, s.Recall, s.F1} {
			grid.Add(widget.NewLabelWithStyle(fmt.Sprintf("%.2f", v), fyne.TextAlignTrailing, fyne.TextStyle{}))
		}
	}
	for _, s := range t.Report.Labels {
		row(s, s.Label)
	}
	row(t.Report.Overall, "overall")
	intro := widget.NewLabel(fmt.Sprintf("Trained on the %d documents you finished; scored by %d-fold cross-validation (exact matches).", t.Documents, modelFolds))
	intro.Wrapping = fyne.TextWrapWord
	chartTitle := widget.NewLabel("Learning curve: F1 as documents are added")
	return container.NewBorder(container.NewVBox(intro, grid, chartTitle), nil, nil, nil, newCurveChart(t.Curve))
}

// curveChart draws a learning curve: F1 (0 to 1, up) against the number of
// training documents (across), as lines between the points.
type curveChart struct {
	widget.BaseWidget
	points []learn.CurvePoint
}

func newCurveChart(points []learn.CurvePoint) *curveChart {
	c := &curveChart{points: points}
	c.ExtendBaseWidget(c)
	return c
}

func (c *curveChart) CreateRenderer() fyne.WidgetRenderer {
	r := &curveRenderer{chart: c}
	r.build()
	return r
}

type curveRenderer struct {
	chart   *curveChart
	axes    [2]*canvas.Line
	lines   []*canvas.Line
	dots    []*canvas.Circle
	labels  []*canvas.Text // F1 of each point
	objects []fyne.CanvasObject
}

func (r *curveRenderer) build() {
	fg := theme.Color(theme.ColorNameForeground)
	accent := theme.Color(theme.ColorNamePrimary)
	for i := range r.axes {
		r.axes[i] = canvas.NewLine(fg)
		r.objects = append(r.objects, r.axes[i])
	}
	for i, p := range r.chart.points {
		if i > 0 {
			l := canvas.NewLine(accent)
			l.StrokeWidth = 2
			r.lines = append(r.lines, l)
			r.objects = append(r.objects, l)
		}
		d := canvas.NewCircle(accent)
		r.dots = append(r.dots, d)
		t := canvas.NewText(fmt.Sprintf("%.2f (%d)", p.Report.Overall.F1, p.Documents), fg)
		t.TextSize = theme.CaptionTextSize()
		r.labels = append(r.labels, t)
		r.objects = append(r.objects, d, t)
	}
}

// Layout places the points: x by the document count on a scale from 0 to
// the last point's, y by F1.
func (r *curveRenderer) Layout(size fyne.Size) {
	pad := theme.Padding() * 4
	w, h := size.Width-2*pad, size.Height-2*pad
	origin := fyne.NewPos(pad, pad+h)
	r.axes[0].Position1, r.axes[0].Position2 = origin, fyne.NewPos(pad+w, pad+h)
	r.axes[1].Position1, r.axes[1].Position2 = origin, fyne.NewPos(pad, pad)
	most := 1
	for _, p := range r.chart.points {
		most = max(most, p.Documents)
	}
	at := func(p learn.CurvePoint) fyne.Position {
		return fyne.NewPos(pad+w*float32(p.Documents)/float32(most), pad+h*(1-float32(p.Report.Overall.F1)))
	}
	const dot = 6
	for i, p := range r.chart.points {
		pos := at(p)
		if i > 0 {
			r.lines[i-1].Position1, r.lines[i-1].Position2 = at(r.chart.points[i-1]), pos
		}
		r.dots[i].Move(pos.SubtractXY(dot/2, dot/2))
		r.dots[i].Resize(fyne.NewSquareSize(dot))
		r.labels[i].Move(pos.SubtractXY(0, theme.CaptionTextSize()+dot))
	}
}

func (r *curveRenderer) MinSize() fyne.Size           { return fyne.NewSize(320, 200) }
func (r *curveRenderer) Refresh()                     { canvas.Refresh(r.chart) }
func (r *curveRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *curveRenderer) Destroy()                     {}
