package spanview

import (
	"cmp"
	"slices"
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

// Tags inside the line.
//
// A span's label is drawn as a small tag inside its highlight, right after
// its last character, in room the wrapping keeps there (a Gap), the way
// Prodigy and displaCy show entities. Tags above the text needed a band as
// tall as a line of small text over every line, so a line was three times
// the font size and a window showed 13 lines; inside the line, a line is
// the text and the nested-span bars, and a tag can only ever sit on its own
// span: spans packed word against word push the words apart instead of
// stacking their tags.
//
// The cost is that a change of spans changes the wrapping: a new tag makes
// its line wider. Only the lines from just before the first change to the
// end of the paragraph of the last change are wrapped again (setGaps), so a
// label key on a long document re-wraps one paragraph.

// chip is one tag drawn in a gap: the span it names and its width.
type chip struct {
	at   int // the span's End: the gap it sits in
	span int // index in v.spans
	w    float32
}

const (
	chipPadX = 3 // room on each side of a tag's text inside its chip
	chipGap  = 2 // room between the text and a chip, and between chips
)

// chipOrder sorts chips by gap, and within a gap the inner span's first
// (the one that started later), so the outer span's tag is outermost.
func (v *SpanView) chipOrder(a, b chip) int {
	if c := cmp.Compare(a.at, b.at); c != 0 {
		return c
	}
	sa, sb := v.spans[a.span], v.spans[b.span]
	if c := cmp.Compare(sb.Start, sa.Start); c != 0 {
		return c
	}
	return cmp.Compare(sa.ID, sb.ID)
}

// makeChips lists the tags of the spans into v.chips and appends the gaps
// they need to gaps, sorted by position.
func (v *SpanView) makeChips(gaps []Gap) []Gap {
	chips := v.chips[:0]
	for i, s := range v.spans {
		chips = append(chips, chip{at: s.End, span: i, w: v.tagW(spanTag(s), !s.Candidate) + 2*chipPadX})
	}
	slices.SortFunc(chips, v.chipOrder)
	v.chips = chips
	for _, c := range chips {
		if n := len(gaps); n > 0 && gaps[n-1].At == c.at {
			gaps[n-1].W += c.w + chipGap
			continue
		}
		gaps = append(gaps, Gap{At: c.at, W: chipGap + c.w + chipGap})
	}
	return gaps
}

// chipFrom is the index of the first chip at code point at or after it.
func (v *SpanView) chipFrom(at int) int {
	i, _ := slices.BinarySearchFunc(v.chips, at, func(c chip, at int) int { return cmp.Compare(c.at, at) })
	return i
}

// chipsAt returns the chips in the gap at code point at, in drawing order
// from the text outwards.
func (v *SpanView) chipsAt(at int) []chip {
	i := v.chipFrom(at)
	j := i
	for j < len(v.chips) && v.chips[j].at == at {
		j++
	}
	return v.chips[i:j]
}

// gapsChanged returns the range of code points [lo, hi] where two gap
// lists differ, or ok false when they are the same.
func gapsChanged(old, new []Gap) (lo, hi int, ok bool) {
	lo, hi = -1, -1
	note := func(at int) {
		if lo < 0 || at < lo {
			lo = at
		}
		hi = max(hi, at)
	}
	i, j := 0, 0
	for i < len(old) || j < len(new) {
		switch {
		case j == len(new) || i < len(old) && old[i].At < new[j].At:
			note(old[i].At)
			i++
		case i == len(old) || new[j].At < old[i].At:
			note(new[j].At)
			j++
		default:
			if old[i].W != new[j].W {
				note(old[i].At)
			}
			i++
			j++
		}
	}
	return lo, hi, lo >= 0
}

// refreshTags recomputes the tags after the spans changed and re-wraps the
// lines their gaps moved, keeping the first line on screen where it is.
func (v *SpanView) refreshTags() {
	if v.measure == nil {
		return // no metrics yet: the first wrap makes the gaps
	}
	// Two buffers take turns, since the new gaps are compared with the
	// ones the lines were wrapped with: labelling allocates nothing here.
	gaps := v.makeChips(v.gapBuf[:0])
	lo, hi, changed := gapsChanged(v.gaps, gaps)
	v.gapBuf, v.gaps = v.gaps, gaps
	if !changed || len(v.lines) == 0 || v.wrapW == 0 {
		return
	}
	v.keepTop(func() { v.rewrapRange(lo, hi) })
}

// keepTop runs change, which moves lines, and scrolls so that the line
// that held the first character on screen still starts at the top.
func (v *SpanView) keepTop(change func()) {
	i := LineAt(v.lines, v.scroll.Offset.Y-v.met.padTop)
	top, dy := v.lines[i].Start, v.scroll.Offset.Y-v.lines[i].Y
	change()
	v.scroll.Offset.Y = max(v.lines[LineOf(v.lines, top)].Y+dy, 0)
	v.area.Resize(v.area.Size().Max(v.area.MinSize()))
	v.scroll.Refresh()
}

// rewrapRange wraps again the lines that the gaps at code points lo..hi
// sit on: from the line before the first one (a word that lost its tag may
// now fit there) to the end of the last one's paragraph, where the old and
// the new lines meet again.
func (v *SpanView) rewrapRange(lo, hi int) {
	first := LineOf(v.lines, max(lo-1, 0))
	if first > 0 && !endsParagraph(v.text, v.lines[first-1]) {
		first--
	}
	w := &wrapper{text: v.text, width: v.wrapW, lineHeight: v.met.lineH, measure: v.cached, gaps: v.gaps}
	l := v.lines[first]
	_, end := w.walk(v.wrapTokens, l.StartByte, l.Start, hi)
	last := LineOf(v.lines, max(end-1, 0)) // the old line ending where the walk stopped
	moved := len(w.lines) != last+1-first
	v.lines = slices.Replace(v.lines, first, last+1, w.lines...)
	upTo := first + len(w.lines)
	if moved {
		upTo = len(v.lines) // the lines after moved up or down
	}
	for i := first; i < upTo; i++ {
		v.lines[i].Y = float32(i) * v.met.lineH
	}
	v.dropLayout()
}

// spanTag is the text of a span's tag.
func spanTag(s Span) string { return cmp.Or(s.Tag, s.Label) }

// gapIn reports whether a gap sits on line l: at a code point in
// (l.Start, l.End], owed by one of its characters.
func (v *SpanView) gapIn(l Line) bool {
	i := gapFrom(v.gaps, l.Start+1)
	return i < len(v.gaps) && v.gaps[i].At <= l.End
}

// withGaps cuts the pieces of line l, in visual order, where a gap falls
// inside one, and gives each gap to the piece that ends where it sits (or,
// for a gap past the drawn text, the piece that ends the text). Place then
// leaves the room after the piece, on its left when it runs right to left.
func withGaps(text string, l Line, ps []Piece, gaps []Gap) []Piece {
	i := gapFrom(gaps, l.Start+1)
	out := ps
	for ; i < len(gaps) && gaps[i].At <= l.End; i++ {
		g := gaps[i]
		k := slices.IndexFunc(out, func(p Piece) bool { return p.Start < g.At && g.At < p.End })
		if k >= 0 {
			out = splitPiece(text, out, k, g.At)
		}
		k = slices.IndexFunc(out, func(p Piece) bool { return p.End == g.At })
		if k < 0 {
			// The span ends in the line break, which has no piece: the
			// tag goes after the piece that ends the drawn text.
			last := 0
			for j := range out {
				if out[j].End > out[last].End {
					last = j
				}
			}
			k = last
		}
		if k < len(out) {
			if out[k].Gap == 0 {
				out[k].GapAt = g.At
			}
			out[k].Gap += g.W
		}
	}
	return out
}

// splitPiece cuts ps[k] at code point at into two pieces, in visual order:
// the first part on the left for left to right, on the right otherwise.
func splitPiece(text string, ps []Piece, k, at int) []Piece {
	p := ps[k]
	b := p.StartByte
	for c := p.Start; c < at; c++ {
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	a, z := p, p
	a.End, a.EndByte = at, b
	z.Start, z.StartByte = at, b
	if p.RTL() {
		a, z = z, a
	}
	ps = slices.Insert(ps, k+1, z)
	ps[k] = a
	return ps
}

// plainPieces is a left-to-right line as one piece, for withGaps to cut.
func plainPieces(text string, l Line) []Piece {
	d := Display(text[l.StartByte:l.EndByte])
	if d == "" {
		return nil
	}
	return []Piece{{Start: l.Start, End: l.Start + utf8.RuneCountInString(d), StartByte: l.StartByte, EndByte: l.StartByte + len(d)}}
}

// chipBox is where a chip is drawn on a line laid out as ps: its x-range,
// the x where the text before the gap ends (the gap's left edge, or its
// right edge when the piece runs right to left), and false when the chip's
// gap is not on the line.
func (v *SpanView) chipBox(ps []Piece, c chip) (x0, x1, edge float32, ok bool) {
	for k := range ps {
		p := &ps[k]
		if p.Gap == 0 || c.at < p.GapAt {
			continue
		}
		// The gaps this piece holds, from GapAt on, until its room is used.
		off, room := float32(chipGap), p.Gap
		gi := gapFrom(v.gaps, p.GapAt)
		for ; gi < len(v.gaps) && room > 0.5; gi++ {
			g := v.gaps[gi]
			if g.At == c.at {
				for _, o := range v.chipsAt(g.At) {
					if o.span == c.span {
						if p.RTL() {
							return p.X - off - o.w, p.X - off, p.X, true
						}
						return p.X + p.W + off, p.X + p.W + off + o.w, p.X + p.W, true
					}
					off += o.w + chipGap
				}
				return 0, 0, 0, false
			}
			off += g.W
			room -= g.W
		}
	}
	return 0, 0, 0, false
}

// chipIndex is the index in v.chips of span i's tag, or -1.
func (v *SpanView) chipIndex(i int) int {
	at := v.spans[i].End
	for k := v.chipFrom(at); k < len(v.chips) && v.chips[k].at == at; k++ {
		if v.chips[k].span == i {
			return k
		}
	}
	return -1
}

// tagAt is the index in v.spans of the span whose tag is under a content
// position, or -1.
func (v *SpanView) tagAt(pos fyne.Position) int {
	if len(v.lines) == 0 {
		return -1
	}
	i, x, where := v.lineAtPos(pos)
	if where != 0 || pos.Y-v.met.padTop-v.lines[i].Y > v.met.textH {
		return -1
	}
	ps := v.linePieces(i)
	if ps == nil {
		return -1
	}
	l := v.lines[i]
	g := gapFrom(v.gaps, l.Start+1)
	for ; g < len(v.gaps) && v.gaps[g].At <= l.End; g++ {
		for _, c := range v.chipsAt(v.gaps[g].At) {
			if x0, x1, _, ok := v.chipBox(ps, c); ok && x >= x0 && x < x1 {
				return c.span
			}
		}
	}
	return -1
}
