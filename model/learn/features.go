package learn

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// Feature templates. A feature is a template number and a string, hashed
// together into 64 bits; the numbers are part of a saved model's meaning,
// so a new template takes a new number and none is ever reused.
const (
	fBias byte = iota + 1
	fWord
	fLower
	fPrefix // + length 1..4: fPrefix, fPrefix+1, ...
	_
	_
	_
	fSuffix // + length 1..4
	_
	_
	_
	fShape
	fShortShape
	fWordAt    // + offset: -2, -1, +1, +2 (four templates)
	_          //
	_          //
	_          //
	fShapeAt   // + offset, as fWordAt
	_          //
	_          //
	_          //
	fBigramL   // previous and this word, lower-cased
	fBigramR   // this and the next word, lower-cased
	fShapeTri  // short shapes of the previous, this and the next token
	fPosition  // where in its sentence the token is
	fClass     // capitalisation, digit and punctuation classes, one feature each
	fDict      // a dictionary match's part (B, I) and label
	fDictAt    // the previous or next token's dictionary part and label
	fFigure    // the FIGURE recognizer's part
	fFigureAt  // the previous or next token's FIGURE part
	fPattern   // a pattern match's part and label
	fWordShape // this word lower-cased with the next token's short shape
	fLowerDict // a case-insensitive dictionary match's part and label, here or next door
)

// offsets of the neighbour templates, in template order.
var neighbours = [4]int{-2, -1, 1, 2}

// Classes of a token, for fClass features.
const (
	cInitCap byte = 'A' + iota
	cAllCap
	cAllLower
	cMixedCap
	cHasDigit
	cAllDigit
	cHasHyphen
	cAllPunct
	cHasPeriod
	cShort // one character
	cLong  // more than 12 characters
	cNumberLike
	cAfterOpenQuote
)

// tokenInfo is what feature extraction needs of one token, computed once
// per document.
type tokenInfo struct {
	text, lower, shape, short string
	classes                   []byte
}

// docFeatures holds the hashed features of a document's tokens: token k's
// features are hashes[offs[k]:offs[k+1]].
type docFeatures struct {
	tokens    []tokenize.Token
	sentences []tokenize.Sentence
	hashes    []uint64
	offs      []int32
}

// matchSource gives the suggestions of the project's other sources for a
// document's tokens, used as features: the dictionary of strings labeled in
// the training documents, the project's patterns and the FIGURE recognizer.
type matchSource struct {
	dict     *suggest.Dictionary
	lower    *suggest.Dictionary // the same strings lower-cased, matched on lower-cased tokens
	patterns *suggest.Matcher
}

// extract computes the features of every token of text.
func extract(text string, src matchSource) *docFeatures {
	tokens := tokenize.Tokenize(text)
	return extractTokens(text, tokens, src)
}

func extractTokens(text string, tokens []tokenize.Token, src matchSource) *docFeatures {
	n := len(tokens)
	d := &docFeatures{tokens: tokens, sentences: tokenize.Sentences(text, tokens)}
	// A word is described once per document: "the" and "," come back on
	// every line, and describing one allocates its forms.
	info := make([]tokenInfo, n)
	described := make(map[string]tokenInfo, n/2)
	for k, t := range tokens {
		ti, ok := described[t.Text]
		if !ok {
			ti = describe(t.Text)
			described[t.Text] = ti
		}
		info[k] = ti
	}
	for k := 1; k < n; k++ {
		if p := tokens[k-1].Text; p == "\"" || p == "“" || p == "'" || p == "‘" {
			// Clipped: the classes are shared with the word's other tokens.
			info[k].classes = append(slices.Clip(info[k].classes), cAfterOpenQuote)
		}
	}
	// Parts of other sources' matches: 'B' or 'I' and a label, per token.
	var spans []model.Span
	dictTag := make([]string, n)
	figTag := make([]string, n)
	lowerTag := make([]string, n)
	patTag := make([][]string, n)
	if src.dict != nil {
		spans = suggest.Resolve(src.dict.Match(tokens, spans[:0]), nil, false)
		markParts(tokens, spans, func(k int, part string) { dictTag[k] = part })
	}
	if src.lower != nil {
		lowered := make([]tokenize.Token, n)
		for k, t := range tokens {
			lowered[k] = t
			lowered[k].Text = info[k].lower
		}
		spans = suggest.Resolve(src.lower.Match(lowered, spans[:0]), nil, false)
		markParts(tokens, spans, func(k int, part string) { lowerTag[k] = part })
	}
	spans = suggest.Figures(tokens, spans[:0])
	markParts(tokens, spans, func(k int, part string) { figTag[k] = part })
	if src.patterns != nil {
		spans = src.patterns.Match(tokens, spans[:0])
		markParts(tokens, spans, func(k int, part string) { patTag[k] = append(patTag[k], part) })
	}

	d.offs = make([]int32, 0, n+1)
	d.hashes = make([]uint64, 0, n*48)
	sentence := 0
	for k := range tokens {
		for sentence+1 < len(d.sentences) && k >= d.sentences[sentence].End {
			sentence++
		}
		d.offs = append(d.offs, int32(len(d.hashes)))
		first, end := 0, n
		if len(d.sentences) > 0 {
			first, end = d.sentences[sentence].First, d.sentences[sentence].End
		}
		d.hashes = tokenFeatures(d.hashes, info, k, first, end, dictTag, lowerTag, figTag, patTag[k])
	}
	d.offs = append(d.offs, int32(len(d.hashes)))
	return d
}

// markParts calls mark for every token of every span, with "B" and the label
// on its first token and "I" and the label on the others.
func markParts(tokens []tokenize.Token, spans []model.Span, mark func(k int, part string)) {
	for _, s := range spans {
		first, last, ok := tokenize.Align(tokens, s.Start, s.End)
		if !ok {
			continue
		}
		for k := first; k <= last; k++ {
			if k == first {
				mark(k, "B-"+s.Label)
			} else {
				mark(k, "I-"+s.Label)
			}
		}
	}
}

// tokenFeatures appends the hashes of token k's features. Neighbours come
// from the token's sentence only: a sentence start is a strong signal of
// its own (a capital there says little).
func tokenFeatures(dst []uint64, info []tokenInfo, k, first, end int, dictTag, lowerTag, figTag []string, patTags []string) []uint64 {
	t := &info[k]
	dst = append(dst, hash(fBias, ""), hash(fWord, t.text), hash(fLower, t.lower),
		hash(fShape, t.shape), hash(fShortShape, t.short))
	// Prefixes and suffixes of one to four characters, of words longer
	// than the affix.
	runes := utf8.RuneCountInString(t.text)
	for l := 1; l <= 4 && l < runes; l++ {
		dst = append(dst, hash(fPrefix+byte(l-1), prefix(t.text, l)), hash(fSuffix+byte(l-1), suffix(t.text, l)))
	}
	for j, off := range neighbours {
		w, s := "<s>", "<s>"
		if p := k + off; p >= end {
			w, s = "</s>", "</s>"
		} else if p >= first {
			w, s = info[p].lower, info[p].short
		}
		dst = append(dst, hash(fWordAt+byte(j), w), hash(fShapeAt+byte(j), s))
	}
	prev, next, prevShape, nextShape := "<s>", "</s>", "<s>", "</s>"
	if k > first {
		prev, prevShape = info[k-1].lower, info[k-1].short
	}
	if k+1 < end {
		next, nextShape = info[k+1].lower, info[k+1].short
	}
	dst = append(dst, hash2(fBigramL, prev, t.lower), hash2(fBigramR, t.lower, next),
		hash3(fShapeTri, prevShape, t.short, nextShape), hash2(fWordShape, t.lower, nextShape))
	pos := "mid"
	switch {
	case k == first && k+1 == end:
		pos = "only"
	case k == first:
		pos = "first"
	case k+1 == end:
		pos = "last"
	case k == first+1:
		pos = "second"
	}
	dst = append(dst, hash(fPosition, pos))
	for _, c := range t.classes {
		dst = append(dst, hash(fClass, string(rune(c))))
	}
	if dictTag[k] != "" {
		dst = append(dst, hash(fDict, dictTag[k]), hash2(fDict, dictTag[k], t.short))
	}
	if k > first && dictTag[k-1] != "" {
		dst = append(dst, hash2(fDictAt, "-1", dictTag[k-1]))
	}
	if k+1 < end && dictTag[k+1] != "" {
		dst = append(dst, hash2(fDictAt, "+1", dictTag[k+1]))
	}
	if lowerTag[k] != "" {
		dst = append(dst, hash(fLowerDict, lowerTag[k]))
	}
	if k > first && lowerTag[k-1] != "" {
		dst = append(dst, hash2(fLowerDict, "-1", lowerTag[k-1]))
	}
	if k+1 < end && lowerTag[k+1] != "" {
		dst = append(dst, hash2(fLowerDict, "+1", lowerTag[k+1]))
	}
	if figTag[k] != "" {
		dst = append(dst, hash(fFigure, figTag[k]))
	}
	if k > first && figTag[k-1] != "" {
		dst = append(dst, hash2(fFigureAt, "-1", figTag[k-1]))
	}
	if k+1 < end && figTag[k+1] != "" {
		dst = append(dst, hash2(fFigureAt, "+1", figTag[k+1]))
	}
	for _, p := range patTags {
		dst = append(dst, hash(fPattern, p))
	}
	return dst
}

// describe computes a token's lower-cased form, shapes and classes.
func describe(text string) tokenInfo {
	t := tokenInfo{text: text}
	lower := make([]byte, 0, len(text))
	shape := make([]byte, 0, len(text))
	short := make([]byte, 0, 4)
	var last rune = -1
	run := 0
	upper, lowers, digits, punct, runes := 0, 0, 0, 0, 0
	hyphen, period := false, false
	for _, r := range text {
		runes++
		lower = utf8.AppendRune(lower, unicode.ToLower(r))
		c := r
		switch {
		case unicode.IsLetter(r):
			c = 'x'
			if unicode.IsUpper(r) || unicode.IsTitle(r) {
				c = 'X'
				upper++
			} else {
				lowers++
			}
		case unicode.IsDigit(r):
			c = 'd'
			digits++
		default:
			if unicode.IsPunct(r) || unicode.IsSymbol(r) {
				punct++
			}
			hyphen = hyphen || r == '-' || r == '–'
			period = period || r == '.'
		}
		if c == last {
			run++
		} else {
			last, run = c, 1
			short = utf8.AppendRune(short, c)
		}
		if run <= 4 {
			shape = utf8.AppendRune(shape, c)
		}
	}
	t.lower, t.shape, t.short = string(lower), string(shape), string(short)
	first, _ := utf8.DecodeRuneInString(text)
	switch {
	case upper > 0 && lowers == 0:
		t.classes = append(t.classes, cAllCap)
	case upper > 0 && (unicode.IsUpper(first) || unicode.IsTitle(first)) && upper == 1:
		t.classes = append(t.classes, cInitCap)
	case upper > 0:
		t.classes = append(t.classes, cMixedCap)
	case lowers > 0:
		t.classes = append(t.classes, cAllLower)
	}
	if digits > 0 {
		t.classes = append(t.classes, cHasDigit)
		if digits == runes {
			t.classes = append(t.classes, cAllDigit)
		} else if digits+punct == runes {
			t.classes = append(t.classes, cNumberLike)
		}
	}
	if hyphen {
		t.classes = append(t.classes, cHasHyphen)
	}
	if period {
		t.classes = append(t.classes, cHasPeriod)
	}
	if punct == runes {
		t.classes = append(t.classes, cAllPunct)
	}
	if runes == 1 {
		t.classes = append(t.classes, cShort)
	} else if runes > 12 {
		t.classes = append(t.classes, cLong)
	}
	return t
}

func prefix(s string, n int) string {
	for k := range s {
		if n == 0 {
			return s[:k]
		}
		n--
	}
	return s
}

func suffix(s string, n int) string {
	i := len(s)
	for n > 0 && i > 0 {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
	}
	return s[i:]
}

// FNV-1a, 64 bits: stable across runs and Go versions, as a saved model
// needs, and fast on short strings. Parts are separated by a byte no UTF-8
// text holds, so ("ab", "c") and ("a", "bc") differ.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hash(tmpl byte, s string) uint64 {
	h := uint64(fnvOffset)
	h = (h ^ uint64(tmpl)) * fnvPrime
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

func hashMore(h uint64, s string) uint64 {
	h = (h ^ 0xff) * fnvPrime
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

func hash2(tmpl byte, a, b string) uint64 { return hashMore(hash(tmpl, a), b) }

func hash3(tmpl byte, a, b, c string) uint64 { return hashMore(hashMore(hash(tmpl, a), b), c) }
