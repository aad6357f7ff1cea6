package spanview

import (
	"fmt"
	"image/color"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

var testLabels = []Label{
	{Name: "PER", Color: color.NRGBA{R: 0xe5, G: 0x39, B: 0x35, A: 0xff}},
	{Name: "LOC", Color: color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0xff}},
	{Name: "ORG", Color: color.NRGBA{R: 0x43, G: 0xa0, B: 0x47, A: 0xff}},
}

// newView shows text in a test window of the given size. The window is
// sized before the document arrives, as the workspace does (fyne.md).
func newView(t testing.TB, text string, spans []Span, size fyne.Size) (*SpanView, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := NewSpanView()
	w := test.NewTempWindow(t, v)
	w.Resize(size)
	v.SetDocument(text, spans, testLabels)
	return v, w
}

// cpOf is the code point offset of the n-th (from 0) occurrence of sub.
func cpOf(text, sub string, n int) int {
	b := 0
	for ; n >= 0; n-- {
		i := strings.Index(text[b:], sub)
		if i < 0 {
			panic(sub + " not in text")
		}
		b += i
		if n > 0 {
			b += len(sub)
		}
	}
	return utf8.RuneCountInString(text[:b])
}

// posOf is the content position of the left edge of code point cp plus dx,
// half way down its line's text.
func posOf(v *SpanView, cp int, dx float32) fyne.Position {
	i := LineOf(v.lines, cp)
	return fyne.NewPos(v.met.padX+v.xOf(i, cp)+dx, v.met.padTop+v.lines[i].Y+v.met.textH/2)
}

// midOf is the content position of the middle of the character at cp.
func midOf(v *SpanView, cp int) fyne.Position {
	i := LineOf(v.lines, cp)
	x0, x1 := v.xOf(i, cp), v.xOf(i, cp+1)
	return fyne.NewPos(v.met.padX+(x0+x1)/2, v.met.padTop+v.lines[i].Y+v.met.textH/2)
}

// drag sends what the desktop driver sends for a drag from a to b: a
// first event at b carrying the whole movement, then DragEnd. (test.Drag
// sends the start point as Position, which no real drag does.)
func drag(v *SpanView, a, b fyne.Position) {
	v.area.Dragged(&fyne.DragEvent{
		PointEvent: fyne.PointEvent{Position: b},
		Dragged:    fyne.NewDelta(b.X-a.X, b.Y-a.Y),
	})
	v.area.DragEnd()
}

func selected(v *SpanView) string {
	s, e, ok := v.Selection()
	if !ok {
		return "<none>"
	}
	return string([]rune(v.text)[s:e])
}

const article = "Turkish President Recep Tayyip Erdoğan is hoping Russia’s Vladimir Putin will agree to a rapid ceasefire in Idlib. " +
	"Café owners 👨‍👩‍👧 in Ankara said “enough”."

func TestTapHitTesting(t *testing.T) {
	v, w := newView(t, article, nil, fyne.NewSize(900, 300))
	// Every character's middle maps to that character, accents and the
	// emoji family (one cluster of five code points) included.
	for _, sub := range []string{"E", "ğ", "a", "’", "é", "👨‍👩‍👧", "“", "”"} {
		cp := cpOf(article, sub, 0)
		if got := v.charAt(midOf(v, cp)); got != cp {
			t.Errorf("charAt(middle of %q at %d) = %d", sub, cp, got)
		}
	}
	// Just right of a cluster's left edge is that edge, just left of its
	// right edge is the right edge: nearest boundaries, never inside.
	fam := cpOf(article, "👨‍👩‍👧", 0)
	if got := v.offsetAt(posOf(v, fam, 1)); got != fam {
		t.Errorf("offsetAt just inside the emoji = %d, want %d", got, fam)
	}
	if got := v.offsetAt(posOf(v, fam+5, -1)); got != fam+5 {
		t.Errorf("offsetAt just before the emoji's end = %d, want %d", got, fam+5)
	}

	// A real tap through the canvas: the area under the pointer gets it in
	// content coordinates and the caret goes before the token tapped.
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.area)
	test.TapCanvas(w.Canvas(), abs.Add(midOf(v, cpOf(article, "ğ", 0))))
	if tok := v.tokens[v.cursor]; tok.Text != "Erdoğan" || v.after {
		t.Fatalf("caret before %q (after=%v), want before Erdoğan", tok.Text, v.after)
	}
	if w.Canvas().Focused() != fyne.Focusable(v) {
		t.Fatal("a tap did not focus the view")
	}
	if _, _, ok := v.Selection(); ok {
		t.Fatal("a tap left a selection")
	}
}

func TestDragSnapsToTokens(t *testing.T) {
	v, _ := newView(t, article, nil, fyne.NewSize(900, 300))
	var calls []string
	v.OnSelectionChanged = func(s, e int) { calls = append(calls, string([]rune(article)[s:e])) }

	// From the middle of Tayyip to the middle of Erdoğan.
	drag(v, midOf(v, cpOf(article, "y", 0)), midOf(v, cpOf(article, "ğ", 0)))
	if got := selected(v); got != "Tayyip Erdoğan" {
		t.Fatalf("selected %q, want %q", got, "Tayyip Erdoğan")
	}
	if fmt.Sprint(calls) != "[Tayyip Erdoğan]" {
		t.Fatalf("OnSelectionChanged calls: %q", calls)
	}
	// Inside one token, and backwards: the whole token.
	drag(v, midOf(v, cpOf(article, "ğ", 0)), midOf(v, cpOf(article, "rdoğan", 0)))
	if got := selected(v); got != "Erdoğan" {
		t.Fatalf("selected %q, want Erdoğan", got)
	}
	// The caret ends where the pointer did: at the start for a backwards drag.
	if v.caretCP() != cpOf(article, "Erdoğan", 0) {
		t.Fatalf("caret at %d after a backwards drag", v.caretCP())
	}
	// Only white space: nothing.
	sp := cpOf(article, " is", 0)
	drag(v, posOf(v, sp, 1), posOf(v, sp+1, -1))
	if got := selected(v); got != "<none>" {
		t.Fatalf("dragging over a space selected %q", got)
	}
}

func TestDragWithAltIsCharacterPrecise(t *testing.T) {
	v, w := newView(t, article, nil, fyne.NewSize(900, 300))
	w.Canvas().Focus(v)
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
	r := cpOf(article, "rdoğan", 0)
	drag(v, posOf(v, r, 1), posOf(v, r+3, 1))
	if got := selected(v); got != "rdo" {
		t.Fatalf("selected %q with Alt, want rdo", got)
	}
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
	drag(v, posOf(v, r, 1), posOf(v, r+3, 1))
	if got := selected(v); got != "Erdoğan" {
		t.Fatalf("selected %q after Alt was released, want Erdoğan", got)
	}
	// Alt held before the view had focus arrives with the mouse press.
	v.area.MouseDown(&desktop.MouseEvent{Modifier: fyne.KeyModifierAlt})
	drag(v, posOf(v, r, 1), posOf(v, r+5, 1))
	if got := selected(v); got != "rdoğa" {
		t.Fatalf("selected %q with Alt at the press, want rdoğa", got)
	}
}

func TestDoubleTapSelectsToken(t *testing.T) {
	v, _ := newView(t, article, nil, fyne.NewSize(900, 300))
	got := ""
	v.OnSelectionChanged = func(s, e int) { got = string([]rune(article)[s:e]) }
	v.area.DoubleTapped(&fyne.PointEvent{Position: midOf(v, cpOf(article, "’", 0))})
	if selected(v) != "’s" || got != "’s" {
		t.Fatalf("double tap on the apostrophe selected %q (callback %q), want ’s", selected(v), got)
	}
	v.area.DoubleTapped(&fyne.PointEvent{Position: midOf(v, cpOf(article, "P", 0))})
	if selected(v) != "President" {
		t.Fatalf("double tap selected %q", selected(v))
	}
}

func TestTapOnSpanFocusesIt(t *testing.T) {
	erd := cpOf(article, "Recep", 0)
	spans := []Span{
		{ID: "p1", Start: erd, End: erd + len([]rune("Recep Tayyip Erdoğan")), Label: "PER"},
		{ID: "l1", Start: cpOf(article, "Idlib", 0), End: cpOf(article, "Idlib", 0) + 5, Label: "LOC"},
		// Overlaps p1: the whole title and name.
		{ID: "o1", Start: cpOf(article, "Turkish", 0), End: erd + len([]rune("Recep Tayyip Erdoğan")), Label: "ORG"},
	}
	v, w := newView(t, article, spans, fyne.NewSize(900, 300))
	var focused []string
	v.OnSpanFocused = func(id string) { focused = append(focused, id) }
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.area)

	test.TapCanvas(w.Canvas(), abs.Add(midOf(v, cpOf(article, "Idlib", 0)+2)))
	if s, ok := v.FocusedSpan(); !ok || s.ID != "l1" {
		t.Fatalf("focused %v %v after tapping Idlib", s, ok)
	}
	// On two spans, the shorter first, then a second tap takes the longer.
	at := abs.Add(midOf(v, cpOf(article, "Tayyip", 0)))
	test.TapCanvas(w.Canvas(), at)
	test.TapCanvas(w.Canvas(), at)
	test.TapCanvas(w.Canvas(), at)
	// Elsewhere: the focus goes.
	test.TapCanvas(w.Canvas(), abs.Add(midOf(v, cpOf(article, "hoping", 0))))
	if want := "[l1 p1 o1 p1 ]"; fmt.Sprint(focused) != want {
		t.Fatalf("OnSpanFocused calls %q, want %q", focused, want)
	}
	if _, ok := v.FocusedSpan(); ok {
		t.Fatal("a tap off the spans left one focused")
	}
}

// typeKey sends a key the way the desktop driver does: with Ctrl or Alt
// down as a CustomShortcut, otherwise as TypedKey with the modifiers'
// KeyDown before and KeyUp after.
func typeKey(v *SpanView, name fyne.KeyName, mods fyne.KeyModifier) {
	if mods&(fyne.KeyModifierControl|fyne.KeyModifierAlt|fyne.KeyModifierSuper) != 0 {
		v.TypedShortcut(&desktop.CustomShortcut{KeyName: name, Modifier: mods})
		return
	}
	if mods&fyne.KeyModifierShift != 0 {
		v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		defer v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	}
	v.KeyDown(&fyne.KeyEvent{Name: name})
	v.TypedKey(&fyne.KeyEvent{Name: name})
	v.KeyUp(&fyne.KeyEvent{Name: name})
}

// caretToken names the caret's place: "|tok" before a token, "tok|" after.
func caretToken(v *SpanView) string {
	if v.cursor >= len(v.tokens) || (v.after && v.cursor > 0) {
		return v.tokens[v.cursor-1].Text + "|"
	}
	return "|" + v.tokens[v.cursor].Text
}

const (
	shift = fyne.KeyModifierShift
	ctrl  = fyne.KeyModifierControl
	alt   = fyne.KeyModifierAlt
)

func TestCaretKeys(t *testing.T) {
	text := "First one here. Second one, there. Third.\nalpha beta gamma delta\nepsilon zeta eta theta"
	v, w := newView(t, text, nil, fyne.NewSize(900, 300))
	w.Canvas().Focus(v)
	if len(v.lines) != 3 {
		t.Fatalf("%d lines, want the 3 paragraphs", len(v.lines))
	}
	steps := []struct {
		key  fyne.KeyName
		mods fyne.KeyModifier
		want string
	}{
		{fyne.KeyRight, 0, "|one"},
		{fyne.KeyRight, 0, "|here"},
		{fyne.KeyLeft, 0, "|one"},
		{fyne.KeyRight, ctrl, "|Second"}, // next sentence
		{fyne.KeyRight, ctrl, "|Third"},
		{fyne.KeyLeft, ctrl, "|Second"},
		{fyne.KeyRight, 0, "|one"},
		{fyne.KeyLeft, ctrl, "|Second"}, // inside a sentence: its start
		{fyne.KeyDown, ctrl, "|Third"},
		{fyne.KeyUp, ctrl, "|Second"},
		{fyne.KeyEnd, 0, ".|"}, // end of the wrapped line
		{fyne.KeyHome, 0, "|First"},
		{fyne.KeyDown, 0, "|alpha"},
		{fyne.KeyRight, 0, "|beta"},
		{fyne.KeyDown, 0, "|zeta"}, // same x on the next line
		{fyne.KeyUp, 0, "|beta"},
		{fyne.KeyEnd, 0, "delta|"},
		{fyne.KeyRight, 0, "|epsilon"},
		{fyne.KeyEnd, ctrl, "theta|"},
		{fyne.KeyDown, 0, "theta|"},
		{fyne.KeyHome, ctrl, "|First"},
		{fyne.KeyUp, 0, "|First"},
	}
	for i, s := range steps {
		typeKey(v, s.key, s.mods)
		if got := caretToken(v); got != s.want {
			t.Fatalf("step %d (%s %v): caret %s, want %s", i, s.key, s.mods, got, s.want)
		}
		if _, _, ok := v.Selection(); ok {
			t.Fatalf("step %d: a plain move selected %q", i, selected(v))
		}
	}
}

func TestSelectionKeys(t *testing.T) {
	text := "First one here. Second one, there. Third.\nalpha beta gamma delta"
	v, w := newView(t, text, nil, fyne.NewSize(900, 300))
	w.Canvas().Focus(v)
	var last string
	v.OnSelectionChanged = func(s, e int) { last = string([]rune(text)[s:e]) }
	steps := []struct {
		key  fyne.KeyName
		mods fyne.KeyModifier
		want string
	}{
		{fyne.KeyRight, 0, "<none>"},
		{fyne.KeyRight, shift, "one"},
		{fyne.KeyRight, shift, "one here"},
		{fyne.KeyLeft, shift, "one"},
		{fyne.KeyLeft, shift, "<none>"},
		{fyne.KeyLeft, shift, "First"}, // through the anchor: the other side
		{fyne.KeyRight, 0, "<none>"},
		{fyne.KeyRight, shift | ctrl, "one here."}, // to the next sentence
		{fyne.KeyEnd, shift, "one here. Second one, there. Third."},
		{fyne.KeyEscape, 0, "<none>"},
		// Escape kept the caret after "Third.", which is the boundary
		// before "alpha": Shift+Down from there selects the next line.
		{fyne.KeyDown, shift, "alpha beta gamma delta"},
		{fyne.KeyHome, ctrl | shift, "First one here. Second one, there. Third."},
	}
	for i, s := range steps {
		typeKey(v, s.key, s.mods)
		if got := selected(v); got != s.want {
			t.Fatalf("step %d (%s %v): selected %q, want %q", i, s.key, s.mods, got, s.want)
		}
		want := s.want
		if want == "<none>" {
			want = ""
		}
		if last != want {
			t.Fatalf("step %d: OnSelectionChanged got %q, want %q", i, last, want)
		}
	}
}

// TestModifiersFromKeyDown drives the same keys with the modifiers only
// reported by KeyDown, as a test (or a driver) calling TypedKey does.
func TestModifiersFromKeyDown(t *testing.T) {
	text := "First one here. Second one."
	v, w := newView(t, text, nil, fyne.NewSize(900, 300))
	w.Canvas().Focus(v)
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlRight})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyControlRight})
	if got := caretToken(v); got != "|Second" {
		t.Fatalf("Ctrl+Right from KeyDown: caret %s", got)
	}
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftRight})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if got := selected(v); got != "Second" {
		t.Fatalf("Shift+Right from KeyDown: %q", got)
	}
	// Focus loss forgets a Shift whose KeyUp went elsewhere.
	w.Canvas().Unfocus()
	w.Canvas().Focus(v)
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if _, _, ok := v.Selection(); ok {
		t.Fatal("Shift stuck down after the focus went away and came back")
	}
}

func TestSpanKeys(t *testing.T) {
	text := "Putin met Erdoğan in Moscow on Thursday. Ankara and Idlib were on the agenda."
	span := func(id, sub, label string) Span {
		s := cpOf(text, sub, 0)
		return Span{ID: id, Start: s, End: s + utf8.RuneCountInString(sub), Label: label}
	}
	// Out of order on purpose: the view orders them.
	spans := []Span{span("c", "Moscow", "LOC"), span("a", "Putin", "PER"), span("b", "Erdoğan", "PER"), span("d", "Ankara and Idlib", "LOC")}
	v, w := newView(t, text, spans, fyne.NewSize(900, 300))
	w.Canvas().Focus(v)
	var focused, deleted, runes []string
	var bounds []string
	v.OnSpanFocused = func(id string) { focused = append(focused, id) }
	v.OnDelete = func(id string) { deleted = append(deleted, id) }
	v.OnRune = func(r rune) { runes = append(runes, string(r)) }
	v.OnBoundsChange = func(id string, s, e int) {
		bounds = append(bounds, fmt.Sprintf("%s:%s", id, string([]rune(text)[s:e])))
		// Apply it, as the workspace does.
		for i := range spans {
			if spans[i].ID == id {
				spans[i].Start, spans[i].End = s, e
			}
		}
		v.SetSpans(spans)
	}

	for range 5 {
		typeKey(v, fyne.KeyTab, 0)
	}
	typeKey(v, fyne.KeyTab, shift)
	if want := "[a b c d a d]"; fmt.Sprint(focused) != want {
		t.Fatalf("Tab focused %v, want %v", focused, want)
	}
	typeKey(v, fyne.KeyTab, shift) // c: Moscow
	typeKey(v, fyne.KeyRight, alt)
	typeKey(v, fyne.KeyRight, alt)
	typeKey(v, fyne.KeyLeft, alt)
	typeKey(v, fyne.KeyLeft, alt|shift)
	typeKey(v, fyne.KeyRight, alt|shift)
	if want := "[c:Moscow on c:Moscow on Thursday c:Moscow on c:in Moscow on c:Moscow on]"; fmt.Sprint(bounds) != want {
		t.Fatalf("bounds %v, want %v", bounds, want)
	}
	if s, ok := v.FocusedSpan(); !ok || s.ID != "c" {
		t.Fatalf("SetSpans lost the focus: %v %v", s, ok)
	}
	// An edge never crosses the other.
	bounds = nil
	typeKey(v, fyne.KeyLeft, alt)
	typeKey(v, fyne.KeyLeft, alt)
	typeKey(v, fyne.KeyRight, alt|shift)
	if want := "[c:Moscow]"; fmt.Sprint(bounds) != want {
		t.Fatalf("shrinking to one token: %v, want %v", bounds, want)
	}

	typeKey(v, fyne.KeyDelete, 0)
	typeKey(v, fyne.KeyTab, 0)
	typeKey(v, fyne.KeyBackspace, 0)
	if want := "[c d]"; fmt.Sprint(deleted) != want {
		t.Fatalf("deleted %v, want %v", deleted, want)
	}
	v.TypedRune('1')
	if fmt.Sprint(runes) != "[1]" {
		t.Fatalf("OnRune got %v", runes)
	}
	focused = nil
	typeKey(v, fyne.KeyEscape, 0)
	if _, ok := v.FocusedSpan(); ok || fmt.Sprint(focused) != "[]" {
		t.Fatalf("Escape left the focus, calls %q", focused)
	}
	// Delete without a focused span does nothing.
	typeKey(v, fyne.KeyDelete, 0)
	if len(deleted) != 2 {
		t.Fatalf("Delete with no span focused called OnDelete: %v", deleted)
	}
}

func TestSelectionAndFocusExclude(t *testing.T) {
	text := "Putin met Erdoğan in Moscow."
	v, w := newView(t, text, []Span{{ID: "a", Start: 0, End: 5, Label: "PER"}}, fyne.NewSize(900, 300))
	w.Canvas().Focus(v)
	v.FocusSpan("a")
	typeKey(v, fyne.KeyRight, shift)
	if _, ok := v.FocusedSpan(); ok {
		t.Fatal("a selection left the span focused")
	}
	v.FocusSpan("a")
	if _, _, ok := v.Selection(); ok {
		t.Fatal("focusing a span left the selection")
	}
	v.SetSelection(6, 9)
	if selected(v) != "met" {
		t.Fatalf("SetSelection: %q", selected(v))
	}
	typeKey(v, fyne.KeyRight, shift)
	if selected(v) != "met Erdoğan" {
		t.Fatalf("Shift+Right after SetSelection: %q", selected(v))
	}
}

func TestInvalidSpansSkipped(t *testing.T) {
	v, _ := newView(t, "short text", []Span{
		{ID: "ok", Start: 0, End: 5, Label: "PER"},
		{ID: "empty", Start: 3, End: 3}, {ID: "back", Start: 4, End: 2}, {ID: "past", Start: 6, End: 99}, {ID: "neg", Start: -1, End: 2},
	}, fyne.NewSize(400, 200))
	if got := v.Spans(); len(got) != 1 || got[0].ID != "ok" {
		t.Fatalf("spans kept: %v", got)
	}
}

// objects are the area's canvas objects of one kind.
func texts(v *SpanView, size float32) []*canvas.Text {
	var out []*canvas.Text
	for _, o := range v.area.r.Objects() {
		if t, ok := o.(*canvas.Text); ok && t.TextSize == size {
			out = append(out, t)
		}
	}
	return out
}

func rectsOf(v *SpanView, c color.Color) []*canvas.Rectangle {
	want := color.NRGBAModel.Convert(c).(color.NRGBA)
	var out []*canvas.Rectangle
	for _, o := range v.area.r.Objects() {
		if r, ok := o.(*canvas.Rectangle); ok {
			if f, ok := r.FillColor.(color.NRGBA); ok && f.R == want.R && f.G == want.G && f.B == want.B && f.A != 0 {
				out = append(out, r)
			}
		}
	}
	return out
}

func TestOverlappingSpansBothDrawn(t *testing.T) {
	text := "Turkish President Recep Tayyip Erdoğan spoke."
	name := cpOf(text, "Recep", 0)
	spans := []Span{
		{ID: "role", Start: 0, End: name + 20, Label: "ORG"},        // level 0: background
		{ID: "per", Start: name, End: name + 20, Label: "PER"},      // inside it: level 1, a bar
		{ID: "per2", Start: name + 6, End: name + 12, Label: "LOC"}, // deeper: level 2, second bar
	}
	v, _ := newView(t, text, spans, fyne.NewSize(900, 300))
	// Solid rectangles are the tags' chips, one per span; the others mark
	// the words.
	solid := func(rs []*canvas.Rectangle) (marks, chips []*canvas.Rectangle) {
		for _, r := range rs {
			if r.FillColor.(color.NRGBA).A == 0xff {
				chips = append(chips, r)
			} else {
				marks = append(marks, r)
			}
		}
		return marks, chips
	}
	org, orgTag := solid(rectsOf(v, testLabels[2].Color))
	per, perTag := solid(rectsOf(v, testLabels[0].Color))
	loc, locTag := solid(rectsOf(v, testLabels[1].Color))
	if len(org) != 1 || len(per) != 1 || len(loc) != 1 {
		t.Fatalf("rectangles: %d ORG, %d PER, %d LOC; want one each", len(org), len(per), len(loc))
	}
	if len(orgTag) != 1 || len(perTag) != 1 || len(locTag) != 1 {
		t.Fatalf("tags: %d ORG, %d PER, %d LOC; want one each", len(orgTag), len(perTag), len(locTag))
	}
	// PER and ORG end together: PER's tag comes first, ORG's outermost,
	// and ORG's background holds both.
	if perTag[0].Position().X >= orgTag[0].Position().X {
		t.Fatalf("the inner span's tag is at %v, after the outer one's at %v", perTag[0].Position(), orgTag[0].Position())
	}
	if right := org[0].Position().X + org[0].Size().Width; right < orgTag[0].Position().X+orgTag[0].Size().Width {
		t.Fatalf("the outer span's background ends at %v, before its tag", right)
	}
	if org[0].Size().Height != v.met.textH {
		t.Fatalf("the outer span is not a background: height %v", org[0].Size().Height)
	}
	if per[0].Size().Height != barH || per[0].Position().Y <= org[0].Position().Y+org[0].Size().Height-1 {
		t.Fatalf("the nested span is not a bar under the text: %v %v", per[0].Position(), per[0].Size())
	}
	if loc[0].Position().Y <= per[0].Position().Y {
		t.Fatalf("the third level is not under the second: %v vs %v", loc[0].Position(), per[0].Position())
	}
	// Tags: one per span, all on the first line's tag band, not overlapping.
	tags := texts(v, v.met.tagSize)
	if len(tags) != 3 {
		t.Fatalf("%d tags, want 3", len(tags))
	}
	for i := 1; i < len(tags); i++ {
		for j := range i {
			a, b := tags[i], tags[j]
			if a.Position().Y == b.Position().Y && a.Position().X < b.Position().X+b.Size().Width && b.Position().X < a.Position().X+a.Size().Width {
				t.Fatalf("tags %q and %q overlap", a.Text, b.Text)
			}
		}
	}
	// The focused span gets an outline.
	v.FocusSpan("per")
	outlines := 0
	for _, o := range v.area.r.Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.StrokeWidth > 0 {
			outlines++
		}
	}
	if outlines != 1 {
		t.Fatalf("%d outlines for the focused span", outlines)
	}
}

func TestVirtualisation(t *testing.T) {
	seed := readSeed(t)
	text := strings.Repeat(seed, 200_000/len(seed)+1)
	v, _ := newView(t, text, nil, fyne.NewSize(1000, 700))
	visible := texts(v, v.met.textSize)
	if len(v.lines) < 1000 || len(visible) == 0 || len(visible) > 30 {
		t.Fatalf("%d texts drawn for %d lines", len(visible), len(v.lines))
	}
	firstText := func() string { return texts(v, v.met.textSize)[0].Text }
	if firstText() != v.display(0) {
		t.Fatalf("first text %q, want line 0 %q", firstText(), v.display(0))
	}

	// A wheel scroll, as the driver sends it, goes through OnScrolled.
	v.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -5000)})
	top := LineAt(v.lines, v.scroll.Offset.Y-v.met.padTop)
	if top == 0 || firstText() != v.display(top) {
		t.Fatalf("after a wheel scroll the first text is %q, want line %d %q", firstText(), top, v.display(top))
	}
	// Scrolling in code does not call OnScrolled; the view redraws itself.
	far := v.lines[len(v.lines)/2].Start
	v.ScrollToOffset(far)
	if got := firstText(); got != v.display(len(v.lines)/2) {
		t.Fatalf("after ScrollToOffset the first text is %q, want %q", got, v.display(len(v.lines)/2))
	}
	if n := len(texts(v, v.met.textSize)); n > 30 {
		t.Fatalf("%d texts after scrolling: the pool grew", n)
	}
	// A span far down the text is drawn only once it is on screen.
	end := utf8.RuneCountInString(text)
	v.SetSpans([]Span{{ID: "z", Start: end - 10, End: end - 5, Label: "LOC"}})
	if n := len(rectsOf(v, testLabels[1].Color)); n != 0 {
		t.Fatalf("%d rectangles for a span off screen", n)
	}
	v.FocusSpan("z")
	if n := len(rectsOf(v, testLabels[1].Color)); n != 1 {
		t.Fatalf("%d rectangles for the span FocusSpan scrolled to", n)
	}
}

func TestTabScrollsSpanIntoView(t *testing.T) {
	seed := readSeed(t)
	text := strings.Repeat(seed, 20)
	end := utf8.RuneCountInString(text)
	v, w := newView(t, text, []Span{{ID: "far", Start: end - 20, End: end - 10, Label: "PER"}}, fyne.NewSize(800, 500))
	w.Canvas().Focus(v)
	typeKey(v, fyne.KeyTab, 0)
	li := LineOf(v.lines, end-20)
	y := v.lines[li].Y + v.met.padTop
	if y < v.scroll.Offset.Y || y+v.met.lineH > v.scroll.Offset.Y+v.scroll.Size().Height {
		t.Fatalf("span line at %v not in view [%v, +%v]", y, v.scroll.Offset.Y, v.scroll.Size().Height)
	}
}

func TestResizeRewrapsAndKeepsPlace(t *testing.T) {
	seed := readSeed(t)
	text := strings.Repeat(seed, 20)
	v, w := newView(t, text, nil, fyne.NewSize(800, 500))
	v.ScrollToOffset(20000)
	n := len(v.lines)
	w.Resize(fyne.NewSize(500, 500))
	if len(v.lines) <= n {
		t.Fatalf("narrower window: %d lines, was %d", len(v.lines), n)
	}
	top := v.lines[LineAt(v.lines, v.scroll.Offset.Y-v.met.padTop)]
	if top.Start > 20000 || top.End < 20000 {
		t.Fatalf("after resizing the top line is [%d, %d), want the one holding 20000", top.Start, top.End)
	}
	if got := texts(v, v.met.textSize)[0].Text; got != v.display(LineOf(v.lines, top.Start)) {
		t.Fatalf("first text %q is not the top line", got)
	}
}

func TestUnhandledShortcutsReachTheCanvas(t *testing.T) {
	v, w := newView(t, "some text", nil, fyne.NewSize(400, 200))
	w.Canvas().Focus(v)
	undo := 0
	w.Canvas().AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) { undo++ })
	v.TypedShortcut(&fyne.ShortcutUndo{})
	if undo != 1 {
		t.Fatal("Ctrl+Z did not reach the window's shortcut")
	}
}

func TestGoldenMarkup(t *testing.T) {
	text := "Turkish President Recep Tayyip Erdoğan met Vladimir Putin in Moscow on Thursday.\nThe talks were about Idlib."
	span := func(id, sub, label string) Span {
		s := cpOf(text, sub, 0)
		return Span{ID: id, Start: s, End: s + utf8.RuneCountInString(sub), Label: label}
	}
	v, w := newView(t, text, []Span{
		span("1", "Recep Tayyip Erdoğan", "PER"),
		span("2", "Turkish President Recep Tayyip Erdoğan", "ORG"),
		span("3", "Vladimir Putin", "PER"),
		span("4", "Moscow", "LOC"),
	}, fyne.NewSize(420, 260))
	v.SetSelection(cpOf(text, "Idlib", 0), cpOf(text, "Idlib", 0)+5)
	test.AssertRendersToMarkup(t, "spanview/basic.xml", w.Canvas())
}

func readSeed(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("../../testdata/idlib-talks.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// TestTextsReused checks that labelling and small scrolls keep the text
// objects of the lines that stay on screen: a text that changes object or
// content has its texture rebuilt by the driver.
func TestTextsReused(t *testing.T) {
	seed := readSeed(t)
	v, _ := newView(t, strings.Repeat(seed, 10), nil, fyne.NewSize(800, 500))
	before := map[string]*canvas.Text{}
	for _, tx := range texts(v, v.met.textSize) {
		before[tx.Text] = tx
	}
	v.SetSpans([]Span{{ID: "a", Start: 0, End: 5, Label: "PER"}})
	// The labelled line is cut where the tag goes; every other line keeps
	// its text object.
	after := texts(v, v.met.textSize)
	same := 0
	for _, tx := range after {
		if old, ok := before[tx.Text]; ok {
			if old != tx {
				t.Fatalf("SetSpans replaced the text of %q", tx.Text)
			}
			same++
		}
	}
	if same < len(before)-1 {
		t.Fatalf("SetSpans kept %d of %d texts, want all but the labelled line's", same, len(before))
	}
	v.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -2*v.met.lineH)})
	kept := 0
	for _, tx := range texts(v, v.met.textSize) {
		if before[tx.Text] == tx {
			kept++
		}
	}
	if n := len(texts(v, v.met.textSize)); kept < n-3 {
		t.Fatalf("a two-line scroll kept %d of %d texts", kept, n)
	}
}

func TestDragPastBottomScrolls(t *testing.T) {
	v, _ := newView(t, strings.Repeat(readSeed(t), 10), nil, fyne.NewSize(800, 500))
	a := midOf(v, 0)
	b := fyne.NewPos(100, v.scroll.Size().Height+3*v.met.lineH)
	v.area.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-a.X, b.Y-a.Y)})
	if v.scroll.Offset.Y == 0 {
		t.Fatal("dragging below the view did not scroll")
	}
	_, end, ok := v.Selection()
	v.area.DragEnd()
	if !ok || end <= v.lines[LineAt(v.lines, v.scroll.Size().Height)].Start {
		t.Fatalf("selection ends at %d, want past the first screen", end)
	}
}

// A candidate span (a proposal under review, a suggestion) is outlined,
// not filled, and its tag says what the caller asked.
func TestCandidateDrawnOutlined(t *testing.T) {
	text := "Putin met Erdoğan in Moscow."
	spans := []Span{
		{ID: "s1", Start: 0, End: 5, Label: "ACTOR"},
		{ID: "p1", Start: 10, End: 17, Label: "ACTOR", Candidate: true, Tag: "ACTOR · anna, bob"},
	}
	v, _ := newView(t, text, spans, fyne.NewSize(600, 200))
	var outlined, filled int
	var tags []string
	for _, o := range test.LaidOutObjects(v) {
		switch c := o.(type) {
		case *canvas.Rectangle:
			if !c.Visible() || c.Size().Width < 10 {
				continue
			}
			if c.StrokeWidth == 1.5 {
				outlined++
			} else if fill, ok := c.FillColor.(color.NRGBA); ok && fill.A == 0x60 {
				filled++
			}
		case *canvas.Text:
			if c.Visible() && strings.Contains(c.Text, "ACTOR") {
				tags = append(tags, c.Text)
			}
		}
	}
	if outlined != 1 || filled != 1 {
		t.Fatalf("%d outlined and %d filled spans, want one of each", outlined, filled)
	}
	if got := strings.Join(tags, "|"); got != "ACTOR|ACTOR · anna, bob" {
		t.Fatalf("tags = %q", got)
	}
}
