package model

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Offsets converts between the three ways tools count positions in a text:
// code points (Inkspan's unit), Go byte offsets and UTF-16 code units.
// It records the byte offset of every code point once, so each conversion is
// O(1) or O(log n); build one per text and reuse it.
type Offsets struct {
	text  string
	bytes []int // bytes[i] is the byte offset of code point i; bytes[n] == len(text)
	utf16 []int // utf16[i] is the UTF-16 offset of code point i, when astral
	// astral tells whether the text has code points beyond the BMP; without
	// them UTF-16 offsets equal code points and utf16 is not filled.
	astral bool
}

// NewOffsets indexes text.
func NewOffsets(text string) *Offsets {
	o := &Offsets{}
	o.Reset(text)
	return o
}

// Reset indexes another text, reusing the memory of the last one: readers
// and writers that go through many documents index each without allocating.
func (o *Offsets) Reset(text string) {
	o.text = text
	// A table entry per code point: len(text)+1 is enough, and growing by
	// appends from zero cost most of the time on a long text.
	if cap(o.bytes) < len(text)+1 {
		o.bytes = make([]int, 0, len(text)+1)
	}
	o.bytes = o.bytes[:0]
	o.utf16 = o.utf16[:0]
	o.astral = false
	for i, r := range text {
		o.bytes = append(o.bytes, i)
		if r > 0xFFFF {
			o.astral = true
		}
	}
	o.bytes = append(o.bytes, len(text))
	if !o.astral {
		return
	}
	if cap(o.utf16) < len(o.bytes) {
		o.utf16 = make([]int, 0, len(o.bytes))
	}
	u := 0
	for _, r := range text {
		o.utf16 = append(o.utf16, u)
		if n := utf16.RuneLen(r); n > 0 {
			u += n
		} else { // an invalid byte decodes as U+FFFD: one unit
			u++
		}
	}
	o.utf16 = append(o.utf16, u)
}

// Len is the length of the text in code points.
func (o *Offsets) Len() int { return len(o.bytes) - 1 }

// Byte returns the byte offset of code point cp (0 <= cp <= Len).
func (o *Offsets) Byte(cp int) int { return o.bytes[cp] }

// Slice returns the text between two code-point offsets.
func (o *Offsets) Slice(start, end int) string { return o.text[o.bytes[start]:o.bytes[end]] }

// FromByte returns the code point that starts at byte offset b, and false if
// b does not fall on a code point boundary.
func (o *Offsets) FromByte(b int) (int, bool) {
	i := searchInts(o.bytes, b)
	return i, i < len(o.bytes) && o.bytes[i] == b
}

// UTF16 returns the UTF-16 offset of code point cp.
func (o *Offsets) UTF16(cp int) int {
	if !o.astral {
		return cp
	}
	return o.utf16[cp]
}

// FromUTF16 returns the code point at UTF-16 offset u, and false if u falls
// inside a surrogate pair or past the end.
func (o *Offsets) FromUTF16(u int) (int, bool) {
	if !o.astral {
		return u, u >= 0 && u <= o.Len()
	}
	i := searchInts(o.utf16, u)
	return i, i < len(o.utf16) && o.utf16[i] == u
}

// UTF16Len is the length of the text in UTF-16 code units.
func (o *Offsets) UTF16Len() int { return o.UTF16(o.Len()) }

// RuneLen is the length of text in code points.
func RuneLen(text string) int { return utf8.RuneCountInString(text) }

// searchInts is sort.SearchInts without the interface call in the loop.
func searchInts(a []int, x int) int {
	lo, hi := 0, len(a)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
