package pgtest_test

import (
	"context"
	"testing"

	"github.com/inkspan/inkspan/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// A database copied from a template holds what the template was given,
// and databases are apart from one another.
func TestDatabaseFromTemplate(t *testing.T) {
	ctx := context.Background()
	tmpl := pgtest.Template(t, "tmpl_words", func(ctx context.Context, url string) error {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, "CREATE TABLE words (w text); INSERT INTO words VALUES ('Erdoğan')")
		return err
	})
	a, b := pgtest.Database(t, tmpl), pgtest.Database(t, tmpl)
	if a == b {
		t.Fatalf("two databases with one URL: %s", a)
	}
	connA, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer connA.Close(ctx)
	if _, err := connA.Exec(ctx, "INSERT INTO words VALUES ('Idlib')"); err != nil {
		t.Fatal(err)
	}
	connB, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer connB.Close(ctx)
	var n int
	var enc string
	if err := connB.QueryRow(ctx, "SELECT count(*), current_setting('server_encoding') FROM words WHERE char_length(w) = 7").Scan(&n, &enc); err != nil {
		t.Fatal(err)
	}
	if n != 1 || enc != "UTF8" {
		t.Errorf("the second copy has %d words of 7 characters in %s, want 1 (the template's) in UTF8", n, enc)
	}
}

// An empty database is empty.
func TestEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pgtest.Database(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var tables int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("a new database has %d tables", tables)
	}
}

// An immediate stop cuts the connections and refuses new ones; Start
// brings the server back on the same URL with what was committed
// (synchronous_commit on, as a durability test asks for it).
func TestImmediateStopAndStart(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t, "") + "&synchronous_commit=on"
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE kept (w text); INSERT INTO kept VALUES ('Idlib')"); err != nil {
		t.Fatal(err)
	}
	pgtest.ImmediateStop(t)
	t.Cleanup(func() { pgtest.Start(t) })
	if _, err := conn.Exec(ctx, "SELECT 1"); err == nil {
		t.Error("a connection survived the immediate stop")
	}
	if c, err := pgx.Connect(ctx, url); err == nil {
		c.Close(ctx)
		t.Error("the stopped server took a connection")
	}
	pgtest.Start(t)
	again, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close(ctx)
	var w string
	if err := again.QueryRow(ctx, "SELECT w FROM kept").Scan(&w); err != nil || w != "Idlib" {
		t.Errorf("after the restart: %q, %v; want the committed row", w, err)
	}
}
