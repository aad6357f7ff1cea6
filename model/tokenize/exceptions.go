package tokenize

import "strings"

// specials are spaCy's English tokenizer exceptions: a word (or what is left
// of it once punctuation is split off) that is exactly one of these keys
// becomes the tokens given, whatever the other rules would do. The value
// holds the byte length of each token. Like spaCy's, the keys are case
// sensitive and come in lower case and capitalized only: "dont" and "Dont"
// split, "DONT" stays whole.
var specials = map[string][]uint8{}

// specialBits is a Bloom filter over the keys (their first, middle and last
// bytes and their length, two bits in one word), so that the common word
// that is no exception costs a few instructions rather than a map lookup: of
// the seed article's words, about one in a hundred gets past it.
var specialBits [512]uint64

// maxSpecial is the longest key in bytes.
var maxSpecial int

// letterFirst and letterLast tell, for the keys made only of ASCII letters
// ("dont", "gonna"), which lengths occur after a given first byte and before
// a given last byte: plainWord's first test, which four words in five of
// news text fail before any hashing.
var letterFirst, letterLast [256]uint16

// specialHash hashes a non-empty s for specialBits: the word in its top 9
// bits, the two bit positions in the 12 below.
func specialHash(s string) uint64 {
	n := len(s)
	return (uint64(s[0]) | uint64(s[n>>1])<<8 | uint64(s[n-1])<<16 | uint64(n)<<24) * 0x9E3779B97F4A7C15
}

// mayBeSpecial is lookupSpecial's cheap first test alone; small enough to be
// inlined in the tokenizer's fast path.
func mayBeSpecial(s string) bool {
	if len(s) == 0 {
		return false
	}
	x := specialHash(s)
	w := specialBits[x>>55]
	return (w>>(x>>49&63))&(w>>(x>>43&63))&1 != 0
}

// lookupSpecial returns the exception for s, if any.
func lookupSpecial(s string) ([]uint8, bool) {
	if len(s) > maxSpecial || !mayBeSpecial(s) {
		return nil, false
	}
	p, ok := specials[s]
	return p, ok
}

// addSpecial records the exception whose tokens are parts.
func addSpecial(parts ...string) {
	p := make([]uint8, len(parts))
	for i, s := range parts {
		p[i] = uint8(len(s))
	}
	specials[strings.Join(parts, "")] = p
}

// title capitalizes the first letter of an ASCII word, as Python's
// str.title() does for the words below.
func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// addCased adds the exception lower case and capitalized.
func addCased(parts ...string) {
	addSpecial(parts...)
	tc := append([]string{title(parts[0])}, parts[1:]...)
	addSpecial(tc...)
}

func init() {
	// Contractions: each with an apostrophe and without one ("don't",
	// "dont"), as spaCy's English exceptions generate them.
	both := func(base string, clitics ...string) {
		with := append([]string{base}, clitics...)
		without := []string{base}
		for _, c := range clitics {
			without = append(without, strings.ReplaceAll(c, "'", ""))
		}
		addCased(with...)
		addCased(without...)
	}
	both("i", "'m")
	both("i", "'m", "a") // "I'ma"
	for _, p := range strings.Fields("i you he she it we they") {
		both(p, "'ll")
		both(p, "'ll", "'ve")
		both(p, "'d")
		both(p, "'d", "'ve")
	}
	for _, p := range strings.Fields("i you we they") {
		both(p, "'ve")
	}
	for _, p := range strings.Fields("you we they") {
		both(p, "'re")
	}
	for _, p := range strings.Fields("he she it") {
		both(p, "'s")
	}
	// W-words and demonstratives; "this" and "that" take no 're or 've,
	// "these" and "those" no 's.
	for _, w := range strings.Fields("who what when where why how there that this these those") {
		singular := w == "that" || w == "this"
		plural := w == "these" || w == "those"
		if !plural {
			both(w, "'s")
		}
		both(w, "'ll")
		both(w, "'ll", "'ve")
		if !singular {
			both(w, "'re")
			both(w, "'ve")
		}
		both(w, "'d")
		both(w, "'d", "'ve")
	}
	for _, v := range strings.Fields("ca could do does did had may might must need ought sha should wo would") {
		both(v, "n't")
		both(v, "n't", "'ve")
	}
	for _, v := range strings.Fields("could might must should would") {
		both(v, "'ve")
	}
	for _, v := range strings.Fields("ai are is was were have has dare") {
		both(v, "n't")
	}
	// Dropped letters, kept as one token with or without the apostrophe.
	for _, w := range strings.Fields("doin goin nothin nuthin ol somethin lovin havin") {
		addCased(w)
		addCased(w + "'")
	}
	for _, w := range strings.Fields("em ll nuff") {
		addSpecial(w)
		addSpecial("'" + w)
	}
	for _, w := range strings.Fields("'S 's ‘S ‘s 're 'd 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout " +
		"ma'am Ma'am o'clock O'clock and/or w/o ' '' C++ <space>") {
		addSpecial(w)
	}
	addSpecial(`\")`)
	addSpecial(`\t`)
	addSpecial(`\n`)
	addSpecial("y'", "all")
	addSpecial("y", "all")
	addCased("how", "'d", "'y")
	addCased("not", "'ve")
	addCased("not", "ve")
	addCased("can", "not")
	addCased("gon", "na")
	addCased("got", "ta")
	addCased("let", "'s")
	addCased("c'm", "on")

	// Abbreviations whose period stays on the word: spaCy's list, case
	// sensitive ("vs." but "Vs" "."), and a single lower-case letter.
	for _, w := range strings.Fields("Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb. Fla. " +
		"Ga. Ia. Id. Ill. Ind. Jan. Jul. Jun. Kan. Kans. Ky. La. Mar. Mass. Mich. Minn. Miss. N.C. N.D. N.H. " +
		"N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. S.C. Sep. Sept. Tenn. Va. Wash. Wis. " +
		"a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G. Gen. Gov. i.e. I.e. I.E. Inc. Jr. Ltd. Md. " +
		"Messrs. Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St. vs. v.s. " +
		"a. b. c. d. e. f. g. h. i. j. k. l. m. n. o. p. q. r. s. t. u. v. w. x. y. z. ä. ö. ü.") {
		addSpecial(w)
	}
	for _, u := range strings.Fields("c f k C F K") {
		addSpecial("°", u, ".")
	}
	// Emoticons, kept whole.
	for _, e := range strings.Fields(emoticonList) {
		addSpecial(e)
	}

	// Words that would otherwise split as contractions ("ill", "well",
	// "shed", "were").
	for _, w := range strings.Fields("Ill ill Its its Hell hell Shell shell Shed shed were Were Well well Whore whore") {
		delete(specials, w)
	}
	// Every exception with ' also with ’.
	for k, p := range specials {
		if !strings.Contains(k, "'") {
			continue
		}
		q := make([]uint8, len(p))
		rest := k
		for i, n := range p {
			q[i] = uint8(len(strings.ReplaceAll(rest[:n], "'", "’")))
			rest = rest[n:]
		}
		specials[strings.ReplaceAll(k, "'", "’")] = q
	}
	for k := range specials {
		x := specialHash(k)
		specialBits[x>>55] |= 1<<(x>>49&63) | 1<<(x>>43&63)
		maxSpecial = max(maxSpecial, len(k))
		if len(k) < 16 && strings.Trim(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
			letterFirst[k[0]] |= 1 << len(k)
			letterLast[k[len(k)-1]] |= 1 << len(k)
		}
	}
}

// emoticonList is spaCy's emoticons, separated by white space.
const emoticonList = `:) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) (-8
;) ;-) (; (-; :( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1
:P :-P :p :-p :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD
xDD XDD 8D 8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0
o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.) (>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ)
¯\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>`
