package storage_test

import (
	"testing"

	"github.com/inkspan/inkspan/app/apptest"
)

// The project file passes the export contract's conformance suite.
func TestExportSourceConformance(t *testing.T) {
	apptest.TestExportSource(t, func(t *testing.T) (apptest.ExportStore, []string) {
		db := mustOpen(t)
		ids := make([]string, len(apptest.Texts))
		for i, text := range apptest.Texts {
			ids[i] = mustAddDocument(t, db, text)
		}
		return db, ids
	})
}
