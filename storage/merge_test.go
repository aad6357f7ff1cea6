package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// Texts with two-byte letters and astral emoji: offsets are code points.
const (
	mergeLodz   = "Zweiter Text über Łódź: 🎉 Feier am Montag." // Łódź is [18, 22)
	mergeAnkara = "Ankara 🇹🇷 antwortete – café olé."           // Ankara is [0, 6)
	mergeBob    = "Bob’s own text: naïve résumé."              // Bob is [0, 3)
)

// mergeTime is a fixed moment plus h hours: the clock of each copy.
func mergeTime(h int) time.Time {
	return time.Date(2026, 11, 19, 8, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)
}

// mergeOpenAt opens the existing project at path with its clock stopped
// at mergeTime(h).
func mergeOpenAt(tb testing.TB, path string, h int) *storage.DB {
	tb.Helper()
	db, err := storage.Open(context.Background(), path, storage.OpenOptions{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	storage.SetClock(db, func() time.Time { return mergeTime(h) })
	tb.Cleanup(func() { db.Close() })
	return db
}

// mergeProject makes a project at path, at hour h, holding text with the
// annotator's spans, and closes it. It returns the document's UUID.
func mergeProject(tb testing.TB, path string, h int, text, annotator string, spans ...model.Span) string {
	tb.Helper()
	db := mergeOpenAt(tb, path, h)
	doc := mustAddDocument(tb, db, text)
	for _, s := range spans {
		mustSpan(tb, db, doc, annotator, s)
	}
	must(tb, db.Close())
	return doc
}

// mergeCopy copies a closed project file: an annotator's copy.
func mergeCopy(tb testing.TB, from, to string) {
	tb.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// mergeDump lists every row of a project by public identity, so two dumps
// are equal exactly when the projects hold the same content.
func mergeDump(tb testing.TB, path string) string {
	tb.Helper()
	raw := rawOpen(tb, path)
	var b strings.Builder
	for _, q := range []string{
		"SELECT name, color, key, description, position FROM labels ORDER BY position, name",
		"SELECT name, created_at FROM annotators ORDER BY name",
		"SELECT uuid, external_id, hash, meta, length, title, created_at FROM documents ORDER BY id",
		`SELECT d.uuid, a.name, s.status, s.note, s.created_at, s.updated_at, s.answer, s.input_hash, s.task_hash FROM annotation_sets s
			JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id ORDER BY d.uuid, a.name`,
		`SELECT sp.uuid, d.uuid, a.name, sp.start, sp.end, l.name, sp.note, sp.origin, sp.created_at, sp.updated_at
			FROM spans sp JOIN labels l ON l.id = sp.label_id JOIN annotation_sets s ON s.id = sp.set_id
			JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id ORDER BY sp.uuid`,
		"SELECT d.uuid, r.reviewer, r.updated_at FROM reviews r JOIN documents d ON d.id = r.document_id ORDER BY d.uuid",
		"SELECT key, value FROM settings ORDER BY key",
	} {
		rows, err := raw.Query(q)
		if err != nil {
			tb.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		if err := rows.Err(); err != nil {
			tb.Fatal(err)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

// merge merges the project file other into db: app.Merge over the file
// as storage reads it.
func merge(ctx context.Context, db *storage.DB, other string, progress func(done, total int)) (app.MergeReport, error) {
	return app.Merge(ctx, db, db.MergeSource(other), progress)
}

func mustMerge(tb testing.TB, db *storage.DB, other string) app.MergeReport {
	tb.Helper()
	r, err := merge(context.Background(), db, other, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// mustSpan adds a span and fails the test if it cannot.
func mustSpan(tb testing.TB, db *storage.DB, doc, annotator string, s model.Span) model.Span {
	tb.Helper()
	s, err := db.AddSpan(context.Background(), doc, annotator, s)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// spanTexts shows an annotator's spans as "text/LABEL", in text order.
func spanTexts(tb testing.TB, db *storage.DB, doc, annotator string) string {
	tb.Helper()
	ctx := context.Background()
	d, err := db.Document(ctx, doc)
	if err != nil {
		tb.Fatal(err)
	}
	spans, err := db.Spans(ctx, doc, annotator)
	if err != nil {
		tb.Fatal(err)
	}
	offsets := model.NewOffsets(d.Text)
	var got []string
	for _, s := range spans {
		got = append(got, offsets.Slice(s.Start, s.End)+"/"+s.Label)
	}
	return strings.Join(got, " ")
}

// documentByText finds a document's UUID by its text.
func documentByText(tb testing.TB, db *storage.DB, text string) string {
	tb.Helper()
	ctx := context.Background()
	docs, err := db.Documents(ctx, "nobody")
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range docs {
		if full, _ := db.Document(ctx, d.ID); full.Text == text {
			return d.ID
		}
	}
	tb.Fatalf("no document %q", text)
	return ""
}

// teamCopies is one project copied to two annotators and a lead, each
// then working on their own copy.
type teamCopies struct {
	dir              string
	alice, bob, lead string // the files
	d1, d2           string // documents of the shared start
	d3               string // only in alice's copy
	aliceD3Span      string // its span's UUID
}

// newTeamCopies builds the start (at hour 0), copies it and works on each
// copy: alice at hour 1, bob (who also corrects alice and reviews) at hour
// 2, the lead at hour 3.
func newTeamCopies(t *testing.T) teamCopies {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	tc := teamCopies{dir: dir, alice: filepath.Join(dir, "alice.inkspan"), bob: filepath.Join(dir, "bob.inkspan"),
		lead: filepath.Join(dir, "lead.inkspan")}
	start := filepath.Join(dir, "start.inkspan")
	db := mergeOpenAt(t, start, 0)
	tc.d1, tc.d2 = mustAddDocument(t, db, example), mustAddDocument(t, db, mergeLodz)
	mustSpan(t, db, tc.d1, "alice", span(0, 5, "ACTOR"))
	mustSpan(t, db, tc.d2, "alice", span(18, 22, "PLACE"))
	must(t, db.Close())
	for _, p := range []string{tc.alice, tc.bob, tc.lead} {
		mergeCopy(t, start, p)
	}

	a := mergeOpenAt(t, tc.alice, 1)
	mustSpan(t, a, tc.d1, "alice", span(10, 17, "ACTOR"))
	must(t, a.SetStatus(ctx, tc.d2, "alice", model.StatusDone))
	must(t, a.AddLabel(ctx, model.Label{Name: "EVENT", Color: "#336699", Key: "4", Description: "Something that happens."}))
	tc.d3 = mustAddDocument(t, a, mergeAnkara)
	tc.aliceD3Span = mustSpan(t, a, tc.d3, "alice", span(0, 6, "EVENT")).ID
	must(t, a.Close())

	b := mergeOpenAt(t, tc.bob, 2)
	mustSpan(t, b, tc.d1, "bob", span(21, 27, "PLACE"))
	mustSpan(t, b, tc.d1, "alice", span(29, 31, "FIGURE"))
	mustSpan(t, b, tc.d1, model.GoldAnnotator, span(10, 17, "ACTOR"))
	must(t, b.SetStatus(ctx, tc.d1, model.GoldAnnotator, model.StatusDone))
	must(t, b.SetReviewer(ctx, tc.d1, "rita"))
	// MISC takes ACTOR's key in bob's copy, which the lead's ACTOR keeps.
	must(t, b.UpdateLabel(ctx, "ACTOR", model.Label{Name: "ACTOR", Color: "#e4572e"}))
	must(t, b.AddLabel(ctx, model.Label{Name: "MISC", Color: "#999999", Key: "1"}))
	must(t, b.AddLabel(ctx, model.Label{Name: "EVENT", Color: "#000000", Key: "5"}))
	d4 := mustAddDocument(t, b, mergeBob)
	mustSpan(t, b, d4, "bob", span(0, 3, "MISC"))
	must(t, b.Close())

	l := mergeOpenAt(t, tc.lead, 3)
	must(t, l.SetStatus(ctx, tc.d2, "alice", model.StatusSkipped))
	must(t, l.Close())
	return tc
}

func TestMerge(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		tc := newTeamCopies(t)
		aliceBefore, _ := os.ReadFile(tc.alice)
		db := mergeOpenAt(t, tc.lead, 4)

		r := mustMerge(t, db, tc.alice)
		if r.Documents != 3 || r.DocumentsAdded != 1 || r.DocumentsExisting != 2 {
			t.Fatalf("documents: %+v", r)
		}
		if r.SetsAdded != 1 || r.SetsReplaced != 1 || r.SetsKept != 1 || r.SetsUnchanged != 0 || r.SpansAdded != 3 {
			t.Fatalf("sets: %+v", r)
		}
		if !slices.Equal(r.LabelsAdded, []string{"EVENT"}) || len(r.KeysDropped) != 0 || len(r.AnnotatorsAdded) != 0 {
			t.Fatalf("labels and annotators: %+v", r)
		}
		want := []app.MergeConflict{
			{DocumentID: tc.d1, Title: example, Annotator: "alice", TookOther: true, HereUpdated: mergeTime(0), OtherUpdated: mergeTime(1)},
			{DocumentID: tc.d2, Title: mergeLodz, Annotator: "alice", TookOther: false, HereUpdated: mergeTime(3), OtherUpdated: mergeTime(1)},
		}
		if !slices.Equal(r.Conflicts, want) {
			t.Fatalf("conflicts = %+v\nwant %+v", r.Conflicts, want)
		}
		if b, _ := os.ReadFile(tc.alice); !bytes.Equal(b, aliceBefore) {
			t.Fatal("merging changed the other file")
		}

		r = mustMerge(t, db, tc.bob)
		if r.DocumentsAdded != 1 || r.DocumentsExisting != 2 || r.SetsAdded != 3 || r.SetsReplaced != 1 || r.SetsKept != 1 || r.SpansAdded != 5 {
			t.Fatalf("bob's copy: %+v", r)
		}
		if !slices.Equal(r.LabelsAdded, []string{"MISC"}) || !slices.Equal(r.AnnotatorsAdded, []string{"bob"}) {
			t.Fatalf("bob's copy: %+v", r)
		}
		if want := []app.DroppedKey{{Label: "MISC", Key: "1", UsedBy: "ACTOR"}}; !slices.Equal(r.KeysDropped, want) {
			t.Fatalf("keys dropped = %+v", r.KeysDropped)
		}
		if len(r.Conflicts) != 2 || !r.Conflicts[0].TookOther || r.Conflicts[0].DocumentID != tc.d1 ||
			!r.Conflicts[0].HereUpdated.Equal(mergeTime(1)) || !r.Conflicts[0].OtherUpdated.Equal(mergeTime(2)) ||
			r.Conflicts[1].TookOther || r.Conflicts[1].DocumentID != tc.d2 {
			t.Fatalf("conflicts = %+v", r.Conflicts)
		}

		// The most recent version of each set won.
		for _, c := range []struct{ doc, annotator, want string }{
			{tc.d1, "alice", "Putin/ACTOR 34/FIGURE"}, // bob's correction (hour 2) over alice's (hour 1)
			{tc.d1, "bob", "Moscow/PLACE"},
			{tc.d1, model.GoldAnnotator, "Erdoğan/ACTOR"},
			{tc.d2, "alice", "Łódź/PLACE"},
			{tc.d3, "alice", "Ankara/EVENT"},
			{documentByText(t, db, mergeBob), "bob", "Bob/MISC"},
		} {
			if got := spanTexts(t, db, c.doc, c.annotator); got != c.want {
				t.Fatalf("%s on %s: %q, want %q", c.annotator, c.doc, got, c.want)
			}
		}
		if st, _ := db.Status(ctx, tc.d2, "alice"); st != model.StatusSkipped {
			t.Fatalf("alice's status on d2 = %s: the lead's later change should stay", st)
		}
		if spans, _ := db.Spans(ctx, tc.d3, "alice"); len(spans) != 1 || spans[0].ID != tc.aliceD3Span ||
			!spans[0].Created.Equal(mergeTime(1)) || spans[0].Origin != model.OriginManual {
			t.Fatalf("copied span = %+v, want UUID %s and its times kept", spans, tc.aliceD3Span)
		}
		if rv, _ := db.Review(ctx, tc.d1); rv.Status != model.ReviewReviewed || rv.Reviewer != "rita" || !rv.Updated.Equal(mergeTime(2)) {
			t.Fatalf("review = %+v", rv)
		}
		labels, _ := db.Labels(ctx)
		var names []string
		for _, l := range labels {
			names = append(names, l.Name+":"+l.Key+":"+l.Color)
		}
		if got, want := strings.Join(names, " "), "ACTOR:1:#e4572e PLACE:2:#29a19c FIGURE:3:#f0a202 EVENT:4:#336699 MISC::#999999"; got != want {
			t.Fatalf("labels = %s, want %s", got, want)
		}
		if annotators, _ := db.Annotators(ctx); !slices.Equal(annotators, []string{"alice", "bob"}) {
			t.Fatalf("annotators = %v", annotators)
		}
		must(t, db.IntegrityCheck(ctx))

		// Merging either file again changes nothing; alice's sets that lost
		// still differ and are reported again.
		before := mergeDump(t, tc.lead)
		r = mustMerge(t, db, tc.alice)
		if r.Changed() || r.DocumentsExisting != 3 || r.SetsUnchanged != 1 || r.SetsKept != 2 || r.SpansAdded != 0 || len(r.Conflicts) != 2 {
			t.Fatalf("second merge of alice's copy: %+v", r)
		}
		r = mustMerge(t, db, tc.bob)
		if r.Changed() || r.DocumentsExisting != 3 || r.SetsUnchanged != 4 || r.SetsKept != 1 || len(r.KeysDropped) != 0 {
			t.Fatalf("second merge of bob's copy: %+v", r)
		}
		if after := mergeDump(t, tc.lead); after != before {
			t.Fatalf("merging again changed the project:\n%s\nwas\n%s", after, before)
		}
	})
	t.Run("TwiceIsOnce", func(t *testing.T) {
		tc := newTeamCopies(t)
		start := filepath.Join(tc.dir, "start.inkspan")
		db := mergeOpenAt(t, start, 4)
		mustMerge(t, db, tc.bob)
		before := mergeDump(t, start)
		r := mustMerge(t, db, tc.bob)
		if r.Changed() || r.SetsUnchanged != 5 || r.SetsKept+r.SetsReplaced+r.SetsAdded != 0 || len(r.Conflicts) != 0 {
			t.Fatalf("second merge: %+v", r)
		}
		if after := mergeDump(t, start); after != before {
			t.Fatalf("merging again changed the project:\n%s\nwas\n%s", after, before)
		}
	})
	t.Run("TieKeepsThisProject", func(t *testing.T) {
		dir := t.TempDir()
		here, there := filepath.Join(dir, "here.inkspan"), filepath.Join(dir, "there.inkspan")
		doc := mergeProject(t, here, 0, example, "")
		mergeCopy(t, here, there)
		o := mergeOpenAt(t, there, 1)
		mustSpan(t, o, doc, "alice", span(0, 5, "ACTOR"))
		must(t, o.Close())
		db := mergeOpenAt(t, here, 1)
		mustSpan(t, db, doc, "alice", span(0, 5, "PLACE"))
		r := mustMerge(t, db, there)
		if r.SetsKept != 1 || len(r.Conflicts) != 1 || r.Conflicts[0].TookOther {
			t.Fatalf("report = %+v", r)
		}
		if got := spanTexts(t, db, doc, "alice"); got != "Putin/PLACE" {
			t.Fatalf("spans = %s", got)
		}
	})
	t.Run("NoteAndStatusCount", func(t *testing.T) {
		dir := t.TempDir()
		here, there := filepath.Join(dir, "here.inkspan"), filepath.Join(dir, "there.inkspan")
		doc := mergeProject(t, here, 0, example, "alice", span(0, 5, "ACTOR"))
		mergeCopy(t, here, there)
		o := mergeOpenAt(t, there, 1)
		must(t, o.SetNote(ctx, doc, "alice", "Flag ≠ place? 🤔"))
		must(t, o.SetStatus(ctx, doc, "alice", model.StatusDone))
		must(t, o.Close())
		db := mergeOpenAt(t, here, 2)
		r := mustMerge(t, db, there)
		if r.SetsReplaced != 1 || r.SpansAdded != 1 {
			t.Fatalf("report = %+v", r)
		}
		if note, _ := db.Note(ctx, doc, "alice"); note != "Flag ≠ place? 🤔" {
			t.Fatalf("note = %q", note)
		}
		if st, _ := db.Status(ctx, doc, "alice"); st != model.StatusDone {
			t.Fatalf("status = %s", st)
		}
	})
	t.Run("GoldTravelsWithItsReview", func(t *testing.T) {
		dir := t.TempDir()
		start := filepath.Join(dir, "start.inkspan")
		doc := mergeProject(t, start, 0, example, "")
		early, late := filepath.Join(dir, "early.inkspan"), filepath.Join(dir, "late.inkspan")
		for _, c := range []struct {
			path     string
			hour     int
			reviewer string
			span     model.Span
		}{{early, 1, "tom", span(0, 5, "ACTOR")}, {late, 2, "rita", span(21, 27, "PLACE")}} {
			mergeCopy(t, start, c.path)
			o := mergeOpenAt(t, c.path, c.hour)
			mustSpan(t, o, doc, model.GoldAnnotator, c.span)
			must(t, o.SetStatus(ctx, doc, model.GoldAnnotator, model.StatusInProgress))
			must(t, o.SetReviewer(ctx, doc, c.reviewer))
			must(t, o.Close())
		}
		earlyCopy := filepath.Join(dir, "early-copy.inkspan")
		mergeCopy(t, early, earlyCopy)
		// The later review replaces the earlier one, with its reviewer...
		db := mergeOpenAt(t, early, 3)
		if r := mustMerge(t, db, late); r.SetsReplaced != 1 || !r.Conflicts[0].TookOther || r.Conflicts[0].Annotator != model.GoldAnnotator {
			t.Fatalf("report = %+v", r)
		}
		if rv, _ := db.Review(ctx, doc); rv.Reviewer != "rita" || !rv.Updated.Equal(mergeTime(2)) || rv.Status != model.ReviewInReview {
			t.Fatalf("review = %+v", rv)
		}
		if got := spanTexts(t, db, doc, model.GoldAnnotator); got != "Moscow/PLACE" {
			t.Fatalf("gold = %s", got)
		}
		// ...and the earlier one does not replace the later.
		db = mergeOpenAt(t, late, 3)
		if r := mustMerge(t, db, earlyCopy); r.SetsKept != 1 {
			t.Fatalf("report = %+v", r)
		}
		if rv, _ := db.Review(ctx, doc); rv.Reviewer != "rita" {
			t.Fatalf("review = %+v", rv)
		}
	})
	t.Run("OlderSchemaWithoutReviews", func(t *testing.T) {
		dir := t.TempDir()
		old := filepath.Join(dir, "old.inkspan")
		doc := mergeProject(t, old, 1, example, model.GoldAnnotator, span(0, 5, "ACTOR"))
		raw := rawOpen(t, old)
		if _, err := raw.Exec("DROP TABLE reviews; PRAGMA user_version = 4"); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		db := mergeOpenAt(t, filepath.Join(dir, "new.inkspan"), 2)
		if r := mustMerge(t, db, old); r.DocumentsAdded != 1 || r.SetsAdded != 1 {
			t.Fatalf("report = %+v", r)
		}
		if rv, _ := db.Review(ctx, doc); rv.Reviewer != "" || rv.Status != model.ReviewInReview {
			t.Fatalf("review = %+v", rv)
		}
		if v := userVersion(t, old); v != 4 {
			t.Fatalf("the other file's schema changed to %d", v)
		}
	})
	t.Run("TakenUUIDs", func(t *testing.T) {
		// Two unrelated projects that happen to share a document and a
		// span UUID: both are kept, the incoming ones renamed.
		const docID, spanID = "01937a2e-0000-7000-8000-000000000001", "01937a2e-0000-7000-8000-000000000002"
		dir := t.TempDir()
		there := filepath.Join(dir, "there.inkspan")
		o := mergeOpenAt(t, there, 1)
		if _, _, err := o.AddDocument(ctx, model.Document{ID: docID, Text: mergeAnkara}); err != nil {
			t.Fatal(err)
		}
		mustSpan(t, o, docID, "alice", model.Span{ID: spanID, Start: 0, End: 6, Label: "PLACE"})
		must(t, o.Close())
		db := mergeOpenAt(t, filepath.Join(dir, "here.inkspan"), 2)
		if _, _, err := db.AddDocument(ctx, model.Document{ID: docID, Text: example}); err != nil {
			t.Fatal(err)
		}
		mustSpan(t, db, docID, "alice", model.Span{ID: spanID, Start: 0, End: 5, Label: "ACTOR"})
		if r := mustMerge(t, db, there); r.DocumentsAdded != 1 || r.SpansAdded != 1 {
			t.Fatalf("report = %+v", r)
		}
		doc := documentByText(t, db, mergeAnkara)
		spans, _ := db.Spans(ctx, doc, "alice")
		if doc == docID || len(spans) != 1 || spans[0].ID == spanID || spanTexts(t, db, doc, "alice") != "Ankara/PLACE" {
			t.Fatalf("incoming document %s, spans %+v", doc, spans)
		}
		if got := spanTexts(t, db, docID, "alice"); got != "Putin/ACTOR" {
			t.Fatalf("this project's spans = %s", got)
		}
	})
	t.Run("Progress", func(t *testing.T) {
		tc := newTeamCopies(t)
		db := mergeOpenAt(t, tc.lead, 4)
		var calls [][2]int
		if _, err := merge(ctx, db, tc.alice, func(done, total int) { calls = append(calls, [2]int{done, total}) }); err != nil {
			t.Fatal(err)
		}
		if want := [][2]int{{0, 3}, {1, 3}, {2, 3}, {3, 3}}; !slices.Equal(calls, want) {
			t.Fatalf("progress = %v, want %v", calls, want)
		}
	})
	t.Run("ErrOverlapHereNotAllowed", func(t *testing.T) {
		dir := t.TempDir()
		there := filepath.Join(dir, "there.inkspan")
		o := mergeOpenAt(t, there, 1)
		must(t, o.SetSettings(ctx, model.Settings{AllowOverlap: true}))
		doc := mustAddDocument(t, o, mergeAnkara)
		mustSpan(t, o, doc, "alice", span(0, 6, "PLACE"))
		mustSpan(t, o, doc, "alice", span(0, 9, "ACTOR"))
		must(t, o.Close())
		here := filepath.Join(dir, "here.inkspan")
		db := mergeOpenAt(t, here, 2)
		mustAddDocument(t, db, example)
		before := mergeDump(t, here)
		_, err := merge(ctx, db, there, nil)
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "there.inkspan") ||
			!strings.Contains(err.Error(), "overlap") || !strings.Contains(err.Error(), "alice") {
			t.Fatalf("err = %v", err)
		}
		if after := mergeDump(t, here); after != before {
			t.Fatalf("a failed merge changed the project:\n%s", after)
		}
	})
}

func TestMergeBadInput(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	here := filepath.Join(dir, "here.inkspan")
	db := mergeOpenAt(t, here, 0)
	mustSpan(t, db, mustAddDocument(t, db, example), "alice", span(0, 5, "ACTOR"))
	before := mergeDump(t, here)

	newer := filepath.Join(dir, "future.inkspan")
	mergeCopy(t, here, newer)
	raw := rawOpen(t, newer)
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	text := filepath.Join(dir, "notes.inkspan")
	must(t, os.WriteFile(text, []byte(strings.Repeat("not a database\n", 100)), 0o644))
	empty := filepath.Join(dir, "empty.inkspan")
	must(t, os.WriteFile(empty, nil, 0o644))
	otherSQLite := filepath.Join(dir, "other.db")
	raw = rawOpen(t, otherSQLite)
	if _, err := raw.Exec("CREATE TABLE t (x); PRAGMA user_version = 3"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	link := filepath.Join(dir, "link.inkspan")
	must(t, os.Symlink(here, link))
	hard := filepath.Join(dir, "hard.inkspan")
	must(t, os.Link(here, hard))
	wd, _ := os.Getwd()
	relative, err := filepath.Rel(wd, here)
	if err != nil {
		relative = here
	}

	for _, tc := range []struct {
		name, path, code, want string
	}{
		{"ErrMissing", filepath.Join(dir, "none.inkspan"), model.ENOTFOUND, "does not exist"},
		{"ErrFolder", dir, model.EINVALID, "folder"},
		{"ErrNotAProject", text, model.EINVALID, "not an Inkspan project"},
		{"ErrEmptyFile", empty, model.EINVALID, "not an Inkspan project"},
		{"ErrOtherSQLiteFile", otherSQLite, model.EINVALID, "not an Inkspan project"},
		{"ErrNewerSchema", newer, model.EINVALID, "newer Inkspan (schema version 99"},
		{"ErrItself", here, model.EINVALID, "this project itself"},
		{"ErrItselfRelative", relative, model.EINVALID, "this project itself"},
		{"ErrItselfThroughSymlink", link, model.EINVALID, "this project itself"},
		{"ErrItselfThroughHardLink", hard, model.EINVALID, "this project itself"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := merge(ctx, db, tc.path, nil)
			if model.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Fatalf("err = %v (%s), want %s naming %s and saying %q", err, model.ErrorCode(err), tc.code, tc.path, tc.want)
			}
			if r.Changed() {
				t.Fatalf("report = %+v", r)
			}
			if after := mergeDump(t, here); after != before {
				t.Fatalf("a failed merge changed the project:\n%s", after)
			}
		})
	}
	if v := userVersion(t, newer); v != 99 {
		t.Fatalf("the newer file's user_version changed to %d", v)
	}
	if b, _ := os.ReadFile(text); !strings.HasPrefix(string(b), "not a database") {
		t.Fatal("the text file was changed")
	}
}

// A copy on a read-only share or folder: SQLite cannot create the -wal and
// -shm files a WAL reader needs, and the merge reads the file as immutable.
func TestMergeFromReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		// Root writes to read-only folders: run this test again as an
		// ordinary user (nobody), from a copy of the test binary in a
		// folder that user owns.
		runAsNobody(t, "TestMergeFromReadOnlyFolder")
		return
	}
	dir := t.TempDir()
	shared := filepath.Join(dir, "share")
	must(t, os.Mkdir(shared, 0o755))
	there := filepath.Join(shared, "there.inkspan")
	mergeProject(t, there, 1, mergeAnkara, "alice", span(0, 6, "PLACE"))
	must(t, os.Chmod(shared, 0o555))
	t.Cleanup(func() { os.Chmod(shared, 0o755) })
	db := mergeOpenAt(t, filepath.Join(dir, "here.inkspan"), 2)
	if r := mustMerge(t, db, there); r.DocumentsAdded != 1 || r.SpansAdded != 1 {
		t.Fatalf("report = %+v", r)
	}
}
