package gui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/spanview"
	"github.com/inkspan/inkspan/model"
)

// statusText is how a status reads in the list: the stored names use
// underscores for the sake of file formats, people read spaces.
func statusText(s model.Status) string {
	return strings.ReplaceAll(string(s), "_", " ")
}

// plural writes a count with its noun, so the list never says "1 spans".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// count writes a number with thousands separators: "1,000,000" reads at a
// glance where "1000000" has to be counted.
func count(n int) string {
	digits := strconv.Itoa(max(n, -n))
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// summaryDetail is the second, smaller line of a list row.
func summaryDetail(d model.DocumentSummary) string {
	parts := []string{statusText(d.Status), plural(d.SpanCount, "span", "spans")}
	if d.ExternalID != "" {
		parts = append(parts, d.ExternalID)
	}
	return strings.Join(parts, " · ")
}

// docRow is one recycled row of the document list. It is a widget so that
// UpdateItem can reach its labels by name instead of by child index.
//
// In a search's list a row has a third line between the two: the passage
// of the document around the words matched, those words in bold.
type docRow struct {
	widget.BaseWidget
	title   *widget.Label
	snippet *widget.RichText
	detail  *widget.Label

	// What the row shows, for telling when the list on screen has caught
	// up with a search (Workspace.ShownSearch): the row it was filled for,
	// the list generation, and whether its snippet is in.
	index      int
	gen        uint64
	filled     bool
	hasSnippet bool
}

func newDocRow(search bool) *docRow {
	r := &docRow{
		title:   &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		snippet: &widget.RichText{Truncation: fyne.TextTruncateEllipsis},
		// The status line is smaller, not fainter: Fyne's low importance
		// draws in the disabled colour, 1.3:1 on white, and this line
		// carries the document's status and counts.
		detail: &widget.Label{
			Truncation: fyne.TextTruncateEllipsis,
			SizeName:   theme.SizeNameCaptionText,
		},
		index: -1,
	}
	// A line of caption text, so that a search's rows keep their height
	// while their snippets are on the way.
	r.snippet.Segments = snippetSegments(model.Snippet{Text: " "})
	r.snippet.Hidden = !search
	r.ExtendBaseWidget(r)
	return r
}

func (r *docRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(stackedRows{}, r.title, r.snippet, r.detail))
}

func (r *docRow) set(d model.DocumentSummary) {
	title := d.Title
	if title == "" {
		// A document whose first line is blank would otherwise be an empty
		// gap in the list that does not look clickable.
		title = "(untitled)"
	}
	// Titles and ids in Arabic or Hebrew are given in the order they are
	// read (Fyne would draw their runs in logical order).
	r.title.SetText(spanview.VisualOrder(title))
	r.detail.SetText(spanview.VisualOrder(summaryDetail(d)))
}

// setSnippet shows a search's passage in the row; ok is false while it has
// not arrived, and the line stays blank.
func (r *docRow) setSnippet(s model.Snippet, ok bool) {
	if !ok {
		s = model.Snippet{Text: " "}
	}
	r.hasSnippet = ok
	r.snippet.Segments = snippetSegments(s)
	r.snippet.Refresh()
}

// showSnippet shows or hides the snippet line: rows are recycled between
// a search's list and the whole project's.
func (r *docRow) showSnippet(search bool) {
	if search == r.snippet.Visible() {
		return
	}
	if search {
		r.snippet.Show()
	} else {
		r.snippet.Hide()
	}
	r.Refresh()
}

// snippetSegments writes a snippet as caption-sized text with the matched
// words bold. Line breaks become spaces, one code point for one, so that
// the matches' places still hold. A snippet with right-to-left text is
// written in visual order (see spanview.Visual), each part in its own
// left-to-right override: a match that crosses a change of direction
// becomes one bold part per place it is drawn.
func snippetSegments(s model.Snippet) []widget.RichTextSegment {
	text := []rune(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s.Text))
	style := widget.RichTextStyleInline
	style.SizeName = theme.SizeNameCaptionText
	bold := style
	bold.TextStyle.Bold = true
	// match[i] is the match code point i belongs to, -1 for none.
	match := make([]int, len(text))
	for i := range match {
		match[i] = -1
	}
	at := 0
	for k, m := range s.Matches {
		if m.Start < at || m.End > len(text) || m.Start >= m.End {
			continue // out of order or out of the text: not a match to show
		}
		for i := m.Start; i < m.End; i++ {
			match[i] = k
		}
		at = m.End
	}
	shown, logical := text, []int(nil) // logical nil: shown in text order
	if vis, order := spanview.Visual(string(text)); order != nil {
		shown, logical = []rune(vis), order
	}
	matchAt := func(i int) int {
		if logical != nil {
			return match[logical[i]]
		}
		return match[i]
	}
	var segs []widget.RichTextSegment
	for i := 0; i < len(shown); {
		j := i + 1
		for j < len(shown) && matchAt(j) == matchAt(i) {
			j++
		}
		st := style
		if matchAt(i) >= 0 {
			st = bold
		}
		part := string(shown[i:j])
		if logical != nil {
			part = spanview.LeftToRight(part)
		}
		segs = append(segs, &widget.TextSegment{Text: part, Style: st})
		i = j
	}
	if len(segs) == 0 {
		segs = append(segs, &widget.TextSegment{Text: " ", Style: style})
	}
	return segs
}

// setLoading shows a row whose page is still on its way.
func (r *docRow) setLoading() {
	r.title.SetText("…")
	r.detail.SetText("")
}

// stackedRows lays objects out top to bottom at full width, pulling each one
// up by the inner padding: two labels stacked in a VBox would otherwise be
// separated by their own padding twice over plus the box's, and the lines of
// one row would read as two rows.
type stackedRows struct{}

func (stackedRows) overlap() float32 { return theme.Size(theme.SizeNameInnerPadding) }

func (l stackedRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range visibleOnly(objs) {
		m := o.MinSize()
		s.Width = fyne.Max(s.Width, m.Width)
		s.Height += m.Height
		if i > 0 {
			s.Height -= l.overlap()
		}
	}
	return s
}

func (l stackedRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for i, o := range visibleOnly(objs) {
		if i > 0 {
			y -= l.overlap()
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

// visibleOnly leaves out hidden objects: a hidden line takes no room.
func visibleOnly(objs []fyne.CanvasObject) []fyne.CanvasObject {
	out := objs[:0:0]
	for _, o := range objs {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}
