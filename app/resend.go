package app

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/model"
)

// EditLedger is a WriteTx of a store that can lose its connection (a
// team project's server): it records, in the transaction itself, the IDs
// of the edits applied. An edit whose commit failed with
// model.EUNAVAILABLE may or may not have been committed; the Editor sends
// it again under the same ID, and the ledger tells it whether to apply it
// or only read the state it left, so that it is applied exactly once.
// The project file (SQLite) has no connection to lose and needs none.
type EditLedger interface {
	// ClaimEdit records the edit id (a UUID) as applied by this
	// transaction: fresh is false when a committed transaction recorded
	// it already. EINVALID for an id that is not a UUID.
	ClaimEdit(ctx context.Context, id string) (fresh bool, err error)
}

// Link is what a window shows of an editor's way to its store: whether
// the edits are getting through, and how many wait.
type Link struct {
	// Offline is set while the store cannot be reached: the oldest
	// waiting edit failed with model.EUNAVAILABLE and will be sent again.
	Offline bool
	// Waiting counts the edits given to the editor and neither applied
	// nor refused yet: the one being sent and those queued behind it.
	Waiting int
	// Err is what the last attempt said while Offline, nil otherwise.
	Err error
	// Since is when the editor went offline (zero while online).
	Since time.Time
}

// Default waits between attempts to send an edit while the store cannot
// be reached: doubling from RetryFirst up to RetryMost. A server restart
// takes a second or two; an edit should not wait much longer than that
// once the server is back.
const (
	DefaultRetryFirst = 50 * time.Millisecond
	DefaultRetryMost  = 2 * time.Second
)

// link keeps an editor's Link and the queue of its steps: steps run one
// at a time in the order they were given (a ticket each), which a mutex
// would not promise.
type link struct {
	mu       sync.Mutex
	turn     *sync.Cond
	issued   uint64 // tickets handed out
	done     uint64 // tickets whose step has ended
	state    Link
	notify   func(Link)
	given    chan struct{} // closed by Abandon
	abandon  bool
	first    time.Duration
	most     time.Duration
	notifyMu sync.Mutex // keeps notifications in order
}

func newLink() *link {
	l := &link{given: make(chan struct{}), first: DefaultRetryFirst, most: DefaultRetryMost}
	l.turn = sync.NewCond(&l.mu)
	return l
}

// enter queues a step and waits for its turn.
func (l *link) enter() {
	l.mu.Lock()
	ticket := l.issued
	l.issued++
	l.state.Waiting = int(l.issued - l.done)
	s := l.state
	for l.done != ticket {
		l.turn.Wait()
	}
	l.mu.Unlock()
	l.tell(s)
}

// leave ends the step whose turn it is; err is how it ended.
func (l *link) leave(err error) {
	l.mu.Lock()
	l.done++
	l.state.Waiting = int(l.issued - l.done)
	if model.ErrorCode(err) != model.EUNAVAILABLE {
		l.state.Offline, l.state.Err, l.state.Since = false, nil, time.Time{}
	}
	s := l.state
	l.turn.Broadcast()
	l.mu.Unlock()
	l.tell(s)
}

// offline records a failed attempt; the step waits, then tries again.
func (l *link) offline(err error) {
	l.mu.Lock()
	if !l.state.Offline {
		l.state.Since = time.Now()
	}
	l.state.Offline, l.state.Err = true, err
	s := l.state
	l.mu.Unlock()
	l.tell(s)
}

func (l *link) tell(s Link) {
	l.notifyMu.Lock()
	defer l.notifyMu.Unlock()
	l.mu.Lock()
	fn := l.notify
	l.mu.Unlock()
	if fn != nil {
		fn(s)
	}
}

// wait sleeps before attempt number try (1 for the first resend); false
// when ctx ended or the edits were abandoned meanwhile.
func (l *link) wait(ctx context.Context, try int) bool {
	l.mu.Lock()
	d, most, abandoned := l.first, l.most, l.abandon
	l.mu.Unlock()
	if abandoned {
		return false
	}
	for i := 1; i < try && d < most; i++ {
		d *= 2
	}
	d = min(d, most)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-l.given:
		return false
	}
}

// Link returns how the editor's edits are getting through.
func (e *Editor) Link() Link {
	e.link.mu.Lock()
	defer e.link.mu.Unlock()
	return e.link.state
}

// OnLink calls fn, on the goroutine that changed it, each time the Link
// changes (an edit queued, applied, or an attempt that found the store
// unreachable), in order; nil stops the calls. fn must not call the
// editor's steps.
func (e *Editor) OnLink(fn func(Link)) {
	e.link.mu.Lock()
	e.link.notify = fn
	e.link.mu.Unlock()
}

// SetRetry sets the waits between attempts to send an edit the store
// could not take (DefaultRetryFirst, DefaultRetryMost): the first, then
// doubling up to most.
func (e *Editor) SetRetry(first, most time.Duration) {
	e.link.mu.Lock()
	e.link.first, e.link.most = max(first, time.Millisecond), max(most, first)
	e.link.mu.Unlock()
}

// Abandon gives up on the edits waiting for the store (the annotator
// quits without them): the step being resent ends with its
// model.EUNAVAILABLE error, as does every later one the store cannot
// take, at the first attempt. Edits the store takes are still applied.
func (e *Editor) Abandon() {
	e.link.mu.Lock()
	defer e.link.mu.Unlock()
	if !e.link.abandon {
		e.link.abandon = true
		close(e.link.given)
	}
}

// attempt is what one try of a step did, for deciding whether to try
// again: a step may be resent only when a retry cannot apply it twice.
type attempt struct {
	id       string // the step's edit ID, the same on every try
	unit     bool   // it ran as one unit of work (Atomically)
	outside  bool   // a store call ran outside a unit: part may be committed
	ledger   bool   // the unit's transaction kept the ledger
	replayed bool   // the ledger had the ID: an earlier try committed
}

// newEditID draws a step's edit ID.
func newEditID() string { return uuid.NewString() }

// resendable reports whether a try that failed with err may be repeated:
// the store could not be reached, and either nothing reached a
// transaction or the transaction kept the ledger, so a commit that
// happened unseen is found and not repeated.
func (a *attempt) resendable(err error) bool {
	if model.ErrorCode(err) != model.EUNAVAILABLE || a.outside {
		return false
	}
	return !a.unit || a.ledger
}
