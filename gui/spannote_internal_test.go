package gui

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
)

// slowDisk is a project on a slow disk, each save's end chosen by the
// test: every write unit of work (an edit, an undo, a redo) waits until
// the test sends on gate, or closes it.
type slowDisk struct {
	*testProject
	gate chan struct{}
	// held is set once the window has opened: writes before it (where the
	// annotator is, remembered on opening a document) go straight through.
	held atomic.Bool
}

func newSlowDisk(t *testing.T) *slowDisk {
	return &slowDisk{testProject: newTestProject(t), gate: make(chan struct{})}
}

func (p *slowDisk) Write(ctx context.Context, fn func(tx app.WriteTx) error) error {
	if p.held.Load() {
		<-p.gate
	}
	return p.DB.Write(ctx, fn)
}

// noteOf is the note stored on a span of anna's.
func noteOf(p *slowDisk, doc, id string) string {
	for _, s := range p.spansOf(doc, "anna") {
		if s.ID == id {
			return s.Note
		}
	}
	return "(no span " + id + ")"
}

// unsavedWrites is the number of the window's writes not yet on disk.
func unsavedWrites(ws *Workspace) int {
	var n int
	asUI(ws, func() { n = ws.unsaved })
	return n
}

// releaseSaves lets the held span writes through, one at a time, until the
// window has nothing left to save.
func releaseSaves(t *testing.T, ws *Workspace, gate chan<- struct{}) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for ws.Loading() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v releasing the saves", waitLimit)
		}
		select {
		case gate <- struct{}{}:
		case <-time.After(time.Millisecond):
		}
	}
}

// A span note typed at a person's pace, each key's save ending while the
// next key is already typed, is stored and shown exactly as typed: a save
// that ends must not put its (older) text back into the field.
func TestSpanNoteKeepsEveryKeystroke(t *testing.T) {
	p := newSlowDisk(t)
	ws := openWorkspace(t, p)
	p.held.Store(true)
	// Runs before the window closes (cleanups run last first): a test that
	// fails half way must not leave the writer waiting on the gate.
	t.Cleanup(func() { close(p.gate) })

	asUI(ws, func() { ws.panel.list.Select(1) })
	focused, ok := ws.view.FocusedSpan()
	if !ok {
		t.Fatal("selecting a row focused no span")
	}
	const typed = "neighbour state"
	for i, r := range typed {
		asUI(ws, func() { test.Type(ws.panel.spanNote, string(r)) })
		if i == 0 {
			continue
		}
		// The previous key's save lands now, while this key's waits.
		p.gate <- struct{}{}
		waitFor(t, "the previous key's save", func() bool { return unsavedWrites(ws) == 1 })
	}
	releaseSaves(t, ws, p.gate)

	var shown string
	var cursor int
	asUI(ws, func() { shown, cursor = ws.panel.spanNote.Text, ws.panel.spanNote.CursorColumn })
	if shown != typed || cursor != len(typed) {
		t.Fatalf("the note field shows %q with the cursor at %d, want %q with it at the end", shown, cursor, typed)
	}
	if got := noteOf(p, "d1", focused.ID); got != typed {
		t.Fatalf("stored note = %q, want %q", got, typed)
	}
	if s, _ := ws.span(focused.ID); s.Note != typed {
		t.Fatalf("the window holds the note as %q", s.Note)
	}

	// Typing is one undo step, and the field shows what undo put back.
	asUI(ws, func() { ws.win.Canvas().Focus(ws.view) })
	shortcut(ws, fyne.KeyZ, fyne.KeyModifierShortcutDefault)
	releaseSaves(t, ws, p.gate)
	asUI(ws, func() { shown = ws.panel.spanNote.Text })
	if got := noteOf(p, "d1", focused.ID); got != "" || shown != "" {
		t.Fatalf("after undo the stored note is %q and the field shows %q", got, shown)
	}
	shortcut(ws, fyne.KeyY, fyne.KeyModifierShortcutDefault)
	releaseSaves(t, ws, p.gate)
	asUI(ws, func() { shown = ws.panel.spanNote.Text })
	if got := noteOf(p, "d1", focused.ID); got != typed || shown != typed {
		t.Fatalf("after redo the stored note is %q and the field shows %q", got, shown)
	}
}

// Another edit saved while a note is being typed (a relabel from the label
// bar) neither loses the note's keys nor undoes the relabel.
func TestSpanNoteAndRelabelInterleaved(t *testing.T) {
	p := newSlowDisk(t)
	ws := openWorkspace(t, p)
	p.held.Store(true)
	t.Cleanup(func() { close(p.gate) })

	asUI(ws, func() { ws.panel.list.Select(1) })
	focused, _ := ws.view.FocusedSpan()
	asUI(ws, func() { test.Type(ws.panel.spanNote, "str") })
	asUI(ws, func() { ws.applyLabel("ACTOR") }) // a click on the label bar
	asUI(ws, func() { test.Type(ws.panel.spanNote, "ike") })
	releaseSaves(t, ws, p.gate)

	var stored model.Span
	for _, s := range p.spansOf("d1", "anna") {
		if s.ID == focused.ID {
			stored = s
		}
	}
	var shown string
	asUI(ws, func() { shown = ws.panel.spanNote.Text })
	if stored.Note != "strike" || stored.Label != "ACTOR" || shown != "strike" {
		t.Fatalf("stored %s %q, the field shows %q; want ACTOR \"strike\" in both", stored.Label, stored.Note, shown)
	}
}
