package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/inkspan/inkspan/model/edit"
)

// WriteTx is one write transaction on the project: the edit operations of
// DB (AddSpan, UpdateSpan, DeleteSpan, SetStatus, and Status, which sees the
// transaction's own changes) inside one unit of work that commits or rolls
// back as a whole, with one timestamp for everything it writes. A batch of
// edits (label all, accept all agreed, an undo step of 200 spans) is then
// one commit instead of one per call. It implements edit.Store.
//
// Use it only inside the function given to Write, on that goroutine; no
// other write can run while it is open (SQLite has one writer), so the
// function must not call DB's own write methods: they would wait for it.
type WriteTx struct {
	db  *DB
	tx  *sql.Tx
	now time.Time
}

// Write runs fn in one write transaction and commits it when fn returns
// nil; any error, or a panic, rolls everything fn did back. It waits for
// other writers the way every write does (OpenOptions.OnWait).
func (db *DB) Write(ctx context.Context, fn func(tx *WriteTx) error) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return fn(&WriteTx{db: db, tx: tx, now: db.now()})
	})
}

// Atomically runs fn as one unit of work on the project: the edit history
// uses it (edit.Atomic) so that an undo step is one transaction however
// many spans it holds.
func (db *DB) Atomically(ctx context.Context, fn func(st edit.Store) error) error {
	return db.Write(ctx, func(tx *WriteTx) error { return fn(tx) })
}

var (
	_ edit.Store  = (*WriteTx)(nil)
	_ edit.Atomic = (*DB)(nil)
)
