package storage_test

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

// BenchmarkPutTokens stores 1,000 documents of 400 tokens each with their
// tokens (CoNLL-like: sentence starts, two middle columns) in one import
// unit, the cost a token-carrying import adds per document; the second
// case stores the documents alone, for comparison.
func BenchmarkPutTokens(b *testing.B) {
	const docs, perDoc = 1000, 400
	words := make([]string, perDoc)
	toks := make([]model.Token, perDoc)
	at := 0
	for i := range words {
		words[i] = fmt.Sprintf("w%dö", i%50)
		n := len([]rune(words[i]))
		toks[i] = model.Token{Start: at, End: at + n, SentenceStart: i%20 == 0, Columns: []string{"NN", "B-NP"}}
		at += n + 1
	}
	base := strings.Join(words, " ")
	for _, withTokens := range []bool{true, false} {
		b.Run(fmt.Sprintf("tokens=%v", withTokens), func(b *testing.B) {
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "p.inkspan"), storage.OpenOptions{Create: true})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				err = db.ImportUnit(ctx, func(tx app.ImportTx) error {
					for d := 0; d < docs; d++ {
						id, err := tx.AddDocument(ctx, model.Document{Text: fmt.Sprintf("%s %d", base, d)})
						if err != nil {
							return err
						}
						if withTokens {
							if err := tx.PutTokens(ctx, id, toks); err != nil {
								return err
							}
						}
					}
					return nil
				})
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*docs), "ns/doc")
		})
	}
}
