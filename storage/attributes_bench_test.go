package storage_test

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// BenchmarkAttributesInUse reads the attribute names and values the span
// panel offers, on the benchmark corpus (100,000 articles, 1,200,000
// spans) with attributes on every tenth span: a kb_id of 5,000 distinct
// values and a flag. The panel reads them when a project opens; Stats,
// which also walks every span's attributes, is the yardstick.
func BenchmarkAttributesInUse(b *testing.B) {
	n := benchDocuments(b)
	src := benchProjectPath(b, n)
	project := filepath.Join(b.TempDir(), "attributes.inkspan")
	copyFile(b, src, project)
	raw, err := sql.Open("sqlite", project)
	if err != nil {
		b.Fatal(err)
	}
	_, err = raw.Exec(`UPDATE spans SET attributes = '[["Negated"],["kb_id","Q' || (id % 5000) || '"]]' WHERE id % 10 = 0`)
	raw.Close()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.Run("InUse", func(b *testing.B) {
		for b.Loop() {
			var uses []model.AttributeUse
			err := db.Read(ctx, func(tx app.ReadTx) (err error) { uses, err = tx.AttributesInUse(ctx); return err })
			if err != nil || len(uses) != 2 || len(uses[1].Values) != model.MaxAttributeValues || !uses[1].More {
				b.Fatal(uses, err)
			}
		}
	})
	b.Run("Stats", func(b *testing.B) {
		for b.Loop() {
			st, err := db.Stats(ctx)
			if err != nil || st.Attributes[model.AttributeKB] == 0 {
				b.Fatal(st.Attributes, err)
			}
		}
	})
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
