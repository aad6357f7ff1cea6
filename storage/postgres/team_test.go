package postgres_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/app/apptest"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// Login roles are cluster-wide, and the tests share a cluster: each team
// gets names of its own.
var teamCount atomic.Int64

// as is url connecting as user instead (the throwaway cluster trusts
// every local connection, so no password is asked: what a role may do is
// all the grants and policies decide).
func as(t testing.TB, u, user string) string {
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

// team is a team project: three documents, a manager, two annotators and
// a reviewer; document 0 assigned to both annotators, 1 to bob only, 2 to
// alice only.
type team struct {
	url                            string
	owner                          *postgres.DB // who ran init: the tables' owner
	docs                           []string
	boss, alice, bob, rita         string
	bossDB, aliceDB, bobDB, ritaDB *postgres.DB
}

func newTeam(t testing.TB) *team {
	t.Helper()
	ctx := context.Background()
	u := pgtest.Database(t, project(t))
	owner, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close() })
	var docs []string
	for _, text := range apptest.Texts {
		id, _, err := owner.AddDocument(ctx, model.Document{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, id)
	}
	n := teamCount.Add(1)
	tm := &team{url: u, owner: owner, docs: docs[:3],
		boss: fmt.Sprintf("boss%d", n), alice: fmt.Sprintf("alice%d", n), bob: fmt.Sprintf("bob%d", n), rita: fmt.Sprintf("rita%d", n)}
	if err := owner.EnableTeam(ctx, tm.boss, "", false); err != nil {
		t.Fatal(err)
	}
	tm.bossDB = tm.open(t, tm.boss)
	for name, role := range map[string]string{tm.alice: postgres.RoleAnnotator, tm.bob: postgres.RoleAnnotator, tm.rita: postgres.RoleReviewer} {
		if err := tm.bossDB.AddMember(ctx, name, role, "secret-"+name); err != nil {
			t.Fatalf("the manager adds %s as %s: %v", name, role, err)
		}
	}
	added, err := tm.bossDB.Assign(ctx, map[string][]string{
		tm.docs[0]: {tm.alice, tm.bob}, tm.docs[1]: {tm.bob}, tm.docs[2]: {tm.alice},
	})
	if err != nil || added != 4 {
		t.Fatalf("the manager assigns: %d, %v; want 4 added", added, err)
	}
	tm.aliceDB, tm.bobDB, tm.ritaDB = tm.open(t, tm.alice), tm.open(t, tm.bob), tm.open(t, tm.rita)
	return tm
}

func (tm *team) open(t testing.TB, user string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), as(t, tm.url, user))
	if err != nil {
		t.Fatalf("open as %s: %v", user, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sql runs a raw statement as user, as a plain SQL client would, and
// returns the rows it affected or the first column of its one row.
func (tm *team) sql(t *testing.T, user, statement string, args ...any) (int64, error) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, as(t, tm.url, user))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if len(statement) > 6 && statement[:6] == "SELECT" {
		var n int64
		err := conn.QueryRow(ctx, statement, args...).Scan(&n)
		return n, err
	}
	tag, err := conn.Exec(ctx, statement, args...)
	return tag.RowsAffected(), err
}

// sqlSession runs statements as user on one connection, stopping at the
// first error, and returns the first column of the last one's row.
func (tm *team) sqlSession(t *testing.T, user string, statements ...string) (int64, error) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, as(t, tm.url, user))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range statements[:len(statements)-1] {
		if _, err := conn.Exec(ctx, s); err != nil {
			return 0, err
		}
	}
	var n int64
	err = conn.QueryRow(ctx, statements[len(statements)-1]).Scan(&n)
	return n, err
}

func addSpan(ctx context.Context, db *postgres.DB, doc, annotator string, start, end int) error {
	return db.Write(ctx, func(tx app.WriteTx) error {
		_, err := tx.AddSpan(ctx, doc, annotator, model.Span{Start: start, End: end, Label: "ACTOR"})
		return err
	})
}

func spansOf(t *testing.T, ctx context.Context, db *postgres.DB, doc, annotator string) []model.Span {
	t.Helper()
	var spans []model.Span
	if err := db.Read(ctx, func(tx app.ReadTx) error {
		var err error
		spans, err = tx.Spans(ctx, doc, annotator)
		return err
	}); err != nil {
		t.Fatalf("read %s's spans: %v", annotator, err)
	}
	return spans
}

func wantForbidden(t *testing.T, what string, err error) {
	t.Helper()
	if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(err.Error(), "database refused: ") {
		t.Errorf("%s: %v, want EFORBIDDEN saying what the database refused", what, err)
	}
	t.Logf("%s: %v", what, err)
}

// What an annotator may not do, PostgreSQL refuses: through the store and
// through raw SQL.
func TestTeamAnnotatorIsConfinedByPostgreSQL(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	if err := addSpan(ctx, tm.aliceDB, tm.docs[0], tm.alice, 0, 3); err != nil {
		t.Fatalf("alice labels her own document: %v", err)
	}
	if err := addSpan(ctx, tm.bobDB, tm.docs[0], tm.bob, 4, 8); err != nil {
		t.Fatalf("bob labels his own document: %v", err)
	}

	// Others' work is invisible.
	if got := spansOf(t, ctx, tm.aliceDB, tm.docs[0], tm.bob); len(got) != 0 {
		t.Errorf("alice reads bob's spans: %v, want none", got)
	}
	if got := spansOf(t, ctx, tm.ownerDB(), tm.docs[0], tm.bob); len(got) != 1 {
		t.Fatalf("bob's span is not there for the owner: %v", got)
	}
	if n, err := tm.sql(t, tm.alice, "SELECT count(*) FROM spans"); err != nil || n != 1 {
		t.Errorf("alice counts the spans with SQL: %d, %v; want 1 (her own)", n, err)
	}
	if n, err := tm.sql(t, tm.alice, "SELECT count(*) FROM annotation_sets"); err != nil || n != 1 {
		t.Errorf("alice counts the annotation sets with SQL: %d, %v; want 1 (her own)", n, err)
	}

	// Unassigned documents are invisible.
	err := tm.aliceDB.Read(ctx, func(tx app.ReadTx) error { _, err := tx.Document(ctx, tm.docs[1]); return err })
	if model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("alice reads a document not assigned to her: %v, want ENOTFOUND", err)
	}
	if n, err := tm.sql(t, tm.alice, "SELECT count(*) FROM documents"); err != nil || n != 2 {
		t.Errorf("alice counts the documents with SQL: %d, %v; want 2 (hers)", n, err)
	}
	if n, err := tm.sql(t, tm.alice, "SELECT count(*) FROM documents WHERE uuid = $1", tm.docs[1]); err != nil || n != 0 {
		t.Errorf("alice selects bob's document with SQL: %d, %v; want nothing", n, err)
	}
	if err := addSpan(ctx, tm.aliceDB, tm.docs[1], tm.alice, 0, 3); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("alice labels a document not assigned to her: %v, want ENOTFOUND (she cannot see it)", err)
	}
	_, err = tm.sql(t, tm.alice, `INSERT INTO annotation_sets (document_id, annotator_id, status, created_at, updated_at)
		SELECT d.id, inkspan_me(), 'todo', now(), now() FROM documents d WHERE d.id = (SELECT min(id) + 1 FROM documents)`)
	// The SELECT sees no such document: nothing to insert, or refused.
	if n, _ := tm.sql(t, tm.owner0(), "SELECT count(*) FROM annotation_sets s JOIN annotators n ON n.id = s.annotator_id WHERE n.name = $1", tm.alice); n != 1 {
		t.Errorf("alice's SQL made a set on a document not hers (%v): she has %d sets", err, n)
	}

	// Others' sets, gold and labels cannot be written.
	wantForbidden(t, "alice writes into bob's set", addSpan(ctx, tm.aliceDB, tm.docs[0], tm.bob, 10, 12))
	wantForbidden(t, "alice writes gold", addSpan(ctx, tm.aliceDB, tm.docs[0], model.GoldAnnotator, 0, 3))
	if err := addSpan(ctx, tm.ritaDB, tm.docs[0], model.GoldAnnotator, 0, 3); err != nil {
		t.Fatalf("the reviewer writes gold: %v", err)
	}
	wantForbidden(t, "alice writes into the existing gold set", addSpan(ctx, tm.aliceDB, tm.docs[0], model.GoldAnnotator, 4, 8))
	if n, err := tm.sql(t, tm.alice, "UPDATE spans SET note = 'mine now'"); err != nil || n != 1 {
		t.Errorf("alice updates every span with SQL: %d rows, %v; want 1 (her own)", n, err)
	}
	if n, err := tm.sql(t, tm.alice, "DELETE FROM spans WHERE set_id IN (SELECT id FROM annotation_sets WHERE annotator_id <> inkspan_me())"); err != nil || n != 0 {
		t.Errorf("alice deletes others' spans with SQL: %d rows, %v; want none", n, err)
	}
	_, err = tm.sql(t, tm.alice, "UPDATE labels SET color = '#000000'")
	if err == nil || !containsCode(err, "42501") {
		t.Errorf("alice changes the labels with SQL: %v, want permission denied", err)
	}
	err = tm.aliceDB.ImportUnit(ctx, func(tx app.ImportTx) error {
		return tx.AddLabel(ctx, model.Label{Name: "SECRET", Color: "#123456"})
	})
	wantForbidden(t, "alice adds a label through the store", err)
	err = tm.aliceDB.Write(ctx, func(tx app.WriteTx) error { return tx.SetRelationLabels(ctx, nil, nil) })
	wantForbidden(t, "alice replaces the relation labels", err)
	if _, err := tm.aliceDB.Assign(ctx, map[string][]string{tm.docs[1]: {tm.alice}}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("alice assigns herself a document: %v, want EFORBIDDEN", err)
	}
	wantForbidden(t, "alice adds a person", tm.aliceDB.AddMember(ctx, tm.alice+"x", postgres.RoleManager, ""))
	if _, err := tm.sql(t, tm.alice, "UPDATE settings SET value = '1' WHERE key = 'annotators_see_others'"); err == nil {
		t.Error("alice changed the project's settings with SQL")
	}

	// Nor the status, note, relations or suggestions of bob's set.
	err = tm.aliceDB.Write(ctx, func(tx app.WriteTx) error { return tx.SetStatus(ctx, tm.docs[0], tm.bob, model.StatusDone) })
	wantForbidden(t, "alice marks bob's set done", err)
	err = tm.aliceDB.Write(ctx, func(tx app.WriteTx) error { return tx.SetNote(ctx, tm.docs[0], tm.bob, "hi") })
	wantForbidden(t, "alice writes a note on bob's set", err)
	if n, err := tm.sql(t, tm.alice, "UPDATE annotation_sets SET status = 'done', note = 'all done'"); err != nil || n != 1 {
		t.Errorf("alice marks every set done with SQL: %d rows, %v; want 1 (her own)", n, err)
	}
	_, err = tm.sql(t, tm.alice, `INSERT INTO relations (uuid, set_id, from_span, to_span, label_id, created_at, updated_at)
		SELECT 'r1', s.set_id, s.id, s.id + 1, (SELECT min(id) FROM relation_labels), now(), now() FROM spans s`)
	// The span after hers is bob's, which she cannot see: the trigger
	// that keeps relations in their set sees it and refuses.
	if n, _ := tm.sql(t, tm.owner0(), "SELECT count(*) FROM relations"); !containsCode(err, "23514") || n != 0 {
		t.Errorf("alice's SQL stored a relation to a span not hers (%v)", err)
	}
	_, err = tm.sql(t, tm.alice, `INSERT INTO suggestions (document_id, annotator_id, start_cp, end_cp, label_id, uuid, source, created_at)
		SELECT min(d.id), (SELECT id FROM annotators WHERE name = $1), 0, 3, (SELECT min(id) FROM labels), gen_random_uuid(), 'patterns', now()
		FROM documents d`, tm.bob)
	if !containsCode(err, "42501") {
		t.Errorf("alice adds a suggestion for bob with SQL: %v, want refused by row-level security", err)
	}
	if status := statusOf(t, ctx, tm.ownerDB(), tm.docs[0], tm.bob); status != model.StatusInProgress {
		t.Errorf("bob's set is %s after alice's attempts, want in progress", status)
	}

	// Her session cannot shadow the tables the policies' functions read
	// (a temporary table comes first in the search path).
	if n, err := tm.sqlSession(t, tm.alice,
		"CREATE TEMP TABLE assignments AS SELECT d.id AS document_id, inkspan_me() AS annotator_id FROM generate_series(1, 1000) AS d(id)",
		"CREATE TEMP TABLE annotation_sets AS SELECT * FROM public.annotation_sets WHERE false",
		"SELECT count(*) FROM documents"); n > 2 {
		t.Errorf("alice's temporary tables let her count %d documents (%v), want at most her 2", n, err)
	}

	// Every one: those of schema 2 and the notifying triggers' of
	// schema 3 (live changes).
	if n, err := tm.sql(t, tm.alice, `SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
		AND coalesce(array_to_string(proconfig, ' '), '') NOT LIKE '%search_path=pg_catalog, public, pg_temp%'`); err != nil || n != 0 {
		t.Errorf("%d of the project's functions do not have their search path fixed (%v)", n, err)
	}
	if n, err := tm.sql(t, tm.alice, `SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace`); err != nil || n < 17 {
		t.Errorf("the project has %d functions (%v), want at least schema 2's 10 and schema 3's 7", n, err)
	}

	// Her own set stays hers to change.
	if status := statusOf(t, ctx, tm.aliceDB, tm.docs[0], tm.alice); status != model.StatusDone {
		t.Errorf("alice's own set is %s after her SQL, want done", status)
	}
	if got := spansOf(t, ctx, tm.aliceDB, tm.docs[0], tm.alice); len(got) != 1 || got[0].Note != "mine now" {
		t.Errorf("alice's own spans: %v", got)
	}
	if got := spansOf(t, ctx, tm.ownerDB(), tm.docs[0], tm.bob); len(got) != 1 || got[0].Note != "" {
		t.Errorf("bob's span after alice's SQL: %v, want it untouched", got)
	}

	// When the project lets annotators see each other's work, alice reads
	// bob's set on their shared document, and still cannot change it.
	exec(t, tm.url, "UPDATE settings SET value = '1' WHERE key = 'annotators_see_others'")
	if got := spansOf(t, ctx, tm.aliceDB, tm.docs[0], tm.bob); len(got) != 1 {
		t.Errorf("alice reads bob's spans when the project allows it: %v, want his one span", got)
	}
	if n, err := tm.sql(t, tm.alice, "DELETE FROM spans WHERE set_id IN (SELECT id FROM annotation_sets WHERE annotator_id <> inkspan_me())"); err != nil || n != 0 {
		t.Errorf("alice deletes others' spans she can see: %d rows, %v; want none", n, err)
	}
}

func containsCode(err error, code string) bool {
	return err != nil && slices.Contains([]string{code}, pgCode(err))
}

func pgCode(err error) string {
	var pe interface{ SQLState() string }
	for e := err; e != nil; {
		if p, ok := e.(interface{ SQLState() string }); ok {
			pe = p
			break
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			break
		}
		e = u.Unwrap()
	}
	if pe == nil {
		return ""
	}
	return pe.SQLState()
}

func (tm *team) ownerDB() *postgres.DB { return tm.owner }

// owner0 is the cluster's superuser, who owns the tables.
func (tm *team) owner0() string { return pgtest.Superuser }

// A reviewer reads everything and writes gold and review rows, not
// annotators' sets nor labels.
func TestTeamReviewer(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	if err := addSpan(ctx, tm.bobDB, tm.docs[1], tm.bob, 0, 3); err != nil {
		t.Fatal(err)
	}
	if got := spansOf(t, ctx, tm.ritaDB, tm.docs[1], tm.bob); len(got) != 1 {
		t.Errorf("the reviewer reads bob's spans: %v, want his one span", got)
	}
	if n, err := tm.sql(t, tm.rita, "SELECT count(*) FROM documents"); err != nil || n != int64(len(tm.docsAll(t))) {
		t.Errorf("the reviewer counts the documents: %d, %v; want every one", n, err)
	}
	err := tm.ritaDB.Write(ctx, func(tx app.WriteTx) error {
		if _, err := tx.AddSpan(ctx, tm.docs[1], model.GoldAnnotator, model.Span{Start: 0, End: 3, Label: "ACTOR"}); err != nil {
			return err
		}
		if err := tx.SetStatus(ctx, tm.docs[1], model.GoldAnnotator, model.StatusDone); err != nil {
			return err
		}
		return tx.SetReviewer(ctx, tm.docs[1], tm.rita)
	})
	if err != nil {
		t.Fatalf("the reviewer writes gold and the review: %v", err)
	}
	if got := spansOf(t, ctx, tm.ownerDB(), tm.docs[1], model.GoldAnnotator); len(got) != 1 {
		t.Errorf("gold after the review: %v", got)
	}
	wantForbidden(t, "the reviewer writes into bob's set", addSpan(ctx, tm.ritaDB, tm.docs[1], tm.bob, 5, 8))
	if _, err := tm.sql(t, tm.rita, "UPDATE labels SET color = '#000000'"); !containsCode(err, "42501") {
		t.Errorf("the reviewer changes the labels with SQL: %v, want permission denied", err)
	}
	if _, err := tm.ritaDB.Assign(ctx, map[string][]string{tm.docs[1]: {tm.alice}}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("the reviewer assigns: %v, want EFORBIDDEN", err)
	}
}

func (tm *team) docsAll(t *testing.T) []string {
	docs, _, err := tm.owner.AssignmentState(context.Background(), postgres.Selection{})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// The manager changes labels and settings, adds, lists and removes
// people, and assigns; the queue of "next unfinished" is an annotator's
// assigned documents.
func TestTeamManagerAndQueue(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	// Enabling the team again (another manager, this Inkspan's rules)
	// keeps everyone's role and confinement.
	if err := tm.owner.EnableTeam(ctx, tm.boss+"b", "", false); err != nil {
		t.Fatal(err)
	}
	if n, err := tm.sql(t, tm.alice, "SELECT count(*) FROM documents"); err != nil || n != 2 {
		t.Errorf("after init again, alice counts %d documents (%v), want her 2", n, err)
	}
	if n, err := tm.sql(t, tm.boss, "UPDATE labels SET color = '#000000' WHERE name = 'ACTOR'"); err != nil || n != 1 {
		t.Errorf("the manager changes a label: %v", err)
	}
	if err := addSpan(ctx, tm.bossDB, tm.docs[1], tm.bob, 0, 3); err != nil {
		t.Errorf("the manager writes into bob's set: %v", err)
	}
	members, err := tm.bossDB.Members(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]postgres.Member{}
	for _, m := range members {
		got[m.Name] = m
	}
	if got[tm.boss].Role != postgres.RoleManager || got[tm.boss+"b"].Role != postgres.RoleManager || got[tm.alice].Role != postgres.RoleAnnotator || got[tm.rita].Role != postgres.RoleReviewer {
		t.Errorf("members: %+v", members)
	}
	if b := got[tm.bob]; b.Assigned != 2 || b.InProgress != 1 || b.Done != 0 {
		t.Errorf("bob's progress: %+v, want 2 assigned, 1 in progress", b)
	}

	// Queues: bob's are documents 0 and 1, alice's 0 and 2, whoever asks.
	next := func(db *postgres.DB, who, after string) string {
		var id string
		if err := db.Read(ctx, func(tx app.ReadTx) error {
			var err error
			id, err = tx.NextUnfinished(ctx, who, after)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	if n := next(tm.aliceDB, tm.alice, tm.docs[0]); n != tm.docs[2] {
		t.Errorf("alice's next after document 0: %s, want document 2 (%s)", n, tm.docs[2])
	}
	if n := next(tm.owner, tm.alice, tm.docs[0]); n != tm.docs[2] {
		t.Errorf("alice's next after document 0, read by the owner: %s, want document 2", n)
	}
	if n := next(tm.bobDB, tm.bob, tm.docs[1]); n != tm.docs[0] {
		t.Errorf("bob's next after document 1: %s, want document 0 (wrapping, skipping 2)", n)
	}

	if err := tm.bossDB.RemoveMember(ctx, tm.alice); err != nil {
		t.Fatalf("the manager removes alice: %v", err)
	}
	if _, err := postgres.Open(ctx, as(t, tm.url, tm.alice)); err == nil {
		t.Error("alice can still connect after her removal")
	}
	if err := tm.bossDB.RemoveMember(ctx, tm.alice); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("removing alice again: %v, want ENOTFOUND", err)
	}
	if _, err := tm.bossDB.Assign(ctx, map[string][]string{tm.docs[1]: {tm.rita}}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("assigning to a reviewer: %v, want EINVALID", err)
	}
}

func statusOf(t *testing.T, ctx context.Context, db *postgres.DB, doc, annotator string) model.Status {
	t.Helper()
	var status model.Status
	if err := db.Read(ctx, func(tx app.ReadTx) error {
		var err error
		status, err = tx.Status(ctx, doc, annotator)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return status
}

// Names are PostgreSQL identifiers only once quoted: a person called with
// SQL's metacharacters is added, connects, and works under their own name.
func TestTeamNamesWithSQLMetacharacters(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	name := fmt.Sprintf(`o'brien"; DROP TABLE spans; --%d`, teamCount.Add(1))
	if err := tm.bossDB.AddMember(ctx, name, postgres.RoleAnnotator, `pa'ss"word\`); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.bossDB.Assign(ctx, map[string][]string{tm.docs[1]: {name}}); err != nil {
		t.Fatal(err)
	}
	db := tm.open(t, name)
	if err := addSpan(ctx, db, tm.docs[1], name, 0, 5); err != nil {
		t.Fatalf("%s labels their document: %v", name, err)
	}
	if got := spansOf(t, ctx, tm.ownerDB(), tm.docs[1], name); len(got) != 1 {
		t.Errorf("%s's spans: %v", name, got)
	}
	members, err := tm.bossDB.Members(ctx)
	if err != nil || !slices.ContainsFunc(members, func(m postgres.Member) bool { return m.Name == name && m.Role == postgres.RoleAnnotator }) {
		t.Errorf("members: %+v, %v; want %s an annotator", members, err, name)
	}
	if err := tm.bossDB.RemoveMember(ctx, name); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkWriteEditAsAnnotator is BenchmarkWriteEdit made by an
// annotator of a team project, under the row-level security policies,
// to compare with the owner's edit, which no policy checks.
func BenchmarkWriteEditAsAnnotator(b *testing.B) {
	tm := newTeam(b)
	ctx := context.Background()
	var span model.Span
	b.ResetTimer()
	for i := range b.N {
		err := tm.aliceDB.Write(ctx, func(tx app.WriteTx) error {
			if i%2 == 1 {
				return tx.DeleteSpan(ctx, span.ID)
			}
			var err error
			span, err = tx.AddSpan(ctx, tm.docs[0], tm.alice, model.Span{Start: 21, End: 27, Label: "PLACE"})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// Managers assigning at once take turns and plan with each other's
// assignments: every document ends with exactly the annotators asked for.
func TestTeamConcurrentAssignment(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	for i := range 20 {
		if _, _, err := tm.owner.AddDocument(ctx, model.Document{Text: fmt.Sprintf("Document %d of many, in Idlib.", i)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{tm.alice + "c", tm.bob + "c"} {
		if err := tm.bossDB.AddMember(ctx, name, postgres.RoleAnnotator, ""); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, 6)
	for i := range 6 {
		go func() {
			_, _, err := tm.bossDB.AssignPlanned(ctx, postgres.Selection{}, func(docs []string, existing map[string][]string, annotators []string) map[string][]string {
				return model.PlanAssignments(docs, annotators, existing, 3, uint64(i))
			})
			errs <- err
		}()
	}
	for range 6 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n, err := tm.sql(t, tm.owner0(), `SELECT count(*) FROM (SELECT document_id FROM assignments GROUP BY document_id HAVING count(*) <> 3) AS wrong`); err != nil || n != 0 {
		t.Errorf("%d documents do not have exactly 3 annotators (%v)", n, err)
	}
	if n, err := tm.sql(t, tm.owner0(), `SELECT count(*) FROM assignments`); err != nil || n != 23*3 {
		t.Errorf("%d assignments (%v), want %d", n, err, 23*3)
	}
}

// Twenty annotators taking documents at once, each finishing what they
// took and asking again, leave every document with exactly its number
// of annotators; a reviewer cannot take.
func TestTeamTakeConcurrently(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	for i := range 20 {
		if _, _, err := tm.owner.AddDocument(ctx, model.Document{Text: fmt.Sprintf("Taken document %d, in Idlib.", i)}); err != nil {
			t.Fatal(err)
		}
	}
	const takers = 20
	dbs := make([]*postgres.DB, takers)
	names := make([]string, takers)
	for i := range takers {
		names[i] = fmt.Sprintf("%s_t%d", tm.alice, i)
		if err := tm.bossDB.AddMember(ctx, names[i], postgres.RoleAnnotator, ""); err != nil {
			t.Fatal(err)
		}
		dbs[i] = tm.open(t, names[i])
	}
	errs := make(chan error, takers)
	for i := range takers {
		go func() {
			for {
				doc, err := dbs[i].TakeDocument(ctx, 2, time.Hour)
				if err != nil || doc == "" {
					errs <- err
					return
				}
				if err := dbs[i].Write(ctx, func(tx app.WriteTx) error { return tx.SetStatus(ctx, doc, names[i], model.StatusDone) }); err != nil {
					errs <- fmt.Errorf("%s finishes %s: %w", names[i], doc, err)
					return
				}
			}
		}()
	}
	for range takers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n, err := tm.sql(t, tm.owner0(), `SELECT count(*) FROM documents d WHERE (SELECT count(*) FROM assignments g WHERE g.document_id = d.id) <> 2`); err != nil || n != 0 {
		t.Errorf("%d documents do not have exactly 2 annotators (%v)", n, err)
	}
	if n, err := tm.sql(t, tm.owner0(), `SELECT count(*) FROM assignments WHERE leased`); err != nil || n != 23*2-4 {
		t.Errorf("%d documents taken (%v), want %d (the 4 places the manager assigned were not free)", n, err, 23*2-4)
	}
	if _, err := tm.ritaDB.TakeDocument(ctx, 2, time.Hour); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("a reviewer takes a document: %v, want EFORBIDDEN", err)
	}
}

// A taken document neither finished nor worked on for its lease returns
// to the pool; a finished one stays its taker's.
func TestTeamLeaseExpires(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t) // document 0: alice and bob; 1: bob; 2: alice
	// The lease is the taker's: an hour, but 50 ms for dan's last take,
	// after 200 ms with nothing done on alice's document.
	lease := time.Hour
	take := func(db *postgres.DB, who string) string {
		t.Helper()
		doc, err := db.TakeDocument(ctx, 2, lease)
		if err != nil {
			t.Fatalf("%s takes: %v", who, err)
		}
		return doc
	}
	if doc := take(tm.aliceDB, "alice"); doc != tm.docs[1] {
		t.Fatalf("alice takes %s, want document 1 (%s), the first with a free place", doc, tm.docs[1])
	}
	if doc := take(tm.aliceDB, "alice"); doc != tm.docs[1] {
		t.Fatalf("alice asks again and gets %s, want document 1 again, which she has not finished", doc)
	}
	if doc := take(tm.bobDB, "bob"); doc != tm.docs[2] {
		t.Fatalf("bob takes %s, want document 2 (%s)", doc, tm.docs[2])
	}
	if err := tm.bobDB.Write(ctx, func(tx app.WriteTx) error { return tx.SetStatus(ctx, tm.docs[2], tm.bob, model.StatusDone) }); err != nil {
		t.Fatal(err)
	}
	dan := tm.alice + "_dan"
	if err := tm.bossDB.AddMember(ctx, dan, postgres.RoleAnnotator, ""); err != nil {
		t.Fatal(err)
	}
	danDB := tm.open(t, dan)
	if doc := take(danDB, dan); doc != "" {
		t.Fatalf("dan takes %s while every document has its 2 annotators", doc)
	}
	time.Sleep(200 * time.Millisecond)
	lease = 50 * time.Millisecond
	if doc := take(danDB, dan); doc != tm.docs[1] {
		t.Errorf("dan takes %s after alice's lease ran out, want document 1", doc)
	}
	lease = time.Hour
	if doc := take(tm.aliceDB, "alice"); doc != "" {
		t.Errorf("alice takes %s, want nothing: her lapsed document is dan's, bob finished his", doc)
	}
}
