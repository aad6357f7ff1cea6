package gui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/model"
)

// checkpointingProject records the window's checkpoints of a project,
// and makes them fail with err while it is set (a full disk) instead of
// checkpointing.
type checkpointingProject struct {
	*testProject
	mu    sync.Mutex
	calls []time.Time
	err   error
}

func (p *checkpointingProject) Checkpoint(ctx context.Context) error {
	p.mu.Lock()
	p.calls = append(p.calls, time.Now())
	err := p.err
	p.mu.Unlock()
	if err != nil {
		return err
	}
	return p.DB.Checkpoint(ctx)
}

func (p *checkpointingProject) checkpoints() (int, time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.calls) == 0 {
		return 0, time.Time{}
	}
	return len(p.calls), p.calls[len(p.calls)-1]
}

func (p *checkpointingProject) fail(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.err = err
}

func TestIdleWindowCheckpoints(t *testing.T) {
	p := &checkpointingProject{testProject: newTestProject(t)}
	ws := openWorkspace(t, p)

	selectText(t, ws, "workers", 1)
	labeled := time.Now()
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitIdle(t, ws)
	waitFor(t, "a checkpoint after the label", func() bool {
		_, last := p.checkpoints()
		return last.After(labeled)
	})
	if _, last := p.checkpoints(); last.Sub(labeled) < idleCheckpoint {
		t.Fatalf("checkpointed %v after the label: not idle yet", last.Sub(labeled))
	}

	// A checkpoint that fails (a full disk) is shown, and goes away once
	// one succeeds.
	p.fail(model.Errorf(model.EINTERNAL, "every change is saved, but only in demo.inkspan-wal: copying it into demo.inkspan failed (the disk is full)"))
	waitFor(t, "the failure shown", func() bool {
		var text string
		asUI(ws, func() { text = ws.saved.Text })
		return strings.Contains(text, "the disk is full")
	})
	p.fail(nil)
	waitFor(t, "the failure cleared", func() bool {
		var text string
		asUI(ws, func() { text = ws.saved.Text })
		return text == "All changes saved"
	})

	// Waiting for a reader is no failure: nothing is shown.
	p.fail(model.Errorf(model.ECONFLICT, "the project file is being read"))
	n, _ := p.checkpoints()
	waitFor(t, "another checkpoint", func() bool { m, _ := p.checkpoints(); return m > n+1 })
	asUI(ws, func() {
		if ws.saved.Text != "All changes saved" {
			t.Errorf("while a reader holds the checkpoint: %q", ws.saved.Text)
		}
	})
}

// waitingProject keeps what the window asks a project to call when a
// write waits for another program, so that the test can call it as the
// project would after a second's wait.
type waitingProject struct {
	*testProject
	mu     sync.Mutex
	onWait func()
}

func (p *waitingProject) SetOnWait(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onWait = f
	p.DB.SetOnWait(f)
}

func (p *waitingProject) waited() {
	p.mu.Lock()
	f := p.onWait
	p.mu.Unlock()
	if f != nil {
		f()
	}
}

func TestWaitingForWriterShown(t *testing.T) {
	p := &waitingProject{testProject: newTestProject(t)}
	ws := openWorkspace(t, p)
	asUI(ws, func() {
		ws.unsaved++ // a write queued behind another program's
		ws.showSaved()
	})
	p.waited() // what storage does after a second's wait
	waitFor(t, "the waiting message", func() bool {
		var text string
		asUI(ws, func() { text = ws.saved.Text })
		return strings.Contains(text, "waiting for another program")
	})
	asUI(ws, func() {
		ws.unsaved--
		ws.showSaved()
	})
	closeOnce(ws)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.onWait != nil {
		t.Fatal("a closed window still listens for waits")
	}
}
