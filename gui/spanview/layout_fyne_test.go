package spanview_test

import (
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/rivo/uniseg"

	"github.com/inkspan/inkspan/gui/spanview"
	"github.com/inkspan/inkspan/model/tokenize"
)

// fyneMeasure measures with the font the test app renders with, the one
// that has kerning and fallback fonts, unlike mono.
func fyneMeasure(t *testing.T) spanview.Measure {
	t.Helper()
	test.NewTempApp(t)
	return func(s string) float32 { return fyne.MeasureText(s, 14, fyne.TextStyle{}).Width }
}

func TestWrapRealFont(t *testing.T) {
	m := fyneMeasure(t)
	texts := append([]string{readSeed(t)}, hardTexts...)
	for _, text := range texts {
		for _, width := range []float32{60, 150, 400, 900} {
			// The measure the view wraps with.
			lines := wrap(text, width, spanview.Cached(spanview.PairMeasure(m)))
			// Wrap adds token widths, themselves sums of characters and
			// pairs; shaping beyond pairs can make the whole line a little
			// wider than that sum.
			checkLines(t, text, lines, width+2, m)
		}
	}
}

// TestOffsetAtRealFont puts x on every cluster boundary of lines with
// accents, combining marks, emoji sequences, flags and CJK, and just inside
// each cluster, and checks the boundary found: summing per-character widths
// would drift here.
func TestOffsetAtRealFont(t *testing.T) {
	m := fyneMeasure(t)
	for _, s := range append(hardTexts, "Erdoğan “quoted” — Türkiye’nin 東京 👨‍👩‍👧 🇹🇷 e\u0301\u0323 café") {
		s = spanview.Display(s)
		line := spanview.Line{Start: 1000}
		var bounds []int // byte offsets of cluster boundaries
		var cpAt []int
		b, cp, state, rest := 0, 0, -1, s
		bounds, cpAt = append(bounds, 0), append(cpAt, 0)
		for rest != "" {
			var g string
			g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			b += len(g)
			cp += utf8.RuneCountInString(g)
			bounds, cpAt = append(bounds, b), append(cpAt, cp)
		}
		for k := range bounds {
			x := m(s[:bounds[k]])
			if got := spanview.OffsetAt(line, s, x, m) - line.Start; got != cpAt[k] {
				t.Fatalf("%q: OffsetAt(x of boundary %d = %v) = %d, want %d", s, k, x, got, cpAt[k])
			}
			if k+1 < len(bounds) {
				next := m(s[:bounds[k+1]])
				if next-x < 1 {
					continue // a zero-width cluster: both boundaries are right
				}
				in := x + (next-x)*0.3
				if got := spanview.OffsetAt(line, s, in, m) - line.Start; got != cpAt[k] {
					t.Fatalf("%q: OffsetAt(%v, 30%% into cluster %d) = %d, want %d", s, in, k, got, cpAt[k])
				}
				if got := spanview.CharAt(line, s, in, m) - line.Start; got != cpAt[k] {
					t.Fatalf("%q: CharAt(%v) = %d, want %d", s, in, got, cpAt[k])
				}
			}
		}
	}
}

// TestPairMeasure compares the approximation with whole-string measurement
// on every token of the seed article and the hard texts.
func TestPairMeasure(t *testing.T) {
	m := fyneMeasure(t)
	p := spanview.PairMeasure(m)
	for _, text := range append([]string{readSeed(t), "AVAWAY To Ty Wa P. L'T office ffl Straße Ærø Œuvre ЖЖукЯ Ελλάδα — –"}, hardTexts...) {
		for _, tok := range tokenize.Tokenize(text) {
			if got, want := p(tok.Text), m(tok.Text); got < want-0.5 || got > want+0.5 {
				t.Errorf("PairMeasure(%q) = %v, measured %v", tok.Text, got, want)
			}
		}
	}
}
