// Package spanview is the document view of the annotation window: a widget
// that shows one document's text with its labelled spans, and lets the
// annotator select text and act on spans with the mouse and the keyboard.
//
// Fyne's RichText and Entry cannot do this (no selection offsets, no range
// backgrounds, seconds to build a long document), so the view wraps the text
// itself (layout.go, pure functions tested without a window) and draws only
// the wrapped lines on screen as canvas.Text, with spans and the selection as
// canvas.Rectangle behind them, inside a vertical scroll. A 1,000,000
// character document with 10,000 spans stays responsive. Lines with Arabic
// or Hebrew are reordered by the Unicode bidi algorithm and drawn a piece
// at a time (bidi.go), since Fyne does not reorder a text's runs itself;
// a span's label is a tag inside the line after its last character, in room
// the wrapping keeps for it (tags.go). Hit-testing and highlights follow the
// same layout.
//
// The widget is used on the UI goroutine only, like every Fyne widget.
package spanview

import (
	"cmp"
	"image/color"
	"slices"
	"sort"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model/tokenize"
)

// Span is a labelled range of the document, in code points.
type Span struct {
	ID         string
	Start, End int
	Label      string
	// Candidate spans (a suggestion, another annotator's span under review)
	// are drawn outlined rather than filled: they are proposals until
	// someone accepts them.
	Candidate bool
	// Tag replaces the label name above the span ("PLACE · anna, bob"),
	// "" for the label name.
	Tag string
}

// Label is a label name and the colour its spans are drawn in. The view
// draws span backgrounds with the colour made translucent, so any mid-tone
// colour stays readable in light and dark themes.
type Label struct {
	Name  string
	Color color.Color
}

// SpanView shows a document and its spans. See the package comment, and
// the comments of TypedKey and Dragged for the key bindings and mouse use.
//
// The selection and the focused span exclude each other: making a selection
// unfocuses the span and focusing a span clears the selection, so a label key
// always has one meaning (label the selection, or relabel the focused span).
//
// Overlapping spans are drawn by nesting level: spans in text order (by start,
// longer first) take the lowest level free at their start. Level 0 is a
// rounded background behind the text; level 1 and deeper are bars under the
// text, level 1 nearest the text and levels from 2 on sharing the second bar.
// Every span has a tag with its label name inside the line, right after its
// last character (tags.go).
type SpanView struct {
	widget.BaseWidget

	// OnSelectionChanged is called after the user changes the selection
	// with the mouse or the keyboard, with start == end when it was cleared.
	// A drag calls it once, when it ends. SetSelection and ClearSelection
	// do not call it.
	OnSelectionChanged func(start, end int)
	// OnSpanFocused is called when the user focuses a span (tap, Tab), with
	// "" when the user clears the focus (Escape, a tap or move elsewhere).
	OnSpanFocused func(id string)
	// OnRune receives the characters typed while the view has focus; the
	// workspace maps 1-9 to labels. The view interprets none of them.
	OnRune func(r rune)
	// OnDelete is called with the focused span's ID on Delete or Backspace.
	OnDelete func(spanID string)
	// OnBoundsChange is called when a boundary key moves an edge of the
	// focused span, with the span's new token-aligned bounds. The view does
	// not change the span: the caller applies the change and calls SetSpans.
	OnBoundsChange func(spanID string, start, end int)
	// OnUnhandledKey receives the keys the view has no use for (F1,
	// PageDown), so the window's keys work while the view has focus.
	OnUnhandledKey func(ev *fyne.KeyEvent)
	// OnRelatingChanged is called when the user starts making a relation
	// (StartRelating, a Ctrl+drag between spans), picks another span for
	// its other end, or cancels it (from == ""): the workspace tells what
	// the mode expects (relations.go).
	OnRelatingChanged func(from, to string)
	// OnDeleteRelation is called with the focused relation's ID on Delete
	// or Backspace.
	OnDeleteRelation func(id string)

	text string
	n    int // length of text in code points
	// tokens and sents are the words a selection snaps to and the keys
	// move by: the document's own tokens when it came with some
	// (SetDocumentWords), else the tokenizer's, which are also wrapTokens.
	tokens []tokenize.Token
	sents  []tokenize.Sentence
	// wrapTokens are the tokenizer's tokens, which lines are wrapped by
	// (Wrap): a stored token may hold white space or a line break, which
	// a line must be free to break at.
	wrapTokens []tokenize.Token

	spans    []Span // valid spans in text order
	level    []int  // nesting level of spans[i]
	maxEnd   []int  // maxEnd[i] is the largest End of spans[:i+1], for "which spans reach x"
	levelEnd []int  // scratch for setSpans
	labels   map[string]color.Color

	marks [][2]int // search matches [start, end) in code points, sorted (SetMarks)

	// Relations (relations.go): the document's, their labels' colours, for
	// each span ID the indexes of its relations, and a span ID's index in
	// spans (nil until needed after the spans change).
	rels       []Relation
	relColor   map[string]color.Color
	relsOf     map[string][]int
	byID       map[string]int
	focusedRel string // ID of the focused relation, "" for none
	// A relation being made: from the span relFrom to the candidate relTo,
	// picked by keys (relating) or by a Ctrl+drag (relDrag, the pointer at
	// relDragAt).
	relating, relDrag bool
	relFrom, relTo    string
	relDragAt         fyne.Position

	met      metrics
	measure  Measure // fyne.MeasureText at the text size
	cached   Measure // an approximation of measure memoised per string, for wrapping
	tagWidth map[tagKey]float32
	chips    []chip // the spans' tags, by position (tags.go)
	gaps     []Gap  // the room the lines were wrapped with for the tags
	gapBuf   []Gap  // the other buffer refreshTags makes gaps in
	lines    []Line
	wrapW    float32 // width lines were wrapped for; 0 forces a re-wrap
	// The bidi layout of the lines, made when a line is first needed and
	// dropped with the lines: lineKind[i] says whether line i was looked at
	// and whether it needs pieces (see bidi.go), paraDir caches the
	// direction of its paragraph, and pieces holds the layout of the lines
	// that need one.
	lineKind []uint8
	paraDir  []uint8
	pieces   map[int][]Piece
	viewW    float32 // width of the view at the last layout

	sel              bool
	selStart, selEnd int
	anchor           int  // token boundary a keyboard selection grows from, -1 for none
	cursor           int  // token boundary of the caret, 0..len(tokens)
	after            bool // caret drawn after token cursor-1 rather than before token cursor
	goalX            float32
	goalValid        bool   // goalX holds the x Up and Down keep to
	focused          string // ID of the focused span, "" for none
	hasFocus         bool

	held         map[fyne.KeyName]bool // modifier keys down, from KeyDown and KeyUp
	press        fyne.KeyModifier      // modifiers at the last mouse press
	drag         bool
	dragAt       int  // code point the drag started at
	dragHadFocus bool // a span was focused when the drag started

	scroll *container.Scroll
	area   *area
}

// metrics are the sizes that place text in a line. A line is, from the top,
// the text band (with the tags inside it) then the bars of nested spans.
type metrics struct {
	textSize, tagSize float32
	textH, tagH       float32 // tagH is the height of a tag's text
	lineH             float32
	padX, padTop      float32
}

const (
	barH    = 3 // height of a nested span's bar
	barStep = 4 // distance between bars
	maxBars = 2 // bars reserved under each line; deeper levels share the last
)

// NewSpanView returns an empty view; give it a document with SetDocument.
func NewSpanView() *SpanView {
	v := &SpanView{anchor: -1, held: map[fyne.KeyName]bool{}, labels: map[string]color.Color{}}
	v.area = &area{v: v}
	v.area.ExtendBaseWidget(v.area)
	v.scroll = container.NewVScroll(v.area)
	v.scroll.OnScrolled = func(fyne.Position) { v.area.update() }
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer is called by Fyne to draw the widget.
func (v *SpanView) CreateRenderer() fyne.WidgetRenderer {
	v.ExtendBaseWidget(v)
	return &viewRenderer{v: v}
}

// SetDocument shows text with spans drawn in the labels' colours. It
// tokenizes the text once; the selection, the focused span and the scroll
// position are reset. Spans outside the text or empty are skipped.
func (v *SpanView) SetDocument(text string, spans []Span, labels []Label) {
	v.SetDocumentWords(text, nil, nil, spans, labels)
}

// SetDocumentWords is SetDocument for a document that came with its own
// tokens: words, over text, and their sentences (app.Opened.Words and
// Sentences) are what a selection snaps to and the keys move by, so that a
// span made in the view falls on the tokens a token export writes. With
// nil words it is SetDocument: the tokenizer's words and sentences.
func (v *SpanView) SetDocumentWords(text string, words []tokenize.Token, sents []tokenize.Sentence, spans []Span, labels []Label) {
	v.text = text
	v.n = utf8.RuneCountInString(text)
	v.wrapTokens = tokenize.Tokenize(text)
	if words != nil {
		v.tokens, v.sents = words, sents
	} else {
		v.tokens = v.wrapTokens
		v.sents = tokenize.Sentences(text, v.tokens)
	}
	v.labels = make(map[string]color.Color, len(labels))
	for _, l := range labels {
		v.labels[l.Name] = l.Color
	}
	v.sel, v.anchor, v.cursor, v.after, v.goalValid, v.focused = false, -1, 0, false, false, ""
	v.drag = false
	v.marks = v.marks[:0]
	v.relating, v.relDrag, v.relFrom, v.relTo, v.focusedRel = false, false, "", "", ""
	v.rels = v.rels[:0]
	clear(v.relsOf)
	v.setSpans(spans)
	v.wrapW = 0
	v.lines = nil
	v.scroll.Offset = fyne.Position{}
	v.relayout()
}

// SetSpans replaces the spans and redraws only the highlights: this is the
// path taken after every label, so it does not touch the text. The focused
// span stays focused if a span with its ID remains.
func (v *SpanView) SetSpans(spans []Span) {
	v.setSpans(spans)
	v.refreshTags()
	v.area.update()
}

func (v *SpanView) setSpans(spans []Span) {
	n := v.n
	// The buffers are reused: labelling calls this for every span added,
	// and 10,000 spans are 700 KB of garbage a call otherwise.
	valid := v.spans[:0]
	for _, s := range spans {
		if s.Start >= 0 && s.Start < s.End && s.End <= n {
			valid = append(valid, s)
		}
	}
	slices.SortFunc(valid, func(a, b Span) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		if c := cmp.Compare(b.End, a.End); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	v.spans = valid
	v.level = slices.Grow(v.level[:0], len(valid))[:len(valid)]
	v.maxEnd = slices.Grow(v.maxEnd[:0], len(valid))[:len(valid)]
	levelEnd := v.levelEnd[:0] // levelEnd[l] is the end of the last span given level l
	far := 0
	for i, s := range valid {
		l := 0
		for l < len(levelEnd) && levelEnd[l] > s.Start {
			l++
		}
		if l == len(levelEnd) {
			levelEnd = append(levelEnd, 0)
		}
		levelEnd[l] = s.End
		v.level[i] = l
		far = max(far, s.End)
		v.maxEnd[i] = far
	}
	v.levelEnd = levelEnd
	v.byID = nil
	if v.focused != "" && v.spanIndex(v.focused) < 0 {
		v.focused = ""
	}
	if (v.relating || v.relDrag) && (v.spanIndex(v.relFrom) < 0 || v.relTo != "" && v.spanIndex(v.relTo) < 0) {
		// An undo took a span of the relation being made away.
		v.stopRelating(true)
	}
}

// SetMarks marks ranges of the text ([start, end) in code points) the way
// a browser's find bar marks what it found: the words a search matched.
// They are not spans and take no input; SetDocument clears them.
func (v *SpanView) SetMarks(marks [][2]int) {
	v.marks = v.marks[:0]
	for _, m := range marks {
		if m[0] >= 0 && m[0] < m[1] && m[1] <= v.n {
			v.marks = append(v.marks, m)
		}
	}
	slices.SortFunc(v.marks, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	v.area.update()
}

// Marks returns the marked ranges, in text order.
func (v *SpanView) Marks() [][2]int { return slices.Clone(v.marks) }

// Spans returns the spans the view draws, in text order.
func (v *SpanView) Spans() []Span { return slices.Clone(v.spans) }

// Text is the document shown.
func (v *SpanView) Text() string { return v.text }

// Selection returns the selected range in code points; ok is false when
// nothing is selected.
func (v *SpanView) Selection() (start, end int, ok bool) {
	return v.selStart, v.selEnd, v.sel
}

// SetSelection selects [start, end) as given (clamped to the text, not
// snapped to tokens), unfocuses the span and scrolls the start into view.
func (v *SpanView) SetSelection(start, end int) {
	n := v.n
	start, end = min(max(start, 0), n), min(max(end, 0), n)
	if start >= end {
		v.ClearSelection()
		return
	}
	v.sel, v.selStart, v.selEnd = true, start, end
	v.focusedRel = ""
	v.anchor = v.boundaryAt(start)
	v.cursor, v.after = v.boundaryAt(end), true
	v.focused = ""
	v.ensureVisible(start, false)
	v.area.update()
}

// ClearSelection removes the selection; the caret stays where it is.
func (v *SpanView) ClearSelection() {
	v.sel, v.anchor = false, -1
	v.area.update()
}

// FocusedSpan returns the focused span; ok is false when none is.
func (v *SpanView) FocusedSpan() (Span, bool) {
	if i := v.spanIndex(v.focused); i >= 0 {
		return v.spans[i], true
	}
	return Span{}, false
}

// FocusSpan focuses the span with that ID, clears the selection, puts the
// caret at the span's start and scrolls the span into view. An unknown ID
// only clears the focus. OnSpanFocused is not called.
func (v *SpanView) FocusSpan(id string) {
	i := v.spanIndex(id)
	if i < 0 {
		v.focused, v.focusedRel = "", ""
		v.area.update()
		return
	}
	v.focusIndex(i, true)
}

// focusIndex focuses spans[i]; with show, scrolls it to the middle of the
// view if it is off screen.
func (v *SpanView) focusIndex(i int, show bool) {
	s := v.spans[i]
	v.focused, v.focusedRel = s.ID, ""
	v.sel, v.anchor = false, -1
	v.cursor, v.after, v.goalValid = v.boundaryAt(s.Start), false, false
	if show {
		v.ensureVisible(s.Start, true)
	}
	v.area.update()
}

// ScrollToOffset scrolls so that the line holding code point cp is the
// first line on screen (or as near as the end of the text allows).
func (v *SpanView) ScrollToOffset(cp int) {
	if len(v.lines) == 0 {
		return
	}
	i := LineOf(v.lines, cp)
	v.scrollTo(v.lines[i].Y + v.met.padTop)
}

// spanIndex is the index of the span with that ID in v.spans, or -1.
func (v *SpanView) spanIndex(id string) int {
	if id == "" {
		return -1
	}
	for i := range v.spans {
		if v.spans[i].ID == id {
			return i
		}
	}
	return -1
}

// boundaryAt is the token boundary at or after cp: the index of the first
// token starting at or after it.
func (v *SpanView) boundaryAt(cp int) int {
	return sort.Search(len(v.tokens), func(i int) bool { return v.tokens[i].Start >= cp })
}

// tokenAt is the index of the first token ending after cp: the token holding
// cp, or the next one when cp is in white space.
func (v *SpanView) tokenAt(cp int) int {
	return sort.Search(len(v.tokens), func(i int) bool { return v.tokens[i].End > cp })
}

// caretCP is the code point the caret is drawn at.
func (v *SpanView) caretCP() int {
	switch {
	case len(v.tokens) == 0:
		return 0
	case v.cursor >= len(v.tokens) || (v.after && v.cursor > 0):
		return v.tokens[v.cursor-1].End
	default:
		return v.tokens[v.cursor].Start
	}
}

// caretLine is the line the caret is drawn on; a caret after a token stays
// on that token's line even when the token ends where the next line starts.
func (v *SpanView) caretLine() int {
	cp := v.caretCP()
	if len(v.tokens) > 0 && (v.cursor >= len(v.tokens) || (v.after && v.cursor > 0)) && cp > 0 {
		cp--
	}
	return LineOf(v.lines, cp)
}

// metrics reads the theme's sizes; wrapping depends on them, so a change of
// text size drops the width cache and forces a re-wrap.
func (v *SpanView) updateMetrics() {
	th := v.Theme()
	textSize := th.Size(theme.SizeNameText)
	// Tags sit inside the text band, a point under the caption size so
	// that their chip fits in it with room around the letters.
	tagSize := th.Size(theme.SizeNameCaptionText) - 1
	if v.measure != nil && textSize == v.met.textSize && tagSize == v.met.tagSize {
		return
	}
	m := metrics{textSize: textSize, tagSize: tagSize}
	m.textH = fyne.MeasureText("Mg", textSize, fyne.TextStyle{}).Height
	m.tagH = fyne.MeasureText("Mg", tagSize, fyne.TextStyle{}).Height
	m.lineH = m.textH + maxBars*barStep
	m.padX = th.Size(theme.SizeNameInnerPadding)
	m.padTop = th.Size(theme.SizeNamePadding)
	v.met = m
	v.measure = func(s string) float32 {
		return fyne.MeasureText(s, textSize, fyne.TextStyle{}).Width
	}
	v.cached = Cached(PairMeasure(v.measure))
	v.tagWidth = map[tagKey]float32{}
	v.wrapW = 0
	v.dropLayout()
}

// Line kinds in lineKind.
const (
	kindUnknown = iota
	kindPlain   // left to right in a left-to-right paragraph, no tag: one text, positions from prefixes
	kindPieces  // drawn as the pieces in v.pieces: reordered (bidi.go) or cut where tags go (tags.go)
)

// dropLayout forgets the lines' bidi layout: the lines or the font changed.
func (v *SpanView) dropLayout() {
	v.lineKind, v.paraDir = v.lineKind[:0], v.paraDir[:0]
	clear(v.pieces)
}

// layoutState sizes lineKind and paraDir for the lines, after a re-wrap
// dropped them.
func (v *SpanView) layoutState() {
	if len(v.lineKind) != len(v.lines) {
		v.lineKind = make([]uint8, len(v.lines))
		v.paraDir = make([]uint8, len(v.lines))
	}
}

// linePieces returns the pieces line i is drawn as, in visual order, or nil
// for a line drawn as one left-to-right text. Which lines need pieces is
// found when they are first drawn or hit, so a left-to-right document pays
// one scan of each line it shows and nothing else.
func (v *SpanView) linePieces(i int) []Piece {
	v.layoutState()
	switch v.lineKind[i] {
	case kindPlain:
		return nil
	case kindPieces:
		return v.pieces[i]
	}
	l := v.lines[i]
	rtl := v.paragraphRTL(i)
	gapped := v.gapIn(l)
	var ps []Piece
	switch {
	case rtl || HasRTL(v.text[l.StartByte:l.EndByte]):
		ps = LayoutLine(v.text, l, rtl)
	case gapped:
		ps = plainPieces(v.text, l)
	default:
		v.lineKind[i] = kindPlain
		return nil
	}
	if gapped {
		ps = withGaps(v.text, l, ps, v.gaps)
	}
	Place(v.text, ps, v.measure, rtl, v.wrapW)
	if v.pieces == nil {
		v.pieces = map[int][]Piece{}
	}
	v.lineKind[i], v.pieces[i] = kindPieces, ps
	return ps
}

// paragraphRTL reports whether line i belongs to a right-to-left
// paragraph. Wrapped lines share their paragraph's direction: the line
// walks back to the first line of its paragraph (or of a line whose
// direction is known) and remembers the answer for every line it passed.
func (v *SpanView) paragraphRTL(i int) bool {
	const ltr, rtl = 1, 2
	v.layoutState()
	j := i
	for j > 0 && v.paraDir[j] == 0 && !endsParagraph(v.text, v.lines[j-1]) {
		j--
	}
	d := v.paraDir[j]
	if d == 0 {
		d = ltr
		if ParagraphRTL(v.text[v.lines[j].StartByte:]) {
			d = rtl
		}
	}
	for k := j; k <= i; k++ {
		v.paraDir[k] = d
	}
	return d == rtl
}

// endsParagraph reports whether line l ends with a line break.
func endsParagraph(text string, l Line) bool {
	if l.EndByte <= l.StartByte {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(text[l.StartByte:l.EndByte])
	return isBreak(r)
}

// wrapWidth is the width lines are wrapped to in a view width wide: the
// padding on both sides and room for the scroll bar come off.
func (v *SpanView) wrapWidth(width float32) float32 {
	return max(width-2*v.met.padX-theme.ScrollBarSize(), 40)
}

// rewrap wraps the text for the view width, keeping the first line on screen
// at the top so a resize does not lose the reader's place.
func (v *SpanView) rewrap(width float32) bool {
	ww := v.wrapWidth(width)
	if width <= 0 || (ww == v.wrapW && v.lines != nil) {
		return false
	}
	top := -1
	if len(v.lines) > 0 {
		top = v.lines[LineAt(v.lines, v.scroll.Offset.Y-v.met.padTop)].Start
	}
	v.gaps = v.makeChips(v.gaps[:0])
	v.lines = Wrap(v.text, v.wrapTokens, v.gaps, ww, v.met.lineH, v.cached)
	v.wrapW = ww
	v.dropLayout()
	if top >= 0 {
		v.scroll.Offset.Y = v.lines[LineOf(v.lines, top)].Y + v.met.padTop
	}
	return true
}

// contentHeight is the height of all wrapped lines with the padding.
func (v *SpanView) contentHeight() float32 {
	return float32(len(v.lines))*v.met.lineH + 2*v.met.padTop
}

// relayout re-wraps (if the width is known) and lays out the scroll again,
// for changes that keep the view's size: a new document, a new theme.
func (v *SpanView) relayout() {
	v.updateMetrics()
	if v.viewW > 0 {
		v.rewrap(v.viewW)
	}
	// Refresh lays the scroll out for the new content height and refreshes
	// the area; the area's own Refresh redraws only what changed.
	v.scroll.Refresh()
}

// scrollTo scrolls so that content y is at the top, clamped.
func (v *SpanView) scrollTo(y float32) {
	limit := max(v.area.Size().Height-v.scroll.Size().Height, 0)
	y = min(max(y, 0), limit)
	v.scroll.ScrollToOffset(fyne.NewPos(0, y))
	// ScrollToOffset does not call OnScrolled: redraw the lines ourselves.
	v.area.update()
}

// ensureVisible scrolls the line holding cp into view: by as little as
// possible, or, with centre, to the middle of the view when it is off screen.
func (v *SpanView) ensureVisible(cp int, centre bool) {
	if len(v.lines) == 0 {
		return
	}
	v.ensureLineVisible(LineOf(v.lines, cp), centre)
}

func (v *SpanView) ensureLineVisible(i int, centre bool) {
	if i < 0 || i >= len(v.lines) {
		return
	}
	top := v.lines[i].Y + v.met.padTop
	bottom := top + v.met.lineH
	off, h := v.scroll.Offset.Y, v.scroll.Size().Height
	if top >= off && bottom <= off+h {
		return
	}
	switch {
	case centre:
		v.scrollTo(top - (h-v.met.lineH)/2)
	case top < off:
		v.scrollTo(top)
	default:
		v.scrollTo(bottom - h)
	}
}

// bgColour and caretColour are the theme's background and caret colours.
func (v *SpanView) bgColour() color.Color {
	return v.Theme().Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant())
}

func (v *SpanView) caretColour() color.NRGBA {
	c := v.Theme().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// labelColor is the colour of a label, grey for a label the view was not given.
func (v *SpanView) labelColor(name string) color.NRGBA {
	c, ok := v.labels[name]
	if !ok || c == nil {
		return color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xff}
	}
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// viewRenderer lays the scroll out; the area inside it draws the text.
type viewRenderer struct {
	v *SpanView
}

func (r *viewRenderer) Layout(size fyne.Size) {
	v := r.v
	v.updateMetrics()
	v.viewW = size.Width
	if v.rewrap(size.Width) {
		// The scroll sizes its content only when its own size changes.
		v.sizeArea(size)
	}
	v.scroll.Resize(size)
	// A scroll that grew taller shows more lines but keeps its content's
	// size, so nothing else would tell the area.
	v.area.update()
}

func (r *viewRenderer) MinSize() fyne.Size { return r.v.scroll.MinSize() }

func (r *viewRenderer) Refresh() {
	r.v.relayout()
}

func (r *viewRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.scroll} }

func (r *viewRenderer) Destroy() {}

// sizeArea gives the area the size the scroll would: the lines' height, at
// least the view's.
func (v *SpanView) sizeArea(size fyne.Size) {
	v.area.Resize(fyne.NewSize(size.Width, max(v.contentHeight(), size.Height)))
}
