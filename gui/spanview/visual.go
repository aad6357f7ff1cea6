package spanview

import (
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Right-to-left text in plain labels (the document list, the span panel,
// search snippets).
//
// A label hands its whole string to Fyne, which draws the string's
// directional runs one after the other in logical order (see bidi.go): an
// Arabic title ending in a full stop shows the stop at its right end, and
// the words of a Hebrew sentence around a number change places. A label
// cannot be drawn piece by piece as the view's lines are, so the string
// itself is put in the order it must appear: Visual lays each paragraph out
// with LayoutLine and reads the pieces left to right, right-to-left pieces
// backwards by grapheme cluster (a letter keeps its marks) and lone
// brackets mirrored, as the view draws them.
//
// Given that string as it is, Fyne would run the bidi algorithm on it again
// and turn its right-to-left runs round a second time. VisualOrder therefore
// wraps each paragraph in LEFT-TO-RIGHT OVERRIDE ... POP DIRECTIONAL
// FORMATTING: the bidi pass Fyne runs (golang.org/x/text) then resolves
// every character left to right and keeps the order given, and the shaper
// (go-text's HarfBuzz) still joins Arabic letters correctly, since it turns
// a left-to-right run of a right-to-left script back to its native order
// before shaping (HarfBuzz's "ensure native direction"). The two controls
// are default-ignorable: shaped as invisible glyphs with no advance.

const (
	lro = '\u202d' // LEFT-TO-RIGHT OVERRIDE
	pdf = '\u202c' // POP DIRECTIONAL FORMATTING
)

// VisualOrder returns s as a plain Fyne label must be given it to show it
// in bidi order: each paragraph (line breaks are kept) in visual order,
// wrapped in a left-to-right override. A string with no right-to-left
// character is returned as it is, without allocating: the common case of a
// list row costs one scan of its bytes.
func VisualOrder(s string) string {
	if !HasRTL(s) {
		return s
	}
	vis, _ := Visual(s)
	var b strings.Builder
	b.Grow(len(vis) + 8)
	for vis != "" {
		para, rest, brk := cutParagraph(vis)
		if para != "" {
			b.WriteRune(lro)
			b.WriteString(para)
			b.WriteRune(pdf)
		}
		b.WriteString(brk)
		vis = rest
	}
	return b.String()
}

// LeftToRight wraps a string already in visual order (a part of Visual's
// result) in a left-to-right override, so that a label draws it in the order
// given; a string with no right-to-left character is returned as it is.
// Parts of one line drawn as separate texts, such as the bold and plain runs
// of a snippet, are each wrapped: an override does not reach from one text
// into the next.
func LeftToRight(vis string) string {
	if !HasRTL(vis) {
		return vis
	}
	return string(lro) + vis + string(pdf)
}

// Visual returns s in visual order, paragraph by paragraph (the line breaks
// stay where they are), and, for each code point of the result, the index of
// the code point of s it shows: a mirrored bracket shows the bracket it
// replaces. For s with no right-to-left character it returns s and nil.
//
// The direction of each paragraph is that of its first strong character
// (rules P2, P3), as in the view.
func Visual(s string) (string, []int) {
	if !HasRTL(s) {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	logical := make([]int, 0, utf8.RuneCountInString(s))
	emit := func(r rune, at int) {
		b.WriteRune(r)
		logical = append(logical, at)
	}
	startB, start := 0, 0 // byte and code point where the paragraph starts
	for startB < len(s) {
		para, _, brk := cutParagraph(s[startB:])
		n := utf8.RuneCountInString(para)
		l := Line{Start: start, End: start + n, StartByte: startB, EndByte: startB + len(para)}
		for _, p := range LayoutLine(s, l, ParagraphRTL(para)) {
			visualPiece(s, &p, emit)
		}
		at := start + n
		for _, r := range brk {
			emit(r, at)
			at++
		}
		startB += len(para) + len(brk)
		start = at
	}
	return b.String(), logical
}

// visualPiece emits a piece's code points in the order they are drawn.
func visualPiece(s string, p *Piece, emit func(r rune, at int)) {
	text := s[p.StartByte:p.EndByte]
	switch {
	case !p.RTL():
		at := p.Start
		for _, r := range text {
			emit(r, at)
			at++
		}
	case p.Mirror != 0:
		emit(p.Mirror, p.Start)
	default:
		// Backwards cluster by cluster: a base letter keeps its marks
		// after it, where the shaper expects them.
		var bounds []int // code point offsets of the clusters' starts
		rest, cp, state := text, 0, -1
		for rest != "" {
			var g string
			g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			bounds = append(bounds, cp)
			cp += utf8.RuneCountInString(g)
		}
		bounds = append(bounds, cp)
		runes := []rune(text)
		for k := len(bounds) - 2; k >= 0; k-- {
			for i := bounds[k]; i < bounds[k+1]; i++ {
				emit(runes[i], p.Start+i)
			}
		}
	}
}

// cutParagraph splits s at its first line break: the text before it, the
// text after it, and the break itself (CR LF counts as one).
func cutParagraph(s string) (para, rest, brk string) {
	for i, r := range s {
		if !isBreak(r) {
			continue
		}
		n := utf8.RuneLen(r)
		if r == '\r' && strings.HasPrefix(s[i+1:], "\n") {
			n++
		}
		return s[:i], s[i+n:], s[i : i+n]
	}
	return s, "", ""
}
