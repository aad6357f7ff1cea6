package tokenize_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
	"github.com/rivo/uniseg"
)

// seedPath is real news text, the seed article kept at the top of the repository.
const seedPath = "../../testdata/idlib-talks.txt"

func readSeed(t testing.TB) string {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatalf("seed article: %v", err)
	}
	return string(b)
}

func texts(toks []tokenize.Token) []string {
	out := make([]string, len(toks))
	for i, tk := range toks {
		out[i] = tk.Text
	}
	return out
}

// The worked example of /work/shared/notes/formats.md, token for token.
func TestWorkedExample(t *testing.T) {
	text := "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷."
	want := []tokenize.Token{
		{"Putin", 0, 5, true}, {"met", 6, 9, true}, {"Erdoğan", 10, 17, true}, {"in", 18, 20, true},
		{"Moscow", 21, 27, false}, {";", 27, 28, true}, {"34", 29, 31, true}, {"soldiers", 32, 40, true},
		{"died", 41, 45, true}, {"🇹🇷", 46, 48, false}, {".", 48, 49, false},
	}
	got := tokenize.Tokenize(text)
	if g, w := len(got), len(want); g != w {
		t.Fatalf("got %d tokens %q, want %d", g, texts(got), w)
	}
	for i := range want {
		if g, w := got[i], want[i]; g != w {
			t.Fatalf("token %d = %+v, want %+v", i, g, w)
		}
	}
	if got, want := model.RuneLen(text), 49; got != want {
		t.Fatalf("text length %d code points, want %d", got, want)
	}
}

func TestSpacyCases(t *testing.T) {
	cases := []struct {
		in   string
		want string // tokens separated by " | "
	}{
		// clitics
		{"Turkey’s border", "Turkey | ’s | border"},
		{"Assad's forces", "Assad | 's | forces"},
		{"it's", "it | 's"},
		{"don't can't won't isn't", "do | n't | ca | n't | wo | n't | is | n't"},
		{"Don’t", "Do | n’t"},
		{"DON'T Can't", "DON'T | Ca | n't"},
		{"I'm we'll they're I've he'd", "I | 'm | we | 'll | they | 're | I | 've | he | 'd"},
		{"I’m we’ll they’re I’ve he’d", "I | ’m | we | ’ll | they | ’re | I | ’ve | he | ’d"},
		{"could've", "could | 've"},
		{"O'Brien Sa'd rock'n'roll", "O'Brien | Sa'd | rock'n'roll"},
		{"Jones' car", "Jones | ' | car"},
		{"'s n't", "'s | n't"},
		{"cannot gonna", "can | not | gon | na"},
		// exceptions without the apostrophe, as spaCy's
		{"dont im Im cant wont isnt", "do | nt | i | m | I | m | ca | nt | wo | nt | is | nt"},
		{"thats whats youre Ive id wed", "that | s | what | s | you | re | I | ve | i | d | we | d"},
		{"ill well shed were its DONT", "ill | well | shed | were | its | DONT"},
		{"c'mon y'all let's gotta ima", "c'm | on | y' | all | let | 's | got | ta | i | m | a"},
		{"'em goin' nothin' o'clock", "'em | goin' | nothin' | o'clock"},
		{"dont, Dont. (cant)", "do | nt | , | Do | nt | . | ( | ca | nt | )"},
		{"'em, (gonna)", "'em | , | ( | gon | na | )"},
		{":))) 8) <3 ¯\\(ツ)/¯", ":))) | 8) | <3 | ¯\\(ツ)/¯"},
		// hyphens
		{"Moscow-backed", "Moscow | - | backed"},
		{"Russian-Turkish", "Russian | - | Turkish"},
		{"twenty-one", "twenty | - | one"},
		{"COVID-19 F-16 IL-4 HIV-1", "COVID-19 | F-16 | IL-4 | HIV-1"},
		{"5-year-old", "5-year | - | old"},                     // spaCy 3: "5 | - | year | - | old"
		{"1996-08-30 3-day", "1996 | - | 08 | - | 30 | 3-day"}, // spaCy splits hyphens between digits
		{"decent--let well-bred a----b", "decent | -- | let | well | - | bred | a----b"},
		{"2019-2020", "2019 | - | 2020"},
		{"pre- and -5 -Last", "pre- | and | -5 | -Last"},
		{"war -- again", "war | -- | again"},
		{"Idlib—a", "Idlib | — | a"},
		{"3rd 1990s G7", "3rd | 1990s | G7"},
		// numbers
		{"1,250 3.5 1,250.75", "1,250 | 3.5 | 1,250.75"},
		{"15% rise", "15 | % | rise"},
		{"rose 15%.", "rose | 15 | % | ."},
		{"80%+ 5%-10%", "80%+ | 5%-10 | %"},
		{"$2 US$5 £5 5€", "$ | 2 | US$ | 5 | £ | 5 | 5 | €"},
		{"in 2018.", "in | 2018 | ."},
		{"in 2018, after", "in | 2018 | , | after"},
		{"100km 5kg", "100 | km | 5 | kg"},
		{"10am 7p.m.", "10 | am | 7 | p.m."},
		{"30°C", "30 | ° | C"},
		// abbreviations
		{"Mr. Putin", "Mr. | Putin"},
		{"the U.S.", "the | U.S."},
		{"the U.S., Russia", "the | U.S. | , | Russia"},
		{"(U.S.)", "( | U.S. | )"},
		{"e.g. i.e. etc.", "e.g. | i.e. | etc | ."},
		{"vs. Vs. Capt. MR. p.s. Mt.", "vs. | Vs | . | Capt | . | MR | . | p.s | . | Mt."},
		{"Dr. J. Smith Jr.", "Dr. | J. | Smith | Jr."},
		{"St. Petersburg, Jan. 5", "St. | Petersburg | , | Jan. | 5"},
		{"U.S.A. Ph.D.", "U.S.A. | Ph.D."},
		{"the USA.", "the | USA | ."},
		{"Putin.", "Putin | ."},
		// quotes and brackets
		{`"Hello," he said.`, `" | Hello | , | " | he | said | .`},
		{"“The entire world”.", "“ | The | entire | world | ” | ."},
		{"‘quoted’", "‘ | quoted | ’"},
		{"(AP) [1] {x}", "( | AP | ) | [ | 1 | ] | { | x | }"},
		{"«Bonjour»", "« | Bonjour | »"},
		{"MOSCOW: The", "MOSCOW | : | The"},
		{"Wait?! No!!!", "Wait | ? | ! | No | ! | ! | !"},
		// ellipses and infixes
		{"he said...", "he | said | ..."},
		{"a...b", "a | ... | b"},
		{"so…", "so | …"},
		{"end.The", "end | . | The"},
		{"google.com", "google.com"},
		{"and/or km/h 24/7 10:30", "and/or | km | / | h | 24/7 | 10:30"},
		{"AT&T R&D #MeToo", "AT&T | R&D | # | MeToo"},
		// URLs and e-mail
		{"see https://example.com/a?b=c).", "see | https://example.com/a?b=c | ) | ."},
		{"(www.example.org/path),", "( | www.example.org/path | ) | ,"},
		{"mail john.doe@example.com.", "mail | john.doe@example.com | ."},
		{"bbc.co.uk/news-world. al-monitor.com", "bbc.co.uk/news-world | . | al-monitor.com"},
		{"example.com:8080/a,b", "example.com:8080/a,b"},
		{"end.the Putin.He e.g.x", "end.the | Putin | . | He | e.g.x"},
		{"<x_y@mail.example.co.uk>", "< | x_y@mail.example.co.uk | >"},
		// grapheme clusters
		{"👩‍👩‍👧 family", "👩‍👩‍👧 | family"},
		{"🇹🇷🇺🇸", "🇹🇷 | 🇺🇸"},
		{"died🇹🇷.", "died | 🇹🇷 | ."},
		{"👍🏽!", "👍🏽 | !"},
		{"1️⃣ go", "1️⃣ | go"},
		{"cafe\u0301 e\u0301te", "cafe\u0301 | e\u0301te"},
		// scripts
		{"北京大学", "北 | 京 | 大 | 学"},
		{"東京です。", "東 | 京 | で | す | 。"},
		{"الأسد في دمشق.", "الأسد | في | دمشق | ."},
		{"سوريا، تركيا؟", "سوريا | ، | تركيا | ؟"},
		{"שלום עולם", "שלום | עולם"},
		{"서울 특별시", "서울 | 특별시"},
		{"Путин и Эрдоган.", "Путин | и | Эрдоган | ."},
		{"𝐀𝐁𝐂 word", "𝐀𝐁𝐂 | word"},
		// white space
		{"a\r\nb\tc d\u00a0e\u2003f", "a | b | c | d | e | f"},
		{"  lead and trail  ", "lead | and | trail"},
		{"", ""},
		{" \n\t", ""},
	}
	for _, c := range cases {
		got := strings.Join(texts(tokenize.Tokenize(c.in)), " | ")
		if got != c.want {
			t.Errorf("Tokenize(%q)\n got: %s\nwant: %s", c.in, got, c.want)
		}
		if err := checkTokens(c.in, tokenize.Tokenize(c.in)); err != nil {
			t.Errorf("Tokenize(%q): %v", c.in, err)
		}
	}
}

func TestWhiteSpaceOffsets(t *testing.T) {
	text := "a\r\nb\tc\u00a0d 🇹🇷"
	got := tokenize.Tokenize(text)
	want := []tokenize.Token{{"a", 0, 1, true}, {"b", 3, 4, true}, {"c", 5, 6, true}, {"d", 7, 8, true}, {"🇹🇷", 9, 11, false}}
	if g, w := fmt.Sprint(got), fmt.Sprint(want); g != w {
		t.Fatalf("got %s, want %s", g, w)
	}
}

// checkTokens verifies the invariants every tokenization must hold.
func checkTokens(text string, toks []tokenize.Token) error {
	off := model.NewOffsets(text)
	n := off.Len()
	// Code point offsets at which a token may start or end: grapheme cluster
	// boundaries, and any code point boundary inside a cluster that holds
	// white space (white space always separates tokens).
	allowed := make([]bool, n+1)
	allowed[n] = true
	g := uniseg.NewGraphemes(text)
	for g.Next() {
		from, to := g.Positions()
		s, _ := off.FromByte(from)
		allowed[s] = true
		cluster := text[from:to]
		if strings.IndexFunc(cluster, unicode.IsSpace) >= 0 {
			e, _ := off.FromByte(to)
			for k := s; k <= e; k++ {
				allowed[k] = true
			}
		}
	}
	isSpaceAt := func(cp int) bool {
		r, _ := utf8.DecodeRuneInString(text[off.Byte(cp):])
		return unicode.IsSpace(r)
	}
	covered := 0 // code points before this one are checked
	for i, tk := range toks {
		if tk.Start < 0 || tk.Start >= tk.End || tk.End > n {
			return fmt.Errorf("token %d %+v: bad offsets (text has %d code points)", i, tk, n)
		}
		if i > 0 && toks[i-1].End > tk.Start {
			return fmt.Errorf("token %d %+v overlaps or precedes token %d %+v", i, tk, i-1, toks[i-1])
		}
		if got := off.Slice(tk.Start, tk.End); got != tk.Text {
			return fmt.Errorf("token %d %+v: text at its offsets is %q", i, tk, got)
		}
		if strings.IndexFunc(tk.Text, unicode.IsSpace) >= 0 {
			return fmt.Errorf("token %d %+v contains white space", i, tk)
		}
		if !allowed[tk.Start] || !allowed[tk.End] {
			return fmt.Errorf("token %d %+v splits a grapheme cluster", i, tk)
		}
		if ws := tk.End < n && isSpaceAt(tk.End); ws != tk.WS {
			return fmt.Errorf("token %d %+v: WS should be %v", i, tk, ws)
		}
		for ; covered < tk.Start; covered++ {
			if !isSpaceAt(covered) {
				return fmt.Errorf("code point %d (%q) before token %d is neither white space nor in a token", covered, text[off.Byte(covered):off.Byte(covered+1)], i)
			}
		}
		covered = tk.End
	}
	for ; covered < n; covered++ {
		if !isSpaceAt(covered) {
			return fmt.Errorf("code point %d (%q) after the last token is neither white space nor in a token", covered, text[off.Byte(covered):off.Byte(covered+1)])
		}
	}
	return checkSentences(toks, tokenize.Sentences(text, toks))
}

func checkSentences(toks []tokenize.Token, sents []tokenize.Sentence) error {
	next := 0
	for i, s := range sents {
		if s.First != next || s.End <= s.First {
			return fmt.Errorf("sentence %d %+v: want first %d and non-empty", i, s, next)
		}
		next = s.End
	}
	if next != len(toks) {
		return fmt.Errorf("sentences cover %d of %d tokens", next, len(toks))
	}
	return nil
}

// pieces for random texts: every script and cluster kind the tokenizer has
// a rule for, plus white space and broken UTF-8.
var pieces = []string{
	"word", "Putin", "U.S.", "Mr.", "e.g.", "don't", "I’m", "Turkey’s", "'s", "n't", "Moscow-backed",
	"COVID-19", "1,250", "3.5", "15%", "$", "2018", "100km", "10am", "...", "…", ".", ",", ";", ":", "!", "?",
	"(", ")", "[", "]", "\"", "'", "“", "”", "‘", "’", "«", "»", "-", "—", "–", "/", "@", "#", "&", "+", "%", "=",
	"https://example.com/x", "www.x.org", "a@b.co", "é", "ğ", "e\u0301", "\u0301", "\u0308\u0301", "北京", "大",
	"です", "مرحبا", "دمشق", "שלום", "서울", "\u1100\u1161", "👩‍👩‍👧", "👍🏽", "🇹🇷", "🇺", "1️⃣", "\u200d", "\ufe0f",
	"𝐀𝐁𝐂", "𝐀", "\u0600", "\u0600 ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2003", "\u3000", "\u2028",
	"\xff", "\xe2\x80", "°", "©", "²", "·", "،", "؟", "。",
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(12); n >= 0; n-- {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

func TestProperties(t *testing.T) {
	seed := readSeed(t)
	if err := checkTokens(seed, tokenize.Tokenize(seed)); err != nil {
		t.Fatalf("seed: %v", err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		text := randomText(r)
		if err := checkTokens(text, tokenize.Tokenize(text)); err != nil {
			t.Fatalf("Tokenize(%q) = %q: %v", text, texts(tokenize.Tokenize(text)), err)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.", "Mr. Putin's U.S.-backed F-16s can't, e.g., fly...",
		"a\r\nb\t“c”", "👩‍👩‍👧🇹🇷e\u0301北京", "https://x.org/a). x@y.z", "\u0600 \u0301", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if err := checkTokens(text, tokenize.Tokenize(text)); err != nil {
			t.Fatalf("Tokenize(%q) = %q: %v", text, texts(tokenize.Tokenize(text)), err)
		}
	})
}

func TestSeedArticle(t *testing.T) {
	seed := readSeed(t)
	toks := tokenize.Tokenize(seed)
	joined := " | " + strings.Join(texts(toks), " | ") + " | "
	for _, want := range []string{
		"Russia | ’s | Vladimir",
		"Moscow | - | backed",
		"“ | The | entire",
		"countries | ” | .",
		"Russian | - | Turkish | relations | . | ”",
		"Putin | , | Erdogan",
		"MOSCOW | : | The",
		"a | 2018 | deal",
		"Assad | ’s | forces",
	} {
		if !strings.Contains(joined, " | "+want+" | ") {
			t.Errorf("seed tokens lack %q", want)
		}
	}

	lines := 0
	for _, l := range strings.Split(seed, "\n") {
		if strings.TrimSpace(l) != "" {
			lines++
		}
	}
	if got, want := lines, 14; got != want {
		t.Fatalf("seed has %d non-empty lines, want %d", got, want)
	}
	sents := tokenize.Sentences(seed, toks)
	if got := len(sents); got < lines {
		t.Fatalf("got %d sentences, want at least %d", got, lines)
	}
	var firsts []string
	for _, s := range sents {
		firsts = append(firsts, toks[s.First].Text)
	}
	want := []string{"Putin", "MOSCOW", "Turkish", "“", "Putin", "Pointing", "Intense", "The", "Turkey", "Ankara",
		"Turkey", "Turkey", "It", "Fighting", "UN"}
	if g, w := strings.Join(firsts, " "), strings.Join(want, " "); g != w {
		t.Fatalf("sentence first tokens\n got: %s\nwant: %s", g, w)
	}
	// The "MOSCOW:" dateline stays with its sentence, which runs to "crisis .".
	s := sents[1]
	if got, want := toks[s.End-2].Text+toks[s.End-1].Text, "crisis."; got != want {
		t.Fatalf("MOSCOW sentence ends with %q, want %q", got, want)
	}
	// The closing quote after the final period stays in its sentence.
	s = sents[5]
	if got, want := toks[s.End-1].Text, "”"; got != want {
		t.Fatalf("sentence 5 ends with %q, want %q", got, want)
	}
}

func TestSentences(t *testing.T) {
	cases := []struct {
		in   string
		want string // sentences separated by " || ", tokens by " "
	}{
		{"Mr. Putin arrived. He spoke.", "Mr. Putin arrived . || He spoke ."},
		{"Capt. Smith and MR. Jones left. Then", "Capt . Smith and MR . Jones left . || Then"},
		{"He said “no.” Then he left.", "He said “ no . ” || Then he left ."},
		{"Why? because. Done! 34 died.", "Why ? because . || Done ! || 34 died ."},
		{"It grew... Then fell", "It grew ... || Then fell"},
		{"in the U.S. The", "in the U.S. The"},
		{"one\ntwo\n\nthree", "one || two || three"},
		{"one\r\ntwo", "one || two"},
		{"He left. “Never,” he said.", "He left . || “ Never , ” he said ."},
		{"Er kam. Dann ging er. 北京。上海", "Er kam . || Dann ging er . || 北 京 。 || 上 海"},
		{"Done. (Really.) Yes.", "Done . || ( Really . ) || Yes ."},
		{"", ""},
	}
	for _, c := range cases {
		toks := tokenize.Tokenize(c.in)
		var parts []string
		for _, s := range tokenize.Sentences(c.in, toks) {
			parts = append(parts, strings.Join(texts(toks[s.First:s.End]), " "))
		}
		if got := strings.Join(parts, " || "); got != c.want {
			t.Errorf("Sentences(%q)\n got: %s\nwant: %s", c.in, got, c.want)
		}
	}
}

func TestAlign(t *testing.T) {
	text := "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷."
	toks := tokenize.Tokenize(text)
	cases := []struct {
		start, end  int
		first, last int
		ok          bool
	}{
		{0, 5, 0, 0, true},     // Putin
		{10, 17, 2, 2, true},   // Erdoğan
		{21, 28, 4, 5, true},   // Moscow;
		{0, 27, 0, 4, true},    // Putin … Moscow
		{46, 49, 9, 10, true},  // flag and period, at the text end
		{48, 49, 10, 10, true}, // the final period
		{0, 49, 0, 10, true},   // everything
		{1, 5, 0, 0, false},    // start inside a token
		{0, 4, 0, 0, false},    // end inside a token
		{5, 9, 0, 0, false},    // start on white space
		{6, 10, 0, 0, false},   // end after white space, not on a token end
		{47, 48, 0, 0, false},  // inside the flag
		{5, 5, 0, 0, false},    // empty
		{9, 6, 0, 0, false},    // reversed
		{49, 50, 0, 0, false},  // past the end
		{-1, 5, 0, 0, false},   // before the start
	}
	for _, c := range cases {
		first, last, ok := tokenize.Align(toks, c.start, c.end)
		if ok != c.ok || (ok && (first != c.first || last != c.last)) {
			t.Errorf("Align(%d, %d) = %d, %d, %v; want %d, %d, %v", c.start, c.end, first, last, ok, c.first, c.last, c.ok)
		}
	}
	if _, _, ok := tokenize.Align(nil, 0, 1); ok {
		t.Errorf("Align on no tokens succeeded")
	}
}

func TestSnap(t *testing.T) {
	text := "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷."
	toks := tokenize.Tokenize(text)
	cases := []struct {
		start, end int
		s, e       int
		ok         bool
	}{
		{0, 5, 0, 5, true},     // already aligned
		{1, 3, 0, 5, true},     // inside one token: that token
		{2, 8, 0, 9, true},     // across white space, both ends inside tokens
		{5, 6, 0, 0, false},    // only white space
		{5, 9, 6, 9, true},     // leading white space dropped
		{6, 10, 6, 9, true},    // trailing white space dropped
		{22, 28, 21, 28, true}, // "oscow;" widened to "Moscow;"
		{47, 48, 46, 48, true}, // half a flag: the flag
		{48, 49, 48, 49, true}, // the final period at the text end
		{45, 49, 46, 49, true}, // from the space before the flag to the end
		{49, 60, 0, 0, false},  // past the end
		{3, 3, 0, 0, false},    // empty
		{-5, 2, 0, 5, true},    // starting before the text
	}
	for _, c := range cases {
		s, e, ok := tokenize.Snap(toks, c.start, c.end)
		if ok != c.ok || (ok && (s != c.s || e != c.e)) {
			t.Errorf("Snap(%d, %d) = %d, %d, %v; want %d, %d, %v", c.start, c.end, s, e, ok, c.s, c.e, c.ok)
		}
	}
	if _, _, ok := tokenize.Snap(nil, 0, 1); ok {
		t.Errorf("Snap on no tokens succeeded")
	}
	// Snap's result always aligns.
	seed := readSeed(t)
	stoks := tokenize.Tokenize(seed)
	n := model.RuneLen(seed)
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		a := r.IntN(n)
		b := a + 1 + r.IntN(40)
		s, e, ok := tokenize.Snap(stoks, a, b)
		overlapping := 0
		for _, tk := range stoks {
			if tk.Start < b && tk.End > a {
				overlapping++
				if tk.Start < s || tk.End > e {
					t.Fatalf("Snap(%d, %d) = %d, %d, %v leaves out %+v", a, b, s, e, ok, tk)
				}
			}
		}
		if ok != (overlapping > 0) {
			t.Fatalf("Snap(%d, %d) ok = %v with %d overlapping tokens", a, b, ok, overlapping)
		}
		if !ok {
			continue
		}
		if _, _, ok := tokenize.Align(stoks, s, e); !ok {
			t.Fatalf("Snap(%d, %d) = %d, %d does not align", a, b, s, e)
		}
	}
}

func repeatTo(s string, size int) string {
	var b strings.Builder
	for b.Len() < size {
		b.WriteString(s)
		b.WriteString("\n")
	}
	return b.String()
}

func BenchmarkTokenize(b *testing.B) {
	text := repeatTo(readSeed(b), 1<<20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tokenize.Tokenize(text)
	}
}

// BenchmarkTokenizeArticle is the export's workload: one call per article.
func BenchmarkTokenizeArticle(b *testing.B) {
	text := readSeed(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tokenize.Tokenize(text)
	}
}

// BenchmarkAppendArticle reuses the token buffer: the tokenizer's own cost,
// without the allocation and garbage collection of the result.
func BenchmarkAppendArticle(b *testing.B) {
	text := readSeed(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var buf []tokenize.Token
	for b.Loop() {
		buf = tokenize.Append(buf[:0], text)
	}
}

const mixedText = "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷. «Cumhurbaşkanı Erdoğan» dedi ki: “Suriye’de ateşkes şart.” " +
	"الرئيس التركي رجب طيب أردوغان يلتقي بوتين في موسكو. Президент России Владимир Путин заявил… " +
	"北京大学的学生们说，东京です。 👩‍👩‍👧 e\u0301te 𝐀𝐁𝐂 COVID-19 U.S.-backed 1,250 $2 15%.\r\n"

func BenchmarkTokenizeMixed(b *testing.B) {
	text := repeatTo(mixedText, 1<<20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tokenize.Tokenize(text)
	}
}

func BenchmarkSentences(b *testing.B) {
	text := repeatTo(readSeed(b), 1<<20)
	toks := tokenize.Tokenize(text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tokenize.Sentences(text, toks)
	}
}

// BenchmarkAlign times one Align and one Snap on an article's tokens, as the
// export does for every span.
func BenchmarkAlign(b *testing.B) {
	toks := tokenize.Tokenize(readSeed(b))
	n := len(toks)
	i := 0
	for b.Loop() {
		tk := toks[i%n]
		tokenize.Align(toks, tk.Start, tk.End)
		tokenize.Snap(toks, tk.Start+1, tk.End)
		i += 7
	}
}
