package app_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// mergeBenchProject writes a closed project file of n documents, each
// annotated by three people with five spans (one relation each when
// withRelations), and returns its path.
func mergeBenchProject(b *testing.B, dir string, n int, withRelations bool) string {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, fmt.Sprintf("src-%d.inkspan", n))
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	err = db.ImportUnit(ctx, func(tx app.ImportTx) error {
		for i := range n {
			text := fmt.Sprintf("Document %06d: Putin met Erdoğan in Moscow; Ankara answered 🇹🇷 and Łódź waited, café olé.", i)
			id, err := tx.AddDocument(ctx, model.Document{Text: text})
			if err != nil {
				return err
			}
			for _, who := range []string{"alice", "bob", "carol"} {
				spans := []model.Span{{Start: 16, End: 21, Label: "ACTOR"}, {Start: 26, End: 33, Label: "ACTOR"},
					{Start: 37, End: 43, Label: "PLACE"}, {Start: 45, End: 51, Label: "PLACE"}, {Start: 67, End: 71, Label: "PLACE"}}
				if _, err := tx.PutSet(ctx, id, who, app.ImportSet{Status: model.StatusDone}, spans); err != nil {
					return err
				}
				if withRelations {
					if _, err := tx.PutRelations(ctx, id, who, []app.ImportRelation{{From: spans[0], To: spans[2], Label: "ACTS_IN"}}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkMerge10k merges a project of 10,000 documents, three
// annotators with five spans each, into an empty project (Into/Empty:
// everything is added) and into a project that holds it already
// (Again: every set is compared and unchanged).
func BenchmarkMerge10k(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	src := mergeBenchProject(b, dir, 10_000, false)
	empty := filepath.Join(dir, "empty.inkspan")
	db, err := storage.Open(ctx, empty, storage.OpenOptions{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	copyFile := func(b *testing.B, from, to string) {
		data, err := os.ReadFile(from)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("IntoEmpty", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			path := filepath.Join(b.TempDir(), fmt.Sprintf("here-%d.inkspan", i))
			copyFile(b, empty, path)
			db, err := storage.Open(ctx, path, storage.OpenOptions{})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			r, err := benchMerge(ctx, db, src)
			if err != nil || r.SetsAdded != 30_000 {
				b.Fatal(r, err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
	b.Run("Again", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "again.inkspan")
		copyFile(b, src, path)
		db, err := storage.Open(ctx, path, storage.OpenOptions{})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		copy := filepath.Join(b.TempDir(), "copy.inkspan")
		copyFile(b, src, copy)
		for b.Loop() {
			r, err := benchMerge(ctx, db, copy)
			if err != nil || r.SetsUnchanged != 30_000 {
				b.Fatal(r, err)
			}
		}
	})
}

func benchMerge(ctx context.Context, db *storage.DB, path string) (app.MergeReport, error) {
	return app.Merge(ctx, db, db.MergeSource(path), nil)
}
