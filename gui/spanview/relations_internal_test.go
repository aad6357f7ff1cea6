package spanview

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

var relLabels = []Label{
	{Name: "ACTS_IN", Color: color.NRGBA{R: 0x3d, G: 0x5a, B: 0x80, A: 0xff}},
	{Name: "TARGETS", Color: color.NRGBA{R: 0xc1, G: 0x12, B: 0x1f, A: 0xff}},
	{Name: "SAME_AS", Color: color.NRGBA{R: 0x6c, G: 0x75, B: 0x7d, A: 0xff}},
}

// spanOn is a span over the n-th occurrence of word.
func spanOn(text, id, word string, n int, label string) Span {
	at := cpOf(text, word, n)
	return Span{ID: id, Start: at, End: at + len([]rune(word)), Label: label}
}

// glyphRange is the x-range, in content coordinates, between the leading
// edges of span s's first and last characters on the line it starts on,
// from the positions the view hit-tests with, whatever the direction of
// the text: the middle of a word's glyphs lies in it.
func glyphRange(v *SpanView, s Span) (float32, float32) {
	li := LineOf(v.lines, s.Start)
	last := min(s.End, v.lines[li].End) - 1
	a, b := v.xOf(li, s.Start), v.xOf(li, last)
	return v.met.padX + min(a, b), v.met.padX + max(a, b)
}

// arcOf is the arc drawn for the relation with that ID.
func arcOf(t *testing.T, v *SpanView, id string) arc {
	t.Helper()
	for _, a := range v.arcs(nil) {
		if a.rel >= 0 && v.rels[a.rel].ID == id {
			return a
		}
	}
	t.Fatalf("relation %s is not drawn", id)
	return arc{}
}

// checkEnd checks that an arc's end p sits on span s: within its glyphs'
// x-range, at the top of its line's text.
func checkEnd(t *testing.T, v *SpanView, what string, p fyne.Position, s Span) {
	t.Helper()
	x0, x1 := glyphRange(v, s)
	li := LineOf(v.lines, s.Start)
	top := v.met.padTop + v.lines[li].Y
	if p.Y != top && p.Y != top+v.met.textH {
		t.Fatalf("%s is at y %.1f, want the top (%.1f) or bottom of “%s”'s line", what, p.Y, top, string([]rune(v.text)[s.Start:s.End]))
	}
	if p.X <= x0 || p.X >= x1 {
		t.Fatalf("%s is at x %.1f, want within “%s”'s glyphs (x %.1f..%.1f)", what, p.X, string([]rune(v.text)[s.Start:s.End]), x0, x1)
	}
}

// TestRelationArcEndsOnGlyphs focuses a span with relations in a
// left-to-right and in a right-to-left paragraph: each relation's curve
// runs from the middle of one span's glyphs to the middle of the other's,
// rising above them, with an arrowhead unless its label is symmetric.
func TestRelationArcEndsOnGlyphs(t *testing.T) {
	t.Run("left to right", func(t *testing.T) {
		text := "Putin met Erdoğan in Moscow on Monday; 34 soldiers died in İdlib."
		spans := []Span{
			spanOn(text, "a", "Putin", 0, "PER"), spanOn(text, "b", "Erdoğan", 0, "PER"),
			spanOn(text, "c", "Moscow", 0, "LOC"), spanOn(text, "d", "İdlib", 0, "LOC"),
		}
		v, _ := newView(t, text, spans, fyne.NewSize(700, 300))
		v.SetRelations([]Relation{
			{ID: "r1", From: "a", To: "c", Label: "ACTS_IN"},
			{ID: "r2", From: "b", To: "a", Label: "SAME_AS", Symmetric: true},
			{ID: "r3", From: "b", To: "d", Label: "TARGETS"},
		}, relLabels)
		if got := v.arcs(nil); len(got) != 0 {
			t.Fatalf("no span is focused, yet %d arcs are drawn", len(got))
		}
		v.FocusSpan("a")
		if got := len(v.arcs(nil)); got != 2 {
			t.Fatalf("Putin has 2 relations, %d are drawn", got)
		}
		a := arcOf(t, v, "r1")
		checkEnd(t, v, "ACTS_IN's start", a.p0, spans[0])
		checkEnd(t, v, "ACTS_IN's end", a.p1, spans[2])
		if mid := a.chip.Y + v.chipH()/2; !a.head || a.text != "ACTS_IN" || !a.below || mid < a.p0.Y {
			t.Fatalf("ACTS_IN: head %v, chip %q centred at y %.1f, want an arrowhead and its label under the first line on screen (y %.1f)", a.head, a.text, mid, a.p0.Y)
		}
		s := arcOf(t, v, "r2")
		checkEnd(t, v, "SAME_AS's start", s.p0, spans[1])
		checkEnd(t, v, "SAME_AS's end", s.p1, spans[0])
		if s.head {
			t.Fatal("SAME_AS is symmetric, yet drawn with an arrowhead")
		}
		// The line leaves one span upright, runs along the band under
		// the line through its chip, and goes upright into the other.
		if len(a.path) != 4 || a.path[0] != a.p0 || a.path[3] != a.p1 || a.path[1].X != a.p0.X || a.path[2].X != a.p1.X ||
			a.path[1].Y != a.path[2].Y {
			t.Fatalf("ACTS_IN's line runs through %v, want up, along and down from %v to %v", a.path, a.p0, a.p1)
		}
		if y := a.path[1].Y; y < a.chip.Y || y > a.chip.Y+v.chipH() || a.chip.X+a.chipW < min(a.p0.X, a.p1.X) || a.chip.X > max(a.p0.X, a.p1.X) {
			t.Fatalf("ACTS_IN's line runs along y %.1f from x %.1f to %.1f, missing its chip at %v (%.1f wide)", y, a.p0.X, a.p1.X, a.chip, a.chipW)
		}
	})
	t.Run("right to left", func(t *testing.T) {
		text := rtlDoc
		spans := []Span{
			spanOn(text, "a", "طائرات", 0, "ORG"), spanOn(text, "b", "إدلب", 0, "LOC"),
			spanOn(text, "c", "Reuters", 0, "ORG"), spanOn(text, "d", "الغارات", 0, "LOC"),
		}
		v, _ := newView(t, text, spans, fyne.NewSize(900, 300))
		v.SetRelations([]Relation{
			{ID: "r1", From: "a", To: "b", Label: "TARGETS"},
			{ID: "r2", From: "c", To: "d", Label: "ACTS_IN"},
		}, relLabels)
		v.FocusSpan("a")
		a := arcOf(t, v, "r1")
		checkEnd(t, v, "TARGETS's start", a.p0, spans[0])
		checkEnd(t, v, "TARGETS's end", a.p1, spans[1])
		// Arabic runs leftwards: the target, later in the text, is left
		// of the span the relation starts at.
		if a.p1.X >= a.p0.X {
			t.Fatalf("in Arabic the later span is drawn on the left, yet the arc goes from x %.1f to %.1f", a.p0.X, a.p1.X)
		}
		v.FocusSpan("c")
		b := arcOf(t, v, "r2")
		checkEnd(t, v, "ACTS_IN's start (a Latin word in Arabic)", b.p0, spans[2])
		checkEnd(t, v, "ACTS_IN's end", b.p1, spans[3])
	})
}

// TestRelationChipsDoNotCover relates one span to six spans word against
// word around it: every label stays readable, none covering another.
func TestRelationChipsDoNotCover(t *testing.T) {
	text := "Rebels, Turkey, Russia, Syria, Iran, Assad and Hezbollah met in Astana on Monday."
	words := []string{"Rebels", "Turkey", "Russia", "Syria", "Iran", "Assad", "Hezbollah"}
	var spans []Span
	var rels []Relation
	for i, w := range words {
		spans = append(spans, spanOn(text, w, w, 0, "ORG"))
		if i > 0 {
			rels = append(rels, Relation{ID: "r" + w, From: "Syria", To: w, Label: relLabels[i%3].Name})
		}
	}
	v, _ := newView(t, text, spans, fyne.NewSize(900, 300))
	v.SetRelations(rels, relLabels)
	v.FocusSpan("Syria")
	arcs := v.arcs(nil)
	if len(arcs) != 6 {
		t.Fatalf("%d arcs drawn, want Syria's 6", len(arcs))
	}
	chipH := v.met.tagH + 2
	for i := range arcs {
		for j := range i {
			if overlaps(&arcs[i], &arcs[j], chipH) {
				t.Fatalf("the chips of %s (%v) and %s (%v) cover each other", v.rels[arcs[i].rel].ID, arcs[i].chip, v.rels[arcs[j].rel].ID, arcs[j].chip)
			}
		}
		if arcs[i].chip.Y < v.scroll.Offset.Y {
			t.Fatalf("the chip of %s is above the view", v.rels[arcs[i].rel].ID)
		}
	}
}

// TestRelationOffScreenMarker relates a span on the first screen to one
// far below: the curve ends at a marker on the bottom edge naming the
// other span; scrolled to the other span, the marker is on the top edge.
func TestRelationOffScreenMarker(t *testing.T) {
	text := "Putin spoke in Moscow." + strings.Repeat("\nNothing happened here today.", 60) + "\nLater Erdoğan answered."
	spans := []Span{spanOn(text, "a", "Putin", 0, "PER"), spanOn(text, "b", "Erdoğan", 0, "PER")}
	v, _ := newView(t, text, spans, fyne.NewSize(600, 300))
	v.SetRelations([]Relation{{ID: "r", From: "a", To: "b", Label: "SAME_AS", Symmetric: true}}, relLabels)
	v.FocusSpan("a")
	a := arcOf(t, v, "r")
	bottom := v.scroll.Offset.Y + v.scroll.Size().Height
	if a.edge != 1 || a.text != "↓ SAME_AS “Erdoğan”" || a.chip.Y+v.met.tagH+2 > bottom || a.chip.Y < bottom-3*v.met.lineH {
		t.Fatalf("marker %q (edge %d) at y %.1f, want “↓ SAME_AS “Erdoğan”” on the bottom edge (y %.1f)", a.text, a.edge, a.chip.Y, bottom)
	}
	v.FocusSpan("b")
	a = arcOf(t, v, "r")
	if a.edge != -1 || a.text != "↑ SAME_AS “Putin”" || a.chip.Y < v.scroll.Offset.Y || a.chip.Y > v.scroll.Offset.Y+v.met.lineH {
		t.Fatalf("marker %q (edge %d) at y %.1f, want “↑ SAME_AS “Putin”” on the top edge (y %.1f)", a.text, a.edge, a.chip.Y, v.scroll.Offset.Y)
	}
	checkEnd(t, v, "the visible end", a.p1, spans[1])
}

// TestRelatingByKeys: with a span focused, StartRelating picks the next
// span; Tab, Shift+Tab and the arrows pick others, skipping proposals; a
// tap picks the span tapped; Escape cancels; Enter is the workspace's.
func TestRelatingByKeys(t *testing.T) {
	text := "Putin met Erdoğan in Moscow and Ankara."
	spans := []Span{
		spanOn(text, "a", "Putin", 0, "PER"), spanOn(text, "b", "Erdoğan", 0, "PER"),
		{ID: "p", Start: cpOf(text, "Moscow", 0), End: cpOf(text, "Moscow", 0) + 6, Label: "LOC", Candidate: true},
		spanOn(text, "c", "Ankara", 0, "LOC"),
	}
	v, w := newView(t, text, spans, fyne.NewSize(600, 200))
	w.Canvas().Focus(v)
	var changes []string
	v.OnRelatingChanged = func(from, to string) { changes = append(changes, from+">"+to) }
	var unhandled []fyne.KeyName
	v.OnUnhandledKey = func(ev *fyne.KeyEvent) { unhandled = append(unhandled, ev.Name) }
	if v.StartRelating() {
		t.Fatal("relating started with no span focused")
	}
	v.FocusSpan("a")
	if !v.StartRelating() {
		t.Fatal("relating did not start from the focused span")
	}
	step := func(name fyne.KeyName, mods fyne.KeyModifier, want string) {
		t.Helper()
		typeKey(v, name, mods)
		if from, to, _ := v.Relating(); from+">"+to != want {
			t.Fatalf("after %s: relating %s>%s, want %s", name, from, to, want)
		}
	}
	step(fyne.KeyTab, 0, "a>c") // past the proposal over Moscow
	step(fyne.KeyTab, 0, "a>b") // round, past the span itself
	step(fyne.KeyTab, fyne.KeyModifierShift, "a>c")
	step(fyne.KeyLeft, 0, "a>b")
	step(fyne.KeyDown, 0, "a>c")
	v.area.Tapped(&fyne.PointEvent{Position: midOf(v, spans[1].Start+1)})
	if from, to, ok := v.Relating(); !ok || from != "a" || to != "b" {
		t.Fatalf("a tap on Erdoğan: relating %v %s>%s", ok, from, to)
	}
	typeKey(v, fyne.KeyReturn, 0)
	if len(unhandled) != 1 || unhandled[0] != fyne.KeyReturn {
		t.Fatalf("Enter while relating went to %v, want the workspace", unhandled)
	}
	if c := v.arcs(nil); len(c) != 1 || c[0].rel != -1 || c[0].text != "?" {
		t.Fatalf("the relation being made is drawn as %+v, want one arc to the candidate", c)
	}
	step(fyne.KeyEscape, 0, ">")
	if f, ok := v.FocusedSpan(); !ok || f.ID != "a" {
		t.Fatal("Escape in relation mode took the span focus too")
	}
	want := []string{"a>b", "a>c", "a>b", "a>c", "a>b", "a>c", "a>b", ">"}
	if strings.Join(changes, " ") != strings.Join(want, " ") {
		t.Fatalf("OnRelatingChanged got %v, want %v", changes, want)
	}
}

// TestRelatingByCtrlDrag drags from one span to another with Ctrl held:
// the relation is being made between them, and nothing is selected; a
// drag without Ctrl still selects.
func TestRelatingByCtrlDrag(t *testing.T) {
	text := "Putin met Erdoğan in Moscow."
	spans := []Span{spanOn(text, "a", "Putin", 0, "PER"), spanOn(text, "c", "Moscow", 0, "LOC")}
	v, w := newView(t, text, spans, fyne.NewSize(600, 200))
	w.Canvas().Focus(v)
	var got string
	v.OnRelatingChanged = func(from, to string) { got = from + ">" + to }
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	drag(v, midOf(v, spans[0].Start+1), midOf(v, spans[1].Start+2))
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	if from, to, ok := v.Relating(); !ok || from != "a" || to != "c" || got != "a>c" {
		t.Fatalf("after a Ctrl+drag from Putin to Moscow: relating %v %s>%s (told %q)", ok, from, to, got)
	}
	if _, _, sel := v.Selection(); sel {
		t.Fatal("a Ctrl+drag between spans selected text")
	}
	typeKey(v, fyne.KeyEscape, 0)
	drag(v, midOf(v, spans[0].Start+1), midOf(v, spans[1].Start+2))
	if _, _, ok := v.Relating(); ok || selected(v) != "Putin met Erdoğan in Moscow" {
		t.Fatalf("a plain drag: relating %v, selected %q", ok, selected(v))
	}
}

// TestFocusedRelationDelete focuses a relation (the panel does): it alone
// is drawn, its chip inverted; Delete hands it to OnDeleteRelation; a
// span focused afterwards takes the focus from it.
func TestFocusedRelationDelete(t *testing.T) {
	text := "Putin met Erdoğan in Moscow."
	spans := []Span{spanOn(text, "a", "Putin", 0, "PER"), spanOn(text, "b", "Erdoğan", 0, "PER"), spanOn(text, "c", "Moscow", 0, "LOC")}
	v, w := newView(t, text, spans, fyne.NewSize(600, 200))
	w.Canvas().Focus(v)
	v.SetRelations([]Relation{{ID: "r1", From: "a", To: "c", Label: "ACTS_IN"}, {ID: "r2", From: "b", To: "c", Label: "ACTS_IN"}}, relLabels)
	var deleted, deletedSpan []string
	v.OnDeleteRelation = func(id string) { deleted = append(deleted, id) }
	v.OnDelete = func(id string) { deletedSpan = append(deletedSpan, id) }
	v.FocusRelation("r2")
	arcs := v.arcs(nil)
	if len(arcs) != 1 || v.rels[arcs[0].rel].ID != "r2" || !arcs[0].focused {
		t.Fatalf("with r2 focused, drawn: %+v", arcs)
	}
	typeKey(v, fyne.KeyDelete, 0)
	if len(deleted) != 1 || deleted[0] != "r2" || len(deletedSpan) != 0 {
		t.Fatalf("Delete on the focused relation deleted relations %v and spans %v", deleted, deletedSpan)
	}
	typeKey(v, fyne.KeyTab, 0)
	if _, ok := v.FocusedRelation(); ok {
		t.Fatal("Tab to a span left the relation focused")
	}
	v.SetRelations(nil, relLabels)
	if len(v.arcs(nil)) != 0 {
		t.Fatal("arcs drawn after the relations went")
	}
}
