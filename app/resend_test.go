package app_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// flakyStore is a project file behind a connection that can fail the way
// a team project's does: down (every unit fails before it starts),
// losing the reply to a commit (the change is in, the caller hears
// EUNAVAILABLE), or dropping in the middle of a unit (rolled back). With
// ledger set, its write transactions keep an edit ledger that commits
// with them, as the PostgreSQL store's does.
type flakyStore struct {
	app.Store
	ledger bool

	mu        sync.Mutex
	down      bool
	loseReply int // the next so many committed writes report EUNAVAILABLE
	dropMid   int // the next so many writes fail after fn ran, rolled back
	applied   map[string]bool
	added     []int // starts of the spans added, in commit order
	attempts  int
}

func newFlaky(st app.Store, ledger bool) *flakyStore {
	return &flakyStore{Store: st, ledger: ledger, applied: map[string]bool{}}
}

var errLost = model.Errorf(model.EUNAVAILABLE, "connection lost")

func (f *flakyStore) set(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn()
}

func (f *flakyStore) Write(ctx context.Context, fn func(app.WriteTx) error) error {
	f.mu.Lock()
	f.attempts++
	down, lose, drop := f.down, f.loseReply > 0, f.dropMid > 0 && !f.down
	if lose {
		f.loseReply--
	}
	if drop {
		f.dropMid--
	}
	f.mu.Unlock()
	if down {
		return errLost
	}
	tx := &flakyTx{f: f}
	err := f.Store.Write(ctx, func(inner app.WriteTx) error {
		tx.WriteTx = inner
		var w app.WriteTx = tx
		if f.ledger {
			w = &ledgerTx{tx}
		}
		if err := fn(w); err != nil {
			return err
		}
		if drop {
			return errLost
		}
		return nil
	})
	if err != nil {
		return err
	}
	f.mu.Lock()
	for _, id := range tx.claimed {
		f.applied[id] = true
	}
	f.added = append(f.added, tx.added...)
	f.mu.Unlock()
	if lose {
		return errLost
	}
	return nil
}

// flakyTx notes what a transaction did, for the store to keep once it
// commits.
type flakyTx struct {
	app.WriteTx
	f       *flakyStore
	claimed []string
	added   []int
}

func (t *flakyTx) AddSpan(ctx context.Context, documentID, annotator string, s model.Span) (model.Span, error) {
	added, err := t.WriteTx.AddSpan(ctx, documentID, annotator, s)
	if err == nil {
		t.added = append(t.added, s.Start)
	}
	return added, err
}

type ledgerTx struct{ *flakyTx }

func (t *ledgerTx) ClaimEdit(ctx context.Context, id string) (bool, error) {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	if t.f.applied[id] || slices.Contains(t.claimed, id) {
		return false, nil
	}
	t.claimed = append(t.claimed, id)
	return true, nil
}

// links records what an editor's Link said.
type links struct {
	mu  sync.Mutex
	all []app.Link
}

func (l *links) note(s app.Link) { l.mu.Lock(); l.all = append(l.all, s); l.mu.Unlock() }

func (l *links) wentOffline() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.ContainsFunc(l.all, func(s app.Link) bool { return s.Offline && s.Err != nil })
}

func fastEditor(st app.Store) (*app.Editor, *links) {
	e := app.NewEditor(st)
	e.SetRetry(time.Millisecond, 5*time.Millisecond)
	l := &links{}
	e.OnLink(l.note)
	return e, l
}

func spansOf(t *testing.T, st app.Store, docID string) []model.Span {
	t.Helper()
	var spans []model.Span
	if err := st.Read(context.Background(), func(tx app.ReadTx) error {
		var err error
		spans, err = tx.Spans(context.Background(), docID, "anna")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return spans
}

// The reply to a commit is lost: the editor sends the edit again, the
// ledger finds it applied, and the span is there once; the window gets
// the state and the step can be undone.
func TestEditorResendAfterLostReplyAppliesOnce(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	st := newFlaky(db, true)
	st.set(func() { st.loseReply = 1 })
	e, l := fastEditor(st)
	anna := app.Layer{Person: "anna"}

	state, err := e.Do(ctx, ids[0], anna, edit.AddSpan(ids[0], "anna", model.Span{Start: 0, End: 6, Label: "PLACE"}, "Ankara"))
	if err != nil {
		t.Fatal(err)
	}
	if len(state.Spans) != 1 {
		t.Errorf("state after the resend holds %d spans, want 1", len(state.Spans))
	}
	if got := spansOf(t, db, ids[0]); len(got) != 1 {
		t.Errorf("stored spans %v, want the one span once", got)
	}
	if !l.wentOffline() {
		t.Error("the Link never said the editor was offline")
	}
	if link := e.Link(); link.Offline || link.Waiting != 0 {
		t.Errorf("Link after the resend = %+v, want online, nothing waiting", link)
	}
	if _, _, err := e.Undo(ctx, ids[0], anna); err != nil {
		t.Fatal(err)
	}
	if got := spansOf(t, db, ids[0]); len(got) != 0 {
		t.Errorf("after undo the store holds %v", got)
	}
}

// The connection drops inside the unit (rolled back): the resend applies
// the edit, once.
func TestEditorResendAfterDropInsideUnit(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	st := newFlaky(db, true)
	st.set(func() { st.dropMid = 2 })
	e, _ := fastEditor(st)
	anna := app.Layer{Person: "anna"}
	if _, err := e.Do(ctx, ids[0], anna, edit.AddSpan(ids[0], "anna", model.Span{Start: 0, End: 6, Label: "PLACE"}, "Ankara")); err != nil {
		t.Fatal(err)
	}
	if got := spansOf(t, db, ids[0]); len(got) != 1 {
		t.Errorf("stored spans %v, want one", got)
	}
	if st.attempts != 3 {
		t.Errorf("%d attempts, want 3 (two dropped, one through)", st.attempts)
	}
}

// While the store is down, edits wait in the order given and Link counts
// them; when it is back they are applied in that order.
func TestEditorQueuesInOrderWhileDown(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	st := newFlaky(db, true)
	st.set(func() { st.down = true })
	e, l := fastEditor(st)
	anna := app.Layer{Person: "anna"}
	starts := []int{0, 10, 21} // Ankara, Moscow, Idlib
	errs := make(chan error, len(starts))
	for i, start := range starts {
		go func() {
			_, err := e.Do(ctx, ids[0], anna, edit.AddSpan(ids[0], "anna", model.Span{Start: start, End: start + 5, Label: "PLACE"}, ""))
			errs <- err
		}()
		// The next edit is given once this one is queued.
		waitFor(t, func() bool { return e.Link().Waiting == i+1 })
	}
	waitFor(t, func() bool { return e.Link().Offline })
	if got := e.Link(); got.Waiting != 3 || got.Since.IsZero() {
		t.Errorf("Link while down = %+v, want offline with 3 waiting", got)
	}
	if got := spansOf(t, db, ids[0]); len(got) != 0 {
		t.Fatalf("stored while down: %v", got)
	}
	st.set(func() { st.down = false })
	for range starts {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(st.added, starts) {
		t.Errorf("spans added in order %v, want %v", st.added, starts)
	}
	if got := e.Link(); got.Offline || got.Waiting != 0 {
		t.Errorf("Link once back = %+v", got)
	}
	if !l.wentOffline() {
		t.Error("no Link said offline")
	}
}

// A refusal is the store's answer, not a lost connection: it is not
// sent again and the editor never says it is offline.
func TestEditorDoesNotResendARefusal(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	st := newFlaky(db, true)
	e, l := fastEditor(st)
	anna := app.Layer{Person: "anna"}
	if _, err := e.Do(ctx, ids[0], anna, edit.AddSpan(ids[0], "anna", model.Span{Start: 0, End: 6, Label: "PLACE"}, "")); err != nil {
		t.Fatal(err)
	}
	_, err := e.Do(ctx, ids[0], anna, edit.AddSpan(ids[0], "anna", model.Span{Start: 2, End: 9, Label: "PLACE"}, ""))
	if err == nil || model.ErrorCode(err) == model.EUNAVAILABLE {
		t.Fatalf("an overlapping span: %v, want a refusal", err)
	}
	if st.attempts != 2 || l.wentOffline() {
		t.Errorf("%d attempts, offline said %v: want 2 and never", st.attempts, l.wentOffline())
	}
}

// Quitting without the waiting edits: Abandon ends the resends with the
// store's error, nothing is applied and the history has no step.
func TestEditorAbandon(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	st := newFlaky(db, true)
	st.set(func() { st.down = true })
	e, _ := fastEditor(st)
	done := make(chan error, 1)
	go func() {
		_, err := e.Do(ctx, ids[0], app.Layer{Person: "anna"}, edit.AddSpan(ids[0], "anna", model.Span{Start: 0, End: 6, Label: "PLACE"}, ""))
		done <- err
	}()
	waitFor(t, func() bool { return e.Link().Offline })
	e.Abandon()
	if err := <-done; model.ErrorCode(err) != model.EUNAVAILABLE {
		t.Fatalf("abandoned edit: %v, want EUNAVAILABLE", err)
	}
	if e.History().CanUndo() || len(spansOf(t, db, ids[0])) != 0 {
		t.Error("an abandoned edit left a step or a span")
	}
	if got := e.Link(); got.Waiting != 0 || !got.Offline {
		t.Errorf("Link after abandon = %+v, want offline, nothing waiting", got)
	}
}

// A store whose transactions keep no ledger cannot tell a resend from a
// new edit: a lost reply is reported, not resent, so the span is never
// doubled.
func TestEditorWithoutLedgerDoesNotResendAfterTheUnit(t *testing.T) {
	ctx := context.Background()
	db, ids := mustProject(t, idlib)
	st := newFlaky(db, false)
	st.set(func() { st.loseReply = 1 })
	e, _ := fastEditor(st)
	_, err := e.Do(ctx, ids[0], app.Layer{Person: "anna"}, edit.AddSpan(ids[0], "anna", model.Span{Start: 0, End: 6, Label: "PLACE"}, ""))
	if !errors.Is(err, errLost) {
		t.Fatalf("lost reply without a ledger: %v, want it reported", err)
	}
	if got := spansOf(t, db, ids[0]); len(got) != 1 || st.attempts != 1 {
		t.Errorf("spans %v after %d attempts, want one span, one attempt", got, st.attempts)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(time.Millisecond)
	}
}
