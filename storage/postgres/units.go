package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/jackc/pgx/v5"
)

// Read runs fn on one snapshot of the project (app.Store): a REPEATABLE
// READ, READ ONLY transaction, whose snapshot is taken at its first
// statement and kept to its end; MVCC lets it read past any writer
// without waiting.
func (db *DB) Read(ctx context.Context, fn func(tx app.ReadTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return db.wrap("read", withContext(ctx, err))
	}
	// A read has nothing to commit: ending it releases the snapshot. The
	// rollback must run even when ctx has ended, or the connection would
	// go back to the pool inside the transaction.
	defer tx.Rollback(context.WithoutCancel(ctx))
	// A statement the cancel request ended fails with the server's
	// words (57014, canceling statement due to user request): say that
	// ctx ended it.
	return withContext(ctx, unavailable(fn(ReadTx{q: tx})))
}

// Write runs fn in one write transaction (app.Store): everything fn does
// commits when it returns nil, nothing when it fails or panics, or when
// ctx ends before the commit.
//
// Writers take turns on the project's write lock, a transaction-level
// advisory lock taken first: a second writer (another window, another
// annotator's program) waits for it instead of failing, as SQLite's
// writers do. The transaction is READ COMMITTED so that every statement
// after the lock sees what the writers before it committed; a REPEATABLE
// READ snapshot would be taken at the lock statement, before the wait,
// and miss them.
func (db *DB) Write(ctx context.Context, fn func(tx app.WriteTx) error) error {
	return db.write(ctx, func(tx *WriteTx) error { return fn(tx) })
}

func (db *DB) write(ctx context.Context, fn func(tx *WriteTx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return db.wrap("write", withContext(ctx, err))
	}
	committed := false
	defer func() {
		if !committed {
			// Also on a panic, which goes on to the caller; with ctx
			// ended too (a cancel request has ended the statement, not
			// the transaction).
			tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	// The time of every change in this unit: the server's clock once the
	// lock is ours, to the millisecond (what SQLite stores), so that
	// times follow the order of commits whichever client wrote them.
	var now time.Time
	if err := tx.QueryRow(ctx, `SELECT date_trunc('milliseconds', clock_timestamp())
		FROM (SELECT pg_advisory_xact_lock($1)) AS locked`, writeLock).Scan(&now); err != nil {
		return db.wrap("write", withContext(ctx, err))
	}
	t := &WriteTx{ReadTx: ReadTx{q: tx}, tx: tx, now: now.UTC()}
	if err := fn(t); err != nil {
		// A statement fn ran may have found the connection gone.
		return withContext(ctx, unavailable(err))
	}
	// Cancelled while fn ran: the caller has given up, so nothing is
	// committed.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return db.wrap("commit", withContext(ctx, err))
	}
	committed = true
	return nil
}

// withContext makes an error that ctx's end caused say so (errors.Is
// with ctx.Err()), whatever words the driver chose for it.
func withContext(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || errors.Is(err, ctx.Err()) {
		return err
	}
	return fmt.Errorf("%w (%v)", ctx.Err(), err)
}

// ReadTx is a read snapshot of the project (app.ReadTx); a WriteTx's
// reads are the same queries on the write transaction, so they see its
// own changes.
type ReadTx struct{ q querier }

// WriteTx is one write transaction (app.WriteTx). Use it only inside the
// function given to Write, on that goroutine.
type WriteTx struct {
	ReadTx
	tx  pgx.Tx
	now time.Time // the transaction's one timestamp, UTC, whole milliseconds
}

var (
	_ app.Store   = (*DB)(nil)
	_ app.ReadTx  = ReadTx{}
	_ app.WriteTx = (*WriteTx)(nil)
)
