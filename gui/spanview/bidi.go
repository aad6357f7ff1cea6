package spanview

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// Right-to-left and mixed lines.
//
// Fyne 2.7.1 draws a canvas.Text by handing its string to go-text's
// shaping.Segmenter (internal/painter.walkString): the Segmenter runs the
// Unicode bidi algorithm of golang.org/x/text (paragraph direction from the
// first strong character), then splits the directional runs further by
// script and by font face, and Fyne draws the pieces one after the other,
// left to right, in logical order. The shaper lays each right-to-left piece
// out right to left, so a line of Arabic words and spaces reads correctly,
// but the pieces are never reordered (rule L2 is missing): a full stop at the
// end of an Arabic sentence is drawn at its right end, where the sentence
// starts; digits or a Latin word inside Arabic swap the clauses around them;
// and every change of font starts a new piece (Latin punctuation comes from
// the theme's font, Arabic letters from a system font), so where the pieces
// fall depends on the fonts installed. fyne.MeasureText of a prefix of
// Arabic text is the advance of that prefix shaped alone: the sum of the
// glyphs, the same whatever the direction, so it says how far a prefix
// reaches from the start of its run, not where it is drawn on the line.
// (A prefix cut inside a word ends in the letter's final form, which may be
// a pixel or two wider or narrower than the joined form drawn; at word
// boundaries it is exact.)
//
// No model outside Fyne can predict where such a line's glyphs land, so the
// view does the reordering itself for the lines that need it: it resolves
// each character's embedding level, cuts the line into pieces Fyne draws as
// one unit in one direction (see LayoutLine), orders the pieces visually and
// draws each as its own canvas.Text at its own x. Positions inside a piece
// are then known: from the left edge in a left-to-right piece, from the
// right edge in a right-to-left one. A paragraph whose first strong
// character is Hebrew or Arabic is right to left, and its lines are set
// flush right. Lines with no right-to-left character in a left-to-right
// paragraph skip all of this and keep the single text.

// Piece is a part of a line drawn as one text in one direction.
type Piece struct {
	Start, End         int // code points of the document, End exclusive
	StartByte, EndByte int // the same as byte offsets into the document
	// Level is the bidi embedding level: odd for right to left.
	Level uint8
	// Mirror is the glyph drawn for a lone mirrored character (a bracket,
	// a guillemet) in right-to-left text, which the shaper would have
	// mirrored had it shaped it with its neighbours; 0 for none.
	Mirror rune
	// X is the left edge of the piece from the left edge of the line's text
	// area, W its width; set by Place.
	X, W float32
	// Gap is room Place leaves after the piece's last character, on its
	// right or, right to left, on its left: where the tags of the spans
	// ending there are drawn (tags.go).
	Gap float32
	// GapAt is the code point of the first gap in Gap (see Gap in layout.go).
	GapAt int
}

// GapX is the left edge of the room left after the piece.
func (p *Piece) GapX() float32 {
	if p.RTL() {
		return p.X - p.Gap
	}
	return p.X + p.W
}

// RTL reports whether the piece is drawn right to left.
func (p *Piece) RTL() bool { return p.Level&1 == 1 }

// Text is the string drawn for the piece; text is the document.
func (p *Piece) Text(text string) string {
	if p.Mirror != 0 {
		return string(p.Mirror)
	}
	return text[p.StartByte:p.EndByte]
}

// blank reports whether the piece is only white space, which draws nothing.
func (p *Piece) blank(text string) bool {
	return strings.TrimSpace(text[p.StartByte:p.EndByte]) == ""
}

// Interval is a visual range of x on a line, X0 <= X1.
type Interval struct{ X0, X1 float32 }

// HasRTL reports whether s holds a character the bidi algorithm can put
// right to left: a Hebrew or Arabic letter, an Arabic digit, or a control
// that starts right-to-left text. The view skips the bidi work for lines
// without one (in left-to-right paragraphs): ASCII is passed over byte by
// byte and only characters from U+0590 on are looked up.
func HasRTL(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r < 0x590 {
			continue
		}
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL, bidi.AN, bidi.RLE, bidi.RLO, bidi.RLI, bidi.FSI:
			return true
		}
	}
	return false
}

// ParagraphRTL applies rules P2 and P3 to a paragraph starting at the start
// of s: it is right to left when its first strong character (skipping text
// inside isolates) is Hebrew or Arabic. The paragraph ends at the first line
// break; one with no strong character is left to right.
func ParagraphRTL(s string) bool {
	depth := 0 // isolates open
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case isBreak(r):
				return false
			case depth == 0 && (r|0x20) >= 'a' && (r|0x20) <= 'z':
				return false
			}
			continue
		}
		if isBreak(r) {
			return false
		}
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			if depth == 0 {
				return false
			}
		case bidi.R, bidi.AL:
			if depth == 0 {
				return true
			}
		case bidi.LRI, bidi.RLI, bidi.FSI:
			depth++
		case bidi.PDI:
			depth = max(depth-1, 0)
		}
	}
	return false
}

// levels resolves the embedding level of each code point of s, a line of a
// paragraph of direction rtl, and returns them with the characters' bidi
// classes. x/text resolves the direction of every character (rules W1-W7,
// N0-N2, I1-I2, and L1 for the white space at the line's end) but reports
// only runs of one direction, not levels; without explicit embeddings the
// levels follow from the direction and the paragraph's, except that in a
// left-to-right paragraph a number after right-to-left text is at level 2,
// not 0 (see raiseNumbers). Explicit embeddings and overrides (U+202A-U+202E,
// U+2066-U+2069), which news text does not use, are resolved only to the
// direction they give: nesting deeper than that is not modelled.
func levels(s string, rtl bool) ([]uint8, []bidi.Class) {
	n := utf8.RuneCountInString(s)
	lv := make([]uint8, n)
	cls := make([]bidi.Class, n)
	k := 0
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		cls[k] = p.Class()
		k++
	}
	base := uint8(0)
	if rtl {
		base = 1
	}
	for i := range lv {
		lv[i] = base
	}
	// x/text stops reading at a paragraph separator; the line has no line
	// break left, but the information separators U+001C-U+001E are of that
	// class too, so they are resolved as spaces.
	in := strings.Map(func(r rune) rune {
		if r >= 0x1c && r <= 0x1e {
			return ' '
		}
		return r
	}, s)
	var p bidi.Paragraph
	shift := 0
	if rtl {
		p.SetString(in, bidi.DefaultDirection(bidi.RightToLeft))
	} else {
		// x/text takes DefaultDirection(LeftToRight), its zero value, to
		// mean "from the first strong character", which would make a
		// wrapped line starting with an Arabic word right to left inside a
		// left-to-right paragraph. A leading LRM (strong L, at the start
		// where sos is L anyway) fixes the paragraph's direction without
		// changing any other character's.
		p.SetString("\u200e"+in, bidi.DefaultDirection(bidi.LeftToRight))
		shift = 1
	}
	o, err := p.Order()
	if err != nil {
		return lv, cls
	}
	for i := 0; i < o.NumRuns(); i++ {
		run := o.Run(i)
		a, b := run.Pos() // b inclusive
		l := uint8(0)
		switch {
		case run.Direction() == bidi.RightToLeft:
			l = 1
		case rtl:
			l = 2
		}
		for j := max(a-shift, 0); j <= b-shift && j < n; j++ {
			lv[j] = l
		}
	}
	if !rtl {
		raiseNumbers(cls, lv)
	}
	return lv, cls
}

// raiseNumbers puts at level 2 the numbers of a left-to-right paragraph
// that follow right-to-left text: Arabic digits always (rule I1), European
// digits when the last strong character before them is Hebrew or Arabic
// (rules W2, W7), with the separators between their digits (W4), the
// terminators next to them (W5) and the marks on them (W1). x/text reports
// them as left to right, the same as level 0, but L2 reverses them as a
// block with the right-to-left text around them: "قال 12 مصدرا" puts 12
// to the left of قال, where at level 0 it would stay to its right.
func raiseNumbers(cls []bidi.Class, lv []uint8) {
	afterRTL := false // the last strong character so far is R or AL; sos is L
	for i := 0; i < len(cls); i++ {
		switch cls[i] {
		case bidi.L:
			afterRTL = false
		case bidi.R, bidi.AL:
			afterRTL = true
		}
		if lv[i] != 0 || !(cls[i] == bidi.AN || cls[i] == bidi.EN && afterRTL) {
			continue
		}
		j := i
		for j < len(cls) && lv[j] == 0 {
			c := cls[j]
			if c == bidi.AN || c == bidi.EN || c == bidi.ET || c == bidi.NSM || c == bidi.BN {
				j++
				continue
			}
			if (c == bidi.ES || c == bidi.CS) && j+1 < len(cls) && lv[j+1] == 0 &&
				(cls[j+1] == bidi.EN || cls[j+1] == bidi.AN) {
				j++
				continue
			}
			break
		}
		k := i
		for k > 0 && lv[k-1] == 0 && cls[k-1] == bidi.ET {
			k--
		}
		for m := k; m < j; m++ {
			lv[m] = 2
		}
		i = j - 1
	}
}

// rtlScripts are the right-to-left scripts; a piece holds letters of one.
var rtlScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko,
	unicode.Samaritan, unicode.Mandaic, unicode.Adlam, unicode.Hanifi_Rohingya,
}

func rtlScript(r rune) int {
	for i, t := range rtlScripts {
		if unicode.Is(t, r) {
			return i + 1
		}
	}
	return 0
}

// mirrored is the glyph the shaper would draw for r in right-to-left text:
// brackets (from x/text) and the other mirrored characters news text uses.
func mirrored(r rune) rune {
	switch r {
	case '<':
		return '>'
	case '>':
		return '<'
	case '«':
		return '»'
	case '»':
		return '«'
	case '‹':
		return '›'
	case '›':
		return '‹'
	case '≤':
		return '≥'
	case '≥':
		return '≤'
	}
	if p, _ := bidi.LookupRune(r); p.IsBracket() {
		if m, _ := utf8.DecodeRuneInString(bidi.ReverseString(string(r))); m != r {
			return m
		}
	}
	return 0
}

// LayoutLine cuts line l of text into the pieces it is drawn as, in visual
// order from left to right (rules L1 and L2); rtl is the direction of the
// line's paragraph. Widths are left to Place.
//
// A piece must be one that Fyne draws as one unit in one direction, since
// Fyne would draw the parts of anything else in logical order: each run of
// one level left to right is one piece (Fyne draws the parts of those in
// the right order anyway), while a right-to-left run is cut into words of
// one script (letters, marks and the spaces between them, starting with a
// letter, so that Fyne's own bidi pass sees them right to left and its font
// split finds one face) and single other characters (punctuation, symbols,
// which may come from another font), mirrored where the shaper would have
// mirrored them. The line break at the end of a line is not drawn and gets
// no piece.
func LayoutLine(text string, l Line, rtl bool) []Piece {
	d := Display(text[l.StartByte:l.EndByte])
	if d == "" {
		return nil
	}
	lv, cls := levels(d, rtl)
	runes := []rune(d)
	n := len(runes)
	var out []Piece
	b, cp := l.StartByte, l.Start // document offsets of runes[k]
	for k := 0; k < n; {
		j := k + 1
		lvl := lv[k]
		var mirror rune
		if lvl&1 == 0 {
			for j < n && lv[j] == lvl {
				j++
			}
		} else {
			switch c := cls[k]; {
			case c == bidi.R || c == bidi.AL:
				sc := rtlScript(runes[k])
				for j < n && lv[j] == lvl {
					c := cls[j]
					ok := c == bidi.NSM || c == bidi.BN || c == bidi.WS ||
						(c == bidi.R || c == bidi.AL) && rtlScript(runes[j]) == sc
					if !ok {
						break
					}
					j++
				}
			case c == bidi.WS:
				for j < n && lv[j] == lvl && cls[j] == bidi.WS {
					j++
				}
			default:
				for j < n && lv[j] == lvl && (cls[j] == bidi.NSM || cls[j] == bidi.BN) {
					j++
				}
				if j == k+1 {
					mirror = mirrored(runes[k])
				}
			}
		}
		eb := b
		for _, r := range runes[k:j] {
			eb += utf8.RuneLen(r)
		}
		out = append(out, Piece{Start: cp, End: cp + j - k, StartByte: b, EndByte: eb, Level: lvl, Mirror: mirror})
		b, cp, k = eb, cp+j-k, j
	}
	reorder(out)
	return out
}

// reorder applies rule L2 to pieces in logical order: from the highest
// level down to the lowest odd one, every maximal sequence of pieces at that
// level or higher is reversed.
func reorder(ps []Piece) {
	hi, lowOdd := uint8(0), uint8(255)
	for _, p := range ps {
		hi = max(hi, p.Level)
		if p.Level&1 == 1 {
			lowOdd = min(lowOdd, p.Level)
		}
	}
	for lvl := hi; lvl >= lowOdd && lvl > 0; lvl-- {
		for i := 0; i < len(ps); {
			if ps[i].Level < lvl {
				i++
				continue
			}
			j := i
			for j < len(ps) && ps[j].Level >= lvl {
				j++
			}
			slices.Reverse(ps[i:j])
			i = j
		}
	}
}

// Place sets the pieces' widths, measured on the text each draws, and
// their x from left to right. A line of a right-to-left paragraph is set
// flush right in avail; white space hanging at its end (drawn at its left)
// may stick out to the left rather than push the text past the right edge.
func Place(text string, ps []Piece, measure Measure, rtl bool, avail float32) {
	x := float32(0)
	for i := range ps {
		if ps[i].RTL() {
			x += ps[i].Gap
		}
		ps[i].X = x
		ps[i].W = measure(ps[i].Text(text))
		x += ps[i].W
		if !ps[i].RTL() {
			x += ps[i].Gap
		}
	}
	if !rtl || avail <= 0 {
		return
	}
	hang := float32(0)
	for i := 0; i < len(ps) && ps[i].blank(text); i++ {
		hang += ps[i].W
	}
	off := max(avail-x, -hang)
	for i := range ps {
		ps[i].X += off
	}
}

// prefixW is the width of p's text from its start to code point cp,
// measured as one string (summing characters would miss kerning and
// joining).
func prefixW(text string, p *Piece, cp int, measure Measure) float32 {
	switch {
	case cp <= p.Start:
		return 0
	case cp >= p.End:
		return p.W
	}
	b := p.StartByte
	for k := p.Start; k < cp; k++ {
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	return measure(text[p.StartByte:b])
}

// edgeX is the x of the boundary before code point cp in p: the left edge
// of the character in a left-to-right piece, its right edge in a
// right-to-left one.
func edgeX(text string, p *Piece, cp int, measure Measure) float32 {
	w := prefixW(text, p, cp, measure)
	if p.RTL() {
		return p.X + p.W - w
	}
	return p.X + w
}

// XOf is the x where code point cp's character starts on a line laid out
// as ps: its leading edge (the right edge of a right-to-left character). A
// cp at the end of a piece whose next character is not on the line (the end
// of the line) gives the trailing edge of the character before it.
func XOf(text string, ps []Piece, cp int, measure Measure) float32 {
	for i := range ps {
		if ps[i].Start <= cp && cp < ps[i].End {
			return edgeX(text, &ps[i], cp, measure)
		}
	}
	for i := range ps {
		if ps[i].End == cp {
			return edgeX(text, &ps[i], cp, measure)
		}
	}
	return 0
}

// Intervals appends to out the visual x-ranges covering the code points
// [a, b) of a line laid out as ps, from left to right. Parts in pieces next
// to each other on screen make one range, so a span inside one direction
// gets one range and a span crossing a change of direction gets one range
// per visually separate part.
func Intervals(text string, ps []Piece, a, b int, measure Measure, out []Interval) []Interval {
	joins := false // the last range reaches the right edge of the piece before
	for i := range ps {
		p := &ps[i]
		lo, hi := max(a, p.Start), min(b, p.End)
		if lo >= hi {
			joins = false
			continue
		}
		// Which edges of the piece the part reaches, from its logical ends.
		left, right := lo == p.Start, hi == p.End
		if p.RTL() {
			left, right = right, left
		}
		x0, x1 := p.X, p.X+p.W
		if !left || !right {
			e0, e1 := edgeX(text, p, lo, measure), edgeX(text, p, hi, measure)
			if e1 < e0 {
				e0, e1 = e1, e0
			}
			if !left {
				x0 = e0
			}
			if !right {
				x1 = e1
			}
		}
		if joins && left {
			out[len(out)-1].X1 = x1
		} else {
			out = append(out, Interval{x0, x1})
		}
		joins = right
	}
	return out
}

// pieceAt is the index of the piece under x, clamped to the pieces there are.
func pieceAt(ps []Piece, x float32) int {
	k, _ := slices.BinarySearchFunc(ps, x, func(p Piece, x float32) int {
		if p.X+p.W <= x {
			return -1
		}
		if p.X > x {
			return 1
		}
		return 0
	})
	return min(k, len(ps)-1)
}

// local is x inside piece p, measured from the piece's start: from the left
// in a left-to-right piece, from the right in a right-to-left one.
func local(p *Piece, x float32) float32 {
	if p.RTL() {
		return p.X + p.W - x
	}
	return x - p.X
}

// OffsetAtPieces is OffsetAt for a line laid out as ps: the grapheme
// boundary nearest x, in the piece under x (the first or last piece when x is
// beyond the line's ends).
func OffsetAtPieces(text string, ps []Piece, x float32, measure Measure) int {
	if len(ps) == 0 {
		return 0
	}
	p := &ps[pieceAt(ps, x)]
	return OffsetAt(Line{Start: p.Start}, text[p.StartByte:p.EndByte], local(p, x), measure)
}

// CharAtPieces is CharAt for a line laid out as ps: the code point where
// the grapheme cluster drawn under x starts, or -1 when x is beside the text.
func CharAtPieces(text string, ps []Piece, x float32, measure Measure) int {
	if len(ps) == 0 || x < ps[0].X || x >= ps[len(ps)-1].X+ps[len(ps)-1].W {
		return -1
	}
	p := &ps[pieceAt(ps, x)]
	if p.Mirror != 0 || p.End-p.Start == 1 {
		return p.Start
	}
	lx := local(p, x)
	// x on the left edge of a right-to-left piece is inside its last
	// character, which CharAt would call past the end.
	lx = min(max(lx, 0), p.W-1e-3)
	c := CharAt(Line{Start: p.Start}, text[p.StartByte:p.EndByte], lx, measure)
	if c < 0 {
		// Shaping made a prefix wider than the whole: the last cluster.
		bytes, cps := clusters(text[p.StartByte:p.EndByte])
		c = p.Start + cps[max(len(bytes)-2, 0)]
	}
	return c
}
