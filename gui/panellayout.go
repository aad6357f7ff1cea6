package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// How the span panel shares its height (issue 14): the span list above
// keeps panelSpanRows rows and the relation list one, whatever the
// focused span carries; the attributes and notes below take what they
// need of the rest. When the window is too short for both (900x600 with
// a span of several attributes), the attribute list shows fewer rows,
// down to one, and then the part below scrolls: the lists are what an
// annotator reads while labeling, the notes what they type now and then.

// panelSpanRows is the least number of span rows the panel keeps in view.
const panelSpanRows = 5

// listRowHeight is the height of a one-line list row at the theme's sizes.
func listRowHeight() float32 {
	return widget.NewLabel("X").MinSize().Height + theme.Padding()
}

// headHeight is the height of a list's heading (a bold label).
func headHeight() float32 {
	return widget.NewLabelWithStyle("X", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize().Height
}

// listsLayout stacks the span list (objs[0], with its heading) above the
// relation list (objs[1]): the relations get the rows they have, at
// least one and at most half the height, the spans the rest. Splitting
// in halves gave a document without relations half a panel of nothing.
type listsLayout struct{ p *spanPanel }

func (l listsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := max(objs[0].MinSize().Width, objs[1].MinSize().Width)
	head, row := headHeight(), listRowHeight()
	return fyne.NewSize(w, 2*head+float32(panelSpanRows+1)*row+theme.Padding())
}

func (l listsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	head, row, pad := headHeight(), listRowHeight(), theme.Padding()
	rels := head + row*float32(max(len(l.p.ws.relations), 1))
	rels = max(min(rels, (size.Height-pad)/2), min(head+row, size.Height/2))
	spans := size.Height - pad - rels
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, spans))
	objs[1].Move(fyne.NewPos(0, spans+pad))
	objs[1].Resize(fyne.NewSize(size.Width, rels))
}

// panelLayout puts the lists (objs[0]) above the scroll of the
// attributes and notes (objs[1], p.lowerScroll holding p.lower).
type panelLayout struct{ p *spanPanel }

// lowerLeast is the least height the part below the lists keeps: the
// attribute entries' line, scrolled to when focused.
func lowerLeast() float32 { return 2 * headHeight() }

func (l panelLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lists := objs[0].MinSize()
	w := max(lists.Width, l.p.lower.MinSize().Width)
	return fyne.NewSize(w, lists.Height+theme.Padding()+lowerLeast())
}

func (l panelLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	p, pad := l.p, theme.Padding()
	listsLeast := objs[0].MinSize().Height
	// The attribute list gives up rows first, then the part below
	// scrolls.
	avail := max(size.Height-pad-listsLeast, lowerLeast())
	// The attribute list gives up rows while that lets everything below
	// the lists fit. When nothing does, the part scrolls, and the list
	// keeps the most rows with which the attributes' part (heading, list,
	// entries, offer) is still whole in view: the notes scroll off first.
	var lower float32
	for rows := attrRowsMost; rows >= 1; rows-- {
		p.attrRowsMax = rows
		if lower = p.lower.MinSize().Height; lower <= avail {
			break
		}
	}
	if lower > avail {
		for rows := attrRowsMost; rows >= 1; rows-- {
			p.attrRowsMax = rows
			if rows == 1 || p.attrBox.MinSize().Height <= avail {
				break
			}
		}
		lower = p.lower.MinSize().Height
	}
	lowerH := min(lower, avail)
	listsH := size.Height - pad - lowerH
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, listsH))
	objs[1].Move(fyne.NewPos(0, listsH+pad))
	objs[1].Resize(fyne.NewSize(size.Width, lowerH))
	if lowerH >= lower {
		p.lowerScroll.Offset = fyne.Position{}
	}
	p.lowerScroll.Refresh() // the attribute list's rows may have changed
}

// reveal scrolls the part below the lists, when it scrolls, so that o
// (an entry reached from the keyboard) is in view.
func (p *spanPanel) reveal(o fyne.CanvasObject) {
	s := p.lowerScroll
	inLower := false
	for _, c := range []fyne.CanvasObject{p.attrs, p.attrName, p.attrValue, p.spanNote, p.docNote} {
		inLower = inLower || c == o
	}
	if s == nil || !inLower || p.lower.Size().Height <= s.Size().Height {
		return
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(p.lower).Y
	bottom := top + o.Size().Height
	switch {
	case top < s.Offset.Y:
		s.Offset.Y = top
	case bottom > s.Offset.Y+s.Size().Height:
		s.Offset.Y = bottom - s.Size().Height
	default:
		return
	}
	s.Refresh()
}
