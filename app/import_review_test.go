package app_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/files"
)

// The review and per-user inputs are the formats package's test files.
var (
	reviewFile  = filepath.Join("..", "model", "formats", "testdata", "prodigy-review", "ner-manual-review.jsonl")
	doccanoDir  = filepath.Join("..", "model", "formats", "testdata", "doccano-users")
	doccanoPair = []string{filepath.Join(doccanoDir, "alice.jsonl"), filepath.Join(doccanoDir, "bob.jsonl")}
)

// importPaths reads paths in format and imports them into db with opts.
func importPaths(t *testing.T, db *storage.DB, paths []string, opts app.ImportOptions) (app.ImportReport, error) {
	t.Helper()
	r, err := files.Open(paths, formats.FormatAuto, formats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return app.Import(context.Background(), db, r, opts)
}

// documentIDs maps each document's text to its ID.
func documentIDs(t *testing.T, db *storage.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	docs, err := db.Documents(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, d := range docs {
		doc, err := db.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids[doc.Text] = d.ID
	}
	return ids
}

func TestImportProdigyReview(t *testing.T) {
	ctx := context.Background()
	db, _ := mustProject(t)
	report, err := importPaths(t, db, []string{reviewFile}, app.ImportOptions{Annotator: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	if report.Records != 3 || report.DocumentsAdded != 3 || report.DocumentsExisting != 0 || report.Reviews != 3 ||
		report.ReviewVersions != 9 || report.ReviewGold != 3 || !reflect.DeepEqual(report.Reviewers, []string{"ner_news_review-carol"}) {
		t.Fatalf("report %+v", report)
	}
	lines := strings.Join(report.Summary().Lines("listed", 0), "\n")
	if !strings.Contains(lines, "3 review records: 9 annotators' versions and 3 gold versions, reviewed by ner_news_review-carol") ||
		!strings.Contains(lines, "3 records read: 3 new documents, 0 already there") || strings.Contains(lines, "not kept") {
		t.Fatalf("summary:\n%s", lines)
	}

	// Each session's version is its set, exactly; gold is the reviewer's.
	got := exported(t, db, app.ExportQuery{})
	sort.Strings(got)
	want := []string{
		"gold done ner-manual-review.jsonl#1: Putin/PERSON Erdoğan/PERSON Moscow/GPE",
		"gold done ner-manual-review.jsonl#2: Ankara/GPE Moscow/GPE Idlib/LOC",
		"gold done ner-manual-review.jsonl#3: ",
		"ner_news-alice done ner-manual-review.jsonl#1: Putin/PERSON Erdoğan/PERSON Moscow/GPE",
		"ner_news-alice done ner-manual-review.jsonl#2: Ankara/GPE Moscow/GPE",
		"ner_news-alice done ner-manual-review.jsonl#3: ",
		"ner_news-bob done ner-manual-review.jsonl#1: Putin/PERSON Erdoğan/PERSON Moscow/GPE",
		"ner_news-bob done ner-manual-review.jsonl#2: Ankara/GPE Moscow/GPE Idlib/GPE",
		"ner_news-bob done ner-manual-review.jsonl#3: ",
		"ner_news-dan done ner-manual-review.jsonl#1: Putin/PERSON Moscow/GPE",
		"ner_news-dan done ner-manual-review.jsonl#2: Ankara/GPE Moscow/GPE",
		"ner_news-dan done ner-manual-review.jsonl#3: ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sets:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ids := documentIDs(t, db)
	idlib := ids["Ankara and Moscow met in Idlib."]
	err = db.Read(ctx, func(tx app.ReadTx) error {
		rv, err := tx.Review(ctx, idlib)
		if err != nil {
			return err
		}
		if rv.Status != model.ReviewReviewed || rv.Reviewer != "ner_news_review-carol" || rv.Updated.IsZero() {
			t.Errorf("review %+v", rv)
		}
		gold, err := tx.Spans(ctx, idlib, model.GoldAnnotator)
		if err != nil {
			return err
		}
		if len(gold) != 3 || gold[2].Start != 25 || gold[2].End != 30 || gold[2].Label != "LOC" {
			t.Errorf("gold spans %+v", gold)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Agreement sees the three annotators and scores them against gold.
	r, err := app.Agreement(ctx, db, agree.Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Annotators, []string{"ner_news-alice", "ner_news-bob", "ner_news-dan"}) || len(r.Pairs) != 3 || len(r.Gold) != 3 {
		t.Fatalf("agreement: annotators %v, %d pairs, %d gold", r.Annotators, len(r.Pairs), len(r.Gold))
	}
	for _, p := range r.Pairs {
		if p.Documents != 3 {
			t.Errorf("pair %s-%s shares %d documents, want 3", p.A, p.B, p.Documents)
		}
	}
	// alice: 5 spans, all gold (gold has 6): precision 1; dan misses Erdoğan and Idlib.
	for _, g := range r.Gold {
		if g.Annotator == "ner_news-alice" && (g.Documents != 3 || g.Precision != 1) {
			t.Errorf("alice against gold: %+v", g)
		}
	}

	// The same file again adds nothing and leaves the review record as it was.
	var before model.Review
	_ = db.Read(ctx, func(tx app.ReadTx) (err error) { before, err = tx.Review(ctx, idlib); return err })
	again, err := importPaths(t, db, []string{reviewFile}, app.ImportOptions{Annotator: "anna"})
	if err != nil || again.DocumentsAdded != 0 || again.DocumentsExisting != 3 || again.SpansAdded != 0 || len(again.Reviewers) != 0 {
		t.Fatalf("second import: %+v, %v", again, err)
	}
	var after model.Review
	_ = db.Read(ctx, func(tx app.ReadTx) (err error) { after, err = tx.Review(ctx, idlib); return err })
	if !after.Updated.Equal(before.Updated) || after.Reviewer != before.Reviewer {
		t.Fatalf("review record %+v became %+v", before, after)
	}
}

// reviewRecord is a review of text: gold spans by the reviewer, and a
// version for each annotator.
func reviewRecord(line int, text, reviewer string, gold []model.Span, versions ...formats.Version) *formats.Record {
	r := rec(line, text, reviewer, gold)
	r.Review, r.Annotated, r.Answer, r.Versions = true, true, "accept", versions
	return r
}

func TestImportReviewRefusals(t *testing.T) {
	text := "Ankara and Moscow met in Idlib."
	ankara, moscow := span(0, 6, "GPE"), span(11, 17, "GPE")
	for _, c := range []struct {
		name   string
		record *formats.Record
		phrase string
	}{
		{"ReviewerGold", reviewRecord(1, text, model.GoldAnnotator, spans(ankara)), "the reviewer"},
		{"SessionTwice", reviewRecord(1, text, "carol", spans(ankara),
			formats.Version{Annotator: "alice", Spans: spans(ankara)}, formats.Version{Annotator: "alice", Spans: spans(moscow)}), "versions 1 and 2 are both alice's"},
		{"SessionGold", reviewRecord(1, text, "carol", spans(ankara), formats.Version{Annotator: model.GoldAnnotator}), "version 1"},
		// The second version's span overlaps another: under SkipInvalid
		// it is left out alone, the rest of the record kept, as for any
		// record.
		{"Overlap", reviewRecord(1, text, "carol", spans(ankara),
			formats.Version{Annotator: "alice", Spans: spans(ankara)}, formats.Version{Annotator: "bob", Spans: spans(span(0, 6, "GPE"), span(3, 9, "ORG"))}), "overlaps"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, _ := mustProject(t)
			report, err := app.Import(context.Background(), db, records(c.record), app.ImportOptions{Annotator: "anna", SkipInvalid: true})
			if err != nil {
				t.Fatal(err)
			}
			msgs := report.Summary().Skipped
			msgs = append(msgs, report.Summary().SkippedSpans...)
			if len(report.Skipped)+len(report.SkippedSpans) == 0 || !strings.Contains(strings.Join(msgs, "\n"), c.phrase) {
				t.Fatalf("skipped %v", msgs)
			}
			wantDocs := 0
			if c.name == "Overlap" {
				wantDocs = 1
			}
			if n := documentCount(t, db); n != wantDocs {
				t.Fatalf("%d documents, want %d: a refused review record leaves nothing behind", n, wantDocs)
			}
		})
	}
}

func TestImportDoccanoUsers(t *testing.T) {
	ctx := context.Background()
	t.Run("AnnotatorFromFile", func(t *testing.T) {
		db, _ := mustProject(t)
		report, err := importPaths(t, db, doccanoPair, app.ImportOptions{Annotator: "anna", AnnotatorFromFile: true})
		if err != nil {
			t.Fatal(err)
		}
		if report.DocumentsAdded != 3 || report.DocumentsExisting != 3 || report.UserFileUnlabeled != 1 || report.AnnotatedEmpty != 0 ||
			!reflect.DeepEqual(report.AnnotatorsFromFiles, []string{"alice", "bob"}) {
			t.Fatalf("report %+v", report)
		}
		if lines := strings.Join(report.Summary().Lines("listed", 0), "\n"); !strings.Contains(lines, "annotators named after their files: alice, bob") {
			t.Fatalf("summary:\n%s", lines)
		}
		got := exported(t, db, app.ExportQuery{})
		sort.Strings(got)
		want := []string{
			"alice done 1: EU/ORG German/MISC British/MISC",
			"alice done 2: Peter Blackburn/PERSON",
			"bob done 1: EU/ORG German/MISC",
			"bob done 2: Peter/PERSON",
			"bob done 3: Obama/PERSON",
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("sets:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		r, err := app.Agreement(ctx, db, agree.Options{}, false)
		if err != nil {
			t.Fatal(err)
		}
		// alice labeled nothing in text 3: the pair shares texts 1 and 2.
		if !reflect.DeepEqual(r.Annotators, []string{"alice", "bob"}) || len(r.Pairs) != 1 || r.Pairs[0].Documents != 2 || r.Pairs[0].Matched != 2 {
			t.Fatalf("agreement: %v, %+v", r.Annotators, r.Pairs)
		}
	})
	t.Run("OneAnnotator", func(t *testing.T) {
		// Without AnnotatorFromFile both files are anna's: the second's
		// other spans on the same texts are a conflict, as before.
		db, _ := mustProject(t)
		_, err := importPaths(t, db, doccanoPair, app.ImportOptions{Annotator: "anna"})
		if model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("import: %v", err)
		}
	})
}

func TestImportVersionsWithoutReview(t *testing.T) {
	// A record with versions that is not a review's result keeps its own
	// spans as its annotator's, beside each version's.
	text := "Ankara and Moscow met in Idlib."
	r := rec(1, text, "carol", spans(span(0, 6, "GPE")))
	r.Annotated, r.Versions = true, []formats.Version{{Annotator: "alice", Spans: spans(span(11, 17, "GPE"))}}
	db, _ := mustProject(t)
	report, err := app.Import(context.Background(), db, records(r), app.ImportOptions{Annotator: "anna"})
	if err != nil || report.Reviews != 0 || report.ReviewVersions != 1 || report.ReviewGold != 0 {
		t.Fatalf("report %+v, %v", report, err)
	}
	got := exported(t, db, app.ExportQuery{})
	sort.Strings(got)
	want := []string{"alice done : Moscow/GPE", "carol done : Ankara/GPE"} // the record has no external id
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("sets %q, want %q", got, want)
	}
}

func TestImportReviewBesideItsAnnotations(t *testing.T) {
	// The annotators' own datasets and the review, imported together: the
	// versions repeat what the annotators' records brought, which adds
	// nothing; a version at odds with its annotator's record is a conflict
	// like any other.
	alice := `{"text":"Putin met Erdoğan in Moscow.","spans":[{"start":0,"end":5,"label":"PERSON"},{"start":10,"end":17,"label":"PERSON"},{"start":21,"end":27,"label":"GPE"}],"answer":"accept","_session_id":"ner_news-alice"}` + "\n"
	dir := t.TempDir()
	own := filepath.Join(dir, "ner_news.jsonl")
	write := func(path, content string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(own, alice)
	db, _ := mustProject(t)
	report, err := importPaths(t, db, []string{own, reviewFile}, app.ImportOptions{Annotator: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	if report.DocumentsAdded != 3 || report.DocumentsExisting != 1 || report.SpansExisting != 3 || report.ReviewVersions != 9 {
		t.Fatalf("report %+v", report)
	}

	dan := `{"text":"Putin met Erdoğan in Moscow.","spans":[{"start":0,"end":5,"label":"PERSON"}],"answer":"accept","_session_id":"ner_news-dan"}` + "\n"
	write(own, dan)
	_, err = importPaths(t, openProject(t), []string{own, reviewFile}, app.ImportOptions{Annotator: "anna"})
	var c *app.ConflictError
	if !errors.As(err, &c) || c.Annotator != "ner_news-dan" {
		t.Fatalf("a version at odds with dan's record: %v", err)
	}
}
