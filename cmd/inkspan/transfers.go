package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/inkspan/inkspan/gui"
	"github.com/inkspan/inkspan/gui/transfer"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/storage"
)

// windowTransfers runs the window's import, export and suggest dialogs
// with the same code as `inkspan import`, `export` and `suggest`.
func windowTransfers() gui.Transfers {
	return gui.Transfers{Import: windowImport, Export: windowExport, Suggest: windowSuggest}
}

func windowSuggest(ctx context.Context, p gui.Project, annotator string, req transfer.SuggestRequest, progress func(int, int)) (transfer.SuggestResult, error) {
	var res transfer.SuggestResult
	db, err := projectDB(p)
	if err != nil {
		return res, err
	}
	run := storage.SuggestRun{Figures: req.Figures, Dictionary: req.Dictionary, Accept: req.Accept}
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
	report, err := db.Suggest(ctx, annotator, run, progress)
	if err != nil {
		return res, err
	}
	return transfer.SuggestResult{Documents: report.Touched, PerLabel: report.ByLabel, Accepted: req.Accept}, nil
}

func projectDB(p gui.Project) (*storage.DB, error) {
	db, ok := p.(*storage.DB)
	if !ok {
		return nil, fmt.Errorf("this window's project is not a project file")
	}
	return db, nil
}

// windowImport is File ▸ Import…: `inkspan import` with the dialog's
// choices for its flags, each read by the function that reads the flag.
func windowImport(ctx context.Context, p gui.Project, req transfer.ImportRequest, progress func(int)) (transfer.ImportResult, error) {
	var res transfer.ImportResult
	db, err := projectDB(p)
	if err != nil {
		return res, err
	}
	status, err := parseImportStatus(string(req.Status))
	if err != nil {
		return res, err
	}
	conflicts, err := parseOnConflict(string(req.OnConflict))
	if err != nil {
		return res, err
	}
	docs := req.CoNLLDocuments
	if docs == "" {
		docs = formats.ConllDocstart // --conll-documents' default
	}
	reader, err := formats.Open(req.Paths, req.Format, formats.Options{TextColumn: req.TextColumn,
		TokenColumn: req.TokenColumn, TagColumns: req.TagColumns, CoNLLDocuments: docs, HFLabels: req.HFLabels})
	if err != nil {
		return res, err
	}
	defer reader.Close()
	report, err := db.Import(ctx, reader, storage.ImportOptions{
		Annotator: req.Annotator, SkipInvalid: req.SkipInvalid, Status: status, OnConflict: conflicts,
		AllowOverlap: req.AllowOverlap, Progress: progress, ProgressEvery: 200,
	})
	if err != nil {
		return res, windowImportError(err)
	}
	// A conflict skipped under "skip invalid" is listed by what happened
	// alone: the command's way out (--on-conflict) means nothing in the
	// window, whose own is in the form.
	for i, e := range report.Skipped {
		var c *storage.ConflictError
		if errors.As(e, &c) {
			report.Skipped[i] = model.Errorf(model.ECONFLICT, "%s", c.Reason())
		}
	}
	// The summary `inkspan import` prints, so the window says the same,
	// with what the command says after it about overlaps.
	res = transfer.ImportResult{ImportSummary: importSummary(report), OverlapAllowed: report.OverlapAllowed}
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
	var c *storage.ConflictError
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

func windowExport(ctx context.Context, p gui.Project, req transfer.ExportRequest, progress func(int, int)) (transfer.ExportResult, error) {
	var res transfer.ExportResult
	db, err := projectDB(p)
	if err != nil {
		return res, err
	}
	job := exportJob{Format: req.Format, Scheme: req.Scheme, Snap: req.Snap, Out: req.Out, Progress: progress,
		Query: storage.ExportQuery{Statuses: req.Statuses}}
	if !req.All {
		job.Query.Annotators = []string{req.Annotator}
	}
	if req.Split != "" {
		if job.Split, err = formats.ParseSplit(req.Split, req.Seed); err != nil {
			return res, err
		}
	}
	// The dialog's chooser only names req.Out: nothing exists or changes
	// there until the job renames its complete temporary file (or folder)
	// into place, so a cancel or a failure leaves what was there before.
	out, err := job.run(ctx, db, nil)
	// Also on failure: the dialog says what was written before it (a split
	// part renamed before the next failed).
	res = transfer.ExportResult{Records: out.Records, Documents: out.Documents, Snapped: out.Snapped, Written: out.Written}
	return res, err
}
