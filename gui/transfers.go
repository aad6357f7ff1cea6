package gui

import (
	"context"

	"github.com/inkspan/inkspan/gui/transfer"
)

// Transfers do the work behind File ▸ Import… and Export… on the window's
// project. cmd wires them to storage and the format writers, which the GUI
// does not import; both run off the UI goroutine.
type Transfers struct {
	Import func(ctx context.Context, p Project, req transfer.ImportRequest, progress func(records int)) (transfer.ImportResult, error)
	Export func(ctx context.Context, p Project, req transfer.ExportRequest, progress func(done, total int)) (transfer.ExportResult, error)
	// Suggest pre-annotates every document for annotator (Edit ▸ Suggest
	// labels…).
	Suggest func(ctx context.Context, p Project, annotator string, req transfer.SuggestRequest, progress func(done, total int)) (transfer.SuggestResult, error)
}

// SetTransfers enables File ▸ Import… and Export….
func (ws *Workspace) SetTransfers(t Transfers) {
	ws.transfers = &t
	ws.buildMenus()
}

// ShowImport opens the import dialog; what it adds appears in the list.
func (ws *Workspace) ShowImport() {
	if ws.transfers == nil || ws.transfers.Import == nil {
		return
	}
	run := ws.transfers.Import
	p := ws.project
	transfer.ShowImport(ws.win, ws.annotator, func(ctx context.Context, req transfer.ImportRequest, progress func(int)) (transfer.ImportResult, error) {
		return run(ctx, p, req, progress)
	}, func(transfer.ImportResult) { ws.loadDocuments() })
}

// ShowSuggest opens the suggest dialog; the open document shows what it
// suggested when it is done.
func (ws *Workspace) ShowSuggest() {
	if ws.transfers == nil || ws.transfers.Suggest == nil {
		return
	}
	run, p, annotator := ws.transfers.Suggest, ws.project, ws.annotator
	transfer.ShowSuggest(ws.win, func(ctx context.Context, req transfer.SuggestRequest, progress func(int, int)) (transfer.SuggestResult, error) {
		return run(ctx, p, annotator, req, progress)
	}, func(transfer.SuggestResult) {
		if ws.reviewing {
			ws.SetReviewMode(false) // suggestions are the annotator's
		}
		ws.reloadSpans()
		ws.refreshList()
	})
}

// ShowExport opens the export dialog for the project's annotators.
func (ws *Workspace) ShowExport() {
	if ws.transfers == nil || ws.transfers.Export == nil {
		return
	}
	run := ws.transfers.Export
	p := ws.project
	ws.pending.Add(1)
	go func() {
		names, err := p.Annotators(context.WithoutCancel(ws.ctx))
		ws.onUI(func() {
			defer ws.pending.Add(-1)
			if err != nil {
				ws.showError("export", err)
				return
			}
			transfer.ShowExport(ws.win, names, ws.annotator, func(ctx context.Context, req transfer.ExportRequest, progress func(int, int)) (transfer.ExportResult, error) {
				return run(ctx, p, req, progress)
			})
		})
	}()
}
