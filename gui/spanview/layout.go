package spanview

import (
	"cmp"
	"slices"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/inkspan/inkspan/model/tokenize"
)

// Measure returns the width of s drawn at the view's text size. The widget
// passes a function built on fyne.MeasureText; tests pass fakes, which is
// what keeps wrapping and hit-testing testable without a window.
type Measure func(s string) float32

// Line is one wrapped line. Lines partition the text: each line's End is the
// next line's Start and the last line ends at the end of the text, so every
// code point, line breaks and the white space a soft wrap hangs off a line's
// end included, belongs to exactly one line.
type Line struct {
	Start, End int     // code points, End exclusive
	Y          float32 // top of the line: its index × the line height
	// StartByte and EndByte are Start and End as byte offsets into the
	// text, so the view slices lines out without a code point index (which
	// costs 8 bytes a character).
	StartByte, EndByte int
}

// Rect is one piece of a range's highlight, on one line.
type Rect struct {
	X, Y, W, H float32
	Line       int // index of the line in the slice passed to SpanRects
}

// Cached wraps measure with a table of the widths already measured, keyed by
// the string. Wrapping asks for the width of every token, and news text
// repeats a few thousand distinct tokens, so this turns a full re-wrap on
// resize into map look-ups. Keep one per text size; it grows with the number
// of distinct strings and is not safe for concurrent use.
func Cached(measure Measure) Measure {
	widths := make(map[string]float32)
	return func(s string) float32 {
		if w, ok := widths[s]; ok {
			return w
		}
		w := measure(s)
		widths[s] = w
		return w
	}
}

// isBreak reports the characters that end a line whatever the width: the
// ones tokenize.Sentences also treats as paragraph ends.
func isBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// wrapper holds the state of one Wrap call.
type wrapper struct {
	text       string
	width      float32
	lineHeight float32
	measure    Measure
	gaps       []Gap
	lines      []Line

	start, startB int     // code point and byte where the current line starts
	x             float32 // width used on the current line
}

func (w *wrapper) newLine(at, atB int) {
	w.lines = append(w.lines, Line{
		Start: w.start, End: at, Y: float32(len(w.lines)) * w.lineHeight,
		StartByte: w.startB, EndByte: atB,
	})
	w.start, w.startB = at, atB
	w.x = 0
}

// place puts a piece of width pw starting at code point at (byte atB) on
// the current line, wrapping first when it does not fit and the line already
// holds something; it reports false when the piece does not fit even on a
// line of its own, so the caller can split it finer.
func (w *wrapper) place(at, atB int, pw float32) bool {
	if w.x+pw <= w.width {
		w.x += pw
		return true
	}
	if at > w.start {
		w.newLine(at, atB)
		if pw <= w.width {
			w.x = pw
			return true
		}
	}
	return false
}

// Gap is room kept in a line after code point At-1 for what is drawn
// between characters: the tags of the spans ending at At. Wrap keeps a
// gap on the line of the character before it, so a tag never starts a line.
type Gap struct {
	At int
	W  float32
}

// gapFrom is the index of the first of gaps (sorted by At) at code point
// at or after it.
func gapFrom(gaps []Gap, at int) int {
	i, _ := slices.BinarySearchFunc(gaps, at, func(g Gap, at int) int { return cmp.Compare(g.At, at) })
	return i
}

// gapW sums the gaps at code points in (from, to]: those owed by the
// characters [from, to).
func gapW(gaps []Gap, from, to int) float32 {
	if len(gaps) == 0 {
		return 0
	}
	i := gapFrom(gaps, from+1)
	w := float32(0)
	for ; i < len(gaps) && gaps[i].At <= to; i++ {
		w += gaps[i].W
	}
	return w
}

// Wrap breaks text into lines no wider than width, greedily. Lines break
// after white space; a run of tokens with no white space between them (a
// word with its punctuation, "Erdoğan's,") is kept whole unless it is wider
// than a line by itself, when it breaks between tokens, and a single token
// wider than a line breaks between grapheme clusters, never inside one.
// Line breaks (LF, CR LF, lone CR, VT, FF, NEL, LS, PS) always end a line;
// white space never starts a wrapped line but hangs at the end of the line
// before it, so it may overflow width. gaps, sorted by At, add their width
// to the character before them.
//
// Widths are the sums of the widths of the tokens and white space, which
// differ from the width of the whole line by kerning across token edges:
// keep a little slack to the right. tokens must be tokenize.Tokenize(text).
// The result always has at least one line.
func Wrap(text string, tokens []tokenize.Token, gaps []Gap, width, lineHeight float32, measure Measure) []Line {
	w := &wrapper{
		text: text, width: width, lineHeight: lineHeight, measure: measure, gaps: gaps,
		lines: make([]Line, 0, len(text)/80+1),
	}
	w.walk(tokens, 0, 0, -1)
	return w.lines
}

// walk wraps from byte b, code point cp, the start of a line, to the end of
// the text or, when stop >= 0, to the first line break at or after code
// point stop, and returns where it stopped: the end of the last line made.
func (w *wrapper) walk(tokens []tokenize.Token, b, cp, stop int) (int, int) {
	text := w.text
	w.start, w.startB, w.x = cp, b, 0
	k, _ := slices.BinarySearchFunc(tokens, cp, func(t tokenize.Token, cp int) int { return cmp.Compare(t.Start, cp) })
	for b < len(text) {
		for k < len(tokens) && tokens[k].Start < cp {
			k++ // only if tokens do not belong to text: never loop on one
		}
		if k < len(tokens) && tokens[k].Start == cp {
			b, cp, k = w.word(tokens, k, b)
			continue
		}
		// White space (or, defensively, anything no token covers).
		r, size := utf8.DecodeRuneInString(text[b:])
		b += size
		cp++
		if isBreak(r) {
			if r == '\r' && b < len(text) && text[b] == '\n' {
				b++
				cp++
			}
			w.newLine(cp, b)
			if stop >= 0 && cp > stop {
				return b, cp
			}
			continue
		}
		w.x += w.measure(text[b-size:b]) + gapW(w.gaps, cp-1, cp)
	}
	if len(w.lines) == 0 || w.start < cp {
		w.newLine(cp, b)
	}
	return b, cp
}

// word places tokens[k:j], the tokens that touch with no white space
// between them, whose text starts at byte b, and returns the byte and code
// point after them and j.
func (w *wrapper) word(tokens []tokenize.Token, k, b int) (int, int, int) {
	j := k + 1
	ww := w.measure(tokens[k].Text)
	for j < len(tokens) && tokens[j].Start == tokens[j-1].End {
		ww += w.measure(tokens[j].Text)
		j++
	}
	ww += gapW(w.gaps, tokens[k].Start, tokens[j-1].End)
	if !w.place(tokens[k].Start, b, ww) {
		// Wider than a line: place it token by token.
		tb := b
		for i := k; i < j; i++ {
			tw := w.measure(tokens[i].Text) + gapW(w.gaps, tokens[i].Start, tokens[i].End)
			if !w.place(tokens[i].Start, tb, tw) {
				w.graphemes(tokens[i], tb)
			}
			tb += len(tokens[i].Text)
		}
	}
	for i := k; i < j; i++ {
		b += len(tokens[i].Text)
	}
	return b, tokens[j-1].End, j
}

// graphemes places a token wider than a line, starting at byte b, one
// grapheme cluster at a time.
func (w *wrapper) graphemes(t tokenize.Token, b int) {
	rest, cp, state := t.Text, t.Start, -1
	for rest != "" {
		var g string
		g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		n := utf8.RuneCountInString(g)
		gw := w.measure(g) + gapW(w.gaps, cp, cp+n)
		if !w.place(cp, b, gw) {
			w.x += gw // a cluster wider than the line gets a line of its own
		}
		cp += n
		b += len(g)
	}
}

// LineAt returns the index of the line at height y: the last line whose top
// is at or above y, clamped to the lines there are (0 for none).
func LineAt(lines []Line, y float32) int {
	lo, hi := 0, len(lines)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if lines[m].Y <= y {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return max(lo-1, 0)
}

// LineOf returns the index of the line holding code point cp: the last line
// starting at or before it, clamped to the lines there are.
func LineOf(lines []Line, cp int) int {
	lo, hi := 0, len(lines)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if lines[m].Start <= cp {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return max(lo-1, 0)
}

// Display returns the part of a line's text that is drawn: the line without
// the line break that ends it. lineText is the text of [line.Start, line.End),
// text[line.StartByte:line.EndByte].
func Display(lineText string) string {
	n := len(lineText)
	for n > 0 {
		r, size := utf8.DecodeLastRuneInString(lineText[:n])
		if !isBreak(r) {
			break
		}
		n -= size
	}
	return lineText[:n]
}

// byteIn returns the byte offset in text of code point cp, which must be
// on line l (clamped to it), by walking the line from its start: lines are
// short, and this spares an index of the whole text.
func byteIn(text string, l Line, cp int) int {
	b := l.StartByte
	for k := l.Start; k < cp && b < l.EndByte; k++ {
		if text[b] < utf8.RuneSelf {
			b++
			continue
		}
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	return b
}

// clusters lists the grapheme cluster boundaries of s as byte offsets and
// the code point counts before them, both starting with 0 and ending with
// the whole string.
func clusters(s string) (bytes, cps []int) {
	bytes, cps = []int{0}, []int{0}
	b, cp, state := 0, 0, -1
	rest := s
	for rest != "" {
		var g string
		g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		b += len(g)
		cp += utf8.RuneCountInString(g)
		bytes = append(bytes, b)
		cps = append(cps, cp)
	}
	return bytes, cps
}

// lastFitting returns the largest k such that the prefix ending at cluster
// boundary k is no wider than x, and that prefix's width. Binary search
// costs a dozen measurements even on a long line, where measuring every
// prefix would cost one per cluster.
func lastFitting(s string, bytes []int, x float32, measure Measure) (int, float32) {
	lo, hi := 0, len(bytes)-1 // prefix lo fits; answer in [lo, hi]
	wlo := float32(0)
	for lo < hi {
		m := int(uint(lo+hi+1) >> 1)
		if wm := measure(s[:bytes[m]]); wm <= x {
			lo, wlo = m, wm
		} else {
			hi = m - 1
		}
	}
	return lo, wlo
}

// OffsetAt maps x (from the left edge of the line's text) to the code point
// of the nearest grapheme cluster boundary on line: where a click at x puts
// a caret. display is the line's Display text. Widths are measured on whole
// prefixes with measure, never summed per character: kerning and fallback
// fonts make per-character sums drift by tens of pixels over a line.
func OffsetAt(line Line, display string, x float32, measure Measure) int {
	if x <= 0 || display == "" {
		return line.Start
	}
	bytes, cps := clusters(display)
	k, wk := lastFitting(display, bytes, x, measure)
	if k < len(bytes)-1 {
		// Past the middle of the next cluster: the boundary after it is nearer.
		if next := measure(display[:bytes[k+1]]); x-wk > next-x {
			k++
		}
	}
	return line.Start + cps[k]
}

// CharAt returns the code point where the grapheme cluster under x starts,
// or -1 when x is before the text or past its end: the character a click at x
// lands on, rather than the caret position OffsetAt gives.
func CharAt(line Line, display string, x float32, measure Measure) int {
	if x < 0 || display == "" {
		return -1
	}
	bytes, cps := clusters(display)
	k, _ := lastFitting(display, bytes, x, measure)
	if k == len(bytes)-1 {
		return -1
	}
	return line.Start + cps[k]
}

// SpanRects returns the rectangles that highlight [start, end) on lines,
// each lineHeight tall at its line's Y: one for each visually separate part
// of the range on each line it touches with some width. xs(i, a, b, out)
// appends to out the x-ranges, left to right, where code points [a, b) of
// lines[i] are drawn (clamped to the line's drawn text): one range on a
// left-to-right line, one per part on a line mixing directions (see
// Intervals). Pass the lines that are on screen to get only the visible
// pieces.
func SpanRects(lines []Line, start, end int, lineHeight float32, xs func(i, a, b int, out []Interval) []Interval) []Rect {
	if start >= end || len(lines) == 0 {
		return nil
	}
	var out []Rect
	var ivs []Interval
	for i := LineOf(lines, start); i < len(lines) && lines[i].Start < end; i++ {
		l := lines[i]
		if l.End <= start {
			continue
		}
		ivs = xs(i, max(start, l.Start), min(end, l.End), ivs[:0])
		for _, iv := range ivs {
			if iv.X1 > iv.X0 {
				out = append(out, Rect{X: iv.X0, Y: l.Y, W: iv.X1 - iv.X0, H: lineHeight, Line: i})
			}
		}
	}
	return out
}

// PairMeasure approximates measure for wrapping: the width of s is the sum
// of its characters' widths plus, for each adjacent pair, the kerning
// measure shows between them, each measured once and remembered. Measuring
// a string costs ~15 µs in Fyne (it builds a shaper each call), so a book
// with 50,000 distinct words would spend most of a second in Cached(measure)
// alone; this needs one measurement per distinct character and pair instead.
// Strings of scripts whose shaping depends on more than the neighbouring
// character (Arabic, Indic, emoji sequences...) are measured whole. Use it
// for line breaking only: positions on screen (hit-testing, highlights) are
// measured on the real prefix.
func PairMeasure(measure Measure) Measure {
	p := &pairs{m: measure, cluster: map[string]float32{}, pair: map[[2]string]float32{}}
	return p.width
}

type pairs struct {
	m       Measure
	adv     [128]float32 // ASCII advances, NaN-free: advOK says which are known
	advOK   [128]bool
	kern    [128][128]float32
	kernOK  [128][128]bool
	cluster map[string]float32    // other grapheme clusters
	pair    map[[2]string]float32 // their kerning
}

func (p *pairs) ascii(c byte) float32 {
	if !p.advOK[c] {
		p.adv[c], p.advOK[c] = p.m(string(rune(c))), true
	}
	return p.adv[c]
}

func (p *pairs) asciiKern(a, b byte) float32 {
	if !p.kernOK[a][b] {
		p.kern[a][b] = p.m(string([]byte{a, b})) - p.ascii(a) - p.ascii(b)
		p.kernOK[a][b] = true
	}
	return p.kern[a][b]
}

func (p *pairs) clusterW(g string) float32 {
	w, ok := p.cluster[g]
	if !ok {
		w = p.m(g)
		p.cluster[g] = w
	}
	return w
}

func (p *pairs) width(s string) float32 {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		var w float32
		for i := 0; i < len(s); i++ {
			w += p.ascii(s[i])
			if i > 0 {
				w += p.asciiKern(s[i-1], s[i])
			}
		}
		return w
	}
	for _, r := range s {
		if !pairSafe(r) {
			return p.m(s)
		}
	}
	var w float32
	prev, rest, state := "", s, -1
	for rest != "" {
		var g string
		g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		w += p.clusterW(g)
		if prev != "" {
			k, ok := p.pair[[2]string{prev, g}]
			if !ok {
				k = p.m(prev+g) - p.clusterW(prev) - p.clusterW(g)
				p.pair[[2]string{prev, g}] = k
			}
			w += k
		}
		prev = g
	}
	return w
}

// pairSafe tells the characters whose width in a word depends at most on
// the characters next to them: Latin, Greek, Cyrillic and their marks,
// general punctuation and currency signs, CJK and kana, Hangul syllables.
func pairSafe(r rune) bool {
	switch {
	case r < 0x590:
		return true
	case r >= 0x1E00 && r < 0x20D0:
		return true
	case r >= 0x3000 && r < 0x3100, r >= 0x4E00 && r < 0xA000, r >= 0xAC00 && r < 0xD7A4, r >= 0xFF00 && r < 0xFFF0:
		return true
	}
	return false
}
