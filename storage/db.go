// Package storage keeps an Inkspan project in one SQLite file through
// modernc.org/sqlite (pure Go, no cgo). Every public method runs in its own
// transaction and returns only after it has committed with synchronous=FULL,
// so a change that was acknowledged survives a crash or a power cut.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/model"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Extension is the file extension of a project.
const Extension = ".inkspan"

// DB is an open project file.
type DB struct {
	path  string
	write *sql.DB // one connection: SQLite has one writer, and queuing in Go beats SQLITE_BUSY
	read  *sql.DB // readers see committed data and never block the writer (WAL)
	now   func() time.Time
	// onWait is told each time a write has waited a second for another
	// program's write to finish; the window sets it after opening.
	onWait atomic.Pointer[func()]
	stmts  stmtCache // write statements kept prepared (stmtcache.go)

	closeOnce sync.Once
	closeErr  error
}

// OpenOptions says how to treat a missing file.
type OpenOptions struct {
	Create bool // create the project (with the default labels) if the file does not exist or is empty
	// OnWait, when set, is called each time a write has waited about a
	// second for another program writing to the same project (an import
	// while the window is open, say). Writes wait as long as their context
	// allows instead of failing, so this is where a caller says so.
	OnWait func()

	// schema, when above 0, stops the migrations at that version: tests
	// make a project as an older Inkspan left it, to check that the later
	// migrations keep its data (schema_internal_test.go).
	schema int
}

func init() {
	// Imports make a UUID per span; the pool reads crypto/rand in blocks.
	uuid.EnableRandPool()
}

// Open opens the project at path, migrating an older schema. It fails with
// ENOTFOUND for a missing file (unless opts.Create), and EINVALID for a file
// that is not a project or was written by a newer Inkspan.
func Open(ctx context.Context, path string, opts OpenOptions) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open project %s: %w", path, err)
	}
	fresh := false
	switch info, err := os.Stat(abs); {
	case errors.Is(err, fs.ErrNotExist):
		if !opts.Create {
			return nil, model.Errorf(model.ENOTFOUND, "project %s does not exist", path)
		}
		fresh = true
	case err != nil:
		return nil, fmt.Errorf("open project %s: %w", path, err)
	case info.IsDir():
		return nil, model.Errorf(model.EINVALID, "project %s is a folder, not a project file", path)
	default:
		if err := checkWritable(abs, path); err != nil {
			return nil, err
		}
		facts, err := inspectProjectFile(ctx, abs, path)
		if err != nil {
			return nil, err
		}
		if facts.empty && !opts.Create {
			// A zero-byte file is what "touch" or a failed download leaves:
			// reading it must not quietly turn it into a project.
			return nil, model.Errorf(model.EINVALID, "%s is an empty file (0 bytes), not an Inkspan project", path)
		}
		fresh = facts.empty
	}

	db := &DB{path: path, now: time.Now}
	if opts.OnWait != nil {
		db.SetOnWait(opts.OnWait)
	}
	if db.write, err = sql.Open("sqlite", dsn(abs, false)); err != nil {
		return nil, fmt.Errorf("open project %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetConnMaxIdleTime(0)
	if err := db.setUp(ctx, fresh, opts.schema); err != nil {
		db.write.Close()
		if fresh {
			removeProjectFiles(abs)
		}
		return nil, fmt.Errorf("open project %s: %w", path, explainFolder(err, abs))
	}
	if db.read, err = sql.Open("sqlite", dsn(abs, true)); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open project %s: %w", path, err)
	}
	db.read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	return db, nil
}

// dsn gives the connection string. busy_timeout comes first so that the
// pragmas after it already wait for another process holding the file.
func dsn(abs string, readOnly bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") { // Windows: C:/x -> /C:/x
		p = "/" + p
	}
	u := url.URL{Scheme: "file", OmitHost: true, Path: p}
	q := url.Values{}
	if readOnly {
		q.Add("_pragma", "busy_timeout(10000)")
	} else {
		// The writer waits a second at a time and says so between tries
		// (see beginWrite); it begins every transaction as a writer, so
		// that it waits at BEGIN instead of failing at its first write,
		// where the busy timeout does not apply.
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", waitRetry.Milliseconds()))
		q.Add("_txlock", "immediate")
	}
	// WAL: readers never block the writer and a commit is one append.
	q.Add("_pragma", "journal_mode(WAL)")
	// FULL syncs the WAL at every commit: acknowledged means on disk, even
	// through a power cut (NORMAL would only survive a process crash).
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(ON)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	return u.String() + "?" + q.Encode()
}

func removeProjectFiles(abs string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(abs + suffix)
	}
}

// setUp checks the file is a project and brings its schema up to date, or
// up to version schema when it is above 0.
func (db *DB) setUp(ctx context.Context, fresh bool, schema int) error {
	var mode string
	if err := db.write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return explainOpenError(err)
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, not wal: is the file on a network share?", mode)
	}
	var version int
	if err := db.write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return explainOpenError(err)
	}
	if !fresh && version == 0 {
		var tables int
		if err := db.write.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
			return explainOpenError(err)
		}
		if tables > 0 {
			return model.Errorf(model.EINVALID, "this SQLite file is not an Inkspan project")
		}
	}
	migrations, err := loadMigrations()
	if err != nil {
		return err
	}
	if version > len(migrations) {
		return model.Errorf(model.EINVALID,
			"the project was written by a newer Inkspan (schema version %d; this Inkspan knows up to %d): update Inkspan to open it",
			version, len(migrations))
	}
	upTo := len(migrations)
	if schema > 0 {
		upTo = min(schema, upTo)
	}
	for i := version; i < upTo; i++ {
		if err := db.migrate(ctx, i+1, migrations[i]); err != nil {
			return err
		}
	}
	if version == 0 {
		return db.seed(ctx)
	}
	return nil
}

type migration struct {
	name string
	sql  string
}

// loadMigrations returns the embedded migrations in order; file N is schema
// version N, so names start with a zero-padded number.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var list []migration
	for _, name := range names {
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		list = append(list, migration{name: name, sql: string(body)})
	}
	return list, nil
}

// migrate applies one migration and records its version in the same
// transaction, so a crash leaves the file at the old or the new version.
func (db *DB) migrate(ctx context.Context, version int, m migration) error {
	tx, err := db.beginWrite(ctx, db.write)
	if err != nil {
		return explainOpenError(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, explainOpenError(err))
	}
	if step := migrationSteps[version]; step != nil {
		if err := step(ctx, tx); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, explainOpenError(err))
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	return tx.Commit()
}

// migrationSteps are the parts of migrations that write rows the model
// defines, by schema version: they run after the version's SQL, in its
// transaction, so that the SQL files hold no second copy of the model's
// defaults.
var migrationSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	// Every project, new or migrated, starts with the default relation
	// labels.
	12: func(ctx context.Context, tx *sql.Tx) error {
		for i, l := range model.DefaultRelationLabels() {
			if err := insertRelationLabel(ctx, tx, l, i); err != nil {
				return err
			}
		}
		return nil
	},
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	m, _ := loadMigrations()
	return len(m)
}

// seed gives a new project its identity and the default labels.
func (db *DB) seed(ctx context.Context) error {
	tx, err := db.beginWrite(ctx, db.write)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	settings := [][2]string{
		{"project_id", uuid.NewString()},
		{"created_at", fmt.Sprint(db.now().UnixMilli())},
		{"allow_overlap", "0"},
		{"guidelines", ""},
	}
	for _, kv := range settings {
		if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", kv[0], kv[1]); err != nil {
			return err
		}
	}
	for i, l := range model.DefaultLabels() {
		if _, err := tx.ExecContext(ctx,
			"INSERT INTO labels (name, color, key, description, position) VALUES (?, ?, ?, ?, ?)",
			l.Name, l.Color, l.Key, l.Description, i); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// explainOpenError turns SQLite's words for a file that is not a database
// into ones a user can act on.
func explainOpenError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return model.Errorf(model.EINVALID, "not an Inkspan project (the file is not an SQLite database)")
		case sqlite3.SQLITE_CANTOPEN:
			return model.Errorf(model.EINVALID, "cannot open the file: check that its folder exists and is writable")
		case sqlite3.SQLITE_READONLY:
			return model.Errorf(model.EINVALID, "the file is read-only: Inkspan saves every change at once and needs write access")
		case sqlite3.SQLITE_FULL:
			return model.Errorf(model.EINTERNAL, "the disk is full: nothing was saved")
		case sqlite3.SQLITE_CORRUPT:
			// SQLite's own words, "database disk image is malformed (11)",
			// tell a user neither what happened nor what to do.
			return model.Errorf(model.EINTERNAL,
				"the project file is damaged (cut short or overwritten in part; SQLite cannot read it): restore it from a backup or a colleague's copy, and keep the damaged file for `sqlite3 FILE .recover`")
		}
	}
	return err
}

// Path is the project file as it was given to Open.
func (db *DB) Path() string { return db.path }

// Close brings the main project file up to date (see Checkpoint) and
// closes the project. Its error says when the checkpoint failed: the work
// is safe in the -wal file then, but the main file alone is not all of it.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		var errs []error
		if db.read != nil {
			errs = append(errs, db.read.Close())
		}
		if db.write != nil {
			errs = append(errs, db.checkpointOnClose(), db.write.Close())
		}
		db.closeErr = errors.Join(errs...)
	})
	return db.closeErr
}

// IntegrityCheck runs SQLite's integrity check and returns its findings, or
// nil when the file is sound.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}

// inTx runs fn in a write transaction and commits it.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.beginWrite(ctx, db.write)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return explainOpenError(tx.Commit())
}

// newID returns a UUID for a new document or span. Version 7 UUIDs start
// with the time, so a run of inserts appends to the end of the uuid index
// instead of writing all over it: an import of 100,000 documents touched
// a random page of a large index per span with version 4.
func newID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// ProjectSchema returns the schema version of the open project file, which
// Help ▸ About shows: after Open it is SchemaVersion, unless the file was
// opened without its later migrations.
func (db *DB) ProjectSchema(ctx context.Context) (int, error) {
	var version int
	err := db.read.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	return version, err
}
