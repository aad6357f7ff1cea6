package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/postgres"
)

// The search index finds what the project file's search finds, also where
// tsvector's limits would have it differ: words longer than a lexeme may
// be, a document with more distinct words than a tsvector holds (left
// out of the index, its text read), and the folding of case, accents and
// marks that PostgreSQL's own parsers would do otherwise (a host name
// and a hyphenated word split at their dots and hyphens, a spacing mark
// ending a word).
func TestSearchIndexAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := storage.Open(ctx, filepath.Join(t.TempDir(), "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	team := open(t)
	long := strings.Repeat("ab", 1100) + "z" // 2,201 bytes: cut in the index
	var many strings.Builder                 // over 1 MB of distinct words
	for i := range 120_000 {
		fmt.Fprintf(&many, "w%08x ", i)
	}
	many.WriteString("Needle")
	texts := []string{
		"Le Café de Flore, idlib.example.com and well-known Ærø.",
		"CAFE CRÈME at the ÆRØ ferry; see Example for more.",
		"Long: " + long + " ends here.",
		"Short: " + strings.Repeat("ab", 1100) + " is another long word.",
		"Devanagari: क्षत्रिय and नमस्ते have spacing marks.",
		many.String(),
	}
	queries := []string{
		"cafe", "café ", "caf", "CRÈME", "aero", "ærø", "ærø ", "idlib", "example", "example ", "com", "well", "known ",
		long, long + " ", long[:2100], strings.Repeat("ab", 1100) + " ", strings.Repeat("ab", 1100), "abab",
		"क्ष", "नमस्ते", "spacing marks", "needle", "w0001d4c0 ", "w0001d4c", "needle cafe", "ends here ",
	}
	// First every document in the index (its answers taken as they are),
	// then with the one it leaves out (the texts in doubt read).
	found := 0
	for _, step := range []struct {
		texts     []string
		unindexed int
	}{{texts[:5], 0}, {texts[5:], 1}} {
		for _, st := range []sameStore{lite, team} {
			if err := st.ImportUnit(ctx, func(tx app.ImportTx) error {
				for _, text := range step.texts {
					if _, err := tx.AddDocument(ctx, model.Document{ExternalID: text[:4], Text: text}); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatalf("%T: %v", st, err)
			}
		}
		if n, err := postgres.Unindexed(ctx, team); err != nil || n != step.unindexed {
			t.Fatalf("%d documents left out of the index (%v), want %d", n, err, step.unindexed)
		}
		for _, probe := range []int{0, 1} {
			restore := func() {}
			if probe > 0 {
				// The index asked for every match after a look at the
				// head of the list, as in a large project.
				restore = postgres.SetSearchProbe(probe)
			}
			for _, q := range queries {
				f := model.DocumentFilter{Query: q}
				var got [2][]string
				for i, st := range []windowStore{lite, team} {
					list, err := st.ListDocuments(ctx, "alice", f, 0, -1)
					if err != nil {
						t.Fatalf("%q: %T: %v", q, st, err)
					}
					n, err := st.CountDocuments(ctx, "alice", f)
					if err != nil || n != len(list) {
						t.Errorf("%q: %T counts %d (%v), lists %d", q, st, n, err, len(list))
					}
					for _, d := range list {
						got[i] = append(got[i], d.ExternalID)
					}
				}
				found += len(got[0])
				if !reflect.DeepEqual(got[0], got[1]) {
					t.Errorf("%.40q, probe %d: the team database finds %v, the project file %v", q, probe, got[1], got[0])
				}
			}
			restore()
		}
	}
	if found < len(queries) {
		t.Errorf("the project file found %d documents for %d queries: the comparison proves little", found, len(queries))
	}
}
