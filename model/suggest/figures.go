package suggest

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// FigureLabel is the label of the spans Figures suggests.
const FigureLabel = "FIGURE"

// Figures appends a FIGURE suggestion for every quantity that English news
// text reports: numerals, number words, vague and bounded quantities. The
// conventions (what a span includes and what is left out) are in the package
// documentation. Spans come in text order and never overlap; Origin is
// OriginSuggestion.
func Figures(tokens []tokenize.Token, dst []model.Span) []model.Span {
	s := figureScanner{tokens: tokens}
	for i := 0; i < len(tokens); {
		end := s.figure(i)
		if end == i {
			i++
			continue
		}
		dst = append(dst, model.Span{Start: tokens[i].Start, End: tokens[end-1].End, Label: FigureLabel, Origin: model.OriginSuggestion})
		i = end
	}
	return dst
}

type figureScanner struct {
	tokens []tokenize.Token
}

type quantityKind uint8

const (
	plainQuantity quantityKind = iota
	moneyQuantity
	percentQuantity
)

// quantity is one number of a figure: a range has two.
type quantity struct {
	end    int // token index after it
	kind   quantityKind
	value  float64 // NaN for vague quantities
	digits bool    // written with digits
}

// compatible tells whether two quantities can be the ends of one range:
// "10 to 20%" is, "4% to $31.20" is not.
func (q quantity) compatible(o quantity) bool {
	return q.kind == o.kind || q.kind == plainQuantity || o.kind == plainQuantity
}

// ascending tells whether q and o go up, as the ends of a range do; a
// score ("3-1") or a tally ("51 to 49") goes down.
func (q quantity) ascending(o quantity) bool {
	return math.IsNaN(q.value) || math.IsNaN(o.value) || q.value < o.value
}

// figure returns the end of the figure starting at token i, or i if none does.
func (s *figureScanner) figure(i int) int {
	text := s.tokens[i].Text
	if !lookupWord(text).starts && !startsWithDigit(text) && !isCurrency(text) {
		return i // most tokens: one look-up
	}
	n, between := s.modifier(i)
	q, ok := s.quantity(i+n, n > 0)
	if !ok {
		return i
	}
	end := q.end
	switch {
	case between:
		q2, ok := s.quantity(end+1, true)
		if !s.is(end, "and") || !ok || !q.compatible(q2) {
			return i // not a range after all; the scan goes on at the number
		}
		end = q2.end
	case q.digits && s.attached(end, "-"):
		// numeralAt rejects numbers in score and code chains, so a
		// hyphen between two numbers here is a range: "10-20".
		if q2, ok := s.quantity(end+1, true); ok && q2.digits {
			end = q2.end
		}
	case s.is(end, "to") && !s.is(i-1, "from"):
		// "from 10 to 20" is a change between two figures, "10 to 20" a range.
		if q2, ok := s.quantity(end+1, true); ok && q.compatible(q2) && q.ascending(q2) {
			end = q2.end
		}
	case s.is(end, "or"):
		if q2, ok := s.quantity(end+1, true); ok && q.compatible(q2) {
			end = q2.end
		}
	case s.is(end, "in") && q.kind == plainQuantity:
		// A ratio: "one in five".
		if q2, ok := s.quantity(end+1, true); ok && q2.kind == plainQuantity && q.ascending(q2) {
			end = q2.end
		}
	}
	if end == i+1 && s.is(i, "one") && s.pronounOne(i) {
		return i
	}
	return end
}

// quantity reads one number starting at token k; modified tells that a
// bounding word ("at least") comes before it, which rules out reading it as
// part of a name.
func (s *figureScanner) quantity(k int, modified bool) (quantity, bool) {
	q := quantity{value: math.NaN()}
	if k >= len(s.tokens) {
		return q, false
	}
	if isCurrency(s.tokens[k].Text) {
		if _, ok := s.numeralAt(k + 1); ok {
			q.kind = moneyQuantity
			k++
		}
	}
	if num, ok := s.numeralAt(k); ok {
		if q.kind != moneyQuantity && !s.countable(k, num, modified) {
			return q, false
		}
		q.value, q.digits = num.value, true
		k++
		switch {
		case num.percent:
			q.kind = percentQuantity
			q.end = k
			return q, true
		case num.magnitude != 0:
			q.value *= num.magnitude
		case k < len(s.tokens) && s.tokens[k].Start == s.tokens[k-1].End:
			// "£3m": an abbreviation after the digits; "m" alone is
			// more often metres than millions.
			if m, ok := magnitudeSuffixes[s.tokens[k].Text]; ok && (s.tokens[k].Text != "m" || q.kind == moneyQuantity) {
				q.value *= m
				k++
			}
		}
		for k < len(s.tokens) {
			w := lookupWord(s.tokens[k].Text)
			if w.class != hundredWord && w.class != scaleWord && w.class != dozenWord {
				break
			}
			q.value *= w.value
			k++
		}
	} else if q.kind == moneyQuantity {
		return q, false
	} else if end, value, ok := s.numberWords(k); ok {
		k, q.value = end, value
	} else if end, ok := s.vague(k); ok {
		k = end
	} else {
		return q, false
	}
	if end := s.percentWord(k); end > k {
		q.kind = percentQuantity
		k = end
	}
	q.end = k
	return q, true
}

// countable applies the rules that tell a number that counts something from
// one that names a year, a day, a time or a thing.
func (s *figureScanner) countable(k int, num numeral, modified bool) bool {
	text := s.tokens[k].Text
	if num.plain && len(text) == 4 && num.value >= minYear && num.value <= maxYear {
		return false
	}
	if num.plain && len(text) <= 2 && num.value >= 1 && num.value <= 31 &&
		(s.isMonth(k-1) || s.isMonth(k+1) || (s.is(k+1, "of") && s.isMonth(k+2))) {
		return false
	}
	if k+1 < len(s.tokens) && timeWords[strings.ToLower(s.tokens[k+1].Text)] {
		return false
	}
	if k == 0 {
		return true
	}
	prev := s.tokens[k-1].Text
	switch {
	case prev == "#" && s.tokens[k-1].End == s.tokens[k].Start:
		return false
	case prev == "No." || prev == "no." || (prev == "." && (s.is(k-2, "no"))):
		return false
	case modified:
		return true
	}
	// "Boeing 737", "Resolution 2254", "iPhone 12": a number right after a
	// name is part of the name. Function words and weekdays are capitalized
	// at the start of a sentence or as names of days, and say nothing.
	return !hasUpper(prev) || notNames[strings.ToLower(prev)]
}

// pronounOne tells the pronoun "one" ("no one", "one of them", "one day")
// from the number.
func (s *figureScanner) pronounOne(i int) bool {
	return (i > 0 && pronounOneBefore[strings.ToLower(s.tokens[i-1].Text)]) ||
		(i+1 < len(s.tokens) && pronounOneAfter[strings.ToLower(s.tokens[i+1].Text)])
}

// numberWords reads a cardinal written in words: "three", "twenty-one",
// "one hundred and twenty", "a million", "half a million", "two dozen".
func (s *figureScanner) numberWords(k int) (end int, value float64, ok bool) {
	const (
		none = iota
		small
		tens
		hundred
		scale
		and
	)
	total, group, last := 0.0, 0.0, none
	start := k
	switch w := lookupWord(s.textAt(k)); {
	case w.class == articleWord && s.isMultiplier(k+1):
		group, last, k = 1, small, k+1
	case w.class == halfWord && s.class(k+1) == articleWord && s.isMultiplier(k+2):
		group, last, k = 0.5, small, k+2
	}
	for ; k < len(s.tokens); k++ {
		w := lookupWord(s.tokens[k].Text)
		switch {
		case w.class == unitWord && (last == none || last == hundred || last == scale || last == and || last == tens):
			group += w.value
			last = small
		case (w.class == teenWord || w.class == tensWord) && (last == none || last == hundred || last == scale || last == and):
			group += w.value
			last = small
			if w.class == tensWord {
				last = tens
			}
		case last == tens && s.attached(k, "-") && s.class(k+1) == unitWord:
			group += lookupWord(s.tokens[k+1].Text).value
			last = small
			k++
		case w.class == hundredWord && (last == small || last == tens):
			group *= w.value
			last = hundred
		case (w.class == scaleWord || w.class == dozenWord) && (last == small || last == tens || last == hundred):
			total += group * w.value
			group = 0
			last = scale
		case w.class == andWord && (last == hundred || last == scale) && (s.class(k+1) == unitWord || s.class(k+1) == teenWord || s.class(k+1) == tensWord):
			last = and
		default:
			return k, total + group, k > start
		}
	}
	return k, total + group, k > start
}

// isMultiplier tells the words that "a" and "half a" can multiply.
func (s *figureScanner) isMultiplier(k int) bool {
	c := s.class(k)
	return c == hundredWord || c == scaleWord || c == dozenWord
}

// vague reads a quantity without a number: "dozens", "hundreds of
// thousands", "scores", "several hundred", "a few thousand". A trailing "of"
// is left out, so "dozens of soldiers" and "dozens died" mark the same words.
func (s *figureScanner) vague(k int) (int, bool) {
	w := lookupWord(s.textAt(k))
	switch w.class {
	case articleWord:
		if s.is(k+1, "few") && s.isVagueMultiplier(k+2) {
			return k + 3, true
		}
	case fewWord:
		if s.isVagueMultiplier(k + 1) {
			return k + 2, true
		}
	case pluralWord:
		if s.is(k+1, "of") && s.class(k+2) == pluralWord && lookupWord(s.tokens[k+2].Text).value > w.value {
			return k + 3, true // "hundreds of thousands"
		}
		if s.is(k, "tens") {
			return k, false // only in "tens of thousands"
		}
		if s.is(k, "scores") && !s.is(k+1, "of") {
			return k, false // "the scores were level"
		}
		return k + 1, true
	}
	return k, false
}

func (s *figureScanner) isVagueMultiplier(k int) bool {
	return s.isMultiplier(k) || (s.class(k) == pluralWord && lookupWord(s.tokens[k].Text).value >= 100)
}

// percentWord returns the token index after "%", "percent" or "per cent" at
// k, or k.
func (s *figureScanner) percentWord(k int) int {
	switch {
	case s.is(k, "%"), s.is(k, "percent"), s.is(k, "pct"):
		return k + 1
	case s.is(k, "per") && s.is(k+1, "cent"):
		return k + 2
	}
	return k
}

// modifier returns the length of a bounding phrase ("at least", "more than",
// "close to", "some") at token i, and whether it is "between", which needs
// "and" and a second number.
func (s *figureScanner) modifier(i int) (int, bool) {
	if i >= len(s.tokens) {
		return 0, false
	}
	var buf [maxWordLength]byte
	text := s.tokens[i].Text
	if len(text) > maxWordLength {
		return 0, false
	}
	for _, phrase := range modifiers[string(appendLower(buf[:0], text))] {
		if s.hasWords(i, phrase) {
			return len(phrase), phrase[0] == "between"
		}
	}
	return 0, false
}

func (s *figureScanner) hasWords(i int, words []string) bool {
	for k, w := range words {
		if !s.is(i+k, w) {
			return false
		}
	}
	return true
}

// is tells whether token k exists and is word, ignoring case.
func (s *figureScanner) is(k int, word string) bool {
	return k >= 0 && k < len(s.tokens) && strings.EqualFold(s.tokens[k].Text, word)
}

// attached tells whether token k is text with no white space on either side.
func (s *figureScanner) attached(k int, text string) bool {
	return k > 0 && k+1 < len(s.tokens) && s.tokens[k].Text == text &&
		s.tokens[k-1].End == s.tokens[k].Start && s.tokens[k].End == s.tokens[k+1].Start
}

func (s *figureScanner) textAt(k int) string {
	if k < 0 || k >= len(s.tokens) {
		return ""
	}
	return s.tokens[k].Text
}

func (s *figureScanner) class(k int) wordClass { return lookupWord(s.textAt(k)).class }

func (s *figureScanner) isMonth(k int) bool { return months[s.textAt(k)] }

// numeral is a number written with digits in one token.
type numeral struct {
	value     float64
	magnitude float64 // from a suffix: 1e9 for "4bn"; 0 for none
	percent   bool    // "15%"
	plain     bool    // digits only: could be a year, a day or a code
	zero      bool    // a leading zero on a whole number ("0800"): a code
}

// numeralAt parses token k as a numeral, and rejects the numbers that are
// part of a code: a phone number ("0800 123 4567"), a score or a code joined
// by hyphens ("3-1", "555-0199"), or a name ("F-16", "COVID-19").
func (s *figureScanner) numeralAt(k int) (numeral, bool) {
	num, ok := s.parsedAt(k)
	if !ok || num.zero {
		return num, false
	}
	// Numbers separated by white space only: two can be a coincidence
	// ("in 2019 15 people"), three are a code.
	first, last := k, k
	for first > 0 && s.isNumeral(first-1) {
		first--
	}
	for last+1 < len(s.tokens) && s.isNumeral(last+1) {
		last++
	}
	if last-first >= 2 {
		return num, false
	}
	for j := first; j <= last; j++ {
		if n, _ := s.parsedAt(j); n.zero {
			return num, false
		}
	}
	// Numbers joined by hyphens: two going up are a range, anything else
	// is a score or a code. A number hyphenated to a word before it is
	// part of a name.
	first, last = k, k
	for s.attached(first-1, "-") && s.isNumeral(first-2) {
		first -= 2
	}
	for s.attached(last+1, "-") && s.isNumeral(last+2) {
		last += 2
	}
	if first != last {
		a, _ := s.parsedAt(first)
		b, _ := s.parsedAt(last)
		if last-first > 2 || a.zero || b.zero || a.value >= b.value {
			return num, false
		}
	}
	if s.attached(first-1, "-") && first >= 2 && startsWithLetter(s.tokens[first-2].Text) {
		return num, false
	}
	return num, true
}

func (s *figureScanner) isNumeral(k int) bool {
	_, ok := s.parsedAt(k)
	return ok
}

// parsedAt parses token k: digits with thousands separators and a decimal
// part ("1,250", "3.5"), with an optional "%" or magnitude suffix ("15%",
// "4.5bn"), or a simple fraction ("1/2").
func (s *figureScanner) parsedAt(k int) (numeral, bool) {
	var num numeral
	if k < 0 || k >= len(s.tokens) {
		return num, false
	}
	text := s.tokens[k].Text
	if text == "" || text[0] < '0' || text[0] > '9' {
		return num, false
	}
	if a, b, ok := strings.Cut(text, "/"); ok {
		x, errA := strconv.Atoi(a)
		y, errB := strconv.Atoi(b)
		// Denominators past ten are dates and names more often than
		// fractions: "9/11", "24/7".
		if errA != nil || errB != nil || x <= 0 || x >= y || y > 10 {
			return num, false
		}
		num.value = float64(x) / float64(y)
		return num, true
	}
	body := text
	if rest, ok := strings.CutSuffix(body, "%"); ok {
		body, num.percent = rest, true
	} else if i := strings.LastIndexAny(body, "0123456789"); i+1 < len(body) {
		m, ok := magnitudeSuffixes[body[i+1:]]
		if !ok || body[i+1:] == "m" {
			return num, false
		}
		body, num.magnitude = body[:i+1], m
	}
	value, plain, ok := parseDigits(body)
	if !ok {
		return num, false
	}
	num.value, num.plain = value, plain
	num.zero = plain && len(body) > 1 && body[0] == '0'
	return num, true
}

// parseDigits reads "34", "1,250" or "3.5"; commas must group thousands.
func parseDigits(text string) (value float64, plain, ok bool) {
	whole, frac, hasFrac := strings.Cut(text, ".")
	if hasFrac && (frac == "" || strings.IndexFunc(frac, notDigit) >= 0) {
		return 0, false, false
	}
	groups := strings.Split(whole, ",")
	for i, g := range groups {
		if g == "" || strings.IndexFunc(g, notDigit) >= 0 || (i > 0 && len(g) != 3) || (i == 0 && len(groups) > 1 && len(g) > 3) {
			return 0, false, false
		}
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", ""), 64)
	return v, len(groups) == 1 && !hasFrac, err == nil
}

func notDigit(r rune) bool { return r < '0' || r > '9' }

func startsWithDigit(text string) bool { return text != "" && text[0] >= '0' && text[0] <= '9' }

// isCurrency checks the cheap signs first: every symbol is either
// non-ASCII or ends in "$".
func isCurrency(text string) bool {
	if text == "" || (text[0] < utf8.RuneSelf && text[len(text)-1] != '$') {
		return false
	}
	return currencies[text]
}

func startsWithLetter(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	return unicode.IsLetter(r)
}

func hasUpper(text string) bool {
	return strings.IndexFunc(text, unicode.IsUpper) >= 0
}

// Four-digit whole numbers in this range are read as years.
const (
	minYear = 1500
	maxYear = 2100
)

type wordClass uint8

const (
	noWord      wordClass = iota
	unitWord              // one to nine, and zero
	teenWord              // ten to nineteen
	tensWord              // twenty to ninety
	hundredWord           // hundred
	scaleWord             // thousand, million, billion, trillion
	dozenWord             // dozen
	pluralWord            // dozens, hundreds, ..., and tens and scores
	fewWord               // several, few, many
	articleWord           // a, an
	halfWord              // half
	andWord               // and
)

type wordInfo struct {
	class  wordClass
	value  float64
	starts bool // a figure can start with the word
}

// maxWordLength is the longest word in figureWords: longer tokens are not
// looked up.
const maxWordLength = 16

// lookupWord looks a token up in figureWords ignoring case, without
// allocating.
func lookupWord(text string) wordInfo {
	if len(text) > maxWordLength || text == "" {
		return wordInfo{}
	}
	// Most tokens fail this filter and skip hashing: every word in the
	// table is ASCII letters.
	if c := text[0] | 0x20; c < 'a' || c > 'z' || wordStarts[len(text)]&(1<<(c-'a')) == 0 {
		return wordInfo{}
	}
	var buf [maxWordLength]byte
	return figureWords[string(appendLower(buf[:0], text))]
}

var figureWords = func() map[string]wordInfo {
	words := make(map[string]wordInfo)
	add := func(class wordClass, value float64, names ...string) {
		for _, name := range names {
			words[name] = wordInfo{class: class, value: value}
		}
	}
	for i, w := range strings.Fields("zero one two three four five six seven eight nine") {
		add(unitWord, float64(i), w)
	}
	for i, w := range strings.Fields("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen") {
		add(teenWord, float64(10+i), w)
	}
	for i, w := range strings.Fields("twenty thirty forty fifty sixty seventy eighty ninety") {
		add(tensWord, float64(20+10*i), w)
	}
	add(hundredWord, 100, "hundred")
	add(dozenWord, 12, "dozen")
	add(scaleWord, 1e3, "thousand")
	add(scaleWord, 1e6, "million")
	add(scaleWord, 1e9, "billion")
	add(scaleWord, 1e12, "trillion")
	add(pluralWord, 10, "tens")
	add(pluralWord, 12, "dozens")
	add(pluralWord, 20, "scores")
	add(pluralWord, 100, "hundreds")
	add(pluralWord, 1e3, "thousands")
	add(pluralWord, 1e6, "millions")
	add(pluralWord, 1e9, "billions")
	add(pluralWord, 1e12, "trillions")
	add(fewWord, 0, "several", "few", "many")
	add(articleWord, 1, "a", "an")
	add(halfWord, 0.5, "half")
	add(andWord, 0, "and")
	for name, w := range words {
		switch w.class {
		case unitWord, teenWord, tensWord, pluralWord, fewWord, articleWord, halfWord:
			w.starts = true
			words[name] = w
		}
	}
	for first := range modifiers {
		w := words[first]
		w.starts = true
		words[first] = w
	}
	return words
}()

// wordStarts has bit c-'a' of entry n set when some word of n bytes in
// figureWords starts with letter c.
var wordStarts = func() (starts [maxWordLength + 1]uint32) {
	for w := range figureWords {
		starts[len(w)] |= 1 << (w[0] - 'a')
	}
	return starts
}()

// magnitudeSuffixes are the abbreviations news text writes after a number:
// "4bn", "£3m", "5k".
var magnitudeSuffixes = map[string]float64{"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12, "trn": 1e12}

var currencies = setOf(`$ £ € ¥ ₹ ₺ ₽ ₩ ₪ ₦ US$ C$ A$ NZ$ HK$ S$ R$`)

// modifiers are the bounding phrases that belong to a figure, by first
// word, longest first so that "no more than" wins over a shorter reading.
var modifiers = func() map[string][][]string {
	byFirst := make(map[string][][]string)
	for _, phrase := range strings.Split(`no more than|no fewer than|no less than|as many as|as much as|as few as|
		in excess of|at least|at most|more than|less than|fewer than|up to|close to|just over|just under|
		well over|well under|an estimated|upwards of|between|about|around|nearly|almost|approximately|
		roughly|some|over|under|estimated`, "|") {
		words := strings.Fields(phrase)
		byFirst[words[0]] = append(byFirst[words[0]], words)
	}
	return byFirst
}()

// months are case-sensitive: "may" is a verb.
var months = setOf(`January February March April May June July August September October November December
	Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.`)

// timeWords after a number make it a time of day.
var timeWords = setOf(`a.m. p.m. a.m p.m am pm gmt utc bst cet est edt pst o'clock hrs`)

// notNames are capitalized words that can come right before a figure
// without naming it: sentence-initial function words and weekdays.
var notNames = setOf(`a an the this that these those its his her their our my your all only just another
	any each every no of in on at by for from to with without and or but nor after before since until
	during between among than as when while if because including plus nearly almost about around over
	under some roughly approximately estimated least more fewer less up close
	monday tuesday wednesday thursday friday saturday sunday`)

var pronounOneBefore = setOf(`no any every each the this that which`)

var pronounOneAfter = setOf(`of another day`)
