package spanview_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/inkspan/inkspan/gui/spanview"
	"github.com/inkspan/inkspan/model/tokenize"
)

// mono is a fake monospace font: every code point is 10 px wide.
func mono(s string) float32 { return float32(utf8.RuneCountInString(s)) * 10 }

// cps slices text by code points.
func cps(text string, start, end int) string {
	r := []rune(text)
	return string(r[start:end])
}

func lineTexts(text string, lines []spanview.Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = cps(text, l.Start, l.End)
	}
	return out
}

func wrap(text string, width float32, m spanview.Measure) []spanview.Line {
	return spanview.Wrap(text, tokenize.Tokenize(text), nil, width, 20, m)
}

func TestWrapMono(t *testing.T) {
	long := strings.Repeat("x", 25)
	for _, tc := range []struct {
		name  string
		text  string
		width float32
		want  []string
	}{
		{"Greedy", "The quick brown fox jumps", 100, []string{"The quick ", "brown fox ", "jumps"}},
		{"Exact", "aaaa bbbb", 90, []string{"aaaa bbbb"}},
		{"PunctuationStaysWithWord", "aaaa bbbb,", 90, []string{"aaaa ", "bbbb,"}},
		{"LF", "ab\ncd", 100, []string{"ab\n", "cd"}},
		{"CRLF", "ab\r\ncd", 100, []string{"ab\r\n", "cd"}},
		{"LoneCR", "ab\rcd", 100, []string{"ab\r", "cd"}},
		{"TrailingLF", "ab\n", 100, []string{"ab\n"}},
		{"BlankLines", "\n\n", 100, []string{"\n", "\n"}},
		{"Empty", "", 100, []string{""}},
		{"SpacesHang", "aaaa      bbbb", 60, []string{"aaaa      ", "bbbb"}},
		{"Indent", "ab\n  cd", 100, []string{"ab\n", "  cd"}},
		{"LongToken", long, 100, []string{long[:10], long[10:20], long[20:]}},
		{"LongTokenAfterWord", "ab " + long, 100, []string{"ab ", long[:10], long[10:20], long[20:]}},
		// A word too long for a line breaks between its tokens first.
		{"LongWordAtTokens", "state-of-the-art-thing", 100, []string{"state-of-", "the-art-", "thing"}},
		{"CJK", "東京都は日本の首都です", 50, []string{"東京都は日", "本の首都で", "す"}},
		{"Accents", "Erdoğan söyledi", 100, []string{"Erdoğan ", "söyledi"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := wrap(tc.text, tc.width, mono)
			if got := lineTexts(tc.text, lines); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("lines = %q, want %q", got, tc.want)
			}
			for i, l := range lines {
				if l.Y != float32(i)*20 {
					t.Fatalf("line %d Y = %v", i, l.Y)
				}
			}
		})
	}
}

// graphemeBounds is the set of code point offsets between grapheme clusters.
func graphemeBounds(text string) map[int]bool {
	b := map[int]bool{0: true}
	cp, state, rest := 0, -1, text
	for rest != "" {
		var g string
		g, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		cp += utf8.RuneCountInString(g)
		b[cp] = true
	}
	return b
}

var hardTexts = []string{
	"Erdog\u0306an met Putin. Cafe\u0301 au lait, naïve résumé.",
	"👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧 family emoji with ZWJ",
	"🇹🇷🇷🇺🇺🇸🇫🇷🇩🇪🇮🇹🇪🇸 flags side by side",
	"e\u0301\u0323e\u0301\u0323e\u0301\u0323e\u0301\u0323e\u0301\u0323e\u0301\u0323e\u0301\u0323 stacked marks",
	"東京都は日本の首都です。大阪は第二の都市です。",
	"line one\r\nline two\r\n\r\nline four",
	"https://example.com/a/very/long/path/that/never/ends/and/keeps/going/on/and/on.html",
	strings.Repeat("supercalifragilistic", 8),
}

// checkLines checks what every wrap must satisfy: the lines partition the
// text, every break is between grapheme clusters, and no line is wider than
// width unless it holds a single cluster.
func checkLines(t *testing.T, text string, lines []spanview.Line, width float32, m spanview.Measure) {
	t.Helper()
	n := utf8.RuneCountInString(text)
	bounds := graphemeBounds(text)
	if lines[0].Start != 0 || lines[len(lines)-1].End != n {
		t.Fatalf("lines cover [%d, %d), text has %d code points", lines[0].Start, lines[len(lines)-1].End, n)
	}
	for i, l := range lines {
		if i > 0 && l.Start != lines[i-1].End {
			t.Fatalf("line %d starts at %d, previous ended at %d", i, l.Start, lines[i-1].End)
		}
		if got, want := text[l.StartByte:l.EndByte], cps(text, l.Start, l.End); got != want {
			t.Fatalf("line %d bytes [%d, %d) hold %q, code points [%d, %d) %q", i, l.StartByte, l.EndByte, got, l.Start, l.End, want)
		}
		if !bounds[l.Start] {
			t.Fatalf("line %d starts inside a grapheme cluster at %d: %q", i, l.Start, cps(text, l.Start, l.End))
		}
		s := strings.TrimRight(spanview.Display(cps(text, l.Start, l.End)), " ")
		if w := m(s); w > width+0.5 && len(graphemeBounds(s)) > 2 {
			t.Fatalf("line %d %q is %v wide, more than %v", i, s, w, width)
		}
	}
}

func TestWrapProperties(t *testing.T) {
	for _, text := range hardTexts {
		for _, width := range []float32{30, 60, 100, 170, 400} {
			checkLines(t, text, wrap(text, width, mono), width, mono)
		}
	}
}

func TestCachedMeasuresOnce(t *testing.T) {
	calls := 0
	m := spanview.Cached(func(s string) float32 { calls++; return mono(s) })
	text := strings.Repeat("the cat and the dog ", 100)
	toks := tokenize.Tokenize(text)
	spanview.Wrap(text, toks, nil, 100, 20, m)
	first := calls
	spanview.Wrap(text, toks, nil, 250, 20, m)
	if first > 6 || calls != first {
		t.Fatalf("measured %d strings for the first wrap and %d more for the second; want 5 distinct and 0", first, calls-first)
	}
}

func TestLineAtLineOf(t *testing.T) {
	lines := wrap("The quick brown fox jumps", 100, mono) // 3 lines, 20 tall
	for _, tc := range []struct {
		y    float32
		want int
	}{{-5, 0}, {0, 0}, {19.9, 0}, {20, 1}, {45, 2}, {1000, 2}} {
		if got := spanview.LineAt(lines, tc.y); got != tc.want {
			t.Errorf("LineAt(%v) = %d, want %d", tc.y, got, tc.want)
		}
	}
	for _, tc := range []struct{ cp, want int }{{0, 0}, {9, 0}, {10, 1}, {19, 1}, {20, 2}, {25, 2}} {
		if got := spanview.LineOf(lines, tc.cp); got != tc.want {
			t.Errorf("LineOf(%d) = %d, want %d", tc.cp, got, tc.want)
		}
	}
}

func TestOffsetAtMono(t *testing.T) {
	line := spanview.Line{Start: 100}
	for _, tc := range []struct {
		text string
		x    float32
		want int // relative to line.Start
	}{
		{"héllo", -3, 0},
		{"héllo", 0, 0},
		{"héllo", 14, 1},
		{"héllo", 15, 1}, // a tie keeps the left boundary
		{"héllo", 16, 2},
		{"héllo", 500, 5},
		{"e\u0301x", 9, 0},  // é is one 20 px cluster of two code points
		{"e\u0301x", 11, 2}, // never 1: that is inside the cluster
		{"👨‍👩‍👧x", 20, 0},   // a 5 code point ZWJ cluster, 50 px
		{"👨‍👩‍👧x", 30, 5},
		{"🇹🇷🇷🇺", 25, 2}, // one flag is two regional indicators
		{"🇹🇷🇷🇺", 9, 0},
		{"🇹🇷🇷🇺", 31, 4},
		{"", 30, 0},
	} {
		if got := spanview.OffsetAt(line, tc.text, tc.x, mono) - line.Start; got != tc.want {
			t.Errorf("OffsetAt(%q, %v) = %d, want %d", tc.text, tc.x, got, tc.want)
		}
	}
}

func TestCharAtMono(t *testing.T) {
	line := spanview.Line{Start: 7}
	for _, tc := range []struct {
		text string
		x    float32
		want int // relative to line.Start, -8 for -1
	}{
		{"abc", 0, 0}, {"abc", 15, 1}, {"abc", 29.9, 2}, {"abc", 30, -8}, {"abc", -1, -8},
		{"e\u0301x", 15, 0}, {"e\u0301x", 25, 2},
		{"👨‍👩‍👧x", 45, 0}, {"👨‍👩‍👧x", 55, 5},
	} {
		if got := spanview.CharAt(line, tc.text, tc.x, mono) - line.Start; got != tc.want {
			t.Errorf("CharAt(%q, %v) = %d, want %d", tc.text, tc.x, got, tc.want)
		}
	}
}

func TestSpanRects(t *testing.T) {
	text := "The quick brown fox jumps"
	lines := wrap(text, 100, mono)
	xAt := func(i, cp int) float32 {
		d := spanview.Display(cps(text, lines[i].Start, lines[i].End))
		return float32(min(cp-lines[i].Start, utf8.RuneCountInString(d))) * 10
	}
	for _, tc := range []struct {
		name       string
		start, end int
		want       []spanview.Rect
	}{
		{"OneLine", 4, 9, []spanview.Rect{{X: 40, Y: 0, W: 50, H: 20, Line: 0}}},
		{"CrossesLines", 4, 15, []spanview.Rect{{X: 40, Y: 0, W: 60, H: 20, Line: 0}, {X: 0, Y: 20, W: 50, H: 20, Line: 1}}},
		{"ThreeLines", 0, 25, []spanview.Rect{{X: 0, Y: 0, W: 100, H: 20}, {X: 0, Y: 20, W: 100, H: 20, Line: 1}, {X: 0, Y: 40, W: 50, H: 20, Line: 2}}},
		{"StartsAtLineStart", 10, 15, []spanview.Rect{{X: 0, Y: 20, W: 50, H: 20, Line: 1}}},
		{"Empty", 5, 5, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := spanview.SpanRects(lines, tc.start, tc.end, 20, oneRange(xAt))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	// A range over a blank line gets no zero-width piece there.
	text = "ab\n\ncd"
	lines = wrap(text, 100, mono)
	xAt = func(i, cp int) float32 {
		d := spanview.Display(cps(text, lines[i].Start, lines[i].End))
		return float32(min(cp-lines[i].Start, utf8.RuneCountInString(d))) * 10
	}
	if got := spanview.SpanRects(lines, 0, 6, 20, oneRange(xAt)); len(got) != 2 || got[1].Line != 2 {
		t.Fatalf("over a blank line: %v", got)
	}
}

// oneRange is SpanRects' xs for left-to-right lines, where a range is drawn
// from the x of its start to the x of its end.
func oneRange(xAt func(i, cp int) float32) func(i, a, b int, out []spanview.Interval) []spanview.Interval {
	return func(i, a, b int, out []spanview.Interval) []spanview.Interval {
		return append(out, spanview.Interval{X0: xAt(i, a), X1: xAt(i, b)})
	}
}

// TestSpanRectsBidi: a span over the end of an Arabic phrase and the Latin
// word after it, wrapped over two lines, gets two rectangles on the first
// line (the Arabic part is drawn at the left end of the phrase) and one on
// the second.
func TestSpanRectsBidi(t *testing.T) {
	text := "The strike on إدلب الشمالية was reported today"
	lines := wrap(text, 330, mono)
	if got := lineTexts(text, lines); len(got) != 2 || got[1] != "reported today" {
		t.Fatalf("lines %q", got)
	}
	layout := make([][]spanview.Piece, len(lines))
	for i, l := range lines {
		layout[i] = spanview.LayoutLine(text, l, false)
		spanview.Place(text, layout[i], mono, false, 330)
	}
	xs := func(i, a, b int, out []spanview.Interval) []spanview.Interval {
		return spanview.Intervals(text, layout[i], a, b, mono, out)
	}
	start := cpOfSub(text, "الشمالية")
	end := cpOfSub(text, " today")
	got := spanview.SpanRects(lines, start, end, 20, xs)
	// "The strike on " is 140 px; the phrase 130 px drawn reversed, so its
	// second word (80 px) is at 140-220; " was " follows the phrase at 270.
	want := []spanview.Rect{
		{X: 140, Y: 0, W: 80, H: 20},
		{X: 270, Y: 0, W: 50, H: 20},
		{X: 0, Y: 20, W: 80, H: 20, Line: 1},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestDisplay(t *testing.T) {
	for in, want := range map[string]string{"ab\r\n": "ab", "ab\n": "ab", "ab": "ab", "\n": "", "a b \u2029": "a b "} {
		if got := spanview.Display(in); got != want {
			t.Errorf("Display(%q) = %q, want %q", in, got, want)
		}
	}
}

// readSeed reads the news article the benchmarks are built from.
func readSeed(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("../../testdata/idlib-talks.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
