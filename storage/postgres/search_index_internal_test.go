package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// The migration that makes the search index indexes the documents a
// project holds already, and a search then finds them.
func TestSearchIndexMigration(t *testing.T) {
	ctx := context.Background()
	db, err := connect(ctx, pgtest.Database(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	migrations, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	before := len(migrations)
	for i, m := range migrations {
		if strings.HasSuffix(m.name, "_search.sql") {
			before = i
		}
	}
	if before == len(migrations) {
		t.Fatal("no search migration")
	}
	texts := []string{"Le Café de Flore", "Dozens were killed in Idlib", "Erdoğan met Putin"}
	err = pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if err := createVersionTable(ctx, tx); err != nil {
			return err
		}
		for i, m := range migrations[:before] {
			if err := applyMigration(ctx, tx, i+1, m); err != nil {
				return err
			}
		}
		if err := seed(ctx, tx); err != nil {
			return err
		}
		for _, text := range texts {
			if _, err := tx.Exec(ctx, `INSERT INTO documents (uuid, text, hash, length, title, created_at)
				VALUES ($1, $2, $3, $4, $5, now())`, newID(), text, model.ContentHash(text), model.RuneLen(text), title(text)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.upgrade(ctx); err != nil {
		t.Fatal(err)
	}
	var unindexed int
	if err := db.pool.QueryRow(ctx, "SELECT count(*) FROM documents WHERE search_words IS NULL").Scan(&unindexed); err != nil || unindexed != 0 {
		t.Errorf("%d documents without search words after the migration (%v)", unindexed, err)
	}
	for query, want := range map[string]int{"cafe": 1, "erdogan put": 1, "idlib": 1, "in": 1, "flore idlib": 0} {
		if n, err := db.CountDocuments(ctx, "alice", model.DocumentFilter{Query: query}); err != nil || n != want {
			t.Errorf("%q finds %d documents (%v), want %d", query, n, err, want)
		}
	}
}
