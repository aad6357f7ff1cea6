package storage_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// The texts of the suggestion tests: accents, a two-code-point flag and
// an emoji before the names, so that offsets in bytes or UTF-16 would
// show.
const (
	sgTextA = "🇹🇷 Erdoğan met Putin in Moscow; 34 soldiers died near Idlib, and Idlibi farmers fled."
	sgTextB = "In Moscow 😀 officials said more than 200 people left Idlib for Ankara."
)

// suggestionList renders suggestions as spanList renders spans, with the
// source where spanList has the note.
func suggestionList(list []model.Suggestion) string {
	spans := make([]model.Span, len(list))
	for i, s := range list {
		spans[i] = s.Span()
		spans[i].Note = string(s.Source)
	}
	return spanList(spans)
}

// sgMatcher is a matcher for the tests' phrases.
func sgMatcher(tb testing.TB, patterns ...string) *suggest.Matcher {
	tb.Helper()
	var list []suggest.Pattern
	for _, p := range patterns {
		label, phrase, _ := strings.Cut(p, ":")
		list = append(list, suggest.Pattern{Label: label, Phrase: phrase})
	}
	m, err := suggest.NewMatcher(list)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// sgShow renders spans as "text/LABEL" (with what Note has, where it has
// something), reading the text by code-point offsets.
func sgShow(tb testing.TB, db *storage.DB, doc string, spans []model.Span) string {
	tb.Helper()
	d, err := db.Document(context.Background(), doc)
	if err != nil {
		tb.Fatal(err)
	}
	offsets := model.NewOffsets(d.Text)
	var out []string
	for _, s := range spans {
		item := offsets.Slice(s.Start, s.End) + "/" + s.Label
		if s.Note != "" {
			item += "/" + s.Note
		}
		out = append(out, item)
	}
	return strings.Join(out, " ")
}

// sgSuggestions lists a document's pending suggestions, rendered.
func sgSuggestions(tb testing.TB, db *storage.DB, doc, annotator string) string {
	tb.Helper()
	list, err := db.Suggestions(context.Background(), doc, annotator)
	if err != nil {
		tb.Fatal(err)
	}
	return sgShowSuggestions(tb, db, doc, list)
}

// sgShowSuggestions renders suggestions as "text/LABEL/source".
func sgShowSuggestions(tb testing.TB, db *storage.DB, doc string, list []model.Suggestion) string {
	tb.Helper()
	spans := make([]model.Span, len(list))
	for i, s := range list {
		if s.ID == "" || s.Source == "" || s.Created.IsZero() {
			tb.Fatalf("suggestion %+v", s)
		}
		spans[i] = s.Span()
		spans[i].Note = string(s.Source)
	}
	return sgShow(tb, db, doc, spans)
}

// sgSpans lists an annotator's spans on a document, rendered, with origins.
func sgSpans(tb testing.TB, db *storage.DB, doc, annotator string) string {
	tb.Helper()
	list, err := db.Spans(context.Background(), doc, annotator)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range list {
		list[i].Note = string(list[i].Origin)
	}
	return sgShow(tb, db, doc, list)
}

// sgSpanOf returns a span over the first occurrence of phrase in text.
func sgSpanOf(tb testing.TB, text, phrase, label string) model.Span {
	tb.Helper()
	i := strings.Index(text, phrase)
	if i < 0 {
		tb.Fatalf("%q is not in %q", phrase, text)
	}
	start := model.RuneLen(text[:i])
	return model.Span{Start: start, End: start + model.RuneLen(phrase), Label: label}
}

func sgWantStatus(tb testing.TB, db *storage.DB, doc, annotator string, want model.Status) {
	tb.Helper()
	if got, err := db.Status(context.Background(), doc, annotator); err != nil || got != want {
		tb.Fatalf("status = %s (%v), want %s", got, err, want)
	}
}

func sgCheck(tb testing.TB, what, got, want string) {
	tb.Helper()
	if got != want {
		tb.Fatalf("%s:\n got %s\nwant %s", what, got, want)
	}
}

func TestSuggest(t *testing.T) {
	ctx := context.Background()
	t.Run("PatternsAndFigures", func(t *testing.T) {
		db := mustOpen(t)
		a, b := mustAddDocument(t, db, sgTextA), mustAddDocument(t, db, sgTextB)
		mustAddDocument(t, db, "Nothing to see here.")
		var calls []string
		report, err := app.Suggest(ctx, db, "alice", app.SuggestRun{
			Matcher: sgMatcher(t, "PLACE:Moscow", "PLACE:Idlib", "ACTOR:Erdoğan", "ACTOR:Putin", "ORG:Putin", "ORG:Ankara"),
			Figures: true,
		}, func(done, total int) { calls = append(calls, fmt.Sprint(done, "/", total)) })
		if err != nil {
			t.Fatal(err)
		}
		// "Idlib" is not found inside "Idlibi"; where two patterns give the
		// same words and the project forbids overlaps, one is suggested
		// (suggest.Resolve's choice).
		sgCheck(t, "suggestions on A", sgSuggestions(t, db, a, "alice"),
			"Erdoğan/ACTOR/patterns Putin/ACTOR/patterns Moscow/PLACE/patterns 34/FIGURE/figures Idlib/PLACE/patterns")
		sgCheck(t, "suggestions on B", sgSuggestions(t, db, b, "alice"),
			"Moscow/PLACE/patterns more than 200/FIGURE/figures Idlib/PLACE/patterns Ankara/ORG/patterns")
		if report.Documents != 3 || report.Touched != 2 || report.Added != 9 {
			t.Fatalf("report %+v", report)
		}
		if fmt.Sprint(report.ByLabel) != "map[ACTOR:2 FIGURE:2 ORG:1 PLACE:4]" || fmt.Sprint(report.BySource) != "map[figures:2 patterns:7]" {
			t.Fatalf("counts %v %v", report.ByLabel, report.BySource)
		}
		if fmt.Sprint(report.LabelsAdded) != "[ORG]" {
			t.Fatalf("labels added %v", report.LabelsAdded)
		}
		if labels, _ := db.Labels(ctx); labels[len(labels)-1].Name != "ORG" {
			t.Fatalf("labels %v", labels)
		}
		if fmt.Sprint(calls) != "[3/3]" {
			t.Fatalf("progress calls %v", calls)
		}
		// Suggestions are not the annotator's spans, and touch no status.
		if spans, _ := db.Spans(ctx, a, "alice"); len(spans) != 0 {
			t.Fatalf("spans %v", spans)
		}
		sgWantStatus(t, db, a, "alice", model.StatusTodo)
		if other := sgSuggestions(t, db, a, "bob"); other != "" {
			t.Fatalf("bob sees %s", other)
		}

		// Again: nothing is stored twice.
		again, err := app.Suggest(ctx, db, "alice", app.SuggestRun{Matcher: sgMatcher(t, "PLACE:Moscow", "PLACE:Ankara"), Figures: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if again.Added != 1 || again.Touched != 1 || again.ByLabel["PLACE"] != 1 {
			t.Fatalf("second run %+v", again)
		}
		// Ankara/PLACE joins Ankara/ORG: pending suggestions may overlap.
		sgCheck(t, "B after the second run", sgSuggestions(t, db, b, "alice"),
			"Moscow/PLACE/patterns more than 200/FIGURE/figures Idlib/PLACE/patterns Ankara/ORG/patterns Ankara/PLACE/patterns")
	})

	t.Run("ConflictsWithSpansSkipped", func(t *testing.T) {
		db := mustOpen(t)
		a := mustAddDocument(t, db, sgTextA)
		// alice has "Erdoğan met" (overlaps Erdoğan) and Moscow already.
		for _, sp := range []model.Span{sgSpanOf(t, sgTextA, "Erdoğan met", "ACTOR"), sgSpanOf(t, sgTextA, "Moscow", "PLACE")} {
			if _, err := db.AddSpan(ctx, a, "alice", sp); err != nil {
				t.Fatal(err)
			}
		}
		run := app.SuggestRun{Matcher: sgMatcher(t, "PLACE:Moscow", "ACTOR:Erdoğan", "PLACE:Idlib"), Figures: true}
		if _, err := app.Suggest(ctx, db, "alice", run, nil); err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "without overlaps", sgSuggestions(t, db, a, "alice"), "34/FIGURE/figures Idlib/PLACE/patterns")
		// bob has no spans: he gets everything.
		if _, err := app.Suggest(ctx, db, "bob", run, nil); err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "bob", sgSuggestions(t, db, a, "bob"), "Erdoğan/ACTOR/patterns Moscow/PLACE/patterns 34/FIGURE/figures Idlib/PLACE/patterns")

		// Where the project allows overlaps, only duplicates are left out.
		db2 := mustOpen(t)
		if err := db2.SetSettings(ctx, model.Settings{AllowOverlap: true}); err != nil {
			t.Fatal(err)
		}
		a2 := mustAddDocument(t, db2, sgTextA)
		for _, sp := range []model.Span{sgSpanOf(t, sgTextA, "Erdoğan met", "ACTOR"), sgSpanOf(t, sgTextA, "Moscow", "PLACE")} {
			if _, err := db2.AddSpan(ctx, a2, "alice", sp); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := app.Suggest(ctx, db2, "alice", run, nil); err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "with overlaps", sgSuggestions(t, db2, a2, "alice"), "Erdoğan/ACTOR/patterns 34/FIGURE/figures Idlib/PLACE/patterns")
	})

	t.Run("DictionaryLearnsFromOtherDocuments", func(t *testing.T) {
		db := mustOpen(t)
		a, b := mustAddDocument(t, db, sgTextA), mustAddDocument(t, db, sgTextB)
		// alice labeled Idlib and Moscow in B, and in C Moscow once as
		// ACTOR, once as PLACE: PLACE wins, two to one.
		for _, sp := range []model.Span{sgSpanOf(t, sgTextB, "Idlib", "PLACE"), sgSpanOf(t, sgTextB, "Moscow", "PLACE")} {
			if _, err := db.AddSpan(ctx, b, "alice", sp); err != nil {
				t.Fatal(err)
			}
		}
		c := mustAddDocument(t, db, "Moscow and Idlib; Moscow again.")
		for _, sp := range []model.Span{{Start: 0, End: 6, Label: "ACTOR"}, {Start: 18, End: 24, Label: "PLACE"}} {
			if _, err := db.AddSpan(ctx, c, "alice", sp); err != nil {
				t.Fatal(err)
			}
		}
		report, err := app.Suggest(ctx, db, "alice", app.SuggestRun{Dictionary: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "A", sgSuggestions(t, db, a, "alice"), "Moscow/PLACE/dictionary Idlib/PLACE/dictionary")
		sgCheck(t, "B (already labeled)", sgSuggestions(t, db, b, "alice"), "")
		sgCheck(t, "C", sgSuggestions(t, db, c, "alice"), "Idlib/PLACE/dictionary")
		if report.BySource[model.SourceDictionary] != 3 || len(report.BySource) != 1 {
			t.Fatalf("report %+v", report)
		}
		// bob learns nothing from alice.
		if r, err := app.Suggest(ctx, db, "bob", app.SuggestRun{Dictionary: true}, nil); err != nil || r.Added != 0 {
			t.Fatalf("bob: %+v %v", r, err)
		}
	})

	t.Run("Accept", func(t *testing.T) {
		db := mustOpen(t)
		a, b := mustAddDocument(t, db, sgTextA), mustAddDocument(t, db, sgTextB)
		if err := db.SetStatus(ctx, b, "alice", model.StatusDone); err != nil {
			t.Fatal(err)
		}
		report, err := app.Suggest(ctx, db, "alice", app.SuggestRun{Matcher: sgMatcher(t, "PLACE:Moscow"), Figures: true, Accept: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if report.Added != 4 || report.Touched != 2 {
			t.Fatalf("report %+v", report)
		}
		sgCheck(t, "A's spans", sgSpans(t, db, a, "alice"), "Moscow/PLACE/suggestion 34/FIGURE/suggestion")
		sgCheck(t, "B's spans", sgSpans(t, db, b, "alice"), "Moscow/PLACE/suggestion more than 200/FIGURE/suggestion")
		sgCheck(t, "no suggestions", sgSuggestions(t, db, a, "alice"), "")
		sgWantStatus(t, db, a, "alice", model.StatusInProgress)
		sgWantStatus(t, db, b, "alice", model.StatusDone)
		// Accepting again adds nothing.
		if again, err := app.Suggest(ctx, db, "alice", app.SuggestRun{Matcher: sgMatcher(t, "PLACE:Moscow"), Accept: true}, nil); err != nil || again.Added != 0 {
			t.Fatalf("again: %+v %v", again, err)
		}
	})

	t.Run("ErrNoSource", func(t *testing.T) {
		db := mustOpen(t)
		if _, err := app.Suggest(ctx, db, "alice", app.SuggestRun{Accept: true}, nil); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("err = %v", err)
		}
		if _, err := app.Suggest(ctx, db, "", app.SuggestRun{Figures: true}, nil); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("CancelKeepsWholeDocuments", func(t *testing.T) {
		db := mustOpen(t)
		const n = 2500 // three batches
		var items []any
		for i := range n {
			items = append(items, &formats.Record{Text: fmt.Sprintf("Dispatch %d: 34 soldiers and 15 civilians left Idlib.", i), ExternalID: fmt.Sprint(i)})
		}
		if _, err := app.Import(ctx, db, records(items...), app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		report, err := app.Suggest(cctx, db, "alice", app.SuggestRun{Figures: true}, func(done, total int) { cancel() })
		if err == nil || report.Documents == 0 || report.Documents == n {
			t.Fatalf("cancelled run: %+v, %v", report, err)
		}
		// Every document done has all its suggestions; no other has any.
		docs, err := db.Documents(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		withAll := 0
		for _, d := range docs {
			switch got, _ := db.Suggestions(ctx, d.ID, "alice"); len(got) {
			case 2: // 34, 15 ("Dispatch 7" is a name, not a figure)
				withAll++
			case 0:
			default:
				t.Fatalf("document %s has %d suggestions", d.ExternalID, len(got))
			}
		}
		if withAll != report.Documents || report.Added != 2*report.Documents {
			t.Fatalf("%d documents have suggestions; report %+v", withAll, report)
		}
	})
}

// sgSuggested stores suggestions for alice on a new project's documents
// A and B and returns the project and the documents.
func sgSuggested(t *testing.T) (db *storage.DB, a, b string) {
	t.Helper()
	db = mustOpen(t)
	a, b = mustAddDocument(t, db, sgTextA), mustAddDocument(t, db, sgTextB)
	run := app.SuggestRun{Matcher: sgMatcher(t, "PLACE:Moscow", "PLACE:Idlib", "ACTOR:Erdoğan", "ACTOR:Erdoğan met Putin"), Figures: true}
	if _, err := app.Suggest(context.Background(), db, "alice", run, nil); err != nil {
		t.Fatal(err)
	}
	return db, a, b
}

// sgFind returns alice's pending suggestion with the given text and label.
func sgFind(t *testing.T, db *storage.DB, doc, text, label string) model.Suggestion {
	t.Helper()
	list, err := db.Suggestions(context.Background(), doc, "alice")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := db.Document(context.Background(), doc)
	offsets := model.NewOffsets(d.Text)
	for _, s := range list {
		if offsets.Slice(s.Start, s.End) == text && s.Label == label {
			return s
		}
	}
	t.Fatalf("no suggestion %s/%s in %s", text, label, sgShowSuggestions(t, db, doc, list))
	return model.Suggestion{}
}

func TestAcceptRejectRestore(t *testing.T) {
	ctx := context.Background()
	t.Run("RoundTrip", func(t *testing.T) {
		db, a, _ := sgSuggested(t)
		const all = "Erdoğan met Putin/ACTOR/patterns Moscow/PLACE/patterns 34/FIGURE/figures Idlib/PLACE/patterns"
		sgCheck(t, "before", sgSuggestions(t, db, a, "alice"), all)
		moscow := sgFind(t, db, a, "Moscow", "PLACE")

		span, err := db.AcceptSuggestion(ctx, a, "alice", moscow.ID)
		if err != nil {
			t.Fatal(err)
		}
		if span.ID != moscow.ID || span.Origin != model.OriginSuggestion || span.Note != "" || span.Start != moscow.Start {
			t.Fatalf("accepted %+v from %+v", span, moscow)
		}
		sgCheck(t, "spans after accept", sgSpans(t, db, a, "alice"), "Moscow/PLACE/suggestion")
		sgCheck(t, "suggestions after accept", sgSuggestions(t, db, a, "alice"), "Erdoğan met Putin/ACTOR/patterns 34/FIGURE/figures Idlib/PLACE/patterns")
		sgWantStatus(t, db, a, "alice", model.StatusInProgress)
		if _, err := db.AcceptSuggestion(ctx, a, "alice", moscow.ID); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("accept twice: %v", err)
		}

		// Undo of the accept: the span goes, the suggestion comes back
		// with its ID and source.
		if err := db.UnacceptSuggestions(ctx, a, "alice", []model.Suggestion{moscow}); err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "spans after unaccept", sgSpans(t, db, a, "alice"), "")
		sgCheck(t, "suggestions after unaccept", sgSuggestions(t, db, a, "alice"), all)
		if again := sgFind(t, db, a, "Moscow", "PLACE"); again.ID != moscow.ID || !again.Created.Equal(moscow.Created) {
			t.Fatalf("restored %+v, was %+v", again, moscow)
		}
		if err := db.UnacceptSuggestions(ctx, a, "alice", []model.Suggestion{moscow}); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("unaccept twice: %v", err)
		}
		// Redo: the same span again.
		if again, err := db.AcceptSuggestion(ctx, a, "alice", moscow.ID); err != nil || again.ID != moscow.ID {
			t.Fatalf("accept again: %+v %v", again, err)
		}

		// Reject and restore.
		figure := sgFind(t, db, a, "34", "FIGURE")
		if err := db.RejectSuggestion(ctx, a, "alice", figure.ID); err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "after reject", sgSuggestions(t, db, a, "alice"), "Erdoğan met Putin/ACTOR/patterns Idlib/PLACE/patterns")
		if err := db.RejectSuggestion(ctx, a, "alice", figure.ID); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("reject twice: %v", err)
		}
		if err := db.RestoreSuggestion(ctx, a, "alice", figure); err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "after restore", sgSuggestions(t, db, a, "alice"), "Erdoğan met Putin/ACTOR/patterns 34/FIGURE/figures Idlib/PLACE/patterns")
		if err := db.RestoreSuggestion(ctx, a, "alice", figure); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("restore twice: %v", err)
		}
	})

	// A rejection is remembered: suggesting again does not offer it back,
	// and undoing the rejection does.
	t.Run("RejectedStaysRejected", func(t *testing.T) {
		db, a, _ := sgSuggested(t)
		figure := sgFind(t, db, a, "34", "FIGURE")
		if err := db.RejectSuggestion(ctx, a, "alice", figure.ID); err != nil {
			t.Fatal(err)
		}
		run := app.SuggestRun{Figures: true}
		report, err := app.Suggest(ctx, db, "alice", run, nil)
		if err != nil {
			t.Fatal(err)
		}
		if report.Added != 0 {
			t.Fatalf("a second run added %d suggestions: %+v", report.Added, report)
		}
		sgCheck(t, "after suggesting again", sgSuggestions(t, db, a, "alice"), "Erdoğan met Putin/ACTOR/patterns Moscow/PLACE/patterns Idlib/PLACE/patterns")
		if _, err := db.AcceptSuggestion(ctx, a, "alice", figure.ID); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("accepting a rejected suggestion: %v", err)
		}
		if err := db.RestoreSuggestion(ctx, a, "alice", figure); err != nil {
			t.Fatal(err)
		}
		if again := sgFind(t, db, a, "34", "FIGURE"); again.ID != figure.ID {
			t.Fatalf("restored %+v, was %+v", again, figure)
		}
	})

	t.Run("AcceptConflicts", func(t *testing.T) {
		db, a, _ := sgSuggested(t)
		// alice labels "Putin" by hand: the longer suggestion overlaps it.
		if _, err := db.AddSpan(ctx, a, "alice", sgSpanOf(t, sgTextA, "Putin", "ACTOR")); err != nil {
			t.Fatal(err)
		}
		long := sgFind(t, db, a, "Erdoğan met Putin", "ACTOR")
		if _, err := db.AcceptSuggestion(ctx, a, "alice", long.ID); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("accepting an overlap: %v", err)
		}
		// And by hand Idlib: the identical suggestion disappears from the list.
		if _, err := db.AddSpan(ctx, a, "alice", sgSpanOf(t, sgTextA, "Idlib", "PLACE")); err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "pending", sgSuggestions(t, db, a, "alice"), "Erdoğan met Putin/ACTOR/patterns Moscow/PLACE/patterns 34/FIGURE/figures")

		accepted, err := db.AcceptSuggestions(ctx, a, "alice")
		if err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "accepted all", sgShow(t, db, a, accepted), "Moscow/PLACE 34/FIGURE")
		sgCheck(t, "spans", sgSpans(t, db, a, "alice"), "Putin/ACTOR/manual Moscow/PLACE/suggestion 34/FIGURE/suggestion Idlib/PLACE/manual")
		sgCheck(t, "left", sgSuggestions(t, db, a, "alice"), "Erdoğan met Putin/ACTOR/patterns")
		if again, err := db.AcceptSuggestions(ctx, a, "alice"); err != nil || len(again) != 0 {
			t.Fatalf("accept all again: %v %v", again, err)
		}
	})

	t.Run("AcceptAllLongestFirst", func(t *testing.T) {
		db, a, b := sgSuggested(t)
		accepted, err := db.AcceptSuggestions(ctx, a, "alice")
		if err != nil {
			t.Fatal(err)
		}
		sgCheck(t, "accepted", sgShow(t, db, a, accepted), "Erdoğan met Putin/ACTOR Moscow/PLACE 34/FIGURE Idlib/PLACE")
		pending, _ := db.Suggestions(ctx, b, "alice")
		if err := db.UnacceptSuggestions(ctx, a, "alice", pending[:1]); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("unaccepting a suggestion of another document: %v", err)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		db, a, _ := sgSuggested(t)
		moscow := sgFind(t, db, a, "Moscow", "PLACE")
		for _, tc := range []struct {
			name     string
			doc, ann string
			id       string
			wantCode string
		}{
			{"UnknownID", a, "alice", "4f1c1a52-6f5c-4f0c-9d55-7a7f4e0e5b11", model.ENOTFOUND},
			{"NotAUUID", a, "alice", "moscow", model.ENOTFOUND},
			{"OtherAnnotator", a, "bob", moscow.ID, model.ENOTFOUND},
			{"UnknownDocument", "nope", "alice", moscow.ID, model.ENOTFOUND},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := db.AcceptSuggestion(ctx, tc.doc, tc.ann, tc.id); model.ErrorCode(err) != tc.wantCode {
					t.Fatalf("accept: %v", err)
				}
				if err := db.RejectSuggestion(ctx, tc.doc, tc.ann, tc.id); model.ErrorCode(err) != tc.wantCode {
					t.Fatalf("reject: %v", err)
				}
			})
		}
		bad := moscow
		bad.Source = "guess"
		if err := db.RestoreSuggestion(ctx, a, "alice", bad); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("restore with an unknown source: %v", err)
		}
		bad = moscow
		bad.End = 500
		if err := db.RestoreSuggestion(ctx, a, "alice", bad); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("restore past the text: %v", err)
		}
		bad = moscow
		bad.Label = "NOPE"
		if err := db.RestoreSuggestion(ctx, a, "alice", bad); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("restore with an unknown label: %v", err)
		}
		if err := db.RestoreSuggestion(ctx, "nope", "alice", moscow); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("restore on an unknown document: %v", err)
		}
		// Same offsets and label under a new ID: still there already.
		moved := moscow
		moved.ID = "4f1c1a52-6f5c-4f0c-9d55-7a7f4e0e5b11"
		if err := db.RestoreSuggestion(ctx, a, "alice", moved); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("restore a duplicate: %v", err)
		}
	})
}

// sgLabelAll labels all as the window does, through app.LabelAll's
// command, and returns the spans it added.
func sgLabelAll(ctx context.Context, db *storage.DB, annotator, phrase, label, except string) ([]model.LabeledSpan, error) {
	cmd := app.LabelAll(annotator, phrase, label, except)
	err := cmd.Do(ctx, db)
	return cmd.Changed(), err
}

// sgUnlabelAll removes a label from all as the window does, and returns
// the spans it deleted.
func sgUnlabelAll(ctx context.Context, db *storage.DB, annotator, phrase, label string) ([]model.LabeledSpan, error) {
	cmd := app.UnlabelAll(annotator, phrase, label)
	err := cmd.Do(ctx, db)
	return cmd.Changed(), err
}

// The history runs a step on suggestions as one write transaction, as it
// runs the plain edits: accepting under another label is an accept and a
// relabel that commit together, with one time (the clock moves a
// millisecond every time the project reads it), and a step whose last
// part fails leaves nothing of its first.
func TestSuggestionStepsAreOneTransaction(t *testing.T) {
	ctx := context.Background()
	db, a, _ := sgSuggested(t)
	tick := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	storage.SetClock(db, func() time.Time { tick = tick.Add(time.Millisecond); return tick })
	h := edit.NewHistory(db, 0)
	moscow := sgFind(t, db, a, "Moscow", "PLACE")
	before := moscow.Span()
	after := before
	after.Label = "ACTOR"
	if err := h.Do(ctx, edit.Batch("accept “Moscow” as ACTOR",
		edit.AcceptSuggestion(a, "alice", moscow, "Moscow"),
		edit.UpdateSpan(a, "alice", before, after, "Moscow"))); err != nil {
		t.Fatal(err)
	}
	sgCheck(t, "spans", sgSpans(t, db, a, "alice"), "Moscow/ACTOR/suggestion")
	sgWantStatus(t, db, a, "alice", model.StatusInProgress)
	if spans, _ := db.Spans(ctx, a, "alice"); !spans[0].Created.Equal(spans[0].Updated) {
		t.Fatalf("accepted at %v, relabeled at %v: two transactions", spans[0].Created, spans[0].Updated)
	}
	if _, err := h.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	sgCheck(t, "spans after undo", sgSpans(t, db, a, "alice"), "")
	sgWantStatus(t, db, a, "alice", model.StatusTodo)
	const all = "Erdoğan met Putin/ACTOR/patterns Moscow/PLACE/patterns 34/FIGURE/figures Idlib/PLACE/patterns"
	sgCheck(t, "suggestions after undo", sgSuggestions(t, db, a, "alice"), all)

	// Accept Moscow, then reject a suggestion that is not there: the
	// step fails, and Moscow is still suggested, not a span.
	gone := sgFind(t, db, a, "34", "FIGURE")
	gone.ID = "4f1c1a52-6f5c-4f0c-9d55-7a7f4e0e5b11"
	err := h.Do(ctx, edit.Batch("accept and reject",
		edit.AcceptSuggestion(a, "alice", moscow, "Moscow"),
		edit.RejectSuggestion(a, "alice", gone, "34")))
	if model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("err = %v", err)
	}
	sgCheck(t, "spans after the failed step", sgSpans(t, db, a, "alice"), "")
	sgCheck(t, "suggestions after the failed step", sgSuggestions(t, db, a, "alice"), all)
	sgWantStatus(t, db, a, "alice", model.StatusTodo)

	// Accept all, and its undo and redo, inside one transaction each.
	all1 := edit.AcceptAllSuggestions(a, "alice")
	if err := h.Do(ctx, all1); err != nil {
		t.Fatal(err)
	}
	sgCheck(t, "after accept all", sgSpans(t, db, a, "alice"),
		"Erdoğan met Putin/ACTOR/suggestion Moscow/PLACE/suggestion 34/FIGURE/suggestion Idlib/PLACE/suggestion")
	spans, _ := db.Spans(ctx, a, "alice")
	for _, s := range spans {
		if !s.Created.Equal(spans[0].Created) {
			t.Fatalf("accept all wrote at %v and %v: more than one transaction", spans[0].Created, s.Created)
		}
	}
	if _, err := h.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	sgCheck(t, "after undoing accept all", sgSuggestions(t, db, a, "alice"), all)
	sgWantStatus(t, db, a, "alice", model.StatusTodo)
}

func TestLabelAll(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	a := mustAddDocument(t, db, sgTextA)
	b := mustAddDocument(t, db, sgTextB)
	c := mustAddDocument(t, db, "Idlib, Idlib and Idlib-born 😀 Idlib.")
	d := mustAddDocument(t, db, "No place names here.")
	// alice has labeled Idlib in A, and "left Idlib" in B as ACTOR, which
	// an Idlib PLACE would overlap; C is done.
	if _, err := db.AddSpan(ctx, a, "alice", sgSpanOf(t, sgTextA, "Idlib", "PLACE")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSpan(ctx, b, "alice", sgSpanOf(t, sgTextB, "left Idlib", "ACTOR")); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, c, "alice", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	e := mustAddDocument(t, db, "Idlib again, after the index was built.")

	spans, docs, err := app.CountOccurrences(ctx, db, "alice", "Idlib", "PLACE")
	if err != nil {
		t.Fatal(err)
	}
	if spans != 5 || docs != 2 {
		t.Fatalf("count = %d spans in %d documents, want 5 in 2", spans, docs)
	}
	added, err := sgLabelAll(ctx, db, "alice", "Idlib", "PLACE", a)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ls := range added {
		got = append(got, fmt.Sprintf("%s %s %v", map[string]string{c: "C", e: "E"}[ls.DocumentID], sgShow(t, db, ls.DocumentID, []model.Span{ls.Span}), ls.Started))
		if ls.Span.ID == "" || ls.Span.Origin != model.OriginManual {
			t.Fatalf("added %+v", ls)
		}
	}
	sgCheck(t, "added", strings.Join(got, "; "), "C Idlib/PLACE false; C Idlib/PLACE false; C Idlib/PLACE false; C Idlib/PLACE false; E Idlib/PLACE true")
	sgCheck(t, "C", sgSpans(t, db, c, "alice"), "Idlib/PLACE/manual Idlib/PLACE/manual Idlib/PLACE/manual Idlib/PLACE/manual")
	sgCheck(t, "B untouched", sgSpans(t, db, b, "alice"), "left Idlib/ACTOR/manual")
	sgCheck(t, "D untouched", sgSpans(t, db, d, "alice"), "")
	sgWantStatus(t, db, c, "alice", model.StatusDone)
	sgWantStatus(t, db, e, "alice", model.StatusInProgress)
	if spans, docs, _ := app.CountOccurrences(ctx, db, "alice", "Idlib", "PLACE"); spans != 0 || docs != 0 {
		t.Fatalf("count after = %d, %d", spans, docs)
	}

	// Undo: exactly those spans go, and E is todo again.
	if err := db.DeleteLabeledSpans(ctx, "alice", added); err != nil {
		t.Fatal(err)
	}
	sgCheck(t, "C after undo", sgSpans(t, db, c, "alice"), "")
	sgWantStatus(t, db, e, "alice", model.StatusTodo)
	sgWantStatus(t, db, c, "alice", model.StatusDone)
	if err := db.DeleteLabeledSpans(ctx, "alice", added); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("delete twice: %v", err)
	}
	// Redo: the same spans, with their IDs.
	again, err := db.AddLabeledSpans(ctx, "alice", added)
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if again[i].Span.ID != added[i].Span.ID || again[i].Started != added[i].Started {
			t.Fatalf("re-added %+v, was %+v", again[i], added[i])
		}
	}
	if _, err := db.AddLabeledSpans(ctx, "alice", added[:1]); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("add twice: %v", err)
	}

	// Remove PLACE from every Idlib, A's included.
	removed, err := sgUnlabelAll(ctx, db, "alice", "Idlib", "PLACE")
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 6 || removed[0].DocumentID != a || removed[0].Started {
		t.Fatalf("removed %+v", removed)
	}
	sgCheck(t, "A after remove all", sgSpans(t, db, a, "alice"), "")
	sgCheck(t, "B after remove all", sgSpans(t, db, b, "alice"), "left Idlib/ACTOR/manual")
	if _, err := db.AddLabeledSpans(ctx, "alice", removed); err != nil {
		t.Fatal(err)
	}
	sgCheck(t, "A after undoing remove all", sgSpans(t, db, a, "alice"), "Idlib/PLACE/manual")

	t.Run("Errors", func(t *testing.T) {
		if _, err := sgLabelAll(ctx, db, "alice", "Idlib", "NOPE", ""); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("unknown label: %v", err)
		}
		if _, err := sgLabelAll(ctx, db, "alice", "  ", "PLACE", ""); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("blank phrase: %v", err)
		}
		if _, _, err := app.CountOccurrences(ctx, db, "alice", "Idlib", "NOPE"); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("count, unknown label: %v", err)
		}
		if _, err := sgUnlabelAll(ctx, db, "alice", "Idlib", "NOPE"); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("unlabel, unknown label: %v", err)
		}
		bad := []model.LabeledSpan{{DocumentID: d, Span: model.Span{Start: 0, End: 2, Label: "PLACE"}}, {DocumentID: d, Span: model.Span{Start: 1, End: 4, Label: "PLACE"}}}
		if _, err := db.AddLabeledSpans(ctx, "alice", bad); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("overlapping spans: %v", err)
		}
		sgCheck(t, "nothing added", sgSpans(t, db, d, "alice"), "")
	})
}

// The search index finds candidate documents; the words it cannot find
// as they are (a unit glued to a number, CJK characters, punctuation)
// must not hide a document.
func TestLabelAllWhereTheIndexSplitsDifferently(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	for _, tc := range []struct{ text, phrase string }{
		{"The convoy drove 40km north.", "km"},
		{"They can't stay.", "ca"},
		{"在北京大学 met.", "北京"},
		{"It cost $5 then.", "$"},
		{"Erdogan and Erdoğan.", "Erdoğan"},
		{"Talks on Idlib's future.", "Idlib"},
	} {
		doc := mustAddDocument(t, db, tc.text)
		if err := db.UpdateSearchIndex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		added, err := sgLabelAll(ctx, db, "alice", tc.phrase, "PLACE", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(added) != 1 || added[0].DocumentID != doc {
			t.Fatalf("%q in %q: added %+v", tc.phrase, tc.text, added)
		}
		sgCheck(t, tc.phrase, sgShow(t, db, doc, []model.Span{added[0].Span}), tc.phrase+"/PLACE")
	}
}

// suggestBenchProject imports the benchmark corpus's texts (benchCorpus:
// seed-sized dispatches, each text different) without their spans into a
// new project, through JSONL as a user would, and returns the project and
// the first text.
func suggestBenchProject(b *testing.B, n int) (*storage.DB, string) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "dispatches.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	var first string
	benchCorpus(b, n, func(i int, r benchRow) {
		if i == 0 {
			first = r.text
		}
		enc.Encode(map[string]any{"text": r.text, "id": i})
	})
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		b.Fatal(err)
	}
	db := mustOpen(b)
	reader, err := files.Open([]string{path}, formats.FormatJSONL, formats.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer reader.Close()
	if report, err := app.Import(context.Background(), db, reader, app.ImportOptions{}); err != nil || report.DocumentsAdded != n {
		b.Fatalf("import: %+v, %v", report, err)
	}
	return db, first
}

// suggestBenchPatterns is a patterns file's worth of n phrases, made
// deterministically from text the way a gazetteer looks: the names in it
// (runs of capitalized tokens, and their tails), made-up combinations of
// its capitalized words, and invented names that never occur. Labels
// rotate over PLACE, ACTOR and ORG; ORG is not a label of a new project.
func suggestBenchPatterns(text string, n int) []suggest.Pattern {
	var phrases []string
	seen := map[string]bool{}
	add := func(p string) {
		if len(phrases) < n && !seen[p] {
			seen[p] = true
			phrases = append(phrases, p)
		}
	}
	var names, run []string
	for _, tok := range tokenize.Tokenize(text) {
		if unicode.IsUpper([]rune(tok.Text)[0]) {
			run = append(run, tok.Text)
			names = append(names, tok.Text)
			continue
		}
		for k := range run {
			add(strings.Join(run[k:], " "))
		}
		run = nil
	}
	r := rand.New(rand.NewPCG(6, 30))
	for range n / 3 {
		add(names[r.IntN(len(names))] + " " + names[r.IntN(len(names))])
	}
	const letters = "aeioubdgklmnrstvz"
	for len(phrases) < n {
		var name strings.Builder
		for k := range 4 + r.IntN(6) {
			c := letters[r.IntN(len(letters))]
			if k == 0 {
				c -= 'a' - 'A'
			}
			name.WriteByte(c)
		}
		add(name.String())
	}
	labels := []string{"PLACE", "ACTOR", "ORG"}
	patterns := make([]suggest.Pattern, len(phrases))
	for i, p := range phrases {
		patterns[i] = suggest.Pattern{Label: labels[i%len(labels)], Phrase: p}
	}
	return patterns
}

// BenchmarkSuggestBulk pre-annotates the benchmark corpus (100,000
// seed-sized dispatches; INKSPAN_BENCH_DOCS overrides it) with a
// 10,000-phrase gazetteer and the FIGURE recognizer, storing the
// suggestions. Only the Suggest call is timed. The budget is 30 s on two
// cores.
func BenchmarkSuggestBulk(b *testing.B) {
	n := benchDocuments(b)
	db, text := suggestBenchProject(b, n)
	m, err := suggest.NewMatcher(suggestBenchPatterns(text, 10_000))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		// A new annotator each time, so every run finds the same work.
		report, err := app.Suggest(ctx, db, fmt.Sprintf("bench-%d", i), app.SuggestRun{Matcher: m, Figures: true}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if report.Documents != n || report.Touched != n || report.Added < 20*n {
			b.Fatalf("report %+v", report)
		}
		b.ReportMetric(float64(report.Added)/float64(n), "suggestions/doc")
	}
	b.ReportMetric(float64(n), "docs")
}
