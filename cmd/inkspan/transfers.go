package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/cmd/inkspan/internal/projectopen"
	"github.com/inkspan/inkspan/gui"
	"github.com/inkspan/inkspan/gui/transfer"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// transferStore is what the window's import and export need of its
// project besides gui.Project: the use cases' own contracts, which every
// project cmd hands the window has (projectopen.Project). Suggest needs
// app.SuggestStore too, which a team project does not offer yet.
type transferStore interface {
	app.ExportSource
	app.ImportTarget
}

var (
	_ transferStore    = (*storage.DB)(nil)
	_ app.SuggestStore = (*storage.DB)(nil)
)

// windowTransfers runs the window's import, export and suggest dialogs
// with the same code as `inkspan import`, `export` and `suggest`.
func windowTransfers() gui.Transfers {
	return gui.Transfers{
		Import: func(ctx context.Context, p gui.Project, req transfer.ImportRequest, progress func(int)) (transfer.ImportResult, error) {
			st, err := projectStore(p)
			if err != nil {
				return transfer.ImportResult{}, err
			}
			return windowImport(ctx, st, req, progress)
		},
		Export: func(ctx context.Context, p gui.Project, req transfer.ExportRequest, progress func(int, int)) (transfer.ExportResult, error) {
			st, err := projectStore(p)
			if err != nil {
				return transfer.ExportResult{}, err
			}
			return windowExport(ctx, st, req, progress)
		},
		Suggest: func(ctx context.Context, p gui.Project, annotator string, req transfer.SuggestRequest, progress func(int, int)) (transfer.SuggestResult, error) {
			pr, ok := p.(projectopen.Project)
			if !ok {
				return transfer.SuggestResult{}, fmt.Errorf("this window's project cannot suggest")
			}
			st, err := suggestStore(pr)
			if err != nil {
				return transfer.SuggestResult{}, err
			}
			return windowSuggest(ctx, st, annotator, req, progress)
		},
	}
}

// projectStore is the window's project as the transfers' contracts see
// it. The window hands its dialogs the project it shows (gui.Project);
// the compile-time check above makes sure the project files cmd opens for
// it (runGUI, the opener) always pass.
func projectStore(p gui.Project) (transferStore, error) {
	st, ok := p.(transferStore)
	if !ok {
		return nil, fmt.Errorf("this window's project cannot import, export or suggest")
	}
	return st, nil
}

func windowSuggest(ctx context.Context, db app.SuggestStore, annotator string, req transfer.SuggestRequest, progress func(int, int)) (transfer.SuggestResult, error) {
	var res transfer.SuggestResult
	run := app.SuggestRun{Figures: req.Figures, Dictionary: req.Dictionary, Accept: req.Accept}
	if req.Patterns != "" {
		f, err := os.Open(req.Patterns)
		if err != nil {
			return res, model.Errorf(model.EINVALID, "cannot read the patterns file %s: %v", req.Patterns, err)
		}
		patterns, err := suggest.ReadPatterns(f, req.Patterns)
		f.Close()
		if err != nil {
			return res, err // every bad line, each naming file and line
		}
		if run.Matcher, err = suggest.NewMatcher(patterns); err != nil {
			return res, err
		}
	}
	report, err := app.Suggest(ctx, db, annotator, run, progress)
	if err != nil {
		return res, err
	}
	return transfer.SuggestResult{Documents: report.Touched, PerLabel: report.ByLabel, Accepted: req.Accept}, nil
}

// windowImport is File ▸ Import…: `inkspan import` with the dialog's
// choices for its flags, each read by the function that reads the flag.
func windowImport(ctx context.Context, dst app.ImportTarget, req transfer.ImportRequest, progress func(int)) (transfer.ImportResult, error) {
	var res transfer.ImportResult
	status, err := parseImportStatus(string(req.Status))
	if err != nil {
		return res, err
	}
	conflicts, err := parseOnConflict(string(req.OnConflict))
	if err != nil {
		return res, err
	}
	reader, err := files.Open(req.Paths, req.Format, formats.Options{TextColumn: req.TextColumn,
		TokenColumn: req.TokenColumn, TagColumns: req.TagColumns, CoNLLDocuments: req.CoNLLDocuments, HFLabels: req.HFLabels})
	if err != nil {
		return res, err
	}
	defer reader.Close()
	report, err := app.Import(ctx, dst, reader, app.ImportOptions{
		Annotator: req.Annotator, AnnotatorFromFile: req.FileUsers, SkipInvalid: req.SkipInvalid, Status: status, OnConflict: conflicts,
		AllowOverlap: req.AllowOverlap, Progress: progress, ProgressEvery: 200,
	})
	if err != nil {
		return res, windowImportError(err)
	}
	// A conflict skipped under "skip invalid" is listed by what happened
	// alone: the command's way out (--on-conflict) means nothing in the
	// window, whose own is in the form.
	for i, e := range report.Skipped {
		var c *app.ConflictError
		if errors.As(e, &c) {
			report.Skipped[i] = model.Errorf(model.ECONFLICT, "%s", c.Reason())
		}
	}
	// The summary `inkspan import` prints, so the window says the same,
	// with what the command says after it about overlaps.
	res = transfer.ImportResult{ImportSummary: report.Summary(), OverlapAllowed: report.OverlapAllowed}
	for _, s := range append(report.Skipped, report.SkippedSpans...) {
		if isOverlapRefusal(s) {
			res.OverlapSkipped = true
			break
		}
	}
	return res, nil
}

// windowImportError is a failed import as the window says it: the
// command's message (naming both places of a conflict or an overlap) and
// "nothing was imported", with no flag to pass. A refusal that one of the
// dialog's choices lifts is a transfer.ImportRefusal, so that the dialog
// names that choice and focuses it.
func windowImportError(err error) error {
	var c *app.ConflictError
	if errors.As(err, &c) {
		return &transfer.ImportRefusal{For: transfer.RefusedConflict,
			Err: model.Errorf(model.ECONFLICT, "%s (nothing was imported)", c.Reason())}
	}
	wrapped := fmt.Errorf("%w (nothing was imported)", err)
	if isOverlapRefusal(err) {
		return &transfer.ImportRefusal{For: transfer.RefusedOverlap, Err: wrapped}
	}
	return wrapped
}

// windowExport is File ▸ Export…: the use case `inkspan export` runs,
// with the dialog's choices.
func windowExport(ctx context.Context, src app.ExportSource, req transfer.ExportRequest, progress func(int, int)) (transfer.ExportResult, error) {
	var res transfer.ExportResult
	opts := app.ExportOptions{Format: req.Format, Scheme: req.Scheme, Snap: req.Snap, SkipMisaligned: req.Skip, Out: req.Out,
		Query: app.ExportQuery{Statuses: req.Statuses}, Files: files.Exports{}}
	if !req.All {
		opts.Query.Annotators = []string{req.Annotator}
	}
	if req.Split != "" {
		var err error
		if opts.Split, err = formats.ParseSplit(req.Split, req.Seed); err != nil {
			return res, err
		}
	}
	// The dialog's chooser only names req.Out: nothing exists or changes
	// there until the export renames its complete temporary file (or
	// folder) into place, so a cancel or a failure leaves what was there
	// before.
	out, err := app.Export(ctx, src, opts, progress)
	// Also on failure: the dialog says what was written before it (a split
	// part renamed before the next failed).
	res = transfer.ExportResult{Records: out.Records, Documents: out.Documents, Snapped: out.Snapped,
		RelationsLeftOut: out.RelationsLeftOut, AttributesLeftOut: out.AttributesLeftOut, Skipped: out.Skipped, SkippedRelations: out.SkippedRelations, Written: out.Written}
	return res, err
}
