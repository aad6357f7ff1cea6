package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

// The texts of the schema-10 project: two-byte letters and an astral
// flag, so offsets are code points.
const (
	v10Doc1 = "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷." // Putin [0, 5), Erdoğan [10, 17), Moscow [21, 27), 34 [29, 31)
	v10Doc2 = "Ankara 🇹🇷 antwortete – café olé."                  // Ankara [0, 6)
	v10Doc3 = "Nobody has read this one yet."
)

// Suggestion ids, as the window and the undo stack see them.
const (
	v10SugPlace    = "01937a2e-0000-7000-8000-00000000a001" // anna, doc 1: Moscow PLACE, pending
	v10SugFigure   = "01937a2e-0000-7000-8000-00000000a002" // anna, doc 1: 34 FIGURE, pending
	v10SugRejected = "01937a2e-0000-7000-8000-00000000a003" // anna, doc 1: Erdoğan ACTOR, rejected (schema 8)
	v10SugBob      = "01937a2e-0000-7000-8000-00000000a004" // bob, doc 2: Ankara PLACE, pending
)

// makeV10Project writes, with plain SQL, the rows Inkspan wrote at schema
// 10: documents, annotators (one with a last document), annotation sets of
// people and of the gold version, spans of every origin, suggestions
// pending and rejected, a review, a review rejection and a disagreement
// measure. It returns the documents' UUIDs.
func makeV10Project(t *testing.T, path string) [3]string {
	t.Helper()
	ctx := context.Background()
	db, err := storage.OpenAtSchema(ctx, path, 10)
	if err != nil {
		t.Fatal(err)
	}
	must(t, db.Close())
	if v := userVersion(t, path); v != 10 {
		t.Fatalf("user_version = %d, want 10", v)
	}
	raw, err := sql.Open("sqlite", path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	docs := [3]string{"01937a2e-0000-7000-8000-00000000d001", "01937a2e-0000-7000-8000-00000000d002", "01937a2e-0000-7000-8000-00000000d003"}
	sugUUID := func(s string) []byte {
		id := uuid.MustParse(s)
		return id[:]
	}
	const t0 = int64(1763539200000) // 2025-11-19, in Unix milliseconds
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO documents (id, uuid, external_id, text, meta, hash, length, title, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			[]any{1, docs[0], "news-1", v10Doc1, `{"source":"wire"}`, model.ContentHash(v10Doc1), model.RuneLen(v10Doc1), v10Doc1, t0}},
		{`INSERT INTO documents (id, uuid, external_id, text, meta, hash, length, title, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			[]any{2, docs[1], "news-2", v10Doc2, `{}`, model.ContentHash(v10Doc2), model.RuneLen(v10Doc2), v10Doc2, t0 + 1}},
		{`INSERT INTO documents (id, uuid, external_id, text, meta, hash, length, title, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			[]any{3, docs[2], "", v10Doc3, `{}`, model.ContentHash(v10Doc3), model.RuneLen(v10Doc3), v10Doc3, t0 + 2}},
		{`INSERT INTO annotators (id, name, created_at, last_document_id) VALUES (1, 'anna', ?, 2), (2, 'bob', ?, NULL), (3, ?, ?, NULL)`,
			[]any{t0, t0 + 5, model.GoldAnnotator, t0 + 9}},
		{`INSERT INTO annotation_sets (id, document_id, annotator_id, status, note, created_at, updated_at) VALUES
			(1, 1, 1, 'in_progress', 'check the casualty figure', ?, ?),
			(2, 2, 1, 'done', '', ?, ?),
			(3, 1, 2, 'done', '', ?, ?),
			(4, 2, 2, 'skipped', 'not about the conflict', ?, ?),
			(5, 1, 3, 'in_progress', '', ?, ?)`,
			[]any{t0 + 10, t0 + 20, t0 + 11, t0 + 21, t0 + 12, t0 + 22, t0 + 13, t0 + 23, t0 + 14, t0 + 24}},
		{`INSERT INTO spans (id, uuid, set_id, start, end, label_id, note, origin, created_at, updated_at) VALUES
			(1, '01937a2e-0000-7000-8000-00000000b001', 1, 0, 5, (SELECT id FROM labels WHERE name = 'ACTOR'), 'the Russian president', 'manual', ?, ?),
			(2, '01937a2e-0000-7000-8000-00000000b002', 2, 0, 6, (SELECT id FROM labels WHERE name = 'PLACE'), '', 'import', ?, ?),
			(3, '01937a2e-0000-7000-8000-00000000b003', 3, 0, 5, (SELECT id FROM labels WHERE name = 'ACTOR'), '', 'suggestion', ?, ?),
			(4, '01937a2e-0000-7000-8000-00000000b004', 3, 10, 17, (SELECT id FROM labels WHERE name = 'ACTOR'), '', 'manual', ?, ?),
			(5, '01937a2e-0000-7000-8000-00000000b005', 5, 0, 5, (SELECT id FROM labels WHERE name = 'ACTOR'), '', 'manual', ?, ?)`,
			[]any{t0 + 30, t0 + 31, t0 + 32, t0 + 33, t0 + 34, t0 + 35, t0 + 36, t0 + 37, t0 + 38, t0 + 39}},
		{`INSERT INTO suggestions (document_id, annotator_id, start, end, label_id, uuid, source, created_at, rejected) VALUES
			(1, 1, 21, 27, (SELECT id FROM labels WHERE name = 'PLACE'), ?, 'patterns', ?, 0),
			(1, 1, 29, 31, (SELECT id FROM labels WHERE name = 'FIGURE'), ?, 'figures', ?, 0),
			(1, 1, 10, 17, (SELECT id FROM labels WHERE name = 'ACTOR'), ?, 'dictionary', ?, 1),
			(2, 2, 0, 6, (SELECT id FROM labels WHERE name = 'PLACE'), ?, 'dictionary', ?, 0)`,
			[]any{sugUUID(v10SugPlace), t0 + 40, sugUUID(v10SugFigure), t0 + 41, sugUUID(v10SugRejected), t0 + 42, sugUUID(v10SugBob), t0 + 43}},
		{`INSERT INTO reviews (document_id, reviewer, updated_at) VALUES (1, 'rita', ?)`, []any{t0 + 50}},
		{`INSERT INTO review_rejections (document_id, start, end, label_id) VALUES (1, 10, 17, (SELECT id FROM labels WHERE name = 'ACTOR'))`, nil},
		{`INSERT INTO disagreement (document_id, value, computed_at) VALUES (1, 0.5, ?)`, []any{t0 + 24}},
	}
	for _, s := range stmts {
		if _, err := raw.ExecContext(ctx, s.q, s.args...); err != nil {
			t.Fatalf("%v\n%s", err, s.q)
		}
	}
	return docs
}

// schemaObjects lists the tables, indexes and triggers of a project file,
// leaving out the search index's own tables.
func schemaObjects(t *testing.T, raw *sql.DB) []string {
	t.Helper()
	rows, err := raw.Query(`SELECT type || ' ' || name FROM sqlite_schema
		WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'documents_fts%' ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// tableColumns lists a table's columns in order.
func tableColumns(t *testing.T, raw *sql.DB, table string) []string {
	t.Helper()
	rows, err := raw.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	return cols
}

// tableRows is every row of a table, read through the given columns and
// sorted, each value printed with its Go type so that 1 and "1" differ.
func tableRows(t *testing.T, raw *sql.DB, table string, cols []string) []string {
	t.Helper()
	rows, err := raw.Query(fmt.Sprintf("SELECT %s FROM %s", strings.Join(cols, ", "), table))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, v := range vals {
			fmt.Fprintf(&b, "%s=%T:%v ", cols[i], v, v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// snapshot is every row of every table but the search index's, by the
// columns the table had at schema 10.
type snapshot struct {
	objects []string
	columns map[string][]string
	rows    map[string][]string
}

func takeSnapshot(t *testing.T, raw *sql.DB, columns map[string][]string) snapshot {
	t.Helper()
	s := snapshot{objects: schemaObjects(t, raw), columns: map[string][]string{}, rows: map[string][]string{}}
	for _, o := range s.objects {
		table, ok := strings.CutPrefix(o, "table ")
		if !ok {
			continue
		}
		cols := columns[table]
		if cols == nil {
			cols = tableColumns(t, raw, table)
		}
		s.columns[table] = cols
		s.rows[table] = tableRows(t, raw, table, cols)
	}
	return s
}

// A project last written at schema 10 keeps every row through migration
// 11, which adds the answer and Prodigy hashes to annotation_sets and
// rebuilds suggestions (SQLite cannot change its CHECK constraint in
// place): documents, sets, spans, suggestions pending and rejected, review
// rejections and the rest come out unchanged, the foreign keys hold, and
// the old suggestions are accepted and rejected as before.
func TestMigration11KeepsSchema10Projects(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "v10.inkspan")
	docs := makeV10Project(t, path)

	raw := rawOpen(t, path)
	before := takeSnapshot(t, raw, nil)
	for table, n := range map[string]int{"documents": 3, "annotators": 3, "annotation_sets": 5, "spans": 5,
		"suggestions": 4, "reviews": 1, "review_rejections": 1, "disagreement": 1} {
		if got := len(before.rows[table]); got != n {
			t.Fatalf("the schema-10 project has %d rows in %s, want %d", got, table, n)
		}
	}
	if cols := before.columns["annotation_sets"]; slices.Contains(cols, "answer") {
		t.Fatalf("schema 10 already has answers: %v", cols)
	}
	must(t, raw.Close())

	// Merging the schema-10 file as it is, read-only: its sets come with
	// no answer and no hashes, and the file stays at schema 10.
	other := mergeOpenAt(t, filepath.Join(dir, "current.inkspan"), 1)
	if r := mustMerge(t, other, path); r.SetsAdded != 5 || r.SpansAdded != 5 {
		t.Fatalf("merging the schema-10 file: %+v", r)
	}
	if v := userVersion(t, path); v != 10 {
		t.Fatalf("merging it changed its schema to %d", v)
	}
	for _, a := range exportedAnnotations(t, other) {
		if a.Answer != "" || a.InputHash != nil || a.TaskHash != nil {
			t.Fatalf("a set merged from schema 10 has %q %v %v", a.Answer, a.InputHash, a.TaskHash)
		}
	}

	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := userVersion(t, path); v != storage.SchemaVersion() || v < 11 {
		t.Fatalf("user_version = %d after opening, want %d", v, storage.SchemaVersion())
	}

	raw = rawOpen(t, path)
	after := takeSnapshot(t, raw, before.columns)
	// Every table, index and trigger is still there: rebuilding a table
	// drops its indexes and triggers with it.
	for _, o := range before.objects {
		if !slices.Contains(after.objects, o) {
			t.Errorf("%s is gone after the migration: %v", o, after.objects)
		}
	}
	for table, rows := range before.rows {
		got := after.rows[table]
		if table == "settings" {
			// An open project's writes may sit in its -wal file, which
			// settings.wal_pending records (durable.go); every other
			// setting stays.
			rows = dropSetting(rows, "wal_pending")
			got = dropSetting(got, "wal_pending")
		}
		if !slices.Equal(got, rows) {
			t.Errorf("%s changed in the migration:\nbefore\n  %s\nafter\n  %s", table,
				strings.Join(rows, "\n  "), strings.Join(got, "\n  "))
		}
	}
	// Old sets have no answer and no hashes, as sets made in Inkspan.
	got := tableRows(t, raw, "annotation_sets", []string{"answer", "input_hash", "task_hash"})
	if len(got) != 5 || slices.ContainsFunc(got, func(r string) bool {
		return r != "answer=string: input_hash=<nil>:<nil> task_hash=<nil>:<nil> "
	}) {
		t.Fatalf("answers and hashes of the old sets: %q", got)
	}
	// The rebuilt suggestions table has the key and columns it had, and
	// the model's confidence schema 16 adds.
	if got, want := tableColumns(t, raw, "suggestions"), append(slices.Clone(before.columns["suggestions"]), "confidence"); !slices.Equal(got, want) {
		t.Fatalf("suggestions columns %v, want %v", got, want)
	}
	var key string
	if err := raw.QueryRow(`SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('suggestions') WHERE pk > 0 ORDER BY pk)`).Scan(&key); err != nil {
		t.Fatal(err)
	}
	if key != "document_id,annotator_id,start,end,label_id" {
		t.Fatalf("suggestions key %s", key)
	}
	checkForeignKeys(t, raw)
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}

	// The old suggestions behave: anna's two pending ones are offered (the
	// rejected one not), accepting gives a span with the suggestion's ID,
	// rejecting hides it; bob's is his alone.
	list, err := db.Suggestions(ctx, docs[0], "anna")
	if err != nil {
		t.Fatal(err)
	}
	if got := suggestionList(list); got != "21-27 PLACE "+v10SugPlace+" patterns | 29-31 FIGURE "+v10SugFigure+" figures" {
		t.Fatalf("anna's suggestions after the migration: %s", got)
	}
	if _, err := db.AcceptSuggestion(ctx, docs[0], "anna", v10SugRejected); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("accepting the rejected suggestion: %v", err)
	}
	accepted, err := db.AcceptSuggestion(ctx, docs[0], "anna", v10SugPlace)
	if err != nil {
		t.Fatal(err)
	}
	spansNow, err := db.Spans(ctx, docs[0], "anna")
	if err != nil {
		t.Fatal(err)
	}
	if accepted.ID != v10SugPlace || !slices.ContainsFunc(spansNow, func(s model.Span) bool {
		return s.ID == v10SugPlace && s.Start == 21 && s.End == 27 && s.Label == "PLACE" && s.Origin == model.OriginSuggestion
	}) || len(spansNow) != 2 {
		t.Fatalf("accepted %+v; anna's spans %+v", accepted, spansNow)
	}
	must(t, db.RejectSuggestion(ctx, docs[0], "anna", v10SugFigure))
	if list, err := db.Suggestions(ctx, docs[0], "anna"); err != nil || len(list) != 0 {
		t.Fatalf("suggestions after accepting one and rejecting the other: %+v, %v", list, err)
	}
	if list, err := db.Suggestions(ctx, docs[1], "bob"); err != nil || suggestionList(list) != "0-6 PLACE "+v10SugBob+" dictionary" {
		t.Fatalf("bob's suggestions: %+v, %v", list, err)
	}
	var rejected int
	if err := raw.QueryRow("SELECT count(*) FROM suggestions WHERE rejected = 1").Scan(&rejected); err != nil || rejected != 2 {
		t.Fatalf("%d rejected suggestions kept, want the old one and the new: %v", rejected, err)
	}
	// The new source is allowed: an imported prediction is a suggestion.
	imported := model.Suggestion{ID: "01937a2e-0000-7000-8000-00000000a005", Start: 10, End: 17, Label: "PLACE", Source: model.SourceImport}
	must(t, db.RestoreSuggestion(ctx, docs[0], "anna", imported))
	if list, err := db.Suggestions(ctx, docs[0], "anna"); err != nil || suggestionList(list) != "10-17 PLACE "+imported.ID+" import" {
		t.Fatalf("an imported suggestion after the migration: %+v, %v", list, err)
	}

	// The review and its rejection are there as the reviewer left them.
	if rv, err := db.Review(ctx, docs[0]); err != nil || rv.Reviewer != "rita" {
		t.Fatalf("review %+v, %v", rv, err)
	}
	if rj, err := db.Rejections(ctx, docs[0]); err != nil || spanList(rj) != "10-17 ACTOR" {
		t.Fatalf("review rejections %+v, %v", rj, err)
	}
	// The old sets export with no answer and no hashes: the Prodigy writer
	// derives the answer from the status.
	for _, a := range exportedAnnotations(t, db) {
		if a.Answer != "" || a.InputHash != nil || a.TaskHash != nil {
			t.Fatalf("an old set exports with %q %v %v", a.Answer, a.InputHash, a.TaskHash)
		}
	}
	// And a set can now take an answer: an import of a Prodigy record
	// fills the answer and hashes of an old set.
	rec := rec(1, v10Doc3, "bob", nil)
	rec.Annotated, rec.Answer, rec.InputHash, rec.TaskHash = true, "ignore", hash(-5), hash(6)
	if _, err := app.Import(ctx, db, records(rec), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(exportedAnnotations(t, db), func(a formats.Annotation) bool { return a.Document.Text == v10Doc3 })
	if a := exportedAnnotations(t, db)[max(i, 0)]; i < 0 || a.Annotator != "bob" || a.Answer != "ignore" ||
		a.InputHash == nil || *a.InputHash != -5 || a.TaskHash == nil || *a.TaskHash != 6 {
		t.Fatalf("the imported answer on the migrated project: %+v", a)
	}
	checkForeignKeys(t, raw)
}

func dropSetting(rows []string, key string) []string {
	return slices.DeleteFunc(slices.Clone(rows), func(r string) bool {
		return strings.HasPrefix(r, "key=string:"+key+" ")
	})
}

// checkForeignKeys fails the test when any row points at a row that is
// not there.
func checkForeignKeys(t *testing.T, raw *sql.DB) {
	t.Helper()
	rows, err := raw.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			t.Fatal(err)
		}
		t.Errorf("foreign key %d of %s row %v points at no %s row", fk, table, rowid, parent)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// spanList prints spans as "start-end LABEL [id source]", joined by " | ".
func spanList(spans []model.Span) string {
	var out []string
	for _, s := range spans {
		line := fmt.Sprintf("%d-%d %s", s.Start, s.End, s.Label)
		if s.ID != "" {
			line += " " + s.ID + " " + s.Note
		}
		out = append(out, line)
	}
	return strings.Join(out, " | ")
}

func exportedAnnotations(t *testing.T, db *storage.DB) []formats.Annotation {
	t.Helper()
	var got []formats.Annotation
	err := db.Export(context.Background(), storage.ExportQuery{}, func(a *formats.Annotation) error {
		got = append(got, *a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 {
		t.Fatal("nothing exported")
	}
	return got
}
