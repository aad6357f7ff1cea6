package spanview

import (
	"runtime"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model/tokenize"
)

var (
	_ fyne.Focusable         = (*SpanView)(nil)
	_ fyne.Tabbable          = (*SpanView)(nil)
	_ fyne.Shortcutable      = (*SpanView)(nil)
	_ desktop.Keyable        = (*SpanView)(nil)
	_ fyne.Tappable          = (*area)(nil)
	_ fyne.DoubleTappable    = (*area)(nil)
	_ fyne.SecondaryTappable = (*area)(nil)
	_ fyne.Draggable         = (*area)(nil)
	_ desktop.Mouseable      = (*area)(nil)
	_ desktop.Cursorable     = (*area)(nil)
	_ fyne.Scrollable        = (*area)(nil)
)

// Pointer events land on the area, the deepest object under the pointer,
// and reach the view in content coordinates.

// Tapped focuses the span clicked or moves the caret: see tapped.
func (a *area) Tapped(ev *fyne.PointEvent) { a.v.tapped(ev.Position) }

// TappedSecondary offers "Relate to…" on a span: see secondaryTapped.
func (a *area) TappedSecondary(ev *fyne.PointEvent) { a.v.secondaryTapped(ev) }

// DoubleTapped selects the token under the pointer.
func (a *area) DoubleTapped(ev *fyne.PointEvent) { a.v.doubleTapped(ev.Position) }

// Dragged selects by dragging: see dragged.
func (a *area) Dragged(ev *fyne.DragEvent) { a.v.dragged(ev) }

// DragEnd finishes a drag selection.
func (a *area) DragEnd() { a.v.dragEnd() }

// MouseDown focuses the view, which the desktop driver does not do for a
// widget that is not itself under the pointer, and records the modifiers:
// they are down before the view has focus to see their KeyDown.
func (a *area) MouseDown(ev *desktop.MouseEvent) {
	a.v.press = ev.Modifier
	a.v.requestFocus()
}

// wheelNotch is how far Fyne's desktop driver scrolls for one notch of a
// mouse wheel outside macOS (scroll_speed_default.go): 25 px, under one
// line of this view. A reader expects a notch to move about three lines, as
// editors and browsers do; macOS sends trackpad and wheel deltas already
// scaled by the system, so they pass unchanged.
const wheelNotch = 25

// Scrolled scrolls the view by about three lines a wheel notch: the area
// is the deepest Scrollable under the pointer, so the driver asks it first.
func (a *area) Scrolled(ev *fyne.ScrollEvent) {
	v := a.v
	d := ev.Scrolled
	if runtime.GOOS != "darwin" {
		k := 3 * v.met.lineH / wheelNotch
		d = fyne.NewDelta(d.DX*k, d.DY*k)
	}
	v.scroll.Scrolled(&fyne.ScrollEvent{PointEvent: ev.PointEvent, Scrolled: d})
}

// MouseUp is needed for desktop.Mouseable.
func (a *area) MouseUp(*desktop.MouseEvent) {}

// Cursor is the text cursor: this is text to select.
func (a *area) Cursor() desktop.Cursor { return desktop.TextCursor }

func (v *SpanView) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Focused() != fyne.Focusable(v) {
		c.Focus(v)
	}
}

// display is the drawn text of line i.
func (v *SpanView) display(i int) string {
	l := v.lines[i]
	return Display(v.text[l.StartByte:l.EndByte])
}

// xOf is the x of code point cp on line i, from the text's left edge: the
// leading edge of its character (the right edge of a right-to-left one).
func (v *SpanView) xOf(i, cp int) float32 {
	if ps := v.linePieces(i); ps != nil {
		return XOf(v.text, ps, cp, v.measure)
	}
	d := v.display(i)
	n := byteIn(v.text, v.lines[i], cp) - v.lines[i].StartByte
	if n <= 0 {
		return 0
	}
	return v.measure(d[:min(n, len(d))])
}

// lineAtPos returns the line under a content position and the x within its
// text; ok is false above the first line (below the last, the last line is
// returned with an x past its end).
func (v *SpanView) lineAtPos(pos fyne.Position) (i int, x float32, where int) {
	y := pos.Y - v.met.padTop
	x = pos.X - v.met.padX
	switch {
	case y < 0:
		return 0, x, -1
	case y >= float32(len(v.lines))*v.met.lineH:
		return len(v.lines) - 1, x, 1
	}
	return LineAt(v.lines, y), x, 0
}

// offsetAt is the grapheme boundary nearest a content position: where a
// press or a drag puts an end of the selection.
func (v *SpanView) offsetAt(pos fyne.Position) int {
	if len(v.lines) == 0 {
		return 0
	}
	i, x, where := v.lineAtPos(pos)
	switch where {
	case -1:
		return 0
	case 1:
		return v.n
	}
	return v.offsetIn(i, x)
}

// offsetIn is the grapheme boundary nearest x on line i.
func (v *SpanView) offsetIn(i int, x float32) int {
	if ps := v.linePieces(i); ps != nil {
		return OffsetAtPieces(v.text, ps, x, v.measure)
	}
	return OffsetAt(v.lines[i], v.display(i), x, v.measure)
}

// charAt is the code point of the character under a content position, or -1.
func (v *SpanView) charAt(pos fyne.Position) int {
	if len(v.lines) == 0 {
		return -1
	}
	i, x, where := v.lineAtPos(pos)
	if where != 0 {
		return -1
	}
	if ps := v.linePieces(i); ps != nil {
		return CharAtPieces(v.text, ps, x, v.measure)
	}
	return CharAt(v.lines[i], v.display(i), x, v.measure)
}

// spanAt picks the span a tap on character c focuses: the shortest span
// holding c, or, when the focused span holds c, the next longer one, so
// repeated taps walk through overlapping spans.
func (v *SpanView) spanAt(c int) int {
	var hold []int
	i0 := sort.Search(len(v.spans), func(i int) bool { return v.maxEnd[i] > c })
	for i := i0; i < len(v.spans) && v.spans[i].Start <= c; i++ {
		if v.spans[i].End > c {
			hold = append(hold, i)
		}
	}
	if len(hold) == 0 {
		return -1
	}
	sort.SliceStable(hold, func(a, b int) bool {
		sa, sb := v.spans[hold[a]], v.spans[hold[b]]
		return sa.End-sa.Start < sb.End-sb.Start
	})
	for k, i := range hold {
		if v.spans[i].ID == v.focused {
			return hold[(k+1)%len(hold)]
		}
	}
	return hold[0]
}

// tapped handles a click. A click on a span focuses it; a click elsewhere
// clears the selection and the focus and puts the caret before the token
// clicked (or at the end of the line, past its end). Shift+click extends the
// selection from the caret to the clicked token.
func (v *SpanView) tapped(pos fyne.Position) {
	v.requestFocus()
	if len(v.lines) == 0 {
		return
	}
	if v.relating {
		// A click on a span picks it as the relation's other end; anywhere
		// else it cancels the relation and does what it always does.
		if i := v.relatable(pos, v.spanIndex(v.relFrom)); i >= 0 {
			v.relTo = v.spans[i].ID
			v.area.update()
			v.notifyRelating()
			return
		}
		v.stopRelating(true)
	}
	mods := v.mods() | v.press
	if mods&fyne.KeyModifierShift != 0 {
		v.extendTo(v.offsetAt(pos), mods&fyne.KeyModifierAlt != 0)
		return
	}
	c := v.charAt(pos)
	i := v.tagAt(pos) // a tag stands for its span
	if i < 0 && c >= 0 {
		i = v.spanAt(c)
	}
	if i >= 0 {
		hadSel := v.sel
		v.focusIndex(i, false)
		v.notify(hadSel, false)
		if v.OnSpanFocused != nil {
			v.OnSpanFocused(v.focused)
		}
		return
	}
	off := v.offsetAt(pos)
	// Beside the text, the caret goes after the line's last token, unless
	// the click is on the side where the line starts (left of a
	// left-to-right line, right of a right-to-left one): after the token
	// before would put it at the end of the line above.
	li, _, _ := v.lineAtPos(pos)
	b, after := v.boundaryAt(off), c < 0 && off > v.lines[li].Start
	if j := v.tokenAt(max(c, 0)); c >= 0 && j < len(v.tokens) && v.tokens[j].Start <= c {
		b = j // on a token: before it
	}
	v.moveTo(b, after && b > 0, false, false)
}

// extendTo grows the selection from its anchor (or the caret) to cp, snapped
// to tokens unless raw.
func (v *SpanView) extendTo(cp int, raw bool) {
	hadFocus := v.focused != ""
	from := v.caretCP()
	if v.sel {
		from = v.selStart
		if v.anchor >= 0 && v.anchor >= v.cursor {
			from = v.selEnd
		}
	}
	v.setRange(from, cp, raw)
	v.focused, v.focusedRel = "", ""
	v.area.update()
	v.notify(true, hadFocus)
}

// setRange selects from a to b (either order), snapped to whole tokens
// unless raw, and puts the caret at b's end of it.
func (v *SpanView) setRange(a, b int, raw bool) {
	lo, hi := min(a, b), max(a, b)
	if !raw {
		var ok bool
		if lo, hi, ok = tokenize.Snap(v.tokens, lo, hi); !ok {
			lo, hi = 0, 0
		}
	}
	if lo >= hi {
		v.sel, v.anchor = false, -1
		return
	}
	v.sel, v.selStart, v.selEnd = true, lo, hi
	first, last := v.boundaryAt(lo), v.boundaryAt(hi)
	if b < a {
		v.anchor, v.cursor, v.after = last, first, false
	} else {
		v.anchor, v.cursor, v.after = first, last, true
	}
	v.goalValid = false
}

func (v *SpanView) doubleTapped(pos fyne.Position) {
	v.requestFocus()
	c := v.charAt(pos)
	if c < 0 || v.tagAt(pos) >= 0 {
		return // beside the text, or on a tag, which the first tap focused
	}
	j := v.tokenAt(c)
	if j >= len(v.tokens) || v.tokens[j].Start > c {
		return
	}
	hadFocus := v.focused != ""
	v.setRange(v.tokens[j].Start, v.tokens[j].End, true)
	v.focused, v.focusedRel = "", ""
	v.area.update()
	v.notify(true, hadFocus)
}

// dragged extends the selection from the press point to the pointer. The
// desktop driver starts a drag after 2 px of movement and never reports the
// press, so the press point is the first event's Position - Dragged. The
// selection snaps to whole tokens; with Alt held it is character-precise
// (at grapheme boundaries). Dragging past the top or bottom scrolls.
// A drag with Ctrl (Cmd) held that starts on a span makes a relation from
// it to the span where it ends instead (relations.go).
func (v *SpanView) dragged(ev *fyne.DragEvent) {
	if len(v.lines) == 0 {
		return
	}
	if v.relDrag {
		v.relDragged(ev)
		return
	}
	if !v.drag && (v.mods()|v.press)&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
		start := ev.Position.Subtract(ev.Dragged)
		if i := v.relatable(start, -1); i >= 0 {
			v.stopRelating(false)
			v.relDrag, v.relFrom, v.relTo = true, v.spans[i].ID, ""
			v.focused, v.focusedRel, v.sel, v.anchor = v.spans[i].ID, "", false, -1
			v.requestFocus()
			v.relDragged(ev)
			return
		}
	}
	if !v.drag {
		v.drag = true
		v.dragHadFocus = v.focused != ""
		v.dragAt = v.offsetAt(ev.Position.Subtract(ev.Dragged))
		v.requestFocus()
	}
	raw := (v.mods()|v.press)&fyne.KeyModifierAlt != 0
	v.setRange(v.dragAt, v.offsetAt(ev.Position), raw)
	v.focused, v.focusedRel = "", ""
	off, h := v.scroll.Offset.Y, v.scroll.Size().Height
	switch {
	case ev.Position.Y < off:
		v.scrollTo(ev.Position.Y)
	case ev.Position.Y > off+h:
		v.scrollTo(ev.Position.Y - h)
	default:
		v.area.update()
	}
}

func (v *SpanView) dragEnd() {
	if v.relDrag {
		v.relDragEnd()
		return
	}
	if !v.drag {
		return
	}
	v.drag = false
	v.notify(true, v.dragHadFocus)
}

// notify calls OnSelectionChanged when the selection may have changed and
// OnSpanFocused("") when the user's action took the focus off a span.
func (v *SpanView) notify(selChanged, lostFocus bool) {
	if lostFocus && v.focused == "" && v.OnSpanFocused != nil {
		v.OnSpanFocused("")
	}
	if selChanged && v.OnSelectionChanged != nil {
		if v.sel {
			v.OnSelectionChanged(v.selStart, v.selEnd)
		} else {
			c := v.caretCP()
			v.OnSelectionChanged(c, c)
		}
	}
}

// FocusGained shows the caret.
func (v *SpanView) FocusGained() {
	v.hasFocus = true
	v.area.update()
}

// FocusLost hides the caret and forgets the modifiers: their KeyUp will go
// to whatever has focus next.
func (v *SpanView) FocusLost() {
	v.hasFocus = false
	clear(v.held)
	v.area.update()
}

// TypedRune hands the character to OnRune; label keys are the workspace's.
func (v *SpanView) TypedRune(r rune) {
	if v.covered() {
		return
	}
	if v.OnRune != nil {
		v.OnRune(r)
	}
}

// AcceptsTab keeps Tab in the view, where it moves between spans, instead
// of moving the keyboard focus to the next widget.
func (v *SpanView) AcceptsTab() bool { return true }

// KeyDown tracks the modifier keys: Shift alone never makes a shortcut, so
// Shift+arrow arrives as a plain TypedKey and the view needs to know Shift
// is down.
func (v *SpanView) KeyDown(ev *fyne.KeyEvent) {
	if isModifier(ev.Name) {
		v.held[ev.Name] = true
	}
}

// KeyUp: see KeyDown.
func (v *SpanView) KeyUp(ev *fyne.KeyEvent) { delete(v.held, ev.Name) }

func isModifier(k fyne.KeyName) bool {
	switch k {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight, desktop.KeyControlLeft, desktop.KeyControlRight,
		desktop.KeyAltLeft, desktop.KeyAltRight, desktop.KeySuperLeft, desktop.KeySuperRight:
		return true
	}
	return false
}

// mods is the modifiers held, as KeyDown and KeyUp reported them.
func (v *SpanView) mods() fyne.KeyModifier {
	var m fyne.KeyModifier
	h := v.held
	if h[desktop.KeyShiftLeft] || h[desktop.KeyShiftRight] {
		m |= fyne.KeyModifierShift
	}
	if h[desktop.KeyControlLeft] || h[desktop.KeyControlRight] {
		m |= fyne.KeyModifierControl
	}
	if h[desktop.KeyAltLeft] || h[desktop.KeyAltRight] {
		m |= fyne.KeyModifierAlt
	}
	if h[desktop.KeySuperLeft] || h[desktop.KeySuperRight] {
		m |= fyne.KeyModifierSuper
	}
	return m
}

// TypedKey handles the keys below. The desktop driver sends a key with Ctrl
// or Alt held as a desktop.CustomShortcut to TypedShortcut, which handles it
// the same way; with only Shift held it comes here and Shift is read from
// KeyDown.
//
//	Left, Right              caret to the previous / next token
//	Shift+Left, Shift+Right  extend the selection by a token
//	Home, End                caret to the start / end of the wrapped line
//	Ctrl+Home, Ctrl+End      caret to the start / end of the document
//	Up, Down                 caret to the wrapped line above / below, keeping its x
//	Ctrl+Left, Ctrl+Up       caret to the start of the sentence (or the previous one)
//	Ctrl+Right, Ctrl+Down    caret to the start of the next sentence
//	  (with Shift, all of the above extend the selection instead)
//	Tab, Shift+Tab           focus the next / previous span (by start, proposals first), scrolled into view
//	Escape                   clear the selection and the span focus
//	Delete, Backspace        OnDelete(focused span)
//	Alt+Right, Alt+Left      grow / shrink the focused span's end by a token (OnBoundsChange)
//	Alt+Shift+Left, Alt+Shift+Right  grow / shrink its start by a token
//
// In a right-to-left paragraph Left and Right trade places, since the text
// runs leftwards: Left goes on to the next token, Alt+Left grows the span's
// end. On macOS Cmd (Super) works where Ctrl is listed.
func (v *SpanView) TypedKey(ev *fyne.KeyEvent) {
	if v.covered() {
		return
	}
	if !v.key(ev.Name, v.mods()) && v.OnUnhandledKey != nil {
		v.OnUnhandledKey(ev)
	}
}

// TypedShortcut handles the keys of TypedKey that arrive with Ctrl or Alt,
// and hands every other shortcut to the canvas, as the driver does when the
// focused widget is not Shortcutable, so the window's shortcuts (Ctrl+Z)
// keep working while the view has focus.
func (v *SpanView) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && !v.covered() && v.key(cs.KeyName, cs.Modifier) {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		if sc, ok := c.(fyne.Shortcutable); ok {
			sc.TypedShortcut(s)
		}
	}
}

// key runs the action bound to a key; false when none is.
func (v *SpanView) key(name fyne.KeyName, mods fyne.KeyModifier) bool {
	shift := mods&fyne.KeyModifierShift != 0
	alt := mods&fyne.KeyModifierAlt != 0
	ctrl := mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0
	if len(v.lines) == 0 {
		return false
	}
	if v.relating && !alt && !ctrl {
		return v.relatingKey(name, mods)
	}
	switch name {
	case fyne.KeyLeft, fyne.KeyRight:
		right := name == fyne.KeyRight
		// right means forward in the text from here on.
		at := v.caretLine()
		if i := v.spanIndex(v.focused); i >= 0 && alt && !ctrl {
			at = LineOf(v.lines, v.spans[i].Start)
		}
		if v.paragraphRTL(at) {
			right = !right
		}
		switch {
		case alt && !ctrl:
			v.moveEdge(right, shift)
		case ctrl && !alt:
			v.moveTo(v.sentenceStep(right), false, shift, false)
		case !alt && !ctrl:
			v.tokenStep(right, shift)
		default:
			return false
		}
	case fyne.KeyUp, fyne.KeyDown:
		down := name == fyne.KeyDown
		switch {
		case alt:
			return false
		case ctrl:
			v.moveTo(v.sentenceStep(down), false, shift, false)
		default:
			v.lineStep(down, shift)
		}
	case fyne.KeyHome, fyne.KeyEnd:
		if alt {
			return false
		}
		v.homeEnd(name == fyne.KeyEnd, ctrl, shift)
	case fyne.KeyPageDown, fyne.KeyPageUp:
		if alt || ctrl {
			return false
		}
		return v.page(name == fyne.KeyPageDown, shift)
	case fyne.KeyTab:
		if alt || ctrl {
			return false
		}
		v.cycleSpan(!shift)
	case fyne.KeyEscape:
		if mods != 0 {
			return false
		}
		v.escape()
	case fyne.KeyDelete, fyne.KeyBackspace:
		if mods != 0 {
			return false
		}
		if k := v.relIndex(v.focusedRel); k >= 0 {
			if v.OnDeleteRelation != nil {
				v.OnDeleteRelation(v.rels[k].ID)
			}
		} else if i := v.spanIndex(v.focused); i >= 0 && v.OnDelete != nil {
			v.OnDelete(v.spans[i].ID)
		}
	default:
		return false
	}
	return true
}

// moveTo puts the caret at token boundary b, extending the selection from
// its anchor when extend, otherwise clearing it. Either way the span focus
// goes: the caret has left it.
func (v *SpanView) moveTo(b int, after, extend, keepGoal bool) {
	hadSel, hadFocus := v.sel, v.focused != ""
	b = min(max(b, 0), len(v.tokens))
	if extend {
		if !v.sel || v.anchor < 0 {
			v.anchor = v.cursor
		}
		lo, hi := min(v.anchor, b), max(v.anchor, b)
		v.sel = lo < hi
		if v.sel {
			v.selStart, v.selEnd = v.tokens[lo].Start, v.tokens[hi-1].End
		}
	} else {
		v.sel, v.anchor = false, -1
	}
	v.cursor, v.after = b, after && b > 0
	v.focused, v.focusedRel = "", ""
	if !keepGoal {
		v.goalValid = false
	}
	v.ensureLineVisible(v.caretLine(), false)
	v.area.update()
	v.notify(hadSel || v.sel, hadFocus)
}

func (v *SpanView) tokenStep(right, extend bool) {
	switch {
	case right && v.after && !extend && v.cursor < len(v.tokens):
		// From after a token to before the next: the same boundary, drawn
		// at the next token (often the next line).
		v.moveTo(v.cursor, false, false, false)
	case right:
		v.moveTo(v.cursor+1, v.cursor+1 == len(v.tokens), extend, false)
	default:
		v.moveTo(v.cursor-1, false, extend, false)
	}
}

// sentenceStep is the token boundary Ctrl+Right (fwd) or Ctrl+Left goes to.
func (v *SpanView) sentenceStep(fwd bool) int {
	s := v.sents
	if fwd {
		k := sort.Search(len(s), func(i int) bool { return s[i].First > v.cursor })
		if k == len(s) {
			return len(v.tokens)
		}
		return s[k].First
	}
	k := sort.Search(len(s), func(i int) bool { return s[i].First >= v.cursor }) - 1
	if k < 0 {
		return 0
	}
	return s[k].First
}

func (v *SpanView) homeEnd(end, doc, extend bool) {
	switch {
	case doc && end:
		v.moveTo(len(v.tokens), true, extend, false)
	case doc:
		v.moveTo(0, false, extend, false)
	default:
		l := v.lines[v.caretLine()]
		if !end {
			v.moveTo(v.boundaryAt(l.Start), false, extend, false)
			return
		}
		b := v.boundaryAt(l.End)
		v.moveTo(b, b > 0 && v.tokens[b-1].End > l.Start, extend, false)
	}
}

// lineStep moves the caret to the nearest token boundary at the same x on
// the next wrapped line that has one (blank lines have none), keeping the x
// across a run of Up and Down presses.
func (v *SpanView) lineStep(down, extend bool) {
	li := v.caretLine()
	if !v.goalValid {
		v.goalX, v.goalValid = v.xOf(li, v.caretCP()), true
	}
	step := -1
	if down {
		step = 1
	}
	saveC, saveA := v.cursor, v.after
	for t := li + step; t >= 0 && t < len(v.lines); t += step {
		l := v.lines[t]
		off := v.offsetIn(t, v.goalX)
		j := v.tokenAt(off)
		if j < len(v.tokens) && v.tokens[j].Start < off && off-v.tokens[j].Start > v.tokens[j].End-off {
			j++ // nearer the end of the token the x falls in
		}
		after := false
		if j >= len(v.tokens) || v.tokens[j].Start >= l.End {
			after = j > 0 && v.tokens[j-1].End > l.Start
		}
		v.cursor, v.after = j, after && j > 0
		moved := v.caretLine() != li
		v.cursor, v.after = saveC, saveA
		if moved {
			v.moveTo(j, after, extend, true)
			return
		}
	}
	if down {
		v.moveTo(len(v.tokens), true, extend, true)
	} else {
		v.moveTo(0, false, extend, true)
	}
}

// cycleSpan focuses the next (fwd) or previous span in Tab order (see
// taborder.go); with no span focused, the first one from the caret on (or
// before it).
func (v *SpanView) cycleSpan(fwd bool) {
	if len(v.spans) == 0 {
		return
	}
	i := v.spanIndex(v.focused)
	if i >= 0 {
		i = TabNext(v.spans, i, fwd)
	} else {
		i = TabFrom(v.spans, v.caretCP(), fwd)
	}
	hadSel := v.sel
	v.focusIndex(i, true)
	v.notify(hadSel, false)
	if v.OnSpanFocused != nil {
		v.OnSpanFocused(v.focused)
	}
}

func (v *SpanView) escape() {
	hadSel, hadFocus := v.sel, v.focused != ""
	v.sel, v.anchor, v.focused, v.focusedRel = false, -1, "", ""
	v.area.update()
	v.notify(hadSel, hadFocus)
}

// moveEdge moves an edge of the focused span by one token: the end with Alt,
// the start with Alt+Shift, in the arrow's direction (so Alt+Right grows
// the end and Alt+Shift+Left grows the start). An edge that was not on a
// token boundary moves to the next one; the other edge is kept as it is.
func (v *SpanView) moveEdge(right, start bool) {
	i := v.spanIndex(v.focused)
	if i < 0 || v.OnBoundsChange == nil {
		return
	}
	s, t := v.spans[i], v.tokens
	lo, hi := s.Start, s.End
	switch {
	case !start && right: // first token ending after the end
		j := v.tokenAt(hi)
		if j >= len(t) {
			return
		}
		hi = t[j].End
	case !start: // last token ending before the end, after the start
		j := sort.Search(len(t), func(k int) bool { return t[k].End >= hi }) - 1
		if j < 0 || t[j].End <= lo {
			return
		}
		hi = t[j].End
	case right: // first token starting after the start, before the end
		j := v.boundaryAt(lo + 1)
		if j >= len(t) || t[j].Start >= hi {
			return
		}
		lo = t[j].Start
	default: // last token starting before the start
		j := v.boundaryAt(lo) - 1
		if j < 0 {
			return
		}
		lo = t[j].Start
	}
	v.OnBoundsChange(s.ID, lo, hi)
}

// page scrolls a screen down or up, less a line so that the reader keeps
// their place, and takes the caret along by as many lines (extending the
// selection with Shift). It reports false when there is no more text that
// way, so that the window's PageDown and PageUp move to the next or the
// previous document.
func (v *SpanView) page(down, extend bool) bool {
	m := v.met
	off, h := v.scroll.Offset.Y, v.scroll.Size().Height
	limit := max(v.area.Size().Height-h, 0)
	if down && off >= limit-0.5 || !down && off <= 0.5 {
		return false
	}
	rows := max(int(h/m.lineH), 1)
	step := max(rows-1, 1)
	if !down {
		step = -step
	}
	top := LineAt(v.lines, off-m.padTop)
	caret := v.caretLine()
	if !v.goalValid {
		v.goalX, v.goalValid = v.xOf(caret, v.caretCP()), true
	}
	// The caret keeps its row on the screen; one that was off screen (the
	// wheel moved the text) comes to the top row.
	row := caret - top
	if row < 0 || row >= rows {
		row = 0
	}
	to := min(max(top+step, 0), len(v.lines)-1)
	y := v.lines[to].Y + m.padTop
	if to == 0 {
		y = 0 // the padding above the first line shows too
	}
	v.scrollTo(y)
	top = LineAt(v.lines, v.scroll.Offset.Y-m.padTop)
	line := min(top+row, len(v.lines)-1)
	x := v.goalX
	v.moveTo(v.boundaryAt(v.offsetIn(line, x)), false, extend, true)
	return true
}

// covered reports whether a dialog or a pop-up covers the window: then the
// keys are the dialog's, even when it focused none of its widgets (Fyne's
// file chooser), and the text behind it does not move.
func (v *SpanView) covered() bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(v)
	return c != nil && c.Overlays().Top() != nil
}

// secondaryTapped opens a menu on a span of the layer with "Relate to…",
// which focuses it and starts making a relation from it: the way to make
// one for someone who does not know the key.
func (v *SpanView) secondaryTapped(ev *fyne.PointEvent) {
	v.requestFocus()
	i := v.relatable(ev.Position, -1)
	c := fyne.CurrentApp().Driver().CanvasForObject(v)
	if i < 0 || c == nil {
		return
	}
	id := v.spans[i].ID
	relate := fyne.NewMenuItem("Relate to…", func() {
		if j := v.spanIndex(id); j >= 0 {
			v.stopRelating(false)
			v.focusIndex(j, false)
			if v.OnSpanFocused != nil {
				v.OnSpanFocused(id)
			}
			v.StartRelating()
			v.requestFocus()
		}
	})
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", relate), c, ev.AbsolutePosition)
}
