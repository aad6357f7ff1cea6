package postgres

import (
	"context"
	"testing"

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
