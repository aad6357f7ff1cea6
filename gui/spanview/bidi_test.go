package spanview_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/inkspan/inkspan/gui/spanview"
)

// rev reverses s by code points: how a right-to-left run looks when read
// left to right.
func rev(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// wholeLine is a line holding all of s.
func wholeLine(s string) spanview.Line {
	return spanview.Line{End: utf8.RuneCountInString(s), EndByte: len(s)}
}

// visual is what a line laid out as ps shows, read left to right: each
// piece's text, reversed in a right-to-left piece.
func visual(text string, ps []spanview.Piece) string {
	var sb strings.Builder
	for i := range ps {
		s := ps[i].Text(text)
		if ps[i].RTL() {
			s = rev(s)
		}
		sb.WriteString(s)
	}
	return sb.String()
}

// slots lists the code points of a line in the order they are drawn, left
// to right: what the intervals of single characters must follow.
func slots(ps []spanview.Piece) []int {
	var out []int
	for _, p := range ps {
		for k := range p.End - p.Start {
			if p.RTL() {
				out = append(out, p.End-1-k)
			} else {
				out = append(out, p.Start+k)
			}
		}
	}
	return out
}

// The cases are lines a news annotator meets, with what they look like
// drawn by the Unicode bidi algorithm, read left to right. The expected
// strings are built from the logical text with rev so that they can be
// read here, where an editor would reorder them again.
var bidiCases = []struct {
	name   string
	text   string
	rtl    bool // the paragraph's direction
	visual string
}{
	{"ArabicOnly", "قالت مصادر في إدلب", true, rev("قالت مصادر في إدلب")},
	// The full stop ends the sentence, so it is drawn at its left end (Fyne
	// alone draws it at the right, where the sentence starts).
	{"ArabicFullStop", "قصفت طائرات مدينة إدلب.", true, "." + rev("قصفت طائرات مدينة إدلب")},
	// Brackets are mirrored: the opening one, on the right, faces left.
	{"HebrewBrackets", "הוא אמר: (שלום) לכולם.", true,
		"." + rev("לכולם") + " " + "(" + rev("שלום") + ")" + " " + ":" + rev("הוא אמר")},
	// A Latin name and European digits stay left to right inside; the
	// clauses around them are ordered right to left.
	{"ArabicLatinDigits", "قالت وكالة Reuters إن 12 مدنيا قتلوا في 2024.", true,
		"." + "2024" + " " + rev("مدنيا قتلوا في") + " " + "12" + " " + rev("إن") + " " + "Reuters" + " " + rev("قالت وكالة")},
	// Arabic-Indic digits and a decimal separator make one number.
	{"ArabicIndicDigits", "سقط ١٢٫٥ مليمتر", true, rev("مليمتر") + " " + "١٢٫٥" + " " + rev("سقط")},
	{"LatinWithArabicPhrase", "The strike on إدلب الشمالية was reported.", false,
		"The strike on " + rev("إدلب الشمالية") + " was reported."},
	// A number after Arabic text is reordered with it (rules W2, I1, L2):
	// it is drawn left of the Arabic word, not right of it.
	{"LatinArabicNumber", "Deaths in إدلب 12 today", false, "Deaths in " + "12" + " " + rev("إدلب") + " today"},
	// A Hebrew quotation inside English, with its own punctuation.
	{"LatinHebrewQuote", "He said «שלום עולם» and left.", false, "He said «" + rev("שלום עולם") + "» and left."},
	// An English line that is the second line of an Arabic paragraph
	// keeps its words left to right but the full stop goes left.
	{"LatinInRTLParagraph", "Syrian Observatory.", true, "." + "Syrian Observatory"},
}

func TestLayoutLineVisualOrder(t *testing.T) {
	for _, tc := range bidiCases {
		t.Run(tc.name, func(t *testing.T) {
			ps := spanview.LayoutLine(tc.text, wholeLine(tc.text), tc.rtl)
			if got := visual(tc.text, ps); got != tc.visual {
				t.Fatalf("drawn as\n%q\nwant\n%q\npieces %+v", got, tc.visual, ps)
			}
			// The pieces partition the line.
			var cover []int
			for _, p := range ps {
				for c := p.Start; c < p.End; c++ {
					cover = append(cover, c)
				}
				if got := tc.text[p.StartByte:p.EndByte]; utf8.RuneCountInString(got) != p.End-p.Start {
					t.Fatalf("piece %+v: bytes %q do not match its code points", p, got)
				}
			}
			slices.Sort(cover)
			for i, c := range cover {
				if c != i {
					t.Fatalf("pieces do not cover the line once: %v", cover)
				}
			}
		})
	}
}

// TestBidiPositions checks, with a font where every code point is 10 px
// wide, that every character's interval, the character found under its
// middle and the caret positions beside it follow the visual order.
func TestBidiPositions(t *testing.T) {
	for _, tc := range bidiCases {
		t.Run(tc.name, func(t *testing.T) {
			ps := spanview.LayoutLine(tc.text, wholeLine(tc.text), tc.rtl)
			const avail = 600
			spanview.Place(tc.text, ps, mono, tc.rtl, avail)
			n := utf8.RuneCountInString(tc.text)
			left := ps[0].X
			if want := float32(0); tc.rtl {
				want = avail - float32(n*10)
				if left != want {
					t.Fatalf("a right-to-left line starts at %v, want %v (flush right)", left, want)
				}
			} else if left != want {
				t.Fatalf("a left-to-right line starts at %v", left)
			}
			for v, c := range slots(ps) {
				x0 := left + float32(v*10)
				iv := spanview.Intervals(tc.text, ps, c, c+1, mono, nil)
				if len(iv) != 1 || iv[0] != (spanview.Interval{X0: x0, X1: x0 + 10}) {
					t.Fatalf("code point %d (%q), drawn %d-th: intervals %v, want [%v %v]", c, cps(tc.text, c, c+1), v, iv, x0, x0+10)
				}
				if got := spanview.CharAtPieces(tc.text, ps, x0+5, mono); got != c {
					t.Fatalf("CharAt(middle of %d-th slot) = %d, want %d", v, got, c)
				}
				// A click just inside the character's left edge puts the
				// caret before it if it runs left to right, after it if it
				// runs right to left.
				want := c
				if p := pieceOf(ps, c); p.RTL() {
					want = c + 1
				}
				if got := spanview.OffsetAtPieces(tc.text, ps, x0+2, mono); got != want {
					t.Fatalf("OffsetAt(left edge of %d (%q)) = %d, want %d", c, cps(tc.text, c, c+1), got, want)
				}
			}
			if got := spanview.CharAtPieces(tc.text, ps, left-1, mono); got != -1 {
				t.Fatalf("CharAt left of the line = %d", got)
			}
			if got := spanview.CharAtPieces(tc.text, ps, left+float32(n*10)+1, mono); got != -1 {
				t.Fatalf("CharAt right of the line = %d", got)
			}
			// The whole line is one interval however it is cut.
			if iv := spanview.Intervals(tc.text, ps, 0, n, mono, nil); len(iv) != 1 || iv[0].X0 != left || iv[0].X1 != left+float32(n*10) {
				t.Fatalf("the whole line: %v", iv)
			}
		})
	}
}

func pieceOf(ps []spanview.Piece, c int) spanview.Piece {
	for _, p := range ps {
		if p.Start <= c && c < p.End {
			return p
		}
	}
	panic(fmt.Sprint("no piece holds ", c))
}

// TestIntervalsAcrossDirections: a range crossing a change of direction is
// drawn as several rectangles, one per visually separate part.
func TestIntervalsAcrossDirections(t *testing.T) {
	for _, tc := range []struct {
		text     string
		rtl      bool
		sub      string
		want     [][2]string // each interval as the visual text it starts and ends with
		wantRect int
	}{
		// "الشمالية was": the second Arabic word is drawn at the left end of
		// the Arabic phrase, " was" after its right end.
		{"The strike on إدلب الشمالية was reported.", false, "الشمالية was", nil, 2},
		// "on إدلب الشمالية was" is one stretch on screen.
		{"The strike on إدلب الشمالية was reported.", false, "on إدلب الشمالية was", nil, 1},
		// In Arabic, "Reuters إن" are neighbours in logical order but the
		// Arabic word is drawn left of the Latin one with the space between:
		// still one stretch.
		{"قالت وكالة Reuters إن 12 مدنيا قتلوا", true, "Reuters إن", nil, 1},
		// "وكالة Reuters": the Latin word sits left of وكالة, with قالت on
		// the far right: one stretch.
		{"قالت وكالة Reuters إن 12 مدنيا قتلوا", true, "وكالة Reuters", nil, 1},
		// "Reuters إن 12": 12 is drawn left of إن, Reuters right of it.
		{"قالت وكالة Reuters إن 12 مدنيا قتلوا", true, "Reuters إن 12", nil, 1},
		// "إن 12 مدنيا": one stretch again; "12 مدنيا قتلوا" too.
		{"قالت وكالة Reuters إن 12 مدنيا قتلوا", true, "12 مدنيا قتلوا", nil, 1},
		// "Deaths in إدلب 12": "Deaths in " then 12 then إدلب: the range
		// ends inside the number block, which is drawn before the word.
		{"Deaths in إدلب 12 today", false, "in إدلب", nil, 2},
	} {
		ps := spanview.LayoutLine(tc.text, wholeLine(tc.text), tc.rtl)
		spanview.Place(tc.text, ps, mono, tc.rtl, 600)
		a := cpOfSub(tc.text, tc.sub)
		b := a + utf8.RuneCountInString(tc.sub)
		iv := spanview.Intervals(tc.text, ps, a, b, mono, nil)
		if len(iv) != tc.wantRect {
			t.Errorf("%q in %q: %d intervals %v, want %d", tc.sub, tc.text, len(iv), iv, tc.wantRect)
			continue
		}
		// Together the intervals cover exactly the range's characters.
		var w float32
		for _, r := range iv {
			w += r.X1 - r.X0
		}
		if w != float32(10*(b-a)) {
			t.Errorf("%q in %q: intervals %v are %v px wide, want %d", tc.sub, tc.text, iv, w, 10*(b-a))
		}
		for c := a; c < b; c++ {
			ci := spanview.Intervals(tc.text, ps, c, c+1, mono, nil)[0]
			in := false
			for _, r := range iv {
				in = in || (ci.X0 >= r.X0 && ci.X1 <= r.X1)
			}
			if !in {
				t.Errorf("%q in %q: character %d at %v is outside %v", tc.sub, tc.text, c, ci, iv)
			}
		}
	}
}

func cpOfSub(text, sub string) int {
	i := strings.Index(text, sub)
	if i < 0 {
		panic(sub + " not in " + text)
	}
	return utf8.RuneCountInString(text[:i])
}

// TestLayoutLineOfParagraph lays out a wrapped line from the middle of a
// text: the pieces carry the document's offsets, and a line of a
// left-to-right paragraph that starts with Arabic stays left to right.
func TestLayoutLineOfParagraph(t *testing.T) {
	text := "Reports from the north: إدلب الشمالية 12 killed\nnext"
	start := cpOfSub(text, "إدلب")
	sb := strings.Index(text, "إدلب")
	end := cpOfSub(text, "\nnext") + 1
	l := spanview.Line{Start: start, End: end, StartByte: sb, EndByte: strings.Index(text, "next")}
	ps := spanview.LayoutLine(text, l, false)
	if got, want := visual(text, ps), "12 "+rev("إدلب الشمالية")+" killed"; got != want {
		t.Fatalf("drawn as %q, want %q", got, want)
	}
	for _, p := range ps {
		if p.Start < start || p.End > end-1 {
			t.Fatalf("piece %+v outside the line's text [%d, %d) without its line break", p, start, end-1)
		}
	}
}

func TestHasRTLAndParagraph(t *testing.T) {
	for _, s := range []string{"", "Putin, Erdoğan “quoted” — 東京 👨‍👩‍👧", "12 April"} {
		if spanview.HasRTL(s) {
			t.Errorf("HasRTL(%q)", s)
		}
		if spanview.ParagraphRTL(s) {
			t.Errorf("ParagraphRTL(%q)", s)
		}
	}
	for _, s := range []string{"قالت", "a שלום", "عام ٢٠٢٤"} {
		if !spanview.HasRTL(s) {
			t.Errorf("!HasRTL(%q)", s)
		}
	}
	for _, tc := range []struct {
		s   string
		rtl bool
	}{
		{"«قالت» Reuters", true},
		{"12, 13: إدلب", true},
		{"Idlib إدلب", false},
		{"12\nإدلب", false}, // the paragraph ends before the Arabic
		{"\u2067Idlib\u2069 إدلب", true},
	} {
		if got := spanview.ParagraphRTL(tc.s); got != tc.rtl {
			t.Errorf("ParagraphRTL(%q) = %v", tc.s, got)
		}
	}
}
