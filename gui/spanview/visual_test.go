package spanview_test

import (
	"slices"
	"testing"

	"github.com/inkspan/inkspan/gui/spanview"
)

// backwards reverses a run of right-to-left letters by code points: how it
// reads from left to right once drawn. The expected strings below are built
// with it so that they read the same in an editor, which would reorder
// literal visual strings again.
func backwards(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// Each case's visual string is derived by hand from the Unicode bidi
// algorithm (UAX #9): levels from the paragraph's first strong character
// (P2, P3), numbers after right-to-left text one level up (W2, I1, I2),
// neutrals between two runs of one direction taking it and others the
// paragraph's (N1, N2), then every run at or above
// each odd level reversed (L2) and brackets in right-to-left runs mirrored
// (L4).
var visualCases = []struct {
	name, in, want string
}{
	{
		// Right to left: the stop ends the sentence at its left; 123 is
		// at level 2 and keeps its digits' order.
		"HebrewDigits", "שלום 123 עולם.",
		"." + backwards("עולם") + " 123 " + backwards("שלום"),
	},
	{
		// Right to left, European digits after Arabic (W2 keeps them EN,
		// raised to level 2).
		"ArabicDigits", "قال 12 مصدرا",
		backwards("مصدرا") + " 12 " + backwards("قال"),
	},
	{
		// Left to right, first strong 'T'. 2024 follows Arabic, so it is
		// an Arabic number (W2) at level 2 (I1), and ", " between R and that
		// number is R (N1): "الدوحة, 2024" is one run reversed as a block,
		// the digits forwards inside it.
		"ArabicInLatin", "Talks in الدوحة, 2024",
		"Talks in 2024 ," + backwards("الدوحة"),
	},
	{
		// Right to left with brackets: both lie between right-to-left
		// characters (or eos), so they are R and drawn mirrored (L4).
		"Brackets", "שלום (עולם)",
		"(" + backwards("עולם") + ") " + backwards("שלום"),
	},
	{
		// Right to left with a Latin word: "world" is at level 2 inside
		// the reversed run, so it reads forwards; "!" before eos (R) is R.
		"HebrewLatin", "שלום world!",
		"!world " + backwards("שלום"),
	},
	{
		// A letter keeps its vowel mark after it: reversed by grapheme
		// cluster, not by code point.
		"Marks", "אָב",
		"ב" + "אָ",
	},
	{
		// Arabic-Indic digits in a left-to-right paragraph are at level 2
		// with nothing odd around them: nothing moves.
		"IndicDigits", "Total ١٢٣ items", "Total ١٢٣ items",
	},
	{
		// Each paragraph has its own direction; the break stays.
		"Paragraphs", "Report\nשלום.",
		"Report\n." + backwards("שלום"),
	},
}

func TestVisual(t *testing.T) {
	for _, c := range visualCases {
		t.Run(c.name, func(t *testing.T) {
			got, logical := spanview.Visual(c.in)
			if got != c.want {
				t.Fatalf("Visual(%q) = %q, want %q", c.in, got, c.want)
			}
			// Every code point of the input is shown once, and shows
			// itself or its mirror.
			in, out := []rune(c.in), []rune(got)
			if len(logical) != len(out) {
				t.Fatalf("%d indices for %d code points", len(logical), len(out))
			}
			seen := make([]bool, len(in))
			for i, at := range logical {
				if at < 0 || at >= len(in) || seen[at] {
					t.Fatalf("index %d of %q is %d: out of range or seen twice", i, got, at)
				}
				seen[at] = true
				if r := in[at]; r != out[i] && !(r == '(' && out[i] == ')' || r == ')' && out[i] == '(') {
					t.Fatalf("code point %d shows %q for %q", i, out[i], r)
				}
			}
		})
	}
}

// The stop of "שלום 123 עולם." is its last code point, drawn first.
func TestVisualIndices(t *testing.T) {
	_, logical := spanview.Visual("שלום 123 עולם.")
	want := []int{13, 12, 11, 10, 9, 8, 5, 6, 7, 4, 3, 2, 1, 0}
	if !slices.Equal(logical, want) {
		t.Fatalf("indices %v, want %v", logical, want)
	}
}

func TestVisualOrder(t *testing.T) {
	const lro, pdf = "\u202d", "\u202c"
	for _, c := range []struct{ in, want string }{
		{"שלום 123 עולם.", lro + "." + backwards("עולם") + " 123 " + backwards("שלום") + pdf},
		// An override ends with its paragraph: each gets its own.
		{"שלום.\nעולם", lro + "." + backwards("שלום") + pdf + "\n" + lro + backwards("עולם") + pdf},
		{"Report\r\nשלום.", lro + "Report" + pdf + "\r\n" + lro + "." + backwards("שלום") + pdf},
	} {
		if got := spanview.VisualOrder(c.in); got != c.want {
			t.Errorf("VisualOrder(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A row of left-to-right text is passed through untouched, with no
// allocation: every list row pays this call.
func TestVisualOrderLeftToRight(t *testing.T) {
	for _, s := range []string{"", "Erdoğan meets Putin in Moscow", "Łódź: 1,250 workers (Gdańsk) 🌀"} {
		if got := spanview.VisualOrder(s); got != s {
			t.Fatalf("VisualOrder(%q) = %q", s, got)
		}
		if n := testing.AllocsPerRun(100, func() { _ = spanview.VisualOrder(s) }); n != 0 {
			t.Fatalf("VisualOrder(%q) allocates %v times", s, n)
		}
	}
	if got := spanview.LeftToRight("plain"); got != "plain" {
		t.Fatalf("LeftToRight(plain) = %q", got)
	}
}
