package edit

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// DefaultLimit is the number of steps a History keeps when NewHistory is given
// no positive limit.
const DefaultLimit = 1000

// MergeWindow is how soon after one note edit the next must come to join the
// same undo step, so that typing a note is undone as a whole rather than one
// keystroke at a time.
const MergeWindow = 2 * time.Second

// History is a session's undo stack: the commands done, in order, and how many
// of them are in effect. Undone commands stay above that point for Redo until
// a new command is done.
//
// The store calls behind Do, Undo and Redo can be slow, so the GUI runs them
// off the UI goroutine, one after another (a single worker, or fyne.Do for the
// result). History serialises them itself as well: each of Do, Undo, Redo and
// Clear waits for the previous one to finish. CanUndo, CanRedo and the
// descriptions never wait for the store, so the UI goroutine may call them at
// any time; while an operation runs they describe the stack before it.
type History struct {
	// Now is the clock that decides whether note edits merge. Tests replace
	// it; set it before the first Do.
	Now func() time.Time

	store Store
	limit int

	run sync.Mutex // held for a whole Do, Undo, Redo or Clear, store calls included

	mu      sync.Mutex // guards the fields below; held only briefly, never across a store call
	steps   []step
	next    int  // steps[:next] are in effect and can be undone; steps[next:] can be redone
	merging bool // the newest step was done last and may absorb a further note edit
}

type step struct {
	cmd Command
	at  time.Time // when it was done, or when an edit was last merged into it
}

// NewHistory returns an empty history of changes to store that keeps the
// newest limit steps (DefaultLimit if limit < 1), dropping the oldest, so that
// a long session's memory stays bounded.
func NewHistory(store Store, limit int) *History {
	if limit < 1 {
		limit = DefaultLimit
	}
	return &History{Now: time.Now, store: store, limit: limit}
}

// Do applies cmd. On success it becomes the newest step and the redo branch is
// dropped; a note edit that follows one on the same span within MergeWindow
// joins that step instead. On failure the history is unchanged and the error
// (the store's, with its code) is returned as is.
func (h *History) Do(ctx context.Context, cmd Command) error {
	h.run.Lock()
	defer h.run.Unlock()
	if err := h.apply(ctx, cmd, false); err != nil {
		return err
	}
	now := h.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.merging && h.next > 0 {
		top := &h.steps[h.next-1]
		if gap := now.Sub(top.at); gap >= 0 && gap <= MergeWindow {
			if merged, ok := mergeNotes(top.cmd, cmd); ok {
				top.cmd, top.at = merged, now
				return nil
			}
		}
	}
	clear(h.steps[h.next:]) // let the dropped redo branch be collected
	h.steps = append(h.steps[:h.next], step{cmd: cmd, at: now})
	if len(h.steps) > h.limit {
		n := copy(h.steps, h.steps[len(h.steps)-h.limit:])
		clear(h.steps[n:])
		h.steps = h.steps[:n]
	}
	h.next = len(h.steps)
	h.merging = true
	return nil
}

// Undo reverts the newest step in effect and returns its command; nil, nil
// when there is nothing to undo. If the store refuses (another window changed
// or deleted the span), the history stays where it was and the error, which
// keeps the store's code, is returned.
func (h *History) Undo(ctx context.Context) (Command, error) {
	h.run.Lock()
	defer h.run.Unlock()
	cmd := h.peek(-1)
	if cmd == nil {
		return nil, nil
	}
	if err := h.apply(ctx, cmd, true); err != nil {
		return nil, fmt.Errorf("undo %s: %w", cmd.Describe(), err)
	}
	h.mu.Lock()
	h.next--
	h.mu.Unlock()
	return cmd, nil
}

// Redo applies again the step Undo reverted last and returns its command; nil,
// nil when there is nothing to redo. Failures leave the history unchanged, as
// for Undo.
func (h *History) Redo(ctx context.Context) (Command, error) {
	h.run.Lock()
	defer h.run.Unlock()
	cmd := h.peek(0)
	if cmd == nil {
		return nil, nil
	}
	if err := h.apply(ctx, cmd, false); err != nil {
		return nil, fmt.Errorf("redo %s: %w", cmd.Describe(), err)
	}
	h.mu.Lock()
	h.next++
	h.mu.Unlock()
	return cmd, nil
}

// peek returns the command at next+offset, or nil, and ends any merging: an
// undo or redo separates the note edits before it from those after.
func (h *History) peek(offset int) Command {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.merging = false
	if i := h.next + offset; i >= 0 && i < len(h.steps) {
		return h.steps[i].cmd
	}
	return nil
}

// CanUndo reports whether there is a step to undo.
func (h *History) CanUndo() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.next > 0
}

// CanRedo reports whether there is a step to redo.
func (h *History) CanRedo() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.next < len(h.steps)
}

// UndoDescription describes the step Undo would revert, "" if none: the GUI
// shows it as "Undo add ACTOR “Putin”".
func (h *History) UndoDescription() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.next == 0 {
		return ""
	}
	return h.steps[h.next-1].cmd.Describe()
}

// RedoDescription describes the step Redo would apply, "" if none.
func (h *History) RedoDescription() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.next == len(h.steps) {
		return ""
	}
	return h.steps[h.next].cmd.Describe()
}

// Clear forgets every step without touching the store, for instance when the
// annotator opens another project. It waits for a running operation to end.
func (h *History) Clear() {
	h.run.Lock()
	defer h.run.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	clear(h.steps)
	h.steps, h.next, h.merging = h.steps[:0], 0, false
}

// apply does or undoes cmd on the store: as one unit of work when the
// store can run one (Atomic) and cmd is made only of span and status
// changes, so that a step of any size is one commit and an error leaves
// none of it; otherwise call by call, each call its own commit.
func (h *History) apply(ctx context.Context, cmd Command, undo bool) error {
	run := func(st Store) error {
		if undo {
			return cmd.Undo(ctx, st)
		}
		return cmd.Do(ctx, st)
	}
	if a, ok := h.store.(Atomic); ok && plain(cmd) {
		return a.Atomically(ctx, run)
	}
	return run(h.store)
}
