package tokenize

import (
	"sync"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// unit is one grapheme cluster of a word: the tokenizer never splits inside
// one, so every rule works on units rather than bytes or code points.
type unit struct {
	b  int    // byte offset in the text
	cp int    // code point offset in the text
	r  rune   // first code point
	f  uint32 // class flags
}

type tokenizer struct {
	text string
	toks []Token
	u    []unit // the current word's units plus a sentinel holding its end offsets
	all  uint32 // OR of the current word's unit flags
	suf  []int  // suffixes stripped so far, as unit ranges [a, b) in pairs, last in text first
}

// fastPath enables plainWord; tests turn it off to check that it agrees with
// the general rules.
var fastPath = true

// scratch is the per-call working memory of the tokenizer, pooled so that a
// call allocates nothing but its result.
type scratch struct {
	u   []unit
	suf []int
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{u: make([]unit, 0, 64), suf: make([]int, 0, 16)}
}}

// Tokenize splits text into tokens. Never returns white space tokens; WS tells whether white space follows.
//
// It follows spaCy's English tokenizer (special cases, then prefix and suffix
// rules, then infix rules on what is left) so that spans drawn on these
// tokens align with spaCy's; where it deviates, the rule's comment says so.
// Offsets are code points; no token boundary falls inside a grapheme cluster
// unless the cluster contains white space. Unlike spaCy, which makes a token
// of every white space run other than a single space ("\n", "  "), white
// space is never a token here, so token indices differ from spaCy's on such
// text while character offsets agree.
func Tokenize(text string) []Token {
	// News text averages 5.5 bytes a token; len/5 avoids growing the slice.
	return Append(make([]Token, 0, len(text)/5+1), text)
}

// Append is Tokenize appending to dst, for callers that reuse one token
// buffer across many texts (an export tokenizes each document once and
// discards the tokens). Offsets are relative to text, whatever dst holds.
func Append(dst []Token, text string) []Token {
	sc := scratchPool.Get().(*scratch)
	t := tokenizer{text: text, toks: dst, u: sc.u[:0], suf: sc.suf[:0]}
	defer func() {
		// A pathological word (megabytes without white space) would pin
		// its buffer forever; let such a buffer go.
		if cap(t.u) <= 1<<12 {
			sc.u, sc.suf = t.u[:0], t.suf[:0]
			scratchPool.Put(sc)
		}
	}()
	i, cp := 0, 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				i++
				cp++
				continue
			}
			if asciiFlags[c]&(fLetter|fDigit) != 0 && fastPath {
				if j := t.plainWord(i, cp); j > i {
					cp += j - i
					i = j
					continue
				}
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); isSpace(r) {
			i += size
			cp++
			continue
		}
		i, cp = t.word(i, cp)
	}
	return t.toks
}

// plainWord is the fast path for the bulk of news text: an ASCII word of
// letters or of digits, alone or followed by one of , ; : . and then white
// space or the end. It emits the tokens and returns the byte offset after
// them, or i when the word needs the general rules.
func (t *tokenizer) plainWord(i, cp int) int {
	text := t.text
	all := uint32(0)
	j := i
	for j < len(text) {
		c := text[j]
		if c >= utf8.RuneSelf || asciiFlags[c]&(fLetter|fDigit) == 0 {
			break
		}
		all |= asciiFlags[c]
		j++
	}
	if all&fDigit != 0 && all&fLetter != 0 {
		return i // units ("100km"), times ("10am")
	}
	if n := j - i; all&fLetter != 0 && n < 16 && (letterFirst[text[i]]>>n)&(letterLast[text[j-1]]>>n)&1 != 0 &&
		mayBeSpecial(text[i:j]) {
		return i // exceptions: "dont", "gonna"
	}
	k := j // end of the word and its punctuation
	if j < len(text) {
		switch text[j] {
		case ',', ';', ':':
			k++
		case '.':
			// Keep the general rules for "Mr.", "e.", "J." and "McD.".
			if all&fLetter != 0 && mayBeSpecial(text[i:j+1]) {
				return i
			}
			if asciiFlags[text[j-1]]&fUpper != 0 && (j-i == 1 || asciiFlags[text[j-2]]&fUpper == 0) {
				return i
			}
			k++
		}
	}
	ws := false
	if k < len(text) {
		if c := text[k]; c >= utf8.RuneSelf || !asciiSpace[c] {
			return i
		}
		ws = true
	}
	if k == j {
		t.add(text[i:j], cp, cp+j-i, ws)
	} else {
		t.add(text[i:j], cp, cp+j-i, false)
		t.add(text[j:k], cp+j-i, cp+k-i, ws)
	}
	return k
}

// word tokenizes the white-space-delimited word starting at byte i, code
// point cp, and returns the offsets after it.
func (t *tokenizer) word(i, cp int) (int, int) {
	text := t.text
	u := t.u[:0]
	all := uint32(0)
	j := i
	// uniseg's state after the previous cluster, or -1 when another path
	// found that boundary; both are right at a boundary, the state is faster.
	state := -1
	for j < len(text) {
		c := text[j]
		// Pure ASCII: a byte is a grapheme cluster unless a non-ASCII mark
		// follows (CR LF is white space and never gets here).
		if c < utf8.RuneSelf && (j+1 == len(text) || text[j+1] < utf8.RuneSelf) {
			if asciiSpace[c] {
				break
			}
			f := asciiFlags[c]
			u = append(u, unit{j, cp, rune(c), f})
			all |= f
			j++
			cp++
			state = -1
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[j:])
		}
		if isSpace(r) {
			break
		}
		f := asciiFlagsOr(r)
		end, n := j+size, 1
		if end < len(text) && !clusterEnds(r, text[end:]) {
			var cluster string
			cluster, _, _, state = uniseg.FirstGraphemeClusterInString(text[j:], state)
			n = 0
			for k, r := range cluster {
				if k > 0 {
					// White space inside a cluster (after a Prepend
					// character) still separates words, as in spaCy.
					if isSpace(r) {
						cluster = cluster[:k]
						break
					}
					if r == 0xFE0F || r == 0x20E3 {
						f = fSolo // emoji presentation or keycap: an emoji
					}
				}
				n++
			}
			end = j + len(cluster)
		} else {
			state = -1
		}
		u = append(u, unit{j, cp, r, f})
		all |= f
		j = end
		cp += n
	}
	u = append(u, unit{b: j, cp: cp})
	t.u, t.all = u, all
	t.split(0, len(u)-1)
	if j < len(text) {
		t.toks[len(t.toks)-1].WS = true
	}
	return j, cp
}

func asciiFlagsOr(r rune) uint32 {
	if r < utf8.RuneSelf {
		return asciiFlags[r]
	}
	return runeFlags(r)
}

// clusterEnds reports, without the full UAX #29 machinery, the common case of
// a grapheme cluster boundary right after r, the first code point of a
// cluster. Only a few rules can join r to the next code point r1: r1 is
// Extend, SpacingMark or ZWJ (GB9, GB9a), r is Prepend (GB9b), CR (GB3), a
// Hangul jamo or syllable (GB6-8) or a regional indicator (GB12, GB13).
// startsSimple and endsSimple hold ranges where none of these properties
// occur; anything else goes to uniseg. TestClusterEnds checks the ranges
// against uniseg code point by code point.
func clusterEnds(r rune, rest string) bool {
	if !endsSimple(r) {
		return false
	}
	c := rest[0]
	if c < utf8.RuneSelf {
		return true
	}
	r1, _ := utf8.DecodeRuneInString(rest)
	return startsSimple(r1)
}

// endsSimple: r is none of Prepend, CR, Hangul or regional indicator.
func endsSimple(r rune) bool {
	return (r < 0x600 && r != '\r') || (r >= 0x620 && r < 0x64B) || (r >= 0x2000 && r < 0xA000)
}

// startsSimple: r is none of Extend, SpacingMark, ZWJ, Hangul or regional
// indicator: Latin to IPA, Greek and Cyrillic letters, Hebrew and Arabic
// letters, kana, CJK ideographs, Hangul syllables (joined only after jamo).
func startsSimple(r rune) bool {
	switch {
	case r < 0x300:
		return true
	case r < 0x530:
		return (r >= 0x370 && r < 0x483) || r >= 0x48A
	case r < 0x700:
		return (r >= 0x5D0 && r < 0x5EB) || (r >= 0x620 && r < 0x64B)
	case r < 0x3100:
		return (r >= 0x3041 && r < 0x3097) || (r >= 0x30A1 && r < 0x30FB)
	}
	return (r >= 0x4E00 && r < 0xA000) || (r >= 0xAC00 && r < 0xD7A4)
}

// add appends a token field by field: appending a Token value costs a bulk
// write barrier while the garbage collector runs, which is most of the time
// during an export.
func (t *tokenizer) add(text string, start, end int, ws bool) {
	n := len(t.toks)
	if n == cap(t.toks) {
		t.toks = append(t.toks, Token{})
	} else {
		t.toks = t.toks[:n+1]
	}
	tk := &t.toks[n]
	tk.Text, tk.Start, tk.End, tk.WS = text, start, end, ws
}

// emit adds the token made of units [a, b).
func (t *tokenizer) emit(a, b int) {
	t.add(t.text[t.u[a].b:t.u[b].b], t.u[a].cp, t.u[b].cp, false)
}

// split tokenizes units [lo, hi) the way spaCy's Tokenizer._split_affixes and
// _attach_tokens do: peel prefixes and suffixes until a special case or
// nothing more matches, then split what is left at infixes.
func (t *tokenizer) split(lo, hi int) {
	u := t.u
	// A bare word of letters and digits, the most common case by far.
	if t.all&^(fLetter|fUpper|fLower|fDigit) == 0 && !t.maybeSpecial(lo, hi) {
		t.emit(lo, hi)
		return
	}
	t.suf = t.suf[:0]
	for lo < hi {
		if (t.all&fColon != 0 || u[lo].r|0x20 == 'w') && t.url(lo, hi) {
			lo = hi
			break
		}
		if t.special(lo, hi) {
			lo = hi
			break
		}
		// One step of spaCy's _split_affixes: a prefix and a suffix
		// together, unless taking one of them alone leaves an exception
		// ("'em," keeps its apostrophe: "'em", ",").
		p := t.prefixLen(lo, hi)
		if p > 0 && lo+p < hi && t.isSpecial(lo+p, hi) {
			t.emit(lo, lo+p)
			lo += p
			continue
		}
		s := 0
		if lo+p < hi {
			s = t.suffixLen(lo+p, hi)
		}
		if s > 0 && t.isSpecial(lo, hi-s) {
			t.suf = append(t.suf, hi-s, hi)
			hi -= s
			continue
		}
		if p == 0 && s == 0 {
			break
		}
		if p > 0 {
			t.emit(lo, lo+p)
			lo += p
		}
		if s > 0 {
			t.suf = append(t.suf, hi-s, hi)
			hi -= s
		}
	}
	if lo < hi {
		if t.all&fDot != 0 && t.domain(lo, hi) {
			t.emit(lo, hi)
		} else {
			t.infixes(lo, hi)
		}
	}
	for k := len(t.suf) - 2; k >= 0; k -= 2 {
		t.emit(t.suf[k], t.suf[k+1])
	}
}

// runOf counts the units from i on (before hi) whose first rune is r.
func (t *tokenizer) runOf(i, hi int, r rune) int {
	k := i
	for k < hi && t.u[k].r == r {
		k++
	}
	return k - i
}

// runBack counts the units before hi (from lo) whose first rune is r.
func (t *tokenizer) runBack(lo, hi int, r rune) int {
	k := hi
	for k > lo && t.u[k-1].r == r {
		k--
	}
	return hi - k
}

func (t *tokenizer) prefixLen(lo, hi int) int {
	x := &t.u[lo]
	f := x.f
	switch {
	case f&fSolo != 0:
		return 1
	case f&fDot != 0:
		if k := t.runOf(lo, hi, '.'); k >= 2 {
			return k
		}
		return 0
	case x.r == '—', x.r == '–', f&fEllip != 0:
		// Runs: "——" and "……" are single tokens. The ASCII hyphen is no
		// prefix in spaCy: "-5" and "-Last" stay whole.
		return t.runOf(lo, hi, x.r)
	case f&fPlus != 0:
		if lo+1 < hi && t.u[lo+1].f&fDigit != 0 {
			return 0
		}
		return 1
	case f&fPre != 0:
		return 1
	case x.r == 'U' || x.r == 'C' || x.r == 'A':
		// US$, C$, A$ are currency prefixes in spaCy.
		if x.r == 'U' && hi-lo > 2 && t.u[lo+1].r == 'S' && t.u[lo+2].r == '$' {
			return 3
		}
		if x.r != 'U' && hi-lo > 1 && t.u[lo+1].r == '$' {
			return 2
		}
	}
	return 0
}

func (t *tokenizer) suffixLen(lo, hi int) int {
	x := &t.u[hi-1]
	f := x.f
	n := hi - lo
	switch {
	case f&fSolo != 0:
		return 1
	case f&fDot != 0:
		if k := t.runBack(lo, hi, '.'); k >= 2 {
			return k
		}
		if n == 1 {
			return 0
		}
		// spaCy splits the period off after a lower-case letter, a digit,
		// punctuation, a quote, one of % ² - + or two capitals; it stays
		// after a single capital ("J.", the "S." of "U.S.", "McD.") and
		// after anything else ("°.", "/."). Emoji are split off anyway.
		p := &t.u[hi-2]
		switch {
		case p.f&(fLower|fDigit|fSuf|fQuote|fSolo) != 0,
			p.r == '%', p.r == '²', p.r == '-', p.r == '+':
			return 1
		case p.f&fUpper != 0 && n > 2 && t.u[hi-3].f&fUpper != 0:
			return 1
		}
		return 0
	case x.r == '—', x.r == '–', f&fEllip != 0:
		// The ASCII hyphen is no suffix in spaCy: "semi-" stays whole.
		return t.runBack(lo, hi, x.r)
	case (x.r == 's' || x.r == 'S') && n > 2 && t.u[hi-2].f&fApos != 0:
		return 2
	case f&fSuf != 0:
		return 1
	case f&(fPlus|fCurrency) != 0, x.r == '%':
		// "+", a currency sign and "%" (one of spaCy's units) after a digit.
		if n > 1 && t.u[hi-2].f&fDigit != 0 {
			return 1
		}
	case f&fLetter != 0, f == 0: // f == 0: "²" of "km²"
		return t.unitSuffix(lo, hi)
	}
	return 0
}

// unitSuffix splits a unit of measure off a number ("100km" -> "100", "km"),
// spaCy's (?<=[0-9])(?:UNITS) suffix ("%" is suffixLen's own case).
func (t *tokenizer) unitSuffix(lo, hi int) int {
	k := hi - 1
	for k > lo && hi-k <= 5 && t.u[k].f&fDigit == 0 {
		k--
	}
	if k == hi-1 || t.u[k].f&fDigit == 0 {
		return 0
	}
	if isUnit(t.text[t.u[k+1].b:t.u[hi].b]) {
		return hi - k - 1
	}
	return 0
}

// infixes splits the units [lo, hi), which no prefix or suffix rule matched,
// at spaCy's English infixes.
func (t *tokenizer) infixes(lo, hi int) {
	u := t.u
	start := lo
	for i := lo; i < hi; {
		x := &u[i]
		f := x.f
		if f&fInfix == 0 {
			i++
			continue
		}
		k := 0
		switch {
		case f&fSolo != 0:
			k = 1
		case f&fDot != 0:
			if k = t.runOf(i, hi, '.'); k < 2 {
				// lower.Upper ("end.The") but not "google.com" or "3.5".
				k = 0
				if i > lo && i+1 < hi && u[i-1].f&(fLower|fQuote) != 0 && u[i+1].f&(fUpper|fQuote) != 0 {
					k = 1
				}
			}
		case f&fEllip != 0:
			k = t.runOf(i, hi, x.r)
		case f&fHyphen != 0:
			// Between letters, spaCy's (?<=[a])(?:HYPHENS)(?=[a]), where
			// HYPHENS are - – — -- --- —— ~: "Moscow-backed" splits,
			// "IL-4", "HIV-1" and "3-day" stay whole (spaCy 3's English
			// rules would split "3-day" too: see the README). Between
			// digits the ASCII hyphen is the [0-9]-[0-9] rule below.
			r := t.runOf(i, hi, x.r)
			if r <= maxHyphenRun(x.r) && i > lo && i+r < hi && u[i-1].f&fLetter != 0 && u[i+r].f&fLetter != 0 {
				k = r
			} else if f&fDigitOp != 0 && t.digitOp(i, lo, hi) {
				k = 1
			}
		case f&fComma != 0:
			if i > lo && i+1 < hi && u[i-1].f&fLetter != 0 && u[i+1].f&fLetter != 0 {
				k = 1
			}
		case f&fColonish != 0:
			if i > lo && i+1 < hi && u[i-1].f&(fLetter|fDigit) != 0 && u[i+1].f&fLetter != 0 {
				k = 1
			}
		case f&fDigitOp != 0:
			if t.digitOp(i, lo, hi) {
				k = 1
			}
		}
		if k == 0 {
			i++
			continue
		}
		if i > start {
			t.emit(start, i)
		}
		t.emit(i, i+k)
		i += k
		start = i
	}
	if start < hi {
		t.emit(start, hi)
	}
}

// digitOp is spaCy's (?<=[0-9])[+\-\*^](?=[0-9-]) infix at unit i: "2019-2020",
// "1996-08-30" and "3*4" split.
func (t *tokenizer) digitOp(i, lo, hi int) bool {
	u := t.u
	return i > lo && i+1 < hi && u[i-1].f&fDigit != 0 && (u[i+1].f&fDigit != 0 || u[i+1].r == '-')
}

// maxHyphenRun is the longest run of r among spaCy's HYPHENS.
func maxHyphenRun(r rune) int {
	switch r {
	case '-':
		return 3
	case '—':
		return 2
	}
	return 1
}
