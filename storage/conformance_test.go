package storage_test

import (
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/app/apptest"
)

// The project file passes the store contract's conformance suite.
func TestStoreConformance(t *testing.T) {
	apptest.TestStore(t, func(t *testing.T) (app.Store, []string) {
		db := mustOpen(t)
		ids := make([]string, len(apptest.Texts))
		for i, text := range apptest.Texts {
			ids[i] = mustAddDocument(t, db, text)
		}
		return db, ids
	})
}

// The project file passes the learned model's conformance suite.
func TestLearnStoreConformance(t *testing.T) {
	apptest.TestLearnStore(t, func(t *testing.T) (apptest.LearnStore, []string) {
		db := mustOpen(t)
		ids := make([]string, len(apptest.Texts))
		for i, text := range apptest.Texts {
			ids[i] = mustAddDocument(t, db, text)
		}
		return db, ids
	})
}
