package app_test

import (
	"context"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/storage"
)

func benchMerge(ctx context.Context, db *storage.DB, path string) (app.MergeReport, error) {
	return app.Merge(ctx, db, db.MergeSource(path), nil)
}
