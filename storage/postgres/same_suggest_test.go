package postgres_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/storage/files"
)

// suggestStore is a store a bulk suggest run writes to.
type suggestStore interface {
	windowStore
	app.SuggestStore
}

// A bulk suggest run (patterns, figures, the annotator's dictionary)
// stores the same suggestions in a team database as in a project file, a
// second run adds none, and with Accept the same spans, which export alike
// (issue 15).
func TestSameSuggestionsAsSQLite(t *testing.T) {
	ctx := context.Background()
	l, t2, _ := bothStores(t)
	lite, team := l.(suggestStore), t2.(suggestStore)
	matcher, err := suggest.NewMatcher([]suggest.Pattern{
		{Label: "PLACE", Phrase: "Moscow"}, {Label: "PLACE", Phrase: "Seoul"}, {Label: "EVENT", Phrase: "killed"},
	})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		Reports     []app.SuggestReport
		Suggestions []string
		Export      string
	}
	var got [2]result
	for i, st := range []suggestStore{lite, team} {
		for _, run := range []app.SuggestRun{
			{Matcher: matcher, Figures: true, Dictionary: true},
			{Matcher: matcher, Figures: true, Dictionary: true}, // again: nothing new
		} {
			r, err := app.Suggest(ctx, st, "bob", run, nil)
			if err != nil {
				t.Fatalf("suggest in %T: %v", st, err)
			}
			got[i].Reports = append(got[i].Reports, r)
		}
		r, err := app.Suggest(ctx, st, "alice", app.SuggestRun{Matcher: matcher, Figures: true, Accept: true}, nil)
		if err != nil {
			t.Fatalf("suggest --accept in %T: %v", st, err)
		}
		got[i].Reports = append(got[i].Reports, r)
		docs, err := st.ListDocuments(ctx, "bob", model.DocumentFilter{}, 0, -1)
		if err != nil {
			t.Fatal(err)
		}
		err = st.Read(ctx, func(tx app.ReadTx) error {
			for _, d := range docs {
				sugg, err := tx.Suggestions(ctx, d.ID, "bob")
				if err != nil {
					return err
				}
				for _, s := range sugg {
					got[i].Suggestions = append(got[i].Suggestions, fmt.Sprintf("%s [%d,%d) %s %s", d.ExternalID, s.Start, s.End, s.Label, s.Source))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got[i].Suggestions)
		out := filepath.Join(t.TempDir(), "out.jsonl")
		if _, err := app.Export(ctx, st, app.ExportOptions{Format: formats.FormatDoccano, Out: out, Files: files.Exports{},
			Query: app.ExportQuery{Annotators: []string{"alice"}}}, nil); err != nil {
			t.Fatal(err)
		}
		got[i].Export = string(readTree(t, filepath.Dir(out))["out.jsonl"])
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Errorf("suggest:\nteam database %+v\nproject file  %+v", got[1], got[0])
	}
	if got[0].Reports[0].Added == 0 || got[0].Reports[1].Added != 0 || got[0].Reports[2].Added == 0 || len(got[0].Reports[0].LabelsAdded) == 0 {
		t.Errorf("reports %+v: want suggestions, none the second time, spans with accept, a label added", got[0].Reports)
	}
}
