package tokenize

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
)

// TestClusterEnds checks the fast grapheme boundary test against uniseg for
// every code point in its ranges.
func TestClusterEnds(t *testing.T) {
	breaks := func(r0, r1 rune) bool {
		s := string(r0) + string(r1)
		cluster, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
		return len(cluster) == len(string(r0))
	}
	// Code points that take part in the joining rules, as partners.
	partners := []rune{'a', '\r', '\n', 0x0301, 0x200D, 0x0600, 0x1100, 0x1161, 0x11A8, 0xAC00, 0x1F1F9, 0x1F469, 0x00A9, 0x0903, 0x093F}
	for r := rune(0); r < 0x110000; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		if endsSimple(r) {
			for _, r1 := range partners {
				if startsSimple(r1) && !breaks(r, r1) {
					t.Fatalf("U+%04X U+%04X: no boundary, but both are simple", r, r1)
				}
			}
		}
		if startsSimple(r) {
			for _, r0 := range partners {
				if endsSimple(r0) && !breaks(r0, r) {
					t.Fatalf("U+%04X U+%04X: no boundary, but both are simple", r0, r)
				}
			}
			// And r itself after any simple first code point: the rules
			// that join look at r1 alone (GB9, GB9a) when r0 is simple.
			if !breaks('a', r) || !breaks(0x4E00, r) || !breaks(0x0628, r) {
				t.Fatalf("U+%04X joins a preceding letter", r)
			}
		}
	}
}

// TestFastPath checks that plainWord gives what the general rules give.
func TestFastPath(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/idlib-talks.txt")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{string(seed),
		"Mr. Smith, J. Doe; USA. McD. etc. e. a b: 2018. 10am, 100km. cannot, gonna. gotta; word",
		"Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.", "x.", "X.", "ab.\u0301", "end,\u00a0next", "ok:\r\nno",
	}
	words := strings.Fields("a I x Mr Dr mr e etc vs Vs Jan U S USA McD word Word WORD 2018 10 10am 100km cannot Cannot gonna gotta http www " +
		"dont Dont DONT im Im id Id wed Wed its ill well thats whats yall XD xD Mt Ill")
	tails := []string{"", ".", ",", ";", ":", ".\n", ",\t", ". ", "..", ".,", ":/", ".\u0301", "é"}
	for _, w := range words {
		for _, tail := range tails {
			texts = append(texts, w+tail, w+tail+" next", "("+w+tail)
		}
	}
	for _, text := range texts {
		fastPath = false
		want := Tokenize(text)
		fastPath = true
		got := Tokenize(text)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Tokenize(%q)\nfast path: %v\n   rules: %v", text, got, want)
		}
	}
}
