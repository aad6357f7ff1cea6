package gui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
)

// The lists beside the text draw Arabic and Hebrew in the order they are
// read. Fyne draws a label's directional runs in logical order, so the rows
// are given their text in visual order inside a left-to-right override
// (spanview.VisualOrder). Expected strings are derived by hand from the
// bidi algorithm and built with reversed so that they read here as they do
// in the source text.

const (
	lro = "\u202d" // LEFT-TO-RIGHT OVERRIDE
	pdf = "\u202c" // POP DIRECTIONAL FORMATTING
)

// reversed reverses a run of right-to-left letters by code points: how it
// reads from left to right once drawn.
func reversed(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// bidiProject is a project with a Hebrew and an Arabic article, a span
// on each; note is the note on the Hebrew one.
func bidiProject(t *testing.T, note string) *testProject {
	// A right-to-left title (first strong character Hebrew): the stop
	// ends it on the left, 123 (level 2) keeps its digits in order.
	hebrew := "שלום 123 עולם.\nגוף הכתבה."
	// A left-to-right title with an Arabic place and a year: 2024 follows
	// Arabic, so it is an Arabic number (W2, I1) and ", " between the two
	// is right to left (N1): "الدوحة, 2024" is reversed as one block.
	arabic := "Talks in الدوحة, 2024\nThe talks went on."
	p := newProject(t,
		model.Document{ID: "h1", ExternalID: "שלום.txt", Text: hebrew},
		model.Document{ID: "a1", ExternalID: "doha.txt", Text: arabic},
	)
	place := spanAt(t, hebrew, "עולם", 0, "PLACE")
	place.Note = note
	p.addSpans("h1", "anna", place)
	p.addSpans("a1", "anna", spanAt(t, arabic, "الدوحة, 2024", 0, "PLACE"))
	// The span made h1 in progress; the list below shows it todo.
	p.setStatus("h1", "anna", model.StatusTodo)
	return p
}

func TestListRowsInVisualOrder(t *testing.T) {
	ws := openWorkspace(t, bidiProject(t, ""))
	var title0, title1, detail0 string
	r0, r1 := rowOf(t, ws, 0), rowOf(t, ws, 1)
	asUI(ws, func() { title0, title1, detail0 = r0.title.Text, r1.title.Text, r0.detail.Text })
	if want := lro + "." + reversed("עולם") + " 123 " + reversed("שלום") + pdf; title0 != want {
		t.Errorf("Hebrew title shown as %q, want %q", title0, want)
	}
	if want := lro + "Talks in 2024 ," + reversed("الدوحة") + pdf; title1 != want {
		t.Errorf("Arabic title shown as %q, want %q", title1, want)
	}
	// The detail line is left to right (its status comes first); the
	// Hebrew file name in it is reversed, and its "." (between R and L)
	// takes the line's direction, so ".txt" stays after it.
	if want := lro + "todo · 1 span · " + reversed("שלום") + ".txt" + pdf; detail0 != want {
		t.Errorf("detail shown as %q, want %q", detail0, want)
	}
}

// spanRow is what the span panel's row i shows: the text and the label.
func spanRow(ws *Workspace, i int) (text, label string) {
	text, _, label = spanRowParts(ws, i)
	return text, label
}

// spanRowParts is what the span panel's row i shows: the text, the
// attribute marker ("" when hidden) and the label.
func spanRowParts(ws *Workspace, i int) (text, marker, label string) {
	asUI(ws, func() {
		o := ws.panel.list.CreateItem()
		ws.panel.list.UpdateItem(i, o)
		row := o.(*fyne.Container)
		right := row.Objects[1].(*fyne.Container)
		text, label = row.Objects[0].(*widget.Label).Text, right.Objects[1].(*widget.Label).Text
		if m := right.Objects[0].(*widget.Label); m.Visible() {
			marker = m.Text
		}
	})
	return text, marker, label
}

func TestSpanPanelRowsInVisualOrder(t *testing.T) {
	ws := openWorkspace(t, bidiProject(t, "city or greeting?"))
	if ws.CurrentDocument().ID != "h1" {
		t.Fatalf("opened %q", ws.CurrentDocument().ID)
	}
	// The span's words reversed, the note after them left to right.
	text, label := spanRow(ws, 0)
	if want := lro + reversed("עולם") + pdf + "  — city or greeting?"; text != want || label != "PLACE" {
		t.Errorf("span row shows %q %q, want %q PLACE", text, label, want)
	}
	asUI(ws, func() { ws.SelectDocument(1) })
	waitIdle(t, ws)
	text, _ = spanRow(ws, 0)
	if want := lro + "2024 ," + reversed("الدوحة") + pdf; text != want {
		t.Errorf("span row shows %q, want %q", text, want)
	}
}

// A snippet is cut into runs as drawn: plain, bold where the search
// matched, each right-to-left run in its own override.
func TestSnippetInVisualOrder(t *testing.T) {
	type seg struct {
		text string
		bold bool
	}
	shown := func(s model.Snippet) []seg {
		var out []seg
		for _, o := range snippetSegments(s) {
			ts := o.(*widget.TextSegment)
			out = append(out, seg{ts.Text, ts.Style.TextStyle.Bold})
		}
		return out
	}
	// "שלום 123 עולם." with עולם (code points 9-13) matched: drawn
	// left to right as ".", the match, then " 123 " and שלום.
	got := shown(model.Snippet{Text: "שלום 123 עולם.", Matches: []model.TextRange{{Start: 9, End: 13}}})
	want := []seg{
		{".", false},
		{lro + reversed("עולם") + pdf, true},
		{lro + " 123 " + reversed("שלום") + pdf, false},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Hebrew snippet: %v, want %v", got, want)
	}
	// A match crossing from Latin into Arabic is drawn in two places:
	// "in" before the reversed block, الدوحة at its right end.
	got = shown(model.Snippet{Text: "Talks in الدوحة, 2024", Matches: []model.TextRange{{Start: 6, End: 15}}})
	want = []seg{
		{"Talks ", false},
		{"in ", true},
		{"2024 ,", false},
		{lro + reversed("الدوحة") + pdf, true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("mixed snippet: %v, want %v", got, want)
	}
	// Left-to-right snippets are cut as before.
	got = shown(model.Snippet{Text: "Putin met\nErdoğan", Matches: []model.TextRange{{Start: 10, End: 17}}})
	want = []seg{{"Putin met ", false}, {"Erdoğan", true}}
	if !slices.Equal(got, want) {
		t.Errorf("Latin snippet: %v, want %v", got, want)
	}
}
