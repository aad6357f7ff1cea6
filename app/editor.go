package app

import (
	"context"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// Editor applies one window's edits to a project through its undo
// history. A step (one span, label all, accept all agreed, a status), its
// undo and its redo are each one write transaction, and the same
// transaction reads the document's state after the change and, when the
// layer is gold, records the reviewer: the window redraws from what the
// edit returns instead of reading again.
//
// Accepting and rejecting suggestions, label all and remove all (which
// find their spans through the same transaction) run in the step's
// transaction too: every command of model/edit, and any command marked
// edit.Contained. Another command runs call by call, each call its own
// transaction, and the state is read after it.
//
// An Editor serves one window: its methods may be called from any
// goroutine but run one at a time, in the order they were called. On a
// store that can lose its connection, a step waits for the store to come
// back and is then applied exactly once (see step and EditLedger).
type Editor struct {
	history *edit.History
	unit    *historyStore
	link    *link // the queue of steps, and what Link reports
}

// NewEditor returns an editor on st with an empty history.
func NewEditor(st Store) *Editor {
	unit := &historyStore{st: st}
	return &Editor{history: edit.NewHistory(unit, 0), unit: unit, link: newLink()}
}

// History is the editor's undo history: what can be undone or redone and
// how to describe it. Change the project only through the editor.
func (e *Editor) History() *edit.History { return e.history }

// Do applies cmd as a new step on documentID as layer sees it and returns
// the document's state after it. The error is the store's, with its code
// (a refused span is a *model.SpanRefusal); nothing changed then.
func (e *Editor) Do(ctx context.Context, documentID string, layer Layer, cmd edit.Command) (State, error) {
	_, state, err := e.step(ctx, documentID, layer, nil, func(ctx context.Context) (edit.Command, error) {
		return cmd, e.history.Do(ctx, cmd)
	})
	return state, err
}

// Finish applies cmd (a status change, and what goes with it) as Do does,
// and returns as well the next unfinished document after documentID ("" if
// every one is finished), read in the same transaction: where the
// annotator goes on.
func (e *Editor) Finish(ctx context.Context, documentID string, layer Layer, cmd edit.Command) (State, string, error) {
	var next string
	_, state, err := e.step(ctx, documentID, layer, &next, func(ctx context.Context) (edit.Command, error) {
		return cmd, e.history.Do(ctx, cmd)
	})
	return state, next, err
}

// Undo reverts the newest step and returns its command (nil when there is
// none) and the state of documentID after it.
func (e *Editor) Undo(ctx context.Context, documentID string, layer Layer) (edit.Command, State, error) {
	return e.step(ctx, documentID, layer, nil, e.history.Undo)
}

// Redo applies again the step Undo reverted last, as Undo does.
func (e *Editor) Redo(ctx context.Context, documentID string, layer Layer) (edit.Command, State, error) {
	return e.step(ctx, documentID, layer, nil, e.history.Redo)
}

// step runs a history operation with the state read, and the reviewer
// recorded, inside its transaction when the history runs it as one; with
// next, the next unfinished document as well.
//
// Steps queue in the order they are given. A step the store could not
// take for want of a connection (model.EUNAVAILABLE) is tried again,
// waiting longer each time, under one edit ID (EditLedger), until the
// store takes or refuses it, ctx ends or the edits are abandoned; Link
// says meanwhile that the editor is offline and how many edits wait.
func (e *Editor) step(ctx context.Context, documentID string, layer Layer, next *string, op func(context.Context) (edit.Command, error)) (cmd edit.Command, state State, err error) {
	e.link.enter()
	defer func() { e.link.leave(err) }()
	a := &attempt{id: newEditID()}
	for try := 1; ; try++ {
		*a = attempt{id: a.id}
		cmd, state, err = e.try(ctx, a, documentID, layer, next, op)
		if err == nil || !a.resendable(err) {
			return cmd, state, err
		}
		e.link.offline(err)
		if !e.link.wait(ctx, try) {
			return cmd, state, err
		}
	}
}

// try runs a step once, noting in a what reached the store.
func (e *Editor) try(ctx context.Context, a *attempt, documentID string, layer Layer, next *string, op func(context.Context) (edit.Command, error)) (edit.Command, State, error) {
	var state State
	inside := false
	e.unit.try = a
	e.unit.after = func(ctx context.Context, tx WriteTx) error {
		inside = true
		return finishStep(ctx, tx, documentID, layer, &state, next)
	}
	cmd, err := op(ctx)
	e.unit.after, e.unit.try = nil, nil
	if err != nil || cmd == nil || inside {
		return cmd, state, err
	}
	// The history ran the step call by call: finish it on its own. The
	// step is in the store by now, so it is not sent again.
	a.outside = true
	err = e.unit.st.Write(ctx, func(tx WriteTx) error { return finishStep(ctx, tx, documentID, layer, &state, next) })
	return cmd, state, err
}

// finishStep is what every step ends with: the reviewer recorded on a
// gold change, and the document's state (and, asked, the next unfinished
// document) read for the window.
func finishStep(ctx context.Context, tx WriteTx, documentID string, layer Layer, state *State, next *string) error {
	if documentID == "" {
		return nil
	}
	if layer.Reviewing {
		if err := tx.SetReviewer(ctx, documentID, layer.Person); err != nil {
			return err
		}
	}
	var err error
	if *state, err = readState(ctx, tx, documentID, layer); err != nil || next == nil {
		return err
	}
	*next, err = tx.NextUnfinished(ctx, layer.Annotator(), documentID)
	return err
}

// historyStore is the store the history sees: a step of the commands it
// knows runs in one Write (Atomically), which ends with the editor's
// after; any other command's calls run one Write each.
type historyStore struct {
	st    Store
	after func(ctx context.Context, tx WriteTx) error // set by Editor.try for one operation
	try   *attempt                                    // set by Editor.try for one operation
}

// Atomically runs a step in one Write. With an edit ID and a transaction
// that keeps the ledger, the ID is claimed first: when an earlier try
// committed it already, the step is not applied again, and only after
// (the state read) runs.
func (h *historyStore) Atomically(ctx context.Context, fn func(edit.Store) error) error {
	return h.st.Write(ctx, func(tx WriteTx) error {
		if a := h.try; a != nil {
			a.unit = true
			if l, ok := tx.(EditLedger); ok {
				a.ledger = true
				fresh, err := l.ClaimEdit(ctx, a.id)
				if err != nil {
					return err
				}
				a.replayed = !fresh
			}
		}
		if h.try == nil || !h.try.replayed {
			if err := fn(tx); err != nil {
				return err
			}
		}
		if h.after != nil {
			return h.after(ctx, tx)
		}
		return nil
	})
}

// outside marks a store call of the history that runs outside a unit of
// work: a step made of such calls is never sent twice.
func (h *historyStore) outside() {
	if h.try != nil {
		h.try.outside = true
	}
}

func (h *historyStore) AddSpan(ctx context.Context, documentID, annotator string, s model.Span) (added model.Span, err error) {
	h.outside()
	err = h.st.Write(ctx, func(tx WriteTx) error {
		added, err = tx.AddSpan(ctx, documentID, annotator, s)
		return err
	})
	return added, err
}

func (h *historyStore) UpdateSpan(ctx context.Context, s model.Span) (updated model.Span, err error) {
	h.outside()
	err = h.st.Write(ctx, func(tx WriteTx) error {
		updated, err = tx.UpdateSpan(ctx, s)
		return err
	})
	return updated, err
}

func (h *historyStore) DeleteSpan(ctx context.Context, spanID string) error {
	h.outside()
	return h.st.Write(ctx, func(tx WriteTx) error { return tx.DeleteSpan(ctx, spanID) })
}

func (h *historyStore) SetStatus(ctx context.Context, documentID, annotator string, st model.Status) error {
	h.outside()
	return h.st.Write(ctx, func(tx WriteTx) error { return tx.SetStatus(ctx, documentID, annotator, st) })
}

func (h *historyStore) Status(ctx context.Context, documentID, annotator string) (st model.Status, err error) {
	err = h.st.Read(ctx, func(tx ReadTx) error {
		st, err = tx.Status(ctx, documentID, annotator)
		return err
	})
	return st, err
}

// The relation operations, call by call as well: a command the history
// runs outside a unit (a Batch holding a command of another package)
// still adds and deletes relations, and a span deletion in it still notes
// the relations it takes, to bring them back on undo.

func (h *historyStore) Relations(ctx context.Context, documentID, annotator string) (rels []model.Relation, err error) {
	err = h.st.Read(ctx, func(tx ReadTx) error {
		rels, err = tx.Relations(ctx, documentID, annotator)
		return err
	})
	return rels, err
}

func (h *historyStore) AddRelation(ctx context.Context, documentID, annotator string, r model.Relation) (added model.Relation, err error) {
	h.outside()
	err = h.st.Write(ctx, func(tx WriteTx) error {
		added, err = tx.AddRelation(ctx, documentID, annotator, r)
		return err
	})
	return added, err
}

func (h *historyStore) UpdateRelation(ctx context.Context, r model.Relation) (updated model.Relation, err error) {
	h.outside()
	err = h.st.Write(ctx, func(tx WriteTx) error {
		updated, err = tx.UpdateRelation(ctx, r)
		return err
	})
	return updated, err
}

func (h *historyStore) DeleteRelation(ctx context.Context, relationID string) error {
	h.outside()
	return h.st.Write(ctx, func(tx WriteTx) error { return tx.DeleteRelation(ctx, relationID) })
}

var (
	_ edit.Atomic        = (*historyStore)(nil)
	_ edit.RelationStore = (*historyStore)(nil)
)

// Spans reads the annotator's spans, so that an undo run call by call
// checks, as one run in a unit does, that its span was not changed
// elsewhere since (edit.SpanReader).
func (h *historyStore) Spans(ctx context.Context, documentID, annotator string) (spans []model.Span, err error) {
	err = h.st.Read(ctx, func(tx ReadTx) error {
		spans, err = tx.Spans(ctx, documentID, annotator)
		return err
	})
	return spans, err
}

var _ edit.SpanReader = (*historyStore)(nil)
