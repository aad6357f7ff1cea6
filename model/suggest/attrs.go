package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// flagsKnown marks a cached Flags value as computed, since many tokens have
// none of the attribute flags and zero cannot mean "not yet".
const flagsKnown Flags = 1 << 15

// flagsOf computes every boolean attribute of a token in one pass.
func flagsOf(text string) Flags {
	if text == "" {
		return flagsKnown
	}
	alpha, digit, punct := true, true, true
	upper, lower := 0, 0
	titleOK, prevCased := true, false
	for _, r := range text {
		isLetter := unicode.IsLetter(r)
		alpha = alpha && isLetter
		digit = digit && unicode.IsDigit(r)
		punct = punct && unicode.IsPunct(r)
		switch {
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			upper++
			titleOK = titleOK && !prevCased
			prevCased = true
		case unicode.IsLower(r):
			lower++
			titleOK = titleOK && prevCased
			prevCased = true
		default:
			prevCased = false
		}
	}
	f := flagsKnown
	if alpha {
		f |= IsAlpha
	}
	if digit {
		f |= IsDigit
	}
	if punct {
		f |= IsPunct
	}
	if lower > 0 && upper == 0 {
		f |= IsLower
	}
	if upper > 0 && lower == 0 {
		f |= IsUpper
	}
	if titleOK && upper > 0 {
		f |= IsTitle
	}
	if likeNum(text) {
		f |= LikeNum
	}
	return f
}

// numberWords are spaCy's English cardinal words for like_num.
var numberWords = setOf(`zero one two three four five six seven eight nine ten eleven twelve thirteen
	fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
	eighty ninety hundred thousand million billion trillion quadrillion`)

// ordinalWords are the ordinals spaCy's English like_num also accepts.
var ordinalWords = setOf(`first second third fourth fifth sixth seventh eighth ninth tenth eleventh
	twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
	thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth
	millionth billionth trillionth quadrillionth`)

func setOf(words string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// likeNum follows spaCy's English like_num: an optional sign, digits with
// "," and "." anywhere, a fraction of two digit strings, a number word, an
// ordinal word, or digits with an ordinal suffix ("3rd").
func likeNum(text string) bool {
	if r, size := utf8.DecodeRuneInString(text); r == '+' || r == '-' || r == '±' || r == '~' {
		text = text[size:]
	}
	digits := strings.Map(func(r rune) rune {
		if r == ',' || r == '.' {
			return -1
		}
		return r
	}, text)
	if allDigits(digits) {
		return true
	}
	if num, den, ok := strings.Cut(digits, "/"); ok && allDigits(num) && allDigits(den) {
		return true
	}
	lower := strings.ToLower(digits)
	if numberWords[lower] || ordinalWords[lower] {
		return true
	}
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		if prefix, ok := strings.CutSuffix(lower, suffix); ok && allDigits(prefix) {
			return true
		}
	}
	return false
}

// allDigits is Python's str.isdigit for decimal digits: false for "".
func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// maxShapeRun is how many of the same shape character in a row spaCy keeps.
const maxShapeRun = 4

// appendShape appends spaCy's token shape: letters become X or x, digits d,
// anything else stays, and a run of one shape character stops growing after
// four ("Xxxxx" for "Idlib", "d,ddd" for "1,250"). spaCy writes "LONG" for a
// token of 100 characters or more.
func appendShape(dst []byte, text string) []byte {
	if utf8.RuneCountInString(text) >= 100 {
		return append(dst, "LONG"...)
	}
	var last rune = -1
	run := 0
	for _, r := range text {
		c := r
		switch {
		case unicode.IsLetter(r):
			c = 'x'
			if unicode.IsUpper(r) {
				c = 'X'
			}
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c == last {
			run++
		} else {
			last, run = c, 1
		}
		if run <= maxShapeRun {
			dst = utf8.AppendRune(dst, c)
		}
	}
	return dst
}

// lowerEquals reports whether strings.ToLower(text) == want without building
// the lower-case string: strings.ToLower maps rune by rune with
// unicode.ToLower, so comparing rune by rune gives the same answer.
func lowerEquals(text, want string) bool {
	for _, r := range text {
		if want == "" {
			return false
		}
		w, size := utf8.DecodeRuneInString(want)
		if unicode.ToLower(r) != w {
			return false
		}
		want = want[size:]
	}
	return want == ""
}

// appendLower appends strings.ToLower(text), for map look-ups that must not
// allocate.
func appendLower(dst []byte, text string) []byte {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf {
			for _, r := range text[i:] {
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			}
			return dst
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
