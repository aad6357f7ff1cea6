package suggest_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// markedText is a sentence with its spans written inline as [[...]].
type markedText struct {
	Text  string
	Spans [][2]int // code points
}

// parseMarked strips [[ and ]] from line and returns the text and the spans
// they enclosed.
func parseMarked(tb testing.TB, line string) markedText {
	tb.Helper()
	var m markedText
	var b strings.Builder
	open := -1
	for cp := 0; line != ""; {
		switch {
		case strings.HasPrefix(line, "[["):
			if open >= 0 {
				tb.Fatalf("nested [[ in %q", line)
			}
			open = cp
			line = line[2:]
		case strings.HasPrefix(line, "]]"):
			if open < 0 {
				tb.Fatalf("]] without [[ in %q", line)
			}
			m.Spans = append(m.Spans, [2]int{open, cp})
			open = -1
			line = line[2:]
		default:
			r, size := utf8.DecodeRuneInString(line)
			b.WriteRune(r)
			cp++
			line = line[size:]
		}
	}
	if open >= 0 {
		tb.Fatalf("[[ without ]] in %q", line)
	}
	m.Text = b.String()
	return m
}

// figureSpans runs the recognizer and shows its spans as marked text, the
// easiest form to read in a failure message.
func figureSpans(text string) string {
	return mark(text, suggest.Figures(tokenize.Tokenize(text), nil))
}

// mark writes spans into text as [[...]]; spans must not overlap.
func mark(text string, spans []model.Span) string {
	runes := []rune(text)
	var b strings.Builder
	at := 0
	for _, s := range spans {
		b.WriteString(string(runes[at:s.Start]))
		b.WriteString("[[" + string(runes[s.Start:s.End]) + "]]")
		at = s.End
	}
	b.WriteString(string(runes[at:]))
	return b.String()
}

func TestFigures(t *testing.T) {
	for _, want := range []string{
		// Numerals and their parts.
		"[[34]] soldiers died.",
		"[[1,250]] homes and [[3.5]] tonnes, a [[15%]] rise.",
		"a [[$2 billion]] package and [[£3m]] each and [[€4bn]] and [[US$5]]",
		"[[2.5 million]] people, [[7.2 percent]] and [[12 per cent]]",
		"[[1/2]] of them, but 9/11 and 24/7 are not fractions",
		// Number words.
		"[[three]] boys, [[Twenty-one]] girls, [[one hundred and twenty]] houses",
		"[[a million]] people, [[half a million]] parcels, [[two dozen]] eggs, [[a dozen]] hostages",
		"[[twenty one]], [[three thousand five hundred]], [[two million]], [[five hundred and two million]]",
		// Vague and bounded quantities.
		"[[dozens]] of soldiers, [[hundreds]] of families, [[tens of thousands]] of people",
		"[[Hundreds of thousands]] fled; [[scores]] of people; the scores were level",
		"[[close to a million]] people and [[at least 15]] civilians and [[more than 200]] families",
		"[[nearly 300]], [[up to 40]], [[about 20]], [[some 3,000]], [[fewer than 10]]",
		"[[no more than 5]] and [[as many as 2,000]] and [[an estimated 40,000]]",
		"[[several hundred]] people and [[a few thousand]] protesters; several people",
		// Ranges.
		"[[between 10 and 20]] people, [[10 to 20]] people, [[10-20]] people, [[two or three]] shells",
		"[[between $10 billion and $20 billion]], [[one in five]] children",
		"it rose from [[10]] to [[20]]; fell [[4%]] to [[$31.20]]; passed [[51]] to [[49]]",
		// Not figures: dates, times, ordinals, names, codes.
		"in 2011, since 1947, the 2018 deal, the 1990s, March 3, 3 March, the 3rd of March",
		"at 10:30, at 9 a.m., at 5 pm, the first time, the 3rd round, the 21st century",
		"F-16 jets, COVID-19 cases, the Su-24, Boeing 737, Resolution 2254, iPhone 12, No. 10, #5",
		"call 0800 123 4567 or 555-0199; won 3-1",
		"One of the soldiers; no one came; one of them; one another; One day",
		// "one" is a number elsewhere.
		"[[one]] person died, [[one or two]] shells",
		// Beyond ASCII before a figure: offsets are code points.
		"Erdoğan 🇹🇷 said [[34]] died",
		"On Tuesday [[15]] people died",
	} {
		m := parseMarked(t, want)
		if got := figureSpans(m.Text); got != want {
			t.Errorf("Figures:\n got %s\nwant %s", got, want)
		}
	}
}

func TestFiguresSpanFields(t *testing.T) {
	spans := suggest.Figures(tokenize.Tokenize("at least 15 died"), nil)
	if got, want := len(spans), 1; got != want {
		t.Fatalf("got %d spans, want %d", got, want)
	}
	if got, want := spans[0], (model.Span{Start: 0, End: 11, Label: suggest.FigureLabel, Origin: model.OriginSuggestion}); !got.Equal(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

// TestFiguresEvaluation measures the recognizer on testdata/figures.txt, a
// set of news sentences labeled by hand before the recognizer was written.
// A predicted span counts only if its offsets equal a labeled span's.
func TestFiguresEvaluation(t *testing.T) {
	f, err := os.Open("testdata/figures.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sentences, truePos, predicted, gold := 0, 0, 0, 0
	var misses []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sentences++
		m := parseMarked(t, line)
		spans := suggest.Figures(tokenize.Tokenize(m.Text), nil)
		want := make(map[[2]int]bool)
		for _, s := range m.Spans {
			want[[2]int{s[0], s[1]}] = true
		}
		for _, s := range spans {
			if want[[2]int{s.Start, s.End}] {
				truePos++
			}
		}
		predicted += len(spans)
		gold += len(m.Spans)
		if got := mark(m.Text, spans); got != line {
			misses = append(misses, fmt.Sprintf(" got %s\nwant %s", got, line))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	precision := float64(truePos) / float64(predicted)
	recall := float64(truePos) / float64(gold)
	f1 := 2 * precision * recall / (precision + recall)
	t.Logf("FIGURE on %d sentences, %d labeled spans: precision %.3f (%d/%d), recall %.3f (%d/%d), F1 %.3f",
		sentences, gold, precision, truePos, predicted, recall, truePos, gold, f1)
	for _, miss := range misses {
		t.Log(miss)
	}
	if precision < 0.9 || recall < 0.9 {
		t.Errorf("precision %.3f and recall %.3f, want both at least 0.9", precision, recall)
	}
}

// FuzzFigures checks that any text gives ordered, non-overlapping spans on
// token boundaries.
func FuzzFigures(f *testing.F) {
	for _, seed := range []string{
		"at least 15 died", "between $10 billion and", "twenty-", "a", "F-16-17", "3-1-2", "555-0199",
		"one hundred and", "half a", "tens of", "No. 5", "# 5", "£3m", "between 10 and $20", "1/0 0/1 10/3",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		tokens := tokenize.Tokenize(text)
		starts, ends := make(map[int]bool), make(map[int]bool)
		for _, tok := range tokens {
			starts[tok.Start], ends[tok.End] = true, true
		}
		last := 0
		for _, s := range suggest.Figures(tokens, nil) {
			if s.Start < last || s.Start >= s.End || !starts[s.Start] || !ends[s.End] || s.Label != suggest.FigureLabel {
				t.Fatalf("bad span %+v (previous ended at %d) in %q", s, last, text)
			}
			last = s.End
		}
	})
}
