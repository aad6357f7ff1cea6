package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
)

// swatchSize is the side of a label's colour square; about a line of text,
// so the swatch reads as belonging to the name beside it.
const swatchSize = 14

// labelColor parses a label's #rrggbb colour. The model validates colours on
// the way in, but an unreadable one should grey out, not break the bar.
func labelColor(hex string) color.Color {
	if c, ok := model.ParseColor(hex); ok {
		return c
	}
	return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
}

// labelItem is one entry of the label bar: swatch, key, name. Tapping it
// applies the label, like its key.
func labelItem(l model.Label, apply func(name string)) fyne.CanvasObject {
	swatch := canvas.NewRectangle(labelColor(l.Color))
	swatch.SetMinSize(fyne.NewSquareSize(swatchSize))
	swatch.CornerRadius = 3

	objs := []fyne.CanvasObject{container.NewCenter(swatch)}
	if l.Key != "" {
		objs = append(objs, &widget.Label{Text: l.Key, TextStyle: fyne.TextStyle{Bold: true}})
	}
	objs = append(objs, widget.NewLabel(l.Name))
	return newTappable(container.NewHBox(objs...), func() { apply(l.Name) })
}

// tappable makes a group of canvas objects answer a tap.
type tappable struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onTap   func()
}

func newTappable(content fyne.CanvasObject, onTap func()) *tappable {
	t := &tappable{content: content, onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tappable) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.content) }

func (t *tappable) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

// labelBar shows the project's labels so the keys that will apply them are
// always in sight. It scrolls sideways so a long label set cannot force the
// window wider.
type labelBar struct {
	box    *fyne.Container
	scroll *container.Scroll
	apply  func(name string)
}

func newLabelBar(apply func(name string)) *labelBar {
	b := &labelBar{box: container.NewHBox(), apply: apply}
	b.scroll = container.NewHScroll(b.box)
	return b
}

func (b *labelBar) setLabels(labels []model.Label) {
	objs := make([]fyne.CanvasObject, 0, 2*len(labels))
	for i, l := range labels {
		if i > 0 {
			// A fixed gap keeps neighbouring names from reading as one entry.
			gap := canvas.NewRectangle(color.Transparent)
			gap.SetMinSize(fyne.NewSize(theme.Padding()*2, 0))
			objs = append(objs, gap)
		}
		objs = append(objs, labelItem(l, b.apply))
	}
	b.box.Objects = objs
	b.box.Refresh()
}
