package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

const mergeLodzText = "Zweiter Text über Łódź: 🎉 Feier am Montag." // Łódź is [18, 22), Montag [36, 42)

// mergeHour is 2026-11-19 08:00 UTC plus h hours.
func mergeHour(h int) time.Time {
	return time.Date(2026, 11, 19, 8, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)
}

// editCopy opens a project file, lets edit change it, and then dates every
// annotation set edit touched (any set not dated hour 0) to hour h, so
// that which version is newer does not depend on the machine's speed.
func editCopy(t *testing.T, path string, h int, edit func(db *storage.DB)) {
	t.Helper()
	db, err := storage.Open(context.Background(), path, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	edit(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE annotation_sets SET updated_at = ? WHERE updated_at <> ? OR ? = 0",
		mergeHour(h).UnixMilli(), mergeHour(0).UnixMilli(), h); err != nil {
		t.Fatal(err)
	}
}

func copyProject(t *testing.T, from, to string) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	return write(t, to, string(b))
}

func TestMergeCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	addSpan := func(db *storage.DB, doc, annotator string, start, end int, label string) {
		t.Helper()
		_, err := db.AddSpan(ctx, doc, annotator, model.Span{Start: start, End: end, Label: label})
		must(err)
	}
	// The start, at hour 0: two documents with alice's first spans.
	start := filepath.Join(dir, "start.inkspan")
	var d1, d2 string
	editCopy(t, start, 0, func(db *storage.DB) {
		var err error
		d1, _, err = db.AddDocument(ctx, model.Document{Text: example})
		must(err)
		d2, _, err = db.AddDocument(ctx, model.Document{Text: mergeLodzText, ExternalID: "news/lodz.txt"})
		must(err)
		addSpan(db, d1, "alice", 0, 5, "ACTOR")
		addSpan(db, d2, "alice", 18, 22, "PLACE")
	})
	alice := copyProject(t, start, filepath.Join(dir, "alice.inkspan"))
	bob := copyProject(t, start, filepath.Join(dir, "bob.inkspan"))
	lead := copyProject(t, start, filepath.Join(dir, "lead.inkspan"))
	editCopy(t, alice, 1, func(db *storage.DB) { addSpan(db, d1, "alice", 10, 17, "ACTOR") })
	editCopy(t, bob, 2, func(db *storage.DB) {
		addSpan(db, d1, "bob", 21, 27, "PLACE")
		addSpan(db, d2, "alice", 36, 42, "FIGURE") // bob corrects alice
		d3, _, err := db.AddDocument(ctx, model.Document{Text: "Bob’s own text: naïve résumé.", ExternalID: "bob-1"})
		must(err)
		// PERSON takes ACTOR's key here, which the lead's ACTOR keeps.
		must(db.UpdateLabel(ctx, "ACTOR", model.Label{Name: "ACTOR", Color: "#e4572e"}))
		must(db.AddLabel(ctx, model.Label{Name: "PERSON", Color: "#123456", Key: "1"}))
		addSpan(db, d3, "bob", 0, 3, "PERSON")
	})
	editCopy(t, lead, 3, func(db *storage.DB) { must(db.SetStatus(ctx, d2, "alice", model.StatusDone)) })

	at := func(h int) string { return mergeHour(h).Local().Format("2006-01-02 15:04:05") }
	d1Name := `"Putin met Erdoğan in Moscow; 34 soldier…"`
	out := mustRun(t, "merge", "--project", lead, alice, bob)
	want := []string{
		alice + ": 0 new documents, 2 already here; annotation sets: 0 new, 0 unchanged, 1 replaced, 1 kept; 2 spans added",
		"conflict: " + d1Name + " (alice): took " + alice + "'s set (changed " + at(1) + ") over this project's (changed " + at(0) + ")",
		"conflict: news/lodz.txt (alice): kept this project's set (changed " + at(3) + ") over " + alice + "'s (changed " + at(0) + ")",
		bob + ": 1 new documents, 2 already here; annotation sets: 2 new, 0 unchanged, 0 replaced, 2 kept; 2 spans added",
		"new labels added to the project: PERSON",
		"label PERSON came without its key 1, which ACTOR has here",
		"new annotators: bob",
		"conflict: " + d1Name + " (alice): kept this project's set (changed " + at(1) + ") over " + bob + "'s (changed " + at(0) + ")",
		"conflict: news/lodz.txt (alice): kept this project's set (changed " + at(3) + ") over " + bob + "'s (changed " + at(2) + ")",
	}
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("output:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
	st := stats(t, lead)
	if st.Documents != 3 || st.Spans != 5 || st.Labels["PERSON"] != 1 {
		t.Fatalf("after the merge: %+v", st)
	}

	// Again: nothing changes, and the kept sets are reported again.
	out = mustRun(t, "merge", "--project", lead, alice, bob)
	if !strings.Contains(out, alice+": 0 new documents, 2 already here; annotation sets: 0 new, 1 unchanged, 0 replaced, 1 kept; 0 spans added") ||
		!strings.Contains(out, bob+": 0 new documents, 3 already here; annotation sets: 0 new, 2 unchanged, 0 replaced, 2 kept; 0 spans added") ||
		strings.Contains(out, "new labels") || strings.Contains(out, "new annotators") {
		t.Fatalf("second merge said:\n%s", out)
	}
	if st2 := stats(t, lead); st2.Documents != st.Documents || st2.Spans != st.Spans {
		t.Fatalf("the second merge changed the project: %+v", st2)
	}

	missing := filepath.Join(dir, "missing.inkspan")
	nope := filepath.Join(dir, "nope.inkspan")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"merge", alice}, 2, "--project FILE is required"},
		{[]string{"merge", "--project", lead}, 2, "at least one project file"},
		{[]string{"merge", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"merge", "--project", missing, alice}, 1, "missing.inkspan does not exist"},
		{[]string{"merge", "--project", lead, nope}, 1, "merge " + nope + ": the file does not exist; nothing was merged"},
		{[]string{"merge", "--project", lead, lead}, 1, "this project itself"},
		{[]string{"merge", "--project", lead, alice, nope}, 1, "merge " + nope + ": the file does not exist; nothing from it was merged, the files before it were"},
		{[]string{"merge", "--project", lead, write(t, filepath.Join(dir, "notes.inkspan"), "just notes")}, 1, "not an Inkspan project"},
	} {
		code, _, errOut := inkspan(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Fatalf("inkspan %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errOut, tc.code, tc.want)
		}
		if code == 1 && strings.Count(errOut, "\n") != 1 {
			t.Fatalf("inkspan %v: want one error line, got %q", tc.args, errOut)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatal("merge created the missing project")
	}
	code, _, errOut := inkspan(t, "merge", "--help")
	if code != 0 || !strings.Contains(errOut, "Usage: inkspan merge --project FILE OTHER.inkspan...") {
		t.Fatalf("merge --help: exit %d, %q", code, errOut)
	}
}
