package tokenize

import "strings"

// units are spaCy's UNITS, split off a number they follow ("100km", "90%").
var units = set("km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft " +
	"kg g mg µg t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % " +
	"км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм кг г мг м/с км/ч кПа Па мбар " +
	"Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тб")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func isUnit(s string) bool { return units[s] }

// maybeSpecial tells whether a word of only letters and digits may still
// need splitting: a unit after a number, a time, or one of spaCy's
// exceptions ("dont", "gonna").
func (t *tokenizer) maybeSpecial(lo, hi int) bool {
	if t.all&fDigit != 0 && t.all&fLetter != 0 {
		return true
	}
	return mayBeSpecial(t.text[t.u[lo].b:t.u[hi].b])
}

// special handles spaCy's special cases for units [lo, hi): exceptions that
// are emitted as given, whatever the affix rules would do.
func (t *tokenizer) special(lo, hi int) bool {
	u := t.u
	if p, ok := lookupSpecial(t.text[u[lo].b:u[hi].b]); ok {
		t.emitPieces(lo, p)
		return true
	}
	if d := t.timeSplit(lo, hi); d > 0 {
		t.emit(lo, d)
		t.emit(d, hi)
		return true
	}
	if t.all&fAt != 0 && t.email(lo, hi) {
		t.emit(lo, hi)
		return true
	}
	return false
}

// emitPieces emits the tokens of an exception starting at unit lo, given
// their byte lengths. Exceptions are ASCII but for ’ and a few symbols, none
// of which joins a following code point, so each piece ends on a unit.
func (t *tokenizer) emitPieces(lo int, p []uint8) {
	k := lo
	for _, n := range p {
		end := t.u[k].b + int(n)
		j := k + 1
		for t.u[j].b < end {
			j++
		}
		t.emit(k, j)
		k = j
	}
}

// timeSplit matches spaCy's "10am", "7p.m." exceptions (hours 1 to 12) and
// returns the unit where the hour ends, or 0.
func (t *tokenizer) timeSplit(lo, hi int) int {
	u := t.u
	if u[lo].f&fDigit == 0 || u[hi-1].f&(fLetter|fDot) == 0 {
		return 0
	}
	d := lo
	for d < hi && d-lo < 3 && u[d].f&fDigit != 0 && u[d].r < 0x80 {
		d++
	}
	h := 0
	for i := lo; i < d; i++ {
		h = h*10 + int(u[i].r-'0')
	}
	if d == lo || d-lo > 2 || h < 1 || h > 12 || (d-lo == 2 && u[lo].r == '0') {
		return 0
	}
	switch t.text[u[d].b:u[hi].b] {
	case "am", "pm", "a.m.", "p.m.":
		return d
	}
	return 0
}

// isSpecial tells whether units [lo, hi) are one of spaCy's exceptions.
func (t *tokenizer) isSpecial(lo, hi int) bool {
	if _, ok := lookupSpecial(t.text[t.u[lo].b:t.u[hi].b]); ok {
		return true
	}
	return t.timeSplit(lo, hi) > 0
}

// email matches x@y.z: no white space, one @, a dot inside the domain.
func (t *tokenizer) email(lo, hi int) bool {
	u := t.u
	at := -1
	for i := lo; i < hi; i++ {
		f := u[i].f
		switch {
		case f&fAt != 0:
			if at >= 0 {
				return false
			}
			at = i
		case f&(fLetter|fDigit) != 0:
		case u[i].r == '.' || u[i].r == '-' || (at < 0 && (u[i].r == '_' || u[i].r == '+' || u[i].r == '%')):
		default:
			return false
		}
	}
	if at <= lo || at >= hi-2 || u[hi-1].f&(fLetter|fDigit) == 0 {
		return false
	}
	for i := at + 2; i < hi-1; i++ {
		if u[i].r == '.' {
			return true
		}
	}
	return false
}

// domain is spaCy's url_match for what is left after the affixes when no
// scheme is given: host labels joined by periods, a lower-case top-level
// domain of two letters or more, an optional port and path ("bbc.co.uk/news",
// "al-monitor.com"). Without it the infixes would split such a name at its
// hyphens and slashes where spaCy does not.
func (t *tokenizer) domain(lo, hi int) bool {
	u := t.u
	alnum := func(i int) bool { return u[i].f&(fLetter|fDigit) != 0 }
	i, labels, tld := lo, 0, true
	for {
		// One label: alphanumeric at both ends, '-' and '_' inside.
		start := i
		if i == hi || !alnum(i) {
			return false
		}
		tld = true
		for i < hi && (alnum(i) || u[i].r == '-' || u[i].r == '_') {
			if u[i].f&fLower == 0 || (u[i].r < 0x80 && u[i].f&fLetter == 0) {
				tld = false
			}
			i++
		}
		if !alnum(i - 1) {
			return false
		}
		labels++
		tld = tld && i-start >= 2
		if i == hi || u[i].r != '.' {
			break
		}
		i++
	}
	if labels < 2 || !tld {
		return false
	}
	if i < hi && u[i].r == ':' { // port
		i++
		d := i
		for i < hi && u[i].f&fDigit != 0 {
			i++
		}
		if i-d < 2 || i-d > 5 {
			return false
		}
	}
	return i == hi || u[i].r == '/' || u[i].r == '?' || u[i].r == '#'
}

// url matches a URL at lo (scheme:// or www.), emits it without its trailing
// punctuation and queues that punctuation as suffixes.
func (t *tokenizer) url(lo, hi int) bool {
	u := t.u
	i := lo
	for i < hi && i-lo < 16 && u[i].r < 0x80 && (u[i].f&(fLetter|fDigit) != 0 || u[i].r == '+' || u[i].r == '-' || u[i].r == '.') {
		i++
	}
	body := 0
	switch {
	case i > lo && u[lo].f&fLetter != 0 && i+3 < hi && u[i].r == ':' && u[i+1].r == '/' && u[i+2].r == '/':
		body = i + 3
	case hi-lo > 4 && u[lo].r|0x20 == 'w' && u[lo+1].r|0x20 == 'w' && u[lo+2].r|0x20 == 'w' && u[lo+3].r == '.':
		body = lo + 4
	default:
		return false
	}
	end := hi
	for end > body && u[end-1].f&(fSuf|fDot|fEllip|fQuote|fSolo) != 0 && u[end-1].r != '/' {
		end--
		t.suf = append(t.suf, end, end+1)
	}
	if end == body {
		// Only punctuation after the scheme: not a URL after all.
		t.suf = t.suf[:len(t.suf)-2*(hi-end)]
		return false
	}
	t.emit(lo, end)
	return true
}
