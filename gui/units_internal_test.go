package gui

import (
	"context"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// unitCounter records every call the window makes on its project that
// reads or writes a document's spans or status: units of work, and the
// separate reloads a window used to make after each edit. (The single
// reads and writes of spans, status and progress it once also counted are
// no longer in Project: the window cannot make them.)
type unitCounter struct {
	Project
	mu    sync.Mutex
	calls []string
}

func (u *unitCounter) note(call string) {
	u.mu.Lock()
	u.calls = append(u.calls, call)
	u.mu.Unlock()
}

// since returns the calls made since the last one.
func (u *unitCounter) since() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	calls := u.calls
	u.calls = nil
	return calls
}

func (u *unitCounter) Read(ctx context.Context, fn func(app.ReadTx) error) error {
	u.note("Read")
	return u.Project.Read(ctx, fn)
}

func (u *unitCounter) Write(ctx context.Context, fn func(app.WriteTx) error) error {
	u.note("Write")
	return u.Project.Write(ctx, fn)
}

// A label key press is one write transaction, and what the window redraws
// comes from it: no reloads after. So are its undo and marking the
// document done (which also finds the next document in the same unit).
func TestLabelKeyIsOneTransaction(t *testing.T) {
	p := &unitCounter{Project: newTestProject(t)}
	ws := openWorkspace(t, p)
	waitIdle(t, ws)
	p.since()

	selectText(t, ws, "workers", 1)
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitIdle(t, ws)
	if got := strings.Join(p.since(), " "); got != "Write" {
		t.Errorf("a label key made the calls %q, want one Write", got)
	}
	if got := strings.Join(shownSpans(ws), " "); !strings.Contains(got, "workers/ACTOR") {
		t.Fatalf("after the key the window shows %s", got)
	}

	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	waitIdle(t, ws)
	if got := strings.Join(p.since(), " "); got != "Write" {
		t.Errorf("undo made the calls %q, want one Write", got)
	}

	asUI(ws, func() { ws.Finish(model.StatusDone) })
	waitIdle(t, ws)
	// Marking done is one Write; the window then opens the next document
	// (one Read) and remembers it as where the annotator is (one Write of
	// its own, as opening any document does).
	if got := strings.Join(p.since(), " "); got != "Write Read Write" {
		t.Errorf("marking done made the calls %q, want its Write, then the next document's Read and the Write remembering it", got)
	}
}
