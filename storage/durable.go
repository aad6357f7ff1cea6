package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/inkspan/inkspan/model"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// A project in WAL mode keeps committed changes in NAME.inkspan-wal until a
// checkpoint copies them into NAME.inkspan. Someone who copies the main
// file alone (to send it to a colleague, or after a crash) must either get
// every acknowledged change or be told the copy is incomplete. Two things
// make that so:
//
//   - Checkpoint copies the WAL into the main file; commands call it when
//     they close the project and the window when it has been idle.
//   - The settings row walPendingKey says, in the main file itself, whether
//     the WAL may hold changes the main file lacks. The first write after a
//     checkpoint sets it to 1 and checkpoints that one row into the main
//     file before any real change is committed; Checkpoint clears it in the
//     same checkpoint that brings the main file up to date. So a main file
//     that reads 0 holds everything, and one that reads 1 without its -wal
//     beside it is a copy that may lack changes, which Open refuses.
//
// The flag costs one small commit and checkpoint at the start of a burst of
// writes and one at its end, not one per write.

// walPendingKey is the settings row of the flag described above.
const walPendingKey = "wal_pending"

// ErrCheckpointBusy means another connection was reading an older snapshot,
// so the main file could not be brought fully up to date yet; nothing is
// wrong, and a later Checkpoint finishes the job.
// Its code is model.ECONFLICT, so that callers that do not import storage
// can tell it apart from a failure.
var ErrCheckpointBusy = model.Errorf(model.ECONFLICT, "the project file is being read: its checkpoint waits")

// txBeginner is a *sql.DB or a *sql.Conn of the write pool.
type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// waitRetry is how long one attempt to begin a write waits for another
// program's write transaction (the write connection's busy_timeout) before
// Inkspan says it is waiting and tries again.
const waitRetry = time.Second

// beginWrite begins a write transaction on c. Transactions begin IMMEDIATE
// (see dsn), so a second writer waits here, at BEGIN, where waiting is
// safe, instead of failing at its first write with SQLITE_BUSY. It waits
// as long as ctx allows and tells db.onWait each time a wait runs long.
// Before it returns, the main file says the WAL may hold changes (see the
// comment at the top of this file).
func (db *DB) beginWrite(ctx context.Context, c txBeginner) (*sql.Tx, error) {
	for {
		tx, err := c.BeginTx(ctx, nil)
		if isBusy(err) {
			if f := db.onWait.Load(); f != nil {
				(*f)()
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			continue
		}
		if err != nil {
			return nil, explainOpenError(err)
		}
		marked, err := db.markPending(ctx, tx)
		if err != nil {
			tx.Rollback()
			return nil, explainOpenError(err)
		}
		if !marked {
			return tx, nil
		}
		// The flag went in; now into the main file with it, then begin the
		// real transaction.
		if err := tx.Commit(); err != nil {
			return nil, explainOpenError(err)
		}
		// A reader holding an older snapshot (a long export) keeps the
		// flag out of the main file until it is done; the change goes
		// ahead regardless, as an annotator's label must not wait for an
		// export. A copy taken in that moment is the one case the flag
		// cannot catch.
		// A checkpoint that fails (a full disk) fails the change too: the
		// main file would otherwise pass for whole without it.
		if _, err := walCheckpoint(ctx, c); err != nil && !errors.Is(err, ErrCheckpointBusy) {
			return nil, explainOpenError(err)
		}
	}
}

// markPending sets the flag in tx when it is not set, and reports whether
// it had to. A file with no settings table yet is being created: there is
// nothing in it to lose.
func (db *DB) markPending(ctx context.Context, tx *sql.Tx) (bool, error) {
	var value string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", walPendingKey).Scan(&value)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil && strings.Contains(err.Error(), "no such table"):
		return false, nil
	case err != nil:
		return false, err
	case value == "1":
		return false, nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, '1')
		ON CONFLICT (key) DO UPDATE SET value = '1'`, walPendingKey)
	return err == nil, err
}

// Checkpoint copies every committed change into the main project file and
// clears the flag that says the WAL holds more, so that a copy of the main
// file alone is complete. It returns ErrCheckpointBusy when a reader holds
// an older snapshot (try again later), and a model.EINTERNAL error naming
// the cause when the copy failed (a full disk): the changes are then still
// safe in the WAL, but the main file alone is not the whole project.
func (db *DB) Checkpoint(ctx context.Context) error {
	return db.checkpoint(ctx, db.write)
}

func (db *DB) checkpoint(ctx context.Context, c txBeginner) error {
	// A read first: the window calls this every second it is idle, and
	// taking the write lock for nothing would make another program's
	// writes wait.
	var pending string
	err := c.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", walPendingKey).Scan(&pending)
	if err == nil && pending != "1" || errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		if isBusy(err) {
			return ErrCheckpointBusy // another program is writing: it checkpoints after itself
		}
		return db.checkpointError(err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, "UPDATE settings SET value = '0' WHERE key = ? AND value = '1'", walPendingKey)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil
		}
		return db.checkpointError(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return nil // no write since the last checkpoint: the main file is whole
	}
	if err := tx.Commit(); err != nil {
		return db.checkpointError(err)
	}
	// If this checkpoint stops short, the row that says "0" stays in the
	// WAL and the main file keeps saying "1": cautious, never wrong.
	if _, err := walCheckpoint(ctx, c); err != nil {
		if errors.Is(err, ErrCheckpointBusy) {
			return err
		}
		return db.checkpointError(err)
	}
	return nil
}

// walCheckpoint runs a passive checkpoint, which never waits: it copies
// what no reader still needs and reports ErrCheckpointBusy when that was
// not everything.
func walCheckpoint(ctx context.Context, c txBeginner) (frames int, err error) {
	var busy, log, done int
	if err := c.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done); err != nil {
		return 0, err
	}
	if busy != 0 || done < log {
		return done, ErrCheckpointBusy
	}
	return done, nil
}

// checkpointError says what a failed checkpoint means for the user's work.
func (db *DB) checkpointError(err error) error {
	reason := err.Error()
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			reason = "the disk is full"
		case sqlite3.SQLITE_IOERR:
			reason = "the disk reported an error"
		case sqlite3.SQLITE_READONLY:
			reason = "the file has become read-only"
		}
	}
	return model.Errorf(model.EINTERNAL,
		"every change is saved, but only in %[1]s-wal: copying it into %[1]s failed (%[2]s). Keep %[1]s and %[1]s-wal together and do not copy %[1]s alone; once the cause is mended, opening the project finishes the copy",
		db.path, reason)
}

func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// SetOnWait sets what is told each time a write has waited about a second
// for another program (see OpenOptions.OnWait); nil tells nobody.
func (db *DB) SetOnWait(f func()) {
	if f == nil {
		db.onWait.Store(nil)
		return
	}
	db.onWait.Store(&f)
}

// checkpointOnClose is Close's last checkpoint; Close shuts the read pool
// first, so that none of this process's readers holds it back.
func (db *DB) checkpointOnClose() error {
	ctx := context.Background()
	err := db.checkpoint(ctx, db.write)
	if errors.Is(err, ErrCheckpointBusy) {
		// Another program has the project open; whichever closes last
		// brings the main file up to date.
		return nil
	}
	if err != nil {
		return fmt.Errorf("close project: %w", err)
	}
	return nil
}
