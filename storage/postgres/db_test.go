package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// exec runs statements on the database at url.
func exec(t *testing.T, url string, statements ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
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

// Create makes a project only in an empty database; Open opens only a
// project, and not one a newer Inkspan wrote.
func TestCreateAndOpenRefusals(t *testing.T) {
	ctx := context.Background()
	empty := pgtest.Database(t, "")
	if _, err := postgres.Open(ctx, empty); model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "no Inkspan project") {
		t.Errorf("Open of an empty database: %v, want EINVALID saying there is no project", err)
	}

	other := pgtest.Database(t, "")
	exec(t, other, "CREATE TABLE customers (id integer)")
	if _, err := postgres.Create(ctx, other); model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("Create in a database with a table: %v, want EINVALID saying it is not empty", err)
	}

	url := pgtest.Database(t, "")
	db, err := postgres.Create(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := postgres.Create(ctx, url); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("Create over a project: %v, want EINVALID", err)
	}
	exec(t, url, "INSERT INTO inkspan_schema (version, name) VALUES (99, 'migrations/0099_future.sql')")
	_, err = postgres.Open(ctx, url)
	if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "newer Inkspan") || !strings.Contains(err.Error(), "99") {
		t.Errorf("Open of a newer schema: %v, want EINVALID naming the newer version", err)
	}

	if _, err := postgres.Open(ctx, "postgres://inkspan:s3cret@[::1/nowhere"); model.ErrorCode(err) != model.EINVALID || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open of a malformed URL: %v, want EINVALID without the password", err)
	}
	if _, err := postgres.Open(ctx, "postgres://inkspan:s3cret@127.0.0.1:1/nowhere?connect_timeout=5"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open of a server that is not there: %v, want an error without the password", err)
	}
}

// postgresql:// is PostgreSQL's other spelling of its URLs.
func TestOpenPostgresqlScheme(t *testing.T) {
	url := strings.Replace(pgtest.Database(t, project(t)), "postgres://", "postgresql://", 1)
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

// A database in another encoding is refused: offsets are code points,
// which PostgreSQL counts only in UTF-8.
func TestOpenRefusesOtherEncodings(t *testing.T) {
	url := pgtest.Database(t, "")
	latin := strings.Replace(url, "/test_", "/latin_", 1)
	exec(t, url, "CREATE DATABASE "+pgx.Identifier{dbName(latin)}.Sanitize()+" TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C'")
	if _, err := postgres.Create(context.Background(), latin); model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "UTF8") {
		t.Errorf("Create in a LATIN1 database: %v, want EINVALID asking for UTF8", err)
	}
}

// dbName is the database name in url.
func dbName(url string) string {
	name := url[strings.LastIndex(url, "/")+1:]
	return name[:strings.IndexByte(name, '?')]
}

// Document titles are storage's, so that lists read the same from either
// store.
func TestTitleMatchesStorage(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	for _, text := range []string{
		"Putin met Erdogan.",
		"\n\n   \n  Headline with spaces  \nbody",
		strings.Repeat("word ", 40) + "\nsecond line",
		strings.Repeat("é", 130),
	} {
		id, _, err := db.AddDocument(ctx, model.Document{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		var title string
		if err := postgres.TitleOf(ctx, db, id, &title); err != nil {
			t.Fatal(err)
		}
		if want := storage.Title(text); title != want {
			t.Errorf("title of %q = %q, want storage's %q", text, title, want)
		}
	}
}

// A text with a NUL character is refused with a reason: PostgreSQL's text
// cannot hold one.
func TestTextWithNUL(t *testing.T) {
	db := open(t)
	_, _, err := db.AddDocument(context.Background(), model.Document{Text: "before\x00after"})
	if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("AddDocument of a text with NUL: %v, want EINVALID naming NUL", err)
	}
}

// A span's attributes are stored with it, exported with it, and an
// update replaces them.
func TestSpanAttributes(t *testing.T) {
	db, ids := withTexts(t)
	ctx := context.Background()
	attrs := model.Attributes{{Name: "Negated"}, {Name: "kb_id", Value: "Q7747"}, {Name: "comment", Value: "line\nbreak", Text: true}}
	var span model.Span
	err := db.Write(ctx, func(tx app.WriteTx) error {
		var err error
		span, err = tx.AddSpan(ctx, ids[0], "alice", model.Span{Start: 0, End: 5, Label: "ACTOR", Attributes: attrs})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	read := func() model.Attributes {
		t.Helper()
		var got []model.Span
		if err := db.Read(ctx, func(tx app.ReadTx) error {
			var err error
			got, err = tx.Spans(ctx, ids[0], "alice")
			return err
		}); err != nil || len(got) != 1 {
			t.Fatalf("Spans = %v, %v", got, err)
		}
		return got[0].Attributes
	}
	if got := read(); !got.Equal(attrs) {
		t.Errorf("attributes read back = %+v, want %+v", got, attrs)
	}
	var exported model.Attributes
	if err := db.Export(ctx, app.ExportQuery{}, func(a *formats.Annotation) error {
		if len(a.Spans) == 1 {
			exported = a.Spans[0].Attributes
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !exported.Equal(attrs) {
		t.Errorf("attributes exported = %+v, want %+v", exported, attrs)
	}
	span.Attributes = nil
	if err := db.Write(ctx, func(tx app.WriteTx) error { _, err := tx.UpdateSpan(ctx, span); return err }); err != nil {
		t.Fatal(err)
	}
	if got := read(); len(got) != 0 {
		t.Errorf("attributes after an update without them = %+v, want none", got)
	}
}

// Writers take turns across connections and programs: a second handle on
// the same project waits for the first one's write, and a writer that
// gives up while waiting ends at once, changing nothing.
func TestWritersWaitAcrossHandles(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t, project(t))
	first, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	doc, _, err := first.AddDocument(ctx, model.Document{Text: "Putin met Erdogan."})
	if err != nil {
		t.Fatal(err)
	}

	inside, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- first.Write(ctx, func(tx app.WriteTx) error {
			close(inside)
			<-release
			_, err := tx.AddSpan(ctx, doc, "alice", model.Span{Start: 0, End: 5, Label: "ACTOR"})
			return err
		})
	}()
	<-inside

	// A writer that gives up while waiting.
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = second.Write(short, func(tx app.WriteTx) error {
		t.Error("a writer ran while another held the write lock")
		return nil
	})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("a write whose context ended while waiting: %v after %v, want context.DeadlineExceeded at once", err, time.Since(start))
	}

	// A writer that waits lands after the first, and sees its span.
	waited := make(chan error, 1)
	go func() {
		waited <- second.Write(ctx, func(tx app.WriteTx) error {
			spans, err := tx.Spans(ctx, doc, "alice")
			if err == nil && len(spans) != 1 {
				t.Errorf("the second writer sees %d spans, want the first writer's one", len(spans))
			}
			_, err = tx.AddSpan(ctx, doc, "alice", model.Span{Start: 10, End: 17, Label: "ACTOR"})
			return err
		})
	}()
	select {
	case err := <-waited:
		t.Fatalf("the second writer ended (%v) while the first held the lock", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-waited; err != nil {
		t.Fatal(err)
	}
}

// Names sort byte-wise, as in SQLite, in a database whose collation is a
// language's: a team's server is often created with one, and lists and
// exports must not change order with it.
func TestByteOrderWhateverTheCollation(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t, "")
	english := strings.Replace(url, "/test_", "/english_", 1)
	exec(t, url, "CREATE DATABASE "+pgx.Identifier{dbName(english)}.Sanitize()+
		" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'")
	conn, err := pgx.Connect(ctx, english)
	if err != nil {
		t.Fatal(err)
	}
	var first string
	err = conn.QueryRow(ctx, "SELECT n FROM (VALUES ('Bob'), ('alice')) v(n) ORDER BY n LIMIT 1").Scan(&first)
	conn.Close(ctx)
	if err != nil || first != "alice" {
		t.Fatalf("the en-US database sorts %q first (%v): the test needs one that sorts alice first", first, err)
	}
	db, err := postgres.Create(ctx, english)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	doc, _, err := db.AddDocument(ctx, model.Document{Text: "Putin met Erdogan."})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(tx app.WriteTx) error {
		return errors.Join(tx.SetNote(ctx, doc, "alice", "x"), tx.SetNote(ctx, doc, "Bob", "y"))
	}); err != nil {
		t.Fatal(err)
	}
	names, err := db.Annotators(ctx)
	if err != nil || strings.Join(names, " ") != "Bob alice" {
		t.Errorf("Annotators = %v, %v; want [Bob alice], byte order", names, err)
	}
}

// A read whose context ends between its reads ends with an error that
// wraps ctx.Err().
func TestReadCancelledMidWay(t *testing.T) {
	db, _ := withTexts(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := db.Read(ctx, func(tx app.ReadTx) error {
		// A phrase search whose callback sleeps past the deadline, then
		// reads again.
		return tx.PhraseDocuments(ctx, "alice", "", "", func(string, string, []model.Span) error {
			time.Sleep(200 * time.Millisecond)
			_, err := tx.Labels(ctx)
			return err
		})
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Read cancelled mid-way: %v, want context.DeadlineExceeded", err)
	}
}

// Help ▸ About names the schema a team database is at: after opening, the
// one this build writes.
func TestProjectSchema(t *testing.T) {
	db := open(t)
	v, err := db.ProjectSchema(context.Background())
	if err != nil || v != postgres.SchemaVersion() {
		t.Fatalf("ProjectSchema = %d, %v; want %d", v, err, postgres.SchemaVersion())
	}
}
