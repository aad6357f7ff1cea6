package postgres_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// searchBenchDocs is how many documents BenchmarkSearch holds: 100,000
// (INKSPAN_BENCH_SEARCH_DOCS overrides it).
func searchBenchDocs(b *testing.B) int {
	if v := os.Getenv("INKSPAN_BENCH_SEARCH_DOCS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("INKSPAN_BENCH_SEARCH_DOCS=%q is not a positive number", v)
		}
		return n
	}
	return 100_000
}

var (
	searchOnce sync.Once
	searchURL  string
)

// searchProject makes the project of BenchmarkSearch once per test
// binary (its database stays until the binary ends), and returns its URL.
func searchProject(b *testing.B) string {
	searchOnce.Do(func() {
		ctx := context.Background()
		n := searchBenchDocs(b)
		url := pgtest.Database(b, project(b))
		db, err := postgres.Open(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		body := strings.Repeat("Dozens were killed in Idlib as fighting spread toward the Turkish border on Thursday. ", 8)
		err = db.ImportUnit(ctx, func(tx app.ImportTx) error {
			for i := range n {
				text := fmt.Sprintf("Report %d\n%s", i, body)
				if i == n-1 {
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
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
		searchURL = url
	})
	if searchURL == "" {
		b.Fatal("the search benchmark's project was not made")
	}
	return searchURL
}

// BenchmarkSearch is what the document list reads for a search typed into
// the window (ListPage: the count and the first page) on a team project
// of 100,000 documents of about 700 characters, as BenchmarkListPage's:
// a word only the last document has (whole, and as typed, a prefix), a
// word every document has, and two words. The statistics are brought up
// to date first (ANALYZE), as autovacuum does within a minute of a large
// import.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, searchProject(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct{ name, query string }{
		{"rare", "zanzibar "},
		{"rare-prefix", "zanz"},
		{"common", "idlib "},
		{"common-prefix", "idl"},
		{"two-words", "turkish border"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				page, err := db.ListPage(ctx, "alice", model.DocumentFilter{Query: c.query}, "", 200)
				if err != nil || page.Total == 0 {
					b.Fatalf("%d found, %v", page.Total, err)
				}
			}
		})
	}
}
