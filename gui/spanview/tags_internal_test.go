package spanview

import (
	"fmt"
	"image/color"
	"math/rand/v2"
	"slices"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model/tokenize"
)

// wordSpans labels every word of text (tokens with a letter or a digit),
// cycling through the test labels.
func wordSpans(text string) []Span {
	var spans []Span
	for _, tk := range tokenize.Tokenize(text) {
		if !slices.ContainsFunc([]rune(tk.Text), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		spans = append(spans, Span{ID: fmt.Sprint(len(spans)), Start: tk.Start, End: tk.End, Label: testLabels[len(spans)%len(testLabels)].Name})
	}
	return spans
}

// TestTagsOverTheirOwnSpans labels every word of the article, so that tags
// would crowd if they shared a line with nothing, renders the view and
// finds each tag by its pixels: every span on screen has its own chip, in its
// label's colour, right after its last letter on its own line, and no
// chip appears where no span ends.
func TestTagsOverTheirOwnSpans(t *testing.T) {
	text := readSeed(t)
	spans := wordSpans(text)
	v, w := newView(t, text, spans, fyne.NewSize(800, 600))
	img := w.Canvas().Capture()
	saveShot(t, img, "spanview-dense-tags.png")
	o := origin(v)
	last := LineAt(v.lines, v.scroll.Size().Height-v.met.padTop-v.met.lineH)
	checked := 0
	for i := 0; i <= last; i++ {
		y0, y1 := textBand(v, i)
		l := v.lines[i]
		for _, lb := range testLabels {
			chips := chipRuns(img, lb.Color.(color.NRGBA), y0, y1)
			// Where this label's spans on this line end: the right edge of
			// the piece of text their last letter ends.
			var want []float32
			ps := v.linePieces(i)
			for _, s := range spans {
				if s.Label != lb.Name || s.End-1 < l.Start || s.End-1 >= l.End {
					continue
				}
				k := slices.IndexFunc(ps, func(p Piece) bool { return p.End == s.End })
				if k < 0 {
					t.Fatalf("line %d: no piece of text ends where span %q ends", i, s.ID)
				}
				want = append(want, o.X+v.met.padX+ps[k].X+ps[k].W)
			}
			if len(chips) != len(want) {
				t.Fatalf("line %d: %d %s chips at %v, want one after each of its %d spans", i, len(chips), lb.Name, chips, len(want))
			}
			for k, x := range want {
				// After the letter, the gap before the first chip, and the
				// chips of shorter spans ending there (none: words do not nest).
				if d := float32(chips[k][0]) - x; d < 0 || d > chipGap+3 {
					t.Errorf("line %d: the %s chip at columns %v is %.1f px from its span's end at %.1f", i, lb.Name, chips[k], d, x)
				}
				checked++
			}
		}
	}
	if checked < 150 {
		t.Fatalf("only %d tags checked: the article should fill the view with spans", checked)
	}
}

// TestLabelingRewrapsLikeAFullWrap adds, removes and relabels spans at
// random and checks after each change that the lines re-wrapped from just
// before the change to the end of its paragraph are the lines a full wrap
// makes.
func TestLabelingRewrapsLikeAFullWrap(t *testing.T) {
	text := readSeed(t) + "\n\n" + rtlDoc + "\n" + readSeed(t)
	all := wordSpans(text)
	rng := rand.New(rand.NewPCG(1, 2))
	v, _ := newView(t, text, nil, fyne.NewSize(700, 500))
	on := map[int]bool{}
	for step := range 300 {
		switch k := rng.IntN(len(all)); {
		case step%50 == 49:
			// A batch, as label-all makes: many spans at once.
			for range 40 {
				on[rng.IntN(len(all))] = true
			}
		default:
			on[k] = !on[k]
			if rng.IntN(4) == 0 {
				all[k].Label = testLabels[rng.IntN(len(testLabels))].Name
			}
		}
		var spans []Span
		for k := range all {
			if on[k] {
				spans = append(spans, all[k])
			}
		}
		v.SetSpans(spans)
		want := Wrap(v.text, v.tokens, v.makeChips(nil), v.wrapW, v.met.lineH, v.cached)
		if !slices.Equal(v.lines, want) {
			for i := range min(len(v.lines), len(want)) {
				if v.lines[i] != want[i] {
					t.Fatalf("step %d: line %d is %+v, a full wrap makes %+v", step, i, v.lines[i], want[i])
				}
			}
			t.Fatalf("step %d: %d lines, a full wrap makes %d", step, len(v.lines), len(want))
		}
	}
}

// TestTapOnTagFocusesItsSpan clicks the tags of two spans that end at the
// same word, the inner and the outer one: each click focuses the span the
// tag names, and a double click on a tag selects no word.
func TestTapOnTagFocusesItsSpan(t *testing.T) {
	text := "Turkish President Recep Tayyip Erdoğan spoke in Ankara."
	name := cpOf(text, "Recep", 0)
	spans := []Span{
		{ID: "role", Start: 0, End: name + 20, Label: "ORG"},
		{ID: "per", Start: name, End: name + 20, Label: "PER"},
		{ID: "loc", Start: cpOf(text, "Ankara", 0), End: cpOf(text, "Ankara", 0) + 6, Label: "LOC"},
	}
	v, w := newView(t, text, spans, fyne.NewSize(900, 300))
	w.Canvas().Focus(v)
	for _, want := range []string{"per", "role", "loc"} {
		i := v.spanIndex(want)
		li := LineOf(v.lines, v.spans[i].End-1)
		x0, x1, _, ok := v.chipBox(v.linePieces(li), v.chips[v.chipIndex(i)])
		if !ok {
			t.Fatalf("%s: no tag on line %d", want, li)
		}
		at := fyne.NewPos(v.met.padX+(x0+x1)/2, v.met.padTop+v.lines[li].Y+v.met.textH/2)
		test.TapAt(v.area, at)
		if f, _ := v.FocusedSpan(); f.ID != want {
			t.Fatalf("a click on %s's tag focused %q", want, f.ID)
		}
		v.area.DoubleTapped(&fyne.PointEvent{Position: at})
		if _, _, sel := v.Selection(); sel {
			t.Fatalf("a double click on %s's tag selected a word", want)
		}
	}
}
