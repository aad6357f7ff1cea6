package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// textLed is a sentence a CoNLL file tokenized otherwise than the
// tokenizer does: "New York-based" is two tokens there, four (New, York,
// -, based) for the tokenizer.
const textLed = "U.S.-led forces left New York-based firms.\nThey met."

// ledTokens are the CoNLL file's tokens of textLed, two sentences.
var ledTokens = []model.Token{
	{Start: 0, End: 8, SentenceStart: true}, {Start: 9, End: 15}, {Start: 16, End: 20}, {Start: 21, End: 24},
	{Start: 25, End: 35}, {Start: 36, End: 41}, {Start: 41, End: 42},
	{Start: 43, End: 47, SentenceStart: true}, {Start: 48, End: 51}, {Start: 51, End: 52},
}

// storedTokensProject holds textLed twice, as an import brings it: "with"
// with its CoNLL tokens, then "plain" without, and opens the first.
func storedTokensProject(t *testing.T) (*testProject, *Workspace) {
	t.Helper()
	p := newProject(t)
	recs := []*formats.Record{
		{ExternalID: "with", Text: textLed, Tokens: ledTokens},
		{ExternalID: "plain", Text: textLed + " "}, // not the same text, or the import would find "with"
	}
	if _, err := app.Import(p.ctx(), p, &recordList{recs}, app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ws := openWorkspace(t, p)
	if ws.CurrentDocument().ExternalID != "with" {
		t.Fatalf("opened %q, want the document with tokens", ws.CurrentDocument().ExternalID)
	}
	return p, ws
}

// dragWithin drags from one character of the open document to another.
func dragWithin(t *testing.T, ws *Workspace, from, to int) {
	t.Helper()
	var a, b fyne.Position
	asUI(ws, func() { a, b = ws.view.PositionOf(from), ws.view.PositionOf(to) })
	dragArea(t, ws, a, b)
}

// shiftKey presses key with Shift held, as the view sees it.
func shiftKey(ws *Workspace, key fyne.KeyName) {
	asUI(ws, func() {
		ws.view.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		ws.view.TypedKey(&fyne.KeyEvent{Name: key})
		ws.view.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	})
}

func selected(ws *Workspace) string {
	var s string
	asUI(ws, func() {
		if start, end, ok := ws.view.Selection(); ok {
			s = string([]rune(ws.view.Text())[start:end])
		}
	})
	return s
}

// A mouse selection in a document that came with tokens snaps to them: a
// drag inside "based" selects the CoNLL token "York-based", and the label
// key stores a span on it, which a token export writes as it is. The same
// drag in a document without tokens snaps to the tokenizer's "based".
func TestStoredTokensSnapTheMouse(t *testing.T) {
	p, ws := storedTokensProject(t)
	with := ws.CurrentDocument().ID
	dragWithin(t, ws, 30, 32)
	if got := selected(ws); got != "York-based" {
		t.Fatalf("a drag inside based selected %q, want the stored token York-based", got)
	}
	// From inside "New" to inside "York": both stored tokens whole.
	dragWithin(t, ws, 22, 26)
	if got := selected(ws); got != "New York-based" {
		t.Fatalf("a drag from New into York selected %q, want New York-based", got)
	}
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitIdle(t, ws)
	spans := p.spansOf(with, "anna")
	if len(spans) != 1 || spans[0].Start != 21 || spans[0].End != 35 {
		t.Fatalf("stored spans %+v, want one on New York-based [21, 35)", spans)
	}

	asUI(ws, func() { ws.SelectDocument(1) })
	waitIdle(t, ws)
	if ws.CurrentDocument().ExternalID != "plain" {
		t.Fatalf("opened %q, want plain", ws.CurrentDocument().ExternalID)
	}
	dragWithin(t, ws, 30, 32)
	if got := selected(ws); got != "based" {
		t.Fatalf("without stored tokens a drag inside based selected %q, want the tokenizer's based", got)
	}
}

// The keys move and extend by the stored tokens too: Shift+Right from the
// start takes "U.S.-led", then "forces"; from "New", one Shift+Right more
// takes "York-based" whole; Ctrl+Right goes to the next CoNLL sentence; and
// Alt+Right grows a span's end by one stored token.
func TestStoredTokensMoveTheKeys(t *testing.T) {
	p, ws := storedTokensProject(t)
	asUI(ws, func() { ws.view.SetCaret(0) })
	shiftKey(ws, fyne.KeyRight)
	if got := selected(ws); got != "U.S.-led" {
		t.Fatalf("Shift+Right from the start selected %q, want U.S.-led", got)
	}
	shiftKey(ws, fyne.KeyRight)
	if got := selected(ws); got != "U.S.-led forces" {
		t.Fatalf("a second Shift+Right selected %q, want U.S.-led forces", got)
	}
	asUI(ws, func() { ws.view.SetCaret(21) })
	shiftKey(ws, fyne.KeyRight)
	shiftKey(ws, fyne.KeyRight)
	if got := selected(ws); got != "New York-based" {
		t.Fatalf("two Shift+Right from New selected %q, want New York-based", got)
	}

	asUI(ws, func() { ws.view.SetCaret(0) })
	shortcut(ws, fyne.KeyRight, fyne.KeyModifierShortcutDefault)
	if c := ws.view.Caret(); c != 43 {
		t.Errorf("Ctrl+Right went to %d, want the second CoNLL sentence at 43", c)
	}

	// A span on "New", its end grown by Alt+Right: to the end of
	// "York-based", not of the tokenizer's "York".
	doc := ws.CurrentDocument().ID
	asUI(ws, func() { ws.view.SetSelection(21, 24) })
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitIdle(t, ws)
	spans := p.spansOf(doc, "anna")
	if len(spans) != 1 {
		t.Fatalf("spans %+v", spans)
	}
	asUI(ws, func() {
		ws.view.FocusSpan(spans[0].ID)
		ws.view.KeyDown(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
		ws.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
		ws.view.KeyUp(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
	})
	waitIdle(t, ws)
	if spans := p.spansOf(doc, "anna"); len(spans) != 1 || spans[0].Start != 21 || spans[0].End != 35 {
		t.Fatalf("after Alt+Right the span is %+v, want New York-based [21, 35)", spans)
	}
}
