package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
)

// Open brings an older schema up to date, one migration at a time, each
// recorded, and a second Open finds nothing to do.
func TestOpenMigrates(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t, "")
	db, err := Create(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	migrations, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	next := len(migrations) + 1
	later := append(migrations,
		migration{name: "migrations/9998_test.sql", sql: "CREATE TABLE test_later (id integer)"},
		migration{name: "migrations/9999_test.sql", sql: "INSERT INTO test_later VALUES (1)"})
	for range 2 { // the second time finds the schema current
		if err := db.upgradeTo(ctx, later); err != nil {
			t.Fatal(err)
		}
	}
	var version, rows int
	if err := db.pool.QueryRow(ctx, "SELECT max(version), (SELECT count(*) FROM test_later) FROM inkspan_schema").Scan(&version, &rows); err != nil {
		t.Fatal(err)
	}
	if version != next+1 || rows != 1 {
		t.Errorf("after the upgrade: schema %d, %d rows of the later migration; want %d and 1", version, rows, next+1)
	}
	// This build then finds the schema newer than it knows.
	if err := db.upgrade(ctx); err == nil {
		t.Error("a build that knows fewer migrations opened the upgraded schema")
	}
}

// A statement running when the context ends is stopped by the server at
// once (a cancel request), and the unit's error wraps ctx.Err() whatever
// words the server chose (57014).
func TestCancelStopsTheStatement(t *testing.T) {
	ctx := context.Background()
	db, err := Create(ctx, pgtest.Database(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, unit := range map[string]func(ctx context.Context, fn func(q querier) error) error{
		"Read": func(ctx context.Context, fn func(q querier) error) error {
			return db.Read(ctx, func(tx app.ReadTx) error { return fn(tx.(ReadTx).q) })
		},
		"Write": func(ctx context.Context, fn func(q querier) error) error {
			return db.Write(ctx, func(tx app.WriteTx) error { return fn(tx.(*WriteTx).tx) })
		},
	} {
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		start := time.Now()
		err := unit(short, func(q querier) error {
			_, err := q.Exec(short, "SELECT pg_sleep(30)")
			return err
		})
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 10*time.Second {
			t.Errorf("%s: a statement past the deadline ended with %v after %v, want context.DeadlineExceeded soon after 200 ms", name, err, time.Since(start))
		}
		// The pool's connection is usable again.
		if err := db.Read(ctx, func(tx app.ReadTx) error { _, err := tx.Labels(ctx); return err }); err != nil {
			t.Errorf("%s: a read after the cancelled unit: %v", name, err)
		}
	}
}
