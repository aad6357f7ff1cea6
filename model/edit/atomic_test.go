package edit_test

import (
	"context"
	"testing"

	"github.com/inkspan/inkspan/model/edit"
)

// atomicFake is the fake store able to run a unit of work; it counts them.
type atomicFake struct {
	*fakeStore
	units int
}

func (a *atomicFake) Atomically(ctx context.Context, fn func(st edit.Store) error) error {
	a.units++
	return fn(a.fakeStore)
}

// otherCmd is a command the history knows nothing of: it may write through
// other paths, so it must not run inside a unit of work.
type otherCmd struct{ did, undid int }

func (c *otherCmd) Do(context.Context, edit.Store) error   { c.did++; return nil }
func (c *otherCmd) Undo(context.Context, edit.Store) error { c.undid++; return nil }
func (c *otherCmd) Describe() string                       { return "other" }

// TestHistoryRunsPlainStepsAsOneUnit checks that the history does, undoes
// and redoes a step of span and status changes (a batch included) as one
// unit of work when the store can run one, and any other command outside.
func TestHistoryRunsPlainStepsAsOneUnit(t *testing.T) {
	ctx := context.Background()
	st := &atomicFake{fakeStore: newFake()}
	h := edit.NewHistory(st, 0)
	batch := edit.Batch("label all",
		edit.AddSpan("d1", "anna", spanOn(t, "", "d1", "Putin", "ACTOR"), "Putin"),
		edit.AddSpan("d1", "anna", spanOn(t, "", "d1", "Moscow", "PLACE"), "Moscow"))
	if err := h.Do(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if st.units != 3 {
		t.Fatalf("do, undo and redo of a batch ran as %d units, want 3", st.units)
	}
	other := &otherCmd{}
	if err := h.Do(ctx, other); err != nil {
		t.Fatal(err)
	}
	if st.units != 3 || other.did != 1 {
		t.Fatalf("another command ran inside a unit (units %d, done %d times)", st.units, other.did)
	}
}
