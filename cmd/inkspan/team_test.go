package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// asUser is the team project's URL connecting as user (the throwaway
// cluster trusts local connections: the roles' grants and policies are
// what decide).
func asUser(t *testing.T, u, user string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	// In the URL's user part: pgx does not read a + in the query as a
	// space, and names may hold any character.
	q := parsed.Query()
	q.Del("user")
	parsed.RawQuery = q.Encode()
	parsed.User = url.User(user)
	return parsed.String()
}

type teamRow struct {
	Name       string `json:"name"`
	Role       string `json:"role"`
	Assigned   int    `json:"assigned"`
	Done       int    `json:"done"`
	InProgress int    `json:"in_progress"`
	Todo       int    `json:"todo"`
}

func teamStatus(t *testing.T, project string) map[string]teamRow {
	t.Helper()
	var rows []teamRow
	if err := json.Unmarshal([]byte(mustRun(t, "team", "status", "--project", project, "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]teamRow{}
	for _, r := range rows {
		out[r.Name] = r
	}
	return out
}

// execSQL runs statements on the database at u as the cluster's superuser.
func execSQL(t *testing.T, u string, statements ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// A manager makes a team, pushes a local project, assigns with overlap
// and follows progress; an annotator may not assign; removing someone
// ends their access and frees their documents.
func TestTeamCommands(t *testing.T) {
	t.Setenv("INKSPAN_PASSWORD", "not-stored-anywhere")
	dir := t.TempDir()
	var lines []string
	for i := range 6 {
		lines = append(lines, fmt.Sprintf(`{"id": "d%d", "text": "Putin met Erdogan in Moscow, meeting %d.", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]}`, i, i))
	}
	src := write(t, filepath.Join(dir, "in.jsonl"), strings.Join(lines, "\n")+"\n")
	local := filepath.Join(dir, "local.inkspan")
	mustRun(t, "import", "--project", local, "--format", "jsonl", "--annotator", "carol", src)

	db := pgtest.Database(t, "")
	if code, _, errOut := inkspan(t, "team", "init", db); code != 2 || !strings.Contains(errOut, "--manager") {
		t.Errorf("team init without --manager: exit %d, %s", code, errOut)
	}
	out := mustRun(t, "team", "init", db, "--manager", "boss")
	if !strings.Contains(out, "boss is its manager") {
		t.Errorf("team init: %s", out)
	}
	if out := mustRun(t, "team", "init", db, "--manager", "boss"); !strings.Contains(out, "ready; boss is its manager") {
		t.Errorf("team init again: %s", out)
	}
	other := pgtest.Database(t, "")
	execSQL(t, other, "CREATE TABLE customers (id integer)")
	if code, _, errOut := inkspan(t, "team", "init", other, "--manager", "boss"); code != 1 || !strings.Contains(errOut, "not empty") {
		t.Errorf("team init on a database of something else: exit %d, %s", code, errOut)
	}
	boss := asUser(t, db, "boss")
	for name, role := range map[string]string{"alice": "annotator", "bob": "annotator", "cy": "annotator", "rita": "reviewer"} {
		mustRun(t, "team", "add", "--project", boss, name, "--role", role)
	}
	if code, _, errOut := inkspan(t, "team", "add", "--project", boss, "eve", "--role", "owner"); code != 1 || !strings.Contains(errOut, "no team role") {
		t.Errorf("team add with a bad role: exit %d, %s", code, errOut)
	}
	list := mustRun(t, "team", "list", "--project", boss)
	for _, want := range []string{"alice", "rita", "reviewer", "boss", "manager"} {
		if !strings.Contains(list, want) {
			t.Errorf("team list lacks %s:\n%s", want, list)
		}
	}

	out = mustRun(t, "team", "push", "--project", boss, local)
	if !strings.Contains(out, "6 new documents") || !strings.Contains(out, "6 spans added") {
		t.Errorf("team push: %s", out)
	}
	out = mustRun(t, "team", "push", "--project", boss, local)
	if !strings.Contains(out, "0 new documents, 6 already here") || !strings.Contains(out, "0 spans added") {
		t.Errorf("team push again: %s", out)
	}

	out = mustRun(t, "team", "assign", "--project", boss, "--per-document", "2", "--seed", "3")
	if !strings.Contains(out, "12 assignments added over 6 documents") {
		t.Errorf("team assign: %s", out)
	}
	if out := mustRun(t, "team", "assign", "--project", boss, "--per-document", "2", "--seed", "3"); !strings.Contains(out, "0 assignments added") {
		t.Errorf("team assign again: %s", out)
	}
	st := teamStatus(t, boss)
	for _, name := range []string{"alice", "bob", "cy"} {
		if st[name].Assigned != 4 || st[name].Todo != 4 || st[name].Role != "annotator" {
			t.Errorf("%s after assigning 6 documents x 2 to 3 annotators: %+v, want 4 to do", name, st[name])
		}
	}
	if st["rita"].Assigned != 0 || st["rita"].Role != "reviewer" {
		t.Errorf("rita: %+v", st["rita"])
	}

	// Overlap on a sample: a third annotator on half the documents.
	out = mustRun(t, "team", "assign", "--project", boss, "--per-document", "3", "--sample", "50", "--seed", "3")
	if !strings.Contains(out, "3 assignments added over 3 documents") {
		t.Errorf("team assign --per-document 3 --sample 50: %s", out)
	}
	st = teamStatus(t, boss)
	if total := st["alice"].Assigned + st["bob"].Assigned + st["cy"].Assigned; total != 15 {
		t.Errorf("after the sample, %d assignments, want 15: %+v", total, st)
	}

	// An annotator may not assign, nor add people: PostgreSQL refuses.
	alice := asUser(t, db, "alice")
	if code, _, errOut := inkspan(t, "team", "assign", "--project", alice, "--annotator", "alice", "--documents", "d0"); code != 1 || !strings.Contains(errOut, "refused: only a manager assigns") {
		t.Errorf("team assign as an annotator: exit %d, %s", code, errOut)
	}
	if code, _, errOut := inkspan(t, "team", "add", "--project", alice, "mallory", "--role", "manager"); code != 1 || !strings.Contains(errOut, "refused: only a manager adds or removes people") {
		t.Errorf("team add as an annotator: exit %d, %s", code, errOut)
	}

	// Explicit assignment by the source's document IDs.
	if code, _, errOut := inkspan(t, "team", "assign", "--project", boss, "--annotator", "rita", "--documents", "d0"); code != 1 || !strings.Contains(errOut, "not an annotator") {
		t.Errorf("team assign to a reviewer (who reads everything already): exit %d, %s", code, errOut)
	}
	mustRun(t, "team", "add", "--project", boss, "dan", "--role", "annotator")
	out = mustRun(t, "team", "assign", "--project", boss, "--annotator", "dan", "--documents", "d0,d5")
	if !strings.Contains(out, "2 assignments added over 2 documents") {
		t.Errorf("team assign --annotator dan --documents d0,d5: %s", out)
	}
	if code, _, errOut := inkspan(t, "team", "assign", "--project", boss, "--annotator", "dan", "--documents", "nope"); code != 1 || !strings.Contains(errOut, "no document nope") {
		t.Errorf("team assign of an unknown document: exit %d, %s", code, errOut)
	}

	// Removing bob drops his login and his assignments; assigning again
	// gives his documents to the others.
	mustRun(t, "team", "remove", "--project", boss, "bob")
	if code, _, _ := inkspan(t, "team", "list", "--project", asUser(t, db, "bob")); code != 1 {
		t.Errorf("bob connects after his removal: exit %d", code)
	}
	st = teamStatus(t, boss)
	if _, ok := st["bob"]; ok {
		t.Errorf("bob is still listed: %+v", st["bob"])
	}
	out = mustRun(t, "team", "assign", "--project", boss, "--per-document", "2", "--seed", "3")
	if !strings.Contains(out, "added over 6 documents") || strings.Contains(out, " 0 assignments") {
		t.Errorf("team assign after bob's removal: %s", out)
	}
	t.Log(mustRun(t, "team", "status", "--project", boss))
	st = teamStatus(t, boss)
	if total := st["alice"].Assigned + st["cy"].Assigned + st["dan"].Assigned; total < 12 {
		t.Errorf("after bob's removal, %d assignments among alice, cy and dan, want at least 12: %+v", total, st)
	}
}

// team take turns dynamic assignment on (a manager only) and off.
func TestTeamTake(t *testing.T) {
	t.Setenv("INKSPAN_PASSWORD", "not-stored-anywhere")
	db := pgtest.Database(t, "")
	mustRun(t, "team", "init", db, "--manager", "takeboss")
	boss := asUser(t, db, "takeboss")
	mustRun(t, "team", "add", "--project", boss, "takeann", "--role", "annotator")
	if code, _, errOut := inkspan(t, "team", "take", "--project", boss); code != 2 || !strings.Contains(errOut, "--per-document") {
		t.Errorf("team take without K: exit %d, %s", code, errOut)
	}
	out := mustRun(t, "team", "take", "--project", boss, "--per-document", "2", "--lease", "30m")
	if !strings.Contains(out, "2 each, on a lease of 30m0s") {
		t.Errorf("team take: %s", out)
	}
	if code, _, errOut := inkspan(t, "team", "take", "--project", asUser(t, db, "takeann"), "--off"); code != 1 || !strings.Contains(errOut, "refused") {
		t.Errorf("an annotator turns taking off: exit %d, %s", code, errOut)
	}
	if out := mustRun(t, "team", "take", "--project", boss, "--off"); !strings.Contains(out, "take no more documents") {
		t.Errorf("team take --off: %s", out)
	}
}
