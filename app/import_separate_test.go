package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
)

// --on-conflict separate names each further version by the file's name, the
// path only where two files share a name, and the line where one file holds
// several versions: never by a path the user did not give, so the names are
// the same on every machine.
func TestImportSeparateNames(t *testing.T) {
	ctx := context.Background()
	t.Run("OneFileThreeVersions", func(t *testing.T) {
		db := openProject(t)
		var recs []any
		for i, label := range []string{"ACTOR", "PLACE", "FIGURE"} {
			r := rec(i+1, example, "anna", spans(span(0, 5, label)))
			r.Source = "data/in/x.jsonl"
			recs = append(recs, r)
		}
		report, err := app.Import(ctx, db, records(recs...), app.ImportOptions{OnConflict: app.ConflictSeparate})
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Conflicts) != 2 || !strings.HasSuffix(report.Conflicts[1].Error(), "this one as annotator anna (x.jsonl:3)") {
			t.Fatalf("conflicts = %v", report.Conflicts)
		}
		got := exported(t, db, app.ExportQuery{})
		want := []string{"anna in_progress : Putin/ACTOR", "anna (x.jsonl) in_progress : Putin/PLACE", "anna (x.jsonl:3) in_progress : Putin/FIGURE"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("exported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
	t.Run("TwoFilesOneName", func(t *testing.T) {
		// a/x.jsonl holds the first version; b/x.jsonl the second and a
		// third; a/x.jsonl again a fourth.
		db := openProject(t)
		mk := func(line int, source, label string) any {
			r := rec(line, example, "anna", spans(span(0, 5, label)))
			r.Source = source
			return r
		}
		input := records(mk(1, "a/x.jsonl", "ACTOR"), mk(1, "b/x.jsonl", "PLACE"), mk(2, "b/x.jsonl", "FIGURE"), mk(7, "a/x.jsonl", "PLACE2"))
		if _, err := app.Import(ctx, db, input, app.ImportOptions{OnConflict: app.ConflictSeparate}); err != nil {
			t.Fatal(err)
		}
		got := exported(t, db, app.ExportQuery{})
		want := []string{
			"anna in_progress : Putin/ACTOR",
			"anna (x.jsonl) in_progress : Putin/PLACE",
			"anna (x.jsonl:2) in_progress : Putin/FIGURE",
			"anna (a/x.jsonl) in_progress : Putin/PLACE2",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("exported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
