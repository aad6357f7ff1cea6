package postgres_test

import (
	"context"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/app/apptest"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// project is a template database holding a new project (the schema, the
// default labels and relation labels), made once per test binary.
func project(t testing.TB) string {
	t.Helper()
	return pgtest.Template(t, "tmpl_project", func(ctx context.Context, url string) error {
		db, err := postgres.Create(ctx, url)
		if err != nil {
			return err
		}
		return db.Close()
	})
}

// open opens a new project copied from the template, closed when t ends.
func open(t testing.TB) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), pgtest.Database(t, project(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The team database passes the store contract's conformance suite.
func TestStoreConformance(t *testing.T) {
	apptest.TestStore(t, func(t *testing.T) (app.Store, []string) { return withTexts(t) })
}

// withTexts opens a new project holding apptest.Texts.
func withTexts(t testing.TB) (*postgres.DB, []string) {
	t.Helper()
	db := open(t)
	ids := make([]string, len(apptest.Texts))
	for i, text := range apptest.Texts {
		id, _, err := db.AddDocument(context.Background(), model.Document{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return db, ids
}

// The team database passes the export contract's conformance suite, also
// when every set is a batch of its own.
func TestExportSourceConformance(t *testing.T) {
	apptest.TestExportSource(t, func(t *testing.T) (apptest.ExportStore, []string) { return withTexts(t) })
	t.Run("OneSetABatch", func(t *testing.T) {
		defer postgres.SetBatches(1)()
		apptest.TestExportSource(t, func(t *testing.T) (apptest.ExportStore, []string) { return withTexts(t) })
	})
}

// The team database passes the import contract's conformance suite, also
// when an import writes its documents two at a time (import_copy.go), so
// that a unit's reads and its refusals meet documents written before.
func TestImportTargetConformance(t *testing.T) {
	apptest.TestImportTarget(t, func(t *testing.T) (apptest.ImportStore, []string) { return withTexts(t) })
	t.Run("SmallBatches", func(t *testing.T) {
		defer postgres.SetCopyBatches(2)()
		apptest.TestImportTarget(t, func(t *testing.T) (apptest.ImportStore, []string) { return withTexts(t) })
	})
}

// The team database passes the merge contract's conformance suite.
func TestMergeTargetConformance(t *testing.T) {
	apptest.TestMergeTarget(t, func(t *testing.T) (apptest.MergeStore, []string) { return withTexts(t) })
}
