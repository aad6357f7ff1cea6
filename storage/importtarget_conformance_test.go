package storage_test

import (
	"testing"

	"github.com/inkspan/inkspan/app/apptest"
)

// The project file passes the import contract's conformance suite.
func TestImportTargetConformance(t *testing.T) {
	apptest.TestImportTarget(t, func(t *testing.T) (apptest.ImportStore, []string) {
		db := mustOpen(t)
		ids := make([]string, len(apptest.Texts))
		for i, text := range apptest.Texts {
			ids[i] = mustAddDocument(t, db, text)
		}
		return db, ids
	})
}

// The project file passes the merge contract's conformance suite.
func TestMergeTargetConformance(t *testing.T) {
	apptest.TestMergeTarget(t, func(t *testing.T) (apptest.MergeStore, []string) {
		db := mustOpen(t)
		ids := make([]string, len(apptest.Texts))
		for i, text := range apptest.Texts {
			ids[i] = mustAddDocument(t, db, text)
		}
		return db, ids
	})
}
