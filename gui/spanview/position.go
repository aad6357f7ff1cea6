package spanview

import "fyne.io/fyne/v2"

// Where the reader is: the line at the top of the view and the caret, as
// code points, so that a document left and opened again (in this session
// or the next, at another window width) can be shown where it was left.

// TopOffset is the code point where the first line visible at the top of
// the view starts (0 before the text is laid out).
func (v *SpanView) TopOffset() int {
	if len(v.lines) == 0 {
		return 0
	}
	return v.lines[LineAt(v.lines, v.scroll.Offset.Y-v.met.padTop)].Start
}

// ScrollToTop scrolls so that the line holding code point cp is the first
// line visible, or as near as the end of the text allows; cp is clamped to
// the text. Before the text is laid out it does nothing.
func (v *SpanView) ScrollToTop(cp int) {
	if len(v.lines) == 0 {
		return
	}
	cp = min(max(cp, 0), v.n)
	i := LineOf(v.lines, cp)
	if i == 0 {
		v.scrollTo(0) // the very top, with the padding above the first line
		return
	}
	v.scrollTo(v.lines[i].Y + v.met.padTop)
}

// Caret is the code point the caret is at.
func (v *SpanView) Caret() int { return v.caretCP() }

// SetCaret puts the caret at the token boundary at or after cp (after the
// token that ends at cp, when cp is a token's end), clearing the selection
// and the focused span. It does not scroll: the caller has chosen what is
// on screen. OnSelectionChanged and OnSpanFocused are not called.
func (v *SpanView) SetCaret(cp int) {
	cp = min(max(cp, 0), v.n)
	k := v.boundaryAt(cp)
	v.sel, v.anchor, v.focused, v.goalValid = false, -1, "", false
	v.cursor = k
	v.after = k > 0 && v.tokens[k-1].End == cp && (k == len(v.tokens) || v.tokens[k].Start != cp)
	v.area.update()
}

// PositionOf is where the middle of the character at cp is drawn, in the
// coordinates the view's pointer events use (its scrolled content's, the
// object Fyne hands taps and drags to): what a window test points at to
// click or drag on a word. The zero position before the text is laid out.
func (v *SpanView) PositionOf(cp int) fyne.Position {
	if len(v.lines) == 0 {
		return fyne.Position{}
	}
	cp = min(max(cp, 0), v.n)
	i := LineOf(v.lines, cp)
	x0, x1 := v.xOf(i, cp), v.xOf(i, min(cp+1, v.lines[i].End))
	return fyne.NewPos(v.met.padX+(x0+x1)/2, v.met.padTop+v.lines[i].Y+v.met.textH/2)
}
