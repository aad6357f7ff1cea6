package storage_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
	_ "modernc.org/sqlite"
)

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.inkspan")
		db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		labels, err := db.Labels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(labels), 3; got != want {
			t.Fatalf("labels = %d, want %d", got, want)
		}
		for i, want := range []string{"ACTOR", "PLACE", "FIGURE"} {
			if labels[i].Name != want || labels[i].Key != string(rune('1'+i)) {
				t.Fatalf("label %d = %+v, want %s on key %d", i, labels[i], want, i+1)
			}
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		// Reopening applies no migration twice and keeps the labels.
		db, err = storage.Open(ctx, path, storage.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if labels, _ := db.Labels(ctx); len(labels) != 3 {
			t.Fatalf("after reopening: %d labels", len(labels))
		}
		if v := userVersion(t, path); v != storage.SchemaVersion() {
			t.Fatalf("user_version = %d, want %d", v, storage.SchemaVersion())
		}
	})
	t.Run("PragmasInForce", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "p.inkspan")
		db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		raw := rawOpen(t, path)
		var mode string
		if err := raw.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
		}
	})
	t.Run("ErrMissing", func(t *testing.T) {
		_, err := storage.Open(ctx, filepath.Join(t.TempDir(), "none.inkspan"), storage.OpenOptions{})
		if model.ErrorCode(err) != model.ENOTFOUND || !strings.Contains(err.Error(), "none.inkspan does not exist") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrNotAProject", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.inkspan")
		if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := storage.Open(ctx, path, storage.OpenOptions{})
		if err == nil || !strings.Contains(err.Error(), "notes.inkspan") || !strings.Contains(err.Error(), "not an Inkspan project") {
			t.Fatalf("err = %v", err)
		}
		if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "not a database") {
			t.Fatal("the file was changed")
		}
	})
	t.Run("ErrOtherSQLiteFile", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		raw := rawOpen(t, path)
		if _, err := raw.Exec("CREATE TABLE t (x)"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		_, err := storage.Open(ctx, path, storage.OpenOptions{})
		if err == nil || !strings.Contains(err.Error(), "not an Inkspan project") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrNewerSchema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "future.inkspan")
		db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		raw := rawOpen(t, path)
		if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		_, err = storage.Open(ctx, path, storage.OpenOptions{})
		if err == nil || !strings.Contains(err.Error(), "newer Inkspan") || !strings.Contains(err.Error(), "99") {
			t.Fatalf("err = %v", err)
		}
		if v := userVersion(t, path); v != 99 {
			t.Fatalf("user_version changed to %d", v)
		}
	})
	t.Run("MigratesOlder", func(t *testing.T) {
		// An empty SQLite file is schema version 0: every migration applies.
		path := filepath.Join(t.TempDir(), "old.inkspan")
		raw := rawOpen(t, path)
		if _, err := raw.Exec("PRAGMA user_version = 0; VACUUM"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		db, err := storage.Open(ctx, path, storage.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if v := userVersion(t, path); v != storage.SchemaVersion() {
			t.Fatalf("user_version = %d, want %d", v, storage.SchemaVersion())
		}
		if labels, _ := db.Labels(ctx); len(labels) != 3 {
			t.Fatalf("%d labels after migration", len(labels))
		}
	})
	t.Run("ErrFolder", func(t *testing.T) {
		_, err := storage.Open(ctx, t.TempDir(), storage.OpenOptions{Create: true})
		if err == nil || !strings.Contains(err.Error(), "is a folder") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrMissingFolder", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "no", "such", "p.inkspan")
		_, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
		if err == nil || !strings.Contains(err.Error(), "p.inkspan") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("SecondOpenerWorks", func(t *testing.T) {
		// Two Inkspans on one file: the busy timeout makes them take turns.
		path := filepath.Join(t.TempDir(), "shared.inkspan")
		a, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		b, err := storage.Open(ctx, path, storage.OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		id := mustAddDocument(t, a, "Ankara and Moscow met.")
		if _, err := b.AddSpan(ctx, id, "bob", span(0, 6, "PLACE")); err != nil {
			t.Fatal(err)
		}
		got, err := a.Spans(ctx, id, "bob")
		if err != nil || len(got) != 1 {
			t.Fatalf("spans seen by the first opener = %v, %v", got, err)
		}
	})
}

func rawOpen(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}

func userVersion(tb testing.TB, path string) int {
	tb.Helper()
	var v int
	if err := rawOpen(tb, path).QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		tb.Fatal(err)
	}
	return v
}
