package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

func TestListDocuments(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	var ids []string
	for _, text := range []string{"Zero about Moscow.", "One about Ankara.", "Two about Idlib.", "Three about Sochi.", "Four about Damascus."} {
		ids = append(ids, mustAddDocument(t, db, text))
	}
	db.AddSpan(ctx, ids[1], "alice", span(10, 16, "PLACE"))
	db.AddSpan(ctx, ids[2], "alice", span(0, 3, "FIGURE"))
	db.SetStatus(ctx, ids[2], "alice", model.StatusDone)
	db.SetStatus(ctx, ids[3], "alice", model.StatusSkipped)
	db.AddSpan(ctx, ids[4], "bob", span(0, 4, "FIGURE"))

	titles := func(list []model.DocumentSummary) string {
		var t []string
		for _, d := range list {
			t = append(t, strings.Fields(d.Title)[0])
		}
		return strings.Join(t, " ")
	}
	for _, tc := range []struct {
		name          string
		filter        model.DocumentFilter
		offset, limit int
		want          string
		count         int
	}{
		{"All", model.DocumentFilter{}, 0, -1, "Zero One Two Three Four", 5},
		{"Page", model.DocumentFilter{}, 1, 2, "One Two", 5},
		{"PastEnd", model.DocumentFilter{}, 9, 2, "", 5},
		{"Todo", model.DocumentFilter{Statuses: []model.Status{model.StatusTodo}}, 0, 10, "Zero Four", 2},
		{"Unfinished", model.DocumentFilter{Statuses: []model.Status{model.StatusTodo, model.StatusInProgress}}, 0, 10, "Zero One Four", 3},
		{"Finished", model.DocumentFilter{Statuses: []model.Status{model.StatusDone, model.StatusSkipped}}, 0, 10, "Two Three", 2},
		{"FinishedPage", model.DocumentFilter{Statuses: []model.Status{model.StatusDone, model.StatusSkipped}}, 1, 10, "Three", 2},
		{"InProgressWithLabel", model.DocumentFilter{Statuses: []model.Status{model.StatusInProgress}, Label: "PLACE"}, 0, 10, "One", 1},
		{"Label", model.DocumentFilter{Label: "PLACE"}, 0, 10, "One", 1},
		{"AnnotatedByBob", model.DocumentFilter{AnnotatedBy: "bob"}, 0, 10, "Four", 1},
		{"Search", model.DocumentFilter{Query: "about"}, 0, 10, "Zero One Two Three Four", 5},
		{"SearchPage", model.DocumentFilter{Query: "about"}, 3, 10, "Three Four", 5},
		{"SearchPrefix", model.DocumentFilter{Query: "Mosc"}, 0, 10, "Zero", 1},
		{"SearchAndStatus", model.DocumentFilter{Query: "about", Statuses: []model.Status{model.StatusDone, model.StatusSkipped}}, 0, 10, "Two Three", 2},
		{"SearchAndLabel", model.DocumentFilter{Query: "Ankara", Label: "PLACE"}, 0, 10, "One", 1},
		{"SearchPunctuationOnly", model.DocumentFilter{Query: "?!"}, 0, 10, "", 0},
		{"SearchNothing", model.DocumentFilter{Query: "Paris"}, 0, 10, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := db.ListDocuments(ctx, "alice", tc.filter, tc.offset, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got := titles(list); got != tc.want {
				t.Fatalf("list = %q, want %q", got, tc.want)
			}
			if n, _ := db.CountDocuments(ctx, "alice", tc.filter); n != tc.count {
				t.Fatalf("count = %d, want %d", n, tc.count)
			}
		})
	}
	// A document's position in a list is the offset that reaches it.
	for _, tc := range []struct {
		name   string
		filter model.DocumentFilter
		id     string
		want   int
	}{
		{"All", model.DocumentFilter{}, ids[3], 3},
		{"Missing", model.DocumentFilter{}, "missing", -1},
		{"Todo", model.DocumentFilter{Statuses: []model.Status{model.StatusTodo}}, ids[4], 1},
		{"NotInFilter", model.DocumentFilter{Statuses: []model.Status{model.StatusTodo}}, ids[2], -1},
		{"Finished", model.DocumentFilter{Statuses: []model.Status{model.StatusDone, model.StatusSkipped}}, ids[3], 1},
		{"NotFinished", model.DocumentFilter{Statuses: []model.Status{model.StatusDone}}, ids[0], -1},
		{"Search", model.DocumentFilter{Query: "Idlib"}, ids[2], 0},
		{"NotFound", model.DocumentFilter{Query: "Idlib"}, ids[1], -1},
		{"AnnotatedBy", model.DocumentFilter{AnnotatedBy: "bob"}, ids[4], 0},
	} {
		t.Run("Position"+tc.name, func(t *testing.T) {
			if got, err := db.ListPosition(ctx, "alice", tc.filter, tc.id); err != nil || got != tc.want {
				t.Fatalf("ListPosition = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
	// A page is the count, the first rows and the rows around the open
	// document, the same whether a search or a filter made the list.
	for _, tc := range []struct {
		name   string
		filter model.DocumentFilter
		open   string
		want   string // total, first rows / position, rows around
	}{
		{"All", model.DocumentFilter{}, ids[3], "5 Zero One / 3 Two Three"},
		{"Search", model.DocumentFilter{Query: "about"}, ids[4], "5 Zero One / 4 Four"},
		{"SearchOpenOnFirstPage", model.DocumentFilter{Query: "about"}, ids[1], "5 Zero One / 1"},
		{"SearchOpenNotListed", model.DocumentFilter{Query: "Idlib"}, ids[0], "1 Two / -1"},
		{"SearchNothingOpen", model.DocumentFilter{Query: "Sochi"}, "", "1 Three / -1"},
		{"SearchAndStatus", model.DocumentFilter{Query: "about", Statuses: []model.Status{model.StatusTodo}}, ids[4], "2 Zero Four / 1"},
		{"Status", model.DocumentFilter{Statuses: []model.Status{model.StatusTodo, model.StatusInProgress}}, ids[4], "3 Zero One / 2 Four"},
	} {
		t.Run("Page"+tc.name, func(t *testing.T) {
			page, err := db.ListPage(ctx, "alice", tc.filter, tc.open, 2)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.TrimSpace(fmt.Sprintf("%d %s / %d %s", page.Total, titles(page.First), page.Position, titles(page.Around)))
			if got != tc.want {
				t.Fatalf("page = %q, want %q", got, tc.want)
			}
		})
	}
	if _, err := db.ListPage(ctx, "alice", model.DocumentFilter{}, "", 0); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a page of no rows: %v", err)
	}

	if got, err := db.Finished(ctx, "alice"); err != nil || got != 2 {
		t.Fatalf("alice finished %d (%v), want 2: one done, one skipped", got, err)
	}
	if got, _ := db.Finished(ctx, "nobody"); got != 0 {
		t.Fatalf("an unknown annotator finished %d", got)
	}

	// The next unfinished document for alice skips done and skipped ones
	// and wraps around.
	for after, want := range map[string]string{"": ids[0], ids[0]: ids[1], ids[1]: ids[4], ids[4]: ids[0]} {
		if got, _ := db.NextUnfinished(ctx, "alice", after); got != want {
			t.Fatalf("NextUnfinished after %q = %q, want %q", after, got, want)
		}
	}
	for _, id := range ids {
		db.SetStatus(ctx, id, "carol", model.StatusDone)
	}
	if got, _ := db.NextUnfinished(ctx, "carol", ids[2]); got != "" {
		t.Fatalf("carol has finished everything, got %q", got)
	}
}

func TestNotesAndLastDocument(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, example)
	if note, _ := db.Note(ctx, doc, "alice"); note != "" {
		t.Fatalf("note = %q", note)
	}
	if err := db.SetNote(ctx, doc, "alice", "ambiguous: two Erdoğans?"); err != nil {
		t.Fatal(err)
	}
	if note, _ := db.Note(ctx, doc, "alice"); note != "ambiguous: two Erdoğans?" {
		t.Fatalf("note = %q", note)
	}
	if note, _ := db.Note(ctx, doc, "bob"); note != "" {
		t.Fatalf("bob sees alice's note: %q", note)
	}
	if last, _ := db.LastDocument(ctx, "alice"); last != "" {
		t.Fatalf("last = %q", last)
	}
	if err := db.SetLastDocument(ctx, "alice", doc); err != nil {
		t.Fatal(err)
	}
	if last, _ := db.LastDocument(ctx, "alice"); last != doc {
		t.Fatalf("last = %q, want %q", last, doc)
	}
	if err := db.SetLastDocument(ctx, "alice", "missing"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("err = %v", err)
	}
}

func TestPace(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	var ids []string
	for _, text := range []string{"One.", "Two.", "Three."} {
		ids = append(ids, mustAddDocument(t, db, text))
	}
	clock := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	storage.SetClock(db, func() time.Time { return clock })
	db.SetStatus(ctx, ids[0], "anna", model.StatusInProgress) // starts at 09:00
	clock = clock.Add(30 * time.Minute)
	db.SetStatus(ctx, ids[0], "anna", model.StatusDone)
	clock = clock.Add(30 * time.Minute)
	db.SetStatus(ctx, ids[1], "anna", model.StatusSkipped) // 2 finished by 10:00
	db.SetStatus(ctx, ids[2], "bob", model.StatusInProgress)
	pace, err := db.Pace(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := pace["anna"]; got != 2 {
		t.Fatalf("anna's pace = %v documents an hour, want 2", got)
	}
	if _, ok := pace["bob"]; ok {
		t.Fatalf("bob finished nothing but has a pace: %v", pace)
	}
}

func TestReview(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	id := mustAddDocument(t, db, "Putin met Erdoğan in Moscow.")
	r, err := db.Review(ctx, id)
	if err != nil || r.Status != model.ReviewUnreviewed || r.Reviewer != "" || !r.Updated.IsZero() {
		t.Fatalf("a new document's review = %+v, %v", r, err)
	}
	if has, _ := db.HasGold(ctx); has {
		t.Fatal("HasGold before any review")
	}
	// The gold version is an annotation set: its status is the review's.
	if _, err := db.AddSpan(ctx, id, model.GoldAnnotator, span(0, 5, "ACTOR")); err != nil {
		t.Fatal(err)
	}
	if err := db.SetReviewer(ctx, id, "rita"); err != nil {
		t.Fatal(err)
	}
	if r, _ := db.Review(ctx, id); r.Status != model.ReviewInReview || r.Reviewer != "rita" || r.Updated.IsZero() {
		t.Fatalf("after an edit: %+v", r)
	}
	db.SetStatus(ctx, id, model.GoldAnnotator, model.ReviewReviewed.Status())
	if r, _ := db.Review(ctx, id); r.Status != model.ReviewReviewed {
		t.Fatalf("after marking reviewed: %+v", r)
	}
	if has, _ := db.HasGold(ctx); !has {
		t.Fatal("HasGold after a review")
	}
	// Gold is not a person: not listed, and nobody may review under its name.
	db.AddSpan(ctx, id, "anna", span(0, 5, "ACTOR"))
	if names, _ := db.Annotators(ctx); strings.Join(names, ",") != "anna" {
		t.Fatalf("annotators = %v", names)
	}
	if err := db.SetReviewer(ctx, id, model.GoldAnnotator); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("reviewing as gold: %v", err)
	}
	if _, err := db.Review(ctx, "missing"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("review of a missing document: %v", err)
	}
	if err := db.SetReviewer(ctx, "missing", "rita"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("reviewer of a missing document: %v", err)
	}
}

func TestPeopleSpans(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	id := mustAddDocument(t, db, "Putin met Erdoğan 🇹🇷 in Moscow.")
	db.AddSpan(ctx, id, "anna", span(0, 5, "ACTOR"))
	db.AddSpan(ctx, id, "anna", span(10, 17, "ACTOR"))
	db.AddSpan(ctx, id, "bob", span(0, 5, "PLACE"))
	db.SetNote(ctx, id, "carol", "nothing to label") // a set without spans
	db.AddSpan(ctx, id, "dave", span(0, 5, "ACTOR"))
	db.SetStatus(ctx, id, "dave", model.StatusSkipped)
	db.AddSpan(ctx, id, model.GoldAnnotator, span(0, 5, "ACTOR"))
	sets, err := db.PeopleSpans(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, name := range []string{"anna", "bob", "carol", "dave", model.GoldAnnotator} {
		spans, ok := sets[name]
		if !ok {
			continue
		}
		var parts []string
		for _, s := range spans {
			parts = append(parts, fmt.Sprintf("%d-%d %s", s.Start, s.End, s.Label))
		}
		got = append(got, name+": "+strings.Join(parts, ", "))
	}
	if want := "anna: 0-5 ACTOR, 10-17 ACTOR|bob: 0-5 PLACE|carol: "; strings.Join(got, "|") != want {
		t.Fatalf("sets = %q, want %q", strings.Join(got, "|"), want)
	}
}

// The review list's disagreement filter keeps the documents whose
// annotators disagree, worst first, and follows later edits.
func TestDisagreementList(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	var ids []string
	for _, text := range []string{"Zero: Putin in Moscow.", "One: Putin in Moscow.", "Two: Putin in Moscow.", "Three: Putin in Moscow."} {
		ids = append(ids, mustAddDocument(t, db, text))
	}
	// Zero: anna and bob agree. One: they disagree on one span of two.
	// Two: they disagree on everything. Three: anna alone.
	putin, moscow := span(6, 11, "ACTOR"), span(15, 21, "PLACE")
	for _, who := range []string{"anna", "bob"} {
		db.AddSpan(ctx, ids[0], who, putin)
		db.AddSpan(ctx, ids[1], who, putin)
	}
	db.AddSpan(ctx, ids[1], "anna", moscow)
	db.AddSpan(ctx, ids[2], "anna", putin)
	db.AddSpan(ctx, ids[2], "bob", span(6, 11, "PLACE"))
	db.AddSpan(ctx, ids[3], "anna", putin)
	titles := func(list []model.DocumentSummary) string {
		var out []string
		for _, d := range list {
			out = append(out, strings.TrimSuffix(strings.Fields(d.Title)[0], ":"))
		}
		return strings.Join(out, " ")
	}
	worst := model.DocumentFilter{Disagreeing: true}
	list, err := db.ListDocuments(ctx, "rita", worst, 0, 10)
	if err != nil || titles(list) != "Two One" {
		t.Fatalf("disagreeing = %q, %v; want Two One", titles(list), err)
	}
	if n, _ := db.CountDocuments(ctx, "rita", worst); n != 2 {
		t.Fatalf("count = %d", n)
	}
	if p, _ := db.ListPosition(ctx, "rita", worst, ids[1]); p != 1 {
		t.Fatalf("position of One = %d", p)
	}
	if p, _ := db.ListPosition(ctx, "rita", worst, ids[0]); p != -1 {
		t.Fatalf("position of an agreed document = %d", p)
	}
	page, err := db.ListPage(ctx, "rita", model.DocumentFilter{Disagreeing: true, Query: "Putin"}, ids[1], 10)
	if err != nil || titles(page.First) != "Two One" || page.Position != 1 || page.Total != 2 {
		t.Fatalf("searched page = %q at %d of %d, %v", titles(page.First), page.Position, page.Total, err)
	}
	// bob comes round to anna on Two: it agrees now and leaves the list.
	spans, _ := db.Spans(ctx, ids[2], "bob")
	fixed := spans[0]
	fixed.Label = "ACTOR"
	if _, err := db.UpdateSpan(ctx, fixed); err != nil {
		t.Fatal(err)
	}
	if list, _ := db.ListDocuments(ctx, "rita", worst, 0, 10); titles(list) != "One" {
		t.Fatalf("after the fix: %q", titles(list))
	}
}

// Every change to a set moves its time on, deletions and imports included:
// merge keeps the newer set by that time, and the disagreement list
// measures again by it.
func TestSetTimeFollowsEveryChange(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "times.inkspan")
	db, err := storage.Open(ctx, path, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	text := "Putin met Erdoğan in Moscow."
	id := mustAddDocument(t, db, text)
	setTime := func() int64 {
		var ms int64
		if err := rawOpen(t, path).QueryRow(`SELECT s.updated_at FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id
			WHERE a.name = 'anna'`).Scan(&ms); err != nil {
			t.Fatal(err)
		}
		return ms
	}
	added, _ := db.AddSpan(ctx, id, "anna", span(0, 5, "ACTOR"))
	before := setTime()
	time.Sleep(5 * time.Millisecond)
	if err := db.DeleteSpan(ctx, added.ID); err != nil {
		t.Fatal(err)
	}
	afterDelete := setTime()
	if afterDelete <= before {
		t.Fatalf("deleting a span left the set's time at %d", afterDelete)
	}
	time.Sleep(5 * time.Millisecond)
	if _, err := app.Import(ctx, db, records(rec(1, text, "anna", spans(span(10, 17, "ACTOR")))), app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := setTime(); got <= afterDelete {
		t.Fatalf("importing a span into the set left its time at %d", got)
	}
}

func TestReviewRejections(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	id := mustAddDocument(t, db, "Putin met Erdoğan 🇹🇷 in Moscow.")
	erdogan := span(10, 17, "PLACE")
	if err := db.SetRejected(ctx, id, erdogan, true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRejected(ctx, id, erdogan, true); err != nil { // twice is once
		t.Fatal(err)
	}
	db.SetRejected(ctx, id, span(0, 5, "PLACE"), true)
	got, err := db.Rejections(ctx, id)
	if err != nil || len(got) != 2 || got[0].Start != 0 || got[1].Start != 10 || got[1].Label != "PLACE" {
		t.Fatalf("rejections = %+v, %v", got, err)
	}
	if err := db.SetRejected(ctx, id, erdogan, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Rejections(ctx, id); len(got) != 1 || got[0].Start != 0 {
		t.Fatalf("after taking one back: %+v", got)
	}
	if err := db.SetRejected(ctx, "missing", erdogan, true); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("unknown document: %v", err)
	}
	if err := db.SetRejected(ctx, id, span(0, 5, "NOPE"), true); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("unknown label: %v", err)
	}
}
