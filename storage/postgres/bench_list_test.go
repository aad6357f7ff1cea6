package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// listBenchDocs is how many documents the list benchmarks hold: a
// mid-sized team project.
const listBenchDocs = 10_000

// listStores makes a project file and a team project holding the same
// listBenchDocs documents of about 700 characters each, the word
// "zanzibar" in the last one only.
func listStores(b *testing.B) map[string]windowStore {
	ctx := context.Background()
	lite, err := storage.Open(ctx, filepath.Join(b.TempDir(), "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lite.Close() })
	team := open(b)
	body := strings.Repeat("Dozens were killed in Idlib as fighting spread toward the Turkish border on Thursday. ", 8)
	for _, st := range []windowStore{lite, team} {
		err := st.ImportUnit(ctx, func(tx app.ImportTx) error {
			for i := range listBenchDocs {
				text := fmt.Sprintf("Report %d\n%s", i, body)
				if i == listBenchDocs-1 {
					text += " Zanzibar."
				}
				if _, err := tx.AddDocument(ctx, model.Document{Text: text}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return map[string]windowStore{"sqlite": lite, "postgres": team}
}

// BenchmarkListPage is what the document list reads when a project
// opens (count, first page) and when a search finds a word only the last
// document has: the team project's search index (search_index.go)
// against the project file's full-text index.
func BenchmarkListPage(b *testing.B) {
	stores := listStores(b)
	ctx := context.Background()
	for _, name := range []string{"sqlite", "postgres"} {
		st := stores[name]
		for _, f := range []struct {
			what   string
			filter model.DocumentFilter
		}{
			{"all", model.DocumentFilter{}},
			{"todo", model.DocumentFilter{Statuses: []model.Status{model.StatusTodo}}},
			{"search-rare", model.DocumentFilter{Query: "zanzibar"}},
			{"search-common", model.DocumentFilter{Query: "idlib"}},
		} {
			b.Run(name+"/"+f.what, func(b *testing.B) {
				for range b.N {
					page, err := st.ListPage(ctx, "alice", f.filter, "", 200)
					if err != nil || page.Total == 0 {
						b.Fatalf("%+v, %v", page.Total, err)
					}
				}
			})
		}
	}
}
