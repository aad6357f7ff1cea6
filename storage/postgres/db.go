// Package postgres keeps an Inkspan project in a PostgreSQL database, for
// teams (issue 15): many annotators and reviewers on one live project. It
// implements the store contract of package app (app.Store and the
// narrower contracts beside it) with the rules of the SQLite project file
// (package storage), so both pass the same conformance suite (app/apptest)
// and a project behaves the same in either.
//
// A database holds one project. Its schema is created by Create in an
// empty database and brought up to date by Open, from the embedded SQL
// files in migrations/ (one transaction each, the version recorded in
// inkspan_schema); a database written by a newer Inkspan is refused.
//
// Units of work: Read is a REPEATABLE READ, READ ONLY transaction (one
// snapshot, never waiting for a writer); Write is a READ COMMITTED
// transaction that first takes the project's write lock, a
// transaction-level advisory lock, so writers take turns (waiting, never
// failing with a serialization error) and each statement after the lock
// sees every earlier writer's commit. Every change of one Write carries
// one timestamp, the server's clock when the lock was granted, so the
// times of a team's clients agree.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// The advisory lock keys (pg_advisory_xact_lock takes any bigint; these
// spell "inkspanW" and "inkspanM"). Advisory locks are per database, and a
// database is one project.
const (
	writeLock   int64 = 0x696e6b7370616e57
	migrateLock int64 = 0x696e6b7370616e4d
)

// DB is an open team project.
type DB struct {
	pool *pgxpool.Pool
	name string    // the database's name, for messages (never the URL: it may hold a password)
	own  *ownConns // the pool's connections, whose changes Changes leaves out (watch.go)
}

// connect opens a pool on url. A cancelled context interrupts a waiting
// statement (a writer queued for the write lock) with a cancel request,
// so the server stops it at once instead of finding out later that the
// connection is gone.
func connect(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's words may quote the URL, password included.
		return nil, model.Errorf(model.EINVALID, "not a PostgreSQL URL (postgres://host/database): %s", redact(err.Error(), url))
	}
	cfg.ConnConfig.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, CancelRequestDelay: 0, DeadlineDelay: 5 * time.Second}
	}
	if !strings.Contains(url, "pool_max_conns") {
		// A window holds a connection per open read snapshot, and a write
		// may start while a read is open (the conformance suite does):
		// pgxpool's default, the number of CPUs, is too tight on 2 cores.
		cfg.MaxConns = max(cfg.MaxConns, 16)
	}
	own := &ownConns{}
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		own.add(c.PgConn().PID())
		return nil
	}
	cfg.BeforeClose = func(c *pgx.Conn) { own.remove(c.PgConn().PID()) }
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open team project %s: %w", cfg.ConnConfig.Database, err)
	}
	db := &DB{pool: pool, name: cfg.ConnConfig.Database, own: own}
	var encoding string
	if err := pool.QueryRow(ctx, "SELECT current_setting('server_encoding')").Scan(&encoding); err != nil {
		pool.Close()
		return nil, db.wrap("open", err)
	}
	if encoding != "UTF8" {
		pool.Close()
		// Offsets are code points, which char_length counts only in UTF-8.
		return nil, model.Errorf(model.EINVALID, "database %s is in encoding %s; Inkspan needs UTF8 (CREATE DATABASE ... ENCODING 'UTF8')", db.name, encoding)
	}
	return db, nil
}

// redact removes the password of url from s.
func redact(s, url string) string {
	if cfg, err := pgconn.ParseConfig(url); err == nil && cfg.Password != "" {
		s = strings.ReplaceAll(s, cfg.Password, "xxxxx")
	}
	return s
}

// Open opens the project in the database at url, migrating an older
// schema. EINVALID for a database without an Inkspan project or with a
// newer schema than this Inkspan knows, for a URL that is not one, or a
// database not in UTF-8.
func Open(ctx context.Context, url string) (*DB, error) {
	db, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := db.upgrade(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Create makes a project in the empty database at url: the schema, the
// default labels and relation labels and the settings, in one transaction
// (nothing is left behind when it fails). EINVALID for a database that
// holds tables already, and the errors of Open.
func Create(ctx context.Context, url string) (*DB, error) {
	db, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	err = pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
			return err
		}
		var tables int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`).Scan(&tables); err != nil {
			return err
		}
		if tables > 0 {
			return model.Errorf(model.EINVALID, "database %s is not empty (%d tables): a team project is created in an empty database", db.name, tables)
		}
		migrations, err := loadMigrations()
		if err != nil {
			return err
		}
		if err := createVersionTable(ctx, tx); err != nil {
			return err
		}
		for i, m := range migrations {
			if err := applyMigration(ctx, tx, i+1, m); err != nil {
				return err
			}
		}
		return seed(ctx, tx)
	})
	if err != nil {
		db.Close()
		return nil, db.wrap("create", err)
	}
	return db, nil
}

// Close closes the pool's connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Name is the project's database name.
func (db *DB) Name() string { return db.name }

// wrap says which project an error is about, keeping its code; a lost
// connection is EUNAVAILABLE.
func (db *DB) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s team project %s: %w", what, db.name, unavailable(dbError(err)))
}

type migration struct {
	name string
	sql  string
}

// loadMigrations returns the embedded migrations in order: file N is
// schema version N.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var list []migration
	for i, name := range names {
		if n, _ := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, "migrations/"), "_", 2)[0]); n != i+1 {
			return nil, fmt.Errorf("migration %s is not number %d", name, i+1)
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		list = append(list, migration{name: name, sql: string(body)})
	}
	return list, nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	m, _ := loadMigrations()
	return len(m)
}

func createVersionTable(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE inkspan_schema (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`)
	return err
}

// applyMigration runs one migration and records its version, in tx.
func applyMigration(ctx context.Context, tx pgx.Tx, version int, m migration) error {
	if _, err := tx.Exec(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if step := migrationSteps[version]; step != nil {
		if err := step(ctx, tx); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	_, err := tx.Exec(ctx, "INSERT INTO inkspan_schema (version, name) VALUES ($1, $2)", version, m.name)
	return err
}

// migrationSteps are the parts of migrations that write rows the model
// defines, by version, run after the version's SQL in its transaction, so
// that the SQL files hold no second copy of the model's defaults.
var migrationSteps = map[int]func(ctx context.Context, tx pgx.Tx) error{
	1: func(ctx context.Context, tx pgx.Tx) error {
		for i, l := range model.DefaultRelationLabels() {
			if _, err := tx.Exec(ctx, `INSERT INTO relation_labels (name, color, key, description, is_symmetric, position)
				VALUES ($1, $2, $3, $4, $5, $6)`, l.Name, l.Color, l.Key, l.Description, l.Symmetric, i); err != nil {
				return err
			}
		}
		return nil
	},
	5: func(ctx context.Context, tx pgx.Tx) error { return indexSearchWords(ctx, tx) },
}

// seed gives a new project its identity, settings and default labels.
func seed(ctx context.Context, tx pgx.Tx) error {
	for _, kv := range [][2]string{
		{"project_id", uuid.NewString()},
		{"allow_overlap", "0"},
		{"guidelines", ""},
	} {
		if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2)", kv[0], kv[1]); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) SELECT 'created_at', (extract(epoch FROM now()) * 1000)::bigint::text"); err != nil {
		return err
	}
	for i, l := range model.DefaultLabels() {
		if _, err := tx.Exec(ctx, "INSERT INTO labels (name, color, key, description, position) VALUES ($1, $2, $3, $4, $5)",
			l.Name, l.Color, l.Key, l.Description, i); err != nil {
			return err
		}
	}
	return nil
}

// version reads the schema version: ok false when the database has no
// Inkspan project.
func version(ctx context.Context, q querier) (v int, ok bool, err error) {
	var exists bool
	if err := q.QueryRow(ctx, "SELECT to_regclass('inkspan_schema') IS NOT NULL").Scan(&exists); err != nil || !exists {
		return 0, false, err
	}
	err = q.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM inkspan_schema").Scan(&v)
	return v, err == nil, err
}

// upgrade checks the schema and applies the migrations it lacks, each in
// a transaction of its own under the migration lock, so that two programs
// opening an old project at once migrate it once.
func (db *DB) upgrade(ctx context.Context) error {
	migrations, err := loadMigrations()
	if err != nil {
		return err
	}
	return db.upgradeTo(ctx, migrations)
}

// upgradeTo is upgrade with the migrations given: tests add one.
func (db *DB) upgradeTo(ctx context.Context, migrations []migration) error {
	for {
		done := false
		err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
				return err
			}
			v, ok, err := version(ctx, tx)
			if err != nil {
				return err
			}
			if !ok {
				return model.Errorf(model.EINVALID, "database %s holds no Inkspan project: create one first (in an empty database)", db.name)
			}
			if v > len(migrations) {
				return model.Errorf(model.EINVALID,
					"the team project %s was written by a newer Inkspan (schema version %d; this Inkspan knows up to %d): update Inkspan to open it",
					db.name, v, len(migrations))
			}
			if v == len(migrations) {
				done = true
				return nil
			}
			return applyMigration(ctx, tx, v+1, migrations[v])
		})
		if err != nil {
			return db.wrap("open", err)
		}
		if done {
			return nil
		}
	}
}

// querier is what both a transaction and the pool answer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// dbError gives PostgreSQL's refusals the model's codes: a unique key
// (or a symmetric relation's trigger) is ECONFLICT, a check EINVALID, a
// reference to a row that is not there ENOTFOUND, a refusal of a team
// role's grants or policies (team_policies.sql) EFORBIDDEN. The store checks its
// rules in Go first, with better words; these are for what slips past.
func dbError(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	var code string
	switch pe.Code {
	case "23505": // unique_violation
		code = model.ECONFLICT
	case "23514", "23502", "22P02", "22021", "22001": // check, not null, bad text, bad encoding, too long
		code = model.EINVALID
	case "23503": // foreign_key_violation
		code = model.ENOTFOUND
	case "42501": // insufficient_privilege: a grant or a row-level security policy of a team project
		return fmt.Errorf("%w (%v)", model.Errorf(model.EFORBIDDEN, "%s", forbidden(pe)), pe.Code)
	default:
		return err
	}
	return fmt.Errorf("%w (%v)", model.Errorf(code, "%s", pe.Message), pe.Code)
}

// newID returns a UUID for a new document, span or relation: version 7,
// time first, so inserts append to the end of the uuid indexes.
func newID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}

// ProjectSchema returns the schema version the team database is at, which
// Help ▸ About shows.
func (db *DB) ProjectSchema(ctx context.Context) (int, error) {
	v, _, err := version(ctx, db.pool)
	return v, err
}
