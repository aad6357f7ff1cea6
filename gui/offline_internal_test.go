package gui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// unreachableProject is a project behind a connection that is down while
// down is set: every write fails before it starts, as a team project's
// does while its server restarts.
type unreachableProject struct {
	*testProject
	down atomic.Bool
}

func (p *unreachableProject) Write(ctx context.Context, fn func(app.WriteTx) error) error {
	if p.down.Load() {
		return model.Errorf(model.EUNAVAILABLE, "the team project's server cannot be reached")
	}
	return p.testProject.Write(ctx, fn)
}

// The server goes away: the window says so at once, counts the edits
// waiting and does not show them as saved; closing asks before dropping
// them; when the server is back they are saved, in order.
func TestOfflineEditsWaitAndAreSent(t *testing.T) {
	p := &unreachableProject{testProject: newTestProject(t)}
	ws := openWorkspace(t, p)
	ws.editor.SetRetry(time.Millisecond, 20*time.Millisecond)
	savedText := func() (text string) {
		asUI(ws, func() { text = ws.saved.Text })
		return text
	}
	before := len(ws.CurrentSpans())

	p.down.Store(true)
	selectText(t, ws, "workers", 1)
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitFor(t, "the window to say it is offline", func() bool {
		return savedText() == "Offline: 1 edit waiting, not saved; sent when the server is back"
	})
	selectText(t, ws, "Dock", 0)
	asUI(ws, func() { test.Type(ws.view, "2") })
	waitFor(t, "the second edit counted", func() bool { return strings.HasPrefix(savedText(), "Offline: 2 edits waiting") })
	if got := len(ws.CurrentSpans()); got != before {
		t.Errorf("the window shows %d spans while offline, want the %d saved", got, before)
	}

	// Closing asks first; Cancel keeps the window and the edits.
	var asked string
	closed := false
	ws.autoConfirm = func(message string) bool { asked = message; return false }
	asUI(ws, func() { ws.closeOrAsk(func() { closed = true }) })
	if closed || !strings.Contains(asked, "2 edits you made are not saved") {
		t.Fatalf("closing offline: closed %v, asked %q", closed, asked)
	}

	p.down.Store(false)
	waitFor(t, "the edits sent", func() bool { return savedText() == "All changes saved" })
	waitIdle(t, ws)
	var workers, dock bool
	stored, err := p.Spans(context.Background(), "d1", "anna")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stored {
		text := string([]rune(textLodz)[s.Start:s.End])
		workers = workers || text == "workers" && s.Label == "ACTOR"
		dock = dock || text == "Dock" && s.Label == "PLACE"
	}
	if len(stored) != before+2 || !workers || !dock {
		t.Errorf("stored after the server came back: %+v, want the two edits added", stored)
	}
	if got := len(ws.CurrentSpans()); got != before+2 {
		t.Errorf("the window shows %d spans, want %d", got, before+2)
	}
	asked = ""
	asUI(ws, func() { ws.closeOrAsk(func() { closed = true }) })
	if !closed || asked != "" {
		t.Errorf("closing with everything saved: closed %v, asked %q", closed, asked)
	}
}

// Quitting anyway drops the waiting edits: the window closes at once
// instead of waiting for the server, and nothing was written.
func TestOfflineQuitAnyway(t *testing.T) {
	p := &unreachableProject{testProject: newTestProject(t)}
	ws := openWorkspace(t, p)
	before := len(ws.CurrentSpans())
	p.down.Store(true)
	selectText(t, ws, "workers", 1)
	asUI(ws, func() { test.Type(ws.view, "1") })
	waitFor(t, "offline", func() bool {
		var offline bool
		asUI(ws, func() { offline = ws.unsent() })
		return offline
	})
	ws.autoConfirm = func(string) bool { return true }
	closeIt := false
	asUI(ws, func() { ws.closeOrAsk(func() { closeIt = true }) })
	if !closeIt {
		t.Fatal("quitting anyway did not close")
	}
	done := make(chan struct{})
	go func() {
		// Closing waits for the writer, whose results take the UI lock:
		// not under asUI.
		ws.Window().Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the window waited for the server instead of closing")
	}
	if !ws.closed.Load() {
		t.Error("the window is still open")
	}
	p.down.Store(false)
	stored, err := p.Spans(context.Background(), "d1", "anna")
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != before {
		t.Errorf("%d spans stored, want the %d from before the server went away", len(stored), before)
	}
}
