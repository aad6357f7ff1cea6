package agreeview_test

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/agreeview"
	"github.com/inkspan/inkspan/gui/dialogkit"
	"github.com/inkspan/inkspan/model/agree"
)

func report() agree.Report {
	return agree.Report{
		Annotators: []string{"anna", "bob", "carol"},
		Pairs: []agree.Pair{
			{A: "anna", B: "bob", Documents: 3, SpanF1: 0.8, SpanF1Overlap: 0.9, TokenKappa: 0.75,
				PerLabel: map[string]agree.LabelAgreement{"ACTOR": {F1: 1}, "PLACE": {F1: 0.5}}},
			{A: "anna", B: "carol", Documents: 2, SpanF1: 0.25, SpanF1Overlap: 0.5, TokenKappa: -0.1,
				PerLabel: map[string]agree.LabelAgreement{"FIGURE": {F1: 0.25}}},
		},
		Fleiss: &agree.Fleiss{Kappa: 0.41, Annotators: []string{"anna", "bob", "carol"}, Documents: 2},
		Gold:   []agree.Gold{{Annotator: "anna", Documents: 1, Score: agree.Score{Precision: 1, Recall: 0.5, F1: 2.0 / 3}}},
		Documents: []agree.DocumentAgreement{
			{ID: "d7", Annotators: []string{"anna", "carol"}, Agreement: 0.1},
			{ID: "d2", Annotators: []string{"anna", "bob"}, Agreement: 0.9},
		},
	}
}

// texts lists the texts a canvas object shows, labels and canvas texts.
func texts(o fyne.CanvasObject) string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		switch t := c.(type) {
		case *widget.Label:
			if t.Visible() && t.Text != "" {
				out = append(out, t.Text)
			}
		case *canvas.Text:
			if t.Visible() && t.Text != "" {
				out = append(out, t.Text)
			}
		}
	}
	return strings.Join(out, "|")
}

func TestAgreementPanel(t *testing.T) {
	test.NewTempApp(t)
	var opened string
	v := agreeview.New(report(), map[string]string{"d7": "Putin, Erdogan look to defuse Syria crisis"}, func(id string) { opened = id })
	w := test.NewTempWindow(t, v.Content())
	w.Resize(fyne.NewSize(1000, 700))
	shown := texts(v.Content())
	// The matrix: each pair's exact F1, both ways round; no figure for a
	// pair that shares nothing.
	if strings.Count(shown, "|0.80|") != 2 || strings.Count(shown, "|0.25|") != 2 || !strings.Contains(shown, "no shared document") {
		t.Fatalf("matrix texts: %s", shown)
	}
	// The first pair's labels, Fleiss and gold.
	for _, want := range []string{"anna and bob, 3 documents", "ACTOR           1.000", "PLACE           0.500",
		"Fleiss' kappa 0.410 over 2 documents", "anna                    1.000    0.500    0.667"} {
		if !strings.Contains(shown, want) {
			t.Errorf("panel lacks %q:\n%s", want, shown)
		}
	}
	// Another pair, and another metric.
	v.Pick("carol", "anna")
	if shown := texts(v.Content()); !strings.Contains(shown, "anna and carol, 2 documents") || !strings.Contains(shown, "FIGURE") {
		t.Fatalf("after picking anna and carol: %s", shown)
	}
	// Documents worst first, by title where known; picking one opens it.
	if shown := texts(v.Content()); !strings.Contains(shown, "Putin, Erdogan look to defuse Syria crisis") || !strings.Contains(shown, "d2") {
		t.Fatalf("document list: %s", shown)
	}
	for _, o := range test.LaidOutObjects(v.Content()) {
		if l, ok := o.(*dialogkit.List); ok {
			l.Select(0)
		}
	}
	if opened != "d7" {
		t.Fatalf("picking the worst document opened %q", opened)
	}
}

func TestNoPairs(t *testing.T) {
	test.NewTempApp(t)
	v := agreeview.New(agree.Report{Annotators: []string{"anna"}}, nil, nil)
	if shown := texts(v.Content()); !strings.Contains(shown, "No two annotators") {
		t.Fatalf("empty report shows %q", shown)
	}
}

func TestShade(t *testing.T) {
	for _, tc := range []struct {
		value float64
		want  color.NRGBA
	}{
		{-0.3, color.NRGBA{R: 0xe5, G: 0x73, B: 0x73, A: 0xff}},
		{0, color.NRGBA{R: 0xe5, G: 0x73, B: 0x73, A: 0xff}},
		{0.5, color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff}},
		{1, color.NRGBA{R: 0x81, G: 0xc7, B: 0x84, A: 0xff}},
	} {
		if got := agreeview.Shade(tc.value); got != tc.want {
			t.Errorf("Shade(%v) = %v, want %v", tc.value, got, tc.want)
		}
	}
}

// The agreement window closes on Escape wherever the focus is (nothing,
// the metric, the document list) and on Enter when nothing takes it; in
// the document list, Enter opens the focused document for review.
func TestAgreementWindowKeys(t *testing.T) {
	test.NewTempApp(t)
	open := func(t *testing.T) (fyne.Window, *agreeview.View, *bool, *string) {
		t.Helper()
		opened := new(string)
		v := agreeview.New(report(), nil, func(id string) { *opened = id })
		w := fyne.CurrentApp().NewWindow("Inkspan — agreement")
		w.Resize(fyne.NewSize(1000, 700))
		v.ShowIn(w)
		closed := new(bool)
		w.SetOnClosed(func() { *closed = true })
		return w, v, closed, opened
	}
	find := func(w fyne.Window, match func(fyne.CanvasObject) bool) fyne.Focusable {
		for _, o := range test.LaidOutObjects(w.Content()) {
			if match(o) {
				return o.(fyne.Focusable)
			}
		}
		t.Fatal("no such widget in the panel")
		return nil
	}
	isSelect := func(o fyne.CanvasObject) bool { _, ok := o.(*dialogkit.Select); return ok }
	isList := func(o fyne.CanvasObject) bool { _, ok := o.(*dialogkit.List); return ok }
	press := func(w fyne.Window, key fyne.KeyName) {
		ev := &fyne.KeyEvent{Name: key}
		if f := w.Canvas().Focused(); f != nil {
			f.TypedKey(ev)
		} else {
			w.Canvas().OnTypedKey()(ev)
		}
	}

	for _, tc := range []struct {
		name  string
		focus func(o fyne.CanvasObject) bool
		key   fyne.KeyName
	}{
		{"Escape", nil, fyne.KeyEscape},
		{"Enter", nil, fyne.KeyReturn},
		{"Escape in the metric", isSelect, fyne.KeyEscape},
		{"Escape in the list", isList, fyne.KeyEscape},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, _, closed, _ := open(t)
			if tc.focus != nil {
				w.Canvas().Focus(find(w, tc.focus))
			}
			press(w, tc.key)
			if !*closed {
				t.Fatalf("%s did not close the window", tc.name)
			}
		})
	}
	t.Run("Enter in the list", func(t *testing.T) {
		w, _, closed, opened := open(t)
		w.Canvas().Focus(find(w, isList))
		press(w, fyne.KeyReturn)
		if *opened != "d7" || *closed {
			t.Fatalf("Enter in the list: opened %q, window closed %v", *opened, *closed)
		}
		w.Close()
	})
}
