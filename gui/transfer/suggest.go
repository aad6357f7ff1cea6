package transfer

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/gui/dialogkit"
)

// SuggestRequest is what the suggest dialog asks for: which sources to
// pre-annotate every document from, for the window's annotator.
type SuggestRequest struct {
	Patterns   string // a patterns file in Prodigy's format, "" for none
	Figures    bool   // the built-in FIGURE recognizer
	Dictionary bool   // strings the annotator labeled elsewhere
	Accept     bool   // store them as the annotator's spans at once, not as suggestions
}

// SuggestResult is what a suggest run reports back.
type SuggestResult struct {
	Documents int            // documents that got at least one
	PerLabel  map[string]int // suggestions (or spans, with Accept) per label
	Accepted  bool
}

// ShowSuggest opens the suggest dialog over parent. run is called on a
// goroutine of its own with a context Cancel cancels and a progress
// function (documents done, total); it must not touch the UI. done, when
// not nil, is called on the UI goroutine after a successful run, so the
// window can show the new suggestions.
//
// ShowSuggest must be called on the UI goroutine.
func ShowSuggest(parent fyne.Window,
	run func(ctx context.Context, req SuggestRequest, progress func(done, total int)) (SuggestResult, error),
	done func(SuggestResult)) {
	showSuggest(parent, run, done)
}

type suggestDialog struct {
	*shell
	req      SuggestRequest
	run      func(context.Context, SuggestRequest, func(int, int)) (SuggestResult, error)
	done     func(SuggestResult)
	figures  *dialogCheck
	dict     *dialogCheck
	accept   *dialogCheck
	choose   *button
	clear    *button
	patterns *widget.Label
	summary  *widget.Label
}

func showSuggest(parent fyne.Window, run func(context.Context, SuggestRequest, func(int, int)) (SuggestResult, error), done func(SuggestResult)) *suggestDialog {
	d := &suggestDialog{run: run, done: done, req: SuggestRequest{Figures: true, Dictionary: true}}
	escape := func() { d.cancelOrClose() }
	// Check boxes that leave Enter and Escape to the dialog.
	submit := func() { d.submit() }
	d.figures = newDialogCheck("Numbers and quantities as FIGURE (“34”, “dozens”, “close to a million”)", func(on bool) { d.req.Figures = on }, submit, escape)
	d.figures.SetChecked(true)
	d.dict = newDialogCheck("Words you labeled in other documents, with the same label", func(on bool) { d.req.Dictionary = on }, submit, escape)
	d.dict.SetChecked(true)
	d.accept = newDialogCheck("Label them at once instead of suggesting them", func(on bool) { d.req.Accept = on }, submit, escape)
	d.patterns = &widget.Label{Wrapping: fyne.TextWrapBreak}
	d.choose = newButton("Choose patterns file…", theme.FileIcon(), d.pickPatterns, escape)
	d.clear = newButton("Clear", theme.ContentClearIcon(), func() { d.setPatterns("") }, escape)
	form := container.New(layout.NewFormLayout(),
		formLabel("Sources"), container.NewVBox(d.figures, d.dict),
		formLabel("Patterns"), container.NewVBox(container.NewHBox(d.choose, d.clear), d.patterns),
		layout.NewSpacer(), d.accept,
	)
	d.shell = newShell(parent, "Suggest labels", "Suggest", form, d.submit)
	d.unit = "document"
	d.setEnabled = d.enableForm
	d.setPatterns("")
	d.show()
	parent.Canvas().Focus(d.primary)
	return d
}

func (d *suggestDialog) pickPatterns() {
	dialogkit.ShowFileDialog(d.parent, d.fileChooser(d.setPatterns))
}

// setPatterns chooses the patterns file ("" for none); tests use it too.
func (d *suggestDialog) setPatterns(path string) {
	d.req.Patterns = path
	// Italic, as hintLabel explains: low importance would draw the hint
	// like a field that is switched off.
	d.patterns.TextStyle.Italic = path == ""
	if path == "" {
		d.patterns.SetText("None: a JSONL file of {\"label\": …, \"pattern\": …} lines, as Prodigy writes them.")
		d.clear.Disable()
	} else {
		d.patterns.SetText(filepath.Clean(path))
		d.clear.Enable()
	}
	d.setError("")
	if d.shell != nil {
		d.dlg.Refresh()
	}
}

func (d *suggestDialog) enableForm(on bool) {
	enable(on, d.figures, d.dict, d.accept, d.choose)
	if on && d.req.Patterns != "" {
		d.clear.Enable()
	} else {
		d.clear.Disable()
	}
}

func (d *suggestDialog) submit() {
	if d.running || d.closed {
		return
	}
	if !d.req.Figures && !d.req.Dictionary && d.req.Patterns == "" {
		d.setError("Choose at least one source.")
		return
	}
	req := d.req
	var res SuggestResult
	d.start(true, func(ctx context.Context, p *progressPump) error {
		var err error
		res, err = d.run(ctx, req, func(done, total int) { p.update(done, total) })
		return err
	}, func(err error, cancelled bool) {
		switch {
		case cancelled:
			d.failed("Cancelled: the documents done so far keep their suggestions.", false)
		case err != nil:
			d.failed(errorText("Suggesting failed: ", err), true)
		default:
			d.summary = &widget.Label{Text: suggestSummary(res), Wrapping: fyne.TextWrapWord}
			d.succeeded(d.summary)
			if d.done != nil {
				d.done(res)
			}
		}
	})
}

// suggestSummary says what a run found, per label.
func suggestSummary(r SuggestResult) string {
	total := 0
	labels := make([]string, 0, len(r.PerLabel))
	for l, n := range r.PerLabel {
		total += n
		labels = append(labels, l)
	}
	slices.Sort(labels)
	what := "suggestion"
	if r.Accepted {
		what = "new span"
	}
	if total == 0 {
		return "Nothing new to suggest: every source's matches are labeled or suggested already."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s.", plural(total, what), plural(r.Documents, "document"))
	for _, l := range labels {
		fmt.Fprintf(&b, "\n%s: %d", l, r.PerLabel[l])
	}
	if !r.Accepted {
		b.WriteString("\n\nThey are drawn outlined: Enter accepts the focused one, x rejects it, Ctrl+Shift+A accepts all in the document.")
	}
	return b.String()
}
