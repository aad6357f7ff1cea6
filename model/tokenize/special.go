package tokenize

import "strings"

// abbrevs are words whose final period stays on the token: spaCy's English
// abbreviations plus a few titles it lacks (Prof., Col., etc.). Each is also
// accepted capitalized and in capitals ("Vs.", "MR."). Where spaCy would split
// the period off, our token is only coarser, which is the safe direction:
// every token boundary we offer for a span is still one in spaCy.
var abbrevs = map[string]bool{}

// Bases of the clitics spaCy's English exceptions split off; a word with a
// different base keeps its clitic ("Sa'd" stays whole).
var (
	cliticNT = set("ca could do does did had may might must need ought sha should wo would ai are is was were have has dare")
	cliticM  = set("i")
	cliticLD = set("i you he she it we they who what when where why how there that") // 'll and 'd
	cliticVE = set("i you we they who what when where why how there that could might must should would")
	cliticRE = set("you we they who what when where why how there that")
)

// units are spaCy's UNITS, split off a number they follow ("100km"); "%" is
// left out because the brief keeps "15%" whole.
var units = set("km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft " +
	"kg g mg µg t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K " +
	"км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм кг г мг м/с км/ч кПа Па мбар " +
	"Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тб")

// emoticons are a few of spaCy's emoticon exceptions, kept whole, and its
// closing double quote typed as two apostrophes.
var emoticons = set(`:) :-) :)) (: (-: =) (= :] :-] [: :( :-( :(( ): )-: =( >:( :') :'( :/ :-/ :| :-| ` +
	`:P :-P :p :-p :O :-O :o :-o :* :-* :D :-D ;D ;) ;-) (; <3 </3 ^_^ -_- ._. ;_; o_o O_O ''`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func init() {
	for _, w := range strings.Fields("Mr Mrs Ms Dr Prof St Jr Sr Gen Col Lt Sgt Rep Sen Gov Inc Ltd Co Corp " +
		"vs etc e.g i.e U.S U.K U.N a.m p.m Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec " +
		"Adm Bros Capt Cmdr Messrs Maj Mt Rev Ph.D D.C v.s " +
		// spaCy's U.S. states, plus the month it adds
		"Ak Ala Ariz Ark Calif Colo Conn Del Fla Ga Ia Id Ill Ind Kan Kans Ky La Mass May Md Mich Minn Miss Mo " +
		"Mont Neb Nebr Nev Okla Ore Pa Tenn Va Wash Wis") {
		w += "."
		abbrevs[w] = true
		abbrevs[strings.ToUpper(w[:1])+w[1:]] = true
		abbrevs[strings.ToUpper(w)] = true
	}
	// spaCy's base exceptions keep a single lower-case letter with a period
	// (a capital one is kept by the suffix rule).
	for _, w := range strings.Fields("a b c d e f g h i j k l m n o p q r s t u v w x y z ä ö ü") {
		abbrevs[w+"."] = true
	}
}

func isUnit(s string) bool { return units[s] }

// maybeSpecial tells whether a word of only letters and digits may still
// need splitting: a unit after a number, a time, or "cannot"/"gonna"/"gotta".
func (t *tokenizer) maybeSpecial(lo, hi int) bool {
	if t.all&fDigit != 0 && t.all&fLetter != 0 {
		return true
	}
	n := hi - lo
	c := t.u[lo].r | 0x20
	return (n == 5 || n == 6) && (c == 'c' || c == 'g')
}

// special handles spaCy's special cases for units [lo, hi): exceptions that
// are emitted as given, whatever the affix rules would do.
func (t *tokenizer) special(lo, hi int) bool {
	u := t.u
	n := hi - lo
	first, last := u[lo].f, u[hi-1].f
	s := t.text[u[lo].b:u[hi].b]
	switch {
	case last&fDot != 0:
		if n >= 2 && len(s) <= 8 && (abbrevs[s] || t.letterDots(lo, hi)) {
			t.emit(lo, hi)
			return true
		}
		if first&fDigit != 0 && t.time(lo, hi) {
			return true
		}
	case last&fLetter != 0:
		if n >= 2 && t.clitic(lo, hi) {
			return true
		}
		if first&fDigit != 0 && t.time(lo, hi) {
			return true
		}
		if n == 6 || n == 5 || n == 3 {
			switch s {
			case "and/or", "w/o":
				t.emit(lo, hi)
				return true
			case "cannot", "Cannot":
				t.emit(lo, lo+3)
				t.emit(lo+3, hi)
				return true
			case "gonna", "Gonna", "gotta", "Gotta":
				t.emit(lo, lo+3)
				t.emit(lo+3, hi)
				return true
			}
		}
	}
	if t.all&fAt != 0 && t.email(lo, hi) {
		t.emit(lo, hi)
		return true
	}
	if n <= 4 && first&(fLetter|fDigit) == 0 && emoticons[s] {
		t.emit(lo, hi)
		return true
	}
	return false
}

// letterDots matches "U.S.", "e.g.", "U.S.A.": single letters each followed
// by a period (a letter cluster of up to 4 bytes: one code point, or a
// letter with a short mark).
func (t *tokenizer) letterDots(lo, hi int) bool {
	if (hi-lo)%2 != 0 || hi-lo < 4 {
		return false
	}
	for i := lo; i < hi; i += 2 {
		if t.u[i].f&fLetter == 0 || t.u[i+1].f&fDot == 0 || t.u[i+1].b-t.u[i].b > 4 {
			return false
		}
	}
	return true
}

// time splits spaCy's "10am", "7p.m." exceptions (hours 1 to 12).
func (t *tokenizer) time(lo, hi int) bool {
	u := t.u
	d := lo
	for d < hi && d-lo < 3 && u[d].f&fDigit != 0 && u[d].r < 0x80 {
		d++
	}
	h := 0
	for i := lo; i < d; i++ {
		h = h*10 + int(u[i].r-'0')
	}
	if d == lo || d-lo > 2 || h < 1 || h > 12 || (d-lo == 2 && u[lo].r == '0') {
		return false
	}
	switch t.text[u[d].b:u[hi].b] {
	case "am", "pm", "a.m.", "p.m.":
		t.emit(lo, d)
		t.emit(d, hi)
		return true
	}
	return false
}

// clitic splits the contractions of spaCy's English exceptions ("don't" ->
// "do", "n't"; "I'm" -> "I", "'m"), with ' or ’, and keeps a bare clitic
// ("'s", "n't") whole. Like spaCy it knows only lower-case and capitalized
// forms: "DON'T" stays whole, as splitting where spaCy does not would let a
// span end inside one of spaCy's tokens.
func (t *tokenizer) clitic(lo, hi int) bool {
	u := t.u
	var a int // the apostrophe
	switch {
	case u[hi-2].f&fApos != 0:
		a = hi - 2
	case hi-lo >= 3 && u[hi-3].f&fApos != 0:
		a = hi - 3
	default:
		return false
	}
	var c [2]rune
	for i := a + 1; i < hi; i++ {
		r := u[i].r
		if r >= 0x80 || u[i+1].b-u[i].b != 1 {
			return false
		}
		c[i-a-1] = r
	}
	cs := a // start of the clitic
	var bases map[string]bool
	switch c {
	case [2]rune{'m'}:
		bases = cliticM
	case [2]rune{'d'}:
		bases = cliticLD
	case [2]rune{'s'}:
		if a == lo {
			t.emit(lo, hi)
			return true
		}
		return false // the generic 's suffix does it
	case [2]rune{'t'}:
		if a == lo || u[a-1].r != 'n' {
			return false
		}
		cs = a - 1
		bases = cliticNT
	case [2]rune{'l', 'l'}:
		bases = cliticLD
	case [2]rune{'r', 'e'}:
		bases = cliticRE
	case [2]rune{'v', 'e'}:
		bases = cliticVE
	default:
		return false
	}
	if cs == lo {
		t.emit(lo, hi)
		return true
	}
	base := t.text[u[lo].b:u[cs].b]
	if len(base) > 6 {
		return false
	}
	var buf [6]byte
	for i := 0; i < len(base); i++ {
		b := base[i]
		if b >= 0x80 || asciiFlags[b]&fLower == 0 && (i > 0 || asciiFlags[b]&fUpper == 0) {
			return false // not "do" or "Do"
		}
		buf[i] = b | 0x20
	}
	if !bases[string(buf[:len(base)])] {
		return false
	}
	t.emit(lo, cs)
	t.emit(cs, hi)
	return true
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
