package tokenize

import (
	"unicode"
	"unicode/utf8"
)

// Character classes of a unit (one grapheme cluster), as bit flags so that a
// rule can test several classes with one AND. The sets follow spaCy's
// char_classes.py: fPre and fSuf are its prefix and suffix punctuation lists.
const (
	fLetter   uint32 = 1 << iota // letters, and marks that start a unit
	fUpper                       // upper or title case; uncased scripts get fUpper and fLower, as in spaCy's ALPHA_UPPER and ALPHA_LOWER
	fLower                       // lower case
	fDigit                       // decimal digits of any script
	fSolo                        // emoji, other symbols (So) and CJK ideographs: always a token of their own
	fPre                         // split off the front of a word
	fSuf                         // split off the end of a word
	fQuote                       // spaCy's quote class, used by the "lower.Upper" infix
	fApos                        // ' and ’, which start clitics
	fDot                         // '.'
	fEllip                       // '…'
	fHyphen                      // infix hyphens: - – — ~
	fComma                       // ','
	fColonish                    // : < > = / split between a letter or digit and a letter
	fDigitOp                     // + - * ^ split between digits
	fPlus                        // '+'
	fCurrency                    // currency signs: prefixes, and suffixes after a digit
	fAt                          // '@', hints at an e-mail address
	fColon                       // ':', hints at a URL scheme
)

// fInfix marks the units at which the infix pass may split a word, so that
// it passes over all other units with a single test.
const fInfix = fSolo | fDot | fEllip | fHyphen | fComma | fColonish | fDigitOp

var asciiFlags [utf8.RuneSelf]uint32

// asciiSpace is white space among the ASCII bytes (unicode.IsSpace).
var asciiSpace [utf8.RuneSelf]bool

func init() {
	for c := 'A'; c <= 'Z'; c++ {
		asciiFlags[c] = fLetter | fUpper
		asciiFlags[c+'a'-'A'] = fLetter | fLower
	}
	for c := '0'; c <= '9'; c++ {
		asciiFlags[c] = fDigit
	}
	set := func(chars string, f uint32) {
		for _, c := range chars {
			asciiFlags[c] |= f
		}
	}
	set(`'"`+"`", fPre|fSuf|fQuote)
	set(`'`, fApos)
	set(`,:;!?()[]{}<>_#*&`, fPre|fSuf)
	set(`,`, fComma)
	set(`:<>=/`, fColonish)
	set(`:`, fColon)
	set(`%=`, fPre)
	set(`+-*^`, fDigitOp)
	set(`+`, fPlus)
	set(`-~`, fHyphen)
	set(`$`, fPre|fCurrency)
	set(`.`, fDot)
	set(`@`, fAt)
	for _, c := range " \t\n\v\f\r" {
		asciiSpace[c] = true
	}
}

// runeFlags classifies a non-ASCII code point that starts a grapheme cluster.
func runeFlags(r rune) uint32 {
	switch r {
	case '“', '‘', '‚', '„', '«', '´', '「', '『', '（', '〔', '【', '《', '〈':
		return fPre | fSuf | fQuote
	case '’':
		return fPre | fSuf | fQuote | fApos
	case '”', '»', '」', '』', '）', '〕', '】', '》', '〉':
		return fPre | fSuf | fQuote
	case '…':
		return fPre | fSuf | fEllip
	case '¿', '¡', '؟', '。', '？', '！', '，', '、', '；', '：', '～', '·', '।', '،', '۔', '؛', '٪':
		return fPre | fSuf
	case '—', '–':
		return fPre | fSuf | fHyphen
	case '§':
		return fPre
	case '£', '€', '¥', '฿', '₽', '﷼', '₴':
		return fPre | fCurrency
	}
	switch {
	case unicode.IsLetter(r):
		if isCJK(r) {
			return fSolo
		}
		switch {
		case unicode.IsUpper(r), unicode.IsTitle(r):
			return fLetter | fUpper
		case unicode.IsLower(r):
			return fLetter | fLower
		}
		return fLetter | fUpper | fLower
	case unicode.IsMark(r):
		// A mark that starts a unit follows white space; it is still part of a word.
		return fLetter
	case unicode.IsDigit(r):
		return fDigit
	case unicode.Is(unicode.So, r):
		return fSolo
	}
	return 0
}

// isCJK tells the scripts written without spaces, which get one token per
// character because no word list is at hand to do better.
func isCJK(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

// isSpace is unicode.IsSpace; the ASCII table answers most calls.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	switch r {
	case 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}
