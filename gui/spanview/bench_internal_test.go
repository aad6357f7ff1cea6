package spanview

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// million is news-like text of 1,000,000 code points: the seed article
// repeated.
func million(b *testing.B) string {
	seed := readSeed(b)
	var sb strings.Builder
	n := 0
	for n < 1_000_000 {
		sb.WriteString(seed)
		n += utf8.RuneCountInString(seed)
	}
	return string([]rune(sb.String())[:1_000_000])
}

// spansEvery puts n spans on token starts spread through text.
func spansEvery(v *SpanView, n int) []Span {
	out := make([]Span, 0, n+1)
	step := len(v.tokens) / n
	for i := range n {
		t := v.tokens[i*step]
		out = append(out, Span{ID: fmt.Sprint("s", i), Start: t.Start, End: t.End, Label: testLabels[i%3].Name})
	}
	return out
}

// benchWindow is a 1000x700 window holding an empty view, sized before the
// document arrives as the workspace does.
func benchWindow(b *testing.B) (*SpanView, fyne.Window) {
	test.NewTempApp(b)
	v := NewSpanView()
	w := test.NewTempWindow(b, v)
	w.Resize(fyne.NewSize(1000, 700))
	return v, w
}

// BenchmarkSetDocument1M measures what stands between opening a 1M
// character document in a new window and seeing its first screen: a new
// view in a 1000x700 window, then SetDocument (tokenizing, sentences, the
// code point index, wrapping with a fresh width cache, span levels for
// 10,000 spans) and the canvas objects of the first screen. Rasterising
// those ~15 lines is the driver's and is not included (the test driver
// does not paint).
func BenchmarkSetDocument1M(b *testing.B) {
	text := million(b)
	v, _ := benchWindow(b)
	v.SetDocument(text, nil, testLabels)
	spans := spansEvery(v, 10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v = NewSpanView()
		w := test.NewTempWindow(b, v)
		w.Resize(fyne.NewSize(1000, 700))
		v.SetDocument(text, spans, testLabels)
	}
	b.StopTimer()
	// About 26 lines fill the window, each cut where its tags go.
	if n := len(texts(v, v.met.textSize)); n == 0 || n > 120 {
		b.Fatalf("%d texts drawn", n)
	}
}

// BenchmarkDocumentHeap reports what a 1M-character document with 10,000
// spans costs to keep open: the live heap of the test process with one
// view showing it (heap-MB; target under 300 MB), and the part of that the
// view's text, tokens, index, lines and spans add (document-MB). Nothing
// is timed.
func BenchmarkDocumentHeap(b *testing.B) {
	text := million(b)
	test.NewTempApp(b)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := NewSpanView()
	w := test.NewTempWindow(b, v)
	w.Resize(fyne.NewSize(1000, 700))
	v.SetDocument(text, nil, testLabels)
	v.SetDocument(text, spansEvery(v, 10_000), testLabels)
	for b.Loop() {
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapInuse)/(1<<20), "heap-MB")
	b.ReportMetric((float64(after.HeapInuse)-float64(before.HeapInuse))/(1<<20), "document-MB")
	runtime.KeepAlive(v)
}

// BenchmarkSwitchDocument1M is SetDocument1M on a view that already showed
// a document, as when the annotator moves to the next one: the code point
// index and the width cache are reused.
func BenchmarkSwitchDocument1M(b *testing.B) {
	text := million(b)
	v, _ := benchWindow(b)
	v.SetDocument(text, nil, testLabels)
	spans := spansEvery(v, 10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v.SetDocument(text, spans, testLabels)
	}
}

// distinct is 1,000,000 bytes of words drawn from 50,000 random ones, with
// sentences and paragraphs; each seed gives another text.
func distinct(seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 2))
	words := make([]string, 50_000)
	for i := range words {
		w := make([]byte, 3+rng.IntN(8))
		for j := range w {
			w[j] = byte('a' + rng.IntN(26))
		}
		words[i] = string(w)
	}
	var sb strings.Builder
	for sb.Len() < 1_000_000 {
		sb.WriteString(words[rng.IntN(len(words))])
		switch rng.IntN(20) {
		case 0:
			sb.WriteString(". ")
		case 1:
			sb.WriteString(",\n")
		default:
			sb.WriteByte(' ')
		}
	}
	return sb.String()
}

// BenchmarkSetDocument1MDistinct is BenchmarkSetDocument1M on text with
// 50,000 distinct words, about what a long novel has, where the seed
// article repeated has a few hundred: every distinct word is one
// measurement on the first wrap.
func BenchmarkSetDocument1MDistinct(b *testing.B) {
	text := distinct(1)
	test.NewTempApp(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v := NewSpanView()
		w := test.NewTempWindow(b, v)
		w.Resize(fyne.NewSize(1000, 700))
		v.SetDocument(text, nil, testLabels)
	}
}

// BenchmarkApplyLabel10k measures labelling a selection in a 1M character
// document with 10,000 spans: SetSpans with one span more, and the redraw.
func BenchmarkApplyLabel10k(b *testing.B) {
	text := million(b)
	v, _ := benchWindow(b)
	v.SetDocument(text, nil, testLabels)
	spans := spansEvery(v, 10_000)
	v.SetSpans(spans)
	v.ScrollToOffset(500_000)
	tok := v.tokens[v.boundaryAt(v.lines[LineAt(v.lines, v.scroll.Offset.Y)].Start)+3]
	more := append(spans[:len(spans):len(spans)], Span{ID: "new", Start: tok.Start, End: tok.End, Label: "LOC"})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			v.SetSpans(more)
		} else {
			v.SetSpans(spans)
		}
	}
}

// BenchmarkScrollOneScreen measures a scroll by one screen (every text
// object gets a new line) in a 1M character document with 10,000 spans.
// Fyne caches measurements, so a scroll over lines already seen is far
// cheaper: each time the view reaches the end it gets a new text, and every
// scroll timed shows lines never measured before, the worst case.
func BenchmarkScrollOneScreen(b *testing.B) {
	v, _ := benchWindow(b)
	seed := uint64(100)
	fresh := func() {
		seed++
		v.SetDocument(distinct(seed), nil, testLabels)
		v.SetSpans(spansEvery(v, 10_000))
	}
	fresh()
	h := v.scroll.Size().Height
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if v.scroll.Offset.Y+2*h > v.area.Size().Height {
			b.StopTimer()
			fresh()
			b.StartTimer()
		}
		v.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -h)})
	}
}

// BenchmarkDragStep measures one Dragged event of a selection drag.
func BenchmarkDragStep(b *testing.B) {
	text := million(b)
	v, _ := benchWindow(b)
	v.SetDocument(text, nil, testLabels)
	v.SetSpans(spansEvery(v, 10_000))
	from := posOf(v, v.lines[2].Start, 5)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		to := posOf(v, v.lines[3+i%8].Start, float32(20+i%300))
		v.area.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, to.Y-from.Y)})
	}
	v.area.DragEnd()
}

// BenchmarkScrollOneScreenArabic is BenchmarkScrollOneScreen on Arabic news
// with Latin words and digits (rtlDoc repeated to 1,000,000 characters, a
// span on every tenth word): every screen shows lines laid out for the
// first time, reordered and measured piece by piece (bidi.go).
func BenchmarkScrollOneScreenArabic(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 1_800_000 { // about 1,000,000 code points
		sb.WriteString(rtlDoc)
		sb.WriteString("\n")
	}
	text := sb.String()
	v, _ := benchWindow(b)
	fresh := func() {
		v.SetDocument(text, nil, testLabels)
		v.SetSpans(spansEvery(v, len(v.tokens)/10))
	}
	fresh()
	h := v.scroll.Size().Height
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if v.scroll.Offset.Y+2*h > v.area.Size().Height {
			b.StopTimer()
			fresh()
			b.StartTimer()
		}
		v.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -h)})
	}
}

// relationsEvery relates spans: 5,000 relations, each from a span to one
// of the few spans after it (as relations join spans of a sentence), and
// some spans with several.
func relationsEvery(spans []Span, n int) []Relation {
	out := make([]Relation, 0, n)
	labels := []string{"ACTS_IN", "TARGETS", "SAME_AS"}
	for i := 0; len(out) < n; i++ {
		a := (i * 2) % len(spans)
		b := (a + 1 + i%4) % len(spans)
		out = append(out, Relation{ID: fmt.Sprint("r", i), From: spans[a].ID, To: spans[b].ID, Label: labels[i%3], Symmetric: i%3 == 2})
	}
	return out
}

// BenchmarkRelationsFirstLayout1M is what stands between opening a
// 1,000,000 character document with 10,000 spans and 5,000 relations and
// seeing its first screen with a span's relations drawn (target under
// 300 ms): a new view in a 1000x700 window, SetDocument, SetRelations and
// the focus on a span with relations.
func BenchmarkRelationsFirstLayout1M(b *testing.B) {
	text := million(b)
	v, _ := benchWindow(b)
	v.SetDocument(text, nil, testLabels)
	spans := spansEvery(v, 10_000)
	rels := relationsEvery(spans, 5_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v = NewSpanView()
		w := test.NewTempWindow(b, v)
		w.Resize(fyne.NewSize(1000, 700))
		v.SetDocument(text, spans, testLabels)
		v.SetRelations(rels, relLabels)
		v.FocusSpan(spans[4_000].ID)
	}
	b.StopTimer()
	if n := len(v.area.r.arcs); n == 0 {
		b.Fatal("no relation drawn")
	}
}

// BenchmarkRelationsFocusChange measures a focus change in a 1,000,000
// character document with 10,000 spans and 5,000 relations (target under
// 16 ms, a frame): FocusSpan on a span elsewhere in the document, which
// scrolls to it and draws the screen with its relations, the way Tab and
// the panel move the focus; and every other time a focus change on the
// same screen, which draws without scrolling.
func BenchmarkRelationsFocusChange(b *testing.B) {
	text := million(b)
	v, _ := benchWindow(b)
	v.SetDocument(text, nil, testLabels)
	spans := spansEvery(v, 10_000)
	v.SetSpans(spans)
	v.SetRelations(relationsEvery(spans, 5_000), relLabels)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := (i / 2 * 997) % 4_990 * 2 // far apart, then a span near it; each starts a relation
		v.FocusSpan(spans[k+i%2*2].ID)
	}
	b.StopTimer()
	if n := len(v.area.r.arcs); n == 0 {
		b.Fatal("no relation drawn")
	}
}

// BenchmarkRelationsRepaint measures drawing the screen again with a
// focused span's relations (a scroll by a line, an edit's redraw) in the
// same document.
func BenchmarkRelationsRepaint(b *testing.B) {
	text := million(b)
	v, _ := benchWindow(b)
	v.SetDocument(text, nil, testLabels)
	spans := spansEvery(v, 10_000)
	v.SetSpans(spans)
	v.SetRelations(relationsEvery(spans, 5_000), relLabels)
	v.FocusSpan(spans[5_000].ID)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d := v.met.lineH
		if i%2 == 1 {
			d = -d
		}
		v.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, d)})
	}
	b.StopTimer()
	if n := len(v.area.r.arcs); n == 0 {
		b.Fatal("no relation drawn")
	}
}
