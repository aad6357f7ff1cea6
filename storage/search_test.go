package storage_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

func TestSearch(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	moscow := mustAddDocument(t, db, "Talks in Moscow\nPutin met Erdoğan in Moscow; 34 soldiers died.")
	mustAddDocument(t, db, "Floods in São Paulo\nRain fell on São Paulo for a week.")
	mustAddDocument(t, db, "東京 hosts a summit\nDelegates met in 東京.")
	if n, _ := db.SearchBacklog(ctx); n != 3 {
		t.Fatalf("backlog = %d, want 3 before any search", n)
	}
	if _, err := db.AddSpan(ctx, moscow, "alice", span(15, 20, "ACTOR")); err != nil {
		t.Fatal(err)
	}
	titles := func(query string) string {
		t.Helper()
		list, err := db.Search(ctx, query, "alice", 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range list {
			got = append(got, d.Title)
		}
		return strings.Join(got, " | ")
	}
	for query, want := range map[string]string{
		"Moscow":          "Talks in Moscow",
		"Mosc":            "Talks in Moscow", // while typing
		"mosc ":           "",                // a finished word is whole
		"erdogan":         "Talks in Moscow", // accents do not matter
		"sao paulo":       "Floods in São Paulo",
		"putin soldiers":  "Talks in Moscow",
		"putin rain":      "",
		`"Putin" AND OR*`: "", // operators are words, not syntax
		"":                "",
		"   ":             "",
		"東京":              "東京 hosts a summit",
	} {
		if got := titles(query); got != want {
			t.Errorf("Search(%q) = %q, want %q", query, got, want)
		}
	}
	list, _ := db.Search(ctx, "Moscow", "alice", 10)
	if len(list) != 1 || list[0].SpanCount != 1 || list[0].Status != model.StatusInProgress {
		t.Fatalf("summary = %+v", list)
	}
	// Documents added after a search are found by the next one.
	mustAddDocument(t, db, "Ankara replies\nAnkara said the talks in Moscow went well.")
	if got := titles("ankara"); got != "Ankara replies" {
		t.Fatalf("new document: %q", got)
	}
	if n, _ := db.SearchBacklog(ctx); n != 0 {
		t.Fatalf("backlog = %d after searching", n)
	}
}

func TestUpdateSearchIndexInBatches(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	var items []any
	for i := 0; i < 4500; i++ {
		items = append(items, rec(i+1, "Report number "+strings.Repeat("x", i%7)+" "+strconv.Itoa(i), "", nil))
	}
	if _, err := app.Import(ctx, db, records(items...), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var calls []int
	if err := db.UpdateSearchIndex(ctx, func(done, total int) {
		if total != 4500 {
			t.Fatalf("total = %d", total)
		}
		calls = append(calls, done)
	}); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 || calls[2] != 4500 {
		t.Fatalf("progress = %v, want three batches ending at 4500", calls)
	}
	if list, _ := db.Search(ctx, "4499", "", 5); len(list) != 1 {
		t.Fatalf("search after batches: %+v", list)
	}

	// A word in all 4,500 lists the first model.MaxSearchResults of them,
	// and positions agree with that list.
	report := model.DocumentFilter{Query: "report"}
	if n, err := db.CountDocuments(ctx, "", report); err != nil || n != model.MaxSearchResults {
		t.Fatalf("count = %d, %v; want the cap %d", n, err, model.MaxSearchResults)
	}
	tail, err := db.ListDocuments(ctx, "", report, model.MaxSearchResults-10, 50)
	if err != nil || len(tail) != 10 {
		t.Fatalf("a page past the cap: %d documents, %v; want the 10 before it", len(tail), err)
	}
	last := tail[len(tail)-1]
	if !strings.HasSuffix(last.Title, " 999") {
		t.Fatalf("last listed %q, want report 999", last.Title)
	}
	if got, _ := db.ListPosition(ctx, "", report, last.ID); got != model.MaxSearchResults-1 {
		t.Fatalf("position of the last listed = %d", got)
	}
	beyond, _ := db.Search(ctx, "1000", "", 1)
	if got, _ := db.ListPosition(ctx, "", report, beyond[0].ID); got != -1 {
		t.Fatalf("position past the cap = %d, want -1", got)
	}
}

// A schema-1 project (before search) migrates, and its documents become
// searchable.
func TestMigrateSchema1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	mustAddDocument(t, db, "Old project\nIdlib and Ankara.")
	db.Close()
	// Take the file back to schema 1, as an older Inkspan left it.
	raw := rawOpen(t, path)
	for _, stmt := range []string{
		"ALTER TABLE spans DROP COLUMN attributes", "DROP TABLE document_tokens", "DROP TRIGGER spans_keep_relations_in_set", "DROP TRIGGER spans_keep_id", "DROP TRIGGER spans_take_relations", "DROP TABLE relations", "DROP TABLE relation_labels",
		"DROP TABLE review_rejections", "DROP TABLE suggestions", "DROP TABLE disagreement", "DROP TABLE reviews", "DROP INDEX documents_order", "DROP TRIGGER documents_fts_delete", "DROP TABLE documents_fts", "ALTER TABLE annotators DROP COLUMN last_document_id",
		"ALTER TABLE annotation_sets DROP COLUMN answer", "ALTER TABLE annotation_sets DROP COLUMN input_hash", "ALTER TABLE annotation_sets DROP COLUMN task_hash",
		"DELETE FROM settings WHERE key = 'search_indexed_through'", "PRAGMA user_version = 1",
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(stmt, err)
		}
	}
	raw.Close()
	db, err = storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := userVersion(t, path); v != storage.SchemaVersion() || v < 2 {
		t.Fatalf("user_version = %d", v)
	}
	if list, err := db.Search(ctx, "idlib", "", 5); err != nil || len(list) != 1 {
		t.Fatalf("search after migration: %v %v", list, err)
	}
}
