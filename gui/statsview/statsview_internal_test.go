package statsview

import (
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/inkspan/inkspan/model"
)

var windowSize = fyne.NewSize(700, 500)

func exampleLabels() []model.Label {
	return []model.Label{
		{Name: "ACTOR", Color: "#e4572e", Key: "1"},
		{Name: "PLACE", Color: "#29a19c", Key: "2"},
		{Name: "FIGURE", Color: "#f0a202", Key: "3"},
	}
}

// exampleStats is a project of 10 documents. anna has looked at every one,
// bob at none (all todo), and the third annotator's name is too long for the
// name column.
func exampleStats() model.Stats {
	return model.Stats{
		Documents: 10,
		Spans:     60,
		Labels:    map[string]int{"ACTOR": 40, "PLACE": 20, "FIGURE": 0},
		Annotators: map[string]map[model.Status]int{
			"anna": {model.StatusTodo: 2, model.StatusInProgress: 1, model.StatusDone: 5, model.StatusSkipped: 2},
			"bob":  {model.StatusTodo: 10},
			"carolina-maria-del-rosario-annotating-for-the-news-desk": {model.StatusTodo: 4, model.StatusDone: 6},
		},
	}
}

func examplePace() map[string]float64 { return map[string]float64{"anna": 12.5, "bob": 0, "ghost": 25} }

// show puts v in a 700x500 test window and returns the window and the
// view's renderer.
func show(t *testing.T, v *View) (fyne.Window, *renderer) {
	t.Helper()
	w := test.NewTempWindow(t, v)
	w.Resize(windowSize)
	return w, test.TempWidgetRenderer(t, v).(*renderer)
}

// chartRow finds the row named name in chart i.
func chartRow(t *testing.T, r *renderer, i int, name string) row {
	t.Helper()
	for _, rw := range r.charts[i].rows {
		if rw.name.Text == name {
			return rw
		}
	}
	t.Fatalf("chart %d has no row %q", i, name)
	return row{}
}

// rectangles returns the rectangles drawn in the view's body.
func rectangles(r *renderer) []*canvas.Rectangle {
	var out []*canvas.Rectangle
	for _, o := range r.body.Objects {
		if rect, ok := o.(*canvas.Rectangle); ok {
			out = append(out, rect)
		}
	}
	return out
}

// texts returns every text drawn in the window.
func texts(w fyne.Window) []string {
	var out []string
	for _, o := range test.LaidOutObjects(w.Content()) {
		if t, ok := o.(*canvas.Text); ok && o.Visible() {
			out = append(out, t.Text)
		}
	}
	return out
}

func near(a, b float32) bool { return math.Abs(float64(a-b)) <= 1 }

// area is the width a full bar of chart i spans at the current size.
func area(r *renderer, i int) float32 {
	m := r.m
	return float32(math.Floor(float64(r.body.Size().Width - (m.pad + m.nameW + 2*m.pad) - m.pad - r.charts[i].valueW - m.pad)))
}

func TestLabelBarsProportional(t *testing.T) {
	test.NewTempApp(t)
	_, r := show(t, New(exampleStats(), exampleLabels(), examplePace()))

	actor := chartRow(t, r, 0, "ACTOR").segs[0]
	place := chartRow(t, r, 0, "PLACE").segs[0]
	if actor == nil || place == nil {
		t.Fatal("ACTOR and PLACE have spans but no bar")
	}
	if got, want := actor.Size().Width, 2*place.Size().Width; !near(got, want) {
		t.Fatalf("ACTOR bar %v wide, want twice PLACE's %v", got, place.Size().Width)
	}
	if got, want := actor.Size().Width, area(r, 0); !near(got, want) {
		t.Fatalf("the largest bar is %v wide, want the whole area %v", got, want)
	}
	if actor.Position().X != place.Position().X {
		t.Fatalf("bars start at %v and %v, want one column", actor.Position().X, place.Position().X)
	}
	// The count is drawn just after the bar's end.
	count := chartRow(t, r, 0, "ACTOR").value
	if count.Text != "40" || count.Position().X < actor.Position().X+actor.Size().Width {
		t.Fatalf("ACTOR count %q at x %v, bar ends at %v", count.Text, count.Position().X, actor.Position().X+actor.Size().Width)
	}
	// Bars take the label's colour.
	if got := actor.FillColor; got != labelColor("#e4572e", nil) {
		t.Fatalf("ACTOR bar colour %v", got)
	}
}

func TestLabelsInProjectOrder(t *testing.T) {
	test.NewTempApp(t)
	st := exampleStats()
	st.Labels["OLD"] = 3 // counted, but no longer in the label list
	_, r := show(t, New(st, exampleLabels(), nil))
	var got []string
	for _, rw := range r.charts[0].rows {
		got = append(got, rw.name.Text)
	}
	if strings.Join(got, " ") != "ACTOR PLACE FIGURE OLD" {
		t.Fatalf("label rows %v", got)
	}
}

func TestStackedSegmentsFillRow(t *testing.T) {
	test.NewTempApp(t)
	_, r := show(t, New(exampleStats(), exampleLabels(), examplePace()))

	anna := chartRow(t, r, 1, "anna")
	full := area(r, 1)
	var sum float32
	x := anna.segs[0].Position().X
	for i, s := range anna.segs {
		if s == nil {
			t.Fatalf("anna's segment %d is missing", i)
		}
		if s.Position().X != x {
			t.Fatalf("segment %d starts at %v, want %v where the last ended", i, s.Position().X, x)
		}
		x += s.Size().Width
		sum += s.Size().Width
	}
	if sum != full {
		t.Fatalf("anna's segments sum to %v, want the row width %v", sum, full)
	}
	// 5 done of 10 documents is half the row.
	if got := anna.segs[2].Size().Width; !near(got, full/2) {
		t.Fatalf("done segment %v wide, want %v", got, full/2)
	}
	// bob's only segment is a whole row of todo.
	bob := chartRow(t, r, 1, "bob")
	if bob.segs[0] == nil || bob.segs[0].Size().Width != full {
		t.Fatalf("bob's todo segment = %v, want %v wide", bob.segs[0], full)
	}
	if got := anna.value.Text; got != "2 · 1 · 5 · 2" {
		t.Fatalf("anna's counts %q", got)
	}
	if len(r.charts[1].legend) != 8 {
		t.Fatalf("legend has %d objects, want a swatch and a word per status", len(r.charts[1].legend))
	}
}

func TestZeroCountsDrawNoBar(t *testing.T) {
	test.NewTempApp(t)
	_, r := show(t, New(exampleStats(), exampleLabels(), examplePace()))

	figure := chartRow(t, r, 0, "FIGURE")
	if figure.segs[0] != nil {
		t.Fatal("FIGURE has no spans but a bar")
	}
	if figure.value.Text != "0" {
		t.Fatalf("FIGURE count %q", figure.value.Text)
	}
	for i, s := range chartRow(t, r, 1, "bob").segs[1:] {
		if s != nil {
			t.Fatalf("bob has no documents in status %d but a segment", i+1)
		}
	}
	if chartRow(t, r, 2, "bob").segs[0] != nil {
		t.Fatal("a pace of 0 drew a bar")
	}
	// 2 label bars + 4 + 1 + 2 status segments + 4 legend swatches + 2 pace bars.
	if got, want := len(rectangles(r)), 2+7+4+2; got != want {
		t.Fatalf("%d rectangles drawn, want %d", got, want)
	}
	for _, rect := range rectangles(r) {
		if rect.Size().Width <= 0 {
			t.Fatalf("a rectangle of width %v is drawn", rect.Size().Width)
		}
	}
}

func TestPace(t *testing.T) {
	test.NewTempApp(t)
	_, r := show(t, New(exampleStats(), exampleLabels(), map[string]float64{"anna": 10, "ghost": 20, "bob": math.NaN()}))

	anna, ghost := chartRow(t, r, 2, "anna"), chartRow(t, r, 2, "ghost")
	if !near(ghost.segs[0].Size().Width, 2*anna.segs[0].Size().Width) {
		t.Fatalf("pace bars %v and %v, want 1:2", anna.segs[0].Size().Width, ghost.segs[0].Size().Width)
	}
	if anna.value.Text != "10.0" {
		t.Fatalf("anna's pace reads %q", anna.value.Text)
	}
	for _, name := range []string{"bob", "carolina-maria-del-rosario-annotating-for-the-news-desk"} {
		var found bool
		for _, rw := range r.charts[2].rows {
			if strings.HasPrefix(name, strings.TrimSuffix(rw.name.Text, "…")) {
				found = true
				if rw.value.Text != UnknownPace || len(rw.segs) != 0 {
					t.Fatalf("%s with unknown pace shows %q and %d bars", name, rw.value.Text, len(rw.segs))
				}
			}
		}
		if !found {
			t.Fatalf("no pace row for %s", name)
		}
	}
}

func TestEmptyProject(t *testing.T) {
	test.NewTempApp(t)
	w, r := show(t, New(model.Stats{Labels: map[string]int{"ACTOR": 0}}, exampleLabels(), nil))
	if got := texts(w); len(got) != 1 || got[0] != EmptyMessage {
		t.Fatalf("empty project shows %q", got)
	}
	if len(rectangles(r)) != 0 {
		t.Fatal("empty project draws rectangles")
	}
	// Centred in the view, not stuck at the top.
	if y := r.empty.Position().Y; y < windowSize.Height/4 {
		t.Fatalf("message at y %v", y)
	}
}

func TestNoAnnotators(t *testing.T) {
	test.NewTempApp(t)
	st := exampleStats()
	st.Annotators = nil
	w, _ := show(t, New(st, exampleLabels(), nil))
	n := 0
	for _, s := range texts(w) {
		if s == NoAnnotatorMessage {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%q shown %d times, want in the status and pace charts", NoAnnotatorMessage, n)
	}
}

func TestUpdate(t *testing.T) {
	test.NewTempApp(t)
	v := New(exampleStats(), exampleLabels(), examplePace())
	w, r := show(t, v)

	st := exampleStats()
	st.Labels["PLACE"] = 80
	st.Labels["FIGURE"] = 20
	v.Update(st, exampleLabels(), examplePace())

	actor, place, figure := chartRow(t, r, 0, "ACTOR").segs[0], chartRow(t, r, 0, "PLACE").segs[0], chartRow(t, r, 0, "FIGURE").segs[0]
	if figure == nil {
		t.Fatal("FIGURE got spans but no bar")
	}
	if !near(place.Size().Width, 2*actor.Size().Width) || !near(actor.Size().Width, 2*figure.Size().Width) {
		t.Fatalf("after Update bars are %v %v %v, want 4:2:1", place.Size().Width, actor.Size().Width, figure.Size().Width)
	}
	if !near(place.Size().Width, area(r, 0)) {
		t.Fatalf("the new largest bar is %v wide, want %v", place.Size().Width, area(r, 0))
	}

	// Update to an empty project and back.
	v.Update(model.Stats{}, nil, nil)
	if got := texts(w); len(got) != 1 || got[0] != EmptyMessage {
		t.Fatalf("after Update to nothing the view shows %q", got)
	}
	v.Update(exampleStats(), exampleLabels(), nil)
	if len(r.charts) != 3 {
		t.Fatal("charts did not come back")
	}
}

func TestUpdateCopiesInput(t *testing.T) {
	test.NewTempApp(t)
	st := exampleStats()
	v := New(st, exampleLabels(), nil)
	_, r := show(t, v)
	st.Labels["ACTOR"] = 1 // the caller reuses its map
	v.Refresh()
	if got := chartRow(t, r, 0, "ACTOR").value.Text; got != "40" {
		t.Fatalf("the view followed the caller's map: ACTOR reads %q", got)
	}
}

func TestResizeRelaysOut(t *testing.T) {
	test.NewTempApp(t)
	w, r := show(t, New(exampleStats(), exampleLabels(), examplePace()))
	wide := chartRow(t, r, 0, "ACTOR").segs[0].Size().Width

	w.Resize(fyne.NewSize(450, 500))
	actor, place := chartRow(t, r, 0, "ACTOR").segs[0], chartRow(t, r, 0, "PLACE").segs[0]
	if got := actor.Size().Width; !(got < wide-200) {
		t.Fatalf("after narrowing by 250 the bar is %v wide, was %v", got, wide)
	}
	if !near(actor.Size().Width, area(r, 0)) || !near(actor.Size().Width, 2*place.Size().Width) {
		t.Fatalf("after resize bars are %v and %v, area %v", actor.Size().Width, place.Size().Width, area(r, 0))
	}
	var sum float32
	for _, s := range chartRow(t, r, 1, "anna").segs {
		sum += s.Size().Width
	}
	if sum != area(r, 1) {
		t.Fatalf("after resize anna's segments sum to %v, want %v", sum, area(r, 1))
	}
}

func TestLongNameTruncated(t *testing.T) {
	test.NewTempApp(t)
	_, r := show(t, New(exampleStats(), exampleLabels(), examplePace()))
	var name *canvas.Text
	for _, rw := range r.charts[1].rows {
		if strings.HasPrefix(rw.name.Text, "carolina") {
			name = rw.name
		}
	}
	if name == nil || !strings.HasSuffix(name.Text, "…") {
		t.Fatalf("long name = %v, want it cut with …", name)
	}
	if w := name.MinSize().Width; w > r.m.nameW {
		t.Fatalf("cut name is %v wide, column %v", w, r.m.nameW)
	}
	// Bars start after the name column, not after the full name.
	if bar := chartRow(t, r, 1, "anna").segs[0]; bar.Position().X > r.m.pad+r.m.nameW+2*r.m.pad {
		t.Fatalf("bars start at %v", bar.Position().X)
	}
}

func TestManyLabelsScroll(t *testing.T) {
	test.NewTempApp(t)
	var labels []model.Label
	st := exampleStats()
	st.Labels = map[string]int{}
	for i := range 50 {
		l := model.NewLabel("L"+string(rune('A'+i%26))+string(rune('a'+i/26)), labels)
		labels = append(labels, l)
		st.Labels[l.Name] = i + 1
	}
	v := New(st, labels, nil)
	_, r := show(t, v)
	if len(r.charts[0].rows) != 50 {
		t.Fatalf("%d label rows", len(r.charts[0].rows))
	}
	if h := r.body.MinSize().Height; h <= windowSize.Height {
		t.Fatalf("50 labels need only %v of height", h)
	}
	if h := v.MinSize().Height; h >= windowSize.Height {
		t.Fatalf("the view asks for %v of height instead of scrolling", h)
	}
	last := r.charts[0].rows[49].segs[0]
	first := r.charts[0].rows[0].segs[0]
	if full := area(r, 0); last.Size().Width != full || !near(first.Size().Width, full/50) {
		t.Fatalf("first and last bars %v and %v, want %v and %v", first.Size().Width, last.Size().Width, full/50, full)
	}
}

func TestBarWidth(t *testing.T) {
	for _, tc := range []struct {
		value, full float64
		width, want float32
	}{
		{40, 40, 300, 300},
		{20, 40, 300, 150},
		{0, 40, 300, 0},
		{1, 10000, 300, 1}, // still visible
		{5, 0, 300, 0},     // no division by zero
		{5, 10, 0, 0},
		{-3, 10, 300, 0},
	} {
		if got := barWidth(tc.value, tc.full, tc.width); got != tc.want {
			t.Errorf("barWidth(%v, %v, %v) = %v, want %v", tc.value, tc.full, tc.width, got, tc.want)
		}
	}
}

func TestStackEdges(t *testing.T) {
	edges := stackEdges([]float64{1, 1, 1}, 3, 100)
	if edges[0] != 0 || edges[3] != 100 || edges[1] != 33 || edges[2] != 67 {
		t.Fatalf("edges %v", edges)
	}
	if edges := stackEdges([]float64{1, 2}, 0, 100); edges[2] != 0 {
		t.Fatalf("empty total gave edges %v", edges)
	}
	if edges := stackEdges([]float64{3, 0, 2}, 10, 100); edges[1] != edges[2] || edges[3] != 50 {
		t.Fatalf("half-counted row gave edges %v", edges)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	test.NewTempApp(t)
	if got := truncate("anna", 100, 14); got != "anna" {
		t.Fatalf("short name cut to %q", got)
	}
	got := truncate(strings.Repeat("ż", 100), 60, 14)
	if !strings.HasSuffix(got, "…") || fyne.MeasureText(got, 14, fyne.TextStyle{}).Width > 60 {
		t.Fatalf("truncate gave %q", got)
	}
	if got := truncate("anything", 1, 14); got != "…" {
		t.Fatalf("no room gave %q", got)
	}
}

func TestRendersToMarkup(t *testing.T) {
	test.NewTempApp(t)
	w, _ := show(t, New(exampleStats(), exampleLabels(), examplePace()))
	test.AssertRendersToMarkup(t, "statsview/basic.xml", w.Canvas())
}

// TestPictures renders the view in the light and dark themes, and a long
// label set, and writes PNGs to look at: to $STATSVIEW_PICTURES if set, else
// to a temporary directory.
func TestPictures(t *testing.T) {
	dir := os.Getenv("STATSVIEW_PICTURES")
	if dir == "" {
		dir = t.TempDir()
	}
	many := exampleStats()
	var manyLabels []model.Label
	for i := range 50 {
		l := model.NewLabel(fmt.Sprintf("LABEL_%02d", i), manyLabels)
		manyLabels = append(manyLabels, l)
		many.Labels[l.Name] = (i * 37) % 90
	}
	many.Spans = 0
	for _, n := range many.Labels {
		many.Spans += n
	}
	for _, tc := range []struct {
		name   string
		theme  fyne.Theme
		stats  model.Stats
		labels []model.Label
	}{
		{"light", theme.LightTheme(), exampleStats(), exampleLabels()},
		{"dark", theme.DarkTheme(), exampleStats(), exampleLabels()},
		{"many-dark", theme.DarkTheme(), many, manyLabels},
		{"empty-light", theme.LightTheme(), model.Stats{}, exampleLabels()},
		{"attributes-light", theme.LightTheme(), attributeStats(), exampleLabels()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(tc.theme)
			w, _ := show(t, New(tc.stats, tc.labels, examplePace()))
			img := w.Canvas().Capture()
			if uniform(img) {
				t.Fatal("the picture is one colour")
			}
			f, err := os.Create(filepath.Join(dir, "statsview-"+tc.name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := png.Encode(f, img); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func uniform(img image.Image) bool {
	b := img.Bounds()
	first := img.At(b.Min.X, b.Min.Y)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if img.At(x, y) != first {
				return false
			}
		}
	}
	return true
}

func TestThemeChangeRedraws(t *testing.T) {
	a := test.NewTempApp(t)
	_, r := show(t, New(exampleStats(), exampleLabels(), examplePace()))
	for _, th := range []fyne.Theme{theme.LightTheme(), theme.DarkTheme()} {
		a.Settings().SetTheme(th)
		want := th.Color(theme.ColorNameForeground, a.Settings().ThemeVariant())
		if got := r.charts[0].title.Color; got != want {
			t.Fatalf("title colour %v after a theme change, want %v", got, want)
		}
		if got := chartRow(t, r, 0, "ACTOR").segs[0].Size().Width; got != area(r, 0) {
			t.Fatalf("after a theme change the largest bar is %v wide, want %v", got, area(r, 0))
		}
	}
}

// attributeStats is exampleStats with spans carrying attributes.
func attributeStats() model.Stats {
	st := exampleStats()
	st.Attributes = map[string]int{"kb_id": 30, "Negated": 6, "Speculated": 6, "Topic": 0}
	return st
}

// Spans per attribute name is the second chart when spans carry
// attributes, most used first (ties by name), bars in proportion; a
// project without attributes has no such chart.
func TestAttributeChart(t *testing.T) {
	test.NewTempApp(t)
	w, r := show(t, New(attributeStats(), exampleLabels(), examplePace()))
	if len(r.charts) != 4 || r.charts[1].title.Text != "Spans per attribute (4 names)" {
		t.Fatalf("%d charts, the second titled %q", len(r.charts), r.charts[1].title.Text)
	}
	var got []string
	for _, rw := range r.charts[1].rows {
		got = append(got, rw.name.Text+"="+rw.value.Text)
	}
	if strings.Join(got, " ") != "kb_id=30 Negated=6 Speculated=6 Topic=0" {
		t.Fatalf("attribute rows %v", got)
	}
	kb, negated := chartRow(t, r, 1, "kb_id").segs[0], chartRow(t, r, 1, "Negated").segs[0]
	if kb == nil || negated == nil || chartRow(t, r, 1, "Topic").segs[0] != nil {
		t.Fatal("the bars of kb_id and Negated, and none for Topic's zero, are wanted")
	}
	if math.Abs(float64(kb.Size().Width-5*negated.Size().Width)) > 5 || !near(kb.Size().Width, area(r, 1)) {
		t.Fatalf("kb_id's bar %v wide, Negated's %v, the area %v", kb.Size().Width, negated.Size().Width, area(r, 1))
	}
	if !slices.Contains(texts(w), "Spans per attribute (4 names)") {
		t.Fatal("the chart's title is not drawn")
	}
	_, plain := show(t, New(exampleStats(), exampleLabels(), nil))
	if len(plain.charts) != 3 {
		t.Fatalf("a project without attributes has %d charts, want 3", len(plain.charts))
	}
}
