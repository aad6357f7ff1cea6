package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The status bar keeps every part where it is while its texts change: a
// notice takes the path's place (cut short with an ellipsis rather than
// pushing the rest aside or widening the window), the save indicator keeps
// the width of "All changes saved" while it says "Saving…", and the
// finished count is drawn beside the progress bar in the text colour
// (Fyne draws it on the bar in white, 2.2:1 on the light theme's pale
// blue).

// progressBarWidth is the narrowest the progress bar beside its count is
// drawn.
const progressBarWidth = 120

// savedText is what the save indicator says most of the time, and the
// width it keeps while it says something shorter.
const savedText = "All changes saved"

func (ws *Workspace) statusBar() fyne.CanvasObject {
	ws.position = widget.NewLabel("– / –")
	ws.count = widget.NewLabel("loading documents")
	ws.progress = widget.NewProgressBar()
	ws.progress.TextFormatter = func() string { return "" }
	ws.progressText = widget.NewLabel("")
	// The status bar tells whether work is saved: drawn in the text colour,
	// at caption size, never in Fyne's faint low-importance colour.
	ws.saved = &widget.Label{Text: savedText, SizeName: theme.SizeNameCaptionText, Alignment: fyne.TextAlignTrailing}
	ws.notice = &widget.Label{Importance: widget.MediumImportance, Truncation: fyne.TextTruncateEllipsis}
	ws.path = &widget.Label{
		Text:       ws.project.Path(),
		Alignment:  fyne.TextAlignTrailing,
		Truncation: fyne.TextTruncateEllipsis,
		SizeName:   theme.SizeNameCaptionText,
	}
	who := container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel(ws.annotator),
		widget.NewSeparator(), ws.position, widget.NewSeparator(), ws.count)
	progress := container.NewBorder(nil, nil, ws.progressText, nil, atLeast(progressBarWidth, ws.progress))
	saved := container.New(&textSlot{widest: &widget.Label{Text: savedText, SizeName: theme.SizeNameCaptionText}}, ws.saved)
	return container.NewBorder(nil, nil, who, saved,
		container.NewBorder(nil, nil, progress, nil, container.NewStack(ws.path, ws.notice)))
}

// finishedText is the count beside the progress bar: the documents
// finished (reviewed, in review mode) of all.
func (ws *Workspace) finishedText() string {
	if ws.total <= 0 {
		return ""
	}
	done := " finished"
	if ws.reviewing {
		done = " reviewed"
	}
	return count(ws.finished) + " of " + count(ws.total) + done
}

// setNotice shows text in the status bar in place of the project's path,
// which comes back when the notice is cleared.
func (ws *Workspace) setNotice(text string) {
	ws.notice.SetText(text)
	if text == "" {
		ws.path.Show()
	} else {
		ws.path.Hide()
	}
}

// textSlot is a layout giving its one object at least the width widest
// needs, measured at the theme's sizes of the moment.
type textSlot struct{ widest *widget.Label }

func (s *textSlot) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s.widest.Refresh() // the text size may have changed since
	m := objs[0].MinSize()
	m.Width = fyne.Max(m.Width, s.widest.MinSize().Width)
	return m
}

func (*textSlot) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}
